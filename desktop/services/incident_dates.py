"""The computed dates of one incident for its editor: the reporting deadline (较大及以上, by the
operator type of its unit), 补报 owed, and the 处置总结报告 due 30 days after handling ends."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.domain import incidents
from db.models import Incident, IncidentReport, Organization


def incident_dates_text(ledger: Any, incident_id: int) -> str:
    """Lines for the incident editor (empty when the incident no longer exists)."""
    with ledger.session(write=False) as session:
        inc = session.get(Incident, incident_id)
        if inc is None:
            return ""
        org = session.get(Organization, inc.organization_id)
        sent = set(session.scalars(sa.select(IncidentReport.kind).where(IncidentReport.incident_id == incident_id)))
        try:
            dates = incidents.incident_dates(
                grade=inc.grade,
                operator_type=getattr(org, "operator_type", None) or "other",
                discovered_at=inc.discovered_at,
                handling_ended_at=inc.handling_ended_at,
                initial_reported=bool(sent),
                followup_needed=bool(inc.followup_needed),
                followup_reported=incidents.REPORT_FOLLOWUP in sent,
                summary_reported=incidents.REPORT_SUMMARY in sent,
            )
        except ValueError as exc:
            return str(exc)
    lines = []
    if dates.report_deadline is not None:
        d = dates.report_deadline
        lines.append(f"报告时限：{d.due:%Y-%m-%d %H:%M} 前（{d.basis}）")
    if dates.summary_due is not None:
        lines.append(f"处置总结报告：{dates.summary_due.due.isoformat()} 前（{dates.summary_due.basis}）")
    lines += list(dates.notes)
    return "\n".join(lines)
