"""Import the 摸底自查表 / 开办情况汇总表 into the ledger: plan first, then write in one transaction.

Matching (so that importing the same file twice changes nothing):

* a unit by its 统一社会信用代码 when the file gives one, else by its exact normalised name;
* a website by any of its domains (IDNA form), else by (unit, site name);
* the website contact is the unit's contact with role ``网站联系人``.

The plan is computed inside the same transaction that applies it, so what is shown is what is
written; with any error, or with ``dry_run``, the transaction writes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl.utils import column_index_from_string
from sqlalchemy.orm import Session, selectinload

from db.domain.enums import ObjectStatus, ObjectType
from db.domain.validators import DomainName
from db.models import Contact, Domain, Organization, ProtectedObject
from desktop.importers.plan import FieldChange, ImportIssue, ImportPlan, PlanEntry
from desktop.importers.website_tables import ParsedTable, SiteRecord, parse_table
from desktop.importers.xlsx_reader import Sheet, normalise_text, read_workbook

WEBSITE_CONTACT_ROLE = "网站联系人"
UNIT, SITE, CONTACT = "单位", "网站", "联系人"


def norm_name(name: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", name or "").split())


@dataclass
class _Unit:
    name: str
    uscc: str = ""
    supervisor: str = ""
    row: int = 0
    org: Organization | None = None
    contact: tuple[str, str] | None = None


@dataclass
class _Work:
    """Intended writes, filled while planning and carried out by :func:`_apply`."""

    units: dict[str, _Unit] = field(default_factory=dict)
    new_orgs: dict[str, Organization] = field(default_factory=dict)
    parent_of: dict[str, str] = field(default_factory=dict)
    unit_updates: list[tuple[str, str, Any]] = field(default_factory=list)
    contacts: list[tuple[str, Contact | None, str, str]] = field(default_factory=list)
    sites: list[tuple[SiteRecord, str, ProtectedObject | None]] = field(default_factory=list)


class _Planner:
    def __init__(self, session: Session, parsed: ParsedTable) -> None:
        self.s = session
        self.parsed = parsed
        self.plan = ImportPlan(errors=list(parsed.errors))
        self.work = _Work()
        orgs = session.scalars(sa.select(Organization).options(selectinload(Organization.contacts))).all()
        self.by_uscc = {o.uscc: o for o in orgs if o.uscc}
        self.by_name: dict[str, Organization] = {}
        for o in orgs:
            self.by_name.setdefault(norm_name(o.name), o)
        self.names_by_id = {o.id: o.name for o in orgs}
        self._site_index: dict[tuple[int, str], ProtectedObject] | None = None

    # -- units ----------------------------------------------------------------------------------

    def unit_key(self, name: str, uscc: str) -> str:
        if uscc and uscc in self.by_uscc:
            return norm_name(self.by_uscc[uscc].name)
        return norm_name(name)

    def collect_units(self) -> None:
        for rec in self.parsed.records:
            key = self.unit_key(rec.unit, rec.uscc)
            unit = self.work.units.setdefault(key, _Unit(name=norm_name(rec.unit), row=rec.row))
            if rec.uscc:
                if unit.uscc and unit.uscc != rec.uscc:
                    self.error(rec, f"同一单位“{unit.name}”出现了不同的统一社会信用代码")
                unit.uscc = rec.uscc
            sup = norm_name(rec.supervisor)
            if sup and sup != key:
                if unit.supervisor and unit.supervisor != sup:
                    self.error(rec, f"单位“{unit.name}”的主管部门前后不一致：{unit.supervisor} / {sup}")
                unit.supervisor = sup
            if rec.contact or rec.phone:
                unit.contact = (rec.contact, rec.phone)
        # 主管部门 named only as a supervisor are units too (created without data rows)
        for unit in list(self.work.units.values()):
            if unit.supervisor and unit.supervisor not in self.work.units:
                self.work.units[unit.supervisor] = _Unit(name=unit.supervisor, row=unit.row)

    def error(self, rec: SiteRecord, message: str, column: str = "") -> None:
        self.plan.errors.append(ImportIssue(rec.sheet, rec.row, column, message))

    def plan_units(self) -> None:
        for key, unit in self.work.units.items():
            org = self.by_uscc.get(unit.uscc) if unit.uscc else None
            org = org or self.by_name.get(key)
            unit.org = org
            entry = PlanEntry(UNIT, unit.name, unit.row, id=org.id if org else None)
            if org is None:
                self.work.new_orgs[key] = Organization(name=unit.name, uscc=unit.uscc or None)
                if unit.supervisor:
                    entry.changes.append(FieldChange("主管部门", None, unit.supervisor))
                    self.work.parent_of[key] = unit.supervisor
                self.plan.created.append(entry)
            else:
                if unit.uscc and org.uscc != unit.uscc:
                    if org.uscc:
                        self.plan.errors.append(
                            ImportIssue(
                                self.parsed.sheet,
                                unit.row,
                                "",
                                f"单位“{unit.name}”在台账中的统一社会信用代码为{org.uscc}，与文件中的{unit.uscc}不一致",
                            )
                        )
                    else:
                        entry.changes.append(FieldChange("统一社会信用代码", None, unit.uscc))
                        self.work.unit_updates.append((key, "uscc", unit.uscc))
                if norm_name(org.name) != unit.name:
                    # matched by 统一社会信用代码 under another name: the unit was renamed
                    entry.changes.append(FieldChange("单位名称", org.name, unit.name))
                    self.work.unit_updates.append((key, "name", unit.name))
                if unit.supervisor:
                    current = self.names_by_id.get(org.parent_id) if org.parent_id else None
                    if norm_name(current) != unit.supervisor:
                        entry.changes.append(FieldChange("主管部门", current, unit.supervisor))
                        self.work.parent_of[key] = unit.supervisor
                (self.plan.updated if entry.changes else self.plan.unchanged).append(entry)
            if unit.contact:
                self.plan_contact(key, unit, org)

    def plan_contact(self, key: str, unit: _Unit, org: Organization | None) -> None:
        name, phone = unit.contact or ("", "")
        existing = None
        if org is not None:
            existing = next((c for c in org.contacts if c.role == WEBSITE_CONTACT_ROLE), None)
        label = f"{unit.name} {name}".strip()
        if existing is None:
            self.plan.created.append(PlanEntry(CONTACT, label, unit.row))
            self.work.contacts.append((key, None, name, phone))
            return
        changes = []
        if name and existing.name != name:
            changes.append(FieldChange("联系人", existing.name, name))
        if phone and (existing.office_phone or "") != phone:
            changes.append(FieldChange("联系电话", existing.office_phone, phone))
        entry = PlanEntry(CONTACT, label, unit.row, changes, existing.id)
        (self.plan.updated if changes else self.plan.unchanged).append(entry)
        if changes:
            self.work.contacts.append(
                (key, existing, name or existing.name, phone or existing.office_phone or "")
            )

    # -- websites -------------------------------------------------------------------------------

    def plan_sites(self) -> None:
        asciis = [d.ascii_name for rec in self.parsed.records for d in rec.domains]
        owners: dict[str, ProtectedObject] = {}
        if asciis:
            for dom, owner in self.s.execute(
                sa.select(Domain.ascii_name, ProtectedObject)
                .join(ProtectedObject, ProtectedObject.id == Domain.object_id)
                .where(Domain.ascii_name.in_(set(asciis)))
            ):
                owners[dom] = owner
        seen_domains: dict[str, int] = {}
        seen_sites: dict[tuple[str, str], int] = {}
        for rec in self.parsed.records:
            key = self.unit_key(rec.unit, rec.uscc)
            site_key = (key, norm_name(rec.site))
            if site_key in seen_sites:
                self.error(rec, f"与第{seen_sites[site_key]}行重复：同一单位的同名网站")
                continue
            seen_sites[site_key] = rec.row
            for d in rec.domains:
                if d.ascii_name in seen_domains:
                    self.error(rec, f"域名 {d.name} 与第{seen_domains[d.ascii_name]}行重复")
                seen_domains.setdefault(d.ascii_name, rec.row)
            org = self.work.units[key].org
            obj = self.match_site(rec, org, owners)
            if obj is None:
                self.plan.created.append(PlanEntry(SITE, f"{rec.site}（{rec.unit}）", rec.row))
                self.work.sites.append((rec, key, None))
                continue
            changes = self.site_changes(rec, obj)
            entry = PlanEntry(SITE, f"{rec.site}（{rec.unit}）", rec.row, changes, obj.id)
            (self.plan.updated if changes else self.plan.unchanged).append(entry)
            if changes:
                self.work.sites.append((rec, key, obj))

    def match_site(
        self, rec: SiteRecord, org: Organization | None, owners: dict[str, ProtectedObject]
    ) -> ProtectedObject | None:
        for d in rec.domains:
            obj = owners.get(d.ascii_name)
            if obj is not None:
                if org is None or obj.organization_id != org.id:
                    owner = self.names_by_id.get(obj.organization_id, "")
                    self.error(
                        rec, f"域名 {d.name} 已登记在单位“{owner}”的“{obj.name}”下，不能同时属于“{rec.unit}”"
                    )
                    return obj
                return obj
        if org is None:
            return None
        return self.site_index().get((org.id, rec.site))

    def site_index(self) -> dict[tuple[int, str], ProtectedObject]:
        """The existing websites of the units in this file, by (unit id, site name or object name);
        loaded once (with their domains) instead of one query per row."""
        if self._site_index is None:
            self._site_index = {}
            org_ids = sorted({u.org.id for u in self.work.units.values() if u.org is not None})
            for start in range(0, len(org_ids), 500):
                stmt = (
                    sa.select(ProtectedObject)
                    .where(
                        ProtectedObject.organization_id.in_(org_ids[start : start + 500]),
                        ProtectedObject.object_type == ObjectType.WEBSITE,
                    )
                    .options(selectinload(ProtectedObject.domains))
                    .order_by(ProtectedObject.id)
                )
                for obj in self.s.scalars(stmt):
                    for label in (obj.site_name, obj.name):
                        if label:
                            self._site_index.setdefault((obj.organization_id, label), obj)
        return self._site_index

    @staticmethod
    def site_changes(rec: SiteRecord, obj: ProtectedObject) -> list[FieldChange]:
        changes = []
        if (obj.site_name or "") != rec.site:
            changes.append(FieldChange("网站名称", obj.site_name, rec.site))
        if rec.badge is not None and obj.badge_displayed != rec.badge:
            changes.append(FieldChange("是否挂标", obj.badge_displayed, rec.badge))
        old = [d.ascii_name for d in obj.domains]
        new = [d.ascii_name for d in rec.domains]
        if old != new:
            changes.append(FieldChange("域名", [d.name for d in obj.domains], [d.name for d in rec.domains]))
        return changes

    def run(self) -> tuple[ImportPlan, _Work]:
        if self.parsed.records:
            self.collect_units()
            self.plan_units()
            self.plan_sites()
        self.plan.errors.sort(key=lambda e: (e.sheet, e.row, e.column))
        return self.plan, self.work


def plan_import(session: Session, parsed: ParsedTable) -> tuple[ImportPlan, _Work]:
    return _Planner(session, parsed).run()


def _domains(items: Iterable[DomainName]) -> list[Domain]:
    return [
        Domain(name=d.name, ascii_name=d.ascii_name, kind=d.kind, position=i) for i, d in enumerate(items)
    ]


def _apply(session: Session, work: _Work) -> None:
    orgs: dict[str, Organization] = {}
    for key, unit in work.units.items():
        if unit.org is not None:
            orgs[key] = unit.org
    for key, org in work.new_orgs.items():
        session.add(org)
        orgs[key] = org
    session.flush()
    for key, field_name, value in work.unit_updates:
        setattr(orgs[key], field_name, value)
    for key, parent_key in work.parent_of.items():
        parent = orgs.get(parent_key)
        if parent is not None and parent is not orgs[key]:
            orgs[key].parent_id = parent.id
    for key, contact, name, phone in work.contacts:
        if contact is None:
            session.add(
                Contact(
                    organization_id=orgs[key].id,
                    name=name or "（未填写）",
                    office_phone=phone or None,
                    role=WEBSITE_CONTACT_ROLE,
                )
            )
        else:
            contact.name, contact.office_phone = name, phone or None
    session.flush()
    taken = set(session.scalars(sa.select(ProtectedObject.name)).all())
    for rec, key, obj in work.sites:
        org = orgs[key]
        if obj is None:
            name = rec.site if rec.site not in taken else f"{rec.site}（{org.name}）"
            taken.add(name)
            obj = ProtectedObject(
                organization_id=org.id,
                name=name,
                site_name=rec.site,
                object_type=ObjectType.WEBSITE,
                network_nature="2",
                badge_displayed=rec.badge,
                status=ObjectStatus.RUNNING,
            )
            obj.domains = _domains(rec.domains)
            session.add(obj)
            continue
        obj.site_name = rec.site
        if rec.badge is not None:
            obj.badge_displayed = rec.badge
        if [d.ascii_name for d in obj.domains] != [d.ascii_name for d in rec.domains]:
            obj.domains.clear()
            session.flush()
            obj.domains.extend(_domains(rec.domains))
    session.flush()


#: a cell of the file: (sheet name, 1-based Excel row, column letter)
CellKey = tuple[str, int, str]
#: a data row of the file: (sheet name, 1-based Excel row)
RowKey = tuple[str, int]


@dataclass
class ImportResult:
    plan: ImportPlan
    written: bool
    #: rows left out at the user's request (they are in no list of the plan)
    skipped: list[RowKey] = field(default_factory=list)
    #: what each data row is ("单位 / 网站"), for the preview
    rows: dict[RowKey, str] = field(default_factory=dict)
    #: the value (after the user's corrections) of every cell an error points at
    cells: dict[CellKey, str] = field(default_factory=dict)
    #: the corrections that were applied
    overrides: dict[CellKey, str] = field(default_factory=dict)


def _apply_overrides(sheets: list[Sheet], overrides: Mapping[CellKey, Any]) -> None:
    by_name = {s.name: s for s in sheets}
    for (sheet_name, row, column), value in overrides.items():
        sheet = by_name.get(sheet_name)
        if sheet is None or row < 1 or not column:
            continue
        c = column_index_from_string(column) - 1
        while len(sheet.rows) < row:
            sheet.rows.append([])
        cells = sheet.rows[row - 1]
        if len(cells) <= c:
            cells.extend([""] * (c + 1 - len(cells)))
        cells[c] = "" if value is None else value


def _cell(sheets: list[Sheet], key: CellKey) -> str:
    sheet = next((s for s in sheets if s.name == key[0]), None)
    if sheet is None or not key[2] or not 0 < key[1] <= len(sheet.rows):
        return ""
    c = column_index_from_string(key[2]) - 1
    cells = sheet.rows[key[1] - 1]
    return normalise_text(cells[c]) if c < len(cells) else ""


def _without_skipped(parsed: ParsedTable, skip: set[RowKey]) -> list[RowKey]:
    """Leave the skipped data rows (and their errors) out of ``parsed``; the header cannot be skipped."""
    if not skip:
        return []
    skipped = sorted(
        {(r.sheet, r.row) for r in parsed.records if (r.sheet, r.row) in skip}
        | {(e.sheet, e.row) for e in parsed.errors if (e.sheet, e.row) in skip and e.row > parsed.header_row > 0}
    )
    gone = set(skipped)
    parsed.records = [r for r in parsed.records if (r.sheet, r.row) not in gone]
    parsed.errors = [e for e in parsed.errors if (e.sheet, e.row) not in gone]
    return skipped


def import_file(
    ledger: Any,
    path: str | Path,
    kind: str,
    *,
    dry_run: bool = False,
    skip_rows: Iterable[RowKey] = (),
    overrides: Mapping[CellKey, Any] | None = None,
) -> ImportResult:
    """Read, plan and (unless ``dry_run`` or there are errors) apply the import in one transaction.

    ``skip_rows`` leaves data rows out (the rest is validated again without them, e.g. for
    duplicates); ``overrides`` replaces cell values before the file is checked (a correction typed
    in the preview). The file itself is never changed. Raises
    :class:`desktop.importers.xlsx_reader.WorkbookError` for files that cannot be read.
    """
    sheets = read_workbook(path)
    fixes = {(str(s), int(r), str(c).upper()): v for (s, r, c), v in (overrides or {}).items()}
    _apply_overrides(sheets, fixes)
    parsed = parse_table(sheets, kind)
    labels = {(r.sheet, r.row): " / ".join(x for x in (r.unit, r.site) if x) for r in parsed.records}
    skipped = _without_skipped(parsed, {(str(s), int(r)) for s, r in skip_rows})
    with ledger.session(write=not dry_run) as session:
        plan, work = plan_import(session, parsed)
        cells = {(e.sheet, e.row, e.column): _cell(sheets, (e.sheet, e.row, e.column)) for e in plan.errors if e.column}
        result = ImportResult(plan, False, skipped, labels, cells, fixes)
        if not plan.ok or dry_run or not plan.changes_anything:
            session.rollback()
            return result
        _apply(session, work)
    result.written = True
    return result


@dataclass(frozen=True)
class PreviewResult:
    """What the window's preview needs, in plain tuples (cheap to send back from the child process).

    ``created`` / ``updated`` / ``unchanged``: (type, name, row, changes text); ``errors``: (sheet,
    row, column, message); ``rows``: "单位 / 网站" of the rows that have errors or were skipped;
    ``cells``: the value of each cell an error points at; ``sheet``: the sheet the table is on.
    """

    created: tuple[tuple[str, str, int | None, str], ...]
    updated: tuple[tuple[str, str, int | None, str], ...]
    unchanged: tuple[tuple[str, str, int | None, str], ...]
    errors: tuple[tuple[str, int, str, str], ...]
    written: bool
    sheet: str
    skipped: tuple[RowKey, ...] = ()
    rows: dict[RowKey, str] = field(default_factory=dict)
    cells: dict[CellKey, str] = field(default_factory=dict)
    overrides: dict[CellKey, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated)

    @classmethod
    def of(cls, result: ImportResult) -> PreviewResult:
        def entries(items: list[PlanEntry]) -> tuple[tuple[str, str, int | None, str], ...]:
            return tuple((e.type, e.name, e.row, _changes_text(e.changes)) for e in items)

        plan = result.plan
        wanted = {(e.sheet, e.row) for e in plan.errors} | set(result.skipped)
        sheet = next(iter(result.rows), (plan.errors[0].sheet if plan.errors else "", 0))[0]
        return cls(
            created=entries(plan.created),
            updated=entries(plan.updated),
            unchanged=entries(plan.unchanged),
            errors=tuple((i.sheet, i.row, i.column, i.message) for i in plan.errors),
            written=result.written,
            sheet=sheet,
            skipped=tuple(result.skipped),
            rows={k: v for k, v in result.rows.items() if k in wanted},
            cells=dict(result.cells),
            overrides=dict(result.overrides),
        )


def _changes_text(changes: list[FieldChange]) -> str:
    def show(value: Any) -> str:
        if value is None or value == "" or value == []:
            return "（空）"
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return str(value)

    return "；".join(f"{c.field}：{show(c.old)} → {show(c.new)}" for c in changes)


def import_job(
    ledger: Any,
    path: str | Path,
    kind: str,
    *,
    dry_run: bool = True,
    skip_rows: Iterable[RowKey] = (),
    overrides: Mapping[CellKey, Any] | None = None,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PreviewResult:
    """:func:`import_file` as a window job (``Database.run_job``: a child process on the same ledger),
    for the preview (``dry_run``) and the import itself; the result in plain tuples, cheap to send back.

    The command line calls :func:`import_file` directly; the benchmark times this function.
    """
    del progress
    if cancelled is not None and cancelled():
        from desktop.services.table_export import Cancelled

        raise Cancelled()
    result = import_file(ledger, path, kind, dry_run=dry_run, skip_rows=list(skip_rows), overrides=overrides)
    return PreviewResult.of(result)
