"""The command line for the statutory changes: a threshold decided by discretion, a DHR's
submissions, QA rounds and publications; and migration 0007 keeping the coordinator's time limit
to ask for a review."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from clocks_support import open_dhr, open_trigger
from sqlalchemy import select

from dhr_desk.cli import main
from dhr_desk.domain import DeadlineRule
from dhr_desk.storage import migrate, store
from dhr_desk.storage.database import make_engine
from dhr_desk.storage.paths import resolve_data_dir

FIXTURES = Path(__file__).parent / "fixtures"
KEY = bytes.fromhex("5eed" * 16)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Path:
    monkeypatch.setenv("DHR_DESK_HOME", str(tmp_path / "home"))
    assert main(["init", "--mode", "keyring"]) == 0
    capsys.readouterr()
    db = store.open_database(resolve_data_dir())
    open_dhr(db, "2025-01-31", reference="DHR-2025-001")
    open_trigger(db, "2025-07-01")
    db.close()
    return tmp_path


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_threshold_decided_by_discretion_from_the_command_line(
    home: Path, capsys: pytest.CaptureFixture
) -> None:
    code, _out, err = run(capsys, "threshold", "CT-2025-001", "--discretion", "harm")
    assert (code, err.strip()) == (
        2,
        "dhr-desk: --discretion and --reasons go with --record (and --on, --by).",
    )
    code, _out, err = run(
        capsys,
        "threshold",
        "CT-2025-001",
        "--record",
        "--on",
        "2025-07-10",
        "--by",
        "Chair",
        "--discretion",
        "spite",
        "--reasons",
        "x",
    )
    assert code == 2 and "'spite' is not a ground for discretion" in err
    code, out, _err = run(
        capsys,
        "threshold",
        "CT-2025-001",
        "--record",
        "--on",
        "2025-07-10",
        "--by",
        "Chair",
        "--discretion",
        "harm,adequacy",
        "--reasons",
        "Repeated damage to the ramp.",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["met"] is True and data["met_by"] == ["discretion"]
    assert data["reasons"][-1].endswith("under its local procedure (section 104(5)).")


def test_submissions_rounds_and_publications_from_the_command_line(
    home: Path, capsys: pytest.CaptureFixture
) -> None:
    ref = "DHR-2025-001"
    code, _out, err = run(capsys, "submit", ref, "--on", "2025-07-20")
    assert code == 2 and "'Report signed off by the partnership' has not been recorded" in err
    for step, day in (
        ("decision", "2025-02-20"),
        ("chair_appointed", "2025-03-03"),
        ("tor_agreed", "2025-03-31"),
        ("draft_completed", "2025-06-30"),
        ("panel_sign_off", "2025-07-14"),
        ("csp_sign_off", "2025-07-28"),
    ):
        assert run(capsys, "step", ref, step, "--on", day)[0] == 0
    code, out, _ = run(capsys, "submit", ref, "--on", "2025-08-04", "--without", "action_plan")
    assert (code, out.strip()) == (
        0,
        f"{ref}: sent to the Home Office Quality Assurance Panel on 4 August 2025: the overview "
        "report, the executive summary.",
    )
    assert run(capsys, "submit", ref, "--on", "2025-08-05", "--to", "commissioner")[0] == 0
    code, out, _ = run(capsys, "qa", ref, "--json")
    data = json.loads(out)
    assert data["rounds"] == [
        {
            "round": 1,
            "sent_on": "2025-08-04",
            "documents": ["the overview report", "the executive summary"],
            "to_commissioner": [
                {
                    "sent_on": "2025-08-05",
                    "documents": [
                        "the overview report",
                        "the executive summary",
                        "the action plan",
                    ],
                }
            ],
            "qa_letter_on": None,
            "outcome": "",
            "feedback": "",
            "resubmit_by": None,
        }
    ]
    code, _out, err = run(capsys, "publish", ref, "overview_report", "--on", "2025-11-03")
    assert code == 2 and "'Home Office QA Panel: the report may be published'" in err
    code, _out, err = run(capsys, "publish", ref, "overview_report")
    assert (code, err.strip()) == (
        2,
        "dhr-desk: Give either --on DATE (published) or --taken-down DATE.",
    )
    assert run(capsys, "step", ref, "qa_approved", "--on", "2025-10-06")[0] == 0
    assert run(capsys, "step", ref, "family_told_publication", "--on", "2025-10-20")[0] == 0
    code, out, _ = run(
        capsys,
        "publish",
        ref,
        "overview_report",
        "--on",
        "2025-11-03",
        "--where",
        "https://csp.example/dhr",
    )
    assert (code, out.strip()) == (
        0,
        f"{ref}: the overview report was published on 3 November 2025; to come down on "
        "3 November 2026.",
    )
    code, out, _ = run(capsys, "publish", ref, "overview_report", "--taken-down", "2026-11-02")
    assert out.strip() == f"{ref}: the overview report was taken down on 2 November 2026."
    code, out, _ = run(capsys, "qa", ref)
    assert "  Round 1: sent 4 August 2025 (the overview report, the executive summary)" in out
    assert "    QA letter awaited" in out
    assert (
        "  Overview report: 3 November 2025 at https://csp.example/dhr; taken down 2 November "
        "2026" in out
    )


def _rules(engine: object) -> dict[str, tuple[int, str, bool]]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(
            select(DeadlineRule.code, DeadlineRule.amount, DeadlineRule.unit, DeadlineRule.active)
        )
        return {code: (amount, str(unit), bool(active)) for code, amount, unit, active in rows}


def _records(engine: object) -> dict[str, int]:
    tables = ("case", "person", "complaint", "decision", "trigger_application", "chronology_entry")
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return {t: conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() for t in tables}


def test_the_coordinators_time_limit_survives_the_upgrade_to_one_rule_and_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0003.db", path)
    engine = make_engine(path, KEY)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE deadline_rule SET amount = 15 WHERE code = 'ct_appeal_threshold'"
        )
    before = _records(engine)
    migrate.upgrade(engine)
    kept = _records(engine)
    assert kept == before and kept["case"] == 5 and kept["chronology_entry"] >= 30
    rules = _rules(engine)
    assert "ct_appeal_threshold" not in rules and "ct_appeal_outcome" not in rules
    assert rules["ct_review_request"] == (15, "working_days", True)
    assert rules["ct_appeal_decide"] == (20, "working_days", True)
    assert rules["dhr_resubmission"] == (3, "months", True)
    assert rules["dhr_take_down"] == (12, "months", True)

    from alembic import command

    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "0006")
    rules = _rules(engine)
    assert _records(engine) == kept  # nothing lost on the way down
    assert rules["ct_appeal_threshold"] == (15, "working_days", True)
    assert rules["ct_appeal_outcome"] == (15, "working_days", True)
    assert not {"ct_review_request", "dhr_take_down", "dhr_resubmission"} & set(rules)
    engine.dispose()


def test_every_new_setting_is_known_as_soon_as_the_services_are_loaded() -> None:
    """The demo and the settings dialog see the settings whichever service is loaded first."""
    import subprocess
    import sys

    code = (
        "import dhr_desk.services.demo\n"
        "from dhr_desk.records import settings\n"
        "wanted = {'ct_pcc_name', 'ct_review_body', 'vpa_s19_in_force', 'ct_count_incident_once',"
        " 'ct_threshold_applicant', 'ct_threshold_discretion'}\n"
        "print(sorted(wanted - set(settings.DEFAULTS)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_time_limit_changed_before_the_upgrade_keeps_its_history_and_verify_stays_clean(
    tmp_path: Path,
) -> None:
    """The review-request rule is the old threshold-window row renamed in place, so the audit
    trail's record of the coordinator's change still accounts for it."""
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0003.db", path)
    engine = make_engine(path, KEY)
    migrate.upgrade(engine, "0006")
    engine.dispose()
    db = store.open_file(path, KEY, upgrade=False)  # the app before this version
    try:
        with db.session() as s:
            rule = s.scalar(select(DeadlineRule).where(DeadlineRule.code == "ct_appeal_threshold"))
            assert rule is not None
            rule.amount, old_id = 15, rule.id
    finally:
        db.close()
    db = store.open_file(path, KEY, backups=tmp_path / "backups")
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.session() as s:
            rule = s.scalar(select(DeadlineRule).where(DeadlineRule.code == "ct_review_request"))
            assert rule is not None and (rule.id, rule.amount) == (old_id, 15)
        report = store.verify(db)
        assert report.ok, report
    finally:
        db.close()
