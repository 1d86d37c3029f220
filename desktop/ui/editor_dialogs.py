"""Every record editor of the window: importing this module registers the special dialogs (findings,
units, notices, 表六 data categories, incidents) with :func:`desktop.ui.editors.editor_for`."""

from __future__ import annotations

from typing import Any

from desktop.ui import datacategory, finding, sub_editors
from desktop.ui.editors import EditorDialog, editor_for, register_dialog
from desktop.ui.worker import Database


def _finding(db: Database, _entity: str, record_id: int | None, parent: Any, **kw: Any) -> EditorDialog:
    return finding.FindingDialog(db, record_id, parent, **kw)


register_dialog("findings", _finding)
register_dialog("organizations", sub_editors.OrganizationDialog)
register_dialog("notices", sub_editors.NoticeDialog)
register_dialog("data_categories", datacategory.DataCategoryDialog)
register_dialog("incidents", sub_editors.IncidentDialog)

__all__ = ["editor_for"]
