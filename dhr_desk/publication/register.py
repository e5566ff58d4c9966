"""The pseudonym register of a case: everyone and everything its published documents must not
name, each with what they show instead.

It is gathered from the whole case, not only its people: the people (real name, other names,
pseudonym, date of birth, address, contact details and other identifiers), the register's own
lines (professionals and others the case names, workplaces, schools, addresses, places and the
watch list), the panel, the notifying officer, the agencies' contacts, return authors,
advocates, meeting attendees and action owners, decision makers, the single point of contact,
and the partnership's own staff from the settings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dhr_desk.domain import Case, PanelMember, Person, PseudonymEntry, RegisterKind
from dhr_desk.publication.dates import age_on
from dhr_desk.publication.names import looks_like_name
from dhr_desk.publication.text import fold
from dhr_desk.publication.words import ROLE_WORDS

WITHHELD_NAME = "[name withheld]"
WITHHELD_DOB = "[date of birth withheld]"
WITHHELD_CONTACT = "[contact details withheld]"
WITHHELD_IDENTIFIER = "[identifier withheld]"
DEFAULT_AREA = "the area"


@dataclass(frozen=True)
class NameEntry:
    """A person: the names they are known by, what a published edition shows instead, and
    where the register found them. ``aliases`` are names listed outright (nicknames, aliases,
    maiden and former names); ``person`` is False for professionals (named by role)."""

    names: tuple[str, ...]
    shown_as: str
    source: str
    person: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceEntry:
    """A place to hide: an address (by its lines, street and postcode) or a named place."""

    names: tuple[str, ...]
    shown_as: str
    source: str
    address: bool = False


@dataclass(frozen=True)
class BirthDate:
    day: dt.date
    age: int
    source: str


@dataclass(frozen=True)
class Identifier:
    """A phone number, e-mail address or reference the register holds for someone."""

    text: str
    shown_as: str
    source: str


@dataclass(frozen=True)
class RegisterProblem:
    """Something in the register itself that would let a name through."""

    text: str
    where: str
    detail: str


@dataclass
class Register:
    names: list[NameEntry] = field(default_factory=list)
    places: list[PlaceEntry] = field(default_factory=list)
    births: list[BirthDate] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    watch: list[tuple[str, str]] = field(default_factory=list)  # (text, source)
    institutions: list[str] = field(default_factory=list)
    problems: list[RegisterProblem] = field(default_factory=list)
    area: str = DEFAULT_AREA
    month_year: bool = False

    def shown(self) -> list[str]:
        """Everything a published edition shows instead (pseudonyms, roles, general areas)."""
        out = [e.shown_as for e in self.names] + [p.shown_as for p in self.places]
        return [x for x in out if x]

    def merge(self, other: Register) -> None:
        """Add another case's register (the board report covers every open case)."""
        self.names += other.names
        self.places += other.places
        self.births += other.births
        self.identifiers += other.identifiers
        self.watch += other.watch
        self.problems += other.problems


def lines(text: str | None) -> tuple[str, ...]:
    """The non-empty lines of a multi-line field."""
    return tuple(x.strip() for x in (text or "").replace("\r", "").split("\n") if x.strip())


def panel_role(member: PanelMember) -> str:
    """A panel member as a published edition names them: their job title (or role on the
    panel) and their agency, or "independent"."""
    role = member.job_title or member.role.label
    agency = member.agency.display_name if member.agency else ""
    if member.independent and not agency and "independent" not in role.lower():
        agency = "independent"
    return f"{role}, {agency}" if agency else role


def person_shown(person: Person) -> str:
    return person.pseudonym or f"[{person.role.label} – pseudonym not set]"


_CONTACT_SPLIT = re.compile(r"[;,\n]|\s/\s")
_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_NUMBERISH = re.compile(r"\+?[A-Za-z0-9(][A-Za-z0-9 ()/\-]*\d[A-Za-z0-9 ()/\-]*")


def identifiers_in(text: str | None) -> list[str]:
    """The phone numbers, e-mail addresses and reference numbers in a contact or identifiers
    field ("NHS 485 777 3456; PNC 12/345678A" → "485 777 3456", "12/345678A")."""
    found: list[str] = []
    for piece in _CONTACT_SPLIT.split(text or ""):
        piece = piece.strip()
        emails = _EMAIL.findall(piece)
        found += emails
        rest = _EMAIL.sub(" ", piece)
        for m in _NUMBERISH.finditer(rest):
            value = m.group(0).strip(" ()-/")
            value = re.sub(r"^(?:[A-Za-z]+\s+)+(?=[\d+(])", "", value)  # drop a label: "NHS "
            if sum(ch.isdigit() for ch in value) >= 5:
                found.append(value)
    return found


class _Gatherer:
    """Collects the register of one case."""

    def __init__(self, case: Case, area: str, on: dt.date) -> None:
        self.case = case
        self.area = area or DEFAULT_AREA
        self.on = on
        self.register = Register(area=self.area)

    def name(self, name: str | None, shown: str, source: str, *, check: bool = True) -> None:
        """A professional's name from a field that may hold a role instead ("Community Safety
        Team"): with ``check``, only what looks like a person's name is taken."""
        text = (name or "").strip()
        if not text or (check and not looks_like_name(text)):
            return
        self.register.names.append(NameEntry((text,), shown, source, person=False))

    def people(self) -> None:
        for person in self.case.people:
            source = f"People: {person.role.label.lower()}"
            if person.relationship_to_victim:
                source += f" ({person.relationship_to_victim})"
            others = lines(person.other_names)
            self.register.names.append(
                NameEntry((person.real_name, *others), person_shown(person), source, True, others)
            )
            if not person.pseudonym:
                self.register.problems.append(
                    RegisterProblem(
                        person_shown(person), source, "no pseudonym is set for this person"
                    )
                )
            self._birth(person, source)
            if person.address.strip():
                self.register.places.append(
                    PlaceEntry((person.address,), self.address_shown, source, address=True)
                )
            for value in identifiers_in(person.contact):
                self.register.identifiers.append(Identifier(value, WITHHELD_CONTACT, source))
            for value in identifiers_in(person.other_identifiers):
                self.register.identifiers.append(Identifier(value, WITHHELD_IDENTIFIER, source))

    @property
    def address_shown(self) -> str:
        return f"an address in {self.area}"

    def _birth(self, person: Person, source: str) -> None:
        if person.date_of_birth is None:
            return
        on = person.date_of_death or self.case.date_of_death or self._opened() or self.on
        self.register.births.append(
            BirthDate(person.date_of_birth, age_on(person.date_of_birth, on), source)
        )

    def _opened(self) -> dt.date | None:
        app = self.case.application
        return app.received_on if app is not None else self.case.notification_received_on

    def entries(self) -> None:
        for entry in self.case.pseudonym_entries:
            self._entry(entry)

    def _entry(self, entry: PseudonymEntry) -> None:
        names = (entry.name.strip(), *lines(entry.other_names))
        if not names[0]:
            return
        source = f"Pseudonym register: {entry.kind.label.lower()}"
        kind = entry.kind
        if kind == RegisterKind.WATCH:
            self.register.watch += [(n, source) for n in names]
        elif kind in (RegisterKind.PERSON, RegisterKind.PROFESSIONAL):
            person = kind == RegisterKind.PERSON
            default = "[pseudonym not set]" if person else "a professional"
            shown = entry.shown_as.strip() or default
            self.register.names.append(NameEntry(names, shown, source, person, names))
            if person and not entry.shown_as.strip():
                self.register.problems.append(
                    RegisterProblem(shown, source, "no pseudonym is set for this person")
                )
        else:
            address = kind == RegisterKind.ADDRESS
            default = self.address_shown if address else f"a {kind.label.lower()}"
            shown = entry.shown_as.strip() or default
            self.register.places.append(PlaceEntry(names, shown, source, address))

    def professionals(self) -> None:
        """Everyone else the case names, each with the role a published edition shows."""
        case = self.case
        for member in case.panel:
            self.name(member.name, panel_role(member), "Panel", check=False)
            if member.email:
                self.register.identifiers.append(
                    Identifier(member.email, panel_role(member), "Panel")
                )
        self.name(case.notified_by, "the notifying officer", "Notified by")
        for link in case.case_agencies:
            shown = f"the {link.agency.display_name} contact"
            self.name(link.contact_name, shown, "Agencies")
            self.name(link.agency.contact_name, shown, "Agencies")
        for ret in case.returns:
            shown = f"the {ret.agency.display_name} author"
            self.name(ret.author_name, shown, "Returns")
        for advocate in case.advocates:
            self.name(advocate.name, "the family's advocate", "Advocacy")
        for meeting in case.meetings:
            for seat in meeting.attendance:
                shown = seat.organisation or "a participant"
                self.name(seat.name, shown, "Meeting attendance")
            for action in meeting.actions:
                self.name(action.owner, "the action owner", "Meeting actions")
        self._deciders()

    def _deciders(self) -> None:
        case = self.case
        for contact in case.family_contacts:
            self.name(contact.contacted_by, "the review team", "Family contact")
        for decision in case.decisions:
            self.name(decision.decided_by, "the decision maker", "Decisions")
        for appeal in case.appeals:
            self.name(appeal.decided_by, "the reviewer", "Appeals")
        if case.application is not None:
            spoc = case.application.single_point_of_contact
            self.name(spoc, "the single point of contact", "Application")

    def clashes(self) -> None:
        """A pseudonym that is, or holds, a real name of someone in the register."""
        from dhr_desk.publication.names import forms_of

        real: dict[str, str] = {}
        for entry in self.register.names:
            for name in entry.names:
                if all(w.lower() in ROLE_WORDS for w in name.split()):
                    continue  # "Youths", "Neighbours": no one's name
                for form in forms_of(name):
                    if form.strength.value in ("full", "distinct"):
                        real.setdefault(form.text.lower(), entry.source)
        for entry in self.register.names:
            if not entry.person or entry.shown_as.startswith("["):
                continue
            shown = fold(entry.shown_as).lower()
            for text, source in real.items():
                if re.search(rf"(?<![^\W_]){re.escape(text)}(?![^\W_])", shown):
                    self.register.problems.append(
                        RegisterProblem(
                            entry.shown_as,
                            entry.source,
                            f"the pseudonym is also a real name in the register ({source})",
                        )
                    )
                    break


def case_register(
    case: Case,
    *,
    staff: Iterable[tuple[str, str]] = (),
    institutions: Iterable[str] = (),
    area: str = "",
    month_year: bool = False,
    on: dt.date | None = None,
) -> Register:
    """The register of ``case``. ``staff``: the partnership's own people named in documents,
    as (name, role); ``institutions``: the council, partnership and agency names, which are
    never taken for a person's name; ``area``: the general area an address becomes."""
    gatherer = _Gatherer(case, area, on or dt.date.today())
    gatherer.people()
    gatherer.entries()
    gatherer.professionals()
    for name, role in staff:
        gatherer.name(name, role, "Settings", check=False)
    gatherer.clashes()
    register = gatherer.register
    register.month_year = month_year
    hidden = {fold(name).lower() for place in register.places for name in place.names}
    agencies = [link.agency.name for link in case.case_agencies]
    register.institutions = [
        name for name in [*institutions, *agencies] if fold(name).lower() not in hidden
    ]
    return register


def staff_register(
    staff: Iterable[tuple[str, str]], institutions: Iterable[str], area: str = ""
) -> Register:
    """The register of a document that belongs to no case: the partnership's own staff."""
    register = Register(area=area or DEFAULT_AREA, institutions=list(institutions))
    for name, role in staff:
        if name.strip():
            register.names.append(NameEntry((name.strip(),), role, "Settings", False))
    return register
