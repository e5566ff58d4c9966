"""The two short guided forms that open a case: a DHR from the police notification, and a
Community Trigger from an application."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import cases, workspace
from dhr_desk.services.access import Database
from dhr_desk.services.cases import Case
from ui import dialogs
from ui.forms import BOOL, DATE, ENUM, MULTILINE, Field, RecordForm
from ui.messages import Notice

NOTIFICATION = [
    Field("notification_received_on", "Notification received", DATE, required=True),
    Field("notified_by", "Notified by (police officer, force)", required=True),
    Field("date_of_death", "Date of death", DATE),
    Field("place_of_death", "Place of death"),
    Field("circumstances", "Circumstances", MULTILINE),
    Field("suspected_suicide", "Suspected suicide (domestic abuse suspected)", BOOL),
    Field("title", "Working title", hint="Published-safe, e.g. 'Adult A'; never a real name"),
]
VICTIM = [
    Field("real_name", "Real name"),
    Field("pseudonym", "Pseudonym"),
    Field("date_of_birth", "Date of birth", DATE),
]
SUSPECT = [
    Field("real_name", "Real name"),
    Field("pseudonym", "Pseudonym"),
    Field("relationship_to_victim", "Relationship to the victim"),
]
APPLICATION = [
    Field("received_on", "Application received", DATE, required=True),
    Field("channel", "How it came in", ENUM, required=True),
    Field("matter", "Behaviour complained of", MULTILINE),
    Field("on_behalf_of_victim", "Made on the victim's behalf", BOOL),
    Field("consent_obtained_on", "Victim's consent obtained", DATE),
    Field("victim_vulnerable", "Victim is vulnerable", BOOL),
]
APPLICANT = [
    Field(
        "real_name",
        "Applicant's name",
        required=True,
        hint="Anonymous applications are not accepted",
    ),
    Field("contact", "Contact (phone / email)"),
    Field("address", "Address"),
]
ON_BEHALF = [
    Field("real_name", "Victim's name"),
    Field("contact", "Victim's contact"),
]


LABEL_WIDTH = 230
NOT_OPENED = "The case was not opened: put right the fields marked in red."


def _not_opened(exc: ValidationError, general: list[str]) -> str:
    if not general:
        return NOT_OPENED
    marked = " Put right the fields marked in red too." if len(general) < len(exc.problems) else ""
    return "The case was not opened: " + " ".join(general) + marked


class NewCaseDialog(QDialog):
    created = Signal(int)

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("newCaseDialog")
        self.resize(660, 600)
        self.case_id: int | None = None
        self.forms: list[RecordForm] = []
        self.body = QVBoxLayout()
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.error = Notice(name="formError")
        holder = QWidget()
        holder.setLayout(self.body)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(holder)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Open the case")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addWidget(self.error)
        layout.addWidget(area)
        layout.addWidget(self.buttons)

    def section(self, title: str, kind: str, spec: list[Field]) -> RecordForm:
        box = QGroupBox(title)
        form = RecordForm(workspace.kind(kind).model, spec)
        form.load(None)
        inner = QVBoxLayout(box)
        inner.addWidget(form)
        self.body.addWidget(box)
        self.forms.append(form)
        return form

    def align(self) -> None:
        """One label column for every group, so the fields line up down the whole form (a
        long label wraps rather than pushing its group's fields to the right)."""
        width = min(max(form.label_width() for form in self.forms), LABEL_WIDTH)
        for form in self.forms:
            form.align_labels(width)

    def open_case(self) -> Case:
        raise NotImplementedError

    def save(self) -> None:
        if not all([form.check_all() for form in self.forms]):
            self.error.error(NOT_OPENED)
            return
        try:
            case = self.open_case()
        except ValidationError as exc:
            self.show_problems(exc)
            return
        except DhrDeskError as exc:
            self.error.error(str(exc))
            return
        self.case_id = case.id
        for form in self.forms:
            form.dirty = False
        self.created.emit(case.id)
        self.accept()

    def show_problems(self, exc: ValidationError) -> None:
        general = self.forms[0].show_problems(exc.problems, banner=False)
        self.error.error(_not_opened(exc, general))

    def reject(self) -> None:
        if any(form.dirty for form in self.forms):
            answer = dialogs.ask_unsaved(self, "this new case")
            if answer == "cancel":
                return
            if answer == "save":
                self.save()
                return
        super().reject()


class NewDhrDialog(NewCaseDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(
            "New Domestic Homicide Review",
            "Record the police notification. The case gets its reference and its first step "
            "(notification) at once; the decision whether to hold a review is due within one "
            "month.",
            parent,
        )
        self.db = db
        self.notification = self.section("Police notification", "case", NOTIFICATION)
        self.victim = self.section("The person who died (if known)", "person", VICTIM)
        self.suspect = self.section("The suspect (if known)", "person", SUSPECT)
        self.body.addStretch(1)
        self.align()

    def open_case(self) -> Case:
        values = {k: v for k, v in self.notification.values().items() if v not in ("", None)}
        return cases.new_dhr(self.db, values, self.victim.values(), self.suspect.values())


class NewTriggerDialog(NewCaseDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(
            "New ASB Case Review (Community Trigger) application",
            "Record who applied and how. Anonymous applications are not accepted; an application "
            "on the victim's behalf needs their consent.",
            parent,
        )
        self.db = db
        self.application = self.section("Application", "trigger_application", APPLICATION)
        self.applicant = self.section("Applicant", "person", APPLICANT)
        self.on_behalf = self.section("Victim (when applying on their behalf)", "person", ON_BEHALF)
        self.body.addStretch(1)
        self.align()

    def open_case(self) -> Case:
        values = {k: v for k, v in self.application.values().items() if v not in ("", None)}
        applicant = {k: v for k, v in self.applicant.values().items() if v}
        victim = {k: v for k, v in self.on_behalf.values().items() if v}
        return cases.new_trigger(self.db, values, applicant, victim or None)

    def show_problems(self, exc: ValidationError) -> None:
        application = [(f, r) for f, r in exc.problems if f != "applicant"]
        general = self.application.show_problems(application, banner=False)
        if any(f == "applicant" for f, _r in exc.problems):
            reason = next(r for f, r in exc.problems if f == "applicant")
            self.applicant.show_problems([("real_name", reason)])
        self.error.error(_not_opened(exc, general))
