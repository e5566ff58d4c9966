"""Chronology gathering: agency returns in, one combined chronology out. Qt-free.

* :mod:`.dates` — UK dates as agencies write them; partial dates (month, season, year) stay
  partial.
* :mod:`.headings` — which column holds what, from its heading, with a mapping per agency.
* :mod:`.sources`, :mod:`.word_tables` — reading .docx, .xlsx and .csv returns into tables;
  bad files refused in one sentence.
* :mod:`.plan` — every row read as an entry to add or a problem with its reason, before anything
  is written; the coordinator fixes or skips rows.
* :mod:`.importing` — writing a plan in one transaction, with the import recorded on the return.
* :mod:`.combined` — the combined chronology: every agency merged in date order, with filters.
* :mod:`.duplicates` — likely duplicates across agencies, and the coordinator's links.
* :mod:`.gaps` — agencies with no entries, months with no contact, contacts per agency per year.
* :mod:`.timeline`, :mod:`.drawing` — the timeline picture (agencies as lanes), as PNG or SVG.
* :mod:`.templates` — the chronology template sent to each agency (.xlsx and .docx).

Importing the package registers the chronology's save rules (:mod:`.rules`) and its settings.
"""

from dhr_desk.chronology import rules  # noqa: F401 - registers the save rules
from dhr_desk.chronology.importing import MAPS_SETTING  # noqa: F401 - registers the setting
