"""Column titles of the lists and tables, translated once per key.

The titles themselves are declared with the lists (:mod:`db.repo.columns`, through
:mod:`desktop.services.entities`); here they are only translated (context ``Columns``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.services import entities


def title(key: str) -> str:
    return QCoreApplication.translate("Columns", entities.column_title(key))
