"""Computed dates of the officer's year: filing, certificate validity, tests, drills, findings, incidents.

All functions are pure. Each reads its rule from the rule data (:mod:`db.domain.rules`) in force on the
*triggering* date (grading, last test, discovery…) and records the id of the rule set that produced the
date, plus a short Chinese ``basis`` that the UI can show as a tooltip. Obligation topics are layered
(see :func:`db.domain.rules.obligation`): e.g. a 第四级 test cycle triggered in 2024 comes from 公通字〔2007〕43号
(6 months), one triggered after 2025-04-27 from 公网安〔2025〕1846号 (12 months).

Calendar-day periods are not moved off weekends or holidays; working-day periods follow the State
Council calendar (:mod:`db.domain.workdays`) and are flagged ``approximate`` where that calendar has no data.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from db.domain.enums import LEVEL_LABELS, OperatorType, Risk
from db.domain.rules import incident_limit, obligation, rule_set
from db.domain.workdays import add_workdays

FILING_DUE = "filing_due"
CERTIFICATE_EXPIRY = "certificate_expiry"
RENEWAL_WINDOW_START = "renewal_window_start"
NEXT_LEVEL_TEST = "next_level_test"
NEXT_SELF_INSPECTION = "next_self_inspection"
NEXT_DRILL = "next_drill"
PLAN_REVIEW_DUE = "plan_review_due"
FINDING_DEADLINE = "finding_deadline"
INCIDENT_REPORT = "incident_report"
POLICE_REVIEW_DUE = "police_review_due"


@dataclass(frozen=True)
class ComputedDate:
    """A date computed from a rule: what it is, when, which rule set, and why."""

    kind: str
    due: date
    rule_set: str
    approximate: bool = False
    basis: str = ""


@dataclass(frozen=True)
class ComputedDateTime:
    """A moment computed from a rule (incident reporting), with the body to report to."""

    kind: str
    due: datetime
    rule_set: str
    approximate: bool = False
    basis: str = ""
    report_to: str = ""


# --------------------------------------------------------------------------------------------------
# Date arithmetic
# --------------------------------------------------------------------------------------------------


def add_months(d: date, months: int) -> date:
    """``d`` plus whole months; the day is clamped to the month's end (01-31 + 1 month = 02-28/29)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    """``d`` plus whole years; 02-29 becomes 02-28 in a non-leap year."""
    return add_months(d, 12 * years)


def _level(level: int) -> int:
    if isinstance(level, bool) or level not in LEVEL_LABELS:
        raise ValueError(f"安全保护等级应为1至5级：{level}")
    return level


def _code(value: str | Enum) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def _due_date(value: date | ComputedDate | ComputedDateTime) -> date:
    if isinstance(value, ComputedDate | ComputedDateTime):
        value = value.due
    return value.date() if isinstance(value, datetime) else value


# --------------------------------------------------------------------------------------------------
# Filing and certificate
# --------------------------------------------------------------------------------------------------


def filing_due(level: int, graded_on: date, go_live: date | None = None) -> ComputedDate | None:
    """Last day to file with the police, or ``None`` when the level does not file (第一级).

    Rule (公通字〔2007〕43号 第十五条): objects of 第二级 and above file within 30 days after the level
    is fixed; a new object that goes live after grading files within 30 days after going live. The
    trigger is therefore the later of ``graded_on`` and ``go_live``.
    """
    _level(level)
    after_go_live = go_live is not None and go_live > graded_on
    trigger = go_live if after_go_live and go_live else graded_on
    rs, rule = obligation("filing", trigger)
    if level < rule["min_level"]:
        return None
    event = "投入运行" if after_go_live else "定级"
    return ComputedDate(
        FILING_DUE,
        trigger + timedelta(days=rule["days"]),
        rs.id,
        basis=f"{event}后{rule['days']}日内备案（{rule['source']}）",
    )


def certificate_expiry(accepted_on: date, completed_tests: Sequence[date] = ()) -> ComputedDate:
    """Last day of validity of the 备案证明.

    Rule (公网安〔2025〕1846号): valid 3 years; for filings accepted before 2025-01-01 the 3 years count
    from 2025-01-01; each completed 等级测评 after acceptance adds 1 year. Tests dated before the
    validity starts (before 2025-01-01 for older filings) are not counted [R]. The result is the last
    valid day, the day before the anniversary [R]: accepted 2025-06-10 with no test → 2028-06-09.
    """
    rs, rule = obligation("certificate", accepted_on)
    floor: date = rule["count_from"]
    start = max(accepted_on, floor)
    counted = {t for t in completed_tests if t > accepted_on and t >= floor}
    years = rule["validity_years"] + rule["extension_years_per_test"] * len(counted)
    if rule["last_day_inclusive"]:
        # the day before the anniversary; a 02-29 start ends on 02-28 (not 02-27)
        end = add_years(start - timedelta(days=1), years)
    else:
        end = add_years(start, years)
    basis = f"自{start.isoformat()}起{rule['validity_years']}年"
    if start > accepted_on:
        basis += f"（{floor.year}年前备案的自{floor.isoformat()}起算）"
    if counted:
        basis += f"，另有{len(counted)}次等级测评各延长{rule['extension_years_per_test']}年"
    return ComputedDate(CERTIFICATE_EXPIRY, end, rs.id, basis=f"{basis}（{rule['source']}）")


def renewal_window_start(expiry: ComputedDate) -> ComputedDate:
    """First day on which renewal of the 备案证明 may be applied for.

    Rule (公网安〔2025〕1846号): apply within the 3 months before expiry. With the last valid day
    2027-12-31 the window opens on 2027-10-01.
    """
    rs = rule_set(expiry.rule_set)
    rule: Any = rs.data.get("certificate") or obligation("certificate", expiry.due)[1]
    months = rule["renewal_window_months"]
    end_exclusive = expiry.due + timedelta(days=1) if rule["last_day_inclusive"] else expiry.due
    return ComputedDate(
        RENEWAL_WINDOW_START,
        add_months(end_exclusive, -months),
        rs.id,
        expiry.approximate,
        f"有效期届满前{months}个月内申请延续（{rule['source']}）",
    )


def police_review_due(submitted_on: date) -> ComputedDate:
    """Day by which the police should have reviewed a filing.

    Rule (公通字〔2007〕43号 第十七条, [S-weak]): 10 working days after the materials are received.
    """
    rs, rule = obligation("police_review", submitted_on)
    due, approximate = add_workdays(submitted_on, rule["working_days"])
    return ComputedDate(
        POLICE_REVIEW_DUE,
        due,
        rs.id,
        approximate,
        f"公安机关收到备案材料后{rule['working_days']}个工作日内审核（{rule['source']}）",
    )


# --------------------------------------------------------------------------------------------------
# Cycles: tests, self-inspections, drills, plan reviews
# --------------------------------------------------------------------------------------------------


def _next_in_cycle(
    kind: str, topic: str, what: str, level: int, last: date | None, reference: date
) -> ComputedDate | None:
    """``last`` + the level's cycle; with no ``last``, due on ``reference`` (nothing on record: due now)."""
    trigger = last or reference
    rs, rule = obligation(topic, trigger)
    months = rule["cycle_months"].get(str(_level(level)))
    if months is None:
        return None
    mark = "，待核实" if rs.mark(f"{topic}.cycle_months.{level}") else ""
    cycle = f"{LEVEL_LABELS[level]}每{months}个月{what}一次（{rule['source']}{mark}）"
    if last is None:
        return ComputedDate(kind, reference, rs.id, basis=f"{cycle}；尚无{what}记录，应尽快开展")
    return ComputedDate(
        kind, add_months(last, months), rs.id, basis=f"{cycle}；自上次{what}（{last.isoformat()}）起算"
    )


def next_level_test(level: int, last_test: date | None, reference: date) -> ComputedDate | None:
    """Next 等级测评 due date, or ``None`` when the level has no test cycle.

    ``last_test`` + the cycle of the rule in force on ``last_test``: 43号 第十四条 (第三级 12 months,
    第四级 6, 第五级 12 by special need; 第二级 none) or, from 2025-04-27, 1846号 (第三至五级 12 months;
    第二级 24 months [S-weak practice]). With no test on record the test is due at once: the result is
    ``reference`` (usually today, or the filing's acceptance date), under the rule in force then.
    """
    return _next_in_cycle(NEXT_LEVEL_TEST, "level_test", "等级测评", level, last_test, reference)


def next_self_inspection(level: int, last: date | None, reference: date) -> ComputedDate | None:
    """Next 自查 due date, or ``None`` when the level has no cycle.

    Rule (公通字〔2007〕43号 第十四条): 第三级 every 12 months, 第四级 every 6 months
    (第五级 6 months, an assumption), counted from ``last``; with none on record, due on ``reference``.
    """
    return _next_in_cycle(NEXT_SELF_INSPECTION, "self_inspection", "自查", level, last, reference)


def next_drill(level: int, last: date | None, reference: date) -> ComputedDate | None:
    """Next 应急演练 due date, or ``None`` for 第一级.

    Practice default [R] (GB/T 22239 asks for regular drills without a frequency): 第二级 and above
    every 12 months, counted from ``last``; with none on record, due on ``reference``.
    """
    return _next_in_cycle(NEXT_DRILL, "drill", "应急演练", level, last, reference)


def plan_review_due(last_reviewed: date, cycle_months: int | None = None) -> ComputedDate:
    """Next review of an emergency plan (应急预案评审修订).

    ``cycle_months`` is the plan's own cycle; ``None`` uses the practice default of 12 months [R].
    """
    rs, rule = obligation("plan_review", last_reviewed)
    months = rule["cycle_months"] if cycle_months is None else cycle_months
    if months <= 0:
        raise ValueError(f"评审周期应为正整数（月）：{months}")
    origin = rule["source"] if cycle_months is None else "预案设定的评审周期"
    return ComputedDate(
        PLAN_REVIEW_DUE,
        add_months(last_reviewed, months),
        rs.id,
        basis=f"每{months}个月评审修订一次（{origin}）；自{last_reviewed.isoformat()}起算",
    )


# --------------------------------------------------------------------------------------------------
# Findings and incidents
# --------------------------------------------------------------------------------------------------


def finding_deadline(risk: Risk | str, found_on: date, major_hazard: bool = False) -> ComputedDate:
    """Default deadline for fixing a finding, counted from ``found_on``.

    Practice defaults [R] kept in ``obligations-1846-2025`` (the user may change them): 高 30 days,
    中 90 days, 低 180 days (calendar days); a 重大风险隐患 15 working days whatever its risk.
    """
    rs, body = obligation("finding_deadlines", found_on)
    code = _code(risk)
    if major_hazard:
        rule, label = body["major_hazard"], "重大风险隐患"
    elif code in body["risk"]:
        rule, label = body["risk"][code], f"{Risk(code).label}风险问题"
    else:
        raise ValueError(f"未知的风险等级：{code}")
    if rule["unit"] == "working_days":
        due, approximate = add_workdays(found_on, rule["days"])
        period = f"{rule['days']}个工作日"
    else:
        due, approximate = found_on + timedelta(days=rule["days"]), False
        period = f"{rule['days']}日"
    return ComputedDate(
        FINDING_DEADLINE,
        due,
        rs.id,
        approximate,
        f"{label}自发现之日起{period}内整改（{body['source']}，可修改）",
    )


def incident_report_deadline(operator_type: OperatorType | str, discovered_at: datetime) -> ComputedDateTime:
    """Latest moment to report a 较大及以上 network security incident.

    Rule (《国家网络安全事件报告管理办法》, in force 2025-11-01): 关键信息基础设施运营者 within 1 hour
    (to 保护工作部门 and 公安机关), 中央和国家机关及其直属单位 within 2 hours (to 本部门网信机构),
    other operators within 4 hours (to 属地省级网信部门), counted from discovery. Before 2025-11-01 the
    same limits are shown, since no older rule set exists; ``basis`` says so.
    """
    limit = incident_limit(operator_type, discovered_at.date())
    rs = rule_set(limit.rule_set)
    who = OperatorType(limit.operator_type).label
    hours = f"{limit.hours:g}"
    basis = f"{who}发现后{hours}小时内报告{limit.report_to}（{rs.source}）"
    if discovered_at.date() < rs.effective_from:
        basis += f"；该办法自{rs.effective_from.isoformat()}起施行"
    return ComputedDateTime(
        INCIDENT_REPORT,
        discovered_at + timedelta(hours=limit.hours),
        rs.id,
        basis=basis,
        report_to=limit.report_to,
    )


# --------------------------------------------------------------------------------------------------
# State of a due date
# --------------------------------------------------------------------------------------------------


def is_overdue(due: date | ComputedDate | ComputedDateTime | None, today: date) -> bool:
    """True when the due day has passed (the due day itself is not overdue). ``None`` is never overdue."""
    return due is not None and _due_date(due) < today


def due_soon(due: date | ComputedDate | ComputedDateTime | None, today: date, days: int = 30) -> bool:
    """True when the due day is today or within the next ``days`` days (and not yet overdue)."""
    if due is None:
        return False
    return today <= _due_date(due) <= today + timedelta(days=days)
