"""Publication safety: nothing that identifies a person survives into a published review.

* :mod:`.register` — the pseudonym register of a case: every person (real name, other names,
  pseudonym or role, date of birth, address, contact details), professional, place and
  watch-list line the case holds, gathered from the whole case and the settings.
* :mod:`.names`, :mod:`.places`, :mod:`.dates`, :mod:`.text` — the ways a name, a place and a
  date are written, and text as the matcher reads it (accents, curly apostrophes, soft hyphens,
  line ends).
* :mod:`.matcher` — ``Matcher(register)``: ``scrub(text)`` (what a published edition shows) and
  ``find(text)`` (what the check points out), in one pass over the text.
* :mod:`.patterns` — identifiers recognised by their shape (postcodes, phone numbers, e-mail,
  NHS and National Insurance numbers, police and court references, vehicle registrations).
* :mod:`.check` — findings with where they are, their keys, and clearances.
* :mod:`.gate` — the conditions for the final published edition.

Importing the package registers its settings: ``published_area`` (the general area an address
becomes, e.g. "Eastshire") and ``published_dates_month_year`` (event dates given as month and
year in published editions).
"""

from sqlalchemy.orm import Session

from dhr_desk.domain import PseudonymEntry
from dhr_desk.publication.check import (
    KIND_LABELS,
    Finding,
    cleared,
    everywhere_key,
    find_in,
    register_findings,
    unique,
)
from dhr_desk.publication.gate import Condition, conditions, refusal
from dhr_desk.publication.matcher import Hit, Matcher
from dhr_desk.publication.register import (
    Register,
    case_register,
    panel_role,
    person_shown,
    staff_register,
)
from dhr_desk.publication.text import fold
from dhr_desk.records import rule, settings

settings.register_defaults({"published_area": "", "published_dates_month_year": False})


@rule(PseudonymEntry)
def _shown_differs(_session: Session, entry: PseudonymEntry) -> list[tuple[str, str]]:
    """What a published edition shows instead may not be the name itself."""
    shown = fold(entry.shown_as or "").strip().lower()
    names = [entry.name or "", *(entry.other_names or "").splitlines()]
    if shown and any(shown == fold(n).strip().lower() for n in names):
        return [("shown_as", "is the name itself: a published edition would show it")]
    return []


__all__ = [
    "KIND_LABELS",
    "Condition",
    "Finding",
    "Hit",
    "Matcher",
    "Register",
    "case_register",
    "cleared",
    "conditions",
    "everywhere_key",
    "find_in",
    "panel_role",
    "person_shown",
    "refusal",
    "register_findings",
    "staff_register",
    "unique",
]
