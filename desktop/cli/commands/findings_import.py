"""``dengbao-cli import findings FILE --object ID [--assessment ID] [--dry-run] [--json]``.

FILE is a findings list (.xlsx/.xls: the program's own 整改台账 or an assessor's 问题清单) or a
vulnerability scanner's results (.nessus, .csv). For scanner results ``--object`` may be left out:
each host is then linked to the object whose domain or IP address it is. ``--category`` and
``--control-point`` replace the default 安全类/控制点 of scanner results. Exit 0: imported (or nothing to
change, or a clean dry run); 1: refused (errors listed, nothing written); 2: usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli.support import UsageError, non_empty, print_import_outcome, record_id


def add_options(p: argparse.ArgumentParser) -> None:
    """The options of ``import findings`` (on the shared ``import`` parser)."""
    p.add_argument("--object", type=record_id, metavar="ID", help="findings：问题所属的定级对象")
    p.add_argument("--assessment", type=record_id, metavar="ID", help="findings：问题来自的测评记录")
    p.add_argument("--category", type=non_empty, metavar="安全类", help="findings 扫描结果：安全类（默认安全计算环境）")
    p.add_argument("--control-point", type=non_empty, metavar="控制点", help="findings 扫描结果：控制点（默认入侵防范）")


_FINDINGS_ONLY = ("object", "assessment", "category", "control_point")


def misused(args: argparse.Namespace) -> bool:
    """True when an option of ``import findings`` is given to another import (refused by :func:`run`)."""
    return any(getattr(args, name, None) is not None for name in _FINDINGS_ONLY)


def _refuse(args: argparse.Namespace, message: str) -> int:
    if args.json:
        error = {"sheet": "", "row": 0, "column": "", "message": message}
        print(json.dumps({"created": [], "updated": [], "unchanged": [], "errors": [error]}, ensure_ascii=False))
    print(f"错误：{message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace, ledger: Any) -> int:
    from db.repo.records import NotFoundError
    from desktop.importers.scanner import is_scan_file
    from desktop.importers.xlsx_reader import WorkbookError
    from desktop.services.findings_import import import_findings

    if not Path(args.file).exists():  # the file first: the same refusal as every import
        return _refuse(args, f"找不到文件：{args.file}")
    if args.what != "findings":
        raise UsageError("--object、--assessment、--category、--control-point 只用于 import findings", command="import")
    if args.object is None and not is_scan_file(args.file):
        raise UsageError("导入问题清单须指定定级对象：--object ID（见 dengbao-cli list objects）", command="import")
    try:
        result = import_findings(
            ledger,
            args.file,
            object_id=args.object,
            assessment_id=args.assessment,
            dry_run=args.dry_run,
            category=args.category,
            control_point=args.control_point,
        )
    except (WorkbookError, NotFoundError) as exc:
        return _refuse(args, str(exc).strip("'\""))
    except ValueError as exc:  # a 安全类 that does not exist
        return _refuse(args, str(exc))
    plan = result.plan
    if args.json:
        payload = {**plan.as_dict(), "notes": result.notes, "written": result.written}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return 0 if plan.ok else 1
    return print_import_outcome([*plan.lines(), *result.notes], plan.ok, args.dry_run, bool(result.written))
