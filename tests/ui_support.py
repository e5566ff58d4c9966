"""Shared by the desktop app's tests (a pytest plugin, see conftest.py): machine-level settings
(window layout, last folder) go to a temporary folder, never to the real user's QSettings; the
main window they work in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path_factory: Any) -> Iterator[None]:
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    yield


def wait_refreshed(qtbot: Any, window: Any) -> None:
    """The dashboard and the case list are read in the background: wait until shown."""
    qtbot.waitUntil(lambda: not window.refreshing, timeout=20_000)


@pytest.fixture
def window(qtbot: Any, db: Any, data_dir: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The main window on the test's database, shown, its lists read. Questions are answered
    as a coordinator in a hurry would: yes to a confirmation, discard to unsaved edits."""
    from ui import dialogs
    from ui.main_window import MainWindow

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "ask_unsaved", lambda *a, **k: "discard")
    win = MainWindow(db, data_dir)
    wait_refreshed(qtbot, win)
    qtbot.addWidget(win)
    win.show()
    return win
