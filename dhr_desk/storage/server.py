"""The partnership's PostgreSQL server as the shared store.

A server is named by a URL, ``postgresql://person@host:port/database``. TLS is required and the
server's certificate is checked against its name (``sslmode=verify-full``, the default); a URL
asking for ``sslmode=disable`` is accepted only for a server on this computer (the loopback
interface or a local socket). The password never sits in a file: it comes from the OS
credential store (``dhr-desk server login``), or from the server's own sign-in (GSSAPI, a
client certificate) when it offers one. A URL given with a password uses it for that run only;
the URL that is saved never carries it.

Writers on the server take one transaction-level advisory lock when they begin, so saves follow
one another as they do on the laptop's database (``BEGIN IMMEDIATE``): whatever a unit of work
reads before it writes (the last audit entry, the next number of a record) is still true when
it commits. Readers (``Database.reading``) take a ``REPEATABLE READ READ ONLY`` snapshot and
never wait.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from dhr_desk.errors import DatabaseLockedError, DhrDeskError, ValidationError
from dhr_desk.storage.database import READ_ONLY

ENV_URL = "DHR_DESK_DATABASE_URL"
KEYRING_SERVICE = "DHR Desk server"
SETTING_FILE = "server.json"  # in the data folder: the server's address, never a password
WRITER_LOCK = 0x44485244  # "DHRD": the advisory lock every writer holds until it commits
LOCK_TIMEOUT_MS = 15_000  # as long as the laptop database's busy timeout
ALLOWED_SSL = ("verify-full", "disable")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


class ServerError(DhrDeskError):
    """The server cannot be reached, refuses the sign-in, or its address is not accepted."""

    exit_code = 14


class SignInRefusedError(ServerError):
    """The server asks for a password and none was given, or it refused the one given."""


class ServerUnreachableError(ServerError):
    """Nothing answers at the server's address (network, name, port, the server stopped)."""


class InsecureConnectionError(ServerError):
    """The connection could not be made secure: TLS refused, or the certificate not trusted."""


@dataclass(frozen=True)
class ServerAddress:
    """Where the shared database is, and how to reach it (never the password)."""

    user: str
    host: str
    port: int
    database: str
    sslmode: str = "verify-full"
    options: dict[str, str] = field(default_factory=dict)  # sslrootcert, sslcert, …
    password: str | None = field(default=None, compare=False, repr=False)

    @property
    def shown(self) -> str:
        """How the app names this sign-in: ``name@host/database`` (the port when not 5432)."""
        port = "" if self.port == 5432 else f":{self.port}"
        return f"{self.user}@{self.host}{port}/{self.database}"

    def with_password(self, password: str | None) -> ServerAddress:
        """The same address signing in with ``password`` (kept in memory only)."""
        return replace(self, password=password or None)

    @property
    def account(self) -> str:
        """The name of this sign-in in the credential store."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self) -> str:
        """The URL as it is saved and shown: no password, ever."""
        query = {**self.options, "sslmode": self.sslmode}
        return URL.create(
            "postgresql",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
            query=query,
        ).render_as_string(hide_password=True)

    def engine_url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
        )

    def connect_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {
            **self.options,
            "sslmode": self.sslmode,
            "application_name": "DHR Desk",
            "connect_timeout": 10,
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}",
        }
        password = self.password or stored_password(self)
        if password:
            args["password"] = password
        return args


def is_loopback(host: str) -> bool:
    if host.startswith("/") or host.lower() in _LOOPBACK_NAMES:
        return True  # a local socket, or this computer by name
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse(url: str) -> ServerAddress:
    """Check a server URL and split it (a plain sentence for what is not accepted)."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise ValidationError(
            f"'{url}' is not a server address; it looks like "
            "postgresql://name@server.example.org/dhr_desk."
        ) from exc
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise ValidationError(
            f"DHR Desk keeps a shared database on PostgreSQL only; '{parsed.drivername}' is not "
            "supported (the URL starts postgresql://)."
        )
    if not parsed.host or not parsed.database or not parsed.username:
        raise ValidationError(
            "The server address needs a person, a server and a database: "
            "postgresql://name@server.example.org/dhr_desk."
        )
    query = {k: v if isinstance(v, str) else v[-1] for k, v in parsed.query.items()}
    sslmode = query.pop("sslmode", "verify-full")
    if sslmode not in ALLOWED_SSL:
        raise ValidationError(
            f"sslmode={sslmode} is not accepted: DHR Desk checks the server's certificate "
            "against its name (sslmode=verify-full, the default)."
        )
    if sslmode == "disable" and not is_loopback(parsed.host):
        raise ValidationError(
            f"sslmode=disable is accepted only for a server on this computer, not for "
            f"{parsed.host}: case data must not cross the network unencrypted."
        )
    return ServerAddress(
        user=parsed.username,
        host=parsed.host,
        port=int(parsed.port or 5432),
        database=parsed.database,
        sslmode=sslmode,
        options=query,
        password=parsed.password if isinstance(parsed.password, str) else None,
    )


# --------------------------------------------------------------------------- the password
def stored_password(address: ServerAddress) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, address.account)
    except KeyringError:
        return None


def store_password(address: ServerAddress, password: str) -> None:
    """Keep the sign-in's password in the OS credential store (a secure one only)."""
    import keyring
    from keyring.errors import KeyringError

    from dhr_desk.storage.credentials import require_secure_keyring

    require_secure_keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, address.account, password)
    except KeyringError as exc:
        raise ServerError(f"The system credential store refused the password ({exc}).") from exc


def forget_password(address: ServerAddress) -> None:
    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):
        keyring.delete_password(KEYRING_SERVICE, address.account)


# --------------------------------------------------------------------------- the saved setting
def saved_address(data_root: Path) -> str | None:
    """The server URL this computer was connected to (the first-run wizard writes it)."""
    path = Path(data_root) / SETTING_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ServerError(f"{path} could not be read as a server setting: {exc}.") from exc
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def save_address(data_root: Path, address: ServerAddress) -> Path:
    """Write the server's address (no password) for the app and the command line to use."""
    from dhr_desk.storage.atomic import write_bytes_atomic

    root = Path(data_root)
    root.mkdir(parents=True, exist_ok=True)
    path = root / SETTING_FILE
    text = json.dumps({"url": address.url()}, indent=2) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))
    return path


def forget_address(data_root: Path) -> bool:
    """Remove the saved server setting (this computer works on its own database again);
    whether there was one."""
    path = Path(data_root) / SETTING_FILE
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise ServerError(f"{path} could not be removed: {exc.strerror}.") from exc
    return True


def configured_url(explicit: str | None, data_root: Path | None) -> str | None:
    """The server to use: ``--database-url``, else ``DHR_DESK_DATABASE_URL``, else the saved
    setting; ``None`` means the local encrypted database."""
    if explicit:
        return explicit
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    return saved_address(data_root) if data_root is not None else None


# --------------------------------------------------------------------------- the engine
def make_server_engine(address: ServerAddress) -> Engine:
    """An engine over the server: writers serialised by an advisory lock, readers on
    snapshots."""
    try:
        engine = create_engine(
            address.engine_url(),
            connect_args=address.connect_args(),
            pool_size=4,
            max_overflow=4,
            pool_pre_ping=True,
        )
    except ImportError as exc:
        raise ServerError(
            "This installation of DHR Desk cannot reach a server: the PostgreSQL driver "
            "(psycopg) is missing. Reinstall DHR Desk, or add the driver with: "
            "pip install 'psycopg[binary]'"
        ) from exc
    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn: Any) -> None:
    if conn.get_execution_options().get(READ_ONLY):
        return
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


def reader_options() -> dict[str, Any]:
    return {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}


def translate(exc: BaseException, address: ServerAddress | None = None) -> BaseException:
    """A plain sentence for a server error a person can meet, else ``exc`` itself."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig).lower()
    where = f"the server {address.host}" if address else "the server"
    start = where[:1].upper() + where[1:]  # where a sentence begins with it
    if "lock timeout" in text or "deadlock" in text or "could not serialize" in text:
        return DatabaseLockedError(
            "The shared database is busy with another person's change; try again in a moment. "
            "Nothing was saved."
        )
    if "password authentication failed" in text or "no password supplied" in text:
        return SignInRefusedError(
            f"{start} refused the sign-in{_for(address)}: the password is missing or wrong. "
            "Store it with: dhr-desk server login"
        )
    if "certificate" in text or "ssl" in text:
        return InsecureConnectionError(
            f"The connection to {where} is not secure: its certificate could not be checked "
            f"({_first_line(orig)}). Ask the administrator for the server's root certificate."
        )
    if "does not exist" in text and ("database" in text or "role" in text):
        return ServerError(
            f"{start}: {_first_line(orig)}. Check the address with the administrator."
        )
    if "dhr desk: " in text:  # a refusal of the database's own rules, in its own words
        said = _first_line(orig)
        return DhrDeskError(f"Nothing was saved: {said[said.lower().index('dhr desk: ') + 10 :]}.")
    if "permission denied" in text or "insufficient privilege" in text:
        return ServerError(
            f"{start} does not allow this{_for(address)}: {_first_line(orig)}. Nothing was changed."
        )
    if any(
        s in text
        for s in (
            "connection refused",
            "could not connect",
            "timeout expired",
            "could not translate host name",
            "server closed the connection",
            "connection is bad",
            "terminating connection",
        )
    ):
        return ServerUnreachableError(
            f"{start} cannot be reached ({_first_line(orig)}). Check the network connection "
            "and the server address; nothing was changed."
        )
    return exc


def _for(address: ServerAddress | None) -> str:
    return f" for {address.user}" if address else ""


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(exc).__name__
