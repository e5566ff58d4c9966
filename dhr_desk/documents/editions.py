"""Editions: the full edition (real names, for the panel) and the published edition.

A published edition names every subject and family member by pseudonym and professionals by
their role, and shows no date of birth, address or other identifier. Free text typed by the
coordinator (chronology entries, minutes, rationale, the case title…) is rewritten against the
case's pseudonym register (:mod:`dhr_desk.publication`): every registered name in any of the
ways it is written, dates of birth (as ages), addresses (as the general area), the register's
places and the identifiers it holds; event dates become month and year where the setting says
so. What the rewriting cannot settle (a capitalised ordinary word that is also a name) is left
for the publication check, which the final published edition must pass (:mod:`.published`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from dhr_desk.domain import Case, Edition, PanelMember, Person, PersonRole
from dhr_desk.errors import DhrDeskError
from dhr_desk.publication import Matcher, Register, panel_role, person_shown
from dhr_desk.publication.dates import month_year


class PublishedEditionLeak(DhrDeskError):
    """A published edition would have shown something that identifies a person."""

    exit_code = 13


class Names:
    """How people are named in one edition of one case's documents (or of every open case's,
    for the board report)."""

    def __init__(self, case: Case | None, edition: Edition, register: Register) -> None:
        self.edition = edition
        self.published = edition == Edition.PUBLISHED
        self.case = case
        self.register = register
        self.matcher = Matcher(register)
        self._scrubbed: dict[str, str] = {}

    # Naming ---------------------------------------------------------------------------------
    @staticmethod
    def role_of_person(person: Person) -> str:
        return person_shown(person)

    def person(self, person: Person | None, missing: str = "[not recorded]") -> str:
        if person is None:
            return missing
        return person_shown(person) if self.published else person.real_name

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
        return panel_role(member)

    def panel_member(self, member: PanelMember) -> str:
        return panel_role(member) if self.published else member.name

    def professional(self, name: str, role: str) -> str:
        """A professional's name (full edition) or role (published edition)."""
        if self.published or not name.strip():
            return role
        return name

    def text(self, value: str | None) -> str:
        """Free text as this edition may show it."""
        if not value:
            return ""
        if not self.published:
            return value
        done = self._scrubbed.get(value)
        if done is None:
            done = self.matcher.scrub(value)
            self._scrubbed[value] = done
        return done

    def texts(self, values: Sequence[str | None]) -> list[str]:
        """Several free texts as this edition may show them (read in one pass: a long
        chronology is rewritten at once)."""
        plain = [value or "" for value in values]
        if not self.published:
            return plain
        todo = [v for v in dict.fromkeys(plain) if v and v not in self._scrubbed]
        for value, done in zip(todo, self.matcher.scrub_many(todo), strict=True):
            self._scrubbed[value] = done
        return [self._scrubbed.get(v, v) for v in plain]

    def event_date(self, day: dt.date) -> str:
        """The date of an event in a table (the chronology): month and year in a published
        edition where the setting says so, else the day."""
        if self.published and self.register.month_year:
            return month_year(day)
        return day.strftime("%d/%m/%Y")

    def event_time(self, value: str) -> str:
        return "" if self.published and self.register.month_year else value

    # Copies ---------------------------------------------------------------------------------
    def refuse_recipient(self, title: str, recipients: Iterable[str]) -> None:
        """Refuse a published edition addressed to a person of the review (in any of the ways
        their name is written: "Mrs O’Brien (mother)")."""
        if not self.published:
            return
        for recipient in recipients:
            found = [h for h in self.matcher.find(recipient) if h.kind in ("name", "address")]
            if found:
                shown = recipient[found[0].start : found[0].end]
                raise PublishedEditionLeak(
                    f"The published edition of {title} was not written: a copy for "
                    f"'{recipient}' would name a person of the review ('{shown}') on every "
                    "page. Address published copies to an organisation or a role."
                )


def people_with_role(case: Case, *roles: PersonRole) -> list[Person]:
    return [p for p in case.people if p.role in roles]


def first_with_role(case: Case, *roles: PersonRole) -> Person | None:
    found = people_with_role(case, *roles)
    return found[0] if found else None
