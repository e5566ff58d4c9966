"""The annual ASB Case Review figures (s104(10)): counted for a period — by default the last
complete financial year — and written as JSON, CSV, Word, PDF or a web page, for the Reports
area of the app and ``dhr-desk ct-stats``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dhr_desk import figures as annual
from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.figures import DATES_USED, AnnualFigures, Period
from dhr_desk.figures.writers import NAMES as TITLES
from dhr_desk.records import settings
from dhr_desk.storage.atomic import write_bytes_atomic
from dhr_desk.storage.database import Database
from dhr_desk.workflow.periods import as_date

__all__ = ["DATES_USED", "FORMATS", "TITLES", "AnnualFigures", "Period", "export", "figures"]

FORMATS = annual.FORMATS
TEXT_FORMATS = ("json", "csv")  # may go to the screen; the others need a file
# Published figures carry no personal data: the pages are marked for publication.
PUBLISHED_MARKING = "OFFICIAL"


def period(
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    today: dt.date | None = None,
) -> Period:
    """The period from ``start`` to ``end`` (both or neither: the last complete financial
    year before ``today``)."""
    if (start is None) != (end is None):
        raise ValidationError("Give both the first and the last day of the period, or neither.")
    if start is None or end is None:
        return annual.last_financial_year(today or dt.date.today())
    return Period(as_date(start, "from"), as_date(end, "to"))


def figures(
    db: Database,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    today: dt.date | None = None,
) -> AnnualFigures:
    """The four statutory counts for the period, by quarter, with their context."""
    chosen = period(start, end, today)
    with db.session() as session:
        return annual.annual_figures(session, chosen)


def names(db: Database) -> dict[str, str]:
    """What the published figures call the review and the partnership."""
    with db.session() as session:
        return {
            "label": str(settings.get_in(session, "ct_label")),
            "partnership": str(settings.get_in(session, "partnership_name")),
            "marking": PUBLISHED_MARKING,
        }


def _format(fmt: str, output: Path | None) -> str:
    chosen = fmt.strip().lower().lstrip(".")
    if chosen not in FORMATS:
        raise ValidationError(f"'{fmt}' is not a format of the figures: {', '.join(FORMATS)}.")
    if output is None and chosen not in TEXT_FORMATS:
        raise ValidationError(f"A {chosen} file needs a file name: give -o PATH.")
    if output is not None and output.suffix.lower().lstrip(".") != chosen:
        raise ValidationError(f"The file name should end in .{chosen}; nothing was written.")
    return chosen


def render(db: Database, result: AnnualFigures, fmt: str, today: dt.date | None = None) -> bytes:
    """The figures in a format, in memory."""
    chosen = _format(fmt, Path(f"figures.{fmt.strip().lower().lstrip('.')}"))
    return annual.as_bytes(result, chosen, names(db), today or dt.date.today())


def export(
    db: Database,
    fmt: str,
    output: Path | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    today: dt.date | None = None,
) -> tuple[AnnualFigures, bytes]:
    """Count, render and — with ``output`` — write the file whole (or not at all)."""
    chosen = _format(fmt, output)
    result = figures(db, start, end, today)
    data = annual.as_bytes(result, chosen, names(db), today or dt.date.today())
    if output is not None:
        if not output.parent.is_dir():
            raise DhrDeskError(f"The folder {output.parent} does not exist; nothing was written.")
        write_bytes_atomic(output, data)
    return result, data


def summary(result: AnnualFigures) -> dict[str, Any]:
    """The JSON the command line prints: exactly the four counts and ``detail``."""
    return result.as_json()
