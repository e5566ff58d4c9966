"""Take the user guide's screenshots from the real app with the demo data.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUTPUT_DIR]

Everything happens in a temporary data folder (deleted afterwards) with an in-memory credential
store, so no real database or keyring is touched. Each screen is captured with QWidget.grab().
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

SIZE = (1280, 800)


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def main(out: Path) -> list[Path]:
    keyring.set_keyring(MemoryKeyring())
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    from dhr_desk.services.demo import load_demo
    from dhr_desk.storage import store
    from dhr_desk.storage.paths import DataDir
    from ui import dialogs
    from ui.app import make_application

    QCoreApplication.setOrganizationName("DHR Desk screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = make_application(["screenshots"])
    dialogs.ask_unsaved = lambda *a, **k: "discard"  # type: ignore[assignment]
    out.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shot(name: str, widget: QWidget, size: tuple[int, int] | None = None) -> None:
        if size:
            widget.resize(*size)
        widget.show()
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        taken.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        data_dir = DataDir(Path(tmp) / "data")

        # --- first run
        from ui.unlock import SetupWizard, UnlockDialog

        wizard = SetupWizard(data_dir)
        shot("01-setup-wizard", wizard, (640, 460))
        wizard.next()
        wizard.recovery_page.kept.setChecked(True)
        shot("02-recovery-key", wizard, (640, 460))
        db = wizard.database
        assert db is not None
        wizard.close()
        load_demo(db)

        from ui.main_window import MainWindow

        window = MainWindow(db, data_dir)
        window.resize(*SIZE)
        window.show()
        settle()
        shot("03-dashboard", window)
        window.tabs.setCurrentWidget(window.case_list)
        shot("04-case-list", window)

        dialog = window.new_dhr()
        dialog.notification.set_value("notification_received_on", "2026-01-12")
        dialog.notification.set_value("notified_by", "DS Example, Example Constabulary")
        dialog.notification.set_value("date_of_death", "2026-01-35")
        dialog.notification.check_field("date_of_death")
        shot("05-new-dhr", dialog, (640, 760))
        dialog.notification.dirty = False
        dialog.close()

        ws = window.open_case(_case_id(db, "DHR-2025-003"))
        assert ws is not None
        areas: list[tuple[str, str, Callable[[], None] | None]] = [
            ("summary", "06-dhr-summary", None),
            ("stages", "07-dhr-stages", None),
            ("people", "08-dhr-people", lambda: _select_first(ws.pages["people"])),
            (
                "agencies",
                "09-dhr-agencies",
                lambda: _select_first(ws.pages["agencies"].pages[1], tab=ws.pages["agencies"]),
            ),
            ("panel", "10-dhr-panel", lambda: _select_first(ws.pages["panel"])),
            ("meetings", "11-dhr-meetings", lambda: _select_first(ws.pages["meetings"])),
            ("chronology", "12-dhr-chronology", None),
            ("family", "13-dhr-family", lambda: _select_first(ws.pages["family"].pages[0])),
            ("pauses", "14-dhr-pauses", lambda: _select_first(ws.pages["pauses"])),
            (
                "recommendations",
                "15-dhr-recommendations",
                lambda: (
                    _select_first(ws.pages["recommendations"]),
                    _select_first(ws.pages["recommendations"].details[0]),
                ),
            ),
            ("documents", "16-dhr-documents", None),
            ("history", "18-dhr-history", None),
            (
                "early_learning",
                "26-dhr-early-learning",
                lambda: _select_first(ws.pages["early_learning"]),
            ),
            (
                "submissions",
                "27-dhr-qa-publication",
                lambda: _select_first(
                    ws.pages["submissions"].pages[0], tab=ws.pages["submissions"]
                ),
            ),
        ]
        for area, name, prepare in areas:
            ws.show_area(area)
            if prepare is not None:
                prepare()
            shot(name, window)
            if area == "chronology":
                _chronology_shots(ws.pages["chronology"], Path(tmp), shot, settle, window)
            if area == "documents":
                ws.pages["documents"].open_generate()
                gen = ws.pages["documents"].dialog
                gen.kind.setCurrentIndex(gen.kind.findData("overview_report"))
                gen.recipients.setPlainText("Chair of the partnership\nHome Office QA Panel")
                gen.folder.setText(str(Path(tmp) / "documents"))
                shot("17-generate-document", gen, (640, 560))
                gen.start()
                assert gen.job is not None
                gen.job.wait()  # (a busy processEvents() loop trips a PySide6 6.12 bug)
                settle()
                shot("17b-generate-done", gen, (640, 560))
                gen.accept()

        ct = window.open_case(_case_id(db, "CT-2026-004"))
        assert ct is not None
        ct.show_area("threshold")
        shot("19-ct-threshold", window)
        ct.show_area("application")
        _select_first(ct.pages["application"].pages[1], tab=ct.pages["application"])
        shot("20-ct-application", window)
        met = window.open_case(_case_id(db, "CT-2026-009"))
        assert met is not None
        met.show_area("stages")
        shot("28-ct-stages", window)

        reports = window.open_reports()
        reports.period_choice.setCurrentIndex(reports.period_choice.count() - 1)
        reports.start.setText("2026-01-01")
        reports.end.setText("2026-12-31")
        reports.refresh().wait()
        settle()
        shot("25-reports", window)

        from ui.settings_dialog import SettingsDialog

        settings_dialog = SettingsDialog(db, window)
        shot("21-settings", settings_dialog, (900, 600))
        settings_dialog.tabs.setCurrentIndex(2)
        shot("22-settings-deadlines", settings_dialog, (900, 600))
        settings_dialog.reject()

        window.lock()
        shot("23-locked", window)
        window.unlock()

        # --- edits typed, then the app dies: the next window offers them back
        ws.show_area("people")
        people = ws.pages["people"]
        people.new_record()
        people.form.set_value("real_name", "Marion Example")
        people.form.set_value("relationship_to_victim", "neighbour")
        people.form.set_value("notes", "Called the police twice in March; to be interviewed")
        window.drafts.keep_now()
        ct.show_area("application")
        application = ct.pages["application"].pages[0]
        _select_first(application, tab=ct.pages["application"])
        application.form.set_value("matter", "Loud music and shouting every night since January")
        window.drafts.keep_now()
        import shiboken6

        shiboken6.delete(window)  # as in a crash: no question asked, nothing saved
        window = MainWindow(db, data_dir)
        window.resize(*SIZE)
        window.show()
        settle()
        restore = window.drafts.offer_restore()
        assert restore is not None
        shot("25-restore-drafts", restore, (760, 300))
        restore.table.selectRow(1)
        restore.restore_selected()
        restore.reject()
        shot("26-draft-restored", window)
        window.close()
        db.close()

        from dhr_desk.storage.keys import Unlock  # noqa: F401 - the unlock dialog needs a file

        pass_dir = DataDir(Path(tmp) / "passphrase")
        store.init(pass_dir, "passphrase", "correct horse battery staple")
        unlock_dialog = UnlockDialog(pass_dir)
        shot("24-unlock", unlock_dialog, (480, 180))
    app.processEvents()
    QApplication.closeAllWindows()
    return taken


def _ambulance_return(folder: Path) -> Path:
    """A return as the ambulance service might send it: a Word table with a note across it, a
    date in words, a season, two rows the coordinator must fix or skip, and one contact the
    police also recorded that night."""
    import docx

    document = docx.Document()
    document.add_heading("East Midshire Ambulance Service: chronology for DHR-2025-003", 1)
    rows = [
        ("Date", "Time", "Source of information", "Details of contact", "Outcome"),
        (
            "18/05/2024",
            "22:20",
            "Patient report form 0524-5521",
            "Called by police: Sarah said Mark had put his hands round her neck; marks to the "
            "neck and a hoarse voice",
            "Taken to the emergency department",
        ),
        ("Note: patient report forms before 2023 are held on paper and were not searched.",),
        ("Spring 2024", "", "Safeguarding log", "Two call-outs to the address for falls", ""),
        ("Unknown", "", "Crew recollection", "A crew recall an earlier visit", ""),
        ("31/02/2024", "03:10", "Patient report form", "Fall at home; no injury", "Advice"),
        ("3 Jan 2025", "", "111 call record", "Sarah asked about a sleep clinic", "GP advised"),
    ]
    table = document.add_table(rows=0, cols=5)
    table.style = "Table Grid"
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:
            cells[0].merge(cells[4]).text = values[0]
            continue
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    path = folder / "EMAS chronology DHR-2025-003.docx"
    document.save(str(path))
    return path


def _chronology_shots(
    page: object,
    folder: Path,
    shot: Callable[..., None],
    settle: Callable[[], None],
    window: object,
) -> None:
    """The import preview, the combined chronology with a duplicate flagged, the timeline."""
    dialog = page.open_import("East Midshire Ambulance Service NHS Trust")  # type: ignore[attr-defined]
    dialog.path.setText(str(_ambulance_return(folder)))
    dialog.read()
    dialog.job.wait()
    settle()
    problem = next(r for r in range(dialog.model.rowCount()) if dialog.model.state(r) == "problem")
    dialog.preview.selectRow(problem)
    shot("12a-chronology-import", dialog, (1000, 640))
    dialog.skip_problems()
    dialog.start_import()
    dialog.job.wait()
    settle()
    flags = page.flag_job  # type: ignore[attr-defined]
    if flags is not None:
        flags.wait()
        settle()
    page.flagged_only.setChecked(True)  # type: ignore[attr-defined]
    page.select_entry(page.duplicates.pairs[0].first.id)  # type: ignore[attr-defined]
    settle()
    shot("12b-chronology-duplicates", window)
    page.flagged_only.setChecked(False)  # type: ignore[attr-defined]
    page.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
    settle()
    job = page.timeline.job  # type: ignore[attr-defined]
    if job is not None:
        job.wait()
        settle()
    shot("12c-chronology-timeline", window)
    page.tabs.setCurrentIndex(3)  # type: ignore[attr-defined]
    settle()
    shot("12d-chronology-gaps", window)
    page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def _case_id(db: object, reference: str) -> int:
    from dhr_desk.services import cases

    return cases.id_of(db, reference)  # type: ignore[arg-type]


def _select_first(page: object, tab: object = None) -> None:
    if tab is not None:
        tab.tabs.setCurrentWidget(page)  # type: ignore[attr-defined]
    rows = page.table_model.rows  # type: ignore[attr-defined]
    if rows:
        page.select_record(rows[0].id)  # type: ignore[attr-defined]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for path in main(target):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
