"""Combo boxes over long lists (every unit, every object of a province ledger): one model reset
instead of tens of thousands of ``addItem`` calls on the GUI thread, and no pass over every item to
size the box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox

_Index = QModelIndex | QPersistentModelIndex


class ChoiceModel(QAbstractListModel):
    """(label, data) pairs: the label shown, the data as the combo's ``currentData()``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, Any]] = []

    def set_items(self, items: Sequence[tuple[str, Any]]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        label, value = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return label
        if role == Qt.ItemDataRole.UserRole:
            return value
        return None

    def row_of(self, value: Any) -> int:
        return next((i for i, (_label, v) in enumerate(self._items) if v == value), -1)


def long_choices(combo: QComboBox, width_chars: int = 24) -> ChoiceModel:
    """Give ``combo`` a :class:`ChoiceModel`, sized by ``width_chars`` rather than by its items."""
    model = ChoiceModel(combo)
    combo.setModel(model)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(width_chars)
    return model


def refill(combo: QComboBox, model: ChoiceModel, items: Sequence[tuple[str, Any]]) -> None:
    """Replace the choices, keeping the one selected when it is still there (else the first), with
    one index-changed signal at most."""
    current = combo.currentData()
    combo.blockSignals(True)
    try:
        model.set_items(items)
        combo.setCurrentIndex(max(0, model.row_of(current)))
    finally:
        combo.blockSignals(False)
    if combo.currentData() != current:
        combo.currentIndexChanged.emit(combo.currentIndex())
