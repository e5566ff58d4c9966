"""Reports: the annual ASB Case Review figures the partnership must publish (s104(10)), for a
financial year or any period, with a chart by quarter drawn with Qt and the figures saved as a
web page, Word, PDF, CSV or JSON. Counting and saving run off the GUI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import annual_figures
from dhr_desk.services.access import Database
from dhr_desk.services.annual_figures import AnnualFigures
from ui.case_pages import fill_table, heading, read_only_table
from ui.jobs import JobThread

# The four figures: key, words, colour (the same as the web page's, for one look).
SERIES = (
    ("applications", "Applications", "#1d4e89"),
    ("threshold_not_met", "Threshold not met", "#a4161a"),
    ("reviews_carried_out", "Reviews carried out", "#2b6a2f"),
    ("reviews_with_recommendations", "With recommendations", "#5c3c92"),
)
EXPORTS = (
    ("html", "Web page (.html)"),
    ("docx", "Word (.docx)"),
    ("pdf", "PDF (.pdf)"),
    ("csv", "CSV (.csv)"),
    ("json", "JSON (.json)"),
)
OTHER_PERIOD = "other"


def financial_years(today: dt.date, count: int = 6) -> list[tuple[str, dt.date, dt.date]]:
    """The last ``count`` complete financial years, the latest first, and the current one."""
    last = annual_figures.period(today=today)
    out = []
    current_start = dt.date(last.end.year, 4, 1)
    if current_start <= today:
        out.append(
            (f"{current_start.year}-{str(current_start.year + 1)[2:]} so far", current_start, today)
        )
    for n in range(count):
        start = dt.date(last.start.year - n, 4, 1)
        out.append(
            (f"{start.year}-{str(start.year + 1)[2:]}", start, dt.date(start.year + 1, 3, 31))
        )
    return out


class QuarterChart(QWidget):
    """Grouped bars: the four figures in each quarter, each bar labelled with its number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quarterChart")
        self.setAccessibleName("Chart of the four figures by quarter")
        self.setMinimumHeight(240)
        self.setMaximumHeight(340)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.quarters: list[tuple[str, dict[str, int]]] = []

    def set_quarters(self, quarters: list[tuple[str, dict[str, int]]]) -> None:
        self.quarters = quarters
        said = "; ".join(
            f"{name}: " + ", ".join(f"{words} {counts[key]}" for key, words, _c in SERIES)
            for name, counts in quarters
        )
        self.setAccessibleDescription(said)
        self.setToolTip(said.replace("; ", "\n"))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if not self.quarters:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No figures yet")
            return
        margin, label_height, key_height, headroom = 16, 22, 24, 20
        area = QRectF(
            margin,
            margin + key_height + headroom,
            self.width() - 2 * margin,
            self.height() - 2 * margin - label_height - key_height - headroom,
        )
        self._key(painter, margin)
        top = max([1, *(c[k] for _n, c in self.quarters for k, _w, _c in SERIES)])
        group = area.width() / len(self.quarters)
        bar = max(4.0, (group * 0.75) / len(SERIES))
        painter.setPen(QPen(QColor("#0b0c0c")))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for index, (name, counts) in enumerate(self.quarters):
            left = area.left() + index * group + (group - bar * len(SERIES)) / 2
            for n, (key, _words, colour) in enumerate(SERIES):
                value = counts[key]
                h = area.height() * value / top
                rect = QRectF(left + n * bar, area.bottom() - h, bar - 2, h)
                painter.fillRect(rect, QColor(colour))
                painter.drawText(
                    QRectF(rect.left() - 6, rect.top() - 18, bar + 10, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    str(value),
                )
            painter.drawText(
                QRectF(area.left() + index * group, area.bottom() + 4, group, label_height),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )

    def _key(self, painter: QPainter, margin: int) -> None:
        x = float(margin)
        metrics = painter.fontMetrics()
        for _key, words, colour in SERIES:
            painter.fillRect(QRectF(x, margin + 4, 12, 12), QColor(colour))
            painter.setPen(QPen(QColor("#0b0c0c")))
            painter.drawText(int(x + 16), margin + 15, words)
            x += 16 + metrics.horizontalAdvance(words) + 18


class ReportsPage(QWidget):
    """The Reports area: choose the period, see the four figures, the chart and the context,
    and save them."""

    shown = Signal(object)  # the AnnualFigures now shown
    saved = Signal(str)  # the path written

    def __init__(
        self, db: Database, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or dt.date.today()
        self.setObjectName("page_reports")
        self.result: AnnualFigures | None = None
        self.jobs: list[JobThread] = []

        self.period_choice = QComboBox()
        self.period_choice.setAccessibleName("Period of the figures")
        for label, start, end in financial_years(self.today):
            self.period_choice.addItem(f"Financial year {label}", (start, end))
        self.period_choice.addItem("Another period…", OTHER_PERIOD)
        self.period_choice.setCurrentIndex(1 if self.period_choice.count() > 2 else 0)
        self.start = QLineEdit()
        self.start.setPlaceholderText("From YYYY-MM-DD")
        self.start.setAccessibleName("First day of the period")
        self.end = QLineEdit()
        self.end.setPlaceholderText("To YYYY-MM-DD")
        self.end.setAccessibleName("Last day of the period")
        self.show_button = QPushButton("&Show the figures")
        self.show_button.clicked.connect(self.refresh)
        self.period_choice.currentIndexChanged.connect(self._period_changed)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Period"))
        chooser.addWidget(self.period_choice)
        chooser.addWidget(self.start)
        chooser.addWidget(self.end)
        chooser.addWidget(self.show_button)
        chooser.addStretch(1)

        self.period_label = QLabel()
        self.period_label.setObjectName("reportPeriod")
        self.status = QLabel()
        self.status.setObjectName("formError")
        self.status.setWordWrap(True)
        self.cards: dict[str, QLabel] = {}
        cards = QGridLayout()
        for column, (key, words, colour) in enumerate(SERIES):
            card = QFrame()
            card.setObjectName(f"figure_{key}")
            card.setStyleSheet(f"QFrame#figure_{key} {{ border-left: 5px solid {colour}; }}")
            inner = QVBoxLayout(card)
            number = QLabel("—")
            number.setObjectName("figureNumber")
            number.setStyleSheet("QLabel#figureNumber { font-size: 26pt; font-weight: bold; }")
            number.setAccessibleName(words)
            inner.addWidget(number)
            inner.addWidget(QLabel(annual_figures.TITLES[key]))
            self.cards[key] = number
            cards.addWidget(card, 0, column)
        self.chart = QuarterChart()
        self.quarter_table = read_only_table("The four figures by quarter")
        self.context_table = read_only_table("More about the cases")
        self.counted = QLabel()
        self.counted.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Save as:"))
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, words in EXPORTS:
            button = QPushButton(words)
            button.setAccessibleName(f"Save the figures as {words}")
            button.clicked.connect(lambda _checked=False, f=fmt: self.choose_file(f))
            buttons.addWidget(button)
            self.export_buttons[fmt] = button
        buttons.addStretch(1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(heading("Reports: annual ASB Case Review figures"))
        intro = QLabel(
            "The partnership must publish these four figures at least every 12 months "
            "(section 104(10) of the Anti-social Behaviour, Crime and Policing Act 2014)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(chooser)
        layout.addWidget(self.period_label)
        layout.addWidget(self.status)
        layout.addLayout(cards)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.quarter_table, 1)
        layout.addWidget(self.context_table, 1)
        layout.addWidget(self.counted)
        layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._period_changed()

    # ------------------------------------------------------------------ period
    def _period_changed(self) -> None:
        chosen = self.period_choice.currentData()
        other = chosen == OTHER_PERIOD
        self.start.setEnabled(other)
        self.end.setEnabled(other)
        if not other:
            start, end = chosen
            self.start.setText(start.isoformat())
            self.end.setText(end.isoformat())

    def _run(self, job: Any, done: Any) -> JobThread:
        thread = JobThread(job, self)
        thread.succeeded.connect(done)
        thread.failed.connect(self._failed)
        thread.finished.connect(lambda: self._finished(thread))
        self.jobs.append(thread)
        self.show_button.setEnabled(False)
        thread.start()
        return thread

    def _finished(self, thread: JobThread) -> None:
        if thread in self.jobs:
            self.jobs.remove(thread)
        self.show_button.setEnabled(not self.jobs)

    def _failed(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def refresh(self) -> JobThread:
        """Count the figures for the chosen period (off the GUI thread)."""
        start, end = self.start.text().strip(), self.end.text().strip()
        self.status.clear()
        return self._run(
            lambda _progress, _cancelled: annual_figures.figures(self.db, start, end),
            self.display,
        )

    # ------------------------------------------------------------------ showing
    def display(self, result: AnnualFigures) -> None:
        self.result = result
        self.period_label.setText(f"Figures for {result.period.label}")
        for key, value in result.counts.as_json().items():
            self.cards[key].setText(str(value))
        self.chart.set_quarters(
            [(name, counts.as_json()) for name, _part, counts in result.by_quarter]
        )
        fill_table(
            self.quarter_table,
            ["Quarter", *(words for _k, words, _c in SERIES)],
            [
                (f"{name} ({part.label})", *counts.as_json().values())
                for name, part, counts in result.by_quarter
            ],
        )
        fill_table(self.context_table, ["More about the cases", "Number"], context_rows(result))
        self.counted.setText(
            "How the figures are counted: "
            + "; ".join(
                f"{what.replace('_', ' ')} by {said}"
                for what, said in annual_figures.DATES_USED.items()
            )
            + "."
        )
        self.shown.emit(result)

    # ------------------------------------------------------------------ saving
    def choose_file(self, fmt: str) -> None:
        if self.result is None:
            self.status.setText("Show the figures first.")
            return
        name = f"asb-case-review-figures-{self.result.period.start}-{self.result.period.end}.{fmt}"
        path, _filter = QFileDialog.getSaveFileName(self, "Save the figures", name)
        if path:
            self.export_to(fmt, Path(path))

    def export_to(self, fmt: str, path: Path) -> JobThread:
        """Write the figures of the period shown to ``path`` (off the GUI thread)."""
        assert self.result is not None
        start, end = self.result.period.start, self.result.period.end
        return self._run(
            lambda _p, _c: annual_figures.export(self.db, fmt, path, start, end, self.today),
            lambda _r: self._saved(path),
        )

    def _saved(self, path: Path) -> None:
        self.status.setText(f"Saved {path}.")
        self.saved.emit(str(path))

    # ------------------------------------------------------------------ page protocol
    def new_record(self) -> None:
        self.period_choice.setFocus()

    def has_unsaved(self) -> bool:
        return False

    def resolve_unsaved(self) -> bool:
        return True


def context_rows(result: AnnualFigures) -> list[tuple[str, Any]]:
    """The context of the figures, one line each (the same as the saved documents)."""
    d = result.detail
    medians = d["median_working_days"]

    def number(value: float | None) -> str:
        return "not yet known" if value is None else f"{value:g}"

    rows: list[tuple[str, Any]] = [
        ("Threshold met", d["threshold_met"]),
        ("Applications involving a hate incident or crime", d["hate_related"]),
        ("Requests for a review of a decision", d["appeals"]["requested"]),
        ("Reviews whose outcome is awaited", d["outcomes"]["awaited"]),
        (
            "Median working days, application to threshold decision",
            number(medians["application_to_decision"]),
        ),
        (
            "Median working days, application to outcome letter",
            number(medians["application_to_outcome"]),
        ),
    ]
    rows += [
        (f"Applied: {key.replace('_', ' ')}", value)
        for key, value in d["by_channel"].items()
        if value
    ]
    rows += [
        (f"Complained to {name}", f"{v['applications']} applications")
        for name, v in d["by_agency"].items()
    ]
    return rows
