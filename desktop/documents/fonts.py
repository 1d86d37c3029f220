"""Chinese fonts for the PDF documents, registered in reportlab once per process.

Roles follow Chinese official-document practice: ``title`` (方正小标宋, else 黑体), ``heading``
(黑体), ``body`` (仿宋) and ``table`` (宋体). The operating system's fonts are used when present
(Windows ships 仿宋/黑体/宋体; 方正小标宋 is often installed by government offices; on Linux desktops
such as Kylin and UOS fontconfig is asked for the same families by name, as WPS and the fonts
packages install them); otherwise the bundled OFL Noto fonts in ``resources/fonts`` stand in. reportlab embeds a subset of every
TrueType font it draws with, so the documents print the same on any machine.

Loading a CJK font costs time and memory, so :func:`document_fonts` registers lazily, once,
under a lock (documents may be rendered from a worker pool).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

#: set to ``bundled`` to ignore the operating system's fonts (reproducible output, tests)
ENV_FONT_SOURCE = "DENGBAO_DOCUMENT_FONTS"


@dataclass(frozen=True)
class FontCandidate:
    file: str
    subfont: int = 0


#: System fonts per role, best first (file names as Windows installs them).
SYSTEM_CANDIDATES: dict[str, tuple[FontCandidate, ...]] = {
    "title": (FontCandidate("FZXBSJW.TTF"), FontCandidate("FZXBSJW--GB1-0.TTF"), FontCandidate("simhei.ttf")),
    "heading": (FontCandidate("simhei.ttf"),),
    "body": (FontCandidate("simfang.ttf"), FontCandidate("SIMFANG.TTF")),
    "table": (FontCandidate("simsun.ttc", 0), FontCandidate("SimSun.ttc", 0), FontCandidate("simsun.ttf")),
}

#: Bundled OFL fonts per role: Noto Serif SC stands in for 宋体/仿宋/小标宋, Noto Sans SC for 黑体.
BUNDLED_FILES: dict[str, str] = {
    "title": "NotoSerifSC-Bold.ttf",
    "heading": "NotoSansSC-Bold.ttf",
    "body": "NotoSerifSC-Regular.ttf",
    "table": "NotoSerifSC-Regular.ttf",
}


@dataclass(frozen=True)
class DocumentFonts:
    """reportlab font names per role, and where each came from."""

    title: str
    heading: str
    body: str
    table: str
    sources: dict[str, str]

    @property
    def all_system(self) -> bool:
        return all(src.startswith("system:") for src in self.sources.values())


_lock = threading.Lock()
_fonts: DocumentFonts | None = None
#: reportlab name per font file already registered (one TTFont per file even when shared by roles)
_registered: dict[tuple[str, int], str] = {}


def system_font_dirs() -> list[Path]:
    """Where the operating system keeps fonts; empty outside Windows (the bundled fonts are used)."""
    if not sys.platform.startswith("win"):
        return []
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
    dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


#: font family names per role, as fontconfig lists them on Linux (Chinese and Latin names), best first
FONTCONFIG_FAMILIES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "黑体", "SimHei"),
    "heading": ("黑体", "SimHei"),
    "body": ("仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312"),
    "table": ("宋体", "SimSun"),
}


def parse_fc_list(text: str) -> dict[str, tuple[Path, int]]:
    """``fc-list --format '%{family}\t%{file}\t%{index}\n'`` output → {family name: (file, face index)}."""
    found: dict[str, tuple[Path, int]] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[1]:
            continue
        try:
            index = int(parts[2] or 0)
        except ValueError:
            index = 0
        for family in parts[0].split(","):
            found.setdefault(family.strip(), (Path(parts[1]), index))
    return found


@cache
def fontconfig_fonts() -> dict[str, tuple[Path, int]]:
    """The Chinese fonts fontconfig knows (Linux), by family name; empty where there is no fontconfig."""
    if sys.platform.startswith("win") or shutil.which("fc-list") is None:
        return {}
    try:
        done = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{index}\n", ":lang=zh"],
            capture_output=True, text=True, timeout=20, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    return parse_fc_list(done.stdout) if done.returncode == 0 else {}


def _register_file(path: Path, subfont: int = 0) -> str | None:
    key = (str(path), subfont)
    if key in _registered:
        return _registered[key]
    name = f"DB-{path.stem}-{subfont}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=subfont))
    except (TTFError, OSError, ValueError):
        # e.g. an OpenType/CFF file reportlab cannot embed: fall back to the next candidate
        return None
    _registered[key] = name
    return name


def _pick(role: str, dirs: list[Path], installed: dict[str, tuple[Path, int]] | None = None) -> tuple[str, str]:
    for directory in dirs:
        for cand in SYSTEM_CANDIDATES[role]:
            path = directory / cand.file
            if path.is_file():
                name = _register_file(path, cand.subfont)
                if name:
                    return name, f"system:{path}"
    for family in FONTCONFIG_FAMILIES[role] if installed else ():
        assert installed is not None
        if family in installed:
            path, index = installed[family]
            name = _register_file(path, index)  # an OpenType/CFF face reportlab cannot embed is skipped
            if name:
                return name, f"system:{path}"
    path = BUNDLED_DIR / BUNDLED_FILES[role]
    name = _register_file(path)
    if not name:
        raise RuntimeError(f"无法加载内置字体：{path}")
    return name, f"bundled:{path.name}"


def document_fonts() -> DocumentFonts:
    """Register (once) and return the fonts for every role."""
    global _fonts
    if _fonts is not None:
        return _fonts
    with _lock:
        if _fonts is None:
            bundled_only = os.environ.get(ENV_FONT_SOURCE, "").lower() == "bundled"
            dirs = [] if bundled_only else system_font_dirs()
            installed = {} if bundled_only else fontconfig_fonts()
            picked = {role: _pick(role, dirs, installed) for role in ("title", "heading", "body", "table")}
            fonts = DocumentFonts(
                title=picked["title"][0],
                heading=picked["heading"][0],
                body=picked["body"][0],
                table=picked["table"][0],
                sources={role: src for role, (_n, src) in picked.items()},
            )
            # <b> inside body or table text switches to the 黑体 role (仿宋/宋体 have no bold cut)
            for face in {fonts.body, fonts.table}:
                addMapping(face, 0, 0, face)
                addMapping(face, 1, 0, fonts.heading)
                addMapping(face, 0, 1, face)
                addMapping(face, 1, 1, fonts.heading)
            _fonts = fonts
    return _fonts
