"""What a case's workspace asks of each of its pages (summary, lists, clocks, documents…)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QTableView, QTableWidget


class CasePage(Protocol):
    """A page of a case: shown for a case (or a parent record), able to say whether it holds
    unsaved edits and to settle them before it is left."""

    @property
    def saved(self) -> SignalInstance:
        """Emitted after the page wrote something."""
        ...

    def set_parent(self, parent_id: int | None) -> None:
        """Show the records under this case (or record); None shows nothing."""
        ...

    def has_unsaved(self) -> bool: ...

    def resolve_unsaved(self) -> bool:
        """Ask about unsaved edits (save, discard or stay); False means stay on the page."""
        ...

    def new_record(self) -> None:
        """Start a new record, or put the cursor where the page's work begins."""
        ...


@runtime_checkable
class SavingPage(Protocol):
    """A page whose edits Ctrl+S saves."""

    def save(self) -> bool: ...


@runtime_checkable
class ListingPage(Protocol):
    """A page with a list that Ctrl+F takes the cursor to."""

    table: QTableView | QTableWidget
