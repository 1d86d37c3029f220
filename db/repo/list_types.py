"""The shape of a paged list: its columns and filters (:class:`ListSpec`), what the user asked for
(:class:`ListQuery`) and one display row (:class:`Row`). The lists themselves are declared in
:mod:`db.repo.list_specs`; :mod:`db.repo.lists` runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeAlias

import sqlalchemy as sa

#: a select of any columns (the list queries add joins, filters and columns to it)
AnySelect: TypeAlias = sa.Select[*tuple[Any, ...]]

#: days ahead that count as "due soon" in list colouring
SOON_DAYS = 30
#: SQLite's limit on bound parameters is generous, but pages are small anyway
MAX_FETCH = 500


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` is text, int, float, date, datetime, level, bool or enum."""

    key: str
    expr: Any
    kind: str = "text"
    enum: type[StrEnum] | None = None
    search: bool = False


@dataclass(frozen=True)
class ListSpec:
    name: str
    #: table name of the record a row opens (an editor or a page)
    entity: str
    id_col: Any
    columns: tuple[Column, ...]
    #: adds joins to a select whose FROM is the list's table
    join: Callable[[AnySelect], AnySelect]
    default_sort: str
    default_desc: bool = False
    org_col: Any = None
    level_col: Any = None
    status_col: Any = None
    status_enum: type[StrEnum] | None = None
    risk_col: Any = None
    object_col: Any = None
    #: SQL expression for "overdue" given today (None: no overdue filter)
    overdue: Callable[[date], Any] | None = None
    #: SQL expression giving 'overdue' / 'soon' / 'done' / NULL, for row colouring
    state: Callable[[date], Any] | None = None
    extra_search: tuple[Callable[[str], Any], ...] = field(default_factory=tuple)
    #: the list table's foreign key to protected_objects: unit/level filters and searches on the
    #: object's or unit's name become ``IN (subquery)`` so that the id query needs no join
    object_fk: Any = None
    #: a covering index in the default sort order holds the searched columns (findings): a search then
    #: walks that index in order and stops early for a first page, instead of scanning and sorting
    covering_search: bool = False
    #: the column that takes the width left over at the window's width (titles and names)
    stretch: str | None = None

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def stretch_key(self) -> str:
        if self.stretch:
            return self.stretch
        return next((c.key for c in self.columns if c.key in ("title", "name", "text", "object")), self.columns[0].key)


@dataclass(frozen=True)
class ListQuery:
    """What the user asked for: search text, filters, sort."""

    search: str = ""
    organization_id: int | None = None
    level: int | None = None
    status: str | None = None
    risk: str | None = None
    overdue_only: bool = False
    object_id: int | None = None
    sort: str | None = None
    descending: bool = False
    today: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Row:
    """One list row: display values in column order, the object it belongs to, its colour state."""

    id: int
    values: tuple[Any, ...]
    object_id: int | None = None
    state: str | None = None
