"""A crash leaves a trace: the real app, started in its own process, is made to die (a fatal
error inside the process, or killed from outside); the next start says so in a plain message
before anything else, the error log holds the code locations and no case data, and the edits
typed before the crash are offered back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dhr_desk.services import cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir

PASSPHRASE = "correct horse battery staple"
TYPED_NAME = "Philomena Crashworth"

# Drives the real app (ui.app.main) the way a coordinator would: answers the message boxes,
# types the passphrase, then either crashes, waits to be killed, or closes the window.
DRIVER = r"""
import faulthandler
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui import app as app_module

data, passphrase, then, case_id, typed = sys.argv[1:6]
qapp = app_module.make_application(["dhr-desk-app"])
done = set()


def say(*words):
    print(*words, flush=True)


def drive():
    from ui.drafts import RestoreDraftsDialog
    from ui.main_window import MainWindow
    from ui.unlock import UnlockDialog

    for w in QApplication.topLevelWidgets():
        if not w.isVisible():
            continue
        if isinstance(w, QMessageBox):
            say("MESSAGE", w.windowTitle(), "|", " ".join(w.text().split()))
            w.accept()
        elif isinstance(w, UnlockDialog) and "unlock" not in done:
            done.add("unlock")
            say("UNLOCK")
            w.secret.setText(passphrase)
            w.try_open()
        elif isinstance(w, RestoreDraftsDialog) and "drafts" not in done:
            done.add("drafts")
            rows = [w.table.item(r, 1).text() for r in range(w.table.rowCount())]
            say("DRAFTS", len(rows), "|", " / ".join(rows))
            w.later_button.click()
        elif isinstance(w, MainWindow) and "window" not in done:
            done.add("window")
            say("WINDOW")
            if then == "crash":
                ws = w.open_case(int(case_id), "people")
                people = ws.pages["people"]
                people.new_record()
                people.form.set_value("real_name", typed)
                say("KEPT", w.drafts.keep_now())
                faulthandler._sigsegv()  # a fatal error, like a crash inside Qt
            elif then == "close":
                QTimer.singleShot(300, w.close)


timer = QTimer()
timer.timeout.connect(drive)
timer.start(50)
sys.exit(app_module.main(["--data-dir", data]))
"""


def run_app(data_dir: DataDir, tmp_path: Path, then: str, case_id: int) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # window layout: not the real user's
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            DRIVER,
            str(data_dir.root),
            PASSPHRASE,
            then,
            str(case_id),
            TYPED_NAME,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, list[str]]:
    out, _err = process.communicate(timeout=180)
    return process.returncode, out.splitlines()


def messages(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("MESSAGE")]


def test_a_crash_is_traced_and_the_next_start_says_so_then_offers_the_typed_edits(
    data_dir: DataDir, tmp_path: Path
) -> None:
    store.init(data_dir, "passphrase", PASSPHRASE)
    db = store.open_database(data_dir, Unlock(passphrase=PASSPHRASE))
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    db.close()
    log = data_dir.logs / "errors.log"
    marker = data_dir.logs / "running.json"

    # 1. a fatal error while the coordinator types: the process dies
    code, lines = finished(run_app(data_dir, tmp_path, "crash", case.id))
    assert code == -signal.SIGSEGV, lines
    assert "KEPT 1" in lines and not messages(lines)
    trace = log.read_text("utf-8")
    assert "Fatal Python error: Segmentation fault" in trace
    assert 'ui/app.py", line' in trace and " in main" in trace  # where it happened
    assert TYPED_NAME not in trace and PASSPHRASE not in trace  # and nothing personal
    assert log.stat().st_mode & 0o777 == 0o600
    assert marker.exists() and TYPED_NAME not in marker.read_text("utf-8")

    # 2. the next start says so first, then offers the edits typed before the crash
    code, lines = finished(run_app(data_dir, tmp_path, "close", case.id))
    assert code == 0, lines
    said = messages(lines)
    assert len(said) == 1 and lines.index(said[0]) < lines.index("UNLOCK")
    assert "DHR Desk closed unexpectedly" in said[0]
    assert "because of an error" in said[0] and str(log) in said[0]
    drafts_line = next(line for line in lines if line.startswith("DRAFTS"))
    assert drafts_line.startswith("DRAFTS 1 |") and TYPED_NAME in drafts_line
    assert "did not end cleanly (after the fatal error above)" in log.read_text("utf-8")
    assert not marker.exists()  # this run ended cleanly

    # 3. a clean end is not reported; killed from outside (or a power cut) is
    process = run_app(data_dir, tmp_path, "wait", case.id)
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line.strip())
        if line.strip() == "WINDOW":
            break
    process.kill()  # SIGKILL: no chance to tidy up, as in a power cut
    process.communicate(timeout=60)
    assert not messages(seen) and "WINDOW" in seen
    code, lines = finished(run_app(data_dir, tmp_path, "close", case.id))
    assert code == 0, lines
    said = messages(lines)
    assert len(said) == 1 and lines.index(said[0]) < lines.index("UNLOCK")
    assert "ended from outside or the computer lost power" in said[0]
    assert "because of an error" not in said[0]
    assert log.read_text("utf-8").count("Fatal Python error") == 1  # no trace this time


@pytest.fixture
def error_log(tmp_path: Path) -> Iterator[Path]:
    """The error handler pointed at a temporary log folder (put back afterwards)."""
    import faulthandler

    from ui import errors

    previous_hook, previous_dir = sys.excepthook, errors._log_dir
    errors.install(tmp_path / "logs")
    yield tmp_path / "logs" / errors.LOG_NAME
    sys.excepthook = previous_hook
    errors._log_dir = previous_dir
    faulthandler.enable(sys.__stderr__)  # as the test run had it
    if errors._fatal_log is not None:
        errors._fatal_log.close()
        errors._fatal_log = None


def test_the_error_log_is_the_owners_only_and_the_crash_trace_follows_its_rotation(
    error_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import errors

    error_log.parent.mkdir(parents=True)
    error_log.write_text("written by an older version\n")
    error_log.chmod(0o644)
    errors.trace_fatal_errors()
    assert error_log.stat().st_mode & 0o777 == 0o600
    assert errors._fatal_log is not None
    monkeypatch.setattr(errors, "_MAX_BYTES", 10)
    try:
        raise ValueError("Philomena Crashworth")
    except ValueError as exc:
        errors.log_exception(type(exc), exc, exc.__traceback__)
    older = error_log.with_suffix(".log.1")
    assert "older version" in older.read_text("utf-8")  # rotated
    assert "builtins.ValueError" in error_log.read_text("utf-8")
    assert "Philomena" not in error_log.read_text("utf-8")
    # a fatal error from now on is traced into the new file, not the rotated one
    assert os.fstat(errors._fatal_log.fileno()).st_ino == error_log.stat().st_ino
    assert error_log.stat().st_mode & 0o777 == 0o600


def test_a_marker_cut_short_still_counts_as_a_run_that_did_not_end_cleanly(
    error_log: Path,
) -> None:
    from ui import errors

    error_log.parent.mkdir(parents=True)
    (error_log.parent / errors.RUN_MARKER).write_text("{")
    previous = errors.begin_run()
    assert previous == errors.UncleanEnd(None, False)
    text = errors.unclean_end_message(previous)
    assert text.startswith("DHR Desk closed unexpectedly the last time it was used: it was ended")
    assert errors.begin_run() is not None  # this run's marker is there until it ends
    errors.end_run()
    assert errors.begin_run() is None
    errors.end_run()
    marker = error_log.parent / errors.RUN_MARKER
    assert not marker.exists()
