"""The matcher, text by text: every way a registered name, place, date of birth or identifier
is written is replaced where it reads as one, ordinary words are left alone, and what cannot be
told apart is pointed out by the check (never silently either way)."""

from __future__ import annotations

import datetime as dt

import pytest

from dhr_desk.publication import Matcher, Register
from dhr_desk.publication.register import BirthDate, Identifier, NameEntry, PlaceEntry

SHY = "\u00ad"


def _register(month_year: bool = False) -> Register:
    register = Register(area="Northshire", month_year=month_year)
    register.names += [
        NameEntry(
            ("Jane Smith-Whitfield", "Janey", "Jane Smith"),
            "Hannah",
            "People: victim",
            True,
            ("Janey", "Jane Smith"),
        ),
        NameEntry(
            ("Robert van der Berg", "Bobby"), "Mark", "People: perpetrator", True, ("Bobby",)
        ),
        NameEntry(("Karen O'Brien", "Kaz"), "Joan", "People: family", True, ("Kaz",)),
        NameEntry(("Lily-Mae Whitfield",), "Child B", "People: child", True),
        NameEntry(("Jo Pike",), "Lucy", "People: friend", True),
        NameEntry(("Zoë Brontë",), "Amy", "People: friend", True),
        NameEntry(("Di Harper",), "Sue", "People: family", True),
        NameEntry(("Rose May",), "Nina", "People: neighbour", True),
        NameEntry(("Ann Vale",), "Adult V", "People: witness", True),
        NameEntry(("Peter Constable",), "Adult P", "People: witness", True),
        NameEntry(("Priya Shah-Patel",), "Adult S", "People: friend", True),
        NameEntry(("Chidi Okafor",), "the independent chair", "Panel", False),
        NameEntry(
            ("DS Gareth Lloyd-Evans, Major Crime",), "the notifying officer", "Notified by", False
        ),
    ]
    register.places += [
        PlaceEntry(
            ("27 Larchmere Avenue, Milton Keynes MK9 3EJ",),
            "an address in Northshire",
            "People: victim",
            True,
        ),
        PlaceEntry(("Oakfield Primary School", "Oakfield Primary"), "a primary school", "Register"),
    ]
    register.births.append(BirthDate(dt.date(1985, 3, 12), 38, "People: victim"))
    register.identifiers += [
        Identifier("07700 900123", "[contact details withheld]", "People: victim"),
        Identifier("485 777 3456", "[identifier withheld]", "People: victim"),
        Identifier("jane.sw@example.org", "[contact details withheld]", "People: victim"),
    ]
    register.watch.append(("Bella", "Register: watch list"))
    register.institutions = ["Vale Homes Housing Association", "Safer Northshire Partnership"]
    return register


MATCHER = Matcher(_register())


@pytest.mark.parametrize(
    ("written", "published"),
    [
        # name parts in capitals or lower case
        ("JANE called", "Hannah called"),
        ("SMITH-WHITFIELD was hit", "Hannah was hit"),
        ("jane tearful", "Hannah tearful"),
        # half of a hyphenated name (Whitfield is also the child's surname)
        ("Ms Smith said", "Hannah said"),
        ("Mrs Whitfield said", "[name withheld] said"),
        # initials
        ("seen by J.S. today", "seen by Hannah today"),
        ("JSW called", "Hannah called"),
        ("J.S-W. called", "Hannah called"),
        ("P.S-P. wrote it", "Adult S wrote it"),
        ("S-W again", "Hannah again"),
        # nicknames and aliases, maiden and former names
        ("Janey, Bobby and Kaz", "Hannah, Mark and Joan"),
        ("Jane Smith (maiden name)", "Hannah (maiden name)"),
        # broken by a line end, a soft hyphen, a plural, a possessive
        ("Smith-\nWhitfield was seen", "Hannah was seen"),
        (f"Ja{SHY}ne was seen", "Hannah was seen"),
        ("the Smith-Whitfields moved", "Hannah's family moved"),
        ("The Smith-Whitfields moved", "Hannah's family moved"),
        ("Jane's coat", "Hannah's coat"),
        # particles
        ("Mr van der Berg was arrested", "Mark was arrested"),
        ("Berg denied it", "Mark denied it"),
        ("Robert was bailed", "Mark was bailed"),
        ("RvdB on the log", "Mark on the log"),
        # short names, apostrophes, accents
        ("Jo said Jo's flat", "Lucy said Lucy's flat"),
        ("Mrs O\u2019Brien and OBrien and O'Brien's", "Joan and Joan and Joan's"),
        ("Zoe Bronte and Zoë Brontë", "Amy and Amy"),
        # surnames that are also words, after a title
        ("Ms May, Ms Vale, Mr Constable, Mrs Harper", "Nina, Adult V, Adult P, Sue"),
        ("Di came", "Sue came"),
        # people outside the people of the case
        ("OKAFOR chaired", "the independent chair chaired"),
        ("DS Lloyd-Evans sent it", "the notifying officer sent it"),
        # SURNAME, Given and the initial with the surname
        ("SMITH-WHITFIELD, Jane", "Hannah"),
        ("J. Smith-Whitfield", "Hannah"),
        # places
        ("at 27 Larchmere Avenue today", "at an address in Northshire today"),
        ("at Larchmere Ave", "at an address in Northshire"),
        (
            "MK9 3EJ, MK93EJ and mk9 3ej",
            "an address in Northshire and an address in Northshire",
        ),
        ("pupil at Oakfield Primary School", "pupil at a primary school"),
        # identifiers the register holds
        (
            "07700 900123 or +44 7700 900123",
            "[contact details withheld] or [contact details withheld]",
        ),
        ("NHS 485 777 3456 and 4857773456", "NHS [identifier withheld] and [identifier withheld]"),
        ("mail jane.sw@example.org", "mail [contact details withheld]"),
        # dates of birth become ages
        ("Jane (DOB 12/03/1985)", "Hannah (aged 38)"),
        ("born on 12th March 1985", "aged 38"),
        ("March 12, 1985", "[aged 38]"),
        ("on 12-03-1985", "on [aged 38]"),
        ("12/03/85", "[aged 38]"),
        ("her son (DOB 03/04/2010)", "her son ([date of birth withheld])"),
    ],
)
def test_every_written_form_is_replaced(written: str, published: str) -> None:
    assert MATCHER.scrub(written) == published
    assert [h for h in MATCHER.find(MATCHER.scrub(written)) if h.kind == "name"] == []


ORDINARY = (
    "The rose bush by the vale had died; staff may mark the file and the constable will "
    "attend. In May 2023 the family moved. Vale Homes Housing Association replied. On 12 May "
    "the officer said he will. Police Constable Jones attended. jo jo. The Safer Northshire "
    "Partnership met."
)


def test_ordinary_words_are_left_alone_and_not_pointed_out() -> None:
    assert MATCHER.scrub(ORDINARY) == ORDINARY
    assert MATCHER.find(ORDINARY) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Harper said she heard it", "Harper"),
        ("Staff said Lily was withdrawn", "Lily"),
        ("May told the police", "May"),
        ("near the Larchmere estate", "Larchmere"),
        ("the dog Bella was rehomed", "Bella"),
        ("Mr Okonkwo rang", "Mr Okonkwo"),
    ],
)
def test_what_cannot_be_told_apart_is_left_and_pointed_out(text: str, found: str) -> None:
    assert MATCHER.scrub(text) == text
    hits = MATCHER.find(text)
    assert [text[h.start : h.end] for h in hits] == [found]
    assert hits[0].replacement is None and hits[0].detail


def test_a_replacement_lands_where_the_text_was_written() -> None:
    written = f"On Tuesday Ja{SHY}ne and Zoë Brontë’s friend met Mrs O’Brien."
    assert MATCHER.scrub(written) == "On Tuesday Hannah and Amy’s friend met Joan."


def test_event_dates_become_month_and_year_where_the_setting_says_so() -> None:
    matcher = Matcher(_register(month_year=True))
    assert matcher.scrub("Seen on 14/02/2023 and on 3 March 2023.") == (
        "Seen in February 2023 and in March 2023."
    )
    assert matcher.scrub("DOB 12/03/1985") == "aged 38"
    assert MATCHER.scrub("Seen on 14/02/2023.") == "Seen on 14/02/2023."


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("postcode EF4 2QT", "postcode"),
        ("postcode ef42qt", "postcode"),
        ("ring 01632 960123", "phone"),
        ("ring (01632) 960123", "phone"),
        ("ring +44 20 7946 0958", "phone"),
        ("write to duty.team@example.org", "email"),
        ("NHS 943 476 5919", "nhs_number"),
        ("NHS 9434765919", "nhs_number"),
        ("NI QQ 12 34 56 C", "ni_number"),
        ("crime ref 42/123456/23", "police_reference"),
        ("CRN: AB/12345/24", "police_reference"),
        ("PNC ID 12/345678A", "police_reference"),
        ("Case no. T20247001", "court_reference"),
        ("claim number K00AB123", "court_reference"),
        ("a car AB12 CDE", "vehicle_registration"),
        ("a car ab12cde", "vehicle_registration"),
        ("a car A123 BCD", "vehicle_registration"),
        ("DOB 01/02/1990", "date_of_birth"),
    ],
)
def test_identifiers_are_found_by_their_shape(text: str, kind: str) -> None:
    assert [h.kind for h in MATCHER.find(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "on the 3rd floor at 10:30 on 12/03/2023",
        "case DHR-2025-001, version 2.1, 2019-2020",
        "the A12 and the M25",
        "an NHS trust and 1,234 people",
        "0.5 mg twice a day for 14 days",
    ],
)
def test_ordinary_numbers_are_not_identifiers(text: str) -> None:
    assert MATCHER.find(text) == []
