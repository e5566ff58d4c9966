"""The ``dhr-desk`` command line. Each command module registers its own sub-commands and calls
the same services as the desktop app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from dhr_desk import __version__
from dhr_desk.cli import (
    casefile_cmds,
    chronology_cmds,
    clock_cmds,
    common,
    generate_cmds,
    store_cmds,
)
from dhr_desk.errors import DhrDeskError
from dhr_desk.storage.database import translate_error

COMMAND_MODULES = [store_cmds, clock_cmds, casefile_cmds, generate_cmds, chronology_cmds]


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
        print(f"dhr-desk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("dhr-desk: stopped; nothing more was written.", file=sys.stderr)
        return 130
    except DBAPIError as exc:
        print(
            f"dhr-desk: {translate_error(exc.orig or exc, Path('the database'))}", file=sys.stderr
        )
        return 6
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"dhr-desk: {common.describe_os_error(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
