"""Active content out of attached PDFs before they are appended to the filing packet.

A PDF can carry more than pages: JavaScript (document-level, on opening, on a page or a form field),
actions that start programs (``/Launch``), open web addresses (``/URI``), send form data
(``/SubmitForm``), read or open other files (``/ImportData``, ``/GoToR``, ``/GoToE``), embedded files,
multimedia and XFA forms. The packet goes to the police: none of that may travel with it.

:func:`sanitize_pdf` copies the attachment, removes all of it wherever it sits (catalog, pages,
annotations, form fields, outline items, action chains), writes the copy, reads it back and checks
that nothing is left; a file that still carries any of it is refused (:class:`UncleanablePdf`).
The result names what was removed, in words for the user. :func:`scrub_writer` is the same cleaning
for a whole :class:`pypdf.PdfWriter` (the finished packet, as a last pass).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

JAVASCRIPT = "JavaScript"
LAUNCH = "启动外部程序的动作"
URI = "网址链接"
SUBMIT = "提交表单数据的动作"
IMPORT = "导入数据的动作"
OTHER_FILE = "打开其他文件的动作"
MEDIA = "多媒体内容"
EMBEDDED = "嵌入的文件"
XFA = "XFA动态表单"
AUTOMATIC = "自动执行的动作"

#: the order in which removed kinds are named
KIND_ORDER = (JAVASCRIPT, LAUNCH, URI, SUBMIT, IMPORT, OTHER_FILE, EMBEDDED, MEDIA, XFA, AUTOMATIC)

#: action types that must not travel with the packet, and how the user is told about them
DANGEROUS_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/URI": URI,
    "/SubmitForm": SUBMIT,
    "/ImportData": IMPORT,
    "/GoToR": OTHER_FILE,
    "/GoToE": OTHER_FILE,
    "/Rendition": MEDIA,
    "/RichMediaExecute": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
}
#: annotations removed from pages altogether
DROPPED_ANNOTATIONS = {
    "/FileAttachment": EMBEDDED,
    "/Screen": MEDIA,
    "/RichMedia": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
    "/3D": MEDIA,
}
#: keys removed from every dictionary, with what they hold
DROPPED_KEYS = {
    "/JS": JAVASCRIPT,  # the script of a JavaScript or rendition action
    "/JavaScript": JAVASCRIPT,  # the document's scripts (name tree in /Names)
    "/EmbeddedFiles": EMBEDDED,  # the document's attached files (name tree in /Names)
    "/EF": EMBEDDED,  # a file specification's embedded file streams
    "/AF": EMBEDDED,  # PDF 2.0 associated files
    "/Collection": EMBEDDED,  # a portfolio's file list
    "/XFA": XFA,  # XML forms (scriptable) inside /AcroForm
    "/RichMediaContent": MEDIA,
}
#: keys whose value is an action (or a list of them)
ACTION_KEYS = ("/A", "/Next", "/PA")
#: how far an action chain (/Next) is followed to name what it held
_MAX_CHAIN = 64
#: the entries taken out of an action of a dangerous type (everything it could run or open)
_ACTION_PAYLOAD = ("/S", "/JS", "/F", "/Win", "/Mac", "/Unix", "/URI", "/Fields", "/D", "/T", "/Next", "/P", "/O")

#: names that must not occur anywhere in a cleaned file (as keys or as values)
FORBIDDEN_NAMES = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/XFA",
        "/AA",
        "/OpenAction",
        "/Rendition",
        "/RichMediaExecute",
    }
)


class UncleanablePdf(ValueError):
    """Active content is still there after cleaning; the attachment must not be appended."""

    def __init__(self, left: list[str]) -> None:
        self.left = left
        super().__init__("PDF中有无法清除的活动内容：" + "、".join(left))


@dataclass
class Removed:
    """What was taken out of one PDF, in the order first met (each kind once)."""

    kinds: list[str] = field(default_factory=list)

    def add(self, kind: str) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)

    def __bool__(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True)
class Sanitized:
    reader: PdfReader
    removed: list[str]


def sanitize_pdf(reader: PdfReader) -> Sanitized:
    """A cleaned copy of ``reader`` and what was removed; raises :class:`UncleanablePdf`.

    Objects the cleaning cut loose (a removed script, say) may still be stored in the copy, reachable
    from nothing; appending the copy to the packet takes only what its pages reach.
    """
    writer = PdfWriter(clone_from=reader)
    removed = scrub_writer(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    cleaned = PdfReader(io.BytesIO(buffer.getvalue()))
    left = sorted(forbidden_names(cleaned.trailer))
    if left:
        raise UncleanablePdf(left)
    return Sanitized(cleaned, sorted(removed.kinds, key=KIND_ORDER.index))


def scrub_writer(writer: PdfWriter) -> Removed:
    """Remove active content from everything reachable from ``writer``'s catalog (in place)."""
    removed = Removed()
    root = writer.root_object
    if "/URI" in root:  # the base address for relative web links
        del root["/URI"]
    for obj in _walk(root):
        if isinstance(obj, DictionaryObject):
            _scrub_dict(obj, removed)
    return removed


def forbidden_names(start: Any) -> set[str]:
    """The forbidden names (:data:`FORBIDDEN_NAMES`) found as keys or values from ``start`` on."""
    found: set[str] = set()
    for obj in _walk(start):
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in FORBIDDEN_NAMES:
                    found.add(str(key))
                if isinstance(value, NameObject) and value in FORBIDDEN_NAMES:
                    found.add(str(value))
        elif isinstance(obj, ArrayObject):
            found.update(str(v) for v in obj if isinstance(v, NameObject) and v in FORBIDDEN_NAMES)
    return found


def _walk(start: Any) -> Iterator[DictionaryObject | ArrayObject]:
    """Every dictionary and array reachable from ``start``, each once (no recursion: outline
    chains and page trees can be long)."""
    seen_refs: set[tuple[int, int, int]] = set()
    #: objects met, by identity (kept here so that an identity is never reused during the walk)
    seen: dict[int, Any] = {}
    stack: list[Any] = [start]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (id(item.pdf), item.idnum, item.generation)
            if ref in seen_refs:
                continue
            seen_refs.add(ref)
            try:
                item = item.get_object()
            except Exception:  # noqa: BLE001 - a broken reference leads nowhere
                continue
        if not isinstance(item, DictionaryObject | ArrayObject) or id(item) in seen:
            continue
        seen[id(item)] = item
        yield item
        # the caller may have changed the object: read its entries only now
        stack.extend(item.values() if isinstance(item, DictionaryObject) else list(item))


def _resolve(value: Any) -> Any:
    try:
        return value.get_object() if isinstance(value, IndirectObject) else value
    except Exception:  # noqa: BLE001
        return None


def _action_kind(action: Any) -> str | None:
    """How a dangerous action is named for the user; None for a harmless one (or no action)."""
    action = _resolve(action)
    if not isinstance(action, DictionaryObject):
        return None
    if "/JS" in action:
        return JAVASCRIPT
    return DANGEROUS_ACTIONS.get(str(action.get("/S", "")))


def _note_actions(value: Any, removed: Removed, *, automatic: bool, depth: int = 0) -> None:
    """Name what a removed /OpenAction, /AA or action chain held (a bare page target says nothing).
    Chains are followed a limited depth (a hostile file may make one loop)."""
    value = _resolve(value)
    if depth > _MAX_CHAIN:
        return
    if isinstance(value, ArrayObject):
        first = _resolve(value[0]) if value else None
        if isinstance(first, DictionaryObject) and "/S" in first:
            for item in value:
                _note_actions(item, removed, automatic=automatic, depth=depth + 1)
        return
    if not isinstance(value, DictionaryObject):
        return
    kind = _action_kind(value)
    if kind is not None:
        removed.add(kind)
    elif "/S" in value:
        if automatic and str(value.get("/S")) not in ("/GoTo", "/Thread"):
            removed.add(AUTOMATIC)
    else:  # an additional-actions dictionary: trigger -> action
        for item in value.values():
            _note_actions(item, removed, automatic=automatic, depth=depth + 1)
    if "/Next" in value:
        _note_actions(value["/Next"], removed, automatic=automatic, depth=depth + 1)


def _scrub_dict(d: DictionaryObject, removed: Removed) -> None:
    if "/AA" in d:  # additional actions: on opening or closing a page, entering a field, …
        _note_actions(d["/AA"], removed, automatic=True)
        del d["/AA"]
    if "/OpenAction" in d:
        _note_actions(d["/OpenAction"], removed, automatic=True)
        del d["/OpenAction"]
    for key in ACTION_KEYS:
        if key in d:
            _scrub_action_entry(d, key, removed)
    annots = _resolve(d.get("/Annots"))
    if isinstance(annots, ArrayObject):
        kept = ArrayObject()
        for annot in annots:
            subtype = _subtype(_resolve(annot))
            if subtype in DROPPED_ANNOTATIONS:
                removed.add(DROPPED_ANNOTATIONS[subtype])
            else:
                kept.append(annot)
        if len(kept) != len(annots):
            d[NameObject("/Annots")] = kept
    # an action of a dangerous type reached some other way: empty it
    kind = _action_kind(d)
    if kind is not None:
        removed.add(kind)
        for key in _ACTION_PAYLOAD:
            if key in d:
                del d[key]
    for key, kind in DROPPED_KEYS.items():
        if key in d:
            removed.add(kind)
            del d[key]
    if str(d.get("/Type", "")) == "/EmbeddedFile":
        removed.add(EMBEDDED)
        del d["/Type"]
        if isinstance(d, StreamObject):
            _empty_stream(d)
    subtype = _subtype(d)
    if subtype in DROPPED_ANNOTATIONS and "/FS" in d:
        # an attachment annotation that is not on a page's list (a form field's kid, say)
        removed.add(DROPPED_ANNOTATIONS[subtype])
        del d["/FS"]


def _scrub_action_entry(d: DictionaryObject, key: str, removed: Removed) -> None:
    """Drop the dangerous actions an /A, /Next … entry holds (one action or a list of them)."""
    value = _resolve(d[key])
    if isinstance(value, ArrayObject):
        bad = [item for item in value if _action_kind(item) is not None]
        for item in bad:
            _note_actions(item, removed, automatic=False)
        if not bad:
            return
        keep = [item for item in value if _action_kind(item) is None]
        if keep:
            d[NameObject(key)] = ArrayObject(keep)
        else:
            del d[key]
    elif _action_kind(value) is not None:
        _note_actions(value, removed, automatic=False)
        del d[key]


def _subtype(obj: Any) -> str:
    return str(obj.get("/Subtype", "")) if isinstance(obj, DictionaryObject) else ""


def _empty_stream(stream: StreamObject) -> None:
    for key in ("/Filter", "/DecodeParms", "/Params", "/Subtype"):
        if key in stream:
            del stream[key]
    stream._data = b""  # noqa: SLF001 - set_data refuses streams whose filter pypdf cannot write
    stream[NameObject("/Length")] = NumberObject(0)
