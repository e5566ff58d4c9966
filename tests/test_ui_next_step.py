"""The next thing to do is obvious: first-run guidance on an empty database (new DHR, new
Community Trigger, import a case file, the training cases — which leave the council's settings
alone), the case list with each case's next step and due date, Enter and Down from its search
box, a new case's Summary with its next step, agency returns due as the clock has it, and a
saved case's reference changed only on purpose, with the reason kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from casefile_support import spoiled, write
from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.domain import AuditEntry
from dhr_desk.records import settings
from dhr_desk.services import cases, workspace
from dhr_desk.services.demo import load_demo
from ui import dialogs
from ui.case_pages import SummaryPage, Tabs
from ui.clock_pages import ReturnsPage
from ui.import_dialog import ImportDialog
from ui.main_window import MainWindow


def test_an_empty_database_says_how_to_begin(
    qtbot: Any, window: MainWindow, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = window.dashboard
    assert board.stack.currentWidget() is board.first_run
    assert set(board.first_run.buttons) == {"new_dhr", "new_trigger", "import_file", "training"}
    assert "No cases yet" in board.summary.text()
    assert window.case_list.empty.isVisibleTo(window.case_list)
    for name, signal in (("new_dhr", board.new_dhr), ("new_trigger", board.new_trigger)):
        with qtbot.waitSignal(signal, timeout=1000):
            qtbot.mouseClick(board.first_run.buttons[name], Qt.MouseButton.LeftButton)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "choose_files", lambda _p, title, _k: asked.append(title) or [])
    qtbot.mouseClick(board.first_run.buttons["import_file"], Qt.MouseButton.LeftButton)
    assert asked == ["Import case files"]
    # once there is a case, the lists come back
    cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    window.refresh()
    wait_refreshed(qtbot, window)
    assert board.stack.currentWidget() is board.lists
    assert not window.case_list.empty.isVisibleTo(window.case_list)


def test_the_training_cases_load_in_the_background_and_leave_the_settings_alone(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    settings.set_many(db, {"council_name": "Borsetshire District Council"})
    before = settings.all_settings(db)
    qtbot.mouseClick(window.dashboard.first_run.buttons["training"], Qt.MouseButton.LeftButton)
    assert window.training_job is not None  # the work runs off the window's thread
    qtbot.waitUntil(lambda: window.training_job is None, timeout=60_000)
    wait_refreshed(qtbot, window)
    assert len(cases.list_cases(db)) == 5
    assert settings.all_settings(db) == before  # the council's own names, untouched
    assert window.dashboard.stack.currentWidget() is window.dashboard.lists
    assert "Loaded 5 fictional training cases" in window.statusBar().currentMessage()


def test_a_case_file_is_imported_from_the_file_menu_with_refusals_in_plain_words(
    qtbot: Any, window: MainWindow, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write(tmp_path / "good.json", spoiled("CT-2026-004"))
    broken = spoiled("CT-2026-012")
    broken["people"][0]["date_of_birth"] = "1988-02-30"
    bad = write(tmp_path / "bad.json", broken)
    late = spoiled("DHR-2025-003")
    died = dt.date.fromisoformat(late["case"]["date_of_death"])
    late["chronology"].append(
        {
            "occurred_on": (died + dt.timedelta(days=3)).isoformat(),
            "source": "Police log",
            "event": "Family visited",
        }
    )
    unusual = write(tmp_path / "unusual.json", late)
    monkeypatch.setattr(dialogs, "choose_files", lambda *a: [good, bad, unusual])
    action = window.findChild(type(window.new_action), "actionImport")
    assert action is not None and action.text() == "&Import case file…"
    action.trigger()
    dialog = window.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.job is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert {r.reference for r in cases.list_cases(db)} == {"CT-2026-004"}
    assert dialog.notice.kind == "warning"
    report = dialog.report.toPlainText()
    assert "bad.json was not imported (1 problem); nothing from it was written." in report
    assert "Person 1, date of birth: '1988-02-30' is not a date" in report
    assert "--accept-warnings" not in report and "$." not in report
    assert "is after the date of death" in report
    # only the file refused for what is unusual but possible can be imported as it is
    assert dialog.accept_button.isVisibleTo(dialog)
    assert [r.path.name for r in dialog.confirmable()] == ["unusual.json"]
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    dialog.import_anyway()
    assert "is after the date of death" in asked[0] and asked[0].endswith("Import it as it is?")
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert {r.reference for r in cases.list_cases(db)} == {"CT-2026-004", "DHR-2025-003"}
    wait_refreshed(qtbot, window)
    assert window.case_list.model.rowCount() == 2  # the window was brought up to date
    assert not dialog.accept_button.isVisibleTo(dialog)


def test_the_case_list_shows_each_cases_next_step_and_when_it_is_due(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    received = dt.date.today() - dt.timedelta(days=40)
    dhr = cases.new_dhr(db, {"notification_received_on": received, "notified_by": "DI K"})
    window.refresh()
    wait_refreshed(qtbot, window)
    model = window.case_list.model
    (row,) = model.rows
    assert row.id == dhr.id
    columns = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(7)}
    what = model.data(model.index(0, columns["Next step"]))
    due = model.data(model.index(0, columns["Due"]))
    step = cases.next_step(db, dhr.id)
    assert step.due_on is not None and step.days_left is not None and step.days_left < 0
    assert what == "Decide whether to hold a review"  # a month after the notification
    assert due == f"{step.due_on.isoformat()} ({-step.days_left} days late)"
    assert model.data(model.index(0, columns["Due"]), Qt.ItemDataRole.ForegroundRole) is not None


def test_enter_and_down_from_the_search_box_open_a_case(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    first = cases.new_dhr(
        db, {"notification_received_on": "2025-01-06", "notified_by": "DI K", "title": "Adult A"}
    )
    second = cases.new_dhr(
        db, {"notification_received_on": "2025-02-06", "notified_by": "DI K", "title": "Adult B"}
    )
    window.refresh()
    wait_refreshed(qtbot, window)
    window.find_in_context()
    page = window.case_list
    qtbot.keyClicks(page.search, "adult b")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    ws = window.current_workspace()
    assert ws is not None and ws.case_id == second.id
    window.tabs.setCurrentWidget(page)
    page.search.clear()
    qtbot.keyClicks(page.search, "adult")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # into the list, on the first case found
    assert page.table.currentIndex().row() == 0
    page.table.setCurrentIndex(page.proxy.index(1, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    ws = window.current_workspace()
    assert ws is not None and ws.case_id in (first.id, second.id)
    opened = {w.case_id for w in window.workspaces.values()}
    assert opened == {first.id, second.id}


def test_a_new_case_opens_on_its_summary_with_the_next_step(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    dialog = window.new_dhr()
    dialog.notification.set_value("notification_received_on", dt.date.today().isoformat())
    dialog.notification.set_value("notified_by", "DI Khan, Example Police")
    dialog.save()
    ws = window.current_workspace()
    assert ws is not None and ws.areas[ws.nav.currentRow()] == "summary"
    summary = ws.pages["summary"]
    assert isinstance(summary, SummaryPage)
    due = cases.next_step(db, ws.case_id).due_on
    assert due is not None
    assert summary.next_step.text() == (
        f"Next step: Decision whether to hold a review — due {due.isoformat()} "
        f"(in {(due - dt.date.today()).days} days)."
    )
    qtbot.mouseClick(summary.next_button, Qt.MouseButton.LeftButton)
    assert ws.current_page() is ws.pages["stages"]
    steps = ws.pages["stages"]
    assert steps.step_choice.currentData() == "decision"  # type: ignore[attr-defined]


def test_an_agency_returns_due_date_comes_from_the_clock(window: MainWindow, db: Any) -> None:
    from dhr_desk.domain import AgencyReturn

    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    workspace.save(
        db,
        AgencyReturn,
        case.id,
        None,
        {"agency": "Example Police", "return_type": "imr", "requested_on": "2025-02-10"},
    )
    ws = window.open_case(case.id, "agencies")
    assert ws is not None
    tabs = ws.pages["agencies"]
    assert isinstance(tabs, Tabs)
    returns = tabs.pages[1]
    assert isinstance(returns, ReturnsPage)
    columns = [header for header, _value in returns.table_model.columns]
    due = returns.table_model.data(returns.table_model.index(0, columns.index("Due")))
    # no date typed on the return: six weeks from the request, by the agency-return rule
    assert due.startswith("2025-03-24 (") and due.endswith("days late)")
    returns.select_record(returns.table_model.rows[0].id)
    field = returns.form.widgets["due_on"]
    assert field.text() == "" and field.placeholderText() == "2025-03-24 by the clock"  # type: ignore[attr-defined]


def test_a_saved_cases_reference_changes_only_on_purpose_with_the_reason_kept(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    ws = window.open_case(case.id)
    assert ws is not None
    summary = ws.pages["summary"]
    assert isinstance(summary, SummaryPage)
    field = summary.form.widgets["reference"]
    assert field.isReadOnly()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, "X")
    assert field.text() == case.reference  # type: ignore[attr-defined]
    assert "reference" not in summary.form.values()
    dialog = summary.change_reference()
    assert dialog is not None
    dialog.reference.setText("DHR-2025-101")
    dialog.accept()  # no reason given: nothing changes
    assert dialog.notice.text() == (
        "The reference was not changed: The reason is required: it is kept in the case's history."
    )
    assert workspace.get_case(db, case.id).reference == case.reference
    dialog.reason.setText("The partnership's numbering")
    dialog.accept()
    assert workspace.get_case(db, case.id).reference == "DHR-2025-101"
    assert window.tabs.tabText(window.tabs.indexOf(ws)) == "DHR-2025-101"
    assert summary.form.raw("reference") == "DHR-2025-101" and not summary.form.dirty
    with db.session() as session:
        event = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "change_reference")
        ).one()
        assert event.changes["from"] == case.reference
        assert event.changes["to"] == "DHR-2025-101"
        assert event.changes["reason"] == "The partnership's numbering"


def test_the_training_cases_next_steps_appear_in_the_case_list(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    load_demo(db, dt.date.today())
    window.refresh()
    wait_refreshed(qtbot, window)
    model = window.case_list.model
    texts = {row.reference: model.next[row.id].what for row in model.rows}
    assert texts["CT-2026-004"].startswith("Closed on ")
    assert all(texts.values())


def test_the_dashboard_is_read_in_the_background_and_the_window_stays_usable(
    qtbot: Any, window: MainWindow, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub's thousand cases take a second or more to read: the window answers meanwhile,
    and a refresh asked for during a reading follows it, so the last change always shows."""
    import threading

    from dhr_desk.services import dashboard

    release = threading.Event()
    readings: list[int] = []
    build = dashboard.build

    def slow_build(database: Any, as_of: Any = None) -> Any:
        release.wait(10)  # a slow reading, held until the test lets it go
        readings.append(1)
        return build(database, as_of)

    monkeypatch.setattr(dashboard, "build", slow_build)
    cases.new_dhr(db, {"notification_received_on": "2025-03-04", "notified_by": "DI K"})
    window.refresh()
    assert window.refreshing and window.case_list.model.rowCount() == 0
    ticks: list[int] = []
    qtbot.waitUntil(lambda: bool(ticks.append(1)) or len(ticks) > 5, timeout=2000)
    assert window.refreshing  # the GUI thread ran its events while the reading waited
    cases.new_dhr(db, {"notification_received_on": "2025-03-05", "notified_by": "DI K"})
    window.refresh()  # asked for during the reading: it follows it
    release.set()
    wait_refreshed(qtbot, window)
    assert len(readings) == 2 and window.case_list.model.rowCount() == 2
