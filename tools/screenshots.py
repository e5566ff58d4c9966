"""Take the user guide's screenshots from the real app with the training cases, and render the
main screens at the sizes a coordinator's laptop gives the window.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUTPUT_DIR]
    QT_QPA_PLATFORM=offscreen python tools/screenshots.py --layouts [OUTPUT_DIR]

The first form takes the guide's pictures (docs/screenshots/NN-*.png). ``--layouts`` renders the
main screens at 1024×700 and 1600×1000, and at 1024×700 with the display scaled to 150%, into
OUTPUT_DIR/1024x700, OUTPUT_DIR/1600x1000 and OUTPUT_DIR/1024x700-150pct (each size in its own
process: the scale is fixed when the app starts). ``--layout-set WxH[@SCALE] DIR`` renders one.

Everything happens in a temporary data folder (deleted afterwards) with an in-memory credential
store, so no real database or keyring is touched. Each screen is captured with QWidget.grab().
The training cases are dated to look live today, and a fictional council is named in Settings.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

SIZE = (1280, 800)
LAYOUTS = (("1024x700", 1.0), ("1600x1000", 1.0), ("1024x700", 1.5))


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


def use_memory_keyring() -> None:
    """An in-memory credential store, accepted as the stand-in for the computer's own (the
    program itself accepts only the known secure stores)."""
    from dhr_desk.storage.credentials import trust_keyring_backend

    trust_keyring_backend(MemoryKeyring, "in-memory store for the screenshots")
    keyring.set_keyring(MemoryKeyring())


def settled(app: Any, rounds: int) -> None:
    """Events handled, and every window's dashboard read (it is read in the background)."""
    import time

    for _ in range(rounds):
        app.processEvents()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(
        getattr(w, "refreshing", False) for w in app.topLevelWidgets()
    ):
        app.processEvents()
        time.sleep(0.01)
    for _ in range(rounds):
        app.processEvents()


class Camera:
    """The app the screenshots are taken in, and taking them: each widget shown at a size
    (``size`` when none is given; as it is when neither), settled, grabbed into ``out``."""

    def __init__(self, out: Path, rounds: int, size: tuple[int, int] | None = None) -> None:
        use_memory_keyring()
        from PySide6.QtCore import QCoreApplication, QSettings

        from ui import dialogs
        from ui.app import make_application

        QCoreApplication.setOrganizationName("DHR Desk screenshots")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        self.app = make_application(["screenshots"])
        dialogs.ask_unsaved = lambda *a, **k: "discard"  # type: ignore[assignment]
        out.mkdir(parents=True, exist_ok=True)
        self.out, self.rounds, self.size = out, rounds, size
        self.taken: list[Path] = []

    def settle(self) -> None:
        settled(self.app, self.rounds)

    def shot(self, name: str, widget: Any, size: tuple[int, int] | None = None) -> None:
        size = size or self.size
        if size:
            widget.resize(*size)
        widget.show()
        self.settle()
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        self.taken.append(path)


def main(out: Path) -> list[Path]:
    camera = Camera(out, rounds=5)
    from PySide6.QtWidgets import QApplication

    from dhr_desk.storage import store
    from dhr_desk.storage.paths import DataDir

    app, settle, shot, taken = camera.app, camera.settle, camera.shot, camera.taken

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        data_dir = DataDir(Path(tmp) / "data")

        # --- first run
        from ui.unlock import SetupWizard, UnlockDialog

        wizard = SetupWizard(data_dir)
        shot("01-setup-wizard", wizard, (640, 460))
        server_shots(data_dir, shot)
        wizard.next()
        wizard.recovery_page.kept.setChecked(True)
        shot("02-recovery-key", wizard, (640, 460))
        db = wizard.database
        assert db is not None
        wizard.close()

        from ui.main_window import MainWindow

        window = MainWindow(db, data_dir)
        window.resize(*SIZE)
        window.show()
        settle()
        shot("02b-first-run", window)  # an empty database: how to begin
        load_training(db)
        window.refresh()
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
                    ws.pages["recommendations"].detail_tabs.setCurrentIndex(1),
                    _select_first(ws.pages["recommendations"].details[0]),
                ),
            ),
            ("register", "15b-dhr-register", lambda: _select_first(ws.pages["register"])),
            (
                "publication_check",
                "15c-dhr-publication",
                lambda: _checked(ws.pages["publication_check"]),
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
        import_shot(window, Path(tmp), shot)
        changed_meanwhile_shot(window, db, shot)
        travel_shots(window, db, Path(tmp), shot)

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


def _ambulance_return(folder: Path, moved: dt.timedelta) -> Path:
    """A return as the ambulance service might send it: a Word table with a note across it, a
    date in words, a season, two rows the coordinator must fix or skip, and one contact the
    police also recorded that night (``moved``: how far the training case's dates moved)."""
    import docx

    night, later = dt.date(2024, 5, 18) + moved, dt.date(2025, 1, 3) + moved
    document = docx.Document()
    document.add_heading("East Midshire Ambulance Service: chronology for DHR-2025-003", 1)
    rows = [
        ("Date", "Time", "Source of information", "Details of contact", "Outcome"),
        (
            f"{night:%d/%m/%Y}",
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
        (
            f"{later.day} {later:%b %Y}",
            "",
            "111 call record",
            "Sarah asked about a sleep clinic",
            "GP advised",
        ),
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
    from dhr_desk.services import chronology

    rows = chronology.rows(page.db, page.case_id)  # type: ignore[attr-defined]
    police = next(r for r in rows if "put his hands round" in r.event)
    moved = police.occurred_on - dt.date(2024, 5, 18)  # the training case's dates follow today
    dialog = page.open_import("East Midshire Ambulance Service NHS Trust")  # type: ignore[attr-defined]
    dialog.path.setText(str(_ambulance_return(folder, moved)))
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


def server_shots(data_dir: Any, shot: Callable[..., None]) -> None:
    """Connecting to the partnership's server (a fictional one: nothing is contacted)."""
    from ui.connect_dialog import ConnectDialog
    from ui.server_connect import SignInDialog

    connect = ConnectDialog(data_dir)
    form = connect.form
    form.host.setText("db.northshire.example")
    form.database.setText("dhr_desk")
    form.user.setText("j.okafor")
    form.password.setText("an example password")
    form.ca_file.setText(r"C:\Users\j.okafor\Documents\northshire-ca.crt")
    connect.tester.result.setText(
        "Connected to dhr_desk on db.northshire.example as j.okafor: the DHR Desk data there is "
        "ready to use."
    )
    shot("02c-connect-server", connect, (600, 430))
    connect.close()
    sign_in = SignInDialog(
        "postgresql://j.okafor@db.northshire.example/dhr_desk",
        "The server db.northshire.example asks for the password of j.okafor.",
    )
    sign_in.password.setText("an example password")
    shot("02d-sign-in", sign_in, (480, 210))
    sign_in.close()


def load_training(db: Any) -> None:
    """The training cases, dated to look live today, and a fictional council in Settings (the
    training cases themselves never change the settings)."""
    from dhr_desk.casefile.demo import DEMO_SETTINGS
    from dhr_desk.services import policy
    from dhr_desk.services.demo import load_demo

    load_demo(db, dt.date.today())
    policy.save_settings(db, dict(DEMO_SETTINGS))


def changed_meanwhile_shot(window: Any, db: Any, shot: Callable[..., None]) -> None:
    """A colleague saved the victim's record while it was open here: the second save shows
    both versions (the colleague named as the audit trail would on the server)."""
    from dataclasses import replace

    from dhr_desk.services import workspace
    from ui import dialogs
    from ui.changed_meanwhile import EDIT, ChangedMeanwhileDialog, Comparison

    ws = window.open_case(_case_id(db, "DHR-2025-003"), "people")
    page = ws.pages["people"]
    _select_first(page)
    person = page.current()
    workspace.save(
        db,
        page.model,
        page.parent_id,
        page.current_id,
        {"address": "Flat 4, 12 Harbour Row", "religion": "Church of England"},
    )
    page.form.set_value("address", "14 Harbour Row")
    page.form.set_value("notes", (person.notes + "\n" if person.notes else "") + "Sister to be "
                        "contacted through the advocate.")  # fmt: skip
    shown = dialogs.changed_meanwhile

    def look(parent: Any, comparison: Comparison) -> str:
        dialog = ChangedMeanwhileDialog(replace(comparison, who="Sam Okafor"), parent)
        shot("29-changed-meanwhile", dialog, (860, 460))
        dialog.close()
        return EDIT

    dialogs.changed_meanwhile = look  # type: ignore[assignment]
    try:
        page.save()
    finally:
        dialogs.changed_meanwhile = shown  # type: ignore[assignment]
    page.form.dirty = False


def travel_shots(window: Any, db: Any, tmp: Path, shot: Callable[..., None]) -> None:
    """A case checked out to a laptop as its holder's colleagues see it, and the conflicts
    of its check-in (a second encrypted database stands for the laptop)."""
    from dhr_desk import records
    from dhr_desk.domain import Person
    from dhr_desk.services import cases, checkout
    from dhr_desk.storage import store
    from dhr_desk.storage.paths import DataDir
    from ui.checkout import ConflictDialog

    laptop_dir = DataDir(tmp / "laptop")
    store.init(laptop_dir, "keyring")
    reference = next(c.reference for c in cases.list_cases(db) if c.reference.startswith("DHR"))
    with store.open_database(laptop_dir) as laptop:
        checkout.check_out(db, laptop, reference)
        with laptop.reading() as session:
            case_id = records.case_by_reference(session, reference).id
            people = list(session.scalars(select(Person).where(Person.case_id == case_id)))
        for person, words in zip(people[:2], ("Written in the secure room", "Jay"), strict=False):
            records.update(laptop, Person, person.id, {"other_names": words})
        with db.reading() as session:
            there = records.case_by_reference(session, reference).id
            theirs = list(session.scalars(select(Person).where(Person.case_id == there)))
        for person, words in zip(theirs[:2], ("Changed on the server", "J."), strict=False):
            records.update(db, Person, person.id, {"other_names": words})
        try:
            checkout.check_in(laptop, db, reference)
        except checkout.CheckInConflicts as stopped:
            dialog = ConflictDialog(stopped.conflicts, window)
            dialog.mine.click()
            shot("41-check-in-conflicts", dialog, (960, 480))
            dialog.reject()
    window.refresh()
    window.tabs.setCurrentIndex(1)
    shot("40-checked-out-on-server", window)
    window.open_case(there)
    shot("40b-checked-out-case", window)


def import_shot(window: Any, tmp: Path, shot: Callable[..., None]) -> None:
    """File ▸ Import case file… with one file imported, one refused and one waiting for a
    confirmation (an entry after the date of death)."""
    from dhr_desk.casefile import dumps
    from dhr_desk.casefile.demo import demo_documents
    from ui import dialogs

    documents = {d["case"]["reference"]: d for d in demo_documents(dt.date.today())}
    for old, new in (("CT-2026-004", "CT-2026-104"), ("CT-2026-012", "CT-2026-112")):
        documents[old]["case"]["reference"] = new  # not the training cases already loaded
    documents["DHR-2025-007"]["case"]["reference"] = "DHR-2025-107"
    broken = documents["CT-2026-012"]
    broken["people"][0]["date_of_birth"] = "1988-02-30"
    late = documents["DHR-2025-007"]
    died = dt.date.fromisoformat(late["case"]["date_of_death"])
    late["chronology"].append(
        {
            "occurred_on": (died + dt.timedelta(days=2)).isoformat(),
            "source": "Police log",
            "event": "Family visited the scene",
        }
    )
    files = []
    for name, document in (
        ("CT-2026-104.json", documents["CT-2026-004"]),
        ("CT-2026-112.json", broken),
        ("DHR-2025-107.json", late),
    ):
        path = tmp / name
        path.write_text(dumps(document), "utf-8")
        files.append(path)
    chooser = dialogs.choose_files
    dialogs.choose_files = lambda *_a: files  # type: ignore[assignment]
    try:
        dialog = window.import_case_files()
    finally:
        dialogs.choose_files = chooser  # type: ignore[assignment]
    assert dialog is not None and dialog.job is not None
    dialog.job.wait()
    for _ in range(10):
        QApplicationInstance().processEvents()
    shot("27-import-case-file", dialog, (680, 560))
    dialog.accept()


def QApplicationInstance() -> Any:  # noqa: N802
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def layout_set(out: Path, size: tuple[int, int]) -> list[Path]:
    """The main screens at one window size (the display's scale is the process's)."""
    camera = Camera(out, rounds=8, size=size)
    from PySide6.QtWidgets import QApplication

    from dhr_desk.storage import store
    from dhr_desk.storage.paths import DataDir
    from ui.main_window import MainWindow
    from ui.settings_dialog import SettingsDialog

    app, shot, taken = camera.app, camera.shot, camera.taken

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        data_dir = DataDir(Path(tmp) / "data")
        store.init(data_dir, "keyring")
        db = store.open_database(data_dir)
        window = MainWindow(db, data_dir)
        shot("00-first-run", window)
        load_training(db)
        window.refresh()
        shot("01-dashboard", window)
        window.tabs.setCurrentWidget(window.case_list)
        shot("02-case-list", window)
        dialog = window.new_dhr()
        dialog.notification.set_value("notified_by", "DS Example, Example Constabulary")
        dialog.save()  # the date received is missing: shown next to its field
        shot("03-new-dhr", dialog, (min(660, size[0] - 40), min(600, size[1] - 60)))
        dialog.notification.dirty = False
        dialog.close()

        ws = window.open_case(_case_id(db, "DHR-2025-003"))
        assert ws is not None
        shot("04-dhr-summary", window)
        ws.show_area("stages")
        shot("05-dhr-stages", window)
        ws.pages["stages"].tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        shot("06-dhr-deadlines", window)
        for area, name in (("people", "07-dhr-people"), ("panel", "09-dhr-panel")):
            ws.show_area(area)
            _select_first(ws.pages[area])
            shot(name, window)
        ws.show_area("agencies")
        returns = ws.pages["agencies"].pages[1]  # type: ignore[attr-defined]
        _select_first(returns, tab=ws.pages["agencies"])
        shot("08-dhr-returns", window)
        ws.show_area("meetings")
        meetings = ws.pages["meetings"]
        _select_first(meetings)
        attendance = meetings.details[0]  # type: ignore[attr-defined]
        meetings.detail_tabs.setCurrentWidget(attendance)  # type: ignore[attr-defined]
        attendance.new_record()
        attendance.save()  # no name: the problem is shown, and the panel keeps its layout
        shot("10-dhr-meeting-attendance", window)
        attendance.form.dirty = False
        ws.show_area("pauses")
        _select_first(ws.pages["pauses"])
        shot("11-dhr-pauses", window)
        ws.show_area("recommendations")
        recs = ws.pages["recommendations"]
        _select_first(recs)
        shot("12-dhr-recommendations", window)
        recs.detail_tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        _select_first(recs.details[0])  # type: ignore[attr-defined]
        shot("13-dhr-action-plan", window)
        ws.show_area("history")
        shot("14-dhr-history", window)

        ct = window.open_case(_case_id(db, "CT-2026-012"))
        assert ct is not None
        ct.show_area("threshold")
        ct.pages["threshold"].decided_by.setText("")  # type: ignore[attr-defined]
        ct.pages["threshold"].record()  # type: ignore[attr-defined]
        shot("15-ct-threshold", window)
        ct.show_area("application")
        complaints = ct.pages["application"].pages[1]  # type: ignore[attr-defined]
        _select_first(complaints, tab=ct.pages["application"])
        shot("16-ct-complaints", window)

        settings_dialog = SettingsDialog(db, window)
        shot("17-settings", settings_dialog, (min(900, size[0] - 40), min(600, size[1] - 60)))
        settings_dialog.reject()
        window.close()
        db.close()
    app.processEvents()
    QApplication.closeAllWindows()
    return taken


def layouts(out: Path) -> list[Path]:
    """Each size and scale of LAYOUTS in its own process."""
    taken: list[Path] = []
    for size, scale in LAYOUTS:
        folder = out / (size if scale == 1 else f"{size}-{round(scale * 100)}pct")
        env = dict(os.environ, QT_SCALE_FACTOR=str(scale))
        subprocess.run(
            [sys.executable, __file__, "--layout-set", size, str(folder)], check=True, env=env
        )
        taken += sorted(folder.glob("*.png"))
    return taken


def _case_id(db: object, reference: str) -> int:
    from dhr_desk.services import cases

    return cases.id_of(db, reference)  # type: ignore[arg-type]


def _checked(page: object) -> None:
    """Wait for the publication check (it runs off the GUI thread), then show its findings."""
    from PySide6.QtWidgets import QApplication

    job = page.job  # type: ignore[attr-defined]
    if job is not None:
        job.wait()
    for _ in range(5):
        QApplication.processEvents()
    table = page.findings_table  # type: ignore[attr-defined]
    for row in range(table.rowCount()):
        if table.item(row, 2).text() == "open":
            table.selectRow(row)
            break


def _select_first(page: object, tab: object = None) -> None:
    if tab is not None:
        tab.tabs.setCurrentWidget(page)  # type: ignore[attr-defined]
    rows = page.table_model.rows  # type: ignore[attr-defined]
    if rows:
        page.select_record(rows[0].id)  # type: ignore[attr-defined]


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--layout-set"]:
        width, height = (int(n) for n in args[1].split("x"))
        made = layout_set(Path(args[2]), (width, height))
    elif args[:1] == ["--layouts"]:
        made = layouts(Path(args[1]) if len(args) > 1 else ROOT / "docs" / "screenshots")
    else:
        made = main(Path(args[0]) if args else ROOT / "docs" / "screenshots")
    for path in made:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
