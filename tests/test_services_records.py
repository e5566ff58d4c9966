"""The generic record service: every field checked, every problem named, nothing half-saved."""

from __future__ import annotations

import pytest

from dhr_desk import records
from dhr_desk.domain import ChronologyEntry, Person
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases
from dhr_desk.storage.database import Database


@pytest.fixture
def case_id(db: Database) -> int:
    case = cases.new_dhr(db, {"notification_received_on": "2025-03-03", "notified_by": "Police"})
    return case.id


def test_a_change_may_not_blank_a_required_field(db: Database, case_id: int) -> None:
    entry = records.add(
        db,
        ChronologyEntry,
        case_id,
        {"occurred_on": "2024-05-01", "source": "GP records", "event": "Seen for low mood"},
    )
    with pytest.raises(ValidationError) as err:
        records.update(db, ChronologyEntry, entry.id, {"source": "   ", "event": ""})
    assert {where for where, _ in err.value.problems} == {"source", "event"}
    with db.session() as session:
        kept = session.get(ChronologyEntry, entry.id)
        assert kept is not None and kept.source == "GP records"


def test_every_problem_of_a_record_is_named_at_once(db: Database, case_id: int) -> None:
    with pytest.raises(ValidationError) as err:
        records.add(
            db,
            Person,
            case_id,
            {"real_name": "", "role": "cousin", "date_of_birth": "1980-02-30", "sex": "x" * 61},
        )
    problems = dict(err.value.problems)
    assert problems["real_name"] == "is required"
    assert "not one of" in problems["role"]
    assert problems["date_of_birth"] == "'1980-02-30' is not a date: February 1980 has 29 days"
    assert "the most allowed is 60" in problems["sex"]
    with db.session() as session:
        assert session.query(Person).count() == 0
