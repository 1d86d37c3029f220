"""Keep a top-level window on its screen: never taller or wider than the screen's free area (the
task bar excluded), so its title bar and close button stay reachable at any display scaling."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: room left for the window manager's title bar and borders, which a window does not know before
#: it is first shown
FRAME_ALLOWANCE = 48


def available_area(widget: QWidget) -> QRect | None:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def fit_to_screen(widget: QWidget) -> None:
    """Shrink ``widget`` to the screen's available area (less a title bar) and move it inside."""
    area = available_area(widget)
    if area is None or area.isEmpty():
        return
    max_w = max(200, area.width() - FRAME_ALLOWANCE // 4)
    max_h = max(200, area.height() - FRAME_ALLOWANCE)
    w, h = min(widget.width(), max_w), min(widget.height(), max_h)
    if (w, h) != (widget.width(), widget.height()):
        widget.resize(w, h)
    x = min(max(widget.x(), area.left()), area.right() - w)
    y = min(max(widget.y(), area.top() + FRAME_ALLOWANCE // 2), area.bottom() - h)
    if (x, y) != (widget.x(), widget.y()):
        widget.move(x, y)
