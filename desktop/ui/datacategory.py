"""表六 数据摸底调查表: the editor of one data category (one sheet) of a unit.

The fields and their rules are declared in the entity record (:mod:`db.repo.entities`, checks in
:mod:`db.domain.field_checks`); :mod:`desktop.ui.editor_specs` gives the tick groups the widgets of
:mod:`desktop.ui.datacategory_widgets`.
"""

from __future__ import annotations

from desktop.services import views
from desktop.ui.editors import EditorDialog


class DataCategoryDialog(EditorDialog):
    """One 表六 sheet; the 关联对象 choice offers only the unit's own objects."""

    def _fill_lookups(self) -> None:
        self.db.call(
            views.data_category_choices, self.defaults.get("organization_id"), self.record_id,
            on_done=self._lookups_loaded, owner=self,
        )


__all__ = ["DataCategoryDialog"]
