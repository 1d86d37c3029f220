"""Form widgets bound to the entity records (:mod:`desktop.services.entities`): inline Chinese validation,
dirty tracking."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from db.domain.lifecycle import allowed_next
from db.domain.validators import ValidationError
from desktop.services import entities
from desktop.ui import theme


@dataclass(frozen=True)
class UiField:
    """How one field looks: its label, and for choices the (value, label) pairs."""

    key: str
    label: str
    choices: Sequence[tuple[Any, str]] = ()
    multiline: bool = False
    placeholder: str = ""
    hint: str = ""
    readonly: bool = False
    #: a composite editor (a :class:`FieldWidget`) for values a line edit cannot hold (ticks, names)
    widget: Callable[[], FieldWidget] | None = None


@dataclass
class Section:
    title: str
    fields: list[UiField] = field(default_factory=list)


class FieldWidget(QWidget):
    """Base of composite field editors: ``value()``, ``set_value()`` and a ``changed`` signal."""

    changed = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class DateEdit(QWidget):
    """An optional date: typed as text (many forms accepted) or picked from a calendar."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, with_time: bool = False) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("年-月-日 时:分") if with_time else self.tr("年-月-日"))
        self.edit.textChanged.connect(self.changed)
        layout.addWidget(self.edit, 1)
        button = QToolButton()
        button.setText("▾")
        button.setToolTip(self.tr("从日历选择"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        act = QWidgetAction(menu)
        act.setDefaultWidget(self.calendar)
        menu.addAction(act)
        button.setMenu(menu)

        def pick_and_close(d: QDate) -> None:
            self._pick(d)
            menu.close()

        self.calendar.clicked.connect(pick_and_close)
        layout.addWidget(button)
        self.with_time = with_time
        self.setFocusProxy(self.edit)

    def _pick(self, d: QDate) -> None:
        text = d.toString("yyyy-MM-dd")
        if self.with_time:
            text += " 00:00"
        self.edit.setText(text)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.edit.setText(text)


class FormView(QWidget):
    """Widgets for an entity's fields, laid out in sections, with an error line under each."""

    changed = Signal()

    def __init__(self, entity: str, sections: Sequence[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity = entity
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.ui_fields: dict[str, UiField] = {}
        self._original: dict[str, Any] = {}
        self._loading = False
        outer = QVBoxLayout(self)
        for section in sections:
            box = QGroupBox(section.title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for uf in section.fields:
                spec = entities.field(entity, uf.key)
                widget = self._widget(spec, uf)
                self.widgets[uf.key] = widget
                self.ui_fields[uf.key] = uf
                label = uf.label + (" *" if spec.required else "")
                label_widget = QLabel(label)
                label_widget.setBuddy(widget)
                if spec.required:
                    label_widget.setToolTip(self.tr("必填"))
                cell = QWidget()
                cell_layout = QVBoxLayout(cell)
                cell_layout.setContentsMargins(0, 0, 0, 0)
                cell_layout.setSpacing(2)
                cell_layout.addWidget(widget)
                err = QLabel()
                err.setWordWrap(True)
                err.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
                err.hide()
                self.errors[uf.key] = err
                cell_layout.addWidget(err)
                if uf.hint:
                    hint = QLabel(uf.hint)
                    hint.setWordWrap(True)
                    hint.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
                    cell_layout.addWidget(hint)
                form.addRow(label_widget, cell)
            outer.addWidget(box)
        outer.addStretch(1)

    # ---- widgets -------------------------------------------------------------------------------

    def _widget(self, spec: entities.Field, uf: UiField) -> QWidget:
        w: QWidget
        if uf.widget is not None:
            w = uf.widget()
            w.changed.connect(lambda k=uf.key: self._on_change(k))
        elif spec.kind == "bool":
            w = QCheckBox(self.tr("是"))
            w.toggled.connect(lambda _v, k=uf.key: self._on_change(k))
        elif spec.kind in ("enum", "choice", "fk") or uf.choices:
            w = QComboBox()
            if not spec.required or spec.kind == "fk":
                w.addItem("", None)
            choices = list(uf.choices)
            if spec.kind == "enum" and spec.enum is not None and not choices:
                choices = [(m.value, m.label) for m in spec.enum]  # type: ignore[attr-defined]
            for value, label in choices:
                w.addItem(label, value)
            w.currentIndexChanged.connect(lambda _i, k=uf.key: self._on_change(k))
        elif spec.kind in ("date", "datetime"):
            w = DateEdit(with_time=spec.kind == "datetime")
            w.changed.connect(lambda k=uf.key: self._on_change(k))
        elif spec.kind == "list" or uf.multiline:
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            lines = 4 if spec.kind == "list" else 3
            w.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
            if spec.kind == "list":
                w.setPlaceholderText(uf.placeholder or self.tr("每行一项"))
            w.textChanged.connect(lambda k=uf.key: self._on_change(k))
        else:
            w = QLineEdit()
            if uf.placeholder:
                w.setPlaceholderText(uf.placeholder)
            w.textChanged.connect(lambda _t, k=uf.key: self._on_change(k))
        if uf.readonly:
            w.setEnabled(False)
        w.setObjectName(f"field_{uf.key}")
        return w

    def set_choices(self, key: str, choices: Sequence[tuple[Any, str]]) -> None:
        w = self.widgets.get(key)
        if not isinstance(w, QComboBox):
            return
        current = self._raw(key)
        w.blockSignals(True)
        w.clear()
        spec = entities.field(self.entity, key)
        if not spec.required or spec.kind == "fk":
            w.addItem("", None)
        for value, label in choices:
            w.addItem(label, value)
        w.setCurrentIndex(max(0, w.findData(current)))
        w.blockSignals(False)

    def restrict_status(self, current: str | None) -> None:
        """Offer only the current status and those the lifecycle allows next."""
        status = next((f for f in entities.entity(self.entity).fields if f.key == "status"), None)
        if status is None or status.enum is None or current is None:
            return
        enum = status.enum
        state = enum(current)
        allowed = [state.value, *sorted(allowed_next(state))]
        self.set_choices("status", [(v, enum(v).label) for v in allowed])  # type: ignore[attr-defined]

    # ---- values --------------------------------------------------------------------------------

    def _raw(self, key: str) -> Any:
        w = self.widgets[key]
        if isinstance(w, FieldWidget):
            return w.value()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, DateEdit):
            return w.text().strip()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QLineEdit):
            return w.text()
        return None

    def set_value(self, key: str, value: Any) -> None:
        w = self.widgets.get(key)
        if w is None:
            return
        if isinstance(w, FieldWidget):
            w.set_value(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            idx = w.findData(value)
            if idx < 0 and value is not None:
                w.addItem(str(value), value)
                idx = w.count() - 1
            w.setCurrentIndex(max(0, idx))
        elif isinstance(w, DateEdit):
            if isinstance(value, datetime):
                w.setText(value.strftime("%Y-%m-%d %H:%M"))
            elif isinstance(value, date):
                w.setText(value.isoformat())
            else:
                w.setText(str(value or ""))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("\n".join(value) if isinstance(value, list) else str(value or ""))
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)))

    def load(self, record: dict[str, Any]) -> None:
        self._loading = True
        try:
            for key in self.widgets:
                if key in record:
                    self.set_value(key, record[key])
        finally:
            self._loading = False
        self._original = self.values()
        for err in self.errors.values():
            err.hide()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in self.widgets:
            raw = self._raw(key)
            if entities.field(self.entity, key).kind == "list" and isinstance(raw, str):
                raw = [line.strip() for line in raw.splitlines() if line.strip()]
            out[key] = raw
        return out

    def is_dirty(self) -> bool:
        return self.values() != self._original

    def mark_clean(self) -> None:
        self._original = self.values()

    # ---- validation ----------------------------------------------------------------------------

    def _on_change(self, key: str) -> None:
        if self._loading:
            return
        self.check(key)
        self.changed.emit()

    def check(self, key: str) -> bool:
        try:
            entities.check_field(self.entity, key, self.values()[key])
        except ValidationError as exc:
            self.show_error(key, exc.message)
            return False
        self.show_error(key, "")
        return True

    def check_all(self) -> bool:
        return all([self.check(k) for k in self.widgets])

    def show_error(self, key: str, message: str) -> None:
        err = self.errors.get(key)
        if err is None:
            return
        err.setText(message)
        err.setVisible(bool(message))

    def show_errors(self, errors: dict[str, str]) -> bool:
        """Show errors for fields on this form; return True if all of them had a place."""
        placed = True
        for key, message in errors.items():
            if key in self.errors:
                self.show_error(key, message)
            else:
                placed = False
        first = next((k for k in errors if k in self.widgets), None)
        if first:
            self.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)
        return placed

    def error_text(self, key: str) -> str:
        err = self.errors.get(key)
        return err.text() if err is not None and err.isVisibleTo(self) else ""
