"""Native Word charts: a chart part holding the series with their values cached, and the
embedded workbook Word's *Edit Data* opens; LibreOffice draws the chart from the same part.

python-pptx writes the DrawingML chart XML (the same in Word as in PowerPoint) and, through
XlsxWriter, the workbook; its chart object model sets colours, fonts, axes and the legend, so
no chart XML is written by hand here. Both are imported only when a brief has a chart.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ...document.nodes import Chart
from ...output.chart_drawing import MAX_VALUE_LABELS
from .media import EMU_PER_POINT
from .xml import esc

if TYPE_CHECKING:
    from .translator import DocxTranslator

CHART_PART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_PART = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EXCEL_EARLIEST = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)


def chart_height(chart: Chart, width: float) -> float:
    """The height, in points, of a chart `width` points wide (the page estimate uses it too)."""
    if chart.kind in ("pie", "donut"):
        return min(width * 0.45, 200.0)
    if chart.kind == "hbar":  # as tall as its bars need
        return min(max(26.0 * len(chart.categories) * len(chart.series) + 60, 150.0), 420.0)
    return min(width * 0.58, 270.0)


def chart_run(t: DocxTranslator, chart: Chart, width: float, height: float) -> str:
    """A run holding the chart as an inline drawing `width` × `height` points."""
    from lxml import etree

    chart_space, workbook = _chart_xml(t, chart)
    package = t.part.package
    chart_part = Part(PackURI(package.next_partname("/word/charts/chart%d.xml")), CHART_PART,
                      b"", package)
    book = Part(PackURI(package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx")),
                WORKBOOK_PART, workbook, package)
    chart_space.get_or_add_externalData().rId = chart_part.relate_to(book, RT.PACKAGE)
    chart_part._blob = etree.tostring(chart_space, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    rid = t.part.relate_to(chart_part, RT.CHART)
    cx, cy = int(width * EMU_PER_POINT), int(height * EMU_PER_POINT)
    number = t.next_drawing
    t.next_drawing += 1
    return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{number}" name="Chart {number}" descr="{esc(chart.alt)}"/>'
            "<wp:cNvGraphicFramePr/><a:graphic>"
            f'<a:graphicData uri="{CHART_URI}"><c:chart xmlns:c="{CHART_URI}" r:id="{rid}"/>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


def _chart_xml(t: DocxTranslator, chart: Chart) -> tuple[Any, bytes]:
    """The c:chartSpace element (python-pptx's classes) and the workbook's bytes."""
    from pptx.chart.chart import Chart as ChartModel
    from pptx.chart.data import CategoryChartData, XyChartData
    from pptx.enum.chart import XL_CHART_TYPE as KIND
    from pptx.oxml import parse_xml

    kinds = {"bar": KIND.COLUMN_CLUSTERED, "hbar": KIND.BAR_CLUSTERED,
             "stacked-bar": KIND.COLUMN_STACKED, "line": KIND.LINE_MARKERS,
             "area": KIND.AREA_STACKED, "pie": KIND.PIE, "donut": KIND.DOUGHNUT,
             "scatter": KIND.XY_SCATTER}
    number_format = _number_format(chart)
    data: Any
    if chart.kind == "scatter":
        data = XyChartData(number_format=number_format)
        for series in chart.series:
            points = data.add_series(series.name)
            for x, y in zip(chart.x_values, series.values):
                if y is not None:
                    points.add_data_point(x, y)
    else:
        # Word stacks a bar chart's categories from the bottom: given last to first, the first
        # stands at the top, as in the PDF, with the values along the bottom
        order = -1 if chart.kind == "hbar" else 1
        data = CategoryChartData(number_format=number_format)
        data.categories = list(chart.categories)[::order]
        for series in chart.series:
            data.add_series(series.name, list(series.values)[::order])
    kind = kinds[chart.kind]
    chart_space = parse_xml(data.xml_bytes(kind))
    # no frame around the chart: it stands in the text as the PDF's does
    chart_space.insert_element_before(parse_xml(_NO_FRAME), "c:txPr", "c:externalData",
                                      "c:printSettings", "c:userShapes", "c:extLst")
    _style(t, ChartModel(chart_space, None), chart)
    _positive_axis_ids(chart_space)
    return chart_space, _workbook(data, t.created)


def _workbook(data: Any, created: Any) -> bytes:
    """The chart's workbook, dated as the document is: the same input gives the same file
    (XlsxWriter would stamp it with the time of the build). An undated document's workbook
    gets 1980-01-01, the date XlsxWriter gives every file inside it, since it always
    writes one."""
    from pptx.chart.data import XyChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter

    base = XyWorkbookWriter if isinstance(data, XyChartData) else CategoryWorkbookWriter

    class DatedWriter(base):  # type: ignore[misc, valid-type]
        @contextmanager
        def _open_worksheet(self, xlsx_file: Any) -> Iterator[Any]:
            with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
                workbook.set_properties({"created": created or EXCEL_EARLIEST})
                yield workbook, worksheet

    return DatedWriter(data).xlsx_blob


def _positive_axis_ids(chart_space: Any) -> None:
    """python-pptx numbers axes with random negative ids; the schema wants unsigned ones
    (Word repairs, strict validators refuse): each id becomes 1, 2 … in order of use."""
    chart_ns = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    ids: dict[str, str] = {}
    for element in chart_space.iter(chart_ns + "axId", chart_ns + "crossAx"):
        value = element.get("val")
        element.set("val", ids.setdefault(value, str(len(ids) + 1)))


_NO_FRAME = ('<c:spPr xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
             'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:noFill/>'
             "<a:ln><a:noFill/></a:ln></c:spPr>")


def _style(t: DocxTranslator, model: Any, chart: Chart) -> None:
    """Colours, fonts, gridlines, the unit and the legend, as the PDF draws them."""
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    text = t.style.role("chart")
    model.font.name = t.style.fonts.family(text.font).name
    model.font.size = Pt(text.size)
    model.font.color.rgb = RGBColor.from_string(text.color.lstrip("#"))
    pie = chart.kind in ("pie", "donut")
    model.has_title = False  # the caption above says what it shows
    model.has_legend = pie or len(chart.series) > 1
    if model.has_legend:
        model.legend.position = XL_LEGEND_POSITION.RIGHT if pie else XL_LEGEND_POSITION.BOTTOM
        model.legend.include_in_layout = False
    plot = model.plots[0]
    if chart.kind in ("bar", "hbar", "stacked-bar"):
        plot.gap_width = 60
        if chart.kind == "stacked-bar":
            plot.overlap = 100
    _colour_series(t, plot, chart)
    if pie:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.show_percentage, labels.show_value = True, False
        labels.number_format, labels.number_format_is_linked = "0%", False
        labels.font.bold = True
        labels.font.color.rgb = RGBColor.from_string(t.style.color("on_primary").lstrip("#"))
        return
    _style_axes(t, model, chart)
    if chart.kind in ("bar", "hbar") and len(chart.categories) * len(chart.series) <= \
            MAX_VALUE_LABELS:
        plot.has_data_labels = True
        plot.data_labels.number_format = _number_format(chart)
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(text.size * 0.9)


def _colour_series(t: DocxTranslator, plot: Any, chart: Chart) -> None:
    """Each series (each slice of a pie) in the style's chart colours."""
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_MARKER_STYLE
    from pptx.util import Pt

    def rgb(index: int) -> Any:
        return RGBColor.from_string(t.style.chart_color(index).lstrip("#"))

    white = RGBColor.from_string(t.style.color("on_primary").lstrip("#"))  # edges, outlines
    for index, series in enumerate(plot.series):
        if chart.kind in ("line", "scatter"):
            series.format.line.color.rgb = rgb(index)
            series.format.line.width = Pt(1.8 if chart.kind == "line" else 0)
            if chart.kind == "scatter":
                series.format.line.fill.background()
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7 if chart.kind == "scatter" else 5
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = rgb(index)
            series.marker.format.line.color.rgb = white
            series.smooth = False
        elif chart.kind in ("pie", "donut"):
            for at, _ in enumerate(chart.categories):
                point = series.points[at]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb(at)
                point.format.line.color.rgb = white
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb(index)


def _style_axes(t: DocxTranslator, model: Any, chart: Chart) -> None:
    """Light gridlines, no value axis line, muted labels, the unit as the value axis' title."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    grid = RGBColor.from_string(t.style.color("rule").lstrip("#"))
    muted = RGBColor.from_string(t.style.color("muted").lstrip("#"))
    axis = model.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = grid
    axis.major_gridlines.format.line.width = Pt(0.5)
    axis.format.line.fill.background()
    axis.tick_labels.font.color.rgb = muted
    axis.tick_labels.number_format = _number_format(chart)  # "1.0", never "1."
    axis.tick_labels.number_format_is_linked = False
    if chart.unit:
        axis.has_title = True
        axis.axis_title.text_frame.text = chart.unit
        font = axis.axis_title.text_frame.paragraphs[0].runs[0].font
        font.size = Pt(t.style.role("chart").size)
        font.bold = False
        font.color.rgb = muted
    model.category_axis.format.line.color.rgb = muted
    model.category_axis.tick_labels.font.color.rgb = muted


def _number_format(chart: Chart) -> str:
    """Excel's format for the values: grouped thousands and as many decimals as the labels."""
    decimals = max((len(label.split(".")[1]) for s in chart.series for label in s.labels
                    if "." in label), default=0)
    return "#,##0" + ("." + "0" * decimals if decimals else "")
