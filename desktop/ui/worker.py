"""One database worker thread, a pool for files and rendering, and delayed progress dialogs.

Every database call goes through :class:`Database`: a small :class:`Operation` is queued to a QObject
living in its own QThread (the thread's event queue is the operation queue); its result or error comes
back to the main thread through a signal and the operation's callbacks run there. After a successful
write :attr:`Database.ledger_changed` tells open views to refresh. Exports and imports, which run
pure-Python loops for seconds, use :meth:`Database.run_job` instead: a child process on the same
ledger (:mod:`desktop.services.process_jobs`), so the window's event loop never waits for the
interpreter lock. File parsing and PDF rendering use :func:`run_in_pool` (a QThreadPool). Long jobs get a :class:`ProgressGate`: its dialog appears only after
600 ms and its 取消 button sets the job's cancel flag.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

#: called with an operation's result; whatever it returns is ignored
Callback = Callable[[Any], object]
#: called with (exception, formatted traceback); whatever it returns is ignored
ErrorCallback = Callable[[BaseException, str], object]

PROGRESS_DELAY_MS = 600
_ids = itertools.count(1)


class CancelToken:
    """Shared cancel flag and progress reporter for a long job."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.report: Callable[[int, int], None] = lambda _done, _total: None
        #: called once when the job is cancelled (e.g. to tell a child process)
        self.on_cancel: list[Callable[[], None]] = []

    def cancel(self) -> None:
        if self._event.is_set():
            return
        self._event.set()
        for fn in self.on_cancel:
            fn()

    def __call__(self) -> bool:
        return self._event.is_set()


class Operation:
    """A unit of database work: ``fn(ledger, *args, **kwargs)``."""

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        writes: bool,
        on_done: Callback | None,
        on_error: ErrorCallback | None,
        owner: QObject | None,
    ) -> None:
        self.id = next(_ids)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.writes = writes
        self.on_done = on_done
        self.on_error = on_error
        self.owner = owner
        self.cancelled = False

    def __repr__(self) -> str:
        return f"<Operation {self.id} {getattr(self.fn, '__qualname__', self.fn)}>"


class _Worker(QObject):
    done = Signal(object, object)
    failed = Signal(object, object, str)

    def __init__(self, ledger: Any) -> None:
        super().__init__()
        self.ledger = ledger

    @Slot(object)
    def run(self, op: Operation) -> None:
        if op.cancelled:
            self.done.emit(op, None)
            return
        try:
            result = op.fn(self.ledger, *op.args, **op.kwargs)
        except BaseException as exc:  # noqa: BLE001 - delivered to the main thread
            self.failed.emit(op, exc, traceback.format_exc())
            return
        self.done.emit(op, result)


class Database(QObject):
    """The window's only way to the ledger."""

    ledger_changed = Signal()
    idle = Signal()
    _submit = Signal(object)

    def __init__(self, ledger: Any, error_handler: ErrorCallback | None = None) -> None:
        super().__init__()
        self.ledger = ledger
        self._error_handler = error_handler
        self._pending: dict[int, Operation] = {}
        self._jobs: dict[int, Any] = {}
        self._thread = QThread()
        self._thread.setObjectName("dengbao-db")
        self._worker = _Worker(ledger)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run, Qt.ConnectionType.QueuedConnection)
        self._worker.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(30)
        self._changed_timer.timeout.connect(self.ledger_changed)
        self._thread.start()

    @property
    def pending(self) -> int:
        return len(self._pending)

    def call(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        writes: bool = False,
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> Operation:
        """Queue ``fn(ledger, *args, **kwargs)``; callbacks run on the main thread (skipped if owner died)."""
        op = Operation(fn, args, kwargs, writes=writes, on_done=on_done, on_error=on_error, owner=owner)
        self._pending[op.id] = op
        self._submit.emit(op)
        return op

    def write(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Operation:
        return self.call(fn, *args, writes=True, **kwargs)

    def run_job(
        self,
        target: Callable[..., Any] | str,
        *args: Any,
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        writes: bool = False,
        owner: QObject | None = None,
        token: CancelToken | None = None,
        **kwargs: Any,
    ) -> Operation:
        """Run ``target`` (a module-level function) in a child process: an export or an import that
        would otherwise hold the interpreter lock for seconds and freeze the window.

        The function is called as ``fn(ledger, *args, progress=…, cancelled=…, **kwargs)`` on the
        same ledger (see :mod:`desktop.services.process_jobs`); ``token`` relays progress and
        cancelling. Callbacks run on the main thread, as with :meth:`call`, and the job counts in
        :attr:`pending` while it runs.
        """
        from desktop.services.process_jobs import ProcessJob

        op = Operation(lambda _l: None, (), {}, writes=writes, on_done=on_done, on_error=on_error, owner=owner)
        self._pending[op.id] = op
        report = token.report if token is not None else None
        job = ProcessJob(
            self.ledger,
            target,
            args,
            kwargs,
            on_progress=(lambda d, t: report(d, t)) if report is not None else None,
            # the reader thread emits; the queued connections deliver on the main thread
            on_done=lambda result: self._worker.done.emit(op, result),
            on_error=lambda exc, tb: self._worker.failed.emit(op, exc, tb),
        )
        self._jobs[op.id] = job
        if token is not None:
            token.on_cancel.append(job.cancel)
        job.start()
        return op

    def _alive(self, op: Operation) -> bool:
        return not op.cancelled and (op.owner is None or isValid(op.owner))

    @Slot(object, object)
    def _on_done(self, op: Operation, result: Any) -> None:
        self._pending.pop(op.id, None)
        self._jobs.pop(op.id, None)
        try:
            if self._alive(op) and op.on_done is not None:
                op.on_done(result)
        finally:
            if op.writes and not op.cancelled:
                self._changed_timer.start()
            self._maybe_idle()

    @Slot(object, object, str)
    def _on_failed(self, op: Operation, exc: BaseException, tb: str) -> None:
        self._pending.pop(op.id, None)
        self._jobs.pop(op.id, None)
        try:
            if not self._alive(op):
                return
            if op.on_error is not None:
                op.on_error(exc, tb)
            elif self._error_handler is not None:
                self._error_handler(exc, tb)
        finally:
            self._maybe_idle()

    def _maybe_idle(self) -> None:
        if not self._pending:
            self.idle.emit()

    def shutdown(self) -> None:
        for op in self._pending.values():
            op.cancelled = True
        for job in list(self._jobs.values()):
            job.kill()
        self._jobs.clear()
        self._thread.quit()
        self._thread.wait(10000)


class _PoolSignals(QObject):
    done = Signal(object)
    failed = Signal(object, str)


class _PoolTask(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _PoolSignals()

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - delivered to the main thread
            self.signals.failed.emit(exc, traceback.format_exc())
            return
        self.signals.done.emit(result)


_live_tasks: set[_PoolTask] = set()


def run_in_pool(
    fn: Callable[[], Any],
    on_done: Callback,
    on_error: ErrorCallback,
    *,
    owner: QObject | None = None,
) -> None:
    """Run ``fn()`` in the global QThreadPool (files, PDF rendering); callbacks on the main thread."""
    task = _PoolTask(fn)
    task.setAutoDelete(False)
    _live_tasks.add(task)

    def done(result: Any) -> None:
        _live_tasks.discard(task)
        if owner is None or isValid(owner):
            on_done(result)

    def failed(exc: BaseException, tb: str) -> None:
        _live_tasks.discard(task)
        if owner is None or isValid(owner):
            on_error(exc, tb)

    task.signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
    task.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(task)


class _ProgressRelay(QObject):
    progressed = Signal(int, int)


class ProgressGate(QObject):
    """A progress dialog that shows only if the job runs longer than 600 ms; 取消 cancels the job."""

    def __init__(self, parent: QWidget, label: str, token: CancelToken) -> None:
        super().__init__(parent)
        self._parent = parent
        self._label = label
        self._token = token
        self._dialog: QProgressDialog | None = None
        self._done = 0
        self._total = 0
        self._relay = _ProgressRelay()
        self._relay.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        token.report = self._relay.progressed.emit
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._timer.start(PROGRESS_DELAY_MS)

    @property
    def shown(self) -> bool:
        return self._dialog is not None

    def _show(self) -> None:
        dlg = QProgressDialog(self._label, self.tr("取消"), 0, max(self._total, 0), self._parent)
        dlg.setWindowTitle(self.tr("请稍候"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        dlg.setValue(self._done)
        dlg.canceled.connect(self._token.cancel)
        dlg.show()
        self._dialog = dlg

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._done, self._total = done, total
        if self._dialog is not None:
            self._dialog.setMaximum(total)
            self._dialog.setValue(done)

    def finish(self) -> None:
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._token.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.deleteLater()
