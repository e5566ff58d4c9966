"""Small helpers to write the demo case files compactly (fields left out take their defaults)."""

from __future__ import annotations

import hashlib
from typing import Any

from dhr_desk.casefile.spec import FORMAT_NAME, FORMAT_VERSION

POLICE = "Northshire Police"
ICB = "Northshire ICB"
HOSPITALS = "Northshire Hospitals NHS Foundation Trust"
MENTAL_HEALTH = "Northshire Partnership NHS Trust"
ADULT_CARE = "Northshire County Council Adult Social Care"
CHILDRENS = "Northshire County Council Children's Services"
COUNCIL = "Ashford Vale Borough Council"
HOUSING = "Vale Homes Housing Association"
WOMENS_AID = "Northshire Women's Aid"
PROBATION = "The Probation Service (Northshire)"
AMBULANCE = "East Midshire Ambulance Service NHS Trust"
FIRE = "Northshire Fire and Rescue Service"
RECOVERY = "Northshire Recovery Partnership"

DIRECTORY: dict[str, dict[str, str]] = {
    POLICE: {
        "short_name": "Police",
        "sector": "Police",
        "address": "Police Headquarters, Kingsgate, Northam NS1 4PQ",
        "contact_name": "DCI Priya Nair, Public Protection",
        "contact_email": "dhr.liaison@northshire.police.example",
    },
    ICB: {
        "short_name": "ICB",
        "sector": "Health",
        "address": "Riverside House, Quay Street, Northam NS2 7LD",
        "contact_name": "Designated Nurse for Safeguarding Adults",
        "contact_email": "safeguarding@northshireicb.nhs.example",
    },
    HOSPITALS: {
        "short_name": "NHFT",
        "sector": "Health",
        "address": "Northam General Hospital, Infirmary Road, Northam NS3 2HT",
        "contact_name": "Head of Safeguarding",
        "contact_email": "safeguarding@nhft.nhs.example",
    },
    MENTAL_HEALTH: {
        "short_name": "NPT",
        "sector": "Health",
        "address": "Elm Lodge, Ashford Road, Ashford Vale AV4 1EL",
        "contact_name": "Safeguarding Lead",
        "contact_email": "safeguarding@npt.nhs.example",
    },
    ADULT_CARE: {
        "short_name": "ASC",
        "sector": "Local authority",
        "address": "County Hall, Northam NS1 1CH",
        "contact_name": "Principal Social Worker",
        "contact_email": "asc.safeguarding@northshire.gov.example",
    },
    CHILDRENS: {
        "short_name": "CSC",
        "sector": "Local authority",
        "address": "County Hall, Northam NS1 1CH",
        "contact_name": "Head of Service, Safeguarding",
        "contact_email": "childrens.safeguarding@northshire.gov.example",
    },
    COUNCIL: {
        "short_name": "AVBC",
        "sector": "Local authority",
        "address": "Civic Centre, Market Square, Ashford Vale AV1 1AA",
        "contact_name": "Community Safety Team",
        "contact_email": "community.safety@ashfordvale.gov.example",
    },
    HOUSING: {
        "short_name": "Vale Homes",
        "sector": "Housing",
        "address": "Vale House, 12 Station Approach, Ashford Vale AV2 3VH",
        "contact_name": "Tenancy Sustainment Manager",
        "contact_email": "asb@valehomes.example",
    },
    WOMENS_AID: {
        "short_name": "NWA",
        "sector": "Voluntary sector",
        "address": "PO Box 417, Northam NS1 9WA",
        "contact_name": "Service Manager, IDVA Service",
        "contact_email": "idva@northshirewomensaid.org.example",
    },
    PROBATION: {
        "short_name": "Probation",
        "sector": "Probation",
        "address": "Bridge House, Canal Street, Northam NS2 4BH",
        "contact_name": "Head of PDU",
        "contact_email": "northshire.pdu@probation.gov.example",
    },
    AMBULANCE: {
        "short_name": "EMAS",
        "sector": "Health",
        "address": "Ambulance HQ, Beacon Way, Stourby SY1 5AM",
        "contact_name": "Safeguarding Team",
        "contact_email": "safeguarding@emas.nhs.example",
    },
    FIRE: {
        "short_name": "NFRS",
        "sector": "Fire",
        "address": "Fire Service HQ, Pinfold Lane, Northam NS4 6FR",
        "contact_name": "Prevention Manager",
        "contact_email": "prevention@northshirefire.example",
    },
    RECOVERY: {
        "short_name": "NRP",
        "sector": "Voluntary sector",
        "address": "14 Chapel Walk, Ashford Vale AV1 2CW",
        "contact_name": "Service Manager",
        "contact_email": "referrals@northshirerecovery.org.example",
    },
}


def agency(name: str, **involvement: Any) -> dict[str, Any]:
    """An agency entry; with keyword arguments, its involvement in the case."""
    return {"name": name, **DIRECTORY[name], "involvement": involvement or None}


def mentioned(name: str) -> dict[str, Any]:
    """An agency the case refers to without it being involved."""
    return {"name": name, **DIRECTORY[name], "involvement": None}


def digest(text: str) -> str:
    """A stable stand-in for the SHA-256 of a generated file."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def milestones(*steps: tuple[str, str] | tuple[str, str, str]) -> list[dict[str, Any]]:
    out = []
    for step in steps:
        entry = {"step": step[0], "occurred_on": step[1]}
        if len(step) > 2:
            entry["note"] = step[2]
        out.append(entry)
    return out


def chronology(agency_name: str | None, *rows: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of (date, time, source, event[, action/decision[, comment]])."""
    out = []
    for row in rows:
        date, time, source, event, *rest = row
        entry: dict[str, Any] = {
            "occurred_on": date,
            "occurred_time": time,
            "agency": agency_name,
            "source": source,
            "event": event,
        }
        if rest:
            entry["action_decision"] = rest[0]
        if len(rest) > 1:
            entry["comment"] = rest[1]
        out.append(entry)
    return out


def case_file(case: dict[str, Any], **sections: Any) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created_with": "DHR Desk demo data",
        "case": case,
        **sections,
    }
