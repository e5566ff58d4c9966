"""How the app tells the coordinator what happened: a notice line with its own look for each
kind of message (an error, a warning, something done, a plain note) — colour, an icon and the
words together, never colour alone — and the sentences that name each field as its screen does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from dhr_desk.errors import DhrDeskError, ValidationError

ERROR, WARNING, DONE, INFO = "error", "warning", "done", "info"
KINDS = (ERROR, WARNING, DONE, INFO)
COLOURS = {ERROR: "#b3261e", WARNING: "#8a5300", DONE: "#1a7f37", INFO: "#0b5cad"}
# Said to screen readers before the message, so the kind never rests on colour or shape alone.
SPOKEN = {ERROR: "Problem", WARNING: "Please check", DONE: "Done", INFO: "Note"}


def notice_icon(kind: str, size: int, ratio: float = 1.0) -> QPixmap:
    """A round badge drawn for the kind: a cross (error), an exclamation mark (warning), a tick
    (done) or an i (note). Drawn, not taken from a font, so it looks the same everywhere."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(COLOURS.get(kind, COLOURS[INFO])))
    s = float(size)
    if kind == WARNING:
        triangle = QPainterPath()
        triangle.moveTo(s / 2, s * 0.04)
        triangle.lineTo(s * 0.98, s * 0.94)
        triangle.lineTo(s * 0.02, s * 0.94)
        triangle.closeSubpath()
        painter.drawPath(triangle)
    else:
        painter.drawEllipse(QRectF(0, 0, s, s))
    pen = QPen(QColor("white"), max(1.5, s / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    if kind == ERROR:
        painter.drawLine(QPointF(s * 0.32, s * 0.32), QPointF(s * 0.68, s * 0.68))
        painter.drawLine(QPointF(s * 0.68, s * 0.32), QPointF(s * 0.32, s * 0.68))
    elif kind == DONE:
        painter.drawPolyline([QPointF(s * 0.27, s * 0.52), QPointF(s * 0.44, s * 0.69),
                              QPointF(s * 0.74, s * 0.33)])  # fmt: skip
    elif kind == WARNING:
        painter.drawLine(QPointF(s / 2, s * 0.36), QPointF(s / 2, s * 0.62))
        painter.drawPoint(QPointF(s / 2, s * 0.79))
    else:
        painter.drawPoint(QPointF(s / 2, s * 0.3))
        painter.drawLine(QPointF(s / 2, s * 0.47), QPointF(s / 2, s * 0.74))
    painter.end()
    return pixmap


class Notice(QFrame):
    """One message line: hidden when there is nothing to say.

    ``kind`` (error, warning, done, info) chooses the colours in style.qss, the icon and what
    screen readers hear first.
    """

    def __init__(self, parent: QWidget | None = None, name: str = "notice") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("notice", True)
        self.kind = ""
        self.icon = QLabel()
        self.icon.setObjectName("noticeIcon")
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.label = QLabel()
        self.label.setObjectName("noticeText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(8)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, kind: str, text: str) -> None:
        if not text:
            self.clear()
            return
        self.kind = kind
        self.setProperty("kind", kind)
        size = self.label.fontMetrics().height()
        self.icon.setPixmap(notice_icon(kind, size, self.devicePixelRatioF()))
        self.icon.setFixedSize(size, size + 2)
        self.label.setText(text)
        self.setAccessibleName(f"{SPOKEN.get(kind, '')}: {text}")
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def error(self, text: str) -> None:
        self.show_message(ERROR, text)

    def warning(self, text: str) -> None:
        self.show_message(WARNING, text)

    def done(self, text: str) -> None:
        self.show_message(DONE, text)

    def info(self, text: str) -> None:
        self.show_message(INFO, text)

    def setText(self, text: str) -> None:  # noqa: N802 - reads like the QLabel it replaced
        self.info(text)

    def text(self) -> str:
        return self.label.text() if self.kind else ""

    def clear(self) -> None:
        self.kind = ""
        self.setProperty("kind", "")
        self.label.clear()
        self.hide()


# --------------------------------------------------------------------------- sentences
def humanise(key: str) -> str:
    """A field's internal name as words, for a field no screen labels ("decided_by" → "Decided
    by"); a place in a file ("people[2].date_of_birth") keeps only the field."""
    base = key.split(".")[-1].split("[")[0]
    if base.endswith("_id"):
        base = base[:-3]
    words = base.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def label_of(key: str, labels: Mapping[str, str]) -> str:
    """The screen's label for a field the services named by its key."""
    base = key.split(".")[-1]
    for candidate in (key, base, base.removesuffix("_id")):
        if candidate in labels:
            return labels[candidate]
    return humanise(key)


def sentence(label: str, reason: str) -> str:
    """One problem as a sentence that names the field once: "Decided by is required"."""
    reason = reason.strip().rstrip(".")
    if not reason:
        return label
    if reason.lower().startswith(label.lower() + " ") or not reason[:1].islower():
        text = reason
    else:
        text = f"{label} {reason}"
    return text[:1].upper() + text[1:]


def problem_sentences(problems: Iterable[tuple[str, str]], labels: Mapping[str, str]) -> list[str]:
    return [sentence(label_of(key, labels), reason) for key, reason in problems]


def describe(exc: DhrDeskError, labels: Mapping[str, str] | None = None) -> str:
    """An error from the services as the coordinator reads it, each field named as on screen:
    "Nothing was saved: Decided by is required." """
    if not isinstance(exc, ValidationError) or not exc.problems:
        return str(exc)
    head = str(exc.args[0] if exc.args else "").strip()
    points = problem_sentences(exc.problems, labels or {})
    body = "; ".join(points) + "."
    if not head:
        return body
    return f"{head.rstrip(':')}: {body}" if head.endswith(":") else f"{head} {body}"


NOT_SAVED = "Not saved: put right the fields marked in red, then save again."


def not_saved(exc: DhrDeskError, general: list[str]) -> str:
    """The line above a form when a save was refused: the fields marked in red, and the
    problems no field shows (``general``, already sentences)."""
    if not isinstance(exc, ValidationError) or not exc.problems:
        return str(exc)
    if not general:
        return NOT_SAVED
    text = "Not saved: " + " ".join(general)
    if len(general) < len(exc.problems):
        text += " Put right the fields marked in red too."
    return text


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def due_text(due_on: dt.date | None, state: str, days_left: int | None) -> str:
    """When something is due, in words that do not rest on colour: "2026-03-24 (3 days late)",
    "clock paused", "today"."""
    if state == "paused":
        return "clock paused"
    if due_on is None:
        return ""
    if days_left is None:
        return due_on.isoformat()
    if days_left < 0:
        return f"{due_on.isoformat()} ({days(-days_left)} late)"
    if days_left == 0:
        return f"{due_on.isoformat()} (today)"
    return f"{due_on.isoformat()} (in {days(days_left)})"
