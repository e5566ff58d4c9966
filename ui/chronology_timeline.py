"""The timeline picture in the app: agencies as lanes, contacts as marks, key events labelled,
the review period shaded and the date of death marked.

The layout is worked out and painted into an image off the GUI thread (a case can hold thousands
of entries), with progress and a Cancel button; the widget then only shows the image. Pointing
at a mark names its entry; a click selects it in the chronology.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import chronology
from dhr_desk.services.access import Database
from dhr_desk.services.chronology import CombinedRow, Filters, TimelineLayout
from ui.chronology_jobs import detached
from ui.jobs import JobThread

SHAPES_BETWEEN_CHECKS = 500


def _colour(rgba: tuple[int, int, int, int]) -> QColor:
    return QColor(*rgba)


def _font(size: float, bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


def qt_measure() -> Callable[[str, float, bool], float]:
    """Text widths as Qt draws them (the layout places labels with them)."""
    metrics: dict[tuple[float, bool], QFontMetricsF] = {}

    def width(text: str, size: float, bold: bool = False) -> float:
        key = (size, bold)
        if key not in metrics:
            metrics[key] = QFontMetricsF(_font(size, bold))
        return float(metrics[key].horizontalAdvance(text))

    return width


def paint(
    layout: TimelineLayout,
    scale: float = 1.0,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> QImage:
    """The layout painted into an image (safe off the GUI thread)."""
    image = QImage(
        max(1, round(layout.width * scale)),
        max(1, round(layout.height * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.scale(scale, scale)
    total = max(1, len(layout.shapes))
    try:
        for count, shape in enumerate(layout.shapes):
            if count % SHAPES_BETWEEN_CHECKS == 0:
                if cancelled is not None and cancelled():
                    raise DhrDeskError("Drawing the timeline was stopped.")
                if progress is not None:
                    progress(0.3 + 0.7 * count / total)
            _paint_shape(painter, shape)
    finally:
        painter.end()
    return image


def _paint_shape(painter: QPainter, shape: Any) -> None:
    if isinstance(shape, chronology.Rect):
        painter.fillRect(QRectF(shape.x, shape.y, shape.w, shape.h), _colour(shape.fill))
    elif isinstance(shape, chronology.Line):
        pen = QPen(_colour(shape.colour))
        pen.setWidthF(shape.width)
        if shape.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(shape.x1, shape.y1), QPointF(shape.x2, shape.y2))
    elif isinstance(shape, chronology.Text):
        font = _font(shape.size, shape.bold)
        painter.setFont(font)
        painter.setPen(_colour(shape.colour))
        width = QFontMetricsF(font).horizontalAdvance(shape.text)
        x = shape.x - (
            width / 2 if shape.anchor == "middle" else width if shape.anchor == "end" else 0
        )
        painter.drawText(QPointF(x, shape.y), shape.text)


class TimelineCanvas(QWidget):
    """Shows the painted timeline; names the entry under the pointer."""

    entry_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.setAccessibleName("Timeline of the chronology")
        self.setMouseTracking(True)
        self.image: QImage | None = None
        self.layout_: TimelineLayout | None = None
        self.rows: dict[int, CombinedRow] = {}

    def show_picture(self, layout: TimelineLayout, image: QImage, rows: list[CombinedRow]) -> None:
        self.layout_, self.image = layout, image
        self.rows = {r.id: r for r in rows}
        self.setFixedSize(round(layout.width), round(layout.height))
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        if self.image is None:
            return
        painter = QPainter(self)
        painter.drawImage(QRectF(0, 0, self.width(), self.height()), self.image)
        painter.end()

    def entry_at(self, x: float, y: float) -> CombinedRow | None:
        if self.layout_ is None:
            return None
        found = self.layout_.entry_at(x, y)
        return self.rows.get(found) if found is not None else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        row = self.entry_at(event.position().x(), event.position().y())
        if row is None:
            QToolTip.hideText()
            return
        event_text = " ".join(row.event.split())[:200]
        text = f"{row.date_words} {row.occurred_time} — {row.agency}\n{event_text}"
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        row = self.entry_at(event.position().x(), event.position().y())
        if row is not None:
            self.entry_clicked.emit(row.id)


class TimelineView(QWidget):
    """The timeline of the entries the chronology's filters keep, drawn in the background."""

    entry_clicked = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.rows: list[CombinedRow] = []
        self.filters: Filters | None = None
        self.job: JobThread | None = None
        self._pending = False
        self.canvas = TimelineCanvas()
        self.canvas.entry_clicked.connect(self.entry_clicked)
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(False)
        scroll.setObjectName("timelineScroll")
        self.scroller = scroll
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Drawing the timeline")
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.redraw_button = QPushButton("&Redraw")
        self.redraw_button.clicked.connect(self.redraw)
        self.save_button = QPushButton("Save as &picture…")
        self.save_button.setAccessibleName("Save the timeline as a PNG or SVG picture")
        self.save_button.clicked.connect(self.save_picture)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.redraw_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(250)
        self._resize_timer.timeout.connect(self.redraw)

    def set_rows(self, case_id: int, rows: list[CombinedRow], filters: Filters | None) -> None:
        self.case_id, self.rows, self.filters = case_id, rows, filters
        self.redraw()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.canvas.layout_ is not None and self.isVisible():
            self._resize_timer.start()

    def _width(self) -> float:
        return float(max(700, self.scroller.viewport().width() - 4))

    def redraw(self) -> None:
        """Lay out and paint the timeline off the GUI thread (a redraw asked for meanwhile
        follows when this one ends)."""
        if self.case_id is None:
            return
        if self.job is not None and self.job.isRunning():
            self._pending = True
            return
        db, case_id, rows, filters, width = (
            self.db,
            self.case_id,
            list(self.rows),
            self.filters,
            self._width(),
        )
        measure = qt_measure()

        def job(progress: Any, cancelled: Any) -> tuple[TimelineLayout, QImage, list[CombinedRow]]:
            progress(0.05, "Laying out the timeline")
            layout = chronology.timeline(
                db,
                case_id,
                filters=filters,
                width=width,
                measure=measure,
                rows_=rows,
                cancelled=cancelled,
            )
            progress(0.3, "Drawing the timeline")
            image = paint(layout, 1.0, lambda f: progress(f, "Drawing the timeline"), cancelled)
            shown = [r for r in rows if filters is None or filters.accepts(r)]
            return layout, image, shown

        self.job = detached(job)
        self.job.progressed.connect(lambda p, _m: self.progress.setValue(p))
        self.job.succeeded.connect(self._drawn)
        self.job.failed.connect(self._failed)
        self.job.cancelled_by_user.connect(self._stopped)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.status.setText("Drawing the timeline…")
        self.job.start()

    def _finish(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.job = None
        if self._pending:
            self._pending = False
            self.redraw()

    def _drawn(self, result: tuple[TimelineLayout, QImage, list[CombinedRow]]) -> None:
        layout, image, shown = result
        self.canvas.show_picture(layout, image, shown)
        keys = sum(1 for r in shown if r.key_event)
        self.status.setText(
            f"{len(shown):,} entries from {len([a for a in layout.lanes if a])} agencies; "
            f"{keys} key event(s) in red. Point at a mark to read it; click to open it."
        )
        self._finish()

    def _failed(self, text: str) -> None:
        self.status.setText(text)
        self._finish()

    def _stopped(self) -> None:
        self.status.setText("Drawing was stopped. Press Redraw to draw the timeline.")
        self._pending = False
        self._finish()

    def cancel(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel()

    def save_picture(self) -> None:
        if self.case_id is None:
            return
        path, _kind = QFileDialog.getSaveFileName(
            self,
            "Save the timeline",
            str(Path.home() / "timeline.png"),
            "PNG picture (*.png);;SVG vector picture (*.svg)",
        )
        if not path:
            return
        self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        assert self.case_id is not None
        try:
            chronology.write_timeline(self.db, self.case_id, path, self._width(), self.filters)
        except DhrDeskError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"Saved the timeline to {path}.")
