"""The pseudonym register and the Publication check page through the window: people's other names,
a register line, the check's findings (found off the GUI thread), accepting one, adding one to
the register, overriding a condition, taking it back, and the final published edition."""

from __future__ import annotations

from typing import Any

from publication_corpus import EXPECTED_FINDINGS, make_corpus_case
from sqlalchemy import select
from ui_support import isolated_qsettings, wait_refreshed  # noqa: F401 - autouse fixture

from dhr_desk.domain import Person, PseudonymEntry, PublicationClearance
from dhr_desk.services import cases
from ui.main_window import MainWindow
from ui.publication_page import PublicationPage


def _checked(qtbot: Any, page: PublicationPage) -> None:
    qtbot.waitUntil(lambda: page.job is None and page.result is not None, timeout=60_000)


def _row(table: Any, column: int, text: str) -> int:
    for row in range(table.rowCount()):
        item = table.item(row, column)
        if item is not None and item.text() == text:
            return row
    raise AssertionError(f"no row with {text!r}")


def test_the_register_and_the_publication_page(qtbot: Any, window: MainWindow, db: Any) -> None:
    reference = make_corpus_case(db)
    ws = window.open_case(cases.id_of(db, reference), "people")
    assert ws is not None
    people = ws.pages["people"]
    assert "other_names" in people.form.widgets  # aliases, maiden and former names

    ws.show_area("register")
    register = ws.pages["register"]
    register.new_record()
    register.form.set_value("kind", "professional")
    register.form.set_value("name", "Dr Imran Qureshi")
    register.form.set_value("shown_as", "Dr Imran Qureshi")
    assert not register.save()  # shown instead must not be the name itself
    register.form.set_value("shown_as", "the GP")
    assert register.save()
    with db.session() as session:
        assert session.scalars(select(PseudonymEntry.shown_as)).all()[-1] == "the GP"

    ws.show_area("publication_check")
    page = ws.pages["publication_check"]
    assert isinstance(page, PublicationPage)
    _checked(qtbot, page)
    result = page.result
    assert result is not None
    assert {(f.kind, f.text) for f in result.findings} == EXPECTED_FINDINGS
    assert page.findings_table.rowCount() == len(result.findings)
    assert page.register_table.rowCount() > 20  # people, panel, officer, places, numbers
    hidden = {page.register_table.item(r, 1).text() for r in range(page.register_table.rowCount())}
    assert {"Chidi Okafor", "DS Gareth Lloyd-Evans, Major Crime Unit", "Bella"} <= hidden

    # Accepting needs a reason; with one it is accepted everywhere it is written.
    page.findings_table.selectRow(_row(page.findings_table, 1, "0808 2000 247"))
    assert not page.accept_finding(everywhere=True)
    assert "reason" in page.error.text()
    page.reason.setText("The national helpline, given on purpose")
    assert page.accept_finding(everywhere=True)
    _checked(qtbot, page)
    accepted = [f for f in page.result.findings if f.text == "0808 2000 247"]  # type: ignore[union-attr]
    assert accepted and not any(f.open for f in accepted)

    # "Lily" is the child: into the register, and the published edition replaces it.
    page.findings_table.selectRow(_row(page.findings_table, 1, "Lily"))
    page.register_kind.setCurrentIndex(page.register_kind.findData("person"))
    page.shown_as.setText("Child B")
    assert page.add_to_register()
    _checked(qtbot, page)
    assert "Lily" not in {f.text for f in page.result.findings}  # type: ignore[union-attr]

    # A condition of the checklist is overridden with a reason, then taken back.
    page.gate_table.selectRow(
        _row(page.gate_table, 0, "The family has been told the publication date")
    )
    page.reason.setText("The family asked to be told by their advocate")
    assert page.override_condition()
    _checked(qtbot, page)
    family = next(c for c in page.result.conditions if c.code == "family")  # type: ignore[union-attr]
    assert family.override == "The family asked to be told by their advocate"
    page.tabs.setCurrentIndex(2)
    assert page.cleared_table.rowCount() == 2
    page.cleared_table.selectRow(1)
    page.withdraw_reason.setText("Recorded against the wrong case")
    assert page.withdraw()
    _checked(qtbot, page)
    with db.session() as session:
        kept = session.scalars(select(PublicationClearance.subject)).all()
        assert kept == ["finding"]
        assert session.scalars(select(Person.other_names)).first() == "Janey\nJane Smith"
