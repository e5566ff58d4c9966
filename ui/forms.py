"""A record form built from field descriptions: it validates each field as the coordinator types
(with the same parser the services use) and shows every problem next to its field.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import workspace
from ui.messages import Notice, label_of, sentence

FORM_MAX_WIDTH = 980


class FieldKind(enum.Enum):
    """How a field is edited."""

    TEXT = "text"
    MULTILINE = "multiline"
    DATE = "date"
    TIME = "time"
    INT = "int"
    BOOL = "bool"
    TRISTATE = "tristate"  # yes / no / not known
    ENUM = "enum"  # one of the values the record's column allows
    AGENCY = "agency"  # an agency named in words, found or created on save
    CHOICE = "choice"  # another record of the case (a person, a panel member…)


TEXT, MULTILINE, DATE, TIME, INT = (
    FieldKind.TEXT,
    FieldKind.MULTILINE,
    FieldKind.DATE,
    FieldKind.TIME,
    FieldKind.INT,
)
BOOL, TRISTATE, ENUM, AGENCY, CHOICE = (
    FieldKind.BOOL,
    FieldKind.TRISTATE,
    FieldKind.ENUM,
    FieldKind.AGENCY,
    FieldKind.CHOICE,
)


@dataclass(frozen=True)
class Field:
    """One field of a form: the record attribute, its label and how it is edited.

    ``choices`` names a list the workspace supplies (``people``, ``panel``) for CHOICE fields;
    an ENUM field offers the values its record's column allows.
    """

    key: str
    label: str
    kind: FieldKind = TEXT
    required: bool = False
    choices: str = ""
    hint: str = ""
    read_only: bool = False  # shown, never sent back (e.g. a saved case's reference)


def display(value: Any) -> str:
    """A stored value as the coordinator reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class RecordForm(QWidget):
    """Edits one record. ``values()`` gives what the services accept; ``dirty`` tracks edits.

    ``draft_owner`` is the page that knows which record the form holds; its edits are then
    kept as a draft while unsaved (see ``ui/drafts.py``). ``dirty_changed`` tells when edits
    begin, and when they end (saved, discarded, or the form loaded afresh).
    """

    changed = Signal()
    dirty_changed = Signal(bool)
    problems_changed = Signal()

    def __init__(
        self,
        model: type[Any],
        spec: Sequence[Field],
        choices: Callable[[str], list[tuple[int, str]]] | None = None,
        agencies: Callable[[], list[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.spec = list(spec)
        self._choices = choices or (lambda _name: [])
        self._agencies = agencies or (lambda: [])
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self._dirty = False
        self._loading = False
        self._baseline: dict[str, Any] = {}
        self.draft_owner: Any = None

        self.setMaximumWidth(FORM_MAX_WIDTH)  # lines a person can read on a wide screen
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.general_error = Notice(name="formError")
        outer.addWidget(self.general_error)
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.layout_of_fields = layout
        outer.addLayout(layout)
        for f in self.spec:
            widget = self._make(f)
            widget.setObjectName(f"field_{f.key}")
            widget.setAccessibleName(f.label)
            if f.hint:
                widget.setToolTip(f.hint)
                widget.setAccessibleDescription(f.hint)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            label = QLabel(f.label + (" *" if f.required else ""))
            label.setObjectName("fieldLabel")
            label.setBuddy(widget)
            layout.addRow(label, cell)
            self.widgets[f.key] = widget
            self.errors[f.key] = error
            self.labels[f.key] = label
            if f.read_only:
                self._make_read_only(widget)
        outer.addStretch(1)
        self.refresh_choices()

    @property
    def field_labels(self) -> dict[str, str]:
        """Each field's key with its label as the screen shows it."""
        return {f.key: f.label for f in self.spec}

    def align_labels(self, width: int) -> None:
        """Give the label column a fixed width (forms shown one above another then line up)."""
        for label in self.labels.values():
            label.setWordWrap(True)  # a label longer than the column goes onto two lines
            label.setFixedWidth(width)

    def label_width(self) -> int:
        """The width the longest label needs on one line."""
        return max(
            (
                label.fontMetrics().horizontalAdvance(label.text()) + 2 * label.margin() + 4
                for label in self.labels.values()
            ),
            default=0,
        )

    @staticmethod
    def _make_read_only(widget: QWidget) -> None:
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setReadOnly(True)
        else:
            widget.setEnabled(False)
        widget.setProperty("readOnly", True)

    # ------------------------------------------------------------------ building
    def _make(self, f: Field) -> QWidget:
        if f.kind == MULTILINE:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            edit.setMaximumHeight(140)
            edit.textChanged.connect(lambda key=f.key: self._edited(key))
            return edit
        if f.kind == BOOL:
            box = QCheckBox()
            box.toggled.connect(lambda _v, key=f.key: self._edited(key))
            return box
        if f.kind in (TRISTATE, ENUM, CHOICE, AGENCY):
            return self._combo(f)
        line_edit = QLineEdit()
        if f.kind == DATE:
            line_edit.setPlaceholderText("YYYY-MM-DD")
        elif f.kind == TIME:
            line_edit.setPlaceholderText("HH:MM")
        line_edit.textChanged.connect(lambda _t, key=f.key: self._edited(key))
        return line_edit

    def _combo(self, f: Field) -> QComboBox:
        """A list to pick from: yes/no/not known, the values a column allows, another record
        of the case (filled by :meth:`refresh_choices`), or an agency typed or picked."""
        combo = QComboBox()
        if f.kind == TRISTATE:
            for text, answer in (("Not known", None), ("Yes", True), ("No", False)):
                combo.addItem(text, answer)
        elif f.kind == ENUM:
            if not f.required:
                combo.addItem("", None)
            for value, label in workspace.options(self.model, f.key):
                combo.addItem(label, value)
        elif f.kind == AGENCY:
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = combo.lineEdit()
            if line is not None:
                line.setPlaceholderText("Type an agency's name or pick one")
            combo.editTextChanged.connect(lambda _t, key=f.key: self._edited(key))
        combo.currentIndexChanged.connect(lambda _i, key=f.key: self._edited(key))
        return combo

    def refresh_choices(self) -> None:
        """Reload the lists behind agency and person/panel fields (keeping the selections)."""
        self._loading = True
        try:
            for f in self.spec:
                combo = self.widgets[f.key]
                if f.kind == AGENCY and isinstance(combo, QComboBox):
                    text = combo.currentText()
                    names = self._agencies()
                    combo.clear()
                    combo.addItem("")
                    combo.addItems(names)
                    combo.setCompleter(QCompleter(names, combo))
                    combo.setEditText(text)
                elif f.kind == CHOICE and isinstance(combo, QComboBox):
                    current = combo.currentData()
                    combo.clear()
                    combo.addItem("", None)
                    for record_id, text in self._choices(f.choices):
                        combo.addItem(text, record_id)
                    index = combo.findData(current)
                    combo.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    # ------------------------------------------------------------------ values
    def raw(self, key: str) -> Any:
        widget = self.widgets[key]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            if widget.isEditable():
                return widget.currentText().strip()
            return widget.currentData()
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def values(self) -> dict[str, Any]:
        """What the services are given: every field but those shown read-only."""
        return {f.key: self.raw(f.key) for f in self.spec if not f.read_only}

    def set_value(self, key: str, value: Any) -> None:
        widget = self.widgets[key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            if widget.isEditable():
                widget.setEditText(value or "")
            else:
                data = value.value if isinstance(value, enum.Enum) else value
                index = widget.findData(data)
                widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QLineEdit):
            widget.setText(display(value))

    def load(self, obj: Any | None, defaults: dict[str, Any] | None = None) -> None:
        """Show a record (or an empty form for a new one) and forget earlier edits."""
        self._loading = True
        try:
            self.refresh_choices()
            self._loading = True
            for f in self.spec:
                if obj is None:
                    value = (defaults or {}).get(f.key)
                elif f.kind == AGENCY:
                    agency = getattr(obj, "lead_agency", None) or getattr(obj, "agency", None)
                    value = agency.name if agency is not None else ""
                else:
                    value = getattr(obj, f.key)
                self.set_value(f.key, value)
        finally:
            self._loading = False
        self.clear_problems()
        self.dirty = False

    @property
    def dirty(self) -> bool:
        return self._dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        """True: edits not saved. False: what the form shows now is what is saved (or the
        edits were given up), so only a later change makes it dirty again."""
        if not value:
            self._baseline = self.values()
        if value != self._dirty:
            self._dirty = value
            self.dirty_changed.emit(value)

    # ------------------------------------------------------------------ validation
    def _edited(self, key: str) -> None:
        if self._loading:
            return
        # A widget can say it changed when it did not (an editable list re-selecting its own
        # text as it loses focus): the form is dirty only when a value differs from the saved.
        self.dirty = self.values() != self._baseline
        self.check_field(key)
        if self.general_error.isVisible():
            self.general_error.clear()  # it spoke of the values before this edit
            self.problems_changed.emit()
        self.changed.emit()

    def field_problem(self, key: str) -> str | None:
        f = next(x for x in self.spec if x.key == key)
        value = self.raw(key)
        if f.required and value in (None, ""):
            return "is required"
        if f.kind in (AGENCY, CHOICE):
            return None
        return workspace.field_problem(self.model, key, value)

    def check_field(self, key: str) -> bool:
        problem = self.field_problem(key)
        self._show(key, problem)
        return problem is None

    def check_all(self) -> bool:
        return all([self.check_field(f.key) for f in self.spec])

    def _show(self, key: str, problem: str | None) -> None:
        label = self.errors[key]
        was_shown = not label.isHidden()
        if problem:
            name = next(f.label for f in self.spec if f.key == key)
            label.setText(sentence(name, problem) + ".")
            label.show()
            self.widgets[key].setProperty("invalid", True)
        else:
            label.clear()
            label.hide()
            self.widgets[key].setProperty("invalid", False)
        widget = self.widgets[key]
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        if was_shown != bool(problem):
            self.problems_changed.emit()

    def show_problems(
        self, problems: list[tuple[str, str]], message: str = "", *, banner: bool = True
    ) -> list[str]:
        """Put each (field, reason) from the services next to its field. The problems no field
        holds are returned as sentences naming the field as a person would, and shown in the
        line above the form unless ``banner`` is False (the caller shows them)."""
        general = []
        first: str | None = None
        for key, reason in problems:
            base = key.split(".")[-1]
            if base not in self.errors and base.endswith("_id"):
                base = base[:-3]
            if base in self.errors:
                self._show(base, reason)
                first = first or base
            else:
                general.append(sentence(label_of(key, self.field_labels), reason) + ".")
        head = message.strip().rstrip(":") if message and general else ""
        if general and banner:
            self.general_error.error(" ".join(([head + ":"] if head else []) + general))
        else:
            self.general_error.clear()
        self.problems_changed.emit()
        if first is not None:
            self.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)
        return general

    def clear_problems(self) -> None:
        for key in self.errors:
            self._show(key, None)
        self.general_error.clear()
        self.problems_changed.emit()

    def has_problems(self) -> bool:
        """Whether a field (or the line above the form) still shows a problem."""
        return self.general_error.isVisibleTo(self) or any(
            not label.isHidden() for label in self.errors.values()
        )

    def problem_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""
