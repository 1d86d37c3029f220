"""self inspection

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 13:20:00

Self-inspection checklists and verdicts (issue 17).
Reserved in the chain so parallel work can fill it in; until then it changes nothing.
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
