"""Where a line of Chinese text may break (the rules of GB/T 15834 and common typesetting practice).

Pure functions over characters and widths, independent of reportlab (which uses them through
:mod:`desktop.documents.cjk_wrap`):

- a closing mark (，。、：；！？ and closing brackets, quotes, 》 …) never starts a line, and an opening
  bracket or quote never ends one;
- numbers, Latin words, phone numbers, IP addresses and e-mail addresses stay whole, and so do dates
  written in Chinese (``2025年4月26日``), counts (``12个``, ``第3页``) and percentages;
- a dash pair ``——`` and an ellipsis ``……`` are never split;
- a paragraph does not end on a line holding a single character (``行政区划代/码``): the previous line
  gives up characters to it when it can.

A run that has no allowed break and is wider than the line (a long URL, a 64-digit key) is broken
where it must, still never before a closing mark when another place exists.
"""

from __future__ import annotations

from collections.abc import Sequence

#: may not begin a line (GB/T 15834 点号 and the closing halves of paired marks; ASCII equivalents)
NO_START = frozenset(
    "，。、：；！？）》」』】〕〉〗〙］｝”’…·・％‰℃°′″〃々～"
    "!%),.:;?]}"
    "\uff0e\uff61\uff64"
)
#: may not end a line (the opening halves of paired marks; currency and number signs)
NO_END = frozenset("（《「『【〔〈〖〘［｛“‘([{￥$＄£#＃№")
#: a number written with one of these after it stays with it (2025年, 4月, 26日, 3个, 5项 …)
NUMBER_UNITS = frozenset("年月日号时分秒个项条次页元万亿千百岁天周期级类款章节名人家")
#: after these a number continues without a break (年4, 月26, 第3)
NUMBER_LEADS = frozenset("年月第约共计近超逾")
DASHES = frozenset("—–－―")
#: characters that join the ASCII run they sit in (addresses, e-mail, dates written with -, phones)
_JOINERS = frozenset("._-@/:+&=?~'#%")


def _is_word(ch: str) -> bool:
    """A Latin letter or digit (half- or full-width): part of a word or number that stays whole."""
    return ch.isascii() and ch.isalnum() or "０" <= ch <= "９" or "Ａ" <= ch <= "ｚ"


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9" or "０" <= ch <= "９"


def can_break(before: str, after: str) -> bool:
    """May a line end after ``before`` and the next one start with ``after``?"""
    if not before or not after:
        return True
    if after in NO_START or before in NO_END:
        return False
    if before.isspace():
        return True
    if after.isspace():
        return False  # break after the space instead, so the next line does not start with it
    if _is_word(before) and _is_word(after):
        return False
    if (_is_word(before) and after in _JOINERS) or (before in _JOINERS and _is_word(after)):
        return False
    if _is_digit(before) and after in NUMBER_UNITS:
        return False
    if before in NUMBER_LEADS and _is_digit(after):
        return False
    if before in DASHES and after in DASHES:
        return False
    return not ((_is_digit(before) and after in DASHES) or (before in DASHES and _is_digit(after)))


def _visible(chars: Sequence[str]) -> int:
    """Characters of a line that carry text (not spaces, not closing marks)."""
    return sum(1 for ch in chars if ch and not ch.isspace() and ch not in NO_START)


def line_ends(chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float]) -> list[int]:
    """Split one paragraph (no forced breaks inside) into lines; return each line's end index.

    ``chars[i]`` is one character (or "" for a zero-width item), ``widths[i]`` its width; line ``k`` may
    be ``max_widths[k]`` wide (the last value for all further lines). Line ``k`` holds
    ``chars[ends[k-1]:ends[k]]``.
    """
    n = len(chars)
    if n == 0:
        return []
    allowed = [False] * (n + 1)
    for i in range(1, n):
        allowed[i] = can_break(chars[i - 1], chars[i])
    ends: list[int] = []
    start = 0
    fuzz = 1e-6
    while start < n:
        limit = max_widths[min(len(ends), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n and (used + widths[i] <= limit + fuzz or i == start):
            used += widths[i]
            i += 1
        if i >= n:
            ends.append(n)
            break
        end = _best_break(chars, allowed, start, i)
        if sum(widths[start:end]) < _SHORTEST_LINE * limit and _long_run(chars, end, i):
            # a long code or address would leave a short ragged line: it breaks where the line is full
            end = _must_break(chars, start, i)
        ends.append(end)
        start = end
    _avoid_orphan(chars, widths, max_widths, allowed, ends)
    return ends


#: a line filled less than this (a long run pushed to the next line) breaks inside the run instead
_SHORTEST_LINE = 0.5
#: runs at least this long (URLs, keys) may be broken; shorter ones (report numbers, dates, phones) move whole, as Word does
_LONG_RUN = 20


def _long_run(chars: Sequence[str], begin: int, overflow: int) -> bool:
    """Is ``chars[begin:overflow + 1]`` one run of Latin letters, digits and joiners, long enough to split?"""
    run = chars[begin:overflow + 1]
    return len(run) >= _LONG_RUN and all(_is_word(ch) or ch in _JOINERS or ch in DASHES for ch in run)


def _best_break(chars: Sequence[str], allowed: Sequence[bool], start: int, overflow: int) -> int:
    """Where a line starting at ``start`` ends when ``chars[overflow]`` no longer fits."""
    for b in range(overflow, start, -1):
        if allowed[b]:
            return b
    return _must_break(chars, start, overflow)


def _must_break(chars: Sequence[str], start: int, overflow: int) -> int:
    """A break with no allowed place on the line (a long unbroken run): where it must, but not before a
    closing mark when one character earlier or later avoids it."""
    if chars[overflow] in NO_START:
        if overflow + 1 < len(chars) and chars[overflow + 1] not in NO_START:
            return overflow + 1  # the mark hangs in the margin, as typesetters do
        if overflow - 1 > start:
            return overflow - 1
    return overflow


def _avoid_orphan(
    chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float], allowed: Sequence[bool],
    ends: list[int],
) -> None:
    """Give a single-character last line a second character from the line before, when it fits."""
    if len(ends) < 2:
        return
    last_start = ends[-2]
    if _visible(chars[last_start:ends[-1]]) > 1:
        return
    prev_start = ends[-3] if len(ends) >= 3 else 0
    limit = max_widths[min(len(ends) - 1, len(max_widths) - 1)]
    tail = sum(widths[last_start:ends[-1]])
    for b in range(last_start - 1, prev_start, -1):
        tail += widths[b]
        if tail > limit + 1e-6:
            return
        if allowed[b] and _visible(chars[prev_start:b]) >= 2:
            ends[-2] = b
            return
