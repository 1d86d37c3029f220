"""record versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 13:20:00

Optimistic locking: a version on every editable record (issue 14/16).
Reserved in the chain so parallel work can fill it in; until then it changes nothing.
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
