"""Readable at 1024×700, a council laptop's window: with the training cases loaded and the app's
own style, no text in the main tables, their headings or the list of a case's areas is cut
short, and the window never needs to be taller or wider than that, whichever area is open."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QListWidget, QStyle, QTableView, QWidget
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.services import cases
from dhr_desk.services.demo import load_demo
from ui import dialogs
from ui.app import apply_style
from ui.chronology_page import ChronologyPage
from ui.main_window import MainWindow
from ui.workspace import NAV_ITEM_PADDING

SIZE = (1024, 700)


@pytest.fixture
def window(qtbot: Any, db: Any, data_dir: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *a, **k: "discard")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    load_demo(db, dt.date.today())
    win = MainWindow(db, data_dir)
    wait_refreshed(qtbot, win)
    qtbot.addWidget(win)
    win.resize(*SIZE)
    win.show()
    qtbot.waitExposed(win)
    yield win
    app.setStyleSheet("")


def settle(qtbot: Any) -> None:
    for _ in range(3):
        qtbot.wait(20)  # the wrapped rows take their height once the layout has settled


def cut_cells(view: QTableView) -> list[str]:
    """The texts of a table, and of its headings, that do not fit where they are shown."""
    model = view.model()
    header = view.horizontalHeader()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    head_font = QFont(header.font())
    head_font.setBold(True)
    head_metrics = QFontMetrics(head_font)
    sort_room = 16 if view.isSortingEnabled() else 0
    cut = []
    for column in range(model.columnCount()):
        if view.isColumnHidden(column):
            continue
        width = view.columnWidth(column)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if head_metrics.horizontalAdvance(title) + 8 + sort_room > width:
            cut.append(f"heading '{title}'")
        for row in range(model.rowCount()):
            index = model.index(row, column)
            text = model.data(index)
            if not text:
                continue
            font = model.data(index, Qt.ItemDataRole.FontRole) or view.font()
            metrics = QFontMetrics(font)
            room = width - 2 * margin
            if view.wordWrap():
                needed = metrics.boundingRect(
                    QRect(0, 0, room, 100_000), Qt.TextFlag.TextWordWrap, str(text)
                )
                if needed.width() > room or needed.height() > view.rowHeight(row):
                    cut.append(str(text))
            elif metrics.horizontalAdvance(str(text)) > room:
                cut.append(str(text))
    return cut


def cut_areas(nav: QListWidget) -> list[str]:
    metrics = QFontMetrics(nav.font())
    room = nav.viewport().width()
    return [
        nav.item(i).text()
        for i in range(nav.count())
        if metrics.horizontalAdvance(nav.item(i).text()) + 2 * NAV_ITEM_PADDING > room
    ]


def shown_tables(root: QWidget) -> list[QTableView]:
    """The tables on screen, but the chronology's (a page of its own, laid out elsewhere)."""
    return [
        view
        for view in root.findChildren(QTableView)
        if view.isVisible()
        and not any(isinstance(p, ChronologyPage) for p in _ancestors(view))
        and view.model() is not None
    ]


def _ancestors(widget: QWidget) -> list[QWidget]:
    out = []
    parent = widget.parentWidget()
    while parent is not None:
        out.append(parent)
        parent = parent.parentWidget()
    return out


def check_screen(qtbot: Any, window: MainWindow, where: str, found: dict[str, list[str]]) -> None:
    settle(qtbot)
    for view in shown_tables(window):
        for text in cut_cells(view):
            found.setdefault(where, []).append(f"{view.accessibleName()}: {text}")
    hint = window.minimumSizeHint()
    if hint.width() > SIZE[0] or hint.height() > SIZE[1]:
        found.setdefault(where, []).append(f"window needs {hint.width()}×{hint.height()}")


def test_nothing_is_cut_short_at_1024_by_700(qtbot: Any, window: MainWindow, db: Any) -> None:
    found: dict[str, list[str]] = {}
    check_screen(qtbot, window, "dashboard", found)
    window.tabs.setCurrentWidget(window.case_list)
    check_screen(qtbot, window, "case list", found)
    checked = 0
    for reference in ("DHR-2025-003", "DHR-2025-007", "CT-2026-012"):
        ws = window.open_case(cases.id_of(db, reference))
        assert ws is not None
        settle(qtbot)
        for text in cut_areas(ws.nav):
            found.setdefault(reference, []).append(f"area '{text}'")
        for area in ws.areas:
            if area == "chronology":
                continue
            assert ws.show_area(area)
            page = ws.pages[area]
            tabs = getattr(page, "pages", None) or [page]
            for tab in tabs:  # each tab of a page, each record's lists
                holder = getattr(page, "tabs", None)
                if holder is not None and hasattr(holder, "setCurrentWidget"):
                    holder.setCurrentWidget(tab)
                rows = getattr(tab, "table_model", None)
                if rows is not None and rows.rows:
                    tab.select_record(rows.rows[0].id)
                for index in range(getattr(getattr(tab, "detail_tabs", None), "count", int)()):
                    tab.detail_tabs.setCurrentIndex(index)
                    check_screen(qtbot, window, f"{reference} {area} {index}", found)
                    checked += 1
                inner = getattr(tab, "tabs", None)
                if inner is not None and not hasattr(tab, "pages"):
                    for index in range(inner.count()):  # Stages: steps, deadlines, decisions
                        inner.setCurrentIndex(index)
                        check_screen(qtbot, window, f"{reference} {area} tab {index}", found)
                        checked += 1
                check_screen(qtbot, window, f"{reference} {area}", found)
                checked += 1
    assert checked > 70  # every area, tab and list of three cases was looked at
    ws = window.open_case(cases.id_of(db, "DHR-2025-003"), "recommendations")
    assert ws is not None
    settle(qtbot)
    recs = ws.pages["recommendations"]
    table = recs.table  # type: ignore[attr-defined]
    rows_shown = table.viewport().height() / table.verticalHeader().defaultSectionSize()
    assert rows_shown >= 3  # the list of recommendations, never a single row
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_new_dhr_forms_fields_line_up_across_its_groups(qtbot: Any, window: MainWindow) -> None:
    dialog = window.new_dhr()
    dialog.resize(660, 600)
    settle(qtbot)
    lefts = {
        form.widgets[key].mapTo(dialog, form.widgets[key].rect().topLeft()).x()
        for form in dialog.forms
        for key in form.widgets
    }
    assert len(lefts) == 1, lefts  # one column of fields down the whole form
    label = dialog.notification.labels["suspected_suicide"]
    assert label.wordWrap() and label.height() >= 2 * label.fontMetrics().height()
    dialog.notification.dirty = False
    dialog.reject()


def test_a_list_shows_each_line_of_a_text_apart_and_cuts_long_ones_at_a_word() -> None:
    from ui.record_page import LIST_TEXT, shortened

    assert shortened("St Anne's Primary\nSt Anne's\n\n") == "St Anne's Primary; St Anne's"
    assert shortened("Seen at home.\nNo concerns   raised") == "Seen at home. No concerns raised"
    long = "word " * 100
    cut = shortened(long)
    assert cut.endswith(" …") and len(cut) <= LIST_TEXT + 2 and "wor …" not in cut


def test_the_chronologys_headings_and_entry_form_fit_at_1024_by_700(
    qtbot: Any, window: MainWindow, db: Any
) -> None:
    """Long entries are elided in the list and read in full in the reading pane, but the
    headings are never cut ("ource of informatio") and the entry form needs no sideways
    scrolling."""
    from PySide6.QtWidgets import QScrollArea

    ws = window.open_case(cases.id_of(db, "DHR-2025-003"), "chronology")
    assert ws is not None
    settle(qtbot)
    page = ws.pages["chronology"]
    headings = [t for t in cut_cells(page.table) if t.startswith("heading ")]  # type: ignore[attr-defined]
    assert headings == []
    form = page.form  # type: ignore[attr-defined]
    area = next(a for a in page.findChildren(QScrollArea) if a.widget() is form)
    assert not area.horizontalScrollBar().isVisible()
    assert form.width() <= area.viewport().width()
