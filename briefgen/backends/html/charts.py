"""Charts as inline SVG: the very drawing the PDF shows (`briefgen.output.chart_drawing`),
written by ReportLab's SVG renderer and made fit for the page.

The page's security policy allows no style attributes, so each element's `style` becomes the
SVG presentation attributes that say the same; the text takes the page's own web fonts; ids
are made unique on the page; the alt text is the image's accessible name.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, fromstring

from ...document.nodes import Chart
from ...style.model import Style
from .text import css_string

SVG = "{http://www.w3.org/2000/svg}"
WIDTH = 470.0  # points the chart is drawn at; the page scales it to its column (~1.4x)
# style properties that are also SVG presentation attributes (all ReportLab writes)
PRESENTATION = {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
                "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-miterlimit",
                "font-size", "text-anchor", "clip-path", "opacity"}


def chart_svg(chart: Chart, style: Style, number: int) -> Element:
    """The chart as an <svg> element whose ids end in `number` (unique on the page)."""
    from reportlab.graphics import renderSVG

    from ...output.chart_drawing import ChartLook, chart_drawing
    # The PDF backend registers the template's faces with ReportLab, which measures the
    # labels; the SVG is laid out with the same metrics as the PDF.
    from ..pdf.fonts import register_family

    text = style.role("chart")
    faces = {which: register_family(style.fonts.family(which))
             for which in dict.fromkeys(("body", "heading", text.font))}
    drawing = chart_drawing(chart, WIDTH, ChartLook.of(style, faces[text.font]))
    svg = fromstring(renderSVG.drawToString(drawing).encode("utf-8"))
    fonts: dict[str, tuple[str, str, str]] = {}
    for which, registered in faces.items():  # the page's web font, then the installed one
        name = f"{css_string('bg-' + which)},{css_string(style.fonts.family(which).name)}"
        for (bold, italic), face in reversed(list(zip(
                ((False, False), (True, False), (False, True), (True, True)),
                (registered.regular, registered.bold, registered.italic,
                 registered.bold_italic)))):
            fonts[face] = (name, "700" if bold else "400", "italic" if italic else "normal")
    _presentational(svg, fonts, f"_chart{number}")
    for child in list(svg):
        if child.tag in ("title", "desc"):
            svg.remove(child)
    svg.attrib.pop("width", None)
    svg.attrib.pop("height", None)
    svg.set("xmlns", "http://www.w3.org/2000/svg")
    svg.set("class", f"chart chart-{chart.kind}")
    svg.set("role", "img")
    svg.set("aria-label", chart.alt)
    title = Element("title")
    title.text = chart.alt
    svg.insert(0, title)
    return svg


def _presentational(svg: Element, fonts: dict[str, tuple[str, str, str]], prefix: str) -> None:
    """Style attributes → presentation attributes; ids and their references made unique; the
    tags without their namespace, as an HTML page writes inline SVG."""
    for element in svg.iter():
        element.tag = element.tag.removeprefix(SVG)
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.get('id')}")
        declarations = element.attrib.pop("style", "")
        for declaration in declarations.split(";"):
            name, _, value = (part.strip() for part in declaration.partition(":"))
            if name == "font-family":
                family, weight, slant = fonts.get(value, ("serif", "400", "normal"))
                element.set("font-family", family)
                element.set("font-weight", weight)
                element.set("font-style", slant)
            elif name in PRESENTATION and value:
                element.set(name, value.replace("px", ""))
        clip = element.get("clip-path")
        if clip:
            element.set("clip-path", re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", clip))
