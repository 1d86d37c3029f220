"""``dengbao-cli``: headless commands on the ledger.

Exit codes: 0 success, 1 refused or failed (with a message), 2 usage error. Every failure is one
Chinese line on stderr, never a traceback: usage errors from :class:`desktop.cli_support.CliParser`,
known errors (:class:`db.domain.errors.LedgerError` and friends) with their own message, anything unexpected
as ``内部错误：…`` with the traceback in the log file (:func:`desktop.cli_support.log_internal_error`).
Only ``init`` and ``demo`` create a ledger; every other command refuses a ledger file that does not
exist (``restore`` may write one from a backup: that is how a ledger reaches a new computer).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from db.domain.errors import LedgerError
from db.domain.lifecycle import TransitionError
from desktop.cli_support import (
    CliParser,
    UsageError,
    check_creatable,
    check_server_url,
    count,
    has_chinese,
    hide_password,
    internal_error_line,
    iso_date,
    missing_ledger_message,
    non_empty,
    silence_stdout,
    usage_error_line,
)

Handler = Callable[[argparse.Namespace, Any], int]


def _emit(args: argparse.Namespace, payload: Any, lines: Sequence[str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        for line in lines:
            print(line)


def cmd_init(args: argparse.Namespace, ledger: Any) -> int:
    where = ledger.path or hide_password(ledger.url)
    state = "已加密（SQLCipher）" if ledger.encrypted else "未加密"
    print(f"台账已就绪：{where}（{state}）")
    for line in _new_ledger_notes(ledger):
        print(line)
    return 0


def _new_ledger_notes(ledger: Any) -> list[str]:
    """What the user must be told about a ledger this run created (its recovery key, shown once)."""
    if not ledger.created:
        return []
    if ledger.encrypted and ledger.key is not None:
        from db.store.keys import recovery_key

        return ["恢复密钥（请打印或抄写后妥善保管，只显示这一次）：", recovery_key(ledger.key)]
    if ledger.path is not None:
        return ["注意：此台账未加密，文件中的内容可被直接读取。"]
    return []


#: bookkeeping tables that a freshly created ledger already fills
_BOOKKEEPING_TABLES = frozenset({"audit_head", "ledger_meta"})


class _Verdict(Exception):
    """Carries a finding out of a transaction so that the transaction is rolled back."""

    def __init__(self, has_data: bool) -> None:
        super().__init__()
        self.has_data = has_data


def _refuse_unless_empty(ledger: Any) -> None:
    """Refuse (LedgerError) when any table other than bookkeeping has a row, audit events included.

    Looked at in a write transaction that is always rolled back, after a write of a bookkeeping row
    (also rolled back): a ledger that cannot be written is reported as such (read-only, busy) before
    its contents are, and nothing is changed either way.
    """
    import sqlalchemy as sa

    from db.models import Base

    try:
        with ledger.session() as session:
            conn = session.connection()
            # a write that is rolled back: a ledger that cannot be written says so here
            conn.exec_driver_sql("UPDATE ledger_meta SET value = value")
            found = any(
                conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None
                for table in Base.metadata.sorted_tables
                if table.name not in _BOOKKEEPING_TABLES
            )
            raise _Verdict(found)
    except _Verdict as verdict:
        if verdict.has_data:
            raise LedgerError(
                "台账中已有数据，演示数据只能写入新建的空台账（例如 dengbao-cli --db demo.db demo）。"
            ) from None


def cmd_demo(args: argparse.Namespace, ledger: Any) -> int:
    from db.demo.unit import build_demo

    _refuse_unless_empty(ledger)
    notes = _new_ledger_notes(ledger)
    summary = build_demo(ledger, scale=args.scale, today=_today(args))
    _emit(args, summary, [f"已生成演示数据：{_fmt_counts(summary)}", *notes])
    if notes and getattr(args, "json", False):
        for line in notes:  # stdout carries the JSON; the recovery key must still be seen once
            print(line, file=sys.stderr)
    return 0


def _fmt_counts(counts: dict[str, int]) -> str:
    return "，".join(f"{k} {v}" for k, v in counts.items())


def _today(args: argparse.Namespace) -> date:
    """``--today`` (parsed by :func:`desktop.cli_support.iso_date`), else today."""
    given = getattr(args, "today", None)
    return given if isinstance(given, date) else date.today()


def cmd_list(args: argparse.Namespace, ledger: Any) -> int:
    from db.repo import listing

    with ledger.session(write=False) as session:
        if args.what == "orgs":
            rows = listing.organizations(session)
            lines = [f"{r['id']:>5}  {r['name']}  {r.get('uscc') or ''}" for r in rows]
        elif args.what == "objects":
            rows = listing.objects(session)
            lines = [f"{r['id']:>5}  {r['level_label']:<4} {r['name']}（{r['organization']}）" for r in rows]
        elif args.what == "findings":
            rows = listing.findings(session, today=_today(args), limit=args.limit)
            lines = [
                f"{r['id']:>6}  {r['risk_label']}  {r['status_label']:<4} {r['deadline'] or '—'}"
                f"{' 逾期' if r['overdue'] else ''}  {r['title']}"
                for r in rows
            ]
        else:
            from db.repo.deadlines import upcoming

            items = upcoming(session, today=_today(args), horizon_days=args.days)
            rows = [item.as_dict() for item in items]
            lines = [
                f"{r['due']}  {'逾期' if r['overdue'] else '临近'}  {r['title']}  [{r['rule_set']}"
                f"{'，按周一至周五估算' if r['approximate'] else ''}]"
                for r in rows
            ]
    _emit(args, rows, lines or ["（无）"])
    return 0


def cmd_check(args: argparse.Namespace, ledger: Any) -> int:
    from db.store.check import check_ledger

    report = check_ledger(ledger)
    _emit(args, report.as_dict(), report.lines())
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = CliParser(
        prog="dengbao-cli",
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

    p = sub.add_parser("init", help="创建（或打开并升级）台账")
    p.set_defaults(handler=cmd_init, creates_ledger=True)

    p = sub.add_parser("demo", help="写入演示数据（只用于新建的空台账）")
    p.add_argument(
        "--scale",
        choices=["unit", "province"],
        default="unit",
        help="unit：一个单位的演示；province：全省规模",
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="以此日期为“今天”生成数据")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo, creates_ledger=True)

    p = sub.add_parser("list", help="列出单位、定级对象、问题或到期事项")
    p.add_argument("what", choices=["orgs", "objects", "findings", "deadlines"])
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="计算到期情况所用的日期（默认今天）")
    p.add_argument("--days", type=count, default=30, metavar="N", help="deadlines：列出今后多少天内到期的事项（默认30）")
    p.add_argument("--limit", type=count, default=None, metavar="N", help="findings：最多列出多少条")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("check", help="检查台账完整性、外键和审计链")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    for module in _command_modules():
        module.register(sub)
    return parser


def _command_modules() -> list[Any]:
    import importlib

    found = []
    for name in ("documents", "maintenance"):
        try:
            found.append(importlib.import_module(f"desktop.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name not in (f"desktop.commands.{name}", "desktop.commands"):
                raise
    return found


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
        try:
            if not creates:
                _refuse_server_without_ledger(url)
            return open_ledger(url=url)
        except DBAPIError as exc:
            raise ServerUnavailableError(" ".join(str(exc.orig).split())) from exc
    try:
        return open_ledger(path, encryption=not args.no_encryption, create=creates)
    except DBAPIError as exc:
        raise LedgerError(f"无法打开台账文件 {path}（{' '.join(str(exc.orig).split())}）。") from exc


def _refuse_server_without_ledger(url: str) -> None:
    """A server database without a ledger in it is refused (opening would create one there)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            found = sa.inspect(conn).has_table("alembic_version")
    finally:
        engine.dispose()
    if not found:
        shown = hide_password(url)
        raise LedgerError(f"服务器数据库中没有台账：{shown}。新建台账请用 dengbao-cli --url {shown} init")


def ledger_target(args: argparse.Namespace, *, create: bool) -> tuple[str | None, Path | None]:
    """(server URL, file path) of the ledger the arguments name, checked before anything is opened.

    A server address must be a usable PostgreSQL URL (:class:`UsageError` otherwise). A ledger file
    must exist unless ``create``; then its folder must be creatable and writable (``LedgerError``).
    """
    from db.store.storage import ENV_URL, resolve_target

    url, path = resolve_target(args.db, args.url)
    if url is not None:
        check_server_url(url, source="--url" if args.url else f"环境变量 {ENV_URL}")
        return url, None
    assert path is not None
    try:
        exists = path.exists()
    except OSError as exc:
        raise LedgerError(f"无法访问台账文件 {path}：{exc.strerror or exc}") from exc
    if not exists:
        if not create:
            raise LedgerError(missing_ledger_message(path))
        check_creatable(path)
    return None, path


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":
    raise SystemExit(main())
