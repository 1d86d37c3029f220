"""The ledger's Session class: audit trail and lifecycle checks on every flush."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from db.domain.findings import close_problems
from db.domain.lifecycle import TransitionError, check_transition
from db.models import Finding
from db.store import audit, audit_head


class LedgerSession(Session):
    """A Session whose flushes are audited and whose status changes are checked."""


def _check_finding_close(finding: Finding) -> None:
    """Closing work needs proof; accepting a risk needs a named approver and a reason."""
    problems = close_problems(
        finding.status,
        actions=[(a.action, a.evidence) for a in finding.actions],
        verifier=finding.verifier,
        accepted_by=finding.accepted_by,
        accepted_reason=finding.accepted_reason,
    )
    if problems:
        raise TransitionError(problems[0].message)


@event.listens_for(LedgerSession, "before_flush")
def _check_lifecycles(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.dirty):
        if not hasattr(obj, "status"):
            continue
        hist = get_history(obj, "status", passive=PASSIVE_NO_INITIALIZE)
        if hist.deleted and hist.added:
            old, new = hist.deleted[0], hist.added[0]
            if old is not None and new is not None:
                check_transition(type(new)(old), new)
                if isinstance(obj, Finding):
                    _check_finding_close(obj)


audit.install(LedgerSession)
audit_head.install(LedgerSession)  # after audit's own hook: it reads the new head


#: models whose changes move an object's computed dates, and how to find the object
_DATE_SOURCES = ("Grading", "Filing", "Assessment", "Drill", "ProtectedObject")


@event.listens_for(LedgerSession, "after_flush")
def _collect_date_changes(session: Session, _ctx: Any) -> None:
    dirty: set[int] = session.info.setdefault("dates_dirty_objects", set())
    orgs: set[int] = session.info.setdefault("dates_dirty_orgs", set())
    for obj in [*session.new, *session.dirty, *session.deleted]:
        name = type(obj).__name__
        if name not in _DATE_SOURCES:
            continue
        if name == "ProtectedObject":
            if obj not in session.deleted and obj.id is not None:
                dirty.add(obj.id)
        elif name == "Drill" and getattr(obj, "object_id", None) is None:
            if obj.organization_id is not None:
                orgs.add(obj.organization_id)
        elif getattr(obj, "object_id", None) is not None:
            dirty.add(obj.object_id)


@event.listens_for(LedgerSession, "before_commit")
def _refresh_dates(session: Session) -> None:
    session.flush()  # before_commit runs before the final flush; collect its changes first
    objects: set[int] = session.info.pop("dates_dirty_objects", set())
    orgs: set[int] = session.info.pop("dates_dirty_orgs", set())
    if not objects and not orgs:
        return
    from db.repo import deadlines as cached  # noqa: PLC0415 - repo imports session users

    if orgs:
        import sqlalchemy as sa  # noqa: PLC0415

        from db.models import ProtectedObject  # noqa: PLC0415

        objects |= set(
            session.scalars(sa.select(ProtectedObject.id).where(ProtectedObject.organization_id.in_(orgs)))
        )
    day = cached.cache_date(session)
    if day is not None:
        cached.refresh(session, day, objects)
