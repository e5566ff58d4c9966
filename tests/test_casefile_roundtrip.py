"""A case file carries the whole case: export, import into an empty database and export again
gives the same document, for every demo case; the schema file is the one the program uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casefile_support import empty_database, snapshot
from jsonschema import Draft202012Validator

from dhr_desk.casefile import FORMAT_NAME, FORMAT_VERSION, dumps, export_case, import_cases
from dhr_desk.casefile.demo import demo_references
from dhr_desk.casefile.schema import SCHEMA_FILE, build_schema, load_schema, schema_text
from dhr_desk.casefile.spec import CASE_SECTIONS, all_sections
from dhr_desk.services.demo import load_demo
from dhr_desk.storage import store
from dhr_desk.storage.database import Database

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_db(db: Database) -> Database:
    load_demo(db)
    return db


def _export(db: Database, reference: str) -> dict:
    with db.session() as session:
        return export_case(session, reference)


@pytest.mark.parametrize("reference", demo_references())
def test_export_import_export_gives_the_identical_document(
    demo_db: Database, tmp_path: Path, reference: str
) -> None:
    first = _export(demo_db, reference)
    path = tmp_path / f"{reference}.json"
    path.write_text(dumps(first), "utf-8")

    other = empty_database(tmp_path / "other")
    try:
        [outcome] = import_cases(other, [path])
        assert outcome.imported, outcome.lines()
        assert outcome.reference == reference
        second = _export(other, reference)
        assert store.verify(other).ok
    finally:
        other.close()
    assert second == first
    assert dumps(second) == path.read_text("utf-8")  # byte for byte


def test_the_demo_cases_use_every_part_of_the_format(demo_db: Database) -> None:
    documents = [_export(demo_db, ref) for ref in demo_references()]
    for section in CASE_SECTIONS:
        assert any(doc[section.name] for doc in documents), f"no demo case has {section.name}"
    nested = {
        "attendance": [m["attendance"] for d in documents for m in d["meetings"]],
        "meeting actions": [m["actions"] for d in documents for m in d["meetings"]],
        "actions": [r["actions"] for d in documents for r in d["recommendations"]],
        "progress": [
            a["progress"] for d in documents for r in d["recommendations"] for a in r["actions"]
        ],
        "distributions": [x["distributions"] for d in documents for x in d["documents"]],
        "involvement": [a["involvement"] for d in documents for a in d["agencies"]],
    }
    for name, lists in nested.items():
        assert any(lists), f"no demo case has {name}"


def test_an_exported_document_names_its_format_and_refers_by_keys_and_agency_names(
    demo_db: Database,
) -> None:
    doc = _export(demo_db, "DHR-2025-003")
    assert doc["format"] == FORMAT_NAME and doc["format_version"] == FORMAT_VERSION
    assert [p["key"] for p in doc["people"]] == [f"p{i}" for i in range(1, 6)]
    assert doc["advocates"][0]["key"] == "a1" and doc["advocates"][0]["person"] == "p3"
    agency_names = {a["name"] for a in doc["agencies"]}
    assert {e["agency"] for e in doc["chronology"]} - {None} <= agency_names
    assert doc["meetings"][0]["attendance"][0]["panel_member"] == "pm1"
    dates = [(e["occurred_on"], e["occurred_time"]) for e in doc["chronology"]]
    assert dates == sorted(dates)  # the combined chronology in date order
    assert len(doc["chronology"]) >= 30
    assert all(e["source"] for e in doc["chronology"])
    assert not any("id" in p or "case_id" in p for p in doc["people"])


def test_importing_writes_one_audit_entry_per_record_and_names_the_file(
    demo_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "ct.json"
    path.write_text(dumps(_export(demo_db, "CT-2026-012")), "utf-8")
    other = empty_database(tmp_path / "other")
    try:
        before = snapshot(other)
        [outcome] = import_cases(other, [path])
        after = snapshot(other)
        written = (
            sum(after.values())
            - sum(before.values())
            - (after["audit_entry"] - before["audit_entry"])
        )
        assert after["audit_entry"] - before["audit_entry"] == written + 1  # + the import event
        assert outcome.records == written
        rows = store.raw_sql(other, "SELECT action, changes FROM audit_entry WHERE action='import'")
        assert len(rows) == 1 and "ct.json" in str(rows[0][1])
    finally:
        other.close()


def test_every_demo_document_is_valid_against_the_published_schema() -> None:
    from dhr_desk.casefile.demo import demo_documents

    validator = Draft202012Validator(json.loads((ROOT / "docs" / SCHEMA_FILE).read_text()))
    for document in demo_documents():
        assert list(validator.iter_errors(document)) == []


def test_the_schema_files_are_current_and_identical() -> None:
    shipped = (ROOT / "dhr_desk" / "casefile" / SCHEMA_FILE).read_text("utf-8")
    docs = (ROOT / "docs" / SCHEMA_FILE).read_text("utf-8")
    assert shipped == docs, "copy dhr_desk/casefile/case-file.schema.json to docs/"
    assert shipped == schema_text(build_schema()), (
        "the model changed: run python -m dhr_desk.casefile --write-schema"
    )
    Draft202012Validator.check_schema(load_schema())
    assert load_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_field_is_described_in_the_schema_and_the_documentation() -> None:
    guide = (ROOT / "docs" / "case-file-format.md").read_text("utf-8")
    schema = build_schema()
    for name, definition in schema["$defs"].items():
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"
            assert f"`{field}`" in guide, f"{name}.{field} is not in docs/case-file-format.md"
    for section in all_sections():
        assert f"`{section.name}`" in guide


def test_the_example_in_the_documentation_imports(db: Database, tmp_path: Path) -> None:
    import re

    guide = (ROOT / "docs" / "case-file-format.md").read_text("utf-8")
    example = re.search(r"```json\n(.*?)\n```", guide, re.S)
    assert example is not None
    path = tmp_path / "example.json"
    path.write_text(example.group(1), "utf-8")
    [outcome] = import_cases(db, [path])
    assert outcome.imported, outcome.lines()
    with db.session() as session:
        doc = export_case(session, "CT-2026-031")
    assert [c["incident_ref"] for c in doc["complaints"]] == ["E1", "E1", "E2"]
    assert [a["name"] for a in doc["agencies"]] == [
        "Northshire Police",
        "Vale Homes Housing Association",
        "Northshire ICB",
    ]
    assert doc["agencies"][2]["involvement"] is None
