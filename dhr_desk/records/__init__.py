"""The record kernel: turning typed input into model values (:mod:`.fields`), the kinds of
record a case holds (:mod:`.kinds`), adding, changing and removing records with the rules other
layers register (:mod:`.saving`), and the coordinator's settings (:mod:`.settings`).

It sits below the clocks, the documents and the case files, which all build on it, and above
the domain model; it never imports the layers above it.
"""

from dhr_desk.records import consistency  # noqa: F401 - registers the rules every save runs
from dhr_desk.records.saving import (
    add,
    add_in,
    agency_named,
    case_by_reference,
    check,
    check_version,
    delete,
    get_in,
    involve_agency,
    part_changes_after,
    part_version_in,
    refuse,
    rule,
    update,
    update_in,
    version,
    version_in,
)

__all__ = [
    "add",
    "add_in",
    "agency_named",
    "case_by_reference",
    "check",
    "check_version",
    "delete",
    "get_in",
    "involve_agency",
    "part_changes_after",
    "part_version_in",
    "refuse",
    "rule",
    "update",
    "update_in",
    "version",
    "version_in",
]
