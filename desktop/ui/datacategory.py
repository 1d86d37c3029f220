"""表六 数据摸底调查表: the editor of one data category (one sheet) of a unit.

The fields and their tick groups are declared in :mod:`desktop.ui.editor_specs` with the widgets of
:mod:`desktop.ui.datacategory_widgets`; the rules are checked by :mod:`desktop.services.records`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.models import DataCategory, ProtectedObject
from db.repo import lists
from desktop.ui.editors import EditorDialog


class DataCategoryDialog(EditorDialog):
    """One 表六 sheet; the 关联对象 choice offers only the unit's own objects."""

    def _fill_lookups(self) -> None:
        org_id = self.defaults.get("organization_id")
        rid = self.record_id

        def work(ledger: Any) -> dict[str, list[tuple[int, str]]]:
            with ledger.session(write=False) as session:
                org = org_id
                if org is None and rid is not None:
                    org = session.scalar(sa.select(DataCategory.organization_id).where(DataCategory.id == rid))
                objects = session.execute(
                    sa.select(ProtectedObject.id, ProtectedObject.name)
                    .where(ProtectedObject.organization_id == org)
                    .order_by(ProtectedObject.name)
                ).all()
                return {
                    "organization_id": lists.lookup(session, "organizations"),
                    "object_id": [(i, n) for i, n in objects],
                }

        self.db.call(work, on_done=self._lookups_loaded, owner=self)


__all__ = ["DataCategoryDialog"]
