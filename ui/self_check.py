"""``dhr-desk-app --self-check``: prove an installation starts, without anyone at the screen.

Opens the database of the data folder (keyring mode: from the credential store; passphrase mode:
from ``--passphrase-file FILE`` or ``DHR_DESK_PASSPHRASE``, never a dialog), shows the main window,
lets the event loop turn once, then closes everything and exits 0. Any problem is one sentence
on standard error and the command line's exit code (3 no database, 4 wrong passphrase, …; 1 for
anything else). Nothing is written to the data folder or to the window layout settings. Used by
tools/check_install.py on the frozen build; on Windows ``"DHR Desk.exe" --self-check`` has no
console, so read its exit code (``echo %ERRORLEVEL%`` after ``start /wait``).
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication

from dhr_desk import __version__
from dhr_desk.errors import DhrDeskError
from dhr_desk.storage.paths import DataDir


def _say(text: str, *, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    if stream is not None:  # a windowed program on Windows has neither
        print(text, file=stream, flush=True)


def _check(app: QApplication, data_dir: DataDir, passphrase_file: str | None) -> None:
    from ui.app import RESOURCES

    _say(f"DHR Desk {__version__} self-check: Qt {qVersion()} on {app.platformName()}")
    style = RESOURCES / "style.qss"
    if not style.is_file() or not app.styleSheet():
        raise DhrDeskError(f"The style sheet {style} is missing; reinstall DHR Desk.")
    _say(f"Style sheet: {style}")

    from dhr_desk.cli import common

    db = common.open_db(
        argparse.Namespace(
            data_dir=str(data_dir.root), passphrase_file=passphrase_file, recovery_key=None
        )
    )
    try:
        _say(f"Database: {data_dir.database} opened")
        from ui.main_window import MainWindow

        window = MainWindow(db, data_dir)
        window.show()
        shown: list[bool] = []

        def first_turn() -> None:
            shown.append(window.isVisible())
            app.exit(0)  # not quit(): that closes the window, which saves its layout

        QTimer.singleShot(0, first_turn)
        app.exec()
        if shown != [True]:
            raise DhrDeskError("The main window did not come up.")
        _say(f"Main window: shown, {window.case_list.model.rowCount()} cases listed")
        window.idle.stop()
        window.hide()
    finally:
        db.close()


def run(app: QApplication, data_dir: DataDir, passphrase_file: str | None) -> int:
    try:
        _check(app, data_dir, passphrase_file)
    except DhrDeskError as exc:
        _say(f"DHR Desk self-check failed: {exc}", error=True)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - any failure is the answer, in one line
        _say(f"DHR Desk self-check failed: {type(exc).__name__}: {exc}", error=True)
        return 1
    _say("Self-check passed: DHR Desk starts and opens its database.")
    return 0
