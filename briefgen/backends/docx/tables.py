"""Tables and boxes as Word tables: data tables (the risk register), the shaded callout, the
key-facts box and side-by-side columns. Rules, bands and paddings are the style's `BoxStyle`s."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .direction import right_to_left
from ...document.nodes import Callout, Columns, KeyValueList, Table
from ...output.fonts import text_width
from ...style.model import BoxStyle
from .pages import BOX_SPLIT
from .xml import border, esc, text_runs, twips, word_color

if TYPE_CHECKING:
    from .translator import DocxTranslator, Place

NIL_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
NO_BORDERS = "".join(f'<w:{side} w:val="nil"/>' for side in NIL_SIDES)


# --- table XML ------------------------------------------------------------------------------


def table_xml(widths: list[int], rows: list[str], *, style: str = "", borders: str = "",
              look_first_row: bool = True, cell_margins: str = "", caption: str = "",
              indent: int = 0) -> str:
    props = f'<w:tblStyle w:val="{style}"/>' if style else ""
    if right_to_left.get():  # columns from the right, as the brief reads
        props += "<w:bidiVisual/>"
    props += f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblInd w:w="{indent}" w:type="dxa"/>'
    if borders:
        props += f"<w:tblBorders>{borders}</w:tblBorders>"
    props += '<w:tblLayout w:type="fixed"/>'
    if cell_margins:
        props += f"<w:tblCellMar>{cell_margins}</w:tblCellMar>"
    first = "1" if look_first_row else "0"
    props += (f'<w:tblLook w:val="{"0420" if look_first_row else "0400"}" w:firstRow="{first}"'
              ' w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    if caption:
        props += f'<w:tblCaption w:val="{esc(caption[:200])}"/>'
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def row_xml(cells: list[str], *, header: bool = False, cant_split: bool = True,
            height: int = 0, exact: bool = False) -> str:
    """A w:tr: `height` twips at least (exactly, with `exact`)."""
    props = "<w:cantSplit/>" if cant_split else ""
    if height:
        props += f'<w:trHeight w:val="{height}" w:hRule="{"exact" if exact else "atLeast"}"/>'
    if header:
        props += "<w:tblHeader/>"
    props = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def cell_xml(content: str, width: int, *, fill: str = "", span: int = 1, valign: str = "",
             borders: str = "", vmerge: str | None = None, direction: str = "",
             margins: str = "") -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge is not None:
        props += f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>"
    if borders:
        props += f"<w:tcBorders>{borders}</w:tcBorders>"
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if margins:
        props += f"<w:tcMar>{margins}</w:tcMar>"
    if direction:
        props += f'<w:textDirection w:val="{direction}"/>'
    if valign:
        props += f'<w:vAlign w:val="{valign}"/>'
    if not content.endswith("</w:p>"):
        content += "<w:p/>"  # a cell must end with a paragraph
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def margins(top: float, left: float, bottom: float, right: float) -> str:
    """The inside of w:tblCellMar / w:tcMar, from points."""
    return (f'<w:top w:w="{twips(top)}" w:type="dxa"/><w:left w:w="{twips(left)}" w:type="dxa"/>'
            f'<w:bottom w:w="{twips(bottom)}" w:type="dxa"/>'
            f'<w:right w:w="{twips(right)}" w:type="dxa"/>')


def split(total: int, weights: Any, count: int) -> list[int]:
    """`total` twips shared out by `weights` (missing weights count 1)."""
    weights = list(weights[:count]) + [1.0] * max(0, count - len(weights))
    s = sum(weights) or 1.0
    widths = [int(total * w / s) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _fill(color: str) -> str:
    return word_color(color) if color else ""


def _edge(side: str, color: str = "", width: float = 0.0) -> str:
    """A table border: a line where it has a colour and a width, else none."""
    return border(side, color, width) if color and width else f'<w:{side} w:val="nil"/>'


# --- blocks ---------------------------------------------------------------------------------


def data_table(t: DocxTranslator, block: Table, place: Place) -> str:
    out = t.pending_break()
    columns = max(len(block.header), max((len(r) for r in block.rows), default=0), 1)
    extra = _breakout(t, block, place)
    widths = split(place.width + 2 * extra, block.widths, columns)
    look = t.style.box(block.role or "table", "table")
    rows = []
    right = block.number_columns()
    if block.header:
        header_place = replace(place, table=True, heading_cell=True, depth=0)
        rows.append(row_xml([cell_xml(t.blocks(c.content, replace(
            header_place, width=w, align="right" if n in right else "")), w, valign="bottom")
            for n, (c, w) in enumerate(zip(block.header, widths))], header=True))
    body_place = replace(place, table=True, depth=0)
    limit = t.geometry.content_height * 0.5  # taller rows may break across pages
    for index, row in enumerate(block.rows):
        cells = []
        stripe = _fill(look.stripe) if index % 2 else ""  # zebra rows: every other one filled
        for n, (cell, w) in enumerate(zip(row, widths)):
            fill, color = t.level_colors(cell.role)
            cell_place = replace(body_place, width=w, align="right" if n in right else "")
            if fill:  # the level style: bold and centred, in the level's own colour, and
                # on the first line of its row, as in the PDF
                cell_place = replace(cell_place, color=color, paragraph_style="Level")
            cells.append(cell_xml(t.blocks(cell.content, cell_place), w, fill=fill or stripe))
        for _ in range(len(row), columns):
            cells.append(cell_xml("", widths[len(cells)]))
        huge = t.estimate.row_height(row, [w / 20 - 10 for w in widths]) > limit
        rows.append(row_xml(cells, cant_split=not huge))
    cell_margins = margins(look.padding_y, look.padding_x, look.padding_y, look.padding_x)
    return out + table_xml(widths, rows, style=t.sid("Brief Table", "table"),
                           cell_margins=cell_margins, caption=t.last_heading,
                           indent=-extra) + t.spacer()


def callout(t: DocxTranslator, block: Callout, place: Place) -> str:
    out = t.pending_break()
    look = t.style.box(block.role or "callout")
    inner = replace(place, width=place.width - twips(2 * look.padding_x + look.bar_width),
                    table=False, depth=0)
    content = ""
    if block.title:
        content += t.paragraph_xml(t.sid("Box Title"), text_runs(block.title))
    content += t.blocks(block.content, inner)
    panel = _fill(look.background)
    # a box without a panel has no edges but its bar (an "auto" edge is black in LibreOffice)
    borders = (_edge("top", panel, 0.5) + _edge("left", _fill(look.bar), look.bar_width)
               + _edge("bottom", panel, 0.5) + _edge("right"))
    cell = cell_xml(content, place.width, fill=panel)
    small = t.estimate.callout_height(block, place.width / 20) <= (
        t.geometry.content_height * BOX_SPLIT)
    cell_margins = margins(look.padding_y, look.padding_x, look.padding_y * 0.5, look.padding_x)
    style = t.sid("Panel Table", "table") if panel else ""  # its style would shade it
    return (out + table_xml([place.width], [row_xml([cell], cant_split=small)], style=style,
                            borders=borders, look_first_row=False, cell_margins=cell_margins)
            + t.spacer(look.space_after))


def key_values(t: DocxTranslator, block: KeyValueList, place: Place) -> str:
    """A box of label/value rows, kept on one page unless it is longer than most of one."""
    out = t.pending_break()
    height = t.estimate.block_height(block, place.width / 20)
    t.keep_together = height <= t.geometry.content_height * BOX_SPLIT
    try:
        look = t.style.box(block.role or "key-facts", "key-facts")
        return out + _key_values(t, block, place, look) + t.spacer(look.space_after)
    finally:
        t.keep_together = False


def _key_values(t: DocxTranslator, block: KeyValueList, place: Place, look: BoxStyle) -> str:
    label_text = t.style.role("key-facts.label")
    face = t.style.family(label_text).face(label_text.bold, label_text.italic)
    widest = max([text_width(face, item.label, label_text.size) for item in block.items] + [0])
    share = min(max((widest + 2 * look.padding_x + 2) * 20 / place.width, 0.2), 0.36)
    widths = split(place.width, [share, 1 - share], 2)
    panel = _fill(look.background)
    rows = []
    if block.title:
        title_style = t.sid("Key Facts Title" if look.header else "Box Title")
        title = t.paragraph_xml(title_style, text_runs(block.title))
        rows.append(row_xml([cell_xml(title, place.width, span=2, fill=_fill(look.header))]))
    label_style, value_style = t.sid("Key Fact Label"), t.sid("Key Fact Value")
    value_place = replace(place, table=True, width=widths[1])
    keep = t.keep_together
    for index, item in enumerate(block.items):
        # the rows keep together, but the last does not hold the box to what follows: that
        # chain (a heading, a summary box) would carry the box off a page it fits on
        t.keep_together = keep and index < len(block.items) - 1
        label = t.paragraph_xml(label_style, text_runs(item.label))
        value = t.paragraph_xml(value_style, t.runs(item.value, value_place))
        rows.append(row_xml([cell_xml(label, widths[0], fill=panel),
                             cell_xml(value, widths[1], fill=panel)]))
    rule = _fill(look.rule)
    borders = (_edge("top", _fill(look.header) or rule, 2.25) + _edge("left")
               + _edge("bottom", _fill(look.accent or look.rule), look.accent_width)
               + _edge("right") + _edge("insideH", rule, look.rule_width) + _edge("insideV"))
    cell_margins = margins(look.padding_y, look.padding_x, look.padding_y, look.padding_x)
    # without a panel, no panel style: LibreOffice shades a cell of fill "auto" as its style
    style = t.sid("Panel Table", "table") if panel else ""
    return table_xml(widths, rows, style=style, borders=borders, look_first_row=False,
                     cell_margins=cell_margins, caption=block.title)


def _breakout(t: DocxTranslator, block: Table | Columns, place: Place) -> int:
    """How far (twips) a wide block runs into each side margin: from the text column at the
    top level only."""
    wide = block.wide and place.width == t.geometry.text_width
    return round(t.style.page.breakout * 20) if wide else 0


def columns(t: DocxTranslator, block: Columns, place: Place) -> str:
    """Cards side by side, as in the PDF: each outlined by a rule under its coloured title
    band, with a white gap between them."""
    out = t.pending_break()
    look = t.style.box(block.role or "assessment", "assessment")
    count = max(1, len(block.columns))
    extra = _breakout(t, block, place)
    gap = min(twips(look.gap), (place.width + 2 * extra) // (4 * count)) if count > 1 else 0
    card_widths = split(place.width + 2 * extra - gap * (count - 1), [1.0] * count, count)
    rule = _fill(look.rule)
    left, right = _edge("left", rule, look.rule_width), _edge("right", rule, look.rule_width)
    blank = _edge("top") + _edge("left") + _edge("bottom") + _edge("right")
    heads, bodies, widths = [], [], []
    for index, (column, w) in enumerate(zip(block.columns, card_widths)):
        if index:
            heads.append(cell_xml(t.paragraph_xml("", "", after=0), gap, borders=blank))
            bodies.append(cell_xml(t.paragraph_xml("", "", after=0), gap, borders=blank))
            widths.append(gap)
        level = t.style.level_or_neutral(column.role)
        fill, color = word_color(level.background), word_color(level.text)
        title = t.paragraph_xml(t.sid("Column Title"), t.inline.plain(column.title, color=color),
                                after=0)
        heads.append(cell_xml(title, w, fill=fill, borders=border("top", color, look.accent_width)
                              + left + _edge("bottom") + right))
        inner = replace(place, width=w - twips(2 * look.padding_x), table=False, depth=0)
        bodies.append(cell_xml(t.blocks(column.content, inner), w, borders=_edge("top") + left
                               + _edge("bottom", rule, look.rule_width) + right))
        widths.append(w)
    small = t.estimate.block_height(block, place.width / 20) <= (
        t.geometry.content_height * BOX_SPLIT)
    rows = [row_xml(heads, header=True), row_xml(bodies, cant_split=small)]
    cell_margins = margins(look.padding_y, look.padding_x, look.padding_y, look.padding_x)
    return (out + table_xml(widths, rows, style=t.sid("Brief Table", "table"),
                            look_first_row=False, cell_margins=cell_margins, indent=-extra,
                            borders=blank + _edge("insideH") + _edge("insideV"))
            + t.spacer())
