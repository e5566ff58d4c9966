"""The threshold page of the app: the rule met named, and the partnership's discretion under
s104(5) recorded with its grounds and reasons when the test says not met."""

from __future__ import annotations

from clocks_support import open_trigger
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.domain import DecisionOutcome
from dhr_desk.services import cases, progress
from dhr_desk.storage.database import Database
from ui.main_window import MainWindow
from ui.threshold_page import ThresholdPage


def test_the_threshold_page_records_a_decision_met_by_discretion(
    window: MainWindow, db: Database
) -> None:
    ref = open_trigger(db, "2025-07-01", victim_vulnerable=True)
    case_id = cases.id_of(db, ref)
    ws = window.open_case(case_id, "threshold")
    assert ws is not None
    page = ws.pages["threshold"]
    assert isinstance(page, ThresholdPage)
    assert page.verdict.text() == "The threshold for a case review is NOT met."
    page.decided_on.setText("2025-07-10")
    page.decided_by.setText("Chair of the CSP")
    page.grounds["vulnerability"].setChecked(True)
    assert "by discretion" in page.record_button.text()
    assert not page.record()  # no reasons yet: refused, nothing saved
    assert "Reasons are required" in page.error.text()
    page.discretion_reasons.setPlainText("Mrs N cannot leave the flat safely.")
    assert page.record()
    [decision] = progress.threshold_decisions(db, case_id)
    assert (decision.outcome, decision.basis) == (DecisionOutcome.MET, "discretion")
    assert "Mrs N cannot leave the flat safely." in decision.detail
    assert not page.grounds["vulnerability"].isChecked()
    assert page.verdict.text() == (
        "The threshold for a case review is NOT met. Decision recorded on 10/07/2025: met by "
        "discretion."
    )
