"""Two people saving the same record: the second save is refused with both versions shown, and
each way on (keep mine, take theirs, back to editing) does what it says — on the encrypted
laptop database too (two windows on one data folder)."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

import pytest
from clocks_support import open_trigger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select
from statutory_support import complain
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.domain import AuditEntry, Case, Person
from dhr_desk.services import cases, chronology, policy, progress, workspace
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir
from ui import dialogs
from ui.changed_meanwhile import EDIT, KEEP, THEIRS, ChangedMeanwhileDialog, Choice
from ui.chronology_page import ChronologyPage
from ui.main_window import AWAY_SECONDS, MainWindow
from ui.record_page import RecordPage
from ui.workspace import CaseWorkspace


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda _p, _what: "discard")


class Chooser:
    """Stands in for the person in front of the dialog: the real dialog is built, looked at,
    and the chosen button clicked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, choice: Choice) -> None:
        self.choice = choice
        self.dialogs: list[ChangedMeanwhileDialog] = []
        self.rows: list[list[str]] = []
        chooser = self

        def run(dialog: ChangedMeanwhileDialog) -> int:
            chooser.dialogs.append(dialog)
            chooser.rows = [
                [dialog.cell(r, c) for c in range(4)] for r in range(dialog.table.rowCount())
            ]
            button = {
                KEEP: dialog.keep_button,
                THEIRS: dialog.theirs_button,
                EDIT: dialog.edit_button,
            }[chooser.choice]
            button.click()
            return int(dialog.result())

        monkeypatch.setattr(ChangedMeanwhileDialog, "exec", run)

    def row(self, label: str) -> list[str]:
        return next(r for r in self.rows if r[0].lstrip("✱ ") == label)


def new_case(db: Database) -> Case:
    return cases.new_dhr(
        db,
        {"notification_received_on": "2025-01-06", "notified_by": "DI Khan"},
        victim={"real_name": "Joanne Example", "pseudonym": "Adult A"},
    )


def victim(db: Database, case_id: int) -> Person:
    with db.reading() as session:
        return session.scalars(select(Person).where(Person.case_id == case_id)).one()


def people_page(qtbot: Any, db: Database, case: Case) -> RecordPage:
    """The People page of the case in a window of its own, the victim selected."""
    ws = CaseWorkspace(db, case, area="people")
    qtbot.addWidget(ws)
    ws.show()
    page = ws.pages["people"]
    assert isinstance(page, RecordPage)
    assert page.select_record(victim(db, case.id).id)
    return page


def type_into(qtbot: Any, page: Any, key: str, text: str) -> None:
    widget = page.form.widgets[key]
    widget.clear()
    qtbot.keyClicks(widget, text)


def both_edit(qtbot: Any, db: Database) -> tuple[Case, RecordPage, RecordPage]:
    """Two windows open the same person; the first saves a new pseudonym and address, then
    the second — opened before that save — changes the pseudonym its own way."""
    case = new_case(db)
    mine = people_page(qtbot, db, case)
    theirs = people_page(qtbot, db, case)
    type_into(qtbot, theirs, "pseudonym", "Bea")
    type_into(qtbot, theirs, "address", "12 Harbour Row")
    assert theirs.save()
    type_into(qtbot, mine, "pseudonym", "Cleo")
    return case, mine, theirs


def test_the_second_save_shows_who_changed_it_and_both_versions(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, mine, _theirs = both_edit(qtbot, db)
    chooser = Chooser(monkeypatch, EDIT)
    assert not mine.save()
    assert len(chooser.dialogs) == 1
    dialog = chooser.dialogs[0]
    who = getpass.getuser()
    intro = dialog.intro.text()
    assert f"{who} changed this person today at" in intro
    assert "after you opened it" in intro and "Nothing of yours is saved yet" in intro
    assert "2 fields differ" in intro
    # field by field, by the labels the People form shows
    assert chooser.row("Pseudonym") == ["✱ Pseudonym", "Bea", "Cleo", "Both: you and " + who]
    assert chooser.row("Address") == ["✱ Address", "12 Harbour Row", "(empty)", who]
    assert chooser.row("Real name") == ["Real name", "Joanne Example", "Joanne Example", ""]
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers[1:3] == [f"{who}'s version (saved)", "Your version (not saved)"]
    assert headers[::3] == ["Field", "Changed by"]
    # the fields that agree are hidden until asked for
    real_name = dialog.row_of("Real name")
    assert dialog.only_differing.isChecked() and dialog.table.isRowHidden(real_name)
    dialog.only_differing.setChecked(False)
    assert not dialog.table.isRowHidden(real_name)
    assert victim(db, case.id).pseudonym == "Bea"  # nothing of the second save was written


def test_keep_mine_saves_over_theirs_and_theirs_stays_in_the_history(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, mine, _theirs = both_edit(qtbot, db)
    chooser = Chooser(monkeypatch, KEEP)
    assert mine.save()
    assert len(chooser.dialogs) == 1
    saved = victim(db, case.id)
    assert saved.pseudonym == "Cleo"
    assert saved.address == ""  # the form held the address as it was opened: kept as mine
    assert not mine.form.dirty and "Saved the person" in mine.status.text()
    with db.reading() as session:
        changes = [
            e.changes
            for e in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == "person", AuditEntry.entity_id == str(saved.id))
                .order_by(AuditEntry.id)
            )
        ]
    assert changes[-2]["pseudonym"] == ["Adult A", "Bea"]  # theirs, kept in the history
    assert changes[-1]["pseudonym"] == ["Bea", "Cleo"]
    assert changes[-1]["address"] == ["12 Harbour Row", ""]
    # the form now stands on the version it saved: the next save needs no question
    type_into(qtbot, mine, "pseudonym", "Dee")
    assert mine.save() and len(chooser.dialogs) == 1


def test_take_theirs_shows_their_version_with_mine_under_each_field(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, mine, _theirs = both_edit(qtbot, db)
    chooser = Chooser(monkeypatch, THEIRS)
    assert not mine.save()
    assert len(chooser.dialogs) == 1
    assert victim(db, case.id).pseudonym == "Bea"
    assert mine.form.raw("pseudonym") == "Bea"
    assert mine.form.raw("address") == "12 Harbour Row"
    assert not mine.form.dirty
    # what was typed is not lost from sight: under each field that differs
    assert mine.form.other_shown("pseudonym") == "Your version (not saved): Cleo"
    assert mine.form.other_shown("address") == "Your version (not saved): (empty)"
    assert mine.form.other_shown("real_name") == ""
    assert "Showing" in mine.status.text() and "Yours was not saved" in mine.status.text()
    # the form is on their version now: a change to it saves without a question
    type_into(qtbot, mine, "pseudonym", "Cleo")
    assert mine.save() and len(chooser.dialogs) == 1
    assert victim(db, case.id).address == "12 Harbour Row"
    assert mine.form.other_shown("pseudonym") == ""  # loaded afresh after the save


def test_back_to_editing_keeps_what_was_typed_with_theirs_under_it(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, mine, _theirs = both_edit(qtbot, db)
    chooser = Chooser(monkeypatch, EDIT)
    assert not mine.save()
    assert mine.form.raw("pseudonym") == "Cleo" and mine.form.dirty
    who = getpass.getuser()
    assert mine.form.other_shown("pseudonym") == f"{who}'s version (saved): Bea"
    assert mine.form.other_shown("address") == f"{who}'s version (saved): 12 Harbour Row"
    assert "Not saved" in mine.status.text()
    # the person takes the address from theirs by hand and saves: no second question
    type_into(qtbot, mine, "address", "12 Harbour Row")
    assert mine.save() and len(chooser.dialogs) == 1
    saved = victim(db, case.id)
    assert (saved.pseudonym, saved.address) == ("Cleo", "12 Harbour Row")


def test_a_save_from_the_command_line_or_another_window_meanwhile_is_noticed(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form was opened, then the record changed by a plain services save (another copy
    of the app, the command line, a colleague on the server)."""
    case = new_case(db)
    page = people_page(qtbot, db, case)
    person = victim(db, case.id)
    workspace.save(db, Person, case.id, person.id, {"date_of_birth": "1980-02-03"})
    type_into(qtbot, page, "date_of_birth", "1980-03-02")
    chooser = Chooser(monkeypatch, KEEP)
    assert page.save()
    assert chooser.row("Date of birth")[1:3] == ["1980-02-03", "1980-03-02"]
    assert victim(db, case.id).date_of_birth.isoformat() == "1980-03-02"


def test_the_case_summary_asks_too(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(db)
    ws = CaseWorkspace(db, case, area="summary")
    qtbot.addWidget(ws)
    ws.show()
    summary = ws.pages["summary"]
    workspace.update_case(db, case.id, {"title": "Review of the death of Adult A"})
    type_into(qtbot, summary, "title", "DHR Adult A")
    chooser = Chooser(monkeypatch, THEIRS)
    assert not summary.save()
    assert chooser.row("Working title")[1:3] == ["Review of the death of Adult A", "DHR Adult A"]
    assert summary.form.raw("title") == "Review of the death of Adult A"
    assert summary.form.other_shown("title") == "Your version (not saved): DHR Adult A"
    chooser.choice = KEEP
    workspace.update_case(db, case.id, {"title": "Adult A"})
    type_into(qtbot, summary, "title", "DHR Adult A (2025)")
    assert summary.save()
    assert workspace.get_case(db, case.id).title == "DHR Adult A (2025)"
    assert len(chooser.dialogs) == 2


def test_changing_the_reference_in_this_window_is_not_someone_else(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(db)
    ws = CaseWorkspace(db, case, area="summary")
    qtbot.addWidget(ws)
    summary = ws.pages["summary"]
    dialog = summary.change_reference()
    assert dialog is not None
    dialog.reference.setText("DHR-2025-77")
    dialog.reason.setText("The partnership's numbering")
    dialog.accept()
    chooser = Chooser(monkeypatch, EDIT)
    type_into(qtbot, summary, "title", "DHR Adult A")
    assert summary.save() and chooser.dialogs == []


def test_the_dialog_is_worked_by_keyboard_and_escape_goes_back_to_editing(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _case, mine, _theirs = both_edit(qtbot, db)
    shown: list[ChangedMeanwhileDialog] = []

    def look(dialog: ChangedMeanwhileDialog) -> int:
        shown.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.grab().save(str(tmp_path / "changed-meanwhile.png"))
        for button in (dialog.keep_button, dialog.theirs_button, dialog.edit_button):
            assert button.accessibleName() and button.toolTip()
            assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert dialog.edit_button.isDefault()  # Enter does nothing that cannot be undone
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return int(dialog.result())

    monkeypatch.setattr(ChangedMeanwhileDialog, "exec", look)
    assert not mine.save()
    assert shown and shown[0].choice == EDIT
    assert mine.form.raw("pseudonym") == "Cleo" and mine.form.dirty


# --------------------------------------------------------------------------- others' new cases
def open_window(qtbot: Any, db: Database, data_dir: DataDir) -> MainWindow:
    window = MainWindow(db, data_dir)
    qtbot.addWidget(window)
    wait_refreshed(qtbot, window)
    window.show()
    return window


def listed(window: MainWindow) -> set[str]:
    return {row.reference for row in window.case_list.model.rows}


def test_the_local_database_is_read_only_when_asked_and_a_shared_one_on_a_timer(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    window = open_window(qtbot, db, data_dir)
    assert policy.setting(db, "refresh_seconds") == 0  # one laptop, one coordinator
    assert not window.refresh_timer.isActive()
    policy.save_settings(db, {"refresh_seconds": 60})
    window._settings_saved()
    assert window.refresh_timer.isActive() and window.refresh_timer.interval() == 60_000
    policy.save_settings(db, {"refresh_seconds": 0})
    window._settings_saved()
    assert not window.refresh_timer.isActive()


def test_the_timer_shows_a_case_another_writer_added(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    policy.save_settings(db, {"refresh_seconds": 60})
    window = open_window(qtbot, db, data_dir)
    window.tabs.setCurrentWidget(window.case_list)
    wait_refreshed(qtbot, window)
    first = new_case(db)  # written by someone else: this window is not told
    assert first.reference not in listed(window)
    window.refresh_timer.setInterval(20)  # the tick comes every minute; the test need not wait
    qtbot.waitUntil(lambda: first.reference in listed(window), timeout=10_000)
    assert window.case_list.select_case(first.id)
    # the next tick keeps the case selected (the coordinator's place is not lost)
    second = new_case(db)
    qtbot.waitUntil(lambda: second.reference in listed(window), timeout=10_000)
    assert window.case_list.selected_case_id() == first.id
    # in a case's tab the lists are not read, only marked to be read when shown again
    window.refresh_timer.stop()
    window.open_case(first.id)
    wait_refreshed(qtbot, window)
    third = new_case(db)
    window.refresh_if_shown()
    assert window.stale and not window.refreshing
    window.tabs.setCurrentWidget(window.case_list)
    qtbot.waitUntil(lambda: third.reference in listed(window), timeout=10_000)


def test_coming_back_to_the_window_after_a_while_reads_the_lists_afresh(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    policy.save_settings(db, {"refresh_seconds": 600})
    window = open_window(qtbot, db, data_dir)
    window.tabs.setCurrentWidget(window.dashboard)
    wait_refreshed(qtbot, window)
    case = new_case(db)
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=5000)
    window.last_read -= AWAY_SECONDS  # as if away for a while
    window.activateWindow()
    qtbot.waitUntil(lambda: case.reference in listed(window), timeout=10_000)
    # a moment away is not a while: nothing is read
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=5000)
    later = new_case(db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert not window.refreshing and later.reference not in listed(window)


def test_a_chronology_entry_changed_meanwhile_shows_both_versions(
    qtbot: Any, db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(db)
    entry = chronology.save_entry(
        db,
        case.id,
        None,
        {"date": "03/04/2019", "agency": "Northshire Police", "source": "Record", "event": "Call"},
    )
    window = open_window(qtbot, db, data_dir)
    ws = window.open_case(case.id, "chronology")
    assert ws is not None
    page = ws.pages["chronology"]
    assert isinstance(page, ChronologyPage)
    qtbot.waitUntil(lambda: page.flag_job is None)
    page.select_entry(entry.id)
    assert page.editing_id == entry.id
    chronology.save_entry(db, case.id, entry.id, {"event": "Call from a neighbour"})
    page.form.set_value("event", "Call about shouting")
    page.form.set_value("occurred_on", "April 2019")
    chooser = Chooser(monkeypatch, THEIRS)
    assert not page.save()
    assert chooser.row("Event")[1:] == [
        "Call from a neighbour",
        "Call about shouting",
        "Both: you and " + getpass.getuser(),
    ]
    assert chooser.row("Date")[1:3] == ["03/04/2019", "April 2019"]
    assert page.form.raw("event") == "Call from a neighbour"
    assert page.form.other_shown("event") == "Your version (not saved): Call about shouting"
    assert "Yours was not saved" in page.status.text()
    chooser.choice = KEEP
    page.form.set_value("event", "Call from a neighbour about shouting")
    assert page.save() and len(chooser.dialogs) == 1  # on their version now: no question
    page.form.set_value("comment", "Checked with the control room")
    assert page.save() and len(chooser.dialogs) == 1  # nor after its own save


# --------------------------------------------------------------------------- the other save paths
def test_a_cell_edited_in_the_chronology_table_shows_both_versions(
    qtbot: Any, db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    case = new_case(db)
    entry = chronology.save_entry(
        db,
        case.id,
        None,
        {"date": "03/04/2019", "agency": "Northshire Police", "source": "Record", "event": "Call"},
    )
    window = open_window(qtbot, db, data_dir)
    ws = window.open_case(case.id, "chronology")
    assert ws is not None
    page = ws.pages["chronology"]
    assert isinstance(page, ChronologyPage)
    model = page.model
    chronology.save_entry(db, case.id, entry.id, {"event": "Call from a neighbour"})  # elsewhere
    shown: list[ChangedMeanwhileDialog] = []

    def look(dialog: ChangedMeanwhileDialog) -> int:
        shown.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.grab().save(str(tmp_path / "changed-meanwhile-cell.png"))
        assert not dialog.edit_button.isVisible()  # a cell has no form to go back to
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing takes theirs: nothing saved
        return int(dialog.result())

    monkeypatch.setattr(ChangedMeanwhileDialog, "exec", look)
    event = model.index(0, 4)
    assert not model.setData(event, "Call about shouting")
    assert len(shown) == 1 and shown[0].choice == THEIRS
    rows = {shown[0].cell(r, 0).lstrip("✱ "): shown[0].cell(r, 1) for r in range(9)}
    assert rows["Event"] == "Call from a neighbour"
    assert shown[0].cell(shown[0].row_of("Event"), 2) == "Call about shouting"
    assert chronology.row(db, entry.id).event == "Call from a neighbour"
    assert model.data(event) == "Call from a neighbour"  # theirs is shown in the table
    assert "was not saved" in page.status.text() and "Call about shouting" in page.status.text()
    # the table now stands on their version: the next cell saves without a question
    assert model.setData(event, "Call about shouting")
    assert len(shown) == 1 and chronology.row(db, entry.id).event == "Call about shouting"
    # a tick over someone else's later change asks too; Keep mine saves it
    chronology.save_entry(db, case.id, entry.id, {"comment": "Checked with the control room"})
    chooser = Chooser(monkeypatch, KEEP)
    key = model.index(0, 5)
    assert model.setData(key, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert chooser.row("Key")[1:3] == ["No", "Yes"]
    assert chooser.row("Comment / analysis")[1:3] == ["Checked with the control room", "(empty)"]
    saved = chronology.row(db, entry.id)
    assert saved.key_event and saved.comment == "Checked with the control room"


def case_window(qtbot: Any, db: Database, case: Case, area: str) -> CaseWorkspace:
    """The case in a window of its own, at one of its pages (the test holds the window: its
    pages live as long as it does)."""
    ws = CaseWorkspace(db, case, area=area)
    qtbot.addWidget(ws)
    ws.show()
    return ws


def test_recording_a_step_someone_else_recorded_meanwhile_shows_both(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(db)
    ws = case_window(qtbot, db, case, "stages")
    stages = ws.pages["stages"]
    progress.record_step(db, case.id, "scoping", "2025-01-08", note="Scoping panel")  # elsewhere
    stages.step_choice.setCurrentIndex(stages.step_choice.findData("scoping"))
    stages.step_on.setText("2025-01-09")
    stages.step_override.setText("The panel met on the ninth")
    chooser = Chooser(monkeypatch, EDIT)
    assert not stages.record_step()
    who = getpass.getuser()
    assert chooser.row("Done on")[1:] == ["2025-01-08", "2025-01-09", "Both: you and " + who]
    assert chooser.row("Note")[1:3] == ["Scoping panel", "(empty)"]
    assert [s.done_on for s in progress.steps(db, case.id) if s.code == "scoping"] == [
        dt.date(2025, 1, 8)
    ]
    assert stages.step_override.text() == "The panel met on the ninth"  # kept to record again
    assert "Their version is in the list" in stages.step_error.text()
    assert stages.record_step() and len(chooser.dialogs) == 1  # on their version now
    assert [s.done_on for s in progress.steps(db, case.id) if s.code == "scoping"] == [
        dt.date(2025, 1, 9)
    ]


def test_resuming_a_pause_someone_else_resumed_shows_both(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case(db)
    pause = progress.add_pause(db, case.id, "criminal_trial", "2025-02-01", "Trial listed")
    ws = case_window(qtbot, db, case, "pauses")
    pauses = ws.pages["pauses"]
    assert pauses.select_record(pause.id)
    progress.resume_pause(db, pause.id, "2025-03-01")  # elsewhere
    pauses.resume_on.setText("2025-03-10")
    chooser = Chooser(monkeypatch, KEEP)
    assert pauses.resume()
    assert chooser.row("Work resumed")[1:3] == ["2025-03-01", "2025-03-10"]
    assert progress.pauses(db, case.id)[0].resumed_on == dt.date(2025, 3, 10)


def test_a_threshold_decision_on_a_test_changed_meanwhile_shows_both(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = open_trigger(db, "2025-03-01")
    for day in ("2025-01-10", "2025-01-20"):
        complain(db, ref, day, day)
    case = workspace.get_case(db, cases.id_of(db, ref))
    ws = case_window(qtbot, db, case, "threshold")
    page = ws.pages["threshold"]
    assert "NOT met" in page.verdict.text()
    complain(db, ref, "2025-02-01", "2025-02-01")  # someone else: the test is met now
    page.decided_on.setText("2025-03-05")
    page.decided_by.setText("A. Chair")
    chooser = Chooser(monkeypatch, THEIRS)
    assert not page.record()
    assert chooser.row("Complaints")[1:3] == [
        "3 considered, 3 counted towards the threshold",
        "2 considered, 2 counted towards the threshold",
    ]
    assert progress.threshold_decisions(db, case.id) == []
    assert "MET" in page.verdict.text() and "Not recorded" in page.error.text()
    chooser.choice = KEEP
    assert page.record() and len(chooser.dialogs) == 1
    assert progress.threshold_decisions(db, case.id)[0].outcome.value == "met"
