"""self inspection

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 13:20:00

Self-inspection checklists and verdicts (issue 17): ``self_inspections`` (one per object and year) and
``self_inspection_items`` (one per GB/T 22239-2019 control point, verdict 符合/部分符合/不符合/不适用).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "self_inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("scenarios", sa.String(length=60), nullable=False),
        sa.Column("partial_weight", sa.Float(), nullable=False),
        sa.Column("inspector", sa.String(length=50), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("major_hazards", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"],
            name=op.f("fk_self_inspections_assessment_id_assessments"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["carried_from_id"], ["self_inspections.id"],
            name=op.f("fk_self_inspections_carried_from_id_self_inspections"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["object_id"], ["protected_objects.id"],
            name=op.f("fk_self_inspections_object_id_protected_objects"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_inspections")),
        sa.UniqueConstraint("object_id", "year", name=op.f("uq_self_inspections_object_id")),
    )
    with op.batch_alter_table("self_inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_inspections_object_id"), ["object_id"], unique=False)

    op.create_table(
        "self_inspection_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("scenario", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=3), nullable=False),
        sa.Column("control_point", sa.String(length=60), nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("person", sa.String(length=50), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("carried", sa.Boolean(), nullable=False),
        sa.Column("risk", sa.String(length=10), nullable=True),
        sa.Column("finding_id", sa.Integer(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["findings.id"],
            name=op.f("fk_self_inspection_items_finding_id_findings"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["self_inspections.id"],
            name=op.f("fk_self_inspection_items_inspection_id_self_inspections"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_inspection_items")),
    )
    with op.batch_alter_table("self_inspection_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_self_inspection_items_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("self_inspection_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_inspection_items_inspection_id"))
    op.drop_table("self_inspection_items")
    with op.batch_alter_table("self_inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_inspections_object_id"))
    op.drop_table("self_inspections")
