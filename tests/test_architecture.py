"""The layering of DESIGN.md §4 and the code style, checked on every run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    which = shutil.which(name)
    if which is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return which


def test_import_contracts_hold() -> None:
    """db knows nothing of Qt or documents; documents and imports know nothing of Qt; the window
    reaches the ledger only through desktop.services."""
    result = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_window_holds_no_session() -> None:
    """Widgets reach the ledger only through desktop.services: no session, connection or SQLAlchemy."""
    found = []
    for path in sorted((ROOT / "desktop" / "ui").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if (
                ".session(" in code
                or "ledger.connect(" in code
                or code.lstrip().startswith(("import sqlalchemy", "from sqlalchemy"))
            ):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)
