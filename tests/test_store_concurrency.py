"""People working at the same time: a save over someone else's later change is refused with
who and when, and the audit trail's chain holds with eight writers at once."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Iterator

import pytest
from clocks_support import open_trigger
from sqlalchemy import select
from sqlalchemy.orm import Session
from statutory_support import complain

from dhr_desk import records
from dhr_desk.domain import Case, Decision, Pause, Person
from dhr_desk.errors import ChangedMeanwhileError
from dhr_desk.services import cases, chronology, drafts, progress, workspace
from dhr_desk.storage import audit, server, store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir


def _victim(db: Database) -> tuple[int, int]:
    case = cases.new_dhr(
        db,
        {"notification_received_on": "2025-04-01", "notified_by": "Northshire Police"},
        victim={"real_name": "Ann Example", "pseudonym": "Adult A"},
    )
    with db.reading() as session:
        person = session.scalars(select(Person).where(Person.case_id == case.id)).one()
    return case.id, person.id


def test_the_second_save_of_the_same_record_is_refused_with_who_and_when(db: Database) -> None:
    case_id, person_id = _victim(db)
    # Two people open the same person's form.
    mine = workspace.version(db, Person, person_id)
    theirs = workspace.version(db, Person, person_id)
    assert mine == theirs > 0
    with db.session() as session:  # the other person saves first, signed in as someone else
        session.info["os_user"] = "j.okafor"
        records.update_in(session, Person, person_id, {"pseudonym": "Bea"}, seen=theirs)
    with pytest.raises(ChangedMeanwhileError) as refused:
        workspace.save(db, Person, case_id, person_id, {"pseudonym": "Cleo"}, seen=mine)
    error = refused.value
    assert error.who == "j.okafor" and "j.okafor changed this person on " in str(error)
    assert error.theirs["pseudonym"] == "Bea" and error.yours == {"pseudonym": "Cleo"}
    with db.reading() as session:
        assert session.get(Person, person_id).pseudonym == "Bea"  # nothing of mine was saved
    # Having seen their version, the person saves again from it.
    again = workspace.version(db, Person, person_id)
    workspace.save(db, Person, case_id, person_id, {"pseudonym": "Cleo"}, seen=again)
    with db.reading() as session:
        assert session.get(Person, person_id).pseudonym == "Cleo"


def test_a_save_from_the_current_version_goes_through_and_moves_it_on(db: Database) -> None:
    case_id, person_id = _victim(db)
    seen = workspace.version(db, Person, person_id)
    workspace.save(db, Person, case_id, person_id, {"pseudonym": "Bea"}, seen=seen)
    assert workspace.version(db, Person, person_id) > seen
    with pytest.raises(ChangedMeanwhileError):  # the same old version cannot be used twice
        workspace.save(db, Person, case_id, person_id, {"pseudonym": "Dee"}, seen=seen)


def _another_person(db: Database, data_dir: DataDir) -> Database:
    """The same database opened again, as another person's app would open it."""
    if db.is_server:
        return store.open_server(os.environ[server.ENV_URL])
    return store.open_database(data_dir)


def test_eight_writers_at_once_keep_the_audit_chain_intact(db: Database, data_dir: DataDir) -> None:
    writers, saves = 8, 6
    people = [_another_person(db, data_dir) for _ in range(writers)]
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        mine = people[n]
        try:
            start.wait()
            for i in range(saves):
                case = cases.new_dhr(
                    mine, {"notification_received_on": "2025-04-01", "notified_by": f"W{n}-{i}"}
                )
                records.update(mine, Case, case.id, {"title": f"Writer {n}, case {i}"})
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            mine.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with db.reader.connect() as conn:
        count, problems = audit.verify_chain(conn)
    assert problems == []
    with db.reading() as session:
        assert len(session.scalars(select(Case.id)).all()) == writers * saves
    assert count >= writers * saves * 2
    assert store.verify(db).ok


# --------------------------------------------------------------------------- every save path
def _as(db: Database, data_dir: DataDir, who: str) -> Database:
    """Someone else's app on the same database (the same file, or the same server), saving
    as ``who``."""
    other = _another_person(db, data_dir)
    original = other.session

    @contextlib.contextmanager
    def session() -> Iterator[Session]:
        with original() as s:
            s.info["os_user"] = who
            yield s

    other.session = session  # type: ignore[method-assign]
    return other


def _entry(db: Database, case_id: int) -> int:
    return chronology.save_entry(
        db,
        case_id,
        None,
        {"date": "03/04/2019", "agency": "Northshire Police", "source": "Log", "event": "Call"},
    ).id


def test_a_chronology_cell_or_tick_over_a_later_change_is_refused(
    db: Database, data_dir: DataDir
) -> None:
    case_id, _person = _victim(db)
    first, second = _entry(db, case_id), _entry(db, case_id)
    _rows, seen = chronology.opened_rows(db, case_id)  # the table is read
    other = _as(db, data_dir, "j.okafor")
    try:
        chronology.save_entry(other, case_id, first, {"event": "Call from a neighbour"})
    finally:
        other.close()
    with pytest.raises(ChangedMeanwhileError) as refused:
        chronology.save_entry(db, case_id, first, {"event": "Call about shouting"}, seen=seen)
    assert refused.value.who == "j.okafor" and refused.value.theirs["event"] == (
        "Call from a neighbour"
    )
    assert "event" in refused.value.changed
    with pytest.raises(ChangedMeanwhileError):
        chronology.set_key_event(db, first, True, seen=seen)
    fresh = chronology.row(db, first)
    assert (fresh.event, fresh.key_event) == ("Call from a neighbour", False)
    # the other entry of the same table was not changed by anyone: its cells save
    assert chronology.set_key_event(db, second, True, seen=seen).key_event
    _row, mine = chronology.opened_row(db, second)  # the table's version of it after the tick
    assert chronology.save_entry(db, case_id, second, {"comment": "Seen"}, seen=mine).comment
    # read afresh, the first saves too
    _row, version = chronology.opened_row(db, first)
    assert chronology.set_key_event(db, first, True, seen=version).key_event


def test_recording_or_taking_back_a_step_someone_else_changed_is_refused(
    db: Database, data_dir: DataDir
) -> None:
    case_id, _person = _victim(db)
    _steps, seen = progress.opened_steps(db, case_id)
    other = _as(db, data_dir, "j.okafor")
    try:
        progress.record_step(other, case_id, "scoping", "2025-04-03", note="Panel met")
    finally:
        other.close()
    with pytest.raises(ChangedMeanwhileError) as refused:
        progress.record_step(
            db, case_id, "scoping", "2025-04-02", override_reason="The right date", seen=seen
        )
    error = refused.value
    assert error.who == "j.okafor" and "j.okafor changed this step on " in str(error)
    assert error.theirs["occurred_on"] == "2025-04-03" and error.theirs["note"] == "Panel met"
    assert error.yours["occurred_on"] == "2025-04-02"
    assert [s.done_on for s in progress.steps(db, case_id) if s.code == "scoping"] == [
        dt.date(2025, 4, 3)
    ]
    # a step nobody else touched still records from the same list
    progress.record_step(db, case_id, "decision", "2025-04-04", seen=seen)
    # taking back a step corrected meanwhile is refused too
    _steps, seen = progress.opened_steps(db, case_id)
    other = _as(db, data_dir, "j.okafor")
    try:
        progress.record_step(other, case_id, "decision", "2025-04-05", override_reason="Minutes")
    finally:
        other.close()
    with pytest.raises(ChangedMeanwhileError) as refused:
        progress.remove_step(db, case_id, "decision", "Recorded by mistake", seen=seen)
    assert refused.value.theirs["occurred_on"] == "2025-04-05"
    assert [s.state for s in progress.steps(db, case_id) if s.code == "decision"] == ["done"]
    # and one taken back meanwhile cannot be recorded again unseen
    _steps, seen = progress.opened_steps(db, case_id)
    other = _as(db, data_dir, "j.okafor")
    try:
        progress.remove_step(other, case_id, "decision", "Not decided yet")
    finally:
        other.close()
    with pytest.raises(ChangedMeanwhileError) as refused:
        progress.record_step(db, case_id, "decision", "2025-04-06", "x", "Minutes", seen=seen)
    assert refused.value.theirs["occurred_on"] == ""


def test_resuming_a_pause_someone_else_changed_is_refused(db: Database, data_dir: DataDir) -> None:
    case_id, _person = _victim(db)
    pause = progress.add_pause(db, case_id, "criminal_trial", "2025-04-02", "Trial listed")
    seen = workspace.version(db, Pause, pause.id)
    other = _as(db, data_dir, "j.okafor")
    try:
        progress.resume_pause(other, pause.id, "2025-05-01")
    finally:
        other.close()
    with pytest.raises(ChangedMeanwhileError) as refused:
        progress.resume_pause(db, pause.id, "2025-05-09", seen=seen)
    assert refused.value.who == "j.okafor"
    assert refused.value.theirs["resumed_on"] == dt.date(2025, 5, 1)
    assert refused.value.yours == {"resumed_on": "2025-05-09"}


def test_a_threshold_decision_on_a_test_changed_meanwhile_is_refused(
    db: Database, data_dir: DataDir
) -> None:
    ref = open_trigger(db, "2025-03-01")
    case_id = cases.id_of(db, ref)
    for day in ("2025-01-10", "2025-01-20"):
        complain(db, ref, day, day)
    view = progress.opened_threshold(db, case_id)
    assert not view.result.met and view.texts["complaints"].startswith("2 considered")
    other = _as(db, data_dir, "j.okafor")
    try:
        complain(other, ref, "2025-02-01", "2025-02-01")
    finally:
        other.close()
    with pytest.raises(ChangedMeanwhileError) as refused:
        progress.decide_threshold(db, case_id, "2025-03-05", "A. Chair", seen=view.version)
    error = refused.value
    assert error.who == "j.okafor"
    assert str(error.theirs["complaints"]).startswith("3 considered, 3 counted")
    assert "met" in str(error.theirs["test"]) and error.theirs["test"] != view.texts["test"]
    assert progress.threshold_decisions(db, case_id) == []
    # a decision on the test as it stands now goes through
    again = progress.opened_threshold(db, case_id)
    decision, result = progress.decide_threshold(
        db, case_id, "2025-03-05", "A. Chair", seen=again.version
    )
    assert result.met and decision.decided_by == "A. Chair"
    # another kind of decision recorded meanwhile (the review's) is not the threshold's
    view = progress.opened_threshold(db, case_id)
    records.add(
        db,
        Decision,
        case_id,
        {"kind": "outcome", "decided_on": "2025-03-20", "outcome": "met", "decided_by": "Board"},
    )
    progress.decide_threshold(
        db, case_id, "2025-03-21", "A. Chair", "Decided again", seen=view.version
    )


def test_a_draft_keeps_the_version_its_edits_were_typed_against(db: Database) -> None:
    case_id, person_id = _victim(db)
    seen = workspace.version(db, Person, person_id)
    place = drafts.DraftPlace(case_id, "people", "person", case_id, person_id, "person")
    draft_id = drafts.keep(db, place, {"pseudonym": "Cleo"}, version=seen)
    kept = drafts.get(db, draft_id)
    assert kept is not None and kept.version == seen
    new = drafts.DraftPlace(case_id, "people", "person", case_id, None, "person")
    assert drafts.get(db, drafts.keep(db, new, {"real_name": "Bo"}, version=seen)).version is None  # type: ignore[union-attr]
