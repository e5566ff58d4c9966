"""Demo DHR 'Sarah' (DHR-2025-003): the combined chronology. Entirely fictional."""

from __future__ import annotations

from typing import Any

from dhr_desk.casefile.demo._build import (
    AMBULANCE,
    CHILDRENS,
    HOSPITALS,
    HOUSING,
    ICB,
    MENTAL_HEALTH,
    POLICE,
    WOMENS_AID,
    chronology,
)

CHRONOLOGY = (
    chronology(
        POLICE,
        (
            "2022-03-12",
            "23:40",
            "Police IMR; incident log 0322-1187",
            "Neighbour called police reporting shouting and a woman screaming at the address.",
            "Officers attended; both parties said it was a verbal argument. No DASH completed.",
            "A DASH should have been completed at any domestic incident (force policy).",
        ),
        (
            "2023-07-04",
            "01:15",
            "Police IMR; incident log 0723-0094",
            "Sarah called 999 saying "
            "her husband had pushed her against a wall and would not let her leave.",
            "Mark arrested for assault; released on bail with conditions. DASH: medium risk.",
            "Sarah withdrew support the next day; no victim-less prosecution considered.",
        ),
        (
            "2023-07-05",
            "",
            "Police IMR; custody record",
            "Sarah withdrew her statement, saying she did not want him to lose his job.",
            "No further action.",
            "",
        ),
        (
            "2024-05-18",
            "22:05",
            "Police IMR; incident log 0524-1560",
            "Daughter called police: Mark had put his hands round Sarah's neck during an argument.",
            "Mark arrested. "
            "DASH completed: 13 ticks including strangulation; graded standard risk.",
            "The "
            "grading is not consistent with the DASH answers; MARAC referral on professional "
            "judgement was not considered.",
        ),
        (
            "2024-05-19",
            "",
            "Police IMR; custody record",
            "Mark charged with non-fatal "
            "strangulation; remanded, then bailed with a condition not to enter Larkspur Close.",
            "Referral to the IDVA service made.",
            "",
        ),
        (
            "2024-08-30",
            "",
            "Police IMR",
            "CPS discontinued the strangulation charge: Sarah declined to attend court.",
            "Case closed. Bail conditions ended.",
            "No safety planning contact recorded after the charge was dropped.",
        ),
        (
            "2024-10-02",
            "",
            "Police IMR; PNC check",
            "Mark stopped for a driving matter; "
            "officer noted a previous domestic incident on the PNC.",
            "Words of advice.",
            "",
        ),
        (
            "2025-01-03",
            "19:30",
            "Police IMR; incident log 0125-0112",
            "Caller (Sarah) rang 101 "
            "asking how to get a non-molestation order, then ended the call.",
            "Call handler gave the national helpline number (0808 2000 247); no callback or "
            "welfare check.",
            "The call was not linked "
            "to the address history showing strangulation eight months earlier.",
        ),
        (
            "2025-01-18",
            "07:52",
            "Police IMR; incident log 0125-0841",
            "Emma found her mother dead at home. Mark was arrested nearby.",
            "Homicide investigation; SIO appointed.",
            "",
        ),
    )
    + chronology(
        ICB,
        (
            "2022-09-14",
            "",
            "GP records (ICB IMR)",
            "Sarah saw her GP for low mood and poor sleep.",
            "Sertraline started; review in 4 weeks.",
            "No routine enquiry about domestic abuse.",
        ),
        (
            "2022-10-12",
            "",
            "GP records (ICB IMR)",
            "Medication review: mood slightly better; mentions 'stress at home'.",
            "Continue medication.",
            "'Stress at home' was not explored.",
        ),
        (
            "2023-07-11",
            "",
            "GP records (ICB IMR)",
            "Consultation for bruising to upper arms; Sarah said she had fallen on the allotment "
            "while walking Biscuit.",
            "Advice given.",
            "Injury pattern not "
            "consistent with a fall; a week after the police call-out, which the GP did not know "
            "of.",
        ),
        (
            "2024-06-03",
            "",
            "GP records (ICB IMR)",
            "Sarah asked for a sick note for stress; tearful.",
            "Fit note 2 weeks; referral to talking therapies.",
            "",
        ),
        (
            "2024-07-22",
            "",
            "GP records (ICB IMR)",
            "Letter from talking therapies: assessment completed.",
            "Filed.",
            "",
        ),
        (
            "2024-08-12",
            "",
            "GP records (ICB IMR)",
            "Discharge letter from talking therapies after missed appointments.",
            "Filed; no follow-up.",
            "The practice did not contact Sarah to ask why.",
        ),
        (
            "2024-11-20",
            "",
            "GP records (ICB IMR)",
            "Telephone review; Sarah said things were 'better now he is back home'.",
            "Continue sertraline.",
            "A cue to enquire that was missed.",
        ),
    )
    + chronology(
        HOSPITALS,
        (
            "2023-07-05",
            "03:20",
            "Emergency department record (NHFT IMR)",
            "Attended with a wrist injury, said she fell down stairs.",
            "X-ray; sprain; discharged.",
            "Not asked about domestic abuse although attending at 3 a.m. with her husband present.",
        ),
        (
            "2024-05-19",
            "00:40",
            "Emergency department record (NHFT IMR)",
            "Attended with neck pain and a hoarse voice, brought by police.",
            "Examined; discharged with analgesia.",
            "Non-fatal strangulation noted by police but not in the clinical record; no "
            "safeguarding referral.",
        ),
    )
    + chronology(
        MENTAL_HEALTH,
        (
            "2024-06-24",
            "",
            "Talking therapies record (NPT IMR)",
            "Telephone assessment; Sarah described anxiety and 'feeling trapped'.",
            "Offered 6 sessions of guided self-help.",
            "",
        ),
        (
            "2024-08-05",
            "",
            "Talking therapies record (NPT IMR)",
            "Discharged after two missed appointments.",
            "Letter to GP.",
            "No attempt to understand why she missed them.",
        ),
    )
    + chronology(
        HOUSING,
        (
            "2023-02-08",
            "",
            "Repairs log (Vale Homes IMR)",
            "Front door lock and frame replaced; tenant reported 'forced entry'.",
            "Repair completed.",
            "Not queried.",
        ),
        (
            "2024-05-21",
            "",
            "Repairs log (Vale Homes IMR)",
            "Internal door replaced; 'kicked in'.",
            "Repair recharged to tenant.",
            "Three days after the strangulation call-out; "
            "no information shared with the housing officer.",
        ),
        (
            "2024-06-12",
            "",
            "Rent account (Vale Homes IMR)",
            "Sole tenancy in Sarah's name; Mark listed as a household member.",
            "",
            "",
        ),
        (
            "2024-09-16",
            "",
            "Housing officer notes (Vale Homes IMR)",
            "Annual tenancy visit; Mark answered the door and spoke for Sarah.",
            "Visit completed.",
            "Opportunity to speak to Sarah alone missed.",
        ),
    )
    + chronology(
        WOMENS_AID,
        (
            "2024-05-20",
            "",
            "IDVA case record (NWA IMR)",
            "Referral received from police (standard risk).",
            "Three calls attempted over a week.",
            "",
        ),
        (
            "2024-05-24",
            "",
            "IDVA case record (NWA IMR)",
            "Fourth call attempted; a man answered and said Sarah was out.",
            "Call ended without identifying the service.",
            "Good practice in protecting the contact.",
        ),
        (
            "2024-05-28",
            "",
            "IDVA case record (NWA IMR)",
            "Spoke to Sarah briefly; she said it was not safe to talk.",
            "Safe word and times agreed.",
            "",
        ),
        (
            "2024-06-10",
            "",
            "IDVA case record (NWA IMR)",
            "No contact at agreed times.",
            "Case closed after 14 days without engagement, per policy.",
            "The closure policy did not consider the severity of the incident.",
        ),
    )
    + chronology(
        CHILDRENS,
        (
            "2022-01-01",
            "",
            "Children's services summary",
            "Background: 2016-2018 school reports of Emma being anxious about 'arguments at home'.",
            "Early help offered and declined (2017).",
            "Outside the review period; included as background.",
        ),
    )
    + chronology(
        AMBULANCE,
        (
            "2025-01-18",
            "07:58",
            "Patient report form (EMAS)",
            "Crew attended; life extinct.",
            "Police on scene.",
            "",
        ),
    )
    + chronology(
        None,
        (
            "2024-12-24",
            "",
            "Family (Lisa, interview with chair)",
            "At Christmas Sarah told her "
            "sister she was afraid of Mark and was saving money to leave.",
            "",
            "Not known to any agency.",
        ),
        (
            "2025-01-10",
            "",
            "Colleague A (interview with chair)",
            "Sarah asked a colleague "
            "about refuge spaces and said she would 'sort it after the holidays'.",
            "",
            "",
        ),
    )
)


def _entry(source: str, occurred_on: str) -> dict[str, Any]:
    return next(e for e in CHRONOLOGY if e["source"] == source and e["occurred_on"] == occurred_on)


# The children's services summary is dated only to the month it was written (a partial date,
# kept partial).
_entry("Children's services summary", "2022-01-01")["date_precision"] = "month"
# The key events of the summary chronology.
for _source, _day in (
    ("Police IMR; incident log 0723-0094", "2023-07-04"),
    ("Police IMR; incident log 0524-1560", "2024-05-18"),
    ("IDVA case record (NWA IMR)", "2024-06-10"),
    ("Police IMR; incident log 0125-0841", "2025-01-18"),
):
    _entry(_source, _day)["key_event"] = True
_entry("Police IMR; incident log 0524-1560", "2024-05-18")["person"] = "p1"
# The ambulance service's chronology came in as a spreadsheet and was imported.
_AMBULANCE_ENTRY = _entry("Patient report form (EMAS)", "2025-01-18")
_AMBULANCE_ENTRY.update(
    {"key": "c2", "agency_return": "r8", "import_row": "sheet 'Chronology', row 6"}
)
_entry("Police IMR; incident log 0125-0841", "2025-01-18")["key"] = "c1"
# The coordinator linked the police and ambulance entries of the morning of the death: one
# event seen by two agencies (both entries are kept).
LINKS = [
    {
        "entry": "c1",
        "other": "c2",
        "same_event": True,
        "decided_on": "2025-09-30",
        "note": "The same attendance: police and ambulance arrived together.",
    }
]
