"""Validators: real-world spellings accepted and normalised, wrong values rejected in Chinese."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from db.domain import validators as v
from db.domain.validators import ValidationError


def _with_check(first17: str) -> str:
    return first17 + stdnum_uscc.calc_check_digit(first17)


def _rejects(func: object, value: object, message: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(value)  # type: ignore[operator]
    assert message in info.value.message
    assert str(info.value) == info.value.message
    return info.value


# --------------------------------------------------------------------------------------------------
# 统一社会信用代码
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("91350100M000100Y43", "91350100M000100Y43"),
        ("91110000600037341L", "91110000600037341L"),
        ("11100000000013127D", "11100000000013127D"),  # 11100000000013127X fails the check; D is right
        (" 9135 0100 M000 100Y43 ", "91350100M000100Y43"),
        ("91350100m000100y43", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
    ],
)
def test_uscc_valid(raw: str, code: str) -> None:
    assert v.uscc(raw) == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("91350100M000100Y44", "校验位不正确"),  # check character changed
        ("11100000000013127X", "校验位不正确"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y431", "应为18位"),
        ("91350100M000100I43", "不允许的字符：I"),
        ("913501O0M000100Y43", "不允许的字符：O"),
        ("9135A100M000100Y43", "行政区划代码"),
        ("", "不能为空"),
    ],
)
def test_uscc_invalid(raw: str, message: str) -> None:
    error = _rejects(v.uscc, raw, message)
    assert error.field == "uscc"


@pytest.mark.parametrize(
    ("first17", "unit_type"),
    [
        ("11100000000013127", "2"),  # 机构编制 / 机关 → 政府机关
        ("12130000401708835", "3"),  # 事业单位
        ("13100000500000513", "9"),  # 群团
        ("51130000500000001", "9"),  # 社会团体
        ("91350100M000100Y4", "4"),  # 企业
        ("92130102MA0000001", "4"),  # 个体工商户
        ("93130102MA0000001", "4"),  # 农民专业合作社
        ("31110000400000001", None),  # 司法行政: cannot tell
    ],
)
def test_unit_type_from_uscc(first17: str, unit_type: str | None) -> None:
    assert v.unit_type_from_uscc(_with_check(first17)) == unit_type


def test_unit_type_from_invalid_uscc_raises() -> None:
    _rejects(v.unit_type_from_uscc, "91350100M000100Y44", "校验位不正确")


# --------------------------------------------------------------------------------------------------
# Phones and e-mail
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("0311—87802765", "0311—87802765"),  # em dash as typed in the seed tables: the officer's form kept
        ("0311-87802765", "0311-87802765"),
        ("0311—87802765（传真）", "0311—87802765"),  # as in the seed notice
        ("010-55635842", "010-55635842"),
        ("010-52818558", "010-52818558"),
        ("010-66022093", "010-66022093"),
        ("(0311)87802765", "0311-87802765"),
        ("（0311）87802765", "0311-87802765"),
        ("031187802765", "0311-87802765"),
        ("０３１１－８７８０２７６５", "0311-87802765"),
        ("电话：0311 8780 2765", "0311-87802765"),
        ("+86 311 8780 2765", "0311-87802765"),
        ("0931-8123456", "0931-8123456"),
        ("13912345678", "139 1234 5678"),
        ("+86 139 1234 5678", "139 1234 5678"),
        ("0086 13912345678", "139 1234 5678"),
        ("0086 311 87802765", "0311-87802765"),
        ("010-66261741转8001", "010-66261741转8001"),
        ("010-66261741 分机 8001", "010-66261741转8001"),
        ("010-66261741 ext. 8001", "010-66261741转8001"),
        ("010-66261741-8001", "010-66261741转8001"),
        ("400-800-1234", "400 800 1234"),
        ("+852 2123 4567", "+852 2123 4567"),
    ],
)
def test_phone_valid(raw: str, display: str) -> None:
    assert v.phone(raw) == display


@pytest.mark.parametrize("raw", ["12345", "0311-1234", "87802765x", "abc", "010-6626174", "1391234567"])
def test_phone_invalid(raw: str) -> None:
    _rejects(v.phone, raw, "电话号码无效")


def test_phone_empty() -> None:
    _rejects(v.phone, "  ", "电话号码不能为空")


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("bgs@hebjgbz.gov.cn", "bgs@hebjgbz.gov.cn"),
        (" Zhang.San@HEBJGBZ.Gov.CN ", "Zhang.San@hebjgbz.gov.cn"),
        ("zhangsan＠１２６．com", "zhangsan@126.com"),
        ("mailto:wz@x.gov.cn", "wz@x.gov.cn"),
    ],
)
def test_email_valid(raw: str, normalised: str) -> None:
    assert v.email(raw) == normalised


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("bgs.hebjgbz.gov.cn", "格式不正确"),
        ("bgs@@x.cn", "格式不正确"),
        ("bgs@", "域名不正确"),
        (".bgs@x.cn", "格式不正确"),
        ("bgs@localhost", "域名不正确"),
        ("张三@x.cn", "格式不正确"),
    ],
)
def test_email_invalid(raw: str, message: str) -> None:
    _rejects(v.email, raw, message)


# --------------------------------------------------------------------------------------------------
# Domains
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name", "kind"),
    [
        ("www.hebjgbz.gov.cn", "www.hebjgbz.gov.cn", "en"),
        ("WWW.HEBJGBZ.GOV.CN", "www.hebjgbz.gov.cn", "en"),
        ("http://www.x.gov.cn/", "www.x.gov.cn", "en"),
        ("https://slj.bd.gov.cn:8443/index.html?a=1", "slj.bd.gov.cn", "en"),
        ("www.x.gov.cn.", "www.x.gov.cn", "en"),
        ("河北省编办·政务", "河北省编办.政务", "cn"),
        ("河北省编办.政务", "河北省编办.政务", "cn"),
        ("河北省编办・政务", "河北省编办.政务", "cn"),
        ("河北省编办‧政务", "河北省编办.政务", "cn"),
        ("河北省编办•政务", "河北省编办.政务", "cn"),
        ("河北省编办。政务", "河北省编办.政务", "cn"),
        ("河北省编办．政务", "河北省编办.政务", "cn"),
        ("中国国家博物馆.公益", "中国国家博物馆.公益", "cn"),
        ("xxx.政务.cn", "xxx.政务.cn", "cn"),
    ],
)
def test_domain_valid(raw: str, name: str, kind: str) -> None:
    result = v.domain(raw)
    assert (result.name, result.kind) == (name, kind)
    assert result.ascii_name.isascii()


def test_domain_ascii_form() -> None:
    assert v.domain("河北省编办·政务").ascii_name == "xn--wfrvk819dsnju8j.xn--zfr164b"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("a_b.gov.cn", "域名格式不正确"),
        ("-a.gov.cn", "域名格式不正确"),
        ("www..gov.cn", "域名格式不正确"),
        ("河北 编办.政务", "域名格式不正确"),
        ("202.99.160.68", "而不是IP地址"),
        ("localhost", "至少有两级"),
        ("河北省编办", "至少有两级"),
        ("www.x.123", "顶级域名不正确"),
        ("", "域名不能为空"),
    ],
)
def test_domain_invalid(raw: str, message: str) -> None:
    _rejects(v.domain, raw, message)


SEED_CELL = "1. 河北省机构编制委员会办公室·政务 2. 河北省编办·政务 3. 河北机构编制网·政务"


def test_split_seed_cell_gives_three_domains() -> None:
    parts = v.split_domains(SEED_CELL)
    assert parts == ["河北省机构编制委员会办公室.政务", "河北省编办.政务", "河北机构编制网.政务"]
    assert [v.domain(p).kind for p in parts] == ["cn", "cn", "cn"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("www.a.gov.cn\nwww.b.gov.cn", ["www.a.gov.cn", "www.b.gov.cn"]),
        ("www.a.gov.cn、www.b.gov.cn；www.c.gov.cn", ["www.a.gov.cn", "www.b.gov.cn", "www.c.gov.cn"]),
        (
            "www.a.gov.cn，www.b.gov.cn,www.c.gov.cn;www.d.gov.cn",
            ["www.a.gov.cn", "www.b.gov.cn", "www.c.gov.cn", "www.d.gov.cn"],
        ),
        ("①河北省编办·政务②www.hebjgbz.gov.cn", ["河北省编办.政务", "www.hebjgbz.gov.cn"]),
        ("(1)www.a.gov.cn (2)www.b.gov.cn", ["www.a.gov.cn", "www.b.gov.cn"]),
        ("1、www.a.gov.cn 2、www.b.gov.cn", ["www.a.gov.cn", "www.b.gov.cn"]),
        ("1.河北省编办·政务", ["河北省编办.政务"]),
        ("12306.cn", ["12306.cn"]),
        ("“www.a.gov.cn”", ["www.a.gov.cn"]),
        ("www.a.gov.cn WWW.A.GOV.CN", ["www.a.gov.cn"]),
        ("www.a.gov.cn 无", ["www.a.gov.cn"]),
        ("无", []),
        ("暂无", []),
        ("-", []),
        ("", []),
        ("   ", []),
        (None, []),
        (float("nan"), []),
    ],
)
def test_split_domains(cell: object, expected: list[str]) -> None:
    assert v.split_domains(cell) == expected


@given(st.text(max_size=80))
def test_split_domains_never_crashes_and_yields_checkable_names(cell: str) -> None:
    for part in v.split_domains(cell):
        assert part
        with contextlib.suppress(ValidationError):
            v.domain(part)


@given(st.text(max_size=60))
def test_domain_raises_only_validation_errors(text: str) -> None:
    try:
        result = v.domain(text)
    except ValidationError:
        return
    assert result.kind in ("en", "cn")


# --------------------------------------------------------------------------------------------------
# Filing and web identifiers
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("冀ICP备15003849号", "冀ICP备15003849号"),
        ("闽ICP备11004623号-2", "闽ICP备11004623号-2"),
        ("京ICP证030173号", "京ICP证030173号"),
        ("京ICP备19014889号", "京ICP备19014889号"),
        ("冀ICP备15003849", "冀ICP备15003849号"),
        ("冀 icp 备 15003849 号", "冀ICP备15003849号"),
        ("冀ＩＣＰ备１５００３８４９号－１", "冀ICP备15003849号-1"),
        ("蜀ICP备05005319号", "蜀ICP备05005319号"),
    ],
)
def test_icp_number_valid(raw: str, canonical: str) -> None:
    assert v.icp_number(raw) == canonical


@pytest.mark.parametrize(
    "raw", ["ICP备15003849号", "冀ICP备号", "美ICP备15003849号", "冀ICP15003849号", "冀ICP备15003849号-"]
)
def test_icp_number_invalid(raw: str) -> None:
    _rejects(v.icp_number, raw, "ICP备案号格式不正确")


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("冀公网安备 13030202002230号", "冀公网安备 13030202002230号"),
        ("冀公网安备13030202002230号", "冀公网安备 13030202002230号"),
        ("13030202002230", "冀公网安备 13030202002230号"),
        ("11010202008000", "京公网安备 11010202008000号"),
        ("43010302000524号", "湘公网安备 43010302000524号"),
        ("京公网安备 １１０１０２０２００８０００号", "京公网安备 11010202008000号"),
    ],
)
def test_psb_number_valid(raw: str, canonical: str) -> None:
    assert v.psb_number(raw) == canonical


def test_psb_number_invalid() -> None:
    _rejects(v.psb_number, "1303020200223", "公安联网备案号格式不正确")
    _rejects(v.psb_number, "冀公网安备 130302020022301号", "公安联网备案号格式不正确")
    _rejects(v.psb_number, "99030202002230", "无法从备案号判断省份")


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13010099001-00001", "13010099001-00001"),
        ("13010099001—00001", "13010099001-00001"),
        ("1301009900100001", "13010099001-00001"),
        ("１３０１００９９００１－００００１", "13010099001-00001"),
    ],
)
def test_certificate_no_valid(raw: str, canonical: str) -> None:
    assert v.certificate_no(raw) == canonical


@pytest.mark.parametrize(
    "raw", ["1301009900-00001", "13010099001-0001", "13010099001/00001", "A3010099001-00001"]
)
def test_certificate_no_invalid(raw: str) -> None:
    _rejects(v.certificate_no, raw, "11位数字-5位数字")


def test_form_number() -> None:
    assert v.form_number("130100 99001") == "13010099001"
    _rejects(v.form_number, "1301009900", "应为11位数字")
    _rejects(v.form_number, "1301009900X", "应为11位数字")


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("1303000020", "1303000020"),
        ("4300000077", "4300000077"),
        ("3406000012", "3406000012"),
        ("BM55000001", "bm55000001"),
    ],
)
def test_site_code_valid(raw: str, canonical: str) -> None:
    assert v.site_code(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("130300002", "应为10位"),
        ("bm5500000", "应为10位"),
        ("xx03000020", "应为10位"),
        ("9903000020", "省级代码不存在"),
    ],
)
def test_site_code_invalid(raw: str, message: str) -> None:
    _rejects(v.site_code, raw, message)


@pytest.mark.parametrize(
    "raw", ["130000", "130102", "110101", "650100", "710000", "810000", "820000", "130102001", "130102001001"]
)
def test_region_code_valid(raw: str) -> None:
    assert v.region_code(raw) == raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("990000", "省级代码不存在"),
        ("160000", "省级代码不存在"),
        ("660000", "省级代码不存在"),
        ("12345", "应为6位数字"),
        ("1301020", "应为6位数字"),
        ("13010a", "应为6位数字"),
    ],
)
def test_region_code_invalid(raw: str, message: str) -> None:
    _rejects(v.region_code, raw, message)


def test_postcode() -> None:
    assert v.postcode("050051") == "050051"
    assert v.postcode(" １０００１０ ") == "100010"
    for bad in ("05005", "0500511", "000000", "95005a"):
        _rejects(v.postcode, bad, "邮政编码应为6位数字")


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        date(2015, 11, 15),
        datetime(2015, 11, 15, 9, 30),
        "2015-11-15",
        "2015-11-15 00:00:00",
        "2015-11-15T08:00:00",
        "2015年11月15日",
        "2015 年 11 月 15 日",
        "２０１５年１１月１５日",
        "二〇一五年十一月十五日",
        "2015/11/15",
        "2015.11.15",
        "2015．11．15",
        "20151115",
        42323,
        42323.75,
        20151115,
    ],
)
def test_parse_date_forms(raw: object) -> None:
    assert v.parse_date(raw) == date(2015, 11, 15)


def test_parse_date_short_fields_and_chinese_numerals() -> None:
    assert v.parse_date("2025-1-5") == date(2025, 1, 5)
    assert v.parse_date("二〇二五年一月二十日") == date(2025, 1, 20)
    assert v.parse_date("二〇二五年十二月三十一日") == date(2025, 12, 31)
    assert v.parse_date(45658) == date(2025, 1, 1)
    assert v.parse_date(61) == date(1900, 3, 1)
    assert v.parse_date(1) == date(1900, 1, 1)


@pytest.mark.parametrize(
    "raw",
    ["2015-02-30", "15/11/2015", "abc", "2015年13月1日", "2015-11", True, 60, -5, 3_000_000, float("nan")],
)
def test_parse_date_invalid(raw: object) -> None:
    _rejects(v.parse_date, raw, "日期格式不正确")


def test_parse_date_empty_and_out_of_range() -> None:
    _rejects(v.parse_date, None, "日期不能为空")
    _rejects(v.parse_date, "", "日期不能为空")
    _rejects(v.parse_date, "1850-01-01", "超出范围")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_round_trips_iso(day: date) -> None:
    assert v.parse_date(day.isoformat()) == day
    assert v.parse_date(f"{day.year}年{day.month}月{day.day}日") == day


def test_validation_error_carries_field() -> None:
    with pytest.raises(ValidationError) as info:
        v.phone("123", field="office_phone")
    assert info.value.field == "office_phone"
    assert isinstance(info.value, ValueError)


_LABEL = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,10}[A-Za-z0-9])?", fullmatch=True).filter(
    lambda label: "--" not in label
)


@given(st.lists(_LABEL, min_size=1, max_size=3), st.sampled_from(["cn", "com", "gov.cn", "org"]))
def test_plain_ascii_domains_match_idna(labels: list[str], tld: str) -> None:
    """The fast path for letters/digits/hyphens gives exactly what UTS #46 gives."""
    import idna

    host = ".".join([*labels, tld])
    assert v.domain(host).ascii_name == idna.encode(host, uts46=True).decode("ascii")
