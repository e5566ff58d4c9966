"""Messages a coordinator can trust: errors, warnings and confirmations each with their own look
(colour and an icon, and words a screen reader speaks); fields named as the screen labels them;
counts with the right noun; what a step or a threshold decision recorded; a red line that goes
once its fields are put right; and the question about unsaved changes asked only when something
changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.domain import PanelMember, Recommendation
from dhr_desk.services import cases, workspace
from dhr_desk.services.demo import load_demo
from ui import dialogs
from ui.app import apply_style
from ui.clock_pages import StagesPage
from ui.main_window import MainWindow
from ui.messages import Notice
from ui.record_page import RecordPage
from ui.threshold_page import ThresholdPage
from ui.workspace import CaseWorkspace


@pytest.fixture
def styled() -> Any:
    """The app's own style sheet, as the coordinator sees it (taken off again afterwards)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    yield app
    app.setStyleSheet("")


@pytest.fixture
def ws(window: MainWindow, db: Any) -> CaseWorkspace:
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    opened = window.open_case(case.id)
    assert opened is not None
    return opened


def background(notice: Notice) -> QColor:
    """The colour of the thick bar down the message's left edge."""
    image = notice.grab().toImage()
    return image.pixelColor(2, image.height() // 2)


def test_errors_warnings_and_confirmations_each_look_different(
    qtbot: Any, styled: Any, ws: CaseWorkspace
) -> None:
    ws.show_area("people")
    people = ws.pages["people"]
    assert isinstance(people, RecordPage)
    assert not people.save()  # nothing typed: the name and role are required
    assert people.status.kind == "error" and people.status.text().startswith("Not saved")
    assert people.status.accessibleName().startswith("Problem:")
    assert not people.status.icon.pixmap().isNull()
    error_colour = background(people.status)
    assert error_colour.red() > error_colour.green() + 20  # red, not the green of success

    people.form.set_value("real_name", "Sam Example")
    people.form.set_value("role", "witness")
    assert people.save()
    assert people.status.kind == "done" and people.status.text() == "Added the person."
    assert people.status.accessibleName().startswith("Done:")
    done_colour = background(people.status)
    assert done_colour.green() > done_colour.red() + 10

    people.status.warning("Restored edits kept today: check them and save.")
    assert people.status.accessibleName().startswith("Please check:")
    warning_colour = background(people.status)
    assert len({error_colour.name(), done_colour.name(), warning_colour.name()}) == 3


def test_a_refusal_names_the_field_as_the_screen_does(window: MainWindow, db: Any) -> None:
    case = cases.new_trigger(
        db,
        {"received_on": dt.date.today().isoformat(), "channel": "email"},
        {"real_name": "Ann Applicant"},
    )
    ws = window.open_case(case.id)
    assert ws is not None
    ws.show_area("threshold")
    page = ws.pages["threshold"]
    assert isinstance(page, ThresholdPage)
    page.decided_by.setText("")
    assert not page.record()
    assert page.error.kind == "error"
    assert page.error.text() == "Nothing was saved: Decided by is required."
    assert "decided_by" not in page.error.text()
    page.decided_by.setText("Head of Community Safety")  # the red line goes with the edit
    assert page.error.kind == ""


def test_the_label_is_said_once_and_a_problem_without_a_field_is_in_words(
    ws: CaseWorkspace,
) -> None:
    ws.show_area("people")
    people = ws.pages["people"]
    assert isinstance(people, RecordPage)
    general = people.form.show_problems(
        [("real_name", "real name is required"), ("case_id", "is not a case")], banner=False
    )
    assert people.form.problem_text("real_name") == "Real name is required."
    assert general == ["Case is not a case."]


def test_a_reference_already_in_use_is_said_in_plain_words(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    first = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    second = cases.new_dhr(db, {"notification_received_on": "2025-02-06", "notified_by": "DI K"})
    ws = window.open_case(second.id)
    assert ws is not None
    summary = ws.pages["summary"]
    dialog = summary.change_reference()  # type: ignore[attr-defined]
    dialog.reference.setText(first.reference)
    dialog.reason.setText("Numbering agreed with the partnership")
    dialog.accept()
    assert dialog.notice.kind == "error"
    assert dialog.notice.text() == (
        f"Nothing was saved: {first.reference} is already used by another case."
    )


def test_counts_agree_with_their_nouns(
    qtbot: Any, window: MainWindow, ws: CaseWorkspace, db: Any
) -> None:
    workspace.save(db, PanelMember, ws.case_id, None, {"name": "Dr Chair", "role": "chair"})
    ws.show_area("meetings")
    meetings = ws.pages["meetings"]
    assert isinstance(meetings, RecordPage)
    meetings.form.set_value("held_on", "2025-02-20")
    assert meetings.save()
    invite = meetings.extra_buttons[0]
    invite.click()
    assert meetings.status.text() == "Invited 1 panel member to this meeting."
    invite.click()
    assert meetings.status.text() == "Every current panel member is already invited."
    window.refresh()
    wait_refreshed(qtbot, window)
    summary = window.dashboard.summary.text()
    assert "1 open case." in summary and "(s)" not in summary
    assert "Overdue: 1 deadline." in summary  # the decision, a month after the notification


def test_recording_a_step_says_what_was_recorded(ws: CaseWorkspace) -> None:
    ws.show_area("stages")
    stages = ws.pages["stages"]
    assert isinstance(stages, StagesPage)
    stages.step_choice.setCurrentIndex(stages.step_choice.findData("scoping"))
    stages.step_on.setText("2025-01-08")
    assert stages.record_step()
    assert stages.step_error.kind == "done"
    assert stages.step_error.text() == (
        "Recorded 'Agencies asked about contact and to secure records' as done on 8 January 2025."
    )
    stages.step_on.setText("2025-01-32")
    assert stages.step_error.kind == "error" and "is not a date" in stages.step_error.text()
    stages.step_on.setText("2025-01-31")  # put right: the red line goes
    assert stages.step_error.kind == ""


def test_recording_the_threshold_decision_says_what_was_recorded(
    window: MainWindow, db: Any
) -> None:
    today = dt.date.today()
    case = cases.new_trigger(
        db, {"received_on": today.isoformat(), "channel": "email"}, {"real_name": "Ann A"}
    )
    ws = window.open_case(case.id)
    assert ws is not None
    ws.show_area("threshold")
    page = ws.pages["threshold"]
    assert isinstance(page, ThresholdPage)
    page.decided_by.setText("Head of Community Safety")
    assert page.record()
    assert page.error.kind == "done"
    text = page.error.text()
    assert text.startswith(f"Recorded the threshold decision of {today.day} {today:%B %Y}")
    assert "by Head of Community Safety: the threshold is not met" in text


def test_the_red_line_goes_once_its_fields_are_put_right(ws: CaseWorkspace) -> None:
    ws.show_area("people")
    people = ws.pages["people"]
    assert isinstance(people, RecordPage)
    people.form.set_value("date_of_birth", "1990-13-01")
    assert not people.save()  # no name, and a month that does not exist
    assert people.status.kind == "error"
    people.form.set_value("real_name", "Sam Example")
    assert people.status.kind == "error"  # the date of birth is still wrong
    people.form.set_value("date_of_birth", "1990-12-01")
    assert people.status.kind == "" and not people.status.isVisibleTo(people)
    ws.show_area("summary")
    summary = ws.pages["summary"]
    summary.form.set_value("title", "")  # type: ignore[attr-defined]
    assert not summary.save()  # type: ignore[attr-defined]
    assert summary.status.kind == "error"  # type: ignore[attr-defined]
    summary.form.set_value("title", "Adult A")  # type: ignore[attr-defined]
    assert summary.status.kind == ""  # type: ignore[attr-defined]


def test_leaving_a_record_only_viewed_asks_nothing(
    qtbot: Any, window: MainWindow, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(db)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda _p, what: asked.append(what) or "cancel")
    ws = window.open_case(cases.id_of(db, "DHR-2025-003"))
    assert ws is not None
    ws.show_area("recommendations")
    recs = ws.pages["recommendations"]
    assert isinstance(recs, RecordPage) and len(recs.table_model.rows) >= 2
    first, second = recs.table_model.rows[:2]
    recs.table.selectRow(0)
    agency = recs.form.widgets["agency"]
    # an editable list re-selects its own text as it loses focus: it says it changed
    agency.currentIndexChanged.emit(agency.currentIndex())  # type: ignore[attr-defined]
    agency.editTextChanged.emit(agency.currentText())  # type: ignore[attr-defined]
    assert not recs.form.dirty
    recs.table.selectRow(1)
    assert asked == [] and recs.current_id == second.id
    # typing and taking it back is no change either
    recs.form.set_value("source", "overview and IMRs")
    recs.form.set_value("source", recs.current().source)
    assert not recs.form.dirty
    ws.show_area("people")
    assert asked == [] and ws.current_page() is ws.pages["people"]
    # a real change is asked about, and kept when the coordinator stays
    ws.show_area("recommendations")
    recs.select_record(first.id)
    recs.form.set_value("text", "Changed wording")
    recs.table.selectRow(1)
    assert asked == ["this recommendation"]
    assert recs.current_id == first.id and recs.form.raw("text") == "Changed wording"
    with db.session() as session:
        assert session.get(Recommendation, first.id).text != "Changed wording"  # type: ignore[union-attr]
