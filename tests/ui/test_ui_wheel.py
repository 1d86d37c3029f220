"""The wheel guard reaches every value widget however it was made: ours, made after the window, and
Qt's own (a file dialog's type chooser); over an unfocused field the wheel scrolls the page around it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from ui_events import wheel

from desktop.ui import wheelguard

pytestmark = pytest.mark.gui


@pytest.fixture
def guarded(qapp):
    wheelguard.install(qapp)
    yield
    wheelguard.uninstall(qapp)


def test_the_wheel_over_an_unfocused_spin_box_scrolls_its_page(qtbot, guarded) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    page = QWidget()
    column = QVBoxLayout(page)
    spins = []
    for _n in range(40):
        spin = QSpinBox()
        spin.setRange(0, 100)
        spin.setValue(50)
        column.addWidget(spin)
        spins.append(spin)
    area.setWidget(page)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    target = spins[2]
    assert target.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not focus it
    bar = area.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0
    wheel(target, -3)
    assert target.value() == 50 and bar.value() > 0  # the page scrolled, the value stayed
    target.setFocus()
    if target.hasFocus():  # a field the user clicked into still answers the wheel
        wheel(target, 1)
        assert target.value() == 51


def test_the_wheel_over_a_chooser_in_qts_own_file_dialog_changes_nothing(qtbot, guarded) -> None:
    dialog = QFileDialog(None, "选择工作簿")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setNameFilters(["Excel 工作簿 (*.xlsx)", "Excel 97-2003 工作簿 (*.xls)", "所有文件 (*)"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    combo = dialog.findChild(QComboBox, "fileTypeCombo")
    assert combo is not None and combo.count() == 3
    combo.clearFocus()
    wheel(combo, -1)
    wheel(combo, -1)
    assert combo.currentIndex() == 0
    dialog.reject()
