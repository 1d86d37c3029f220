"""Fixtures of the window tests: every test gets its own settings folder (QSettings in INI form)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """The window's settings (and Qt's own dialog history) in the test's folder, never the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
