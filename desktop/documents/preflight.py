"""The pre-print check (体检): rules as data, evaluated by pure functions over the documents' data.

The rules (id, severity, documents, Chinese message, source) are in
``resources/rules/preflight/preflight-2025.toml``; each id has one check here that yields the values its
message needs and the record to open to fix it. :func:`check` runs every rule of one document over the
dataclasses of :mod:`desktop.documents.model` (no database, no Qt), so the command line, the window and
the tests see the same list. :func:`choose_form` picks the 备案表 template by date and rule.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from db.domain import rules, self_inspection
from db.domain.enums import LEVEL_LABELS
from desktop.documents.model import (
    AssessmentInfo,
    FilingPacketData,
    GradingReportData,
    RectificationReportData,
)

BLOCKING = "blocking"
WARNING = "warning"
SEVERITY_LABELS = {BLOCKING: "阻断", WARNING: "提醒"}
DOCUMENTS = ("filing", "grading", "rectification", "review")
#: the 1846号 letter's obligation rule set: from its date new filings and re-filings use the 2025 template
RULE_1846 = "obligations-1846-2025"
#: the grading matrix each 备案表 template prints in 表三
FORM_MATRIX = {"2025": "grading-form-2025", "1.0": "grading-gbt22240-2020"}


class PreflightRuleError(Exception):
    """The rule file is malformed or does not match the checks (a programming error)."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    documents: tuple[str, ...]
    message: str
    source: str


@dataclass(frozen=True)
class Problem:
    """One line of the 体检: what is wrong, how serious, on what authority, and where to fix it."""

    rule: str
    severity: str
    message: str
    source: str
    #: the record to open (table name as the window's editors know it) and its id
    entity: str = ""
    record_id: int | None = None
    object_id: int | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCKING

    def line(self) -> str:
        return f"【{SEVERITY_LABELS[self.severity]}】{self.message}（依据：{self.source}）"


@dataclass(frozen=True)
class Hit:
    """What a check found: the message's values and the record to open."""

    values: dict[str, Any]
    entity: str = ""
    record_id: int | None = None


# ---------------------------------------------------------------------------------------------
# rule file


def parse_rules(text: str) -> dict[str, Rule]:
    raw = tomllib.loads(text)
    found: dict[str, Rule] = {}
    for item in raw.get("rules", []):
        try:
            rule = Rule(
                id=str(item["id"]),
                severity=str(item["severity"]),
                documents=tuple(str(d) for d in item["documents"]),
                message=str(item["message"]),
                source=str(item["source"]),
            )
        except (KeyError, TypeError) as exc:
            raise PreflightRuleError(f"体检规则不完整：{item!r}") from exc
        if rule.severity not in SEVERITY_LABELS or not set(rule.documents) <= set(DOCUMENTS):
            raise PreflightRuleError(f"体检规则 {rule.id} 的严重程度或文档类型不正确")
        if rule.id in found:
            raise PreflightRuleError(f"体检规则 {rule.id} 重复")
        found[rule.id] = rule
    return found


@cache
def load_rules() -> dict[str, Rule]:
    text = resources.files("resources.rules.preflight").joinpath("preflight-2025.toml").read_text("utf-8")
    loaded = parse_rules(text)
    if set(loaded) != set(_CHECKS):
        raise PreflightRuleError(f"体检规则与检查不对应：{sorted(set(loaded) ^ set(_CHECKS))}")
    return loaded


# ---------------------------------------------------------------------------------------------
# the form, by date and rule


def form_date(data: FilingPacketData, today: date) -> date:
    """The day the filing is made: 备案日期, else 填表日期, else today (a filing being prepared)."""
    f = data.filing
    return f.submitted_on or f.filled_on or today


def choose_form(data: FilingPacketData, today: date, override: str | None = None) -> tuple[str, str]:
    """The 备案表 template and why: ``override`` when given, else 2025 for filings made on or after the
    1846号 date and 1.0 before it (the stored ``form_version`` no longer decides)."""
    if override:
        return override, "按指定"
    start = rules.rule_set(RULE_1846).effective_from
    day = form_date(data, today)
    if day >= start:
        return "2025", f"按备案日期{day.isoformat()}（公网安〔2025〕1846号 {start.isoformat()} 起用2025版）"
    return "1.0", f"按备案日期{day.isoformat()}（早于公网安〔2025〕1846号）"


def form_level(form: str, business: tuple[str, str], service: tuple[str, str]) -> int | None:
    """The level the template's own 表三 matrix gives for the recorded harm (None: not on that matrix)."""
    rule_set = FORM_MATRIX.get(form)
    if rule_set is None:
        return None
    try:
        return rules.final_level(rules.grade(rule_set, *business), rules.grade(rule_set, *service))
    except (ValueError, KeyError, LookupError):
        return None


# ---------------------------------------------------------------------------------------------
# checks: filing


Check = Callable[[Any, dict[str, Any]], Iterator[Hit]]


def _table3_missing(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    if d.grading is None:
        yield Hit({}, "protected_objects", d.obj.id)


def _table6_blank(d: FilingPacketData, ctx: dict[str, Any]) -> Iterator[Hit]:
    if ctx.get("form") == "2025" and needs_table_six(d) and not d.data_categories:
        yield Hit({}, "organizations", d.unit.id)


def needs_table_six(d: FilingPacketData) -> bool:
    """表六 is filed for every 第二级+ object (the unit's data, one sheet per 数据类别)."""
    level = (d.grading.level if d.grading else None) or d.obj.level or 0
    return level >= 2


def _level_on_form(d: FilingPacketData, ctx: dict[str, Any]) -> Iterator[Hit]:
    g = d.grading
    if g is None:
        return
    form = ctx.get("form") or "2025"
    lv = form_level(form, (g.business_object, g.business_degree), (g.service_object, g.service_degree))
    if lv is not None and lv != g.level:
        yield Hit(
            {"form": form, "form_level": LEVEL_LABELS[lv], "level": LEVEL_LABELS[g.level], "rule_set": g.rule_set},
            "gradings",
            g.id,
        )


def report_recorded(d: FilingPacketData | GradingReportData) -> bool:
    """The ledger holds the 定级报告's content (the program prints it) even without an attached file."""
    g = d.grading
    return g is not None and any(
        (g.responsibility, g.composition, g.business_desc, g.service_desc, g.business_object_reason)
    )


def _report_missing(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    g = d.grading
    if g is not None and g.report_attachment is None and not report_recorded(d):
        yield Hit({}, "gradings", g.id)


def _review_missing(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    g = d.grading
    if g is not None and g.level >= 2 and not g.expert_review_date and g.review_attachment is None:
        yield Hit({"level": LEVEL_LABELS[g.level]}, "gradings", g.id)


def _review_sheet_missing(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    g = d.grading
    if g is not None and g.expert_review_date and not g.expert_names.strip() and g.review_attachment is None:
        yield Hit({}, "gradings", g.id)


def _approval_attachment_missing(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    g = d.grading
    if g is not None and g.has_supervisor and g.supervisor_approved and g.approval_attachment is None:
        yield Hit({}, "gradings", g.id)


def _material_attachment_missing(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    for m in d.filing.materials:
        if m.present and m.attachment is None:
            yield Hit({"title": m.title}, "filings", d.filing.id)


def _accepted_before_submitted(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    f = d.filing
    if f.accepted_on and f.submitted_on and f.accepted_on < f.submitted_on:
        yield Hit({"accepted": f.accepted_on.isoformat(), "submitted": f.submitted_on.isoformat()}, "filings", f.id)


def _number_before_acceptance(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    f = d.filing
    number = f.form_number or f.certificate_no
    if number and f.accepted_on is None:
        yield Hit({"status": _STATUS.get(f.status, f.status or "未受理"), "number": number}, "filings", f.id)


_STATUS = {"preparing": "准备中", "submitted": "已提交", "returned": "被退回", "accepted": "已受理"}


def _form_after_1846(d: FilingPacketData, ctx: dict[str, Any]) -> Iterator[Hit]:
    day = form_date(d, ctx["today"])
    if ctx.get("form") == "1.0" and day >= rules.rule_set(RULE_1846).effective_from:
        yield Hit({"day": day.isoformat()}, "filings", d.filing.id)


def _contact_email_blank(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    u = d.unit
    for who, person in (("网络安全责任部门联系人", u.security_contact), ("数据安全管理部门联系人", u.data_contact)):
        if person.name and not person.email.strip():
            yield Hit({"who": f"{who}{person.name}"}, "organizations", u.id)
            return  # one line: in most units both are the same person


def _internet_origin_blank(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    o = d.obj
    if o.network_nature != "2":
        return
    missing = [name for name, values in (("源站IP地址范围", o.ip_ranges), ("主要协议/端口", o.ports)) if not values]
    if missing:
        yield Hit({"what": "、".join(missing)}, "protected_objects", o.id)


def _go_live_blank(d: FilingPacketData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    if d.obj.go_live_date is None:
        yield Hit({}, "protected_objects", d.obj.id)


# ---------------------------------------------------------------------------------------------
# checks: tests (filing and rectification)


def _test_of(d: Any) -> AssessmentInfo | None:
    if isinstance(d, FilingPacketData):
        return d.latest_test
    if isinstance(d, RectificationReportData):
        return d.assessment
    return None


_BEST = {"conclusion-2021": "优", "conclusion-2025": "符合"}


def _conclusion_major_open(d: Any, _ctx: dict[str, Any]) -> Iterator[Hit]:
    a = _test_of(d)
    if a is None or a.conclusion not in ("符合", "优", "良", "中"):
        return
    for finding_id, title in a.open_major_hazards[:1]:
        yield Hit({"conclusion": a.conclusion, "title": title}, "findings", finding_id)


def expected_conclusion(a: AssessmentInfo) -> tuple[str, str] | None:
    """(the conclusion the scheme gives for the recorded figures, the figure's name); None without figures."""
    try:
        scheme = rules.rule_set(a.scheme) if a.scheme else None
    except KeyError:
        return None
    if scheme is None or scheme.kind != "conclusion":
        return None
    metric = scheme.data["metric"]
    value = a.score if metric == "score" else a.compliance_rate
    if value is None:
        return None
    majors = a.major_risk_count if a.major_risk_count is not None else len(a.open_major_hazards)
    try:
        expected = rules.conclusion_for(
            scheme.id,
            score=a.score,
            compliance_rate=a.compliance_rate,
            high_risks=a.high_risks,
            medium_risks=a.medium_risks,
            major_hazards=majors,
        )
    except ValueError:
        return None
    return expected, str(scheme.data["metric_label"])


def _conclusion_score(d: Any, _ctx: dict[str, Any]) -> Iterator[Hit]:
    a = _test_of(d)
    if a is None or not a.conclusion:
        return
    found = expected_conclusion(a)
    if found is None:
        return
    if a.score is None:
        majors = a.major_risk_count if a.major_risk_count is not None else len(a.open_major_hazards)
        if self_inspection.undefined_case(a.compliance_rate, majors, a.report_date or date.today()):
            return  # 1846号 does not decide these figures (exactly 90 %/60 %, >90 % with a 重大风险隐患)
    expected, metric = found
    labels = rules.conclusion_labels(a.scheme)
    if a.conclusion not in labels or a.conclusion == expected:
        return
    # medium risks only separate 优 from 良: a 良 for an 优 score with medium risks is no contradiction
    if {a.conclusion, expected} == {"优", "良"}:
        return
    value = a.score if a.score is not None else a.compliance_rate
    if a.score is not None:
        risks = f"高风险问题{a.high_risks}个"
    else:
        majors = a.major_risk_count if a.major_risk_count is not None else len(a.open_major_hazards)
        risks = f"重大风险隐患{majors}个"
    yield Hit(
        {
            "conclusion": a.conclusion,
            "metric": metric,
            "value": f"{value:g}",
            "risks": risks,
            "scheme": a.scheme,
            "expected": expected,
        },
        "assessments",
        a.id,
    )


def _report_before_test(d: RectificationReportData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    a = d.assessment
    if a is not None and a.report_date and d.today and d.today < a.report_date:
        yield Hit({"today": d.today.isoformat(), "report_date": a.report_date.isoformat()}, "assessments", a.id)


# ---------------------------------------------------------------------------------------------
# checks: grading report

_REPORT_SECTIONS = (
    ("responsibility", "定级对象的安全责任主体"),
    ("composition", "定级对象的构成"),
    ("business_desc", "业务信息描述"),
    ("service_desc", "系统服务描述"),
)


def _grading_report_empty(d: GradingReportData, _ctx: dict[str, Any]) -> Iterator[Hit]:
    for attr, section in _REPORT_SECTIONS:
        if not str(getattr(d.grading, attr) or "").strip():
            yield Hit({"section": section}, "gradings", d.grading.id)


_CHECKS: dict[str, Check] = {
    "table3-missing": _table3_missing,
    "table6-blank": _table6_blank,
    "level-on-form-matrix": _level_on_form,
    "report-missing": _report_missing,
    "review-missing": _review_missing,
    "review-sheet-missing": _review_sheet_missing,
    "approval-attachment-missing": _approval_attachment_missing,
    "material-attachment-missing": _material_attachment_missing,
    "accepted-before-submitted": _accepted_before_submitted,
    "number-before-acceptance": _number_before_acceptance,
    "form-1-0-after-1846": _form_after_1846,
    "contact-email-blank": _contact_email_blank,
    "internet-origin-blank": _internet_origin_blank,
    "go-live-blank": _go_live_blank,
    "conclusion-major-open": _conclusion_major_open,
    "conclusion-score": _conclusion_score,
    "report-before-test": _report_before_test,
    "grading-report-empty": _grading_report_empty,
}


def check(kind: str, data: Any, *, today: date, form: str | None = None) -> list[Problem]:
    """Every problem the rules find in one document's data, blocking ones first."""
    if kind not in DOCUMENTS:
        raise ValueError(f"未知的文档类型：{kind}")
    object_id = getattr(getattr(data, "obj", None), "id", None)
    if isinstance(data, FilingPacketData) and not form:
        form = data.form or choose_form(data, today)[0]
    ctx: dict[str, Any] = {"today": today, "form": form}
    found: list[Problem] = []
    for rule in load_rules().values():
        if kind not in rule.documents:
            continue
        for hit in _CHECKS[rule.id](data, ctx):
            found.append(
                Problem(
                    rule.id,
                    rule.severity,
                    rule.message.format(**hit.values),
                    rule.source,
                    hit.entity,
                    hit.record_id,
                    object_id,
                )
            )
    found.sort(key=lambda p: not p.blocking)
    return found


def summary(problems: list[Problem]) -> str:
    blocking = sum(p.blocking for p in problems)
    warnings = len(problems) - blocking
    if not problems:
        return "体检通过：未发现问题。"
    return f"体检发现阻断问题 {blocking} 项、提醒 {warnings} 项。"
