"""表六 数据摸底调查表: the tick groups of the data-category editor.

The exclusive options of the 2025 form are enforced as the user ticks: 不涉及 clears and locks the
other personal-information ticks, 无交互 clears and locks the three kinds of interaction. Every
interaction ticked and every storage location ticked takes a name (typing a name ticks its box);
the services check the same rules (:mod:`db.domain.field_checks`) before they write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from db.domain import form_codes as fc
from desktop.ui.forms import FieldWidget


def _grid(widget: QWidget) -> QGridLayout:
    grid = QGridLayout(widget)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(2)
    return grid


class CodeChecks(FieldWidget):
    """Tick boxes for a list of codes; ``exclusive`` (e.g. 不涉及) clears and locks the others."""

    def __init__(self, options: Sequence[tuple[str, str]], *, exclusive: str | None = None,
                 columns: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exclusive = exclusive
        self.boxes: dict[str, QCheckBox] = {}
        grid = _grid(self)
        for n, (code, label) in enumerate(options):
            box = QCheckBox(f"{code} {label}")
            box.setObjectName(f"code_{code}")
            box.toggled.connect(lambda _on, c=code: self._toggled(c))
            grid.addWidget(box, n // columns, n % columns)
            self.boxes[code] = box

    def _toggled(self, code: str) -> None:
        if self.exclusive is not None and code == self.exclusive:
            on = self.boxes[code].isChecked()
            for other, box in self.boxes.items():
                if other != code:
                    if on:
                        box.blockSignals(True)
                        box.setChecked(False)
                        box.blockSignals(False)
                    box.setEnabled(not on)
        self.changed.emit()

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = {str(v) for v in (value or [])}
        for box in self.boxes.values():
            box.blockSignals(True)
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)
            box.setEnabled(True)
        for box in self.boxes.values():
            box.blockSignals(False)
        if self.exclusive is not None and self.exclusive in chosen:
            for code, box in self.boxes.items():
                box.setEnabled(code == self.exclusive or code in chosen)


class _NamedChoice:
    """A tick box with the name it needs; typing a name ticks the box."""

    def __init__(self, text: str, placeholder: str, key: str) -> None:
        self.box = QCheckBox(text)
        self.box.setObjectName(f"tick_{key}")
        self.name = QLineEdit()
        self.name.setObjectName(f"name_{key}")
        self.name.setPlaceholderText(placeholder)
        self.name.textEdited.connect(lambda t: self.box.setChecked(True) if t.strip() else None)

    def set(self, on: bool, name: str = "") -> None:
        self.box.setChecked(on)
        self.name.setText(name)


class InteractionsEdit(FieldWidget):
    """与其他数据处理者的交互情况: 1 对外提供给___ / 2 委托___ / 3 与___共同处理 / 4 无交互 (exclusive)."""

    KEYS = ("provide", "entrust", "joint")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = _grid(self)
        texts = {
            "provide": (self.tr("1 对外提供给"), self.tr("接收方名称")),
            "entrust": (self.tr("2 委托"), self.tr("受托处理方名称")),
            "joint": (self.tr("3 与他方共同处理"), self.tr("共同处理方名称")),
        }
        self.rows: dict[str, _NamedChoice] = {}
        for n, key in enumerate(self.KEYS):
            text, placeholder = texts[key]
            row = _NamedChoice(text, placeholder, key)
            row.box.toggled.connect(lambda _on: self.changed.emit())
            row.name.textChanged.connect(lambda _t: self.changed.emit())
            grid.addWidget(row.box, n, 0)
            grid.addWidget(row.name, n, 1)
            self.rows[key] = row
        self.none = QCheckBox(self.tr("4 无交互"))
        self.none.setObjectName("tick_none")
        self.none.toggled.connect(self._none_toggled)
        grid.addWidget(self.none, len(self.KEYS), 0, 1, 2)
        grid.setColumnStretch(1, 1)

    def _none_toggled(self, on: bool) -> None:
        for row in self.rows.values():
            if on:
                row.set(False)
            row.box.setEnabled(not on)
            row.name.setEnabled(not on)
        self.changed.emit()

    def value(self) -> dict[str, Any]:
        if self.none.isChecked():
            return {"none": True}
        return {k: r.name.text().strip() for k, r in self.rows.items() if r.box.isChecked()}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        self.blockSignals(True)
        try:
            self.none.setChecked(bool(value.get("none")))
            if not value.get("none"):
                for key, row in self.rows.items():
                    row.set(key in value and value[key] is not None, str(value.get(key) or ""))
        finally:
            self.blockSignals(False)


class StorageEdit(FieldWidget):
    """数据存储位置（名称）: 云平台 / 机房 / 地域, each ticked option with its name (several allowed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = _grid(self)
        groups = (
            ("cloud", self.tr("云平台"), fc.STORAGE_CLOUD, self.tr("如：河北省政务云平台")),
            ("room", self.tr("机房"), fc.STORAGE_ROOM, self.tr("机房名称")),
            ("region", self.tr("地域"), fc.STORAGE_REGION, self.tr("如：河北省石家庄市")),
        )
        self.rows: dict[str, dict[str, _NamedChoice]] = {}
        r = 0
        for group, title, options, placeholder in groups:
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold;")
            grid.addWidget(head, r, 0, 1, 2)
            r += 1
            self.rows[group] = {}
            for code, label in options:
                row = _NamedChoice(f"{code} {label}", placeholder, f"{group}_{code}")
                row.box.toggled.connect(lambda _on: self.changed.emit())
                row.name.textChanged.connect(lambda _t: self.changed.emit())
                grid.addWidget(row.box, r, 0)
                grid.addWidget(row.name, r, 1)
                self.rows[group][code] = row
                r += 1
        grid.setColumnStretch(1, 1)

    def value(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for group, rows in self.rows.items():
            chosen = [[code, row.name.text().strip()] for code, row in rows.items() if row.box.isChecked()]
            if chosen:
                out[group] = chosen
        return out

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        self.blockSignals(True)
        try:
            for group, rows in self.rows.items():
                names = {str(e[0]): (str(e[1]) if len(e) > 1 and e[1] is not None else "")
                         for e in value.get(group) or [] if e}
                for code, row in rows.items():
                    row.set(code in names, names.get(code, ""))
        finally:
            self.blockSignals(False)


__all__ = ["CodeChecks", "InteractionsEdit", "StorageEdit"]
