"""The one private folder per run for plain copies another program must open (attachments opened with
their viewer, print previews).

Those copies are not encrypted, so they are kept together and short-lived:

- one folder per run, ``<temp>/dengbao-run-<random>``, made by ``tempfile.mkdtemp`` (mode 0700 on
  POSIX: only this user can list or read it), with a marker file naming this process (pid and start);
- every file in its own numbered subfolder (``0001/…``) under a name made safe by
  :func:`desktop.filenames.safe_filename`, so no name from the ledger (a unit called ``../..``) can
  place a file elsewhere or clash with another;
- written through :func:`desktop.services.outputs.write` like every other file;
- removed when the program exits normally (:func:`cleanup`, registered with ``atexit`` and called when the
  window closes); a folder left by a run that crashed, or whose files a viewer still held open, is removed
  at the next start (:func:`remove_stale`): only folders with this prefix and a marker, owned by this user,
  made before this run and whose process is no longer running.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.filenames import safe_filename

PREFIX = "dengbao-run-"
MARKER = ".dengbao-private"

_lock = threading.Lock()
_folder: Path | None = None
_count = 0
_started = time.time()
_registered = False


def _root() -> Path:
    return Path(tempfile.gettempdir())


def folder() -> Path:
    """This run's private folder (made on first use)."""
    global _folder, _registered
    with _lock:
        if _folder is None or not _folder.is_dir():
            made = Path(tempfile.mkdtemp(prefix=PREFIX, dir=_root()))
            marker = {"pid": os.getpid(), "started": _started}
            (made / MARKER).write_text(json.dumps(marker), encoding="utf-8")
            if not _registered:
                atexit.register(cleanup)
                _registered = True
            _folder = made
        return _folder


def new_path(name: str) -> Path:
    """A fresh path in the private folder for a file shown to the user as ``name`` (any text: it is made
    safe, and each file gets its own numbered subfolder)."""
    global _count
    base = folder()
    with _lock:
        _count += 1
        sub = base / f"{_count:04d}"
    sub.mkdir(mode=0o700)
    return sub / safe_filename(name or "未命名")


def write(name: str, writer: Callable[[Path], Any], kind: Any) -> Path:
    """Write a plain copy named ``name`` through the one writer; returns its path."""
    from desktop.services import outputs

    target = new_path(name)
    outputs.write(None, target, writer, kind)
    return target


def cleanup() -> None:
    """Remove this run's folder (files a viewer still holds open on Windows stay until the next start)."""
    global _folder
    with _lock:
        made, _folder = _folder, None
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)


def remove_stale(root: Path | None = None) -> list[Path]:
    """Remove private folders of earlier runs that are no longer running; return those removed."""
    root = root or _root()
    removed: list[Path] = []
    try:
        entries = [e for e in root.iterdir() if e.name.startswith(PREFIX)]
    except OSError:
        return removed
    for entry in entries:
        if entry == _folder or not _is_stale(entry):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if not entry.exists():
            removed.append(entry)
    return removed


def _is_stale(entry: Path) -> bool:
    try:
        if entry.is_symlink() or not entry.is_dir():
            return False
        if hasattr(os, "getuid") and entry.stat().st_uid != os.getuid():
            return False
        marker = json.loads((entry / MARKER).read_text(encoding="utf-8"))
        pid, started = int(marker["pid"]), float(marker["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not ours (no marker), or unreadable: leave it
    if pid == os.getpid() and started == _started:
        return False
    if started > _started:
        return False  # made by a run that started after this one
    return not _running(pid)


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (a reused pid keeps a folder one more run: harmless)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return bool(ok) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _reset_for_tests() -> None:
    """Forget this run's folder without removing it (tests simulating a second run)."""
    global _folder, _count, _started
    with _lock:
        _folder, _count, _started = None, 0, time.time()


__all__ = ["PREFIX", "cleanup", "folder", "new_path", "remove_stale", "write"]
