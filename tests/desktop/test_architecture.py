"""The layering of DESIGN.md §4 and the code style, checked on every run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


def test_no_import_circles() -> None:
    """No two modules of db or desktop import each other, directly or round a longer circle (lazy imports
    inside functions count too; imports only for type checking do not)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("db", "desktop", exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(start: str) -> None:  # iterative Tarjan: strongly connected parts of the import graph
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                if len(part) > 1:
                    circles.append(sorted(part))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert not circles, circles


def test_modules_stay_small() -> None:
    """No module of the program is over 600 lines (migrations excepted): split a module before it grows past."""
    big = [
        f"{path.relative_to(ROOT)}: {n}"
        for folder in ("db", "desktop")
        for path in (ROOT / folder).rglob("*.py")
        if "versions" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert not big, big


def test_types_check() -> None:
    """mypy over db and desktop: strict on db.domain and db.store, the default checks elsewhere."""
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr
