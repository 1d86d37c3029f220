"""Keep a top-level window on its screen: never taller or wider than the screen's free area (the
task bar excluded), so its title bar and close button stay reachable at any display scaling; and a
row layout that wraps, so that button and filter rows do not set a minimum wider than a small screen."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

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


class FlowLayout(QLayout):
    """A row of widgets that wraps onto further lines when it is narrower than their sum.

    A toolbar or button row in a plain ``QHBoxLayout`` makes its page (and so the window) at least
    as wide as all its widgets together; in this layout the page needs only the widest one. Items
    whose horizontal size policy expands (search boxes) share the width left over on their line.
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6, top: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        #: items lower than their line sit at its top (blocks of a table) instead of its middle (buttons)
        self._top = top
        #: heights measured per width since the layout last changed (Qt asks many times per layout pass)
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    # ---- QLayout's item list ---------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        self._heights.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def invalidate(self) -> None:
        """An item's size hint changed (Qt calls this): measure again."""
        self._heights.clear()
        super().invalidate()

    # ---- sizes -----------------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        shown = self._shown()
        m = self.contentsMargins()
        w = sum(i.sizeHint().width() for i in shown) + self._gap * max(0, len(shown) - 1)
        h = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        m = self.contentsMargins()
        w = max((i.minimumSize().width() for i in self._shown()), default=0)
        return QSize(w + m.left() + m.right(), self.heightForWidth(w + m.left() + m.right()))

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); returns the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[QLayoutItem]] = []
        used = 0
        for item in self._shown():
            w = min(item.sizeHint().width(), area.width())
            if lines and used + self._gap + w <= area.width():
                lines[-1].append(item)
                used += self._gap + w
            else:
                lines.append([item])
                used = w
        y = area.y()
        for line in lines:
            height = max(i.sizeHint().height() for i in line)
            widths = [max(i.minimumSize().width(), min(i.sizeHint().width(), area.width())) for i in line]
            spare = area.width() - sum(widths) - self._gap * (len(line) - 1)
            growing = [n for n, i in enumerate(line) if i.expandingDirections() & Qt.Orientation.Horizontal]
            if move:
                for n in growing:
                    widths[n] += max(0, spare) // len(growing)
                x = area.x()
                for item, w in zip(line, widths, strict=True):
                    h = height if item.expandingDirections() & Qt.Orientation.Vertical else min(
                        height, item.sizeHint().height())
                    item.setGeometry(QRect(x, y if self._top else y + (height - h) // 2, w, h))
                    x += w + self._gap
            y += height + self._gap
        return max(0, y - self._gap - area.y()) + m.top() + m.bottom()


def page_scroller(parent: QWidget) -> QScrollArea:
    """A frameless scroll area filling ``parent`` (give it a :class:`FittedPage`): a page larger than
    the window at its smallest (150 % on an 800×600 screen) scrolls instead of raising the window's
    minimum size beyond the screen."""
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setObjectName("pageScroller")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    layout.addWidget(scroll)
    return scroll


def minimum_height_for_width(widget: QWidget, width: int) -> int:
    """The least height ``widget`` needs at ``width``.

    Qt's own height-for-width of a vertical box counts the *preferred* height of every item that
    does not wrap (a table, a tab widget), so a scroll area trusting it scrolls pages that would fit.
    Here wrapping items count their height at the width and the others their minimum height.
    """
    layout = widget.layout()
    if not isinstance(layout, QBoxLayout) or layout.direction() != QBoxLayout.Direction.TopToBottom:
        return widget.minimumSizeHint().height()
    m = layout.contentsMargins()
    inner = width - m.left() - m.right()
    heights = []
    for n in range(layout.count()):
        item = layout.itemAt(n)
        if item is None or item.isEmpty():
            continue
        child = item.widget()
        if child is not None and child.layout() is not None and child.hasHeightForWidth():
            heights.append(max(minimum_height_for_width(child, inner), child.minimumHeight()))
        elif item.hasHeightForWidth():
            heights.append(item.heightForWidth(inner))
        else:
            heights.append(item.minimumSize().height())
    return sum(heights) + layout.spacing() * max(0, len(heights) - 1) + m.top() + m.bottom()


class FittedPage(QWidget):
    """Holds one page inside a :func:`page_scroller`: as wide as the page's minimum and as tall as it
    needs at the width it is given (see :func:`minimum_height_for_width`), so the scroll area scrolls
    only what does not fit."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.page = page
        page.setParent(self)
        self._min_height = -1

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = max(self.width(), self.page.minimumSizeHint().width())
        self._min_height = minimum_height_for_width(self.page, width)
        return QSize(self.page.minimumSizeHint().width(), self._min_height)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.page.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self.page.setGeometry(self.rect())
        if event.oldSize().width() != event.size().width() and self._min_height != minimum_height_for_width(
            self.page, max(self.width(), self.page.minimumSizeHint().width())
        ):
            self.updateGeometry()  # the scroll area asks again: wrapped rows take more or less height

    def event(self, e: QEvent) -> bool:  # noqa: D102 - Qt override
        if e.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the page's content changed (a new tab, longer texts)
        return super().event(e)


_UNBROKEN = re.compile(r"[!-~]+")


class WrapLabel(QLabel):
    """A label that keeps its text on one line where there is room and wraps only when squeezed.

    A plain word-wrapped ``QLabel`` asks for about half its text's width (Qt prefers two short lines
    to one long one), so in a grid it wraps even in a wide window; this one asks for its full
    width and needs only a few characters' width at least.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *, least_chars: int = 6) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._least_chars = least_chars

    def _extra_width(self) -> int:
        m = self.contentsMargins()
        return m.left() + m.right() + 2 * self.margin() + 2

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        fm = self.fontMetrics()
        w = max((fm.horizontalAdvance(line) for line in self.text().split("\n")), default=0) + self._extra_width()
        return QSize(w, self.heightForWidth(w))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        fm = self.fontMetrics()
        # a run of Latin letters and digits (a certificate number, a date) cannot be broken: never
        # narrower than the longest one, else its end is cut off
        unbroken = max((fm.horizontalAdvance(run) for run in _UNBROKEN.findall(self.text())), default=0)
        least = max(fm.horizontalAdvance("中") * self._least_chars, unbroken + self._extra_width())
        w = min(self.sizeHint().width(), least)
        return QSize(w, self.heightForWidth(w))
