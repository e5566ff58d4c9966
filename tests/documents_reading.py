"""Open generated files the way a recipient's software would: python-docx and pypdf."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from pypdf import PdfReader

_TAG = re.compile(r"<[^>]+>")


def pdf_reader(path: Path, password: str | None = None) -> PdfReader:
    reader = PdfReader(str(path))
    if password is not None:
        reader.decrypt(password)
    return reader


def pdf_pages(path: Path, password: str | None = None) -> list[str]:
    return [page.extract_text() or "" for page in pdf_reader(path, password).pages]


def pdf_outline(path: Path) -> list[str]:
    reader = pdf_reader(path)
    titles: list[str] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def docx_parts_text(data: bytes) -> str:
    """The text of every XML part (body, headers, footers, properties), tags removed."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                xml = package.read(name).decode("utf-8")
                out.append(_TAG.sub(" ", xml))
    return "\n".join(out)


def docx_document(path: Path) -> docx.document.Document:
    return docx.Document(str(path))


def docx_headings(path: Path) -> list[tuple[str, str]]:
    document = docx_document(path)
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
