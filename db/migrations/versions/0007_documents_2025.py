"""documents 2025

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 13:20:00

Document records the 2025 packet needs (expert review, attachment links) (issue 13).
Reserved in the chain so parallel work can fill it in; until then it changes nothing.
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
