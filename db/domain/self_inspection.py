"""Self-inspection (自查) rules: the checklist of an object, verdicts, 符合率 under the rule set's
formula, the 1846号 conclusion with its undefined edges flagged, findings, carrying verdicts forward.

符合率 (公网安〔2025〕1846号 第20问 names it, no formula): 不适用 items leave the denominator; a
部分符合 item counts ``partial_weight`` (0 or 0.5, rule data ``compliance_rate.partial_weight``, the
officer's choice per inspection). The conclusion follows 1846号: 符合率 above 90 % and no 重大风险隐患
→ 符合; above 60 % and below 90 % → 基本符合; below 60 % → 不符合. Exactly 90 % or 60 %, and above 90 %
*with* a 重大风险隐患, are not defined there: :func:`conclusion` returns no conclusion and a flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.domain import catalogue
from db.domain.rules import obligation

CONFORM = "conform"
PARTIAL = "partial"
NONCONFORM = "nonconform"
NOT_APPLICABLE = "na"
VERDICTS: tuple[tuple[str, str], ...] = (
    (CONFORM, "符合"),
    (PARTIAL, "部分符合"),
    (NONCONFORM, "不符合"),
    (NOT_APPLICABLE, "不适用"),
)
VERDICT_LABELS = dict(VERDICTS)
#: object types (db.domain.enums.ObjectType codes) that bring an extension scenario of the catalogue
TYPE_SCENARIOS = {"cloud": "cloud", "mobile": "mobile", "iot": "iot", "ics": "ics"}


def verdict_code(text: str) -> str:
    """``"部分符合"``/``"partial"`` → ``"partial"``; ``ValueError`` in Chinese otherwise."""
    wanted = str(text).strip()
    for code, label in VERDICTS:
        if wanted in (code, label):
            return code
    raise ValueError(f"未知的自查结论：{text}（应为符合、部分符合、不符合或不适用）")


# --------------------------------------------------------------------------------------------------
# Checklist
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistEntry:
    scenario: str
    category: str
    control_point: str
    position: int


def checklist_level(level: int) -> int:
    """The catalogue level a checklist uses: 第五级 is checked against 第四级 (1846号 第10问)."""
    if level not in range(1, 6):
        raise ValueError(f"安全保护等级应为1至5级：{level}")
    return min(level, 4)


def scenarios_for(object_type: str | None, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """General requirements plus the extension scenarios of the object's type and any named."""
    codes = {s.code for s in catalogue.scenarios()}
    wanted = ["general"]
    for code in (TYPE_SCENARIOS.get(object_type or ""), *extra):
        if code and code not in wanted:
            if code not in codes:
                raise ValueError(f"未知的扩展场景：{code}")
            wanted.append(code)
    return tuple(wanted)


def checklist(level: int, scenario_codes: Sequence[str] = ("general",)) -> tuple[ChecklistEntry, ...]:
    """One entry per control point of the level and scenarios, in catalogue order."""
    lv = checklist_level(level)
    out: list[ChecklistEntry] = []
    for sc in scenario_codes:
        for cp in catalogue.control_points(lv, sc):
            out.append(ChecklistEntry(sc, cp.category, cp.name, len(out) + 1))
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# 符合率 and conclusion
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    conform: int = 0
    partial: int = 0
    nonconform: int = 0
    not_applicable: int = 0
    open: int = 0  # not yet judged

    @property
    def judged(self) -> int:
        return self.conform + self.partial + self.nonconform + self.not_applicable


def count(verdicts: Iterable[str | None]) -> Counts:
    tally = {CONFORM: 0, PARTIAL: 0, NONCONFORM: 0, NOT_APPLICABLE: 0, None: 0}
    for v in verdicts:
        tally[v if v in tally else None] += 1
    return Counts(tally[CONFORM], tally[PARTIAL], tally[NONCONFORM], tally[NOT_APPLICABLE], tally[None])


def rate_rules(on: date) -> tuple[str, Mapping[str, Any]]:
    rs, body = obligation("compliance_rate", on)
    return rs.id, body


def default_partial_weight(on: date) -> float:
    return float(rate_rules(on)[1]["partial_weight"])


def check_partial_weight(weight: float, on: date) -> float:
    choices = [float(c) for c in rate_rules(on)[1]["partial_weight_choices"]]
    if float(weight) not in choices:
        shown = "或".join(f"{c:g}" for c in choices)
        raise ValueError(f"部分符合的计分应为{shown}：{weight}")
    return float(weight)


def compliance_rate(counts: Counts, partial_weight: float) -> float | None:
    """符合率 in percent (rounded to 2 places), or ``None`` when nothing applicable was judged."""
    denominator = counts.conform + counts.partial + counts.nonconform
    if denominator == 0:
        return None
    return round(100.0 * (counts.conform + partial_weight * counts.partial) / denominator, 2)


def formula_text(partial_weight: float) -> str:
    """How 符合率 was computed, printed beside every 符合率."""
    part = "部分符合项不计分" if partial_weight == 0 else f"部分符合项按{partial_weight:g}计"
    return f"符合率＝（符合项数＋部分符合项数×{partial_weight:g}）÷（已判定项数－不适用项数）×100%，{part}"


@dataclass(frozen=True)
class Conclusion:
    """The 1846号 conclusion, or ``None`` with the reason when the notice does not decide it."""

    label: str | None
    flags: tuple[str, ...] = field(default=())

    @property
    def needs_confirmation(self) -> bool:
        return self.label is None


def conclusion(rate: float | None, major_hazards: int, on: date) -> Conclusion:
    """符合 / 基本符合 / 不符合 by 1846号 第20问; undefined cases flagged 待确认, never guessed."""
    _rs, body = rate_rules(on)
    if rate is None:
        return Conclusion(None, ("尚无已判定的适用项，无法计算符合率",))
    high, low = float(body["excellent_above"]), float(body["basic_above"])
    if rate in [float(v) for v in body["undefined_at"]]:
        return Conclusion(None, (f"符合率恰为{rate:g}%，1846号未规定该情形的结论，待确认",))
    if rate > high:
        if major_hazards > 0:
            return Conclusion(
                None, (f"符合率高于{high:g}%但存在{major_hazards}项重大风险隐患，1846号未规定该情形的结论，待确认",)
            )
        return Conclusion("符合")
    if rate > low:
        return Conclusion("基本符合")
    return Conclusion("不符合")


def undefined_case(rate: float | None, major_hazards: int, on: date) -> str | None:
    """The 待确认 flag when 1846号 does not decide the conclusion for these figures, else ``None``.

    For any check that compares a recorded 等级测评 conclusion with the figures (the pre-print check):
    in these cases the assessor's conclusion on the report wins and the officer is told why."""
    if rate is None:
        return None
    result = conclusion(rate, major_hazards, on)
    return result.flags[0] if result.needs_confirmation else None


# --------------------------------------------------------------------------------------------------
# Findings and carrying verdicts forward
# --------------------------------------------------------------------------------------------------


def finding_risk(verdict: str, on: date) -> str | None:
    """Default risk of the finding a verdict creates: ``None`` for 符合 and 不适用."""
    if verdict not in (NONCONFORM, PARTIAL):
        return None
    _rs, body = obligation("self_inspection_findings", on)
    return str(body[verdict])


@dataclass(frozen=True)
class CarriedVerdict:
    verdict: str | None
    note: str | None


def carry_forward(
    previous: Mapping[tuple[str, str, str], CarriedVerdict], entries: Iterable[ChecklistEntry]
) -> dict[int, CarriedVerdict]:
    """Last year's verdicts for this year's entries (by scenario, category, control point)."""
    out: dict[int, CarriedVerdict] = {}
    for e in entries:
        found = previous.get((e.scenario, e.category, e.control_point))
        if found is not None and found.verdict is not None:
            out[e.position] = found
    return out
