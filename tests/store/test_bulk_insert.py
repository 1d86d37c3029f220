"""The bulk writer stores exactly what SQLAlchemy's own INSERT stores: every column's bind processing
(enums, dates, JSON lists and a JSON None, booleans), a row's own values and the common ones alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from db.domain.enums import ObjectStatus, ObjectType
from db.models import Organization, ProtectedObject
from db.models.base import table_of, utcnow
from db.store.bulk_insert import RowsWriter


def test_rows_writer_stores_what_sa_insert_stores(ledger: Any) -> None:
    objects = table_of(ProtectedObject)
    with ledger.session() as s:
        org = Organization(name="测试市大数据局")
        s.add(org)
        s.flush()
        org_id = org.id
    now = utcnow()
    common: dict[str, Any] = {c.name: None for c in objects.columns}
    common.update(
        created_at=now, updated_at=now, row_version=1, technologies=[], interconnection=["3"], is_subsystem=False
    )
    given: list[dict[str, Any]] = [
        {"id": 101, "organization_id": org_id, "name": "甲网站", "object_type": ObjectType.WEBSITE,
         "status": ObjectStatus.RUNNING, "go_live_date": date(2020, 1, 2), "badge_displayed": True,
         "ports": ["HTTPS/443"], "scenario_details": None},
        {"id": 102, "organization_id": org_id, "name": "乙系统", "object_type": ObjectType.INFO_SYSTEM,
         "status": ObjectStatus.PLANNED, "badge_displayed": None, "technologies": ["cloud"]},
    ]  # fmt: skip
    with ledger.engine.begin() as conn:
        RowsWriter(conn, objects, common).insert(given)
        conn.execute(sa.insert(objects), [{**common, **row, "id": row["id"] + 100} for row in given])
    with ledger.engine.connect() as conn:
        cols = ", ".join(c.name for c in objects.columns if c.name != "id")
        stored = {r[0]: r[1:] for r in conn.exec_driver_sql(f"SELECT id, {cols} FROM protected_objects")}
    assert stored[101] == stored[201] and stored[102] == stored[202]
    assert stored[101] != stored[102]
