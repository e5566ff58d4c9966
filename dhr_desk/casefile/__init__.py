"""The case file: one versioned JSON format for a whole case (docs/case-file-format.md).

``export_case(session, reference)`` gives the document of one case; ``import_cases(db, paths)``
adds the cases of case files, each file checked completely and written whole or not at all.
"""

from dhr_desk.casefile.export import dumps, export_case, write_case_file
from dhr_desk.casefile.importer import (
    CaseFileRejected,
    ImportCancelled,
    ImportOutcome,
    import_cases,
    import_document,
    import_into,
)
from dhr_desk.casefile.reader import MAX_FILE_BYTES, CaseFileError
from dhr_desk.casefile.spec import FORMAT_NAME, FORMAT_VERSION

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "CaseFileError",
    "CaseFileRejected",
    "ImportCancelled",
    "ImportOutcome",
    "dumps",
    "export_case",
    "import_cases",
    "import_document",
    "import_into",
    "write_case_file",
]
