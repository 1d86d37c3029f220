"""deadline cache: index on computed_on

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 20:00:00

On a server, every read of the deadline cache first asks which objects' rows were computed for an
earlier day (another officer's rebuild covers only the units that officer sees). Without an index
that question read the whole cache — tens of milliseconds on a province — on every dashboard and
list read; with it, an index lookup that finds nothing.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_object_deadlines_computed_on", "object_deadlines", ["computed_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_object_deadlines_computed_on", table_name="object_deadlines")
