"""What the window reads: one plain function per read, run on the database worker.

Each function is called as ``fn(ledger, *args)`` (see :class:`desktop.ui.worker.Database`), opens its
own short read session or connection, asks the repositories of :mod:`db.repo` and hands back plain
data: dataclasses, dicts, tuples. No Session, connection or ORM object leaves this module, so the
widgets never hold one. The types the widgets annotate with are re-exported here, so that
:mod:`desktop.ui` needs nothing from :mod:`db.repo`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from db.repo import audit_view, dashboard, lists, records
from db.repo.audit_view import AuditFilter as AuditFilter
from db.repo.dashboard import Summary as Summary
from db.repo.list_types import ListQuery as ListQuery
from db.repo.list_types import ListSpec as ListSpec
from db.repo.list_types import Row as Row
from db.repo.records import DateInfo as DateInfo
from db.repo.records import NotFoundError as NotFoundError
from db.repo.records import ObjectPage as ObjectPage


def list_spec(name: str) -> ListSpec:
    """The columns, filters and default sort of list ``name`` (no database work)."""
    return lists.spec(name)


# --------------------------------------------------------------------------------------------------
# Lists and choosers
# --------------------------------------------------------------------------------------------------


def list_first_page(ledger: Any, name: str, query: ListQuery, limit: int) -> tuple[list[int], dict[int, Row]]:
    """The first ``limit`` ids of list ``name`` under ``query`` and their display rows."""
    with ledger.session(write=False) as session:
        ids = lists.query_ids(session, name, query, limit=limit)
        return ids, lists.fetch_rows(session, name, ids, today=query.today)


def list_ids(ledger: Any, name: str, query: ListQuery) -> list[int]:
    """Every id of list ``name`` matching ``query``, in its sort order."""
    with ledger.session(write=False) as session:
        return lists.query_ids(session, name, query)


def list_rows(ledger: Any, name: str, ids: Sequence[int], today: date) -> dict[int, Row]:
    """Display rows of list ``name`` for ``ids`` (one page)."""
    with ledger.session(write=False) as session:
        return lists.fetch_rows(session, name, ids, today=today)


def lookup(ledger: Any, what: str) -> list[tuple[int, str]]:
    """(id, name) pairs for one chooser: organizations, objects, institutions, notices, …"""
    with ledger.session(write=False) as session:
        return lists.lookup(session, what)


def lookups(ledger: Any, refs: Mapping[str, str]) -> dict[str, list[tuple[int, str]]]:
    """Several choosers in one session: ``{field key: lookup name}`` → ``{field key: pairs}``."""
    with ledger.session(write=False) as session:
        return {key: lists.lookup(session, ref) for key, ref in refs.items()}


def export_choices(ledger: Any) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The units and the objects offered on the 导出 page."""
    with ledger.session(write=False) as session:
        return lists.lookup(session, "organizations"), lists.lookup(session, "objects")


def data_category_choices(
    ledger: Any, organization_id: int | None, category_id: int | None
) -> dict[str, list[tuple[int, str]]]:
    """Choosers of a 表六 sheet: every unit, and the objects of the sheet's own unit (taken from the
    sheet when ``organization_id`` is not given)."""
    with ledger.session(write=False) as session:
        org = organization_id
        if org is None and category_id is not None:
            org = records.data_category_unit(session, category_id)
        return {
            "organization_id": lists.lookup(session, "organizations"),
            "object_id": records.unit_objects(session, org),
        }


def sample_targets(ledger: Any) -> tuple[int | None, int | None]:
    """(object id, finding id) to show in screenshots: an open finding and its object, else the
    first object and no finding."""
    with ledger.session(write=False) as session:
        finding_ids = lists.query_ids(session, "findings", ListQuery(status="@open"))
        first = lists.fetch_rows(session, "findings", finding_ids[:1], today=date.today())
        row = next(iter(first.values()), None)
        if row is not None:
            return row.object_id, row.id
        ids = lists.query_ids(session, "objects", ListQuery())
        return (ids[0] if ids else None), None


# --------------------------------------------------------------------------------------------------
# Records, the object page and the dashboard
# --------------------------------------------------------------------------------------------------


def record(ledger: Any, entity: str, record_id: int) -> dict[str, Any]:
    """One record of ``entity`` as plain values (raises :class:`NotFoundError`)."""
    with ledger.session(write=False) as session:
        return records.get(session, entity, record_id)


def object_page(ledger: Any, object_id: int, today: date | None = None) -> ObjectPage:
    """Everything the object page shows about one protected object."""
    with ledger.session(write=False) as session:
        return records.object_page(session, object_id, today=today or date.today())


def history(ledger: Any, entity: str, record_id: int) -> list[dict[str, Any]]:
    """The audit trail of one record (and the children its editor shows), newest first."""
    with ledger.session(write=False) as session:
        return records.history(session, entity, record_id)


def readable_history(ledger: Any, entity: str, record_id: int) -> list[dict[str, Any]]:
    """The 历史 tab: the record's and its children's audit trail in the officer's words, newest first."""
    from db.repo.history_view import readable_history as readable

    with ledger.session(write=False) as session:
        return readable(session, entity, record_id)


def attachments(ledger: Any, targets: Sequence[tuple[str, Sequence[int]]]) -> list[dict[str, Any]]:
    """The attachments (without their data) of every ``(entity, ids)`` in ``targets``, in that order."""
    with ledger.session(write=False) as session:
        out: list[dict[str, Any]] = []
        for entity, ids in targets:
            out += records.attachments_for(session, entity, list(ids))
        return out


def dashboard_summary(ledger: Any, horizon_days: int, today: date | None = None) -> Summary:
    """The 工作台 counts and the most urgent items within ``horizon_days``."""
    with ledger.session(write=False) as session:
        return dashboard.summary(session, today=today or date.today(), horizon_days=horizon_days)


def dashboard_kind_items(ledger: Any, kind: str, horizon_days: int, today: date | None = None) -> list[Any]:
    """Every attention item of one kind (the 工作台's 显示全部)."""
    with ledger.session(write=False) as session:
        return dashboard.kind_items(session, kind, today=today or date.today(), horizon_days=horizon_days)


# --------------------------------------------------------------------------------------------------
# The audit trail
# --------------------------------------------------------------------------------------------------


@contextmanager
def _reading(ledger: Any) -> Iterator[Any]:
    """A plain read connection, rolled back when the read is done."""
    with ledger.connect() as conn:
        yield conn
        conn.rollback()


def audit_first_page(ledger: Any, f: AuditFilter, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """(number of events matching ``f``, the newest ``limit`` of them)."""
    with _reading(ledger) as conn:
        return audit_view.count(conn, f), audit_view.page(conn, f, limit=limit)


def audit_page(
    ledger: Any, f: AuditFilter, *, below_id: int | None = None, offset: int = 0, limit: int
) -> list[dict[str, Any]]:
    """One page of events matching ``f``: those below ``below_id`` when given, else from ``offset``."""
    with _reading(ledger) as conn:
        if below_id is not None:
            return audit_view.page(conn, f, below_id=below_id, limit=limit)
        return audit_view.page(conn, f, offset=offset, limit=limit)


def audit_choices(ledger: Any) -> tuple[list[str], list[str]]:
    """(entities, actors) that occur in the audit trail, for its filters."""
    with _reading(ledger) as conn:
        return audit_view.entities(conn), audit_view.actors(conn)


def audit_event(ledger: Any, event_id: int) -> dict[str, Any] | None:
    """One audit event with its hashes; None if there is no such event."""
    with _reading(ledger) as conn:
        return audit_view.event(conn, event_id)


def audit_position(ledger: Any, f: AuditFilter, event_id: int) -> int | None:
    """The row of event ``event_id`` in the list filtered by ``f``; None if the filter leaves it out."""
    with _reading(ledger) as conn:
        return audit_view.position(conn, f, event_id)


def verify_ledger(ledger: Any) -> dict[str, Any]:
    """Check the whole ledger (audit chain included): the report as a dict with its ``lines``."""
    from db.store.check import check_ledger  # loaded when first asked for

    report = check_ledger(ledger)
    return {**report.as_dict(), "lines": report.lines()}


# --------------------------------------------------------------------------------------------------
# About the program
# --------------------------------------------------------------------------------------------------


def data_folder() -> str:
    """The per-user data folder (ledger, backups), as the 关于 dialog shows it."""
    from db.store.paths import default_data_dir

    return str(default_data_dir())


def program_version() -> str:
    """The installed version of the program (``0.0`` when run from a bare checkout)."""
    from importlib import metadata

    try:
        return metadata.version("dengbao-ledger")
    except metadata.PackageNotFoundError:
        return "0.0"
