"""``python -m dhr_desk.casefile --write-schema``: rebuild the case file JSON Schema files from
the model (developers, after a model change). Without an option, print the schema."""

from __future__ import annotations

import argparse

from dhr_desk.casefile.schema import schema_text, write_schema_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dhr_desk.casefile")
    parser.add_argument(
        "--write-schema", action="store_true", help="rewrite the schema file and its docs/ copy"
    )
    args = parser.parse_args(argv)
    if args.write_schema:
        for path in write_schema_files():
            print(f"wrote {path}")
    else:
        print(schema_text(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
