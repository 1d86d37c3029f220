"""Chinese fonts: use the system's CJK font if it has one, else register the bundled Noto fonts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

BUNDLED = ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf", "NotoSerifSC-Regular.ttf", "NotoSerifSC-Bold.ttf")
#: system families that cover Simplified Chinese, best first (Windows, macOS, Linux)
SYSTEM_CJK = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimHei",
    "SimSun",
)
SANS_FAMILY = "Noto Sans SC"

_registered: list[str] = []


def font_dir() -> Path:
    return Path(str(resources.files("resources") / "fonts"))


def system_cjk_family() -> str | None:
    families = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for name in SYSTEM_CJK:
        if name in families:
            return name
    return None


def register_bundled() -> list[str]:
    """Register the bundled TrueType files once; return the families they provide."""
    if _registered:
        return _registered
    for name in BUNDLED:
        path = font_dir() / name
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            for fam in QFontDatabase.applicationFontFamilies(font_id):
                if fam not in _registered:
                    _registered.append(fam)
    return _registered


def setup_fonts(app: QApplication) -> str:
    """Make the application font draw Chinese; return the family used."""
    family = system_cjk_family()
    if family is None:
        fams = register_bundled()
        family = SANS_FAMILY if SANS_FAMILY in fams else (fams[0] if fams else app.font().family())
    font = QFont(app.font())
    size = font.pointSizeF()
    font.setFamilies([family, *[f for f in font.families() if f != family]])
    if size > 0:
        font.setPointSizeF(max(size, 9.0))
    app.setFont(font)
    return family
