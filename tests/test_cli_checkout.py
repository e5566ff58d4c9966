"""``dhr-desk checkout`` / ``checkin`` / ``checked-out`` / ``release`` on a real server."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from store_support import set_up

from dhr_desk import records
from dhr_desk.cli import main
from dhr_desk.domain import Person
from dhr_desk.services import checkout, demo
from dhr_desk.storage import store
from dhr_desk.storage.paths import DataDir


def _first_person(url: str, reference: str) -> tuple[int, str]:
    with store.open_server(url) as db, db.reading() as session:
        case_id = records.case_by_reference(session, reference).id
        person = session.scalars(
            select(Person).where(Person.case_id == case_id).order_by(Person.id)
        ).first()
        assert person is not None
        return person.id, person.real_name


def test_checkout_conflict_and_checkin_from_the_command_line(
    server_url: str, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    set_up(data_dir)
    with store.open_server(server_url) as db:
        reference = demo.load_demo(db)[0]
    laptop = ["--data-dir", str(data_dir.root)]

    assert main([*laptop, "checkout", reference]) == 0
    out = capsys.readouterr().out
    assert f"{reference} is checked out to this laptop" in out and "Checked out by" in out
    assert main([*laptop, "checked-out"]) == 0
    listed = capsys.readouterr().out
    assert "On the server:" in listed and "On this laptop:" in listed
    assert listed.count(reference) == 2

    # both sides change the same field of the same person
    server_id, name = _first_person(server_url, reference)
    with store.open_database(data_dir) as here, here.session() as session:
        mine = session.scalar(select(Person).where(Person.real_name == name))
        assert mine is not None
        mine.other_names = "Laptop"
    with store.open_server(server_url) as db, db.session() as session:
        theirs = session.get(Person, server_id)
        assert theirs is not None
        theirs.other_names = "Server"

    assert main([*laptop, "checkin", reference]) == checkout.CheckInConflicts.exit_code
    shown = capsys.readouterr().out
    ident = f"person:{server_id}"
    assert "Nothing was checked in" in shown and ident in shown
    assert "this laptop: Laptop" in shown and "the server:  Server" in shown

    assert main([*laptop, "checkin", reference, "--keep-theirs", ident]) == 0
    assert "is checked in" in capsys.readouterr().out
    with store.open_server(server_url) as db, db.reading() as session:
        kept = session.get(Person, server_id)
        assert kept is not None and kept.other_names == "Server"
    assert main([*laptop, "checked-out"]) == 0
    assert "No case is checked out to this laptop." in capsys.readouterr().out


def test_release_needs_a_reason_and_frees_the_case(
    server_url: str, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    set_up(data_dir)
    with store.open_server(server_url) as db:
        reference = demo.load_demo(db)[0]
    assert main(["--data-dir", str(data_dir.root), "checkout", reference]) == 0
    assert main(["release", reference, "--why", " "]) == checkout.CheckOutError.exit_code
    assert "Say why" in capsys.readouterr().err
    assert main(["release", reference, "--why", "Laptop lost on 2 December"]) == 0
    assert "is released" in capsys.readouterr().out
    with store.open_server(server_url) as db:
        assert checkout.held_cases(db) == []
