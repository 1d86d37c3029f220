"""dengbao-cli commands for the rules of 2026: holiday calendars and self-inspection (自查).

- ``calendar import FILE``: a year's State Council holiday schedule (TOML, see :mod:`db.domain.holidays`);
  dates of that year computed on the Monday–Friday estimate are recomputed. ``calendar list`` shows
  where each year's working days come from; ``calendar remove YEAR`` drops an entered calendar.
- ``selfcheck create --object ID [--year Y] [--inspector NAME] [--partial 0|0.5] [--scenario S] [--no-carry]``
- ``selfcheck set --object ID [--year Y] [--file F] [--set ASSIGN …] [--partial W] [--major-hazards N]``:
  ``ASSIGN`` is ``序号=结论`` or ``序号.字段=值`` (字段 verdict, note, person, date, risk); ``--file``
  holds the same, one per line.
- ``selfcheck show --object ID [--year Y] [--json]``, ``selfcheck complete --object ID [--year Y]``
- ``selfcheck report --object ID [--year Y] --out F.pdf [--force]``, ``selfcheck export … --out F.xlsx``

Exit codes: 0 done; 1 refused (one Chinese sentence on stderr, ledger unchanged); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli.support import iso_date, non_empty, record_id, today_of

_FORCE_HELP = "输出文件已存在时覆盖（只覆盖同类文件；台账文件及其附属文件、备份文件夹在任何情况下都不会被写入）"
SELFCHECK_ACTIONS = ("create", "set", "show", "complete", "report", "export")
MAX_ASSIGN_FILE = 1024 * 1024


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"年度应为2000至2100之间的四位数字：收到 {text[:20]}")
    return int(text)


def _weight(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"部分符合的计分应为 0 或 0.5：收到 {text[:20]}") from None


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("calendar", help="节假日安排：导入、查看或删除某一年的国务院节假日安排")
    p.add_argument("action", choices=("import", "list", "remove"))
    p.add_argument("arg", nargs="?", metavar="FILE|YEAR", help="import：.toml 文件；remove：年份")
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="重新计算期限所用的日期（默认今天）")
    p.set_defaults(handler=run_calendar)

    p = subparsers.add_parser("selfcheck", help="自查：生成自查表、登记结论、计算符合率、打印自查报告、导出自查表")
    p.add_argument("action", choices=SELFCHECK_ACTIONS)
    p.add_argument("--set", dest="assign", action="append", default=[], metavar="ASSIGN",
                   help="set：序号=结论 或 序号.字段=值（可重复），如 --set 12=不符合 --set 12.note=未启用双因素认证")
    p.add_argument("--object", type=record_id, required=True, metavar="ID", help="定级对象编号")
    p.add_argument("--year", type=_year, help="自查年度（默认今年；show/report/export 默认最近一次）")
    p.add_argument("--inspector", type=non_empty, metavar="NAME", help="create/set：自查负责人")
    p.add_argument("--partial", type=_weight, metavar="W", help="部分符合在符合率中的计分：0 或 0.5")
    p.add_argument("--major-hazards", type=int, metavar="N", help="set：重大风险隐患数量")
    p.add_argument("--scenario", action="append", default=[], metavar="S",
                   help="create：另加的扩展场景 cloud、mobile、iot、ics（可重复）")
    p.add_argument("--no-carry", action="store_true", help="create：不沿用上一年度的结论")
    p.add_argument("--file", type=non_empty, metavar="FILE", help="set：结论文件（每行 序号=结论）")
    p.add_argument("--json", action="store_true", help="show：以 JSON 输出")
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="当天日期（默认今天）")
    p.add_argument("--out", type=non_empty, metavar="FILE", help="report：.pdf 或 .docx（Word）；export：.xlsx")
    p.add_argument("--force", action="store_true", help=_FORCE_HELP)
    p.set_defaults(handler=run_selfcheck)


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def run_calendar(args: argparse.Namespace, ledger: Any) -> int:
    from desktop.services import calendar

    today = today_of(args)
    if args.action == "list":
        for st in calendar.status(ledger, today):
            where = {"builtin": "程序内置（chinese-calendar）", "ledger": "已录入", "missing": "未录入，按周一至周五估算"}
            extra = f"：{st.source}（{st.published.isoformat()}发布）" if st.origin == "ledger" and st.published else ""
            print(f"{st.year}年  {where[st.origin]}{extra}")
        return 0
    if not args.arg:
        return _fail("请给出文件（import）或年份（remove）")
    try:
        if args.action == "import":
            result = calendar.import_file(ledger, args.arg, today=today)
            verb = "已替换" if result.replaced else "已导入"
            print(f"{verb}{result.year}年节假日安排：节假日{result.holidays}天，调休上班日{result.workdays}天；"
                  f"重新计算了{result.findings_recomputed}项问题的整改期限。")
            return 0
        year = _year(args.arg)
    except argparse.ArgumentTypeError as exc:
        return _fail(str(exc))
    except calendar.CalendarError as exc:
        return _fail(str(exc))
    if not calendar.delete(ledger, year, today=today):
        return _fail(f"台账中没有录入{year}年的节假日安排")
    print(f"已删除{year}年的节假日安排；该年的工作日期限改按周一至周五估算。")
    return 0


def _target(args: argparse.Namespace, ledger: Any, *, create: bool = False) -> int | None:
    from desktop.services import self_inspection as svc

    year = args.year if args.year is not None else (today_of(args).year if create else None)
    return svc.find(ledger, args.object, year)


def _assignments(args: argparse.Namespace) -> list[Any]:
    from desktop.services import self_inspection as svc

    lines: list[str] = list(args.assign)
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise svc.SelfInspectionError(f"找不到结论文件或不是普通文件：{path}")
        if path.stat().st_size > MAX_ASSIGN_FILE:
            raise svc.SelfInspectionError(f"结论文件过大（超过1MB）：{path.name}")
        try:
            lines += path.read_bytes().decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            raise svc.SelfInspectionError(f"结论文件不是UTF-8编码的文本：{path.name}") from None
    return svc.parse_assignments(lines)


def run_selfcheck(args: argparse.Namespace, ledger: Any) -> int:
    from desktop.services import self_inspection as svc

    today = today_of(args)
    try:
        if args.action == "create":
            year = args.year or today.year
            new_id = svc.create(ledger, args.object, year, today=today, inspector=args.inspector,
                                partial_weight=args.partial, extra_scenarios=args.scenario, carry=not args.no_carry)
            view = svc.show(ledger, new_id, today=today)
            print(f"已生成{year}年度自查表（编号 {new_id}）：{len(view.items)}项控制点，"
                  f"沿用上年结论{view.carried_open}项。")
            return 0
        inspection_id = _target(args, ledger)
        if inspection_id is None:
            which = f"{args.year}年度" if args.year else ""
            return _fail(f"该对象没有{which}自查记录。请先运行 dengbao-cli selfcheck create --object {args.object}")
        if args.action == "set":
            changes = _assignments(args)
            if not changes and args.partial is None and args.major_hazards is None and not args.inspector:
                return _fail("没有要登记的内容：请给出 --set 序号=结论，或 --file、--partial、--major-hazards")
            n = svc.set_verdicts(ledger, inspection_id, changes) if changes else 0
            if args.partial is not None or args.major_hazards is not None or args.inspector:
                svc.set_header(ledger, inspection_id, on=today, partial_weight=args.partial,
                               major_hazards=args.major_hazards, inspector=args.inspector)
            print(f"已登记{n}项。")
            return _print_rates(svc.show(ledger, inspection_id, today=today))
        if args.action == "show":
            view = svc.show(ledger, inspection_id, today=today)
            if args.json:
                print(json.dumps(_as_json(view), ensure_ascii=False, indent=2, default=str))
                return 0
            for i in view.items:
                mark = "（沿用上年）" if i.carried else ""
                print(f"{i.position:>3}  {i.category_name}  {i.control_point}  {i.verdict_label}{mark}  {i.note or ''}")
            return _print_rates(view)
        if args.action == "complete":
            _aid, created = svc.complete(ledger, inspection_id, on=today)
            view = svc.show(ledger, inspection_id, today=today)
            print(f"自查已完成：登记问题{created}项（来源：自查）。")
            _print_rates(view)
            if view.next_due:
                print(f"下次自查：{view.next_due.due.isoformat()}（{view.next_due.basis}）")
            return 0
        if not args.out:
            return _fail("请用 --out 指定输出文件")
        if args.action == "report":
            pages = svc.print_report(ledger, inspection_id, args.out, today=today, overwrite=args.force)
            print(f"已生成 {args.out}：自查报告" + (" Word 文档" if not pages else f" {pages} 页"))
        else:
            rows = svc.export_xlsx(ledger, inspection_id, args.out, today=today, overwrite=args.force)
            print(f"已导出 {args.out}：{rows} 行")
        return 0
    except svc.SelfInspectionError as exc:
        return _fail(str(exc))


def _print_rates(view: Any) -> int:
    c = view.counts
    rate = "—" if view.rate is None else f"{view.rate:g}%"
    print(f"符合{c.conform}，部分符合{c.partial}，不符合{c.nonconform}，不适用{c.not_applicable}，未判定{c.open}。")
    both = "；".join(f"部分符合按{w:g}计：{'—' if r is None else f'{r:g}%'}" for w, r in view.rates)
    print(f"符合率 {rate}（{view.formula}）。{both}")
    if view.conclusion.label:
        print(f"结论：{view.conclusion.label}")
    else:
        print("结论待确认：" + "；".join(view.conclusion.flags))
    return 0


def _as_json(view: Any) -> dict[str, Any]:
    return {
        "id": view.id, "object_id": view.object_id, "year": view.year, "level": view.level,
        "scenarios": list(view.scenarios), "partial_weight": view.partial_weight,
        "completed_on": view.completed_on, "major_hazards": view.major_hazards,
        "rate": view.rate, "rates": {f"{w:g}": r for w, r in view.rates}, "formula": view.formula,
        "conclusion": view.conclusion.label, "flags": list(view.conclusion.flags),
        "next_due": view.next_due.due if view.next_due else None,
        "items": [
            {"position": i.position, "scenario": i.scenario, "category": i.category,
             "control_point": i.control_point, "verdict": i.verdict, "note": i.note, "person": i.person,
             "checked_on": i.checked_on, "carried": i.carried, "finding_id": i.finding_id, "evidence": i.evidence}
            for i in view.items
        ],
    }
