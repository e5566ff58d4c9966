"""Password protection for files that leave by email: AES-256 for PDF, Office encryption for
Word (ECMA-376 agile encryption, which Word opens with the password). All in memory.

A protected PDF opens with the password the coordinator gives; its owner password is a separate
random one that nobody keeps, so nobody can lift the restrictions: the file can be read,
printed, copied from and read aloud, but not edited, annotated or rearranged. It is written as
PDF 1.7 (AES-256 is Adobe's extension level 8 of PDF 1.7).
"""

from __future__ import annotations

import io
import secrets

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
    import pikepdf

    allow = pikepdf.Permissions(
        accessibility=True,
        extract=True,
        print_lowres=True,
        print_highres=True,
        modify_annotation=False,
        modify_assembly=False,
        modify_form=False,
        modify_other=False,
    )
    owner = secrets.token_urlsafe(32)  # never stored: the restrictions stay
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(
            out,
            encryption=pikepdf.Encryption(user=password, owner=owner, R=6, allow=allow),
            min_version="1.7",
        )
    return out.getvalue()


def protect_docx(data: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def protect(data: bytes, file_format: str, password: str) -> bytes:
    return protect_pdf(data, password) if file_format == "pdf" else protect_docx(data, password)
