"""dhr-desk chronology: the template for an agency (and the filled-in template back in without
any mapping), importing with --check, --sheet and --map, exit 0 when imported and 2 when refused
with the problems listed, duplicates, links, key events, the timeline picture and the gaps."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from casefile_support import snapshot
from chronology_files import health_xlsx, police_docx, rows_csv
from chronology_support import make_dhr, request_chronology
from store_support import set_up

from dhr_desk.cli import main
from dhr_desk.storage import store
from dhr_desk.storage.paths import DataDir


@pytest.fixture
def home(tmp_path: Path) -> tuple[list[str], DataDir]:
    data_dir = set_up(DataDir(tmp_path / "home"))
    db = store.open_database(data_dir)
    try:
        case = make_dhr(db)
        request_chronology(db, case.id, "Northshire Police", dt.date.today() - dt.timedelta(days=7))
    finally:
        db.close()
    return ["--data-dir", str(data_dir.root)], data_dir


def _snapshot(data_dir: DataDir) -> dict[str, int]:
    db = store.open_database(data_dir)
    try:
        return snapshot(db)
    finally:
        db.close()


def test_the_excel_template_carries_the_case_and_comes_back_without_mapping(
    home: Any, tmp_path: Path, capsys: Any
) -> None:
    args, _data_dir = home
    target = tmp_path / "police-template.xlsx"
    code = main(
        [
            *args,
            "chronology",
            "template",
            "DHR-2021-001",
            "--agency",
            "Northshire Police",
            "--format",
            "xlsx",
            "-o",
            str(target),
        ]
    )
    assert code == 0, capsys.readouterr().err
    book = openpyxl.load_workbook(target)
    sheet = book["Chronology"]
    assert [c.value for c in sheet[5]] == [
        "Date",
        "Time",
        "Source of information",
        "Event",
        "Action / decision",
        "Comment / analysis",
    ]
    assert "1 January 2018 to 1 May 2021" in sheet["A3"].value
    due = dt.date.today() - dt.timedelta(days=7) + dt.timedelta(weeks=6)
    assert f"Return by {due.day} {due:%B %Y}" in sheet["A3"].value  # the due date from the clocks
    about = [[c.value for c in row] for row in book["Instructions"].iter_rows()]
    assert ["Jane Doe", "Victim", "14/02/1980", None] in about
    assert ["John Roe", "Perpetrator", "30/07/1978", None] in about
    assert any(r[0] and "do not invent a day" in r[0] for r in about)
    sheet.append(
        [dt.datetime(2019, 4, 3), "14:30", "STORM 1", "Call to the address", "Attended", ""]
    )
    sheet.append(["Spring 2020", "", "PNC", "Arrest for theft", "Charged", ""])
    book.save(target)
    capsys.readouterr()
    code = main(
        [
            *args,
            "chronology",
            "import",
            "DHR-2021-001",
            str(target),
            "--agency",
            "Northshire Police",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "police-template.xlsx (Excel workbook, sheet 'Chronology'): 2 entries to add" in out
    assert "Imported 2 entries from police-template.xlsx into DHR-2021-001" in out


def test_the_word_template_lists_the_subjects_and_the_columns(
    home: Any, tmp_path: Path, capsys: Any
) -> None:
    args, _data_dir = home
    target = tmp_path / "t.docx"
    assert (
        main(
            [
                *args,
                "chronology",
                "template",
                "DHR-2021-001",
                "--agency",
                "Northshire ICB",
                "--format",
                "docx",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    document = docx.Document(str(target))
    texts = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Jane Doe", "Victim", "14/02/1980", ""] in texts
    assert texts[-16] == [
        "Date",
        "Time",
        "Source of information",
        "Event",
        "Action / decision",
        "Comment / analysis",
    ]
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    capsys.readouterr()
    assert (
        main(
            [
                *args,
                "chronology",
                "template",
                "DHR-2021-001",
                "--agency",
                "Nobody",
                "--format",
                "docx",
                "-o",
                str(tmp_path / "n.docx"),
            ]
        )
        == 8
    )
    assert "There is no agency called 'Nobody'" in capsys.readouterr().err
    assert not (tmp_path / "n.docx").exists()


def test_import_refused_with_the_problems_then_imported_skipping_them(
    home: Any, tmp_path: Path, capsys: Any
) -> None:
    args, data_dir = home
    path = police_docx(tmp_path / "police.docx")

    def run(*extra: str) -> int:
        return main(
            [*args, "chronology", "import", "DHR-2021-001", str(path), "--agency"]
            + ["Northshire Police", *extra]
        )

    before = _snapshot(data_dir)
    code = run()
    captured = capsys.readouterr()
    assert code == 2
    assert "  table 3, row 4: text in the date column: 'Unknown'" in captured.err
    assert "Nothing was imported." in captured.err
    assert "Left out table 2, row 4 (a note, not an entry)" in captured.out
    assert _snapshot(data_dir) == before
    assert run("--skip-problems", "--check") == 2  # the entry after the death waits
    err = capsys.readouterr().err
    assert "1 entry is dated after the death or outside the review period" in err
    assert "  table 3, row 6: after the death (on 1 May 2021)" in err
    assert run("--skip-problems", "--accept-warnings", "--check") == 0
    out = capsys.readouterr().out
    assert "Check only: importing would add 5 entries; nothing was written." in out
    assert _snapshot(data_dir) == before
    assert run("--skip-problems", "--accept-warnings") == 0
    out = capsys.readouterr().out
    assert "Imported 5 entries from police.docx" in out and "2 row(s) skipped" in out
    assert run("--skip-problems", "--accept-warnings") == 2
    assert "was already imported into this case" in capsys.readouterr().err


def test_import_with_a_sheet_and_named_columns(home: Any, tmp_path: Path, capsys: Any) -> None:
    args, _ = home
    path = health_xlsx(tmp_path / "health.xlsx")
    assert (
        main(
            [
                *args,
                "chronology",
                "import",
                "DHR-2021-001",
                str(path),
                "--agency",
                "Northshire ICB",
                "--sheet",
                "Cover",
                "--check",
            ]
        )
        == 2
    )
    assert "No date column was found in health.xlsx" in capsys.readouterr().err
    odd = rows_csv(tmp_path / "odd.csv", [("01/02/2019", "Seen")], header=("Dt", "Text"))
    assert (
        main(
            [
                *args,
                "chronology",
                "import",
                "DHR-2021-001",
                str(odd),
                "--agency",
                "Vale Homes",
                "--map",
                "Dt=date",
                "--map",
                "Text=event",
            ]
        )
        == 0
    )
    assert "Imported 1 entry from odd.csv" in capsys.readouterr().out
    assert (
        main(
            [
                *args,
                "chronology",
                "import",
                "DHR-2021-001",
                str(odd),
                "--agency",
                "Vale Homes",
                "--map",
                "Dt=when",
            ]
        )
        == 2
    )
    assert "'when' is not one of: date, time" in capsys.readouterr().err


def test_list_duplicates_link_key_timeline_and_gaps(home: Any, tmp_path: Path, capsys: Any) -> None:
    args, _ = home
    police = rows_csv(
        tmp_path / "p.csv",
        [
            (
                "03/04/2019",
                "22:10",
                "STORM 1",
                "Called to the address: shouting and a woman crying",
                "",
                "",
            ),
            ("April 2019", "", "Intel", "Report of John's controlling behaviour", "", ""),
        ],
    )
    housing = rows_csv(
        tmp_path / "h.csv",
        [
            (
                "03/04/2019",
                "22:30",
                "ASB log",
                "Neighbour heard shouting and a woman crying at the address",
                "",
                "",
            ),
        ],
    )
    for path, agency in ((police, "Northshire Police"), (housing, "Vale Homes")):
        assert (
            main([*args, "chronology", "import", "DHR-2021-001", str(path), "--agency", agency])
            == 0
        )
    capsys.readouterr()
    assert main([*args, "chronology", "duplicates", "DHR-2021-001", "--json"]) == 0
    [pair] = json.loads(capsys.readouterr().out)
    assert (pair["first"]["agency"], pair["second"]["agency"]) == (
        "Northshire Police",
        "Vale Homes",
    )
    assert {"shouting", "woman", "crying"} <= set(pair["words_in_common"])
    first, second = pair["first"]["id"], pair["second"]["id"]
    assert main([*args, "chronology", "link", "DHR-2021-001", str(first), str(second)]) == 0
    assert "both entries are kept" in capsys.readouterr().out
    assert main([*args, "chronology", "duplicates", "DHR-2021-001"]) == 0
    assert "No likely duplicates" in capsys.readouterr().out
    assert main([*args, "chronology", "key", "DHR-2021-001", str(first)]) == 0
    capsys.readouterr()
    assert main([*args, "chronology", "list", "DHR-2021-001", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["date"], e["agency"], e["key_event"]) for e in listed] == [
        ("Apr 2019", "Northshire Police", False),
        ("03/04/2019", "Northshire Police", True),
        ("03/04/2019", "Vale Homes", False),
    ]
    assert listed[1]["linked_event"] == listed[2]["linked_event"] == first
    assert main([*args, "chronology", "list", "DHR-2021-001", "--key-events"]) == 0
    assert "1 of 3 entries" in capsys.readouterr().out
    assert main([*args, "chronology", "list", "DHR-2021-001", "--person", "adult b"]) == 0
    about = capsys.readouterr().out
    assert "Report of John's controlling behaviour" in about and "1 of 3 entries" in about
    assert main([*args, "chronology", "list", "DHR-2021-001", "--person", "Mary Poe"]) == 2
    assert "No person of this case is called 'Mary Poe'" in capsys.readouterr().err
    for name in ("t.png", "t.svg"):
        assert (
            main([*args, "chronology", "timeline", "DHR-2021-001", "-o", str(tmp_path / name)]) == 0
        )
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "t.svg").read_text("utf-8")
    assert (
        main([*args, "chronology", "timeline", "DHR-2021-001", "-o", str(tmp_path / "t.gif")]) == 2
    )
    capsys.readouterr()
    assert main([*args, "chronology", "gaps", "DHR-2021-001", "--json"]) == 0
    gaps = json.loads(capsys.readouterr().out)
    assert gaps["agencies_with_no_entries"] == ["Northshire ICB"]
    assert gaps["contacts_per_agency_per_year"]["Northshire Police"] == {"2019": 2}
    assert gaps["months_with_no_contact"][0] == {"from": "2018-01", "to": "2019-03", "months": 15}


def test_an_unknown_case_or_entry_is_named(home: Any, capsys: Any) -> None:
    args, _ = home
    assert main([*args, "chronology", "gaps", "DHR-1999-999"]) == 8
    assert "There is no case with the reference DHR-1999-999" in capsys.readouterr().err
    assert main([*args, "chronology", "key", "DHR-2021-001", "9999"]) == 8
    assert "no longer exists" in capsys.readouterr().err
