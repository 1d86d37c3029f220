"""The ledger's SQLAlchemy models (DESIGN.md §2)."""

from db.models.assessment import Assessment, Finding, Institution, RectificationAction
from db.models.attachment import Attachment, AuditEvent, AuditHead, LedgerMeta
from db.models.base import Base
from db.models.computed import ObjectDeadline
from db.models.documents import PrintOverride
from db.models.emergency import Drill, EmergencyPlan, Incident, IncidentReport
from db.models.grading import Filing, FilingMaterial, Grading
from db.models.notice import DataCategory, Notice, NoticeTask
from db.models.organization import Contact, Organization
from db.models.protected_object import Domain, ProtectedObject
from db.models.self_inspection import HolidayCalendar, SelfInspection, SelfInspectionItem

__all__ = [
    "Assessment",
    "Attachment",
    "AuditEvent",
    "AuditHead",
    "Base",
    "Contact",
    "DataCategory",
    "Domain",
    "Drill",
    "EmergencyPlan",
    "Filing",
    "FilingMaterial",
    "Finding",
    "Grading",
    "HolidayCalendar",
    "Incident",
    "IncidentReport",
    "Institution",
    "LedgerMeta",
    "Notice",
    "NoticeTask",
    "ObjectDeadline",
    "Organization",
    "PrintOverride",
    "ProtectedObject",
    "RectificationAction",
    "SelfInspection",
    "SelfInspectionItem",
]
