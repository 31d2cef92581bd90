"""The risk matrix: a grid drawn as vector graphics with its markers in their cells; the legend
of marker pills under it is laid out in `boxes`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from ...document.nodes import Matrix
from .drawing import draw_runs, fit_text, drawn_width
from .markup import clean
from .styles import PdfStyles

PILL_HEIGHT = 1.75  # a marker pill's height, in marker font sizes


@dataclass(frozen=True, slots=True)
class _Geometry:
    rows: int
    cols: int
    grid_left: float
    grid_w: float
    cell_w: float
    cell_h: float
    gap: float
    pill_h: float
    height: float
    row_label_w: float


class RiskMatrix(Flowable):
    """A likelihood × impact grid. Row 0 is the top row; colours come from the cells' roles.
    In a right-to-left brief the grid mirrors: row labels at the right, likelihood rising to
    the left. Its words are drawn as canvas lines (`draw_runs`: fallback, shaping, order)."""

    def __init__(self, styles: PdfStyles, matrix: Matrix):
        super().__init__()
        self.styles = styles
        self.matrix = matrix
        label, marker = styles.style.role("matrix.label"), styles.style.role("matrix.marker")
        self.font, self.size = styles.face("matrix.label"), label.size
        self.axis_font = styles.face("matrix.axis")
        self.marker_font, self.marker_size = styles.face("matrix.marker"), marker.size

    def _layout(self, avail_width: float) -> _Geometry:
        m, size = self.matrix, self.size
        rows = max(len(m.cells), 1)
        cols = max((len(r) for r in m.cells), default=1) or 1
        row_label_w = max([drawn_width(clean(t), self.font, size) for t in m.row_labels] + [0]) + 8
        grid_left = size * 2.2 + row_label_w
        grid_w = max(avail_width - grid_left, 60)
        cell_w = grid_w / cols
        bottom_labels = size * 3.6  # column labels and axis title
        limit = self.styles.page.frame_height * 0.95  # never taller than a frame
        # With very many risks the markers shrink until the grid fits a frame: they are vector
        # text, legible when zoomed, and the risk table carries the details.
        scale = 1.0
        if rows * self._cell_height(cell_w, 1.0) + bottom_labels > limit:
            low, high = 0.02, 1.0
            for _ in range(18):
                mid = (low + high) / 2
                low, high = ((mid, high) if rows * self._cell_height(cell_w, mid) + bottom_labels
                             <= limit else (low, mid))
            scale = low
        cell_h = min(self._cell_height(cell_w, scale), (limit - bottom_labels) / rows)
        return _Geometry(rows, cols, grid_left, grid_w, cell_w, cell_h, 2.0,
                         self.marker_size * PILL_HEIGHT * scale,
                         rows * cell_h + bottom_labels + size * 0.6, row_label_w)

    def _cell_height(self, cell_w: float, scale: float) -> float:
        pill_h = self.marker_size * PILL_HEIGHT * scale
        needed = max(cell_w * 0.5, self.marker_size * PILL_HEIGHT * 2.2)
        for row in self.matrix.cells:
            for cell in row:
                lines = len(self._lines(cell.markers, cell_w - 4, pill_h, self.marker_size * scale))
                if cell.markers:
                    needed = max(needed, lines * (pill_h + pill_h * 0.18) + pill_h)
        return needed

    def _lines(self, markers: tuple[str, ...], width: float, pill_h: float,
               size: float) -> list[list[tuple[str, float]]]:
        """Markers laid out in lines of pills that fit `width`."""
        gap = pill_h * 0.18
        lines: list[list[tuple[str, float]]] = [[]]
        used = 0.0
        for marker in markers:
            marker = fit_text(marker, self.marker_font, size, max(width - pill_h * 0.9, size))
            w = drawn_width(marker, self.marker_font, size) + pill_h * 0.9
            if lines[-1] and used + w + gap > width:
                lines.append([])
                used = 0.0
            lines[-1].append((marker, w))
            used += w + gap
        return lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._geo = self._layout(availWidth)
        self.width, self.height = availWidth, self._geo.height
        return self.width, self.height

    def _x(self, x: float, width: float = 0.0) -> float:
        """Where something drawn at `x` (`width` wide) left to right stands on this page."""
        return self.width - x - width if self.styles.right_to_left else x

    def _text(self, x: float, y: float, align: str, text: str, font: str, color: Any) -> None:
        if self.styles.right_to_left:
            x, align = self.width - x, {"left": "right", "right": "left"}.get(align, align)
        draw_runs(self.canv, x, y, align, [(text, font, color)], self.size)

    def draw(self) -> None:
        g, canv = self._geo, self.canv
        grid_top = self.height - self.size * 0.3
        canv.saveState()
        for r, row in enumerate(self.matrix.cells):
            for c, cell in enumerate(row):
                x = self._x(g.grid_left + c * g.cell_w, g.cell_w)
                y = grid_top - (r + 1) * g.cell_h
                level = self.styles.style.level_or_neutral(cell.role)
                canv.setFillColor(self.styles.color(level.background))
                canv.roundRect(x + g.gap / 2, y + g.gap / 2, g.cell_w - g.gap, g.cell_h - g.gap,
                               2.5, stroke=0, fill=1)
                self._draw_markers(cell.markers, cell.role, x + g.gap, y + g.gap / 2,
                                   g.cell_w - 2 * g.gap, g.cell_h - g.gap)
        self._draw_labels(grid_top)
        canv.restoreState()

    def _draw_labels(self, grid_top: float) -> None:
        g, canv, m, size = self._geo, self.canv, self.matrix, self.size
        style = self.styles.style
        ink = self.styles.color(style.role("matrix.label").color)
        for r, label in enumerate(m.row_labels[:g.rows]):
            y = grid_top - (r + 0.5) * g.cell_h - size * 0.35
            self._text(g.grid_left - 6, y, "right",
                       fit_text(label, self.font, size, g.row_label_w), self.font, ink)
        grid_bottom = grid_top - g.rows * g.cell_h
        for c, label in enumerate(m.column_labels[:g.cols]):
            x = g.grid_left + (c + 0.5) * g.cell_w
            self._text(x, grid_bottom - size * 1.35, "center",
                       fit_text(label, self.font, size, g.cell_w - 4), self.font, ink)
        axis_ink = self.styles.color(style.role("matrix.axis").color)
        mid_x = self._x(g.grid_left + g.grid_w / 2)
        self._axis_title(m.column_axis, mid_x, grid_bottom - size * 3.1, g.grid_w * 0.6,
                         axis_ink)
        canv.saveState()
        if self.styles.right_to_left:  # the title reads down the right edge, facing the grid
            canv.translate(self.width - size * 0.9, grid_top - g.rows * g.cell_h / 2)
            canv.rotate(-90)
        else:
            canv.translate(size * 0.9, grid_top - g.rows * g.cell_h / 2)
            canv.rotate(90)
        self._axis_title(m.row_axis, 0, 0, g.rows * g.cell_h * 0.6, axis_ink,
                         rising=-1 if self.styles.right_to_left else 1)
        canv.restoreState()

    def _axis_title(self, text: str, x: float, y: float, width: float, color: Any,
                    rising: int = 0) -> None:
        """An axis title centred at (x, y), with an arrow after it pointing up the scale
        (`rising`: +1 to the right of the title, -1 to its left; 0: the brief's direction)."""
        canv, size = self.canv, self.size
        title = fit_text(text, self.axis_font, size, width)
        draw_runs(canv, x, y, "center", [(title, self.axis_font, color)], size)
        rising = rising or (-1 if self.styles.right_to_left else 1)
        half = drawn_width(title, self.axis_font, size) / 2 + 6
        start = x + rising * half
        end, mid = start + rising * size * 3.2, y + size * 0.32
        canv.saveState()
        ink = self.styles.color(self.styles.style.role("matrix.label").color)
        canv.setStrokeColor(ink)
        canv.setFillColor(ink)
        canv.setLineWidth(0.8)
        canv.line(start, mid, end - rising * 2, mid)
        path = canv.beginPath()
        path.moveTo(end, mid)
        path.lineTo(end - rising * 4.2, mid + 2.3)
        path.lineTo(end - rising * 4.2, mid - 2.3)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()

    def _draw_markers(self, markers: tuple[str, ...], role: str, x: float, y: float,
                      width: float, height: float) -> None:
        if not markers:
            return
        g = self._geo
        pill_h = g.pill_h
        size = self.marker_size * (pill_h / (self.marker_size * PILL_HEIGHT))
        gap = pill_h * 0.18
        fill, ink = pill_colors(self.styles, role)
        lines = self._lines(markers, width, pill_h, size)
        block_h = len(lines) * (pill_h + gap) - gap
        line_y = y + height / 2 + block_h / 2 - pill_h
        for line in lines:
            px = x + (width - (sum(w for _, w in line) + gap * (len(line) - 1))) / 2
            for marker, w in line:
                draw_pill(self.canv, marker, px, line_y, w, pill_h, self.marker_font, size,
                          fill, ink)
                px += w + gap
            line_y -= pill_h + gap


def pill_colors(styles: PdfStyles, role: str) -> tuple[Any, Any]:
    """A marker pill's fill and ink in its cell (`Style.marker`: the cell's colours reversed)."""
    pill = styles.style.marker(role)
    return styles.color(pill.background), styles.color(pill.text)


def legend_colors(styles: PdfStyles, role: str) -> tuple[Any, Any]:
    """A marker pill's fill and ink in the legend, on the page: its cell's own colours."""
    level = styles.style.level_or_neutral(role)
    return styles.color(level.background), styles.color(level.text)


def draw_pill(canv: Any, text: str, x: float, y: float, width: float, height: float,
              font: str, size: float, fill: Any, ink: Any) -> None:
    canv.setFillColor(fill)
    canv.roundRect(x, y, width, height, height / 2, stroke=0, fill=1)
    draw_runs(canv, x + width / 2, y + height / 2 - size * 0.35, "center",
              [(clean(text), font, ink)], size)


class MarkerPill(Flowable):
    """A risk marker such as "R1" on its severity colour, for the matrix legend."""

    def __init__(self, text: str, font: str, size: float, fill: Any, ink: Any):
        super().__init__()
        self.text = clean(text)
        self.font, self.size, self.fill, self.ink = font, size, fill, ink
        self.pill_h = size * PILL_HEIGHT
        self.width = drawn_width(self.text, font, size) + self.pill_h * 0.9
        self.height = self.pill_h

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_pill(self.canv, self.text, 0, 0, self.width, self.pill_h, self.font, self.size,
                  self.fill, self.ink)
