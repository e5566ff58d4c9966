"""A Community Trigger through the window (application, complaints, threshold, decision), the
case list's search and filters, and the settings dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from sqlalchemy import select
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.domain import Case, Complaint, DeadlineRule, Decision, DecisionKind
from dhr_desk.records import settings
from dhr_desk.services import cases
from dhr_desk.workflow import closure_days
from ui import dialogs
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog


def test_community_trigger_from_application_to_threshold_decision(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    today = dt.date.today()
    dialog = window.new_trigger()
    dialog.application.set_value("received_on", today.isoformat())
    dialog.application.set_value("channel", "email")
    dialog.application.set_value("on_behalf_of_victim", True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # no applicant: anonymous applications are refused, next to the applicant's name
    assert "required" in dialog.applicant.problem_text("real_name")
    dialog.applicant.set_value("real_name", "Cllr Jo Bloggs")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "consent" in dialog.application.problem_text("consent_obtained_on").lower()
    with db.session() as session:
        assert session.scalars(select(Case)).all() == []
    dialog.application.set_value("consent_obtained_on", today.isoformat())
    dialog.on_behalf.set_value("real_name", "Pat Resident")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ws = window.current_workspace()
    assert ws is not None and ws.reference.startswith("CT-")

    ws.show_area("application")
    complaints = ws.pages["application"].pages[1]
    for days_ago, to in ((60, "Police"), (40, "Council ASB team"), (20, "Housing provider")):
        day = (today - dt.timedelta(days=days_ago)).isoformat()
        complaints.new_record()
        complaints.form.set_value("incident_on", day)
        complaints.form.set_value("reported_on", day)
        complaints.form.set_value("reported_to", to)
        complaints.form.set_value("matter", "Noise and threats from next door")
        assert complaints.save()
    with db.session() as session:
        assert len(session.scalars(select(Complaint)).all()) == 3

    ws.show_area("threshold")
    page = ws.pages["threshold"]
    assert "MET" in page.verdict.text() and "NOT" not in page.verdict.text()
    page.decided_by.setText("Head of Community Safety")
    assert page.record()
    with db.session() as session:
        decision = session.scalars(select(Decision)).one()
        assert decision.kind == DecisionKind.THRESHOLD and decision.decided_by.startswith("Head")

    ws.show_area("stages")
    states = {
        ws.pages["stages"].steps_table.item(r, 0).text(): ws.pages["stages"]
        .steps_table.item(r, 2)
        .text()
        for r in range(ws.pages["stages"].steps_table.rowCount())
    }
    assert states["Threshold decision made and the applicant told"] == "done"


def test_case_list_searches_filters_and_opens(qtbot: Any, window: MainWindow, db: Any) -> None:
    dhr = cases.new_dhr(
        db, {"notification_received_on": "2024-05-02", "notified_by": "DI K", "title": "Adult A"}
    )
    cases.new_trigger(
        db, {"received_on": "2025-04-01", "channel": "phone"}, {"real_name": "Ann Applicant"}
    )
    window.refresh()
    wait_refreshed(qtbot, window)
    page = window.case_list
    window.find_in_context()  # Ctrl+F on the case list goes to its search box
    assert page.search.hasFocus() or window.tabs.currentWidget() is page
    assert page.proxy.rowCount() == 2
    qtbot.keyClicks(page.search, "adult")
    assert page.proxy.rowCount() == 1
    page.search.clear()
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("community_trigger"))
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data().startswith("CT-")
    page.kind_filter.setCurrentIndex(0)
    page.year_filter.setCurrentIndex(page.year_filter.findData("2024"))
    assert page.proxy.rowCount() == 1
    page.year_filter.setCurrentIndex(0)
    page.overdue_filter.setChecked(True)  # the DHR decision (1 month) is long overdue
    assert page.proxy.rowCount() >= 1
    assert page.proxy.index(0, 0).data() == dhr.reference
    page.overdue_filter.setChecked(False)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert page.proxy.index(0, 0).data() == "CT-2025-001"
    page.table.doubleClicked.emit(page.proxy.index(1, 0))
    assert window.current_workspace() is not None
    assert window.current_workspace().case_id == dhr.id


def test_dashboard_item_opens_where_it_is_dealt_with(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    cases.new_dhr(db, {"notification_received_on": "2024-05-02", "notified_by": "DI K"})
    window.refresh()
    wait_refreshed(qtbot, window)
    items = window.dashboard.deadlines.items_shown
    assert items and items[0].state == "overdue"
    window.dashboard.deadlines._choose(0)
    ws = window.current_workspace()
    assert ws is not None and ws.current_page() is ws.pages["stages"]


def test_settings_saved_together(qtbot: Any, window: MainWindow, db: Any, tmp_path: Any) -> None:
    dialog = SettingsDialog(db, window)
    qtbot.addWidget(dialog)
    dialog.editors["council_name"].setText("Northshire Borough Council")
    dialog.editors["dhr_label"].setCurrentText("DARDR")
    dialog.editors["idle_lock_minutes"].setValue(5)
    code = dialog.rules.rule_rows[0].code
    dialog.rules.amounts[0].setValue(12)
    dialog.rules.closure.setText("2025-12-29")
    dialog.rules.add_closure()
    png = tmp_path / "logo.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0x1F4E79)
    assert image.save(str(png))
    assert dialog.load_logo(png)
    assert dialog.save()
    values = settings.all_settings(db)
    assert values["council_name"] == "Northshire Borough Council"
    assert values["dhr_label"] == "DARDR" and values["idle_lock_minutes"] == 5
    assert values["logo_png_base64"]
    with db.session() as session:
        rule = session.scalars(select(DeadlineRule).where(DeadlineRule.code == code)).one()
        assert rule.amount == 12
        assert [c.day for c in closure_days(session)] == [dt.date(2025, 12, 29)]
    window._settings_saved()
    assert window.idle.minutes == 5


def test_settings_problem_keeps_the_dialog_and_changes_nothing(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    dialog = SettingsDialog(db, window)
    qtbot.addWidget(dialog)
    dialog.editors["council_name"].setText("New name")
    dialog.rules.amounts[0].setMaximum(1_000_000)  # past what the rules allow
    dialog.rules.amounts[0].setValue(999_999)
    assert not dialog.save()
    assert "was not changed" in dialog.error.text()
    assert settings.get(db, "council_name") != "New name"


def test_closing_settings_with_changes_asks(
    qtbot: Any, window: MainWindow, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = SettingsDialog(db, window)
    qtbot.addWidget(dialog)
    dialog.editors["partnership_name"].setText("Safer Northshire")
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *a: "cancel")
    dialog.reject()
    assert dialog.result() == 0 and dialog.editors["partnership_name"].text() == "Safer Northshire"
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *a: "save")
    dialog.reject()
    assert settings.get(db, "partnership_name") == "Safer Northshire"


def test_outstanding_return_opens_at_that_return(qtbot: Any, window: MainWindow, db: Any) -> None:
    from dhr_desk.domain import AgencyReturn
    from dhr_desk.services import workspace

    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    for agency in ("Example Police", "Example ICB"):
        workspace.save(
            db,
            AgencyReturn,
            case.id,
            None,
            {"agency": agency, "return_type": "imr", "requested_on": "2025-02-01"},
        )
    window.refresh()
    wait_refreshed(qtbot, window)
    items = window.dashboard.returns.items_shown
    target = next(i for i in items if "Example ICB" in i.what)
    window.dashboard.returns._choose(items.index(target))
    ws = window.current_workspace()
    assert ws is not None and ws.current_page() is ws.pages["agencies"]
    returns_page = ws.pages["agencies"].pages[1]
    assert ws.pages["agencies"].tabs.currentWidget() is returns_page
    assert returns_page.current_id == target.record_id
    assert returns_page.form.raw("agency") == "Example ICB"


def test_a_wrong_correction_in_the_chronology_is_refused_with_the_reason(
    window: MainWindow, db: Any
) -> None:
    from dhr_desk.domain import ChronologyEntry
    from dhr_desk.services import workspace

    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    workspace.save(
        db,
        ChronologyEntry,
        case.id,
        None,
        {"occurred_on": "2024-05-01", "source": "GP records", "event": "Seen by GP"},
    )
    ws = window.open_case(case.id, "chronology")
    assert ws is not None
    page = ws.pages["chronology"]
    assert not page.proxy.setData(page.proxy.index(0, 0), "2024-02-31")
    assert "February 2024 has 29 days" in page.status.text()
    assert not page.proxy.setData(page.proxy.index(0, 3), "")  # the source is mandatory
    with db.session() as session:
        entry = session.scalars(select(ChronologyEntry)).one()
        assert entry.occurred_on == dt.date(2024, 5, 1) and entry.source == "GP records"


def test_keyring_mode_lock_unlocks_with_the_credential_store(
    qtbot: Any, window: MainWindow
) -> None:
    window.lock()
    assert window.locked and not window.tabs.isVisible()
    qtbot.mouseClick(window.lock_screen.button, Qt.MouseButton.LeftButton)
    assert not window.locked


def test_late_action_opens_inside_its_recommendation(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    from dhr_desk.domain import Action, Recommendation
    from dhr_desk.services import workspace

    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    first = workspace.save(db, Recommendation, case.id, None, {"number": 1, "text": "One"})
    second = workspace.save(db, Recommendation, case.id, None, {"number": 2, "text": "Two"})
    workspace.save(
        db, Action, first.id, None, {"description": "On time", "target_on": "2099-01-01"}
    )
    late = workspace.save(
        db, Action, second.id, None, {"description": "Late one", "target_on": "2025-03-01"}
    )
    window.refresh()
    wait_refreshed(qtbot, window)
    (item,) = window.dashboard.actions_table.items_shown
    window.dashboard.actions_table._choose(0)
    ws = window.current_workspace()
    assert ws is not None and ws.current_page() is ws.pages["recommendations"]
    recs = ws.pages["recommendations"]
    assert recs.current_id == second.id and item.record_id == late.id
    assert recs.details[0].current_id == late.id
    assert recs.details[0].form.raw("description") == "Late one"


def test_settings_leave_what_other_screens_remember_alone(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    """The chronology import's remembered column maps are not text to edit in Settings: the
    dialog neither shows them nor counts them as unsaved, and saving keeps them whole."""
    maps = {"Northshire Police": {"date of contact": "date", "outcome": "action"}}
    settings.set_many(db, {"chronology_column_maps": maps})
    dialog = SettingsDialog(db, window)
    qtbot.addWidget(dialog)
    assert "chronology_column_maps" not in dialog.editors
    assert not dialog.has_unsaved()
    dialog.editors["council_name"].setText("Northshire Borough Council")
    assert dialog.save()
    assert settings.get(db, "chronology_column_maps") == maps
