"""Errors that carry a plain-words message for the coordinator.

Every failure a user can cause (wrong passphrase, a damaged file, a bad import) is raised as a
subclass of :class:`DhrDeskError`. The command line prints ``str(error)`` and exits non-zero; the
desktop app shows the same sentence. No traceback reaches the user for these.
"""

from __future__ import annotations


class DhrDeskError(Exception):
    """Base class: ``str(err)`` is a complete sentence a coordinator can act on."""

    exit_code = 1


class NotInitialisedError(DhrDeskError):
    exit_code = 3


class AlreadyInitialisedError(DhrDeskError):
    exit_code = 3


class WrongKeyError(DhrDeskError):
    """The passphrase, recovery key or stored key does not open the database."""

    exit_code = 4


class InsecureKeyringError(DhrDeskError):
    exit_code = 5


class KeyringUnavailableError(DhrDeskError):
    exit_code = 5


class DamagedDatabaseError(DhrDeskError):
    """The file is not a DHR Desk database, or it is truncated or corrupt."""

    exit_code = 6


class DatabaseLockedError(DhrDeskError):
    exit_code = 7


class ValidationError(DhrDeskError):
    """Input that breaks a rule; ``problems`` lists each one as (where, reason)."""

    exit_code = 2

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.problems: list[tuple[str, str]] = problems or []

    def __str__(self) -> str:
        base = super().__str__()
        if not self.problems:
            return base
        lines = [base] + [f"  {where}: {reason}" for where, reason in self.problems]
        return "\n".join(lines)


class NeedsConfirmation(ValidationError):
    """Input that is possible but unusual (a chronology entry after the date of death): nothing
    is saved until the person confirms it; ``problems`` says what to confirm."""


class NotFoundError(DhrDeskError):
    exit_code = 8


class DiskFullError(DhrDeskError):
    exit_code = 9


class FolderMissingError(DhrDeskError):
    """A file was to be written into a folder that does not exist (folders are not created)."""

    exit_code = 2


class ChangedMeanwhileError(DhrDeskError):
    """Someone else saved the same record after it was opened: nothing was saved, and both
    versions are kept for the person to choose (``theirs`` as saved, ``yours`` as typed)."""

    exit_code = 15

    def __init__(
        self,
        message: str,
        *,
        who: str,
        when: object,
        theirs: dict[str, object],
        yours: dict[str, object],
        changed: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(message)
        self.who = who
        self.when = when
        self.theirs = theirs
        self.yours = yours
        self.changed = changed  # the fields they changed since it was opened
