"""The annual ASB Case Review figures (s104(10) of the Anti-social Behaviour, Crime and Policing
Act 2014): counted from the cases, and written as JSON, CSV, Word, PDF or a web page.

Qt-free; :mod:`dhr_desk.services.annual_figures` calls it for the app and the command line.
"""

from dhr_desk.figures.annual import (
    DATES_USED,
    KEYS,
    AnnualFigures,
    Counts,
    Period,
    annual_figures,
    last_financial_year,
    quarters,
)
from dhr_desk.figures.writers import FORMATS, as_bytes

__all__ = [
    "DATES_USED",
    "FORMATS",
    "KEYS",
    "AnnualFigures",
    "Counts",
    "Period",
    "annual_figures",
    "as_bytes",
    "last_financial_year",
    "quarters",
]
