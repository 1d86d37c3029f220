"""Attachments: file bytes kept in the ledger with their SHA-256, size and type."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.domain.validators import ValidationError
from db.models import Attachment
from db.repo import records

DEFAULT_MAX_MB = 50


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    size: int
    sha256: str
    mime_type: str | None


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def check_size(path: Path, max_mb: int) -> int:
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise ValidationError(
            f"文件“{path.name}”有 {human_size(size)}，超过了允许的 {max_mb} MB。"
            "请压缩后再添加，或在“设置”中调整附件大小上限。",
            "file",
        )
    return size


def add_file(
    ledger: Any, entity: str, entity_id: int, path: str | Path, *, max_mb: int = DEFAULT_MAX_MB,
    description: str | None = None,
) -> AttachmentInfo:
    """Store one file as an attachment of ``entity``/``entity_id``."""
    with ledger.session() as session:
        return add_file_in(session, entity, entity_id, path, max_mb=max_mb, description=description)


def add_file_in(
    session: Any, entity: str, entity_id: int, path: str | Path, *, max_mb: int = DEFAULT_MAX_MB,
    description: str | None = None,
) -> AttachmentInfo:
    """:func:`add_file` inside the caller's transaction (committed, or not at all, with its other changes)."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"找不到文件或不是普通文件：{path}", "file")
    check_size(path, max_mb)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    mime = mimetypes.guess_type(path.name)[0]
    att = Attachment(
        entity_type=entity,
        entity_id=entity_id,
        filename=path.name,
        mime_type=mime,
        size=len(data),
        sha256=digest,
        description=description,
        data=data,
    )
    session.add(att)
    session.flush()
    return AttachmentInfo(att.id, att.filename, att.size, digest, mime)


def export_to_temp(ledger: Any, attachment_id: int) -> Path:
    """A plain copy of an attachment in this run's private folder (for opening it with its program);
    deleted when the program exits (see :mod:`desktop.services.private_temp`)."""
    from desktop.services import outputs, private_temp

    with ledger.session(write=False) as session:
        filename, data = records.attachment_data(session, attachment_id)
    kind = outputs.OutputKind("附件", frozenset())
    return private_temp.write(filename or f"attachment-{attachment_id}", lambda tmp: tmp.write_bytes(data), kind)


def save_as(ledger: Any, attachment_id: int, target: str | Path, *, overwrite: bool = False) -> Path:
    """Save an attachment where the user chose (``overwrite``: the save dialog confirmed replacing a file;
    even then only a file of the same type, never the ledger or its companions)."""
    from desktop.services import outputs

    with ledger.session(write=False) as session:
        _name, data = records.attachment_data(session, attachment_id)
    outputs.write_data(ledger, target, data, overwrite=overwrite)
    return Path(target)


def delete(ledger: Any, attachment_id: int) -> None:
    with ledger.session() as session:
        att = session.get(Attachment, attachment_id)
        if att is not None:
            session.delete(att)
