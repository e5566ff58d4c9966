"""A case's workspace: one page per area, chosen from a list on the left.

The DHR workspace and the Community Trigger workspace are the same frame with different pages.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import workspace
from dhr_desk.services.access import Database
from dhr_desk.services.cases import Case, CaseKind
from dhr_desk.words import plural
from ui import specs
from ui.case_pages import HistoryPage, SummaryPage, Tabs
from ui.checkout import TravelLine
from ui.chronology_page import ChronologyPage
from ui.clock_pages import PausesPage, ReturnsPage, StagesPage
from ui.documents_page import DocumentsPage
from ui.forms import RecordForm
from ui.pages import CasePage, ListingPage, SavingPage
from ui.publication_page import PublicationPage
from ui.record_page import RecordPage, show_record
from ui.threshold_page import ThresholdPage

NAV_ITEM_PADDING = 10  # as style.qss pads the areas' names on each side


class CaseWorkspace(QWidget):
    """Everything about one case. ``area`` names match the dashboard's (``meetings``…)."""

    changed = Signal()
    title_changed = Signal(str)

    def __init__(
        self, db: Database, case: Case, parent: QWidget | None = None, area: str = "summary"
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id = case.id
        self.reference = case.reference
        self.kind = case.kind
        self.setObjectName(f"workspace_{case.reference}")
        self.nav = QListWidget()
        self.nav.setObjectName("workspaceNav")
        self.nav.setAccessibleName("Areas of the case")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.stack = QStackedWidget()
        self.pages: dict[str, CasePage] = {}  # built so far
        self._loaded: set[str] = set()
        self._factories: dict[str, Callable[[], CasePage]] = {}
        self.areas: list[str] = []
        for name, title, factory in self._build():
            self.areas.append(name)
            self._factories[name] = factory
            self.nav.addItem(title)
            self.stack.addWidget(QWidget())  # replaced by the page when first shown
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.fit_nav()
        self.travel = TravelLine(db, case.id)  # shown while the case is checked out
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.travel)
        layout.addLayout(body, 1)
        self._current_row = -1
        self.nav.setCurrentRow(self.areas.index(area) if area in self.areas else 0)

    def fit_nav(self) -> None:
        """The list of areas exactly as wide as its longest name needs: never cut short."""
        self.nav.ensurePolished()
        metrics = self.nav.fontMetrics()
        longest = max(
            (metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())),
            default=0,
        )
        padding = 2 * NAV_ITEM_PADDING + 2 * self.nav.frameWidth() + 8
        self.nav.setFixedWidth(longest + padding)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_nav()

    # ------------------------------------------------------------------ pages
    def _choices(self, name: str) -> list[tuple[int, str]]:
        return workspace.choices(self.db, self.case_id, name)

    def _page(self, kind: str) -> RecordPage:
        return RecordPage(self.db, kind, choices=self._choices)

    def _meetings(self) -> RecordPage:
        meetings = self._page("meeting")
        meetings.add_detail(self._page("meeting_attendance"), "Attendance and apologies")
        meetings.add_detail(self._page("meeting_action"), "Actions")
        meetings.add_button(
            "Invite the &panel",
            lambda: self._invite(meetings),
            "Invite every panel member to this meeting",
        )
        return meetings

    def _invite(self, meetings: RecordPage) -> None:
        if meetings.current_id is None:
            return
        added = workspace.invite_panel(self.db, meetings.current_id)
        meetings.details[0].reload()
        if added:
            meetings.status.done(f"Invited {plural(added, 'panel member')} to this meeting.")
        else:
            meetings.status.info("Every current panel member is already invited.")

    def _recommendations(self) -> RecordPage:
        recs = self._page("recommendation")
        actions = self._page("action")
        actions.add_detail(self._page("action_progress"), "Progress")
        recs.add_detail(actions, "Action plan")
        return recs

    def _agencies(self) -> Tabs:
        return Tabs(
            "Agencies and returns",
            [
                ("Agencies in the case", self._page("case_agency")),
                (
                    "Returns (IMRs, chronologies, reports)",
                    ReturnsPage(self.db, choices=self._choices),
                ),
            ],
            "page_agencies",
        )

    def _family(self) -> Tabs:
        return Tabs(
            "Family contact and advocacy",
            [("Contact log", self._page("family_contact")), ("Advocates", self._page("advocate"))],
            "page_family",
        )

    def _application(self) -> Tabs:
        return Tabs(
            "Application and complaints relied on",
            [
                ("Application", self._page("trigger_application")),
                ("Complaints", self._page("complaint")),
            ],
            "page_application",
        )

    def _register(self) -> RecordPage:
        page = self._page("pseudonym_entry")
        note = QLabel(
            "The people of the case, with their pseudonyms and other names, are on the People "
            "page; the panel, the notifying officer and everyone else the case records are "
            "included too (see Publication check). Add here anyone else the case names, the places "
            "to hide (workplaces, schools, addresses) and the watch list: words the check "
            "points out wherever they are written."
        )
        note.setWordWrap(True)
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, note)
        return page

    def _submissions(self) -> Tabs:
        return Tabs(
            "Home Office QA and publication",
            [
                ("Submissions", self._page("submission")),
                ("Publications", self._page("publication")),
            ],
            "page_submissions",
        )

    def _build(self) -> list[tuple[str, str, Callable[[], CasePage]]]:
        """Each area with the function that builds its page (when it is first shown)."""
        db = self.db
        if self.kind == CaseKind.DHR:
            return [
                ("summary", "Summary", lambda: SummaryPage(db, specs.CASE_SUMMARY)),
                ("stages", "Stages and clocks", lambda: StagesPage(db)),
                ("people", "People", lambda: self._page("person")),
                ("agencies", "Agencies and returns", self._agencies),
                ("panel", "Panel", lambda: self._page("panel_member")),
                ("meetings", "Meetings", self._meetings),
                ("chronology", "Chronology", lambda: ChronologyPage(db)),
                ("family", "Family and advocacy", self._family),
                ("pauses", "Pauses and proceedings", lambda: PausesPage(db)),
                ("recommendations", "Recommendations", self._recommendations),
                ("early_learning", "Early learning", lambda: self._page("early_learning")),
                ("register", "Pseudonym register", self._register),
                ("publication_check", "Publication check", lambda: PublicationPage(db)),
                ("submissions", "QA and publication", self._submissions),
                ("documents", "Documents", lambda: DocumentsPage(db, self.kind)),
                ("history", "History", lambda: HistoryPage(db)),
            ]
        return [
            ("summary", "Summary", lambda: SummaryPage(db, specs.CT_SUMMARY)),
            ("stages", "Stages and clocks", lambda: StagesPage(db)),
            ("application", "Application and complaints", self._application),
            ("threshold", "Threshold", lambda: ThresholdPage(db)),
            ("people", "People", lambda: self._page("person")),
            ("agencies", "Agencies and returns", self._agencies),
            ("meetings", "Case review meeting", self._meetings),
            ("appeals", "Appeals", lambda: self._page("appeal")),
            ("recommendations", "Recommendations", self._recommendations),
            ("register", "Pseudonym register", self._register),
            ("publication_check", "Publication check", lambda: PublicationPage(db)),
            ("documents", "Documents", lambda: DocumentsPage(db, self.kind)),
            ("history", "History", lambda: HistoryPage(db)),
        ]

    def page(self, area: str) -> CasePage:
        """The page of an area, built (and loaded) the first time it is asked for."""
        page = self.pages.get(area)
        if page is None:
            row = self.areas.index(area)
            page = self._factories[area]()
            assert isinstance(page, QWidget)
            self.pages[area] = page
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            page.saved.connect(self._page_saved)
            if isinstance(page, SummaryPage):
                page.go_to.connect(self.show_area)
        return page

    # ------------------------------------------------------------------ navigation
    def _nav_changed(self, row: int) -> None:
        if row == self._current_row:
            return
        previous = self.current_page() if self._current_row >= 0 else None
        if previous is not None and not previous.resolve_unsaved():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self._current_row)
            self.nav.blockSignals(False)
            return
        self._current_row = row
        area = self.areas[row]
        page = self.page(area)
        if area not in self._loaded or area in (
            "history",
            "stages",
            "summary",
            "documents",
            "threshold",
            "publication_check",
        ):
            page.set_parent(self.case_id)  # loaded when first shown; live pages each time
            self._loaded.add(area)
        self.stack.setCurrentIndex(row)

    def show_area(self, area: str, record_kind: str = "", record_id: int | None = None) -> bool:
        """Open an area (and a record of a kind in it, when given). False if edits kept us where
        we were."""
        if area not in self.areas:
            return False
        row = self.areas.index(area)
        self.nav.setCurrentRow(row)
        if self.nav.currentRow() != row:
            return False
        page = self.pages[area]
        if record_kind and record_id is not None:
            show_record(self.db, page, workspace.kind(record_kind).model, record_id)
        return True

    def current_page(self) -> CasePage | None:
        """The page shown (None before any page is built)."""
        if self._current_row < 0:
            return None
        return self.pages.get(self.areas[self._current_row])

    def _page_saved(self) -> None:
        self.changed.emit()
        case = workspace.get_case(self.db, self.case_id)
        if case.reference != self.reference:
            self.reference = case.reference
            self.setObjectName(f"workspace_{case.reference}")
            self.title_changed.emit(case.reference)
        for form in self.findChildren(RecordForm):
            if not form.dirty:
                form.refresh_choices()

    # ------------------------------------------------------------------ commands
    def new_record(self) -> None:
        page = self.current_page()
        if page is not None:
            page.new_record()

    def save_current(self) -> bool:
        page = self.current_page()
        target = page.current_page() if isinstance(page, Tabs) else page
        return target.save() if isinstance(target, SavingPage) else False

    def focus_find(self) -> None:
        page = self.current_page()
        if isinstance(page, ChronologyPage):
            page.focus_find()
        elif isinstance(page, ListingPage):
            page.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def has_unsaved(self) -> bool:
        return any(p.has_unsaved() for p in self.pages.values())

    def resolve_unsaved(self) -> bool:
        return all(p.resolve_unsaved() for p in self.pages.values())
