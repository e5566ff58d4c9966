"""dhr-desk generate: the kinds list, one document, the board report, the register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from documents_cases import make_cases
from documents_reading import pdf_pages
from store_support import set_up

from dhr_desk.cli import main
from dhr_desk.documents import document_kinds
from dhr_desk.storage import store
from dhr_desk.storage.paths import DataDir


@pytest.fixture
def folder(data_dir: DataDir) -> DataDir:
    set_up(data_dir)
    db = store.open_database(data_dir)
    make_cases(db, 20)
    db.close()
    return data_dir


def run(folder: DataDir, *args: str) -> int:
    return main(["--data-dir", str(folder.root), "generate", *args])


def test_list_names_every_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [k["code"] for k in listed] == [k.code for k in document_kinds()]
    board = next(k for k in listed if k["code"] == "board_report")
    assert board["case_kind"] is None and board["landscape"] is True
    assert main(["generate", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("combined_chronology ") for line in lines)
    # the titles start in one column and are never run into the code before them
    starts = {line.index(kind.title) for line, kind in zip(lines, document_kinds(), strict=True)}
    assert len(starts) == 1


def test_generate_a_copy_with_a_password_then_read_the_register(
    folder: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text("Orchard-Row-77\n", "utf-8")
    out = tmp_path / "out" / "summary.pdf"
    out.parent.mkdir()  # the folder must exist: it is never created
    code = run(
        folder,
        "DHR-2025-001",
        "executive_summary",
        "--format",
        "pdf",
        "--edition",
        "published",
        "--recipient",
        "Home Office QA Panel",
        "--password-file",
        str(secret),
        "-o",
        str(out),
    )
    assert code == 0
    assert "v1" in capsys.readouterr().out
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    assert reader.is_encrypted and reader.decrypt("Orchard-Row-77").name != "NOT_DECRYPTED"
    assert run(folder, "DHR-2025-001", "--register", "--json") == 0
    lines = json.loads(capsys.readouterr().out)
    copy = next(line for line in lines if line["recipient"])
    assert copy["recipient"] == "Home Office QA Panel" and copy["password_protected"]
    assert copy["edition"] == "published" and copy["kind"] == "executive_summary"


def test_board_report_for_all_open_cases(folder: DataDir, tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    assert run(folder, "ALL", "board_report", "--format", "pdf", "-o", str(out)) == 0
    text = "\n".join(pdf_pages(out))
    assert "DHR-2025-001" in text and "CT-2025-001" in text


def test_mistakes_get_a_plain_message_and_no_file(
    folder: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    assert run(folder, "DHR-2025-001", "overview", "--format", "pdf", "-o", str(out)) == 8
    assert "no document kind called 'overview'" in capsys.readouterr().err
    assert run(folder, "DHR-2099-001", "overview_report", "--format", "pdf", "-o", str(out)) == 8
    assert "no case with the reference DHR-2099-001" in capsys.readouterr().err
    assert run(folder, "CT-2025-001", "overview_report", "--format", "pdf", "-o", str(out)) == 2
    assert "Community Trigger" in capsys.readouterr().err
    assert run(folder, "DHR-2025-001", "overview_report") == 2
    assert "--format" in capsys.readouterr().err
    assert not out.exists()
