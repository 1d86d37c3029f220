"""Colours are for state only: overdue red, due soon amber, done green."""

from __future__ import annotations

from PySide6.QtGui import QColor

OVERDUE = QColor("#c62828")
SOON = QColor("#a65c00")
DONE = QColor("#2e7d32")
OVERDUE_BG = QColor("#fdecea")
SOON_BG = QColor("#fff3e0")
DONE_BG = QColor("#e8f5e9")
MUTED = QColor("#666666")

STATE_COLORS = {"overdue": OVERDUE, "soon": SOON, "done": DONE}
STATE_BACKGROUNDS = {"overdue": OVERDUE_BG, "soon": SOON_BG, "done": DONE_BG}


def css(color: QColor) -> str:
    return color.name()
