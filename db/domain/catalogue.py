"""The GB/T 22239-2019 catalogue as rule data: security categories, extension scenarios, control points
per level, and test-item codes such as ``L3-CES1-01``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from db.domain.rules import CATALOGUE_ID, RuleSet, rule_set


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    group: str  # "technical" or "management"


@dataclass(frozen=True)
class Scenario:
    code: str
    scene: int
    name: str


@dataclass(frozen=True)
class ControlPoint:
    category: str
    name: str
    level: int
    scenario: str


class _TestItemFields(NamedTuple):
    level: int
    category: str
    scene: int
    number: int


class TestItemCode(_TestItemFields):
    """A parsed test-item code ``L{level}-{CAT}{scene}-{nn}`` (GB/T 28448-2019 附录C)."""

    __slots__ = ()
    #: not a pytest test class (a NamedTuple itself cannot carry this attribute)
    __test__: ClassVar[bool] = False

    def __str__(self) -> str:
        return f"L{self.level}-{self.category}{self.scene}-{self.number:02d}"


def _catalogue() -> RuleSet:
    return rule_set(CATALOGUE_ID)


def categories() -> tuple[Category, ...]:
    """The 10 security categories (安全类) in the order of the standard."""
    return tuple(Category(c["code"], c["name"], c["group"]) for c in _catalogue().data["categories"])


def category(code: str) -> Category:
    """One category by its code (``"CES"``); ``ValueError`` with a Chinese message otherwise."""
    wanted = unicodedata.normalize("NFKC", code).strip().upper()
    for c in categories():
        if wanted in (c.code, c.name):
            return c
    raise ValueError(f"未知的安全类：{code}")


def scenarios() -> tuple[Scenario, ...]:
    """General requirements (scene 1) and the extension scenarios cloud/mobile/iot/ics (scenes 2–5)."""
    return tuple(Scenario(s["code"], s["scene"], s["name"]) for s in _catalogue().data["scenarios"])


def scenario(code_or_scene: str | int) -> Scenario:
    for s in scenarios():
        if code_or_scene in (s.code, s.scene):
            return s
    raise ValueError(f"未知的扩展场景：{code_or_scene}")


def control_points(
    level: int, scenario_code: str = "general", category_code: str | None = None
) -> tuple[ControlPoint, ...]:
    """Control points of one level and scenario, optionally of one category, in catalogue order.

    Extension scenarios have data for 第三级 (and 第四级 by the same names); other levels give an
    empty tuple. 第一级 general points are an approximate subset (see the rule set's confidence notes).
    """
    scenario(scenario_code)
    levels = _catalogue().data["control_points"].get(scenario_code, {})
    table = levels.get(f"L{level}")
    if table is None:
        return ()
    if "same_as" in table:
        table = levels[table["same_as"]]
    wanted = category(category_code).code if category_code else None
    return tuple(
        ControlPoint(cat.code, name, level, scenario_code)
        for cat in categories()
        if wanted in (None, cat.code)
        for name in table.get(cat.code, ())
    )


_ITEM_CODE = re.compile(r"L(\d)-([A-Z]{3})(\d)-(\d{2})")


def parse_test_item_code(code: str) -> TestItemCode:
    """Parse ``L3-CES1-01`` into (level, category, scene, number); ``ValueError`` in Chinese otherwise."""
    text = unicodedata.normalize("NFKC", str(code)).strip().upper().replace(" ", "")
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    m = _ITEM_CODE.fullmatch(text)
    if m is None:
        raise ValueError(f"测评项编号格式不正确，应如 L3-CES1-01：{code}")
    level, cat, scene, number = int(m[1]), m[2], int(m[3]), int(m[4])
    fmt = _catalogue().data["test_item_code"]
    if not fmt["min_level"] <= level <= fmt["max_level"]:
        raise ValueError(f"测评项编号的等级应为第{fmt['min_level']}至第{fmt['max_level']}级：{code}")
    if cat not in {c.code for c in categories()}:
        raise ValueError(f"测评项编号中的安全类代码未知：{cat}")
    if scene not in {s.scene for s in scenarios()}:
        raise ValueError(f"测评项编号中的场景代码应为1至5：{scene}")
    if number == 0:
        raise ValueError(f"测评项序号应从01开始：{code}")
    return TestItemCode(level, cat, scene, number)


def format_test_item_code(level: int, category_code: str, scene: int, number: int) -> str:
    """Build a test-item code, e.g. ``format_test_item_code(3, "CES", 1, 1) == "L3-CES1-01"``."""
    code = str(TestItemCode(level, category_code, scene, number))
    return str(parse_test_item_code(code))
