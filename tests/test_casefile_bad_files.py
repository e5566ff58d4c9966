"""A bad case file is refused whole: every problem named with its JSON path, or one plain
sentence when it is not a case file at all, and nothing in the database changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from casefile_support import snapshot, spoiled, write

from dhr_desk.casefile import import_cases, reader
from dhr_desk.services.demo import load_demo
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir


def refused(db: Database, path: Path) -> Any:
    before = snapshot(db)
    [outcome] = import_cases(db, [path])
    assert not outcome.imported
    assert snapshot(db) == before, "a refused file changed the database"
    assert store.verify(db).ok
    return outcome


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b'{"format": "dhr-desk-case", ', "is not valid JSON (line 1, column 29"),
        ("Ceci n'est pas un fichier".encode("latin-1") + b"\xe9", "is not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not UTF-8 text (byte 0x89 at position 0)"),
        (b"[1, 2, 3]", "is JSON but not a DHR Desk case file"),
        (b'{"format": "something-else"}', "is JSON but not a DHR Desk case file"),
        (b'{"format": "dhr-desk-case"}', "has no valid format_version"),
        (b'{"format": "dhr-desk-case", "format_version": "1"}', "has no valid format_version"),
        (
            b'{"format": "dhr-desk-case", "format_version": 2, "case": {}}',
            "is in case file format version 2, written by a newer DHR Desk; this version reads "
            "format version 1",
        ),
        (b'{"format": "dhr-desk-case", "format": "x"}', "names the field 'format' twice"),
        (b'{"format": "dhr-desk-case", "format_version": NaN}', "is not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_case_file_gets_one_plain_sentence(
    db: Database, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(content)
    outcome = refused(db, path)
    assert expected in outcome.message
    assert outcome.message.startswith("case.json ")
    assert outcome.message.endswith(".")
    assert "Traceback" not in outcome.message and outcome.problems == []


def test_a_file_too_big_is_refused_before_it_is_read(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1_000)
    path = write(tmp_path / "big.json", spoiled())
    outcome = refused(db, path)
    assert "a case file may be at most" in outcome.message


def test_a_missing_file_and_a_folder_are_named(db: Database, tmp_path: Path) -> None:
    assert "There is no file" in refused(db, tmp_path / "nowhere.json").message
    assert "is a folder" in refused(db, tmp_path).message


def test_an_impossible_date_is_named_with_its_path_and_why(db: Database, tmp_path: Path) -> None:
    doc = spoiled()
    doc["people"][3]["date_of_birth"] = "2023-02-30"
    outcome = refused(db, write(tmp_path / "f.json", doc))
    assert outcome.lines()[1:] == [
        "  $.people[3].date_of_birth: '2023-02-30' is not a date: February 2023 has 28 days"
    ]
    assert outcome.message == "f.json was not imported (1 problem); nothing from it was written:"


def test_every_problem_of_a_file_is_reported_at_once(db: Database, tmp_path: Path) -> None:
    doc = spoiled()
    doc["case"]["kind"] = "asb"
    doc["people"][0]["date_of_birth"] = "14/03/1953"
    doc["people"][1]["real_name"] = "x" * 201
    doc["people"][2]["shoe_size"] = 9
    del doc["complaints"][0]["reported_on"]
    doc["complaints"][1]["complainant"] = "p99"
    doc["recommendations"][0]["lead_agency"] = "Northshire Constabulary"
    doc["recommendations"][1]["actions"][0]["target_on"] = "2026-13-01"
    doc["meetings"][0]["start_time"] = "25:00"
    doc["meetings"][0]["attendance"][0]["status"] = "maybe"
    doc["milestones"][1]["step"] = "application"
    doc["application"]["on_behalf_of_victim"] = "yes"
    problems = dict(refused(db, write(tmp_path / "f.json", doc)).problems)
    assert problems == {
        "$.case.kind": '"asb" is not one of: dhr, community_trigger',
        "$.people[0].date_of_birth": '"14/03/1953" is not a date; write it as YYYY-MM-DD, '
        "e.g. 2025-03-14",
        "$.people[1].real_name": "is 201 characters long; the most allowed is 200",
        "$.people[2]": "has 'shoe_size', which is not a field",
        "$.milestones[1].step": "'application' is already recorded at $.milestones[0]",
        "$.meetings[0].start_time": "'25:00' is not a time; write it as HH:MM on the 24-hour clock",
        "$.meetings[0].attendance[0].status": '"maybe" is not one of: invited, attended, '
        "apologies, absent",
        "$.recommendations[0].lead_agency": "the agency 'Northshire Constabulary' is not "
        "listed in $.agencies",
        "$.recommendations[1].actions[0].target_on": "'2026-13-01' is not a date: there is "
        "no month 13",
        "$.application.on_behalf_of_victim": '"yes" is not true or false',
        "$.complaints[0].reported_on": "is required",
        "$.complaints[1].complainant": "there is no record with the key 'p99' in $.people",
    }


def test_problems_are_listed_in_file_order(db: Database, tmp_path: Path) -> None:
    doc = spoiled("DHR-2025-003")
    for i in (2, 10, 11):
        doc["chronology"][i]["source"] = 5
    doc["people"][0]["role"] = "hero"
    paths = [p for p, _ in refused(db, write(tmp_path / "f.json", doc)).problems]
    assert paths == [
        "$.people[0].role",
        "$.chronology[2].source",
        "$.chronology[10].source",
        "$.chronology[11].source",
    ]


def test_a_case_already_in_the_database_is_refused_in_plain_words(
    db: Database, tmp_path: Path
) -> None:
    load_demo(db)
    outcome = refused(db, write(tmp_path / "again.json", spoiled("CT-2026-009")))
    assert outcome.message == (
        "again.json holds the case CT-2026-009, which is already in the database; nothing "
        "from it was imported. (To replace it, delete the case first.)"
    )


@pytest.mark.parametrize(
    ("spoil", "path", "reason"),
    [
        (
            lambda d: d["family_contacts"][2].update(advocate="a7"),
            "$.family_contacts[2].advocate",
            "there is no record with the key 'a7' in $.advocates",
        ),
        (
            lambda d: d["chronology"][0].update(agency="Northshire Fire and Rescue Service"),
            "$.chronology[0].agency",
            "the agency 'Northshire Fire and Rescue Service' is not listed in $.agencies",
        ),
        (
            lambda d: d["meetings"][0]["attendance"][1].update(panel_member="p2"),
            "$.meetings[0].attendance[1].panel_member",
            "there is no record with the key 'p2' in $.panel_members",
        ),
        (
            lambda d: d["people"][1].update(key="p1"),
            "$.people[1].key",
            "'p1' is already the key of $.people[0]",
        ),
        (
            lambda d: d["agencies"].append(dict(d["agencies"][0])),
            "$.agencies[10].name",
            "'Northshire Police' is already listed at $.agencies[0]",
        ),
        (
            lambda d: d["pauses"][0].update(resumed_on="2025-05-01"),
            "$.pauses[0].resumed_on",
            "1 May 2025 is before the pause started on 19 May 2025",
        ),
        (
            lambda d: d["case"].update(review_period_end="2021-12-31"),
            "$.case.review_period_end",
            "2021-12-31 is earlier than review_period_start (2022-01-01)",
        ),
        (
            lambda d: d.update(application={"received_on": "2025-02-01", "channel": "email"}),
            "$.application",
            "a DHR has no Community Trigger application; remove it",
        ),
        (
            lambda d: d["documents"][0]["distributions"][0].update(sent_on=None),
            "$.documents[0].distributions[0].sent_on",
            "cannot be null here",
        ),
    ],
)
def test_references_and_rules_across_records_are_checked(
    db: Database, tmp_path: Path, spoil: Any, path: str, reason: str
) -> None:
    doc = spoiled("DHR-2025-003")
    spoil(doc)
    problems = refused(db, write(tmp_path / "f.json", doc)).problems
    assert (path, reason) in problems


def test_a_complaint_reported_before_the_incident_breaks_the_threshold_rule(
    db: Database, tmp_path: Path
) -> None:
    doc = spoiled("CT-2026-012")
    doc["complaints"][2]["incident_on"] = "2026-08-20"
    problems = refused(db, write(tmp_path / "f.json", doc)).problems
    assert problems == [
        (
            "$.complaints[2].incident_on",
            "20 August 2026 is after the incident was reported on 10 August 2026",
        )
    ]


def test_overlapping_pauses_are_found_when_the_case_is_written(
    db: Database, tmp_path: Path
) -> None:
    doc = spoiled("DHR-2025-003")
    doc["pauses"].append(
        {"reason": "inquest", "started_on": "2025-06-01", "resumed_on": "2025-07-01"}
    )
    problems = refused(db, write(tmp_path / "f.json", doc)).problems
    assert any(path.startswith("$.pauses[") and "overlaps" in reason for path, reason in problems)


def test_an_anonymous_application_is_refused(db: Database, tmp_path: Path) -> None:
    doc = spoiled("CT-2026-004")
    doc["application"]["applicant"] = None
    problems = refused(db, write(tmp_path / "f.json", doc)).problems
    assert problems == [
        (
            "$.application.applicant",
            "is required: the guidance does not allow anonymous applications",
        )
    ]


def test_a_record_of_the_wrong_shape_is_named_not_crashed_on(db: Database, tmp_path: Path) -> None:
    doc: dict[str, Any] = spoiled()
    doc["people"] = {"p1": doc["people"][0]}
    doc["chronology"] = ["a line of text"]
    doc["meetings"][0]["attendance"] = None
    doc["case"] = []
    problems = dict(refused(db, write(tmp_path / "f.json", doc)).problems)
    assert problems["$.people"].endswith("is not a list [ … ]")
    assert problems["$.chronology[0]"] == '"a line of text" is not a record { … }'
    assert problems["$.meetings[0].attendance"] == "cannot be null here"
    assert problems["$.case"] == "[] is not a record { … }"


def test_one_bad_file_does_not_stop_the_good_ones(db: Database, tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", spoiled("CT-2026-004"))
    bad_doc = spoiled("CT-2026-012")
    bad_doc["people"][0]["date_of_birth"] = "1988-02-30"
    bad = write(tmp_path / "bad.json", bad_doc)
    also_good = write(tmp_path / "also.json", spoiled("CT-2026-009"))
    outcomes = import_cases(db, [good, bad, also_good])
    assert [o.imported for o in outcomes] == [True, False, True]
    assert outcomes[1].problems == [
        ("$.people[0].date_of_birth", "'1988-02-30' is not a date: February 1988 has 29 days")
    ]
    rows = store.raw_sql(db, 'SELECT reference FROM "case" ORDER BY reference')
    assert [r[0] for r in rows] == ["CT-2026-004", "CT-2026-009"]


def test_a_cancelled_import_writes_nothing(db: Database, tmp_path: Path) -> None:
    doc = spoiled("DHR-2025-003")
    unkeyed = [{k: v for k, v in e.items() if k != "key"} for e in doc["chronology"]]
    doc["chronology"] = unkeyed * 40  # over a thousand records (keys must stay unique)
    doc["chronology_links"] = []
    path = write(tmp_path / "big.json", doc)
    second = write(tmp_path / "second.json", spoiled("CT-2026-004"))
    seen: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(message)

    def cancelled() -> bool:
        return any(m.startswith("Writing") for m in seen)

    before = snapshot(db)
    outcomes = import_cases(db, [path, second], progress=progress, cancelled=cancelled)
    assert [o.imported for o in outcomes] == [False, False]
    assert all("the import was stopped" in o.message for o in outcomes)
    assert snapshot(db) == before


def test_a_bad_file_reports_its_json_text_in_plain_english(db: Database, tmp_path: Path) -> None:
    doc = spoiled()
    text = json.dumps(doc, indent=2).replace('"format_version": 1,', '"format_version": 1')
    path = tmp_path / "broken.json"
    path.write_text(text)
    message = refused(db, path).message
    assert message.startswith("broken.json is not valid JSON (line 4, column 3: Expecting ',' ")


def test_text_that_is_not_valid_unicode_gets_one_sentence_naming_its_place(
    db: Database, data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = spoiled("DHR-2025-003")
    doc["people"][0]["real_name"] = "Samuel \ud800 Price"  # an unpaired surrogate
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(doc), "ascii")  # written as the escape \ud800
    outcome = refused(db, path)
    assert outcome.message.startswith("surrogate.json holds text that is not valid Unicode at ")
    assert "$.people[0].real_name" in outcome.message and outcome.problems == []

    from dhr_desk.cli import main

    code = main(["--data-dir", str(data_dir.root), "import", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "$.people[0].real_name" in err


@pytest.mark.parametrize(
    "reference", ["", "DHR-2025-003\nDHR-2025-004", "DHR-2025-003\n", "../../etc/passwd", " X-1"]
)
def test_a_case_reference_that_is_empty_holds_a_line_break_or_looks_like_a_path_is_refused(
    db: Database, tmp_path: Path, reference: str
) -> None:
    doc = spoiled("CT-2026-009")
    doc["case"]["reference"] = reference
    problems = refused(db, write(tmp_path / "ref.json", doc)).problems
    [(where, reason)] = [p for p in problems if p[0] == "$.case.reference"]
    assert "is not a case reference: use letters and digits" in reason


def test_ordinary_case_references_are_still_accepted(db: Database, tmp_path: Path) -> None:
    doc = spoiled("CT-2026-009")
    doc["case"]["reference"] = "CT 2026.009_b"
    [outcome] = import_cases(db, [write(tmp_path / "ok.json", doc)])
    assert outcome.imported, outcome.lines()


def test_a_register_sha256_that_is_not_a_hash_is_refused(db: Database, tmp_path: Path) -> None:
    doc = spoiled("DHR-2025-003")
    doc["documents"][0]["sha256"] = "not-a-hash"
    doc["documents"][0]["distributions"][0]["sha256"] = "A" * 64
    problems = dict(refused(db, write(tmp_path / "sha.json", doc)).problems)
    assert "is not a SHA-256" in problems["$.documents[0].sha256"]
    assert "is not a SHA-256" in problems["$.documents[0].distributions[0].sha256"]


def test_a_pipe_is_refused_at_once_instead_of_waiting_for_a_writer(
    db: Database, tmp_path: Path
) -> None:
    import os

    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    outcome = refused(db, fifo)
    assert outcome.message == (
        f"{fifo} is not a regular file (it is a pipe or a device), so it is not a case file. "
        "Nothing was imported from it."
    )


def test_a_folder_on_the_command_line_gets_one_sentence(
    db: Database, data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dhr_desk.cli import main

    folder = tmp_path / "cases"
    folder.mkdir()
    code = main(["--data-dir", str(data_dir.root), "import", "--quiet", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"{folder} is a folder, not a case file."
