"""Long choice lists (every object of a province ledger) are filled by one model reset, keep the
officer's choice across a refill, and report a change of choice once."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from desktop.ui import choices


def test_refill_keeps_the_choice_and_signals_once(qtbot: Any) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    model = choices.long_choices(combo)
    choices.refill(combo, model, [("全部单位", None), *((f"单位{i}", i) for i in range(20_000))])
    assert combo.count() == 20_001 and combo.currentData() is None
    combo.setCurrentIndex(combo.findData(12_345))
    assert combo.currentText() == "单位12345"
    changes: list[int] = []
    combo.currentIndexChanged.connect(changes.append)
    # the ledger changed elsewhere: more units, the chosen one still there (at another place)
    choices.refill(combo, model, [("全部单位", None), ("新单位", -1), *((f"单位{i}", i) for i in range(20_000))])
    assert combo.currentData() == 12_345 and combo.currentText() == "单位12345" and changes == []
    # the chosen unit is gone: back to the first choice, said once
    choices.refill(combo, model, [("全部单位", None), ("新单位", -1)])
    assert combo.currentData() is None and changes == [0]
