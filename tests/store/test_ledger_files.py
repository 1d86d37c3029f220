"""The ledger's locks survive whatever else the process does with the file (db.store.ledger_files).

The failure these tests pin down: a process with the ledger open read the file through Python (a header
check, Qt's file dialog sniffing the file type), which made the kernel drop *all* its SQLite locks;
another process closing its connection then deleted -wal/-shm, and the first process's later saves went
into deleted files and were lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.domain.errors import LedgerBusyError
from db.models import Organization
from db.store import ledger_files
from db.store.storage import is_plain_sqlite, open_ledger

ROOT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")

#: a second program on the same ledger: opens it, reads, and closes (the last one out deletes -wal)
OTHER = (
    "import sys; from db.store.storage import open_ledger; import sqlalchemy as sa\n"
    "l = open_ledger(sys.argv[1], create=False)\n"
    "with l.session(write=False) as s: print(s.execute(sa.text('select count(*) from organizations')).scalar())\n"
    "l.close()\n"
)


def _env(key: bytes | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env["PYTHONPATH"] = str(ROOT)
    if key is not None:
        env["DENGBAO_KEY"] = key.hex()
    return env


def _other(path: Path, key: bytes | None) -> int:
    out = subprocess.run([sys.executable, "-c", OTHER, str(path)], env=_env(key), capture_output=True,
                         text=True, check=True, timeout=120)
    return int(out.stdout.strip())


def _add(ledger, name: str) -> None:
    with ledger.session() as s:
        s.add(Organization(name=name))


def _names(ledger) -> set[str]:
    with ledger.session(write=False) as s:
        return set(s.scalars(sa.select(Organization.name)))


@pytest.fixture(params=["encrypted", "plain"])
def opened(request, ledger_path: Path):
    led = open_ledger(ledger_path, encryption=request.param == "encrypted")
    _add(led, "甲")
    yield led
    led.close()


@linux_only
def test_header_check_of_an_open_ledger_reads_nothing(opened, ledger_path: Path) -> None:
    _names(opened)
    assert ledger_files.locks_held(ledger_path) is True
    assert is_plain_sqlite(ledger_path) == (not opened.encrypted)
    assert ledger_files.locks_held(ledger_path) is True, "the header check dropped the process's locks"


@linux_only
def test_stripped_locks_are_noticed_before_the_next_save(opened, ledger_path: Path) -> None:
    """Strip the locks the way a file dialog does, let another program close its connection, then save:
    the save reaches the file (another process sees it) and no handle points to a deleted file."""
    _names(opened)
    with ledger_path.open("rb"):
        pass  # what QMimeDatabase does while a file dialog lists the ledger's folder
    assert ledger_files.locks_held(ledger_path) is False
    assert _other(ledger_path, opened.key) == 1  # the other program closes: it may delete -wal/-shm now
    _add(opened, "乙")
    assert opened.relocks == 1
    assert ledger_files.locks_held(ledger_path) is True
    assert not ledger_files.deleted_handles(names=(ledger_path.name,))
    assert _other(ledger_path, opened.key) == 2, "the save did not reach the ledger file"
    assert _names(opened) == {"甲", "乙"}


@linux_only
def test_a_save_whose_locks_vanish_midway_is_refused_not_lost(opened, ledger_path: Path) -> None:
    from db.domain.errors import LockLostError

    with pytest.raises(LockLostError), opened.session() as s:
        s.add(Organization(name="丙"))
        s.flush()
        with ledger_path.open("rb"):
            pass
    assert _names(opened) == {"甲"}  # refused, said so, and the connection works again
    _add(opened, "丙")
    assert _other(ledger_path, opened.key) == 2


def test_restore_waits_for_sole_use(ledger_path: Path, tmp_path: Path) -> None:
    """Nothing replaces the ledger while another process has it open (the shared use lock)."""
    from db.store.backup import make_backup
    from db.store.restore import restore_backup

    led = open_ledger(ledger_path)
    _add(led, "甲")
    backup = make_backup(led, reason="manual")
    key = led.key
    led.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from db.store.storage import open_ledger; "
         "l = open_ledger(sys.argv[1], create=False); print('open', flush=True); sys.stdin.read()",
         str(ledger_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env(key),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = ledger_path.read_bytes()
        with pytest.raises(LedgerBusyError):
            restore_backup(ledger_path, backup, key=key)
        assert ledger_path.read_bytes() == before
    finally:
        holder.communicate("")
    restore_backup(ledger_path, backup, key=key)  # alone now: allowed


def test_use_lock_is_shared_and_sole_use_is_exclusive(ledger_path: Path) -> None:
    if os.name == "nt":
        pytest.skip("flock is POSIX; Windows refuses to replace an open file instead")
    led = open_ledger(ledger_path)
    other = open_ledger(ledger_path, create=False)  # two users in one process share the lock
    assert ledger_files.claim_sole_use(ledger_path) is None
    other.close()
    assert ledger_files.claim_sole_use(ledger_path) is None
    led.close()
    claim = ledger_files.claim_sole_use(ledger_path)
    assert claim is not None
    claim.release()


@linux_only
def test_a_read_of_the_shm_file_alone_is_noticed_too(opened, ledger_path: Path) -> None:
    """A file dialog listing the folder reads -shm as well; losing only that lock also counts."""
    _names(opened)
    shm = ledger_path.with_name(ledger_path.name + "-shm")
    if not shm.exists():
        pytest.skip("the ledger is not in WAL mode here")
    assert ledger_files.locks_held(ledger_path) is True
    with shm.open("rb"):
        pass
    assert ledger_files.locks_held(ledger_path) is False
    _add(opened, "乙")
    assert opened.relocks == 1 and ledger_files.locks_held(ledger_path) is True
    assert _other(ledger_path, opened.key) == 2
