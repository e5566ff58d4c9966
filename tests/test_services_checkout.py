"""Checking a case out of the server to a laptop for a secure room, and back in.

The server is the ``db`` fixture (the encrypted file, and PostgreSQL when it is there); the
laptop is a second encrypted database in its own data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_support import set_up

from dhr_desk import records
from dhr_desk.domain import (
    Agency,
    AuditEntry,
    Case,
    CaseAgency,
    CaseHold,
    ChronologyEntry,
    Meeting,
    MeetingAttendance,
    Person,
)
from dhr_desk.services import checkout, demo, workspace
from dhr_desk.storage import migrate, replay, store
from dhr_desk.storage.audit import verify_chain
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Database]:
    folder = DataDir(tmp_path / "laptop")
    set_up(folder)
    database = store.open_database(folder)
    yield database
    database.close()


@pytest.fixture
def reference(db: Database) -> str:
    return demo.load_demo(db)[0]


def _case(db: Database, reference: str) -> Case:
    with db.reading() as session:
        return records.case_by_reference(session, reference)


def _people(db: Database, reference: str) -> dict[str, Person]:
    case = _case(db, reference)
    with db.reading() as session:
        return {
            p.real_name: p for p in session.scalars(select(Person).where(Person.case_id == case.id))
        }


def _entries(db: Database, reference: str) -> list[ChronologyEntry]:
    case = _case(db, reference)
    with db.reading() as session:
        return list(
            session.scalars(
                select(ChronologyEntry)
                .where(ChronologyEntry.case_id == case.id)
                .order_by(ChronologyEntry.id)
            )
        )


def test_a_checked_out_case_is_a_whole_copy_and_the_server_says_who_holds_it(
    db: Database, laptop: Database, reference: str
) -> None:
    on_server = _case(db, reference)
    out = checkout.check_out(db, laptop, reference)
    here = _case(laptop, reference)

    assert out.records > 20
    assert workspace.chronology_rows(laptop, here.id) and len(
        workspace.chronology_rows(laptop, here.id)
    ) == len(workspace.chronology_rows(db, on_server.id))
    assert sorted(_people(laptop, reference)) == sorted(_people(db, reference))
    hold = checkout.hold_of(db, on_server.id)
    assert hold is not None and hold.device == checkout.device_name()
    assert "Checked out by" in hold.sentence()
    copy = checkout.copy_of(laptop, here.id)
    assert copy is not None and "Check it in" in copy.sentence()
    # a second check-out is refused, naming the holder
    with pytest.raises(checkout.CheckOutError, match="already checked out"):
        checkout.check_out(db, laptop, reference)


def test_a_case_held_by_someone_is_refused_and_nothing_is_copied(
    db: Database, laptop: Database, reference: str, tmp_path: Path
) -> None:
    checkout.check_out(db, laptop, reference)
    other = DataDir(tmp_path / "other")
    set_up(other)
    with store.open_database(other) as second:
        with pytest.raises(checkout.CheckOutError, match="Checked out by"):
            checkout.check_out(db, second, reference)
        with second.reading() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_edits_on_both_sides_merge_record_by_record(
    db: Database, laptop: Database, reference: str
) -> None:
    checkout.check_out(db, laptop, reference)
    # on the laptop: change one person's other names, add a chronology entry, delete an entry
    here = _case(laptop, reference)
    person = next(iter(_people(laptop, reference).values()))
    records.update(laptop, Person, person.id, {"other_names": "Nurse (secure room)"})
    records.add(
        laptop,
        ChronologyEntry,
        here.id,
        {"occurred_on": "2024-06-01", "source": "Probation", "event": "Added in the secure room"},
    )
    doomed = _entries(laptop, reference)[0]
    records.delete(laptop, ChronologyEntry, doomed.id)
    # on the server meanwhile: another field of the same person, and a new entry
    there = _case(db, reference)
    same = _people(db, reference)[person.real_name]
    records.update(db, Person, same.id, {"ethnicity": "White British"})
    records.add(
        db,
        ChronologyEntry,
        there.id,
        {"occurred_on": "2024-07-01", "source": "Police", "event": "Added on the server"},
    )
    before = len(_entries(db, reference))

    result = checkout.check_in(laptop, db, reference)

    merged = _people(db, reference)[person.real_name]
    assert merged.other_names == "Nurse (secure room)"
    assert merged.ethnicity == "White British"
    events = [e.event for e in _entries(db, reference)]
    assert "Added in the secure room" in events and "Added on the server" in events
    assert doomed.event not in events
    assert len(events) == before  # one added, one deleted
    assert (result.updated, result.added, result.deleted) == (1, 1, 1)
    assert result.history >= 3
    assert checkout.hold_of(db, there.id) is None
    with laptop.reading() as session:  # the copy has left the laptop
        assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_conflict_stops_the_check_in_until_it_is_decided(
    db: Database, laptop: Database, reference: str
) -> None:
    checkout.check_out(db, laptop, reference)
    person = next(iter(_people(laptop, reference).values()))
    records.update(laptop, Person, person.id, {"other_names": "Written in the secure room"})
    same = _people(db, reference)[person.real_name]
    records.update(db, Person, same.id, {"other_names": "Written on the server"})

    with pytest.raises(checkout.CheckInConflicts) as stopped:
        checkout.check_in(laptop, db, reference)
    (conflict,) = stopped.value.conflicts
    assert conflict.what == "both changed"
    (difference,) = conflict.fields
    assert (difference.field, difference.mine, difference.theirs) == (
        "other_names",
        "Written in the secure room",
        "Written on the server",
    )
    assert "changed on both sides: other names" in conflict.sentence()
    # nothing was written on either side
    assert _people(db, reference)[person.real_name].other_names == "Written on the server"
    assert checkout.hold_of(db, _case(db, reference).id) is not None
    assert _case(laptop, reference) is not None

    checkout.check_in(laptop, db, reference, {conflict.ident: "mine"})
    assert _people(db, reference)[person.real_name].other_names == "Written in the secure room"


def test_keeping_the_servers_version_of_a_conflict(
    db: Database, laptop: Database, reference: str
) -> None:
    checkout.check_out(db, laptop, reference)
    person = next(iter(_people(laptop, reference).values()))
    records.update(laptop, Person, person.id, {"other_names": "Mine"})
    records.update(laptop, Person, person.id, {"religion": "None stated"})
    same = _people(db, reference)[person.real_name]
    records.update(db, Person, same.id, {"other_names": "Theirs"})
    with pytest.raises(checkout.CheckInConflicts) as stopped:
        checkout.check_in(laptop, db, reference)
    checkout.check_in(laptop, db, reference, {stopped.value.conflicts[0].ident: "theirs"})
    kept = _people(db, reference)[person.real_name]
    assert kept.other_names == "Theirs"
    assert kept.religion == "None stated"  # what did not clash still comes in


def test_deleted_on_one_side_changed_on_the_other_is_a_conflict(
    db: Database, laptop: Database, reference: str
) -> None:
    checkout.check_out(db, laptop, reference)
    entry = _entries(laptop, reference)[1]
    records.delete(laptop, ChronologyEntry, entry.id)
    theirs = next(e for e in _entries(db, reference) if e.event == entry.event)
    records.update(db, ChronologyEntry, theirs.id, {"comment": "Important: keep"})
    with pytest.raises(checkout.CheckInConflicts) as stopped:
        checkout.check_in(laptop, db, reference)
    (conflict,) = stopped.value.conflicts
    assert conflict.what == "deleted here"
    checkout.check_in(laptop, db, reference, {conflict.ident: "theirs"})
    assert any(e.comment == "Important: keep" for e in _entries(db, reference))


def test_records_added_under_a_new_record_and_numbers_that_clash(
    db: Database, laptop: Database, reference: str
) -> None:
    checkout.check_out(db, laptop, reference)
    here, there = _case(laptop, reference), _case(db, reference)
    number = workspace.new_values(laptop, Meeting, here.id)["number"]
    assert workspace.new_values(db, Meeting, there.id)["number"] == number
    mine = workspace.save(
        laptop,
        Meeting,
        here.id,
        None,
        {"held_on": "2025-06-01", "location": "Secure room", "number": number},
    )
    records.add(laptop, MeetingAttendance, mine.id, {"name": "A. Analyst"})
    theirs = workspace.save(
        db,
        Meeting,
        there.id,
        None,
        {"held_on": "2025-06-02", "location": "Server", "number": number},
    )
    result = checkout.check_in(laptop, db, reference)
    with db.reading() as session:
        meetings = {
            m.location: m
            for m in session.scalars(select(Meeting).where(Meeting.case_id == there.id))
        }
        numbers = [m.number for m in meetings.values()]
        assert len(numbers) == len(set(numbers))  # no two meetings share a number
        moved = meetings["Secure room"]
        assert moved.number == meetings["Server"].number + 1
        assert session.scalars(
            select(MeetingAttendance.name).where(MeetingAttendance.meeting_id == moved.id)
        ).all() == ["A. Analyst"]
    assert theirs.number == number
    assert any("is now number" in note for note in result.notes)


def test_an_agency_involved_on_both_sides_is_one_agency(
    db: Database, laptop: Database, reference: str
) -> None:
    checkout.check_out(db, laptop, reference)
    here, there = _case(laptop, reference), _case(db, reference)
    workspace.save(laptop, CaseAgency, here.id, None, {"agency": "Fire and Rescue"})
    workspace.save(db, CaseAgency, there.id, None, {"agency": "Fire and Rescue"})
    checkout.check_in(laptop, db, reference)
    with db.reading() as session:
        named = session.scalars(select(CaseAgency).where(CaseAgency.case_id == there.id)).all()
        names = [session.get(Agency, link.agency_id).name for link in named]
    assert names.count("Fire and Rescue") == 1


def test_the_audit_trail_keeps_both_sides_and_verifies(
    db: Database, laptop: Database, reference: str
) -> None:
    checkout.check_out(db, laptop, reference)
    person = next(iter(_people(laptop, reference).values()))
    records.update(laptop, Person, person.id, {"other_names": "Offline change"})
    checkout.check_in(laptop, db, reference)
    there = _case(db, reference)
    with db.reading() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.case_id == there.id)
        ).all()
        offline = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "offline_update")
        ).all()
        assert session.get(CaseHold, there.id) is None
    assert {"check_out", "check_in", "offline_update"} <= set(actions)
    assert any(e.changes["changes"].get("other_names") for e in offline)
    with db.engine.connect() as conn:
        checked, problems = verify_chain(conn)
    assert problems == [] and checked > 0
    result = replay.replay(db.reader, migrate.head_revision())
    assert result.findings == []


def test_a_check_in_cut_short_before_the_copy_left_is_not_written_twice(
    db: Database, laptop: Database, reference: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.check_out(db, laptop, reference)
    here = _case(laptop, reference)
    records.add(
        laptop,
        ChronologyEntry,
        here.id,
        {"occurred_on": "2024-06-01", "source": "Probation", "event": "Only once"},
    )

    def power_cut(_laptop: Database, _case_id: int) -> None:
        raise OSError("the laptop switched off")

    monkeypatch.setattr(checkout, "_remove_copy", power_cut)
    with pytest.raises(OSError):
        checkout.check_in(laptop, db, reference)
    monkeypatch.undo()
    assert _case(laptop, reference) is not None  # the copy is still here
    result = checkout.check_in(laptop, db, reference)
    assert "already had this check-in" in result.notes[0]
    assert [e.event for e in _entries(db, reference)].count("Only once") == 1
    with laptop.reading() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0
