"""Blocks set apart from the text: the callout box, quotations and the risk matrix with its
legend. Their backgrounds, bars, paddings and spaces are the style's `BoxStyle`s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import KeepTogether

from ...document.nodes import Callout, Matrix, Paragraph, Quote
from ...output.legend import PART_ROWS, column_order, legend_columns
from ...style.model import BoxStyle
from .flowables import MemoParagraph
from .markup import escape
from .matrix import MarkerPill, RiskMatrix, legend_colors
from .panel import Panel, PanelLook
from .stacked import StackedTable

if TYPE_CHECKING:
    from .translator import PdfTranslator, Room

LONG_QUOTE = 1500  # characters: a longer quotation may break across pages


def trim_last_space(t: PdfTranslator, flowables: list[Any]) -> None:
    """The last paragraph in a box needs no space after it (the box has padding)."""
    if flowables and isinstance(flowables[-1], MemoParagraph):
        flowables[-1].style = t.styles.variant(flowables[-1].style, spaceAfter=0)


def box(t: PdfTranslator, content: list[Any], width: float, look: BoxStyle) -> Panel:
    """`content` on the panel `look` describes (background, bar, padding)."""
    paint = PanelLook(
        background=t.styles.color(look.background) if look.background else None,
        bar=t.styles.color(look.bar) if look.bar and look.bar_width else None,
        bar_width=look.bar_width,
        padding_x=look.padding_x, padding_y=look.padding_y,
        right_to_left=t.styles.right_to_left)
    panel = Panel(content, paint, space_before=look.space_before, space_after=look.space_after,
                  min_split=t.split_min)
    panel.frame_height = t.styles.page.frame_height
    return panel


def inner_width(look: BoxStyle, width: float) -> float:
    return width - look.bar_width - 2 * look.padding_x


def callout(t: PdfTranslator, block: Callout, room: Room) -> list[Any]:
    look = t.box_look(block.role or "callout", "callout", room.width)
    content: list[Any] = []
    if block.title:
        content.append(t.para(escape(block.title), t.styles["box.title"]))
    content.extend(t.flow(block.content, room.inside(inner_width(look, room.width), room.base)))
    if not content:
        return []
    trim_last_space(t, content)
    return [box(t, content, room.width, look)]


def quote(t: PdfTranslator, block: Quote, room: Room) -> list[Any]:
    role = "pull-quote" if block.role == "pull-quote" else "quote"
    look = t.box_look(role, "callout", room.width)
    style = t.styles[role]
    inner = room.inside(inner_width(look, room.width), "body")
    content: list[Any] = []
    for child in block.content:
        if isinstance(child, Paragraph):
            content += [t.para(chunk, style) for chunk in t.markup(child.content, style)]
        else:
            content += t.flow([child], inner)
    if block.attribution:
        attribution = t.styles["attribution"]
        content.append(t.para(t.markup(block.attribution, attribution, split=False)[0],
                              attribution))
    if not content:
        return []
    trim_last_space(t, content)
    boxed = box(t, content, room.width, look)
    if room.in_cell:
        return [boxed]
    length = sum(len(p.text) for p in content if hasattr(p, "text"))
    return [KeepTogether([boxed])] if length < LONG_QUOTE else [boxed]


def matrix(t: PdfTranslator, block: Matrix, room: Room) -> list[Any]:
    """The grid across the whole column, and its legend under it in columns."""
    look = t.box_look("risk-matrix", "callout", room.width * 0.38)
    out: list[Any] = []
    if block.title:
        out.append(t.para(escape(block.title), t.styles["box.title"]))
    if not any(block.cells):  # no grid to draw: what else the matrix says still shows
        return out + ([_legend(t, block, room.width, look)] if block.legend else [])
    grid = RiskMatrix(t.styles, block)
    if not block.legend:
        return [*out, grid]
    legend = _legend(t, block, room.width, look)
    legend.spaceBefore, legend.spaceAfter = look.space_before, look.space_after
    if room.in_cell or t.height([grid, legend], room.width) > t.styles.page.frame_height * 0.9:
        return [*out, grid, legend]
    return [KeepTogether([*out, grid, legend])]


def _legend(t: PdfTranslator, block: Matrix, width: float, look: BoxStyle) -> Any:
    """The legend: marker pills and what each stands for, read down each column and then
    across, a page-high part at a time."""
    rows = _legend_rows(t, block)
    n = legend_columns(width, len(rows))
    gap = min(look.gap, width * 0.04) if n > 1 else 0.0
    column_w = (width - gap * (n - 1)) / n
    pill_w = max(row[0].width for row in rows) + 8
    if pill_w > column_w * 0.3:  # markers too long for pills: set them as text that wraps
        rows, pill_w = _plain_legend(t, block), column_w * 0.3
    style: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), look.padding_y),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), look.padding_y)]
    widths = [pill_w, column_w - pill_w]
    for _ in range(n - 1):
        widths += [gap, pill_w, column_w - pill_w]
    flowed = _flowed(rows, n)
    parts = [t.table(flowed[i:i + PART_ROWS], colWidths=widths, splitInRow=t.split_min,
                     style=style)
             for i in range(0, len(flowed), PART_ROWS)]
    if len(parts) == 1:
        return parts[0]
    return StackedTable(None, parts, min_split=t.split_min)  # a legend of hundreds of risks


def _flowed(entries: list[list[Any]], columns: int) -> list[list[Any]]:
    """Legend entries (pill, text) as table rows of `columns` entries, gaps between them."""
    rows = []
    for indexes in column_order(len(entries), columns):
        row: list[Any] = []
        for c, index in enumerate(indexes):
            row += ([""] if c else []) + (entries[index] if index is not None else ["", ""])
        rows.append(row)
    return rows


def _plain_legend(t: PdfTranslator, block: Matrix) -> list[list[Any]]:
    marker = t.styles.variant(t.styles["legend"], fontName=t.styles.face("matrix.marker"))
    return [[t.para(escape(key.marker), marker), t.para(escape(key.label), t.styles["legend"])]
            for key in block.legend]


def _legend_rows(t: PdfTranslator, block: Matrix) -> list[list[Any]]:
    marker = t.style.role("matrix.marker")
    face = t.styles.face("matrix.marker")
    legend = t.styles["legend"]
    rows = []
    for key in block.legend:
        fill, ink = legend_colors(t.styles, block.role_of(key.marker))
        rows.append([MarkerPill(key.marker, face, marker.size, fill, ink),
                     t.para(escape(key.label), legend)])
    return rows
