"""Review documents for the app and the command line: which documents a case can have, making
one (off the GUI thread, with progress and cancel), and the register of what was made."""

from __future__ import annotations

from dhr_desk.documents import (
    ALL_CASES,
    FORMATS,
    DocumentKind,
    GeneratedFile,
    GenerationCancelled,
    GenerationRequest,
    RegisterLine,
    build_only,
    document_kinds,
    generate,
    kind_named,
    register_lines,
)
from dhr_desk.domain import Edition

__all__ = [
    "ALL_CASES",
    "FORMATS",
    "DocumentKind",
    "Edition",
    "GeneratedFile",
    "GenerationCancelled",
    "GenerationRequest",
    "RegisterLine",
    "build_only",
    "document_kinds",
    "generate",
    "kind_named",
    "register_lines",
]
