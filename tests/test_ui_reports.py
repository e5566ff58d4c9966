"""The Reports area of the app: the annual ASB Case Review figures for a financial year, with the
chart by quarter, counted and saved off the GUI thread; and a DHR's QA and publication pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from clocks_support import case_in
from PySide6.QtGui import QImage
from statutory_support import complain, trigger_decided
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk import records
from dhr_desk.domain import Meeting
from dhr_desk.services import cases
from dhr_desk.storage.database import Database
from ui.main_window import MainWindow
from ui.reports_page import ReportsPage, financial_years


def _two_cases(db: Database) -> None:
    """2025-26: one application not met (received 1 May 2025), one met with a review held on
    5 June 2025."""
    trigger_decided(db, "not_met")
    met = trigger_decided(db, "met", received="2025-05-02")
    complain(db, met, "2025-04-20", "2025-04-21", is_hate_incident=True)
    with db.session() as s:
        records.add_in(
            s,
            Meeting,
            case_in(s, met).id,
            {"kind": "case_review", "held_on": "2025-06-05", "status": "held"},
        )


def test_the_financial_years_offered_end_with_the_last_complete_one_first() -> None:
    years = financial_years(dt.date(2026, 5, 4), count=2)
    assert [(label, start, end) for label, start, end in years] == [
        ("2026-27 so far", dt.date(2026, 4, 1), dt.date(2026, 5, 4)),
        ("2025-26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
        ("2024-25", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
    ]


def test_the_reports_area_counts_a_year_charts_it_by_quarter_and_saves_it(
    qtbot: Any, window: MainWindow, db: Database, tmp_path: Path
) -> None:
    _two_cases(db)
    page = window.open_reports()
    assert window.tabs.currentWidget() is page and isinstance(page, ReportsPage)
    index = page.period_choice.findText("Financial year 2025-26")
    with qtbot.waitSignal(page.shown, timeout=10000):
        page.period_choice.setCurrentIndex(index)
        page.refresh()
    assert {key: label.text() for key, label in page.cards.items()} == {
        "applications": "2",
        "threshold_not_met": "1",
        "reviews_carried_out": "1",
        "reviews_with_recommendations": "0",
    }
    assert [name for name, _counts in page.chart.quarters] == [
        "Q1 2025-26",
        "Q2 2025-26",
        "Q3 2025-26",
        "Q4 2025-26",
    ]
    assert page.chart.quarters[0][1]["applications"] == 2
    assert "Q1 2025-26: Applications 2, Threshold not met 1" in page.chart.accessibleDescription()
    shot = page.grab().toImage()
    assert isinstance(shot, QImage) and not shot.isNull()

    out = tmp_path / "figures.json"
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.export_to("json", out)
    data = json.loads(out.read_text("utf-8"))
    assert [k for k in data] == [
        "applications",
        "threshold_not_met",
        "reviews_carried_out",
        "reviews_with_recommendations",
        "detail",
    ]
    assert data["detail"]["hate_related"] == 1
    page_file = tmp_path / "figures.html"
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.export_to("html", page_file)
    assert page_file.read_text("utf-8").startswith("<!DOCTYPE html>")

    # A period the wrong way round is refused in one sentence, nothing shown changes.
    page.period_choice.setCurrentIndex(page.period_choice.count() - 1)
    page.start.setText("2025-12-31")
    page.end.setText("2025-01-01")
    thread = page.refresh()
    qtbot.waitUntil(lambda: thread.isFinished() and page.show_button.isEnabled(), timeout=10000)
    assert page.status.text().startswith("The period ends (1 January 2025) before it starts")
    assert page.cards["applications"].text() == "2"

    # The tab closes and opens again from the View menu.
    window.close_tab(window.tabs.indexOf(page))
    assert window.tabs.indexOf(page) < 0
    window.findChild(type(window.new_action), "actionReports").trigger()
    assert window.tabs.currentWidget() is page


def test_a_dhr_has_its_early_learning_and_qa_and_publication_pages(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-31", "notified_by": "DS Lee"})
    ws = window.open_case(case.id)
    assert ws is not None
    assert ws.show_area("early_learning") and ws.show_area("submissions")
    tabs = ws.pages["submissions"]
    assert [tabs.tabs.tabText(i) for i in range(tabs.tabs.count())] == [
        "Submissions",
        "Publications",
    ]
