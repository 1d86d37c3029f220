"""Writing a website-table import's plan (:mod:`desktop.services.imports`) into the ledger, fast.

New records (units, contacts, websites and their domains) are written the way the province
generator writes (:mod:`db.demo.province`): ids assigned here, rows inserted in chunks
(:class:`db.store.bulk_insert.RowsWriter`), and for every row its audit event appended to the hash chain in the same transaction (unless
the PostgreSQL server's own triggers write the trail) — the ORM's per-object bookkeeping would
take most of the import's time. Each row is complete (every column, its default included), so the
event is exactly the stored row and ``check`` replays it. Changes to existing records go through
the ORM (audited by the session), a batch at a time. Objects created are marked for the session's
deadline refresh, and the trail's outside record is brought up to date by the caller after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from db.domain.enums import ObjectStatus, ObjectType
from db.domain.validators import DomainName
from db.models import Contact, Domain, Organization, ProtectedObject
from db.models.base import table_of, utcnow
from db.store import audit
from db.store.bulk_insert import RowsWriter

WEBSITE_CONTACT_ROLE = "网站联系人"
#: rows per INSERT and per batch of ORM updates
CHUNK = 2_000
BATCH = 500
#: ids a server import takes from a table's sequence at a time
ID_BLOCK = 1_000
OBJECT_NAME_LENGTH = 200


class BulkInserter:
    """Complete rows with ids from here, inserted in chunks with one audit event each."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.conn = session.connection()
        self.audited = not audit.server_writes_trail(self.conn)
        self.actor = str(session.info.get("actor") or "unknown")
        self.now = utcnow()
        self.next_ids: dict[str, int] = {}
        self.reserved: dict[str, list[int]] = {}
        self.defaults: dict[str, dict[str, Any]] = {}

    def next_id(self, model: Any) -> int:
        table = table_of(model)
        if self.conn.dialect.name == "postgresql":
            return self._reserved_id(table)
        # SQLite: the ledger's write lock is held from the first read, nobody else adds rows meanwhile
        if table.name not in self.next_ids:
            self.next_ids[table.name] = (
                int(self.conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0) + 1
            )
        value = self.next_ids[table.name]
        self.next_ids[table.name] = value + 1
        return value

    def _reserved_id(self, table: sa.Table) -> int:
        """On a server, ids come from the table's own sequence, :data:`ID_BLOCK` at a time: another
        officer saving a record while this import runs gets another id (with max(id) + 1 both
        took the same one, and one of the two saves failed). Ids reserved and not used are gaps."""
        pool = self.reserved.setdefault(table.name, [])
        if not pool:
            ids = self.conn.execute(
                sa.text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                {"t": table.name, "n": ID_BLOCK},
            ).scalars().all()
            pool.extend(sorted((int(i) for i in ids), reverse=True))
        return pool.pop()

    def _defaults(self, table: sa.Table) -> dict[str, Any]:
        """Every column's value when not given: its default (scalar or computed), else None."""
        if table.name not in self.defaults:
            values: dict[str, Any] = {}
            for column in table.columns:
                default = column.default
                if column.name in ("created_at", "updated_at"):
                    values[column.name] = self.now
                elif default is None:
                    values[column.name] = None
                elif getattr(default, "is_scalar", False):
                    values[column.name] = getattr(default, "arg", None)
                elif getattr(default, "is_callable", False):
                    values[column.name] = default.arg(None)  # type: ignore[attr-defined]
                else:
                    values[column.name] = None
            self.defaults[table.name] = values
        return self.defaults[table.name]

    def insert(self, model: Any, rows: list[dict[str, Any]]) -> None:
        """INSERT ``rows`` (each with its id; columns left out take their defaults), each with its
        audit event: the complete stored row."""
        if not rows:
            return
        table = table_of(model)
        defaults = self._defaults(table)
        writer = RowsWriter(self.conn, table, defaults)
        encoder = audit.RowEncoder(defaults)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            writer.insert(chunk)
            if self.audited:
                events = [
                    audit.Change("insert", table.name, row["id"], None, None, encoder.encode(row))
                    for row in chunk
                ]
                audit.append_events(self.conn, events, self.actor)


def _batches(
    session: Session, model: Any, changes: Mapping[int, Any], apply: Callable[[Any, Any], None]
) -> None:
    """``apply(record, change)`` to the ledger records of ``changes`` (id → change), loaded and
    flushed :data:`BATCH` at a time."""
    ids = sorted(changes)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        stmt = sa.select(model).where(model.id.in_(chunk))
        if model is ProtectedObject:
            stmt = stmt.options(selectinload(ProtectedObject.domains))
        for record in session.scalars(stmt).all():
            apply(record, changes[record.id])
        session.flush()


def _parents_first(work: Any) -> list[str]:
    """The new units, each after its new 主管部门 (the plan refused loops)."""
    order: list[str] = []
    placed: set[str] = set()
    for start in work.new_orgs:
        chain: list[str] = []
        key = start
        while key in work.new_orgs and key not in placed and key not in chain:
            chain.append(key)
            key = work.parent_of.get(key, "")
        for k in reversed(chain):
            placed.add(k)
            order.append(k)
    return order


def _domain_rows(bulk: BulkInserter, object_id: int, items: Iterable[DomainName]) -> list[dict[str, Any]]:
    return [
        {
            "id": bulk.next_id(Domain),
            "object_id": object_id,
            "name": d.name,
            "ascii_name": d.ascii_name,
            "kind": d.kind,
            "position": i,
        }
        for i, d in enumerate(items)
    ]


def apply_plan(session: Session, work: Any) -> None:
    """Write the plan ``work`` (:class:`desktop.services.imports._Work`) in the session's transaction."""
    bulk = BulkInserter(session)
    session.flush()
    ids: dict[str, int] = {key: unit.org.id for key, unit in work.units.items() if unit.org is not None}
    names = {key: unit.org.name if unit.org is not None else unit.name for key, unit in work.units.items()}
    org_rows = []
    for key in _parents_first(work):
        name, uscc = work.new_orgs[key]
        ids[key] = bulk.next_id(Organization)
        parent_key = work.parent_of.get(key, "")
        org_rows.append({"id": ids[key], "name": name, "uscc": uscc, "parent_id": ids.get(parent_key)})
    bulk.insert(Organization, org_rows)

    unit_changes: dict[int, dict[str, Any]] = {}
    for key, field_name, value in work.unit_updates:
        unit_changes.setdefault(ids[key], {})[field_name] = value
        if field_name == "name":
            names[key] = value
    for key, parent_key in work.parent_of.items():
        if key not in work.new_orgs and parent_key in ids and ids[parent_key] != ids[key]:
            unit_changes.setdefault(ids[key], {})["parent_id"] = ids[parent_key]

    def update_unit(org: Organization, values: dict[str, Any]) -> None:
        for name, value in values.items():
            setattr(org, name, value)

    _batches(session, Organization, unit_changes, update_unit)

    contact_rows = []
    contact_changes: dict[int, tuple[str, str]] = {}
    for key, contact, name, phone in work.contacts:
        if contact is not None:
            contact_changes[contact.id] = (name, phone)
            continue
        contact_rows.append(
            {
                "id": bulk.next_id(Contact),
                "organization_id": ids[key],
                "name": name or "（未填写）",
                "office_phone": phone or None,
                "role": WEBSITE_CONTACT_ROLE,
            }
        )
    bulk.insert(Contact, contact_rows)

    def set_contact(contact: Contact, values: tuple[str, str]) -> None:
        contact.name, contact.office_phone = values[0], values[1] or None

    _batches(session, Contact, contact_changes, set_contact)

    taken = set(session.scalars(sa.select(ProtectedObject.name)).all())
    site_rows: list[dict[str, Any]] = []
    domain_rows: list[dict[str, Any]] = []
    for rec, key, obj in work.sites:
        if obj is not None:
            continue
        name = rec.site if rec.site not in taken else f"{rec.site}（{names[key]}）"[:OBJECT_NAME_LENGTH]
        taken.add(name)
        object_id = bulk.next_id(ProtectedObject)
        site_rows.append(
            {
                "id": object_id,
                "organization_id": ids[key],
                "name": name,
                "site_name": rec.site,
                "object_type": ObjectType.WEBSITE,
                "network_nature": "2",
                "badge_displayed": rec.badge,
                "status": ObjectStatus.RUNNING,
            }
        )
        domain_rows.extend(_domain_rows(bulk, object_id, rec.domains))
    bulk.insert(ProtectedObject, site_rows)
    bulk.insert(Domain, domain_rows)
    # computed dates are refreshed at commit for objects with a level; a new website has none yet, so it
    # has no dates (db.repo.deadlines.dates_for_facts) and no cached rows to replace
    session.info.setdefault("dates_dirty_objects", set()).update(
        row["id"] for row in site_rows if row.get("current_level")
    )

    def update_site(obj: ProtectedObject, rec: Any) -> None:
        obj.site_name = rec.site
        if rec.badge is not None:
            obj.badge_displayed = rec.badge
        if [d.ascii_name for d in obj.domains] != [d.ascii_name for d in rec.domains]:
            # rows of domains kept stay (in their new place); the others are deleted explicitly, so
            # that the audit trail records each deletion (an orphan removed by the cascade would not be)
            existing = {d.ascii_name: d for d in obj.domains}
            keep = []
            for i, d in enumerate(rec.domains):
                row = existing.pop(d.ascii_name, None)
                if row is None:
                    row = Domain(name=d.name, ascii_name=d.ascii_name, kind=d.kind)
                row.position = i
                keep.append(row)
            for gone in existing.values():
                session.delete(gone)
            obj.domains[:] = keep

    _batches(
        session,
        ProtectedObject,
        {obj.id: rec for rec, _key, obj in work.sites if obj is not None},
        update_site,
    )
