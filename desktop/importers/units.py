"""The units (单位) of an imported table: one per unit, whatever the number of its rows.

A unit listed on several rows (one per website) must say the same thing on each: the same
统一社会信用代码, 主管部门 and website contact; a 统一社会信用代码 belongs to one unit only. Each
contradiction is an error naming both rows, instead of the last row silently winning (or the
ledger refusing the write after a clean dry run). No ledger here: the caller says how a unit is
keyed (by the ledger's name for a known code, else by its own normalised name).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.importers.plan import ImportIssue
from desktop.importers.website_tables import SiteRecord


def norm_name(name: str | None) -> str:
    return _norm_name(name or "")


@functools.lru_cache(maxsize=65_536)
def _norm_name(name: str) -> str:
    """NFKC, runs of whitespace as one space (each distinct name once: it repeats on every row)."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


@dataclass(slots=True)
class FileUnit:
    """A unit as the file describes it; ``org`` is its ledger record once matched."""

    name: str
    uscc: str = ""
    supervisor: str = ""
    row: int = 0
    org: Any = None
    contact: tuple[str, str] | None = None
    #: the rows that gave the 统一社会信用代码, 主管部门 and contact first
    uscc_row: int = 0
    supervisor_row: int = 0
    contact_row: int = 0


def collect_units(
    records: Iterable[SiteRecord], unit_key: Callable[[str, str], str], letters: Mapping[str, str]
) -> tuple[dict[str, FileUnit], list[ImportIssue]]:
    """The units of ``records`` by key, 主管部门 named only as such included; and the contradictions."""
    units: dict[str, FileUnit] = {}
    issues: list[ImportIssue] = []
    owners: dict[str, tuple[str, int]] = {}  # 统一社会信用代码 → (unit name, first row)

    def error(rec: SiteRecord, message: str, key: str) -> None:
        issues.append(ImportIssue(rec.sheet, rec.row, letters.get(key, ""), message))

    for rec in records:
        key = unit_key(rec.unit, rec.uscc)
        unit = units.setdefault(key, FileUnit(name=norm_name(rec.unit), row=rec.row))
        if rec.uscc:
            owner = owners.setdefault(rec.uscc, (norm_name(rec.unit), rec.row))
            if owner[0] != norm_name(rec.unit):
                error(
                    rec,
                    f"统一社会信用代码 {rec.uscc} 同时填写在第{owner[1]}行“{owner[0]}”和第{rec.row}行"
                    f"“{norm_name(rec.unit)}”：一个代码只能属于一个单位",
                    "uscc",
                )
            elif unit.uscc and unit.uscc != rec.uscc:
                error(
                    rec,
                    f"单位“{unit.name}”的统一社会信用代码前后不一致：第{unit.uscc_row}行为{unit.uscc}，"
                    f"第{rec.row}行为{rec.uscc}",
                    "uscc",
                )
            if not unit.uscc:
                unit.uscc, unit.uscc_row = rec.uscc, rec.row
        sup = norm_name(rec.supervisor)
        if sup and sup != key:
            if unit.supervisor and unit.supervisor != sup:
                error(
                    rec,
                    f"单位“{unit.name}”的主管部门前后不一致：第{unit.supervisor_row}行为“{unit.supervisor}”，"
                    f"第{rec.row}行为“{sup}”",
                    "supervisor",
                )
            elif not unit.supervisor:
                unit.supervisor, unit.supervisor_row = sup, rec.row
        if rec.contact or rec.phone:
            problem = _merge_contact(unit, rec)
            if problem:
                error(
                    rec,
                    problem,
                    "contact" if rec.contact and rec.contact != (unit.contact or ("",))[0] else "phone",
                )
    # 主管部门 named only as a supervisor are units too (created without data rows)
    for unit in list(units.values()):
        if unit.supervisor and unit.supervisor not in units:
            units[unit.supervisor] = FileUnit(name=unit.supervisor, row=unit.row)
    return units, issues


def _merge_contact(unit: FileUnit, rec: SiteRecord) -> str:
    """Take the row's website contact into the unit's; a contradiction's message, else ""."""
    if unit.contact is None:
        unit.contact, unit.contact_row = (rec.contact, rec.phone), rec.row
        return ""
    name, phone = unit.contact
    if (rec.contact and name and rec.contact != name) or (rec.phone and phone and rec.phone != phone):
        before = " ".join(x for x in (name, phone) if x)
        now = " ".join(x for x in (rec.contact, rec.phone) if x)
        return (
            f"单位“{unit.name}”的联系人前后不一致：第{unit.contact_row}行为“{before}”，第{rec.row}行为“{now}”"
        )
    unit.contact = (name or rec.contact, phone or rec.phone)
    return ""
