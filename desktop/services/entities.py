"""The entity records, for the window and the command line (no database work).

What each kind of record is — its title, its fields with their labels, choices, validators and
sections, its list's leading columns, whether it may be deleted — is declared once in
:mod:`db.repo.entities`; this module hands those records to :mod:`desktop.ui`, which may not import
:mod:`db.repo` itself, and checks single field values as the user types.
"""

from __future__ import annotations

from typing import Any

from db.domain.fields import Entity as Entity
from db.domain.fields import Field as Field
from db.domain.fields import FormErrors as FormErrors
from db.domain.fields import Section as Section
from db.domain.fields import check_value
from db.repo.columns import column_title as column_title
from db.repo.entities import DELETABLE as DELETABLE
from db.repo.entities import ENTITY_LIST
from db.repo.entities import entity as entity
from db.repo.entities import field as field
from db.repo.entities import for_list as for_list


def all_entities() -> tuple[Entity, ...]:
    """Every entity record, in declaration order."""
    return ENTITY_LIST


def check_field(entity_name: str, key: str, value: Any) -> Any:
    """The value to store for one field, or :class:`db.domain.validators.ValidationError` (Chinese)."""
    return check_value(field(entity_name, key), value)


def primary_columns(list_name: str) -> int:
    """How many leading columns of list ``list_name`` should fit the window at its default width."""
    return for_list(list_name).primary_columns
