"""Incident reporting under 《国家网络安全事件报告管理办法》 (in force 2025-11-01): which grades must be
reported, the reporting deadline by operator type, 补报, and the 处置总结报告 due 30 days after
handling ends. Every number comes from the ``incident_reporting`` rule set in force on the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from db.domain.deadlines import ComputedDate, ComputedDateTime, incident_report_deadline
from db.domain.rules import RuleSet, in_force

INCIDENT_SUMMARY = "incident_summary"
#: incident report kinds stored on each report record
REPORT_INITIAL = "initial"
REPORT_FOLLOWUP = "followup"
REPORT_SUMMARY = "summary"
REPORT_KINDS = ((REPORT_INITIAL, "首次报告"), (REPORT_FOLLOWUP, "补报"), (REPORT_SUMMARY, "处置总结报告"))


def _rules(on: date) -> RuleSet:
    return in_force("incident_reporting", on)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def grades(on: date) -> tuple[str, ...]:
    """The grades, most serious first (特别重大, 重大, 较大, 一般)."""
    return tuple(_rules(on).data["grades"]["order"])


def is_reportable(grade: str | None, on: date) -> bool | None:
    """Whether an incident of ``grade`` must be reported (较大 and above); ``None`` when the grade is
    not yet judged (the officer must judge it: the deadline is shown until then)."""
    if grade is None or not grade.strip():
        return None
    body = _rules(on).data["grades"]
    if grade.strip() not in body["order"]:
        raise ValueError(f"未知的事件级别：{grade}")
    return grade.strip() in body["reportable"]


def summary_report_due(handling_ended: date | datetime) -> ComputedDate:
    """Last day for the 处置总结报告: ``summary_report.days`` (30) calendar days after handling ends."""
    day = _day(handling_ended)
    rs = _rules(day)
    body = rs.data["summary_report"]
    return ComputedDate(
        INCIDENT_SUMMARY,
        day + timedelta(days=body["days"]),
        rs.id,
        basis=f"处置结束（{day.isoformat()}）后{body['days']}日内报送处置总结报告（{body['source']}）",
    )


def followup_text(on: date) -> str:
    body = _rules(on).data["followup"]
    return f"{body['text']}（{body['source']}）"


def channels(on: date) -> tuple[str, ...]:
    return tuple(_rules(on).data["channels"]["list"])


@dataclass(frozen=True)
class IncidentDates:
    """What the incident editor and the dashboard show for one incident."""

    reportable: bool | None
    report_deadline: ComputedDateTime | None
    summary_due: ComputedDate | None
    followup_pending: bool
    notes: tuple[str, ...]


def incident_dates(
    *,
    grade: str | None,
    operator_type: str | Enum,
    discovered_at: datetime,
    handling_ended_at: datetime | date | None = None,
    initial_reported: bool = False,
    followup_needed: bool = False,
    followup_reported: bool = False,
    summary_reported: bool = False,
) -> IncidentDates:
    """The computed dates of one incident.

    The reporting deadline is shown while the incident is reportable (or its grade not yet judged)
    and no first report is on record; the summary due date once handling has ended and until a
    处置总结报告 is on record. An incident graded 一般 needs no report under the 办法.
    """
    on = discovered_at.date()
    reportable = is_reportable(grade, on)
    notes: list[str] = []
    deadline = None
    if reportable is not False:
        code = str(operator_type.value if isinstance(operator_type, Enum) else operator_type)
        deadline = incident_report_deadline(code, discovered_at)
        if reportable is None:
            notes.append("事件级别未判定：较大及以上事件须按时限报告，请尽快判定级别")
    else:
        notes.append(f"{grade}事件不属于须报告的较大及以上事件")
    summary = None
    if handling_ended_at is not None and reportable is not False:
        summary = summary_report_due(handling_ended_at)
    pending = followup_needed and not followup_reported and reportable is not False
    if pending:
        notes.append(followup_text(on))
    return IncidentDates(
        reportable,
        None if initial_reported else deadline,
        None if summary_reported else summary,
        pending,
        tuple(notes),
    )
