"""Likely duplicates across agencies: two entries from different agencies on the same day whose
words say much the same ("Police called to the address; victim had a cut to her face" and
"Ambulance called: female with a facial cut, police on scene").

They are flagged for the coordinator, never merged or deleted. The coordinator links a pair as
one event seen by two agencies, or says it is not the same; either way the pair is not flagged
again.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dhr_desk.chronology.combined import CombinedRow
from dhr_desk.domain import DatePrecision

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me
    more most my myself no nor not now of off on once only or other our out over own same she
    should so some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you
    your yours also said says told asked made seen saw went got via per re rang called call
    attended attend""".split()  # noqa: SIM905
)
_SUFFIXES = ("ies", "ing", "ed", "es", "al", "ly", "s")
MIN_SHARED = 3
MIN_OVERLAP = 0.45  # shared words / words of the shorter entry
MIN_JACCARD = 0.5  # shared words / all words (two short entries)
MAX_HOURS_APART = 3
CLOSE_MINUTES = 60  # two agencies' times this close, with words in common, is one event


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def shown_words(text: str, stems: frozenset[str]) -> tuple[str, ...]:
    """The words of ``text`` whose stems are in ``stems``, as written (for the coordinator)."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        stem = _stem(word)
        if stem in stems and stem not in found:
            found[stem] = word
    return tuple(sorted(found.values()))


def words_of(text: str) -> frozenset[str]:
    """The words that carry meaning, stemmed: "injuries to her face" → {injury, face}."""
    return frozenset(_stem(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP)


@dataclass(frozen=True)
class LikelyDuplicate:
    """Two entries of different agencies, the same day, much the same words."""

    first: CombinedRow
    second: CombinedRow
    score: float
    shared: tuple[str, ...]

    @property
    def pair(self) -> tuple[int, int]:
        return min(self.first.id, self.second.id), max(self.first.id, self.second.id)

    @property
    def reason(self) -> str:
        shown = ", ".join(self.shared[:6])
        return f"same day, {len(self.shared)} words in common ({shown})"


def _minutes(time: str) -> int | None:
    if len(time) == 5 and time[2] == ":":
        return int(time[:2]) * 60 + int(time[3:])
    return None


def similarity(
    a: frozenset[str], b: frozenset[str], *, close_in_time: bool = False
) -> tuple[float, frozenset[str]]:
    """(score, shared words); the score is 0 when the entries are not alike enough. Entries
    timed within the hour need fewer words in common."""
    shared = a & b
    if not shared:
        return 0.0, shared
    overlap = len(shared) / min(len(a), len(b))
    jaccard = len(shared) / len(a | b)
    alike = (
        (len(shared) >= MIN_SHARED and overlap >= MIN_OVERLAP)
        or (len(shared) >= 2 and jaccard >= MIN_JACCARD)
        or (close_in_time and len(shared) >= 2)
    )
    return (round((overlap + jaccard) / 2, 3) if alike else 0.0), shared


def likely_duplicates(
    rows: Sequence[CombinedRow], decided: Iterable[tuple[int, int]] = ()
) -> list[LikelyDuplicate]:
    """The pairs to flag, in date order; pairs the coordinator has decided are left out."""
    done = {(min(a, b), max(a, b)) for a, b in decided}
    by_day: dict[object, list[CombinedRow]] = defaultdict(list)
    for row in rows:
        if row.precision == DatePrecision.DAY and row.agency_id is not None:
            by_day[row.occurred_on].append(row)
    found: list[LikelyDuplicate] = []
    for day in sorted(by_day):  # type: ignore[type-var]
        same_day = by_day[day]
        if len(same_day) < 2 or len({r.agency_id for r in same_day}) < 2:
            continue
        found.extend(_pairs_of_day(same_day, done))
    return found


def _pairs_of_day(same_day: list[CombinedRow], done: set[tuple[int, int]]) -> list[LikelyDuplicate]:
    words = [words_of(f"{r.event} {r.action_decision}") for r in same_day]
    minutes = [_minutes(r.occurred_time) for r in same_day]
    out = []
    for i, first in enumerate(same_day):
        for j in range(i + 1, len(same_day)):
            second = same_day[j]
            if first.agency_id == second.agency_id:
                continue
            if (min(first.id, second.id), max(first.id, second.id)) in done:
                continue
            a, b = minutes[i], minutes[j]
            apart = None if a is None or b is None else abs(a - b)
            if apart is not None and apart > MAX_HOURS_APART * 60:
                continue
            close = apart is not None and apart <= CLOSE_MINUTES
            score, shared = similarity(words[i], words[j], close_in_time=close)
            if score > 0:
                text = f"{first.event} {first.action_decision}"
                out.append(LikelyDuplicate(first, second, score, shown_words(text, shared)))
    return out


def linked_groups(links: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Entry id → the smallest id of the entries linked with it (one event, several agencies)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}
