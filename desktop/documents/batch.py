"""Many filing packets at once (a supervising department prints a province's 备案材料): rendered across
processes, each worker registering the Chinese fonts once and opening the ledger once.

PDF rendering is pure Python (reportlab) and takes tens of milliseconds a packet, so a batch is spread
over a :class:`~concurrent.futures.ProcessPoolExecutor` (spawn, as on Windows). The ledger's key reaches
the workers through the pool's pipe (the initializer's arguments), never a command line or a file.
Each task is a chunk of object ids: the worker loads the packet's data in a short read transaction and
writes ``<out_dir>/<object id>-<name>.pdf``. Nothing here imports Qt; the window or the command line
supplies ``progress`` and ``cancelled``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

#: object ids per task: large enough to amortise the pool's messaging, small enough to balance
CHUNK = 10
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')

# worker state (one per process)
_ledger: Any = None


@dataclass
class PacketOutcome:
    object_id: int
    path: str | None
    pages: int = 0
    error: str | None = None


@dataclass
class BatchResult:
    done: list[PacketOutcome] = field(default_factory=list)
    failed: list[PacketOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def count(self) -> int:
        return len(self.done)


def packet_file_name(object_id: int, name: str) -> str:
    safe = _UNSAFE.sub("_", name).strip("._")[:60] or "对象"
    return f"{object_id:06d}-{safe}-备案表.pdf"


def _init_worker(ref: Any) -> None:
    """Once per worker process: open the ledger (read only use) and register the fonts."""
    global _ledger
    from desktop.documents.fonts import document_fonts  # noqa: PLC0415
    from desktop.services.process_jobs import open_ref  # noqa: PLC0415

    _ledger = open_ref(ref)
    document_fonts()


def _render_chunk(object_ids: Sequence[int], out_dir: str, form: str | None) -> list[PacketOutcome]:
    from desktop.documents.filing_packet import render_filing_packet  # noqa: PLC0415
    from desktop.services import document_data as dd  # noqa: PLC0415

    out: list[PacketOutcome] = []
    for oid in object_ids:
        try:
            with _ledger.session(write=False) as session:
                data = dd.filing_packet_data(session, oid)
            target = Path(out_dir) / packet_file_name(oid, data.obj.name)
            tmp = target.with_name(target.name + ".part")
            with open(tmp, "wb") as fh:
                result = render_filing_packet(data, fh, form)
            os.replace(tmp, target)
            out.append(PacketOutcome(oid, str(target), result.total_pages))
        except Exception as exc:  # noqa: BLE001 - one bad object must not stop the batch
            out.append(PacketOutcome(oid, None, error=str(exc) or type(exc).__name__))
    return out


def render_packets(
    ledger: Any,
    object_ids: Sequence[int],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    form: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatchResult:
    """Render the filing packet of every object in ``object_ids`` into ``out_dir``.

    ``workers`` defaults to the number of CPUs (at most 4: each worker holds its own fonts and
    page cache). Failures are collected per object; a cancel stops handing out work.
    """
    from desktop.services.process_jobs import ledger_ref  # noqa: PLC0415

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ids = list(object_ids)
    total = len(ids)
    result = BatchResult()
    if not ids:
        return result
    n = workers or min(4, os.cpu_count() or 1)
    chunks = [ids[i : i + CHUNK] for i in range(0, total, CHUNK)]
    with ProcessPoolExecutor(
        max_workers=n, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(ledger_ref(ledger),)
    ) as pool:
        pending: set[Future[list[PacketOutcome]]] = set()
        queue = iter(chunks)
        # keep every worker busy with one chunk in hand and one queued
        for chunk in queue:
            pending.add(pool.submit(_render_chunk, chunk, str(out), form))
            if len(pending) >= 2 * n:
                break
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                for outcome in fut.result():
                    (result.done if outcome.error is None else result.failed).append(outcome)
                if progress is not None:
                    progress(len(result.done) + len(result.failed), total)
            if cancelled is not None and cancelled():
                result.cancelled = True
                for fut in pending:
                    fut.cancel()
                pool.shutdown(wait=True, cancel_futures=True)
                break
            for _ in finished:
                chunk = next(queue, None)
                if chunk is not None:
                    pending.add(pool.submit(_render_chunk, chunk, str(out), form))
    return result
