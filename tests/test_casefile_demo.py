"""The demo data: two DHRs at different stages (one paused for a criminal trial) and three
Community Triggers (threshold not met, met with review and outcome, at appeal), consistent with
the workflow's own reading of them, loaded once, and never readable on disk."""

from __future__ import annotations

import datetime as dt

import pytest
from casefile_support import snapshot

from dhr_desk import records
from dhr_desk.casefile import import_document
from dhr_desk.casefile.demo import AUTHORED_TODAY, demo_documents
from dhr_desk.domain import CaseKind, DecisionKind, DecisionOutcome, PauseReason
from dhr_desk.errors import DhrDeskError
from dhr_desk.records import settings
from dhr_desk.services import cases
from dhr_desk.services.demo import load_demo
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir
from dhr_desk.workflow import threshold_test
from dhr_desk.workflow.stages import current_stage, steps


def test_the_demo_has_the_cases_a_trainer_needs(db: Database) -> None:
    references = load_demo(db)
    listed = {c.reference: c for c in cases.list_cases(db)}
    assert set(listed) == set(references)
    dhrs = [c for c in listed.values() if c.kind == CaseKind.DHR.value]
    cts = [c for c in listed.values() if c.kind == CaseKind.COMMUNITY_TRIGGER.value]
    assert len(dhrs) == 2 and len(cts) == 3
    assert len({c.stage for c in dhrs}) == 2
    assert [c.reference for c in dhrs if c.paused] == ["DHR-2025-007"]
    with db.session() as session:
        paused = records.case_by_reference(session, "DHR-2025-007")
        assert [p.reason for p in paused.pauses if p.resumed_on is None] == [
            PauseReason.CRIMINAL_TRIAL
        ]
        advanced = records.case_by_reference(session, "DHR-2025-003")
        assert len(advanced.meetings) >= 3 and all(m.minutes for m in advanced.meetings)
        assert any(a.status.value == "apologies" for m in advanced.meetings for a in m.attendance)
        assert any(m.actions for m in advanced.meetings)
        assert sum(r.return_type.value == "imr" for r in advanced.returns) >= 4
        assert any(a.organisation == "AAFDA" and a.accepted for a in advanced.advocates)
        assert len(advanced.family_contacts) >= 4
        assert any(a.progress for r in advanced.recommendations for a in r.actions)
        outcomes = {}
        for ref in ("CT-2026-004", "CT-2026-009", "CT-2026-012"):
            case = records.case_by_reference(session, ref)
            assert case.application is not None and case.complaints and case.people
            threshold = next(d for d in case.decisions if d.kind == DecisionKind.THRESHOLD)
            outcomes[ref] = threshold.outcome
            # the workflow's threshold test agrees with the recorded decision
            assert threshold_test(session, case).met == (threshold.outcome == DecisionOutcome.MET)
        assert outcomes["CT-2026-004"] == DecisionOutcome.NOT_MET
        met = records.case_by_reference(session, "CT-2026-009")
        assert outcomes["CT-2026-009"] == DecisionOutcome.MET
        assert any(m.kind.value == "case_review" and m.status.value == "held" for m in met.meetings)
        assert any(d.kind == DecisionKind.OUTCOME for d in met.decisions)
        assert (
            records.case_by_reference(session, "CT-2026-012").appeals[0].outcome.value == "pending"
        )


def test_the_demo_follows_the_workflow_steps(db: Database) -> None:
    load_demo(db)
    with db.session() as session:
        for summary in cases.list_cases(db):
            case = records.case_by_reference(session, summary.reference)
            assert case.stage == current_stage(case), case.reference
            blocked = [s for s in steps(session, case) if s.state == "blocked" and s.done_on]
            assert blocked == [], case.reference
            recorded = [m.step for m in case.milestones]
            known = {s.code for s in steps(session, case)}
            assert set(recorded) <= known, set(recorded) - known


def test_the_demo_register_names_real_document_kinds() -> None:
    from dhr_desk.documents.kinds import document_kinds

    for document in demo_documents():
        kind = CaseKind(document["case"]["kind"])
        known = {k.code for k in document_kinds(kind)}
        assert document["documents"], document["case"]["reference"]
        for entry in document["documents"]:
            assert entry["kind"] in known, (document["case"]["reference"], entry["kind"])


def test_the_demo_loads_once(db: Database) -> None:
    load_demo(db)
    before = snapshot(db)
    with pytest.raises(DhrDeskError) as caught:
        load_demo(db)
    assert str(caught.value).startswith("The demo cases are already loaded (")
    assert str(caught.value).endswith("nothing was changed.")
    assert snapshot(db) == before


def test_the_demo_leaves_the_councils_own_settings_alone(db: Database) -> None:
    before = settings.all_settings(db)
    load_demo(db)
    assert settings.all_settings(db) == before  # not even the defaults are replaced
    assert "Ashford Vale" not in str(settings.get(db, "partnership_name"))


def test_the_demo_dates_are_recent_and_can_follow_the_calendar() -> None:
    documents = demo_documents()
    dates = [dt.date.fromisoformat(m["occurred_on"]) for d in documents for m in d["milestones"]]
    assert min(dates) >= dt.date(2025, 1, 1) and max(dates) <= AUTHORED_TODAY
    moved = demo_documents(AUTHORED_TODAY + dt.timedelta(days=367))
    for before, after in zip(documents, moved, strict=True):
        for a, b in zip(before["milestones"], after["milestones"], strict=True):
            old, new = (
                dt.date.fromisoformat(a["occurred_on"]),
                dt.date.fromisoformat(b["occurred_on"]),
            )
            assert (new - old).days == 364 and new.weekday() == old.weekday()
    assert demo_documents() == documents  # the fixed demo is not disturbed


@pytest.mark.sqlite_only  # the encrypted file itself
def test_no_demo_name_is_readable_in_the_data_folder(data_dir: DataDir, db: Database) -> None:
    needles = [b"Karen Holloway", b"Larkspur Close", b"Nowicka", b"Ndlovu", b"Kingfisher House"]

    def nothing_readable() -> None:
        files = [p for p in data_dir.root.rglob("*") if p.is_file()]
        assert files
        for path in files:
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle!r} readable in {path.name}"
                assert needle.decode().encode("utf-16-le") not in data

    load_demo(db)
    nothing_readable()  # database and its write-ahead log while open
    db.close()
    nothing_readable()
    reopened = store.open_database(data_dir)
    try:
        assert len(cases.list_cases(reopened)) == 5
    finally:
        reopened.close()


@pytest.mark.parametrize("weeks", [-1, -3, -30, None])
def test_demo_cases_moved_to_another_day_keep_partial_dates_at_their_start(
    db: Database, weeks: int | None
) -> None:
    """Training cases dated to look live: an entry known only to its month is moved to the
    start of the month it lands in, so the case still imports."""
    anchor = dt.date.today() if weeks is None else AUTHORED_TODAY + dt.timedelta(weeks=weeks)
    moved = demo_documents(anchor)
    partial = [
        e for d in moved for e in d.get("chronology", []) if e.get("date_precision") == "month"
    ]
    assert partial and all(e["occurred_on"].endswith("-01") for e in partial)
    for document in moved:
        outcome = import_document(db, document, "moved.json", check_only=True)
        assert outcome.problems == [] and outcome.message.startswith("moved.json: no problems")
