"""Starting the app: the set-up wizard (both key modes, the recovery key shown once), unlocking,
the idle lock, one copy per data folder, and the error handler's log without personal data."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard
from store_support import set_up
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.services import cases
from dhr_desk.storage import keys, store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir
from ui import dialogs, errors, unlock
from ui.main_window import MainWindow
from ui.single_instance import FirstCopy, ask_first_copy

PASSPHRASE = "correct horse battery staple"


def test_wizard_offers_passphrase_mode_with_the_reason_when_no_keyring(
    qtbot: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        keys, "keyring_problem", lambda *a: "no system credential store was found on this computer"
    )
    wizard = unlock.SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.mode_page
    assert not page.keyring.isEnabled() and page.passphrase.isChecked()
    reason = page.findChild(QLabel, "keyringReason")
    assert "no system credential store" in reason.text()
    wizard.next()
    assert wizard.currentId() == unlock.PAGE_PASSPHRASE
    pp = wizard.passphrase_page
    qtbot.keyClicks(pp.first, "short")
    assert "at least" in pp.error.text() and not pp.isComplete()
    pp.first.setText(PASSPHRASE)
    pp.second.setText(PASSPHRASE + "x")
    assert "not the same" in pp.error.text()
    pp.second.setText(PASSPHRASE)
    assert pp.isComplete()
    wizard.next()
    assert wizard.currentId() == unlock.PAGE_RECOVERY
    key = wizard.recovery_page.key.text()
    assert len(key) == 39 and key.count("-") == 7
    assert not wizard.recovery_page.isComplete()  # must confirm it was kept
    wizard.recovery_page.kept.setChecked(True)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert wizard.database is not None
    wizard.database.close()
    # the database opens with the passphrase, and with the recovery key shown once
    store.open_database(data_dir, Unlock(passphrase=PASSPHRASE)).close()
    store.open_database(data_dir, Unlock(recovery_key=key)).close()


def test_wizard_keyring_mode_opens_silently_later(qtbot: Any, data_dir: DataDir) -> None:
    wizard = unlock.SetupWizard(data_dir)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.mode_page.keyring.isChecked()  # the in-memory store counts as secure
    wizard.next()
    assert wizard.currentId() == unlock.PAGE_RECOVERY and wizard.database is not None
    wizard.database.close()
    db = unlock.open_database(data_dir)  # no dialog: the key comes from the credential store
    assert db is not None
    db.close()


def test_unlock_dialog_says_what_is_wrong_then_opens(qtbot: Any, data_dir: DataDir) -> None:
    set_up(data_dir, "passphrase", PASSPHRASE)
    dialog = unlock.UnlockDialog(data_dir)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.secret, "not the passphrase")
    assert not dialog.try_open()
    assert "does not open" in dialog.error.text()
    assert dialog.secret.text() == "not the passphrase"
    dialog.secret.setText(PASSPHRASE)
    assert dialog.try_open()
    assert dialog.database is not None
    dialog.database.close()


def test_idle_lock_hides_case_data_until_unlocked(
    qtbot: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up(data_dir, "passphrase", PASSPHRASE)
    db = store.open_database(data_dir, Unlock(passphrase=PASSPHRASE))
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *a: "discard")
    window = MainWindow(db, data_dir)
    wait_refreshed(qtbot, window)
    qtbot.addWidget(window)
    window.show()
    ws = window.open_case(case.id)
    assert ws is not None
    ws.show_area("people")
    ws.pages["people"].form.set_value("real_name", "Typed before the lock")
    window.idle.set_minutes(1)
    window.idle.timer.setInterval(50)  # a minute is too long for a test
    window.idle.timer.start()
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert not window.tabs.isVisible() and window.lock_screen.isVisible()
    assert not window.save_action.isEnabled()
    qtbot.keyClicks(window.lock_screen.secret, "wrong passphrase!")
    qtbot.keyClick(window.lock_screen.secret, Qt.Key.Key_Return)
    assert window.locked and "does not open" in window.lock_screen.error.text()
    window.lock_screen.secret.setText(PASSPHRASE)
    qtbot.mouseClick(window.lock_screen.button, Qt.MouseButton.LeftButton)
    assert not window.locked and window.tabs.isVisible()
    assert ws.pages["people"].form.raw("real_name") == "Typed before the lock"
    window.close()
    db.close()


def test_a_second_copy_brings_the_first_forward(qtbot: Any, data_dir: DataDir) -> None:
    other = DataDir(data_dir.root.parent / "elsewhere")
    assert not ask_first_copy(data_dir)
    first = FirstCopy(data_dir)
    try:
        with qtbot.waitSignal(first.show_requested, timeout=3000):
            assert ask_first_copy(data_dir)
        assert not ask_first_copy(other)  # another data folder is another installation
    finally:
        first.close()


def test_unexpected_error_is_logged_without_personal_data(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _parent, text, *a: shown.append(text))
    previous = sys.excepthook
    errors.install(tmp_path / "logs")
    try:
        try:
            victim = {"real_name": "Joanne Example", "date_of_birth": "1980-02-03"}
            raise ValueError(f"bad value for {victim['real_name']} born {victim['date_of_birth']}")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    log = (tmp_path / "logs" / "errors.log").read_text("utf-8")
    assert "builtins.ValueError" in log and "test_ui_start.py:" in log
    assert "Joanne" not in log and "1980" not in log
    assert shown and "Joanne" not in shown[0] and "log" in shown[0]


def test_main_opens_the_window_and_remembers_its_layout(
    qtbot: Any, db: Any, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import app as app_module
    from ui.main_window import qsettings

    monkeypatch.setattr(unlock, "open_database", lambda _d: db)
    monkeypatch.setattr(db, "close", lambda: None)  # the fixture closes it
    seen: list[MainWindow] = []

    def close_soon() -> None:
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        seen.extend(windows)
        for window in windows:
            window.resize(1000, 700)
            window.close()

    previous = sys.excepthook
    try:
        QTimer.singleShot(200, close_soon)
        assert app_module.main(["--data-dir", str(data_dir.root)]) == 0
    finally:
        sys.excepthook = previous
    assert seen and seen[0].windowTitle() == "DHR Desk — This laptop"
    assert qsettings().value("main/geometry") is not None
