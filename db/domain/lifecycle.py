"""Allowed lifecycle transitions, in one place.

Every model with a ``status`` column is checked against this table when the session
flushes (see :mod:`db.store.session`), so no code path — window, command line or import — can
move a record along a transition the table does not allow.
"""

from __future__ import annotations

from enum import StrEnum

from db.domain.enums import (
    AssessmentStatus,
    DrillStatus,
    FilingStatus,
    FindingStatus,
    GradingStatus,
    IncidentStatus,
    LabelledEnum,
    ObjectStatus,
    OrgStatus,
    TaskStatus,
)


class TransitionError(ValueError):
    """A status change the lifecycle does not allow; the message is for the user."""


_A = AssessmentStatus
_F = FilingStatus
_G = GradingStatus
_FS = FindingStatus

TRANSITIONS: dict[type[StrEnum], dict[str, frozenset[str]]] = {
    OrgStatus: {
        OrgStatus.ACTIVE: frozenset({OrgStatus.DISSOLVED}),
        OrgStatus.DISSOLVED: frozenset({OrgStatus.ACTIVE}),
    },
    ObjectStatus: {
        ObjectStatus.PLANNED: frozenset({ObjectStatus.RUNNING, ObjectStatus.RETIRED}),
        ObjectStatus.RUNNING: frozenset({ObjectStatus.SUSPENDED, ObjectStatus.RETIRED}),
        ObjectStatus.SUSPENDED: frozenset({ObjectStatus.RUNNING, ObjectStatus.RETIRED}),
        ObjectStatus.RETIRED: frozenset(),
    },
    GradingStatus: {
        _G.DRAFT: frozenset({_G.REVIEWED, _G.APPROVED, _G.SUPERSEDED}),
        _G.REVIEWED: frozenset({_G.APPROVED, _G.DRAFT, _G.SUPERSEDED}),
        _G.APPROVED: frozenset({_G.SUPERSEDED}),
        _G.SUPERSEDED: frozenset(),
    },
    FilingStatus: {
        _F.PREPARING: frozenset({_F.SUBMITTED}),
        _F.SUBMITTED: frozenset({_F.ACCEPTED, _F.RETURNED}),
        _F.RETURNED: frozenset({_F.PREPARING, _F.SUBMITTED}),
        _F.ACCEPTED: frozenset({_F.RENEWAL_DUE, _F.EXPIRED, _F.PREPARING}),
        _F.RENEWAL_DUE: frozenset({_F.ACCEPTED, _F.EXPIRED, _F.SUBMITTED}),
        _F.EXPIRED: frozenset({_F.PREPARING, _F.SUBMITTED}),
    },
    AssessmentStatus: {
        _A.PLANNED: frozenset({_A.IN_PROGRESS, _A.REPORTED, _A.CANCELLED}),
        _A.IN_PROGRESS: frozenset({_A.REPORTED, _A.CANCELLED}),
        _A.REPORTED: frozenset(),
        _A.CANCELLED: frozenset({_A.PLANNED}),
    },
    FindingStatus: {
        _FS.OPEN: frozenset({_FS.IN_PROGRESS, _FS.FIXED, _FS.RISK_ACCEPTED}),
        _FS.IN_PROGRESS: frozenset({_FS.OPEN, _FS.FIXED, _FS.RISK_ACCEPTED}),
        _FS.FIXED: frozenset({_FS.VERIFIED, _FS.IN_PROGRESS}),
        _FS.VERIFIED: frozenset({_FS.IN_PROGRESS}),
        _FS.RISK_ACCEPTED: frozenset({_FS.OPEN, _FS.IN_PROGRESS}),
    },
    DrillStatus: {
        DrillStatus.PLANNED: frozenset({DrillStatus.DONE, DrillStatus.CANCELLED}),
        DrillStatus.DONE: frozenset(),
        DrillStatus.CANCELLED: frozenset({DrillStatus.PLANNED}),
    },
    IncidentStatus: {
        IncidentStatus.OPEN: frozenset({IncidentStatus.REPORTED, IncidentStatus.CLOSED}),
        IncidentStatus.REPORTED: frozenset({IncidentStatus.CLOSED}),
        IncidentStatus.CLOSED: frozenset({IncidentStatus.OPEN}),
    },
    TaskStatus: {
        TaskStatus.OPEN: frozenset({TaskStatus.DONE, TaskStatus.CANCELLED}),
        TaskStatus.DONE: frozenset({TaskStatus.OPEN}),
        TaskStatus.CANCELLED: frozenset({TaskStatus.OPEN}),
    },
}


def allowed_next(state: StrEnum) -> frozenset[str]:
    """The states a record in ``state`` may move to."""
    return TRANSITIONS[type(state)][state]


def can_move(old: StrEnum, new: StrEnum) -> bool:
    return old == new or new in allowed_next(old)


def check_transition(old: LabelledEnum, new: LabelledEnum) -> None:
    """Raise :class:`TransitionError` with a Chinese message if ``old → new`` is not allowed."""
    if can_move(old, new):
        return
    allowed = "、".join(type(old)(s).label for s in sorted(allowed_next(old))) or "无"
    raise TransitionError(
        f"不能从“{old.label}”直接改为“{new.label}”；可改为：{allowed}。"
    )
