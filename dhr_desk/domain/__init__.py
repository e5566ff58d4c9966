"""The domain model (SQLAlchemy 2, typed). Importing this package registers every table."""

from dhr_desk.domain.agencies import Agency, AgencyReturn, CaseAgency
from dhr_desk.domain.case import Case, Decision, Milestone, Pause
from dhr_desk.domain.chronology import ChronologyEntry, ChronologyLink, DatePrecision
from dhr_desk.domain.documents import Distribution, GeneratedDocument
from dhr_desk.domain.drafts import Draft
from dhr_desk.domain.enums import *  # noqa: F403
from dhr_desk.domain.panel import Meeting, MeetingAction, MeetingAttendance, PanelMember
from dhr_desk.domain.people import Advocate, FamilyContact, Person
from dhr_desk.domain.policy import ClosureDay, DeadlineRule, Setting
from dhr_desk.domain.publication import PseudonymEntry, PublicationClearance
from dhr_desk.domain.recommendations import Action, ActionProgress, Recommendation
from dhr_desk.domain.review_cycle import EarlyLearning, Publication, Submission
from dhr_desk.domain.travel import CaseHold, CheckedOutCopy
from dhr_desk.domain.trigger import Appeal, Complaint, TriggerApplication
from dhr_desk.storage.audit import AuditEntry
from dhr_desk.storage.schema import Base

__all__ = [
    "Action",
    "ActionProgress",
    "Advocate",
    "Agency",
    "AgencyReturn",
    "Appeal",
    "AuditEntry",
    "Base",
    "Case",
    "CaseAgency",
    "CaseHold",
    "CheckedOutCopy",
    "ChronologyEntry",
    "ChronologyLink",
    "ClosureDay",
    "Complaint",
    "DeadlineRule",
    "DatePrecision",
    "Decision",
    "Distribution",
    "Draft",
    "EarlyLearning",
    "FamilyContact",
    "GeneratedDocument",
    "Meeting",
    "MeetingAction",
    "MeetingAttendance",
    "Milestone",
    "PanelMember",
    "Pause",
    "Person",
    "Publication",
    "PseudonymEntry",
    "PublicationClearance",
    "Recommendation",
    "Setting",
    "Submission",
    "TriggerApplication",
]
