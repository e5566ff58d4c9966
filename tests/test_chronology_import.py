"""Importing agency returns as agencies send them: every entry read, every problem named, the
coordinator's fixes and skips, the whole return written or nothing, the file recorded on the
return."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from casefile_support import snapshot
from chronology_files import (
    health_xlsx,
    merged_dates_docx,
    police_docx,
    rows_csv,
)
from chronology_support import PERIOD, entries, make_dhr, request_chronology
from sqlalchemy import select

from dhr_desk.domain import AgencyReturn, AuditEntry, CaseAgency, DatePrecision
from dhr_desk.errors import DhrDeskError, NeedsConfirmation
from dhr_desk.services import chronology
from dhr_desk.services.chronology import ImportRefused
from dhr_desk.storage.database import Database

DAY, MONTH, SEASON, YEAR = (
    DatePrecision.DAY,
    DatePrecision.MONTH,
    DatePrecision.SEASON,
    DatePrecision.YEAR,
)


@pytest.fixture
def dhr(db: Database) -> Any:
    return make_dhr(db)


def _read(db: Database, case: Any, path: Path, agency: str = "Northshire Police", **kw: Any):
    return chronology.read_return(db, case.id, path, agency, **kw)


def test_a_word_return_split_across_pages_with_merged_headings(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    plan = _read(db, dhr, police_docx(tmp_path / "police.docx"))
    assert [(c.heading, c.field) for c in plan.columns] == [
        ("Date", "date"),
        ("Source of information", "source"),
        ("Event", "event"),  # "Details of contact" merged over Event and Action / decision
        ("Action / decision", "action"),
        ("Comment / analysis", "comment"),
    ]
    read = [
        (r.place, r.entry.date.start, r.entry.date.precision, r.entry.time, r.entry.source)
        for r in plan.to_add
    ]
    assert read == [
        ("table 2, row 3", dt.date(2019, 4, 3), DAY, "", "STORM log 123"),
        ("table 2, row 6", dt.date(2019, 4, 3), DAY, "14:30", "Niche occurrence 456"),
        ("table 2, row 7", dt.date(2019, 4, 1), MONTH, "", "Intelligence log"),
        ("table 3, row 3", dt.date(2020, 3, 1), SEASON, "", "Neighbourhood team notes"),
        ("table 3, row 6", dt.date(2021, 5, 12), DAY, "", "STORM log 999"),
    ]
    first = plan.to_add[0].entry
    assert (first.event, first.action, first.comment) == (
        "Call from neighbour: shouting heard",
        "Officers attended",
        "First call",
    )
    assert [(r.place, r.problems) for r in plan.with_problems] == [
        ("table 3, row 4", ["text in the date column: 'Unknown'"]),
        (
            "table 3, row 5",
            [
                "'04/13/2019' is not a date: there is no month 13 (dates are read day first, "
                "as in 13/04/2019)"
            ],
        ),
    ]
    assert [r.warnings for r in plan.to_add if r.warnings] == [["after the death (on 1 May 2021)"]]
    assert [(a.place, a.reason) for a in plan.set_aside] == [
        ("table 1", "not a chronology table: it has no date column"),
        ("table 2, row 4", "a note, not an entry"),
    ]
    assert plan.empty_rows == 1
    assert plan.summary().startswith("police.docx (Word document): 5 entries to add")


def test_a_date_merged_down_the_rows_dates_each_of_them(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    plan = _read(db, dhr, merged_dates_docx(tmp_path / "m.docx"))
    assert [(r.entry.date.start, r.entry.time, r.entry.event) for r in plan.to_add] == [
        (dt.date(2019, 6, 5), "09:00", "Phone call from the victim"),
        (dt.date(2019, 6, 5), "15:30", "Home visit"),
        (dt.date(2019, 6, 7), "", "Letter sent"),
    ]
    assert plan.heading_rows == 1  # the headings typed again halfway down


def test_a_workbook_is_read_from_its_chronology_sheet(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    path = health_xlsx(tmp_path / "health.xlsx")
    plan = _read(db, dhr, path, "Northshire ICB")
    assert plan.sheet_read == "Chronology" and plan.file.sheets == ["Cover", "Chronology", "Notes"]
    assert [
        (r.place, r.entry.date.start, r.entry.date.precision, r.entry.time) for r in plan.to_add
    ] == [
        ("row 5", dt.date(2019, 2, 1), DAY, "09:15"),  # a date-time cell
        ("row 6", dt.date(2019, 4, 1), MONTH, ""),  # a date cell formatted mmm-yy
        ("row 7", dt.date(2019, 5, 15), DAY, ""),  # an Excel serial in a General cell
        ("row 8", dt.date(2018, 1, 1), YEAR, ""),  # a year typed as a number
    ]
    gp = plan.to_add[0].entry
    assert (gp.source, gp.event, gp.action) == ("EMIS", "GP appointment: low mood", "Sertraline")
    assert plan.to_add[2].entry.comment == "Bruising noted"
    assert [(r.place, r.problems) for r in plan.with_problems] == [
        ("row 10", ["text in the date column: 'see above'"])
    ]
    with pytest.raises(DhrDeskError, match="No date column was found"):
        _read(db, dhr, path, "Northshire ICB", sheet="Cover")
    with pytest.raises(DhrDeskError, match="has no sheet called 'Sheet9'; its sheets are"):
        _read(db, dhr, path, "Northshire ICB", sheet="Sheet9")


@pytest.mark.parametrize(
    ("encoding", "delimiter", "described"),
    [
        ("utf-8", ",", "UTF-8, commas"),
        ("utf-8-sig", "\t", "UTF-8, tabs"),
        ("cp1252", ";", "Windows-1252, semicolons"),
        ("cp1252", ",", "Windows-1252, commas"),
    ],
)
def test_csv_in_either_encoding_with_any_delimiter(
    db: Database, dhr: Any, tmp_path: Path, encoding: str, delimiter: str, described: str
) -> None:
    path = rows_csv(
        tmp_path / "return.csv",
        [
            ("12/03/2019", "10:05", "Case note", "Visit to the café – rent £20 owed", "Letter", ""),
            ("Summer 2019", "", "Case note", "Tenancy review; notes say 'all fine'", "", ""),
        ],
        encoding=encoding,
        delimiter=delimiter,
    )
    plan = _read(db, dhr, path, "Vale Homes")
    assert plan.file.description == f"CSV file ({described})"
    assert [(r.entry.date.label(), r.entry.time, r.entry.event) for r in plan.to_add] == [
        ("12 March 2019", "10:05", "Visit to the café – rent £20 owed"),
        ("Summer 2019", "", "Tenancy review; notes say 'all fine'"),
    ]


def test_columns_named_by_the_coordinator_are_remembered_for_the_agency(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    header = ("Dt", "Tm", "Entry text", "Staff")
    path = rows_csv(
        tmp_path / "odd.csv", [("01/02/2019", "0930", "Seen at home", "J Smith")], header=header
    )
    with pytest.raises(DhrDeskError, match="No date column was found in odd.csv"):
        _read(db, dhr, path, "Vale Homes")
    mapping = {"Dt": "date", "Tm": "time", "Entry text": "event", "Staff": "source"}
    plan = _read(db, dhr, path, "Vale Homes", mapping=mapping)
    entry = plan.to_add[0].entry
    assert (entry.date.start, entry.time, entry.event, entry.source) == (
        dt.date(2019, 2, 1),
        "09:30",
        "Seen at home",
        "J Smith",
    )
    chronology.import_return(db, dhr.id, plan)
    second = rows_csv(
        tmp_path / "odd2.csv", [("02/02/2019", "", "Phone call", "A Jones")], header=header
    )
    again = _read(db, dhr, second, "Vale Homes")  # no mapping given: the agency's is used
    assert [r.entry.source for r in again.to_add] == ["A Jones"]
    with pytest.raises(DhrDeskError, match="No date column"):
        _read(db, dhr, second, "Northshire ICB")  # another agency's columns are its own


def test_subjects_are_matched_to_the_case_people(db: Database, dhr: Any, tmp_path: Path) -> None:
    header = ("Date", "Subject", "Source", "Event")
    path = rows_csv(
        tmp_path / "s.csv",
        [
            ("01/02/2019", "Jane Doe", "GP", "Seen"),
            ("02/02/2019", "Adult B", "GP", "Phoned"),
            ("03/02/2019", "Someone Else", "GP", "Letter"),
        ],
        header=header,
    )
    plan = _read(db, dhr, path, "Northshire ICB")
    people = dict(chronology.people(db, dhr.id))
    named = [people.get(r.entry.person_id, "") for r in plan.to_add]
    assert named[0].startswith("Jane Doe") and named[1].startswith("John Roe")
    assert plan.to_add[2].entry.person_id is None
    assert plan.to_add[2].warnings == [
        "'Someone Else' is not one of the case's people; kept in the comment"
    ]
    assert plan.to_add[2].entry.comment == "Subject as given: Someone Else"


def test_warnings_do_not_stop_an_entry_but_are_kept(db: Database, dhr: Any, tmp_path: Path) -> None:
    path = rows_csv(
        tmp_path / "w.csv",
        [
            ("01/06/2017", "", "GP", "Before the review period", "", ""),
            ("02/06/2021", "", "GP", "After the death", "", ""),
            ("03/06/2019", "morning", "", "Time in words, no source", "", ""),
            ("c. 2019", "", "GP", "Approximate", "", ""),
        ],
    )
    plan = _read(db, dhr, path, "Northshire ICB")
    assert not plan.with_problems
    assert [r.warnings for r in plan.to_add] == [
        ["outside the review period (1 January 2018 to 1 May 2021)"],
        ["after the death (on 1 May 2021)"],
        [
            "'morning' is not a time; kept in the comment",
            "no source of information; given as 'Northshire ICB chronology return (w.csv)'",
        ],
        [],
    ]
    assert plan.to_add[2].entry.comment == "Time as given: morning"
    assert plan.to_add[3].entry.comment == "Date as given: c. 2019"


def test_a_return_without_a_source_column_says_what_the_source_will_be(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    path = rows_csv(tmp_path / "n.csv", [("01/02/2019", "Seen")], header=("Date", "Event"))
    plan = _read(db, dhr, path, "Northshire ICB")
    assert plan.to_add[0].entry.source == "Northshire ICB chronology return (n.csv)"
    assert any("no 'Source of information' column" in n for n in plan.notices)


def test_the_import_is_whole_and_records_the_file_on_the_return(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    requested = request_chronology(db, dhr.id, "Northshire Police", dt.date(2021, 6, 1))
    path = police_docx(tmp_path / "police.docx")
    plan = _read(db, dhr, path)
    for row in plan.with_problems:
        plan.skip(row.number)
    result = chronology.import_return(db, dhr.id, plan, today=dt.date(2021, 7, 20))
    assert (result.entries, result.skipped) == (5, 2)
    stored = entries(db)
    assert [(e.occurred_on, e.date_precision, e.import_row) for e in stored] == [
        (dt.date(2019, 4, 1), MONTH, "table 2, row 7"),
        (dt.date(2019, 4, 3), DAY, "table 2, row 3"),
        (dt.date(2019, 4, 3), DAY, "table 2, row 6"),
        (dt.date(2020, 3, 1), SEASON, "table 3, row 3"),
        (dt.date(2021, 5, 12), DAY, "table 3, row 6"),
    ]
    with db.session() as session:
        ret = session.get(AgencyReturn, requested.id)
        assert ret is not None and all(e.return_id == ret.id for e in stored)
        assert ret.received_on == dt.date(2021, 7, 20)  # the return becomes received
        assert ret.imported_file == "police.docx"
        assert ret.imported_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert ret.imported_entries == 5 and ret.imported_at is not None
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "import", AuditEntry.case_id == dhr.id)
        ).one()
        assert audit.changes["sha256"] == ret.imported_sha256 and audit.changes["skipped"] == 2
    rows = chronology.rows(db, dhr.id)
    assert rows[0].origin == "police.docx, table 2, row 7"


def test_a_problem_row_stops_the_import_until_fixed_or_skipped(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    plan = _read(db, dhr, police_docx(tmp_path / "police.docx"))
    before = snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        chronology.import_return(db, dhr.id, plan)
    assert refused.value.problems == [
        ("table 3, row 4", "text in the date column: 'Unknown'"),
        (
            "table 3, row 5",
            "'04/13/2019' is not a date: there is no month 13 (dates are read day first, as in "
            "13/04/2019)",
        ),
    ]
    assert snapshot(db) == before
    unknown, american = plan.with_problems
    fixed = plan.fix(american.number, {"date": "13/04/2019"})
    assert fixed.state == "ready" and fixed.entry.date.start == dt.date(2019, 4, 13)
    plan.skip(unknown.number)
    assert not plan.with_problems
    result = chronology.import_return(db, dhr.id, plan)
    assert result.entries == 6
    assert dt.date(2019, 4, 13) in {e.occurred_on for e in entries(db)}


def test_entries_after_the_death_wait_for_a_confirmation_and_future_dates_are_refused(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    next_year = dt.date.today().year + 1
    path = rows_csv(
        tmp_path / "late.csv",
        [
            ("02/06/2021", "", "GP", "Family seen after the death", "", ""),
            (f"01/01/{next_year}", "", "GP", "A mistyped year", "", ""),
        ],
    )
    plan = _read(db, dhr, path, "Northshire ICB")
    [future] = plan.with_problems
    assert future.problems == [
        f"1 January {next_year} is in the future: correct the date (the agency may have "
        "mistyped the year)"
    ]
    plan.skip(future.number)
    assert [r.place for r in chronology.to_confirm(plan)] == ["line 2"]
    before = snapshot(db)
    with pytest.raises(NeedsConfirmation) as waiting:
        chronology.import_return(db, dhr.id, plan, accept_warnings=False)
    assert waiting.value.problems == [("line 2", "after the death (on 1 May 2021)")]
    assert snapshot(db) == before
    assert chronology.import_return(db, dhr.id, plan).entries == 1  # the import confirms it


def test_the_same_file_is_not_imported_twice(db: Database, dhr: Any, tmp_path: Path) -> None:
    path = rows_csv(tmp_path / "a.csv", [("01/02/2019", "", "GP", "Seen", "", "")])
    chronology.import_return(db, dhr.id, _read(db, dhr, path, "Northshire ICB"))
    before = snapshot(db)
    plan = _read(db, dhr, path, "Northshire ICB")
    assert "a.csv was already imported into this case" in plan.refused
    with pytest.raises(ImportRefused, match="already imported"):
        chronology.import_return(db, dhr.id, plan)
    assert snapshot(db) == before


def test_a_stopped_import_writes_nothing(db: Database, dhr: Any, tmp_path: Path) -> None:
    from chronology_files import big_xlsx

    plan = _read(db, dhr, big_xlsx(tmp_path / "big.xlsx", 1200), "Northshire ICB")
    before = snapshot(db)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1  # after the first 500 entries were added

    with pytest.raises(DhrDeskError, match="stopped; nothing was written"):
        chronology.import_return(db, dhr.id, plan, cancelled=cancelled)
    assert snapshot(db) == before


def test_an_import_lists_the_agency_in_the_case(db: Database, dhr: Any, tmp_path: Path) -> None:
    path = rows_csv(tmp_path / "p.csv", [("01/02/2019", "", "Probation record", "Seen", "", "")])
    chronology.import_return(db, dhr.id, _read(db, dhr, path, "Northshire Probation"))
    with db.session() as session:
        names = {link.agency.name for link in session.scalars(select(CaseAgency))}
    assert "Northshire Probation" in names
    assert chronology.agencies(db, dhr.id)[-1] == "Northshire Probation"
    assert PERIOD[0] < entries(db)[0].occurred_on


def test_merged_cells_in_a_workbook_are_read_like_a_word_table(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    from chronology_files import merged_xlsx

    plan = _read(db, dhr, merged_xlsx(tmp_path / "merged.xlsx"), "Vale Homes")
    assert plan.sheet_read == "Return"  # the hidden sheet is not read unless chosen
    assert [(c.heading, c.field) for c in plan.columns] == [
        ("Date", "date"),
        ("Event", "event"),
        ("Action / decision", "action"),
        ("Comment / analysis", "comment"),
    ]
    assert [(r.entry.date.start, r.entry.event, r.entry.action) for r in plan.to_add] == [
        (dt.date(2019, 6, 5), "Phone call", "Advice"),
        (dt.date(2019, 6, 5), "Home visit", "Safety plan"),  # the date merged down the rows
        (dt.date(2019, 6, 7), "Letter sent", ""),
    ]
    assert [(a.place, a.reason) for a in plan.set_aside] == [("row 5", "a note, not an entry")]
