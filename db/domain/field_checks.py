"""Checks the entity records (:mod:`db.repo.entities`) attach to their fields, and the checks across
the fields of one record. Each raises or returns Chinese messages; none touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from db.domain import catalogue, validators
from db.domain import form_codes as fc
from db.domain.enums import AssessmentStatus, DrillStatus, FilingStatus
from db.domain.validators import ValidationError

Check = Callable[[Any], Any]


def icp(v: Any) -> str:
    return validators.icp_number(v)


def item_code(v: Any) -> str:
    try:
        return str(catalogue.parse_test_item_code(str(v)))
    except ValueError as exc:
        raise ValidationError(str(exc), "test_item_code", v) from None


def domain_name(v: Any) -> str:
    return validators.domain(v).name


def category(v: Any) -> str:
    try:
        return catalogue.category(str(v)).code
    except ValueError as exc:
        raise ValidationError(str(exc), "category", v) from None


def in_range(lo: float, hi: float, label: str) -> Check:
    def check(v: Any) -> Any:
        if v < lo or v > hi:
            raise ValidationError(f"{label}应在{lo:g}至{hi:g}之间")
        return v

    return check


def non_negative(v: Any) -> Any:
    if v < 0:
        raise ValidationError("不能为负数")
    return v


def codes(options: fc.Options, label: str) -> Check:
    """One of the printed codes of ``options`` (``"2 重要及以上数据"`` gives ``"2"``)."""
    allowed = {code for code, _l in options}

    def check(v: Any) -> str:
        code = str(v).split(" ", 1)[0].strip()
        if code not in allowed:
            raise ValidationError(f"{label}取值无效：{v}")
        return code

    return check


def personal_info(chosen: list[str]) -> list[str]:
    if "4" in chosen and len(chosen) > 1:
        raise ValidationError("“不涉及”不能与其他个人信息选项同时勾选")
    return sorted(chosen)


INTERACTIONS = ("provide", "entrust", "joint")
STORAGE_GROUPS: dict[str, tuple[fc.Options, str]] = {
    "cloud": (fc.STORAGE_CLOUD, "云平台"),
    "room": (fc.STORAGE_ROOM, "机房"),
    "region": (fc.STORAGE_REGION, "地域"),
}


def interactions(v: dict[str, Any]) -> dict[str, Any]:
    """``{"provide": 对方, "entrust": 受托方, "joint": 共同处理方}`` or ``{"none": True}`` (无交互)."""
    unknown = set(v) - {*INTERACTIONS, "none"}
    if unknown:
        raise ValidationError(f"交互情况取值无效：{'、'.join(sorted(unknown))}")
    chosen = {k: str(v[k] or "").strip() for k in INTERACTIONS if k in v and v[k] is not None}
    if v.get("none"):
        if chosen:
            raise ValidationError("“无交互”不能与其他交互情况同时勾选")
        return {"none": True}
    labels = {"provide": "对外提供给", "entrust": "委托", "joint": "共同处理"}
    for key, name in chosen.items():
        if not name:
            raise ValidationError(f"勾选“{labels[key]}”时请填写对方单位名称")
    return chosen


def storage(v: dict[str, Any]) -> dict[str, Any]:
    """``{"cloud": [["4", "某政务云"]], "room": [...], "region": [...]}``: each chosen option needs its name."""
    out: dict[str, Any] = {}
    for group, entries in v.items():
        if group not in STORAGE_GROUPS:
            raise ValidationError(f"存储位置分组无效：{group}")
        options, label = STORAGE_GROUPS[group]
        names = dict(options)
        seen: list[list[str]] = []
        for entry in entries or []:
            code = str(entry[0]).strip() if entry else ""
            name = str(entry[1]).strip() if len(entry) > 1 and entry[1] is not None else ""
            if code not in names:
                raise ValidationError(f"{label}选项无效：{code}")
            if not name:
                raise ValidationError(f"勾选{label}“{names[code]}”时请填写名称")
            if any(s[0] == code for s in seen):
                raise ValidationError(f"{label}“{names[code]}”重复")
            seen.append([code, name])
        if seen:
            out[group] = seen
    return out


# --------------------------------------------------------------------------------------------------
# Across the fields of one record: the values as they would be saved → field key → message
# --------------------------------------------------------------------------------------------------


def filing(v: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if v.get("accepted_on") and v.get("submitted_on") and v["accepted_on"] < v["submitted_on"]:
        errors["accepted_on"] = "受理日期不能早于提交日期"
    if v.get("status") == FilingStatus.ACCEPTED.value:
        if not v.get("accepted_on"):
            errors["accepted_on"] = "已受理备案时请填写受理日期"
        if not v.get("certificate_no"):
            errors["certificate_no"] = "已受理备案时请填写备案证明编号"
    return errors


def assessment(v: Mapping[str, Any]) -> dict[str, str]:
    if v.get("status") == AssessmentStatus.REPORTED.value and not v.get("report_date"):
        return {"report_date": "已出报告时请填写报告日期"}
    return {}


def drill(v: Mapping[str, Any]) -> dict[str, str]:
    if v.get("status") == DrillStatus.DONE.value and not v.get("held_on"):
        return {"held_on": "已完成的演练请填写实施日期"}
    return {}


def finding(v: Mapping[str, Any]) -> dict[str, str]:
    if v.get("deadline") and v.get("found_on") and v["deadline"] < v["found_on"]:
        return {"deadline": "整改期限不能早于发现日期"}
    return {}


def data_category(v: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    sources = v.get("sources") or []
    other = (v.get("sources_other") or "").strip()
    if "9" in sources and not other:
        errors["sources_other"] = "数据来源勾选了“其他”，请写明来源"
    elif other and "9" not in sources:
        errors["sources_other"] = "填写了其他来源时，请同时勾选“其他”"
    if v.get("total_gb") is not None and v.get("total_tb") is not None:
        errors["total_tb"] = "数据总量按 GB 或 TB 填写其中之一，不要同时填写"
    return errors
