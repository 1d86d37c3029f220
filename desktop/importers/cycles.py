"""Loops in a "who is above whom" mapping (a unit's 主管部门), found in one pass.

Each node has at most one parent, so following parents from any node either ends or runs into a
loop; :func:`find_cycles` returns every loop once, each as the list of its nodes from child to
parent (the last node's parent is the first).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def find_cycles(parent: Mapping[Node, Node | None]) -> list[list[Node]]:
    """Every loop of ``parent`` (node → its parent, None or absent at the top), in discovery order."""
    done: set[Node] = set()
    cycles: list[list[Node]] = []
    for start in parent:
        if start in done:
            continue
        path: list[Node] = []
        on_path: dict[Node, int] = {}
        node: Node | None = start
        while node is not None and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent.get(node)
        if node is not None and node in on_path:
            cycles.append(path[on_path[node] :])
        done.update(path)
    return cycles
