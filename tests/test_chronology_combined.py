"""The combined chronology: agencies merged in date and time order with their sources, partial
dates in their place, filters, edits and key events, likely duplicates flagged and linked
(never deleted), the gaps; and all of it carried by the case file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from casefile_support import empty_database
from chronology_support import make_dhr
from sqlalchemy import select

from dhr_desk.casefile import export_case, import_cases, write_case_file
from dhr_desk.domain import ChronologyEntry, ChronologyLink
from dhr_desk.errors import ValidationError
from dhr_desk.services import chronology, workspace
from dhr_desk.services.chronology import Filters
from dhr_desk.storage.database import Database

POLICE, ICB, HOUSING = "Northshire Police", "Northshire ICB", "Vale Homes"


def add(db: Database, case: Any, date: str, agency: str, event: str, **more: Any) -> int:
    values = {"date": date, "agency": agency, "source": f"{agency} record", "event": event}
    return chronology.save_entry(db, case.id, None, {**values, **more}).id


@pytest.fixture
def dhr(db: Database) -> Any:
    case = make_dhr(db)
    add(
        db,
        case,
        "03/04/2019",
        POLICE,
        "Police called to the address: shouting heard",
        occurred_time="22:10",
    )
    add(db, case, "April 2019", ICB, "GP letter about low mood")
    add(db, case, "03/04/2019", ICB, "Out of hours GP call", occurred_time="09:00")
    add(db, case, "2019", HOUSING, "Tenancy in joint names")
    add(db, case, "Spring 2019", HOUSING, "Repairs: door replaced after it was kicked in")
    add(
        db,
        case,
        "03/04/2019",
        HOUSING,
        "Neighbour reported shouting at the address to the police",
        occurred_time="22:25",
    )
    add(db, case, "20/08/2020", POLICE, "Victim disclosed coercive control to officers")
    return case


def test_agencies_are_merged_in_date_and_time_order_with_partial_dates_first(
    db: Database, dhr: Any
) -> None:
    rows = chronology.rows(db, dhr.id)
    assert [(r.date_text, r.occurred_time, r.agency) for r in rows] == [
        ("2019", "", HOUSING),
        ("Spring 2019", "", HOUSING),
        ("Apr 2019", "", ICB),
        ("03/04/2019", "09:00", ICB),
        ("03/04/2019", "22:10", POLICE),
        ("03/04/2019", "22:25", HOUSING),
        ("20/08/2020", "", POLICE),
    ]
    assert all(r.source == f"{r.agency} record" for r in rows)


def test_filters_by_agency_person_period_key_events_and_words(db: Database, dhr: Any) -> None:
    rows = chronology.rows(db, dhr.id)
    chronology.set_key_event(db, rows[-1].id, True)
    rows = chronology.rows(db, dhr.id)

    def shown(**filters: Any) -> list[str]:
        return [r.event for r in rows if Filters(**filters).accepts(r)]

    assert shown(agencies=frozenset([POLICE])) == [
        "Police called to the address: shouting heard",
        "Victim disclosed coercive control to officers",
    ]
    assert shown(key_events_only=True) == ["Victim disclosed coercive control to officers"]
    # a period overlaps partial dates: "2019" and "Spring 2019" may fall in March 2019
    assert shown(
        date_from=chronology.filter_date("March 2019"),
        date_to=chronology.filter_date("March 2019", end=True),
    ) == ["Tenancy in joint names", "Repairs: door replaced after it was kicked in"]
    assert shown(words="SHOUTING") == [
        "Police called to the address: shouting heard",
        "Neighbour reported shouting at the address to the police",
    ]
    victim = next(pid for pid, label in chronology.people(db, dhr.id) if "Jane Doe" in label)
    person_id, names = chronology.person_filter(db, victim)
    # the entries that name her (as the victim) or are recorded as about her
    assert shown(person_id=person_id, person_names=names) == [
        "Victim disclosed coercive control to officers"
    ]
    chronology.save_entry(db, dhr.id, rows[0].id, {"person_id": victim})
    rows = chronology.rows(db, dhr.id)
    assert shown(person_id=person_id, person_names=names)[0] == "Tenancy in joint names"


def test_entries_are_edited_with_partial_dates_and_refused_plainly(db: Database, dhr: Any) -> None:
    first = chronology.rows(db, dhr.id)[0]
    changed = chronology.save_entry(db, dhr.id, first.id, {"date": "Winter 2018/19"})
    assert (changed.date_text, changed.occurred_on) == ("Winter 2018/19", dt.date(2018, 12, 1))
    with pytest.raises(ValidationError) as refused:
        chronology.save_entry(db, dhr.id, first.id, {"date": "04/13/2019"})
    assert refused.value.problems == [
        (
            "date",
            "'04/13/2019' is not a date: there is no month 13 (dates are read day first, as in "
            "13/04/2019)",
        )
    ]
    # a partial date that does not start its period is refused on every save path
    with pytest.raises(ValidationError, match="first of that month"):
        workspace.save(
            db,
            ChronologyEntry,
            dhr.id,
            first.id,
            {"occurred_on": "2019-04-15", "date_precision": "month"},
        )
    assert chronology.row(db, first.id).date_text == "Winter 2018/19"


def test_likely_duplicates_are_flagged_across_agencies_only(db: Database, dhr: Any) -> None:
    pairs = chronology.duplicates(db, dhr.id)
    assert [(p.first.agency, p.second.agency) for p in pairs] == [(POLICE, HOUSING)]
    assert set(pairs[0].shared) >= {"shouting", "address"}
    # the same words from one agency twice are not a duplicate across agencies
    again = add(
        db,
        dhr,
        "03/04/2019",
        POLICE,
        "Police called again to the address: shouting heard",
        occurred_time="23:40",
    )
    pairs = chronology.duplicates(db, dhr.id)
    assert all(p.first.agency != p.second.agency for p in pairs)
    assert {
        (p.first.agency, p.second.agency) for p in pairs if again in (p.first.id, p.second.id)
    } == {(HOUSING, POLICE)}
    # entries hours apart are not the same event
    later = add(
        db,
        dhr,
        "03/04/2019",
        ICB,
        "Police called to the address about shouting, said the GP",
        occurred_time="05:00",
    )
    assert all(later not in (p.first.id, p.second.id) for p in chronology.duplicates(db, dhr.id))


def test_a_link_keeps_both_entries_and_the_flag_is_not_raised_again(db: Database, dhr: Any) -> None:
    (pair,) = chronology.duplicates(db, dhr.id)
    link_id = chronology.decide(db, dhr.id, pair.second.id, pair.first.id, True, "same call-out")
    assert chronology.duplicates(db, dhr.id) == []
    assert len(chronology.rows(db, dhr.id)) == 7  # never deleted
    groups = chronology.groups(db, dhr.id)
    assert groups[pair.first.id] == groups[pair.second.id]
    [link] = chronology.links(db, dhr.id)
    assert (link.id, link.same_event, link.note) == (link_id, True, "same call-out")
    # said again, the earlier word is replaced; "not the same" also stops the flag
    chronology.decide(db, dhr.id, pair.first.id, pair.second.id, False)
    assert chronology.groups(db, dhr.id) == {} and chronology.duplicates(db, dhr.id) == []
    chronology.undo_decision(db, link_id)
    assert len(chronology.duplicates(db, dhr.id)) == 1
    with pytest.raises(ValidationError, match="cannot be linked with itself"):
        chronology.decide(db, dhr.id, pair.first.id, pair.first.id, True)


def test_deleting_an_entry_takes_its_links_with_it(db: Database, dhr: Any) -> None:
    (pair,) = chronology.duplicates(db, dhr.id)
    chronology.decide(db, dhr.id, pair.first.id, pair.second.id, True)
    chronology.delete_entry(db, pair.first.id)
    with db.session() as session:
        assert session.scalars(select(ChronologyLink)).all() == []
    assert len(chronology.rows(db, dhr.id)) == 6


def test_gaps_name_silent_agencies_quiet_months_and_contacts_per_year(
    db: Database, dhr: Any
) -> None:
    workspace.save(db, workspace.kind("case_agency").model, dhr.id, None, {"agency": "Probation"})
    gaps = chronology.gaps(db, dhr.id)
    assert gaps.silent_agencies == ("Probation",)
    assert gaps.period == (dt.date(2018, 1, 1), dt.date(2021, 5, 1))
    assert [(s.label, s.months) for s in gaps.quiet_spells] == [
        ("January 2018 to March 2019", 15),
        ("May 2019 to July 2020", 15),
        ("September 2020 to May 2021", 9),
    ]
    assert gaps.per_year[HOUSING] == {2019: 3}
    assert gaps.per_year[POLICE] == {2019: 1, 2020: 1}
    assert gaps.undated_to_month == 2  # "2019" and "Spring 2019" fill no month


def test_the_case_file_carries_partial_dates_imports_and_links(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    (pair,) = chronology.duplicates(db, dhr.id)
    chronology.decide(db, dhr.id, pair.first.id, pair.second.id, True, "one call-out")
    path = write_case_file(db, dhr.reference, tmp_path / "case.json")
    document = json.loads(path.read_text("utf-8"))
    assert [e["date_precision"] for e in document["chronology"]][:3] == ["year", "season", "month"]
    [link] = document["chronology_links"]
    keys = {e["key"]: e["event"] for e in document["chronology"]}
    assert {keys[link["entry"]], keys[link["other"]]} == {pair.first.event, pair.second.event}
    other = empty_database(tmp_path / "other")
    try:
        [outcome] = import_cases(other, [path])
        assert outcome.imported, outcome.lines()
        with other.session() as session:
            again = export_case(session, dhr.reference)
        assert again["chronology"] == document["chronology"]
        assert again["chronology_links"] == document["chronology_links"]
    finally:
        other.close()


def test_a_case_file_from_before_partial_dates_still_imports(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    with db.session() as session:
        document = export_case(session, dhr.reference)
    document["case"]["reference"] = "DHR-2019-001"
    for entry in document["chronology"]:
        for key in ("key", "date_precision", "person", "agency_return", "import_row"):
            entry.pop(key)
    for ret in document["agency_returns"]:
        for key in ("key", "imported_file", "imported_sha256", "imported_at", "imported_entries"):
            ret.pop(key)
    del document["chronology_links"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), "utf-8")
    [outcome] = import_cases(db, [path])
    assert outcome.imported, outcome.lines()
    with db.session() as session:
        case_id = session.scalar(
            select(ChronologyEntry.case_id).order_by(ChronologyEntry.id.desc())
        )
    rows = chronology.rows(db, case_id)
    assert {r.precision.value for r in rows} == {"day"}  # the old file's dates are to the day
    assert len(rows) == 7


def test_a_case_file_with_a_partial_date_off_its_period_is_refused(
    db: Database, dhr: Any, tmp_path: Path
) -> None:
    with db.session() as session:
        document = export_case(session, dhr.reference)
    document["case"]["reference"] = "DHR-2019-002"
    document["chronology"][2]["occurred_on"] = "2019-04-15"  # "month" precision
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), "utf-8")
    [outcome] = import_cases(db, [path])
    assert not outcome.imported
    assert outcome.problems == [
        (
            "$.chronology[2].occurred_on",
            "a date known only to the month is stored as the first of that month",
        )
    ]
