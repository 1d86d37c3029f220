"""dengbao-cli document commands: print PDFs, export workbooks, import the website tables.

- ``print filing --object ID [--form 2025|1.0] [--filing ID] --out FILE.pdf [--force]``: 备案表 packet
  (template by date and rule: 2025 for filings from the 1846号 date on; ``--form`` overrides)
- ``print grading --object ID [--grading ID] --out FILE.pdf [--force]``: 定级报告
- ``print rectification --object ID [--assessment ID] --out FILE.pdf [--force]``: 整改报告
- ``print review --object ID [--grading ID] --out FILE.pdf [--force]``: 专家评审意见表

Every print runs the pre-print check (体检, :mod:`desktop.services.preflight`) first and writes its lines
to stderr. ``--check-only`` stops there (no ``--out`` needed): exit 0 without blocking problems, 1 with.
With blocking problems nothing is written (exit 1) unless ``--print-anyway`` is given; that choice is
recorded in the ledger (a ``print_overrides`` row, so the audit trail names who printed despite how many
blocking problems) and is refused on a ledger that cannot be written.
- ``export selfcheck|summary|worksummary|ledger --out FILE.xlsx [--org ID] [--force]``
- ``import selfcheck|summary FILE [--dry-run] [--json]``
- ``import findings FILE --object ID [--assessment ID] [--dry-run] [--json]`` (see .findings_import)

Every output goes through :mod:`desktop.services.outputs` (:func:`db.store.output.write_output`): it
appears only when complete; the ledger, its companion files, its backup folder and any existing file
that is not of the kind written are refused; another existing file is replaced only with ``--force``.

Exit codes: 0 done (or a dry run without errors); 1 refused or failed, nothing written (the
reason on stderr, or in the JSON for ``import --json``); 2 usage error (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli.commands import findings_import
from desktop.cli.support import iso_date, non_empty, print_import_outcome, record_id, today_of
from desktop.importers.xlsx_reader import WorkbookError
from desktop.services import document_data as dd

PRINT_KINDS = ("filing", "grading", "rectification", "review")
EXPORT_KINDS = ("selfcheck", "summary", "worksummary", "ledger")
IMPORT_KINDS = ("selfcheck", "summary", "findings")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("print", help="生成PDF文书：备案材料、定级报告、整改报告、专家评审意见表")
    p.add_argument(
        "what",
        choices=PRINT_KINDS,
        help="filing 备案表及附件；grading 定级报告；rectification 整改报告；review 专家评审意见表",
    )
    p.add_argument("--object", type=record_id, required=True, metavar="ID", help="定级对象编号")
    p.add_argument(
        "--form",
        choices=["2025", "1.0"],
        help="filing：备案表版本（默认按备案日期：公网安〔2025〕1846号之后的新备案和重新备案用2025版）",
    )
    p.add_argument("--filing", type=record_id, metavar="ID", help="filing：指定备案记录（默认最近一次）")
    p.add_argument(
        "--grading", type=record_id, metavar="ID", help="grading、review：指定定级记录（默认当前定级）"
    )
    p.add_argument(
        "--assessment", type=record_id, metavar="ID", help="rectification：指定测评记录（默认最近一次有问题的测评）"
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="报告落款日期（默认今天）")
    p.add_argument("--out", type=non_empty, metavar="FILE.pdf", help="输出文件（--check-only 时不需要）")
    p.add_argument("--force", action="store_true", help=_FORCE_HELP)
    p.add_argument("--check-only", action="store_true", help="只做打印前体检，列出问题，不生成文件")
    p.add_argument(
        "--format", choices=("pdf", "docx"), default=None,
        help="输出格式：pdf（默认）或 docx（可在 WPS/Word 中编辑；默认按 --out 的扩展名）",
    )
    p.add_argument(
        "--print-anyway",
        action="store_true",
        help="体检发现阻断问题时仍然打印；此选择连同问题数记入台账审计记录",
    )
    p.set_defaults(handler=run_print, read_only=True)

    p = subparsers.add_parser(
        "export", help="导出Excel：摸底自查表、开办情况汇总表、等保工作汇总表、整改台账"
    )
    p.add_argument("what", choices=EXPORT_KINDS)
    p.add_argument("--org", type=record_id, metavar="ID", help="只导出该单位及其下属单位（默认全部）")
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="计算到期与逾期所用的日期（默认今天）")
    p.add_argument("--out", required=True, type=non_empty, metavar="FILE.xlsx", help="输出文件")
    p.add_argument("--force", action="store_true", help=_FORCE_HELP)
    p.set_defaults(handler=run_export, read_only=True)

    p = subparsers.add_parser("import", help="导入摸底自查表、开办情况汇总表或问题清单/漏洞扫描结果")
    p.add_argument("what", choices=IMPORT_KINDS)
    p.add_argument("file", metavar="FILE", type=non_empty, help=".xlsx/.xls 文件（findings 还可为 .nessus、.csv）")
    p.add_argument("--dry-run", action="store_true", help="只显示将要新增、更新的内容，不写入台账")
    p.add_argument("--json", action="store_true", help="以 JSON 输出导入计划")
    findings_import.add_options(p)
    p.set_defaults(handler=run_import)


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


_FORCE_HELP = "输出文件已存在时覆盖（只覆盖同类文件；台账文件及其附属文件、备份文件夹在任何情况下都不会被写入）"


# ---------------------------------------------------------------------------------------------


def run_print(args: argparse.Namespace, ledger: Any) -> int:
    from desktop.services import outputs
    from desktop.services import preflight as pre

    started = time.perf_counter()
    if not args.check_only and not args.out:
        print("错误：请用 --out 指定输出文件（只做体检请用 --check-only）", file=sys.stderr)
        return 2
    if not args.check_only:
        fmt = output_format(args)
        if fmt is None:
            print("错误：--format docx 须写入 .docx 文件，pdf 须写入 .pdf 文件（请改 --out 的扩展名）", file=sys.stderr)
            return 2
        args.format = fmt
        # refused before the data is gathered (the writer checks again when the file is complete)
        outputs.check(ledger, args.out, outputs.DOCX if fmt == "docx" else outputs.PDF_FILE, overwrite=args.force)
    try:
        checked = pre.load_checked(
            ledger,
            args.what,
            args.object,
            today=today_of(args),
            form=args.form,
            filing_id=args.filing,
            grading_id=args.grading,
            assessment_id=args.assessment,
        )
    except dd.DocumentDataError as exc:
        return _fail(str(exc))
    _print_check(checked)
    blocking = len(checked.blocking)
    if args.check_only:
        return 1 if blocking else 0
    if blocking and not args.print_anyway:
        return _fail(f"体检发现 {blocking} 项阻断问题，未生成文件。请先修改，或加 --print-anyway 仍然打印（将记入审计记录）")
    if blocking:
        from db.domain.errors import ReadOnlyLedgerError

        try:
            pre.record_override(ledger, checked, args.out)
        except ReadOnlyLedgerError:
            return _fail("台账为只读，无法记录“仍然打印”的审计信息，未生成文件")
        print(f"注意：已在审计记录中登记：体检有 {blocking} 项阻断问题时仍然打印", file=sys.stderr)
    try:
        detail, notes = _render(args, ledger, checked)
    except dd.DocumentDataError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法写入 {args.out}：{exc.strerror or exc}")
    print(f"已生成 {args.out}：{detail}（用时 {time.perf_counter() - started:.1f} 秒）")
    for line in notes:
        print(line)
    return 0


def _print_check(checked: Any) -> None:
    from desktop.documents.preflight import summary

    # the problems go to stderr; the template chosen and a clean result are ordinary output
    if checked.form:
        print(f"备案表：{checked.form}版（{checked.form_reason}）")
    for line in checked.lines():
        print(line, file=sys.stderr)
    print(summary(checked.problems), file=sys.stderr if checked.problems else sys.stdout)


def output_format(args: argparse.Namespace) -> str | None:
    """pdf or docx: ``--format``, else the suffix of ``--out`` (.docx, anything else PDF); None when an explicit
    ``--format`` and the suffix disagree."""
    suffix = Path(args.out).suffix.lower()
    if args.format is None:
        return "docx" if suffix == ".docx" else "pdf"
    if (args.format == "docx") != (suffix == ".docx"):
        return None
    return str(args.format)


def _render(args: argparse.Namespace, ledger: Any, checked: Any) -> tuple[str, list[str]]:
    if getattr(args, "format", "pdf") == "docx":
        from desktop.services.documents_io import save_word

        save_word(ledger, args.what, checked.data, args.out, overwrite=args.force)
        word_notes: list[str] = []
        if args.what == "filing":
            word_notes = ["  Word 版为备案表及附件材料目录；定级报告、专家评审意见表请用 print grading / print review 另行生成，"
                     "附件 PDF 不能并入 Word 文件"]
        names = {"filing": "备案表", "grading": "定级报告", "review": "专家评审意见表", "rectification": "整改报告"}
        return f"{names[args.what]} Word 文档", word_notes
    from desktop.documents.expert_review import render_expert_review
    from desktop.documents.filing_packet import render_filing_packet
    from desktop.documents.grading_report import render_grading_report
    from desktop.documents.rectification_report import render_rectification_report
    from desktop.services import outputs

    data = checked.data

    def write(render: Callable[[Path], Any]) -> Any:
        return outputs.write(ledger, args.out, render, outputs.PDF_FILE, overwrite=args.force)

    notes: list[str] = []
    if args.what == "filing":
        result = write(lambda tmp: render_filing_packet(data, tmp, checked.form))
        detail = (
            f"备案表{result.form}版 {result.form_pages} 页，附入材料 {len(result.appended)} 份，"
            f"共 {result.total_pages} 页"
        )
        notes = [f"  未附入：{e.label}《{e.attachment.filename}》{e.note}" for e in result.skipped]
        for warning in result.warnings():  # active content removed or refused, per attachment
            print(f"注意：{warning}", file=sys.stderr)
    elif args.what == "grading":
        detail = f"定级报告 {write(lambda tmp: render_grading_report(data, tmp))} 页"
    elif args.what == "review":
        detail = f"专家评审意见表 {write(lambda tmp: render_expert_review(data, tmp))} 页"
    else:
        pages = write(lambda tmp: render_rectification_report(data, tmp))
        detail = f"整改报告 {pages} 页，问题 {len(data.findings)} 项"
    return detail, notes


def run_export(args: argparse.Namespace, ledger: Any) -> int:
    """The same export as the window's 导出与打印 page: plain-SQL rows streamed into the sheet."""
    from desktop.services.documents_io import export_workbook

    started = time.perf_counter()
    try:
        n = export_workbook(ledger, args.what, args.out, org_id=args.org, today=today_of(args), overwrite=args.force)
    except dd.DocumentDataError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法写入 {args.out}：{exc.strerror or exc}")
    print(f"已导出 {args.out}：{n} 行（用时 {time.perf_counter() - started:.1f} 秒）")
    return 0


def run_import(args: argparse.Namespace, ledger: Any) -> int:
    from desktop.services.imports import import_file

    if args.what == "findings" or findings_import.misused(args):
        return findings_import.run(args, ledger)
    try:
        result = import_file(ledger, args.file, args.what, dry_run=args.dry_run)
    except WorkbookError as exc:
        if args.json:
            print(
                json.dumps(
                    {
                        "created": [],
                        "updated": [],
                        "unchanged": [],
                        "errors": [{"sheet": "", "row": 0, "column": "", "message": str(exc)}],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return 1
        return _fail(str(exc))
    plan = result.plan
    if args.json:
        # streamed: the text of a large plan is never held whole next to the plan itself
        json.dump(plan.as_dict(), sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return 0 if plan.ok else 1
    return print_import_outcome(plan.lines(), plan.ok, args.dry_run, bool(result.written))
