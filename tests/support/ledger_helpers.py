"""Small helpers the ledger tests share: a file's hash, and units added and read through a session."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from db.models import Organization


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(ledger: Any) -> set[str]:
    with ledger.session(write=False) as s:
        return {o.name for o in s.query(Organization)}


def add(ledger: Any, *names_: str) -> None:
    with ledger.session() as s:
        for name in names_:
            s.add(Organization(name=name))
