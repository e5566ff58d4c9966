"""The annual figures as JSON, CSV, Word, PDF or a web page, all from one set of counts.

Word and PDF are built as a review document (the same renderers, styles and fonts); the web
page is one self-contained HTML file for the council's website (see :mod:`.web_page`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from dhr_desk.documents.docx_render import render_docx
from dhr_desk.documents.model import Document, Markings
from dhr_desk.documents.pdf_render import render_pdf
from dhr_desk.figures.annual import DATES_USED, AnnualFigures
from dhr_desk.figures.web_page import web_page

FORMATS = ("json", "csv", "docx", "pdf", "html")
NAMES = {
    "applications": "Applications for an ASB Case Review",
    "threshold_not_met": "Times the threshold for a review was not met",
    "reviews_carried_out": "ASB Case Reviews carried out",
    "reviews_with_recommendations": "Reviews that resulted in recommendations",
}


def _flat(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _flat(f"{prefix}.{key}" if prefix else str(key), inner)
    elif isinstance(value, list):
        for item in value:
            name = item.get("quarter", "") if isinstance(item, dict) else ""
            yield from _flat(f"{prefix}.{name}", {k: v for k, v in item.items() if k != "quarter"})
    else:
        yield prefix, "" if value is None else value


def as_csv(figures: AnnualFigures) -> str:
    """``measure,value`` rows: the four counts first, then the detail with dotted names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["measure", "value"])
    for key, value in figures.counts.as_json().items():
        writer.writerow([key, value])
    for key, value in _flat("detail", figures.detail):
        writer.writerow([key, value])
    return out.getvalue()


def document(figures: AnnualFigures, names: dict[str, str]) -> Document:
    """The figures as a review document: the four counts, by quarter, the context, and which
    date puts a case in the period."""
    d = figures.detail
    doc = Document(
        title=f"{names['label']}: annual figures",
        subject=f"{names['partnership']} — {figures.period.label}",
        author=names["partnership"],
        kind="ct_annual_figures",
    )
    doc.para(
        f"Published by the {names['partnership']} under section 104(10) of the Anti-social "
        f"Behaviour, Crime and Policing Act 2014, for {figures.period.label}."
    )
    doc.heading("The figures")
    doc.table(
        ("Measure", "Number"),
        [(NAMES[k], str(v)) for k, v in figures.counts.as_json().items()],
        (5, 1),
    )
    doc.heading("By quarter", 2)
    doc.table(
        ("Quarter", "Applications", "Threshold not met", "Reviews", "With recommendations"),
        [
            (f"{name} ({part.label})", *(str(v) for v in counts.as_json().values()))
            for name, part, counts in figures.by_quarter
        ],
        (3.0, 1.2, 1.4, 1.0, 1.9),
    )
    doc.heading("Context", 2)
    medians = d["median_working_days"]
    doc.key_values(
        [
            ("Threshold met", str(d["threshold_met"])),
            ("Applications involving a hate incident or crime", str(d["hate_related"])),
            ("Requests for a review of a decision", str(d["appeals"]["requested"])),
            (
                "Median working days, application to threshold decision",
                _number(medians["application_to_decision"]),
            ),
            (
                "Median working days, application to outcome letter",
                _number(medians["application_to_outcome"]),
            ),
        ]
    )
    doc.table(
        ("How applications were made", "Number"),
        [(k.replace("_", " ").capitalize(), str(v)) for k, v in d["by_channel"].items() if v],
        (5, 1),
    )
    if d["by_agency"]:
        doc.table(
            ("Agency complained to", "Applications", "Complaints"),
            [(k, str(v["applications"]), str(v["complaints"])) for k, v in d["by_agency"].items()],
            (4, 1, 1),
        )
    doc.heading("How the figures are counted", 2)
    for key, said in DATES_USED.items():
        doc.bullet(f"{key.replace('_', ' ').capitalize()}: counted by {said}.")
    return doc


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def as_bytes(figures: AnnualFigures, fmt: str, names: dict[str, str], today: dt.date) -> bytes:
    """The figures in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return (json.dumps(figures.as_json(), indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "csv":
        return as_csv(figures).encode("utf-8")
    if fmt == "html":
        return web_page(figures, names).encode("utf-8")
    marks = Markings(
        protective_marking=names.get("marking", "OFFICIAL"),
        label=names["label"],
        reference=figures.period.label,
        version=1,
        date=today,
        draft=False,
    )
    renderer = render_pdf if fmt == "pdf" else render_docx
    return renderer(document(figures, names), marks)
