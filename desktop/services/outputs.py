"""The window's and the command line's door to :func:`db.store.output.write_output`, the one function
every file the program writes goes through.

Here each write learns which ledger it must keep away from: the open ledger (``ledger.path``, or a
path for the dialogs that run before a ledger is open), its companion files and its backup folder.
``overwrite``: ``--force`` on the command line; in the window, the save dialog has already asked.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from db.store import output
from db.store.backup import output_guard
from db.store.output import (
    CSV,
    DOCX,
    PDF_FILE,
    PNG_IMAGE,
    TEXT_FILE,
    XLSX,
    OutputKind,
    OutputRefusedError,
    kind_for_suffix,
)

__all__ = [
    "CSV", "DOCX", "PDF_FILE", "PNG_IMAGE", "TEXT_FILE", "XLSX", "OutputKind", "OutputRefusedError", "check", "copy_file",
    "guard", "kind_for_suffix", "write", "write_data", "write_text",
]

T = TypeVar("T")


def guard(ledger: Any) -> output.Protected:
    """The places ``ledger`` (an open Ledger, a ledger file path, or None) keeps to itself."""
    path = getattr(ledger, "path", ledger)
    if path is None or isinstance(path, bool):
        return output.Protected()
    return output_guard(Path(path))


def write(
    ledger: Any, target: str | Path, writer: Callable[[Path], T], kind: output.OutputKind, *, overwrite: bool = False
) -> T:
    """``writer(temporary path)``, then the finished file at ``target`` (see :mod:`db.store.output`)."""
    return output.write_output(target, writer, kind, overwrite=overwrite, protect=guard(ledger))


def check(ledger: Any, target: str | Path, kind: output.OutputKind, *, overwrite: bool = False) -> Path:
    """Refuse ``target`` before any work is done (the same rules are applied again when writing)."""
    return output.check_target(target, kind, overwrite=overwrite, protect=guard(ledger))


def copy_file(ledger: Any, source: str | Path, target: str | Path, *, overwrite: bool = True, **_job: Any) -> str:
    """Copy a finished file the program made (a previewed PDF) to where the user chose."""
    source = Path(source)
    with source.open("rb") as fh:
        head = fh.read(output.SNIFF_BYTES)
    kind = output.kind_of_data(head)
    write(ledger, target, lambda tmp: shutil.copyfile(source, tmp), kind, overwrite=overwrite)
    return str(target)


def write_text(ledger: Any, target: str | Path, text: str, *, overwrite: bool = True) -> Path:
    """A UTF-8 text file (the recovery key saved to a USB stick)."""
    data = text.encode("utf-8")
    return output.write_bytes(target, data, TEXT_FILE, overwrite=overwrite, protect=guard(ledger))


def write_data(ledger: Any, target: str | Path, data: bytes, *, overwrite: bool = True) -> Path:
    """Bytes whose type is their own (a saved attachment): an existing file is replaced only by the
    same recognisable type."""
    kind = output.kind_of_data(data[: output.SNIFF_BYTES])
    return output.write_bytes(target, data, kind, overwrite=overwrite, protect=guard(ledger))
