"""Replace files safely: write beside the target, fsync, then ``os.replace``."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from dhr_desk.errors import DhrDeskError, DiskFullError, FolderMissingError


def fsync_dir(folder: Path) -> None:
    """Make a folder's new or renamed entries durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(
    target: Path, mode: str = "wb", *, durable_rename: bool = True
) -> Iterator[IO[Any]]:
    """Yield a file object; on success the target is replaced whole, on failure left as it was.

    The new content is always synced before it replaces the old. ``durable_rename=False`` skips
    syncing the folder afterwards: after a power cut the target may then still hold its old
    content (never a mixture), for a file whose old content is as good.

    The folder must exist: it is never created here (a mistyped folder would otherwise appear,
    readable by others, with a personal document in it).
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise FolderMissingError(
            f"The folder {folder} does not exist{' (it is a file)' if folder.exists() else ''}, "
            f"so {target.name} was not written. Choose an existing folder; nothing was changed."
        )
    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        tmp = Path(tmp_name)
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        if durable_rename:
            fsync_dir(folder)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise DiskFullError(
                f"The disk is full, so {target.name} was not written; nothing was changed. "
                "Free some space and try again."
            ) from exc
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise DhrDeskError(
                f"{target} could not be written ({exc.strerror}): the folder may not allow it, "
                "or the file may be open in another program. Nothing was changed."
            ) from exc
        raise
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: Path, data: bytes, *, durable_rename: bool = True) -> None:
    with atomic_writer(target, "wb", durable_rename=durable_rename) as handle:
        handle.write(data)
