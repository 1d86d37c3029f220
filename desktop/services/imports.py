"""Import the 摸底自查表 / 开办情况汇总表 into the ledger: plan first, then write in one transaction.

Matching (so that importing the same file twice changes nothing):

* a unit by its 统一社会信用代码 when the file gives one, else by its exact normalised name;
* a website by any of its domains (IDNA form), else by (unit, site name);
* the website contact is the unit's contact with role ``网站联系人``.

The plan is computed inside the same transaction that applies it, so what is shown is what is
written; with any error, or with ``dry_run``, the transaction writes nothing. Everything the ledger
would refuse is refused in the plan, so a dry run finds it too: one 统一社会信用代码 under two unit
names, a unit listed twice with different contacts, 主管部门 and 统一社会信用代码, a 主管部门 that
would make a unit its own superior (through ledger rows too), and names that are not plain text
(:func:`db.domain.validators.name`). The workbook is measured before it is read
(:mod:`desktop.importers.extent`); only its visible sheets are read, and the plan says which one.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.enums import ObjectType
from db.domain.validators import DomainName
from db.models import Contact, Domain, Organization, ProtectedObject
from db.store import audit_head
from desktop.importers import extent
from desktop.importers.cycles import find_cycles
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
from desktop.importers.units import FileUnit, collect_units, norm_name
from desktop.importers.website_tables import ParsedTable, SiteRecord, parse_table
from desktop.importers.xlsx_reader import Sheet, WorkbookError, normalise_text, read_sheets
from desktop.services.import_writer import apply_plan

WEBSITE_CONTACT_ROLE = "网站联系人"
UNIT, SITE, CONTACT = "单位", "网站", "联系人"
#: ids or names per IN (…) query, and new records per flush (keeps memory flat on big files)
BATCH = 500
#: the longest object name the ledger stores
OBJECT_NAME_LENGTH = 200


@dataclass(slots=True)
class _Org:
    """A unit of the ledger as the plan needs it (a row, not an ORM object: cheap for big ledgers)."""

    id: int
    name: str
    uscc: str | None
    parent_id: int | None


@dataclass(slots=True)
class _Contact:
    id: int
    name: str
    office_phone: str | None
    mobile: str | None = None

    def has_phone(self, phone: str) -> bool:
        return phone in (self.office_phone or "", self.mobile or "")


@dataclass(slots=True)
class _Site:
    """A website (or other object) of the ledger: fields compared, domains as (IDNA, shown) pairs."""

    id: int
    organization_id: int
    name: str
    site_name: str | None = None
    badge_displayed: bool | None = None
    domains: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Work:
    """Intended writes, filled while planning and carried out by :func:`_apply`."""

    units: dict[str, FileUnit] = field(default_factory=dict)
    #: new units: key → (name, 统一社会信用代码); created only when written
    new_orgs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    parent_of: dict[str, str] = field(default_factory=dict)
    unit_updates: list[tuple[str, str, Any]] = field(default_factory=list)
    contacts: list[tuple[str, _Contact | None, str, str]] = field(default_factory=list)
    sites: list[tuple[SiteRecord, str, _Site | None]] = field(default_factory=list)


class _Planner:
    def __init__(self, session: Session, parsed: ParsedTable) -> None:
        self.s = session
        self.parsed = parsed
        self.plan = ImportPlan(errors=list(parsed.errors), more_errors=parsed.more_errors)
        self.work = _Work()
        cols = (Organization.id, Organization.name, Organization.uscc, Organization.parent_id)
        orgs = [_Org(*row) for row in session.execute(sa.select(*cols).order_by(Organization.id))]
        self.by_uscc = {o.uscc: o for o in orgs if o.uscc}
        self.by_name: dict[str, _Org] = {}
        for o in orgs:
            self.by_name.setdefault(norm_name(o.name), o)
        self.names_by_id = {o.id: o.name for o in orgs}
        self.parent_ids = {o.id: o.parent_id for o in orgs if o.parent_id}
        #: each unit's 网站联系人, and its other contacts (an export writes the unit's security contact
        #: when it has no website contact: importing that back must not add a second one)
        self.contacts: dict[int, _Contact] = {}
        self.other_contacts: dict[int, list[_Contact]] = {}
        contact_cols = (
            Contact.organization_id, Contact.id, Contact.name, Contact.office_phone, Contact.mobile, Contact.role,
        )  # fmt: skip
        for org_id, contact_id, name, phone, mobile, role in session.execute(
            sa.select(*contact_cols).order_by(Contact.id)
        ):
            contact = _Contact(contact_id, name, phone, mobile)
            if role == WEBSITE_CONTACT_ROLE:
                self.contacts.setdefault(org_id, contact)
            else:
                self.other_contacts.setdefault(org_id, []).append(contact)
        self._sites: dict[int, _Site] | None = None
        self._site_index: dict[tuple[int, str], _Site] = {}

    # -- units ----------------------------------------------------------------------------------

    def unit_key(self, name: str, uscc: str) -> str:
        if uscc and uscc in self.by_uscc:
            return norm_name(self.by_uscc[uscc].name)
        return norm_name(name)

    def collect_units(self) -> None:
        self.work.units, issues = collect_units(self.parsed.records, self.unit_key, self.parsed.letters)
        for issue in issues:
            self.plan.add_error(issue)

    def error(self, rec: SiteRecord, message: str, column: str = "") -> None:
        self.plan.add_error(ImportIssue(rec.sheet, rec.row, column, message))

    def plan_units(self) -> None:
        for key, unit in self.work.units.items():
            org = self.by_uscc.get(unit.uscc) if unit.uscc else None
            org = org or self.by_name.get(key)
            unit.org = org
            entry = PlanEntry(UNIT, unit.name, unit.row, id=org.id if org else None)
            if org is None:
                self.work.new_orgs[key] = (unit.name, unit.uscc or None)
                if unit.supervisor:
                    entry.changes.append(FieldChange("主管部门", None, unit.supervisor))
                    self.work.parent_of[key] = unit.supervisor
                self.plan.created.append(entry)
            else:
                if unit.uscc and org.uscc != unit.uscc:
                    if org.uscc:
                        self.plan.add_error(
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

    def check_cycles(self) -> None:
        """A 主管部门 must not make a unit the superior of itself, directly or through ledger rows."""

        def node(key: str) -> tuple[str, int | str]:
            org = self.work.units[key].org
            return ("id", org.id) if org is not None else ("new", key)

        parent: dict[tuple[str, int | str], tuple[str, int | str] | None] = {
            ("id", child): ("id", up) for child, up in self.parent_ids.items()
        }
        changed: dict[tuple[str, int | str], str] = {}
        for key, sup in self.work.parent_of.items():
            if sup in self.work.units and node(key) != node(sup):
                parent[node(key)] = node(sup)
                changed[node(key)] = key
        names = {node(k): u.name for k, u in self.work.units.items()}
        for cycle in find_cycles(parent):
            keys = [changed[n] for n in cycle if n in changed]
            if not keys:
                continue  # a loop already in the ledger is not this file's doing
            first = next(i for i, n in enumerate(cycle) if n in changed)
            cycle = cycle[first:] + cycle[:first]  # from the first unit this file moves
            chain = [names[n] if n in names else self.names_by_id.get(int(n[1]), "?") for n in cycle]
            rows = sorted({self.work.units[k].supervisor_row or self.work.units[k].row for k in keys})
            self.plan.add_error(
                ImportIssue(
                    self.parsed.sheet,
                    rows[0],
                    self.parsed.letters.get("supervisor", ""),
                    f"主管部门形成循环：{' → '.join([*chain, chain[0]])}（箭头指向主管部门；见第"
                    f"{'、'.join(str(r) for r in rows)}行）。一个单位不能成为自己下级单位的下级",
                )
            )

    def plan_contact(self, key: str, unit: FileUnit, org: _Org | None) -> None:
        name, phone = unit.contact or ("", "")
        existing = self.contacts.get(org.id) if org is not None else None
        label = f"{unit.name} {name}".strip()
        if existing is None:
            others = self.other_contacts.get(org.id, []) if org is not None else []
            same = next((c for c in others if c.name == name and (not phone or c.has_phone(phone))), None)
            if same is not None:
                # the unit's own contact, as the export writes it: nothing to add, nothing to overwrite
                self.plan.unchanged.append(PlanEntry(CONTACT, label, unit.row, [], same.id))
                return
            self.plan.created.append(PlanEntry(CONTACT, label, unit.row))
            self.work.contacts.append((key, None, name, phone))
            return
        changes = []
        if name and existing.name != name:
            changes.append(FieldChange("联系人", existing.name, name))
        if phone and not existing.has_phone(phone):
            changes.append(FieldChange("联系电话", existing.office_phone, phone))
        entry = PlanEntry(CONTACT, label, unit.row, changes, existing.id)
        (self.plan.updated if changes else self.plan.unchanged).append(entry)
        if changes:
            self.work.contacts.append(
                (key, existing, name or existing.name, phone or existing.office_phone or "")
            )

    # -- websites -------------------------------------------------------------------------------

    def plan_sites(self) -> None:
        asciis = sorted({d.ascii_name for rec in self.parsed.records for d in rec.domains})
        owners: dict[str, _Site] = {}
        cols = (Domain.ascii_name, ProtectedObject.id, ProtectedObject.organization_id, ProtectedObject.name)
        owned = sa.select(*cols).join(ProtectedObject, ProtectedObject.id == Domain.object_id)
        in_ledger = self.s.scalar(sa.select(sa.func.count()).select_from(Domain)) or 0
        if asciis and in_ledger <= 4 * len(asciis):
            # a big file against the ledger's domains: one pass over them all, matched here
            wanted = set(asciis)
            for dom, object_id, org_id, object_name in self.s.execute(owned.order_by(Domain.id)):
                if dom in wanted:
                    owners[dom] = _Site(object_id, org_id, object_name)
        else:
            for start in range(0, len(asciis), BATCH):
                stmt = owned.where(Domain.ascii_name.in_(asciis[start : start + BATCH])).order_by(Domain.id)
                for dom, object_id, org_id, object_name in self.s.execute(stmt):
                    owners[dom] = _Site(object_id, org_id, object_name)
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

    def match_site(self, rec: SiteRecord, org: _Org | None, owners: dict[str, _Site]) -> _Site | None:
        for d in rec.domains:
            owned = owners.get(d.ascii_name)
            if owned is not None:
                if org is None or owned.organization_id != org.id:
                    owner = self.names_by_id.get(owned.organization_id, "")
                    self.error(
                        rec,
                        f"域名 {d.name} 已登记在单位“{owner}”的“{owned.name}”下，不能同时属于“{rec.unit}”",
                    )
                return self.site(owned.id)
        if org is None:
            return None
        return self.sites().get((org.id, rec.site))

    def site(self, object_id: int) -> _Site | None:
        """A ledger object with the fields the plan compares (loaded on demand if not a website of
        the units in this file)."""
        self.sites()
        assert self._sites is not None
        if object_id not in self._sites:
            self._load_sites(ProtectedObject.id == object_id)
        return self._sites.get(object_id)

    def sites(self) -> dict[tuple[int, str], _Site]:
        """The websites of the units in this file by (unit id, site name or object name), loaded
        once with their domains instead of one query per row."""
        if self._sites is None:
            self._sites = {}
            org_ids = sorted({u.org.id for u in self.work.units.values() if u.org is not None})
            for start in range(0, len(org_ids), BATCH):
                where = (
                    ProtectedObject.organization_id.in_(org_ids[start : start + BATCH]),
                    ProtectedObject.object_type == ObjectType.WEBSITE,
                )
                self._load_sites(*where)
            for obj in sorted(self._sites.values(), key=lambda o: o.id):
                for label in (obj.site_name, obj.name):
                    if label:
                        self._site_index.setdefault((obj.organization_id, label), obj)
        return self._site_index

    def _load_sites(self, *where: Any) -> None:
        assert self._sites is not None
        cols = (
            ProtectedObject.id,
            ProtectedObject.organization_id,
            ProtectedObject.name,
            ProtectedObject.site_name,
            ProtectedObject.badge_displayed,
        )
        found = {row[0]: _Site(*row) for row in self.s.execute(sa.select(*cols).where(*where))}
        ids = sorted(found)
        for start in range(0, len(ids), BATCH):
            stmt = (
                sa.select(Domain.object_id, Domain.ascii_name, Domain.name)
                .where(Domain.object_id.in_(ids[start : start + BATCH]))
                .order_by(Domain.object_id, Domain.position, Domain.id)
            )
            for object_id, ascii_name, name in self.s.execute(stmt):
                found[object_id].domains.append((ascii_name, name))
        self._sites.update(found)

    @staticmethod
    def site_changes(rec: SiteRecord, obj: _Site) -> list[FieldChange]:
        changes = []
        if (obj.site_name or "") != rec.site:
            changes.append(FieldChange("网站名称", obj.site_name, rec.site))
        if rec.badge is not None and obj.badge_displayed != rec.badge:
            changes.append(FieldChange("是否挂标", obj.badge_displayed, rec.badge))
        old = [a for a, _n in obj.domains]
        new = [d.ascii_name for d in rec.domains]
        if old != new:
            changes.append(FieldChange("域名", [n for _a, n in obj.domains], [d.name for d in rec.domains]))
        return changes

    def run(self) -> tuple[ImportPlan, _Work]:
        if self.parsed.records:
            self.collect_units()
            self.plan_units()
            self.check_cycles()
            self.plan_sites()
        self.plan.errors.sort(key=lambda e: (e.sheet, e.row, e.column))
        return self.plan, self.work


def plan_import(session: Session, parsed: ParsedTable) -> tuple[ImportPlan, _Work]:
    return _Planner(session, parsed).run()


def _column_index(letters: str) -> int:
    """0-based index of a column's letters (openpyxl loaded on first use: the window imports this
    module when an import is checked, and openpyxl alone took most of a tenth of a second)."""
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(letters)) - 1


def _apply_overrides(sheets: list[Sheet], overrides: Mapping[CellKey, Any]) -> None:
    by_name = {s.name: s for s in sheets}
    for (sheet_name, row, column), value in overrides.items():
        sheet = by_name.get(sheet_name)
        if sheet is None or not 1 <= row <= extent.MAX_ROWS or not column.isalpha() or len(column) > 3:
            continue
        c = _column_index(column)
        if c >= extent.MAX_COLUMNS:
            continue
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
    if not key[2].isalpha() or len(key[2]) > 3:
        return ""
    c = _column_index(key[2])
    cells = sheet.rows[key[1] - 1]
    return normalise_text(cells[c]) if c < len(cells) else ""


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
    with _collector_paused():
        return _import_file(ledger, path, kind, dry_run, skip_rows, overrides)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a table is read, checked and written, as it was
    before afterwards. An import makes millions of objects and no garbage cycles, and every full
    collection walks all of them: a third of a province table's dry run went to collections that
    found nothing. Reference counting still frees every object as it goes; the few cycles made here
    are collected once the collector is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_file(
    ledger: Any,
    path: str | Path,
    kind: str,
    dry_run: bool,
    skip_rows: Iterable[RowKey],
    overrides: Mapping[CellKey, Any] | None,
) -> ImportResult:
    workbook = read_sheets(path)
    sheets = workbook.sheets
    fixes = {(str(s), int(r), str(c).upper()): v for (s, r, c), v in (overrides or {}).items()}
    _apply_overrides(sheets, fixes)
    parsed = parse_table(
        sheets, kind, skip={(str(s), int(r)) for s, r in skip_rows}, known_domains=_ledger_domains(ledger)
    )
    parsed.skipped += workbook.hidden
    labels = {(r.sheet, r.row): " / ".join(x for x in (r.unit, r.site) if x) for r in parsed.records}
    labels.update(parsed.skipped_labels)
    skipped = list(parsed.skipped_rows)
    with ledger.session(write=not dry_run) as session:
        plan, work = plan_import(session, parsed)
        plan.sheet, plan.hidden = parsed.sheet, list(workbook.hidden)
        cells = {
            (e.sheet, e.row, e.column): _cell(sheets, (e.sheet, e.row, e.column))
            for e in plan.errors
            if e.column
        }
        result = ImportResult(plan, False, parsed.sheet, skipped, labels, cells, fixes)
        if not plan.ok or dry_run or not plan.changes_anything:
            session.rollback()
            return result
        del workbook, sheets  # the cells are in the records now: memory for the write
        try:
            apply_plan(session, work)
        except (sa.exc.IntegrityError, sa.exc.DataError) as exc:
            # the plan should have refused this; the ledger did: the transaction is rolled back
            reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
            raise WorkbookError(
                f"台账拒绝写入文件中的数据（{reason}），未写入任何内容。请检查文件中重复或过长的内容后重新导入。"
            ) from None
    result.written = True
    audit_head.record(ledger)  # events appended past the session's hook: keep the outside record
    return result


def _ledger_domains(ledger: Any) -> dict[str, DomainName]:
    """The ledger's Chinese domains by stored name (English ones have a fast check of their own)."""
    with ledger.session(write=False) as session:
        rows = session.execute(
            sa.select(Domain.name, Domain.ascii_name, Domain.kind).where(Domain.kind == "cn")
        ).all()
    return {name: DomainName(name, ascii_name, kind) for name, ascii_name, kind in rows}


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
