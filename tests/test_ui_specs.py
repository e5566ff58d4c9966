"""Every form and list of the desktop app names real fields of its kind of record: a renamed or
removed column fails here, not in a coordinator's hands."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect

from dhr_desk.records import kinds
from ui import new_case, specs
from ui.forms import AGENCY, CHOICE, ENUM, Field

FORMS: list[tuple[str, str, list[Field]]] = [
    *((name, "page", page.fields) for name, page in specs.PAGES.items()),
    *((name, "form", fields) for name, fields in specs.FORMS.items()),
    ("case", "new DHR", new_case.NOTIFICATION),
    ("person", "new DHR victim", new_case.VICTIM),
    ("person", "new DHR suspect", new_case.SUSPECT),
    ("trigger_application", "new Community Trigger", new_case.APPLICATION),
    ("person", "new Community Trigger applicant", new_case.APPLICANT),
    ("person", "new Community Trigger victim", new_case.ON_BEHALF),
]


def _column(model: type[Any], key: str) -> Any:
    return inspect(model).column_attrs[key].columns[0]


@pytest.mark.parametrize(
    ("kind_name", "where", "fields"), FORMS, ids=[f"{f[1]}:{f[0]}" for f in FORMS]
)
def test_every_field_of_a_form_is_a_field_of_its_record(
    kind_name: str, where: str, fields: list[Field]
) -> None:
    kind = kinds.named(kind_name)
    for field in fields:
        assert field.key in kind.field_names(), f"{where}: {kind.name} has no {field.key}"
        if field.kind == AGENCY:
            assert kind.agency_column, f"{where}: {kind.name} names no agency"
        elif field.kind == ENUM:
            assert getattr(_column(kind.model, field.key).type, "enum_class", None) is not None
        elif field.kind == CHOICE:
            column = _column(kind.model, field.key)
            assert column.foreign_keys, f"{where}: {field.key} links nothing"


@pytest.mark.parametrize("kind_name", sorted(specs.PAGES))
def test_every_list_column_reads_its_record(kind_name: str) -> None:
    record = kinds.named(kind_name).model()  # a new, empty record: every attribute exists
    for header, read in specs.PAGES[kind_name].columns:
        try:
            read(record)
        except AttributeError as exc:
            pytest.fail(f"{kind_name}: the column {header!r} reads a missing attribute: {exc}")


def test_every_listed_kind_has_its_place_in_a_case() -> None:
    for name in specs.PAGES:
        kind = kinds.named(name)
        assert kind.parent is not None and kind.area, f"{name} hangs from nothing"
