"""record versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 13:20:00

Optimistic locking (issue 14): a ``row_version`` on every editable record, 1 for the rows already there and
one more on every save, so a save made from a stale form is refused instead of silently overwriting a
newer one (:class:`db.models.base.Versioned`).

On PostgreSQL also: every statement that appends to the audit trail — every change of ledger data, from the
window, the command line, an import or raw SQL — notifies channel ``dengbao_changes`` with the changed tables
when its transaction commits, so other officers' open windows refresh (:mod:`desktop.services.live`).
A ledger file gets no trigger (a trigger in a file is refused as tampering; windows there poll instead).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: the tables of the models that mix in ``Versioned``
VERSIONED = (
    "assessments", "contacts", "data_categories", "drills", "emergency_plans", "filing_materials", "filings",
    "findings", "gradings", "incidents", "institutions", "notice_tasks", "notices", "organizations",
    "protected_objects", "rectification_actions",
)


NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION dengbao_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dengbao_changes', coalesce((SELECT string_agg(DISTINCT entity, ',') FROM new_events), ''));
    RETURN NULL;
END
$$
"""
NOTIFY_TRIGGER = """
CREATE TRIGGER dengbao_notify_change AFTER INSERT ON audit_events
REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION dengbao_notify_change()
"""


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("row_version", sa.Integer(), server_default=sa.text("1"), nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute(NOTIFY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS dengbao_notify_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS dengbao_notify_change()")
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("row_version")
