"""The self-test's order of steps, the run (one line per step) and its command-line entry."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO, cast

from desktop.selftest.bundle import (
    step_environment,
    step_libraries,
    step_portable,
    step_resources,
    step_server_driver,
)
from desktop.selftest.context import Context, Step, StepResult, Warn, isolated
from desktop.selftest.documents import step_pdf, step_workbook
from desktop.selftest.qt import step_qt, step_qt_modules, step_window
from desktop.selftest.storage import step_keyring, step_ledger

#: (name, function, required)
STEPS: tuple[tuple[str, Step, bool], ...] = (
    ("environment", step_environment, True),
    ("portable", step_portable, True),
    ("resources", step_resources, True),
    ("ledger", step_ledger, True),
    ("keyring", step_keyring, True),
    ("pdf", step_pdf, True),
    ("workbook", step_workbook, True),
    ("libraries", step_libraries, True),
    ("postgresql", step_server_driver, False),
    ("qt", step_qt, True),
    ("qt-modules", step_qt_modules, True),
    ("window", step_window, True),
)


def run_self_test(
    stream: TextIO | None = None,
    *,
    steps: tuple[tuple[str, Step, bool], ...] = STEPS,
) -> int:
    """Run every step, print one line each to ``stream`` (stdout by default); 0 if all required passed."""
    out = stream if stream is not None else sys.stdout
    results: list[StepResult] = []

    def emit(text: str) -> None:
        if out is not None:
            print(text, file=out, flush=True)

    with tempfile.TemporaryDirectory(prefix="dengbao-selftest-") as tmpdir:
        tmp = Path(tmpdir)
        ctx = Context(tmp=tmp, key_hex=secrets.token_hex(32))
        with isolated(ctx):
            for name, func, required in steps:
                started = time.perf_counter()
                try:
                    detail = func(ctx)
                    status = "OK"
                except Warn as exc:
                    status, detail = "WARN", str(exc)
                except Exception as exc:  # noqa: BLE001 - every failure becomes a FAIL line
                    status = "FAIL" if required else "WARN"
                    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")
                result = StepResult(name, status, detail, time.perf_counter() - started, required)
                results.append(result)
                emit(result.line())
            if ctx.ledger is not None:
                ctx.ledger.close()
            for undo in reversed(ctx.cleanups):
                with contextlib.suppress(Exception):
                    undo()
    failed = [r.name for r in results if r.status == "FAIL"]
    warned = [r.name for r in results if r.status == "WARN"]
    if failed:
        emit(f"SELF-TEST FAILED: {', '.join(failed)}")
        return 1
    emit(f"self-test passed: {len(results) - len(warned)} OK, {len(warned)} warnings")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry for ``dengbao --self-test [--self-test-log FILE]`` and ``python -m desktop.selftest [--log FILE]``.

    A windowed ``dengbao.exe`` may have no console; ``--self-test-log`` (or the environment variable
    ``DENGBAO_SELFTEST_LOG``) writes the same lines to a file as well.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    log_path = os.environ.get("DENGBAO_SELFTEST_LOG") or None
    for flag in ("--self-test-log", "--log"):
        if flag in args:
            i = args.index(flag)
            if i + 1 < len(args):
                log_path = args[i + 1]
    streams: list[TextIO] = []
    if sys.stdout is not None:
        with contextlib.suppress(AttributeError, OSError):
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        streams.append(sys.stdout)
    if log_path:
        from desktop.services import outputs

        # written as the steps run (a crash leaves what was written), so not atomically; but never onto
        # a ledger, its companions or a file that is not text (the same rules as every other output)
        try:
            outputs.check(None, log_path, outputs.TEXT_FILE, overwrite=True)
        except outputs.OutputRefusedError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 1
    log = open(log_path, "w", encoding="utf-8") if log_path else None  # noqa: SIM115 - closed below
    if log is not None:
        streams.append(log)
    try:
        return run_self_test(cast(TextIO, _Tee(streams)))
    finally:
        if log is not None:
            log.close()


class _Tee:
    def __init__(self, streams: list[TextIO]) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for s in self.streams:
            with contextlib.suppress(OSError, ValueError):
                s.write(text)
        return len(text)

    def flush(self) -> None:
        for s in self.streams:
            with contextlib.suppress(OSError, ValueError):
                s.flush()
