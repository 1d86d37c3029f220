"""Saving and deleting records: plain data in, plain data out, one short transaction each.

What each entity is — its model, fields (kind, required, validator), checks across fields and
save/delete hooks — is declared once in :mod:`db.repo.entities`. The window checks a field as the
user types (:func:`desktop.services.entities.check_field`, pure, no database), and :func:`save` checks
them all again before writing, so the command line, imports and the window share the same rules.
Errors are :class:`db.domain.validators.ValidationError` (Chinese message, field name; several at
once: :class:`db.domain.fields.FormErrors`), :class:`db.domain.lifecycle.TransitionError` or
:class:`db.domain.errors.LedgerError`.

No lost update: a save names the ``row_version`` its form was loaded with (``expected_version``); the row is
read under a lock (``SELECT … FOR UPDATE`` on PostgreSQL, the write transaction on SQLite) and a different
stored version refuses the save with :class:`db.domain.errors.StaleRecordError` — the window then shows
the conflict dialog, the command line one sentence. Every save counts the version up, and a write racing
past the check still fails on the UPDATE's own version condition (same error).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from db.domain.errors import StaleRecordError
from db.domain.fields import FormErrors, check_all
from db.domain.lifecycle import TransitionError as TransitionError
from db.domain.validators import ValidationError
from db.models import Filing, FilingMaterial, Organization
from db.repo import record_hooks
from db.repo.entities import DELETABLE as DELETABLE
from db.repo.entities import entity
from db.repo.records import NotFoundError, locked, touch


def _current(obj: Any, key: str) -> Any:
    value = getattr(obj, key, None)
    return getattr(value, "value", value)


def save(
    ledger: Any,
    entity_name: str,
    record_id: int | None,
    values: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> int:
    """Create (``record_id`` None) or update one record; return its id.

    ``expected_version``: the ``row_version`` the form was loaded with; another one stored means someone
    saved the record meanwhile, and the save is refused (:class:`StaleRecordError`). None: no check (imports)."""
    ent = entity(entity_name)
    checked = check_all(ent.fields, values)
    try:
        return _save(ledger, ent, entity_name, record_id, checked, expected_version)
    except StaleRecordError as exc:
        if exc.record_id is None:
            raise StaleRecordError(entity_name, record_id, expected=expected_version) from exc
        raise
    except StaleDataError as exc:  # a write that raced past the check: the UPDATE matched no row of its version
        raise StaleRecordError(entity_name, record_id, expected=expected_version) from exc


def _save(
    ledger: Any, ent: Any, entity_name: str, record_id: int | None, checked: dict[str, Any], expected: int | None
) -> int:
    with ledger.session() as session:
        if record_id is None:
            obj = ent.model()
            session.add(obj)
            merged = checked
        else:
            obj = locked(session, ent.model, record_id, expected_version=expected, entity=entity_name)
            current = {f.key: _current(obj, f.key) for f in ent.fields if f.kind != "list"}
            merged = {**current, **checked}
        if ent.cross_check is not None:
            errors = ent.cross_check(merged)
            if errors:
                raise FormErrors(errors)
        for key, value in checked.items():
            f = ent.field(key)
            if not f.column:
                continue
            if f.kind == "enum" and f.enum is not None and value is not None:
                value = f.enum(value)
            elif f.kind == "list":
                value = list(value)
            elif f.kind == "dict":
                value = dict(value)
            setattr(obj, key, value)
        if ent.on_save is not None:
            ent.on_save(session, obj, checked, record_id)
        if record_id is not None:
            touch(session, obj)  # a save that changed only children (domains, contacts…) counts the version up too
        session.flush()
        return int(obj.id)


def delete(ledger: Any, entity_name: str, record_id: int) -> None:
    """Delete one record and what belongs only to it, in one audited transaction.

    The entity's delete hook (:mod:`db.repo.record_hooks`) refuses, with a Chinese reason, a record
    whose removal would lose other work (a unit with objects, plans, drills or incidents; an object
    with filings, gradings, assessments or findings) and unlinks or removes what depends on it.
    """
    if entity_name not in DELETABLE:
        raise ValidationError("此类记录不能在程序中删除。")
    ent = entity(entity_name)
    with ledger.session() as session:
        obj = session.get(ent.model, record_id)
        if obj is None:
            return
        if ent.on_delete is not None:
            ent.on_delete(session, obj)
        record_hooks.drop_attachments(session, entity_name, [record_id])
        session.delete(obj)


def describe(ledger: Any, entity_name: str, record_id: int) -> str:
    """A short name of the record for the 删除 question (e.g. the unit's name)."""
    model = entity(entity_name).model
    with ledger.session(write=False) as session:
        obj = session.get(model, record_id)
        if obj is None:
            return ""
        for attr in ("name", "title", "action", "text"):
            value = getattr(obj, attr, None)
            if value:
                text = str(value).strip().splitlines()[0]
                return text if len(text) <= 40 else text[:39] + "…"
    return ""


def set_material(ledger: Any, material_id: int, *, present: bool, attachment_id: int | None = None) -> None:
    with ledger.session() as session:
        m = session.get(FilingMaterial, material_id)
        if m is None:
            raise NotFoundError("材料项已不存在。")
        m.present = present
        if attachment_id is not None:
            m.attachment_id = attachment_id


def latest_filing_id(ledger: Any, object_id: int) -> int | None:
    with ledger.session(write=False) as session:
        found: int | None = session.scalar(
            sa.select(Filing.id).where(Filing.object_id == object_id).order_by(Filing.id.desc())
        )
        return found


def organization_exists(ledger: Any, name: str) -> int | None:
    with ledger.session(write=False) as session:
        found: int | None = session.scalar(sa.select(Organization.id).where(Organization.name == name.strip()))
        return found
