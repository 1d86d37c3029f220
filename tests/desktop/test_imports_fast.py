"""The fast paths of big imports (issue 16) give exactly what the full paths give.

* Domain validation: a bare ASCII host skips the normalisation steps, letters/digits/hyphens skip
  ``idna``, and a Chinese name is converted label by label (``政务`` once) without decoding it back.
  Each is compared, on generated input, with the full path (every step, ``idna.encode`` and
  ``idna.decode`` on the whole name): the same accept/reject result, the same names, the same message.
* A small hand-checked 开办情况汇总表 imported into a ledger that already holds some of it: the plan
  (created / updated / unchanged / errors), the rows written and their audit events, as worked out
  by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import idna
import pytest
import sqlalchemy as sa
from docs_seed_tables import SUMMARY_HEADER, SUMMARY_TITLE, write_table
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from db.domain import validators as v
from db.domain.validators import DomainName, ValidationError
from db.models import AuditEvent, Contact, Domain, Organization, ProtectedObject
from db.store.check import check_ledger
from desktop.services.imports import import_file


def full_path_domain(s: object) -> DomainName:
    """:func:`db.domain.validators.domain` without any fast path: every step for every input."""
    host = v._host(v.normalize_dots(v._text(s, "domain", "域名")))
    if not host or re.search(r"\s", host):
        raise ValidationError(f"域名格式不正确：{s}", "domain", s)
    if re.fullmatch(r"[\d.]+", host) or ":" in host:
        raise ValidationError(f"请填写域名而不是IP地址：{s}", "domain", s)
    if "." not in host:
        raise ValidationError(f"域名应至少有两级，如 www.example.gov.cn 或 单位名.政务：{s}", "domain", s)
    try:
        ascii_name = idna.encode(host, uts46=True).decode("ascii")
        name = idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError, ValueError) as exc:
        raise ValidationError(f"域名格式不正确：{s}（{v._idna_reason(exc)}）", "domain", s) from None
    tld = ascii_name.rsplit(".", 1)[-1]
    if not (tld.isalpha() or tld.startswith("xn--")):
        raise ValidationError(f"顶级域名不正确：{s}", "domain", s)
    return DomainName(name, ascii_name, "en" if name == ascii_name else "cn")


def outcome(fn: Callable[[str], DomainName], s: str) -> tuple[str, object]:
    try:
        return "ok", fn(s)
    except ValidationError as exc:
        return "refused", exc.message


PIECES = [
    "a", "b", "Z", "q", "0", "7", "-", "--", ".", "..", "xn--", "XN--", "www", "gov", "cn", "com",
    "政务", "公益", "河北省编办", "石家庄", "ß", "ﬁ", "Ａ", "１", "。", "·", "．", " ", "_", "http://",
    "/index.html", ":8080", "@", "\u200d", "ا", "1.2.3.4", "xn--fiqs8s", "a" * 63, "b" * 64, "ab--cd",
]  # fmt: skip
_LABEL = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,12}[A-Za-z0-9])?", fullmatch=True)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join),
    st.lists(_LABEL, min_size=1, max_size=4).map(".".join),
    st.lists(st.sampled_from(["政务", "河北", "中心", "a", "b1", "xn--", "-", "编办"]), min_size=1, max_size=4)
    .map(".".join),
))  # fmt: skip
@example("ab--cd.cn")  # a hyphen in the 3rd and 4th place: refused by UTS #46, formerly let through
@example("a--b.gov.cn")
@example("xn--fiqs8s.xn--zfr164b")
@example("WWW.HEBJGBZ.GOV.CN")
@example("河北省编办·政务")
@example("xn--fiqs8s.政务")
@example(".".join(["a" * 63] * 4))
def test_domain_fast_paths_match_the_full_path(text: str) -> None:
    assert outcome(v.domain, text) == outcome(full_path_domain, text)


HEADER = SUMMARY_HEADER  # 主管部门 单位名称 网站名称 英文域名 中文域名 是否挂标 联系人 联系电话
SUP = "河北省机构编制委员会办公室"


def table(path: Path, rows: list[list[str]]) -> Path:
    written: Path = write_table(path, SUMMARY_TITLE, f"单位（公章）：{SUP}", HEADER, rows, note=None)
    return written


def ledger_rows(ledger: Any) -> dict[str, list[tuple[Any, ...]]]:
    with ledger.session(write=False) as s:
        orgs = dict(s.execute(sa.select(Organization.id, Organization.name)).all())
        return {
            "units": sorted(
                (n, orgs.get(p) if p else None, u)
                for n, p, u in s.execute(
                    sa.select(Organization.name, Organization.parent_id, Organization.uscc)
                )
            ),
            "contacts": sorted(
                (orgs[o], n, ph, r)
                for o, n, ph, r in s.execute(
                    sa.select(Contact.organization_id, Contact.name, Contact.office_phone, Contact.role)
                )
            ),
            "sites": sorted(
                (orgs[o], n, sn, b)
                for o, n, sn, b in s.execute(
                    sa.select(
                        ProtectedObject.organization_id,
                        ProtectedObject.name,
                        ProtectedObject.site_name,
                        ProtectedObject.badge_displayed,
                    )
                )
            ),
            "domains": sorted(
                (o, n, a, k, p)
                for o, n, a, k, p in s.execute(
                    sa.select(
                        ProtectedObject.name, Domain.name, Domain.ascii_name, Domain.kind, Domain.position
                    ).join(ProtectedObject, ProtectedObject.id == Domain.object_id)
                )
            ),
        }


def events(ledger: Any, after: int) -> list[tuple[str, str]]:
    with ledger.session(write=False) as s:
        return sorted(
            (a, e)
            for a, e in s.execute(
                sa.select(AuditEvent.action, AuditEvent.entity).where(AuditEvent.id > after)
            )
        )


def last_event(ledger: Any) -> int:
    with ledger.session(write=False) as s:
        return s.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0


FIRST = [
    [SUP, SUP, "河北机构编制网", "www.hebjgbz.gov.cn", "河北省编办·政务", "是", "李伟", "0311-87802765"],
    [SUP, "河北省事业单位登记管理局", "登记管理局网", "djj.hebjgbz.gov.cn", "", "是", "", ""],
]
SECOND = [
    # unchanged: the same unit, website, domains and contact
    [SUP, SUP, "河北机构编制网", "WWW.HebJGBZ.gov.cn", "河北省编办·政务", "是", "李伟", "0311-87802765"],
    # updated: not badged any more, a second (Chinese) domain
    [SUP, "河北省事业单位登记管理局", "登记管理局网", "djj.hebjgbz.gov.cn", "河北事业单位·政务", "否", "", ""],
    # created: a new unit under the same 主管部门, its website (a URL and a Chinese name) and contact
    [SUP, "河北省机构编制研究中心", "研究中心网", "http://yjzx.hebjgbz.gov.cn/index.html", "编制研究·公益", "是",
     "王芳", "0311-87802766"],
]  # fmt: skip


def test_hand_checked_summary_import(ledger: Any, tmp_path: Path) -> None:
    first = import_file(ledger, table(tmp_path / "first.xlsx", FIRST), "summary")
    assert first.plan.ok and first.written, first.plan.errors
    # 2 units + 1 contact + 2 websites; 5 rows of ours, 3 domains
    assert sorted((e.type, e.name) for e in first.plan.created) == [
        ("单位", "河北省事业单位登记管理局"),
        ("单位", SUP),
        ("网站", f"河北机构编制网（{SUP}）"),
        ("网站", "登记管理局网（河北省事业单位登记管理局）"),
        ("联系人", f"{SUP} 李伟"),
    ]
    mark = last_event(ledger)
    dry = import_file(ledger, table(tmp_path / "second.xlsx", SECOND), "summary", dry_run=True)
    assert last_event(ledger) == mark  # a dry run writes nothing
    result = import_file(ledger, table(tmp_path / "second.xlsx", SECOND), "summary")
    assert result.written and result.plan.ok, result.plan.errors
    for plan in (dry.plan, result.plan):
        assert sorted((e.type, e.name) for e in plan.created) == [
            ("单位", "河北省机构编制研究中心"),
            ("网站", "研究中心网（河北省机构编制研究中心）"),
            ("联系人", "河北省机构编制研究中心 王芳"),
        ]
        assert [(e.type, e.name, sorted(c.field for c in e.changes)) for e in plan.updated] == [
            ("网站", "登记管理局网（河北省事业单位登记管理局）", ["域名", "是否挂标"])
        ]
        assert sorted((e.type, e.name) for e in plan.unchanged) == [
            ("单位", "河北省事业单位登记管理局"),
            ("单位", SUP),
            ("网站", f"河北机构编制网（{SUP}）"),
            ("联系人", f"{SUP} 李伟"),
        ]
        assert plan.errors == []
    expected: dict[str, list[tuple[Any, ...]]] = {
        "units": [
            ("河北省事业单位登记管理局", SUP, None),
            ("河北省机构编制研究中心", SUP, None),
            (SUP, None, None),
        ],
        "contacts": [
            ("河北省机构编制研究中心", "王芳", "0311-87802766", "网站联系人"),
            (SUP, "李伟", "0311-87802765", "网站联系人"),
        ],
        "sites": [
            ("河北省事业单位登记管理局", "登记管理局网", "登记管理局网", False),
            ("河北省机构编制研究中心", "研究中心网", "研究中心网", True),
            (SUP, "河北机构编制网", "河北机构编制网", True),
        ],
        "domains": [
            ("河北机构编制网", "www.hebjgbz.gov.cn", "www.hebjgbz.gov.cn", "en", 0),
            ("河北机构编制网", "河北省编办.政务", idna.encode("河北省编办.政务").decode(), "cn", 1),
            ("登记管理局网", "djj.hebjgbz.gov.cn", "djj.hebjgbz.gov.cn", "en", 0),
            ("登记管理局网", "河北事业单位.政务", idna.encode("河北事业单位.政务").decode(), "cn", 1),
            ("研究中心网", "yjzx.hebjgbz.gov.cn", "yjzx.hebjgbz.gov.cn", "en", 0),
            ("研究中心网", "编制研究.公益", idna.encode("编制研究.公益").decode(), "cn", 1),
        ],
    }
    assert ledger_rows(ledger) == {key: sorted(rows) for key, rows in expected.items()}
    # the audit events of the second import: one insert per new row, the website's changed field,
    # its new domain (the one it had kept, as it was)
    got = events(ledger, mark)
    inserts = [e for a, e in got if a == "insert"]
    assert sorted(inserts).count("organizations") == 1
    assert sorted(inserts).count("contacts") == 1
    assert sorted(inserts).count("protected_objects") == 1
    assert ("update", "protected_objects") in got
    assert {e for _a, e in got} <= {"organizations", "contacts", "protected_objects", "domains"}
    assert not any(e in ("organizations", "contacts") for a, e in got if a != "insert")
    report = check_ledger(ledger)  # the hash chain holds and replays to the stored rows
    assert report.ok, report.lines()
    # importing the second file again changes nothing, not even an audit event
    again = import_file(ledger, table(tmp_path / "second.xlsx", SECOND), "summary")
    assert not again.written and not again.plan.created and not again.plan.updated
    assert len(again.plan.unchanged) == 8
    assert events(ledger, mark) == got


def test_a_dropped_domain_is_an_audited_deletion(ledger: Any, tmp_path: Path) -> None:
    import_file(ledger, table(tmp_path / "second.xlsx", SECOND), "summary")
    mark = last_event(ledger)
    rows = [list(r) for r in SECOND]
    rows[2][3] = ""  # the research centre's website keeps only its Chinese name
    result = import_file(ledger, table(tmp_path / "third.xlsx", rows), "summary")
    assert result.written and [(e.name, [c.field for c in e.changes]) for e in result.plan.updated] == [
        ("研究中心网（河北省机构编制研究中心）", ["域名"])
    ]
    assert ("delete", "domains") in events(ledger, mark)
    with ledger.session(write=False) as s:
        assert s.execute(sa.select(Domain.name, Domain.position).where(Domain.name.like("%研究%"))).all() == [
            ("编制研究.公益", 0)
        ]
    report = check_ledger(ledger)
    assert report.ok, report.lines()


@pytest.mark.parametrize(
    ("english", "message"),
    [
        ("ab--cd.hebjgbz.gov.cn", "连字符"),  # 3rd and 4th place: the fast path must not let it through
        ("djj.hebjgbz.gov.cn", "与第4行重复"),  # the same domain as the row above
    ],
)
def test_refused_domains_write_nothing(ledger: Any, tmp_path: Path, english: str, message: str) -> None:
    rows = [list(FIRST[1]), [SUP, "某单位", "某网站", english, "", "是", "", ""]]
    before = ledger_rows(ledger)
    result = import_file(ledger, table(tmp_path / "bad.xlsx", rows), "summary")
    assert not result.written and not result.plan.ok
    assert [e.row for e in result.plan.errors] == [5]
    assert message in result.plan.errors[0].message, result.plan.errors
    assert ledger_rows(ledger) == before


def test_audit_rows_are_the_stored_rows(ledger: Any, tmp_path: Path) -> None:
    """The bulk writer's insert events carry each stored row in full (``check`` replays them)."""
    import_file(ledger, table(tmp_path / "first.xlsx", FIRST), "summary")
    with ledger.session(write=False) as s:
        rows = s.execute(
            sa.select(AuditEvent.entity, AuditEvent.new_value).where(AuditEvent.action == "insert")
        ).all()
    stored = [json.loads(value) for entity, value in rows if entity == "domains"]
    assert sorted(d["ascii_name"] for d in stored) == sorted(
        ["www.hebjgbz.gov.cn", idna.encode("河北省编办.政务").decode(), "djj.hebjgbz.gov.cn"]
    )


def test_domains_matched_in_a_ledger_with_more_of_them(ledger: Any, tmp_path: Path) -> None:
    """A small file against a ledger with many more domains looks its domains up (the other way of
    matching than a big file's one pass): the same matches, the same refusals."""
    import_file(ledger, table(tmp_path / "first.xlsx", FIRST), "summary")
    import_file(ledger, table(tmp_path / "second.xlsx", SECOND), "summary")  # 6 domains in the ledger
    same = [[SUP, "河北省事业单位登记管理局", "登记管理局网", "DJJ.hebjgbz.gov.cn", "", "", "", ""]]
    result = import_file(ledger, table(tmp_path / "same.xlsx", same), "summary", dry_run=True)
    assert result.plan.ok and [(e.type, e.name) for e in result.plan.updated] == [
        ("网站", "登记管理局网（河北省事业单位登记管理局）")
    ]  # found by its domain; the Chinese name is no longer listed
    taken = [[SUP, "河北省机构编制研究中心", "另一个网站", "djj.hebjgbz.gov.cn", "", "", "", ""]]
    before = ledger_rows(ledger)
    refused = import_file(ledger, table(tmp_path / "taken.xlsx", taken), "summary")
    assert not refused.written and [e.message for e in refused.plan.errors] == [
        "域名 djj.hebjgbz.gov.cn 已登记在单位“河北省事业单位登记管理局”的“登记管理局网”下，"
        "不能同时属于“河北省机构编制研究中心”"
    ]
    assert ledger_rows(ledger) == before


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.lists(st.sampled_from(PIECES + [",", "、", "1. ", "(2)", "①", "无", "na"]), min_size=1, max_size=8).map("".join),
    st.lists(_LABEL, min_size=2, max_size=4).map(".".join),
))  # fmt: skip
@example("12306.cn")
@example("1.cn")
@example("www.a-b.gov.cn")
def test_split_domains_fast_path_matches_the_full_path(cell: str) -> None:
    """A cell holding one bare host is returned as it is; the full split gives the same list."""
    assert v.split_domains(cell) == v._split_listed(cell)


@pytest.mark.parametrize(
    "number",
    ["0311-87802765", "010-12345678", "0755-23456789", "0311-80000841", "0898-66668888", "13912345678",
     "+86 10 1234 5678", "400-810-8888", "0571-87654321", "0314-2345678"],
)  # fmt: skip
def test_fixed_line_area_code_is_the_geographical_one(number: str) -> None:
    """The display form takes a fixed line's area code from its national destination code: for Chinese
    numbers that is what phonenumbers' geographical area code gives."""
    import phonenumbers

    parsed = phonenumbers.parse(number, "CN")
    assert parsed.country_code == 86 and phonenumbers.is_valid_number(parsed)
    fixed = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    ours = phonenumbers.length_of_national_destination_code(parsed)
    theirs = phonenumbers.length_of_geographical_area_code(parsed)
    if phonenumbers.number_type(parsed) in fixed:
        assert ours == theirs and theirs > 0
    else:
        assert theirs == 0  # mobiles and 400 numbers: no area code, shown in phonenumbers' national form
    if theirs:
        nsn = phonenumbers.national_significant_number(parsed)
        assert v.phone(number) == f"0{nsn[:theirs]}-{nsn[theirs:]}"


def test_whitespace_runs_are_the_pattern_s() -> None:
    """normalise_text collapses whitespace with str.split(): the same characters as the pattern \\s."""
    assert all(
        (re.fullmatch(r"\s", chr(c)) is not None) == chr(c).isspace() for c in range(0x110000)
    )


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\u3000\u00a0ａＡ１ｶﾞ河北a.-·")), max_size=30))
def test_normalise_text_as_before(text: str) -> None:
    import unicodedata

    from desktop.importers.xlsx_reader import normalise_text

    assert normalise_text(text) == re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_known_domains_are_what_the_check_gives(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table naming the ledger's own Chinese domains takes them as stored: that is what the check
    gives for each stored name, and the plan is the same as with every domain checked afresh."""
    from desktop.importers import website_tables
    from desktop.services import imports

    import_file(ledger, table(tmp_path / "first.xlsx", FIRST), "summary")
    import_file(ledger, table(tmp_path / "second.xlsx", SECOND), "summary")
    known = imports._ledger_domains(ledger)
    assert sorted(known) == ["河北事业单位.政务", "河北省编办.政务", "编制研究.公益"]
    for name, stored in known.items():
        assert v.domain(name) == stored
    names = ["河北省编办.政务", "河北事业单位.政务", "编制研究.公益"]
    as_stored = [[*row[:4], name, *row[5:]] for row, name in zip(SECOND, names, strict=True)]
    path = table(tmp_path / "again.xlsx", as_stored)

    def plan(known_on: bool) -> list[tuple[str, str, int | None]]:
        website_tables._checked_domain.cache_clear()
        website_tables._checked_domains.cache_clear()
        if not known_on:
            monkeypatch.setattr(imports, "_ledger_domains", lambda _ledger: {})
        result = import_file(ledger, path, "summary", dry_run=True)
        assert result.plan.ok and not result.plan.created and not result.plan.updated
        return [(e.type, e.name, e.id) for e in result.plan.unchanged]

    assert len(plan(True)) == 8 and plan(True) == plan(False)


def test_row_encoder_equals_encode_row() -> None:
    """The bulk writers' audit text is encode_row of the complete row, byte for byte."""
    from datetime import date, datetime

    from db.domain.enums import ObjectStatus
    from db.store import audit

    common = {"a": None, "b": 1, "c": [], "d": datetime(2026, 11, 30, 8, 0), "e": ObjectStatus.RUNNING, "f": "x"}
    row = {"b": 2, "c": ["3"], "g": date(2026, 1, 2), "h": b"\x00", "i": True, "j": 1.5, "k": "河北"}
    assert audit.RowEncoder(common).encode(row) == audit.encode_row({**common, **row})
    assert audit.encode_row({**common, **row}) == json.dumps(
        {k: audit._plain(x) for k, x in {**common, **row}.items()}, ensure_ascii=False, sort_keys=True, default=str
    )
