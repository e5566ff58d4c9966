"""A real install: every template and resource is in the distribution and an installed copy
finds them inside its own package; the desktop app's start-up self-check.

The wheel itself, the fresh virtual environment and the frozen build are checked by
tools/check_install.py (the README's test command ends with it)."""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from ui_support import isolated_qsettings  # noqa: F401 - autouse fixture

from dhr_desk.documents import locations
from dhr_desk.services.demo import load_demo
from dhr_desk.storage import store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir
from ui import app as ui_app
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "correct horse battery staple"


def _files(folder: Path, suffix: str = "") -> set[str]:
    """Files under folder (relative, '/'-separated), as a distribution would hold them: no
    hidden files or folders, no byte-code caches."""
    if not folder.is_dir():
        return set()
    found = set()
    for path in folder.rglob("*" + suffix):
        relative = path.relative_to(folder)
        if path.is_file() and not any(p.startswith((".", "__pycache__")) for p in relative.parts):
            found.add(relative.as_posix())
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Exactly what the wheel carries: setuptools' build of the packages and their data."""
    target = tmp_path_factory.mktemp("distribution") / "lib"
    done = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return target


@pytest.mark.parametrize("folder", ["templates", "resources"])
def test_every_file_of_the_folder_is_in_the_distribution_inside_the_package(
    built: Path, folder: str
) -> None:
    in_repository = _files(ROOT / folder)
    assert "reference.docx" in in_repository or "style.qss" in in_repository
    shipped = _files(built / "dhr_desk" / folder)
    assert sorted(in_repository - shipped) == [], f"left out of the wheel: {folder}/"


@pytest.mark.parametrize("package", ["dhr_desk", "ui"])
def test_every_module_is_in_the_distribution(built: Path, package: str) -> None:
    assert sorted(_files(ROOT / package, ".py") - _files(built / package, ".py")) == []


def test_an_installed_copy_finds_templates_fonts_and_style_sheet_inside_its_package(
    built: Path, tmp_path: Path
) -> None:
    probe = (
        "import dhr_desk, ui.app\n"
        "from dhr_desk.documents import locations as l\n"
        "for path in (dhr_desk.__file__, l.templates_dir(), l.reference_docx(),\n"
        "             l.template_file('letters/imr_request.txt'), l.font_file('DejaVuSerif'),\n"
        "             ui.app.RESOURCES / 'style.qss'):\n"
        "    print(path)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != locations.ENV_TEMPLATES}
    env["PYTHONPATH"] = str(built)
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,  # away from the checkout
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    package = (built / "dhr_desk").resolve()
    for line in done.stdout.splitlines():
        path = Path(line).resolve()
        assert path.is_relative_to(package), line
        assert path.exists(), line


def test_a_checkout_uses_its_top_level_folders_and_the_app_agrees_with_the_core() -> None:
    assert locations.templates_dir() == ROOT / "templates"
    assert locations.fonts_dir() == ROOT / "resources" / "fonts"
    assert ui_app.resources_dir() == locations.resources_dir()
    assert (ui_app.RESOURCES / "style.qss").is_file()


def _left_out_of_the_frozen_build() -> list[str]:
    """UNUSED_MODULES of build.spec: the modules the one-folder build leaves out."""
    for node in ast.walk(ast.parse((ROOT / "build.spec").read_text("utf-8"))):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "UNUSED_MODULES" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError("build.spec names no UNUSED_MODULES")


def test_the_frozen_build_leaves_out_no_module_the_app_imports(tmp_path: Path) -> None:
    """What the frozen build leaves out must never be imported on the way through a working
    session (the frozen program would fail where the installed one works)."""
    data = DataDir(tmp_path / "data")
    store.init(data, "passphrase", PASSPHRASE)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    session = f"""
import sys
from dhr_desk.cli import main
from ui import app
base = ["--data-dir", {str(data.root)!r}, "--passphrase-file", {str(secret)!r}]
for args in (
    ["demo"], ["verify"], ["list"], ["deadlines"],
    ["generate", "DHR-2025-003", "overview_report", "--format", "docx", "-o", "o.docx"],
    ["generate", "DHR-2025-003", "action_plan", "--format", "pdf", "--password-file",
     {str(secret)!r}, "-o", "a.pdf"],
    ["generate", "DHR-2025-003", "overview_report", "--format", "pdf", "--edition",
     "published", "-o", "p.pdf"],
    ["export", "CT-2026-009", "-o", "ct.json"],
    ["ct-stats", "--format", "html", "-o", "figures.html"],
    ["backup", "b.dhrbak"],
):
    assert main(base + args) == 0, args
assert app.main(["--self-check"] + base) == 0
print("\\n".join(sorted(sys.modules)))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", session],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported = set(done.stdout.splitlines())
    left_out = _left_out_of_the_frozen_build()
    assert "PySide6.QtWidgets" in imported and "tkinter" in left_out
    needed = sorted(
        name for name in left_out if any(m == name or m.startswith(name + ".") for m in imported)
    )
    assert needed == [], "build.spec leaves out what the app imports"


# --------------------------------------------------------------------------- the self-check
@pytest.fixture(scope="module")
def passphrase_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataDir, Path]:
    """A passphrase-mode data folder; the self-check only reads it, so the tests share it."""
    tmp_path = tmp_path_factory.mktemp("self-check")
    data = DataDir(tmp_path / "data")
    store.init(data, "passphrase", PASSPHRASE)
    db = store.open_database(data, Unlock(passphrase=PASSPHRASE))
    try:
        load_demo(db, dt.date.today())  # the check reads them in the background
    finally:
        db.close()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    return data, secret


def _main_windows() -> list[Any]:
    windows = QApplication.topLevelWidgets()
    return [w for w in windows if isinstance(w, MainWindow) and w.isVisible()]


def test_self_check_opens_the_main_window_once_and_exits_0(
    qapp: Any, passphrase_folder: tuple[DataDir, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, secret = passphrase_folder
    before = sorted(p.name for p in data.root.rglob("*"))
    code = ui_app.main(
        ["--self-check", "--data-dir", str(data.root), "--passphrase-file", str(secret)]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Main window: shown, 5 cases listed" in out.out
    assert out.out.rstrip().endswith("Self-check passed: DHR Desk starts and opens its database.")
    assert _main_windows() == []  # closed again: nothing waits for a person
    assert sorted(p.name for p in data.root.rglob("*")) == before  # nothing left behind


def test_self_check_takes_the_passphrase_from_the_environment(
    qapp: Any,
    passphrase_folder: tuple[DataDir, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, _secret = passphrase_folder
    monkeypatch.setenv("DHR_DESK_PASSPHRASE", PASSPHRASE)
    assert ui_app.main(["--self-check", "--data-dir", str(data.root)]) == 0
    assert "Self-check passed" in capsys.readouterr().out


def test_self_check_without_the_passphrase_says_so_in_one_sentence_and_exits_4(
    qapp: Any,
    passphrase_folder: tuple[DataDir, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, _secret = passphrase_folder
    monkeypatch.delenv("DHR_DESK_PASSPHRASE", raising=False)
    assert ui_app.main(["--self-check", "--data-dir", str(data.root)]) == 4
    err = capsys.readouterr().err
    assert err.startswith("DHR Desk self-check failed: A passphrase is needed")
    assert "--passphrase-file" in err and "Traceback" not in err
    assert _main_windows() == []


def test_self_check_with_a_wrong_passphrase_exits_4(
    qapp: Any, passphrase_folder: tuple[DataDir, Path], tmp_path: Path
) -> None:
    data, _secret = passphrase_folder
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n", "utf-8")
    args = ["--self-check", "--data-dir", str(data.root), "--passphrase-file", str(wrong)]
    assert ui_app.main(args) == 4
    assert _main_windows() == []


def test_self_check_on_a_folder_without_a_database_exits_3_and_creates_nothing(
    qapp: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "nothing-here"
    assert ui_app.main(["--self-check", "--data-dir", str(empty)]) == 3
    assert "There is no DHR Desk database" in capsys.readouterr().err
    assert not empty.exists()
