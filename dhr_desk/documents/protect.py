"""Password protection for files that leave by email: AES-256 for PDF, Office encryption for
Word (ECMA-376 agile encryption, which Word opens with the password). All in memory."""

from __future__ import annotations

import io

from dhr_desk.errors import DhrDeskError

MIN_PASSWORD = 8


class PasswordProblem(DhrDeskError):
    exit_code = 2


def check_password(password: str) -> str:
    password = password.strip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise PasswordProblem(
            f"The password must be at least {MIN_PASSWORD} characters long; nothing was written."
        )
    return password


def protect_pdf(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def protect_docx(data: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def protect(data: bytes, file_format: str, password: str) -> bytes:
    return protect_pdf(data, password) if file_format == "pdf" else protect_docx(data, password)
