"""The chronology in documents: the timeline figure in the combined chronology and the overview
report (Word and PDF, the same bytes for the same content, anonymised in the published edition),
partial dates shown as given, and the request and reminder letters with the due date from the
clocks."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from chronology_support import make_dhr, request_chronology
from pypdf import PdfReader

from dhr_desk.documents import GenerationRequest, build_only, generate
from dhr_desk.documents.model import Figure, Table
from dhr_desk.domain import Edition
from dhr_desk.records import settings
from dhr_desk.services import chronology, progress
from dhr_desk.storage.database import Database

TODAY = dt.date(2021, 9, 1)


@pytest.fixture
def dhr(db: Database) -> Any:
    case = make_dhr(db)
    for date, agency, event, key in (
        ("03/04/2019", "Northshire Police", "Jane Doe called 999: John Roe had hit her", True),
        ("April 2019", "Northshire ICB", "GP letter about low mood", False),
        ("Spring 2020", "Vale Homes", "Door replaced after it was kicked in", False),
        ("20/08/2020", "Northshire Police", "Disclosure of coercive control", True),
    ):
        row = chronology.save_entry(
            db, case.id, None, {"date": date, "agency": agency, "source": "Record", "event": event}
        )
        if key:
            chronology.set_key_event(db, row.id, True)
    return case


def _figures(doc: Any) -> list[Figure]:
    return [b for b in doc.blocks if isinstance(b, Figure)]


def test_the_combined_chronology_has_the_timeline_and_dates_as_given(
    db: Database, dhr: Any
) -> None:
    doc = build_only(db, "combined_chronology", dhr.reference, today=TODAY)
    [figure] = _figures(doc)
    assert figure.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.alt.startswith("Timeline of 4 chronology entries from 3 agencies")
    assert "Key events: 3 April 2019: Jane Doe called 999" in figure.alt
    assert "date of death 1 May 2021" in figure.alt
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [row[0] for row in table.rows[1:]] == [
        "Apr 2019",
        "03/04/2019",
        "Spring 2020",
        "20/08/2020",
    ]
    assert any("shown as given" in text for text in doc.texts())


def test_the_published_figure_names_people_by_pseudonym(db: Database, dhr: Any) -> None:
    doc = build_only(
        db, "combined_chronology", dhr.reference, edition=Edition.PUBLISHED, today=TODAY
    )
    [figure] = _figures(doc)
    assert "Adult A called 999: Adult B had hit her" in figure.alt
    assert "Jane" not in figure.alt and "Roe" not in figure.alt
    full = _figures(build_only(db, "combined_chronology", dhr.reference, today=TODAY))[0]
    assert full.data != figure.data  # the labels drawn differ too


def test_a_published_edition_of_months_and_years_gives_no_day_in_the_figure_or_table(
    db: Database, dhr: Any
) -> None:
    settings.set_many(db, {"published_dates_month_year": True})
    doc = build_only(
        db, "combined_chronology", dhr.reference, edition=Edition.PUBLISHED, today=TODAY
    )
    [figure] = _figures(doc)
    assert "Key events: April 2019: Adult A called 999" in figure.alt
    assert "August 2020: Disclosure" in figure.alt and "date of death May 2021" in figure.alt
    assert "3 April" not in figure.alt and "20 August" not in figure.alt
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [row[0] for row in table.rows[1:]] == [
        "April 2019",
        "April 2019",
        "Spring 2020",
        "August 2020",
    ]
    days = build_only(db, "combined_chronology", dhr.reference, today=TODAY)
    assert "Key events: 3 April 2019" in _figures(days)[0].alt  # the full edition keeps the day


def test_the_overview_report_shows_the_timeline(db: Database, dhr: Any) -> None:
    doc = build_only(db, "overview_report", dhr.reference, today=TODAY)
    [figure] = _figures(doc)
    assert figure.caption.startswith("Figure 1: contacts with the agencies over time")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_figure_is_drawn_in_word_and_pdf_and_repeats_exactly(
    db: Database, dhr: Any, tmp_path: Path, fmt: str
) -> None:
    first = generate(
        db,
        GenerationRequest(
            kind="combined_chronology",
            output=tmp_path / f"c.{fmt}",
            reference=dhr.reference,
            file_format=fmt,
            today=TODAY,
        ),
    )
    data = first.path.read_bytes()
    if fmt == "docx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in archive.namelist())
        body = archive.read("word/document.xml").decode("utf-8")
        assert 'descr="Timeline of 4 chronology entries' in body
    else:
        images = [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
        assert len(images) == 1 and images[0].image.width > 1000
    again = generate(
        db,
        GenerationRequest(
            kind="combined_chronology",
            output=tmp_path / f"again.{fmt}",
            reference=dhr.reference,
            file_format=fmt,
            today=TODAY,
        ),
    )
    assert not again.new_version and again.sha256 == first.sha256


def test_the_request_letter_gives_the_due_date_from_the_clocks(db: Database, dhr: Any) -> None:
    request_chronology(db, dhr.id, "Northshire ICB", dt.date(2021, 6, 1))
    request_chronology(db, dhr.id, "Vale Homes", dt.date(2021, 6, 1), due_on="2021-06-30")
    doc = build_only(db, "chronology_request", dhr.reference, today=TODAY)
    text = "\n".join(doc.texts())
    assert "Agency chronology — DHR-2021-001" in text
    assert "by 13 July 2021" in text  # requested 1 June + 6 weeks (the agency-return rule)
    assert "by 30 June 2021" in text  # a due date set on the return wins
    assert "from 1 January 2018 to 1 May 2021" in text
    assert "do not invent a day" in text


def test_the_reminder_goes_only_to_overdue_returns_and_a_pause_moves_them(
    db: Database, dhr: Any
) -> None:
    request_chronology(db, dhr.id, "Northshire ICB", dt.date(2021, 6, 1))
    request_chronology(db, dhr.id, "Vale Homes", dt.date(2021, 8, 25))  # due in October
    doc = build_only(db, "chronology_chase", dhr.reference, today=TODAY)
    text = "\n".join(doc.texts())
    assert "Reminder: Agency chronology overdue — DHR-2021-001" in text
    assert (
        "It was due on 13 July 2021 and has not yet been received: it is now 50 days overdue"
        in text
    )
    assert text.count("Reminder: Agency chronology overdue") == 1  # Vale Homes is not late
    assert "Please send it by 8 September 2021" in text  # five working days
    progress.add_pause(db, dhr.id, "criminal_trial", dt.date(2021, 7, 1), "Trial")
    paused = "\n".join(build_only(db, "chronology_chase", dhr.reference, today=TODAY).texts())
    assert "No agency return is overdue today" in paused
