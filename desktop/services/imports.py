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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from db.enums import ObjectStatus, ObjectType
from db.models import Contact, Domain, Organization, ProtectedObject
from db.validators import DomainName
from desktop.importers.plan import FieldChange, ImportIssue, ImportPlan, PlanEntry
from desktop.importers.website_tables import ParsedTable, SiteRecord, parse_table
from desktop.importers.xlsx_reader import read_workbook

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
            for dom, obj in self.s.execute(
                sa.select(Domain.ascii_name, ProtectedObject)
                .join(ProtectedObject, ProtectedObject.id == Domain.object_id)
                .where(Domain.ascii_name.in_(set(asciis)))
            ):
                owners[dom] = obj
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
        return self.s.scalars(
            sa.select(ProtectedObject)
            .where(
                ProtectedObject.organization_id == org.id,
                ProtectedObject.object_type == ObjectType.WEBSITE,
                sa.or_(ProtectedObject.site_name == rec.site, ProtectedObject.name == rec.site),
            )
            .limit(1)
        ).first()

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


@dataclass
class ImportResult:
    plan: ImportPlan
    written: bool


def import_file(ledger: Any, path: str | Path, kind: str, *, dry_run: bool = False) -> ImportResult:
    """Read, plan and (unless ``dry_run`` or there are errors) apply the import in one transaction.

    Raises :class:`desktop.importers.xlsx_reader.WorkbookError` for files that cannot be read.
    """
    parsed = parse_table(read_workbook(path), kind)
    with ledger.session(write=not dry_run) as session:
        plan, work = plan_import(session, parsed)
        if not plan.ok or dry_run or not plan.changes_anything:
            session.rollback()
            return ImportResult(plan, False)
        _apply(session, work)
    return ImportResult(plan, True)
