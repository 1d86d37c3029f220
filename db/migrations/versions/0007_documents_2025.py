"""documents 2025

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 13:20:00

Document records the 2025 packet needs (issue 13): ``print_overrides``, one row each time the officer
prints despite blocking pre-print (体检) problems, so the audit trail records that choice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("document", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("form", sa.String(length=8), nullable=True),
        sa.Column("blocking", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("rules", sa.Text(), nullable=True),
        sa.Column("output", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["object_id"],
            ["protected_objects.id"],
            name=op.f("fk_print_overrides_object_id_protected_objects"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_overrides")),
    )
    with op.batch_alter_table("print_overrides", schema=None) as batch_op:
        batch_op.create_index("ix_print_overrides_object_id", ["object_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("print_overrides", schema=None) as batch_op:
        batch_op.drop_index("ix_print_overrides_object_id")
    op.drop_table("print_overrides")
