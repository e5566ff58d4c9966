"""The JSON Schema (draft 2020-12) of the case file, built from the model, and validation that
reports every problem with its JSON path in plain words.

The schema is also a file, ``case-file.schema.json`` beside this module (and a copy in
``docs/``), for councils that check files with other tools. Rebuild both after a model change:

    python -m dhr_desk.casefile --write-schema
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from sqlalchemy import Boolean, Date, Enum, Integer, String, Text, inspect

from dhr_desk.casefile.glossary import describe
from dhr_desk.casefile.spec import (
    AGENCY_DETAILS,
    CASE,
    CASE_SECTIONS,
    FORMAT_NAME,
    FORMAT_VERSION,
    INVOLVEMENT,
    TOP_LEVEL,
    Section,
)
from dhr_desk.records.fields import REFERENCE_PATTERN, REFERENCE_RULE
from dhr_desk.storage.schema import HUGE, UTCDateTime

SCHEMA_FILE = "case-file.schema.json"
SCHEMA_ID = "https://dhr-desk.example/schemas/case-file-v1.schema.json"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)
KEY_PATTERN = r"^[A-Za-z0-9_.-]{1,40}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
NAME_LIMIT = 200  # agency names


def _nullable(schema: dict[str, Any], nullable: bool) -> dict[str, Any]:
    if not nullable:
        return schema
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


def column_schema(model: type[Any], key: str) -> dict[str, Any]:
    column = inspect(model).column_attrs[key].columns[0]
    ctype = column.type
    out: dict[str, Any]
    if isinstance(ctype, Enum) and ctype.enum_class is not None:
        out = {"enum": [m.value for m in ctype.enum_class]}
    elif isinstance(ctype, Date):
        out = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif isinstance(ctype, UTCDateTime):
        out = {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}
    elif isinstance(ctype, Boolean):
        out = {"type": "boolean"}
    elif isinstance(ctype, Integer):
        out = {"type": "integer", "minimum": 0}
    elif isinstance(ctype, String | Text):
        out = {"type": "string", "maxLength": getattr(ctype, "length", None) or HUGE}
        if key == "sha256":
            out["pattern"] = SHA256_PATTERN
        elif key == "reference" and model.__tablename__ == "case":
            out["pattern"] = REFERENCE_PATTERN
    else:  # pragma: no cover - every column type of the model is handled above
        raise TypeError(f"{model.__name__}.{key}: no JSON type for {ctype!r}")
    default = column.default
    if default is not None and default.is_scalar:
        value = default.arg
        out["default"] = value.value if isinstance(value, enum.Enum) else value
    return _nullable(out, bool(column.nullable))


def _required(section: Section) -> list[str]:
    mapper = inspect(section.model)
    names = []
    for key in section.fields:
        column = mapper.column_attrs[key].columns[0]
        if not column.nullable and column.default is None:
            names.append(key)
    names += [r.name for r in section.refs if r.required]
    return names


def record_schema(section: Section) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if section.key_prefix:
        props["key"] = {
            "type": "string",
            "pattern": KEY_PATTERN,
            "description": f"Local key other records use to refer to this one, e.g. "
            f"'{section.key_prefix}1'.",
        }
    for key in section.fields:
        props[key] = {**column_schema(section.model, key), **describe(_def(section), key)}
    for ref in section.refs:
        if ref.target == AGENCY_DETAILS.name:
            target: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": NAME_LIMIT}
        else:
            target = {"type": "string", "pattern": KEY_PATTERN}
        props[ref.name] = {
            **(target if ref.required else _nullable(target, True)),
            **describe(_def(section), ref.name),
        }
    for relationship, child in section.children:
        props[relationship] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{_def(child)}"},
            **describe(_def(section), relationship),
        }
    out: dict[str, Any] = {
        "type": ["object", "null"] if section.single and section.parent_column else "object",
        "description": section.description,
        "properties": props,
        "additionalProperties": False,
    }
    required = _required(section)
    if required:
        out["required"] = required
    return out


def _def(section: Section) -> str:
    return str(section.model.__tablename__)


def build_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}

    def add(section: Section) -> None:
        defs[_def(section)] = record_schema(section)
        for _rel, child in section.children:
            add(child)

    add(CASE)
    agency = record_schema(AGENCY_DETAILS)
    agency["properties"]["involvement"] = {
        "$ref": f"#/$defs/{_def(INVOLVEMENT)}",
        **describe("agency", "involvement"),
    }
    defs[_def(AGENCY_DETAILS)] = agency
    defs[_def(INVOLVEMENT)] = record_schema(INVOLVEMENT)
    props: dict[str, Any] = {
        "format": {"const": FORMAT_NAME, "description": "Always 'dhr-desk-case'."},
        "format_version": {
            "const": FORMAT_VERSION,
            "description": "The version of this format the file follows.",
        },
        "created_with": {
            "type": "string",
            "maxLength": 200,
            "description": "The program that wrote the file (information only).",
        },
        "case": {"$ref": "#/$defs/case"},
        "agencies": {"type": "array", "items": {"$ref": f"#/$defs/{_def(AGENCY_DETAILS)}"}},
    }
    for section in CASE_SECTIONS:
        add(section)
        if section.single:
            props[section.name] = {"$ref": f"#/$defs/{_def(section)}"}
        else:
            props[section.name] = {"type": "array", "items": {"$ref": f"#/$defs/{_def(section)}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "DHR Desk case file",
        "description": (
            "One Domestic Homicide Review or Community Trigger case with all its records. "
            "See docs/case-file-format.md."
        ),
        "type": "object",
        "required": ["format", "format_version", "case"],
        "properties": props,
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text(schema: dict[str, Any] | None = None) -> str:
    return json.dumps(schema or build_schema(), indent=2, ensure_ascii=False) + "\n"


@functools.cache
def load_schema() -> dict[str, Any]:
    """The schema file shipped with the program."""
    text = resources.files("dhr_desk.casefile").joinpath(SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every ``#/$defs/…`` reference replaced by its target (the format has no
    recursion), which validates a 5,000-entry chronology several times faster."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            skip = ("$ref", "description")
            rest = {k: _inline(v, defs) for k, v in node.items() if k not in skip}
            return {**_inline(defs[ref.removeprefix("#/$defs/")], defs), **rest}
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


@functools.cache
def _inlined() -> dict[str, Any]:
    schema = load_schema()
    inlined: dict[str, Any] = _inline(schema, schema.get("$defs", {}))
    return inlined


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(_inlined())


@functools.cache
def _quick_check() -> Callable[[Any], Any] | None:
    """A compiled yes/no check of the same schema (``fastjsonschema``), forty times faster.

    A file it accepts has no schema problem; any file it refuses goes through ``jsonschema``,
    which names every problem. The schema uses only keywords whose meaning is the same in
    draft 2020-12 and draft 7, the draft the compiler implements.
    """
    try:
        import fastjsonschema
    except ImportError:  # pragma: no cover - an optional speed-up
        return None
    definition = {k: v for k, v in _inlined().items() if k not in ("$schema", "$id")}
    try:
        check: Callable[[Any], Any] = fastjsonschema.compile(
            definition, use_default=False, use_formats=False
        )
    except Exception:  # noqa: BLE001 - pragma: no cover - jsonschema alone still works
        return None
    return check


# --------------------------------------------------------------------------- plain messages
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list [ … ]",
    "object": "a record { … }",
    "null": "null",
}


def _type_words(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(n, str(n)) for n in names)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _missing(error: SchemaError) -> tuple[str, str]:
    missing = error.message.split("'")[1] if "'" in error.message else "a field"
    return f"{error.json_path}.{missing}", "is required"


def _additional(error: SchemaError) -> str:
    extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
    names = ", ".join(f"'{e}'" for e in extra)
    return f"has {names}, which {'is not a field' if len(extra) == 1 else 'are not fields'}"


def _wrong_type(error: SchemaError) -> str:
    if error.instance is None:
        return "cannot be null here"
    return f"{_shown(error.instance)} is not {_type_words(error.validator_value)}"


def _too_long(error: SchemaError) -> str:
    limit = error.validator_value
    return f"is {len(error.instance):,} characters long; the most allowed is {limit:,}"


def _not_allowed(error: SchemaError) -> str:
    allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
    return f"{_shown(error.instance)} is not one of: {allowed}"


_PATTERN_WORDS = {
    DATE_PATTERN: "is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14",
    DATETIME_PATTERN: "is not a date and time like 2025-03-14T09:30:00+00:00",
    KEY_PATTERN: "is not a key: 1–40 letters, digits, '.', '_' or '-'",
    REFERENCE_PATTERN: f"is not a case reference: {REFERENCE_RULE}",
    SHA256_PATTERN: "is not a SHA-256: it should be 64 digits 0-9 and a-f",
}


def _bad_form(error: SchemaError) -> str:
    words = _PATTERN_WORDS.get(error.validator_value, "is not in the expected form")
    return f"{_shown(error.instance)} {words}"


_REASONS: dict[str, Any] = {
    "additionalProperties": _additional,
    "type": _wrong_type,
    "maxLength": _too_long,
    "minLength": lambda _e: "is empty",
    "enum": _not_allowed,
    "const": lambda e: f"must be {_shown(e.validator_value)}, not {_shown(e.instance)}",
    "pattern": _bad_form,
    "minimum": lambda e: f"{_shown(e.instance)} is below {e.validator_value}",
}


def _plain(error: SchemaError) -> tuple[str, str]:
    """(JSON path, reason) in the coordinator's words."""
    if error.validator == "required":
        return _missing(error)
    reason = _REASONS.get(str(error.validator))
    return error.json_path, reason(error) if reason else error.message


def problems(document: Any) -> list[tuple[str, str]]:
    """Every schema problem of ``document`` as (JSON path, reason), in document order."""
    quick = _quick_check()
    if quick is not None:
        try:
            quick(document)
            return []
        except Exception:  # noqa: BLE001 - any refusal: let jsonschema say what is wrong
            pass
    found = [_plain(error) for error in _validator().iter_errors(document)]
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda p: _path_key(p[0]))


def _path_key(path: str) -> list[Any]:
    """Document order: top-level lists as a file lists them, ``[10]`` after ``[9]``."""
    parts: list[Any] = []
    for depth, chunk in enumerate(path.replace("]", "").replace("[", ".#").split(".")):
        if chunk.startswith("#") and chunk[1:].isdigit():
            parts.append((0, int(chunk[1:]), ""))
        elif depth == 1 and chunk in TOP_LEVEL:
            parts.append((1, TOP_LEVEL.index(chunk), chunk))
        else:
            parts.append((2, 0, chunk))
    return parts


def write_schema_files() -> list[Path]:
    """Rewrite the shipped schema and its copy in docs/ from the model."""
    text = schema_text()
    here = Path(__file__).with_name(SCHEMA_FILE)
    docs = Path(__file__).resolve().parents[2] / "docs" / SCHEMA_FILE
    for target in (here, docs):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return [here, docs]
