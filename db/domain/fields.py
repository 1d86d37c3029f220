"""The shape of an entity record: its fields, its editor's sections, its hooks; and the checks of
field values (pure: no database).

The records themselves are declared once, in :mod:`db.repo.entities`. The window checks a field as
the user types (:func:`check_value`) and the services check them all again before writing
(:func:`check_all`), so the window, the command line and the imports share the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from db.domain import validators
from db.domain.validators import ValidationError

Check = Callable[[Any], Any]
Options = Sequence[tuple[str, str]]
#: (session, the record, the checked values written, its id before saving: None when new)
SaveHook = Callable[[Any, Any, dict[str, Any], "int | None"], None]
#: (session, the record about to be deleted): may refuse with a Chinese ValidationError
DeleteHook = Callable[[Any, Any], None]

#: the kinds of value a field holds
KINDS = ("text", "int", "float", "date", "datetime", "bool", "enum", "list", "dict", "fk", "choice")


@dataclass(frozen=True)
class Field:
    """One field of a record: how it is checked, stored and shown.

    ``kind`` is one of :data:`KINDS`; ``check`` validates the whole value (for a list: after each
    entry passed ``item_check``). ``label``, ``hint`` and ``placeholder`` are the Chinese texts of
    the editor (the window translates them).
    """

    key: str
    label: str = ""
    kind: str = "text"
    required: bool = False
    check: Check | None = None
    enum: type[StrEnum] | None = None
    #: fk: the chooser that lists the records it may point to (:func:`db.repo.lists.lookup`)
    ref: str | None = None
    #: list: validator for each entry
    item_check: Check | None = None
    #: the (value, label) pairs an editor offers; a function when they come from rule data
    choices: Options | Callable[[], Options] = ()
    hint: str = ""
    placeholder: str = ""
    multiline: bool = False
    #: False: set by the program (a parent's id), not shown on the editor form
    editable: bool = True
    #: False: not a column of the model; the entity's save hook stores it (an object's domains)
    column: bool = True

    def options(self) -> list[tuple[str, str]]:
        """The choices offered for this field."""
        found = self.choices() if callable(self.choices) else self.choices
        return list(found)


@dataclass(frozen=True)
class Section:
    """A titled group of fields on an editor, in the order shown."""

    title: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Entity:
    """What the program knows about one kind of record (one table)."""

    #: the table name, used as the entity's name everywhere (``"protected_objects"``)
    name: str
    #: the SQLAlchemy model (:mod:`db.models`)
    model: type[Any]
    #: Chinese, e.g. "网站与信息系统"
    title: str
    #: the editor's sections, fields in the order shown
    sections: tuple[Section, ...] = ()
    #: fields checked and saved but not on the editor (the parent's id, set by the program)
    hidden: tuple[Field, ...] = ()
    #: the window's list of these records (:mod:`db.repo.lists`), if any
    list_name: str | None = None
    #: leading list columns that should fit the window at its default width; the list's stretch
    #: column (its title or name) takes the width they leave, the rest scroll
    primary_columns: int = 0
    #: the window may delete such a record (through the services, one audited transaction)
    deletable: bool = False
    #: checks across fields: the values as they would be saved → field key → Chinese message
    cross_check: Callable[[Mapping[str, Any]], dict[str, str]] | None = None
    on_save: SaveHook | None = None
    #: runs before the record and its own attachments are deleted
    on_delete: DeleteHook | None = None

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every field: the hidden ones, then the editor's in the order shown."""
        return self.hidden + tuple(f for s in self.sections for f in s.fields)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"{self.name}.{key}")


def QT_TRANSLATE_NOOP(_context: str, text: str) -> str:  # noqa: N802 - Qt's name, read by lupdate
    """Marks a text of a record for Qt's lupdate; the window translates it when it shows it."""
    return text


class FormErrors(ValidationError):
    """Several fields are wrong; ``errors`` maps field key → Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.items()))
        super().__init__(first[1], first[0])
        self.errors = errors


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _datetime(value: Any, key: str) -> datetime:
    if isinstance(value, datetime):
        return value
    text = str(value).strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValidationError(f"时间格式不正确：{value}（应如 2025-06-01 08:30）", key, value)


def _check_list(f: Field, value: Any) -> list[Any]:
    items = value if isinstance(value, list | tuple) else str(value or "").splitlines()
    items = [str(i).strip() for i in items if str(i).strip()]
    if f.required and not items:
        raise ValidationError("此项必填", f.key, value)
    if f.item_check is None:
        out: list[Any] = items
    else:
        out = []
        for item in items:
            try:
                normalised = f.item_check(item)
            except ValidationError as exc:
                raise ValidationError(exc.message, f.key, item) from None
            if normalised not in out:
                out.append(normalised)
    if f.check is not None:
        try:
            out = f.check(out)
        except ValidationError as exc:
            raise ValidationError(exc.message, f.key, value) from None
    return out


def _check_dict(f: Field, value: Any) -> dict[str, Any]:
    if value is None or value == "":
        value = {}
    if not isinstance(value, dict):
        raise ValidationError(f"取值无效：{value}", f.key, value)
    if f.check is None:
        return dict(value)
    try:
        checked: dict[str, Any] = f.check(dict(value))
    except ValidationError as exc:
        raise ValidationError(exc.message, f.key, value) from None
    return checked


def _parse(f: Field, value: Any) -> Any:
    key = f.key
    if f.kind in ("int", "fk"):
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValidationError(f"应为整数：{value}", key, value) from None
    if f.kind == "float":
        try:
            return float(str(value).strip().rstrip("%"))
        except ValueError:
            raise ValidationError(f"应为数字：{value}", key, value) from None
    if f.kind == "date":
        return validators.parse_date(value, field=key)
    if f.kind == "datetime":
        return _datetime(value, key)
    if f.kind == "enum" and f.enum is not None:
        try:
            return f.enum(str(value)).value
        except ValueError:
            raise ValidationError(f"取值无效：{value}", key, value) from None
    return str(value).strip()


def check_value(f: Field, value: Any) -> Any:
    """The value to store for field ``f``, or :class:`ValidationError` with a Chinese message."""
    if f.kind == "list":
        return _check_list(f, value)
    if f.kind == "dict":
        return _check_dict(f, value)
    if f.kind == "bool":
        return None if value is None else bool(value)
    if _empty(value):
        if f.required:
            raise ValidationError("此项必填", f.key, value)
        return None
    try:
        result = _parse(f, value)
        if f.check is not None:
            result = f.check(result)
    except ValidationError as exc:
        raise ValidationError(exc.message, f.key, value) from None
    return result


def check_all(fields: Iterable[Field], values: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of ``fields`` present in ``values`` checked; :class:`FormErrors` lists all problems."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields:
        if f.key not in values:
            continue
        try:
            out[f.key] = check_value(f, values[f.key])
        except ValidationError as exc:
            errors[f.key] = exc.message
    if errors:
        raise FormErrors(errors)
    return out
