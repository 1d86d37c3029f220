"""Editable State Council holiday calendars for the years ``chinese_calendar`` does not know.

The package ``chinese_calendar`` ships the holidays and make-up working days (调休) of the years it
was released with (to 2026 here). The State Council publishes next year's schedule around November;
an officer enters it in 设置 or imports it with ``dengbao-cli calendar import FILE``, and it is kept in
the ledger. This module parses and checks such a calendar (TOML, format below), and holds the
calendars of the open ledger for :mod:`db.domain.workdays` (:func:`install`).

File format (one year per file; dates are TOML dates)::

    kind = "holidays"
    year = 2027
    source = "国务院办公厅关于2027年部分节假日安排的通知"
    published = 2026-11-10
    holidays = [2027-01-01, 2027-02-06, …]   # days off that would otherwise be working days, and the rest
    workdays = [2027-02-14, …]               # make-up working days on a weekend

Refusals are one Chinese sentence (:class:`CalendarError`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

#: files larger than this are not calendars
MAX_BYTES = 64 * 1024
#: a year has about 30 days off that are not weekends; far more is not a calendar
MAX_HOLIDAYS = 80
MAX_WORKDAYS = 20
MIN_YEAR, MAX_YEAR = 2000, 2100
#: from this month on, the dashboard says when next year's calendar is missing (the schedule is
#: usually published in November; before that its absence is normal)
REMIND_FROM_MONTH = 11
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_KEYS = {"kind", "year", "source", "published", "holidays", "workdays"}


class CalendarError(ValueError):
    """A holiday calendar that cannot be used; the message is one Chinese sentence."""


@dataclass(frozen=True)
class HolidayCalendar:
    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str
    published: date

    def is_workday(self, d: date) -> bool:
        if d in self.workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5


def _dates(raw: Any, what: str, year: int) -> frozenset[date]:
    if not isinstance(raw, list):
        raise CalendarError(f"节假日文件中的 {what} 应为日期列表")
    out = set()
    for value in raw:
        if type(value) is not date:
            raise CalendarError(f"节假日文件中的 {what} 只能包含日期（如 {year}-01-01）：{str(value)[:40]}")
        if value.year != year:
            raise CalendarError(f"节假日文件中的日期 {value.isoformat()} 不在 {year} 年内")
        out.add(value)
    return frozenset(out)


def check_calendar(raw: Mapping[str, Any]) -> HolidayCalendar:
    """Check a parsed calendar (TOML table or the same values from the ledger)."""
    if raw.get("kind") != "holidays":
        raise CalendarError('不是节假日安排文件：应写明 kind = "holidays"')
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise CalendarError(f"节假日文件中有无法识别的项：{unknown[0][:40]}")
    year = raw.get("year")
    if type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError(f"节假日文件的 year 应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip() or len(source) > 300 or _CONTROL.search(source):
        raise CalendarError("节假日文件须写明来源 source（发文名称，300字以内，不含控制字符）")
    published = raw.get("published")
    if type(published) is not date:
        raise CalendarError("节假日文件须写明发布日期 published（如 2026-11-10）")
    if not year - 2 <= published.year <= year:
        raise CalendarError(f"发布日期 {published.isoformat()} 与 {year} 年的节假日安排不相符")
    holidays = _dates(raw.get("holidays", []), "holidays", year)
    workdays = _dates(raw.get("workdays", []), "workdays", year)
    if not holidays:
        raise CalendarError("节假日文件中没有任何节假日（holidays）")
    if len(holidays) > MAX_HOLIDAYS or len(workdays) > MAX_WORKDAYS:
        raise CalendarError(f"节假日文件的日期过多：节假日至多{MAX_HOLIDAYS}天，调休上班日至多{MAX_WORKDAYS}天")
    both = sorted(holidays & workdays)
    if both:
        raise CalendarError(f"{both[0].isoformat()} 同时列为节假日和调休上班日")
    weekday = sorted(d for d in workdays if d.weekday() < 5)
    if weekday:
        raise CalendarError(f"调休上班日 {weekday[0].isoformat()} 不是周末，无需列出")
    return HolidayCalendar(year, holidays, workdays, source.strip(), published)


def parse_calendar(data: bytes) -> HolidayCalendar:
    """Parse a TOML calendar file's bytes; :class:`CalendarError` for anything else."""
    if len(data) > MAX_BYTES:
        raise CalendarError(f"文件过大（超过{MAX_BYTES // 1024}KB），不是节假日安排文件")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CalendarError("文件不是UTF-8编码的文本，不是节假日安排文件（应为 .toml）") from None
    if "\x00" in text:
        raise CalendarError("文件含有二进制内容，不是节假日安排文件（应为 .toml）")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+)", str(exc))
        at = f"，第{where.group(1)}行有误" if where else ""
        raise CalendarError(f"节假日文件不是有效的TOML格式{at}（应为 .toml 节假日安排文件）") from None
    return check_calendar(raw)


def to_toml(cal: HolidayCalendar) -> str:
    """The calendar as a file :func:`parse_calendar` reads back."""

    def dates(ds: Iterable[date]) -> str:
        return "[" + ", ".join(d.isoformat() for d in sorted(ds)) + "]"

    source = cal.source.replace("\\", "\\\\").replace('"', '\\"')
    return (
        'kind = "holidays"\n'
        f"year = {cal.year}\n"
        f'source = "{source}"\n'
        f"published = {cal.published.isoformat()}\n"
        f"holidays = {dates(cal.holidays)}\n"
        f"workdays = {dates(cal.workdays)}\n"
    )


# --------------------------------------------------------------------------------------------------
# The calendars of the open ledger
# --------------------------------------------------------------------------------------------------

_installed: dict[int, HolidayCalendar] = {}


def install(calendars: Iterable[HolidayCalendar]) -> None:
    """Make these the calendars the working-day functions use (replacing any installed before)."""
    _installed.clear()
    for cal in calendars:
        _installed[cal.year] = cal


def installed(year: int) -> HolidayCalendar | None:
    return _installed.get(year)


def installed_years() -> tuple[int, ...]:
    return tuple(sorted(_installed))
