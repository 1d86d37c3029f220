"""rules 2026

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 13:20:00

Incident grade/handling-end/follow-ups, filing 受理公安机关 and cross-province flag, holiday calendars (issue 17).
Reserved in the chain so parallel work can fill it in; until then it changes nothing.
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
