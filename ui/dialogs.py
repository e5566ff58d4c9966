"""The few questions and messages the app puts to the coordinator, in one place.

Tests replace these functions to answer on the user's behalf (modal boxes block otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from dhr_desk.errors import NeedsConfirmation

T = TypeVar("T")

Answer = Literal["save", "discard", "cancel"]


def ask_unsaved(parent: QWidget | None, what: str) -> Answer:
    """Unsaved edits: save them, discard them, or stay."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"You have changed {what} without saving.")
    box.setInformativeText("Save the changes before leaving?")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    result = box.exec()
    if result == QMessageBox.StandardButton.Save:
        return "save"
    if result == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def settle_unsaved(parent: QWidget, form: Any, what: str, save: Callable[[], bool]) -> bool:
    """Before leaving a form with unsaved edits: save, discard or stay (False = stay put)."""
    if not form.dirty:
        return True
    answer = ask_unsaved(parent, what)
    if answer == "save":
        return save()
    if answer == "discard":
        form.dirty = False
        return True
    return False


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def confirmed(parent: QWidget | None, attempt: Callable[[bool], T]) -> T | None:
    """Save with ``attempt(False)``; when the core finds something unusual (an entry after the
    date of death), show what and save again confirmed if the coordinator says so. None when
    they would rather not: nothing was saved."""
    try:
        return attempt(False)
    except NeedsConfirmation as exc:
        points = "\n".join(f"• {reason[:1].upper()}{reason[1:]}." for _w, reason in exc.problems)
        if not confirm(parent, "Please check before saving", f"{points}\n\nSave it as it is?"):
            return None
        return attempt(True)


def error(parent: QWidget | None, text: str, title: str = "DHR Desk") -> None:
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, text: str, title: str = "DHR Desk") -> None:
    QMessageBox.information(parent, title, text)
