"""Self-inspections (自查) in the ledger: create a checklist (carrying last year's verdicts forward),
record verdicts, compute 符合率 and the conclusion, complete it into findings and a 自查 assessment.

The rules (checklist, 符合率, 1846号 edges, default risks) are in :mod:`db.domain.self_inspection`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain import catalogue, deadlines
from db.domain import self_inspection as rules
from db.domain.enums import AssessmentKind, AssessmentStatus, FindingSource, Risk, level_label
from db.domain.errors import LedgerError
from db.models import Assessment, Attachment, Finding, Organization, ProtectedObject
from db.models import SelfInspection as Inspection
from db.models import SelfInspectionItem as Item

ITEM_ENTITY = "self_inspection_items"


class SelfInspectionError(LedgerError):
    """A self-inspection request that cannot be carried out (one Chinese sentence)."""


@dataclass(frozen=True)
class Verdict:
    """A change of one checklist row, found by its position (序号)."""

    position: int
    verdict: str | None = None
    note: str | None = None
    person: str | None = None
    checked_on: date | None = None
    risk: str | None = None


@dataclass(frozen=True)
class ItemView:
    id: int
    position: int
    scenario: str
    category: str
    category_name: str
    control_point: str
    verdict: str | None
    note: str | None
    person: str | None
    checked_on: date | None
    carried: bool
    risk: str | None
    finding_id: int | None
    evidence: int = 0

    @property
    def verdict_label(self) -> str:
        return rules.VERDICT_LABELS.get(self.verdict or "", "未判定")


@dataclass(frozen=True)
class InspectionView:
    id: int
    object_id: int
    object_name: str
    organization: str
    level: int
    year: int
    scenarios: tuple[str, ...]
    partial_weight: float
    inspector: str | None
    started_on: date | None
    completed_on: date | None
    major_hazards: int
    items: tuple[ItemView, ...]
    counts: rules.Counts
    #: 符合率 under the inspection's own weight, and under every weight the rule data offers
    rate: float | None
    rates: tuple[tuple[float, float | None], ...]
    formula: str
    conclusion: rules.Conclusion
    next_due: deadlines.ComputedDate | None
    carried_open: int
    findings: tuple[tuple[int, str, str, str, date | None], ...] = field(default=())

    @property
    def level_label(self) -> str:
        return level_label(self.level)


def _object(session: Session, object_id: int) -> ProtectedObject:
    obj = session.get(ProtectedObject, object_id)
    if obj is None:
        raise SelfInspectionError(f"找不到定级对象：编号 {object_id}")
    return obj


def _inspection(session: Session, inspection_id: int) -> Inspection:
    found = session.get(Inspection, inspection_id)
    if found is None:
        raise SelfInspectionError(f"找不到自查记录：编号 {inspection_id}")
    return found


def find(session: Session, object_id: int, year: int | None = None) -> int | None:
    """The object's self-inspection of ``year`` (the latest when None); the object must exist."""
    _object(session, object_id)
    stmt = sa.select(Inspection.id).where(Inspection.object_id == object_id)
    if year is not None:
        stmt = stmt.where(Inspection.year == year)
    return session.scalar(stmt.order_by(Inspection.year.desc()).limit(1))


def list_for_object(session: Session, object_id: int) -> list[tuple[int, int, date | None]]:
    """(id, year, completed_on) of the object's self-inspections, newest first."""
    rows = session.execute(
        sa.select(Inspection.id, Inspection.year, Inspection.completed_on)
        .where(Inspection.object_id == object_id)
        .order_by(Inspection.year.desc())
    )
    return [(int(i), int(y), c) for i, y, c in rows]


def create(
    session: Session,
    object_id: int,
    year: int,
    *,
    today: date,
    inspector: str | None = None,
    partial_weight: float | None = None,
    extra_scenarios: Sequence[str] = (),
    carry: bool = True,
) -> int:
    """A new checklist for the object's level and scenarios; last year's verdicts carried forward."""
    obj = _object(session, object_id)
    if not obj.current_level:
        raise SelfInspectionError(f"“{obj.name}”尚未定级，无法生成自查表")
    if not 2000 <= year <= 2100:
        raise SelfInspectionError(f"年度应在2000至2100之间：{year}")
    if find(session, object_id, year) is not None:
        raise SelfInspectionError(f"“{obj.name}”已有{year}年度的自查记录")
    weight = rules.default_partial_weight(today) if partial_weight is None else partial_weight
    try:
        weight = rules.check_partial_weight(weight, today)
        scenario_codes = rules.scenarios_for(getattr(obj.object_type, "value", obj.object_type), extra_scenarios)
    except ValueError as exc:
        raise SelfInspectionError(str(exc)) from None
    entries = rules.checklist(obj.current_level, scenario_codes)
    previous_id = session.scalar(
        sa.select(Inspection.id)
        .where(Inspection.object_id == object_id, Inspection.year < year)
        .order_by(Inspection.year.desc())
        .limit(1)
    )
    carried: dict[int, tuple[rules.CarriedVerdict, str | None]] = {}
    if carry and previous_id is not None:
        old = {
            (i.scenario, i.category, i.control_point): (rules.CarriedVerdict(i.verdict, i.note), i.risk)
            for i in session.scalars(sa.select(Item).where(Item.inspection_id == previous_id))
        }
        found = rules.carry_forward({k: v[0] for k, v in old.items()}, entries)
        carried = {pos: (cv, old[_key(entries, pos)][1]) for pos, cv in found.items()}
    inspection = Inspection(
        object_id=object_id,
        year=year,
        level=obj.current_level,
        scenarios=",".join(scenario_codes),
        partial_weight=weight,
        inspector=inspector,
        started_on=today,
        major_hazards=0,
        carried_from_id=previous_id if carried else None,
    )
    session.add(inspection)
    session.flush()
    for e in entries:
        cv, risk = carried.get(e.position, (None, None))
        session.add(
            Item(
                inspection_id=inspection.id,
                position=e.position,
                scenario=e.scenario,
                category=e.category,
                control_point=e.control_point,
                verdict=cv.verdict if cv else None,
                note=cv.note if cv else None,
                carried=cv is not None,
                risk=risk,
            )
        )
    session.flush()
    return int(inspection.id)


def _key(entries: Sequence[rules.ChecklistEntry], position: int) -> tuple[str, str, str]:
    e = entries[position - 1]
    return (e.scenario, e.category, e.control_point)


def set_verdicts(session: Session, inspection_id: int, changes: Iterable[Verdict]) -> int:
    """Apply verdict changes; a verdict set (or confirmed) is no longer "carried". Returns rows changed."""
    inspection = _inspection(session, inspection_id)
    if inspection.completed_on is not None:
        raise SelfInspectionError(f"{inspection.year}年度自查已完成，不能再修改结论")
    by_position = {i.position: i for i in inspection.items}
    risks = {r.value for r in Risk}
    n = 0
    for ch in changes:
        item = by_position.get(ch.position)
        if item is None:
            raise SelfInspectionError(f"自查表中没有序号 {ch.position}（共 {len(by_position)} 项）")
        if ch.verdict is not None:
            try:
                item.verdict = rules.verdict_code(ch.verdict)
            except ValueError as exc:
                raise SelfInspectionError(str(exc)) from None
            item.carried = False
        if ch.risk is not None:
            code = ch.risk if ch.risk in risks else _risk_from_label(ch.risk)
            item.risk = code
        if ch.note is not None:
            item.note = ch.note[:2000] or None
        if ch.person is not None:
            item.person = ch.person[:50] or None
        if ch.checked_on is not None:
            item.checked_on = ch.checked_on
        n += 1
    session.flush()
    return n


def _risk_from_label(text: str) -> str:
    for r in Risk:
        if text.strip() in (r.value, r.label, f"{r.label}风险"):
            return r.value
    raise SelfInspectionError(f"未知的风险等级：{text}（应为高、中或低）")


def set_header(
    session: Session,
    inspection_id: int,
    *,
    partial_weight: float | None = None,
    inspector: str | None = None,
    major_hazards: int | None = None,
    on: date,
) -> None:
    inspection = _inspection(session, inspection_id)
    if partial_weight is not None:
        try:
            inspection.partial_weight = rules.check_partial_weight(partial_weight, on)
        except ValueError as exc:
            raise SelfInspectionError(str(exc)) from None
    if inspector is not None:
        inspection.inspector = inspector[:50] or None
    if major_hazards is not None:
        if major_hazards < 0 or major_hazards > 10000:
            raise SelfInspectionError(f"重大风险隐患数量应为0至10000：{major_hazards}")
        inspection.major_hazards = major_hazards
    session.flush()


def view(session: Session, inspection_id: int, *, today: date) -> InspectionView:
    """Everything the page, the report and the workbook show of one self-inspection."""
    ins = _inspection(session, inspection_id)
    obj = _object(session, ins.object_id)
    org = session.get(Organization, obj.organization_id)
    names = {c.code: c.name for c in catalogue.categories()}
    evidence = dict(
        session.execute(
            sa.select(Attachment.entity_id, sa.func.count())
            .where(Attachment.entity_type == ITEM_ENTITY, Attachment.entity_id.in_([i.id for i in ins.items]))
            .group_by(Attachment.entity_id)
        ).all()
    )
    items = tuple(
        ItemView(
            i.id, i.position, i.scenario, i.category, names.get(i.category, i.category), i.control_point,
            i.verdict, i.note, i.person, i.checked_on, i.carried, i.risk, i.finding_id, int(evidence.get(i.id, 0)),
        )
        for i in ins.items
    )
    on = ins.completed_on or today
    counts = rules.count(i.verdict for i in items)
    _rs, body = rules.rate_rules(on)
    rates = tuple((float(w), rules.compliance_rate(counts, float(w))) for w in body["partial_weight_choices"])
    rate = rules.compliance_rate(counts, ins.partial_weight)
    finding_rows = session.execute(
        sa.select(Finding.id, Finding.title, Finding.risk, Finding.status, Finding.deadline)
        .where(Finding.id.in_([i.finding_id for i in items if i.finding_id]))
        .order_by(Finding.id)
    ).all()
    last = ins.completed_on
    return InspectionView(
        id=ins.id,
        object_id=obj.id,
        object_name=obj.name,
        organization=org.name if org else "",
        level=ins.level,
        year=ins.year,
        scenarios=tuple(s for s in ins.scenarios.split(",") if s),
        partial_weight=ins.partial_weight,
        inspector=ins.inspector,
        started_on=ins.started_on,
        completed_on=ins.completed_on,
        major_hazards=ins.major_hazards,
        items=items,
        counts=counts,
        rate=rate,
        rates=rates,
        formula=rules.formula_text(ins.partial_weight),
        conclusion=rules.conclusion(rate, ins.major_hazards, on),
        next_due=deadlines.next_self_inspection(ins.level, last, today) if last else None,
        carried_open=sum(1 for i in items if i.carried),
        findings=tuple(
            (int(f.id), f.title, str(getattr(f.risk, "value", f.risk)), str(getattr(f.status, "value", f.status)),
             f.deadline)
            for f in finding_rows
        ),
    )


def complete(session: Session, inspection_id: int, *, on: date) -> tuple[int, int]:
    """Close the inspection on ``on``: every 不符合/部分符合 item becomes a finding (source 自查, deadline
    by its risk), and a 自查 assessment records the 符合率 (the next self-inspection date follows it).
    Returns (assessment id, findings created)."""
    ins = _inspection(session, inspection_id)
    if ins.completed_on is not None:
        raise SelfInspectionError(f"{ins.year}年度自查已于{ins.completed_on.isoformat()}完成")
    open_items = [i.position for i in ins.items if i.verdict is None]
    if open_items:
        raise SelfInspectionError(f"尚有{len(open_items)}项未判定（第一项序号 {open_items[0]}），不能完成自查")
    counts = rules.count(i.verdict for i in ins.items)
    rate = rules.compliance_rate(counts, ins.partial_weight)
    result = rules.conclusion(rate, ins.major_hazards, on)
    assessment = Assessment(
        object_id=ins.object_id,
        kind=AssessmentKind.SELF_CHECK,
        started_on=ins.started_on,
        report_date=on,
        report_no=f"自查-{ins.year}",
        scheme="conclusion-2025",
        compliance_rate=rate,
        conclusion=result.label,
        major_risk_count=ins.major_hazards,
        notes="；".join((rules.formula_text(ins.partial_weight), *result.flags)),
        status=AssessmentStatus.REPORTED,
    )
    session.add(assessment)
    session.flush()
    created = 0
    for item in ins.items:
        if item.verdict not in (rules.NONCONFORM, rules.PARTIAL) or item.finding_id is not None:
            continue
        risk = item.risk or rules.finding_risk(item.verdict, on) or Risk.MEDIUM.value
        found_on = item.checked_on or on
        computed = deadlines.finding_deadline(risk, found_on)
        finding = Finding(
            object_id=ins.object_id,
            source=FindingSource.SELF_INSPECTION,
            assessment_id=assessment.id,
            category=item.category,
            control_point=item.control_point,
            title=f"{item.control_point}：{rules.VERDICT_LABELS[item.verdict]}"[:300],
            description=item.note,
            risk=Risk(risk),
            owner=item.person,
            found_on=found_on,
            deadline=computed.due,
            deadline_rule=computed.rule_set,
            deadline_note=("按周一至周五估算" if computed.approximate else None),
        )
        session.add(finding)
        session.flush()
        item.finding_id = finding.id
        item.risk = risk
        created += 1
    ins.completed_on = on
    ins.assessment_id = assessment.id
    session.flush()
    return int(assessment.id), created
