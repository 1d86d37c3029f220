"""The cached object dates follow every write that changes their facts."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    FilingStatus,
    GradingStatus,
    HarmDegree,
    HarmedObject,
)
from db.models import Assessment, Filing, Grading, ObjectDeadline, Organization, ProtectedObject
from db.repo.deadlines import summary, upcoming

TODAY = date(2026, 11, 21)


def _cached(ledger, object_id: int) -> dict[str, tuple[date, str]]:
    with ledger.session(write=False) as s:
        rows = s.execute(sa.select(ObjectDeadline).where(ObjectDeadline.object_id == object_id)).scalars()
        return {r.kind: (r.due, r.rule_set) for r in rows}


def test_cache_follows_grading_filing_and_testing(ledger) -> None:
    with ledger.session() as s:
        obj = ProtectedObject(organization=Organization(name="某市水利局"), name="水利局门户网站", current_level=3)
        s.add(obj)
        s.flush()
        s.add(
            Grading(
                object_id=obj.id, rule_set="grading-gbt22240-2020", business_object=HarmedObject.SOCIETY,
                business_degree=HarmDegree.SERIOUS, business_level=3, service_object=HarmedObject.SOCIETY,
                service_degree=HarmDegree.GENERAL, service_level=2, level=3, graded_on=date(2026, 10, 1),
                status=GradingStatus.APPROVED,
            )
        )
        oid = obj.id
    with ledger.session() as s:
        items = upcoming(s, today=TODAY, horizon_days=30)
    kinds = {i.kind for i in items if i.object_id == oid}
    assert "filing_due" in kinds, "graded at level 3 and not filed: filing is due"
    assert _cached(ledger, oid)["filing_due"][0] == date(2026, 10, 31)

    with ledger.session() as s:
        s.add(Filing(object_id=oid, status=FilingStatus.ACCEPTED, submitted_on=date(2026, 10, 20),
                     accepted_on=date(2026, 11, 2), certificate_no="13010090001-10001"))
        s.add(Assessment(object_id=oid, kind=AssessmentKind.LEVEL_TEST, status=AssessmentStatus.REPORTED,
                         report_date=date(2026, 11, 10)))
    cached = _cached(ledger, oid)
    assert "filing_due" not in cached
    assert cached["certificate_expiry"][0] == date(2030, 11, 1), "3 years + 1 for the completed test"
    assert cached["next_level_test"] == (date(2027, 11, 10), "obligations-1846-2025")
    with ledger.session() as s:
        counts = summary(s, today=TODAY)
    assert "filing_due" not in counts


def test_summary_counts_match_the_item_list(demo_ledger) -> None:
    with demo_ledger.session() as s:
        items = upcoming(s, today=TODAY, horizon_days=30)
        counts = summary(s, today=TODAY, horizon_days=30)
        top = upcoming(s, today=TODAY, horizon_days=30, limit=5)
    for kind, entry in counts.items():
        mine = [i for i in items if i.kind == kind]
        assert entry["overdue"] == sum(i.overdue for i in mine), kind
        assert entry["soon"] == sum(not i.overdue for i in mine), kind
    assert top == items[:5]
