"""dhr-desk check-publication and the published edition on the command line: the findings as
JSON, exit codes while findings are open, accepting and overriding with a reason (audited), the
refused final edition and the draft that is always possible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from documents_reading import pdf_pages
from publication_corpus import EXPECTED_FINDINGS, make_corpus_case
from store_support import set_up

from dhr_desk.cli import main
from dhr_desk.storage import store
from dhr_desk.storage.paths import DataDir


@pytest.fixture
def folder(data_dir: DataDir) -> tuple[DataDir, str]:
    set_up(data_dir)
    db = store.open_database(data_dir)
    reference = make_corpus_case(db)
    db.close()
    return data_dir, reference


def run(folder: DataDir, *args: str) -> int:
    return main(["--data-dir", str(folder.root), *args])


def _findings(folder: DataDir, reference: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:  # type: ignore[type-arg]
    code = run(folder, "check-publication", reference, "--json")
    found = json.loads(capsys.readouterr().out)
    assert code == (12 if any(f["state"] == "open" for f in found) else 0)
    return found  # type: ignore[no-any-return]


def test_the_findings_as_json_with_where_each_is(
    folder: tuple[DataDir, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, reference = folder
    found = _findings(data, reference, capsys)
    assert {(f["kind"], f["text"]) for f in found} == EXPECTED_FINDINGS
    assert all(f["where"].startswith(("Overview report ›", "Executive summary ›")) for f in found)
    assert all(set(f) >= {"kind", "text", "where", "key", "state"} for f in found)
    assert run(data, "check-publication", reference) == 12
    out = capsys.readouterr().out
    assert "Postcode: 'EF4 2QT' — Overview report › 14 Chronology" in out
    assert "[NO] The Home Office QA Panel has said the report may be published" in out


def test_accepting_and_overriding_need_a_reason_and_are_audited(
    folder: tuple[DataDir, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data, reference = folder
    found = _findings(data, reference, capsys)
    helpline = next(f for f in found if f["text"] == "0808 2000 247")
    assert run(data, "check-publication", reference, "--accept", helpline["key"]) == 2
    assert "give the reason" in capsys.readouterr().err
    assert run(data, "check-publication", reference, "--accept", "0000", "--reason", "x") == 8
    capsys.readouterr()
    code = run(
        data,
        "check-publication",
        reference,
        "--accept",
        helpline["key"],
        "--everywhere",
        "--reason",
        "The national helpline, given on purpose",
    )
    assert code == 0 and "everywhere it is written" in capsys.readouterr().out
    after = _findings(data, reference, capsys)
    accepted = [f for f in after if f["text"] == "0808 2000 247"]
    assert accepted and all(f["state"] == "accepted" for f in accepted)
    assert accepted[0]["reason"] == "The national helpline, given on purpose"
    assert run(data, "check-publication", reference, "--override", "qa", "--reason", "") == 2
    capsys.readouterr()
    assert (
        run(data, "check-publication", reference, "--override", "qa", "--reason", "Letter seen")
        == 0
    )
    assert "Overridden for" in capsys.readouterr().out
    assert run(data, "check-publication", reference, "--clearances", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["subject"], r["key"]) for r in rows] == [
        ("finding", "all:phone:0808 2000 247"),
        ("gate", "qa"),
    ]
    db = store.open_database(data)
    try:
        audited = store.raw_sql(
            db, "SELECT action, entity FROM audit_entry WHERE action IN ('accept', 'override')"
        )
    finally:
        db.close()
    assert sorted(tuple(r) for r in audited) == [
        ("accept", "publication_clearance"),
        ("override", "publication_gate"),
    ]
    assert run(data, "check-publication", reference, "--withdraw", str(rows[1]["id"])) == 2
    capsys.readouterr()
    assert (
        run(data, "check-publication", reference, "--withdraw", str(rows[1]["id"]), "--reason", "x")
        == 0
    )


def test_the_final_published_edition_is_refused_and_the_draft_always_written(
    folder: tuple[DataDir, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data, reference = folder
    out = tmp_path / "overview.pdf"
    base = ["generate", reference, "overview_report", "--format", "pdf"]
    code = run(data, *base, "--edition", "published", "--final", "-o", str(out))
    assert code == 12 and not out.exists()
    err = capsys.readouterr().err
    assert re.search(r"\d+ findings? of the publication check (is|are) open", err)
    assert "Traceback" not in err
    assert run(data, *base, "--edition", "published", "--draft", "-o", str(out)) == 0
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert "DRAFT" in text and "Publication check" in text and "EF4 2QT" in text
    with pytest.raises(SystemExit):
        run(data, *base, "--final", "--draft", "-o", str(out))
