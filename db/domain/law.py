"""Legal citations chosen by the date of the document that prints them, and 表六's data levels.

The 网络安全法 was amended on 2025-10-28 (in force 2026-01-01) and its articles renumbered: the
等级保护 duty moved from Art. 21 to Art. 23, the emergency-plan duty from Art. 25 to Art. 27, the
penalties from Art. 59 to Art. 61 with new fines. Each text is a ``law`` rule set in
``resources/rules``; :func:`citation` picks the one in force on the document's date, so a report dated
2025-12-31 cites 第二十一条 and one dated 2026-01-02 cites 第二十三条.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.domain.rules import RuleSet, rule_sets

CYBERSECURITY_LAW = "中华人民共和国网络安全法"
#: the article keys of the rule data: 等级保护, 应急预案与事件报告, penalties
ARTICLE_KEYS = ("mlps", "emergency_plan", "penalty")


@dataclass(frozen=True)
class Citation:
    """One article of one law as in force on a date."""

    law: str
    short: str
    article: str  # "第二十三条"
    number: int
    topic: str
    rule_set: str

    @property
    def text(self) -> str:
        """``《中华人民共和国网络安全法》第二十三条``."""
        return f"《{self.law}》{self.article}"


def law_text(on: date, law: str = CYBERSECURITY_LAW) -> RuleSet:
    """The rule set of ``law`` in force on ``on`` (before the first one: the first one)."""
    texts = [r for r in rule_sets("law") if r.data.get("law") == law]
    if not texts:
        raise KeyError(f"no law rule set for {law!r}")
    current = texts[0]
    for candidate in texts:
        if candidate.effective_from <= on:
            current = candidate
    return current


def citation(article_key: str, on: date, law: str = CYBERSECURITY_LAW) -> Citation:
    """The article ``article_key`` (``mlps``, ``emergency_plan``, ``penalty``) in force on ``on``."""
    rs = law_text(on, law)
    art = rs.data["articles"].get(article_key)
    if art is None:
        raise KeyError(f"{rs.id} has no article {article_key!r}")
    return Citation(rs.data["law"], rs.data.get("short", rs.data["law"]), art["cn"], art["number"],
                    art.get("topic", ""), rs.id)


def penalty_text(on: date, law: str = CYBERSECURITY_LAW) -> str:
    """The penalty article's citation and its fines as in force on ``on`` (one Chinese sentence)."""
    rs = law_text(on, law)
    cite = citation("penalty", on, law)
    return f"依据{cite.text}，{rs.data['penalty']['text']}。"


def mlps_basis(on: date) -> str:
    """The sentence a report prints as the legal basis of 等级保护 on ``on``."""
    cite = citation("mlps", on)
    return f"{cite.text}规定，国家实行网络安全等级保护制度"


# --------------------------------------------------------------------------------------------------
# 表六: data levels (GB/T 43697-2024)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataLevel:
    code: str
    label: str
    form_code: str  # the 表六 box: "1" 一般数据, "2" 重要及以上数据
    note: str = ""


def data_levels(on: date | None = None) -> tuple[DataLevel, ...]:
    """核心数据 / 重要数据 / 一般数据 in the standard's order (the set in force on ``on``, default the newest)."""
    sets = rule_sets("data_levels")
    current = sets[-1]
    if on is not None:
        current = sets[0]
        for candidate in sets:
            if candidate.effective_from <= on:
                current = candidate
    levels = sorted(current.data["levels"], key=lambda lv: lv.get("order", 0))
    return tuple(DataLevel(lv["code"], lv["label"], lv["form_code"], lv.get("note", "")) for lv in levels)


def data_level_form_code(level: str) -> str:
    """The 表六 box for a GB/T 43697 level given by code or label (``"重要数据"`` → ``"2"``)."""
    wanted = level.strip()
    for lv in data_levels():
        if wanted in (lv.code, lv.label, lv.label.removesuffix("数据")):
            return lv.form_code
    raise ValueError(f"未知的数据级别：{level}（应为核心数据、重要数据或一般数据）")
