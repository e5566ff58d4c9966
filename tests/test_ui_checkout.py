"""The window's side of checking a case out to this laptop and back in: the line a travelling
case shows, the runs off the GUI thread, and the dialog in which each conflict is decided."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from store_support import set_up
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk import records
from dhr_desk.domain import Person
from dhr_desk.services import checkout, demo
from dhr_desk.storage import server, store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir
from ui import dialogs
from ui.case_list import OUT_COLUMN
from ui.checkout import ConflictDialog
from ui.main_window import MainWindow


def _window(qtbot: Any, db: Database, data_dir: DataDir) -> MainWindow:
    win = MainWindow(db, data_dir)
    qtbot.addWidget(win)
    wait_refreshed(qtbot, win)
    win.show()
    return win


def _person(db: Database, reference: str) -> Person:
    with db.reading() as session:
        case = records.case_by_reference(session, reference)
        person = session.scalars(
            select(Person).where(Person.case_id == case.id).order_by(Person.id)
        ).first()
        assert person is not None
        return person


def test_check_out_from_the_server_window_then_check_in_with_a_conflict(
    qtbot: Any,
    server_url: str,
    data_dir: DataDir,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_up(data_dir)  # the laptop's own encrypted database
    said: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, text, *a: said.append(text))
    monkeypatch.setattr(dialogs, "error", lambda _p, text, *a: said.append("ERROR " + text))
    with store.open_server(server_url) as db:
        reference = demo.load_demo(db)[0]
        window = _window(qtbot, db, data_dir)
        ws = window.open_case(records_case_id(db, reference))
        assert ws is not None and ws.travel.isHidden()
        window.findChild(type(window.new_action), "actionCheckOut").trigger()
        qtbot.waitUntil(lambda: bool(said), timeout=30_000)
        assert f"{reference} is checked out to this laptop" in said[-1]
        assert not ws.travel.isHidden()
        assert "Checked out by" in ws.travel.notice.text()
        assert ws.travel.button.text() == "&Release…"
        window.refresh()  # the case list names who holds it
        wait_refreshed(qtbot, window)
        listed = next(r for r in window.case_list.model.rows if r.reference == reference)
        assert listed.checked_out == server.parse(server_url).user
        assert not window.case_list.table.isColumnHidden(OUT_COLUMN)
        theirs = _person(db, reference)
        records.update(db, Person, theirs.id, {"other_names": "Server"})
        window.close()

    # on the laptop: change the same field, then check in
    server.store_password(server.parse(server_url), "not-needed-on-trust")
    with store.open_database(data_dir) as laptop:
        mine = _person(laptop, reference)
        theirs_before = mine.other_names or "(empty)"
        records.update(laptop, Person, mine.id, {"other_names": "Laptop"})
        window = _window(qtbot, laptop, data_dir)
        ws = window.open_case(mine.case_id)
        assert ws is not None and not ws.travel.isHidden()
        assert ws.travel.button.text() == "Check &in…"
        said.clear()
        ws.travel.button.click()
        qtbot.waitUntil(lambda: window.travel.dialog is not None, timeout=30_000)
        dialog = window.travel.dialog
        assert isinstance(dialog, ConflictDialog)
        assert not dialog.check_in.isEnabled()  # nothing decided yet
        table = dialog.table
        assert [table.item(0, c).text() for c in range(4)] == [
            "Other names",
            theirs_before,
            "Laptop",
            "Server",
        ]
        dialog.theirs.click()
        assert dialog.check_in.isEnabled()
        dialog.check_in.click()
        qtbot.waitUntil(lambda: bool(said), timeout=30_000)
        assert "is checked in" in said[-1], said
        assert mine.case_id not in window.workspaces  # the case left this laptop, its tab too
        assert all(window.tabs.tabText(i) != reference for i in range(window.tabs.count()))
        with laptop.reading() as session:
            assert session.scalar(select(Person.id).where(Person.id == mine.id)) is None
        window.close()
    with store.open_server(server_url) as db:
        assert _person(db, reference).other_names == "Server"
        assert checkout.held_cases(db) == []


def records_case_id(db: Database, reference: str) -> int:
    with db.reading() as session:
        return records.case_by_reference(session, reference).id


def test_the_conflict_dialog_decides_all_at_once_and_says_what_is_left(qtbot: Any) -> None:
    conflicts = [
        checkout.Conflict(
            "person",
            str(n),
            "person",
            f"Person {n}",
            "both changed",
            (checkout.FieldDifference("other_names", "Was", f"Mine {n}", f"Theirs {n}"),),
        )
        for n in (1, 2, 3)
    ]
    dialog = ConflictDialog(conflicts)
    qtbot.addWidget(dialog)
    assert dialog.progress.text() == "3 records to decide."
    dialog.mine.click()
    assert dialog.decisions == {"person:1": "mine"}
    assert dialog.progress.text() == "2 records to decide."
    dialog.list.setCurrentRow(1)
    assert not dialog.mine.isChecked() and not dialog.theirs.isChecked()
    dialog.findChildren(type(dialog.check_in))  # the buttons exist and are reachable
    all_theirs = next(
        b for b in dialog.findChildren(type(dialog.check_in)) if b.text() == "All the server's"
    )
    all_theirs.click()
    assert set(dialog.decisions.values()) == {"theirs"}
    assert dialog.check_in.isEnabled()
    assert "Keeping the server's version." in dialog.list.item(0).text()
