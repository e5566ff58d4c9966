"""Where DHR Desk keeps its files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from dhr_desk import APP_NAME

ENV_HOME = "DHR_DESK_HOME"
DB_FILENAME = "dhr-desk.db"
KEYINFO_FILENAME = "keyinfo.json"


@dataclass(frozen=True)
class DataDir:
    """The data folder of one installation: database, key envelope, backups and logs."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def keyinfo(self) -> Path:
        return self.root / KEYINFO_FILENAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def ensure(self) -> None:
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                folder.chmod(0o700)


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataDir:
    """``--data-dir`` wins, then ``DHR_DESK_HOME``, then the platform's user data folder."""
    if explicit:
        return DataDir(Path(explicit).expanduser().resolve())
    env = os.environ.get(ENV_HOME)
    if env:
        return DataDir(Path(env).expanduser().resolve())
    return DataDir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False)))
