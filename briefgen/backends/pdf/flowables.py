"""The PDF backend's own flowables: paragraphs that remember their wrap, tables that always
split, headings that bookmark themselves, and contents entries with late page numbers."""

from __future__ import annotations

import weakref
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table
from reportlab.platypus.paragraph import _handleBulletWidth

from ...output.scripts import has_right_to_left, needs_shaping
from .bidi import visual_line
from .fallback import with_fallback
from .late import LateText, Marks
from .shaping import logical


class MemoParagraph(Paragraph):
    """A Paragraph that remembers its last wrap: its height depends only on the width.

    Tables and frames wrap the same paragraph many times (a table split across pages re-wraps
    every remaining cell on each page); remembering the answer keeps long tables linear.

    A paragraph in a script that must be shaped is set with ReportLab's shaping (HarfBuzz), and
    one with right-to-left text is drawn with each line's words in visual order.
    """

    _memo = None

    def __init__(self, text, style=None, *args, **kwargs):
        if isinstance(text, str) and style is not None:
            text = with_fallback(text, style.fontName)  # letters the style's fonts lack
            if needs_shaping(text) or getattr(style, "right_to_left", False):
                style = shaped_style(style, bidi=has_right_to_left(text))
        super().__init__(text, style, *args, **kwargs)

    def drawPara(self, debug=0):
        style: Any = getattr(self, "style")  # noqa: B009 (ReportLab's attribute)
        if not getattr(style, "bidi", False):
            return Paragraph.drawPara(self, debug)
        rtl = getattr(style, "right_to_left", False)
        logical_lines = getattr(self, "blPara")  # noqa: B009 (set by ReportLab's wrap)
        visual = visual_lines(logical_lines, rtl)
        if rtl and visual.kind == 1:
            # drawn as ReportLab draws right to left: bullet at the right, the last line of a
            # justified paragraph at the right, and each line's words reversed again
            for line in visual.lines:
                line.words = line.words[::-1]
            setattr(self, "style", right_to_left_drawing(style))  # noqa: B010
        setattr(self, "blPara", visual)  # noqa: B010
        try:
            return Paragraph.drawPara(self, debug)
        finally:
            setattr(self, "blPara", logical_lines)  # noqa: B010
            setattr(self, "style", style)  # noqa: B010

    def breakLines(self, width):
        style: Any = self.style
        bullet = getattr(self, "bulletText", None)
        if not (bullet and getattr(style, "right_to_left", False)):
            return Paragraph.breakLines(self, width)
        # ReportLab makes room for a bullet at the left while it breaks the lines (drawing
        # it at the right only later); the room is made here at the right, where it is drawn,
        # and the widths the bullet is placed by stay as they are
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        _handleBulletWidth(bullet, right_to_left_drawing(style), widths)
        setattr(self, "bulletText", None)  # noqa: B010
        try:
            return Paragraph.breakLines(self, widths)
        finally:
            setattr(self, "bulletText", bullet)  # noqa: B010

    def wrap(self, availWidth, availHeight):
        memo = self._memo
        if memo is not None and memo[0] == availWidth and memo[1] is getattr(self, "blPara", None):
            return memo[2]
        result = Paragraph.wrap(self, availWidth, availHeight)
        self._memo = (availWidth, getattr(self, "blPara", None), result)
        return result


# style → its shaped and right-to-left variants; by identity, as a child style copies its
# parent's attributes (a cache kept on the style would be the parent's)
_VARIANTS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def shaped_style(style: Any, *, bidi: bool) -> Any:
    """`style` with shaping on, and marked for reordering if the text runs right to left
    (made once per style: the split parts of a paragraph keep it)."""
    from reportlab.lib.styles import ParagraphStyle

    bidi = bidi or getattr(style, "right_to_left", False)
    if getattr(style, "shaping", 0) and getattr(style, "bidi", False) == bidi:
        return style
    cache = _VARIANTS.setdefault(style, {})
    variant = cache.get(bidi)
    if variant is None:
        variant = cache[bidi] = ParagraphStyle(f"{style.name}~shaped{'~bidi' if bidi else ''}",
                                               parent=style, shaping=1)
        variant.bidi = bidi
    return variant


def right_to_left_drawing(style: Any) -> Any:
    """`style` as ReportLab draws a right-to-left paragraph (its wordWrap; once per style)."""
    from reportlab.lib.styles import ParagraphStyle

    cache = _VARIANTS.setdefault(style, {})
    variant = cache.get("draw")
    if variant is None:
        variant = cache["draw"] = ParagraphStyle(f"{style.name}~rtl", parent=style,
                                                 wordWrap="RTL")
    return variant


def visual_lines(para: Any, rtl: bool) -> Any:
    """A copy of ReportLab's broken lines with each line's words in drawing order."""
    if para.kind == 0:
        font = para.fontName
        lines = [(extra, visual_line(list(words), rtl, logical, lambda w: w,
                                     lambda w: font, lambda w, text: text))
                 for extra, words in para.lines]
    else:
        lines = []
        for line in para.lines:
            copy = line.clone()
            copy.words = visual_line(line.words, rtl, logical, lambda f: getattr(f, "text", ""),
                                     lambda f: getattr(f, "fontName", ""),
                                     lambda f, text: f.clone(text=text))
            lines.append(copy)
    return para.clone(lines=lines)


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
        self.rule = rule  # (rule colour, accent colour, gap, accent length, weight, thin) or None
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
            rule_color, accent_color, _, accent_length, weight, thin = self.rule
            canv.saveState()
            canv.setFillColor(rule_color)
            canv.rect(0, 0, self.width, thin, stroke=0, fill=1)
            canv.setFillColor(accent_color)
            accent = min(accent_length, self.width)
            right_to_left = getattr(self.para.style, "right_to_left", False)
            canv.rect(self.width - accent if right_to_left else 0, 0, accent, weight, stroke=0,
                      fill=1)
            canv.restoreState()


class TocEntry(Flowable):
    """One contents line: linked title, dotted leader, and its page number (filled in late)."""

    def __init__(self, para: Paragraph, dest: str | None, marks: Marks, *, indent: float,
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
        rtl = getattr(para.style, "right_to_left", False)  # number at the left, text at the right
        para_x = self.number_box + 6 if rtl else self.indent
        para.drawOn(canv, para_x, 0)
        if self.dest is None:  # a heading the document does not hold: no leader, no page
            return
        lines = para.blPara.lines
        last = lines[-1]
        extra = last.extraSpace if para.blPara.kind else last[0]
        style = para.style
        ascent = getattr(para.blPara, "ascent", style.fontSize)
        baseline = self.height - ascent - (len(lines) - 1) * style.leading
        if rtl:
            leader_start, leader_end = self.number_box + 2, para_x + extra - 5
        else:
            leader_start, leader_end = self.indent + para.width - extra + 5, \
                self.width - self.number_box - 2
        if leader_end - leader_start > 8:
            canv.saveState()
            canv.setStrokeColor(self.leader_color)
            canv.setLineWidth(0.9)
            canv.setLineCap(1)
            canv.setDash([0.01, 3.2])
            canv.line(leader_start, baseline + 1, leader_end, baseline + 1)
            canv.restoreState()
        canv.saveState()
        canv.translate(0 if rtl else self.width, baseline)
        dest, size = self.dest, self.number_size
        font, color = self.number_font, self.number_color
        self.marks.late_text(canv, LateText(
            name=self.marks.form_name("TocPage"),
            bbox=(-2, -size, self.number_box + 4, size * 1.6) if rtl
            else (-self.number_box - 4, -size, 2, size * 1.6),
            x=0, y=0, align="left" if rtl else "right", size=size,
            make=lambda total, pages: [(str(pages.get(dest, "")), font, color)],
        ))
        canv.restoreState()
        canv.linkRect("", dest, (0, 0, self.width, self.height), relative=1, thickness=0)


class PageMark(Flowable):
    """Records the page a destination lands on (for the late page numbers of a contents or a
    list of figures); takes no room."""

    def __init__(self, dest: str, marks: Marks):
        super().__init__()
        self.dest = dest
        self.marks = marks
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        self.marks.pages.setdefault(self.dest, self.canv.getPageNumber())


class Breakout(Flowable):
    """A flowable laid out `extra` points wider than the text column on each side: a table of
    many columns runs into the margins rather than down three pages."""

    def __init__(self, inner: Flowable, extra: float):
        super().__init__()
        self.inner = inner
        self.extra = extra

    def wrap(self, availWidth, availHeight):
        _, self.height = self.inner.wrap(availWidth + 2 * self.extra, availHeight)
        self.width = availWidth
        return self.width, self.height

    def getSpaceBefore(self):
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):
        return self.inner.getSpaceAfter()

    def split(self, availWidth, availHeight):
        parts = self.inner.split(availWidth + 2 * self.extra, availHeight)
        return [Breakout(part, self.extra) for part in parts]

    def draw(self):
        self.inner.drawOn(self.canv, -self.extra, 0)
