"""The desktop app on the partnership's server: opening it with the password from the
credential store or from the sign-in dialog, the wrong password, a server that cannot be
reached (this laptop's database offered), Cancel while connecting, the idle lock, and which
database the window says it is on."""

from __future__ import annotations

import contextlib
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pg_support
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget
from store_support import set_up
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.services import cases, connection
from dhr_desk.storage import server, store
from dhr_desk.storage.paths import DataDir
from ui import app as app_module
from ui import server_connect
from ui.main_window import MainWindow

PASSWORD = "Tr0ubadour-and-horse"


@pytest.fixture
def server_database() -> Iterator[str]:
    """A migrated database of its own on the test server; its name."""
    try:
        name = pg_support.new_database()
    except pg_support.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield name
    pg_support.drop_database(name)


@pytest.fixture
def signed_url(server_database: str) -> str:
    """The URL (no password) of a sign-in the server asks a password of, with one case."""
    admin = pg_support.cluster().url(server_database)
    with contextlib.closing(store.open_server(admin)) as db:
        cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": "Police"})
    try:
        return pg_support.password_sign_in(server_database, PASSWORD)
    except pg_support.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


def when_shown(kind: type[QWidget], act: Callable[[Any], None], ready: Any = None) -> None:
    """Once a window of ``kind`` is shown (a modal one runs its own loop), ``act`` on it."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible() and (ready is None or ready(widget)):
                act(widget)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def refused_then_right(dialog: server_connect.SignInDialog, seen: list[str]) -> None:
    """Type a wrong password, read the message, then the right one."""
    seen.append(dialog.findChild(QWidget, "signInMessage").text())  # type: ignore[union-attr]
    dialog.password.setText(PASSWORD + "x")
    dialog.sign_in.click()

    def then_right(d: server_connect.SignInDialog) -> None:
        seen.append(d.error.text())
        d.password.setText(PASSWORD)
        d.sign_in.click()

    when_shown(
        server_connect.SignInDialog,
        then_right,
        lambda d: bool(d.error.text()) and d.password.isEnabled(),
    )


def test_the_app_opens_on_the_server_with_the_password_from_the_credential_store(
    qtbot: Any, signed_url: str, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.store_password(server.parse(signed_url), PASSWORD)
    monkeypatch.setattr(
        server_connect, "ask_after_problem", lambda *a: pytest.fail(f"asked: {a[1]}")
    )
    seen: list[tuple[str, str, int]] = []

    def look_then_close() -> None:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()  # not one another test left hidden
        ]
        if not windows or windows[0].refreshing:
            QTimer.singleShot(20, look_then_close)
            return
        window = windows[0]
        label = window.findChild(QWidget, "databaseLabel")
        seen.append((window.windowTitle(), label.text(), window.case_list.model.rowCount()))  # type: ignore[union-attr]
        window.close()

    previous = sys.excepthook
    try:
        QTimer.singleShot(0, look_then_close)
        argv = ["--data-dir", str(data_dir.root), "--database-url", signed_url]
        assert app_module.main(argv) == 0
    finally:
        sys.excepthook = previous
    shown = server.parse(signed_url).shown
    assert seen == [(f"DHR Desk — Server: {shown}", f"Server: {shown}", 1)]
    assert not data_dir.database.exists()  # nothing was made on this laptop


def test_the_sign_in_dialog_asks_says_a_wrong_password_and_remembers_the_right_one(
    qtbot: Any, signed_url: str, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(server.ENV_URL, signed_url)  # as DHR_DESK_DATABASE_URL
    monkeypatch.setattr(
        server_connect, "ask_after_problem", lambda *a: pytest.fail(f"asked: {a[1]}")
    )
    seen: list[str] = []
    when_shown(server_connect.SignInDialog, lambda d: refused_then_right(d, seen))
    db = app_module.choose_database(data_dir, None)
    assert db is not None and db.is_server
    try:
        address = server.parse(signed_url)
        assert seen == [
            f"The server 127.0.0.1 asks for the password of {address.user}.",
            f"The server 127.0.0.1 refused the sign-in for {address.user}: the name or the "
            "password is wrong.",
        ]
        assert server.stored_password(address) == PASSWORD  # "Remember" was ticked
        assert connection.where(db) == f"Server: {address.shown}"
        assert [c.reference for c in cases.list_cases(db)] == ["DHR-2025-001"]
    finally:
        db.close()
    assert not (data_dir.root / server.SETTING_FILE).exists()  # the address came from outside


def test_a_password_not_remembered_unlocks_the_idle_lock_and_a_wrong_one_does_not(
    qtbot: Any, signed_url: str, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    def sign_in(dialog: server_connect.SignInDialog) -> None:
        dialog.remember.setChecked(False)
        dialog.password.setText(PASSWORD)
        dialog.sign_in.click()

    when_shown(server_connect.SignInDialog, sign_in)
    db = app_module.choose_database(data_dir, signed_url)
    assert db is not None
    assert server.stored_password(server.parse(signed_url)) is None
    window = MainWindow(db, data_dir)
    qtbot.addWidget(window)
    try:
        wait_refreshed(qtbot, window)
        window.lock()
        assert window.locked and window.windowTitle().endswith("(locked)")
        screen = window.lock_screen
        assert screen.secret.accessibleName() == "Password of your sign-in to the server"
        assert not screen.try_unlock()  # nothing typed: the password was not kept
        assert "is not the password" in screen.error.text()
        screen.secret.setText("guess")
        assert not screen.try_unlock() and window.locked
        screen.secret.setText(PASSWORD)
        assert screen.try_unlock() and not window.locked
        assert window.windowTitle() == f"DHR Desk — Server: {server.parse(signed_url).shown}"
    finally:
        window.idle.stop()
        window.drafts.stop()
        db.close()


def test_a_stale_stored_password_is_said_so_and_replaced(
    qtbot: Any, signed_url: str, data_dir: DataDir
) -> None:
    address = server.parse(signed_url)
    server.store_password(address, "last-year's password")
    seen: list[str] = []
    when_shown(server_connect.SignInDialog, lambda d: refused_then_right(d, seen))
    db = app_module.choose_database(data_dir, signed_url)
    assert db is not None
    db.close()
    assert "refused the password kept in this computer's credential store" in seen[0]
    assert server.stored_password(address) == PASSWORD


def test_an_unreachable_server_offers_this_laptops_database(
    qtbot: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up(data_dir)  # this laptop has its own encrypted database (keyring mode)
    port = pg_support._free_port()  # nothing listens there
    url = f"postgresql://j.okafor@127.0.0.1:{port}/dhr_desk?sslmode=disable"
    asked: list[tuple[str, bool]] = []
    answers = iter(["retry", "laptop"])

    def answer(_parent: Any, text: str, offer_laptop: bool) -> str:
        asked.append((text, offer_laptop))
        return next(answers)

    monkeypatch.setattr(server_connect, "ask_after_problem", answer)
    db = app_module.choose_database(data_dir, url)
    assert db is not None
    try:
        assert not db.is_server and connection.where(db) == "This laptop"
    finally:
        db.close()
    assert len(asked) == 2  # tried again, then chose the laptop
    text, offered = asked[0]
    assert offered and text.startswith("The server 127.0.0.1 cannot be reached (")
    assert "Traceback" not in text


def test_without_a_database_on_this_laptop_only_try_again_or_quit_are_offered(
    qtbot: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = pg_support._free_port()
    url = f"postgresql://j.okafor@127.0.0.1:{port}/dhr_desk?sslmode=disable"
    asked: list[bool] = []
    monkeypatch.setattr(
        server_connect, "ask_after_problem", lambda _p, _t, offer: asked.append(offer) or "quit"
    )
    assert app_module.choose_database(data_dir, url) is None
    assert asked == [False]
    assert not data_dir.root.exists()


def test_cancel_while_connecting_stops_waiting_and_leaves_nothing_open(
    qtbot: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    silent = socket.socket()  # accepts the connection and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    port = silent.getsockname()[1]
    url = f"postgresql://j.okafor@127.0.0.1:{port}/dhr_desk?sslmode=disable"
    asked: list[str] = []
    monkeypatch.setattr(
        server_connect, "ask_after_problem", lambda _p, text, _o: asked.append(text) or "quit"
    )
    when_shown(
        server_connect.BusyDialog, lambda d: d.findChild(QWidget, "cancelConnecting").click()
    )
    try:
        assert app_module.choose_database(data_dir, url) is None
        assert asked == ["Connecting was cancelled."]
    finally:
        silent.close()  # the attempt ends now, in the background
    server_connect.wait_for_background()
    qtbot.waitUntil(lambda: not server_connect._BACKGROUND, timeout=20_000)


def test_tls_and_schema_problems_are_said_plainly(server_database: str) -> None:
    cluster = pg_support.cluster()
    plain = cluster.url(server_database)
    # The test server speaks no TLS: verify-full (the default) cannot be met.
    secure = plain.replace("sslmode=disable", "sslmode=verify-full")
    outcome = connection.attempt(secure)
    assert outcome.database is None and outcome.kind == "insecure"
    assert outcome.problem.startswith("The connection to the server 127.0.0.1 is not secure")
    with contextlib.closing(cluster.admin()) as conn:  # type: ignore[type-var]
        conn.execute(f"CREATE DATABASE {server_database}_empty")  # type: ignore[attr-defined]
    try:
        outcome = connection.attempt(cluster.url(f"{server_database}_empty"))
        assert outcome.kind == "other" and "holds no DHR Desk data yet" in outcome.problem
    finally:
        pg_support.drop_database(f"{server_database}_empty")


# --------------------------------------------------------------------------- connecting a computer
def test_the_wizards_server_path_tests_saves_and_opens_the_server(
    qtbot: Any, signed_url: str, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QWizard

    from ui import unlock

    seen: list[str] = []

    def choose_the_server(wizard: unlock.SetupWizard) -> None:
        wizard.mode_page.server.setChecked(True)
        wizard.next()
        seen.append(f"page {wizard.currentId()}")
        form = wizard.server_page.form
        form.host.setText(signed_url)  # pasted whole
        form.host.editingFinished.emit()
        seen.append(f"{form.host.text()} {form.database.text()} {form.user.text()}")
        form.password.setText("not the password")
        wizard.server_page.tester.button.click()
        when_shown(unlock.SetupWizard, then_the_right_password, tested)

    def tested(wizard: unlock.SetupWizard) -> bool:
        return not wizard.server_page.tester.testing and bool(
            wizard.server_page.tester.result.text()
        )

    def then_the_right_password(wizard: unlock.SetupWizard) -> None:
        seen.append(wizard.server_page.tester.result.text())
        wizard.server_page.form.password.setText(PASSWORD)
        wizard.server_page.tester.button.click()
        when_shown(unlock.SetupWizard, save, tested)

    def save(wizard: unlock.SetupWizard) -> None:
        seen.append(wizard.server_page.tester.result.text())
        wizard.button(QWizard.WizardButton.FinishButton).click()

    when_shown(unlock.SetupWizard, choose_the_server)
    db = unlock.open_database(data_dir)
    assert db is not None
    address = server.parse(signed_url)
    try:
        assert db.is_server and connection.where(db) == f"Server: {address.shown}"
    finally:
        db.close()
    assert seen[0] == f"page {unlock.PAGE_SERVER}"
    assert seen[1] == f"127.0.0.1 {address.database} {address.user}"
    assert "refused the sign-in" in seen[2] and "password is wrong" in seen[2]
    assert seen[3].startswith(f"Connected to {address.database} on 127.0.0.1 as {address.user}")
    # The same setting `dhr-desk server connect` writes: the address, never the password.
    saved = (data_dir.root / server.SETTING_FILE).read_text("utf-8")
    assert PASSWORD not in saved
    assert server.configured_url(None, data_dir.root) == address.url()
    assert server.stored_password(address) == PASSWORD
    assert not data_dir.database.exists() and not data_dir.keyinfo.exists()
    # The next start opens the server with no question.
    monkeypatch.setattr(
        server_connect, "ask_after_problem", lambda *a: pytest.fail(f"asked: {a[1]}")
    )
    again = app_module.choose_database(data_dir, None)
    assert again is not None and again.is_server
    again.close()


def test_the_connect_form_takes_parts_or_a_pasted_address_and_says_what_is_missing(
    qtbot: Any, data_dir: DataDir
) -> None:
    from ui.connect_dialog import ConnectDialog

    dialog = ConnectDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    assert "verify-full" in form.security.text()
    form.host.setText("db.council.example")
    assert not dialog.save()
    assert form.problem.text() == (
        "The server's address is not complete: Database is needed. Sign-in name is needed."
    )
    form.database.setText("dhr_desk")
    form.user.setText("j.okafor")
    form.port.setText("6543")
    form.ca_file.setText("/etc/dhr-desk/council-ca.pem")
    form.password.setText(PASSWORD)
    assert dialog.save()
    address = server.parse(server.configured_url(None, data_dir.root) or "")
    assert (address.host, address.port, address.database, address.user, address.sslmode) == (
        "db.council.example",
        6543,
        "dhr_desk",
        "j.okafor",
        "verify-full",
    )
    assert address.options == {"sslrootcert": "/etc/dhr-desk/council-ca.pem"}
    assert server.stored_password(address) == PASSWORD
    assert PASSWORD not in (data_dir.root / server.SETTING_FILE).read_text("utf-8")
    # Opened again, the dialog shows what is saved; a weakened address is refused plainly.
    again = ConnectDialog(data_dir)
    qtbot.addWidget(again)
    assert again.form.ca_file.text() == "/etc/dhr-desk/council-ca.pem"
    again.form.host.setText("postgresql://j.okafor@db.council.example/dhr_desk?sslmode=disable")
    assert not again.save()
    assert again.form.problem.text().startswith("sslmode=disable is accepted only for a server")


def test_file_menu_moves_the_app_from_this_laptop_to_the_server_and_back(
    qtbot: Any, signed_url: str, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import dialogs

    set_up(data_dir)
    server.store_password(server.parse(signed_url), PASSWORD)
    monkeypatch.setattr(dialogs, "confirm", lambda *a: True)
    titles: list[str] = []

    def next_window() -> None:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and not w.refreshing
        ]
        if not windows:
            QTimer.singleShot(20, next_window)
            return
        window = windows[0]
        titles.append(window.windowTitle())
        laptop_entry = window.findChild(QAction, "actionUseLaptop")
        if len(titles) == 1:  # on the laptop: connect to the server
            titles.append(f"use laptop shown: {laptop_entry.isVisible()}")  # type: ignore[union-attr]
            window.connect_to_server()
            form = window.connect_dialog.form
            form.host.setText(signed_url)
            window.connect_dialog.save()
        elif len(titles) == 3:  # on the server: back to the laptop
            titles.append(f"use laptop shown: {laptop_entry.isVisible()}")  # type: ignore[union-attr]
            laptop_entry.trigger()  # type: ignore[union-attr]
        else:
            window.close()
            return
        QTimer.singleShot(20, next_window)

    previous = sys.excepthook
    try:
        QTimer.singleShot(0, next_window)
        assert app_module.main(["--data-dir", str(data_dir.root)]) == 0
    finally:
        sys.excepthook = previous
    shown = server.parse(signed_url).shown
    assert titles == [
        "DHR Desk — This laptop",
        "use laptop shown: False",
        f"DHR Desk — Server: {shown}",
        "use laptop shown: True",
        "DHR Desk — This laptop",
    ]
    assert not (data_dir.root / server.SETTING_FILE).exists()  # the address is forgotten


def test_the_self_check_opens_the_server_with_the_stored_password(
    qtbot: Any, signed_url: str, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui import self_check

    app = app_module.make_application(["dhr-desk-app"])  # styled, as the app is
    assert self_check.run(app, data_dir, None, signed_url) == server.ServerError.exit_code
    assert "refused the sign-in" in capsys.readouterr().err
    server.store_password(server.parse(signed_url), PASSWORD)
    assert self_check.run(app, data_dir, None, signed_url) == 0
    out = capsys.readouterr().out
    assert f"Database: Server: {server.parse(signed_url).shown} opened" in out
    assert "Main window: shown, 1 cases listed" in out
    assert not data_dir.root.exists()  # the check leaves nothing behind


def test_an_installation_without_the_driver_says_so_plainly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    outcome = connection.attempt("postgresql://j.okafor@127.0.0.1:1/dhr_desk?sslmode=disable")
    assert outcome.database is None and outcome.kind == "other"
    assert "the PostgreSQL driver (psycopg) is missing" in outcome.problem
