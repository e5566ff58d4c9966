"""Records that cannot be true are refused by every save path (the app's service, a case file,
the command line), and what is merely unusual waits for a confirmation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dhr_desk import records
from dhr_desk.domain import AgencyReturn, Case, ChronologyEntry, Meeting, Person
from dhr_desk.errors import NeedsConfirmation, ValidationError
from dhr_desk.services import cases, workspace
from dhr_desk.storage.database import Database

TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


def _dhr(db: Database) -> Case:
    return cases.new_dhr(
        db,
        {
            "notification_received_on": "2025-01-06",
            "notified_by": "DI Khan",
            "date_of_death": "2024-12-30",
        },
        {"real_name": "Joanne Example", "pseudonym": "Adult A"},
    )


def _victim(db: Database, case: Case) -> Person:
    return next(p for p in workspace.children(db, Person, case.id) if p.role.value == "victim")


def test_a_victim_born_after_the_death_is_refused(db: Database) -> None:
    case = _dhr(db)
    victim = _victim(db, case)
    with pytest.raises(ValidationError) as refused:
        workspace.save(db, Person, case.id, victim.id, {"date_of_birth": "2029-01-01"})
    assert ("date_of_birth", "1 January 2029 is in the future; record it once it has happened") in (
        refused.value.problems
    )
    with pytest.raises(ValidationError) as refused:
        workspace.save(db, Person, case.id, victim.id, {"date_of_birth": "2025-01-02"})
    assert refused.value.problems == [
        (
            "date_of_birth",
            "2 January 2025 is after the date of death of the review (30 December 2024)",
        )
    ]
    assert _victim(db, case).date_of_birth is None  # nothing was saved
    workspace.save(db, Person, case.id, victim.id, {"date_of_birth": "1985-03-12"})
    assert _victim(db, case).date_of_birth == dt.date(1985, 3, 12)


def test_a_person_dies_after_they_were_born(db: Database) -> None:
    case = _dhr(db)
    with pytest.raises(ValidationError, match="before their date of birth"):
        workspace.save(
            db,
            Person,
            case.id,
            None,
            {
                "real_name": "Old Relative",
                "role": "family",
                "date_of_birth": "1950-05-05",
                "date_of_death": "1949-01-01",
            },
        )


def test_the_review_period_and_the_death_are_in_order_on_every_change(db: Database) -> None:
    case = _dhr(db)
    with pytest.raises(ValidationError, match="before the review period starts"):
        workspace.update_case(
            db, case.id, {"review_period_start": "2024-01-01", "review_period_end": "2023-01-01"}
        )
    with pytest.raises(ValidationError, match="after the notification was received"):
        workspace.update_case(db, case.id, {"date_of_death": "2025-02-01"})
    with pytest.raises(ValidationError, match="is in the future"):
        workspace.update_case(db, case.id, {"notification_received_on": TOMORROW})
    assert workspace.get_case(db, case.id).date_of_death == dt.date(2024, 12, 30)


def test_what_has_happened_cannot_be_dated_in_the_future(db: Database) -> None:
    case = _dhr(db)
    with pytest.raises(ValidationError, match="is in the future"):
        workspace.save(
            db,
            AgencyReturn,
            case.id,
            None,
            {"agency": "Example ICB", "return_type": "imr", "received_on": TOMORROW},
        )
    # a due date is in the future by nature
    ret = workspace.save(
        db,
        AgencyReturn,
        case.id,
        None,
        {"agency": "Example ICB", "return_type": "imr", "due_on": TOMORROW},
    )
    assert ret.due_on is not None
    with pytest.raises(ValidationError, match="the meeting cannot be held yet"):
        workspace.save(
            db, Meeting, case.id, None, {"kind": "panel", "held_on": TOMORROW, "status": "held"}
        )
    planned = workspace.save(
        db, Meeting, case.id, None, {"kind": "panel", "held_on": TOMORROW, "status": "planned"}
    )
    assert planned.status.value == "planned"


def test_a_return_is_received_after_it_was_requested(db: Database) -> None:
    case = _dhr(db)
    with pytest.raises(ValidationError, match="before it was requested"):
        workspace.save(
            db,
            AgencyReturn,
            case.id,
            None,
            {
                "agency": "Example ICB",
                "return_type": "imr",
                "requested_on": "2025-03-01",
                "received_on": "2025-02-01",
            },
        )


def test_a_return_from_an_agency_outside_the_case_is_refused(db: Database) -> None:
    case = _dhr(db)
    with db.session() as session:
        stranger = records.agency_named(session, "Agency Not In The Case")
        with pytest.raises(ValidationError, match="is not an agency of this case"):
            records.add_in(
                session, AgencyReturn, case.id, {"agency_id": stranger.id, "return_type": "imr"}
            )
    # naming the agency in the app's form lists it among the case's agencies first
    ret = workspace.save(
        db, AgencyReturn, case.id, None, {"agency": "Agency Not In The Case", "return_type": "imr"}
    )
    assert ret.agency.name == "Agency Not In The Case"


def test_an_entry_after_the_death_waits_for_a_confirmation(db: Database) -> None:
    case = _dhr(db)
    workspace.update_case(
        db, case.id, {"review_period_start": "2022-01-01", "review_period_end": "2024-12-30"}
    )
    entry = {"occurred_on": "2025-01-03", "source": "Police log", "event": "Family visited"}
    with pytest.raises(NeedsConfirmation) as asked:
        workspace.save(db, ChronologyEntry, case.id, None, entry)
    assert asked.value.problems == [
        ("occurred_on", "3 January 2025 is after the date of death (30 December 2024)")
    ]
    assert workspace.chronology_rows(db, case.id) == []
    before = {**entry, "occurred_on": "2021-06-01"}
    with pytest.raises(NeedsConfirmation, match="outside the review period"):
        workspace.save(db, ChronologyEntry, case.id, None, before)
    workspace.save(db, ChronologyEntry, case.id, None, entry, confirmed=True)
    inside = {**entry, "occurred_on": "2023-06-01"}
    workspace.save(db, ChronologyEntry, case.id, None, inside)
    assert [r.occurred_on.isoformat() for r in workspace.chronology_rows(db, case.id)] == [
        "2023-06-01",
        "2025-01-03",
    ]


def test_a_case_file_with_an_entry_after_the_death_imports_only_when_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from casefile_support import spoiled, write
    from store_support import set_up

    from dhr_desk.cli import main
    from dhr_desk.storage.paths import DataDir

    home = set_up(DataDir(tmp_path / "home"))
    document = spoiled("DHR-2025-003")
    died = document["case"]["date_of_death"]
    late = dt.date.fromisoformat(died) + dt.timedelta(days=3)
    document["chronology"].append(
        {"occurred_on": late.isoformat(), "source": "Police log", "event": "Family visited"}
    )
    path = write(tmp_path / "late.json", document)
    args = ["--data-dir", str(home.root), "import", "--quiet", str(path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is after the date of death" in err and "confirm with --accept-warnings" in err
    assert main([*args, "--accept-warnings"]) == 0
    assert "imported DHR-2025-003" in capsys.readouterr().out


@pytest.mark.parametrize("reference", ["", "DHR\n2025", "../../etc/passwd", "Samuel \ud800"])
def test_a_case_reference_that_is_not_one_is_refused_on_every_path(
    db: Database, reference: str
) -> None:
    case = _dhr(db)
    with pytest.raises(ValidationError) as refused:
        workspace.update_case(db, case.id, {"reference": reference})
    assert refused.value.problems[0][0] == "reference"
    if not reference:
        return  # a new case with no reference given gets the next one
    with pytest.raises(ValidationError):
        cases.new_trigger(
            db,
            {"received_on": "2025-03-03", "channel": "email"},
            {"real_name": "Pat Applicant"},
            reference=reference,
        )
    assert [c.reference for c in cases.list_cases(db)] == [case.reference]


def test_text_with_a_nul_or_a_broken_character_is_refused_in_words(db: Database) -> None:
    case = _dhr(db)
    for text, words in (("Jo\x00", "NUL"), ("Jo\udc80", "not valid text")):
        with pytest.raises(ValidationError, match=words):
            workspace.save(db, Person, case.id, None, {"real_name": text, "role": "family"})
