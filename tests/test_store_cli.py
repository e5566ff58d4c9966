"""The command line reaches the same services: init, list, verify, backup, restore, rekey."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dhr_desk.cli import main
from dhr_desk.services import cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import Unlock


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DHR_DESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DHR_DESK_PASSPHRASE", raising=False)
    (tmp_path / "pass.txt").write_text("ferry copper thistle 88\n")
    return tmp_path


def test_whole_admin_journey_on_the_command_line(home: Path, capsys) -> None:
    pf = str(home / "pass.txt")
    assert main(["--passphrase-file", pf, "init", "--mode", "passphrase"]) == 0
    out = capsys.readouterr().out
    assert "RECOVERY KEY" in out
    recovery = out.split("RECOVERY KEY")[1].split("\n\n")[1].strip()
    from dhr_desk.storage.paths import resolve_data_dir

    db = store.open_database(resolve_data_dir(), Unlock(passphrase="ferry copper thistle 88"))
    cases.new_dhr(db, {"notification_received_on": "2025-07-01", "notified_by": "Police"})
    db.close()

    assert main(["--passphrase-file", pf, "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["reference"] for c in listed] == ["DHR-2025-001"]
    assert listed[0]["opened_on"] == "2025-07-01" and listed[0]["kind"] == "dhr"

    assert main(["--passphrase-file", pf, "verify"]) == 0
    assert "The database is sound." in capsys.readouterr().out

    assert main(["--passphrase-file", pf, "backup", str(home / "b.dhrbak")]) == 0
    assert (home / "b.dhrbak").exists()
    assert main(["--passphrase-file", pf, "restore", str(home / "b.dhrbak")]) == 0
    capsys.readouterr()

    (home / "new.txt").write_text("new passphrase for the panel\n")
    assert (
        main(["--passphrase-file", pf, "rekey", "--new-passphrase-file", str(home / "new.txt")])
        == 0
    )
    assert main(["--passphrase-file", pf, "list"]) == 4
    assert "does not open" in capsys.readouterr().err
    assert main(["--recovery-key", recovery, "list"]) == 0
    assert "DHR-2025-001" in capsys.readouterr().out


def test_init_without_a_secure_credential_store_says_why_and_offers_passphrase_mode(
    home: Path, capsys
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert main(["init"]) == 5
    err = capsys.readouterr().err
    assert "no system credential store" in err and "--mode passphrase" in err
    assert not (home / "home" / "dhr-desk.db").exists()
