"""Cell text safety shared by every spreadsheet writer (no openpyxl import, so the window can use it freely)."""

from __future__ import annotations

import re

#: text a spreadsheet would take for a formula: = + - @, also behind leading tabs, line breaks or spaces
FORMULA_LEAD = re.compile(r"^[\t\r\n ]*[=+\-@]")


def looks_like_formula(text: str) -> bool:
    return bool(FORMULA_LEAD.match(text))
