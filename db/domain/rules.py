"""Rule sets kept as data in ``resources/rules/*.toml``.

Every file holds one rule set: ``id`` (equal to the file name), ``kind``, a Chinese ``name``,
``effective_from`` (a TOML date), ``source`` (the document it comes from), an optional
``[confidence]`` table marking unconfirmed facts, and the data (every other key).

Kinds:

* ``grading`` — the harm matrix (受侵害的客体 × 侵害程度 → level) and the tick-box statements;
* ``obligations`` — filing, test, self-inspection, certificate, drill and deadline rules. These sets are
  *layered by topic*: a topic is read from the newest set in force that defines it (see :func:`obligation`);
* ``conclusion`` — 等级测评 conclusion schemes (优/良/中/差, 符合/基本符合/不符合);
* ``incident_reporting`` — incident reporting time limits by operator type;
* ``catalogue`` — GB/T 22239-2019 categories, control points and the test-item code format;
* ``scanner_severity`` — a vulnerability scanner's severity → 高/中/低 and the default control point;
* ``law`` — article numbers and penalties of a law as in force from a date (:mod:`db.domain.law`);
* ``data_levels`` — data classification levels (GB/T 43697-2024) for 表六 (:mod:`db.domain.law`).

The files are read and checked once, on first use. Nothing here imports Qt or document libraries.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

KINDS = (
    "grading", "obligations", "conclusion", "incident_reporting", "catalogue", "law", "data_levels",
    "scanner_severity",
)
OBJECT_CODES = ("citizen", "society", "nation")
DEGREE_CODES = ("general", "serious", "very_serious")
OPERATOR_CODES = ("cii", "central", "other")
CATALOGUE_ID = "catalogue-gbt22239-2019"
_META_KEYS = ("id", "kind", "name", "effective_from", "source", "confidence")
_LEVELS = range(1, 6)


class RuleDataError(Exception):
    """A bundled rule file is missing or malformed (a packaging error, not a user error)."""


@dataclass(frozen=True)
class RuleSet:
    """One rule set read from ``resources/rules``. ``data`` and ``confidence`` are read-only."""

    id: str
    kind: str
    name: str
    effective_from: date
    source: str
    data: Mapping[str, Any]
    confidence: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def mark(self, path: str) -> str | None:
        """Confidence note for a dotted data path (or its nearest marked ancestor, or ``"*"``)."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            note = self.confidence.get(".".join(parts[:end]))
            if note is not None:
                return note
        return self.confidence.get("*")


# --------------------------------------------------------------------------------------------------
# Loading and validation
# --------------------------------------------------------------------------------------------------


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _require(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise RuleDataError(f"{where}: {message}")


def _check_grading(where: str, data: Mapping[str, Any]) -> None:
    objects = [o.get("code") for o in data.get("objects", ())]
    degrees = [d.get("code") for d in data.get("degrees", ())]
    _require(sorted(objects) == sorted(OBJECT_CODES), where, f"objects must be {OBJECT_CODES}")
    _require(sorted(degrees) == sorted(DEGREE_CODES), where, f"degrees must be {DEGREE_CODES}")
    seen = set()
    for cell in data.get("cells", ()):
        key = (cell.get("object"), cell.get("degree"))
        _require(key not in seen, where, f"duplicate cell {key}")
        seen.add(key)
        _require(cell.get("level") in _LEVELS, where, f"cell {key} has no level 1-5")
        _require(bool(cell.get("statement")), where, f"cell {key} has no statement")
    complete = len(seen) == 9 and all(o in OBJECT_CODES and d in DEGREE_CODES for o, d in seen)
    _require(complete, where, "the matrix needs 9 cells")


def _check_cycle_table(where: str, table: Mapping[str, Any]) -> None:
    for level, months in table.items():
        _require(level.isdigit() and int(level) in _LEVELS, where, f"bad level key {level!r}")
        _require(isinstance(months, int) and months > 0, where, f"bad cycle for level {level}")


def _check_obligations(where: str, data: Mapping[str, Any]) -> None:
    for topic, body in data.items():
        _require(isinstance(body, Mapping), where, f"topic {topic} must be a table")
        _require(bool(body.get("source")), where, f"topic {topic} needs a source")
        if isinstance(body.get("cycle_months"), Mapping):
            _check_cycle_table(f"{where} [{topic}]", body["cycle_months"])
    for rule in _finding_rules(data):
        _require(rule.get("unit") in ("calendar_days", "working_days"), where, "bad finding deadline unit")
        _require(isinstance(rule.get("days"), int) and rule["days"] > 0, where, "bad finding deadline days")


def _finding_rules(data: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    body = data.get("finding_deadlines")
    if not body:
        return ()
    return (*body.get("risk", {}).values(), body["major_hazard"])


def _check_conclusion(where: str, data: Mapping[str, Any]) -> None:
    _require(
        data.get("metric") in ("score", "compliance_rate"), where, "metric must be score or compliance_rate"
    )
    _require(bool(data.get("metric_label")), where, "metric_label is required")
    grades = data.get("grades", ())
    _require(len(grades) >= 2, where, "at least two grades are needed")
    _require(all(g.get("label") for g in grades), where, "every grade needs a label")
    _require(set(grades[-1]) == {"label"}, where, "the last grade must be an unconditional fallback")


def _check_incident(where: str, data: Mapping[str, Any]) -> None:
    limits = data.get("limits", {})
    _require(sorted(limits) == sorted(OPERATOR_CODES), where, f"limits must cover {OPERATOR_CODES}")
    for code, limit in limits.items():
        _require(
            isinstance(limit.get("hours"), int | float) and limit["hours"] > 0, where, f"bad hours {code}"
        )
        _require(bool(limit.get("report_to")), where, f"{code} needs report_to")


def _check_catalogue(where: str, data: Mapping[str, Any]) -> None:
    codes = [c.get("code") for c in data.get("categories", ())]
    _require(len(codes) == 10 and len(set(codes)) == 10, where, "there must be 10 distinct categories")
    scenes = {s.get("code"): s.get("scene") for s in data.get("scenarios", ())}
    _require(scenes.get("general") == 1, where, "scenario general must be scene 1")
    for scenario, levels in data.get("control_points", {}).items():
        _require(scenario in scenes, where, f"unknown scenario {scenario}")
        for level_key, table in levels.items():
            _require(re.fullmatch(r"L[1-4]", level_key) is not None, where, f"bad level key {level_key}")
            target = table.get("same_as")
            if target is not None:
                _require(target in levels, where, f"{scenario}.{level_key}: same_as {target} missing")
                continue
            _require(all(cat in codes for cat in table), where, f"{scenario}.{level_key}: unknown category")


def _check_law(where: str, data: Mapping[str, Any]) -> None:
    _require(bool(data.get("law")), where, "law (the law's title) is required")
    for key, art in data.get("articles", {}).items():
        _require(isinstance(art.get("number"), int) and art["number"] > 0, where, f"article {key} needs a number")
        _require(bool(art.get("cn")), where, f"article {key} needs its Chinese number")


def _check_data_levels(where: str, data: Mapping[str, Any]) -> None:
    levels = data.get("levels", ())
    _require(len(levels) >= 2, where, "at least two data levels are needed")
    _require(all(lv.get("code") and lv.get("label") and lv.get("form_code") for lv in levels), where,
             "every data level needs code, label and form_code")


def _check_scanner_severity(where: str, data: Mapping[str, Any]) -> None:
    for table in ("severity", "risk_factor", "labels"):
        values = data.get(table, {})
        _require(bool(values), where, f"{table} is required")
        _require(all(v in ("high", "medium", "low", "skip") for v in values.values()), where,
                 f"{table}: values must be high, medium, low or skip")
    default = data.get("default", {})
    _require(bool(default.get("category")) and bool(default.get("control_point")), where,
             "default needs category and control_point")


_CHECKS = {
    "grading": _check_grading,
    "obligations": _check_obligations,
    "conclusion": _check_conclusion,
    "incident_reporting": _check_incident,
    "catalogue": _check_catalogue,
    "scanner_severity": _check_scanner_severity,
    "law": _check_law,
    "data_levels": _check_data_levels,
}


def parse_rule_set(text: str, filename: str = "<text>") -> RuleSet:
    """Parse and check one rule file; raise :class:`RuleDataError` when it is malformed."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{filename}: {exc}") from exc
    for key in ("id", "kind", "name", "source"):
        _require(isinstance(raw.get(key), str) and bool(raw[key]), filename, f"missing {key}")
    _require(type(raw.get("effective_from")) is date, filename, "effective_from must be a TOML date")
    _require(raw["kind"] in KINDS, filename, f"unknown kind {raw['kind']!r}")
    stem = filename.rsplit("/", 1)[-1].removesuffix(".toml")
    _require(filename == "<text>" or stem == raw["id"], filename, "id must equal the file name")
    confidence = raw.get("confidence", {})
    _require(all(isinstance(v, str) for v in confidence.values()), filename, "confidence notes must be text")
    data = {k: v for k, v in raw.items() if k not in _META_KEYS}
    _CHECKS[raw["kind"]](filename, data)
    return RuleSet(
        id=raw["id"],
        kind=raw["kind"],
        name=raw["name"],
        effective_from=raw["effective_from"],
        source=raw["source"],
        data=_freeze(data),
        confidence=_freeze(confidence),
    )


@dataclass(frozen=True)
class _Registry:
    by_id: Mapping[str, RuleSet]
    by_kind: Mapping[str, tuple[RuleSet, ...]]


@cache
def _registry() -> _Registry:
    folder = resources.files("resources.rules")
    loaded: dict[str, RuleSet] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        rule = parse_rule_set(entry.read_text(encoding="utf-8"), entry.name)
        _require(rule.id not in loaded, entry.name, f"duplicate id {rule.id}")
        loaded[rule.id] = rule
    by_kind = {
        kind: tuple(sorted((r for r in loaded.values() if r.kind == kind), key=lambda r: r.effective_from))
        for kind in KINDS
    }
    for kind, sets in by_kind.items():
        _require(bool(sets), "resources/rules", f"no rule set of kind {kind}")
    return _Registry(MappingProxyType(loaded), MappingProxyType(by_kind))


def all_rule_sets() -> tuple[RuleSet, ...]:
    """Every bundled rule set, ordered by kind then effective date."""
    reg = _registry()
    return tuple(r for kind in KINDS for r in reg.by_kind[kind])


def rule_sets(kind: str) -> tuple[RuleSet, ...]:
    """The rule sets of one kind, oldest first."""
    try:
        return _registry().by_kind[kind]
    except KeyError:
        raise KeyError(f"unknown rule kind {kind!r}") from None


def rule_set(rule_set_id: str) -> RuleSet:
    """The rule set with this id; ``KeyError`` when there is none."""
    try:
        return _registry().by_id[rule_set_id]
    except KeyError:
        raise KeyError(f"unknown rule set {rule_set_id!r}") from None


def in_force(kind: str, on: date) -> RuleSet:
    """The rule set of ``kind`` in force on ``on``: the latest with ``effective_from <= on``.

    Before the first rule set takes effect, the first one is returned (there is nothing older).
    """
    sets = rule_sets(kind)
    current = sets[0]
    for candidate in sets:
        if candidate.effective_from <= on:
            current = candidate
    return current


def obligation(topic: str, on: date) -> tuple[RuleSet, Mapping[str, Any]]:
    """The rule for one obligations ``topic`` on a date, and the rule set it came from.

    Obligation rule sets are layered: the newest set in force on ``on`` that defines ``topic`` wins.
    When no set in force defines it yet (e.g. certificate validity before 1846号), the earliest set
    that defines it applies, since it is the only rule there is.
    """
    defining = [r for r in rule_sets("obligations") if topic in r.data]
    if not defining:
        raise KeyError(f"no obligations rule set defines {topic!r}")
    current = defining[0]
    for candidate in defining:
        if candidate.effective_from <= on:
            current = candidate
    return current, current.data[topic]


# --------------------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HarmCell:
    """One cell of the grading matrix with the statement printed beside its tick box."""

    object: str
    degree: str
    level: int
    statement: str


@dataclass(frozen=True)
class GradingMatrix:
    """Rows (受侵害的客体) and columns (侵害程度) with Chinese labels, and the level of each cell.

    The wizard, the services and the printed 定级报告/备案表 all read this one matrix."""

    rule_set: str
    objects: tuple[tuple[str, str], ...]
    degrees: tuple[tuple[str, str], ...]
    cells: tuple[HarmCell, ...]

    def find(self, harmed_object: str, degree: str) -> HarmCell | None:
        """The cell of one combination, None if the matrix has none."""
        for c in self.cells:
            if c.object == harmed_object and c.degree == degree:
                return c
        return None

    def cell(self, harmed_object: str, degree: str) -> HarmCell:
        found = self.find(harmed_object, degree)
        if found is None:
            raise ValueError(f"定级矩阵中没有该组合：{harmed_object} / {degree}")
        return found

    def level(self, harmed_object: str, degree: str) -> int:
        return self.cell(harmed_object, degree).level

    def rows(self) -> list[list[int]]:
        """Levels as a list of rows in ``objects`` order, columns in ``degrees`` order."""
        return [[self.level(o, d) for d, _ in self.degrees] for o, _ in self.objects]

    def statements_by_level(self) -> dict[int, list[HarmCell]]:
        """表三 rows: for each level 1–5 the cells (statements) that give it, in matrix order."""
        rows: dict[int, list[HarmCell]] = {lv: [] for lv in range(1, 6)}
        for c in self.cells:
            rows.setdefault(c.level, []).append(c)
        return rows


def _code(value: str | Enum) -> str:
    return str(value.value if isinstance(value, Enum) else value).strip()


def _resolve(value: str | Enum, choices: tuple[tuple[str, str], ...], what: str) -> str:
    text = _code(value)
    for code, label in choices:
        if text in (code, label):
            return code
    raise ValueError(f"未知的{what}：{text}")


@cache
def grading_matrix(rule_set_id: str) -> GradingMatrix:
    """The matrix of a grading rule set, with its labels (for the wizard and the 定级报告)."""
    rs = rule_set(rule_set_id)
    if rs.kind != "grading":
        raise ValueError(f"{rule_set_id} 不是定级规则")
    return GradingMatrix(
        rule_set=rs.id,
        objects=tuple((o["code"], o["label"]) for o in rs.data["objects"]),
        degrees=tuple((d["code"], d["label"]) for d in rs.data["degrees"]),
        cells=tuple(HarmCell(c["object"], c["degree"], c["level"], c["statement"]) for c in rs.data["cells"]),
    )


def grade(rule_set_id: str, harmed_object: str | Enum, degree: str | Enum) -> int:
    """Level for one harm analysis (业务信息 or 系统服务) under the given grading rule set.

    ``harmed_object`` and ``degree`` may be codes (``"society"``, ``"serious"``), enum members or the
    rule set's Chinese labels.
    """
    matrix = grading_matrix(rule_set_id)
    obj = _resolve(harmed_object, matrix.objects, "受侵害客体")
    deg = _resolve(degree, matrix.degrees, "侵害程度")
    return matrix.level(obj, deg)


def final_level(business: int, service: int) -> int:
    """Final level = the higher of 业务信息 and 系统服务 levels (GB/T 22240-2020 §6.4)."""
    for value in (business, service):
        if isinstance(value, bool) or value not in _LEVELS:
            raise ValueError(f"安全保护等级应为1至5级：{value}")
    return max(business, service)


def harm_cells(rule_set_id: str) -> tuple[HarmCell, ...]:
    """All cells of the rule set, ordered by level and then as listed in the data."""
    return tuple(sorted(grading_matrix(rule_set_id).cells, key=lambda c: c.level))


def harm_statements(rule_set_id: str) -> dict[int, list[str]]:
    """Tick-box statements per level row of 表三, ``{1: [...], ..., 5: [...]}``."""
    result: dict[int, list[str]] = {level: [] for level in _LEVELS}
    for c in harm_cells(rule_set_id):
        result[c.level].append(c.statement)
    return result


def cell_for_statement(rule_set_id: str, statement: str) -> HarmCell:
    """The matrix cell whose tick-box statement is ``statement`` (for reading back a ticked form)."""
    wanted = statement.strip()
    for c in grading_matrix(rule_set_id).cells:
        if c.statement == wanted:
            return c
    raise ValueError(f"未知的损害描述：{wanted}")


# --------------------------------------------------------------------------------------------------
# Conclusions
# --------------------------------------------------------------------------------------------------


def conclusion_labels(scheme_id: str) -> tuple[str, ...]:
    """The conclusions a scheme can give, best first."""
    return tuple(g["label"] for g in _conclusion_rules(scheme_id).data["grades"])


def _conclusion_rules(scheme_id: str) -> RuleSet:
    rs = rule_set(scheme_id)
    if rs.kind != "conclusion":
        raise ValueError(f"{scheme_id} 不是测评结论规则")
    return rs


def _grade_matches(g: Mapping[str, Any], value: float, counts: Mapping[str, int]) -> bool:
    if "min" in g and (value < g["min"] or (value == g["min"] and not g.get("min_inclusive", True))):
        return False
    return all(counts[name] <= g[f"max_{name}"] for name in counts if f"max_{name}" in g)


def conclusion_for(
    scheme_id: str,
    *,
    score: float | None = None,
    compliance_rate: float | None = None,
    high_risks: int = 0,
    medium_risks: int = 0,
    major_hazards: int = 0,
) -> str:
    """The 等级测评 conclusion under a scheme; grades are tried in the order of the data.

    * ``conclusion-2021`` reads ``score`` (综合得分, 0–100): 优 ≥ 90 with no medium or high risk,
      良 ≥ 80 with no high risk, 中 ≥ 70 with no high risk, otherwise 差.
    * ``conclusion-2025`` reads ``compliance_rate`` (符合率 in percent, 0–100): 符合 above 90 with no
      重大风险隐患; 基本符合 from 60 to 90 inclusive, or above 90 with a 重大风险隐患; 不符合 below 60.
    """
    rs = _conclusion_rules(scheme_id)
    metric = rs.data["metric"]
    value = score if metric == "score" else compliance_rate
    if value is None:
        raise ValueError(f"缺少{rs.data['metric_label']}")
    if not 0 <= value <= 100:
        raise ValueError(f"{rs.data['metric_label']}应在0至100之间：{value}")
    counts = {"high_risks": high_risks, "medium_risks": medium_risks, "major_hazards": major_hazards}
    if any(n < 0 for n in counts.values()):
        raise ValueError("风险数量不能为负数")
    for g in rs.data["grades"]:
        if _grade_matches(g, value, counts):
            return str(g["label"])
    raise AssertionError("unreachable: the last grade is unconditional")


# --------------------------------------------------------------------------------------------------
# Incident reporting
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentLimit:
    """Reporting limit for one operator type."""

    operator_type: str
    hours: float
    report_to: str
    rule_set: str


def incident_limit(operator_type: str | Enum, on: date) -> IncidentLimit:
    """Hours within which an incident must be reported, under the rule set in force on ``on``."""
    rs = in_force("incident_reporting", on)
    code = _code(operator_type)
    limit = rs.data["limits"].get(code)
    if limit is None:
        raise ValueError(f"未知的运营者类型：{code}")
    return IncidentLimit(code, limit["hours"], limit["report_to"], rs.id)


# --------------------------------------------------------------------------------------------------
# GB/T 22239-2019 catalogue
# --------------------------------------------------------------------------------------------------
