"""Many rows of one table inserted in one statement run, fast (imports, the province generator, the
audit chain's own events).

Each row gives some columns; the others take the writer's ``common`` values (a column's default, the
import's timestamp, the event's actor …). On SQLite the rows go through one prepared ``INSERT`` of
every column, each given value through its column's own bind processing and each common value
processed once: SQLAlchemy's per-row parameter handling (the same conversions, for every column of
every row) took a third of a large import. Elsewhere the complete rows go through ``sa.insert``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa


class RowsWriter:
    """INSERT rows of ``table`` in which the columns a row leaves out take ``common`` (else NULL)."""

    def __init__(self, conn: sa.Connection, table: sa.Table, common: Mapping[str, Any]) -> None:
        self.conn = conn
        self.table = table
        self.common = {column.name: common.get(column.name) for column in table.columns}
        #: common values that are lists or dicts: copied per row, never shared between rows
        self._mutable = [name for name, value in self.common.items() if isinstance(value, list | dict)]
        dialect = conn.dialect
        self._prepared = dialect.paramstyle == "qmark"
        if not self._prepared:
            return
        quote = dialect.identifier_preparer.quote
        names = [column.name for column in table.columns]
        self._sql = (
            f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(quote(name) for name in names)}) VALUES ({', '.join('?' * len(names))})"
        )
        self._index = {name: i for i, name in enumerate(names)}
        self._process: dict[str, Callable[[Any], Any] | None] = {}
        template: list[Any] = []
        for column in table.columns:
            process = column.type.dialect_impl(dialect).bind_processor(dialect)
            self._process[column.name] = process
            value = self.common[column.name]
            template.append(process(value) if process is not None else value)
        self._template = template

    def insert(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        if not self._prepared:
            complete = []
            for row in rows:
                values = {**self.common, **row}
                for name in self._mutable:
                    if name not in row:
                        value = values[name]
                        values[name] = list(value) if isinstance(value, list) else dict(value)
                complete.append(values)
            self.conn.execute(sa.insert(self.table), complete)
            return
        index, process, template = self._index, self._process, self._template
        params = []
        for row in rows:
            bound = template.copy()
            for name, value in row.items():
                convert = process[name]
                bound[index[name]] = value if convert is None else convert(value)
            params.append(tuple(bound))
        self.conn.exec_driver_sql(self._sql, params)
