"""dhr-desk import / export / demo: the same services from the command line, plain messages,
non-zero exit codes for refused files, and an export file written whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casefile_support import spoiled, write
from store_support import set_up

from dhr_desk.cli import main
from dhr_desk.storage import store
from dhr_desk.storage.paths import DataDir


@pytest.fixture
def home(tmp_path: Path) -> list[str]:
    data_dir = set_up(DataDir(tmp_path / "home"))
    return ["--data-dir", str(data_dir.root)]


def test_demo_then_export_then_import_elsewhere(home: list[str], tmp_path: Path, capsys) -> None:
    assert main([*home, "demo"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Loaded 5 fictional demo cases: DHR-2025-003, DHR-2025-007, ")

    assert main([*home, "demo"]) == 3
    err = capsys.readouterr().err
    assert "already loaded" in err and "Traceback" not in err

    target = tmp_path / "out" / "DHR-2025-007.json"
    target.parent.mkdir()  # the folder must exist: it is never created for a plain-text file
    assert main([*home, "export", "DHR-2025-007", "-o", str(target)]) == 0
    assert "personal data in plain text" in capsys.readouterr().out
    document = json.loads(target.read_text("utf-8"))
    assert document["case"]["reference"] == "DHR-2025-007"
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left

    other = set_up(DataDir(tmp_path / "other"))
    assert main(["--data-dir", str(other.root), "import", str(target)]) == 0
    out = capsys.readouterr().out
    assert "DHR-2025-007.json: imported DHR-2025-007 (" in out
    assert main(["--data-dir", str(other.root), "list", "--json"]) == 0
    assert [c["reference"] for c in json.loads(capsys.readouterr().out)] == ["DHR-2025-007"]


def test_export_of_an_unknown_case_says_so_and_writes_nothing(
    home: list[str], tmp_path: Path, capsys
) -> None:
    target = tmp_path / "x.json"
    assert main([*home, "export", "DHR-1999-001", "-o", str(target)]) == 8
    assert "There is no case with the reference DHR-1999-001." in capsys.readouterr().err
    assert not target.exists()


def test_import_lists_every_problem_and_fails(home: list[str], tmp_path: Path, capsys) -> None:
    good = write(tmp_path / "good.json", spoiled("CT-2026-004"))
    doc = spoiled("CT-2026-012")
    doc["people"][0]["date_of_birth"] = "2023-02-30"
    doc["complaints"][0]["complainant"] = "p5"
    bad = write(tmp_path / "bad.json", doc)
    not_json = tmp_path / "notes.json"
    not_json.write_text("Dear Rachel,\nPlease find attached…")

    code = main([*home, "import", str(good), str(bad), str(not_json)])
    captured = capsys.readouterr()
    assert code == 2
    assert "good.json: imported CT-2026-004" in captured.out
    assert "1 of 3 files imported." in captured.out
    assert captured.err.splitlines() == [
        "bad.json was not imported (2 problems); nothing from it was written:",
        "  $.people[0].date_of_birth: '2023-02-30' is not a date: February 2023 has 28 days",
        "  $.complaints[0].complainant: there is no record with the key 'p5' in $.people",
        "notes.json is not valid JSON (line 1, column 1: Expecting value). Nothing was "
        "imported from it.",
    ]


def test_check_runs_every_check_and_imports_nothing(
    home: list[str], tmp_path: Path, capsys
) -> None:
    from casefile_support import snapshot

    good = write(tmp_path / "good.json", spoiled("DHR-2025-003"))
    doc = spoiled("DHR-2025-007")
    doc["pauses"].append({"reason": "inquest", "started_on": "2026-01-05"})  # overlaps the trial
    overlapping = write(tmp_path / "overlap.json", doc)
    db = store.open_database(DataDir(Path(home[1])))
    try:
        before = snapshot(db)
    finally:
        db.close()

    code = main([*home, "import", "--check", "--quiet", str(good), str(overlapping)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out.splitlines() == [
        "good.json: no problems; importing it would add DHR-2025-003 (191 records).",
        "1 of 2 files could be imported.",
    ]
    assert captured.err.startswith("overlap.json was not imported (2 problems)")
    assert "$.pauses[1].started_on: this pause overlaps the criminal trial pause" in captured.err

    assert main([*home, "import", "--check", str(good)]) == 0
    assert "good.json: no problems; importing it would add DHR-2025-003 (" in (
        capsys.readouterr().out
    )
    db = store.open_database(DataDir(Path(home[1])))
    try:
        assert snapshot(db) == before
    finally:
        db.close()
