"""Dashboard charts (QtCharts is imported only when this module is first used)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from db.domain.enums import FindingStatus, Risk, level_label
from desktop.services.views import Summary
from desktop.ui import theme

#: neutral tones for categories that are not a state
SHORT_LEVELS = {0: "未定级", 1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}
NEUTRAL = ["#5b7fa6", "#8fa9c6", "#c3d2e3", "#3f5e80", "#a0a0a0"]
STATUS_COLORS = {
    FindingStatus.OPEN: QColor("#c62828"),
    FindingStatus.IN_PROGRESS: QColor("#e0a030"),
    FindingStatus.FIXED: QColor("#81c784"),
    FindingStatus.VERIFIED: theme.DONE,
    FindingStatus.RISK_ACCEPTED: QColor("#9e9e9e"),
}


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QApplication.font()
    chart.setTitleFont(font)
    chart.legend().setFont(font)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _count_axis(axis: QValueAxis, top: int) -> None:
    """A 0…``top`` axis of whole numbers: at most six ticks at 1, 2 or 5 × 10ⁿ apart (never 0, 0, 1, 1)."""
    top = max(int(top), 1)
    step, magnitude = 1, 1
    while top / step > 5:
        for m in (1, 2, 5):
            step = m * magnitude
            if top / step <= 5:
                break
        else:
            magnitude *= 10
            continue
        break
    axis.setRange(0, -(-top // step) * step)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%d")


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(view.fontMetrics().height() * 14)
    return view


class DashboardCharts(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.levels_chart = _chart(self.tr("定级对象按等级"))
        self.findings_chart = _chart(self.tr("问题按风险和状态"))
        self.addTab(_view(self.levels_chart), self.tr("等级分布"))
        self.addTab(_view(self.findings_chart), self.tr("问题分布"))

    def update(self, s: Summary) -> None:  # type: ignore[override]
        font = QApplication.font()
        c = self.levels_chart
        c.removeAllSeries()
        for axis in c.axes():
            c.removeAxis(axis)
        bars = QBarSet(self.tr("对象数"))
        bars.setColor(QColor(NEUTRAL[0]))
        bars.setLabelColor(c.titleBrush().color())  # drawn beside the bar, on the chart's background
        cats = []
        # bars lying down, 未定级 at the top: a category's name has the room of the axis, never the
        # width of its bar (“未定级” was shortened beside four other columns)
        for level, n in reversed(s.objects_by_level):
            cats.append(SHORT_LEVELS.get(level or 0, level_label(level)))
            bars.append(n)
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        # past its bar's end: a count such as 18184 is longer than a short bar
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        c.addSeries(series)
        y = QBarCategoryAxis()
        y.append(cats)
        y.setLabelsFont(font)
        x = QValueAxis()
        x.setLabelFormat("%d")
        x.setLabelsFont(font)
        # room past the longest bar for its count
        _count_axis(x, max([n for _l, n in s.objects_by_level] + [1]) * 6 // 5 + 1)
        c.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        c.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        c.legend().setVisible(False)

        f = self.findings_chart
        f.removeAllSeries()
        for axis in f.axes():
            f.removeAxis(axis)
        counts = {(r, st): n for r, st, n in s.findings_by_risk_status}
        stacked = QStackedBarSeries()
        risks = [Risk.HIGH, Risk.MEDIUM, Risk.LOW]
        top = 1
        for st in FindingStatus:
            bs = QBarSet(st.label)
            bs.setColor(STATUS_COLORS[st])
            for r in risks:
                bs.append(counts.get((r.value, st.value), 0))
            stacked.append(bs)
        for r in risks:
            top = max(top, sum(counts.get((r.value, st.value), 0) for st in FindingStatus))
        f.addSeries(stacked)
        fx = QBarCategoryAxis()
        fx.append([r.label for r in risks])  # 高 中 低: "高风险" is cut to "高…" beside the legend
        fx.setTitleText(self.tr("风险"))
        fx.setTitleFont(font)
        fx.setLabelsAngle(0)
        fx.setLabelsFont(font)
        fy = QValueAxis()
        fy.setLabelFormat("%d")
        fy.setLabelsFont(font)
        _count_axis(fy, top)
        f.addAxis(fx, Qt.AlignmentFlag.AlignBottom)
        f.addAxis(fy, Qt.AlignmentFlag.AlignLeft)
        stacked.attachAxis(fx)
        stacked.attachAxis(fy)
        f.legend().setVisible(True)
        # five status names side by side do not fit a narrow chart: one per line, beside the bars
        f.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
