"""Run a long ledger job (an export, an import) in a separate process, so the window never waits.

Python threads share one interpreter lock: an export that spends a minute in pure-Python loops on the
database worker thread would keep the window from painting for most of that minute. A job started
here runs in a fresh interpreter (``multiprocessing`` with *spawn*, the only start method on Windows)
that opens the same ledger file with the same key.

The key never appears on a command line or on disk: the child receives the job — the ledger's path,
its raw key, the function to call and its arguments — through the process's pipe after it has
started. The function is passed as itself; it must be a module-level function, which pickles as a
reference (its module and name) and is imported again in the child. It is called as
``fn(ledger, *args, progress=…, cancelled=…, **kwargs)``; progress reports and the result (or the
exception with its traceback) come back through the same pipe. Nothing here imports Qt: the window
wraps :class:`ProcessJob` in :mod:`desktop.ui.worker`.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import pickle
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

#: progress messages are sent at most this often (seconds)
PROGRESS_INTERVAL = 0.1
#: after a cancel request the child gets this long to stop by itself (seconds)
CANCEL_GRACE = 5.0


class JobCancelled(Exception):
    """The job stopped because it was cancelled (the function raised its own ``Cancelled``)."""


class JobFailed(Exception):
    """The job's exception could not be sent back as itself; its text and traceback are kept."""


@dataclass(frozen=True)
class LedgerRef:
    """Enough to open a ledger again in another process: a file and its key, or a server URL."""

    path: str | None
    url: str
    encrypted: bool
    actor: str
    key: bytes | None = field(default=None, repr=False)


def ledger_ref(ledger: Any) -> LedgerRef:
    if getattr(ledger, "is_server", False):
        url = ledger.engine.url.render_as_string(hide_password=False)
        return LedgerRef(path=None, url=url, encrypted=False, actor=ledger.actor)
    return LedgerRef(
        path=str(ledger.path), url=ledger.url, encrypted=bool(ledger.encrypted), actor=ledger.actor, key=ledger.key
    )


def open_ref(ref: LedgerRef) -> Any:
    """The ledger as a child process uses it: no migration (the window did that), no keyring."""
    from db.store import storage  # noqa: PLC0415 - only in the child

    if ref.path is None:
        from db.store.engine import server_engine  # noqa: PLC0415 - the lock/statement/idle timeouts too

        engine = server_engine(ref.url)
        return storage.Ledger(engine=engine, url=ref.url, path=None, encrypted=False, actor=ref.actor)
    return storage.attach(Path(ref.path), ref.key, actor=ref.actor)


def _child_main(conn: Any) -> None:
    """Entry point of the child: receive the job, run it, send back the outcome."""
    ledger = None
    try:
        ref, target, args, kwargs = conn.recv()
        fn = resolve_target(target)
        cancel_seen = threading.Event()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_INTERVAL or done >= total > 0:
                last[0] = now
                conn.send(("progress", int(done), int(total)))

        def cancelled() -> bool:
            if not cancel_seen.is_set() and conn.poll():
                msg = conn.recv()
                if msg and msg[0] == "cancel":
                    cancel_seen.set()
            return cancel_seen.is_set()

        ledger = open_ref(ref)
        result = fn(ledger, *args, progress=progress, cancelled=cancelled, **kwargs)
        conn.send(("done", result))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the window
        tb = traceback.format_exc()
        try:
            payload = pickle.dumps(exc)
            pickle.loads(payload)
        except Exception:  # noqa: BLE001 - unpicklable exception: send its text
            exc = JobFailed(f"{type(exc).__name__}: {exc}")
        with contextlib.suppress(Exception):
            conn.send(("error", exc, tb))
    finally:
        if ledger is not None:
            with contextlib.suppress(Exception):
                ledger.engine.dispose()
                ledger.release_file()
        with contextlib.suppress(Exception):
            conn.close()


class ProcessJob:
    """One job in a child process. Callbacks run on the reader thread; the window re-posts them.

    ``target``: a module-level function (it travels to the child by reference), or its name as
    ``"package.module:function"`` (:func:`resolve_target`: imported in the child only);
    ``on_progress(done, total)``, ``on_done(result)`` and ``on_error(exc, traceback_text)``.
    """

    def __init__(
        self,
        ledger: Any,
        target: JobTarget,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        *,
        on_progress: Callable[[int, int], None] | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
    ) -> None:
        _check_importable(target)
        self.ref = ledger_ref(ledger)
        self.target = target
        self.args = args
        self.kwargs = kwargs or {}
        self.on_progress = on_progress
        self.on_done = on_done
        self.on_error = on_error
        self._ctx = multiprocessing.get_context("spawn")
        self._conn: Any = None
        self._proc: Any = None
        self._reader: threading.Thread | None = None
        self._finished = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> ProcessJob:
        parent, child = self._ctx.Pipe(duplex=True)
        self._proc = self._ctx.Process(target=_child_main, args=(child,), daemon=True, name="dengbao-job")
        self._proc.start()
        child.close()
        self._conn = parent
        # the key travels through the pipe, never through the command line or a file
        parent.send((self.ref, self.target, self.args, self.kwargs))
        self._reader = threading.Thread(target=self._read, name="dengbao-job-reader", daemon=True)
        self._reader.start()
        return self

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._finished.wait(timeout)

    def cancel(self) -> None:
        """Ask the child to stop; if it has not stopped after a grace period, end it."""
        with self._lock:
            if self._finished.is_set() or self._conn is None:
                return
            with contextlib.suppress(Exception):
                self._conn.send(("cancel",))

        def reap() -> None:
            if not self._finished.wait(CANCEL_GRACE) and self._proc is not None and self._proc.is_alive():
                self._proc.terminate()

        threading.Thread(target=reap, daemon=True).start()

    def kill(self) -> None:
        """End the child at once (the window is closing)."""
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(2)

    def _read(self) -> None:
        conn = self._conn
        outcome: tuple[Any, ...] | None = None
        try:
            while True:
                try:
                    msg = conn.recv()
                except (EOFError, OSError):
                    break
                if msg[0] == "progress":
                    if self.on_progress is not None:
                        self.on_progress(msg[1], msg[2])
                    continue
                outcome = msg
                break
        finally:
            with self._lock, contextlib.suppress(Exception):
                conn.close()
            if self._proc is not None:
                self._proc.join(10)
        exitcode = self._proc.exitcode if self._proc is not None else None
        try:
            if outcome is None:
                exc: BaseException = JobFailed(f"导出/导入进程意外退出（退出码 {exitcode}）")
                if self.on_error is not None:
                    self.on_error(exc, "")
            elif outcome[0] == "done":
                if self.on_done is not None:
                    self.on_done(outcome[1])
            elif self.on_error is not None:
                self.on_error(outcome[1], outcome[2])
        finally:
            self._finished.set()


#: a job named as text (``"package.module:function"``) is imported from these packages only
_NAMED_JOB_PACKAGES = ("desktop.", "db.")

#: a job given as text: ``"package.module:function"``
JobTarget = Callable[..., Any] | str


def resolve_target(target: JobTarget) -> Callable[..., Any]:
    """The job function: ``target`` itself, or the function a ``"module:function"`` text names.

    Naming a job saves the window importing the job's module (and all it needs: an importer's
    validators, ``phonenumbers`` …) on its own thread before the child can start: 70–290 ms."""
    if not isinstance(target, str):
        return target
    module, _, name = target.partition(":")
    if not module.startswith(_NAMED_JOB_PACKAGES) or not name.isidentifier():
        raise TypeError(f"a job named as text must be 'package.module:function' of this program, not {target!r}")
    fn = getattr(importlib.import_module(module), name)
    _check_importable(fn)
    return cast(Callable[..., Any], fn)


def _check_importable(fn: JobTarget) -> None:
    """Refuse, in the caller's process, a function the child could not import by its name."""
    if isinstance(fn, str):
        module, sep, name = fn.partition(":")
        if not sep or not module.startswith(_NAMED_JOB_PACKAGES) or not name.isidentifier():
            raise TypeError(f"a job named as text must be 'package.module:function', not {fn!r}")
        return
    qualname = getattr(fn, "__qualname__", "")
    if not callable(fn) or not getattr(fn, "__module__", None) or not qualname or "<" in qualname:
        raise TypeError(f"a job must be a module-level function, not {fn!r}")


def run_job(ledger: Any, target: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a job in a child process and wait for it (command line, tests)."""
    box: dict[str, Any] = {}
    job = ProcessJob(
        ledger,
        target,
        args,
        kwargs,
        on_done=lambda r: box.__setitem__("result", r),
        on_error=lambda e, tb: box.__setitem__("error", (e, tb)),
    ).start()
    job.wait()
    if "error" in box:
        raise box["error"][0]
    return box.get("result")
