"""``dengbao-cli``: headless commands on the ledger.

Exit codes: 0 success, 1 refused or failed (with a message), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from db.errors import LedgerError
from db.lifecycle import TransitionError

Handler = Callable[[argparse.Namespace, Any], int]


def _emit(args: argparse.Namespace, payload: Any, lines: Sequence[str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        for line in lines:
            print(line)


def cmd_init(args: argparse.Namespace, ledger: Any) -> int:
    where = ledger.path or ledger.url
    state = "已加密（SQLCipher）" if ledger.encrypted else "未加密"
    print(f"台账已就绪：{where}（{state}）")
    if ledger.created and ledger.encrypted and ledger.key is not None:
        from db.keys import recovery_key

        print("恢复密钥（请打印或抄写后妥善保管，只显示这一次）：")
        print(recovery_key(ledger.key))
    if ledger.created and not ledger.encrypted and ledger.path is not None:
        print("注意：此台账未加密，文件中的内容可被直接读取。")
    return 0


def cmd_demo(args: argparse.Namespace, ledger: Any) -> int:
    from db.demo import build_demo

    summary = build_demo(ledger, scale=args.scale, today=_today(args))
    _emit(args, summary, [f"已生成演示数据：{_fmt_counts(summary)}"])
    return 0


def _fmt_counts(counts: dict[str, int]) -> str:
    return "，".join(f"{k} {v}" for k, v in counts.items())


def _today(args: argparse.Namespace) -> date:
    return date.fromisoformat(args.today) if getattr(args, "today", None) else date.today()


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
    from db.check import check_ledger

    report = check_ledger(ledger)
    _emit(args, report.as_dict(), report.lines())
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dengbao-cli",
        description="等保台账命令行工具（无界面）。",
    )
    parser.add_argument("--db", metavar="PATH", help="台账文件路径（默认：用户数据目录下的 ledger.db）")
    parser.add_argument("--url", metavar="URL", help="服务器台账地址，如 postgresql+psycopg://user@host/db")
    parser.add_argument("--no-encryption", action="store_true", help="新建不加密的台账（不推荐）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("init", help="创建（或打开并升级）台账")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="写入演示数据")
    p.add_argument(
        "--scale",
        choices=["unit", "province"],
        default="unit",
        help="unit：一个单位的演示；province：全省规模",
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", help="以此日期为“今天”生成数据")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("list", help="列出单位、定级对象、问题或到期事项")
    p.add_argument("what", choices=["orgs", "objects", "findings", "deadlines"])
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="计算到期情况所用的日期（默认今天）")
    p.add_argument("--days", type=int, default=30, help="deadlines：列出今后多少天内到期的事项（默认30）")
    p.add_argument("--limit", type=int, default=None, help="findings：最多列出多少条")
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
    _utf8_console()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    handler: Handler = args.handler
    needs_ledger = getattr(args, "needs_ledger", True)
    try:
        if not needs_ledger:
            return handler(args, None)
        from db.storage import open_ledger

        ledger = open_ledger(args.db, url=args.url, encryption=not args.no_encryption)
        try:
            return handler(args, ledger)
        finally:
            ledger.close()
    except (LedgerError, TransitionError, ValueError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 1


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":
    raise SystemExit(main())
