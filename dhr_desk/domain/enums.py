"""The domain's vocabularies. Values are stored; labels are for people."""

from __future__ import annotations

import enum

_ACRONYMS = {"flo": "FLO", "qa": "QA", "imr": "IMR", "csp": "CSP", "sar": "SAR"}


class LabelledEnum(enum.StrEnum):
    @property
    def label(self) -> str:
        words = self.value.split("_")
        words = [_ACRONYMS.get(w, w) for w in words]
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words)


class CaseKind(LabelledEnum):
    DHR = "dhr"
    COMMUNITY_TRIGGER = "community_trigger"

    @property
    def label(self) -> str:
        return {
            "dhr": "Domestic Homicide Review",
            "community_trigger": "ASB Case Review (Community Trigger)",
        }[self.value]

    @property
    def with_article(self) -> str:
        """``a Domestic Homicide Review``, ``an ASB Case Review (Community Trigger)``."""
        return ("a " if self == CaseKind.DHR else "an ") + self.label


class PersonRole(LabelledEnum):
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    FAMILY = "family"
    CHILD = "child"
    FRIEND = "friend"
    COLLEAGUE = "colleague"
    NEIGHBOUR = "neighbour"
    WITNESS = "witness"
    PROFESSIONAL = "professional"
    APPLICANT = "applicant"
    REPRESENTATIVE = "representative"
    SUBJECT_OF_COMPLAINT = "subject_of_complaint"
    OTHER = "other"


class ReturnType(LabelledEnum):
    IMR = "imr"
    CHRONOLOGY = "chronology"
    SHORT_REPORT = "short_report"
    INFORMATION = "information"

    @property
    def label(self) -> str:
        return {
            "imr": "Individual Management Review",
            "chronology": "Agency chronology",
            "short_report": "Short report",
            "information": "Information return",
        }[self.value]


class PanelRole(LabelledEnum):
    CHAIR = "chair"
    AUTHOR = "author"
    CHAIR_AND_AUTHOR = "chair_and_author"
    MEMBER = "member"
    ADVISER = "adviser"
    MINUTE_TAKER = "minute_taker"
    COORDINATOR = "coordinator"


class MeetingKind(LabelledEnum):
    PANEL = "panel"
    CASE_REVIEW = "case_review"
    FAMILY = "family"
    OTHER = "other"


class MeetingStatus(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Attendance(LabelledEnum):
    INVITED = "invited"
    ATTENDED = "attended"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class ContactMethod(LabelledEnum):
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"
    VIA_ADVOCATE = "via_advocate"
    VIA_POLICE_FLO = "via_police_flo"
    OTHER = "other"


class PauseReason(LabelledEnum):
    CRIMINAL_TRIAL = "criminal_trial"
    INQUEST = "inquest"
    IOPC = "iopc"
    SAR = "sar"
    CSPR = "cspr"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "criminal_trial": "Criminal trial",
            "inquest": "Inquest",
            "iopc": "IOPC investigation",
            "sar": "Safeguarding Adults Review",
            "cspr": "Child Safeguarding Practice Review",
            "other": "Other parallel proceeding",
        }[self.value]


class DecisionKind(LabelledEnum):
    REVIEW = "review"  # DHR: whether to hold a review
    THRESHOLD = "threshold"  # CT: threshold met or not
    OUTCOME = "outcome"  # CT: outcome of the case review
    QA = "qa"  # DHR: Home Office QA panel outcome


class DecisionOutcome(LabelledEnum):
    REVIEW = "review"
    NO_REVIEW = "no_review"
    MET = "met"
    NOT_MET = "not_met"
    RECOMMENDATIONS = "recommendations"
    NO_RECOMMENDATIONS = "no_recommendations"
    MAY_PUBLISH = "may_publish"
    RESUBMIT = "resubmit"


class RecommendationScope(LabelledEnum):
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    NOT_ACHIEVED = "not_achieved"


class ApplicationChannel(LabelledEnum):
    """How an application was made; the accessible ways of the July 2025 guidance included."""

    FORM = "form"
    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"
    EASY_READ = "easy_read"
    TEXT_RELAY = "text_relay"
    BSL = "bsl"
    REPRESENTATIVE = "representative"

    @property
    def label(self) -> str:
        return {
            "form": "Form",
            "email": "Email",
            "phone": "Phone",
            "letter": "Letter",
            "in_person": "In person",
            "easy_read": "Easy Read form",
            "text_relay": "Text relay (Relay UK)",
            "bsl": "British Sign Language (video relay or interpreter)",
            "representative": "Through a representative or advocate",
        }[self.value]

    @property
    def phrase(self) -> str:
        """How a letter says it came: ``which we received {phrase}``."""
        return {
            "form": "on the application form",
            "email": "by email",
            "phone": "by phone",
            "letter": "by letter",
            "in_person": "in person",
            "easy_read": "on the Easy Read form",
            "text_relay": "through text relay (Relay UK)",
            "bsl": "in British Sign Language",
            "representative": "through your representative",
        }[self.value]


class AppealOutcome(LabelledEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"
    PARTLY_UPHELD = "partly_upheld"


class SubmissionRecipient(LabelledEnum):
    HOME_OFFICE = "home_office"
    COMMISSIONER = "commissioner"

    @property
    def label(self) -> str:
        return {
            "home_office": "Home Office Quality Assurance Panel",
            "commissioner": "Domestic Abuse Commissioner",
        }[self.value]


class PublishedDocument(LabelledEnum):
    OVERVIEW_REPORT = "overview_report"
    EXECUTIVE_SUMMARY = "executive_summary"
    ACTION_PLAN = "action_plan"
    HOME_OFFICE_LETTER = "home_office_letter"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "overview_report": "Overview report",
            "executive_summary": "Executive summary",
            "action_plan": "Action plan",
            "home_office_letter": "Home Office QA Panel letter",
            "other": "Other document",
        }[self.value]

    @property
    def noun(self) -> str:
        """As a sentence names it: ``the overview report``, ``the Home Office QA Panel letter``."""
        label = self.label
        return "the " + (label if self == PublishedDocument.HOME_OFFICE_LETTER else label.lower())


class Edition(LabelledEnum):
    FULL = "full"
    PUBLISHED = "published"


class RegisterKind(LabelledEnum):
    """What a line of the pseudonym register hides (people of the case are in ``person``)."""

    PERSON = "person"  # someone the case names who is not among its people
    PROFESSIONAL = "professional"  # named by role in a published edition
    WORKPLACE = "workplace"
    SCHOOL = "school"
    ADDRESS = "address"
    PLACE = "place"
    WATCH = "watch"  # never replaced: the publication check points out every mention

    @property
    def label(self) -> str:
        return {
            "person": "Person",
            "professional": "Professional",
            "workplace": "Workplace",
            "school": "School",
            "address": "Address",
            "place": "Place",
            "watch": "Watch list",
        }[self.value]


class DeadlineUnit(LabelledEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"
