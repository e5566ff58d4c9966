"""When someone else saved a record after it was opened here: who and when, both versions field
by field (their saved one and the one typed here), and the choice of which to keep.

Nothing is lost whichever is chosen: keeping one's own saves it over theirs (theirs stays in the
case's history, as every change does); taking theirs shows it in the form with the typed
version under each field that differs; going back to editing keeps what was typed, with theirs
under each field that differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import ChangedMeanwhileError, DhrDeskError
from ui.messages import Notice
from ui.tables import RowsFollowWidth

Choice = Literal["keep", "theirs", "edit"]
KEEP: Choice = "keep"
THEIRS: Choice = "theirs"
EDIT: Choice = "edit"


@dataclass(frozen=True)
class FieldVersions:
    """One field in both versions, with the text it had when the record was opened here."""

    key: str
    label: str
    theirs: str
    yours: str
    opened: str
    they_changed: bool = False  # the case's history says they changed it since

    @property
    def differs(self) -> bool:
        return self.theirs != self.yours

    def changed_by(self, who: str) -> str:
        """Who changed the field since it was opened here, in words ("" if both agree)."""
        if not self.differs:
            return ""
        they = self.theirs != self.opened or self.they_changed
        you = self.yours != self.opened
        if they and you:
            return f"Both: you and {who}"
        if they:
            return who
        return "You" if you else "Differs"


@dataclass(frozen=True)
class Comparison:
    noun: str
    who: str
    when: dt.datetime | None
    fields: list[FieldVersions]

    @property
    def differing(self) -> list[FieldVersions]:
        return [f for f in self.fields if f.differs]


def compare(form: Any, theirs: Any, exc: ChangedMeanwhileError, noun: str) -> Comparison:
    """Both versions of the record in ``form`` (a RecordForm), by the labels the form shows."""
    saved = form.record_texts(theirs)
    typed = form.shown_texts()
    opened = form.opened_texts
    fields = [
        FieldVersions(
            f.key,
            f.label,
            saved[f.key],
            typed[f.key],
            opened.get(f.key, saved[f.key]),
            f.key in exc.changed,
        )
        for f in form.spec
    ]
    when = exc.when if isinstance(exc.when, dt.datetime) else None
    return Comparison(noun, exc.who or "someone else", when, fields)


def comparison_of(
    noun: str,
    exc: ChangedMeanwhileError,
    labels: Sequence[tuple[str, str]],
    yours: Mapping[str, str],
    opened: Mapping[str, str] | None = None,
    theirs: Mapping[str, str] | None = None,
) -> Comparison:
    """Both versions of what a page without a record form saves (a step, a cell of the
    chronology, the threshold decision): ``labels`` names each field (key, label); their
    version is the refusal's (``theirs`` overrides it), ``opened`` what the page showed."""
    saved = {k: as_text(v) for k, v in exc.theirs.items()} | dict(theirs or {})
    shown = dict(opened or {})
    fields = [
        FieldVersions(
            key,
            label,
            saved.get(key, ""),
            yours.get(key, ""),
            shown.get(key, saved.get(key, "")),
            key in exc.changed,
        )
        for key, label in labels
    ]
    when = exc.when if isinstance(exc.when, dt.datetime) else None
    return Comparison(noun, exc.who or "someone else", when, fields)


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


class Versioned(Protocol):
    """A page whose form saves one record from the version it opened (``seen``)."""

    seen: int | None
    noun: str

    @property
    def form(self) -> Any: ...

    @property
    def status(self) -> Notice | QLabel: ...

    def save(self) -> bool: ...

    def take(self, record: Any, version: int) -> None:
        """Show ``record`` (saved at ``version``) in the form, as if just opened."""
        ...


def settle(page: Versioned, exc: ChangedMeanwhileError, reopen: Callable[[], Any]) -> bool:
    """A save refused because someone else saved the record meanwhile: read their version
    afresh (``reopen`` gives the record and its version), show both, and do what the person
    chooses. True only when their version was replaced by a save."""
    from ui import dialogs

    try:
        theirs, version = reopen()
    except DhrDeskError as problem:  # deleted meanwhile
        dialogs.error(page, str(problem))  # type: ignore[arg-type]
        return False
    comparison = compare(page.form, theirs, exc, page.noun)
    choice = dialogs.changed_meanwhile(page, comparison)  # type: ignore[arg-type]
    who, when = comparison.who, when_text(comparison.when)
    differing = comparison.differing
    if choice == KEEP:
        page.seen = version
        return page.save()
    if choice == THEIRS:
        page.take(theirs, version)
        page.form.show_other({f.key: f.yours for f in differing}, "Your version (not saved)")
        _tell(
            page.status,
            f"Showing {who}'s version of this {page.noun}, saved {when}. Yours was not saved: "
            f"it is shown under each field that differs until you leave this {page.noun}.",
        )
        return False
    page.seen = version
    page.form.show_other({f.key: f.theirs for f in differing}, f"{who}'s version (saved)")
    _tell(
        page.status,
        f"Not saved: {who} changed this {page.noun} {when}. Their version is shown under each "
        "field that differs; Save replaces it with yours.",
    )
    return False


def _tell(status: Notice | QLabel, text: str) -> None:
    if isinstance(status, Notice):
        status.warning(text)
    else:
        status.setText(text)


def when_text(at: dt.datetime | None) -> str:
    """``today at 14:03`` or ``on 5 March 2025 at 14:03`` (local time)."""
    if at is None:
        return "recently"
    local = at.astimezone()
    if local.date() == dt.date.today():
        return f"today at {local:%H:%M}"
    return f"on {local.day} {local:%B %Y} at {local:%H:%M}"


class ChangedMeanwhileDialog(QDialog):
    """Both versions of a record, and three ways on: keep mine, take theirs, back to editing."""

    def __init__(
        self, comparison: Comparison, parent: QWidget | None = None, *, editing: bool = True
    ) -> None:
        """``editing`` False: what was typed has no form to go back to (a cell of a table, a
        tick): Back to editing is not offered, and closing the dialog takes theirs."""
        super().__init__(parent)
        self.comparison = comparison
        self.editing = editing
        self.choice: Choice = EDIT if editing else THEIRS
        who, noun = comparison.who, comparison.noun
        count = len(comparison.differing)
        self.setObjectName("changedMeanwhileDialog")
        self.setWindowTitle(f"Someone else changed this {noun}")
        self.intro = QLabel(
            f"{who} changed this {noun} {when_text(comparison.when)}, after you opened it. "
            "Nothing of yours is saved yet. "
            + (
                f"{count} {'field differs' if count == 1 else 'fields differ'}: "
                "each is marked with who changed it."
                if count
                else "Your version and theirs are the same."
            )
        )
        self.intro.setObjectName("changedMeanwhileIntro")
        self.intro.setWordWrap(True)
        self.setAccessibleDescription(self.intro.text())

        self.table = QTableWidget(len(comparison.fields), 4)
        self.table.setObjectName("bothVersions")
        self.table.setAccessibleName("Both versions, field by field")
        self.table.setAccessibleDescription(
            "One row per field: its name, their saved version, your version, and who changed it"
        )
        self.table.setHorizontalHeaderLabels(
            ["Field", f"{who}'s version (saved)", "Your version (not saved)", "Changed by"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.rows_fitter = RowsFollowWidth(self.table)
        for row, field in enumerate(comparison.fields):
            changed_by = field.changed_by(who)
            cells = (
                ("✱ " if field.differs else "") + field.label,
                field.theirs or "(empty)",
                field.yours or "(empty)",
                changed_by,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if field.differs:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)

        self.only_differing = QCheckBox("Show &only the fields that differ (marked ✱)")
        self.only_differing.setAccessibleName("Show only the fields that differ")
        self.only_differing.toggled.connect(self._filter)
        self.only_differing.setChecked(bool(count))

        self.keep_button = QPushButton("&Keep mine")
        self.keep_button.setAccessibleName("Keep mine: save my version over theirs")
        self.keep_button.setToolTip(
            "Save your version over theirs. Theirs stays in the case's history."
        )
        self.theirs_button = QPushButton(f"&Take {who}'s")
        self.theirs_button.setAccessibleName(f"Take {who}'s version")
        self.theirs_button.setToolTip(
            f"Show {who}'s version in the form. Yours stays shown under each field that "
            "differs until you leave the record."
        )
        self.edit_button = QPushButton("&Back to editing")
        self.edit_button.setAccessibleName("Back to editing my version")
        self.edit_button.setToolTip(
            f"Go on editing your version, with {who}'s shown under each field that differs. "
            "Saving then replaces theirs."
        )
        self.buttons = QHBoxLayout()  # (a button box would make Keep mine the default)
        self.buttons.addStretch(1)
        for button in (self.keep_button, self.theirs_button, self.edit_button):
            self.buttons.addWidget(button)
        self.keep_button.clicked.connect(lambda: self._choose(KEEP))
        self.theirs_button.clicked.connect(lambda: self._choose(THEIRS))
        self.edit_button.clicked.connect(lambda: self._choose(EDIT))
        safe = self.edit_button if editing else self.theirs_button
        safe.setDefault(True)  # Enter and Escape both leave nothing changed
        safe.setAutoDefault(True)
        self.edit_button.setVisible(editing)

        explain = QLabel(
            "Keep mine saves your version over theirs (theirs stays in the case's history). "
            + (
                f"Take {who}'s shows theirs in the form, with yours under each field that "
                f"differs. Back to editing keeps what you typed, with {who}'s under each field "
                "that differs."
                if editing
                else f"Take {who}'s shows theirs and saves nothing of yours."
            )
        )
        explain.setObjectName("hint")
        explain.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.only_differing)
        layout.addWidget(self.table, 1)
        layout.addWidget(explain)
        layout.addLayout(self.buttons)
        self.resize(860, 460)
        self.table.setFocus()

    def _filter(self, only: bool) -> None:
        for row, field in enumerate(self.comparison.fields):
            self.table.setRowHidden(row, only and not field.differs)
        self.rows_fitter.refit()

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Accepted if choice == KEEP else QDialog.DialogCode.Rejected)

    def reject(self) -> None:  # the window's close button and Escape: back to editing
        self.choice = EDIT if self.editing else THEIRS
        super().reject()

    def cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def row_of(self, label: str) -> int:
        for row, field in enumerate(self.comparison.fields):
            if field.label == label:
                return row
        raise KeyError(label)
