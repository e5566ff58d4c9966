"""A DHR to gather a chronology for: a victim and a suspect, a review period ending with the
death, and the agencies asked for their chronologies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhr_desk.domain import AgencyReturn, CaseAgency, ChronologyEntry
from dhr_desk.services import cases, workspace
from dhr_desk.storage.database import Database

PERIOD = (dt.date(2018, 1, 1), dt.date(2021, 5, 1))
DEATH = dt.date(2021, 5, 1)


def make_dhr(db: Database) -> Any:
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2021-05-10",
            "notified_by": "DI Example, Northshire Police",
            "date_of_death": DEATH.isoformat(),
            "title": "Adult A",
            "review_period_start": PERIOD[0].isoformat(),
            "review_period_end": PERIOD[1].isoformat(),
        },
        victim={
            "real_name": "Jane Doe",
            "pseudonym": "Adult A",
            "date_of_birth": "1980-02-14",
        },
        perpetrator={
            "real_name": "John Roe",
            "pseudonym": "Adult B",
            "date_of_birth": "1978-07-30",
        },
    )
    for agency in ("Northshire Police", "Northshire ICB", "Vale Homes"):
        workspace.save(db, CaseAgency, case.id, None, {"agency": agency, "had_contact": True})
    return case


def request_chronology(
    db: Database, case_id: int, agency: str, requested_on: dt.date, **values: Any
) -> Any:
    return workspace.save(
        db,
        AgencyReturn,
        case_id,
        None,
        {
            "agency": agency,
            "return_type": "chronology",
            "requested_on": requested_on.isoformat(),
            **values,
        },
    )


def entries(db: Database) -> list[ChronologyEntry]:
    from sqlalchemy import select

    with db.session() as session:
        return list(
            session.scalars(
                select(ChronologyEntry).order_by(ChronologyEntry.occurred_on, ChronologyEntry.id)
            )
        )
