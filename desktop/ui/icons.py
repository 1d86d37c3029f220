"""Icons: the application icon (a shield with 等) and monochrome glyph icons for the navigation."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QStyle

APP_SIZES = (16, 24, 32, 48, 64, 128, 256)
SHIELD_RED = QColor("#a61b1b")
SHIELD_GOLD = QColor("#f4d27a")


def icon_dir() -> Path:
    return Path(str(resources.files("resources") / "icons"))


def _shield_path(size: float) -> QPainterPath:
    m = size * 0.06
    w, h = size - 2 * m, size - 2 * m
    p = QPainterPath()
    p.moveTo(m + w / 2, m)
    p.cubicTo(m + w * 0.72, m + h * 0.10, m + w * 0.88, m + h * 0.12, m + w, m + h * 0.12)
    p.lineTo(m + w, m + h * 0.50)
    p.cubicTo(m + w, m + h * 0.78, m + w * 0.70, m + h * 0.92, m + w / 2, m + h)
    p.cubicTo(m + w * 0.30, m + h * 0.92, m, m + h * 0.78, m, m + h * 0.50)
    p.lineTo(m, m + h * 0.12)
    p.cubicTo(m + w * 0.12, m + h * 0.12, m + w * 0.28, m + h * 0.10, m + w / 2, m)
    p.closeSubpath()
    return p


def paint_app_icon(size: int) -> QImage:
    """The application icon drawn at ``size`` pixels (needs a font that has 等)."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    path = _shield_path(size)
    p.fillPath(path, SHIELD_RED)
    p.setPen(QPen(SHIELD_GOLD, max(1.0, size / 28)))
    p.drawPath(path)
    font = QFont(QApplication.font())
    font.setBold(True)
    font.setPixelSize(max(8, int(size * 0.52)))
    p.setFont(font)
    p.setPen(SHIELD_GOLD)
    p.drawText(QRectF(0, size * 0.04, size, size * 0.92), Qt.AlignmentFlag.AlignCenter, "等")
    p.end()
    return img


@cache
def app_icon() -> QIcon:
    icon = QIcon()
    folder = icon_dir()
    for s in APP_SIZES:
        f = folder / f"dengbao-{s}.png"
        if f.exists():
            icon.addFile(str(f))
    if icon.isNull():
        for s in APP_SIZES:
            icon.addPixmap(QPixmap.fromImage(paint_app_icon(s)))
    return icon


def _glyph_pixmap(char: str, size: int, color: QColor) -> QPixmap:
    dpr = 2.0
    pm = QPixmap(int(size * dpr), int(size * dpr))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, max(1.0, size / 14))
    p.setPen(pen)
    r = QRectF(pen.widthF(), pen.widthF(), size - 2 * pen.widthF(), size - 2 * pen.widthF())
    p.drawRoundedRect(r, size * 0.22, size * 0.22)
    font = QFont(QApplication.font())
    font.setPixelSize(max(6, int(size * 0.58)))
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(0, 0, size, size * 0.98), Qt.AlignmentFlag.AlignCenter, char)
    p.end()
    return pm


class _GlyphEngine(QIconEngine):
    """Paints a glyph icon at the size and in the mode asked for, when asked (nothing up front)."""

    def __init__(self, char: str) -> None:
        super().__init__()
        self.char = char
        self._cache: dict[tuple[int, QIcon.Mode], QPixmap] = {}

    def _color(self, mode: QIcon.Mode) -> QColor:
        pal = QApplication.palette()
        role = QPalette.ColorRole.HighlightedText if mode == QIcon.Mode.Selected else QPalette.ColorRole.WindowText
        group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
        return pal.color(group, role)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:  # noqa: ARG002
        side = max(1, min(size.width(), size.height()))
        key = (side, mode)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = _glyph_pixmap(self.char, side, self._color(mode))
        return found

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off) -> list[QSize]:  # noqa: N802, ARG002
        return [QSize(s, s) for s in (16, 20, 24, 32)]

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.char)


def glyph_icon(char: str) -> QIcon:
    """A monochrome square icon with one character (navigation; colour is reserved for state).

    Painted lazily by an icon engine: only the sizes and modes actually shown are drawn.
    """
    return QIcon(_GlyphEngine(char))


def std(name: str) -> QIcon:
    """A standard icon of the style, by QStyle.StandardPixmap name."""
    style = QApplication.style()
    return style.standardIcon(getattr(QStyle.StandardPixmap, name))


def dot(color: QColor, size: int = 12) -> QIcon:
    """A small filled circle (state marker beside a coloured text)."""
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2.0)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(color)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QPointF(size / 2, size / 2), size / 3, size / 3)
    p.end()
    return QIcon(pm)
