"""A DHR driven through the real widgets, stage by stage: opened from a police notification,
people, agencies and returns, the panel and a meeting, chronology entries, a pause and its
resume, recommendations with an action plan, a recorded step, a generated document — and what
the database and screens show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.domain import (
    Action,
    AgencyReturn,
    Case,
    CaseAgency,
    ChronologyEntry,
    GeneratedDocument,
    Meeting,
    MeetingAttendance,
    Milestone,
    PanelMember,
    Pause,
    Person,
    Recommendation,
)
from dhr_desk.services import cases
from dhr_desk.services import workspace as workspace_service
from ui import dialogs
from ui.case_pages import HistoryPage, Tabs
from ui.chronology_page import ChronologyPage
from ui.clock_pages import PausesPage, StagesPage
from ui.documents_page import DocumentsPage
from ui.forms import RecordForm
from ui.main_window import MainWindow
from ui.record_page import RecordPage
from ui.workspace import CaseWorkspace


def fill(form: RecordForm, **values: Any) -> None:
    for key, value in values.items():
        form.set_value(key, value)


def rows(db: Any, model: type[Any]) -> list[Any]:
    with db.session() as session:
        return list(session.scalars(select(model)))


def test_a_dhr_opens_from_the_police_notification(qtbot: Any, window: MainWindow, db: Any) -> None:
    dialog = window.new_dhr()
    notification = dialog.notification
    qtbot.keyClicks(notification.widgets["notification_received_on"], "2025-01-06")
    qtbot.keyClicks(notification.widgets["notified_by"], "DI Khan, Example Police")
    fill(notification, date_of_death="2024-12-30", title="Adult A")
    fill(dialog.victim, real_name="Joanne Example", pseudonym="Adult A")
    fill(dialog.suspect, real_name="Mark Example", relationship_to_victim="husband")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    case = rows(db, Case)[0]
    assert case.reference == "DHR-2025-001" and case.title == "Adult A"
    ws = window.current_workspace()
    assert ws is not None and ws.case_id == case.id
    assert window.tabs.tabText(window.tabs.currentIndex()) == "DHR-2025-001"
    assert {p.real_name for p in rows(db, Person)} == {"Joanne Example", "Mark Example"}


@pytest.fixture
def ws(window: MainWindow, db: Any) -> CaseWorkspace:
    """A DHR (victim and suspect known) open in its workspace."""
    case = cases.new_dhr(
        db,
        {"notification_received_on": "2025-01-06", "notified_by": "DI Khan, Example Police"},
        {"real_name": "Joanne Example", "pseudonym": "Adult A"},
        {"real_name": "Mark Example", "relationship_to_victim": "husband"},
    )
    opened = window.open_case(case.id)
    assert opened is not None
    return opened


def test_people_page_adds_a_family_member(ws: CaseWorkspace, db: Any) -> None:
    ws.show_area("people")
    people = ws.pages["people"]
    assert isinstance(people, RecordPage) and people.table_model.rowCount() == 2
    people.new_record()
    fill(
        people.form,
        real_name="Sam Example",
        pseudonym="Sibling B",
        role="family",
        relationship_to_victim="sister",
    )
    assert people.save()
    assert people.table_model.rowCount() == 3
    assert "Sam Example" in {p.real_name for p in rows(db, Person)}


def _request_return(ws: CaseWorkspace) -> RecordPage:
    ws.show_area("agencies")
    tabs = ws.pages["agencies"]
    assert isinstance(tabs, Tabs)
    returns = tabs.pages[1]
    tabs.tabs.setCurrentWidget(returns)
    returns.new_record()
    fill(
        returns.form,
        agency="Example ICB",
        return_type="imr",
        requested_on="2025-02-10",
        due_on="2025-03-24",
    )
    assert returns.save()
    return returns


def test_agencies_and_their_returns(ws: CaseWorkspace, db: Any) -> None:
    ws.show_area("agencies")
    tabs = ws.pages["agencies"]
    assert isinstance(tabs, Tabs)
    involved = tabs.pages[0]
    fill(
        involved.form,
        agency="Example Police",
        scoping_sent_on="2025-01-08",
        had_contact=True,
        records_secured_on="2025-01-09",
    )
    assert involved.save()
    _request_return(ws)
    (ret,) = rows(db, AgencyReturn)
    assert ret.due_on == dt.date(2025, 3, 24) and ret.received_on is None
    # naming an agency in a return lists it among the case's agencies too
    assert len(rows(db, CaseAgency)) == 2


def test_the_panel_and_a_meeting_it_is_invited_to(qtbot: Any, ws: CaseWorkspace, db: Any) -> None:
    ws.show_area("panel")
    panel = ws.pages["panel"]
    assert isinstance(panel, RecordPage)
    fill(panel.form, name="Dr Chris Chair", role="chair_and_author", independent=True)
    assert panel.save()
    panel.new_record()
    fill(panel.form, name="Pat Police", role="member", agency="Example Police")
    assert panel.save()
    assert len(rows(db, PanelMember)) == 2

    # a meeting: agenda, attendance (the panel invited), an action, minutes
    ws.show_area("meetings")
    meetings = ws.pages["meetings"]
    assert isinstance(meetings, RecordPage)
    assert meetings.form.raw("kind") == "panel" and meetings.form.raw("number") == "1"
    fill(
        meetings.form,
        held_on="2025-02-20",
        start_time="10:00",
        location="Town Hall",
        agenda="Terms of Reference\nAgencies in scope",
    )
    assert meetings.save()
    meeting_id = meetings.current_id
    invite = next(b for b in meetings.extra_buttons if "panel" in b.text().lower())
    qtbot.mouseClick(invite, Qt.MouseButton.LeftButton)
    attendance, actions = meetings.details
    assert attendance.table_model.rowCount() == 2
    actions.new_record()
    fill(
        actions.form,
        description="Send the ToR to every agency",
        owner="Coordinator",
        due_on="2025-02-27",
    )
    assert actions.save()
    fill(meetings.form, status="held", minutes="The panel agreed the Terms of Reference.")
    assert meetings.save()
    with db.session() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.status.value == "held" and len(meeting.actions) == 1
    assert len(rows(db, MeetingAttendance)) == 2


def test_chronology_entries_are_added_corrected_and_filtered(ws: CaseWorkspace, db: Any) -> None:
    ws.show_area("chronology")
    chron = ws.pages["chronology"]
    assert isinstance(chron, ChronologyPage)
    for day, agency, event in (
        ("2024-06-01", "Example Police", "Call about a disturbance at the home"),
        ("2024-03-15", "Example ICB", "GP appointment; low mood recorded"),
    ):
        fill(chron.form, occurred_on=day, agency=agency, source="Agency chronology", event=event)
        assert chron.save()
    assert chron.model.rowCount() == 2
    chron.proxy.sort(0, Qt.SortOrder.AscendingOrder)
    first = chron.proxy.index(0, 4)
    assert "GP appointment" in chron.proxy.data(first)
    assert chron.proxy.setData(first, "GP appointment; low mood and bruising recorded")
    assert any("bruising" in e.event for e in rows(db, ChronologyEntry))
    chron.words_filter.setText("disturbance")
    assert chron.proxy.rowCount() == 1
    chron.words_filter.clear()


def test_a_pause_for_the_trial_then_resumed(ws: CaseWorkspace, db: Any) -> None:
    ws.show_area("pauses")
    pauses = ws.pages["pauses"]
    assert isinstance(pauses, PausesPage)
    fill(pauses.form, reason="criminal_trial", started_on="2025-03-01", detail="Crown Court")
    assert pauses.save()
    pauses.resume_on.setText("2025-05-01")
    assert pauses.resume()
    (pause,) = rows(db, Pause)
    assert pause.resumed_on == dt.date(2025, 5, 1)


def test_a_recommendation_with_its_action_plan(ws: CaseWorkspace, db: Any) -> None:
    ws.show_area("recommendations")
    recs = ws.pages["recommendations"]
    assert isinstance(recs, RecordPage)
    fill(
        recs.form,
        text="Agencies should ask about coercive control at every contact.",
        agency="Example ICB",
    )
    assert recs.save()
    action_page = recs.details[0]
    fill(
        action_page.form,
        description="Train GPs in routine enquiry",
        target_on="2025-09-30",
        agency="Example ICB",
    )
    assert action_page.save()
    (rec,) = rows(db, Recommendation)
    (action,) = rows(db, Action)
    assert rec.number == 1 and action.recommendation_id == rec.id


def test_a_step_is_recorded_and_taken_back_only_with_a_reason(ws: CaseWorkspace, db: Any) -> None:
    ws.show_area("stages")
    stages = ws.pages["stages"]
    assert isinstance(stages, StagesPage)
    stages.step_choice.setCurrentIndex(stages.step_choice.findData("scoping"))
    stages.step_on.setText("2025-01-08")
    assert stages.record_step()
    assert {m.step for m in rows(db, Milestone)} >= {"notification", "scoping"}
    done = [stages.steps_table.item(r, 2).text() for r in range(stages.steps_table.rowCount())]
    assert done.count("done") >= 2
    stages.step_choice.setCurrentIndex(stages.step_choice.findData("scoping"))
    assert not stages.remove_step()
    assert "give the reason" in stages.step_error.text()
    assert "scoping" in {m.step for m in rows(db, Milestone)}
    stages.step_override.setText("Recorded a week early")
    assert stages.remove_step()
    assert "scoping" not in {m.step for m in rows(db, Milestone)}
    stages.step_choice.setCurrentIndex(stages.step_choice.findData("scoping"))
    stages.step_on.setText("2025-01-15")
    assert stages.record_step()


def test_a_document_is_generated_in_the_background_one_copy_per_recipient(
    qtbot: Any, ws: CaseWorkspace, db: Any, tmp_path: Any
) -> None:
    ws.show_area("documents")
    docs_page = ws.pages["documents"]
    assert isinstance(docs_page, DocumentsPage)
    docs_page.open_generate()
    gen = docs_page.dialog
    gen.kind.setCurrentIndex(gen.kind.findData("terms_of_reference"))
    gen.folder.setText(str(tmp_path / "out"))
    gen.recipients.setPlainText("Example Police\nExample ICB")
    with qtbot.waitSignal(gen.generated, timeout=60_000) as made:
        qtbot.mouseClick(gen.generate_button, Qt.MouseButton.LeftButton)
    files = made.args[0]
    assert len(files) == 2 and all(f.path.exists() for f in files)
    assert gen.progress.value() == 100 and gen.open_button.isVisibleTo(gen)
    with db.session() as session:
        (doc,) = session.scalars(select(GeneratedDocument))
        assert doc.kind == "terms_of_reference"
        assert {d.recipient for d in doc.distributions} == {"Example Police", "Example ICB"}
    assert docs_page.table.rowCount() == 1
    assert "Example Police" in docs_page.table.item(0, 7).text()
    gen.accept()


def test_history_and_dashboard_show_the_work(
    qtbot: Any, window: MainWindow, ws: CaseWorkspace, db: Any
) -> None:
    _request_return(ws)  # due 24 March 2025: overdue by now
    (ret,) = rows(db, AgencyReturn)
    ws.show_area("history")
    history = ws.pages["history"]
    assert isinstance(history, HistoryPage) and history.table.rowCount() >= 6
    window.tabs.setCurrentWidget(window.dashboard)
    wait_refreshed(qtbot, window)
    board = window.dashboard.board
    assert board is not None
    assert any(
        i.area == "agencies" and i.record_kind == "agency_return" and i.record_id == ret.id
        for i in board.returns
    )
    assert window.case_list.model.rowCount() == 1


def test_typing_a_date_that_does_not_exist_is_named_and_nothing_is_lost(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    dialog = window.new_dhr()
    field = dialog.notification.widgets["notification_received_on"]
    qtbot.keyClicks(field, "2025-02-30")
    assert "February 2025 has 28 days" in dialog.notification.problem_text(
        "notification_received_on"
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert rows(db, Case) == []
    assert "notified by" in dialog.notification.problem_text("notified_by").lower()
    assert field.text() == "2025-02-30"  # what was typed is still there
    field.clear()
    qtbot.keyClicks(field, "2025-02-28")
    assert dialog.notification.problem_text("notification_received_on") == ""


def test_leaving_unsaved_edits_asks_and_keeps_them(
    qtbot: Any, window: MainWindow, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dhr_desk.services import cases

    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    window.refresh()
    wait_refreshed(qtbot, window)
    ws = window.open_case(case.id)
    assert ws is not None
    ws.show_area("people")
    people = ws.pages["people"]
    fill(people.form, real_name="Half typed", role="witness")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda _p, what: asked.append(what) or "cancel")
    assert not ws.show_area("chronology")
    assert ws.current_page() is people and people.form.raw("real_name") == "Half typed"
    assert not window.close_tab(window.tabs.indexOf(ws))
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda _p, what: "save")
    assert window.close()
    assert [p.real_name for p in rows(db, Person)] == ["Half typed"]
    assert asked


def test_service_problem_is_shown_next_to_its_field(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    from dhr_desk.services import cases

    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    ws = window.open_case(case.id)
    assert ws is not None
    ws.show_area("pauses")
    pauses = ws.pages["pauses"]
    fill(pauses.form, reason="inquest", started_on="2025-03-01")
    assert pauses.save()
    fill(pauses.form, resumed_on="2025-02-01")  # before it started
    assert not pauses.save()
    assert pauses.form.problem_text("resumed_on")
    assert rows(db, Pause)[0].resumed_on is None


def test_cancelling_a_generation_writes_nothing(
    qtbot: Any, window: MainWindow, db: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dhr_desk.services import cases
    from ui.jobs import JobThread

    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    ws = window.open_case(case.id)
    assert ws is not None
    ws.show_area("documents")
    ws.pages["documents"].open_generate()
    gen = ws.pages["documents"].dialog
    gen.folder.setText(str(tmp_path / "out"))
    original = JobThread.start

    def start_cancelled(thread: JobThread) -> None:
        thread.cancel()  # the coordinator pressed Cancel straight away
        original(thread)

    monkeypatch.setattr(JobThread, "start", start_cancelled)
    gen.start()
    qtbot.waitUntil(lambda: gen.job is None, timeout=60_000)
    assert "Cancelled" in gen.message.text()
    assert list((tmp_path / "out").iterdir()) == []
    assert rows(db, GeneratedDocument) == []


def test_keyboard_new_save_and_find(qtbot: Any, window: MainWindow, db: Any) -> None:
    from PySide6.QtGui import QKeySequence

    from dhr_desk.services import cases

    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    ws = window.open_case(case.id, "people")
    assert ws is not None
    people = ws.pages["people"]
    window.new_action.trigger()  # Ctrl+N: a new record where the coordinator is
    assert people.current_id is None
    qtbot.keyClicks(people.form.widgets["real_name"], "Keyboard Person")
    people.form.set_value("role", "witness")
    window.save_action.trigger()  # Ctrl+S
    assert [p.real_name for p in rows(db, Person)] == ["Keyboard Person"]
    ws.show_area("chronology")
    window.find_action.trigger()  # Ctrl+F: the chronology's search box
    assert ws.pages["chronology"].words_filter.hasFocus() or not window.isActiveWindow()
    # every form field has a name for screen readers
    for form in ws.findChildren(RecordForm):
        assert all(w.accessibleName() for w in form.widgets.values())


def test_an_entry_after_the_death_is_saved_only_once_confirmed(
    ws: CaseWorkspace, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace_service.update_case(db, ws.case_id, {"date_of_death": "2024-12-30"})
    ws.show_area("chronology")
    chron = ws.pages["chronology"]
    assert isinstance(chron, ChronologyPage)
    asked: list[str] = []

    def answer(reply: bool) -> None:
        def confirm(_parent: Any, _title: str, text: str) -> bool:
            asked.append(text)
            return reply

        monkeypatch.setattr(dialogs, "confirm", confirm)

    entry = {"occurred_on": "2025-01-02", "source": "Police log", "event": "Family visited"}
    answer(False)
    fill(chron.form, **entry)
    assert not chron.save()
    assert "after the date of death (30 December 2024)" in asked[-1]
    assert rows(db, ChronologyEntry) == [] and chron.form.raw("event") == "Family visited"
    answer(True)
    assert chron.save()
    assert [e.event for e in rows(db, ChronologyEntry)] == ["Family visited"]


def test_a_case_opened_from_the_list_opens_on_its_summary(window: MainWindow, db: Any) -> None:
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    opened = window.open_case(case.id)
    assert opened is not None and opened.areas[opened.nav.currentRow()] == "summary"
