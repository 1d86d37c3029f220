"""Table models: a lazy id-list model for the big lists and a small rows model for sub-tables.

:class:`LazyListModel` holds only the ids of matching rows (filtered and sorted in SQL by the worker)
and fetches pages of display rows as the view asks for them, keeping a small LRU cache. Until a page
arrives the cells show "…"; when it arrives ``dataChanged`` repaints them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from desktop.services import views
from desktop.ui import theme
from desktop.ui.columns import title
from desktop.ui.worker import Database

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
CACHE_ROWS = 3000
LOADING = "…"

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_USER = int(Qt.ItemDataRole.UserRole)
#: the roles a list answers; the others (decoration, background, check state, …) are always empty
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT, _ALIGN, _USER})
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: the longest the full id query waits for a view to paint the first page (a hidden or minimised view)
PAINT_WAIT_S = 0.25
#: quiet milliseconds after a change before a list read ahead (and not yet shown) reads its first page again
REREAD_MS = 1000


def _after_paint(ledger: Any, painted: threading.Event, fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(ledger, *args)`` once the first page has been painted (worker side).

    The worker sleeps, not holding the interpreter lock, while the window paints the first rows:
    a 200,000-id query running at the same time makes that paint wait for the lock at every cell
    and take two to four times as long. The call stays queued (``Database.pending``) meanwhile.
    """
    painted.wait(PAINT_WAIT_S)
    return fn(ledger, *args)


def display(value: Any, kind: str = "text") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✔" if value else ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


class LazyListModel(QAbstractTableModel):
    """Rows of one list (:func:`desktop.services.views.list_spec`); ids loaded by query, rows fetched by page."""

    #: every id is loaded (the number of rows)
    ids_loaded = Signal(int)
    #: the first page of rows is in the model and can be painted
    first_rows_ready = Signal()
    rows_arrived = Signal()

    def __init__(self, db: Database, list_name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.spec = views.list_spec(list_name)
        self.query = views.ListQuery()
        columns = self.spec.columns
        self._ncols = len(columns)
        self._due = [c.key in _DUE_KEYS for c in columns]
        self._numeric = [c.kind in ("int", "float") for c in columns]
        keys = [c.key for c in columns]
        self._status_col = keys.index("status") if "status" in keys else -1
        self._bold_font: QFont | None = None
        self._ids: list[int] = []
        self._cache: OrderedDict[int, views.Row] = OrderedDict()
        self._inflight: set[int] = set()
        self._wanted: set[int] = set()
        self._generation = 0
        self.loading = False
        #: False while only the first page of ids is known (the rest is loading)
        self.complete = True
        #: the model queries only once its page has been shown (set by the first reload)
        self.active = False
        self.last_timing: dict[str, float] = {}
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._fetch_wanted)
        self._t0 = 0.0
        #: set by the page that shows this model: whether its view is on screen (and will paint the
        #: first rows soon); the full id query then waits for that paint
        self.view_visible: Callable[[], bool] | None = None
        self._painted: threading.Event | None = None
        #: a first page read ahead of the first show (see :meth:`preload`), and the ledger's changes
        #: counted since, so that an answer overtaken by a change is never kept
        self._preloaded: tuple[views.ListQuery, tuple[list[int], dict[int, views.Row]]] | None = None
        self._preload_query: views.ListQuery | None = None
        self._changes = 0
        #: after a change, the dropped first page is read again once the ledger has been quiet a while
        self._reread_timer = QTimer(self)
        self._reread_timer.setSingleShot(True)
        self._reread_timer.setInterval(REREAD_MS)
        self._reread_timer.timeout.connect(self._reread)
        db.ledger_changed.connect(self._ledger_changed)

    # ---- loading -------------------------------------------------------------------------------

    def set_query(self, query: views.ListQuery) -> None:
        self.query = query
        self.reload()

    def update_query(self, **changes: Any) -> None:
        self.set_query(replace(self.query, **changes))

    def preload(self, query: views.ListQuery) -> None:
        """Read the first page of ``query`` while the list is not yet shown, and keep it.

        The first :meth:`reload` under the same query (and day) then shows these rows at once,
        without waiting for the worker; any change to the ledger in between drops them (the
        reload queries as usual) and, once the ledger has been quiet for :data:`REREAD_MS`, they
        are read again. The model stays inactive.
        """
        self._preload_query = query
        query = replace(query, today=date.today())
        changes = self._changes

        def keep(result: tuple[list[int], dict[int, views.Row]]) -> None:
            if changes == self._changes and not self.active:
                self._preloaded = (query, result)

        self.db.call(views.list_first_page, self.spec.name, query, PAGE, on_done=keep, owner=self)

    def _ledger_changed(self) -> None:
        self._changes += 1
        self._preloaded = None
        if self._preload_query is not None and not self.active:
            self._reread_timer.start()  # restarted by each change of a burst (an import's many)

    def _reread(self) -> None:
        if self._preload_query is not None and not self.active:
            self.preload(self._preload_query)

    def reload(self) -> None:
        """Query again: first the first page (a short indexed query), then every id.

        The first page is shown as soon as it arrives; the full id list follows in a second worker
        call and is appended below it (rows inserted, nothing reset), so the first rows of 200,000
        findings appear in a few milliseconds of database time whatever the sort or filter.
        """
        self.active = True
        self._reread_timer.stop()
        self.rows_painted()  # an older query's id list need not wait any longer
        self._generation += 1
        gen = self._generation
        self.loading = True
        self.complete = False
        self._t0 = time.perf_counter()
        query = replace(self.query, today=date.today())
        name = self.spec.name
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None and preloaded[0] == query:
            self._first_loaded(gen, query, preloaded[1])
            return

        self.db.call(
            views.list_first_page, name, query, PAGE,
            on_done=lambda res: self._first_loaded(gen, query, res), owner=self,
        )

    def _first_loaded(
        self, gen: int, query: views.ListQuery, result: tuple[list[int], dict[int, views.Row]]
    ) -> None:
        if gen != self._generation:
            return
        ids, first = result
        if len(ids) < PAGE:
            # that is the whole list
            self._ids_loaded(gen, (ids, first))
            return
        if ids != self._ids[: len(ids)] or len(self._ids) < len(ids):
            self.beginResetModel()
            self._ids = list(ids)
            self._cache.clear()
            self._store(first)
            self.endResetModel()
        else:
            self._store(first)
            self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, self.columnCount() - 1))
        self.last_timing["first_rows_ms"] = (time.perf_counter() - self._t0) * 1000
        self.first_rows_ready.emit()
        painted = threading.Event()
        if self.view_visible is not None and self.view_visible():
            self._painted = painted
        else:
            painted.set()
        self.db.call(
            _after_paint, painted, views.list_ids, self.spec.name, query,
            on_done=lambda res: self._all_ids(gen, res), owner=self,
        )

    def rows_painted(self) -> None:
        """A view has painted this model's rows: the full id query may run now."""
        painted, self._painted = self._painted, None
        if painted is not None:
            painted.set()

    def _all_ids(self, gen: int, ids: list[int]) -> None:
        if gen != self._generation:
            return
        shown = len(self._ids)
        if shown <= len(ids) and ids[:shown] == self._ids:
            # the first page is unchanged: append the rest below it
            self.loading = False
            self.complete = True
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
            self.last_timing["ids_and_first_rows_ms"] = (time.perf_counter() - self._t0) * 1000
            self.ids_loaded.emit(len(ids))
            return
        self._ids_loaded(gen, (ids, {}), reset=True)

    def _ids_loaded(self, gen: int, result: tuple[list[int], dict[int, views.Row]], *, reset: bool = False) -> None:
        if gen != self._generation:
            return
        ids, first = result
        self.loading = False
        self.complete = True
        self._inflight.clear()
        self._wanted.clear()
        if ids == self._ids and not reset:
            self._cache.clear()
            self._store(first)
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, self.columnCount() - 1))
        else:
            self.beginResetModel()
            self._ids = ids
            self._cache.clear()
            self._store(first)
            self.endResetModel()
        self.last_timing["ids_and_first_rows_ms"] = (time.perf_counter() - self._t0) * 1000
        self.first_rows_ready.emit()
        self.ids_loaded.emit(len(ids))

    def _store(self, rows: dict[int, views.Row]) -> None:
        for rid, row in rows.items():
            self._cache[rid] = row
            self._cache.move_to_end(rid)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    def _want(self, row: int) -> None:
        page = row // PAGE
        if page in self._inflight or page in self._wanted:
            return
        self._wanted.add(page)
        self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        pages = sorted(self._wanted)
        self._wanted.clear()
        gen = self._generation
        for page in pages:
            ids = self._ids[page * PAGE : (page + 1) * PAGE]
            if not ids:
                continue
            self._inflight.add(page)

            self.db.call(
                views.list_rows, self.spec.name, ids, date.today(),
                on_done=partial(self._page_arrived, gen, page), owner=self,
            )

    def _page_arrived(self, gen: int, page: int, rows: dict[int, views.Row]) -> None:
        self._inflight.discard(page)
        if gen != self._generation:
            return
        self._store(rows)
        first = page * PAGE
        last = min(len(self._ids), first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.rows_arrived.emit()

    # ---- access --------------------------------------------------------------------------------

    def id_at(self, row: int) -> int:
        return self._ids[row]

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def row_at(self, row: int) -> views.Row | None:
        if not 0 <= row < len(self._ids):
            return None
        found = self._cache.get(self._ids[row])
        if found is None:
            self._want(row)
        return found

    def column_key(self, column: int) -> str:
        return self.spec.columns[column].key

    def row_of_id(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    # ---- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.spec.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return title(self.spec.columns[section].key)
            if role == Qt.ItemDataRole.UserRole:
                return self.spec.columns[section].key
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # called seven times per visible cell on every paint: plain ints and lists, no Qt calls
        # beyond the index's row and column, and the roles no list uses answered first
        if role not in _ROLES:
            return None
        r = index.row()
        c = index.column()
        ids = self._ids
        if not (0 <= r < len(ids) and 0 <= c < self._ncols):
            return None
        row = self._cache.get(ids[r])
        if row is None:
            self._want(r)
        if role == _USER:
            return ids[r]
        if row is None:
            return LOADING if role == _DISPLAY else None
        if role == _DISPLAY:
            return display(row.values[c])
        state = row.state
        if role == _FOREGROUND:
            if state == "overdue" or (state == "soon" and self._due[c]):
                return theme.STATE_COLORS[state]
            if state == "done" and c == self._status_col:
                return theme.DONE
            return None
        if role == _FONT:
            return self._bold() if state == "overdue" and self._due[c] else None
        if role == _ALIGN:
            return _RIGHT if self._numeric[c] else None
        # tooltip
        if state == "overdue":
            return self.tr("已逾期")
        if state == "soon":
            return self.tr("即将到期")
        value = row.values[c]
        return display(value) if isinstance(value, str) and len(value) > 20 else None

    def _bold(self) -> QFont:
        if self._bold_font is None:
            self._bold_font = QFont()
            self._bold_font.setBold(True)
        return self._bold_font

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        key, desc = self.spec.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if not self.active:
            self.query = replace(self.query, sort=key, descending=desc)
            return
        if (self.query.sort, self.query.descending) == (key, desc):
            # QTableView.sortByColumn sorts through the header's indicator and then once more
            # itself: the same order twice is one query, not two
            return
        self.update_query(sort=key, descending=desc)


_DUE_KEYS = {"deadline", "due_on", "planned_on", "status", "title", "text", "name"}


class RowsModel(QAbstractTableModel):
    """A small list of dicts (a record's sub-table) with columns by key."""

    def __init__(
        self,
        keys: Sequence[str],
        rows: Sequence[dict[str, Any]] = (),
        parent: Any = None,
        *,
        formatters: dict[str, Callable[[Any], str]] | None = None,
        state: Callable[[dict[str, Any]], str | None] | None = None,
        titles: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.keys = list(keys)
        self.rows: list[dict[str, Any]] = list(rows)
        self.formatters = formatters or {}
        self.state = state
        self.titles = titles or {}

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_dict(self, row: int) -> dict[str, Any]:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.keys):
            key = self.keys[section]
            return self.titles.get(key) or title(key)
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        row = self.rows[index.row()]
        key = self.keys[index.column()]
        value = row.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            fmt = self.formatters.get(key)
            return fmt(value) if fmt else display(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.formatters[key](value) if key in self.formatters else display(value)
            return text if len(text) > 16 else None
        if role == Qt.ItemDataRole.UserRole:
            return row.get("id")
        if role == Qt.ItemDataRole.ForegroundRole and self.state is not None:
            st = self.state(row)
            if st == "overdue" or (st in ("soon", "done") and key in ("status", "deadline")):
                return theme.STATE_COLORS[st]
        return None
