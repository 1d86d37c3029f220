"""A finding's status workflow and the bulk changes of the 整改台账, one short transaction each.

Each change reads the findings under a row lock inside its own transaction (``SELECT … FOR UPDATE`` on
PostgreSQL, the write transaction on SQLite), so the lifecycle check the session makes on flush compares
against the stored status, never a stale copy: two officers racing cannot store a move the lifecycle
table forbids (``in_progress → verified``), and ``expected_version`` refuses a move made from a stale page.

What a move needs (evidence, the verifier, the approver and the reason) is decided by
:func:`db.domain.findings.close_problems`, the same rule the ledger's session enforces on every flush.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa

from db.domain import findings, validators
from db.domain.enums import FindingStatus
from db.domain.findings import Reason as Reason
from db.domain.lifecycle import TransitionError
from db.domain.validators import ValidationError
from db.models import Finding
from db.repo.records import NotFoundError, locked


def move_problems(finding: dict[str, Any]) -> dict[str, list[Reason]]:
    """For each state the finding could move to: what stops the move now (empty: nothing).

    ``finding`` is the record as :func:`desktop.services.views.record` gives it (with its
    ``actions``). The verifier and the approver are not known yet: a move to 已验证 or 风险接受
    always lists them (``needs_verifier``, ``needs_approver``), for the caller to ask for."""
    current = FindingStatus(finding["status"])
    actions = [(a.get("action"), a.get("evidence")) for a in finding.get("actions", [])]
    return {
        state.value: findings.close_problems(state, current=current, actions=actions)
        for state in FindingStatus
        if state != current
    }


def change_finding_status(
    ledger: Any,
    finding_id: int,
    new_status: str,
    *,
    verifier: str | None = None,
    accepted_by: str | None = None,
    accepted_reason: str | None = None,
    today: date | None = None,
    expected_version: int | None = None,
) -> None:
    """Move a finding to ``new_status``; the evidence is checked by the ledger when it is written.

    ``expected_version``: the finding's ``row_version`` as the caller saw it (None: no check)."""
    with ledger.session() as session:
        change_finding_status_in(
            session, finding_id, new_status, verifier=verifier, accepted_by=accepted_by,
            accepted_reason=accepted_reason, today=today, expected_version=expected_version,
        )


def change_finding_status_in(
    session: Any,
    finding_id: int,
    new_status: str,
    *,
    verifier: str | None = None,
    accepted_by: str | None = None,
    accepted_reason: str | None = None,
    today: date | None = None,
    expected_version: int | None = None,
) -> None:
    """:func:`change_finding_status` inside the caller's transaction."""
    today = today or date.today()
    state = FindingStatus(new_status)
    problems = findings.close_problems(
        state, verifier=verifier, accepted_by=accepted_by, accepted_reason=accepted_reason
    )
    if problems:
        raise TransitionError(problems[0].message)
    try:
        finding = locked(session, Finding, finding_id, expected_version=expected_version, entity="findings")
    except NotFoundError:
        raise NotFoundError("问题已不存在。") from None
    finding.status = state
    if state == FindingStatus.FIXED:
        finding.fixed_on = finding.fixed_on or today
    elif state == FindingStatus.VERIFIED:
        finding.fixed_on = finding.fixed_on or today
        finding.verified_on = today
        finding.verifier = (verifier or "").strip()
    elif state == FindingStatus.RISK_ACCEPTED:
        finding.accepted_by = (accepted_by or "").strip()
        finding.accepted_reason = (accepted_reason or "").strip()


def bulk_assign(ledger: Any, finding_ids: Iterable[int], owner: str) -> int:
    owner = owner.strip()
    if not owner:
        raise ValidationError("请填写责任人", "owner")
    ids = list(finding_ids)
    with ledger.session() as session:
        for f in session.scalars(_locked_rows(ids)):
            f.owner = owner
    return len(ids)


def bulk_move_deadline(ledger: Any, finding_ids: Iterable[int], new_deadline: Any, reason: str) -> int:
    due = validators.parse_date(new_deadline, field="deadline")
    reason = reason.strip()
    if not reason:
        raise ValidationError("调整整改期限须说明理由", "deadline_note")
    ids = list(finding_ids)
    with ledger.session() as session:
        for f in session.scalars(_locked_rows(ids)):
            old = f.deadline.isoformat() if f.deadline else "无"
            f.deadline = due
            f.deadline_rule = None
            f.deadline_note = f"{old}→{due.isoformat()}：{reason}"[:300]
    return len(ids)


def _locked_rows(ids: list[int]) -> sa.Select[Finding]:
    """The findings, read afresh and locked in id order (two bulk changes never wait on each other in a circle)."""
    return (
        sa.select(Finding)
        .where(Finding.id.in_(ids))
        .order_by(Finding.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
