"""Letter and section wording kept in ``templates/`` and rendered in a sandboxed Jinja2.

A coordinator edits the text files; placeholders such as ``{{ case.reference }}`` are filled from
the case. The sandbox stops a template from reaching anything but the values it is given, and
``StrictUndefined`` turns a misspelt placeholder into an error naming the file and line instead
of a silent gap in a letter.

The text files use a small layout language (see docs/documents.md)::

    # Heading           ## Sub-heading          ### Minor heading
    - a bullet point
    [[Narrative: what the author should write here]]
    A paragraph runs until a blank line; **bold** words are marked with two asterisks.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from dhr_desk.documents.locations import templates_dir
from dhr_desk.documents.model import Block, Heading, Narrative, Paragraph, Run
from dhr_desk.errors import DhrDeskError
from dhr_desk.words import plural


class TemplateProblem(DhrDeskError):
    """A template that cannot be rendered: names the file and line; nothing is written."""

    exit_code = 10


def long_date(value: dt.date | dt.datetime | None, missing: str = "[date not recorded]") -> str:
    """A date in running text: "4 March 2025"."""
    if value is None:
        return missing
    return f"{value.day} {value:%B %Y}"


def short_date(value: dt.date | dt.datetime | None, missing: str = "—") -> str:
    """A date in a table cell: "04/03/2025"."""
    if value is None:
        return missing
    return f"{value:%d/%m/%Y}"


def times(count: int) -> str:
    """ "once", "twice", "4 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def with_article(words: str) -> str:
    """``an ASB Case Review``, ``a Community Trigger``: the article by the first letter (the
    names a partnership uses: ASB, DHR, DARDR, Community Trigger)."""
    text = str(words).strip()
    return f"{'an' if text[:1].upper() in 'AEIOU' else 'a'} {text}" if text else text


def _environment(folder: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
    )
    env.filters["date"] = long_date
    env.filters["plural"] = plural
    env.filters["times"] = times
    env.filters["a"] = with_article
    return env


_ENVS: dict[Path, SandboxedEnvironment] = {}


def environment() -> SandboxedEnvironment:
    folder = templates_dir().resolve()
    env = _ENVS.get(folder)
    if env is None:
        env = _ENVS[folder] = _environment(folder)
    return env


def _line_in(exc: BaseException, folder: Path) -> tuple[str, int | None]:
    """The template file and line a runtime error happened at (Jinja keeps them in the trace)."""
    found: tuple[str, int | None] = ("", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        try:
            path = Path(frame.filename).resolve()
        except (OSError, ValueError):
            continue
        if folder in path.parents:
            found = (str(path), frame.lineno)
    return found


def render_text(name: str, context: dict[str, Any]) -> str:
    """Render ``templates/<name>`` with ``context``; any problem names the file and line."""
    env = environment()
    folder = templates_dir().resolve()
    path = folder / name
    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or str(path)
        raise TemplateProblem(
            f"The template {where} has a mistake on line {exc.lineno}: {exc.message}. "
            "Nothing was written."
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(
            f"The template {folder / str(exc.name)} is missing; restore it from the DHR Desk "
            "installation. Nothing was written."
        ) from None
    except jinja2.UndefinedError as exc:
        where, line = _line_in(exc, folder)
        placeholder = str(exc.message or exc).replace("'", "")
        raise TemplateProblem(
            f"The template {where or path} uses a placeholder that does not exist on line "
            f"{line if line is not None else '?'}: {placeholder}. Nothing was written."
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        where, line = _line_in(exc, folder)
        raise TemplateProblem(
            f"The template {where or path} tries something templates may not do on line "
            f"{line if line is not None else '?'} ({exc}). Nothing was written."
        ) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
        where, line = _line_in(exc, folder)
        if not where:
            raise
        raise TemplateProblem(
            f"The template {where} could not be filled in on line {line}: {exc}. "
            "Nothing was written."
        ) from None


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_NARRATIVE = re.compile(r"^\[\[\s*narrative\s*:\s*(.*?)\s*\]\]$", re.IGNORECASE | re.DOTALL)


def inline_runs(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()]))
        runs.append(Run(m.group(1), bold=True))
        pos = m.end()
    if pos < len(text) or not runs:
        runs.append(Run(text[pos:]))
    return tuple(runs)


def to_blocks(text: str) -> list[Block]:
    """Turn rendered template text into document blocks."""
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            joined = " ".join(s.strip() for s in pending).strip()
            if joined:
                blocks.append(Paragraph(inline_runs(joined)))
            pending.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)$", stripped)
        narrative = _NARRATIVE.match(stripped)
        if heading:
            flush()
            blocks.append(Heading(heading.group(2).strip(), len(heading.group(1))))
        elif narrative:
            flush()
            blocks.append(Narrative(narrative.group(1)))
        elif stripped.startswith("- "):
            flush()
            item = stripped[2:].strip()
            marked = _NARRATIVE.match(item)
            if marked:  # "- [[Narrative: …]]" is a place for the author, not a bullet
                blocks.append(Narrative(marked.group(1)))
            else:
                blocks.append(Paragraph(inline_runs(item), "bullet"))
        else:
            pending.append(stripped)
    flush()
    return blocks


def render_blocks(name: str, context: dict[str, Any]) -> list[Block]:
    return to_blocks(render_text(name, context))
