"""The ledger's files and the locks that protect them, across processes.

Why this module exists (the cause of saves that never reached the file):

SQLite coordinates processes with POSIX advisory (``fcntl``) locks. Those locks belong to the pair
(process, file) and the kernel drops *all* of a process's locks on a file as soon as that process
closes *any* descriptor of the file — SQLite's own descriptors are not special. A WAL connection keeps a
SHARED lock on the ledger file for as long as it is open; the last connection to close anywhere takes
an EXCLUSIVE lock, checkpoints, and deletes ``-wal`` and ``-shm``. So when a process that has the ledger
open reads the ledger file through Python's ``open()`` (a header check), or when Qt's file dialog sniffs
the file's type while listing its folder, that process silently loses its locks. The next time another
process (an import check, an export, the command line) closes its connection, it believes it is the
last user and deletes ``-wal``/``-shm`` while the first process still has them mapped: from then on
the first process reads stale data and writes into deleted files, and its saves are lost when it exits.

The rules kept here:

1. A process that has a ledger open never opens that file except through SQLite: :func:`is_plain_sqlite`
   answers from the registry of open ledgers (:func:`register` / :func:`unregister`) instead of reading.
2. Every process holds a shared ``flock`` on ``<ledger>.lock`` for as long as it has the ledger open
   (:class:`UseLock`). ``flock`` locks belong to the open file, not to the process, so no stray
   ``close()`` drops them. Operations that replace the ledger file (restore, re-key) take it exclusively
   (:func:`claim_sole_use`) after closing their own connections, and refuse while any other process
   holds it.
3. On Linux a session checks (:func:`locks_held`) that the process really still holds its SQLite lock
   before it writes; if something stripped it, the connections are reopened before anything is written.

On Windows none of this can happen: its file locks belong to a handle and an open file cannot be deleted
or replaced, so the flock and the /proc check are skipped there.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from db.domain.errors import ReadOnlyLedgerError

SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_SUFFIX = ".lock"
#: the files SQLite keeps beside a ledger; none of them may be deleted or replaced while in use
SIDECARS = ("-wal", "-shm", "-journal")

try:  # POSIX only
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]


@dataclass
class _Open:
    plain: bool
    users: int


_registry: dict[tuple[int, int], _Open] = {}
_registry_lock = threading.Lock()


def file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path``, or None if it does not exist. ``stat`` opens nothing."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def register(path: Path, *, plain: bool) -> tuple[int, int] | None:
    """Note that this process has the ledger at ``path`` open through SQLite; returns the file's
    identity for :func:`unregister` (the path may point to another file by then)."""
    ident = file_id(path)
    if ident is None:
        return None
    with _registry_lock:
        entry = _registry.get(ident)
        if entry is None:
            _registry[ident] = _Open(plain=plain, users=1)
        else:
            entry.users += 1
    return ident


def unregister(ident: tuple[int, int] | None) -> None:
    if ident is None:
        return
    with _registry_lock:
        entry = _registry.get(ident)
        if entry is None:
            return
        entry.users -= 1
        if entry.users <= 0:
            del _registry[ident]


def is_open_here(path: Path) -> bool:
    """True while this process has the ledger file at ``path`` open."""
    ident = file_id(path)
    with _registry_lock:
        return ident is not None and ident in _registry


def is_plain_sqlite(path: Path) -> bool:
    """True when ``path`` is an unencrypted SQLite file.

    A ledger this process has open is answered from the registry: reading it here would drop the
    process's SQLite locks (see the module docstring).
    """
    ident = file_id(path)
    if ident is None:
        return False
    with _registry_lock:
        entry = _registry.get(ident)
        if entry is not None:
            return entry.plain
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def read_only_mode(path: Path) -> str:
    """How a command that only reads opens the ledger at ``path``: ``""`` normally.

    In a folder where no file can be made (a read-only share, a CD, a write-protected stick) SQLite cannot
    make the ``-shm`` file a WAL ledger needs and refuses to open it. Then ``"immutable"`` when nothing
    beside the file holds data (no ``-wal``, or an empty one: SQLite reads the file without locks or
    companions; nobody can write there either), or ``"ro"`` when a ``-wal`` with committed changes and its
    ``-shm`` are there (SQLite reads both). A ``-wal`` with content but no ``-shm`` cannot be read safely:
    :class:`db.domain.errors.ReadOnlyLedgerError`.
    """
    try:
        with tempfile.TemporaryFile(dir=path.parent, prefix=".dengbao-probe-"):
            return ""
    except OSError:
        pass
    wal, shm = (path.with_name(path.name + side) for side in ("-wal", "-shm"))
    try:
        wal_size = wal.stat().st_size
    except OSError:
        wal_size = 0
    if wal_size == 0:
        return "immutable"
    if shm.exists():
        return "ro"
    raise ReadOnlyLedgerError(str(path.parent))


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


class UseLock:
    """A shared ``flock`` on ``<ledger>.lock``, held while this process uses the ledger."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None

    def acquire(self) -> UseLock:
        if _fcntl is None or self._fd is not None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError:
            return self  # read-only folder: SQLite's own locks still apply
        try:
            # blocks only while a restore/re-key holds it exclusively (a few seconds at most)
            _fcntl.flock(fd, _fcntl.LOCK_SH)
        except OSError:
            os.close(fd)
            return self
        self._fd = fd
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


class SoleUse:
    """An exclusive ``flock`` on ``<ledger>.lock``: no other process has the ledger open."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> SoleUse:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def claim_sole_use(path: Path) -> SoleUse | None:
    """Take ``<ledger>.lock`` exclusively without waiting; None if another process holds it.

    The caller must have closed its own connections (and released its :class:`UseLock`) first.
    Where locks are unavailable (Windows, read-only folder) this returns a no-op claim: SQLite's
    own check (switching the journal mode needs sole use) and Windows' refusal to replace an open
    file still protect the ledger.
    """
    if _fcntl is None:
        return SoleUse(None)
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return SoleUse(None)
    try:
        _fcntl.flock(fd, _fcntl.LOCK_EX | _fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return SoleUse(fd)


_PROC_LOCKS = Path("/proc/locks")
#: SQLite's unix VFS: first byte of the SHARED range (PENDING_BYTE + 2) and the -shm "DMS" byte
_SHARED_FIRST = 0x40000000 + 2
_SHM_DMS = (22 + 8) * 4 + 8


def locks_held(path: Path) -> bool | None:
    """Whether this process holds its ``fcntl`` locks on the ledger file and, in WAL mode, on its
    ``-shm`` file, per the kernel.

    None where the kernel does not say (not Linux). A WAL connection that has read the ledger holds a
    SHARED lock on the file and one on the ``-shm`` file until it closes; a missing one means something
    in this process dropped it. Lines are matched by pid and inode only: on overlay file systems the
    device /proc/locks shows can differ from ``stat``'s.
    """
    if not _PROC_LOCKS.exists():
        return None
    # (inode, byte that must be locked): the SHARED range of the ledger file, and the "DMS" byte of
    # the -shm file that every WAL connection keeps read-locked (SQLite's unix VFS layout)
    wanted: list[tuple[int, int]] = []
    for candidate, byte in ((path, _SHARED_FIRST), (path.with_name(path.name + "-shm"), _SHM_DMS)):
        ident = file_id(candidate)
        if ident is None:
            if candidate == path:
                return None
            continue
        wanted.append((ident[1], byte))
    try:
        text = _PROC_LOCKS.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    pid = str(os.getpid())
    held: list[tuple[int, int, float]] = []
    for line in text.splitlines():
        # "1: POSIX  ADVISORY  READ 7213 fe:00:2146559 1073741826 1073742335" (waiters have "->")
        fields = line.split()
        if len(fields) >= 8 and fields[1] == "POSIX" and fields[4] == pid:
            with contextlib.suppress(ValueError):
                end = float("inf") if fields[7] == "EOF" else int(fields[7])
                held.append((int(fields[5].rsplit(":", 1)[1]), int(fields[6]), end))
    return all(any(i == ino and lo <= byte <= hi for i, lo, hi in held) for ino, byte in wanted)


def deleted_handles(pid: int | str = "self", names: tuple[str, ...] = ()) -> list[str]:
    """Descriptors of process ``pid`` that point to deleted files (Linux), optionally only those
    whose path contains one of ``names``. Used by the checks and tests for stale ledger files."""
    found: list[str] = []
    folder = Path(f"/proc/{pid}/fd")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.endswith(" (deleted)") and (not names or any(n in target for n in names)):
            found.append(target)
    return found


def fsync_file(path: Path) -> None:
    """Make a file's content durable before it is renamed into place."""
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path, *, quiet: bool = False) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op on Windows); ``quiet``: ignore a folder that
    cannot be opened (a best effort after the data itself is safe)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        if quiet:
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
