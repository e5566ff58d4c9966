"""``dhr-desk-app --self-check``: prove an installation starts, without anyone at the screen.

Opens the partnership's server when one is configured (as the app would, with the password in
the credential store), else the database of the data folder (keyring mode: from the credential
store; passphrase mode: from ``--passphrase-file FILE`` or ``DHR_DESK_PASSPHRASE``, never a
dialog), shows the main window,
lets the event loop turn once, then closes everything and exits 0. Any problem is one sentence
on standard error and the command line's exit code (3 no database, 4 wrong passphrase, …; 1 for
anything else). Nothing is written to the data folder or to the window layout settings. Used by
tools/check_install.py on the frozen build; on Windows ``"DHR Desk.exe" --self-check`` has no
console, so read its exit code (``echo %ERRORLEVEL%`` after ``start /wait``).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication

from dhr_desk import __version__
from dhr_desk.errors import DhrDeskError, WrongKeyError
from dhr_desk.services import access, connection
from dhr_desk.services.access import Database, DataDir, Unlock

ENV_PASSPHRASE = "DHR_DESK_PASSPHRASE"
READ_SECONDS = 60  # the dashboard and case list, read in the background


def _say(text: str, *, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    if stream is not None:  # a windowed program on Windows has neither
        print(text, file=stream, flush=True)


def _unlock(data_dir: DataDir, passphrase_file: str | None) -> Unlock:
    """How to open the database without asking anyone."""
    if access.key_mode(data_dir) == "keyring":
        return Unlock()
    if passphrase_file:
        try:
            lines = Path(passphrase_file).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DhrDeskError(f"The passphrase file {passphrase_file} could not be read.") from exc
        if not lines or not lines[0]:
            raise DhrDeskError(f"The passphrase file {passphrase_file} is empty.")
        return Unlock(passphrase=lines[0])
    if os.environ.get(ENV_PASSPHRASE):
        return Unlock(passphrase=os.environ[ENV_PASSPHRASE])
    raise WrongKeyError(
        "A passphrase is needed to open this database: use --passphrase-file FILE or set "
        f"{ENV_PASSPHRASE}."
    )


def _open(data_dir: DataDir, passphrase_file: str | None, database_url: str | None) -> Database:
    """The server when one is configured (signing in with the credential store's password or
    none), else the data folder's database."""
    url = connection.configured_url(database_url, data_dir)
    if url:
        db = connection.open_server(url)
        _say(f"Database: {connection.where(db)} opened")
        return db
    db = access.open_database(data_dir, _unlock(data_dir, passphrase_file))
    _say(f"Database: {data_dir.database} opened")
    return db


def _check(
    app: QApplication, data_dir: DataDir, passphrase_file: str | None, database_url: str | None
) -> None:
    from ui.app import RESOURCES

    _say(f"DHR Desk {__version__} self-check: Qt {qVersion()} on {app.platformName()}")
    style = RESOURCES / "style.qss"
    if not style.is_file() or not app.styleSheet():
        raise DhrDeskError(f"The style sheet {style} is missing; reinstall DHR Desk.")
    _say(f"Style sheet: {style}")

    db = _open(data_dir, passphrase_file, database_url)
    try:
        from ui.main_window import MainWindow

        window = MainWindow(db, data_dir)
        window.show()
        shown: list[bool] = []
        started = time.monotonic()

        def first_turn() -> None:
            if window.refreshing and time.monotonic() - started < READ_SECONDS:
                QTimer.singleShot(10, first_turn)  # the cases are read in the background
                return
            shown.append(window.isVisible() and not window.refreshing)
            app.exit(0)  # not quit(): that closes the window, which saves its layout

        QTimer.singleShot(0, first_turn)
        app.exec()
        if shown != [True]:
            raise DhrDeskError(
                "The main window did not come up, or did not read its cases within "
                f"{READ_SECONDS} seconds."
            )
        _say(f"Main window: shown, {window.case_list.model.rowCount()} cases listed")
        window.idle.stop()
        window.hide()
    finally:
        db.close()


def run(
    app: QApplication,
    data_dir: DataDir,
    passphrase_file: str | None,
    database_url: str | None = None,
) -> int:
    try:
        _check(app, data_dir, passphrase_file, database_url)
    except DhrDeskError as exc:
        _say(f"DHR Desk self-check failed: {exc}", error=True)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - any failure is the answer, in one line
        _say(f"DHR Desk self-check failed: {type(exc).__name__}: {exc}", error=True)
        return 1
    _say("Self-check passed: DHR Desk starts and opens its database.")
    return 0
