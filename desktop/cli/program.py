"""The ``dengbao-cli`` program: the parser, one command's run, and what its exit code says.

Exit codes: 0 success, 1 refused or failed (with a message), 2 usage error. Every failure is one
Chinese line on stderr, never a traceback: usage errors from :class:`desktop.cli.support.CliParser`,
known errors (:class:`db.domain.errors.LedgerError` and friends) with their own message, anything unexpected
as ``内部错误：…`` with the traceback in the log file (:func:`desktop.cli.support.log_internal_error`).
Only ``init`` and ``demo`` create a ledger; every other command refuses a ledger file that does not
exist (``restore`` may write one from a backup: that is how a ledger reaches a new computer).
The subcommands live in :mod:`desktop.cli.commands`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from typing import Any

from db.domain.errors import LedgerError
from db.domain.identity import CLI_PROGRAM
from db.domain.lifecycle import TransitionError
from desktop.cli.commands import COMMAND_MODULES
from desktop.cli.support import (
    CliParser,
    UsageError,
    has_chinese,
    hide_password,
    internal_error_line,
    ledger_target,
    non_empty,
    silence_stdout,
    usage_error_line,
)

Handler = Callable[[argparse.Namespace, Any], int]


def build_parser() -> argparse.ArgumentParser:
    parser = CliParser(
        prog=CLI_PROGRAM,
        description="等保台账命令行工具（无界面）。退出码：0 成功；1 拒绝执行或失败（原因见提示）；2 用法错误。",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--db", metavar="PATH", type=non_empty, help="台账文件路径（默认：用户数据目录下的 ledger.db）"
    )
    where.add_argument(
        "--url", metavar="URL", type=non_empty, help="服务器台账地址，如 postgresql+psycopg://user@host/db"
    )
    parser.add_argument("--no-encryption", action="store_true", help="新建不加密的台账（不推荐）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, title="命令")

    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code (0 done, 1 refused or failed, 2 usage error)."""
    _utf8_console()
    try:
        code = _run(argv)
        sys.stdout.flush()  # a closed pipe shows here when the output fitted in the buffer
        return code
    except BrokenPipeError:
        # `dengbao-cli list findings | head`: the reader has all it wants; stop quietly
        silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place unexpected errors become one line
        print(internal_error_line(exc, list(argv) if argv is not None else None), file=sys.stderr)
        return 1


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    handler: Handler = args.handler
    try:
        if not getattr(args, "needs_ledger", True):
            return handler(args, None)
        ledger = _open_ledger(args)
        if getattr(ledger, "key_notice", ""):  # another key than the one looked up opened it: which
            print(f"注意：{ledger.key_notice}", file=sys.stderr)
        try:
            return handler(args, ledger)
        finally:
            ledger.close()
    except UsageError as exc:
        prog = f"{parser.prog} {exc.command}" if exc.command else parser.prog
        sys.stderr.write(usage_error_line(str(exc), prog))
        return 2
    except (LedgerError, TransitionError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        if not has_chinese(str(exc)):
            raise  # a ValueError without a Chinese message is a bug, not a refusal
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as exc:
        print(f"错误：{_os_error_text(exc)}", file=sys.stderr)
        return 1


def _os_error_text(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.filename:
        return f"无法读写 {exc.filename}：{reason}"
    return f"读写文件时出错：{reason}"


def _open_ledger(args: argparse.Namespace) -> Any:
    """Open the ledger the arguments name; only ``init`` and ``demo`` may create one."""
    from sqlalchemy.exc import DBAPIError

    from db.domain.errors import ServerUnavailableError
    from db.store.storage import open_ledger

    creates = bool(getattr(args, "creates_ledger", False))
    url, path = ledger_target(args, create=creates)
    if url is not None:
        from desktop.services.ledger_access import with_saved_password

        url = with_saved_password(url)  # the password the window saved for this server, if any
        try:
            if not creates:
                _refuse_server_without_ledger(url)
            return open_ledger(url=url)
        except DBAPIError as exc:
            raise ServerUnavailableError(" ".join(str(exc.orig).split())) from exc
    try:
        # commands that only read (list, check, export, print, backup …) also work in a read-only folder
        return open_ledger(
            path, encryption=not args.no_encryption, create=creates, read_only=bool(getattr(args, "read_only", False))
        )
    except DBAPIError as exc:
        raise LedgerError(f"无法打开台账文件 {path}（{' '.join(str(exc.orig).split())}）。") from exc


def _refuse_server_without_ledger(url: str) -> None:
    """A server database without a ledger in it is refused (opening would create one there)."""
    import sqlalchemy as sa

    from db.store.engine import server_engine

    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            found = sa.inspect(conn).has_table("alembic_version")
    finally:
        engine.dispose()
    if not found:
        shown = hide_password(url)
        raise LedgerError(f"服务器数据库中没有台账：{shown}。新建台账请用 dengbao-cli --url {shown} init")


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")

