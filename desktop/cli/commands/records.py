"""dengbao-cli write commands: every kind of record added, changed, shown, deleted, given files, moved.

- ``add KIND FIELD=VALUE… [--json]``: a new record (``--json``: the record as ``show --json`` prints it)
- ``edit KIND ID FIELD=VALUE… [--if-version N] [--json]``: change the given fields (``FIELD=`` empties one)
- ``show KIND ID [--json]``: every field of one record, with its version
- ``delete KIND ID``: what the window's 删除 does (refused where the window refuses)
- ``attach KIND ID FILE [--json]``: a file kept in the ledger as the record's attachment
- ``fields KIND [--json]``: the field names ``show --json`` prints, their Chinese labels and allowed values
- ``finding ID STATE [--evidence FILE] [--verifier NAME] [--approver NAME --reason TEXT]``: a finding's
  status, along the moves its dialog allows
- ``filing ID STATE [--on DATE] [--certificate NO] [--reason TEXT]``: a filing's status with the date
  (and the certificate, or the reason it was returned) that state needs

KIND is one of org, contact, object, grading, filing, institution, assessment, finding, action, plan,
drill, incident, notice, task, attachment. A list field is given several times (``domains=a domains=b``)
or with one entry per line; a choice by its value or its Chinese label; yes/no as 是/否 or true/false.
The same services as the window do the work (:mod:`desktop.services.record_commands` says which), so
the same rules, audit events and Chinese messages apply. Exit codes: 0 done; 1 refused (one Chinese
line, nothing written); 2 usage error (an unknown kind, option or field, a pair without ``=``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.support import UsageError, iso_date, non_empty, record_id, today_of
from desktop.services import record_commands as rc

_KIND_HELP = "记录类别：" + "、".join(rc.KINDS)
_PAIRS_HELP = "字段=值（字段名见 dengbao-cli fields KIND；“字段=”清空该字段）"


def register(sub: Any) -> None:
    kinds = list(rc.KINDS)
    p = sub.add_parser("add", help="新增一条记录（单位、对象、定级、备案、测评、问题、整改措施……）")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=_KIND_HELP)
    p.add_argument("pairs", nargs="*", metavar="FIELD=VALUE", help=_PAIRS_HELP)
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="grading：选择定级规则所用的日期（默认今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出新记录")
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("edit", help="修改一条记录的字段")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=_KIND_HELP)
    p.add_argument("id", type=record_id, metavar="ID")
    p.add_argument("pairs", nargs="*", metavar="FIELD=VALUE", help=_PAIRS_HELP)
    p.add_argument(
        "--if-version", type=_version, metavar="N", dest="if_version",
        help="只在记录仍是第 N 版时修改（show --json 的 row_version）；已被他人修改则拒绝",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出修改后的记录")
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("show", help="显示一条记录的全部字段")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=_KIND_HELP)
    p.add_argument("id", type=record_id, metavar="ID")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_show, read_only=True)

    p = sub.add_parser("delete", help="删除一条记录（与界面中的“删除”相同，受保护的记录拒绝删除）")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=_KIND_HELP)
    p.add_argument("id", type=record_id, metavar="ID")
    p.set_defaults(handler=cmd_delete)

    p = sub.add_parser("attach", help="把文件作为附件存入台账")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=_KIND_HELP)
    p.add_argument("id", type=record_id, metavar="ID")
    p.add_argument("file", type=non_empty, metavar="FILE")
    p.add_argument("--json", action="store_true", help="以 JSON 输出附件信息")
    p.set_defaults(handler=cmd_attach)

    p = sub.add_parser("fields", help="列出一类记录的字段名、中文名称和可选值")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=_KIND_HELP)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_fields, read_only=True)

    p = sub.add_parser("finding", help="改变问题的整改状态（未整改、整改中、已整改、已验证、风险接受）")
    p.add_argument("id", type=record_id, metavar="ID")
    p.add_argument("state", metavar="STATE", help="open、in_progress、fixed、verified、risk_accepted 或中文状态")
    p.add_argument("--evidence", type=non_empty, metavar="FILE", help="证明材料文件，作为该问题的附件存入")
    p.add_argument("--verifier", metavar="NAME", help="verified：验证人")
    p.add_argument("--approver", metavar="NAME", help="risk_accepted：批准人")
    p.add_argument("--reason", metavar="TEXT", help="risk_accepted：理由")
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="整改、验证日期（默认今天）")
    p.set_defaults(handler=cmd_finding)

    p = sub.add_parser("filing", help="改变备案状态（已提交、已受理备案、退回补正……）")
    p.add_argument("id", type=record_id, metavar="ID")
    p.add_argument("state", metavar="STATE", help="preparing、submitted、accepted、returned、renewal_due、expired 或中文状态")
    p.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD", help="提交或受理日期（默认今天）")
    p.add_argument("--certificate", metavar="NO", help="accepted：备案证明编号")
    p.add_argument("--reason", metavar="TEXT", help="returned：退回原因")
    p.add_argument("--if-version", type=_version, metavar="N", dest="if_version", help="同 edit --if-version")
    p.set_defaults(handler=cmd_filing)


def _version(text: str) -> int:
    try:
        return record_id(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"版本号应为正整数（见 show --json 的 row_version）：收到 {text[:40]}") from None


def _pairs(args: argparse.Namespace) -> dict[str, Any]:
    try:
        return rc.parse_assignments(args.kind, args.pairs)
    except rc.FieldNameError as exc:
        raise UsageError(str(exc), command=args.command) from None


def _print_record(args: argparse.Namespace, ledger: Any, record_id_: int, line: str) -> None:
    if args.json:
        print(json.dumps(rc.show(ledger, args.kind, record_id_), ensure_ascii=False, indent=2, default=str))
    else:
        print(line)


def cmd_add(args: argparse.Namespace, ledger: Any) -> int:
    values = _pairs(args)
    new_id = rc.add(ledger, args.kind, values, today=today_of(args))
    _print_record(args, ledger, new_id, f"已新增{rc.title(args.kind)} #{new_id}")
    return 0


def cmd_edit(args: argparse.Namespace, ledger: Any) -> int:
    values = _pairs(args)
    rc.edit(ledger, args.kind, args.id, values, if_version=args.if_version)
    _print_record(args, ledger, args.id, f"已保存{rc.title(args.kind)} #{args.id}")
    return 0


def cmd_show(args: argparse.Namespace, ledger: Any) -> int:
    record = rc.show(ledger, args.kind, args.id)
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=2, default=str))
        return 0
    labels = {f.key: f.label for f in rc.field_infos(args.kind)}
    for key, value in record.items():
        shown = json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, list | dict) else value
        name = f"{key}（{labels[key]}）" if key in labels else key
        print(f"{name}：{'' if shown is None else shown}")
    return 0


def cmd_delete(args: argparse.Namespace, ledger: Any) -> int:
    rc.delete(ledger, args.kind, args.id)
    print(f"已删除{rc.title(args.kind)} #{args.id}")
    return 0


def cmd_attach(args: argparse.Namespace, ledger: Any) -> int:
    from desktop.services.attachments import human_size

    info = rc.attach(ledger, args.kind, args.id, args.file)
    if args.json:
        payload = {"id": info.id, "filename": info.filename, "size": info.size, "sha256": info.sha256,
                   "mime_type": info.mime_type, "kind": args.kind, "record_id": args.id}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"已添加附件 #{info.id}：{info.filename}（{human_size(info.size)}，SHA-256 {info.sha256[:16]}…）")
    return 0


def cmd_fields(args: argparse.Namespace, _ledger: Any) -> int:
    infos = rc.field_infos(args.kind)
    if args.json:
        print(json.dumps([i.as_dict() for i in infos], ensure_ascii=False, indent=2))
        return 0
    print(f"{rc.title(args.kind)}（{args.kind}）的字段：")
    for info in infos:
        line = f"  {info.key:<26} {info.label}{' *必填' if info.required else ''}  [{info.kind}]"
        if info.choices:
            line += "  可选：" + "、".join(v if v == lab else f"{v}={lab}" for v, lab in info.choices)
        print(line)
    return 0


def cmd_finding(args: argparse.Namespace, ledger: Any) -> int:
    label = rc.move_finding(
        ledger, args.id, args.state, evidence=args.evidence, verifier=args.verifier,
        accepted_by=args.approver, accepted_reason=args.reason, today=today_of(args),
    )
    print(f"问题 #{args.id} 已改为“{label}”")
    return 0


def cmd_filing(args: argparse.Namespace, ledger: Any) -> int:
    label = rc.move_filing(
        ledger, args.id, args.state, on=args.on, certificate=args.certificate, reason=args.reason,
        if_version=args.if_version,
    )
    print(f"备案 #{args.id} 已改为“{label}”")
    return 0
