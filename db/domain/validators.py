"""Validators for the identifiers and values a security officer types or imports.

Each validator takes the raw value, tolerates full-width characters and stray spaces (Unicode NFKC), and
returns the normalised value, or raises :class:`ValidationError` carrying a Chinese message for the user
and the name of the field. Empty input is an error ("…不能为空"); callers skip optional empty fields.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import idna
import phonenumbers
from stdnum.cn import uscc as stdnum_uscc


class ValidationError(ValueError):
    """A value the user must correct; ``message`` is Chinese and shown as is, ``field`` names the field."""

    def __init__(self, message: str, field: str = "", value: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value


# Provinces: GB/T 2260 two-digit codes and the one-character abbreviations used in ICP and 公网安备 numbers.
PROVINCE_CODES: dict[str, str] = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙",
    "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁",
    "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "贵", "53": "云", "54": "藏",
    "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
    "71": "台", "81": "港", "82": "澳",
}  # fmt: skip
# Alternative abbreviations in use (蜀 for 四川, 黔 for 贵州, 滇 for 云南, 秦 for 陕西, 陇 for 甘肃).
_ALT_ABBREVIATIONS = {"蜀": "51", "黔": "52", "滇": "53", "秦": "61", "陇": "62"}
_ABBREVIATIONS = "".join(PROVINCE_CODES.values()) + "".join(_ALT_ABBREVIATIONS)

# Characters written for the dot between domain labels: middle dots (·・‧•∙⋅), ideographic full stop.
_DOTS = str.maketrans(dict.fromkeys("·・‧•∙⋅。｡．﹒", "."))
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣－", "-"))
_CIRCLED = str.maketrans({chr(0x2460 + i): "\n" for i in range(20)})  # ①…⑳ used as list markers


def _text(value: object, field: str, label: str) -> str:
    """NFKC-normalised, stripped text; ``ValidationError`` when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValidationError(f"{label}不能为空", field, value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        raise ValidationError(f"{label}不能为空", field, value)
    return text


def _compact(value: object, field: str, label: str, drop: str = r"[\s\-]") -> str:
    """Like :func:`_text`, also without spaces (and by default hyphens), upper-case."""
    return re.sub(drop, "", _text(value, field, label).translate(_DASHES)).upper()


# --------------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------------

#: Unicode's Bidi_Control characters: they reorder how the text around them is shown (U+202E turns
#: "单位gpj.exe" into "单位exe.jpg" on screen), so a name could read differently from what is stored
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: what programs write for a missing or broken value; never a name
_PLACEHOLDERS = frozenset(
    {"nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity", "none", "null", "nil", "undefined",
     "true", "false", "#n/a", "#value!", "#ref!", "#div/0!", "#name?", "#num!", "#null!"}
)  # fmt: skip
_SHOWN = 24
#: control characters (Unicode category Cc), bidirectional controls and unpaired surrogates
_NAME_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _describe(value: object) -> str:
    """What a non-text value is, for a message: 数字（12345）, 逻辑值（TRUE）…"""
    if isinstance(value, bool):
        return f"逻辑值（{'TRUE' if value else 'FALSE'}）"
    if isinstance(value, int | float):
        shown = repr(value) if isinstance(value, float) and not value.is_integer() else str(value)
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
            shown = str(int(value))
        if len(shown) > _SHOWN:
            shown = f"{shown[:_SHOWN]}…（共{len(shown)}位）"
        return f"数字（{shown}）"
    if isinstance(value, datetime | date):
        return f"日期（{value.isoformat()[:10]}）"
    return f"{type(value).__name__} 类型的值"


def name(value: object, *, field: str = "name", label: str = "名称", max_length: int = 200) -> str:
    """A name (单位名称, 网站名称, 主管部门, 联系人…): text, NFKC, inner whitespace (tabs and line
    breaks included) collapsed to one space.

    Refused with a Chinese message: a value that is not text (a spreadsheet cell holding a number,
    TRUE/FALSE, a date, NaN or infinity); control characters such as NUL; Unicode's bidirectional
    controls (:data:`BIDI_CONTROLS`: U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069); unpaired
    surrogates; placeholders programs write for missing values (``nan``, ``None``, ``#N/A``…); more than
    ``max_length`` characters.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(f"{label}不能为空", field, value)
    if not isinstance(value, str):
        raise ValidationError(f"{label}应为文字，此处是{_describe(value)}", field, value)
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    bad = _NAME_FORBIDDEN.search(text)
    if bad:
        ch = bad[0]
        if ch in BIDI_CONTROLS:
            raise ValidationError(
                f"{label}含有改变文字显示方向的控制字符 U+{ord(ch):04X}（会使显示的文字与实际不同），请删除后重新填写",
                field,
                value,
            )
        if unicodedata.category(ch) == "Cc":
            raise ValidationError(f"{label}含有控制字符 U+{ord(ch):04X}，请删除后重新填写", field, value)
        raise ValidationError(f"{label}含有无效的字符 U+{ord(ch):04X}，请重新填写", field, value)
    if text.lower() in _PLACEHOLDERS:
        raise ValidationError(f"{label}不能是“{text}”（这是程序写入的空值或错误值，不是名称）", field, value)
    if len(text) > max_length:
        raise ValidationError(f"{label}过长：有{len(text):,}个字符，最多{max_length}个", field, value)
    return text


# --------------------------------------------------------------------------------------------------
# 统一社会信用代码
# --------------------------------------------------------------------------------------------------

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
_USCC_FORMAT = re.compile(rf"[{_USCC_CHARS}]{{2}}\d{{6}}[{_USCC_CHARS}]{{10}}")


def uscc(s: object, *, field: str = "uscc") -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a mod-31 check character (``stdnum.cn.uscc``).

    Returns the upper-case code without spaces.
    """
    code = _compact(s, field, "统一社会信用代码")
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位（现为{len(code)}位）", field, s)
    bad = sorted({ch for ch in code if ch not in _USCC_CHARS})
    if bad:
        raise ValidationError(f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}", field, s)
    if not _USCC_FORMAT.fullmatch(code):
        raise ValidationError("统一社会信用代码第3至8位应为行政区划代码（数字）", field, s)
    if stdnum_uscc.calc_check_digit(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位不正确", field, s)
    return code


# 备案表 单位类型: 1 党委机关, 2 政府机关, 3 事业单位, 4 企业, 9 其他.
# Position 1 of the USCC is the registering authority, position 2 the kind of body.
# 11 (机构编制 / 机关) cannot tell 党委 from 政府 organs; we choose 2 政府机关, the more frequent case.
_UNIT_TYPE_BY_PREFIX = {
    "11": "2",  # 机构编制部门登记的机关
    "12": "3",  # 事业单位
    "13": "9",  # 中央编办登记的群团组织
    "19": "9",  # 机构编制部门登记的其他
    "51": "9",  # 民政：社会团体
    "52": "9",  # 民政：民办非企业单位
    "53": "9",  # 民政：基金会
    "59": "9",  # 民政：其他
    "91": "4",  # 市场监管：企业
    "92": "4",  # 市场监管：个体工商户
    "93": "4",  # 市场监管：农民专业合作社
}


def unit_type_from_uscc(s: object) -> str | None:
    """Pre-fill the 备案表 单位类型 code ('1'–'9') from a valid USCC, or ``None`` when the prefix cannot tell.

    Mapping: 11 → '2' 政府机关 (党委机关 also register under 11; the user corrects it), 12 → '3' 事业单位,
    13/19 → '9' 其他 (群团 etc.), 51–53/59 → '9' 其他 (社会组织), 91/92/93 → '4' 企业; other prefixes
    (司法、宗教、工会、军队…) → ``None``. Raises :class:`ValidationError` for an invalid code.
    """
    return _UNIT_TYPE_BY_PREFIX.get(uscc(s)[:2])


# --------------------------------------------------------------------------------------------------
# Telephone numbers and e-mail
# --------------------------------------------------------------------------------------------------

_PHONE_LABEL = re.compile(r"^(?:办公电话|联系电话|电话|手机|固话|tel|phone|mobile)\s*[:]?\s*", re.IGNORECASE)
_PHONE_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_PHONE_NOTE = re.compile(r"\([^()]*[^\x00-\x7f][^()]*\)")  # a remark in brackets: "（传真）", "(办)"
_TRAILING_EXTENSION = re.compile(r"^(.*\d)\s*-\s*(\d{1,5})$")
# An area code the user set apart, as in "0311-87802765" or "(0311) 87802765".
_TYPED_AREA_CODE = re.compile(r"^\(?(0[1-9]\d{1,2})\)?[\s-]")


def _parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _phone_display(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    fixed = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    # a Chinese fixed line's geographical area code is its national destination code (CN has a
    # national prefix; fixed lines are geographical): phonenumbers' length_of_geographical_area_code
    # would work out the number's type a second time to say so (tests compare the two)
    if phonenumbers.number_type(number) not in fixed:
        area = 0
    else:
        area = phonenumbers.length_of_national_destination_code(number)
    if area:
        nsn = phonenumbers.national_significant_number(number)
        return f"0{nsn[:area]}-{nsn[area:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone(s: object, *, field: str = "phone") -> str:
    """See :func:`_phone`; text inputs are cached (a unit's contact number repeats on every row of an import)."""
    if isinstance(s, str):
        return _phone_cached(s, field)
    return _phone(s, field=field)


@functools.lru_cache(maxsize=8192)
def _phone_cached(s: str, field: str) -> str:
    return _phone(s, field=field)


def _phone(s: object, *, field: str = "phone") -> str:
    """A Chinese (or international) telephone number, checked with ``phonenumbers`` (region CN).

    Accepts ``0311—87802765``, ``(0311)87802765``, ``031187802765``, ``+86 139 1234 5678`` and extensions
    written ``转8001`` / ``分机8001`` / ``ext. 8001`` / ``-8001``; remarks such as ``（传真）`` are dropped. Returns a display form: fixed lines
    ``0311-87802765`` (``0311—87802765`` when typed with that dash), mobiles ``139 1234 5678``, extensions kept as
    ``转8001``.
    """
    text = _PHONE_LABEL.sub("", _text(s, field, "电话号码").translate(_DASHES))
    text = _PHONE_NOTE.sub("", text).strip()
    extension = ""
    m = _PHONE_EXTENSION.search(text)
    if m:
        extension, text = m[1], text[: m.start()]
    number = _parse_phone(text)
    if number is None and not extension and (m := _TRAILING_EXTENSION.match(text)):
        number, extension = _parse_phone(m[1]), m[2]
    if number is None:
        raise ValidationError(f"电话号码无效：{s}（固定电话请含区号，如 0311-87802765）", field, s)
    display = _phone_display(number)
    typed_area = _TYPED_AREA_CODE.match(text)
    if typed_area and "-" in display and not display.startswith(f"{typed_area[1]}-"):
        raise ValidationError(f"电话号码无效：{s}（区号与号码位数不符）", field, s)
    if "—" in str(s) and display.count("-") == 1:
        # the officer's own form (the seed tables write 0311—87802765): kept, not rewritten
        display = display.replace("-", "—")
    return f"{display}转{extension}" if extension else display


_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def email(s: object, *, field: str = "email") -> str:
    """An e-mail address ``local@domain``; the domain is checked like :func:`domain` and lower-cased."""
    text = re.sub(r"\s+", "", _text(s, field, "电子邮件"))
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
    local, at, host = text.rpartition("@")
    if not at or not _EMAIL_LOCAL.fullmatch(local) or len(local) > 64:
        raise ValidationError(f"电子邮件地址格式不正确：{s}", field, s)
    try:
        name = domain(host, field=field).name
    except ValidationError:
        raise ValidationError(f"电子邮件地址的域名不正确：{s}", field, s) from None
    return f"{local}@{name}"


# --------------------------------------------------------------------------------------------------
# Domain names
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainName:
    """A domain in Unicode (``name``) and ASCII/punycode (``ascii_name``); ``kind`` 'cn' if it has Chinese."""

    name: str
    ascii_name: str
    kind: str  # "en" or "cn"


_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


def normalize_dots(text: str) -> str:
    """NFKC plus every dot look-alike (·・‧•。．…) turned into '.', as written in 中文域名 lists."""
    return unicodedata.normalize("NFKC", text).translate(_DOTS)


def _host(text: str) -> str:
    host = _SCHEME.sub("", text)
    host = re.split(r"[/?#]", host, maxsplit=1)[0]
    host = host.rpartition("@")[2]
    host = re.sub(r":\d*$", "", host)
    return host.rstrip(".").lower()


#: dot-separated labels of 1–63 letters, digits and inner hyphens
_PLAIN_ASCII_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")

#: the same with a top-level domain of letters: a host as typed, needing no change but lower case
_BARE_ASCII_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{1,63}")


def domain(s: object, *, field: str = "domain") -> DomainName:
    """A domain name, English (``www.hebjgbz.gov.cn``) or Chinese (``河北省编办.政务``, ``xxx.政务.cn``).

    URLs are reduced to their host (``http://www.x.gov.cn/`` → ``www.x.gov.cn``); the middle-dot forms
    ``河北省编办·政务`` and full-width full stops become '.'. Checked and converted with ``idna`` (UTS #46).
    """
    if type(s) is str and "--" not in s and len(s) <= 253 and _BARE_ASCII_HOST.fullmatch(s):
        # already a bare host of letters, digits and single hyphens: every step below leaves it as
        # it is but for lower case (the fast path of big imports; tests compare it with the full path)
        plain = s.lower()
        return DomainName(plain, plain, "en")
    host = _host(normalize_dots(_text(s, field, "域名")))
    if not host or re.search(r"\s", host):
        raise ValidationError(f"域名格式不正确：{s}", field, s)
    if re.fullmatch(r"[\d.]+", host) or ":" in host:
        raise ValidationError(f"请填写域名而不是IP地址：{s}", field, s)
    if "." not in host:
        raise ValidationError(f"域名应至少有两级，如 www.example.gov.cn 或 单位名.政务：{s}", field, s)
    if _PLAIN_ASCII_HOST.fullmatch(host) and "--" not in host and len(host) <= 253:
        # letters, digits and single hyphens only: UTS #46 would just lower-case it (fast path for big
        # imports; "--" may be a punycode prefix or a hyphen in the 3rd and 4th place: the full check)
        ascii_name = name = host.lower()
    else:
        try:
            ascii_name, name = _idna_names(host)
        except (idna.IDNAError, UnicodeError, ValueError) as exc:
            raise ValidationError(f"域名格式不正确：{s}（{_idna_reason(exc)}）", field, s) from None
    tld = ascii_name.rsplit(".", 1)[-1]
    if not (tld.isalpha() or tld.startswith("xn--")):
        raise ValidationError(f"顶级域名不正确：{s}", field, s)
    return DomainName(name, ascii_name, "en" if name == ascii_name else "cn")


def _idna_names(host: str) -> tuple[str, str]:
    """(A-labels, U-labels): ``idna.encode(host, uts46=True)`` and ``idna.decode`` of it, each distinct
    label converted once (``政务`` ends thousands of names); a name out of the ordinary (an empty or
    typed ``xn--`` label, too long) goes through ``idna`` whole."""
    mapped = idna.uts46_remap(host, False, False) if len(host) <= 253 else ""
    labels = mapped.split(".")
    ordinary = 0 < len(mapped) <= 253 and not any(c in mapped for c in "。．｡")
    if ordinary and all(x and not x.startswith("xn--") for x in labels):
        ascii_name = ".".join([_alabel(label) for label in labels])
        if len(ascii_name) <= 253:
            return ascii_name, mapped
    ascii_name = idna.encode(host, uts46=True).decode("ascii")
    return ascii_name, idna.decode(ascii_name)


@functools.lru_cache(maxsize=4096)
def _alabel(label: str) -> str:
    return idna.alabel(label).decode("ascii")


def _idna_reason(exc: Exception) -> str:
    """The ``idna`` library's English reason, said in Chinese (the message is shown as is)."""
    text = str(exc).lower()
    if "empty label" in text:
        return "有空的一级：两个点相连，或以点开头"
    if "too long" in text and "label" in text:
        return "某一级超过 63 个字符"
    if "too long" in text:
        return "域名超过 253 个字符"
    if "hyphen" in text:
        return "某一级以连字符开头或结尾，或第3、4位是连字符"
    if "codepoint" in text or "not allowed" in text or "invalid" in text:
        return "含有域名中不允许的字符"
    return "不符合国际化域名的规则"


_NULL_TOKENS = {"无", "暂无", "没有", "无域名", "空", "-", "--", "/", "n/a", "na", "none", "null"}
# List markers "1." "2、" "3)" "(4)" at the start or after a separator; "1." only before a space or
# Chinese text, so that a domain such as 12306.cn is kept.
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s,;、]))(?:\(\d{1,2}\)|\d{1,2}[、)]|\d{1,2}\.(?=\s|[^\x00-\x7f]|$))")
_SEPARATORS = re.compile(r"[\s,;、|]+")
_TOKEN_EDGES = "\"'“”‘’<>《》()[]【】{}:.。"


def split_domains(cell: object) -> list[str]:
    """Split a spreadsheet cell listing domains into domain strings (not yet validated).

    Handles numbered lists (``1. 河北省编办·政务 2. …``, ``①…``, ``(1)…``) and separators (newline, space,
    、 ，,；; |). Dot look-alikes become '.'. ``无``, ``-`` and empty cells give ``[]``. Duplicates are
    dropped, order kept. Pass each result to :func:`domain` to validate it.
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    if type(cell) is str and _BARE_ASCII_HOST.fullmatch(cell):
        # one bare host (letters, digits, hyphens, dots, a TLD of letters): nothing below changes it
        # (the fast path of big imports; tests compare it with the full path)
        return [cell]
    return _split_listed(cell)


def _split_listed(cell: object) -> list[str]:
    """:func:`split_domains` the full way: markers and separators removed, dot look-alikes mapped."""
    text = normalize_dots(str(cell).translate(_CIRCLED))
    text = _LIST_MARKER.sub(" ", text)
    result: list[str] = []
    seen: set[str] = set()
    for raw in _SEPARATORS.split(text):
        token = raw.strip(_TOKEN_EDGES)
        if not token or token.lower() in _NULL_TOKENS or raw.lower() in _NULL_TOKENS:
            continue
        if token.lower() not in seen:
            seen.add(token.lower())
            result.append(token)
    return result


# --------------------------------------------------------------------------------------------------
# Filing-related numbers
# --------------------------------------------------------------------------------------------------

_ICP = re.compile(rf"([{_ABBREVIATIONS}])ICP(备|证)(\d{{6,10}})号?(?:-(\d{{1,3}}))?")


def icp_number(s: object, *, field: str = "icp_number") -> str:
    """ICP 备案号 ``冀ICP备15003849号`` (optionally ``-2`` for the n-th site) or licence ``京ICP证030173号``."""
    text = _compact(s, field, "ICP备案号", drop=r"\s")
    m = _ICP.fullmatch(text)
    if m is None:
        raise ValidationError(
            f"ICP备案号格式不正确，应如 冀ICP备15003849号 或 闽ICP备11004623号-2：{s}", field, s
        )
    suffix = f"-{m[4]}" if m[4] else ""
    return f"{m[1]}ICP{m[2]}{m[3]}号{suffix}"


_PSB = re.compile(rf"(?:([{_ABBREVIATIONS}])公网安备)?(\d{{14}})号?")


def psb_number(s: object, *, field: str = "psb_number") -> str:
    """公安联网备案号: ``冀公网安备 13030202002230号`` or the bare 14 digits.

    Returns ``<省简称>公网安备 <14位数字>号``; for bare digits the abbreviation is taken from the first two
    digits (the accepting police office's region code).
    """
    text = _compact(s, field, "公安联网备案号", drop=r"\s")
    m = _PSB.fullmatch(text)
    if m is None:
        raise ValidationError(f"公安联网备案号格式不正确，应如 冀公网安备 13030202002230号：{s}", field, s)
    abbreviation = m[1] or PROVINCE_CODES.get(m[2][:2])
    if abbreviation is None:
        raise ValidationError(
            f"无法从备案号判断省份，请填写完整，如 冀公网安备 13030202002230号：{s}", field, s
        )
    return f"{abbreviation}公网安备 {m[2]}号"


def certificate_no(s: object, *, field: str = "certificate_no") -> str:
    """备案证明编号 ``\\d{11}-\\d{5}`` (备案表编号 + 系统编号); 16 digits without the hyphen are accepted."""
    text = _compact(s, field, "备案证明编号", drop=r"\s")
    m = re.fullmatch(r"(\d{11})-?(\d{5})", text)
    if m is None:
        raise ValidationError(f"备案证明编号应为“11位数字-5位数字”，如 13010099001-00001：{s}", field, s)
    return f"{m[1]}-{m[2]}"


def form_number(s: object, *, field: str = "form_number") -> str:
    """备案表编号: 11 digits (6-digit police organ code + 5-digit unit sequence)."""
    text = _compact(s, field, "备案表编号")
    if not re.fullmatch(r"\d{11}", text):
        raise ValidationError(f"备案表编号应为11位数字：{s}", field, s)
    return text


def _check_province(code: str, field: str, s: object, label: str) -> None:
    if code[:2] not in PROVINCE_CODES:
        raise ValidationError(f"{label}的省级代码不存在：{code[:2]}", field, s)


def site_code(s: object, *, field: str = "site_code") -> str:
    """政府网站标识码: 10 characters, 6-digit 行政区划代码 + 4 digits, or ``bm`` + 8 digits (部委)."""
    text = _compact(s, field, "政府网站标识码").lower()
    if re.fullmatch(r"bm\d{8}", text):
        return text
    if not re.fullmatch(r"\d{10}", text):
        raise ValidationError(f"政府网站标识码应为10位，如 1303000020 或 bm55000001：{s}", field, s)
    _check_province(text, field, s, "政府网站标识码")
    return text


def region_code(s: object, *, field: str = "region_code") -> str:
    """行政区划代码 (GB/T 2260): 6 digits, or the 9/12-digit township forms; the province must exist."""
    text = _compact(s, field, "行政区划代码")
    if not re.fullmatch(r"\d{6}|\d{9}|\d{12}", text):
        raise ValidationError(f"行政区划代码应为6位数字（乡镇级为9位或12位）：{s}", field, s)
    _check_province(text, field, s, "行政区划代码")
    return text


def postcode(s: object, *, field: str = "postcode") -> str:
    """邮政编码: 6 digits."""
    text = _compact(s, field, "邮政编码")
    if not re.fullmatch(r"(?:0[1-9]|[1-8]\d)\d{4}", text):
        raise ValidationError(f"邮政编码应为6位数字：{s}", field, s)
    return text


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX = 2958465  # 9999-12-31
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]\S.*)?")
_CN_DIGITS = dict(zip("〇一二三四五六七八九", range(10), strict=True)) | {"○": 0, "零": 0}
_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)


def _cn_number(text: str) -> int:
    """十一 → 11, 二十三 → 23, 三十 → 30, 九 → 9."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _from_excel_serial(serial: float) -> date:
    """Excel 1900 date system; serials before 1900-03-01 account for the fictitious 1900-02-29."""
    whole = math.floor(serial)
    if whole < 1 or whole > _EXCEL_MAX or whole == 60:
        raise ValueError(serial)
    return _EXCEL_EPOCH + timedelta(days=whole + (1 if whole < 60 else 0))


def _from_text(text: str) -> date:
    text = text.translate(_DASHES)
    m = _CN_DATE.fullmatch(text)
    if m:
        year = int("".join(str(_CN_DIGITS[ch]) for ch in m[1]))
        return date(year, _cn_number(m[2]), _cn_number(m[3]))
    m = _DATE_TEXT.fullmatch(text)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{8}", text):
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    raise ValueError(text)


def parse_date(value: object, *, field: str = "date") -> date:
    """A date from a date/datetime, text or an Excel serial number.

    Text: ISO ``2015-11-15`` (a time part is ignored), ``2015年11月15日``, ``2015/11/15``, ``2015.11.15``,
    ``20151115``, ``二〇一五年十一月十五日``, in half- or full-width digits. Numbers (int/float) are Excel
    serial dates (1900 system), except an 8-digit integer, which is read as YYYYMMDD.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    message = f"日期格式不正确：{value}（应如 2015-11-15 或 2015年11月15日）"
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, int) and 19000101 <= value <= 21001231:
            result = _from_text(str(value))
        elif isinstance(value, int | float):
            result = _from_excel_serial(float(value))
        else:
            result = _from_text(_text(value, field, "日期"))
    except ValidationError:
        raise
    except (ValueError, OverflowError):
        raise ValidationError(message, field, value) from None
    if not 1900 <= result.year <= 2100:
        raise ValidationError(f"日期超出范围（1900至2100年）：{value}", field, value)
    return result

