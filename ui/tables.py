"""Tables whose long texts wrap instead of being cut short."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView


class RowsFollowWidth(QObject):
    """Keeps a word-wrapping table's rows as tall as their text needs at the width its columns
    finally get: worked out again, once the layout has settled, whenever the table or a column
    changes width."""

    def __init__(self, view: QTableView, arrange: Callable[[], None] | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.arrange = arrange  # sets the column widths first, if given
        self._pending = False
        self._widths: list[int] = []
        self._model: object = None
        view.installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self.later)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.view and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.later()
        return False

    def later(self, *_args: object) -> None:
        if self.view.wordWrap() and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # dropped if the table goes first

    def fit(self) -> None:
        self._pending = False
        if self.arrange is not None:
            self.arrange()
        header = self.view.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(header.count())]
        if widths != self._widths or self.view.model() is not self._model:
            self._widths, self._model = widths, self.view.model()
            self.view.resizeRowsToContents()  # only when a column changed width

    def refit(self) -> None:
        """The rows' heights worked out again now (the texts changed)."""
        self._widths = []
        self.later()
