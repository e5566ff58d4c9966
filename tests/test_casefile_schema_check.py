"""Whatever value lands in whatever field of a real case file: the fast schema check never lets
through what the full JSON Schema validator refuses, and the import never crashes."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dhr_desk.casefile import import_document, schema
from dhr_desk.casefile.demo import demo_documents
from dhr_desk.storage.database import Database

DOCUMENTS = demo_documents()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 10**7)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["2025-02-30", "2025-03-14", "dhr", "p1", "a1", "pm1", "", "x" * 201]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here] if here else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*here, i))
    return out


PATHS = [(d, p) for d in range(len(DOCUMENTS)) for p in _paths(DOCUMENTS[d])]


@settings(max_examples=300, deadline=None)
@given(
    where=st.sampled_from(PATHS),
    value=json_values,
    extra=st.booleans(),
)
def test_the_fast_check_accepts_only_what_jsonschema_accepts(
    where: tuple[int, tuple[Any, ...]], value: Any, extra: bool
) -> None:
    index, path = where
    document = copy.deepcopy(DOCUMENTS[index])
    parent: Any = document
    for step in path[:-1]:
        parent = parent[step]
    if extra and isinstance(parent, dict):
        parent["unexpected_field"] = value
    else:
        parent[path[-1]] = value
    quick = schema._quick_check()
    assert quick is not None
    try:
        quick(document)
        accepted = True
    except Exception:  # noqa: BLE001
        accepted = False
    if accepted:  # (a stricter fast check is harmless: jsonschema then decides)
        full = list(schema._validator().iter_errors(document))
        assert full == [], f"fast check accepted {path} = {value!r}"


def test_every_demo_document_passes_both_checks() -> None:
    quick = schema._quick_check()
    assert quick is not None
    for document in DOCUMENTS:
        quick(document)
        assert schema.problems(document) == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.sampled_from(PATHS), value=json_values)
def test_no_damaged_file_crashes_the_import(
    db: Database, where: tuple[int, tuple[Any, ...]], value: Any
) -> None:
    index, path = where
    document = copy.deepcopy(DOCUMENTS[index])
    parent: Any = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    outcome = import_document(db, document, "damaged.json", check_only=True)
    if not outcome.imported:
        assert outcome.message.startswith("damaged.json ")
        assert "Traceback" not in "\n".join(outcome.lines())
        assert all(where.startswith("$") and reason for where, reason in outcome.problems)


def test_a_nul_in_text_is_refused_at_its_place_in_the_file(db: Database) -> None:
    document = copy.deepcopy(DOCUMENTS[0])
    document["case"]["title"] = "Review\x00"
    outcome = import_document(db, document, "damaged.json", check_only=True)
    assert not outcome.imported
    assert outcome.problems == [("$.case.title", "contains a NUL character")]


def test_a_nul_anywhere_in_the_file_is_refused_at_its_place_before_anything_is_looked_up(
    db: Database,
) -> None:
    """On the server a NUL is refused as soon as it is sent, even in a look-up: the file check
    finds it first, wherever it is — a key, a reference, a field's name, a value no field
    pass reads — and names its place in the file."""
    document = copy.deepcopy(DOCUMENTS[0])
    document["people"][2]["key"] = "p3\x00"
    document["people"][2]["real_name"] = "Chloe\x00 Holloway"
    document["agency_returns"][0]["agency"] = "Northshire\x00 Police"
    document["chronology"][0]["occurred_time"] = "23:40\x00"
    document["people"][1]["nickname\x00"] = "Jo"
    document["case"]["reference"] = "DHR\x00-2025-001"
    document["case"]["title"] = "Review\x00"
    outcome = import_document(db, document, "damaged.json", check_only=True)
    assert not outcome.imported
    found = dict(outcome.problems)
    assert "$.people[2].key" in found  # (the key's own pattern says it first)
    assert found["$.people[2].real_name"] == "contains a NUL character"
    assert found["$.agency_returns[0].agency"] == "contains a NUL character"
    assert "$.chronology[0].occurred_time" in found
    assert "$.case.reference" in found
    assert found["$.people[1]['nickname\\x00']"] == "has a NUL character in the name of the field"
    assert found["$.case.title"] == "contains a NUL character"
    assert all(where.startswith("$") for where in found)
