"""People working at the same time: a save over someone else's later change is refused with
who and when, and the audit trail's chain holds with eight writers at once."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import select

from dhr_desk import records
from dhr_desk.domain import Case, Person
from dhr_desk.errors import ChangedMeanwhileError
from dhr_desk.services import cases, workspace
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
