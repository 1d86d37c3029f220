"""Holiday calendars kept in the ledger, and installing them for :mod:`db.domain.workdays`."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain import holidays
from db.domain.holidays import CalendarError, HolidayCalendar
from db.domain.workdays import has_calendar_data
from db.models import HolidayCalendar as CalendarRow


def _dates(text: str) -> frozenset[date]:
    return frozenset(date.fromisoformat(t) for t in text.split(",") if t.strip())


def _join(ds: frozenset[date]) -> str:
    return ",".join(d.isoformat() for d in sorted(ds))


def stored(session: Session) -> list[HolidayCalendar]:
    """The calendars in the ledger, checked again (a row that no longer passes is left out)."""
    out = []
    for row in session.scalars(sa.select(CalendarRow).order_by(CalendarRow.year)):
        try:
            cal = holidays.check_calendar(
                {
                    "kind": "holidays",
                    "year": row.year,
                    "source": row.source,
                    "published": row.published,
                    "holidays": sorted(_dates(row.holidays)),
                    "workdays": sorted(_dates(row.workdays)),
                }
            )
        except (CalendarError, ValueError):
            continue
        out.append(cal)
    return out


def install_from(session: Session) -> tuple[int, ...]:
    """Install the ledger's calendars for the working-day functions; return their years."""
    cals = stored(session)
    holidays.install(cals)
    return tuple(c.year for c in cals)


def save(session: Session, cal: HolidayCalendar) -> bool:
    """Store ``cal`` (replacing the year's earlier one); return True when it replaced one.

    A year ``chinese_calendar`` already knows is refused: the bundled data is the State Council's.
    """
    if has_calendar_data(cal.year):
        raise CalendarError(f"{cal.year}年的节假日安排已内置于程序（chinese-calendar），无需导入")
    row = session.scalar(sa.select(CalendarRow).where(CalendarRow.year == cal.year))
    replaced = row is not None
    if row is None:
        row = CalendarRow(year=cal.year)
        session.add(row)
    row.source = cal.source
    row.published = cal.published
    row.holidays = _join(cal.holidays)
    row.workdays = _join(cal.workdays)
    session.flush()
    return replaced


def delete(session: Session, year: int) -> bool:
    row = session.scalar(sa.select(CalendarRow).where(CalendarRow.year == year))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
