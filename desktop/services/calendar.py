"""Holiday calendars for the years ``chinese_calendar`` does not know: import from a TOML file
(``dengbao-cli calendar import FILE``), enter in 设置, list and remove; each change is stored in the
ledger and the dates that depended on Monday–Friday estimates are recomputed at once.

File format: :mod:`db.domain.holidays`. A file that is not a calendar is refused in one Chinese
sentence and the ledger is left unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain import deadlines, holidays, workdays
from db.domain.findings import OPEN_STATUSES
from db.domain.holidays import CalendarError, HolidayCalendar
from db.models import Finding
from db.repo import deadlines as deadline_cache
from db.repo import holiday_calendars as repo

__all__ = ["CalendarError", "CalendarStatus", "HolidayCalendar", "ImportResult", "activate", "delete",
           "import_file", "parse_text", "save", "status", "to_toml"]

to_toml = holidays.to_toml


@dataclass(frozen=True)
class ImportResult:
    year: int
    replaced: bool
    holidays: int
    workdays: int
    findings_recomputed: int


@dataclass(frozen=True)
class CalendarStatus:
    year: int
    #: "builtin" (chinese_calendar), "ledger" (entered or imported), "missing" (Monday–Friday estimate)
    origin: str
    source: str = ""
    published: date | None = None


def read_file(path: str | Path) -> HolidayCalendar:
    """Parse a calendar file; anything that is not a small regular TOML file is refused."""
    p = Path(path)
    try:
        info = p.stat()
    except OSError:
        raise CalendarError(f"找不到文件：{p}") from None
    if not p.is_file():
        raise CalendarError(f"不是普通文件：{p}")
    if info.st_size > holidays.MAX_BYTES:
        raise CalendarError(f"文件过大（超过{holidays.MAX_BYTES // 1024}KB），不是节假日安排文件：{p.name}")
    with p.open("rb") as fh:
        data = fh.read(holidays.MAX_BYTES + 1)
    return holidays.parse_calendar(data)


def parse_text(text: str) -> HolidayCalendar:
    return holidays.parse_calendar(text.encode("utf-8"))


def _recompute_findings(session: Session, year: int) -> int:
    """Open findings whose rule-computed working-day deadline may fall in ``year``: computed again."""
    stmt = sa.select(Finding).where(
        Finding.status.in_(OPEN_STATUSES),
        Finding.major_hazard.is_(True),
        Finding.deadline_rule.is_not(None),
        Finding.found_on.is_not(None),
        Finding.found_on >= date(year - 1, 1, 1),
        Finding.found_on <= date(year, 12, 31),
    )
    changed = 0
    for f in session.scalars(stmt):
        assert f.found_on is not None
        computed = deadlines.finding_deadline(getattr(f.risk, "value", f.risk) or "medium", f.found_on, True)
        if computed.due != f.deadline or (f.deadline_note == "按周一至周五估算") != computed.approximate:
            f.deadline = computed.due
            f.deadline_rule = computed.rule_set
            if f.deadline_note in (None, "按周一至周五估算"):
                f.deadline_note = "按周一至周五估算" if computed.approximate else None
            changed += 1
    return changed


def save(ledger: Any, cal: HolidayCalendar, *, today: date | None = None) -> ImportResult:
    """Store ``cal`` in the ledger and recompute what depended on the estimate, in one transaction."""
    with ledger.session() as session:
        replaced = repo.save(session, cal)
        repo.install_from(session)
        n = _recompute_findings(session, cal.year)
        deadline_cache.refresh(session, today or date.today())
    return ImportResult(cal.year, replaced, len(cal.holidays), len(cal.workdays), n)


def import_file(ledger: Any, path: str | Path, *, today: date | None = None) -> ImportResult:
    return save(ledger, read_file(path), today=today)


def delete(ledger: Any, year: int, *, today: date | None = None) -> bool:
    with ledger.session() as session:
        found = repo.delete(session, year)
        if found:
            repo.install_from(session)
            _recompute_findings(session, year)
            deadline_cache.refresh(session, today or date.today())
        return found


def activate(ledger: Any) -> tuple[int, ...]:
    """Install the ledger's calendars in this process (for dates computed outside a refresh)."""
    with ledger.session(write=False) as session:
        return repo.install_from(session)


def stored(ledger: Any) -> list[HolidayCalendar]:
    with ledger.session(write=False) as session:
        return repo.stored(session)


def status(ledger: Any, today: date | None = None) -> list[CalendarStatus]:
    """This year and the next two: where their working days come from."""
    day = today or date.today()
    entered = {c.year: c for c in stored(ledger)}
    out = []
    for year in range(day.year, day.year + 3):
        if workdays.has_calendar_data(year):
            out.append(CalendarStatus(year, "builtin", "chinese-calendar"))
        elif year in entered:
            out.append(CalendarStatus(year, "ledger", entered[year].source, entered[year].published))
        else:
            out.append(CalendarStatus(year, "missing"))
    return out


