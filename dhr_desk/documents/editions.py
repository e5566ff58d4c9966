"""Editions: the full edition (real names, for the panel) and the published edition.

A published edition names every subject and family member by pseudonym, professionals by their
role, and shows no date of birth or address. Free text typed by the coordinator (chronology
entries, minutes, rationale…) is scrubbed of every real name, name part, date of birth and
address the case holds, and the finished document is checked once more before anything is
written: a published edition that would still hold a real name is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dhr_desk.documents.model import Document
from dhr_desk.domain import Case, Edition, PanelMember, Person, PersonRole
from dhr_desk.errors import DhrDeskError

WITHHELD_NAME = "[name withheld]"
WITHHELD_DOB = "[date of birth withheld]"
WITHHELD_ADDRESS = "[address withheld]"
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof rev sir dame di ds dc dci dcs pc ps insp".split()  # noqa: SIM905
)
_MIN_PART = 3  # name parts shorter than this ("Al", "Jo") are only removed as whole names
# Words that are also names but that documents need for other things (dates, institutions):
# removed only as part of a whole name, never on their own.
_NOT_ALONE = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Home",
        "Office",
        "Police",
        "Council",
        "Review",
        "Panel",
        "Chair",
        "Court",
        "Crown",
        "Health",
        "Trust",
        "Safety",
        "Community",
        "Partnership",
        "Domestic",
        "Homicide",
        "Adult",
        "Child",
        "Independent",
        "Agency",
        "Report",
    ]  # noqa: SIM905
)


_ROLE_TEXT = (
    "Team Service Services Manager Lead Officer Nurse Head Meeting Panel Chair Board Unit "
    "Department Group Safeguarding Designated Coordinator Adviser Advisor Worker Trust "
    "Housing Health Review Trigger Social Care Practitioner Director Inspector Sergeant "
    "Constable Detective Representative Family Liaison Clerk Secretary Minute Taker "
    "Independent Author The Of And For Youths Residents Neighbours Association Office "
    "Council Police Partnership Community Safety Agency Anti-social Behaviour"
)
_ROLE_WORDS = frozenset(_ROLE_TEXT.split())


def looks_like_name(words: list[str]) -> bool:
    """Two to five capitalised words, none a role word: "Helen Cartwright", not "Head of
    Service" or "Community Safety Team"."""
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        core = word.strip(".'’()").replace("-", "").replace("'", "").replace("’", "")
        if not core or not core[0].isupper() or not core.isalpha() or core.isupper():
            return False
        if word.strip(".'’()") in _ROLE_WORDS:
            return False
    return True


class PublishedEditionLeak(DhrDeskError):
    """A published edition would have shown something that identifies a person."""

    exit_code = 11


def _date_forms(day: dt.date) -> list[str]:
    return [
        day.isoformat(),
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
    ]


@dataclass(frozen=True)
class _Secret:
    """A real name (or part, date, address) and what a published edition shows instead."""

    text: str
    replacement: str
    whole: bool  # a whole name (matched case-insensitively) rather than one part of it


_HOUSE_NUMBER = re.compile(r"^(?:(?:flat|apartment|unit)\s+\w+\s*,?\s*)?\d+[a-z]?\b\s*", re.I)


class Names:
    """How people are named in one edition of one case's documents."""

    def __init__(
        self,
        case: Case | None,
        edition: Edition,
        extra_professionals: Iterable[str],
        institutions: Iterable[str] = (),
    ):
        """``institutions``: the council, partnership and agency names. A word of theirs that
        is also part of someone's name ("Hill", "Eastfield") is hidden only with the rest of the
        name, so the partnership's own name stays readable."""
        self.edition = edition
        self.published = edition == Edition.PUBLISHED
        self.case = case
        self._not_alone = set(_NOT_ALONE)
        for name in institutions:
            self._not_alone.update(w.strip(".,()'’") for w in (name or "").split())
        if case is not None:
            for link in case.case_agencies:
                self._not_alone.update(w.strip(".,()'’") for w in link.agency.name.split())
        self._secrets: list[_Secret] = []
        self._parts: dict[str, dict[str, str]] = {}  # part -> {whole name: shown as}
        if case is not None:
            self._collect(case, list(extra_professionals))
        else:
            self._collect_names([(n, "[professional]") for n in extra_professionals if n])
        self._add_parts()
        self._secrets.sort(key=lambda s: len(s.text), reverse=True)
        self._pattern = self._compile()

    # What to hide --------------------------------------------------------------------------
    def _collect(self, case: Case, extra: list[str]) -> None:
        subjects: list[tuple[str, str]] = []
        for person in case.people:
            subjects.append((person.real_name, self.role_of_person(person)))
            self._collect_identifiers(person)
        pairs = self._professionals(case)
        pairs.extend((name, "[professional]") for name in extra)
        self._collect_names(subjects, subjects=True)
        self._collect_names(pairs)

    def _collect_identifiers(self, person: Person) -> None:
        """A person's date of birth in the ways it is written, and their address by line, by
        part and as the street without the house number."""
        if person.date_of_birth:
            for form in _date_forms(person.date_of_birth):
                self._secrets.append(_Secret(form, WITHHELD_DOB, True))
        for line in (person.address or "").replace("\r", "").split("\n"):
            for piece in [line, *line.split(",")]:
                piece = piece.strip()
                if len(piece) >= 6 and any(ch.isdigit() for ch in piece) or len(piece) >= 12:
                    self._secrets.append(_Secret(piece, WITHHELD_ADDRESS, True))
                # "27 Larkspur Close" is also written "Larkspur Close" in narrative
                street = _HOUSE_NUMBER.sub("", piece).strip()
                if street != piece and len(street) >= 8 and len(street.split()) >= 2:
                    self._secrets.append(_Secret(street, WITHHELD_ADDRESS, True))

    def _professionals(self, case: Case) -> list[tuple[str, str]]:
        """Everyone else the case names, each with the role a published edition shows."""
        pairs = [(member.name, self.panel_role(member)) for member in case.panel]
        for link in case.case_agencies:
            pairs.append((link.contact_name, f"the {link.agency.display_name} contact"))
            pairs.append((link.agency.contact_name, f"the {link.agency.display_name} contact"))
        pairs += [(r.author_name, f"the {r.agency.display_name} author") for r in case.returns]
        pairs += [(a.name, "the family's advocate") for a in case.advocates]
        for meeting in case.meetings:
            pairs += [
                (seat.name, seat.organisation or "a participant") for seat in meeting.attendance
            ]
            pairs += [(action.owner, "the action owner") for action in meeting.actions]
        pairs += [(c.contacted_by, "the review team") for c in case.family_contacts]
        pairs += [(d.decided_by, "the decision maker") for d in case.decisions]
        pairs += [(a.decided_by, "the reviewer") for a in case.appeals]
        if case.application is not None:
            pairs.append((case.application.single_point_of_contact, "the single point of contact"))
        return pairs

    def _collect_names(self, pairs: list[tuple[str, str]], subjects: bool = False) -> None:
        """Hide each name, its forms and parts. A person of the case is always hidden; for
        the other fields (decided by, attendee, owner…) only what looks like a personal name
        is, since they often hold a role or a team ("Community Safety Team")."""
        parts = self._parts
        for name, shown in pairs:
            name = (name or "").strip()
            if not name:
                continue
            # "Keith Lomax, Chair of the CSP": the person is before the comma; "Dr Alison
            # Reyes" is also written "Alison Reyes".
            person = name.split(",")[0].strip()
            words = person.split()
            title = ""
            while words and words[0].strip(".").lower() in _TITLES:
                title = words[0]
                words = words[1:]
            named = looks_like_name(words)
            if not (subjects or named):
                continue
            self._secrets.append(_Secret(name, shown, True))
            if not named:
                continue
            if title and len(words) > 1:
                self._secrets.append(_Secret(f"{title} {words[-1]}", shown, True))
            bare = " ".join(words)
            short = f"{words[0]} {words[-1]}" if len(words) > 2 else bare
            for variant in {person, bare, short}:
                if variant != name and len(variant) >= _MIN_PART:
                    self._secrets.append(_Secret(variant, shown, True))
            for part in words:
                part = part.strip(".'’()")
                if (
                    len(part) >= _MIN_PART
                    and part[0].isupper()
                    and not part.isupper()  # acronyms (CSP, ICB) are not names
                    and part not in self._not_alone
                ):
                    parts.setdefault(part, {}).setdefault(bare.lower(), shown)

    def _add_parts(self) -> None:
        for part, owners in self._parts.items():
            replacement = next(iter(owners.values())) if len(owners) == 1 else WITHHELD_NAME
            self._secrets.append(_Secret(part, replacement, False))

    def _compile(self) -> re.Pattern[str] | None:
        if not self._secrets:
            return None
        alternatives = []
        for secret in self._secrets:
            body = re.escape(secret.text)
            alternatives.append(f"(?i:{body})" if secret.whole else body)
        return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")

    def _replacement(self, found: str) -> str:
        lowered = found.lower()
        for secret in self._secrets:
            if secret.text == found or (secret.whole and secret.text.lower() == lowered):
                return secret.replacement
        return WITHHELD_NAME

    # Naming ---------------------------------------------------------------------------------
    @staticmethod
    def role_of_person(person: Person) -> str:
        return person.published_name

    def person(self, person: Person | None, missing: str = "[not recorded]") -> str:
        if person is None:
            return missing
        return person.published_name if self.published else person.real_name

    def date_of_birth(self, person: Person | None) -> str:
        if self.published or person is None or person.date_of_birth is None:
            return ""
        return f"{person.date_of_birth.day} {person.date_of_birth:%B %Y}"

    def address(self, person: Person | None) -> str:
        if self.published or person is None:
            return ""
        return person.address

    @staticmethod
    def panel_role(member: PanelMember) -> str:
        role = member.job_title or member.role.label
        agency = member.agency.display_name if member.agency else ""
        if member.independent and not agency and "independent" not in role.lower():
            agency = "independent"
        return f"{role}, {agency}" if agency else role

    def panel_member(self, member: PanelMember) -> str:
        return self.panel_role(member) if self.published else member.name

    def professional(self, name: str, role: str) -> str:
        """A professional's name (full edition) or role (published edition)."""
        if self.published or not name.strip():
            return role
        return name

    def text(self, value: str | None) -> str:
        """Free text as this edition may show it."""
        if not value:
            return ""
        if not self.published or self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self._replacement(m.group(0)), value)

    # The last check -------------------------------------------------------------------------
    def leaks(self, texts: Iterable[str]) -> list[str]:
        if not self.published or self._pattern is None:
            return []
        found: list[str] = []
        for text in texts:
            if not text:
                continue
            for match in self._pattern.finditer(text):
                found.append(match.group(0))
        return found

    def check(self, doc: Document, also: Iterable[str] = ()) -> None:
        """Refuse a published edition that still shows a real name, date of birth or address."""
        leaks = self.leaks([*doc.texts(), *also])
        if leaks:
            shown = ", ".join(f"'{x}'" for x in sorted(set(leaks))[:5])
            raise PublishedEditionLeak(
                f"The published edition of {doc.title} was not written: it would show "
                f"{len(leaks)} identifying detail(s) ({shown}). "
                "Check that every person in the review has a pseudonym that differs from their "
                "real name, or make a full edition instead."
            )


def people_with_role(case: Case, *roles: PersonRole) -> list[Person]:
    return [p for p in case.people if p.role in roles]


def first_with_role(case: Case, *roles: PersonRole) -> Person | None:
    found = people_with_role(case, *roles)
    return found[0] if found else None
