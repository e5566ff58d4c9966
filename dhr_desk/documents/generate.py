"""The generation job: build a document from the case, render it, write it, register it.

The steps: validate the request; build the document model (the case, the settings, the names
the edition must hide); for a published edition, run the publication check over what was built
(the final edition must pass the gate, a draft ends with its open findings); make the version
(the latest again when its content is unchanged); write the file and register it.

Qt-free; the desktop app runs :func:`generate` off the GUI thread and turns ``progress`` into
signals; the command line calls it directly. ``cancelled()`` is polled while building and
rendering (every few hundred chronology rows and every page), so a long chronology stops within
a fraction of a second. Everything is built in memory: a cancelled or failed generation leaves
no file and no register row, and a file is replaced whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dhr_desk import records
from dhr_desk.documents.context import SETTING_KEYS, BuildContext, BuildProblem
from dhr_desk.documents.docx_render import render_docx
from dhr_desk.documents.editions import Names
from dhr_desk.documents.kinds import DocumentKind, kind_named
from dhr_desk.documents.model import Document, Markings
from dhr_desk.documents.pdf_render import render_pdf
from dhr_desk.documents.protect import check_password, protect
from dhr_desk.documents.published import (
    Clearances,
    append_findings,
    document_findings,
    refuse_unless_cleared,
    register_for,
)
from dhr_desk.documents.register import (
    Identity,
    add_distribution,
    latest_version,
    version_day,
    version_file,
)
from dhr_desk.documents.typst_render import render_tagged_pdf
from dhr_desk.domain import Case, Edition, GeneratedDocument
from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.records import settings
from dhr_desk.storage.atomic import write_bytes_atomic
from dhr_desk.storage.audit import os_user
from dhr_desk.storage.database import Database

FORMATS = ("docx", "pdf")
ALL_CASES = "ALL"
Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class GenerationCancelled(DhrDeskError):
    exit_code = 130

    def __init__(self) -> None:
        super().__init__("Generation was cancelled; no file was written and nothing was recorded.")


@dataclass(frozen=True)
class GenerationRequest:
    """What to generate. ``reference`` is None (or "ALL") for the board report."""

    kind: str
    output: Path
    reference: str | None = None
    file_format: str = "pdf"
    edition: Edition = Edition.FULL
    recipient: str = ""
    password: str | None = field(default=None, repr=False)
    final: bool = False
    meeting: int | None = None
    today: dt.date | None = None


@dataclass(frozen=True)
class GeneratedFile:
    path: Path
    kind: str
    title: str
    reference: str
    version: int
    new_version: bool
    edition: str
    file_format: str
    draft: bool
    recipient: str
    password_protected: bool
    sha256: str
    size: int
    document_id: int
    distribution_id: int | None

    def as_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["path"] = str(self.path)
        return out


def _validate(request: GenerationRequest) -> tuple[DocumentKind, str, str, str | None]:
    kind = kind_named(request.kind)
    problems: list[tuple[str, str]] = []
    fmt = request.file_format.strip().lower().lstrip(".")
    if fmt not in FORMATS:
        problems.append(("format", f"'{request.file_format}' is not docx or pdf"))
    suffix = Path(request.output).suffix.lower().lstrip(".")
    if fmt in FORMATS and suffix != fmt:
        problems.append(("output", f"the file name should end in .{fmt}"))
    reference = (request.reference or "").strip()
    if kind.for_all_cases:
        if reference and reference.upper() != ALL_CASES:
            problems.append(("reference", f"{kind.code} covers every open case: give ALL"))
        reference = ALL_CASES
    elif not reference or reference.upper() == ALL_CASES:
        problems.append(("reference", f"{kind.code} belongs to one case: give its reference"))
    recipient = " ".join(request.recipient.split())
    if len(recipient) > 200:
        problems.append(("recipient", "is longer than 200 characters"))
    if problems:
        raise ValidationError("Nothing was written:", problems)
    password = check_password(request.password) if request.password is not None else None
    return kind, fmt, reference, password if password else None


def _settings(session: Any) -> dict[str, Any]:
    return {key: settings.get_in(session, key) for key in SETTING_KEYS}


@dataclass
class _Built:
    """A document built from the case, with what rendering and registering it need."""

    kind: DocumentKind
    case: Case | None
    reference: str
    doc: Document
    settings: dict[str, Any]
    label: str
    names: Names


def _build(
    session: Any,
    kind: DocumentKind,
    reference: str,
    edition: Edition,
    today: dt.date,
    meeting: int | None,
    check: Callable[[], None],
    progress: Callable[[float], None],
    recipients: list[str] | None = None,
) -> _Built:
    """Build the document model (the one path for generating and for previews): the case by
    reference, the settings, the names the edition must hide, and the refusal if one shows."""
    case: Case | None = None
    if not kind.for_all_cases:
        case = records.case_by_reference(session, reference)
        if case.kind != kind.case_kind:
            wanted = kind.case_kind.with_article if kind.case_kind else "a case"
            raise BuildProblem(
                f"{kind.title} is a document for {wanted}; {reference} is {case.kind.with_article}."
            )
    values = _settings(session)
    names = Names(case, edition, register_for(session, case, values, today))
    ctx = BuildContext(
        session=session,
        case=case,
        edition=edition,
        settings=values,
        today=today,
        names=names,
        check=check,
        progress=progress,
        meeting_number=meeting,
    )
    doc = kind.builder(ctx)
    names.refuse_recipient(doc.title, recipients or [])
    label = ctx.label if case is not None else "Board report"
    return _Built(kind, case, reference, doc, values, label, names)


@dataclass
class _Renderer:
    """Renders one built document in one format, marked for a version, a day and a copy."""

    built: _Built
    request: GenerationRequest
    fmt: str
    check: Callable[[], None]
    stage: Callable[[float, float, str], Callable[[float], None]]

    def marks(self, version: int, day: dt.date, recipient: str) -> Markings:
        published = self.request.edition == Edition.PUBLISHED
        return Markings(
            protective_marking="" if published else str(self.built.settings["protective_marking"]),
            label=self.built.label,
            reference=self.built.reference if self.built.case is not None else "all open reviews",
            version=version,
            date=day,
            draft=not self.request.final,
            edition=self.request.edition.value,
            recipient=recipient,
        )

    @property
    def tagged(self) -> bool:
        """A tagged PDF (for screen readers) for what the council publishes and for letters
        to the public; reportlab, faster and cancelled page by page, for the panel's papers."""
        published = self.request.edition == Edition.PUBLISHED
        return self.fmt == "pdf" and (published or self.built.kind.public)

    def __call__(
        self, version: int, day: dt.date, recipient: str, low: float, high: float
    ) -> bytes:
        step = self.stage(low, high, f"Writing the {self.fmt.upper()}")
        if self.fmt == "docx":
            renderer = render_docx
        else:
            renderer = render_tagged_pdf if self.tagged else render_pdf
        return renderer(self.built.doc, self.marks(version, day, recipient), self.check, step)


def _publication(session: Any, render: _Renderer, recipient: str, today: dt.date) -> None:
    """A published edition passes the publication check: the final edition must pass the gate
    (refused with every reason otherwise); a draft ends with its open findings, for checking."""
    built, request = render.built, render.request
    if request.edition != Edition.PUBLISHED:
        return
    clearances = Clearances.of(session, built.case)
    findings = document_findings(
        built.names,
        built.doc,
        clearances,
        render.marks(0, today, recipient),
        Path(request.output).name,
    )
    if request.final:
        refuse_unless_cleared(built.doc.title, built.case, findings, clearances)
    else:
        append_findings(built.doc, findings)


def _content_digest(render: _Renderer) -> str:
    """What a version is: the document's content, the words on every page and draft/final."""
    built, request = render.built, render.request
    marks = render.marks(0, dt.date(2000, 1, 1), "")
    h = hashlib.sha256(built.doc.digest().encode())
    for value in (marks.protective_marking, marks.review_line, marks.edition, request.final):
        h.update(f"|{value}".encode())
    return h.hexdigest()


@dataclass
class _Version:
    """The version a generation makes, worked out from a read-only snapshot (where all the
    rendering happens) and recorded afterwards in a short unit of work."""

    identity: Identity
    previous: int | None  # the latest version when it was read: another writer is noticed
    number: int
    day: dt.date
    master: bytes
    new: bool
    content: str
    row_id: int | None = None  # this format of the version is registered already
    add: GeneratedDocument | None = None  # else the register row to add


def _same_version(
    session: Any, render: _Renderer, identity: Identity, previous: GeneratedDocument, today: dt.date
) -> _Version | None:
    """The latest version again when its content is unchanged: its file in this format (the
    same bytes as registered), or this format's first file of it, numbered and dated like it.
    None when the content changed."""
    content = _content_digest(render)
    draft = not render.request.final
    legacy = not previous.content_sha256  # made before contents were recorded: bytes only
    if previous.draft != draft or (not legacy and previous.content_sha256 != content):
        return None
    if legacy and previous.file_format != render.fmt:
        return None
    row = version_file(session, identity, previous.version, render.fmt)
    day = version_day(session, identity, previous.version) or today
    candidate = render(previous.version, day, "", 0.25, 0.6)
    sha = hashlib.sha256(candidate).hexdigest()
    plan = _Version(identity, previous.version, previous.version, day, candidate, False, content)
    if row is not None:
        if sha != row.sha256:
            return None
        plan.row_id = row.id
        return plan
    plan.add = _register_row(render, identity, previous.version, candidate, content, today)
    return plan


def _register_row(
    render: _Renderer,
    identity: Identity,
    version: int,
    data: bytes,
    content: str,
    today: dt.date,
) -> GeneratedDocument:
    built, request = render.built, render.request
    return GeneratedDocument(
        case_id=identity.case_id,
        kind=identity.kind,
        part=identity.part,
        title=_register_title(built.doc, built.kind),
        version=version,
        edition=request.edition,
        file_format=render.fmt,
        draft=not request.final,
        file_name=Path(request.output).name,
        sha256=hashlib.sha256(data).hexdigest(),
        content_sha256=content,
        generated_at=_moment(today),
        generated_by=os_user(),
    )


def _version(session: Any, render: _Renderer, today: dt.date) -> _Version:
    """The version to make: the latest version of this document again when its content is
    unchanged, else the next version dated today — with its master file and register row."""
    built, request = render.built, render.request
    identity = Identity(
        built.case.id if built.case else None, built.kind.code, built.doc.part, request.edition
    )
    previous = latest_version(session, identity)
    if previous is not None:
        same = _same_version(session, render, identity, previous, today)
        if same is not None:
            return same
    version = (previous.version + 1) if previous else 1
    master = render(version, today, "", 0.6 if previous else 0.25, 0.85)
    content = _content_digest(render)
    row = _register_row(render, identity, version, master, content, today)
    latest = previous.version if previous else None
    return _Version(identity, latest, version, today, master, True, content, add=row)


def _recorded(session: Any, plan: _Version) -> GeneratedDocument:
    """The version's register row in the writing session: added, or the one made before. A
    version registered meanwhile by another window is refused, nothing written."""
    latest = latest_version(session, plan.identity)
    if (latest.version if latest else None) != plan.previous:
        raise DhrDeskError(
            "Another window registered a version of this document while it was being made; "
            "nothing was written or recorded. Generate it again."
        )
    if plan.add is not None:
        session.add(plan.add)
        return plan.add
    row = session.get(GeneratedDocument, plan.row_id)
    if row is None:  # taken away meanwhile
        raise DhrDeskError("The document's register changed meanwhile; generate it again.")
    row.content_sha256 = plan.content
    return row


def _write_and_commit(session: Any, output: Path, data: bytes) -> None:
    """Write the file whole, then commit the register; a failed commit takes the file back."""
    try:
        write_bytes_atomic(output, data)
    except (PermissionError, IsADirectoryError) as exc:
        raise DhrDeskError(
            f"{output} could not be written ({exc.strerror}): it may be open in another "
            "program, or the folder may not allow it. Close it or choose another file; "
            "nothing was recorded."
        ) from None
    try:
        session.commit()
    except BaseException:
        output.unlink(missing_ok=True)
        raise


def generate(
    db: Database,
    request: GenerationRequest,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> GeneratedFile:
    """Build, render, write and register one document; see the module docstring."""
    kind, fmt, reference, password = _validate(request)
    recipient = " ".join(request.recipient.split())
    report: Progress = progress or (lambda _f, _m: None)
    today = request.today or dt.date.today()

    def check() -> None:
        if cancelled is not None and cancelled():
            raise GenerationCancelled()

    def stage(low: float, high: float, message: str) -> Callable[[float], None]:
        return lambda fraction: report(low + (high - low) * min(1.0, max(0.0, fraction)), message)

    report(0.0, f"Reading {reference}")
    check()
    # Building and rendering read a snapshot and never hold the write lock: another window
    # saves while a long chronology is written. Only the register rows wait for the writer.
    with db.reading() as session:
        built = _build(
            session,
            kind,
            reference,
            request.edition,
            today,
            request.meeting,
            check,
            stage(0.02, 0.25, f"Building the {kind.title.lower()}"),
            [recipient],
        )
        check()
        render = _Renderer(built, request, fmt, check, stage)
        _publication(session, render, recipient, today)
        plan = _version(session, render, today)
    data = plan.master
    if recipient:
        data = render(plan.number, plan.day, recipient, 0.85, 0.95)
    if password:
        report(0.95, "Protecting the file with the password")
        data = protect(data, fmt, password)
    check()
    digest = hashlib.sha256(data).hexdigest()
    output = Path(request.output)
    with db.session() as session:
        document_row = _recorded(session, plan)
        distribution = None
        if recipient or password:
            distribution = add_distribution(
                session,
                document_row,
                recipient or "(recipient not named)",
                today,
                digest,
                output.name,
                bool(password),
            )
        session.flush()
        check()
        _write_and_commit(session, output, data)
        document_id = document_row.id
        distribution_id = distribution.id if distribution else None
    report(1.0, f"Written {output.name}")
    return GeneratedFile(
        path=output,
        kind=kind.code,
        title=built.doc.title,
        reference=reference,
        version=plan.number,
        new_version=plan.new,
        edition=request.edition.value,
        file_format=fmt,
        draft=not request.final,
        recipient=recipient,
        password_protected=bool(password),
        sha256=digest,
        size=len(data),
        document_id=document_id,
        distribution_id=distribution_id,
    )


def _moment(day: dt.date) -> dt.datetime:
    """When a version was made: now, on the day the document is dated (today unless asked)."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return now if now.date() == day else dt.datetime.combine(day, now.timetz())


def _register_title(doc: Document, kind: DocumentKind) -> str:
    return doc.title if doc.title else kind.title


def build_only(
    db: Database,
    kind_code: str,
    reference: str | None,
    edition: Edition = Edition.FULL,
    today: dt.date | None = None,
    meeting: int | None = None,
) -> Document:
    """The document model alone (for previews and tests); nothing is written or recorded."""
    kind = kind_named(kind_code)
    with db.session() as session:
        return _build(
            session,
            kind,
            reference or "",
            edition,
            today or dt.date.today(),
            meeting,
            lambda: None,
            lambda _f: None,
        ).doc
