"""Start the desktop app: ``dhr-desk-app [--data-dir DIR] [--database-url URL]``.

One copy per data folder (a second copy brings the first window forward), the global error
handler, then the partnership's server when one is configured (``--database-url``,
``DHR_DESK_DATABASE_URL`` or the saved address, as for the command line), else the set-up
wizard or the unlock step of this laptop's database, then the main window.
"""

from __future__ import annotations

import argparse
import gc
import sys
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from dhr_desk import APP_NAME, __version__
from dhr_desk.services.access import DataDir, resolve_data_dir

if TYPE_CHECKING:
    from dhr_desk.services.access import Database


def resources_dir() -> Path:
    """The shipped resources (style sheet, icons): the installed package's copy, else the
    checkout's — the rule of ``dhr_desk.documents.locations``, without loading the documents
    package at start-up."""
    installed = resources.files("dhr_desk").joinpath("resources")
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "resources"


RESOURCES = resources_dir()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dhr-desk-app", description="The DHR Desk desktop app.")
    parser.add_argument("--data-dir", metavar="DIR", help="folder of the database")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="work on the partnership's PostgreSQL server, postgresql://name@host/database "
        "(or set DHR_DESK_DATABASE_URL; default: the address saved by 'Connect to the "
        "partnership's server', else this laptop's encrypted database)",
    )
    parser.add_argument("--version", action="version", version=f"DHR Desk {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="open the database and the main window, then exit 0 (installation check)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="with --self-check: the passphrase (or set DHR_DESK_PASSPHRASE)",
    )
    args, _qt_args = parser.parse_known_args(argv)
    return args


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, high-DPI aware, styled; reused when one already exists (tests)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        apply_style(existing)
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(list(argv) if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("DHR Desk")
    app.setApplicationVersion(__version__)
    icon = RESOURCES / "icons" / "dhr-desk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    qss = RESOURCES / "style.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text("utf-8"))


def warm_up() -> threading.Thread:
    """Load the core (database, clocks, calendar) in the background while Qt starts and the
    coordinator types the passphrase. Only code is loaded: no file is opened, nothing is read."""

    def load() -> None:
        import datetime as dt

        from dhr_desk.services import access, dashboard, workspace  # noqa: F401

        access.warm_up(dt.date.today().year)

    thread = threading.Thread(target=load, name="warm-up", daemon=True)
    thread.start()
    return thread


def freeze_startup_objects() -> None:
    """Move everything loaded at start-up (modules, Qt wrappers, the ORM's registries) out of
    the garbage collector's reach: a full collection then scans only what work creates since,
    which keeps its pauses — which stop every thread, the GUI's too — short while a large
    document is generated in the background."""
    gc.freeze()


def choose_database(
    data_dir: DataDir, explicit_url: str | None, *, laptop: bool = False
) -> Database | None:
    """The server when one is configured (unless ``laptop``), else this laptop's database (set
    up on the first run). None when the person quits."""
    from dhr_desk.errors import DhrDeskError
    from dhr_desk.services import connection
    from ui import dialogs, server_connect, unlock

    if not laptop:
        try:
            url = connection.configured_url(explicit_url, data_dir)
        except DhrDeskError as exc:
            dialogs.error(None, str(exc))
            return None
        if url:
            opened = server_connect.open_server(url, data_dir)
            if not isinstance(opened, str):
                return opened
    return unlock.open_database(data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir: DataDir = resolve_data_dir(args.data_dir)
    if args.self_check:  # no crash trace, log or run marker: it must leave nothing behind
        from ui import self_check

        return self_check.run(
            make_application(["dhr-desk-app"]), data_dir, args.passphrase_file, args.database_url
        )
    from ui import errors

    errors.install(data_dir.logs)
    errors.trace_fatal_errors()  # from here on a crash leaves its code locations in the log
    warm_up()
    app = make_application(sys.argv[:1] if argv is None else ["dhr-desk-app"])

    from ui.single_instance import FirstCopy, ask_first_copy

    if ask_first_copy(data_dir):
        return 0  # the copy already running comes forward
    first = FirstCopy(data_dir)
    errors.start_run()  # says so first if the last run did not end cleanly
    from ui import server_connect

    explicit_url: str | None = args.database_url
    laptop = False
    try:
        while True:
            db = choose_database(data_dir, explicit_url, laptop=laptop)  # asks while the core
            if db is None:  # is still loading in the background
                return 0
            from ui.main_window import LAPTOP_DATABASE, MainWindow

            window = MainWindow(db, data_dir)
            first.show_requested.connect(window.bring_forward)
            window.show()
            window.drafts.offer_restore()  # edits kept from a run that did not end cleanly
            freeze_startup_objects()
            try:
                code = app.exec()
            finally:
                first.show_requested.disconnect(window.bring_forward)
                db.close()
                window.deleteLater()
            if window.switch_to is None:
                return code
            laptop = window.switch_to == LAPTOP_DATABASE  # File ▸ Use this laptop's database
            explicit_url = None if laptop else window.switch_to  # File ▸ Connect to a server…
    finally:
        server_connect.wait_for_background()
        first.close()
        errors.end_run()


if __name__ == "__main__":
    sys.exit(main())
