"""Reading the parts of a workbook's zip without trusting them.

:func:`member_chunks` inflates one member in chunks and trusts no declared size: a member that
inflates beyond its declared size, stops short of it or fails its CRC is refused as damaged (the
central directory alone, checked by :mod:`desktop.importers.safety`, can lie).
:func:`parse_member` feeds a member to expat with handlers and guards: expat buffers at most one
unfinished markup token (:data:`MAX_TOKEN_BYTES`), nesting is capped (:data:`MAX_DEPTH`) and a
document with a DTD (entity tricks) is refused — Excel never writes one. Handlers get local names
(``x:c`` → ``c``) and may raise :class:`Stop` to end the parse with a Chinese message.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO
from xml.parsers import expat
from zipfile import ZIP_STORED, ZipInfo

#: one unfinished markup token expat may hold (a tag with its attributes, a comment)
MAX_TOKEN_BYTES = 4 * 1024 * 1024
#: element nesting
MAX_DEPTH = 64

_CHUNK = 1 << 16
_LOCAL_HEADER = b"PK\x03\x04"


class PartError(ValueError):
    """A part is damaged or beyond a limit; the message is Chinese."""


def member_chunks(fh: BinaryIO, info: ZipInfo, limit: int) -> Iterator[bytes]:
    """The inflated bytes of ``info`` in chunks. Refuses (``PartError``) a member larger than
    ``limit`` or one whose data disagrees with its declared size or CRC."""
    damaged = PartError(f"工作簿已损坏：部件“{info.filename}”的数据与其声明的大小或校验值不符，无法读取。")
    if info.file_size > limit:
        raise PartError(
            f"工作簿中的部件“{info.filename}”解压后有 {_mb(info.file_size)}，超过上限（{_mb(limit)}），"
            "不像是正常的 Excel 文件，已拒绝导入。"
        )
    fh.seek(info.header_offset)
    header = fh.read(30)
    if len(header) != 30 or not header.startswith(_LOCAL_HEADER):
        raise damaged
    name_len = int.from_bytes(header[26:28], "little")
    extra_len = int.from_bytes(header[28:30], "little")
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    inflate = None if info.compress_type == ZIP_STORED else zlib.decompressobj(-15)
    produced = 0
    crc = 0
    pending = b""
    while True:
        if pending:
            raw, pending = pending, b""
        elif left > 0:
            raw = fh.read(min(_CHUNK, left))
            if not raw:
                raise damaged
            left -= len(raw)
        else:
            break
        if inflate is None:
            out = raw
        else:
            try:
                out = inflate.decompress(raw, _CHUNK)
            except zlib.error:
                raise damaged from None
            pending = inflate.unconsumed_tail
        produced += len(out)
        if produced > info.file_size:
            raise damaged
        if out:
            crc = zlib.crc32(out, crc)
            yield out
    if inflate is not None:
        try:
            tail = inflate.flush()
        except zlib.error:
            raise damaged from None
        produced += len(tail)
        if produced > info.file_size or not inflate.eof:
            raise damaged
        if tail:
            crc = zlib.crc32(tail, crc)
            yield tail
    if produced != info.file_size or crc != info.CRC:
        raise damaged


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


class Stop(Exception):
    """Raised from a handler to end the parse with a message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_member(
    fh: BinaryIO,
    info: ZipInfo,
    label: str,
    handlers: dict[str, Callable[..., Any]],
    *,
    limit: int,
) -> None:
    """Feed the member to expat with ``handlers``; refuse deep nesting, DTDs and huge tokens."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    depth = 0
    start = handlers.get("start")
    end = handlers.get("end")

    def on_start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise Stop(f"{label}的元素嵌套超过 {MAX_DEPTH} 层，不像是正常的 Excel 文件，已拒绝导入。")
        if start is not None:
            start(tag.rpartition(":")[2], attrs)

    def on_end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        if end is not None:
            end(tag.rpartition(":")[2])

    def on_doctype(*_args: Any) -> None:
        raise Stop(f"{label}含有文档类型定义（DTD），Excel 不会写入这种内容，已拒绝导入。")

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_doctype
    if "text" in handlers:
        parser.CharacterDataHandler = handlers["text"]
    fed = 0
    try:
        for chunk in member_chunks(fh, info, limit):
            parser.Parse(chunk, False)
            fed += len(chunk)
            if fed - parser.CurrentByteIndex > MAX_TOKEN_BYTES:
                raise PartError(
                    f"{label}中有一个超过 {_mb(MAX_TOKEN_BYTES)} 的标记，不像是正常的 Excel 文件，已拒绝导入。"
                )
        parser.Parse(b"", True)
    except Stop as stop:
        raise PartError(stop.message) from None
    except expat.ExpatError as exc:
        raise PartError(
            f"无法读取工作簿：{label}的内容已损坏（XML 格式错误，第 {exc.lineno} 行第 {exc.offset} 列）。"
            "请在 Excel 中打开后另存为 .xlsx 再导入。"
        ) from None
