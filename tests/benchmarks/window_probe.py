"""Measures inside one window process (offscreen): run by run.py, prints one JSON object.

``--mode ui``: dashboard ready; findings list first rows, sort, filter; peak memory; the longest
event-loop stall (a 10 ms QTimer's largest gap) while the 导出与打印 page exports the 整改台账.
``--mode import``: the longest stall while the same page checks and then imports a workbook
(run it on a copy of the ledger: it writes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

SEARCH_TEXT = "弱口令"


def now_ms() -> float:
    return time.perf_counter() * 1000


def peak_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024


def current_rss_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except OSError:
        return 0.0


class StallMeter:
    """A 10 ms timer; its largest gap is the longest time the event loop could not run it."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.last = 0
        self.worst = 0
        self.ticks = 0
        #: the same gaps in the GUI thread's own CPU time: what the window did itself, without the time
        #: a busy machine gave other processes (a gap's wall time includes that)
        self.last_cpu = 0.0
        self.worst_cpu = 0.0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.worst = 0
        self.ticks = 0
        self.last_cpu = time.thread_time()
        self.worst_cpu = 0.0
        self.timer.start()

    def _tick(self) -> None:
        t = self.clock.elapsed()
        self.worst = max(self.worst, t - self.last)
        self.last = t
        cpu = time.thread_time()
        self.worst_cpu = max(self.worst_cpu, (cpu - self.last_cpu) * 1000)
        self.last_cpu = cpu
        self.ticks += 1

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        # a 10 ms timer fires every 10 ms when the loop is free: report the excess over that
        return float(self.worst)


def wait(signal: Any = None, *, until: Any = None, timeout_ms: int = 600_000) -> bool:
    """Run the event loop until ``signal`` fires or ``until()`` is true (checked every 5 ms)."""
    loop = QEventLoop()
    done = {"ok": False}

    def finish(*_a: Any) -> None:
        done["ok"] = True
        loop.quit()

    if signal is not None:
        signal.connect(finish)
    poll = None
    if until is not None:
        if until():
            return True
        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(lambda: until() and finish())
        poll.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    if signal is not None:
        signal.disconnect(finish)
    if poll is not None:
        poll.stop()
    return done["ok"]


def open_window(db_path: str, marks: dict[str, float] | None = None) -> tuple[Any, Any, Any, Any]:
    from desktop.app import _setup_app

    app = _setup_app([sys.argv[0]], "zh_CN")
    from db.store.storage import open_ledger
    from desktop.ui.errors import show_error
    from desktop.ui.mainwindow import MainWindow
    from desktop.ui.worker import Database

    ledger = open_ledger(db_path, create=False)
    db = Database(ledger, show_error)
    if marks is not None:
        marks["window_start"] = now_ms()
    window = MainWindow(db=db)
    if marks is not None:
        marks["window_built"] = now_ms()
        window.dashboard.shown.connect(lambda: marks.setdefault("dashboard_shown", now_ms()))
        first_paint_done = window._first_paint_done

        def painted() -> None:
            marks.setdefault("first_paint", now_ms())
            first_paint_done()

        window._first_paint_done = painted  # the window starts its first query once it has painted
    window.resize(1024, 700)
    window.show()
    window.nav.setCurrentRow(0)
    from desktop.app import settle_memory

    settle_memory()  # as desktop.app.main does once the window is shown
    return app, ledger, db, window


def rows_ready_signal(model: Any) -> Any:
    return getattr(model, "first_rows_ready", None) or model.ids_loaded


def measure_list(app: Any, page: Any, action: Any) -> float:
    """Milliseconds from ``action()`` until the first page of rows is in the model and painted."""
    model = page.model
    signal = rows_ready_signal(model)
    t0 = now_ms()
    action()
    ok = wait(signal, timeout_ms=60_000)
    if not ok:
        return float("nan")
    # the first rows are in the model: paint them now, as the next frame would
    wait(until=lambda: model.row_at(0) is not None or model.rowCount() == 0, timeout_ms=10_000)
    page.view.viewport().repaint()
    return now_ms() - t0


def run_ui(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    marks: dict[str, float] = {}
    app, ledger, db, window = open_window(args.db, marks)
    dash = window.dashboard
    # first view: the window queries once it has painted (cold: mappers, statements, page cache)
    wait(until=lambda: "dashboard_shown" in marks, timeout_ms=120_000)
    out["dashboard_first_ms"] = marks["dashboard_shown"] - marks.get("first_paint", marks["window_start"])
    out["window_build_ms"] = marks["window_built"] - marks["window_start"]
    wait(until=lambda: db.pending == 0, timeout_ms=120_000)
    wait(until=lambda: False, timeout_ms=100)
    # a refresh (as after an edit or F5): query + numbers, list and charts updated
    times = []
    stalls = []
    for _ in range(3):
        meter = StallMeter()
        meter.start()
        t0 = now_ms()
        dash.refresh()
        wait(dash.shown, timeout_ms=120_000)
        times.append(now_ms() - t0)
        wait(until=lambda: db.pending == 0, timeout_ms=120_000)
        wait(until=lambda: False, timeout_ms=150)  # the charts and the repaint that follow
        stalls.append(meter.stop())
    out["dashboard_ms"] = sorted(times)[1]
    out["dashboard_runs_ms"] = times
    # the longest the window could not react while the dashboard was refreshed (median of 3)
    out["dashboard_stall_ms"] = sorted(stalls)[1]

    t_first = now_ms()
    holder = window.go_to("findings")
    page = holder.current()
    # the rows may already be in (read ahead while the page was hidden) or still be queried
    wait(until=lambda: page.model.rowCount() > 0 and page.model.row_at(0) is not None, timeout_ms=60_000)
    page.view.viewport().repaint()
    out["findings_first_ms"] = now_ms() - t_first
    out["findings_rows"] = page.model.rowCount()
    wait(until=lambda: db.pending == 0, timeout_ms=60_000)

    deadline_col = page.spec.keys.index("deadline")
    reloads: list[int] = []
    reload = page.model.reload
    page.model.reload = lambda: (reloads.append(1), reload())[1]  # count the queries a sort starts
    out["findings_sort_ms"] = measure_list(
        app, page, lambda: page.view.sortByColumn(deadline_col, Qt.SortOrder.DescendingOrder)
    )
    wait(until=lambda: db.pending == 0, timeout_ms=60_000)
    out["findings_sort_reloads"] = len(reloads)
    page.model.reload = reload

    def search() -> None:
        page.search.setText(SEARCH_TEXT)
        page._search_timer.stop()  # the 250 ms typing pause is not part of the query
        page._apply_filters()

    out["findings_filter_ms"] = measure_list(app, page, search)
    out["findings_filtered_rows"] = page.model.rowCount()
    wait(until=lambda: db.pending == 0, timeout_ms=60_000)

    # clear the search and scroll half-way down the full list (pages fetched as the view asks)
    page.search.setText("")
    page._search_timer.stop()
    page._apply_filters()
    wait(rows_ready_signal(page.model), timeout_ms=60_000)
    wait(until=lambda: len(page.model.ids) == page.model.rowCount(), timeout_ms=60_000)
    page.view.scrollTo(page.model.index(page.model.rowCount() // 2, 0))
    wait(until=lambda: db.pending == 0, timeout_ms=60_000)
    wait(until=lambda: False, timeout_ms=300)
    out["peak_rss_mb"] = peak_rss_mb()
    out["rss_mb"] = current_rss_mb()

    # export the 整改台账 from the 导出与打印 page while a 10 ms timer watches the event loop
    export_page = window.go_to("export")
    wait(until=lambda: db.pending == 0, timeout_ms=60_000)
    target = Path(args.out_dir) / "stall-ledger.xlsx"
    target.unlink(missing_ok=True)
    meter = StallMeter()
    meter.start()
    t0 = now_ms()
    status = export_page.export_status
    status.setText("")
    export_page.export_to("ledger", "整改台账", str(target))
    wait(until=lambda: bool(status.text()), timeout_ms=900_000)
    out["export_stall_ms"] = meter.stop()
    out["export_window_s"] = (now_ms() - t0) / 1000
    out["export_status"] = status.text()
    out["export_ok"] = target.exists()
    close(window, db, ledger)
    return out


def run_import(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    app, ledger, db, window = open_window(args.db)
    wait(until=lambda: db.pending == 0, timeout_ms=120_000)
    export_page = window.go_to("export")
    wait(until=lambda: db.pending == 0, timeout_ms=60_000)
    export_page.import_kind.setCurrentIndex(export_page.import_kind.findData("summary"))
    meter = StallMeter()
    meter.start()
    t0 = now_ms()
    export_page.check_import(args.file)
    wait(until=lambda: export_page.apply_button.isEnabled() or db.pending == 0 and _checked(export_page),
         timeout_ms=900_000)
    out["check_s"] = (now_ms() - t0) / 1000
    out["check_stall_ms"] = meter.stop()
    out["check_stall_cpu_ms"] = round(meter.worst_cpu, 1)
    out["check_summary"] = export_page.preview.summary.text()
    if not export_page.apply_button.isEnabled():
        out["import_stall_ms"] = out["check_stall_ms"]
        out["error"] = "the check found nothing to import"
        close(window, db, ledger)
        return out
    meter.start()
    t1 = now_ms()
    export_page.apply_import()
    wait(until=lambda: export_page.preview.summary.text().startswith(("已导入", "没有写入")), timeout_ms=900_000)
    out["apply_s"] = (now_ms() - t1) / 1000
    apply_stall = meter.stop()
    out["apply_stall_ms"] = apply_stall
    out["apply_stall_cpu_ms"] = round(meter.worst_cpu, 1)
    out["import_stall_ms"] = max(out["check_stall_ms"], apply_stall)
    out["apply_summary"] = export_page.preview.summary.text()
    close(window, db, ledger)
    return out


def _checked(export_page: Any) -> bool:
    text = export_page.preview.summary.text()
    return bool(text) and not text.startswith("正在检查")


def close(window: Any, db: Any, ledger: Any) -> None:
    window.close()
    db.shutdown()
    ledger.close()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--mode", choices=["ui", "import"], default="ui")
    p.add_argument("--file", help="workbook to import (--mode import)")
    p.add_argument("--out-dir", default=".")
    args = p.parse_args()
    result = run_ui(args) if args.mode == "ui" else run_import(args)
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    sys.stdout.flush()
    os._exit(0)  # skip slow interpreter teardown; everything has been printed


if __name__ == "__main__":
    raise SystemExit(main())
