"""No keystroke lost: what the coordinator types is kept as an encrypted draft every few
seconds; after a crash the next window offers it back, record by record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk import records
from dhr_desk.domain import AuditEntry, Case, Meeting, MeetingAttendance, Person
from dhr_desk.services import cases, drafts, workspace
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir
from ui import dialogs
from ui.changed_meanwhile import ChangedMeanwhileDialog
from ui.drafts import RestoreDraftsDialog
from ui.main_window import MainWindow

TYPED_NAME = "Zebedee Quartermaine"
TYPED_NOTE = "Seen at the Wharfside surgery"


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions a coordinator would answer; unsaved edits are discarded when asked."""
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda _p, what: asked.append(what) or "discard")
    return asked


def open_window(qtbot: Any, db: Database, data_dir: DataDir) -> MainWindow:
    window = MainWindow(db, data_dir)
    wait_refreshed(qtbot, window)
    qtbot.addWidget(window)
    window.show()
    window.drafts.timer.setInterval(20)  # the timer fires every few seconds; a test need not wait
    return window


def crash(window: MainWindow) -> None:
    """The process dies: no close event, no question asked, nothing saved — the window is gone."""
    shiboken6.delete(window)


def audit_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(AuditEntry.id))) or 0)


def new_case(db: Database) -> Case:
    return cases.new_dhr(
        db,
        {"notification_received_on": "2025-01-06", "notified_by": "DI Khan"},
        victim={"real_name": "Joanne Example", "pseudonym": "Adult A"},
    )


def victim_id(db: Database, case_id: int) -> int:
    with db.session() as session:
        return session.scalars(select(Person.id).where(Person.case_id == case_id)).one()


def test_typed_values_survive_a_crash_and_come_back_unsaved_in_their_form(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    case = new_case(db)
    audited = audit_count(db)
    window = MainWindow(db, data_dir)
    wait_refreshed(qtbot, window)
    window.show()
    window.drafts.timer.setInterval(20)
    ws = window.open_case(case.id, "people")
    assert ws is not None
    people = ws.pages["people"]
    people.new_record()
    qtbot.keyClicks(people.form.widgets["real_name"], TYPED_NAME)
    qtbot.keyClicks(people.form.widgets["address"], TYPED_NOTE)
    qtbot.waitUntil(
        lambda: [d.content.get("address") for d in drafts.kept(db)] == [TYPED_NOTE], timeout=5000
    )
    assert audit_count(db) == audited  # typing does not flood the audit trail

    # the draft is inside the encrypted database: no plaintext in the file, its WAL or anywhere
    # in the data folder
    database = data_dir.database
    wal = Path(f"{database}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    for path in [database, wal, *data_dir.root.rglob("*")]:
        if path.is_file():
            data = path.read_bytes()
            assert TYPED_NAME.encode() not in data and TYPED_NOTE.encode() not in data, path
    assert not database.read_bytes().startswith(b"SQLite format 3")

    crash(window)
    assert drafts.count(db) == 1

    window = open_window(qtbot, db, data_dir)
    dialog = window.drafts.offer_restore()
    assert isinstance(dialog, RestoreDraftsDialog) and dialog.isVisible()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == case.reference
    assert "new person, never saved" in dialog.table.item(0, 1).text()
    assert TYPED_NAME in dialog.table.item(0, 1).text()
    assert "today at" in dialog.table.item(0, 2).text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()  # nothing left to restore

    ws = window.current_workspace()
    assert ws is not None and ws.case_id == case.id and ws.current_page() is ws.pages["people"]
    people = ws.pages["people"]
    assert people.current_id is None  # a new person, not yet saved
    assert people.form.raw("real_name") == TYPED_NAME
    assert people.form.raw("address") == TYPED_NOTE
    assert people.form.dirty and "check them and save" in people.status.text()
    with db.session() as session:
        assert TYPED_NAME not in set(session.scalars(select(Person.real_name)))

    people.form.set_value("role", "family")
    assert people.save()
    assert drafts.count(db) == 0  # saved: the draft goes at once
    with db.session() as session:
        assert TYPED_NAME in set(session.scalars(select(Person.real_name)))


def test_changes_to_saved_records_and_a_new_nested_record_are_restored_in_place(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    first = new_case(db)
    second = new_case(db)
    meeting = records.add(db, Meeting, second.id, {"held_on": "2025-03-01", "number": 1})
    records.add(db, Meeting, second.id, {"held_on": "2025-04-01", "number": 2})
    window = MainWindow(db, data_dir)
    wait_refreshed(qtbot, window)
    window.show()
    window.drafts.timer.setInterval(20)
    ws = window.open_case(first.id, "summary")
    assert ws is not None
    ws.pages["summary"].form.set_value("title", "Adult A (restored title)")
    ws = window.open_case(second.id, "meetings", "meeting", meeting.id)
    assert ws is not None
    meetings = ws.pages["meetings"]
    meetings.form.set_value("location", "Typed Town Hall")
    attendance = meetings.details[0]
    attendance.new_record()
    attendance.form.set_value("name", "Dr Typed Attendee")
    qtbot.waitUntil(lambda: drafts.count(db) == 3, timeout=5000)
    crash(window)

    window = open_window(qtbot, db, data_dir)
    dialog = window.drafts.offer_restore()
    assert dialog is not None
    listed = [
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
        for r in range(dialog.table.rowCount())
    ]
    assert len(listed) == 3
    assert sorted(listed) == [
        (first.reference, "Changes to the case summary: “Adult A (restored title)”"),
        (second.reference, "A new attendee, never saved: “Dr Typed Attendee”"),
        (second.reference, "Changes to a meeting: “Typed Town Hall”"),
    ]
    # the attendee first: its meeting is selected for it, and the meeting's own edits follow
    dialog.table.selectRow(next(i for i, (_r, t) in enumerate(listed) if "attendee" in t))
    assert dialog.restore_selected(), dialog.problem.text()
    while dialog.table.rowCount():
        dialog.table.selectRow(0)
        assert dialog.restore_selected(), dialog.problem.text()

    summary = window.workspaces[first.id].pages["summary"]
    assert summary.form.raw("title") == "Adult A (restored title)" and summary.form.dirty
    ws = window.workspaces[second.id]
    meetings = ws.pages["meetings"]
    attendance = meetings.details[0]
    assert meetings.current_id == meeting.id  # the meeting it belongs to, not the last one
    assert meetings.form.raw("location") == "Typed Town Hall" and meetings.form.dirty
    assert meetings.detail_tabs.currentWidget() is meetings.editor  # the last one restored
    assert attendance.current_id is None and attendance.form.raw("name") == "Dr Typed Attendee"
    assert attendance.form.raw("status") == "invited"
    assert attendance.save() and meetings.save()
    with db.session() as session:
        saved = session.scalars(select(MeetingAttendance)).one()
        assert saved.meeting_id == meeting.id and saved.name == "Dr Typed Attendee"
        assert session.get(Meeting, meeting.id).location == "Typed Town Hall"  # type: ignore[union-attr]
    assert summary.save()
    assert workspace_title(db, first.id) == "Adult A (restored title)"
    assert drafts.count(db) == 0


def workspace_title(db: Database, case_id: int) -> str:
    with db.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.title


def test_a_draft_of_a_record_deleted_since_comes_back_as_a_new_record(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    case = new_case(db)
    person = victim_id(db, case.id)
    window = MainWindow(db, data_dir)
    wait_refreshed(qtbot, window)
    window.show()
    window.drafts.timer.setInterval(20)
    ws = window.open_case(case.id, "people")
    assert ws is not None
    assert ws.pages["people"].select_record(person)
    ws.pages["people"].form.set_value("address", TYPED_NOTE)
    qtbot.waitUntil(lambda: drafts.count(db) == 1, timeout=5000)
    crash(window)
    records.delete(db, Person, person)  # say, from the command line

    window = open_window(qtbot, db, data_dir)
    dialog = window.drafts.offer_restore()
    assert dialog is not None and dialog.restore_selected()
    ws = window.current_workspace()
    assert ws is not None
    people = ws.pages["people"]
    assert people.current_id is None and people.form.raw("address") == TYPED_NOTE
    assert "deleted since" in people.status.text()
    qtbot.waitUntil(lambda: [d.place.record_id for d in drafts.kept(db)] == [None], timeout=5000)


def test_saving_or_discarding_drops_the_draft_and_a_clean_close_leaves_none(
    qtbot: Any, db: Database, data_dir: DataDir, answers: list[str]
) -> None:
    case = new_case(db)
    window = open_window(qtbot, db, data_dir)
    ws = window.open_case(case.id, "summary")
    assert ws is not None
    summary = ws.pages["summary"]
    summary.form.set_value("title", "Adult B")
    assert window.drafts.keep_now() == 1
    assert window.drafts.keep_now() == 0  # unchanged values are not written again
    summary.form.set_value("title", "Adult C")
    assert window.drafts.keep_now() == 1 and drafts.count(db) == 1
    assert summary.save()
    assert drafts.count(db) == 0

    ws.show_area("people")
    people = ws.pages["people"]
    people.new_record()
    people.form.set_value("real_name", "Someone Unsaved")
    assert window.drafts.keep_now() == 1
    people.new_record()  # asked: the edits are discarded on purpose
    assert answers[-1] == "this person"
    assert drafts.count(db) == 0

    ws.pages["people"].form.set_value("real_name", "Typed Then Closed")
    assert window.drafts.keep_now() == 1
    window.close()  # asked again, discarded: nothing is left for the next start
    assert answers[-1] == "this person" and len(answers) == 2
    assert drafts.count(db) == 0
    assert open_window(qtbot, db, data_dir).drafts.offer_restore() is None


def test_drafts_left_for_later_are_offered_again_and_can_be_discarded(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    case = new_case(db)
    window = MainWindow(db, data_dir)
    wait_refreshed(qtbot, window)
    window.show()
    ws = window.open_case(case.id, "chronology")
    assert ws is not None
    chronology = ws.pages["chronology"]
    chronology.form.set_value("occurred_on", "2024-11-02")
    chronology.form.set_value("event", "A typed chronology entry")
    assert window.drafts.keep_now() == 1
    crash(window)

    window = open_window(qtbot, db, data_dir)
    dialog = window.drafts.offer_restore()
    assert dialog is not None
    assert dialog.table.item(0, 1).text().startswith("A new chronology entry, never saved")
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and drafts.count(db) == 1
    window.close()

    window = open_window(qtbot, db, data_dir)
    dialog = window.drafts.offer_restore()
    assert dialog is not None and dialog.table.rowCount() == 1
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert drafts.count(db) == 0 and not dialog.isVisible()


def test_drafts_wait_while_a_document_or_backup_is_made_in_the_background(
    qtbot: Any, db: Database, data_dir: DataDir
) -> None:
    """A background job reads for seconds before it writes; a draft written meanwhile would
    make it fail with "database is busy"."""
    import threading

    from ui.jobs import JobThread

    case = new_case(db)
    window = open_window(qtbot, db, data_dir)
    window.drafts.timer.stop()  # looked at by hand below
    ws = window.open_case(case.id, "summary")
    assert ws is not None
    release = threading.Event()
    job = JobThread(lambda _progress, _cancelled: release.wait(10), window)
    job.start()
    qtbot.waitUntil(job.isRunning, timeout=5000)
    ws.pages["summary"].form.set_value("title", "Typed while a document is made")
    assert window.drafts.keep_now() == 0 and drafts.count(db) == 0
    release.set()
    qtbot.waitUntil(lambda: job.isFinished(), timeout=5000)
    assert window.drafts.keep_now() == 1 and drafts.count(db) == 1


def test_a_draft_restored_over_a_later_change_is_saved_only_after_both_are_shown(
    qtbot: Any, db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft keeps the version its edits were typed against, not the one restored on."""
    case = new_case(db)
    person = victim_id(db, case.id)
    window = MainWindow(db, data_dir)  # not closed by the test: it crashes
    wait_refreshed(qtbot, window)
    window.show()
    window.drafts.timer.setInterval(20)
    ws = window.open_case(case.id, "people")
    assert ws is not None
    people = ws.pages["people"]
    assert people.select_record(person)
    people.form.widgets["pseudonym"].clear()
    qtbot.keyClicks(people.form.widgets["pseudonym"], "Cleo")
    qtbot.waitUntil(
        lambda: [d.content.get("pseudonym") for d in drafts.kept(db)] == ["Cleo"], timeout=5000
    )
    crash(window)
    # a colleague changes the person while this laptop is down
    workspace.save(db, Person, case.id, person, {"pseudonym": "Bea", "address": "12 Harbour Row"})

    shown: list[ChangedMeanwhileDialog] = []

    def take_theirs(dialog: ChangedMeanwhileDialog) -> int:
        shown.append(dialog)
        dialog.theirs_button.click()
        return int(dialog.result())

    monkeypatch.setattr(ChangedMeanwhileDialog, "exec", take_theirs)
    window = open_window(qtbot, db, data_dir)
    dialog = window.drafts.offer_restore()
    assert dialog is not None and dialog.restore_selected()
    ws = window.current_workspace()
    assert ws is not None
    people = ws.pages["people"]
    assert people.current_id == person and people.form.raw("pseudonym") == "Cleo"
    assert not people.save()
    assert len(shown) == 1
    rows = {
        shown[0].cell(r, 0).lstrip("✱ "): [shown[0].cell(r, c) for c in (1, 2)]
        for r in range(shown[0].table.rowCount())
    }
    assert rows["Pseudonym"] == ["Bea", "Cleo"]
    assert rows["Address"] == ["12 Harbour Row", "(empty)"]
    with db.session() as session:
        saved = session.get(Person, person)
        assert saved is not None and (saved.pseudonym, saved.address) == ("Bea", "12 Harbour Row")
    assert people.form.raw("pseudonym") == "Bea"
    assert people.form.other_shown("pseudonym") == "Your version (not saved): Cleo"
