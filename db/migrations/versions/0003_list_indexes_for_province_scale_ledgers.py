"""list indexes for province-scale ledgers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 08:51:18.313616

Every list's default sort gets an index, and the 问题整改 list a covering index in deadline order that
also answers its filters and its search box (it replaces the plain deadline index); the cached object
dates a covering (due, kind, object_id) index and objects (status, current_level) — replacing the plain
status index — for the dashboard. Planner statistics for the touched
tables are refreshed so SQLite picks the new indexes at once.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FINDINGS_COVER = ["deadline", "id", "status", "risk", "title", "owner", "test_item_code", "object_id"]
TOUCHED = ("assessments", "drills", "filings", "findings", "gradings", "incidents", "notices", "object_deadlines",
           "protected_objects")


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index("ix_assessments_report_date", ["report_date"], unique=False)

    with op.batch_alter_table("drills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drills_planned_on"), ["planned_on"], unique=False)

    with op.batch_alter_table("filings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_filings_submitted_on"), ["submitted_on"], unique=False)

    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_deadline"))
        batch_op.create_index("ix_findings_deadline_cover", FINDINGS_COVER, unique=False)
        batch_op.create_index("ix_findings_found_on", ["found_on"], unique=False)
        batch_op.create_index("ix_findings_risk_deadline", ["risk", "deadline"], unique=False)
        batch_op.create_index("ix_findings_title", ["title"], unique=False)

    with op.batch_alter_table("gradings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gradings_graded_on"), ["graded_on"], unique=False)

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_discovered_at"), ["discovered_at"], unique=False)

    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_received_on"), ["received_on"], unique=False)

    with op.batch_alter_table("object_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_object_deadlines_due")
        batch_op.create_index("ix_object_deadlines_due_cover", ["due", "kind", "object_id"], unique=False)

    with op.batch_alter_table("protected_objects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protected_objects_status"))
        batch_op.create_index("ix_protected_objects_status_level", ["status", "current_level"], unique=False)

    bind = op.get_bind()
    for table in TOUCHED:
        op.execute(f"ANALYZE {table}")
    if bind.dialect.name == "sqlite":
        # the query planner reads sqlite_stat1 when a connection opens: make this one read it again
        op.execute("ANALYZE sqlite_schema")


def downgrade() -> None:
    with op.batch_alter_table("protected_objects", schema=None) as batch_op:
        batch_op.drop_index("ix_protected_objects_status_level")
        batch_op.create_index(batch_op.f("ix_protected_objects_status"), ["status"], unique=False)

    with op.batch_alter_table("object_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_object_deadlines_due_cover")
        batch_op.create_index("ix_object_deadlines_due", ["due"], unique=False)

    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notices_received_on"))

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_discovered_at"))

    with op.batch_alter_table("gradings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gradings_graded_on"))

    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index("ix_findings_title")
        batch_op.drop_index("ix_findings_risk_deadline")
        batch_op.drop_index("ix_findings_found_on")
        batch_op.drop_index("ix_findings_deadline_cover")
        batch_op.create_index(batch_op.f("ix_findings_deadline"), ["deadline"], unique=False)

    with op.batch_alter_table("filings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_filings_submitted_on"))

    with op.batch_alter_table("drills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drills_planned_on"))

    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_report_date")
