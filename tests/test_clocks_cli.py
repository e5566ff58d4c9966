"""The clock commands: deadlines, step, steps, pause, resume, threshold, rules, closures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clocks_support import open_dhr, open_trigger

from dhr_desk.cli import main
from dhr_desk.storage import store
from dhr_desk.storage.paths import resolve_data_dir


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Path:
    monkeypatch.setenv("DHR_DESK_HOME", str(tmp_path / "home"))
    assert main(["init", "--mode", "keyring"]) == 0
    capsys.readouterr()
    db = store.open_database(resolve_data_dir())
    open_dhr(db, "2025-01-31", reference="DHR-2025-001")
    open_trigger(db, "2025-05-03")
    db.close()
    return tmp_path


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_what_is_due_as_a_table_and_as_json(home: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "deadlines", "--as-of", "2025-05-07")
    assert code == 0
    assert "Deadlines as of 7 May 2025:" in out
    lines = out.splitlines()
    assert lines[1].split() == ["Case", "Step", "Due", "Days", "State"]
    assert "DHR-2025-001  Decide whether to hold a review" in out
    assert "68 overdue  OVERDUE" in out
    code, out, _ = run(capsys, "deadlines", "--as-of", "2025-05-07", "--json")
    items = json.loads(out)
    assert [
        (i["reference"], i["code"], i["due_on"], i["state"], i["days_left"]) for i in items
    ] == [
        ("DHR-2025-001", "dhr_decision", "2025-02-28", "overdue", -68),
        ("CT-2025-001", "ct_acknowledge", "2025-05-08", "due_soon", 1),
        ("CT-2025-001", "ct_threshold", "2025-05-20", "later", 13),
    ]


def test_recording_steps_with_and_without_an_override(
    home: Path, capsys: pytest.CaptureFixture
) -> None:
    code, _, err = run(capsys, "step", "DHR-2025-001", "submitted", "--on", "2025-03-01")
    assert code == 2
    assert "was not recorded" in err and "Traceback" not in err
    code, out, _ = run(
        capsys, "step", "DHR-2025-001", "decision", "--on", "2025-02-25", "--note", "Chair agreed"
    )
    assert code == 0 and "decision recorded on 25 February 2025" in out
    code, out, _ = run(
        capsys,
        "step",
        "DHR-2025-001",
        "home_office_informed",
        "--on",
        "2025-02-20",
        "--override",
        "Home Office told by phone before the written decision",
    )
    assert code == 0 and "override recorded in the audit trail" in out
    code, out, _ = run(capsys, "steps", "DHR-2025-001")
    assert "stage: home_office_informed" in out
    assert "done     2025-02-25  decision" in out
    assert "[override: Home Office told by phone" in out
    assert "not yet" in out
    code, out, _ = run(capsys, "steps", "DHR-2025-001", "--json")
    states = {s["code"]: s["state"] for s in json.loads(out)}
    assert states["decision"] == "done" and states["chair_appointed"] == "next"
    code, _, err = run(capsys, "steps", "DHR-2099-001")
    assert code == 8 and "no case with the reference DHR-2099-001" in err


def test_pause_and_resume_move_the_deadlines(home: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(capsys, "step", "DHR-2025-001", "decision", "--on", "2025-02-25")[0] == 0
    code, out, _ = run(
        capsys, "pause", "DHR-2025-001", "--reason", "criminal_trial", "--from", "2025-03-01"
    )
    assert code == 0 and "paused for criminal trial from 1 March 2025" in out
    code, out, _ = run(capsys, "steps", "DHR-2025-001")
    assert "Pause: Criminal trial, from 1 March 2025, STILL PAUSED" in out
    code, out, _ = run(capsys, "deadlines", "--case", "DHR-2025-001", "--as-of", "2025-03-10")
    assert "(paused)" in out and "177 left when paused" in out
    code, _, err = run(capsys, "resume", "DHR-2025-001", "--on", "2025-02-01")
    assert code == 2 and "before the pause started" in err
    code, out, _ = run(capsys, "resume", "DHR-2025-001", "--on", "2025-03-31")
    assert code == 0 and "move on by 30 days" in out
    code, out, _ = run(capsys, "steps", "DHR-2025-001")
    assert "from 1 March 2025, resumed 31 March 2025 (30 days)" in out
    code, out, _ = run(
        capsys, "deadlines", "--case", "DHR-2025-001", "--as-of", "2025-04-01", "--json"
    )
    completion = next(i for i in json.loads(out) if i["code"] == "dhr_completion")
    assert (completion["due_on"], completion["paused_days"]) == ("2025-09-24", 30)


def test_threshold_test_and_decision(home: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "threshold", "CT-2025-001")
    assert code == 0 and "therefore not met" in out
    code, _, err = run(capsys, "threshold", "CT-2025-001", "--record")
    assert code == 2 and "--on DATE and --by NAME" in err
    code, out, _ = run(
        capsys, "threshold", "CT-2025-001", "--record", "--on", "2025-05-12", "--by", "J Smith"
    )
    assert code == 0 and "The threshold decision was recorded" in out
    code, out, _ = run(capsys, "threshold", "CT-2025-001", "--json")
    assert json.loads(out)["met"] is False
    code, _, err = run(capsys, "threshold", "DHR-2025-001")
    assert code == 2 and "no threshold test" in err


def test_rules_can_be_listed_changed_and_reset(home: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "dhr_decision" in out and "1 month" in out
    code, out, _ = run(capsys, "rules", "set", "ct_threshold", "--amount", "15")
    assert code == 0 and "15 working days after application" in out
    code, out, _ = run(capsys, "deadlines", "--as-of", "2025-05-07", "--json")
    threshold = next(i for i in json.loads(out) if i["code"] == "ct_threshold")
    assert threshold["due_on"] == "2025-05-28"
    code, out, _ = run(capsys, "rules", "list", "--json")
    rule = next(r for r in json.loads(out) if r["code"] == "ct_threshold")
    assert (rule["amount"], rule["default"]) == (15, "10 working days")
    assert run(capsys, "rules", "reset", "ct_threshold")[0] == 0
    code, _, err = run(capsys, "rules", "set", "no_such_rule", "--amount", "3")
    assert code == 8 and "no deadline rule called 'no_such_rule'" in err


def test_closure_days(home: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "closures")
    assert "No closure days are set." in out
    code, out, _ = run(
        capsys, "closures", "add", "2025-12-27", "--to", "2025-12-31", "--label", "Christmas"
    )
    assert code == 0 and out.count("Added") == 3
    code, out, _ = run(capsys, "closures", "list", "--json")
    assert [c["day"] for c in json.loads(out)] == ["2025-12-29", "2025-12-30", "2025-12-31"]
    assert run(capsys, "closures", "remove", "2025-12-31")[0] == 0
    code, _, err = run(capsys, "closures", "remove", "2025-12-31")
    assert code == 8 and "not a closure day" in err
    code, _, err = run(capsys, "deadlines", "--as-of", "31/02/2025")
    assert code == 2 and "February 2025 has 28 days" in err
