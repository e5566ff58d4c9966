"""Prove that DHR Desk installs and runs away from its source: the wheel, and the frozen build.

    python tools/check_install.py [--skip-frozen] [--keep]

1. Builds the wheel from a copy of the checkout, installs it (with its dependencies) into a
   fresh virtual environment in a temporary folder, and from a temporary working folder runs
   ``dhr-desk init --mode passphrase``, ``demo`` and ``verify``, generates a Word document, a
   PDF and a tagged PDF (the published edition) and checks they are real, starts the
   desktop app with ``--self-check`` on Qt's offscreen platform, and checks that both say a
   server that cannot be reached cannot be reached (the PostgreSQL driver is there and works).
2. Builds ``build.spec`` with PyInstaller in a virtual environment of its own, runs the frozen
   command line the same way and starts the frozen desktop app with ``--self-check``, and prints
   the size of the one-folder build.

Every step is printed; the first failure stops the check with a plain message and exit code 1.
Works on Windows and Linux (Linux needs ``objdump`` from binutils for PyInstaller). Needs the
package registry for the dependencies (pip's cache makes later runs quick).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "check install passphrase"
WINDOWS = os.name == "nt"
# Each command gets this long; a hang is a failure, not a stuck CI run.
STEP_TIMEOUT = 900
# The one-folder build measured 284 MB on Linux (Typst's PDF engine alone is 68 MB; libpq with
# its OpenSSL, for the server, 9 MB); past this, something the app does not use is collected.
MAX_FROZEN_MB = 300
# Not part of a source tree: never copied into the build copy.
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "out", "*.egg-info", "__pycache__", "*.pyc",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "screenshots-tmp",
)  # fmt: skip


class CheckFailed(Exception):
    """One plain sentence: what failed."""


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.started = time.monotonic()

    def step(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {text}", flush=True)

    def ok(self, text: str) -> None:
        self.passed += 1
        print(f"[{time.monotonic() - self.started:6.1f}s]   ok: {text}", flush=True)


def run(
    report: Report,
    command: Sequence[str | Path],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    what: str,
) -> str:
    """Run a command; its output is shown only when it fails."""
    args = [str(part) for part in command]
    try:
        done = subprocess.run(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckFailed(f"{what}: no answer after {STEP_TIMEOUT} s.") from exc
    except OSError as exc:
        raise CheckFailed(f"{what}: {args[0]} could not be started ({exc.strerror}).") from exc
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-25:]
        print("\n".join("          | " + line for line in tail), flush=True)
        raise CheckFailed(f"{what} failed with exit code {done.returncode}.")
    report.ok(what)
    return done.stdout


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_script(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if WINDOWS else "bin") / (name + (".exe" if WINDOWS else ""))


def make_venv(report: Report, folder: Path, work: Path) -> Path:
    """A fresh virtual environment. It gets no pip of its own: this interpreter's pip installs
    into it (``pip --python``), which saves half a minute per environment."""
    command = [sys.executable, "-m", "venv", "--without-pip", folder]
    run(report, command, cwd=work, what=f"create {folder.name}")
    return venv_python(folder)


def pip_install(report: Report, python: Path, work: Path, what: str, *requirements: str) -> None:
    command = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile"]
    run(report, [*command, *requirements], cwd=work, what=what)


def check_docx(report: Report, path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as docx:
            names = set(docx.namelist())
            body = docx.read("word/document.xml") if "word/document.xml" in names else b""
    except (OSError, zipfile.BadZipFile) as exc:
        raise CheckFailed(f"{path.name} is not a Word file ({exc}).") from exc
    if b"<w:body" not in body:
        raise CheckFailed(f"{path.name} has no document body (word/document.xml).")
    report.ok(f"{path.name} is a Word file ({path.stat().st_size:,} bytes)")


def check_pdf(report: Report, path: Path) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not path.is_file() or path.read_bytes()[:5] != b"%PDF-":
        raise CheckFailed(f"{path.name} does not start with a PDF header.")
    try:
        pages = PdfReader(path).pages
        text = pages[0].extract_text() if len(pages) else ""
    except (PdfReadError, OSError, ValueError) as exc:
        raise CheckFailed(f"{path.name} is not a readable PDF ({exc}).") from exc
    if not text.strip():
        raise CheckFailed(f"{path.name} has no text on its first page.")
    report.ok(f"{path.name} is a PDF of {len(pages)} pages ({path.stat().st_size:,} bytes)")


def exercise(
    report: Report, cli: Path, gui: Path, work: Path, label: str, env: dict[str, str]
) -> None:
    """init, demo, verify, a .docx and a .pdf, then the desktop app's self-check."""
    folder = work / f"run-{label}"
    folder.mkdir()
    secret = folder / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", "utf-8")
    data = folder / "data"
    base = [cli, "--data-dir", data, "--passphrase-file", secret]
    run(report, [*base, "init", "--mode", "passphrase"], cwd=folder, env=env, what=f"{label}: init")
    run(report, [*base, "demo"], cwd=folder, env=env, what=f"{label}: demo")
    out = run(report, [*base, "verify"], cwd=folder, env=env, what=f"{label}: verify")
    if "The database is sound." not in out:
        raise CheckFailed(f"{label}: verify did not find the database sound.")
    # Word; PDF (reportlab); the published edition's tagged PDF (Typst)
    for fmt, edition in (("docx", "full"), ("pdf", "full"), ("pdf", "published")):
        target = folder / f"overview-report-{edition}.{fmt}"
        run(
            report,
            [*base, "generate", "DHR-2025-003", "overview_report", "--format", fmt]
            + ["--edition", edition, "-o", target],
            cwd=folder,
            env=env,
            what=f"{label}: generate a .{fmt} ({edition} edition)",
        )
        (check_docx if fmt == "docx" else check_pdf)(report, target)
    gui_env = dict(env, QT_QPA_PLATFORM="offscreen")
    out = run(
        report,
        [gui, "--self-check", "--data-dir", data, "--passphrase-file", secret],
        cwd=folder,
        env=gui_env,
        what=f"{label}: start the desktop app (--self-check)",
    )
    # A windowed program on Windows has no standard output: there its exit code is the answer.
    if not WINDOWS and "Main window: shown, 5 cases listed" not in out:
        raise CheckFailed(f"{label}: the desktop app did not show the five demo cases.")
    check_server_unreachable(report, cli, gui, folder, label, env)


# Nothing listens on port 1: the server cannot be reached, whatever the machine.
UNREACHABLE_URL = "postgresql://x@127.0.0.1:1/db?sslmode=disable"
SERVER_EXIT_CODE = 14  # dhr_desk.storage.server.ServerError


def check_server_unreachable(
    report: Report, cli: Path, gui: Path, folder: Path, label: str, env: dict[str, str]
) -> None:
    """The PostgreSQL driver is installed and working: a server that cannot be reached gets
    the plain sentence and exit code 14, from the command line and the desktop app alike (not
    an ImportError for a driver left out)."""
    commands = (
        ("command line", [cli, "--database-url", UNREACHABLE_URL, "server", "init"], env),
        (
            "desktop app",
            [gui, "--self-check", "--data-dir", folder / "no-data", "--database-url"]
            + [UNREACHABLE_URL],
            dict(env, QT_QPA_PLATFORM="offscreen"),
        ),
    )
    for who, command, command_env in commands:
        what = f"{label}: the {who} says an unreachable server cannot be reached"
        try:
            done = subprocess.run(
                [str(part) for part in command],
                cwd=folder,
                env=command_env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=STEP_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CheckFailed(f"{what}: {exc}.") from exc
        said = (done.stdout + done.stderr).strip()
        plain = "cannot be reached" in said and "Traceback" not in said
        if done.returncode != SERVER_EXIT_CODE or not (plain or WINDOWS and who != "command line"):
            print("\n".join("          | " + line for line in said.splitlines()[-25:]))
            raise CheckFailed(
                f"{what}: exit code {done.returncode} (expected {SERVER_EXIT_CODE}), "
                "without the plain sentence."
            )
        report.ok(what)


def clean_env(work: Path) -> dict[str, str]:
    """The environment of a user who has none of the project's settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DHR_DESK_", "PYTHON", "VIRTUAL_ENV", "QT_"))
    }
    env["HOME"] = str(work / "home")  # the app's settings go here, not the real ones
    if WINDOWS:
        env["APPDATA"] = env["LOCALAPPDATA"] = str(work / "home")
    (work / "home").mkdir(exist_ok=True)
    return env


def folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files), len(files)


def check_wheel(report: Report, source: Path, work: Path, env: dict[str, str]) -> Path:
    report.step("Build the wheel from a copy of the checkout")
    wheels = work / "wheel"
    run(
        report,
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source],
        cwd=work,
        what="pip wheel",
    )
    built = sorted(wheels.glob("dhr_desk-*.whl"))
    if len(built) != 1:
        raise CheckFailed("pip wheel did not leave exactly one DHR Desk wheel.")
    with zipfile.ZipFile(built[0]) as wheel:
        names = set(wheel.namelist())
    for needed in ("dhr_desk/templates/reference.docx", "dhr_desk/resources/style.qss"):
        if needed not in names:
            raise CheckFailed(f"The wheel lacks {needed}.")
    report.ok(f"{built[0].name} carries the templates and resources")

    report.step("Install the wheel into a fresh virtual environment")
    venv = work / "venv-wheel"
    python = make_venv(report, venv, work)
    pip_install(report, python, work, "pip install", str(built[0]))
    where = run(
        report,
        [
            python,
            "-c",
            "from dhr_desk.documents import locations as l; "
            "print(l.templates_dir()); print(l.fonts_dir())",
        ],
        cwd=work,
        env=env,
        what="find the installed templates and fonts",
    )
    for line in where.splitlines():
        if Path(line).resolve().is_relative_to(ROOT) or not Path(line).is_relative_to(venv):
            raise CheckFailed(f"The installed app reads {line}, outside its installation.")

    report.step("Run the installed app from a temporary folder")
    exercise(
        report,
        venv_script(venv, "dhr-desk"),
        venv_script(venv, "dhr-desk-app"),
        work,
        "wheel",
        env,
    )
    return built[0]


def check_frozen(
    report: Report, source: Path, wheel: Path, work: Path, env: dict[str, str]
) -> None:
    report.step("Build build.spec with PyInstaller in a virtual environment of its own")
    venv = work / "venv-build"
    python = make_venv(report, venv, work)
    pip_install(
        report, python, work, "pip install the wheel with its [build] extra", f"{wheel}[build]"
    )
    dist = work / "dist"
    run(
        report,
        [
            python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", dist, "--workpath", work / "pyinstaller", source / "build.spec",
        ],
        cwd=work,
        what="pyinstaller build.spec",
    )  # fmt: skip
    app = dist / "DHR Desk"
    size, count = folder_size(app)
    if size > MAX_FROZEN_MB * 1e6:
        raise CheckFailed(
            f"The one-folder build is {size / 1e6:.0f} MB, more than {MAX_FROZEN_MB} MB: something "
            "the app does not use is being collected (see UNUSED_MODULES in build.spec)."
        )
    report.ok(f"one-folder build: {size / 1e6:.1f} MB in {count} files ({app})")

    report.step("Run the frozen app from a temporary folder")
    suffix = ".exe" if WINDOWS else ""
    exercise(report, app / f"dhr-desk{suffix}", app / f"DHR Desk{suffix}", work, "frozen", env)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-frozen", action="store_true", help="check the wheel only")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    report = Report()
    work = Path(tempfile.mkdtemp(prefix="dhr-desk-check-")).resolve()
    env = clean_env(work)
    status = 0
    try:
        report.step(f"Copy the checkout to {work / 'source'}")
        source = work / "source"
        shutil.copytree(ROOT, source, ignore=IGNORED)
        wheel = check_wheel(report, source, work, env)
        if not args.skip_frozen:
            check_frozen(report, source, wheel, work, env)
    except CheckFailed as exc:
        print(f"check_install: {exc}", file=sys.stderr, flush=True)
        status = 1
    except OSError as exc:
        print(f"check_install: {exc.strerror or exc} ({exc.filename}).", file=sys.stderr)
        status = 1
    except KeyboardInterrupt:
        print("check_install: stopped.", file=sys.stderr)
        status = 130
    finally:
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    failed = 1 if status else 0
    print(f"The install check took {time.monotonic() - report.started:.0f} s.")
    print(f"install: {report.passed} passed, {failed} failed", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
