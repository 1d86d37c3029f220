"""The mouse wheel scrolls the page; it never changes a field the user has not clicked into.

:func:`install` wraps the application's style in a proxy whose only addition is to :meth:`polish`:
Qt polishes every widget once before it is first shown, so each value widget (combo boxes, spin
boxes, date and time edits, sliders) is met there, wherever it was made — our forms, the wizard, or
Qt's own dialogs. Each one gets:

- a focus policy that does not take focus from the wheel (``WheelFocus`` → ``StrongFocus``), so
  scrolling over a field never focuses it;
- an event filter of its own that hands a wheel event over the field without keyboard focus to the
  nearest scroll area around it instead, so the form or list scrolls and the value stays as it was.

A field the user has clicked or tabbed into still answers the wheel, as users expect. Only value
widgets' events pass through Python: an application-wide filter, as before, made every event of the
window (paint, layout, timers) call into Python.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QProxyStyle,
    QScrollBar,
    QStyleFactory,
    QWidget,
)

_VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _guarded(obj: QObject) -> QWidget | None:
    """The value widget ``obj`` is (scroll bars excepted: they exist to be wheeled)."""
    if isinstance(obj, _VALUE_WIDGETS) and not isinstance(obj, QScrollBar):
        return obj
    return None


class WheelGuard(QObject):
    """The event filter of every value widget; see the module docstring."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # told apart by the event's class first: asking an event its type() builds an enum member
        if event.__class__ is not QWheelEvent or not isinstance(obj, QWidget) or obj.hasFocus():
            return False
        # the page around the field scrolls as if the field were not there. The event goes to the
        # nearest scroll area itself: sent on to the field's parent, it would stop there (Qt
        # passes a wheel event on to parents only as the system delivered it, not when re-sent)
        ancestor = obj.parentWidget()
        while ancestor is not None:
            if isinstance(ancestor, QAbstractScrollArea):
                QCoreApplication.sendEvent(ancestor.viewport(), event)
                break
            ancestor = None if ancestor.isWindow() else ancestor.parentWidget()
        return True

    def guard(self, widget: QWidget) -> None:
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.removeEventFilter(self)  # once, however often the widget is polished
        widget.installEventFilter(self)


class GuardStyle(QProxyStyle):
    """The application's style, which also guards each value widget as it is polished."""

    def __init__(self, base: str, guard: WheelGuard) -> None:
        super().__init__(QStyleFactory.create(base))
        self.guard: WheelGuard | None = guard

    def polish(self, target: Any) -> None:  # one override for Qt's three overloads
        super().polish(target)
        if self.guard is not None and isinstance(target, _VALUE_WIDGETS) and not isinstance(target, QScrollBar):
            self.guard.guard(target)


_guard: WheelGuard | None = None


def install(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` once; widgets polished before this are guarded too."""
    global _guard
    if _guard is None:
        _guard = WheelGuard(app)
        current = app.style()
        if isinstance(current, GuardStyle):
            current.guard = _guard  # installed again after an uninstall (tests)
        else:
            app.setStyle(GuardStyle(current.name(), _guard))  # the application owns the style from here on
        for widget in app.allWidgets():
            if _guarded(widget) is not None:
                _guard.guard(widget)
    return _guard


def uninstall(app: QApplication) -> None:
    """Stop guarding (at shutdown: no Python filter runs while Qt destroys the widgets)."""
    global _guard
    if _guard is not None:
        style = app.style()
        if isinstance(style, GuardStyle):
            style.guard = None
        for widget in app.allWidgets():
            if _guarded(widget) is not None:
                widget.removeEventFilter(_guard)
        _guard = None
