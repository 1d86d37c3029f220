"""File names made from user text (unit names, object names, attachment names) that Windows accepts.

``safe_filename("河北省编办/网站:备案表?.pdf")`` → ``"河北省编办_网站_备案表_.pdf"``. The result never
contains ``\\ / : * ? " < > |`` or control characters, is never a reserved device name (``CON``,
``PRN``, ``AUX``, ``NUL``, ``COM1``–``COM9``, ``LPT1``–``LPT9``, also with an extension), does
not end in a dot or space, is never empty, ``.`` or ``..``, and is at most ``max_length``
characters and 240 UTF-8 bytes (NTFS allows 255 UTF-16 units per name; the margin leaves room for
the ``.part`` suffix of atomic writes). The extension is kept when the name has to be shortened.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 120
MAX_BYTES = 240
FALLBACK = "未命名"
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{base}{n}" for base in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")
}


def _is_reserved(name: str) -> bool:
    base = name.split(".", 1)[0].rstrip(" ").upper()
    return base in _RESERVED


def _fit(text: str, max_chars: int, max_bytes: int) -> str:
    text = text[:max_chars]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def safe_filename(text: str, *, replacement: str = "_", max_length: int = MAX_LENGTH) -> str:
    """A Windows-safe file name for ``text`` (see the module docstring)."""
    if _FORBIDDEN.search(replacement) or replacement.strip(" .") != replacement:
        raise ValueError("replacement must itself be a safe character")
    name = unicodedata.normalize("NFC", text)
    # format characters (bidi overrides, zero-width joiners) can disguise an extension;
    # lone surrogates cannot be written to any file system
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cf", "Cs"))
    name = _FORBIDDEN.sub(replacement, name)
    # one space for any run of white space, none before a dot (so shortening never leaves "x .ext")
    name = re.sub(r" +\.", ".", re.sub(r"\s+", " ", name)).strip(" ")
    name = name.rstrip(". ")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10 or " " in ext:
        stem, ext = name, ""
    ext = ext.strip(" ")
    limit = max(1, max_length)
    if ext and len(ext) + 2 > limit:
        stem, ext = name, ""  # no room for "x.ext": shorten the whole name instead
    if ext:
        room = max(1, limit - len(ext) - 1)
        stem = _fit(stem, room, MAX_BYTES - len(ext.encode()) - 1).rstrip(". ")
        name = f"{stem}.{ext}" if stem else ext
    else:
        name = _fit(name, limit, MAX_BYTES).rstrip(". ")
    if not name or set(name) <= {"."}:
        name = FALLBACK
    if _is_reserved(name):
        name = _fit(replacement + name, limit, MAX_BYTES)
    return name
