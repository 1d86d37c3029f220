"""Lifecycle transitions are enforced in one place, for every write path."""

from __future__ import annotations

from datetime import date

import pytest

from db.domain.enums import FilingStatus, FindingStatus, ObjectStatus, Risk
from db.domain.lifecycle import TRANSITIONS, TransitionError, allowed_next, can_move, check_transition
from db.models import Finding, Organization, ProtectedObject, RectificationAction


def test_every_state_of_every_lifecycle_has_a_row() -> None:
    for enum_cls, table in TRANSITIONS.items():
        assert set(table) == set(enum_cls), enum_cls.__name__
        for targets in table.values():
            assert targets <= set(enum_cls)


def test_retired_objects_stay_retired() -> None:
    assert allowed_next(ObjectStatus.RETIRED) == frozenset()
    with pytest.raises(TransitionError, match="已下线"):
        check_transition(ObjectStatus.RETIRED, ObjectStatus.RUNNING)


def test_filing_cannot_skip_submission() -> None:
    assert not can_move(FilingStatus.PREPARING, FilingStatus.ACCEPTED)
    assert can_move(FilingStatus.SUBMITTED, FilingStatus.ACCEPTED)


def _finding(ledger) -> int:
    with ledger.session() as s:
        org = Organization(name="测试单位")
        obj = ProtectedObject(organization=org, name="测试网站")
        s.add(obj)
        s.flush()
        finding = Finding(object_id=obj.id, title="弱口令", risk=Risk.HIGH, found_on=date(2026, 1, 5))
        s.add(finding)
        s.flush()
        return finding.id


def test_session_refuses_a_forbidden_transition(ledger) -> None:
    fid = _finding(ledger)
    with pytest.raises(TransitionError), ledger.session() as s:
        s.get(Finding, fid).status = FindingStatus.VERIFIED
    with ledger.session() as s:
        assert s.get(Finding, fid).status == FindingStatus.OPEN


def test_closing_needs_an_action_with_evidence(ledger) -> None:
    fid = _finding(ledger)
    with pytest.raises(TransitionError, match="证明材料"), ledger.session() as s:
        s.get(Finding, fid).status = FindingStatus.FIXED
    with ledger.session() as s:
        finding = s.get(Finding, fid)
        finding.actions.append(RectificationAction(action="修改口令策略", evidence="配置截图"))
        finding.status = FindingStatus.FIXED
    with ledger.session() as s:
        assert s.get(Finding, fid).status == FindingStatus.FIXED


def test_risk_acceptance_needs_approver_and_reason(ledger) -> None:
    fid = _finding(ledger)
    with pytest.raises(TransitionError, match="批准人"), ledger.session() as s:
        s.get(Finding, fid).status = FindingStatus.RISK_ACCEPTED
    with ledger.session() as s:
        finding = s.get(Finding, fid)
        finding.accepted_by = "张建国"
        finding.accepted_reason = "系统年内下线"
        finding.status = FindingStatus.RISK_ACCEPTED
