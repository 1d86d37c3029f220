"""Noticing changes other officers, windows or commands saved, so open lists and pages refresh by themselves.

:class:`ChangeWatcher` runs one background thread per window:

- on PostgreSQL it ``LISTEN``\\ s on :data:`CHANNEL` on a connection of its own; every write to a ledger table
  sends a notification when its transaction commits (statement triggers created by migration 0004, so the
  command line, imports and raw SQL are noticed too), and the watcher reports within moments — except
  those sent by this program's own connections (:func:`db.store.engine.own_backends`): the window has
  reloaded after its own save already;
- on a ledger file it polls a cheap change counter every :data:`POLL_S` seconds — the newest audit event's
  id, one primary-key lookup — because SQLite has no notifications between processes; every change of
  ledger data writes an audit event. When the newest event is one this process committed itself
  (:func:`db.store.audit_head.own_head`), the window has already reloaded after its own save, so nothing
  is reported (an earlier change of another process was committed before it and is in that reload too).

The callback runs on the watcher's thread; the window turns it into a Qt signal
(:mod:`desktop.ui.live_refresh`). Failures (server gone, file locked) are retried quietly: refreshing is a
convenience, and the window reports connection problems on the next thing the officer does.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from db.store import audit_head
from db.store.engine import own_backends

#: the notification channel of a server ledger (the triggers of migration 0004 send on it)
CHANNEL = "dengbao_changes"
#: seconds between two looks at a ledger file's change counter
POLL_S = 2.0
#: seconds a server connection waits for notifications before checking whether to stop
LISTEN_WAIT_S = 1.0
#: seconds before trying again after the server or the file could not be reached
RETRY_S = 5.0


class ChangeWatcher:
    """Calls ``on_change(tables)`` when the ledger changed (``tables``: comma-separated table names, or "")."""

    def __init__(self, ledger: Any, on_change: Callable[[str], None], *, poll_s: float = POLL_S) -> None:
        self.ledger = ledger
        self.on_change = on_change
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: notifications or changed counters seen so far (tests and the status bar read it)
        self.seen = 0
        #: looks at a ledger file's counter so far
        self.polls = 0
        #: set once the server connection listens (notifications sent before are not heard)
        self.listening = threading.Event()

    @property
    def server(self) -> bool:
        return bool(self.ledger.engine.dialect.name == "postgresql")

    def start(self) -> ChangeWatcher:
        if self._thread is None:
            target = self._listen if self.server else self._poll
            self._thread = threading.Thread(target=target, name="dengbao-live", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (before the ledger is closed)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def stop_soon(self) -> None:
        """Ask the thread to stop without waiting for it."""
        self._stop.set()

    def _report(self, tables: str) -> None:
        self.seen += 1
        with contextlib.suppress(Exception):  # a window closing meanwhile must not kill the thread
            self.on_change(tables)

    # ---- ledger file: poll the newest audit event ----------------------------------------------

    def _counter(self) -> int:
        with self.ledger.engine.connect() as conn:
            value = conn.execute(sa.text("SELECT max(id) FROM audit_events")).scalar()
            conn.rollback()
        return int(value or 0)

    def _poll(self) -> None:
        last: int | None = None
        path = getattr(self.ledger, "path", None)
        while not self._stop.is_set():
            if path is not None and not Path(path).exists():
                return  # the file was moved or removed: never let SQLite create an empty one in its place
            try:
                now = self._counter()
            except Exception:  # noqa: BLE001 - busy, locked or closed: look again later
                self._stop.wait(RETRY_S)
                continue
            if last is not None and now != last and now != audit_head.own_head(self.ledger.engine):
                self._report("")
            last = now
            self.polls += 1
            self._stop.wait(self.poll_s)

    # ---- server: LISTEN ------------------------------------------------------------------------

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen_once()
            except Exception:  # noqa: BLE001 - server restarted or unreachable: reconnect later
                self._stop.wait(RETRY_S)

    def _listen_once(self) -> None:
        # a connection of the ledger's engine (same credentials, TLS and timeouts), taken out of its pool
        raw = self.ledger.engine.raw_connection()
        conn = raw.driver_connection
        raw.detach()
        if conn is None:  # pragma: no cover - a pool always gives a live connection
            return
        try:
            conn.rollback()
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            while not self._stop.is_set():
                notes = list(conn.notifies(timeout=LISTEN_WAIT_S, stop_after=100))
                if not notes:
                    continue
                # sent by this program's own connections: the window reloaded after its own save
                own = own_backends(self.ledger.engine)
                tables = sorted({n.payload for n in notes if n.pid not in own})
                if tables:
                    self._report(",".join(t for t in tables if t))
        finally:
            with contextlib.suppress(Exception):
                raw.close()
