"""Move every case of a laptop's encrypted database onto the partnership's server.

Each case travels by the case file path (the export of the laptop, the import of the server),
which carries every kind of record a case holds, its register of generated documents and the
copies sent included. The whole move is one transaction on the server: every case, or none.
A case whose reference is already on the server (in any partnership) refuses the move.

The laptop's audit trail cannot be spliced into the server's: the server has its own chain,
and every record the move writes gets its own ``insert`` entry there, which ``verify``'s replay
compares with the record. So the laptop's history travels *inside* the server's trail: for each
case one entry with the action ``laptop_history`` holds, unchanged, every laptop entry of that
case (with its number, its ``prev_hash`` and its ``hash``), and one ``move`` entry names the
laptop database, the partnership and where the laptop's trail ended. Replay only replays
``insert``, ``update`` and ``delete`` entries, so the carried history is kept and hashed into
the server's chain without ever being replayed as the server's own. Before anything is read for
the move, the laptop's database must pass ``verify`` (its chain intact, every record agreeing
with it, its anchor), so what is carried is a trail known to be whole.

The laptop's database is only read: it is left as it was, to be archived.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dhr_desk.casefile import CaseFileError, CaseFileRejected, export_case, import_into
from dhr_desk.casefile.spec import CASE_SECTIONS, Section
from dhr_desk.domain import Case, Draft, GeneratedDocument, Setting
from dhr_desk.errors import ValidationError
from dhr_desk.records import kinds
from dhr_desk.services.casefiles import place_in_words
from dhr_desk.storage import audit, server_roles, store
from dhr_desk.storage.audit import AuditEntry, AuditEvent
from dhr_desk.storage.database import Database

HISTORY = "laptop_history"  # a server entry carrying one case's laptop entries
MOVE = "move"  # a server entry naming the laptop database the cases came from


@dataclass
class CaseMove:
    """One case of the laptop and what moving it means."""

    reference: str
    laptop_id: int
    records: Counter[str] = field(default_factory=Counter)  # kind (plural) → how many
    audit_entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def record_count(self) -> int:
        return sum(self.records.values())


@dataclass
class MoveReport:
    partnership: str = ""
    laptop_entries: int = 0  # the laptop's whole trail, verified before the move
    cases: list[CaseMove] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the whole move
    notes: list[str] = field(default_factory=list)  # what stays behind, and warnings
    moved: bool = False

    def every_problem(self) -> list[str]:
        return self.problems + [p for c in self.cases for p in c.problems]

    @property
    def records(self) -> int:
        return sum(c.record_count for c in self.cases)

    @property
    def audit_entries(self) -> int:
        return sum(c.audit_entries for c in self.cases)


class _RollBack(Exception):
    """Raised inside the server's unit of work to write nothing."""


# --------------------------------------------------------------------------- the laptop
@dataclass
class _Laptop:
    cases: list[tuple[CaseMove, dict[str, Any], list[dict[str, Any]]]]
    head: audit.Head
    partnership: str | None
    drafts: int
    loose_documents: int


def _plural(noun: str) -> str:
    if noun == "person":
        return "people"
    if noun.endswith("y") and not noun.endswith("ey"):
        return noun[:-1] + "ies"
    return noun if noun.endswith("learning") else noun + "s"


def count_records(document: dict[str, Any]) -> Counter[str]:
    """How many records of each kind a case file document holds (the case itself included)."""
    found: Counter[str] = Counter({"cases": 1})
    found["agencies in the case"] = sum(
        1 for a in document.get("agencies") or [] if a.get("involvement") is not None
    )

    def walk(section: Section, items: list[dict[str, Any]]) -> None:
        found[_plural(kinds.of(section.model).noun)] += len(items)
        for item in items:
            for relationship, child in section.children:
                walk(child, item.get(relationship) or [])

    for section in CASE_SECTIONS:
        value = document.get(section.name)
        items = [value] if section.single and value else (value if not section.single else [])
        walk(section, items or [])
    return +found  # kinds with none are left out


def _entry(row: AuditEntry) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.isoformat(),
        "os_user": row.os_user,
        "action": row.action,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "case_id": row.case_id,
        "changes": row.changes,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def _history(session: Session, case_id: int) -> list[dict[str, Any]]:
    """The laptop's entries of one case, from the case's own insert on (an earlier case that
    had the same number and was deleted keeps its history on the laptop)."""
    start = session.scalar(
        select(func.max(AuditEntry.id)).where(
            AuditEntry.entity == Case.__tablename__,
            AuditEntry.entity_id == str(case_id),
            AuditEntry.action == "insert",
        )
    )
    query = select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id)
    if start is not None:
        query = query.where(AuditEntry.id >= start)
    return [_entry(row) for row in session.scalars(query)]


def read_laptop(laptop: Database) -> _Laptop:
    """Every case of the laptop as a case file document with its history (one snapshot)."""
    with laptop.reading() as session:
        rows = session.execute(select(Case.id, Case.reference).order_by(Case.id)).all()
        cases = []
        for case_id, reference in rows:
            document = export_case(session, reference)
            history = _history(session, case_id)
            move = CaseMove(reference, case_id, count_records(document), len(history))
            cases.append((move, document, history))
        setting = session.get(Setting, "partnership_name")
        drafts = session.scalar(select(func.count()).select_from(Draft)) or 0
        loose = session.scalar(
            select(func.count())
            .select_from(GeneratedDocument)
            .where(GeneratedDocument.case_id.is_(None))
        )
        head = audit.read_head(session.connection())
    partnership = str(setting.value).strip() if setting is not None and setting.value else None
    return _Laptop(cases, head, partnership, drafts, loose or 0)


# --------------------------------------------------------------------------- the server
@dataclass(frozen=True)
class _SignedIn:
    name: str
    partnership: str | None
    any_partnership: bool  # an administrator, the tables' owner or a superuser
    may_add: bool


def _signed_in(session: Session) -> _SignedIn:
    row = session.execute(
        text(
            "SELECT session_user, dhr_desk_partnership(), dhr_desk_sees_all(), "
            "has_table_privilege('\"case\"', 'INSERT'), "
            "(SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user), "
            "(SELECT tableowner = session_user FROM pg_tables "
            " WHERE schemaname = current_schema() AND tablename = 'case')"
        )
    ).one()
    return _SignedIn(str(row[0]), row[1], bool(row[2] or row[4] or row[5]), bool(row[3]))


def _taken(session: Session, reference: str) -> bool:
    """Whether a reference is in use on the server, in any partnership."""
    found = session.execute(
        text("SELECT 1 FROM dhr_desk_references(:r, -1) AS t(reference) WHERE reference = :r"),
        {"r": reference},
    ).first()
    return found is not None


def _partnership_problems(
    session: Session, who: _SignedIn, partnership: str, report: MoveReport
) -> None:
    if not who.may_add:
        report.problems.append(
            f"{who.name} may not add cases on the server (an analyst reads only); sign in as "
            "a coordinator, a manager or an administrator."
        )
    elif not who.any_partnership and who.partnership is None:
        report.problems.append(
            f"{who.name} belongs to no partnership on the server, so the cases would be "
            "hidden from them; an administrator gives them one with: dhr-desk server add-user"
        )
    elif not who.any_partnership and who.partnership != partnership:
        report.problems.append(
            f"{who.name} works in the partnership '{who.partnership}', so the cases can be "
            f"moved into it only, not into '{partnership}' (an administrator can move them "
            f"into any partnership); give --partnership '{who.partnership}'."
        )
    elif who.any_partnership:
        members = session.execute(
            text(f"SELECT count(*) FROM {server_roles.MEMBERS} WHERE partnership = :p"),
            {"p": partnership},
        ).scalar()
        if not members:
            report.notes.append(
                f"No one on the server works in the partnership '{partnership}' yet: until "
                "someone is added to it (dhr-desk server add-user … --partnership "
                f"'{partnership}') only administrators see these cases."
            )


def _choose_partnership(explicit: str | None, laptop: _Laptop, who: _SignedIn) -> str:
    chosen = explicit or laptop.partnership or who.partnership
    if not chosen:
        raise ValidationError(
            "Which partnership the cases belong to on the server is not known: give "
            "--partnership NAME (the name the server's people are added under)."
        )
    return server_roles.check_partnership(chosen)


def _move_case(
    session: Session,
    case: CaseMove,
    document: dict[str, Any],
    history: list[dict[str, Any]],
    partnership: str,
    origin: dict[str, Any],
) -> None:
    """Write one case in a savepoint; its problems are noted and it is rolled back alone."""
    savepoint = session.begin_nested()
    try:
        source = {**origin, "laptop_case_id": case.laptop_id}
        new = import_into(
            session,
            document,
            case.reference,
            source=source,
            confirmed=True,
            partnership=partnership,
        )
        session.info.pop("casefile_records", None)
        audit.record(
            session,
            AuditEvent(
                HISTORY,
                Case.__tablename__,
                str(new.id),
                new.id,
                {**source, "reference": case.reference, "entries": history},
            ),
        )
        savepoint.commit()
    except CaseFileRejected as exc:
        savepoint.rollback()
        case.problems += [
            f"{case.reference}: {place_in_words(path)}: {reason.rstrip('.')}."
            for path, reason in exc.problems
        ]
    except (CaseFileError, ValidationError) as exc:
        savepoint.rollback()
        case.problems.append(f"{case.reference}: {exc}")
    except DBAPIError as exc:
        savepoint.rollback()
        from dhr_desk.storage.server import translate

        plain = translate(exc)
        why = str(plain) if plain is not exc else str(exc.orig).splitlines()[0]
        case.problems.append(f"{case.reference}: the server refused it ({why}).")


def move_to_server(
    laptop: Database,
    laptop_name: str,
    target: Database,
    *,
    partnership: str | None = None,
    check_only: bool = False,
) -> MoveReport:
    """Move every case of ``laptop`` onto ``target`` (a server) in one transaction; with
    ``check_only`` everything is written and then rolled back. Every problem is in the
    report; nothing is written unless there is none."""
    if not target.is_server:
        raise ValidationError(
            "Cases are moved onto the partnership's server: give --database-url "
            "postgresql://name@server/database, or connect with: dhr-desk server connect URL"
        )
    report = MoveReport()
    checked = store.verify(laptop)
    if not checked.ok:
        report.problems += [
            f"This computer's database does not pass verify ({name}: {detail}); nothing is "
            "moved from a database whose history cannot be trusted."
            for name, detail in checked.failures()
        ]
        return report
    found = read_laptop(laptop)
    report.laptop_entries = found.head.entries
    report.cases = [c for c, _d, _h in found.cases]
    if found.drafts:
        report.notes.append(
            f"{found.drafts} unsaved edit{'s' if found.drafts != 1 else ''} (drafts) stay on "
            "this computer: save or discard them in the app before moving to carry them."
        )
    if found.loose_documents:
        report.notes.append(
            f"{found.loose_documents} generated document{'s' if found.loose_documents != 1 else ''}"
            " not filed under a case (reports across cases) stay in this computer's register."
        )
    origin = {
        "moved_from": "laptop",
        "laptop_database": laptop_name,
        "laptop_trail": {"entries": found.head.entries, "hash": found.head.hash},
    }
    try:
        with target.session() as session:
            who = _signed_in(session)
            report.partnership = _choose_partnership(partnership, found, who)
            _partnership_problems(session, who, report.partnership, report)
            if not report.problems:
                for case, document, history in found.cases:
                    if _taken(session, case.reference):
                        case.problems.append(
                            f"{case.reference} is already on the server (references are unique "
                            "across its partnerships); nothing is moved while it is."
                        )
                        continue
                    _move_case(session, case, document, history, report.partnership, origin)
                audit.record(
                    session,
                    AuditEvent(
                        MOVE,
                        "database",
                        laptop_name,
                        None,
                        {
                            **origin,
                            "partnership": report.partnership,
                            "cases": len(found.cases),
                            "laptop_entries_carried": report.audit_entries,
                        },
                    ),
                )
            if check_only or report.every_problem():
                raise _RollBack()
        report.moved = True
    except _RollBack:
        pass
    return report
