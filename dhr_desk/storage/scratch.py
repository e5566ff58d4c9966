"""Work folders for runs that need room beside the database (a backup's copy, a restore being
checked, a database being built), and the clean-up of what a killed run left behind.

A work folder holds only encrypted files. While its run lives it holds ``owner.lock`` open (and
locked on POSIX), so clean-up never removes the folder of a run still going in another window
or command: on POSIX the lock is free only once the owner is gone; on Windows an open file cannot
be removed, so the folder is kept until its owner closes it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

WORK_PREFIX = ".dhr-desk-work-"
OWNER = "owner.lock"
# What older versions left behind (no owner lock): removed once they are clearly stale.
_LEGACY = re.compile(
    r"^\.dhr-desk\.db\.(restore|init)(-wal|-shm|-journal|\..*\.part)?$"
    r"|^\.keyinfo\.json\..*\.part$"
)
_LEGACY_SCRATCH = re.compile(r"^\.dhr-desk-[A-Za-z0-9_]{8}$")  # a backup's old scratch folder
_LEGACY_SCRATCH_FILES = {"copy.db", "copy.db-journal", "keyinfo.json"}
_PART = re.compile(r"^\..*\.(dhrbak|db)\..*\.part$")  # a half-written backup or copy
STALE_AFTER = 3600.0  # seconds: no run of DHR Desk takes this long between two writes


@contextlib.contextmanager
def work_folder(parent: Path) -> Iterator[Path]:
    """A private folder (0700) in ``parent``, removed with everything in it afterwards."""
    path = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=parent))
    owner: IO[bytes] | None = None
    try:
        owner = open(path / OWNER, "wb")  # noqa: SIM115 - held open for the whole run
        _lock(owner)
        yield path
    finally:
        if owner is not None:
            owner.close()
        shutil.rmtree(path, ignore_errors=True)


def _lock(handle: IO[bytes]) -> None:
    if os.name == "posix":
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _owner_gone(folder: Path) -> bool:
    lock = folder / OWNER
    if not lock.exists():  # just made and not yet locked, or half removed: judge by age
        return _stale(folder)
    if os.name == "posix":
        import fcntl

        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # the run that made it is still going
        finally:
            os.close(fd)
        return True
    try:
        lock.unlink()  # refused while the owner holds it open
    except OSError:
        return False
    return True


def _stale(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime > STALE_AFTER
    except OSError:
        return False


def clean_leftovers(folder: Path) -> list[str]:
    """Remove what killed runs left in a data folder (or a backup folder). Returns the names."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                if not _abandoned_folder(entry.name, path):
                    continue
                shutil.rmtree(path, ignore_errors=True)
            elif (_LEGACY.match(entry.name) or _PART.match(entry.name)) and _stale(path):
                path.unlink(missing_ok=True)
            else:
                continue
        except OSError:
            continue
        removed.append(entry.name)
    return removed


def _abandoned_folder(name: str, path: Path) -> bool:
    if name.startswith(WORK_PREFIX):
        return _owner_gone(path)
    return bool(_LEGACY_SCRATCH.match(name)) and _is_legacy_scratch(path)


def _is_legacy_scratch(path: Path) -> bool:
    try:
        names = {p.name for p in path.iterdir()}
    except OSError:
        return False
    return names <= _LEGACY_SCRATCH_FILES and _stale(path)
