"""The few questions and messages the app puts to the coordinator, in one place.

Tests replace these functions to answer on the user's behalf (modal boxes block otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dhr_desk.errors import NeedsConfirmation

if TYPE_CHECKING:
    from ui.changed_meanwhile import Choice, Comparison

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
    """A question with Yes and No (No is the default): the warning sign, as it asks to check."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


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


def changed_meanwhile(
    parent: QWidget | None, comparison: Comparison, *, editing: bool = True
) -> Choice:
    """Someone else saved the record after it was opened here: both versions side by side;
    keep mine (save over theirs), take theirs, or go back to editing (Escape; without
    ``editing``, Escape takes theirs)."""
    from ui.changed_meanwhile import ChangedMeanwhileDialog

    dialog = ChangedMeanwhileDialog(comparison, parent, editing=editing)
    dialog.exec()
    return dialog.choice


def error(parent: QWidget | None, text: str, title: str = "DHR Desk: not done") -> None:
    """Something could not be done: the red stop sign and the reason."""
    QMessageBox.critical(parent, title, text)


def warn(parent: QWidget | None, text: str, title: str = "DHR Desk: please check") -> None:
    QMessageBox.warning(parent, title, text)


def inform(parent: QWidget | None, text: str, title: str = "DHR Desk") -> None:
    QMessageBox.information(parent, title, text)


def choose_files(parent: QWidget | None, title: str, kinds: str) -> list[Path]:
    """Files to open, chosen in the system's file dialog (none when cancelled)."""
    names, _chosen = QFileDialog.getOpenFileNames(parent, title, "", kinds)
    return [Path(name) for name in names]
