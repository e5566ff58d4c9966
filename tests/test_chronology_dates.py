"""Dates as agencies write them, read the UK way: day first always, partial dates kept partial,
Excel's serials and date cells understood, times found where given."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dhr_desk.chronology.dates import (
    DateProblem,
    PartialDate,
    check_precision,
    read_date,
    read_time,
)
from dhr_desk.domain import DatePrecision

TODAY = dt.date(2026, 6, 1)
DAY, MONTH, SEASON, YEAR = (
    DatePrecision.DAY,
    DatePrecision.MONTH,
    DatePrecision.SEASON,
    DatePrecision.YEAR,
)


@pytest.mark.parametrize(
    ("text", "start", "precision", "time"),
    [
        ("03/04/2019", dt.date(2019, 4, 3), DAY, ""),
        ("3/4/2019", dt.date(2019, 4, 3), DAY, ""),
        ("3.4.19", dt.date(2019, 4, 3), DAY, ""),
        ("03-04-2019", dt.date(2019, 4, 3), DAY, ""),
        ("3 April 2019", dt.date(2019, 4, 3), DAY, ""),
        ("3rd April 2019", dt.date(2019, 4, 3), DAY, ""),
        ("Wednesday 3 April 2019", dt.date(2019, 4, 3), DAY, ""),
        ("03-Apr-19", dt.date(2019, 4, 3), DAY, ""),
        ("3 Sept 2019", dt.date(2019, 9, 3), DAY, ""),
        ("April 3, 2019", dt.date(2019, 4, 3), DAY, ""),
        ("2019-04-03", dt.date(2019, 4, 3), DAY, ""),
        ("April 2019", dt.date(2019, 4, 1), MONTH, ""),
        ("Apr-19", dt.date(2019, 4, 1), MONTH, ""),
        ("04/2019", dt.date(2019, 4, 1), MONTH, ""),
        ("2019", dt.date(2019, 1, 1), YEAR, ""),
        ("Spring 2019", dt.date(2019, 3, 1), SEASON, ""),
        ("summer 2019", dt.date(2019, 6, 1), SEASON, ""),
        ("Autumn 2019", dt.date(2019, 9, 1), SEASON, ""),
        ("Winter 2019/20", dt.date(2019, 12, 1), SEASON, ""),
        ("03/04/2019 14:30", dt.date(2019, 4, 3), DAY, "14:30"),
        ("3 April 2019 at 2.30pm", dt.date(2019, 4, 3), DAY, "14:30"),
        ("2019-04-03T09:05:00", dt.date(2019, 4, 3), DAY, "09:05"),
        ("43558", dt.date(2019, 4, 3), DAY, ""),  # an Excel serial that lost its format
        ("1.3.85", dt.date(1985, 3, 1), DAY, ""),
    ],
)
def test_the_forms_agencies_write_are_read_day_first(
    text: str, start: dt.date, precision: DatePrecision, time: str
) -> None:
    read = read_date(text, today=TODAY)
    assert (read.date.start, read.date.precision, read.time) == (start, precision, time)


def test_american_order_is_never_guessed() -> None:
    with pytest.raises(DateProblem) as found:
        read_date("04/13/2019", today=TODAY)
    assert "there is no month 13" in str(found.value)
    assert "day first" in str(found.value)
    # a date that reads both ways is read the UK way, never swapped
    assert read_date("04/05/2019", today=TODAY).date.start == dt.date(2019, 5, 4)


@pytest.mark.parametrize(
    ("text", "reason", "is_text"),
    [
        ("31/02/2019", "February 2019 has 28 days", False),
        ("Unknown", "is text, not a date", True),
        ("see above", "is text, not a date", True),
        ("3 April", "has no year", False),
        ("Winter 2019", "say which winter", False),
        ("12/12/1850", "outside the years 1900–2100", False),
    ],
)
def test_what_is_not_a_date_says_why(text: str, reason: str, is_text: bool) -> None:
    with pytest.raises(DateProblem) as found:
        read_date(text, today=TODAY)
    assert reason in str(found.value)
    assert found.value.is_text is is_text


def test_a_qualified_date_keeps_the_words_it_was_given_in() -> None:
    read = read_date("late 2019", today=TODAY)
    assert (read.date.start, read.date.precision) == (dt.date(2019, 1, 1), YEAR)
    assert read.as_given == "late 2019"
    assert read_date("approx. May 2018", today=TODAY).date == PartialDate(
        dt.date(2018, 5, 1), MONTH
    )


def test_two_digit_years_look_back() -> None:
    assert read_date("3.4.19", today=TODAY).date.start.year == 2019
    assert read_date("3.4.27", today=TODAY).date.start.year == 2027  # next year at most
    assert read_date("3.4.28", today=TODAY).date.start.year == 1928


def test_excel_cells_keep_what_the_cell_shows() -> None:
    moment = dt.datetime(2019, 4, 1)
    # a cell formatted mmm-yy holds 1 April 2019 but the agency wrote only "Apr-19"
    assert read_date(moment, number_format="mmm-yy").date == PartialDate(moment.date(), MONTH)
    assert read_date(moment, number_format="yyyy").date.precision == YEAR
    assert read_date(moment, number_format="dd/mm/yyyy").date.precision == DAY
    timed = read_date(dt.datetime(2019, 4, 3, 14, 30), number_format="dd/mm/yyyy hh:mm")
    assert (timed.date.start, timed.time) == (dt.date(2019, 4, 3), "14:30")
    hidden = read_date(dt.datetime(2019, 4, 3, 14, 30), number_format="dd/mm/yyyy")
    assert hidden.time == ""  # the cell does not show the time: it is not read
    assert read_date(43558.5).date.start == dt.date(2019, 4, 3)
    assert read_date(43558.5).time == "12:00"
    assert read_date(2019).date == PartialDate(dt.date(2019, 1, 1), YEAR)  # a year typed in
    with pytest.raises(DateProblem):
        read_date(7)


@pytest.mark.parametrize(
    ("value", "time"),
    [
        ("14:30", "14:30"),
        ("14.30", "14:30"),
        ("1430", "14:30"),
        ("1430hrs", "14:30"),
        ("2.30pm", "14:30"),
        ("2pm", "14:00"),
        ("9:05 am", "09:05"),
        ("12am", "00:00"),
        (dt.time(7, 45), "07:45"),
        (0.75, "18:00"),
        ("", ""),
        ("-", ""),
    ],
)
def test_times_in_their_usual_forms(value: object, time: str) -> None:
    assert read_time(value) == time


@pytest.mark.parametrize("value", ["morning", "25:00", "14", "13pm"])
def test_what_is_not_a_time_says_so(value: str) -> None:
    with pytest.raises(DateProblem):
        read_time(value)


def test_partial_dates_sort_at_the_start_of_their_period_broader_first() -> None:
    dates = [
        PartialDate(dt.date(2019, 4, 3)),
        PartialDate(dt.date(2019, 4, 1), MONTH),
        PartialDate(dt.date(2019, 1, 1), YEAR),
        PartialDate(dt.date(2019, 3, 1), SEASON),
        PartialDate(dt.date(2019, 4, 1)),
    ]
    ordered = [d.label() for d in sorted(dates, key=lambda d: d.sort_key)]
    assert ordered == ["2019", "Spring 2019", "April 2019", "1 April 2019", "3 April 2019"]


def test_a_partial_date_spans_its_period() -> None:
    assert PartialDate(dt.date(2020, 2, 1), MONTH).end == dt.date(2020, 2, 29)
    assert PartialDate(dt.date(2019, 12, 1), SEASON).end == dt.date(2020, 2, 29)
    assert PartialDate(dt.date(2019, 1, 1), YEAR).end == dt.date(2019, 12, 31)
    spring = PartialDate(dt.date(2019, 3, 1), SEASON)
    assert spring.overlaps(dt.date(2019, 5, 31), None)
    assert not spring.overlaps(dt.date(2019, 6, 1), None)
    assert PartialDate(dt.date(2019, 12, 1), SEASON).label() == "Winter 2019/20"
    assert check_precision(dt.date(2019, 4, 15), MONTH) is not None
    assert check_precision(dt.date(2019, 3, 1), SEASON) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_real_day_reads_back_from_its_uk_forms(day: dt.date) -> None:
    for text in (
        day.strftime("%d/%m/%Y"),
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day} {day:%B %Y}",
        day.isoformat(),
    ):
        assert read_date(text, today=TODAY).date == PartialDate(day)
