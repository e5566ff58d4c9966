"""Backups from the app: an encrypted copy of the database in the coordinator's backup folder
(the ``backup_folder`` setting), the same file ``dhr-desk backup`` writes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from dhr_desk.errors import DhrDeskError
from dhr_desk.records import settings
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.keys import KeyInfo
from dhr_desk.storage.paths import DataDir


def backup_folder(db: Database) -> str:
    return str(settings.get(db, "backup_folder") or "").strip()


def refused_here(db: Database) -> str:
    """Why the app's backup does not apply to this database ("" when it does): the
    partnership's server is backed up on the server, by its administrator."""
    if db.is_server:
        return (
            "The shared database is backed up on the server by its administrator, with "
            "PostgreSQL's own tools (see dhr-desk server backup); this laptop writes no copy "
            "of it."
        )
    return ""


def back_up(
    db: Database,
    data_dir: DataDir,
    folder: str | os.PathLike[str] | None = None,
    progress: Callable[..., None] | None = None,
) -> Path:
    """Write a dated ``.dhrbak`` file into ``folder`` (default: the backup folder setting)."""
    refused = refused_here(db)
    if refused:
        raise DhrDeskError(refused)
    chosen = str(folder or backup_folder(db))
    if not chosen:
        raise DhrDeskError(
            "No backup folder is set: choose one in Settings (Security and backup), ideally on "
            "an encrypted drive or a network share the council backs up."
        )
    target = Path(chosen)
    if target.exists() and not target.is_dir():
        raise DhrDeskError(f"The backup folder {target} is a file, not a folder.")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DhrDeskError(
            f"The backup folder {target} cannot be used ({exc.strerror}); nothing was written."
        ) from exc
    if progress:
        progress(0.1, "Copying the encrypted database…")
    path = store.backup(db, KeyInfo.load(data_dir.keyinfo), target)
    if progress:
        progress(1.0, "Backup written.")
    return path
