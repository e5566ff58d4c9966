"""The annual ASB Case Review figures (s104(10)): exact counts for cases built to cross the
period's edges, by quarter and with their context, and the same figures as JSON, CSV, Word, PDF
and a web page, from the service and from ``dhr-desk ct-stats``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from clocks_support import case_in, open_dhr, open_trigger
from documents_reading import docx_parts_text, pdf_pages
from statutory_support import D, complain

from dhr_desk import records
from dhr_desk.cli import main
from dhr_desk.domain import Appeal, Case, Decision, Meeting
from dhr_desk.errors import ValidationError
from dhr_desk.figures import last_financial_year, quarters
from dhr_desk.figures.annual import Period
from dhr_desk.services import annual_figures
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import resolve_data_dir
from dhr_desk.workflow import record_step

FY = ("2025-04-01", "2026-03-31")


def _decide(db: Database, ref: str, day: str, outcome: str, number: int = 1, **extra: Any) -> None:
    with db.session() as s:
        records.add_in(
            s,
            Decision,
            case_in(s, ref).id,
            {"kind": "threshold", "decided_on": day, "outcome": outcome, "number": number, **extra},
        )


def _review(db: Database, ref: str, held: str, outcome: str | None = None) -> None:
    with db.session() as s:
        case = case_in(s, ref)
        records.add_in(
            s, Meeting, case.id, {"kind": "case_review", "held_on": held, "status": "held"}
        )
        if outcome:
            records.add_in(
                s, Decision, case.id, {"kind": "outcome", "decided_on": held, "outcome": outcome}
            )


def build_cases(db: Database) -> dict[str, str]:
    """Five ASB Case Reviews and a DHR (which never counts), crossing the edges of 2025-26."""
    refs: dict[str, str] = {}
    # A: received the last day of 2024-25, decided not met in 2025-26.
    refs["A"] = open_trigger(db, "2025-03-31")
    _decide(db, refs["A"], "2025-04-02", "not_met")
    # B: received the first day of 2025-26, met, reviewed on its last day with recommendations.
    refs["B"] = open_trigger(db, "2025-04-01")
    _decide(db, refs["B"], "2025-04-15", "met", basis="statutory")
    _review(db, refs["B"], "2026-03-31", "recommendations")
    # C: received in 2025-26, met, reviewed the first day of 2026-27.
    refs["C"] = open_trigger(db, "2026-03-20")
    _decide(db, refs["C"], "2026-03-27", "met", basis="statutory,hate")
    _review(db, refs["C"], "2026-04-01")
    # D: not met, a request upheld, met on reconsideration, reviewed without recommendations.
    refs["D"] = open_trigger(db, "2025-06-10")
    _decide(db, refs["D"], "2025-06-20", "not_met")
    with db.session() as s:
        records.add_in(
            s,
            Appeal,
            case_in(s, refs["D"]).id,
            {"requested_on": "2025-07-01", "decided_on": "2025-07-10", "outcome": "upheld"},
        )
    _decide(db, refs["D"], "2025-07-15", "met", number=2, basis="discretion")
    _review(db, refs["D"], "2025-08-01", "no_recommendations")
    with db.session() as s:
        case = case_in(s, refs["D"])
        record_step(s, case, "victim_consulted", D(2025, 8, 5))
        record_step(s, case, "outcome_letter", D(2025, 8, 8))
    # E: in British Sign Language, a hate incident, decided not met twice.
    refs["E"] = open_trigger(db, "2026-01-05", channel="bsl")
    complain(
        db, refs["E"], "2025-12-20", "2025-12-21", is_hate_incident=True, reported_to="Council"
    )
    _decide(db, refs["E"], "2026-01-20", "not_met")
    _decide(db, refs["E"], "2026-02-20", "not_met", number=2)
    open_dhr(db, "2025-06-01")
    return refs


def test_the_four_figures_count_each_case_by_its_own_date_and_cross_the_edges_right(
    db: Database,
) -> None:
    build_cases(db)
    result = annual_figures.figures(db, *FY)
    assert result.as_json()["applications"] == 4  # B, D, E, C — not A (31 March 2025)
    assert result.counts.as_json() == {
        "applications": 4,
        "threshold_not_met": 4,  # A (2 April 2025), D, E twice
        "reviews_carried_out": 2,  # D, and B on the last day — not C (1 April 2026)
        "reviews_with_recommendations": 1,  # B
    }
    assert [(name, counts.as_json()) for name, _p, counts in result.by_quarter] == [
        ("Q1 2025-26", {"applications": 2, "threshold_not_met": 2, "reviews_carried_out": 0,
                        "reviews_with_recommendations": 0}),
        ("Q2 2025-26", {"applications": 0, "threshold_not_met": 0, "reviews_carried_out": 1,
                        "reviews_with_recommendations": 0}),
        ("Q3 2025-26", {"applications": 0, "threshold_not_met": 0, "reviews_carried_out": 0,
                        "reviews_with_recommendations": 0}),
        ("Q4 2025-26", {"applications": 2, "threshold_not_met": 2, "reviews_carried_out": 1,
                        "reviews_with_recommendations": 1}),
    ]  # fmt: skip
    before = annual_figures.figures(db, "2024-04-01", "2025-03-31").counts.as_json()
    after = annual_figures.figures(db, "2026-04-01", "2027-03-31").counts.as_json()
    assert before == {
        "applications": 1,
        "threshold_not_met": 0,
        "reviews_carried_out": 0,
        "reviews_with_recommendations": 0,
    }
    assert after["reviews_carried_out"] == 1 and after["applications"] == 0


def test_the_detail_gives_the_context_of_the_year(db: Database) -> None:
    build_cases(db)
    detail = annual_figures.figures(db, *FY).detail
    assert detail["period"] == {
        "from": "2025-04-01",
        "to": "2026-03-31",
        "label": "1 April 2025 to 31 March 2026",
    }
    assert detail["threshold_met"] == 3
    assert {k: v for k, v in detail["threshold_met_by"].items() if v} == {
        "statutory": 2,
        "hate": 1,
        "discretion": 1,
    }
    assert {k: v for k, v in detail["by_channel"].items() if v} == {"email": 3, "bsl": 1}
    assert detail["by_agency"] == {"Council": {"applications": 1, "complaints": 1}}
    assert detail["hate_related"] == 1
    assert detail["appeals"] == {
        "requested": 1,
        "pending": 0,
        "upheld": 1,
        "not_upheld": 0,
        "partly_upheld": 0,
    }
    assert detail["outcomes"] == {"recommendations": 1, "no_recommendations": 1, "awaited": 0}
    # Working days to the first decision: B 10, D 8, E 11, C 5 → median 9; to the outcome
    # letter: D only, 10 June to 8 August 2025 = 43.
    assert detail["median_working_days"] == {
        "application_to_decision": 9,
        "application_to_outcome": 43,
        "decisions_measured": 4,
        "outcomes_measured": 1,
    }
    assert (
        detail["dates_used"]["reviews_carried_out"] == "the date the case review meeting was held"
    )


def test_the_default_period_is_the_last_complete_financial_year() -> None:
    assert last_financial_year(D(2026, 3, 31)) == Period(D(2024, 4, 1), D(2025, 3, 31))
    assert last_financial_year(D(2026, 4, 1)) == Period(D(2025, 4, 1), D(2026, 3, 31))
    assert annual_figures.period(today=D(2026, 1, 9)).label == "1 April 2024 to 31 March 2025"
    assert [name for name, _p in quarters(Period(D(2025, 2, 14), D(2025, 7, 1)))] == [
        "Q4 2024-25",
        "Q1 2025-26",
        "Q2 2025-26",
    ]
    with pytest.raises(ValidationError, match="Give both the first and the last day"):
        annual_figures.period("2025-04-01", None)
    with pytest.raises(ValidationError, match="ends \\(1 January 2025\\) before it starts"):
        annual_figures.period("2025-12-31", "2025-01-01")


def test_the_same_figures_in_every_format(db: Database, tmp_path: Path) -> None:
    build_cases(db)
    result, data = annual_figures.export(db, "json", None, *FY)
    assert list(json.loads(data)) == [
        "applications",
        "threshold_not_met",
        "reviews_carried_out",
        "reviews_with_recommendations",
        "detail",
    ]
    rows = list(csv.reader(io.StringIO(annual_figures.export(db, "csv", None, *FY)[1].decode())))
    assert rows[:5] == [
        ["measure", "value"],
        ["applications", "4"],
        ["threshold_not_met", "4"],
        ["reviews_carried_out", "2"],
        ["reviews_with_recommendations", "1"],
    ]
    assert ["detail.quarters.Q4 2025-26.reviews_with_recommendations", "1"] in rows

    pdf = tmp_path / "figures.pdf"
    annual_figures.export(db, "pdf", pdf, *FY)
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    assert "ASB Case Review (Community Trigger): annual figures" in text
    assert "Times the threshold for a review was not met 4" in text
    assert "section 104(10)" in text
    docx = tmp_path / "figures.docx"
    annual_figures.export(db, "docx", docx, *FY)
    assert "Reviews that resulted in recommendations" in docx_parts_text(docx.read_bytes())

    page = tmp_path / "figures.html"
    annual_figures.export(db, "html", page, *FY)
    html = page.read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
    assert "Q4 2025-26: Applications 2, Threshold not met 2, Reviews carried out 1" in html
    assert "<caption>The four figures by quarter</caption>" in html
    assert '<th scope="row">Q1 2025-26 (1 April 2025 to 30 June 2025)</th>' in html
    assert html.count("<h1>") == 1

    with pytest.raises(ValidationError, match="A pdf file needs a file name"):
        annual_figures.export(db, "pdf", None, *FY)
    with pytest.raises(ValidationError, match="should end in .html"):
        annual_figures.export(db, "html", tmp_path / "figures.htm", *FY)
    assert not (tmp_path / "figures.htm").exists()
    assert result.counts.applications == 4


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Path:
    monkeypatch.setenv("DHR_DESK_HOME", str(tmp_path / "home"))
    assert main(["init", "--mode", "keyring"]) == 0
    capsys.readouterr()
    db = store.open_database(resolve_data_dir())
    build_cases(db)
    db.close()
    return tmp_path


def test_ct_stats_from_the_command_line(home: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["ct-stats", "--from", FY[0], "--to", FY[1]]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["applications"], data["threshold_not_met"]) == (4, 4)
    assert main(["ct-stats"]) == 0
    default = json.loads(capsys.readouterr().out)["detail"]["period"]
    expected = last_financial_year(dt.date.today())
    assert (default["from"], default["to"]) == (
        expected.start.isoformat(),
        expected.end.isoformat(),
    )
    out = home / "figures.docx"
    assert (
        main(["ct-stats", "--from", FY[0], "--to", FY[1], "--format", "docx", "-o", str(out)]) == 0
    )
    assert capsys.readouterr().out.strip() == (
        f"Wrote {out} (1 April 2025 to 31 March 2026): 4 applications, threshold not met 4 "
        "times, 2 reviews carried out, 1 with recommendations."
    )
    assert main(["ct-stats", "--format", "pdf"]) == 2
    assert (
        capsys.readouterr().err.strip() == "dhr-desk: A pdf file needs a file name: give -o PATH."
    )
    assert main(["ct-stats", "--from", "2026-03-31", "--to", "2025-04-01"]) == 2
    assert "before it starts" in capsys.readouterr().err
    missing = home / "no-such-folder" / "f.pdf"
    assert main(["ct-stats", "--format", "pdf", "-o", str(missing)]) == 1
    assert "does not exist; nothing was written" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_the_figures_read_the_same_dates_as_the_steps_for_every_demo_case(
    db: Database,
) -> None:
    from dhr_desk.figures.reading import read_cases
    from dhr_desk.services.demo import load_demo
    from dhr_desk.workflow.case_facts import facts_of

    refs = build_cases(db)
    load_demo(db)
    with db.session() as s:
        with_reviews = 0
        for record in read_cases(s):
            case = s.get(Case, record.case_id)
            assert case is not None
            facts = facts_of(case)
            assert record.review_on == facts.dates.get("case_review_meeting"), case.reference
            assert record.outcome_letter_on == facts.dates.get("outcome_letter"), case.reference
            assert record.decided_on == facts.dates.get("threshold_decision"), case.reference
            with_reviews += record.review_on is not None
        assert with_reviews >= 4 and len(refs) == 5
