"""rules 2026

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:20:00

Incident grade/handling-end/follow-ups, filing 受理公安机关 and cross-province flag, holiday calendars (issue 17):
``incidents.handling_ended_at`` and ``followup_needed`` (补报 owed), ``incident_reports.kind`` (首次报告 / 补报 /
处置总结报告), ``filings.cross_province`` (受理公安机关 is the existing ``police_organ``), and the table
``holiday_calendars`` of State Council schedules entered for years ``chinese_calendar`` does not know.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no table rebuild): a rebuilt SQLite table may list its constraints in another order
    op.add_column("incidents", sa.Column("handling_ended_at", sa.DateTime(), nullable=True))
    op.add_column("incidents", sa.Column("followup_needed", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("incident_reports", sa.Column("kind", sa.String(length=10), server_default="initial", nullable=False))
    op.add_column("filings", sa.Column("cross_province", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "holiday_calendars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("holidays", sa.Text(), nullable=False),
        sa.Column("workdays", sa.Text(), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday_calendars")),
        sa.UniqueConstraint("year", name=op.f("uq_holiday_calendars_year")),
    )


def downgrade() -> None:
    op.drop_table("holiday_calendars")
    with op.batch_alter_table("filings", schema=None) as batch_op:
        batch_op.drop_column("cross_province")
    with op.batch_alter_table("incident_reports", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("followup_needed")
        batch_op.drop_column("handling_ended_at")
