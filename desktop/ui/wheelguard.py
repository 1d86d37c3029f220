"""The mouse wheel scrolls the page; it never changes a field the user has not clicked into.

One application-wide event filter (installed by :func:`install`) does two things for every value
widget (combo boxes, spin boxes, date and time edits, sliders):

- when the widget is polished, a focus policy that takes focus from the wheel becomes one that does
  not (``WheelFocus`` → ``StrongFocus``), so scrolling over a field never focuses it;
- a wheel event over such a widget without keyboard focus is handed to its parent instead, so the
  form or list around it scrolls and the value stays as it was.

A field the user has clicked or tabbed into still answers the wheel, as users expect.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget

_VALUE_WIDGETS = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _guarded(obj: QObject) -> QWidget | None:
    """The value widget ``obj`` is (scroll bars excepted: they exist to be wheeled)."""
    if isinstance(obj, _VALUE_WIDGETS) and not isinstance(obj, QScrollBar):
        return obj
    return None


class WheelGuard(QObject):
    """The event filter; see the module docstring."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # every event of the application passes here: the two wanted are told apart by the event's
        # class first (paint, resize, mouse, timer … events have classes of their own; asking any
        # event its type() builds a Python enum member each time)
        cls = event.__class__
        if cls is not QWheelEvent:
            if cls is QEvent and event.type() == QEvent.Type.Polish:
                widget = _guarded(obj)
                if widget is not None and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        widget = _guarded(obj)
        if widget is None or widget.hasFocus():
            return False
        parent = widget.parentWidget()
        if parent is not None:
            # the parent chain gets the event as if the field were not there (a scroll area scrolls)
            QCoreApplication.sendEvent(parent, event)
        return True


_guard: WheelGuard | None = None


def install(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` once; widgets polished before this get their policy fixed too."""
    global _guard
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
        for widget in app.allWidgets():
            if _guarded(widget) is not None and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return _guard


def uninstall(app: QApplication) -> None:
    """Remove the guard (at shutdown: no Python filter runs while Qt destroys the widgets)."""
    global _guard
    if _guard is not None:
        app.removeEventFilter(_guard)
        _guard = None
