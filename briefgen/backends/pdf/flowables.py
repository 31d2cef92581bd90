"""The PDF backend's own flowables and canvas: cover, headings with bookmarks, table-of-contents
entries, the risk matrix, and a canvas that fills in page numbers once the last page is known.

Numbers that are only known at the end ("Page 3 of 12", a contents entry's page) are drawn as
PDF form XObjects: a page refers to the form when it is laid out, and the form itself is written
after the last page. So the document is laid out exactly once, however long it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from .pdf_markup import clean, with_fallback

ELLIPSIS = "…"


class MemoParagraph(Paragraph):
    """A Paragraph that remembers its last wrap: its height depends only on the width.

    Tables and frames wrap the same paragraph many times (a table split across pages re-wraps
    every remaining cell on each page); remembering the answer keeps long tables linear.
    """

    _memo = None

    def __init__(self, text, style=None, *args, **kwargs):
        if isinstance(text, str) and style is not None:
            text = with_fallback(text, style.fontName)  # letters the style's fonts lack
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth, availHeight):
        memo = self._memo
        if memo is not None and memo[0] == availWidth and memo[1] is getattr(self, "blPara", None):
            return memo[2]
        result = Paragraph.wrap(self, availWidth, availHeight)
        self._memo = (availWidth, getattr(self, "blPara", None), result)
        return result


class SplittingTable(Table):
    """A Table that always manages to break across pages when it is taller than a page.

    ReportLab splits inside a row (`splitInRow`) only if both pieces keep that much height; a
    row a little taller than the page fails that test at the top of a page and the layout stops.
    Then the split is tried again lower down, so that the rest keeps its minimum. If no split
    works at all and the table is taller than a page (`frame_height`), its content flows on
    without the table around it, so that no text is lost.
    """

    frame_height = 0.0

    def split(self, availWidth, availHeight):
        parts = Table.split(self, availWidth, availHeight)
        if parts or not self.splitInRow:
            return self._adopt(parts)
        height = self._height  # set by Table.split
        if height <= availHeight:
            return parts
        least = self.splitInRow
        lower = min(availHeight, height - least) - 1
        for _ in range(4):
            if lower < least:
                break
            parts = Table.split(self, availWidth, lower)
            if parts:
                return self._adopt(parts)
            lower = lower * 0.6
        # Last resort, only where a frame lays the table out (a table in a cell must split in
        # two) and only at the top of a page (elsewhere the next page may do better).
        at_top = self.frame_height and availHeight >= self.frame_height * 0.9
        if at_top and height > self.frame_height and getattr(self, "canv", None) is not None:
            content = self.unboxed()
            if content:  # a first piece that surely fits, then the content flows on by itself
                return [Spacer(0, 0), *content]
        return []

    def _adopt(self, parts: list) -> list:
        for part in parts:
            if isinstance(part, SplittingTable):
                part.frame_height = self.frame_height
        return parts

    def unboxed(self) -> list:
        """The table's content as plain flowables, row by row, cell by cell."""
        out: list = []
        for row in self._cellvalues:
            for value in row:
                if isinstance(value, (list, tuple)):
                    out.extend(value)
                elif isinstance(value, Flowable):
                    out.append(value)
        return out


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """`text` shortened with an ellipsis so that it fits `width` (one line, canvas text)."""
    text = " ".join(clean(text).split())
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid].rstrip() + ELLIPSIS, font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return (text[:low].rstrip() + ELLIPSIS) if low else ""


# --- late numbers ---------------------------------------------------------------------------


@dataclass(slots=True)
class _LateText:
    """Text drawn into a form XObject at the end, when the page count is known."""

    name: str
    bbox: tuple[float, float, float, float]
    x: float
    y: float
    align: str  # left | center | right
    font: str
    size: float
    color: object
    make: object  # callable(total_pages, pages_by_destination) -> str
    max_width: float = 0.0


@dataclass
class Marks:
    """What a layout pass records: destinations' pages, the outline, and late texts."""

    pages: dict[str, int] = field(default_factory=dict)  # destination → page number
    late: list[_LateText] = field(default_factory=list)
    outline_level: int = -1
    _names: int = 0

    def form_name(self, prefix: str) -> str:
        self._names += 1
        return f"{prefix}{self._names}"

    def heading(self, canv, dest: str, title: str, level: int, top: float) -> None:
        """Bookmark a heading at its top edge and add it to the outline (levels 1 and 2)."""
        canv.bookmarkHorizontal(dest, 0, top)
        self.pages.setdefault(dest, canv.getPageNumber())
        if level in (1, 2):
            outline = min(level - 1, self.outline_level + 1)
            canv.addOutlineEntry(title, dest, level=outline, closed=False)
            self.outline_level = outline

    def late_text(self, canv, item: _LateText) -> None:
        self.late.append(item)
        canv.doForm(item.name)

    def finish(self, canv, total: int) -> None:
        """Write every late form, now that all pages are known."""
        for item in self.late:
            text = item.make(total, self.pages)
            canv.beginForm(item.name, *item.bbox)
            canv.setFont(item.font, item.size)
            canv.setFillColor(item.color)
            if item.max_width:
                text = fit_text(text, item.font, item.size, item.max_width)
            if item.align == "right":
                canv.drawRightString(item.x, item.y, text)
            elif item.align == "center":
                canv.drawCentredString(item.x, item.y, text)
            else:
                canv.drawString(item.x, item.y, text)
            canv.endForm()


class BriefCanvas(Canvas):
    """A canvas with a fixed timestamp that writes the late forms before saving."""

    def __init__(self, *args, epoch: int, marks: Marks, **kwargs):
        super().__init__(*args, **kwargs)
        stamp = TimeStamp(1)
        stamp.t = epoch
        stamp.lt = time.gmtime(epoch)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0
        stamp.tzname = "UTC"
        self._doc._timeStamp = stamp
        self._marks = marks
        self._pages_done = 0
        self.showOutline()  # open with the bookmarks panel

    def showPage(self):
        if self._pages_done == 0:
            self._first_page = self._doc.thisPageRef()
        self._pages_done += 1
        super().showPage()

    def save(self):
        self._marks.finish(self, self._pages_done)
        # A link whose target never reached the page (content the layout could not show)
        # would make ReportLab refuse the whole file: point it at the first page instead.
        for dest in self._destinations.values():
            if dest.fmt is None and self._pages_done:
                dest.fit()
                dest.setPage(self._first_page)
        super().save()


# --- headings and contents ---------------------------------------------------------------


class HeadingBlock(Flowable):
    """A heading paragraph that bookmarks itself, joins the outline, and may carry a rule."""

    def __init__(self, para: Paragraph, marks: Marks, dest: str, title: str, level: int, *,
                 rule=None, frame_height: float = 0.0):
        super().__init__()
        self.para = para
        self.marks = marks
        self.dest = dest
        self.title = title
        self.level = level
        self.rule = rule  # (rule colour, accent colour, gap, accent length, weight) or None
        self.frame_height = frame_height
        self._rule_space = (rule[2] + rule[4]) if rule else 0.0

    def wrap(self, availWidth, availHeight):
        _, h = self.para.wrap(availWidth, availHeight)
        self.width = availWidth
        self.height = h + self._rule_space
        return self.width, self.height

    def getSpaceBefore(self):
        return self.para.getSpaceBefore()

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def split(self, availWidth, availHeight):
        # Only a heading taller than a whole frame may break; otherwise it moves on whole.
        if availHeight < self.frame_height * 0.8:
            return []
        parts = self.para.split(availWidth, availHeight - self._rule_space)
        if not parts:
            return []
        first = HeadingBlock(parts[0], self.marks, self.dest, self.title, self.level,
                             rule=self.rule, frame_height=self.frame_height)
        return [first, *parts[1:]]

    def draw(self):
        canv = self.canv
        self.marks.heading(canv, self.dest, self.title, self.level, self.height)
        self.para.drawOn(canv, 0, self._rule_space)
        if self.rule:
            rule_color, accent_color, gap, accent_length, weight = self.rule
            canv.saveState()
            canv.setFillColor(rule_color)
            canv.rect(0, 0, self.width, weight * 0.35, stroke=0, fill=1)
            canv.setFillColor(accent_color)
            canv.rect(0, 0, min(accent_length, self.width), weight, stroke=0, fill=1)
            canv.restoreState()


class TocEntry(Flowable):
    """One contents line: linked title, dotted leader, and its page number (filled in late)."""

    def __init__(self, para: Paragraph, dest: str, marks: Marks, *, indent: float,
                 number_font: str, number_size: float, number_color, leader_color):
        super().__init__()
        self.para = para
        self.dest = dest
        self.marks = marks
        self.indent = indent
        self.number_font = number_font
        self.number_size = number_size
        self.number_color = number_color
        self.leader_color = leader_color
        self.number_box = stringWidth("0000", number_font, number_size)

    def wrap(self, availWidth, availHeight):
        width = max(availWidth - self.indent - self.number_box - 6, 36)
        _, h = self.para.wrap(width, availHeight)
        self.width, self.height = availWidth, h
        return availWidth, h

    def getSpaceBefore(self):
        return self.para.getSpaceBefore()

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        canv, para = self.canv, self.para
        para.drawOn(canv, self.indent, 0)
        lines = para.blPara.lines
        last = lines[-1]
        extra = last.extraSpace if para.blPara.kind else last[0]
        text_end = self.indent + para.width - extra
        style = para.style
        ascent = getattr(para.blPara, "ascent", style.fontSize)
        baseline = self.height - ascent - (len(lines) - 1) * style.leading
        leader_start = text_end + 5
        leader_end = self.width - self.number_box - 2
        if leader_end - leader_start > 8:
            canv.saveState()
            canv.setStrokeColor(self.leader_color)
            canv.setLineWidth(0.9)
            canv.setLineCap(1)
            canv.setDash([0.01, 3.2])
            canv.line(leader_start, baseline + 1, leader_end, baseline + 1)
            canv.restoreState()
        canv.saveState()
        canv.translate(self.width, baseline)
        dest = self.dest
        size = self.number_size
        self.marks.late_text(canv, _LateText(
            name=self.marks.form_name("TocPage"),
            bbox=(-self.number_box - 4, -size, 2, size * 1.6),
            x=0, y=0, align="right", font=self.number_font, size=size, color=self.number_color,
            make=lambda total, pages: str(pages.get(dest, "")),
        ))
        canv.restoreState()
        canv.linkRect("", dest, (0, 0, self.width, self.height), relative=1, thickness=0)


# --- cover ----------------------------------------------------------------------------------


class CoverBlock(Flowable):
    """The title block. On its own page it fills the frame; otherwise it is a compact block at
    the top of page 1. The band, banner and rules reach the page edges.

    `paras` holds styled paragraphs: kicker (organization, above the title), title, subtitle,
    byline (date, authors). Styles (band, plain, rule) follow the template's `cover.style`.
    """

    KEYS = ("kicker", "title", "subtitle", "date", "byline")

    def __init__(self, look, paras: dict, *, own_page: bool, style: str, classification: str,
                 band_color, logo=None, logo_width: float = 0.0, fallback: dict | None = None):
        super().__init__()
        self.look = look
        self.paras = {k: v for k, v in paras.items() if v is not None}
        # the same texts styled for a plain page, used when the designed block cannot fit
        fallback = fallback or self.paras
        self.fallback = [fallback[k] for k in self.KEYS if fallback.get(k) is not None]
        self.own_page = own_page
        self.style = style if style in ("band", "plain", "rule") else "band"
        self.classification = " ".join(clean(classification).split())
        self.band_color = band_color
        self.logo = logo  # an ImageReader, or None
        self.logo_width = logo_width
        self.unit = look.size_body

    def _logo_size(self) -> tuple[float, float]:
        if self.logo is None:
            return 0.0, 0.0
        iw, ih = self.logo.getSize()
        width = min(self.logo_width, self.look.frame_width * 0.4)
        height = width * ih / iw if iw else 0.0
        max_height = self.look.page_height * 0.1
        if height > max_height:
            width, height = width * max_height / height, max_height
        return width, height

    def _h(self, key: str, width: float) -> float:
        para = self.paras.get(key)
        return para.wrap(width, 100_000)[1] if para is not None else 0.0

    def _stack(self, width: float) -> float:
        """Height of subtitle + title (+ the gap with its accent rule)."""
        height = self._h("title", width) + self._h("subtitle", width)
        if "subtitle" in self.paras and "title" in self.paras:
            height += self.unit * 1.6
        return height

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        u = self.unit
        logo_w, logo_h = self._logo_size()
        text_w = availWidth - (logo_w + u if logo_w else 0)
        self._byline_h = self._h("byline", text_w)
        self._date_h = self._h("date", text_w)
        stack = self._stack(availWidth)
        kicker = self._h("kicker", availWidth)
        if self.own_page:
            self.height = availHeight
            need = kicker + stack + max(self._date_h + self._byline_h, logo_h) + u * 14
        else:
            self._inside = stack + u * 2.0  # band part below the frame top
            self.height = self._inside + u * 1.4 + max(self._byline_h, logo_h) + u * 1.2
            need = self.height
        self._plain = need > availHeight  # enormous texts: fall back to plain paragraphs
        if self._plain:
            self.height = sum(p.wrap(availWidth, 1e6)[1] + u * 0.6 for p in self.fallback)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        from reportlab.platypus import Spacer

        out = []
        for para in self.fallback:
            out += [para, Spacer(0, self.unit * 0.6)]
        return out

    def draw(self):
        canv, look, u = self.canv, self.look, self.unit
        width = self.width
        if self._plain:
            y = self.height
            for para in self.fallback:
                y -= para.wrap(width, 1e6)[1]
                para.drawOn(canv, 0, y)
                y -= u * 0.6
            return
        x0, y0 = canv.absolutePosition(0, 0)
        left, top = -x0, look.page_height - y0  # the page's left and top edges, locally
        page_w = look.page_width
        banner = look.size_small * 2.5 if self.classification else 0.0
        stack = self._stack(width)
        if self.own_page:
            band_bottom = min(look.page_height * 0.44 - y0,
                              top - banner - look.margin["top"] - self._h("kicker", width)
                              - stack - u * 6)
            stack_bottom = band_bottom + u * 3.2
        else:
            band_bottom = self.height - self._inside
            stack_bottom = band_bottom + u * 1.7
        # where each piece goes: subtitle, accent rule and title stack up from stack_bottom
        place: dict[str, float] = {}
        y = stack_bottom
        rule_y = None
        if "subtitle" in self.paras:
            place["subtitle"] = y
            y += self._h("subtitle", width)
            if "title" in self.paras:
                rule_y = y + u * 0.65
                y += u * 1.6
        if "title" in self.paras:
            place["title"] = y
            y += self._h("title", width)
        stack_top = y
        logo_w, logo_h = self._logo_size()
        if self.own_page:
            y = 0.0
            if "byline" in self.paras:
                place["byline"] = y
                y += self._byline_h + u * 0.3
            if "date" in self.paras:
                place["date"] = y
                y += self._date_h
            foot_rule = y + u * 0.9 if y else None
            if "kicker" in self.paras:
                kicker_top = top - banner - look.margin["top"] * 0.9
                place["kicker"] = kicker_top - self._h("kicker", width)
            logo_xy = (width - logo_w, 0.0)
        else:
            below = band_bottom - u * 1.4
            if "byline" in self.paras:
                place["byline"] = below - self._byline_h
            foot_rule = None
            logo_xy = (width - logo_w, below - logo_h)

        canv.saveState()
        if self.style == "band":
            canv.setFillColor(self.band_color)
            canv.rect(left, band_bottom, page_w, top - band_bottom, stroke=0, fill=1)
        accent = look.color("accent")
        canv.setFillColor(accent)
        if self.style == "rule":
            canv.rect(0, stack_top + u * 1.0, width, u * 0.35, stroke=0, fill=1)
        if rule_y is not None:
            canv.rect(0, rule_y, u * 4.2, u * 0.3, stroke=0, fill=1)
        if foot_rule is not None:
            canv.rect(0, foot_rule, u * 4.2, u * 0.3, stroke=0, fill=1)
        if self.style != "band":
            canv.setStrokeColor(look.color("rule"))
            canv.setLineWidth(0.6)
            line_y = band_bottom if self.own_page else 0.0
            canv.line(0, line_y, width, line_y)
        # text in reading order, so that extracted text reads title first
        for key in ("kicker", "title", "subtitle", "date", "byline"):
            if key in place:
                self.paras[key].drawOn(canv, 0, place[key])
        if self.logo is not None:
            canv.drawImage(self.logo, logo_xy[0], logo_xy[1], logo_w, logo_h, mask="auto")
        if banner:
            canv.setFillColor(accent)
            canv.rect(left, top - banner, page_w, banner, stroke=0, fill=1)
            size, font = look.size_small, look.heading.bold
            canv.setFillColor(look.color("on_primary"))
            canv.setFont(font, size)
            label = fit_text(self.classification.upper(), font, size,
                             page_w - 2 * look.margin["left"])
            canv.drawCentredString(left + page_w / 2, top - banner / 2 - size * 0.35, label)
        canv.restoreState()


# --- risk matrix ----------------------------------------------------------------------------


class RiskMatrix(Flowable):
    """A likelihood × impact grid drawn as vector graphics, with markers placed in their cells.

    Row 0 is the top row. Labels, axis titles and markers come from the Matrix node; colours
    from the cells' roles through the theme.
    """

    def __init__(self, look, matrix, width_share: float = 1.0):
        super().__init__()
        self.look = look
        self.matrix = matrix
        self.width_share = width_share
        self.font = look.heading.regular
        self.bold = look.heading.bold
        self.size = look.size_small
        self.marker_size = look.size_small * 0.95

    def _layout(self, availWidth, availHeight):
        m = self.matrix
        rows = max(len(m.cells), 1)
        cols = max((len(r) for r in m.cells), default=1) or 1
        size = self.size
        row_label_w = max([stringWidth(clean(t), self.font, size) for t in m.row_labels] + [0]) + 8
        axis_w = size * 2.2
        grid_left = axis_w + row_label_w
        grid_w = max(availWidth * self.width_share - grid_left, 60)
        cell_w = grid_w / cols
        gap = 2.0
        bottom_labels = size * 1.6 + size * 2.0  # column labels + axis title
        limit = self.look.frame_height * 0.95  # never taller than a frame

        def cell_height(scale: float) -> float:
            pill_h = self.marker_size * 1.75 * scale
            needed = max(cell_w * 0.5, self.marker_size * 1.75 * 2.2)
            for row in m.cells:
                for cell in row:
                    needed = max(needed, self._cell_height(cell.markers, cell_w - 2 * gap, pill_h,
                                                           self.marker_size * scale))
            return needed

        # With very many risks the markers shrink until the grid fits a frame: they are vector
        # text, legible when zoomed, and the risk table carries the details.
        scale = 1.0
        if rows * cell_height(1.0) + bottom_labels > limit:
            low, high = 0.02, 1.0
            for _ in range(18):
                mid = (low + high) / 2
                if rows * cell_height(mid) + bottom_labels <= limit:
                    low = mid
                else:
                    high = mid
            scale = low
        cell_h = min(cell_height(scale), (limit - bottom_labels) / rows)
        height = rows * cell_h + bottom_labels + size * 0.6
        return dict(rows=rows, cols=cols, grid_left=grid_left, grid_w=grid_w, cell_w=cell_w,
                    cell_h=cell_h, gap=gap, pill_h=self.marker_size * 1.75 * scale,
                    height=height, bottom=bottom_labels, scale=scale, row_label_w=row_label_w,
                    axis_w=axis_w)

    def _pill_width(self, text: str, pill_h: float, size: float | None = None) -> float:
        size = size or self.marker_size
        return stringWidth(clean(text), self.bold, size) + pill_h * 0.9

    def _cell_height(self, markers, width, pill_h, size) -> float:
        if not markers:
            return 0.0
        gap = pill_h * 0.18
        lines, x = 1, 0.0
        for marker in markers:
            w = self._pill_width(marker, pill_h, size) + gap
            if x and x + w > width:
                lines += 1
                x = 0.0
            x += w
        return lines * (pill_h + gap) + pill_h

    def wrap(self, availWidth, availHeight):
        self._geo = self._layout(availWidth, availHeight)
        self.width = availWidth
        self.height = self._geo["height"]
        return self.width, self.height

    def draw(self):
        canv, look, m, g = self.canv, self.look, self.matrix, self._geo
        size = self.size
        top = self.height
        grid_left, cell_w, cell_h, gap = g["grid_left"], g["cell_w"], g["cell_h"], g["gap"]
        grid_top = top - size * 0.3
        rows, cols = g["rows"], g["cols"]
        canv.saveState()
        muted = look.color("muted")
        text = look.color("text")
        # cells
        for r, row in enumerate(m.cells):
            for c, cell in enumerate(row):
                x = grid_left + c * cell_w
                y = grid_top - (r + 1) * cell_h
                colors_ = look.level_colors(cell.role)
                canv.setFillColor(look.color(colors_[0] if colors_ else "panel"))
                canv.roundRect(x + gap / 2, y + gap / 2, cell_w - gap, cell_h - gap, 2.5,
                               stroke=0, fill=1)
                self._draw_markers(canv, cell, x + gap, y + gap / 2, cell_w - 2 * gap,
                                   cell_h - gap, g)
        # row labels and axis title
        canv.setFont(self.font, size)
        canv.setFillColor(text)
        for r, label in enumerate(m.row_labels[:rows]):
            y = grid_top - (r + 0.5) * cell_h - size * 0.35
            canv.drawRightString(grid_left - 6, y,
                                 fit_text(label, self.font, size, g["row_label_w"]))
        grid_bottom = grid_top - rows * cell_h
        for c, label in enumerate(m.column_labels[:cols]):
            x = grid_left + (c + 0.5) * cell_w
            canv.drawCentredString(x, grid_bottom - size * 1.35,
                                   fit_text(label, self.font, size, cell_w - 4))
        canv.setFont(self.bold, size)
        canv.setFillColor(look.color("primary"))
        axis_y = grid_bottom - size * 3.1
        column_axis = fit_text(m.column_axis, self.bold, size, g["grid_w"] * 0.6)
        mid_x = grid_left + g["grid_w"] / 2
        canv.drawCentredString(mid_x, axis_y, column_axis)
        half = stringWidth(column_axis, self.bold, size) / 2
        self._arrow(canv, mid_x + half + 6, axis_y + size * 0.32, mid_x + half + 6 + size * 3.2,
                    axis_y + size * 0.32, muted)
        canv.saveState()
        axis_x = size * 0.9
        mid_y = grid_top - rows * cell_h / 2
        canv.translate(axis_x, mid_y)
        canv.rotate(90)
        row_axis = fit_text(m.row_axis, self.bold, size, rows * cell_h * 0.6)
        canv.drawCentredString(0, 0, row_axis)
        half = stringWidth(row_axis, self.bold, size) / 2
        self._arrow(canv, half + 6, size * 0.32, half + 6 + size * 3.2, size * 0.32, muted)
        canv.restoreState()
        canv.restoreState()

    def _arrow(self, canv, x1, y1, x2, y2, color):
        canv.saveState()
        canv.setStrokeColor(color)
        canv.setFillColor(color)
        canv.setLineWidth(0.8)
        canv.line(x1, y1, x2 - 2, y2)
        path = canv.beginPath()
        path.moveTo(x2, y2)
        path.lineTo(x2 - 4.2, y2 + 2.3)
        path.lineTo(x2 - 4.2, y2 - 2.3)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()

    def _draw_markers(self, canv, cell, x, y, width, height, g):
        if not cell.markers:
            return
        look = self.look
        colors_ = look.level_colors(cell.role)
        fill = look.color(colors_[1] if colors_ else "primary")
        ink = look.color(colors_[0] if colors_ else "on_primary")
        pill_h = g["pill_h"]
        size = self.marker_size * (pill_h / (self.marker_size * 1.75))
        gap = pill_h * 0.18
        # lay the pills out in centred lines
        lines: list[list[tuple[str, float]]] = [[]]
        used = 0.0
        for marker in cell.markers:
            w = self._pill_width(marker, pill_h, size)
            if lines[-1] and used + w + gap > width:
                lines.append([])
                used = 0.0
            lines[-1].append((marker, w))
            used += w + gap
        block_h = len(lines) * (pill_h + gap) - gap
        line_y = y + height / 2 + block_h / 2 - pill_h
        canv.setFont(self.bold, size)
        for line in lines:
            total = sum(w for _, w in line) + gap * (len(line) - 1)
            px = x + (width - total) / 2
            for marker, w in line:
                canv.setFillColor(fill)
                canv.roundRect(px, line_y, w, pill_h, pill_h / 2, stroke=0, fill=1)
                canv.setFillColor(ink)
                canv.drawCentredString(px + w / 2, line_y + pill_h / 2 - size * 0.35,
                                       clean(marker))
                px += w + gap
            line_y -= pill_h + gap


class MarkerPill(Flowable):
    """A risk marker such as "R1" on its severity colour, for the matrix legend."""

    def __init__(self, text: str, font: str, size: float, fill, ink):
        super().__init__()
        self.text = clean(text)
        self.font, self.size, self.fill, self.ink = font, size, fill, ink
        self.pill_h = size * 1.75
        self.width = stringWidth(self.text, font, size) + self.pill_h * 0.9
        self.height = self.pill_h

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.setFillColor(self.fill)
        canv.roundRect(0, 0, self.width, self.pill_h, self.pill_h / 2, stroke=0, fill=1)
        canv.setFillColor(self.ink)
        canv.setFont(self.font, self.size)
        canv.drawCentredString(self.width / 2, self.pill_h / 2 - self.size * 0.35, self.text)
