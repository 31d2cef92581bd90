"""Charts as ReportLab drawings: vector shapes in the PDF, and the same as SVG in HTML.

Every kind is drawn the same way: the unit over the value axis at the top left, light
horizontal gridlines, the series in the style's chart colours, a legend under the plot when
there are several series (beside a pie), and value labels where they fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..document.nodes import Chart, Series

MAX_VALUE_LABELS = 24  # bars, points or slices; more would crowd the plot
ASPECT = 0.46  # plot height / width for axis charts
MAX_HEIGHT = 210.0


@dataclass(frozen=True, slots=True)
class ChartLook:
    """What a chart is drawn with: faces (registered names), sizes and colours."""

    font: str
    bold: str
    size: float
    text: str
    muted: str
    grid: str
    series: tuple[str, ...]
    on_fill: str = "#FFFFFF"  # labels on a slice, edges between slices and around markers

    @classmethod
    def of(cls, style: Any, faces: Any) -> ChartLook:
        """The look of the style's `chart` role, set in `faces` (the registered faces of its
        font family): the same for the PDF and the web page's SVG."""
        text = style.role("chart")
        return cls(faces.face(text.bold, text.italic), faces.bold, text.size, text.color,
                   style.color("muted"), style.color("rule"), style.chart_colors,
                   style.color("on_primary"))

    def color(self, index: int) -> Any:
        return colors.HexColor(self.series[index % len(self.series)])

    @property
    def fill_ink(self) -> Any:
        return colors.HexColor(self.on_fill)


def chart_drawing(chart: Chart, width: float, look: ChartLook) -> Drawing:
    drawing = _pie(chart, width, look) if chart.kind in ("pie", "donut") else \
        _axes_chart(chart, width, look)
    # the renderer starts in this font: else it sets Helvetica, which the PDF would then name
    # (unembedded) though no text is set in it
    drawing.initialFontName, drawing.initialFontSize = look.font, look.size
    return drawing


# --- bar, line, area and scatter charts -----------------------------------------------------


def _axes_chart(chart: Chart, width: float, look: ChartLook) -> Drawing:
    size = look.size
    legend_rows = _legend_rows(chart, width, look) if len(chart.series) > 1 else []
    legend_height = len(legend_rows) * size * 1.6
    unit_height = size * 2.2 if chart.unit else size * 0.6
    horizontal = chart.kind == "hbar"
    plot_height = min(width * ASPECT, MAX_HEIGHT)
    if horizontal:  # as tall as its bars need: a bar's thickness does not grow with the page
        bars = len(chart.categories) * len(chart.series)
        plot_height = min(max(size * 2.2 * bars + size * 1.2 * len(chart.categories), size * 6),
                          MAX_HEIGHT * 1.6)
    label_width = max((stringWidth(c, look.font, size) for c in chart.categories), default=0)
    values = _all_values(chart)
    low, high, step = _nice_range(values, stacked=chart.kind in ("stacked-bar", "area"),
                                  series=chart.series)
    tick_texts = [_tick(low + i * step, step) for i in range(round((high - low) / step) + 1)]
    tick_width = max(stringWidth(t, look.font, size) for t in tick_texts)
    category_rows = 1.0
    if horizontal:
        left = min(label_width, width * 0.32) + size * 0.8
        bottom = size * 2.0
    else:
        left = tick_width + size * 0.8
        slot = (width - left) / max(len(chart.categories), 1)
        category_rows = 2.0 if label_width > slot * 0.95 else 1.0
        bottom = size * (1.2 + 1.2 * category_rows)
    height = unit_height + plot_height + bottom + legend_height
    drawing = Drawing(width, height)
    y0 = legend_height + bottom
    plot_width = width - left - size * 0.5
    if chart.unit:
        drawing.add(String(0, height - size, chart.unit, fontName=look.font, fontSize=size,
                           fillColor=colors.HexColor(look.muted)))
    if chart.kind in ("bar", "hbar", "stacked-bar"):
        plot = _bars(chart, look, horizontal, low, high, step, category_rows)
    else:
        plot = _lines(chart, look, low, high, step)
    plot.x, plot.y, plot.width, plot.height = left, y0, plot_width, plot_height
    drawing.add(plot)
    _legend(drawing, legend_rows, 0, legend_height - size * 1.1, look)
    return drawing


def _bars(chart: Chart, look: ChartLook, horizontal: bool, low: float, high: float,
          step: float, category_rows: float) -> Any:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart

    plot = HorizontalBarChart() if horizontal else VerticalBarChart()
    plot.data = [tuple(s.values) for s in chart.series]
    categories = list(chart.categories)
    if horizontal:  # the first category at the top, as a reader expects
        plot.data = [tuple(reversed(row)) for row in plot.data]
        categories.reverse()
    plot.categoryAxis.categoryNames = categories
    plot.categoryAxis.style = "stacked" if chart.kind == "stacked-bar" else "parallel"
    _style_axes(plot.valueAxis, plot.categoryAxis, look, low, high, step)
    plot.categoryAxis.labels.boxAnchor = "e" if horizontal else "n"
    if category_rows > 1 and not horizontal:
        plot.categoryAxis.labels.angle = 30
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.bars.strokeColor = None
    for index, _ in enumerate(chart.series):
        plot.bars[index].fillColor = look.color(index)
    plot.groupSpacing = 6 if len(chart.series) > 1 else 10
    plot.barSpacing = 1
    count = len(chart.categories) * (1 if chart.kind == "stacked-bar" else len(chart.series))
    if count <= MAX_VALUE_LABELS and chart.kind != "stacked-bar":
        labels = [list(s.labels) for s in chart.series]
        if horizontal:
            labels = [list(reversed(row)) for row in labels]
        plot.barLabelFormat = "values"
        plot.barLabelArray = labels
        plot.barLabels.fontName = look.font
        plot.barLabels.fontSize = look.size * 0.9
        plot.barLabels.fillColor = colors.HexColor(look.text)
        plot.barLabels.nudge = look.size * 0.45
        plot.barLabels.boxAnchor = "w" if horizontal else "s"
        plot.barLabels.boxTarget = "hi"
    return plot


def _lines(chart: Chart, look: ChartLook, low: float, high: float, step: float) -> Any:
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.widgets.markers import makeMarker

    plot = LinePlot()
    scatter = chart.kind == "scatter"
    xs = list(chart.x_values) if scatter else [float(i) for i in range(len(chart.categories))]
    rows = [[(x, v) for x, v in zip(xs, s.values) if v is not None] for s in chart.series]
    rows = [row * 2 if len(row) == 1 else row for row in rows]  # one point: its marker alone
    order = list(range(len(rows)))
    if chart.kind == "area":  # stacked: each series on top of those before it, drawn top down
        totals = [0.0] * len(xs)
        stacked = []
        for series in chart.series:
            totals = [t + (v or 0.0) for t, v in zip(totals, series.values)]
            stacked.append(list(zip(xs, totals)))
        rows, order = stacked[::-1], order[::-1]
    plot.data = rows
    _style_axes(plot.yValueAxis, plot.xValueAxis, look, low, high, step)
    if scatter:
        x_low, x_high, x_step = _nice_range(xs, stacked=False, series=())
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = x_low, x_high
        plot.xValueAxis.valueStep = x_step
        plot.xValueAxis.labelTextFormat = lambda v: _tick(v, x_step)
    else:
        names = list(chart.categories)
        # an area starts and ends at its first and last point; lines keep a margin
        margin = 0.0 if chart.kind == "area" else 0.3
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = -margin, len(xs) - 1 + margin
        plot.xValueAxis.valueSteps = list(range(len(xs)))
        plot.xValueAxis.labelTextFormat = lambda v: names[round(v)] \
            if 0 <= round(v) < len(names) else ""
    for line, index in enumerate(order):
        color = look.color(index)
        plot.lines[line].strokeColor = color
        plot.lines[line].strokeWidth = 1.8 if not scatter else 0
        if chart.kind == "area":
            plot.lines[line].inFill = 1
            plot.lines[line].fillColor = color
            plot.lines[line].strokeColor = look.fill_ink
            plot.lines[line].strokeWidth = 0.6
        elif scatter or len(xs) <= 16:
            plot.lines[line].symbol = makeMarker("FilledCircle",
                                                 size=look.size * (0.7 if scatter else 0.55))
            plot.lines[line].symbol.fillColor = color
            plot.lines[line].symbol.strokeColor = look.fill_ink
            plot.lines[line].symbol.strokeWidth = 0.6
    plot.joinedLines = 0 if scatter else 1
    return plot


def _style_axes(value_axis: Any, category_axis: Any, look: ChartLook, low: float, high: float,
                step: float) -> None:
    value_axis.valueMin, value_axis.valueMax, value_axis.valueStep = low, high, step
    value_axis.labelTextFormat = lambda v: _tick(v, step)
    value_axis.visibleGrid = 1
    value_axis.gridStrokeColor = colors.HexColor(look.grid)
    value_axis.gridStrokeWidth = 0.5
    value_axis.visibleAxis = 0
    value_axis.visibleTicks = 0
    for axis in (value_axis, category_axis):
        axis.labels.fontName = look.font
        axis.labels.fontSize = look.size
        axis.labels.fillColor = colors.HexColor(look.muted)
    category_axis.strokeColor = colors.HexColor(look.muted)
    category_axis.strokeWidth = 0.6
    category_axis.visibleTicks = 0
    category_axis.labels.dy = -look.size * 0.3


# --- pie and donut charts -------------------------------------------------------------------


def _pie(chart: Chart, width: float, look: ChartLook) -> Drawing:
    from reportlab.graphics.charts.doughnut import Doughnut
    from reportlab.graphics.charts.piecharts import Pie

    size = look.size
    series = chart.series[0]
    diameter = min(width * 0.42, 170.0)
    unit_height = size * 1.8 if chart.unit else 0
    height = diameter + size * 1.2 + unit_height
    drawing = Drawing(width, height)
    pie = Doughnut() if chart.kind == "donut" else Pie()
    if chart.kind == "donut":
        pie.innerRadiusFraction = 0.55
    pie.x, pie.y, pie.width, pie.height = size * 0.6, size * 0.6, diameter, diameter
    # (value, category, its label, its colour's index) of each slice; a zero has none
    pairs = [(v, c, label, i) for i, (v, c, label) in
             enumerate(zip(series.values, chart.categories, series.labels)) if v]
    pie.data = [v for v, _, _, _ in pairs]
    pie.startAngle, pie.direction = 90, "clockwise"
    pie.slices.strokeColor = look.fill_ink
    pie.slices.strokeWidth = 1.2
    total = sum(pie.data)
    for at, (_, _, _, index) in enumerate(pairs):
        pie.slices[at].fillColor = look.color(index)
    if len(pairs) <= MAX_VALUE_LABELS:  # the share on slices wide enough to hold it
        pie.labels = [f"{100 * v / total:.0f}%" if v / total >= 0.06 else "" for v in pie.data]
        pie.slices.fontName = look.bold
        pie.slices.fontSize = size * 0.95
        pie.slices.fontColor = look.fill_ink
        pie.slices.labelRadius = 0.78 if chart.kind == "donut" else 0.62
    drawing.add(pie)
    if chart.unit:
        drawing.add(String(0, height - size, chart.unit, fontName=look.font, fontSize=size,
                           fillColor=colors.HexColor(look.muted)))
    # the legend beside the pie: each category with its value, close enough to be read as one
    x = diameter + size * 2.4
    room = min(width - x, size * 24)
    right = x + room
    rows = [(look.color(index), c, label) for _, c, label, index in pairs]
    line = size * 1.7
    top = size * 0.6 + diameter / 2 + line * len(rows) / 2 - line * 0.7
    group = Group()
    for n, (color, name, label) in enumerate(rows):
        y = top - n * line
        _swatch(group, x, y, size, color)
        text = _fit(name, look.font, size, room - size * 1.6 - stringWidth(
            label, look.bold, size) - size)
        group.add(String(x + size * 1.5, y, text, fontName=look.font, fontSize=size,
                         fillColor=colors.HexColor(look.text)))
        group.add(String(right, y, label, fontName=look.bold, fontSize=size,
                         fillColor=colors.HexColor(look.text), textAnchor="end"))
    drawing.add(group)
    return drawing


# --- legend, ticks and ranges ---------------------------------------------------------------


def _legend_rows(chart: Chart, width: float, look: ChartLook) -> list[list[tuple[int, str]]]:
    """The series names in rows that fit `width`, each with its index."""
    rows: list[list[tuple[int, str]]] = [[]]
    used = 0.0
    for index, series in enumerate(chart.series):
        name = _fit(series.name, look.font, look.size, width * 0.6)
        need = look.size * 1.5 + stringWidth(name, look.font, look.size) + look.size * 1.6
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append((index, name))
        used += need
    return rows if rows[0] else []


def _legend(drawing: Drawing, rows: list[list[tuple[int, str]]], x0: float, y0: float,
            look: ChartLook) -> None:
    size = look.size
    for r, row in enumerate(rows):
        x, y = x0, y0 - r * size * 1.6
        for index, name in row:
            _swatch(drawing, x, y, size, look.color(index))
            drawing.add(String(x + size * 1.5, y, name, fontName=look.font, fontSize=size,
                               fillColor=colors.HexColor(look.text)))
            x += size * 1.5 + stringWidth(name, look.font, size) + size * 1.6


def _swatch(group: Any, x: float, y: float, size: float, color: Any) -> None:
    from reportlab.graphics.shapes import Rect

    group.add(Rect(x, y - size * 0.05, size * 0.95, size * 0.75, fillColor=color,
                   strokeColor=None))


def _fit(text: str, font: str, size: float, room: float) -> str:
    """`text` shortened with an ellipsis to fit `room` points (cut first to what the room
    could hold at its narrowest letters, so a long name costs no more than a short one)."""
    if stringWidth(text, font, size) <= room:
        return text
    text = text[:max(1, int(room / (size * 0.2)))]
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _all_values(chart: Chart) -> list[float]:
    return [v for s in chart.series for v in s.values if v is not None]


def _nice_range(values: list[float], *, stacked: bool,
                series: Sequence[Series]) -> tuple[float, float, float]:
    """An axis from a round low to a round high in 4–6 round steps, zero included."""
    if stacked and series:
        count = max(len(s.values) for s in series)
        tops = [sum(max(s.values[i] or 0.0, 0.0) for s in series if i < len(s.values))
                for i in range(count)]
        bottoms = [sum(min(s.values[i] or 0.0, 0.0) for s in series if i < len(s.values))
                   for i in range(count)]
        values = tops + bottoms
    low, high = min([0.0, *values]), max([0.0, *values])
    if high - low <= max(abs(high), abs(low), 1e-300) * 1e-9 or high - low < 1e-12:
        high = low + (abs(low) or 1.0)  # one value, or values too close to tell apart
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _tick(value: float, step: float) -> str:
    if step < 1e-4 or step >= 1e12:  # very small or large steps: three significant digits
        return "0" if abs(value) < step / 2 else f"{value:.3g}"
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    if decimals == 0 and step < 1:
        decimals = 1
    text = f"{value:,.{decimals}f}"
    return "0" if text.strip("-0.,") == "" else text
