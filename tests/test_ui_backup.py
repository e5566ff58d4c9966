"""Back up now: an encrypted backup from the File menu, written off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.errors import DhrDeskError
from dhr_desk.records import settings
from dhr_desk.services import backups, cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import KeyInfo
from ui import dialogs
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, db: Any, data_dir: Any, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    win = MainWindow(db, data_dir)
    wait_refreshed(qtbot, win)
    qtbot.addWidget(win)
    win.show()
    return win


def test_back_up_now_writes_an_encrypted_backup_to_the_backup_folder(
    qtbot: Any,
    window: MainWindow,
    db: Any,
    data_dir: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cases.new_dhr(db, {"notification_received_on": "2025-06-02", "notified_by": "Police"})
    said: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, text, *a: said.append(text))
    settings.set_many(db, {"backup_folder": str(tmp_path / "usb")})
    window.findChild(type(window.new_action), "actionBackUp").trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    [written] = list((tmp_path / "usb").glob("dhr-desk-*.dhrbak"))
    assert str(written) in said[0]
    info, _offset = store.read_backup_header(written)
    assert info.key_check == KeyInfo.load(data_dir.keyinfo).key_check
    assert b"Police" not in written.read_bytes()


def test_without_a_backup_folder_the_app_says_where_to_set_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, text, *a: said.append(text))
    monkeypatch.setattr(window, "open_settings", lambda: said.append("settings opened"))
    window.back_up()
    assert "Choose a backup folder" in said[0] and said[1] == "settings opened"


def test_a_folder_that_is_a_file_is_refused(db: Any, data_dir: Any, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(DhrDeskError, match="is a file"):
        backups.back_up(db, data_dir, tmp_path / "afile")
