"""Import findings into one object: a findings list (workbook) or a vulnerability scanner's results.

* A workbook (.xlsx/.xls) is read by :mod:`desktop.importers.xlsx_reader` and parsed by
  :mod:`desktop.importers.findings`; the program's own 整改台账 is such a list, so re-importing it
  changes nothing. Rows naming another 定级对象 are left out (and listed as skipped).
* A ``.nessus`` or ``.csv`` file is read by :mod:`desktop.importers.scanner`: one finding per plugin
  and host, filed under a default 安全类/控制点 the caller may change. Each host is linked to the
  object whose domain or 源站IP地址 it is; with ``object_id`` given, every host goes to that object.

A finding of the file is the same as a ledger finding of its object when title and test-item code
agree (:meth:`desktop.importers.findings.FindingRecord.key`): then only the fields the file fills and
the ledger holds differently are updated (an empty cell never erases). Every value passes the
findings entity's own field checks (:mod:`db.repo.entities`), the ones the window uses. The plan is
made in the transaction that applies it; with any error, or with ``dry_run``, nothing is written.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.catalogue import category as catalogue_category
from db.domain.enums import FindingSource
from db.domain.fields import check_value
from db.domain.validators import ValidationError
from db.models import Assessment, Domain, Finding, ProtectedObject
from db.repo import record_hooks
from db.repo.entities import entity
from db.repo.records import NotFoundError
from desktop.importers.findings import LABELS, FindingRecord, FindingsTable, parse_findings
from desktop.importers.plan import (
    CellKey,
    FieldChange,
    ImportIssue,
    ImportPlan,
    ImportResult,
    PlanEntry,
    PreviewResult,
    RowKey,
)
from desktop.importers.scanner import ScanError, ScanResult, default_control_point, is_scan_file, read_scan
from desktop.importers.xlsx_reader import WorkbookError, read_sheets
from desktop.services.imports import _apply_overrides, _cell

FINDING = "问题"
#: the fields an import sets, in the order the plan lists changes
FIELDS = (
    "title", "category", "control_point", "test_item_code", "risk", "major_hazard", "description",
    "recommendation", "interim_measures", "owner_dept", "owner", "found_on", "deadline", "deadline_note",
    "remaining_plan",
)  # fmt: skip


class FindingsImportError(WorkbookError):
    """The file cannot be imported (unreadable, hostile, no such object); the message is Chinese."""


def _object_names(session: Session, object_id: int | None) -> dict[int, str]:
    stmt = sa.select(ProtectedObject.id, ProtectedObject.name)
    if object_id is not None:
        stmt = stmt.where(ProtectedObject.id == object_id)
    return {int(i): str(n) for i, n in session.execute(stmt)}


def _existing(session: Session, object_ids: Iterable[int]) -> dict[int, dict[tuple[str, str], dict[str, Any]]]:
    """The findings of the objects by object and key, each as plain field values (first of equal keys)."""
    found: dict[int, dict[tuple[str, str], dict[str, Any]]] = {}
    ids = sorted(set(object_ids))
    cols = [Finding.id, Finding.object_id, *(getattr(Finding, f) for f in FIELDS)]
    for start in range(0, len(ids), 500):
        stmt = sa.select(*cols).where(Finding.object_id.in_(ids[start : start + 500])).order_by(Finding.id)
        for row in session.execute(stmt):
            values = {f: getattr(v, "value", v) for f, v in zip(FIELDS, row[2:], strict=True)}
            key = (" ".join(str(values["title"]).split()), str(values["test_item_code"] or ""))
            found.setdefault(int(row[1]), {}).setdefault(key, {"id": int(row[0]), **values})
    return found


def _host_index(session: Session) -> tuple[dict[str, int], list[tuple[Any, int]]]:
    """Objects by domain (IDNA, lower case) and by 源站IP地址 (networks)."""
    domains = {str(a).lower(): int(o) for a, o in session.execute(sa.select(Domain.ascii_name, Domain.object_id))}
    networks: list[tuple[Any, int]] = []
    for object_id, ranges in session.execute(sa.select(ProtectedObject.id, ProtectedObject.ip_ranges)):
        for entry in ranges or ():
            text = str(entry).strip()
            try:
                if "-" in text:
                    first, last = (ipaddress.ip_address(p.strip()) for p in text.split("-", 1))
                    networks.extend((net, int(object_id)) for net in ipaddress.summarize_address_range(first, last))
                else:
                    networks.append((ipaddress.ip_network(text, strict=False), int(object_id)))
            except (ValueError, TypeError):
                continue
    return domains, networks


def _link_host(host: str, ip: str, fqdn: str, index: tuple[dict[str, int], list[tuple[Any, int]]]) -> int | None:
    domains, networks = index
    for name in (fqdn, host):
        if name and name.lower().rstrip(".") in domains:
            return domains[name.lower().rstrip(".")]
    for text in (ip, host):
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        for net, object_id in networks:
            if address.version == net.version and address in net:
                return object_id
    return None


def scan_records(
    scan: ScanResult, source: str, category: str | None = None, control_point: str | None = None
) -> list[FindingRecord]:
    """One record per scanner group; 安全类/控制点 from the caller or the rule data's default."""
    default_category, default_point = default_control_point()
    cat = catalogue_category(category).code if category else default_category
    point = (control_point or "").strip() or default_point
    records = []
    for group in scan.groups:
        values: dict[str, Any] = {
            "title": group.title(),
            "category": cat,
            "control_point": point[:60],
            "risk": group.risk,
            "description": group.details(),
        }
        if group.solution:
            values["recommendation"] = group.solution
        if group.scanned_on is not None:
            values["found_on"] = group.scanned_on
        rec = FindingRecord(source, group.row, values)
        rec.object = "\x00".join((group.host, group.ip, group.fqdn))  # resolved by the planner
        records.append(rec)
    return records


class _Planner:
    def __init__(self, session: Session, object_id: int | None, assessment_id: int | None) -> None:
        self.s = session
        self.object_id = object_id
        self.assessment_id = assessment_id
        self.plan = ImportPlan()
        self.fields = {f.key: f for f in entity("findings").fields}
        self.creates: list[tuple[int, dict[str, Any]]] = []
        self.updates: dict[int, dict[str, Any]] = {}
        self.skipped: list[RowKey] = []
        self.labels: dict[RowKey, str] = {}
        #: each distinct (field, value) checked once: the checks are pure
        self.memo: dict[tuple[str, type, Any], tuple[Any, str]] = {}

    def check_target(self) -> dict[int, str]:
        names = _object_names(self.s, self.object_id)
        if self.object_id is not None and not names:
            raise NotFoundError(f"找不到定级对象 {self.object_id}（见 dengbao-cli list objects）。")
        if self.assessment_id is not None:
            owner = self.s.scalar(sa.select(Assessment.object_id).where(Assessment.id == self.assessment_id))
            if owner is None:
                raise NotFoundError(f"找不到测评记录 {self.assessment_id}。")
            if self.object_id is not None and owner != self.object_id:
                raise FindingsImportError(f"测评记录 {self.assessment_id} 不属于定级对象 {self.object_id}。")
        return names

    def checked(self, rec: FindingRecord, letters: Mapping[str, str]) -> dict[str, Any] | None:
        """The record's values passed through the findings entity's field checks; None on errors."""
        out: dict[str, Any] = {}
        ok = True
        for key, value in rec.values.items():
            memo = (key, type(value), value)
            found = self.memo.get(memo)
            if found is None:
                try:
                    found = self.memo[memo] = (check_value(self.fields[key], value), "")
                except ValidationError as exc:
                    found = self.memo[memo] = (None, exc.message)
            if found[1]:
                ok = False
                self.plan.add_error(ImportIssue(rec.sheet, rec.row, letters.get(key, ""), f"{LABELS[key]}：{found[1]}"))
            else:
                out[key] = found[0]
        return out if ok else None

    def run(self, records: list[FindingRecord], letters: Mapping[str, str], *, scanner: bool) -> None:
        names = self.check_target()
        index = _host_index(self.s) if scanner and self.object_id is None else None
        targets: list[tuple[FindingRecord, int]] = []
        for rec in records:
            if scanner:
                target = self.object_id
                if index is not None:
                    host, ip, fqdn = rec.object.split("\x00")
                    target = _link_host(host, ip, fqdn, index)
                    self.labels[(rec.sheet, rec.row)] = rec.title  # the preview can skip the row
                    if target is None:
                        self.plan.add_error(
                            ImportIssue(rec.sheet, rec.row, "", f"主机 {host} 在台账中没有对应的定级对象（按域名或源站IP地址查找）。"
                                        "请在定级对象中登记它的域名或IP地址，或导入时指定定级对象")
                        )
                        continue
                assert target is not None
                targets.append((rec, target))
                continue
            assert self.object_id is not None
            if rec.object and " ".join(rec.object.split()) != " ".join(names[self.object_id].split()):
                self.skipped.append((rec.sheet, rec.row))
                self.labels[(rec.sheet, rec.row)] = f"{rec.title}（定级对象：{rec.object}）"
                continue
            targets.append((rec, self.object_id))
        existing = _existing(self.s, {t for _r, t in targets})
        seen: dict[tuple[int, tuple[str, str]], int] = {}
        for rec, target in targets:
            values = self.checked(rec, letters)
            label = rec.title
            self.labels[(rec.sheet, rec.row)] = label
            if values is None:
                continue
            key = rec.key()
            first = seen.setdefault((target, key), rec.row)
            if first != rec.row:
                self.plan.add_error(
                    ImportIssue(rec.sheet, rec.row, letters.get("title", ""), f"与第{first}行重复：同一定级对象的同一问题")
                )
                continue
            old = existing.get(target, {}).get(key)
            if old is None:
                self.plan.created.append(PlanEntry(FINDING, label, rec.row))
                self.creates.append((target, values))
                continue
            changes = [
                FieldChange(LABELS[f], old[f], values[f])
                for f in FIELDS
                if f in values and values[f] is not None and values[f] != old[f]
            ]
            entry = PlanEntry(FINDING, label, rec.row, changes, old["id"])
            (self.plan.updated if changes else self.plan.unchanged).append(entry)
            if changes:
                self.updates[old["id"]] = {f: values[f] for f in FIELDS if f in values and values[f] != old[f]}

    def apply(self, scanner: bool) -> None:
        source = FindingSource.MONITORING if scanner and self.assessment_id is None else FindingSource.ASSESSMENT
        for n, (object_id, values) in enumerate(self.creates, 1):
            finding = Finding(object_id=object_id, assessment_id=self.assessment_id, source=source)
            for key, value in values.items():
                setattr(finding, key, self._stored(key, value))
            record_hooks.finding_saved(self.s, finding, values, None)
            self.s.add(finding)
            if n % 500 == 0:
                self.s.flush()
        self.s.flush()
        ids = sorted(self.updates)
        for start in range(0, len(ids), 500):
            for finding in self.s.scalars(sa.select(Finding).where(Finding.id.in_(ids[start : start + 500]))):
                for key, value in self.updates[finding.id].items():
                    setattr(finding, key, self._stored(key, value))
            self.s.flush()

    def _stored(self, key: str, value: Any) -> Any:
        f = self.fields[key]
        if f.kind == "enum" and f.enum is not None and value is not None:
            return f.enum(value)
        return value


def _read(
    path: Path,
    skip: set[RowKey],
    overrides: Mapping[CellKey, Any],
    category: str | None,
    control_point: str | None,
) -> tuple[list[FindingRecord], FindingsTable, bool, list[Any]]:
    if is_scan_file(path):
        try:
            scan = read_scan(path)
        except ScanError as exc:
            raise FindingsImportError(str(exc)) from None
        table = FindingsTable(sheet=path.name)
        try:
            records = scan_records(scan, path.name, category, control_point)
        except ValueError as exc:
            raise FindingsImportError(str(exc)) from None
        kept = [r for r in records if (r.sheet, r.row) not in skip]
        table.notes = [
            f"读取扫描结果（{scan.source}）：按插件和主机合并为 {len(records)} 个问题"
            + (f"，信息级结果 {scan.skipped_info} 条未导入" if scan.skipped_info else "")
            + "。"
        ]
        table.skipped_rows = [(r.sheet, r.row) for r in records if (r.sheet, r.row) in skip]
        table.skipped_labels = {(r.sheet, r.row): r.title for r in records if (r.sheet, r.row) in skip}
        if not records:
            table.add(ImportIssue(path.name, 0, "", "扫描结果中没有需要整改的问题（只有信息级结果，或文件是空的）。"))
        return kept, table, True, []
    workbook = read_sheets(path)
    _apply_overrides(workbook.sheets, overrides)
    table = parse_findings(workbook.sheets, skip=skip)
    return table.records, table, False, workbook.sheets


def import_findings(
    ledger: Any,
    path: str | Path,
    *,
    object_id: int | None,
    assessment_id: int | None = None,
    dry_run: bool = False,
    skip_rows: Iterable[RowKey] = (),
    overrides: Mapping[CellKey, Any] | None = None,
    category: str | None = None,
    control_point: str | None = None,
) -> ImportResult:
    """Read, plan and (unless ``dry_run`` or there are errors) write the findings, all or nothing.

    ``object_id`` is required for a workbook; for scanner results it may be None (each host is then
    linked by domain or IP address). ``category``/``control_point`` replace the scanner default.
    Raises :class:`FindingsImportError` / :class:`WorkbookError` for a file that cannot be read and
    :class:`NotFoundError` for an object or assessment that does not exist.
    """
    p = Path(path)
    fixes = {(str(s), int(r), str(c).upper()): v for (s, r, c), v in (overrides or {}).items()}
    skip = {(str(s), int(r)) for s, r in skip_rows}
    records, table, scanner, sheets = _read(p, skip, fixes, category, control_point)
    if not scanner and object_id is None:
        raise FindingsImportError("导入问题清单须指定定级对象（--object ID）。")
    with ledger.session(write=not dry_run) as session:
        planner = _Planner(session, object_id, assessment_id)
        planner.plan.errors.extend(table.errors)
        planner.plan.more_errors = table.more_errors
        planner.run(records, table.letters, scanner=scanner)
        plan = planner.plan
        plan.sheet = "" if scanner else table.sheet
        plan.errors.sort(key=lambda e: (e.sheet, e.row, e.column))
        skipped = [*table.skipped_rows, *planner.skipped]
        labels = {**planner.labels, **table.skipped_labels}
        cells = {(e.sheet, e.row, e.column): _cell(sheets, (e.sheet, e.row, e.column)) for e in plan.errors if e.column}
        result = ImportResult(plan, False, table.sheet, skipped, labels, cells, {k: str(v) for k, v in fixes.items()})
        result.notes.extend(table.notes)
        if table.ignored:
            result.notes.append(
                f"未导入的列：{'、'.join(table.ignored)}（整改状态和整改措施请在程序中按流程登记）。"
            )
        if planner.skipped:
            result.notes.append(f"跳过 {len(planner.skipped)} 行：属于其他定级对象。")
        if not plan.ok or dry_run or not plan.changes_anything:
            session.rollback()
            return result
        planner.apply(scanner)
    result.written = True
    return result


def findings_job(
    ledger: Any,
    path: str | Path,
    object_id: int | None,
    *,
    assessment_id: int | None = None,
    dry_run: bool = True,
    skip_rows: Iterable[RowKey] = (),
    overrides: Mapping[CellKey, Any] | None = None,
    category: str | None = None,
    control_point: str | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PreviewResult:
    """:func:`import_findings` as a window job (a child process), the result in plain tuples."""
    del progress
    if cancelled is not None and cancelled():
        from desktop.services.table_export import Cancelled

        raise Cancelled()
    result = import_findings(
        ledger, path, object_id=object_id, assessment_id=assessment_id, dry_run=dry_run, skip_rows=list(skip_rows),
        overrides=overrides, category=category, control_point=control_point,
    )  # fmt: skip
    return PreviewResult.of(result)
