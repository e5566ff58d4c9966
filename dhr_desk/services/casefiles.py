"""Case files into the database from the desktop app: each file checked completely and added
whole or not at all (as ``dhr-desk import``), with every refusal in plain words and the place in
the file named as a person would ("Person 3, date of birth"), not as a JSON path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dhr_desk.casefile import import_cases
from dhr_desk.casefile.importer import CONFIRM_HINT
from dhr_desk.casefile.spec import CASE, all_sections
from dhr_desk.records import kinds
from dhr_desk.storage.database import Database

Progress = Callable[..., None]
Cancelled = Callable[[], bool]
_STEP = re.compile(r"^(?P<name>[A-Za-z_]+)(?:\[(?P<index>\d+)\])?$")


@dataclass(frozen=True)
class FileResult:
    """What happened to one file. ``problems`` are sentences; ``confirmable`` says that every
    problem is unusual but possible, and importing it again confirmed would add the case."""

    path: Path
    imported: bool
    message: str
    reference: str | None = None
    problems: list[str] = field(default_factory=list)
    confirmable: bool = False
    records: int = 0


def _nouns() -> dict[str, str]:
    nouns = {"agencies": "agency", "case": "the case"}
    for section in all_sections():
        if section is not CASE:
            nouns.setdefault(section.name, kinds.of(section.model).noun)
    return nouns


def place_in_words(path: str) -> str:
    """A place in a case file as a person would say it: "$.people[2].date_of_birth" is
    "Person 3, date of birth"; "$" is "the file"."""
    nouns = _nouns()
    words = []
    for part in path.removeprefix("$").strip(".").split("."):
        found = _STEP.match(part)
        if not part or found is None:
            continue
        name, index = found["name"], found["index"]
        if name in nouns:
            noun = nouns[name]
            words.append(f"{noun} {int(index) + 1}" if index is not None else noun)
        else:
            words.append(name.replace("_", " ") + (f" {int(index) + 1}" if index else ""))
    text = ", ".join(words) or "the file"
    return text[:1].upper() + text[1:]


def _sentence(path: str, reason: str) -> str:
    reason = reason.removesuffix(CONFIRM_HINT).strip().rstrip(".")
    return f"{place_in_words(path)}: {reason}."


def import_files(
    db: Database,
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    confirmed: bool = False,
) -> list[FileResult]:
    """Import each case file on its own, all of it or none of it. With ``confirmed``, what is
    unusual but possible (an entry after the date of death) is accepted — only once the
    coordinator has seen it."""
    files = [Path(p) for p in paths]

    def report(done: int, total: int, message: str) -> None:
        if progress is not None:
            progress(done, total, message)

    outcomes = import_cases(db, files, report, cancelled, confirmed=confirmed)
    return [
        FileResult(
            path,
            o.imported,
            o.message.rstrip(":") + ("." if o.message.endswith(":") else ""),
            o.reference,
            [_sentence(where, reason) for where, reason in o.problems],
            o.confirmable,
            o.records,
        )
        for path, o in zip(files, outcomes, strict=True)
    ]
