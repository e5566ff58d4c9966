"""The few questions and messages the app puts to the coordinator, in one place.

Tests replace these functions to answer on the user's behalf (modal boxes block otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtWidgets import QMessageBox, QWidget

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


def error(parent: QWidget | None, text: str, title: str = "DHR Desk") -> None:
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, text: str, title: str = "DHR Desk") -> None:
    QMessageBox.information(parent, title, text)
