"""What each editor shows, read from the entity records (:mod:`desktop.services.entities`): the
sections, the translated labels, hints and placeholders, the choices; and which fields a composite
widget edits instead of a line edit or a combo box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from desktop.services import entities
from desktop.ui.datacategory_widgets import CodeChecks, InteractionsEdit, StorageEdit
from desktop.ui.forms import FieldWidget, Section, UiField

#: the translation context of the records' texts (they are marked in :mod:`db.repo.entities`)
CONTEXT = "Entities"

#: fields a line edit cannot hold: (entity, key) → the composite editor, given the field's record
WIDGETS: dict[tuple[str, str], Callable[[entities.Field], FieldWidget]] = {
    ("data_categories", "personal_info"): lambda f: CodeChecks(f.options(), exclusive="4"),
    ("data_categories", "sources"): lambda f: CodeChecks(f.options(), columns=3),
    ("data_categories", "interactions"): lambda _f: InteractionsEdit(),
    ("data_categories", "storage"): lambda _f: StorageEdit(),
}


def tr(text: str) -> str:
    """A text of an entity record, translated."""
    return QCoreApplication.translate(CONTEXT, text) if text else text


def title(entity: str) -> str:
    """The entity's title (单位, 网站与信息系统, …); the name itself for an unknown entity."""
    try:
        return tr(entities.entity(entity).title)
    except KeyError:
        return entity


def _ui_field(entity: str, f: entities.Field) -> UiField:
    make = WIDGETS.get((entity, f.key))
    return UiField(
        f.key,
        tr(f.label),
        [(value, tr(label)) for value, label in f.options()],
        multiline=f.multiline,
        placeholder=tr(f.placeholder),
        hint=tr(f.hint),
        widget=None if make is None else lambda: make(f),
    )


def sections(entity: str) -> list[Section]:
    """The editor's sections of ``entity``, its fields in the order shown."""
    return [
        Section(tr(s.title), [_ui_field(entity, f) for f in s.fields])
        for s in entities.entity(entity).sections
    ]


def labels(entity: str) -> dict[str, str]:
    """The translated label of each field of ``entity`` shown on its editor (none for an unknown one)."""
    try:
        ent = entities.entity(entity)
    except KeyError:
        return {}
    return {f.key: tr(f.label) for f in ent.fields if f.label}
