"""The risk matrix as Word tables: the grid with its markers, axis titles and labels across the
column, and the legend under it in columns, kept on one page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...document.nodes import Matrix
from ...output.fonts import text_width
from ...output.legend import column_order, legend_columns
from .tables import NO_BORDERS, cell_xml, margins, row_xml, table_xml
from .xml import border, text_runs, twips, word_color

if TYPE_CHECKING:
    from .translator import DocxTranslator, Place

NONE = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))
MARKER_GAP = "\u2002"  # an en space between the markers of one cell
CELL_GAP = 2.0  # points of white between the grid's cells, as in the PDF
# a legend marker's cell: white above and below, so that markers one under the other part
SPACED = "".join(border(side, "FFFFFF", CELL_GAP) if side in ("top", "bottom")
                 else f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))


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
        cell_w = (place.width - axis_w - label_w) // n_cols
        widths = [axis_w, label_w] + [cell_w] * n_cols
        rows = [_grid_row(t, block, r, widths) for r in range(len(block.cells))]
        rows += _label_rows(t, block, widths)
        out.append(table_xml(widths, rows, borders=NO_BORDERS, look_first_row=False,
                             cell_margins=margins(2, 4, 2, 4),
                             caption=block.title or t.last_heading))
    if block.legend:
        out.append(t.spacer())
        out.append(_legend(t, block, place.width))
    t.keep_together = False  # the space after the matrix holds it to nothing that follows
    out.append(t.spacer(t.style.box("risk-matrix").space_after))
    return "".join(out)


def _grid_row(t: DocxTranslator, block: Matrix, r: int, widths: list[int]) -> str:
    axis_w, label_w, cell_w = widths[0], widths[1], widths[2]
    axis_style, label_style = t.sid("Matrix Axis"), t.sid("Matrix Label")
    grid = "".join(border(side, "FFFFFF", CELL_GAP) for side in ("top", "left", "bottom", "right"))
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
        runs = t.inline.plain(markers, color=color or word_color(t.style.neutral.text))
        text = t.paragraph_xml(t.sid("Matrix Marker"), runs, jc="center", after=0)
        row.append(cell_xml(text, cell_w, fill=fill, valign="center", borders=grid))
    return row_xml(row, height=twips(t.style.role("body").size * 4.4))


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


def _legend(t: DocxTranslator, block: Matrix, width: int) -> str:
    """Marker and label pairs read down each column, then across; each marker on its cell's
    colour, as the PDF's pills."""
    legend = block.legend
    columns = legend_columns(width / 20, len(legend))
    marker = t.style.role("matrix.marker")
    face = t.style.family(marker).face(marker.bold, marker.italic)
    widest = max(text_width(face, key.marker, marker.size) for key in legend)
    gap = twips(10) if columns > 1 else 0
    column_w = (width - gap * (columns - 1)) // columns
    marker_w = min(twips(widest + 10), column_w * 3 // 10)
    widths = [marker_w, column_w - marker_w]
    for _ in range(columns - 1):
        widths += [gap, marker_w, column_w - marker_w]
    rows = []
    order = column_order(len(legend), columns)
    for r, indexes in enumerate(order):
        t.keep_together = r < len(order) - 1
        cells = []
        for c, index in enumerate(indexes):
            if c:
                cells.append(cell_xml(t.paragraph_xml(t.sid("Legend"), "", after=0), gap,
                                      borders=NONE))
            key = legend[index] if index is not None else None
            fill, ink = t.level_colors(block.role_of(key.marker)) if key else ("", "")
            runs = t.inline.plain(key.marker, bold=marker.bold, color=ink) if key else ""
            cells.append(cell_xml(t.paragraph_xml(t.sid("Legend"), runs, jc="center", after=0,
                                                  left=0, hanging=0),
                                  marker_w, fill=fill, valign="center", borders=SPACED))
            label = text_runs(key.label) if key else ""
            cells.append(cell_xml(t.paragraph_xml(t.sid("Legend"), label, after=0, left=0,
                                                  hanging=0),
                                  column_w - marker_w, valign="center", borders=NONE))
        rows.append(row_xml(cells))
    return table_xml(widths, rows, borders=NO_BORDERS, look_first_row=False,
                     cell_margins=margins(1.5, 4, 1.5, 4))
