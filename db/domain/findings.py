"""The rules of a finding's status, in one place: when it counts as open, and what moving it needs.

The ledger's session hook (:mod:`db.store.session`), the services and the finding dialog all ask
:func:`close_problems`; each problem is a :class:`Reason` whose ``code`` callers branch on and whose
``message`` (Chinese) is shown to the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.domain.enums import FindingStatus
from db.domain.lifecycle import can_move

#: work still to do: counted as open, overdue once past the deadline
OPEN_STATUSES: tuple[FindingStatus, ...] = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)
#: work done: closing needs an action with its evidence
DONE_STATUSES: tuple[FindingStatus, ...] = (FindingStatus.FIXED, FindingStatus.VERIFIED)

#: the move is not in the lifecycle (see :mod:`db.domain.lifecycle`)
NOT_ALLOWED = "not_allowed"
#: fixed/verified needs at least one action with its evidence
NEEDS_EVIDENCE = "needs_evidence"
#: verified needs the verifier's name
NEEDS_VERIFIER = "needs_verifier"
#: an accepted risk needs the approver's name and the reason
NEEDS_APPROVER = "needs_approver"

_MESSAGES = {
    NEEDS_EVIDENCE: "请先登记至少一项整改措施及其证明材料。",
    NEEDS_VERIFIER: "标记为已验证前，请填写验证人。",
    NEEDS_APPROVER: "风险接受需要填写批准人和理由。",
}


@dataclass(frozen=True)
class Reason:
    """Why a finding cannot move to a state now: a stable ``code`` and one Chinese ``message``."""

    code: str
    message: str


def is_open(status: str | None) -> bool:
    """True for a finding whose work is still to do (未整改, 整改中); accepts codes or members."""
    return status in OPEN_STATUSES


def is_done(status: str | None) -> bool:
    """True for a finding whose work is done (已整改, 已验证)."""
    return status in DONE_STATUSES


def _filled(text: str | None) -> bool:
    return bool((text or "").strip())


def has_evidence(actions: Iterable[tuple[str | None, str | None]]) -> bool:
    """At least one ``(action, evidence)`` pair with both written."""
    return any(_filled(action) and _filled(evidence) for action, evidence in actions)


def close_problems(
    target: str,
    *,
    current: str | None = None,
    actions: Iterable[tuple[str | None, str | None]] | None = None,
    verifier: str | None = None,
    accepted_by: str | None = None,
    accepted_reason: str | None = None,
) -> list[Reason]:
    """What stops a finding from being in status ``target`` (empty: nothing).

    ``current`` given: a move the lifecycle does not allow is the only problem reported. ``actions``
    are the finding's ``(action, evidence)`` texts; None leaves the evidence unchecked (not known
    yet). ``verifier``, ``accepted_by`` and ``accepted_reason`` are the values the finding would
    have in ``target``.
    """
    state = FindingStatus(target)
    if current is not None:
        now = FindingStatus(current)
        if not can_move(now, state):
            return [Reason(NOT_ALLOWED, f"不能从“{now.label}”直接改为“{state.label}”")]
    out: list[Reason] = []
    if state in DONE_STATUSES and actions is not None and not has_evidence(actions):
        out.append(Reason(NEEDS_EVIDENCE, _MESSAGES[NEEDS_EVIDENCE]))
    if state == FindingStatus.VERIFIED and not _filled(verifier):
        out.append(Reason(NEEDS_VERIFIER, _MESSAGES[NEEDS_VERIFIER]))
    if state == FindingStatus.RISK_ACCEPTED and not (_filled(accepted_by) and _filled(accepted_reason)):
        out.append(Reason(NEEDS_APPROVER, _MESSAGES[NEEDS_APPROVER]))
    return out
