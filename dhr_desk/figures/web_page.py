"""The annual figures as one web page for the council's website.

Self-contained (styles inline, the chart an inline SVG, no script, no font, image or link to
fetch) and accessible: one ``h1``, headed sections, tables with captions and header cells, the
chart labelled by a title and a description with the same numbers in the table under it, and
colours that keep 4.5:1 contrast with text on them and the page.
"""

from __future__ import annotations

from html import escape

from dhr_desk.figures.annual import DATES_USED, AnnualFigures

SERIES = (
    ("applications", "Applications", "#1d4e89"),
    ("threshold_not_met", "Threshold not met", "#a4161a"),
    ("reviews_carried_out", "Reviews carried out", "#2b6a2f"),
    ("reviews_with_recommendations", "With recommendations", "#5c3c92"),
)
TITLES = {
    "applications": "Applications for an ASB Case Review",
    "threshold_not_met": "Times the threshold for a review was not met",
    "reviews_carried_out": "ASB Case Reviews carried out",
    "reviews_with_recommendations": "Reviews that resulted in recommendations",
}
STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff;margin:0;
line-height:1.5;font-size:1.1875rem}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:2rem;line-height:1.2}
h2{font-size:1.5rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}
caption{text-align:left;font-weight:bold;padding-bottom:.5rem}
th,td{border-bottom:1px solid #b1b4b6;padding:.5rem .75rem .5rem 0;text-align:left;
vertical-align:top}
td.n,th.n{text-align:right}
.figures{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0}
.figures li{flex:1 1 12rem;border-left:.3rem solid #1d4e89;padding:.5rem 1rem;
background:#f3f2f1}
.figures strong{display:block;font-size:2.5rem;line-height:1.1}
figure{margin:1rem 0}
figcaption{font-weight:bold}
.key{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.key span{display:inline-block;width:1rem;height:1rem;margin-right:.4rem;vertical-align:middle}
svg text{font-family:Arial,Helvetica,sans-serif;font-size:13px;fill:#0b0c0c}
a{color:#1d4e89}
""".strip()


def _chart(figures: AnnualFigures) -> str:
    """Grouped bars per quarter, values written on the bars, in an SVG that scales."""
    groups = figures.by_quarter
    top = max([1, *(getattr(c, k) for _n, _p, c in groups for k, _l, _c in SERIES)])
    bar, gap, height, left, base = 18, 28, 220, 40, 250
    width = left + len(groups) * (len(SERIES) * bar + gap) + gap
    parts = [
        f'<svg viewBox="0 0 {width} 300" width="100%" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">The four figures by quarter</title>',
        f'<desc id="chart-desc">{escape(_description(figures))}</desc>',
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#0b0c0c"/>',
    ]
    x = left + gap
    for name, _part, counts in groups:
        for key, _label, colour in SERIES:
            value = getattr(counts, key)
            h = round(height * value / top)
            parts.append(
                f'<rect x="{x}" y="{base - h}" width="{bar - 2}" height="{h}" fill="{colour}"/>'
                f'<text x="{x + (bar - 2) / 2}" y="{base - h - 4}" text-anchor="middle">'
                f"{value}</text>"
            )
            x += bar
        centre = x - len(SERIES) * bar / 2
        parts.append(
            f'<text x="{centre}" y="{base + 22}" text-anchor="middle">{escape(name)}</text>'
        )
        x += gap
    parts.append("</svg>")
    return "".join(parts)


def _description(figures: AnnualFigures) -> str:
    lines = []
    for name, _part, counts in figures.by_quarter:
        said = ", ".join(f"{label} {getattr(counts, key)}" for key, label, _c in SERIES)
        lines.append(f"{name}: {said}.")
    return " ".join(lines)


def _row(cells: list[str]) -> str:
    """A row headed by its first cell, the others numbers."""
    first, rest = cells[0], cells[1:]
    numbers = "".join(f'<td class="n">{escape(c)}</td>' for c in rest)
    return f'<tr><th scope="row">{escape(first)}</th>{numbers}</tr>'


def _table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    heads = [f'<th scope="col">{escape(header[0])}</th>']
    heads += [f'<th scope="col" class="n">{escape(h)}</th>' for h in header[1:]]
    body = "".join(_row(r) for r in rows)
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{''.join(heads)}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _context(figures: AnnualFigures) -> str:
    d = figures.detail
    medians = d["median_working_days"]

    def number(value: float | None) -> str:
        return "not yet known" if value is None else f"{value:g}"

    rows = [
        ["Threshold met", str(d["threshold_met"])],
        ["Applications involving a hate incident or crime", str(d["hate_related"])],
        ["Requests for a review of a decision", str(d["appeals"]["requested"])],
        [
            "Requests upheld, in full or in part",
            str(d["appeals"]["upheld"] + d["appeals"]["partly_upheld"]),
        ],
        [
            "Median working days from application to threshold decision",
            number(medians["application_to_decision"]),
        ],
        [
            "Median working days from application to outcome letter",
            number(medians["application_to_outcome"]),
        ],
    ]
    channels = [
        [key.replace("_", " ").capitalize(), str(value)]
        for key, value in d["by_channel"].items()
        if value
    ]
    out = _table("More about the cases", ["Measure", "Number"], rows)
    if channels:
        out += _table("How applications were made", ["Way of applying", "Applications"], channels)
    return out


def web_page(figures: AnnualFigures, names: dict[str, str]) -> str:
    """The whole page, UTF-8 text."""
    label, partnership = names["label"], names["partnership"]
    title = f"{label}: figures for {figures.period.label}"
    cards = "".join(
        f"<li><strong>{value}</strong>{escape(TITLES[key])}</li>"
        for key, value in figures.counts.as_json().items()
    )
    quarter_rows = [
        [f"{name} ({part.label})", *(str(v) for v in counts.as_json().values())]
        for name, part, counts in figures.by_quarter
    ]
    key = "".join(
        f'<li><span style="background:{colour}" aria-hidden="true"></span>{escape(text)}</li>'
        for _k, text, colour in SERIES
    )
    counted = "".join(
        f"<li>{escape(what.replace('_', ' ').capitalize())}: by {escape(said)}.</li>"
        for what, said in DATES_USED.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
<p>{escape(partnership)} publishes these figures under section 104(10) of the Anti-social
Behaviour, Crime and Policing Act 2014. An {escape(label)} lets victims of persistent
anti-social behaviour ask the agencies to review how they have responded.</p>
<h2>The figures</h2>
<ul class="figures">{cards}</ul>
<h2>By quarter</h2>
<figure>
<figcaption>The four figures in each quarter of the period</figcaption>
{_chart(figures)}
<ul class="key">{key}</ul>
</figure>
{
        _table(
            "The four figures by quarter",
            [
                "Quarter",
                "Applications",
                "Threshold not met",
                "Reviews carried out",
                "With recommendations",
            ],
            quarter_rows,
        )
    }
<h2>More about the cases</h2>
{_context(figures)}
<h2>How the figures are counted</h2>
<ul>{counted}</ul>
</main>
</body>
</html>
"""
