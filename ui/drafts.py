"""No keystroke lost: unsaved edits of open forms are kept as drafts in the encrypted database
every few seconds, and offered back, record by record, when DHR Desk starts after a crash or a
power cut.

The keeper looks at every open case's forms on a timer (on the GUI thread: a draft is one small
row, written in a few milliseconds — ``bench/bench_drafts.py``), writes those whose values
changed since last time, and drops a form's draft the moment its edits end: saved, discarded,
or the form loaded afresh. A form takes part when its page names where its edits belong
(``draft_place()``: the record's parent, the record — none if new — and its noun).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import drafts, workspace
from dhr_desk.services.drafts import DraftPlace, KeptDraft
from ui import dialogs, errors
from ui.forms import RecordForm
from ui.jobs import JobThread
from ui.messages import Notice
from ui.record_page import RecordPage, show_record

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.workspace import CaseWorkspace

INTERVAL_MS = 3000  # how often unsaved edits are kept


@dataclass
class _Kept:
    form: RecordForm
    draft_id: int
    place: DraftPlace | None  # as last written; None: write at the next look
    content: dict[str, Any] | None
    version: int | None = None  # of the record the edits were typed against


class DraftKeeper(QObject):
    """Keeps the unsaved edits of one main window's forms, and restores them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.db = window.db
        self._kept: dict[int, _Kept] = {}  # by id() of the form
        self._forms: dict[int, tuple[object, list[RecordForm]]] = {}  # by id() of the page
        self.problem = ""
        self.dialog: RestoreDraftsDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.keep_now)
        self.timer.start()

    # ------------------------------------------------------------------ keeping
    def open_forms(self) -> Iterator[tuple[CaseWorkspace, str, RecordForm]]:
        """Every form of every open case, with its case and page. A page's forms are made
        with the page, so they are looked up once per page."""
        seen: dict[int, tuple[object, list[RecordForm]]] = {}
        for ws in list(self.window.workspaces.values()):
            for area, page in list(ws.pages.items()):
                known = self._forms.get(id(page))
                if known is None or known[0] is not page:
                    known = (page, _forms_of(page))
                seen[id(page)] = known
                for form in known[1]:
                    yield ws, area, form
        self._forms = seen

    def busy_in_background(self) -> bool:
        """A document or backup is being made: its transaction reads for seconds before it
        writes, and a draft written meanwhile would make it fail (or, once it holds the write
        lock, keep the GUI waiting). Drafts wait for it to finish."""
        return any(job.isRunning() for job in self.window.findChildren(JobThread))

    def keep_now(self) -> int:
        """Write the draft of every form whose unsaved values changed; returns how many."""
        self._forget_closed()
        changed: list[tuple[RecordForm, DraftPlace, dict[str, Any], _Kept | None, int | None]] = []
        for ws, area, form in list(self.open_forms()):
            if not form.dirty or form.draft_owner is None:
                continue
            where = form.draft_owner.draft_place()
            if where is None:
                continue
            parent_id, record_id, title = where
            place = DraftPlace(
                ws.case_id, area, form.model.__tablename__, parent_id, record_id, title
            )
            content = form.values()
            version = getattr(form.draft_owner, "seen", None)  # the version the form opened
            kept = self._kept.get(id(form))
            if kept is None or (kept.place, kept.content, kept.version) != (
                place,
                content,
                version,
            ):
                changed.append((form, place, content, kept, version))
        if not changed or self.busy_in_background():
            return 0
        written = 0
        for form, place, content, kept, version in changed:
            try:
                draft_id = drafts.keep(
                    self.db,
                    place,
                    content,
                    kept.draft_id if kept is not None else None,
                    version=version,
                )
            except DhrDeskError as exc:
                self._tell(f"Unsaved edits could not be kept as a draft: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - a timer must not raise every few seconds
                errors.log_exception(type(exc), exc, exc.__traceback__)
                self._tell("Unsaved edits could not be kept as a draft (see the error log).")
                continue
            self._track(form, draft_id, place, content, version)
            written += 1
        if written and self.problem:
            self._tell("")
        return written

    def _track(
        self,
        form: RecordForm,
        draft_id: int,
        place: DraftPlace | None,
        content: dict[str, Any] | None,
        version: int | None = None,
    ) -> None:
        if id(form) not in self._kept:
            form.dirty_changed.connect(lambda dirty, key=id(form): self._edits_ended(key, dirty))
        self._kept[id(form)] = _Kept(form, draft_id, place, content, version)

    def _edits_ended(self, key: int, dirty: bool) -> None:
        """The form's edits were saved or discarded (or it was loaded afresh): drop its draft."""
        kept = self._kept.get(key)
        if dirty or kept is None:
            return
        try:
            drafts.discard(self.db, kept.draft_id)
        except Exception:  # noqa: BLE001 - tried again at the next look
            return
        self._kept.pop(key, None)

    def _forget_closed(self) -> None:
        """Forms gone without their edits ending (never in normal use): their drafts stay."""
        for key, kept in list(self._kept.items()):
            if not shiboken6.isValid(kept.form):
                del self._kept[key]
            elif not kept.form.dirty:  # ended while the database could not be written
                self._edits_ended(key, False)

    def _tell(self, text: str) -> None:
        self.problem = text
        bar = self.window.statusBar()
        if text:
            bar.showMessage(text)
        else:
            bar.clearMessage()

    def stop(self) -> None:
        self.timer.stop()

    # ------------------------------------------------------------------ restoring
    def offer_restore(self) -> RestoreDraftsDialog | None:
        """After a run that did not end cleanly: the drafts it kept, to restore or discard."""
        try:
            if drafts.count(self.db) == 0:
                return None
        except Exception:  # noqa: BLE001 - no list then; the drafts stay for next time
            return None
        dialog = RestoreDraftsDialog(self)
        dialog.show()
        dialog.raise_()
        self.dialog = dialog
        return dialog

    def restore(self, kept: KeptDraft) -> str:
        """Open the case at the draft's record with its values in the form, unsaved, for the
        coordinator to check and save. Returns what went wrong ("" if it is in place)."""
        found = self._open_form(kept)
        if isinstance(found, str):
            return found
        page, form = found
        problem, note = self._make_room(page, form, kept)
        if problem:
            return problem
        owner = form.draft_owner
        _reveal(form)
        for key, value in kept.content.items():
            if key in form.widgets:
                form.set_value(key, value)
        form.dirty = True
        if kept.version is not None and hasattr(owner, "seen"):
            # saved against the version the edits were typed on: a change made since is
            # shown beside them, never overwritten unseen
            owner.seen = kept.version
        status = getattr(owner, "status", None)
        text = f"Restored edits kept {_when(kept.saved_at)}{note}: check them and save."
        if isinstance(status, Notice):
            status.warning(text)
        elif isinstance(status, QLabel):
            status.setText(text)
        self._track(form, kept.id, None, None)  # written again at the next look
        return ""

    def _open_form(self, kept: KeptDraft) -> tuple[Any, RecordForm] | str:
        """The page of the draft's case and the form its edits go in (or what went wrong)."""
        place = kept.place
        ws = self.window.open_case(kept.case_id)
        if ws is None:
            return "The case of this draft could not be opened."
        if place.area not in ws.areas:
            return "This draft belongs to a page this case does not have."
        if not ws.show_area(place.area):
            return "Deal with the unsaved edits on the page open now first."
        page = ws.pages[place.area]
        form = next(
            (
                f
                for f in _forms_of(page)
                if f.model.__tablename__ == place.record_kind and f.draft_owner is not None
            ),
            None,
        )
        if form is None:
            return "This draft belongs to a form DHR Desk no longer has."
        return page, form

    def _make_room(self, page: Any, form: RecordForm, kept: KeptDraft) -> tuple[str, str]:
        """Make the form show the draft's record (or a new one under its parent), asking
        first about edits that would be replaced. Returns (what went wrong, a note)."""
        owner = form.draft_owner
        place = kept.place
        unsettled = "Deal with the unsaved edits in that form first."
        if isinstance(owner, RecordPage) and not _shows(owner, place):
            asked = _outermost_record_page(owner) or owner  # its selection changes below
            if asked.has_unsaved() and not asked.resolve_unsaved():
                return unsettled, ""
            note = self._place_record(page, owner, kept)
            if note is None:
                return (
                    f"The record this {place.title} belonged to no longer exists, so its "
                    "draft cannot be placed.",
                    "",
                )
            return "", note
        if form.dirty and not owner.resolve_unsaved():
            return unsettled, ""
        if not isinstance(owner, RecordPage) and place.record_id is None:
            owner.new_record()
        return "", ""

    def _place_record(self, page: Any, owner: RecordPage, kept: KeptDraft) -> str | None:
        """Show the draft's record in ``owner`` (or a new one under its parent). None when the
        parent is gone; otherwise a note for the status line."""
        place = kept.place
        model = owner.model
        if place.record_id is not None and show_record(self.db, page, model, place.record_id):
            return ""
        if owner.parent_id != place.parent_id:
            parent = workspace.kind_of(model).parent
            if parent is None or workspace.kind_of(parent).parent is None or not place.parent_id:
                return None  # a record of the case itself: its page shows no other case
            try:
                shown = show_record(self.db, page, parent, place.parent_id)
            except DhrDeskError:
                shown = False
            if not shown or owner.parent_id != place.parent_id:
                return None
        owner.new_record(force=True)
        if place.record_id is not None:
            return f" (the {place.title} was deleted since, so they are shown as a new one)"
        return ""


def _forms_of(page: object) -> list[RecordForm]:
    return page.findChildren(RecordForm) if isinstance(page, QWidget) else []


def _shows(owner: RecordPage, place: DraftPlace) -> bool:
    """Whether the page holds the draft's record already (or an empty new one under its
    parent), so nothing else needs to change to put the draft there."""
    if owner.parent_id != place.parent_id or owner.current_id != place.record_id:
        return False
    return place.record_id is not None or not owner.form.dirty


def _outermost_record_page(widget: QWidget) -> RecordPage | None:
    """The list page whose selection decides what ``widget`` shows (itself if at the top)."""
    found: RecordPage | None = None
    current: QWidget | None = widget
    while current is not None:
        if isinstance(current, RecordPage):
            found = current
        current = current.parentWidget()
    return found


def _reveal(widget: QWidget) -> None:
    """Bring forward every tab that holds ``widget``."""
    child: QWidget | None = widget
    while child is not None:
        holder = child.parentWidget()
        if isinstance(holder, QStackedWidget) and isinstance(holder.parentWidget(), QTabWidget):
            tabs = holder.parentWidget()
            assert isinstance(tabs, QTabWidget)
            tabs.setCurrentWidget(child)
        child = holder


def _when(at: dt.datetime) -> str:
    local = at.astimezone()
    if local.date() == dt.date.today():
        return f"today at {local:%H:%M}"
    return f"on {local.day} {local:%B %Y} at {local:%H:%M}"


def _what(kept: KeptDraft) -> str:
    title = kept.place.title
    if kept.is_new_record:
        what = f"A new {title}, never saved"
    elif kept.place.record_kind == "case":
        what = f"Changes to the {title}"
    else:
        what = f"Changes to {'an' if title[:1] in 'aeiou' else 'a'} {title}"
    hint = " ".join(kept.first_words.split())
    if hint:
        what += f": “{hint[:40]}{'…' if len(hint) > 40 else ''}”"
    return what


class RestoreDraftsDialog(QDialog):
    """The drafts kept when DHR Desk last closed, one row each: restore or discard."""

    def __init__(self, keeper: DraftKeeper) -> None:
        super().__init__(keeper.window)
        self.keeper = keeper
        self.setObjectName("restoreDrafts")
        self.setWindowTitle("Restore unsaved edits")
        self.setWindowFlag(Qt.WindowType.Tool, True)
        intro = QLabel(
            "DHR Desk did not close properly last time, and these edits had not been saved. "
            "Restore one to see it in its form, check it and save it; discard what you do not "
            "need. Edits you leave here are offered again next time."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("draftTable")
        self.table.setAccessibleName("Unsaved edits kept as drafts")
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(["Case", "Edits", "Kept"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setAccessibleName("Restore the selected edits into their form")
        self.discard_button = QPushButton("&Discard")
        self.discard_button.setAccessibleName("Discard the selected edits")
        self.later_button = QPushButton("Decide &later")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(720, 320)
        self.drafts: list[KeptDraft] = []
        self.reload()

    def reload(self) -> None:
        restored = {k.draft_id for k in self.keeper._kept.values()}
        self.drafts = [d for d in drafts.kept(self.keeper.db) if d.id not in restored]
        self.table.setRowCount(len(self.drafts))
        for row, kept in enumerate(self.drafts):
            for column, text in enumerate((kept.case_reference, _what(kept), _when(kept.saved_at))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        if self.drafts:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.drafts))
        self.discard_button.setEnabled(bool(self.drafts))

    def selected(self) -> KeptDraft | None:
        row = self.table.currentRow()
        return self.drafts[row] if 0 <= row < len(self.drafts) else None

    def restore_selected(self) -> bool:
        kept = self.selected()
        if kept is None:
            return False
        problem = self.keeper.restore(kept)
        self._show(problem)
        if problem:
            return False
        self._next()
        return True

    def discard_selected(self) -> bool:
        kept = self.selected()
        if kept is None:
            return False
        if not dialogs.confirm(
            self, "Discard edits", f"Discard these unsaved edits to {kept.case_reference}?"
        ):
            return False
        try:
            drafts.discard(self.keeper.db, kept.id)
        except DhrDeskError as exc:
            self._show(str(exc))
            return False
        self._show("")
        self._next()
        return True

    def _show(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def _next(self) -> None:
        self.reload()
        if not self.drafts:
            self.accept()
