"""Review documents in Word and PDF: one document model, two renderers, marked, versioned and
registered.

Public API:
    ``document_kinds(case_kind=None) -> list[DocumentKind]`` (code, title, case_kind — None for
    the board report —, landscape); ``kind_named(code)``;
    ``GenerationRequest``, ``generate(db, request, progress=None, cancelled=None) ->
    GeneratedFile`` (``progress(fraction, message)``; ``cancelled() -> bool`` polled often);
    ``build_only(db, kind, reference, edition)`` → the document model, nothing written;
    ``register_lines(db, reference=None)`` → the register of versions and copies;
    ``check_publication(db, reference, kinds=())`` → the publication check of a case's
    published documents (findings with where they are, and the gate's conditions).
"""

from dhr_desk.documents.generate import (
    ALL_CASES,
    FORMATS,
    GeneratedFile,
    GenerationCancelled,
    GenerationRequest,
    build_only,
    generate,
)
from dhr_desk.documents.kinds import DocumentKind, document_kinds, kind_named
from dhr_desk.documents.publication_check import (
    PublicationCheck,
    check_publication,
    publication_set,
)
from dhr_desk.documents.register import RegisterLine, register_lines

__all__ = [
    "ALL_CASES",
    "FORMATS",
    "DocumentKind",
    "GeneratedFile",
    "GenerationCancelled",
    "GenerationRequest",
    "PublicationCheck",
    "RegisterLine",
    "build_only",
    "check_publication",
    "document_kinds",
    "generate",
    "kind_named",
    "publication_set",
    "register_lines",
]
