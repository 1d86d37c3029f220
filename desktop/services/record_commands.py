"""What the command line's write commands need besides the window's services: record kinds by their
short names, ``FIELD=VALUE`` text turned into the values the window's editors hand to the services,
and the checks on shell input that a form's widgets make impossible (an unknown field, a choice not
offered, a number that points at no record, a file that is the ledger itself).

Every rule about the records stays where the window finds it: the entity records of
:mod:`db.repo.entities` (fields, labels, choices, validators), saving and deleting in
:mod:`desktop.services.records`, a finding's moves in :mod:`desktop.services.findings` (their rule in
:func:`db.domain.findings.close_problems`), gradings in :mod:`desktop.services.grading` and attachments
in :mod:`desktop.services.attachments`. Errors are Chinese: :class:`ValidationError` for what the
user typed, :class:`db.domain.errors.LedgerError` for a record that does not exist.
"""

from __future__ import annotations

import json
import math
import os
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from db.domain import findings as finding_rules
from db.domain import rules, validators
from db.domain.enums import FilingStatus, FindingStatus, HarmDegree, HarmedObject
from db.domain.errors import LedgerError
from db.domain.fields import Field, FormErrors, check_value
from db.domain.lifecycle import TransitionError
from db.domain.validators import ValidationError
from db.repo.records import NotFoundError
from db.store import ledger_files, output
from desktop.services import attachments, entities, grading, outputs, records, views
from desktop.services import findings as finding_service

#: the command line's kind names → entity names (tables)
KINDS: dict[str, str] = {
    "org": "organizations",
    "contact": "contacts",
    "object": "protected_objects",
    "grading": "gradings",
    "filing": "filings",
    "institution": "institutions",
    "assessment": "assessments",
    "finding": "findings",
    "action": "rectification_actions",
    "plan": "emergency_plans",
    "drill": "drills",
    "incident": "incidents",
    "notice": "notices",
    "task": "notice_tasks",
    "attachment": "attachments",
}
#: a field without a column length (Text) takes at most this many characters from the shell
MAX_TEXT = 100_000
#: the largest whole number SQLite and PostgreSQL store (64 bits)
MAX_INTEGER = 2**63 - 1
#: hidden parent links (not offered on a form, so they name no chooser): the entity they point to
_PARENT_LINKS = {"finding_id": "findings", "incident_id": "incidents"}
_PARENT_LABELS = {"finding_id": "所属问题（编号）", "incident_id": "所属安全事件（编号）"}
_TRUE = frozenset({"1", "true", "yes", "y", "是", "对", "真"})
_FALSE = frozenset({"0", "false", "no", "n", "否", "不", "假"})
_SHOWN = 30


def _grading_fields() -> tuple[Field, ...]:
    """The grading wizard's answers as fields (a grading is saved whole by :mod:`desktop.services.grading`)."""

    def rule_sets() -> list[tuple[str, str]]:
        return [(r.id, r.name) for r in rules.rule_sets("grading")]

    return (
        Field("object_id", "定级对象", "fk", required=True, ref="objects"),
        Field("rule_set", "定级规则", "choice", choices=rule_sets, hint="留空时用今天有效的规则"),
        Field("business_object", "业务信息受侵害的客体", "enum", required=True, enum=HarmedObject),
        Field("business_degree", "业务信息受侵害的程度", "enum", required=True, enum=HarmDegree),
        Field("service_object", "系统服务受侵害的客体", "enum", required=True, enum=HarmedObject),
        Field("service_degree", "系统服务受侵害的程度", "enum", required=True, enum=HarmDegree),
        Field("graded_on", "定级日期", "date", required=True),
        Field("business_desc", "业务信息描述", multiline=True),
        Field("business_degree_reason", "业务信息侵害程度的理由", multiline=True),
        Field("service_desc", "系统服务描述", multiline=True),
        Field("service_degree_reason", "系统服务侵害程度的理由", multiline=True),
        Field("expert_review_date", "专家评审日期", "date"),
        Field("expert_names", "评审专家"),
        Field("expert_review_passed", "专家评审通过", "bool"),
        Field("expert_opinion", "专家意见", multiline=True),
        Field("has_supervisor", "有行业主管部门", "bool"),
        Field("supervisor_name", "行业主管部门名称"),
        Field("supervisor_approved", "主管部门审核通过", "bool"),
        Field("supervisor_approval_date", "主管部门审核日期", "date"),
        Field("filled_by", "填表人"),
    )


GRADING_FIELDS = _grading_fields()
#: what ``show attachment`` prints (an attachment is added by ``attach``, never by fields)
ATTACHMENT_FIELDS = (
    Field("entity_type", "所属记录的类别（表名）", editable=False),
    Field("entity_id", "所属记录的编号", "int", editable=False),
    Field("filename", "文件名", editable=False),
    Field("mime_type", "文件类型", editable=False),
    Field("size", "大小（字节）", "int", editable=False),
    Field("sha256", "SHA-256 校验值", editable=False),
    Field("description", "说明", editable=False),
)


class FieldNameError(ValidationError):
    """A ``FIELD=VALUE`` the command line cannot read: no ``=``, or a field the kind does not have."""


def entity_name(kind: str) -> str:
    """The entity of a command-line kind; ValidationError naming the kinds there are."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError(f"没有“{_shown(kind)}”这类记录；可用：{'、'.join(KINDS)}") from None


def title(kind: str) -> str:
    return entities.entity(entity_name(kind)).title


def editable_fields(kind: str) -> tuple[Field, ...]:
    """The fields ``add``/``edit`` accept for ``kind`` (an action's and a report's parent link included)."""
    name = entity_name(kind)
    if kind == "grading":
        return GRADING_FIELDS
    if kind == "attachment":
        return ATTACHMENT_FIELDS
    return entities.entity(name).fields


@dataclass(frozen=True)
class FieldInfo:
    """One line of ``dengbao-cli fields KIND``."""

    key: str
    label: str
    kind: str
    required: bool
    choices: tuple[tuple[str, str], ...]
    hint: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.key, "label": self.label, "kind": self.kind, "required": self.required,
            "choices": [{"value": v, "label": lab} for v, lab in self.choices], "hint": self.hint,
        }


def field_infos(kind: str) -> list[FieldInfo]:
    out = []
    for f in editable_fields(kind):
        if f.kind == "enum" and f.enum is not None:
            choices = tuple((m.value, getattr(m, "label", m.value)) for m in f.enum)
        else:
            choices = tuple(f.options())
        label = f.label or _PARENT_LABELS.get(f.key, f.key)
        out.append(FieldInfo(f.key, label, f.kind, f.required, choices, f.hint or f.placeholder))
    return out


# --------------------------------------------------------------------------------------------------
# FIELD=VALUE
# --------------------------------------------------------------------------------------------------


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…（共 {len(text):,} 个字符）"


def _column_length(entity: str, key: str) -> int | None:
    """The length of the column behind a text field (None: no column, or unbounded text)."""
    if entity == "gradings":
        from db.models import Grading

        model: Any = Grading
    else:
        model = entities.entity(entity).model
    column = model.__table__.columns.get(key)
    length = getattr(getattr(column, "type", None), "length", None)
    return int(length) if length else None


def _check_text(f: Field, text: str, entity: str) -> None:
    """No control or direction characters; not longer than its column."""
    for ch in text:
        if ch in validators.BIDI_CONTROLS:
            raise ValidationError(
                f"{f.label or f.key}含有改变文字显示方向的控制字符 U+{ord(ch):04X}（会使显示的文字与实际不同），"
                "请删除后重新填写", f.key,
            )
        if (unicodedata.category(ch) in ("Cc", "Cs")) and not (f.multiline and ch in "\n\t"):
            raise ValidationError(f"{f.label or f.key}含有控制字符 U+{ord(ch):04X}，请删除后重新填写", f.key)
    limit = (_column_length(entity, f.key) if f.column else None) or MAX_TEXT
    if len(text) > limit:
        raise ValidationError(f"{f.label or f.key}过长：有 {len(text):,} 个字符，最多 {limit:,} 个", f.key)


def _choice(f: Field, text: str) -> str:
    """The stored code of a choice or enum given by its code or its Chinese label."""
    if f.kind == "enum" and f.enum is not None:
        options = [(m.value, getattr(m, "label", m.value)) for m in f.enum]
    else:
        options = f.options()
    for value, label in options:
        if text in (str(value), label):
            return str(value)
    offered = "、".join(f"{v}（{lab}）" if str(v) != lab else str(v) for v, lab in options)
    raise ValidationError(f"{f.label or f.key}不能是“{_shown(text)}”；可选：{offered}", f.key)


def _bool(f: Field, text: str) -> bool | None:
    low = text.strip().lower()
    if not low:
        return None
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValidationError(f"{f.label or f.key}应为 是/否（true/false）：收到“{_shown(text)}”", f.key)


def _one_value(f: Field, texts: list[str], entity: str) -> Any:
    for text in texts:
        _check_text(f, text, entity)
    if f.kind == "list":
        return [line for text in texts for line in text.splitlines()]
    if len(texts) > 1:
        raise ValidationError(f"字段 {f.key} 给了 {len(texts)} 次，只能给一次", f.key)
    text = texts[0]
    if f.kind == "dict":
        try:
            value = json.loads(text) if text.strip() else {}
        except ValueError:
            raise ValidationError(f"{f.label or f.key}应为 JSON 对象，例如 {{\"1\": \"名称\"}}", f.key) from None
        if not isinstance(value, dict):
            raise ValidationError(f"{f.label or f.key}应为 JSON 对象，例如 {{\"1\": \"名称\"}}", f.key)
        return value
    if f.kind == "bool":
        return _bool(f, text)
    if f.kind in ("enum", "choice") and text.strip():
        return _choice(f, text.strip())
    if f.kind in ("int", "fk", "float") and text.strip():
        _check_number(f, text.strip())
    return text


def _check_number(f: Field, text: str) -> None:
    """A number the database can hold: a whole number within 64 bits, a finite decimal."""
    try:
        number = float(text.rstrip("%"))
    except ValueError:
        return  # the field's own check says what is wrong
    if not math.isfinite(number):
        raise ValidationError(f"{f.label or f.key}应为有限的数字：收到“{_shown(text)}”", f.key)
    if f.kind != "float" and abs(number) > MAX_INTEGER:
        raise ValidationError(f"{f.label or f.key}超出范围：收到“{_shown(text)}”", f.key)


def parse_assignments(kind: str, pairs: Sequence[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` texts → the values a form would hand to the services (a field given twice:
    only list fields, whose values are joined). ValidationError for an unknown field or a bad value."""
    entity = entity_name(kind)
    if kind == "attachment":
        raise ValidationError(
            "附件只能用 dengbao-cli attach KIND ID FILE 添加、用 dengbao-cli delete attachment ID 删除，不能按字段填写。"
        )
    known = {f.key: f for f in editable_fields(kind)}
    given: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise FieldNameError(f"参数应写成 字段=值（如 name=门户网站）：收到“{_shown(pair)}”")
        if key not in known:
            hint = "；状态请用 dengbao-cli finding ID 状态" if kind == "finding" and key == "status" else ""
            raise FieldNameError(
                f"{title(kind)}没有字段“{_shown(key)}”（字段见 dengbao-cli fields {kind}）{hint}", key
            )
        given.setdefault(key, []).append(value)
    out = {key: _one_value(known[key], texts, entity) for key, texts in given.items()}
    errors = {}
    for key, value in out.items():  # the same checks the services make, all reported before anything is read
        try:
            check_value(known[key], value)
        except ValidationError as exc:
            errors[key] = exc.message
    if errors:
        key, message = next(iter(errors.items()))
        raise ValidationError(f"{known[key].label or key}：{message}", key)
    return out


# --------------------------------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------------------------------


def _missing(kind: str, record_id: int) -> LedgerError:
    return LedgerError(f"找不到编号为 {record_id} 的{title(kind)}（编号见 dengbao-cli list 或 show）。")


def exists(ledger: Any, entity: str, record_id: int) -> bool:
    model = entities.entity(entity).model
    with ledger.session(write=False) as session:
        return session.scalar(sa.select(model.id).where(model.id == record_id)) is not None


def _check_references(ledger: Any, kind: str, values: dict[str, Any]) -> None:
    """Every record number a field names must be a record of the kind that field points to."""
    for f in editable_fields(kind):
        if f.kind != "fk" or values.get(f.key) in (None, ""):
            continue
        target = entities.for_list(f.ref).name if f.ref else _PARENT_LINKS.get(f.key)
        if target is None:
            continue
        number = check_value(f, values[f.key])
        if number is not None and not exists(ledger, target, int(number)):
            raise ValidationError(
                f"{f.label or f.key}：找不到编号为 {number} 的{entities.entity(target).title}", f.key
            )


def show(ledger: Any, kind: str, record_id: int) -> dict[str, Any]:
    """Every field of one record (with its version once records carry one)."""
    entity = entity_name(kind)
    try:
        return views.record(ledger, entity, record_id)
    except NotFoundError:
        raise _missing(kind, record_id) from None


def add(ledger: Any, kind: str, values: dict[str, Any], *, today: date | None = None) -> int:
    """A new record through the window's save path; its id."""
    if kind == "attachment":
        raise ValidationError("附件请用 dengbao-cli attach KIND ID FILE 添加。")
    _check_references(ledger, kind, values)
    if kind == "grading":
        return add_grading(ledger, values, today=today)
    return _save(ledger, kind, None, {**form_blanks(kind), **values})


def form_blanks(kind: str) -> dict[str, Any]:
    """What a new record's editor hands to the services for the fields left as they are: unticked
    boxes, empty lists, empty text and choices (so a record added here equals one added there)."""
    blank = {"bool": False, "list": [], "dict": {}}
    return {f.key: blank.get(f.kind) for s in entities.entity(entity_name(kind)).sections for f in s.fields}


def _save(
    ledger: Any, kind: str, record_id: int | None, values: dict[str, Any], expected_version: int | None = None
) -> int:
    """The window's save; several field problems become one sentence naming the first field."""
    try:
        return int(records.save(ledger, entity_name(kind), record_id, values, expected_version=expected_version))
    except FormErrors as exc:
        key, message = next(iter(exc.errors.items()))
        label = next((f.label for f in editable_fields(kind) if f.key == key), key)
        raise ValidationError(message if label in message else f"{label}：{message}", key) from None


def add_grading(ledger: Any, values: dict[str, Any], *, today: date | None = None) -> int:
    """A grading as the wizard saves it (earlier gradings superseded, the object's level set)."""
    checked = {f.key: check_value(f, values.get(f.key)) for f in GRADING_FIELDS}
    checked["rule_set"] = checked["rule_set"] or rules.in_force("grading", today or date.today()).id
    given: dict[str, Any] = {}
    for f in GRADING_FIELDS:
        value = checked[f.key]
        if f.key == "has_supervisor":
            value = bool(value)
        elif f.kind in ("text", "choice") and value is None:
            value = ""  # the wizard hands over empty text, never None
        given[f.key] = value
    try:
        result = grading.save_grading(ledger, grading.GradingInput(**given))
    except NotFoundError:
        raise _missing("object", int(checked["object_id"])) from None
    return result.grading_id


def edit(ledger: Any, kind: str, record_id: int, values: dict[str, Any], *, if_version: int | None = None) -> int:
    """Change the given fields of one record through the window's save path."""
    entity = entity_name(kind)
    if kind == "grading":
        raise ValidationError("定级记录不能修改：重新定级请用 dengbao-cli add grading（原定级自动作废）。")
    if kind == "attachment":
        raise ValidationError("附件不能修改：请删除后重新添加。")
    if not exists(ledger, entity, record_id):
        raise _missing(kind, record_id)
    if not values:
        raise ValidationError("没有要修改的字段（写成 字段=值）。")
    fixed = [f for f in editable_fields(kind) if not f.editable and f.key in values]
    if fixed:
        label = fixed[0].label or _PARENT_LABELS.get(fixed[0].key, fixed[0].key)
        raise ValidationError(f"{label}在新增后不能修改。", fixed[0].key)
    _check_references(ledger, kind, values)
    try:
        # a version other than ``if_version`` stored: StaleRecordError, “记录已被他人修改…”
        return _save(ledger, kind, record_id, values, expected_version=if_version)
    except NotFoundError:
        raise _missing(kind, record_id) from None


def delete(ledger: Any, kind: str, record_id: int) -> None:
    entity = entity_name(kind)
    if not exists(ledger, entity, record_id):
        raise _missing(kind, record_id)
    if kind == "attachment":
        attachments.delete(ledger, record_id)
        return
    records.delete(ledger, entity, record_id)


# --------------------------------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------------------------------


def check_attachable(ledger: Any, path: str | Path) -> Path:
    """A file the user may attach: an existing regular file that is not this ledger or one of its
    companions, nor any ledger open here; nothing is opened to find out (a pipe would block)."""
    shown = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ValidationError(f"找不到文件：{_shown(shown)}", "file") from None
    except OSError as exc:
        raise ValidationError(f"无法读取文件 {_shown(shown)}：{exc.strerror or exc}", "file") from None
    if stat.S_ISDIR(st.st_mode):
        raise ValidationError(f"“{_shown(shown)}”是文件夹，不是文件：请给出要添加的文件。", "file")
    if not stat.S_ISREG(st.st_mode):
        raise ValidationError(f"“{_shown(shown)}”不是普通文件（管道、设备等），不能作为附件。", "file")
    real = output.real_path(path)
    companions = (*ledger_files.SIDECARS, *output.KEPT_BESIDE)
    for base in (output.real_path(p) for p in outputs.guard(ledger).ledgers):
        names = [base, *(base.with_name(base.name + suffix) for suffix in companions)]
        if any(_same_file(real, n) for n in names):
            raise ValidationError(f"“{_shown(shown)}”是台账文件或其附属文件，不能作为附件。", "file")
    if ledger_files.is_open_here(real):
        raise ValidationError(f"“{_shown(shown)}”是正在使用的台账文件，不能作为附件。", "file")
    _check_text(Field("file", "文件名"), real.name, "attachments")
    attachments.check_size(real, attachments.DEFAULT_MAX_MB)
    return real


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a == b or os.path.samefile(a, b)
    except OSError:
        return False


def attach(ledger: Any, kind: str, record_id: int, path: str | Path) -> attachments.AttachmentInfo:
    """Store a file as an attachment of one record, as the editors' 附件 tab does."""
    entity = entity_name(kind)
    if kind == "attachment":
        raise ValidationError("附件本身不能再添加附件。")
    real = check_attachable(ledger, path)
    if not exists(ledger, entity, record_id):
        raise _missing(kind, record_id)
    return attachments.add_file(ledger, entity, record_id, real)


# --------------------------------------------------------------------------------------------------
# state changes
# --------------------------------------------------------------------------------------------------


def _state(enum: Any, text: str, what: str) -> Any:
    for member in enum:
        if text in (member.value, member.label):
            return member
    offered = "、".join(f"{m.value}（{m.label}）" for m in enum)
    raise ValidationError(f"{what}没有“{_shown(text)}”这个状态；可选：{offered}")


def move_finding(
    ledger: Any, finding_id: int, state_text: str, *, evidence: str | Path | None = None,
    verifier: str | None = None, accepted_by: str | None = None, accepted_reason: str | None = None,
    today: date | None = None,
) -> str:
    """Move a finding as its dialog does (an evidence file is attached to the finding in the same
    transaction); refused, with nothing written, when the move is not possible. Returns the new
    state's label."""
    record = show(ledger, "finding", finding_id)
    state = _state(FindingStatus, state_text, "问题")
    for label, text in (("验证人", verifier), ("批准人", accepted_by), ("理由", accepted_reason)):
        if text:
            _check_text(Field("text", label, multiline=label == "理由"), text, "findings")
    real = check_attachable(ledger, evidence) if evidence is not None else None
    actions = [(a.get("action"), a.get("evidence")) for a in record.get("actions", [])]
    problems = finding_rules.close_problems(
        state, current=record["status"], actions=actions,
        verifier=verifier, accepted_by=accepted_by, accepted_reason=accepted_reason,
    )
    if problems:
        raise TransitionError(problems[0].message)
    # the evidence and the move in one transaction: a refused move leaves no attachment behind
    with ledger.session() as session:
        if real is not None:
            attachments.add_file_in(session, "findings", finding_id, real)
        finding_service.change_finding_status_in(
            session, finding_id, state.value, verifier=verifier, accepted_by=accepted_by,
            accepted_reason=accepted_reason, today=today,
        )
    return str(state.label)


def move_filing(
    ledger: Any, filing_id: int, state_text: str, *, on: date | None = None, certificate: str | None = None,
    reason: str | None = None, if_version: int | None = None,
) -> str:
    """Move a filing as its editor does: the state with the date (and certificate, or the reason it
    was returned) it needs, through the same save path and checks."""
    current = show(ledger, "filing", filing_id)
    state = _state(FilingStatus, state_text, "备案")
    values: dict[str, Any] = {"status": state.value}
    day = (on or date.today()).isoformat()
    if state == FilingStatus.SUBMITTED and (on is not None or not current.get("submitted_on")):
        values["submitted_on"] = day
    elif state == FilingStatus.ACCEPTED and (on is not None or not current.get("accepted_on")):
        values["accepted_on"] = day
    if certificate is not None:
        values["certificate_no"] = certificate
    if reason is not None:
        values["returned_reason"] = reason
    elif state == FilingStatus.RETURNED:
        raise ValidationError("退回补正请用 --reason 写明退回原因。")
    values = parse_assignments("filing", [f"{k}={v}" for k, v in values.items()])
    edit(ledger, "filing", filing_id, values, if_version=if_version)
    return str(state.label)
