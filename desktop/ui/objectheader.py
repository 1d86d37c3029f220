"""The object page header: name, unit, level badge, filing state, certificate bar, next dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from db.domain.enums import FilingStatus
from desktop.services.views import DateInfo, ObjectPage
from desktop.ui import theme
from desktop.ui.windowfit import WrapLabel


class CertificateBar(QWidget):
    """Validity of the 备案证明 from acceptance to expiry; the renewal window shaded; today marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start: date | None = None
        self.end: date | None = None
        self.renewal: date | None = None
        self.today = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.fontMetrics().horizontalAdvance("中") * 20, self.fontMetrics().height())

    def set_dates(self, start: date | None, end: date | None, renewal: date | None) -> None:
        self.start, self.end, self.renewal = start, end, renewal
        self.today = date.today()
        self.setVisible(start is not None and end is not None)
        self.update()

    def state(self) -> str | None:
        if self.end is None:
            return None
        if self.today > self.end:
            return "overdue"
        if self.renewal is not None and self.today >= self.renewal:
            return "soon"
        return "done"

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self.start is None or self.end is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 3, -1, -3)
        span = max(1, (self.end - self.start).days)

        def x(d: date) -> float:
            return r.left() + r.width() * min(1.0, max(0.0, (d - self.start).days / span))  # type: ignore[operator]

        p.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        p.setBrush(self.palette().color(QPalette.ColorRole.Base))
        p.drawRoundedRect(r, 3, 3)
        if self.renewal is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.SOON_BG)
            p.drawRect(QRectF(x(self.renewal), r.top() + 1, r.right() - x(self.renewal) - 1, r.height() - 2))
        color = theme.STATE_COLORS.get(self.state() or "done", theme.DONE)
        fill = QColor(color)
        fill.setAlpha(150)
        p.setBrush(fill)
        p.drawRoundedRect(QRectF(r.left(), r.top(), max(2.0, x(self.today) - r.left()), r.height()), 3, 3)
        p.end()


class ObjectHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.name = QLabel()
        f = self.name.font()
        f.setPointSizeF(f.pointSizeF() * 1.45)
        f.setBold(True)
        self.name.setFont(f)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name.setWordWrap(True)
        top.addWidget(self.name, 1)
        self.badge = QLabel()
        self.badge.setObjectName("levelBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bf = self.badge.font()
        bf.setBold(True)
        bf.setPointSizeF(bf.pointSizeF() * 1.15)
        self.badge.setFont(bf)
        self.badge.setStyleSheet(
            "QLabel#levelBadge { border: 2px solid palette(highlight); border-radius: 6px; padding: 2px 10px; }"
        )
        top.addWidget(self.badge)
        outer.addLayout(top)
        self.unit = WrapLabel()
        outer.addWidget(self.unit)
        grid = QGridLayout()
        grid.setHorizontalSpacing(self.fontMetrics().horizontalAdvance("中") * 2)
        # these wrap only in a narrow window (see WrapLabel)
        self.filing = WrapLabel()
        self.cert_text = WrapLabel()
        self.cert_bar = CertificateBar()
        self.next_test = WrapLabel()
        self.next_check = WrapLabel()
        self.next_drill = WrapLabel()
        for lbl in (self.filing, self.cert_text, self.next_test, self.next_check, self.next_drill):
            lbl.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.filing, 0, 0)
        grid.addWidget(self.cert_text, 0, 1)
        grid.addWidget(self.cert_bar, 1, 1)
        grid.addWidget(self.next_test, 2, 0)
        grid.addWidget(self.next_check, 2, 1)
        grid.addWidget(self.next_drill, 2, 2)
        grid.setColumnStretch(1, 1)
        outer.addLayout(grid)

    def _dated(self, label: QLabel, prefix: str, info: DateInfo | None, today: date) -> None:
        if info is None:
            label.setText(f"{prefix}：—")
            label.setStyleSheet("")
            label.setToolTip("")
            return
        days = (info.due - today).days
        if days < 0:
            text = self.tr("%1（已逾期 %2 天）").replace("%1", info.due.isoformat()).replace("%2", str(-days))
            color = theme.OVERDUE
        elif days == 0:
            text = self.tr("%1（今天到期）").replace("%1", info.due.isoformat())
            color = theme.SOON
        elif days <= 30:
            text = self.tr("%1（还有 %2 天）").replace("%1", info.due.isoformat()).replace("%2", str(days))
            color = theme.SOON
        else:
            text = info.due.isoformat()
            color = None
        label.setText(f"{prefix}：{text}")
        label.setStyleSheet(f"color: {theme.css(color)};" if color else "")
        tip = info.basis + (self.tr("（按周一至周五估算）") if info.approximate else "")
        label.setToolTip(f"{tip}\n{self.tr('规则')}：{info.rule_set}")

    def show_page(self, page: ObjectPage) -> None:
        today = date.today()
        self.name.setText(page.name)
        self.unit.setText(self.tr("单位：%1").replace("%1", page.organization))
        self.badge.setText(page.level_label)
        self.badge.setToolTip(self.tr("安全保护等级"))
        if page.filing_status:
            state = FilingStatus(page.filing_status)
            text = self.tr("备案：%1").replace("%1", state.label)
            if page.certificate_no:
                # a narrow window may break the number after its hyphen, never cut off its end
                text += "  " + page.certificate_no.replace("-", "-\u200b")
            color = theme.DONE if state == FilingStatus.ACCEPTED else theme.OVERDUE if state in (
                FilingStatus.EXPIRED, FilingStatus.RETURNED) else None
            due = page.filing_due
            if due is not None and state not in (FilingStatus.ACCEPTED, FilingStatus.SUBMITTED):
                # not yet filed: the dashboard's 备案 deadline, here too (red and since when once late)
                days = (due.due - today).days
                if days < 0:
                    text += self.tr("，%1 起逾期（已逾期 %2 天）").replace("%1", due.due.isoformat()).replace(
                        "%2", str(-days)
                    )
                    color = theme.OVERDUE
                else:
                    text += self.tr("，应于 %1 前备案").replace("%1", due.due.isoformat())
                    color = theme.SOON if days <= 30 else color
                self.filing.setToolTip(due.basis)
            self.filing.setText(text)
            self.filing.setStyleSheet(f"color: {theme.css(color)};" if color else "")
        elif page.filing_due:
            self._dated(self.filing, self.tr("应备案"), page.filing_due, today)
        else:
            self.filing.setText(self.tr("备案：未备案"))
            self.filing.setStyleSheet("")
        if page.certificate_expiry:
            exp = page.certificate_expiry.due
            text = self.tr("备案证明有效期至 %1").replace("%1", exp.isoformat())
            if page.renewal_window:
                text += self.tr("；%1起可申请延续").replace("%1", page.renewal_window.due.isoformat())
            self.cert_text.setText(text)
            self.cert_text.setToolTip(page.certificate_expiry.basis)
            self.cert_bar.set_dates(page.accepted_on, exp, page.renewal_window.due if page.renewal_window else None)
            st = self.cert_bar.state()
            self.cert_text.setStyleSheet(
                f"color: {theme.css(theme.STATE_COLORS[st])};" if st in ("overdue", "soon") else ""
            )
        else:
            self.cert_text.setText(self.tr("备案证明：无"))
            self.cert_text.setStyleSheet("")
            self.cert_bar.set_dates(None, None, None)
        self._dated(self.next_test, self.tr("下次等级测评"), page.next_level_test, today)
        self._dated(self.next_check, self.tr("下次自查"), page.next_self_inspection, today)
        self._dated(self.next_drill, self.tr("下次应急演练"), page.next_drill, today)
