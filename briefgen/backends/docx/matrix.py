"""The risk matrix as a Word table: the grid with its markers, axis titles and labels, and the
legend under it, kept on one page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...document.nodes import Matrix
from .tables import NO_BORDERS, cell_xml, margins, row_xml, table_xml
from .xml import border, text_runs, twips, word_color

if TYPE_CHECKING:
    from .translator import DocxTranslator, Place

NONE = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))
MARKER_GAP = "\u2002"  # an en space between the markers of one cell


def matrix(t: DocxTranslator, block: Matrix, place: Place) -> str:
    out = t.pending_break()
    t.keep_together = True
    try:
        return out + _matrix(t, block, place)
    finally:
        t.keep_together = False


def _matrix(t: DocxTranslator, block: Matrix, place: Place) -> str:
    n_cols = max((len(r) for r in block.cells), default=0)
    if not n_cols and not block.title and not block.legend:
        return ""
    out = []
    if block.title:
        out.append(t.paragraph_xml(t.sid("Box Title"), text_runs(block.title)))
    if n_cols:  # no grid to draw: what else the matrix says still shows
        body = t.style.role("body").size
        axis_w, label_w = twips(body * 2.6), twips(body * 7)
        cell_w = (min(place.width, twips(body * 44)) - axis_w - label_w) // n_cols
        widths = [axis_w, label_w] + [cell_w] * n_cols
        rows = [_grid_row(t, block, r, widths) for r in range(len(block.cells))]
        rows += _label_rows(t, block, widths)
        out.append(table_xml(widths, rows, borders=NO_BORDERS, look_first_row=False,
                             cell_margins=margins(2, 4, 2, 4),
                             caption=block.title or t.last_heading))
    if block.legend:
        out.append(t.spacer())
        marker = t.inline.props(bold=t.style.role("matrix.marker").bold)
        for index, key in enumerate(block.legend):
            t.keep_together = index < len(block.legend) - 1
            out.append(t.paragraph_xml(t.sid("Legend"), text_runs(key.marker, marker)
                                       + "<w:r><w:tab/></w:r>" + text_runs(key.label)))
    out.append(t.spacer(t.style.box("risk-matrix").space_after))
    return "".join(out)


def _grid_row(t: DocxTranslator, block: Matrix, r: int, widths: list[int]) -> str:
    axis_w, label_w, cell_w = widths[0], widths[1], widths[2]
    axis_style, label_style = t.sid("Matrix Axis"), t.sid("Matrix Label")
    rule = word_color(t.style.color("rule"))
    grid = "".join(border(side, rule, 0.5) for side in ("top", "left", "bottom", "right"))
    if r == 0:
        axis = t.paragraph_xml(axis_style, text_runs(block.row_axis), jc="center", after=0)
        row = [cell_xml(axis, axis_w, vmerge="restart", direction="btLr", valign="center",
                        borders=NONE)]
    else:
        row = [cell_xml(t.paragraph_xml(label_style, "", after=0), axis_w, vmerge="",
                        borders=NONE)]
    label = block.row_labels[r] if r < len(block.row_labels) else ""
    row.append(cell_xml(t.paragraph_xml(label_style, text_runs(label), jc="right", after=0),
                        label_w, valign="center", borders=NONE))
    cells = block.cells[r]
    for c in range(len(widths) - 2):
        cell = cells[c] if c < len(cells) else None
        fill, color = t.level_colors(cell.role if cell else "")
        markers = MARKER_GAP.join(cell.markers) if cell else ""
        text = t.paragraph_xml(t.sid("Matrix Marker"), text_runs(markers, t.inline.props(
            color=color or word_color(t.style.neutral.text))), jc="center", after=0)
        row.append(cell_xml(text, cell_w, fill=fill, valign="center", borders=grid))
    return row_xml(row, height=twips(t.style.role("body").size * 3.6))


def _label_rows(t: DocxTranslator, block: Matrix, widths: list[int]) -> list[str]:
    axis_w, label_w, cell_w = widths[0], widths[1], widths[2]
    n_cols = len(widths) - 2
    axis_style, label_style = t.sid("Matrix Axis"), t.sid("Matrix Label")
    labels = [cell_xml(t.paragraph_xml(label_style, "", after=0), w, borders=NONE)
              for w in (axis_w, label_w)]
    for c in range(n_cols):
        label = block.column_labels[c] if c < len(block.column_labels) else ""
        labels.append(cell_xml(t.paragraph_xml(label_style, text_runs(label), jc="center"),
                               cell_w, borders=NONE))
    axis_row = [cell_xml(t.paragraph_xml(label_style, "", after=0), axis_w + label_w, span=2,
                         borders=NONE),
                cell_xml(t.paragraph_xml(axis_style, text_runs(block.column_axis), jc="center",
                                         after=0), cell_w * n_cols, span=n_cols, borders=NONE)]
    return [row_xml(labels), row_xml(axis_row)]
