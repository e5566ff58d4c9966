"""The chronology page and the import dialog driven through the real widgets: a Word return read
off the GUI thread, its problem rows fixed and skipped, imported whole (or stopped with nothing
written); the combined chronology filtered, read in full, edited with a partial date, key events
ticked; duplicates linked; the timeline drawn in the background; the gaps; the template."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from casefile_support import snapshot
from chronology_files import police_docx, rows_csv
from chronology_support import entries, make_dhr
from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_support import isolated_qsettings  # noqa: F401 - autouse fixture

from dhr_desk.domain import ChronologyLink, DatePrecision
from dhr_desk.services import chronology
from ui import dialogs
from ui.chronology_page import ChronologyPage
from ui.chronology_preview import FIXABLE
from ui.main_window import MainWindow


@pytest.fixture
def page(qtbot: Any, db: Any, data_dir: Any, monkeypatch: pytest.MonkeyPatch) -> ChronologyPage:
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *a, **k: "discard")
    case = make_dhr(db)
    window = MainWindow(db, data_dir)
    qtbot.addWidget(window)
    window.show()
    ws = window.open_case(case.id, "chronology")
    assert ws is not None
    found = ws.pages["chronology"]
    assert isinstance(found, ChronologyPage)
    qtbot.waitUntil(lambda: found.flag_job is None)
    return found


def _read(qtbot: Any, page: ChronologyPage, path: Path, agency: str) -> Any:
    dialog = page.open_import(agency)
    assert dialog is not None
    dialog.path.setText(str(path))
    dialog.read()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.plan is not None, timeout=20000)
    return dialog


def test_a_return_is_read_fixed_skipped_and_imported(
    qtbot: Any, page: ChronologyPage, db: Any, tmp_path: Path
) -> None:
    dialog = _read(qtbot, page, police_docx(tmp_path / "police.docx"), "Northshire Police")
    model = dialog.model
    assert model.rowCount() == 7 + 2  # every row, then the table and the note left out
    assert "5 entries to add" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()  # two rows still have a problem
    states = [model.state(r) for r in range(model.rowCount())]
    assert states.count("problem") == 2 and states[-2:] == ["left out", "left out"]
    problem_rows = [r for r in range(7) if model.state(r) == "problem"]
    date_column = next(c for c, f in FIXABLE.items() if f == "date")
    assert model.setData(model.index(problem_rows[1], date_column), "13/04/2019")
    assert model.state(problem_rows[1]) == "ready"
    assert model.setData(
        model.index(problem_rows[0], 0),
        Qt.CheckState.Unchecked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Import 6 entries"
    dialog.proxy.show_only("skipped")
    assert dialog.proxy.rowCount() == 3
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
    assert len(entries(db)) == 6
    assert page.model.rowCount() == 6
    assert "Imported 6 entries from police.docx" in page.status.text()


def test_a_stopped_import_writes_nothing(
    qtbot: Any, page: ChronologyPage, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = rows_csv(tmp_path / "r.csv", [("01/02/2019", "", "GP", "Seen", "", "")])
    dialog = _read(qtbot, page, path, "Northshire ICB")
    release = threading.Event()
    real = chronology.import_return

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)  # until the coordinator has pressed Stop
        return real(*args, **kwargs)

    monkeypatch.setattr(chronology, "import_return", held)
    before = snapshot(db)
    dialog.start_import()
    assert dialog.cancel_button.text() == "Stop"
    dialog.cancel()
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20000)
    assert dialog.message.text() == "Stopped: nothing was imported."
    assert snapshot(db) == before


def test_a_bad_file_is_named_in_the_dialog(
    qtbot: Any, page: ChronologyPage, tmp_path: Path
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    dialog = _read_failing(qtbot, page, path)
    assert "(it is a PDF)" in dialog.error.text()
    assert dialog.plan is None and not dialog.import_button.isEnabled()


def _read_failing(qtbot: Any, page: ChronologyPage, path: Path) -> Any:
    dialog = page.open_import("Northshire Police")
    assert dialog is not None
    dialog.path.setText(str(path))
    dialog.read()
    qtbot.waitUntil(lambda: dialog.job is None and bool(dialog.error.text()), timeout=20000)
    return dialog


def _fill(page: ChronologyPage, db: Any) -> None:
    assert page.case_id is not None
    for date, time, agency, event in (
        (
            "03/04/2019",
            "22:10",
            "Northshire Police",
            "Called to the address: shouting and a woman crying",
        ),
        (
            "03/04/2019",
            "22:30",
            "Vale Homes",
            "Neighbour heard shouting and a woman crying at the address",
        ),
        ("April 2019", "", "Northshire ICB", "Jane Doe saw her GP about low mood"),
    ):
        chronology.save_entry(
            db,
            page.case_id,
            None,
            {
                "date": date,
                "occurred_time": time,
                "agency": agency,
                "source": "Record",
                "event": event,
            },
        )
    page.reload()


def test_the_chronology_is_filtered_read_in_full_and_edited(
    qtbot: Any, page: ChronologyPage, db: Any
) -> None:
    _fill(page, db)
    qtbot.waitUntil(lambda: page.flag_job is None)
    assert page.count.text() == "3 of 3 entries"
    victim = page.person_filter.findText("Jane Doe", Qt.MatchFlag.MatchStartsWith)
    page.person_filter.setCurrentIndex(victim)
    assert page.proxy.rowCount() == 1  # the entry that names her
    page.person_filter.setCurrentIndex(0)
    page.flagged_only.setChecked(True)
    assert page.proxy.rowCount() == 2  # the police and housing entries of one night
    page.flagged_only.setChecked(False)
    page.from_filter.setText("May 2019")
    assert page.proxy.rowCount() == 0
    page.from_filter.setText("04/13/2019")
    assert page.from_filter.property("invalid") is True
    page.from_filter.clear()
    page.select_entry(page.model.rows[1].id)
    assert "Called to the address: shouting and a woman crying" in page.reading.toPlainText()
    assert page.add_button.text() == "&Save changes"
    page.form.set_value("occurred_on", "Spring 2019")
    assert page.save()
    saved = next(e for e in entries(db) if e.event.startswith("Called to the address"))
    assert saved.date_precision == DatePrecision.SEASON
    key = page.proxy.index(0, 5)
    assert page.proxy.setData(key, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    page.key_only.setChecked(True)
    assert page.proxy.rowCount() == 1
    page.key_only.setChecked(False)
    assert not page.proxy.setData(page.proxy.index(0, 0), "31/02/2019")
    assert "February 2019 has 28 days" in page.status.text()


def test_duplicates_are_linked_and_the_timeline_and_gaps_drawn(
    qtbot: Any, page: ChronologyPage, db: Any
) -> None:
    _fill(page, db)
    qtbot.waitUntil(lambda: page.flag_job is None)
    assert page.tabs.tabText(1) == "Likely &duplicates (1)"
    page.tabs.setCurrentIndex(1)
    page.duplicates.table.selectRow(0)
    assert "woman crying" in page.duplicates.reading.toPlainText()
    assert page.duplicates.decide(True)
    qtbot.waitUntil(lambda: page.flag_job is None)
    with db.session() as session:
        [link] = session.scalars(select(ChronologyLink)).all()
        assert link.same_event
    assert len(entries(db)) == 3  # both entries kept
    flags = set(page.model.flags_.values())
    assert flags == {"One event: also Vale Homes", "One event: also Northshire Police"}
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.timeline.canvas.image is not None, timeout=20000)
    canvas = page.timeline.canvas
    assert canvas.layout_ is not None and len(canvas.layout_.marks) == 3
    mark = canvas.layout_.marks[0]
    with qtbot.waitSignal(canvas.entry_clicked):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_point(mark))
    assert page.tabs.currentIndex() == 0 and page.editing_id == mark.entry_id
    page.tabs.setCurrentIndex(3)
    assert "Agencies in scope with no entries" in page.gaps.summary.toPlainText()
    assert page.gaps.table.rowCount() == 3


def _point(mark: Any) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(round(mark.x + mark.w / 2), round(mark.y + mark.h / 2))


def test_the_template_is_saved_for_an_agency(
    qtbot: Any, page: ChronologyPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.chronology_views import TemplateDialog

    assert page.case_id is not None
    dialog = TemplateDialog(page.db, page.case_id, page)
    qtbot.addWidget(dialog)
    dialog.agency.setEditText("Northshire Police")
    dialog.path.setText(str(tmp_path / "police template"))
    assert dialog.save()
    assert (tmp_path / "police template.xlsx").read_bytes()[:2] == b"PK"


def test_a_case_closed_while_its_duplicates_are_found_closes_cleanly(
    qtbot: Any, db: Any, data_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import chronology_jobs

    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *a, **k: "discard")
    case = make_dhr(db)
    release = threading.Event()
    real = chronology.duplicates

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(chronology, "duplicates", slow)
    window = MainWindow(db, data_dir)
    qtbot.addWidget(window)
    window.show()
    ws = window.open_case(case.id, "chronology")
    assert ws is not None and chronology_jobs.running() == 1
    assert window.close_tab(window.tabs.indexOf(ws))
    qtbot.wait(50)  # the tab is gone while the work still runs
    release.set()
    qtbot.waitUntil(lambda: chronology_jobs.running() == 0, timeout=20000)
