"""The form of one chronology entry: its date typed the UK way (a month, season or year alone
stays partial), time, agency, the person it is about, source, event, action, comment and whether
it is a key event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from dhr_desk.services import chronology, workspace
from dhr_desk.services.access import Database
from dhr_desk.services.chronology import CombinedRow
from ui.forms import RecordForm
from ui.specs import CHRONOLOGY

ENTRY = workspace.kind("chronology_entry").model


class EntryForm(RecordForm):
    """A chronology entry's form; ``entry_values()`` gives what :func:`chronology.save_entry`
    takes."""

    def __init__(
        self,
        db: Database,
        choices: Callable[[str], list[tuple[int, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ENTRY, CHRONOLOGY, choices, lambda: workspace.agency_names(db), parent)
        date = self.widgets["occurred_on"]
        assert isinstance(date, QLineEdit)
        date.setPlaceholderText("03/04/2019, April 2019, Spring 2019 or 2019")

    def field_problem(self, key: str) -> str | None:
        if key == "occurred_on":
            return chronology.date_problem(str(self.raw(key)))
        return super().field_problem(key)

    def entry_values(self) -> dict[str, Any]:
        """The form's values as :func:`chronology.save_entry` takes them (``values()`` keeps
        the form's own field names, as a draft of the form does)."""
        values = self.values()
        values["date"] = values.pop("occurred_on")
        return values

    def load_row(self, row: CombinedRow | None) -> None:
        """Show an entry of the combined chronology (or an empty form for a new one)."""
        self.load(None)
        if row is None:
            return
        self._loading = True
        try:
            self.set_value("occurred_on", row.date_text)
            self.set_value("occurred_time", row.occurred_time)
            self.set_value("agency", row.agency)
            self.set_value("person_id", row.person_id)
            self.set_value("source", row.source)
            self.set_value("event", row.event)
            self.set_value("action_decision", row.action_decision)
            self.set_value("comment", row.comment)
            self.set_value("key_event", row.key_event)
        finally:
            self._loading = False
        self.clear_problems()
        self.dirty = False
