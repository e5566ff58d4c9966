"""Which database the desktop app works on: the partnership's server, or this laptop's own.

The app asks the same question the command line does (``--database-url``, then
``DHR_DESK_DATABASE_URL``, then the address saved by ``dhr-desk server connect`` or by the
app's "Connect to the partnership's server"), signs in with the password kept in the
credential store or typed into its sign-in dialog, and says in one sentence what went wrong.
Connecting can take seconds: the app calls :func:`attempt` off its GUI thread.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import DBAPIError

from dhr_desk.errors import DhrDeskError, ValidationError, WrongKeyError
from dhr_desk.storage import server
from dhr_desk.storage.paths import DataDir
from dhr_desk.storage.server import (
    InsecureConnectionError,
    ServerAddress,
    ServerError,
    ServerUnreachableError,
    SignInRefusedError,
)

if TYPE_CHECKING:
    from dhr_desk.storage.database import Database

__all__ = [
    "Attempt",
    "InsecureConnectionError",
    "ServerAddress",
    "ServerError",
    "ServerUnreachableError",
    "SignInRefusedError",
    "address_from",
    "attempt",
    "check_unlock",
    "configured_url",
    "forget_saved",
    "keyring_problem",
    "open_server",
    "parse",
    "save",
    "try_connection",
    "where",
]

DEFAULT_PORT = 5432
Problem = Literal["", "sign_in", "unreachable", "insecure", "other"]


def configured_url(explicit: str | None, data_dir: DataDir) -> str | None:
    """The server to work on, or ``None`` for this laptop's encrypted database (a saved
    setting that cannot be read raises :class:`ServerError`)."""
    return server.configured_url(explicit, data_dir.root)


def parse(url: str) -> ServerAddress:
    """A server address checked as the command line checks it (TLS, loopback-only
    ``sslmode=disable``)."""
    return server.parse(url)


def address_from(
    host: str,
    database: str,
    user: str,
    *,
    port: int | str | None = None,
    ca_certificate: str = "",
    sslmode: str = "verify-full",
) -> ServerAddress:
    """An address from its parts as a person types them (a pasted ``postgresql://`` URL in
    ``host`` is taken whole); checked like any URL."""
    host = host.strip()
    if host.lower().startswith(("postgresql://", "postgres://")):
        address = parse(host)
        if ca_certificate.strip():
            options = {**address.options, "sslrootcert": ca_certificate.strip()}
            address = replace(address, options=options)
        return parse(address.url()).with_password(address.password)
    problems = [
        (label, "is needed")
        for label, value in (("server", host), ("database", database), ("sign-in name", user))
        if not value.strip()
    ]
    number = str(port or "").strip() or str(DEFAULT_PORT)
    if not number.isdigit() or not 0 < int(number) < 65536:
        problems.append(("port", "is a number from 1 to 65535"))
    if problems:
        raise ValidationError("The server's address is not complete:", problems)
    options = {"sslrootcert": ca_certificate.strip()} if ca_certificate.strip() else {}
    made = ServerAddress(user.strip(), host, int(number), database.strip(), sslmode, options)
    return parse(made.url())


def where(db: Database) -> str:
    """What the app's title and status bar say it works on."""
    address = db.address
    if isinstance(address, ServerAddress):
        return f"Server: {address.shown}"
    return "This laptop"


def keyring_problem() -> str | None:
    """Why a password cannot be remembered on this computer (``None`` when it can)."""
    from dhr_desk.storage import keys

    return keys.keyring_problem()


def has_stored_password(address: ServerAddress) -> bool:
    return bool(server.stored_password(address))


def open_server(url: str, password: str | None = None) -> Database:
    """Open the server's database (schema current), signing in with ``password`` or else the
    one in the credential store."""
    from dhr_desk.storage import store

    return store.open_server(url, password)


@dataclass
class Attempt:
    """The outcome of connecting: the open database, or one sentence and its kind."""

    address: ServerAddress | None
    database: Database | None = None
    problem: str = ""
    kind: Problem = ""
    remembered: str = ""  # why a password was not remembered, when it was asked to be


def attempt(url: str, password: str | None = None, *, remember: bool = False) -> Attempt:
    """Connect (never raises for what a person can meet): the app runs this in the background.

    With ``remember`` the password that worked is kept in the credential store; if the store
    refuses it, the database is open all the same and ``remembered`` says why."""
    try:
        address = parse(url)
    except DhrDeskError as exc:
        return Attempt(None, problem=str(exc), kind="other")
    try:
        database = open_server(url, password)
    except SignInRefusedError:
        return Attempt(address, problem=_refused(address, password), kind="sign_in")
    except ServerUnreachableError as exc:
        return Attempt(address, problem=str(exc), kind="unreachable")
    except InsecureConnectionError as exc:
        return Attempt(address, problem=str(exc), kind="insecure")
    except DhrDeskError as exc:
        return Attempt(address, problem=str(exc), kind="other")
    except DBAPIError as exc:  # what the server says that has no plainer words (too busy…)
        said = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        return Attempt(
            address,
            problem=f"The server {address.host} could not be used ({said[0] if said else exc}).",
            kind="other",
        )
    result = Attempt(address.with_password(password), database)
    if remember and password:
        try:
            server.store_password(address, password)
        except DhrDeskError as exc:
            result.remembered = str(exc)
    return result


def _refused(address: ServerAddress, password: str | None) -> str:
    where = f"The server {address.host}"
    if password:
        return f"{where} refused the sign-in for {address.user}: the name or the password is wrong."
    if has_stored_password(address):
        return (
            f"{where} refused the password kept in this computer's credential store for "
            f"{address.user}; type the current one."
        )
    return f"{where} asks for the password of {address.user}."


def try_connection(url: str, password: str | None = None) -> str:
    """Connect and disconnect: what a person is told when it works (raises the plain error
    when it does not)."""
    outcome = attempt(url, password)
    if outcome.database is None:
        raise ServerError(outcome.problem)
    outcome.database.close()
    assert outcome.address is not None
    return (
        f"Connected to {outcome.address.database} on {outcome.address.host} as "
        f"{outcome.address.user}; its DHR Desk data is ready to use."
    )


def save(data_dir: DataDir, url: str, password: str | None, *, remember: bool) -> Path:
    """Make this computer work on the server from now on: the address is written where
    ``dhr-desk server connect`` writes it (never the password), the password goes to the
    credential store when it is to be remembered."""
    address = parse(url)
    if remember and password:
        server.store_password(address, password)
    return server.save_address(data_dir.root, address)


def forget_saved(data_dir: DataDir) -> bool:
    """This computer works on its own database from the next start (the saved address is
    removed; ``--database-url`` and ``DHR_DESK_DATABASE_URL`` still win when given)."""
    return server.forget_address(data_dir.root)


def check_unlock(db: Database, secret: str) -> None:
    """Unlock the app's idle lock on a server: the password the session signed in with, or
    nothing when the credential store keeps it (or the server needs none). Nothing is sent to
    the server."""
    address = db.address
    if not isinstance(address, ServerAddress):
        raise ValueError("only a server's database is unlocked with the sign-in's password")
    typed = address.password
    if typed is None:
        if not secret:
            return
        typed = server.stored_password(address) or ""
    if not hmac.compare_digest(secret.encode("utf-8"), typed.encode("utf-8")):
        raise WrongKeyError(
            f"That is not the password of {address.user}'s sign-in to the server; nothing was "
            "unlocked."
        )
