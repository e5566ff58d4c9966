"""Shared by the desktop app's tests: machine-level settings (window layout, last folder) go to
a temporary folder, never to the real user's QSettings."""

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
