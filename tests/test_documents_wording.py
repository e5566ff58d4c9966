"""Editable wording in templates/: sandboxed, strict, and a broken template writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from documents_cases import make_cases
from documents_reading import pdf_pages
from sqlalchemy import func, select

from dhr_desk.documents import GenerationRequest, generate
from dhr_desk.documents.locations import ENV_TEMPLATES, app_root
from dhr_desk.documents.model import Heading, Narrative, Paragraph
from dhr_desk.documents.wording import TemplateProblem, to_blocks
from dhr_desk.domain import GeneratedDocument
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 8, 1)


@pytest.fixture
def own_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A council's own copy of the templates, chosen with DHR_DESK_TEMPLATES."""
    folder = tmp_path / "council-templates"
    shutil.copytree(app_root() / "templates", folder)
    monkeypatch.setenv(ENV_TEMPLATES, str(folder))
    return folder


def _no_rows(db: Database) -> bool:
    with db.session() as session:
        return session.scalar(select(func.count(GeneratedDocument.id))) == 0


def test_a_council_changes_a_letter_without_touching_code(
    db: Database, tmp_path: Path, own_templates: Path
) -> None:
    fixture = make_cases(db, 3)
    letter = own_templates / "letters" / "notification_ack.txt"
    letter.write_text(
        "{{ recipient.salutation }},\n\nWe have received your notice about {{ victim }} and "
        "opened {{ case.reference }}.\n\n- first point\n\n[[Narrative: add the SIO's name]]\n\n"
        "Yours sincerely,\n",
        "utf-8",
    )
    out = tmp_path / "ack.pdf"
    generate(db, GenerationRequest("notification_ack", out, fixture.dhr, "pdf", today=TODAY))
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert "We have received your notice about Sarah Louise Whitfield" in text
    assert "opened " + fixture.dhr in text
    assert "Author to write: add the SIO's name" in text


def test_an_unknown_placeholder_names_the_file_and_line_and_writes_nothing(
    db: Database, tmp_path: Path, own_templates: Path
) -> None:
    fixture = make_cases(db, 3)
    letter = own_templates / "letters" / "family_letter.txt"
    lines = letter.read_text("utf-8").splitlines()
    lines.insert(5, "Your case officer is {{ case_officer_name }}.")
    letter.write_text("\n".join(lines), "utf-8")
    out = tmp_path / "family.docx"
    with pytest.raises(TemplateProblem) as info:
        generate(db, GenerationRequest("family_letter", out, fixture.dhr, "docx", today=TODAY))
    message = str(info.value)
    assert "family_letter.txt" in message and "line 6" in message
    assert "case_officer_name" in message and "Nothing was written" in message
    assert not out.exists() and _no_rows(db)


def test_a_syntax_error_names_the_file_and_line(
    db: Database, tmp_path: Path, own_templates: Path
) -> None:
    fixture = make_cases(db, 3)
    section = own_templates / "sections" / "tor_purpose.txt"
    section.write_text("The review will:\n\n{% for x in %}\n- {{ x }}\n", "utf-8")
    out = tmp_path / "tor.pdf"
    with pytest.raises(TemplateProblem) as info:
        generate(db, GenerationRequest("terms_of_reference", out, fixture.dhr, "pdf"))
    assert "tor_purpose.txt" in str(info.value) and "line 3" in str(info.value)
    assert not out.exists() and _no_rows(db)


def test_the_sandbox_keeps_templates_away_from_python(
    db: Database, tmp_path: Path, own_templates: Path
) -> None:
    fixture = make_cases(db, 3)
    letter = own_templates / "letters" / "chair_letter.txt"
    letter.write_text("{{ recipient.salutation.__class__.__mro__[1].__subclasses__() }}\n")
    out = tmp_path / "chair.pdf"
    with pytest.raises(TemplateProblem) as info:
        generate(db, GenerationRequest("chair_letter", out, fixture.dhr, "pdf"))
    assert "chair_letter.txt" in str(info.value)
    assert not out.exists()


def test_a_missing_templates_folder_is_named(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = make_cases(db, 3)
    monkeypatch.setenv(ENV_TEMPLATES, str(tmp_path / "nowhere"))
    with pytest.raises(Exception, match="nowhere"):
        generate(db, GenerationRequest("chair_letter", tmp_path / "c.pdf", fixture.dhr, "pdf"))


def test_layout_language_of_the_wording_files() -> None:
    blocks = to_blocks(
        "# Title one\nfirst line\nsecond line\n\n- a **bold** point\n\n"
        "[[Narrative: write here]]\n\n## Sub\n- [[Narrative: in a list]]\n"
    )
    assert blocks[0] == Heading("Title one", 1)
    assert isinstance(blocks[1], Paragraph) and blocks[1].text == "first line second line"
    bullet = blocks[2]
    assert isinstance(bullet, Paragraph) and bullet.style == "bullet"
    assert [r.bold for r in bullet.runs] == [False, True, False]
    assert blocks[3] == Narrative("write here")
    assert blocks[4] == Heading("Sub", 2)
    assert blocks[5] == Narrative("in a list")


def test_a_council_restyles_word_documents_through_reference_docx(
    db: Database, tmp_path: Path, own_templates: Path
) -> None:
    import docx
    from docx.shared import Pt, RGBColor

    fixture = make_cases(db, 3)
    reference = own_templates / "reference.docx"
    styled = docx.Document(str(reference))
    styled.styles["Heading 1"].font.size = Pt(22)
    styled.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    styled.save(str(reference))
    out = tmp_path / "tor.docx"
    generate(db, GenerationRequest("terms_of_reference", out, fixture.dhr, "docx", today=TODAY))
    made = docx.Document(str(out))
    heading = next(p for p in made.paragraphs if p.style.name == "Heading 1")
    assert heading.style.font.size == Pt(22)
    assert heading.style.font.color.rgb == RGBColor(0x00, 0x66, 0x33)
    assert heading.runs[0].font.size is None, "no direct formatting over the style"


def test_a_pause_whose_detail_ends_a_sentence_reads_as_one_sentence(
    db: Database, tmp_path: Path
) -> None:
    """The detail is typed as a sentence ("Guilty plea 12 September 2025."): in the executive
    summary it sits in brackets inside the pause's own sentence, without its full stop."""
    from documents_reading import docx_document

    from dhr_desk.services import cases, progress

    case = cases.new_dhr(
        db,
        {"notification_received_on": "2025-01-06", "notified_by": "DI Khan"},
        victim={"real_name": "Joanne Example", "pseudonym": "Adult A"},
    )
    progress.add_pause(
        db,
        case.id,
        "criminal_trial",
        "2025-02-03",
        "Guilty plea 12 September 2025.  ",
        "2025-02-20",
    )
    progress.add_pause(db, case.id, "inquest", "2025-03-03", "Opened and adjourned")
    out = tmp_path / "summary.docx"
    generate(db, GenerationRequest("executive_summary", out, case.reference, "docx"))
    text = "\n".join(p.text for p in docx_document(out).paragraphs)
    assert "Criminal trial (Guilty plea 12 September 2025): from 3 February 2025 to " in text
    assert "Inquest (Opened and adjourned): from 3 March 2025 and continuing." in text
    assert ".)" not in text
