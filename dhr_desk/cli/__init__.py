"""The ``dhr-desk`` command line. Each command module registers its own sub-commands and calls
the same services as the desktop app."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence
from pathlib import Path

from dhr_desk import __version__
from dhr_desk.cli import (
    casefile_cmds,
    checkout_cmds,
    chronology_cmds,
    clock_cmds,
    common,
    figures_cmds,
    generate_cmds,
    publication_cmds,
    review_cmds,
    server_cmds,
    store_cmds,
)
from dhr_desk.errors import DamagedDatabaseError, DhrDeskError, DiskFullError
from dhr_desk.storage.database import DRIVER_ERRORS, translate_error

COMMAND_MODULES = [
    store_cmds,
    clock_cmds,
    review_cmds,
    figures_cmds,
    casefile_cmds,
    generate_cmds,
    chronology_cmds,
    publication_cmds,
    server_cmds,
    checkout_cmds,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dhr-desk",
        description="DHR Desk: Domestic Homicide Reviews and Community Trigger cases, offline "
        "and encrypted. The desktop app is started with dhr-desk-app.",
    )
    parser.add_argument("--version", action="version", version=f"DHR Desk {__version__}")
    common.add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
        return int(result or 0)
    except DhrDeskError as exc:
        return _say(exc)
    except KeyboardInterrupt:
        print("dhr-desk: stopped; nothing more was written.", file=sys.stderr)
        return 130
    except DRIVER_ERRORS as exc:
        plain = translate_error(exc, Path("the database"))
        if isinstance(plain, DhrDeskError):
            return _say(plain)
        print(
            "dhr-desk: the database could not be read or written (it may be damaged); nothing "
            "more was changed. Check it with: dhr-desk verify",
            file=sys.stderr,
        )
        return DamagedDatabaseError.exit_code
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"dhr-desk: {common.describe_os_error(exc)}", file=sys.stderr)
        return DiskFullError.exit_code if exc.errno == errno.ENOSPC else 1


def _say(exc: DhrDeskError) -> int:
    print(f"dhr-desk: {exc}", file=sys.stderr)
    return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
