"""The PDF backend: a Document → a designed, print-ready PDF, with ReportLab.

One method per node type turns the document tree into ReportLab flowables; the theme decides
every colour, size and font (see `pdf_style.Look`), this module decides which role gets which
style. The document is laid out once: page totals and contents page numbers are written late,
as form XObjects (see `pdf_flowables`).
"""

from __future__ import annotations

import io
import logging
import re
import threading
from dataclasses import replace
from functools import partial

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Frame, KeepTogether, NextPageTemplate, PageTemplate,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..document.nodes import (
    Callout, Code, Columns, Figure, Heading, KeyValueList, ListBlock, Matrix, PageBreak,
    Paragraph, Quote, References, Table, TableOfContents, TitleBlock, plain_text, walk_blocks,
    walk_inlines,
)
from ..errors import RenderError
from ..templates import length_points
from .pdf_flowables import (
    BriefCanvas, CoverBlock, HeadingBlock, MarkerPill, Marks, MemoParagraph, RiskMatrix,
    SplittingTable, TocEntry,
)
from .pdf_markup import InlineStyle, clean, escape, escape_attr, to_markup
from . import document_timestamp
from .pdf_page import PageFurniture
from .pdf_style import Look

log = logging.getLogger(__name__)

_CONFIGURED = False
_CONFIG_LOCK = threading.Lock()
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
SAFE_DEST = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")
# Quotation marks around a quotation, by the document's language (its primary subtag).
QUOTE_MARKS = {"fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“"), "ru": ("«", "»"),
               "kk": ("«", "»"), "es": ("«", "»"), "it": ("«", "»"), "pt": ("«", "»")}
ENGLISH_QUOTES = ("“", "”")


def _configure_reportlab() -> None:
    """Pin ReportLab's safety settings, whatever RL_* environment variables say."""
    global _CONFIGURED
    with _CONFIG_LOCK:
        if _CONFIGURED:
            return
        rl_config.trustedHosts = None  # no host may be fetched from (e.g. <img src> in markup)
        rl_config.trustedSchemes = []  # and no URL scheme either
        rl_config.toColorCanUse = None  # colour strings are never evaluated as expressions
        rl_config.useA85 = 0  # binary streams: smaller files, and ~15% less time spent encoding
        rl_config.ttfAsciiReadable = 1  # font subsets (so the output bytes) never depend on RL_*
        _CONFIGURED = True


_configure_reportlab()  # at import: nothing may run with ReportLab's environment-given settings


class PdfBackend:
    """Renders a Document as PDF."""

    name = "pdf"
    extension = "pdf"
    media_type = "application/pdf"

    def render(self, document, theme, stream) -> None:
        _configure_reportlab()

        try:
            data = _PdfWriter(document, theme).write()
        except LayoutError as exc:
            raise RenderError(f"pdf: the layout could not place some content: {exc}") from None
        except (RenderError, MemoryError, RecursionError):
            raise
        except Exception as exc:  # anything else ReportLab raises: a plain RenderError
            log.debug("pdf: rendering failed", exc_info=True)
            raise RenderError(f"pdf: the PDF could not be produced ({_plain_reason(exc)})") from exc
        stream.write(data)


def _plain_reason(exc: BaseException) -> str:
    """One short line saying what went wrong inside ReportLab."""
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:199] + "…"
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


class _Ctx:
    """Where blocks are being laid out: available width, base paragraph style, list depth."""

    __slots__ = ("width", "base", "depth", "in_cell")

    def __init__(self, width: float, base: str = "body", depth: int = 0, in_cell: bool = False):
        self.width, self.base, self.depth, self.in_cell = width, base, depth, in_cell


class _PdfWriter:
    def __init__(self, document, theme):
        self.document = document
        self.meta = document.meta
        self.theme = theme
        self.epoch = int(document_timestamp(document.meta.date).timestamp())  # first: a bad SOURCE_DATE_EPOCH stops us here
        self.look = Look(theme, needs_mono=_uses_code(document.blocks))
        self.marks = Marks()
        self._heading_dest: dict[str, str] = {}
        self._ref_dest: dict[str, str] = {}
        self._assign_destinations()
        self.inline = InlineStyle(
            link_color=self.look.hex("accent_text"), font_size=self.look.size_body, mono=self.look.mono,
            destination=self._ref_dest.get)
        self.title_block = next((b for b in document.blocks if isinstance(b, TitleBlock)), None)
        numbers = [h.number for h in document.headings() if h.number and h.level == 2]
        style = self.look.styles["h2"]

        # a row may split across pages, but never leaving less than three lines on either side
        self._split_min = max(1, int(self.look.size_body * self.look.line_height * 3))
        self._number_width = max([stringWidth(n, style.fontName, style.fontSize) for n in numbers],
                                 default=0.0)

    # --- destinations -----------------------------------------------------------------------

    def _assign_destinations(self) -> None:
        """Unique, PDF-safe destination names for headings and source entries."""
        used: set[str] = set()

        def unique(anchor: str, fallback: str) -> str:
            base = anchor if SAFE_DEST.match(anchor or "") else fallback
            name, n = base, 2
            while name in used:
                name, n = f"{base}-{n}", n + 1
            used.add(name)
            return name

        for index, block in enumerate(walk_blocks(self.document.blocks)):
            if isinstance(block, Heading) and block.anchor not in self._heading_dest:
                self._heading_dest[block.anchor] = unique(block.anchor, f"heading-{index}")
            elif isinstance(block, References):
                for entry in block.entries:
                    if entry.anchor not in self._ref_dest:
                        fallback = f"source-{entry.number}"
                        self._ref_dest[entry.anchor] = unique(entry.anchor, fallback)

    # --- the whole document -----------------------------------------------------------------

    def write(self) -> bytes:
        look, meta = self.look, self.meta
        story = []
        blocks = list(self.document.blocks)
        first_template = "body"
        if blocks and isinstance(blocks[0], TitleBlock):
            block = blocks.pop(0)
            first_template = "cover" if block.own_page else "first"
            story.append(self.cover(block))
            story.append(NextPageTemplate("body"))
            if block.own_page:
                story.append(RLPageBreak())
        story.extend(self.flow(blocks, _Ctx(look.frame_width), top_level=True))

        def frame(name):
            return Frame(look.margin["left"], look.margin["bottom"], look.frame_width,
                         look.frame_height, leftPadding=0, rightPadding=0, topPadding=0,
                         bottomPadding=0, id=name)

        furniture = PageFurniture(look, meta, self.marks, self.title_block)
        templates = {
            # furniture is drawn at the end of each page, so text extraction reads it last
            "cover": PageTemplate("cover", [frame("cover")], onPageEnd=furniture.cover_page),
            "first": PageTemplate("first", [frame("first")], onPageEnd=furniture.first_page),
            "body": PageTemplate("body", [frame("body")], onPageEnd=furniture.body_page),
        }
        order = [first_template] + [n for n in ("cover", "first", "body") if n != first_template]
        language = meta.language if LANGUAGE_TAG.match(meta.language or "") else None
        authors = "; ".join(a for a in meta.authors if a) or meta.organization
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer, pagesize=(look.page_width, look.page_height),
            pageTemplates=[templates[n] for n in order],
            leftMargin=look.margin["left"], rightMargin=look.margin["right"],
            topMargin=look.margin["top"], bottomMargin=look.margin["bottom"],
            title=_meta_text(meta.title), author=_meta_text(authors),
            subject=_meta_text(meta.subject), keywords=[_meta_text(k) for k in meta.keywords],
            creator=f"briefgen {__version__}", producer=f"briefgen {__version__}",
            invariant=1, pageCompression=1, lang=language, displayDocTitle=1,
            initialFontName=look.body.regular, initialFontSize=look.size_body,
            initialLeading=look.size_body * look.line_height,
        )
        canvasmaker = partial(BriefCanvas, epoch=self.epoch, marks=self.marks)
        doc.build(story, canvasmaker=canvasmaker)
        return buffer.getvalue()

    # --- blocks -----------------------------------------------------------------------------

    def flow(self, blocks: list, ctx: _Ctx, *, top_level: bool = False) -> list:
        """Flowables for `blocks` laid out in `ctx`."""
        out: list = []
        after_contents = False
        section = None  # (index in out, heading flowables, flowables that follow them)
        title = None  # a list title waiting for what it introduces
        for block in blocks:
            handler = getattr(self, "block_" + type(block).__name__, None)
            if handler is None:
                log.warning("pdf: no rendering for %s; it is left out", type(block).__name__)
                continue
            if top_level and isinstance(block, TableOfContents):
                after_contents = True
            if top_level and after_contents and isinstance(block, Heading) and block.level == 1:
                # the body starts on a fresh page after the front matter (contents, key facts)
                if section:
                    self._keep(out, *section, ctx.width)
                    section = None
                out.append(RLPageBreak())
                after_contents = False
            produced = handler(block, ctx)
            if not produced:
                continue
            if title is not None:  # a list title stays with the list (or text) it introduces
                produced = self._glue(title, produced, ctx.width)
                title = None
            if _is_list_title(block) and not ctx.in_cell:
                title = produced
                continue
            if _keeps_with_next(block) and not ctx.in_cell:
                if section and section[2]:  # the previous section is complete
                    self._keep(out, *section, ctx.width)
                    section = None
                if section is None:
                    section = (len(out), [], [])
                section[1].extend(produced)
            elif section:
                section[2].extend(produced)
            out.extend(produced)
        if title is not None:
            out.extend(title)
            if section:
                section[2].extend(title)
        if section:
            self._keep(out, *section, ctx.width)
        return out

    def _keep(self, out: list, start: int, headings: list, body: list, width: float) -> None:
        """Put a conditional page break before a section's heading(s) so that a heading never
        ends a page alone; a short section (a third of a page or less) is kept whole."""
        look = self.look
        frame = look.frame_height
        need = self._height(headings, width)
        if not body:
            need += look.size_body * look.line_height * 3
        else:
            whole = self._height(body, width)
            need += whole if whole <= frame / 3 else self._first_lines(body[0], width)
        out.insert(start, CondPageBreak(need + 1))

    def _glue(self, title: list, produced: list, width: float) -> list:
        """`title` joined to the start of `produced` so that no page break falls between."""
        if isinstance(produced[0], KeepTogether):
            return [KeepTogether(title + produced[0]._content), *produced[1:]]
        need = self._height(title, width) + self._first_lines(produced[0], width)
        return [CondPageBreak(need + 1), *title, *produced]

    def _first_lines(self, follower, width: float) -> float:
        """The height of the start of `follower` that must share a page with its heading."""
        frame = self.look.frame_height
        height = self._height([follower], width)
        if isinstance(follower, MemoParagraph):
            lines = len(follower.blPara.lines)
            return height if lines <= 3 else height * 3 / lines
        if isinstance(follower, RLTable):
            rows = getattr(follower, "_rowHeights", None) or [height]
            return min(sum(rows[:2]) + follower.getSpaceBefore(), frame * 0.4)
        return min(height, frame * 0.9)  # a block that moves as a whole

    def cover(self, block: TitleBlock):
        """The title block: designed for page 1 (own page or compact), shrunk to fit."""
        look = self.look
        st = look.styles
        own = block.own_page
        frame_h, width = look.frame_height, look.frame_width
        style = str(self.theme.get("cover.style", "band"))
        band = style == "band"
        on_band = look.hex(self.theme.get("cover.text") or "on_primary") if band else None
        primary, accent = look.hex("primary"), look.hex("accent_text")

        def fitted(markup: str, size: float, least: float, most_height: float, *,
                   leading_factor: float = 1.25, **params):
            """A paragraph of `markup` at `size`, made smaller (down to `least`) until it fits."""
            while True:
                para = MemoParagraph(markup, look.variant(
                    st["body"], fontSize=size, leading=size * leading_factor, spaceBefore=0,
                    spaceAfter=0, **params))
                if para.wrap(width, 1e6)[1] <= most_height or size <= least:
                    return para
                size = max(least, size * 0.9)

        def texts(color_title: str, color_sub: str, color_kicker: str) -> dict:
            title_size = look.size("title") * (1.0 if own else 0.8)
            sub_size = look.size("subtitle") * (1.0 if own else 0.9)
            out = {}
            if block.title.strip():
                out["title"] = fitted(escape(block.title), title_size, look.size("h2"),
                                      frame_h * (0.3 if own else 0.2), fontName=look.heading.bold,
                                      textColor=_hex_color(color_title), leading_factor=1.12)
            if block.subtitle.strip():
                out["subtitle"] = fitted(escape(block.subtitle), sub_size, look.size_body,
                                         frame_h * 0.12, fontName=look.heading.regular,
                                         textColor=_hex_color(color_sub), leading_factor=1.3)
            if own and block.organization.strip():
                kicker = look.size_small * 1.3
                out["kicker"] = fitted(escape(block.organization), kicker, look.size_small,
                                       frame_h * 0.08, fontName=look.heading.bold,
                                       textColor=_hex_color(color_kicker), leading_factor=1.4)
            return out

        paras = texts(on_band or primary, on_band or accent, on_band or accent)
        people = [escape(a) for a in block.authors if a.strip()]
        if block.organization.strip() and not own and block.organization not in block.authors:
            people.append(escape(block.organization))
        date = escape(block.date_text) if block.date_text.strip() else ""
        by_size = look.size_body * (1.05 if own else 0.95)
        by_params = dict(fontName=look.heading.regular, textColor=look.color("text"),
                         leading_factor=1.45)
        if own:
            if date:
                date_size = look.size("h3") * 1.1
                paras["date"] = fitted(date, date_size, look.size_small, frame_h * 0.08,
                                       fontName=look.heading.bold, textColor=_hex_color(primary),
                                       leading_factor=1.4)
            if people:  # one name a line, unless there are many
                joined = "<br/>".join(people) if len(people) <= 6 else " · ".join(people)
                paras["byline"] = fitted(joined, by_size, look.size_small, frame_h * 0.22,
                                         **by_params)
        else:  # one line under a compact title block
            parts = ([f'<font name="{look.heading.bold}" color="{primary}">{date}</font>']
                     if date else []) + people
            if parts:
                paras["byline"] = fitted(" · ".join(parts), by_size, look.size_small,
                                         frame_h * 0.15, **by_params)
        # if even that does not fit, the same texts in dark colours flow as plain paragraphs
        fallback = texts(primary, accent, accent)
        fallback.update({k: paras[k] for k in ("date", "byline") if k in paras})
        logo = None
        if block.logo is not None:
            logo = ImageReader(io.BytesIO(block.logo.data))
        try:
            logo_width = length_points(self.theme.get("cover.logo_width", "36mm"))
        except ValueError:
            logo_width = look.frame_width * 0.25
        band_color = look.color(self.theme.get("cover.background") or "primary")
        return CoverBlock(look, paras, own_page=own, style=style,
                          classification=block.classification, band_color=band_color, logo=logo,
                          logo_width=logo_width, fallback=fallback)

    def block_TitleBlock(self, block: TitleBlock, ctx: _Ctx) -> list:
        # a title block that is not first in the document: a compact one in the text flow
        return [self.cover(replace(block, own_page=False))]

    def block_PageBreak(self, block: PageBreak, ctx: _Ctx) -> list:
        return [] if ctx.in_cell else [RLPageBreak()]

    def block_Heading(self, block: Heading, ctx: _Ctx) -> list:
        look = self.look
        level = min(max(block.level, 1), 3)
        style = look.styles[f"h{level}"]
        markup = to_markup(block.content, self._inline(style), split=False)[0]
        bullet = None
        if block.number:
            if level == 2 and self._number_width:
                gap = style.fontSize * 0.55
                style = look.variant(style, leftIndent=self._number_width + gap, bulletIndent=0,
                                     bulletFontName=look.heading.bold,
                                     bulletFontSize=style.fontSize,
                                     bulletColor=look.color("accent"))
                bullet = escape(block.number)
            else:
                markup = (f'<font color="{look.hex("accent_text")}">{escape(block.number)}</font> '
                          + markup)
        para = MemoParagraph(markup, style, bulletText=bullet)
        rule = None
        if level == 1:
            rule = (look.color("rule"), look.color("accent"), look.size_body * 0.45,
                    look.size_body * 3.4, look.size_body * 0.22)
        dest = self._heading_dest.get(block.anchor) or self._heading_dest.setdefault(
            block.anchor, f"heading-x{len(self._heading_dest)}")
        heading = HeadingBlock(para, self.marks, dest, _meta_text(block.text), block.level,
                               rule=rule, frame_height=look.frame_height)
        return [heading]

    def block_TableOfContents(self, block: TableOfContents, ctx: _Ctx) -> list:
        look = self.look
        st = look.styles
        out = [MemoParagraph(escape(block.title), st["toc-title"])] if block.title else []
        for heading in self.document.headings():
            if not heading.in_toc or heading.level > block.max_level:
                continue
            dest = self._heading_dest.get(heading.anchor)
            if dest is None:
                continue
            style = st["toc1"] if heading.level == 1 else st["toc2"]
            markup = to_markup(heading.content, self._inline(style), split=False)[0]
            if heading.number:
                markup = (f'<font color="{look.hex("accent_text")}">{escape(heading.number)}</font>'
                          f" {markup}")
            indent = 0.0 if heading.level == 1 else look.list_indent
            out.append(TocEntry(
                MemoParagraph(markup, style), dest, self.marks, indent=indent,
                number_font=style.fontName, number_size=style.fontSize,
                number_color=look.color("primary" if heading.level == 1 else "muted"),
                leader_color=look.color("rule")))
        return out

    def block_Paragraph(self, block: Paragraph, ctx: _Ctx, style=None, **kwargs) -> list:
        look = self.look
        if style is None:
            style = self._paragraph_style(block.role, ctx)
        chunks = to_markup(block.content, self._inline(style))
        if len(chunks) == 1:
            return [MemoParagraph(chunks[0], style, **kwargs)]
        # a very long paragraph: consecutive pieces, spaced as one paragraph
        middle = look.variant(style, spaceBefore=0, spaceAfter=0)
        last = look.variant(style, spaceBefore=0)
        first = look.variant(style, spaceAfter=0)
        out = []
        for i, chunk in enumerate(chunks):
            piece_style = first if i == 0 else last if i == len(chunks) - 1 else middle
            out.append(MemoParagraph(chunk, piece_style, **(kwargs if i == 0 else {})))
        return out

    def _paragraph_style(self, role: str, ctx: _Ctx):
        st = self.look.styles
        if role == "lead":
            return st["lead"] if not ctx.in_cell else st["cell-title"]
        if role == "question":
            return st["question"]
        if role == "list-title":
            return st["list-title"]
        if role == "risk-title":
            return st["cell-title"]
        return st[ctx.base]

    def block_ListBlock(self, block: ListBlock, ctx: _Ctx) -> list:
        look = self.look
        base = self.look.styles[ctx.base]
        indent = look.list_indent
        glyph, color = {
            "pros": ("+", "level_low_text"), "cons": ("–", "level_high_text"),
            "actions": ("›", "accent"),
        }.get(block.role, ("•" if ctx.depth == 0 else "–", "accent"))
        left = (ctx.depth + 1) * indent
        strong_bullet = block.ordered or block.role in ("actions", "pros", "cons")
        item_style = look.variant(
            base, leftIndent=left, bulletIndent=left - indent + base.fontSize * 0.15,
            bulletFontName=look.heading.bold if strong_bullet else look.body.regular,
            bulletFontSize=base.fontSize * (0.95 if block.ordered else 1.0),
            bulletColor=look.color(color), spaceAfter=look.space_paragraph * 0.45)
        follow_style = look.variant(item_style, spaceBefore=0)
        out: list = []
        for number, item in enumerate(block.items, block.start):
            bullet = f"{number}." if block.ordered else glyph
            first = True
            for sub in item:
                if isinstance(sub, Paragraph):
                    out.extend(self.block_Paragraph(
                        sub, ctx, style=item_style if first else follow_style,
                        **({"bulletText": escape(bullet)} if first else {})))
                elif isinstance(sub, ListBlock):
                    out.extend(self.block_ListBlock(sub, _Ctx(ctx.width, ctx.base, ctx.depth + 1,
                                                              ctx.in_cell)))
                else:
                    inner = _Ctx(ctx.width - left, ctx.base, 0, True)  # laid out in a cell
                    out.extend(self._indented(self.flow([sub], inner), left, ctx.width))
                first = False
            if first:  # an empty item still shows its bullet
                out.append(self._para("", item_style, bulletText=escape(bullet)))
        if out and hasattr(out[-1], "style"):
            last = out[-1]
            last.style = look.variant(last.style, spaceAfter=base.spaceAfter)
        if ctx.depth == 0 and not ctx.in_cell and out:
            # a short list stays in one piece rather than leave an item alone on a page

            if self._height(out, ctx.width) < look.frame_height * 0.3:
                return [KeepTogether(out)]
        return out

    def _height(self, flowables: list, width: float) -> float:
        """Laid-out height of `flowables` stacked at `width`, spaces included."""
        canv = self._measuring_canvas()
        total = 0.0
        for flowable in flowables:
            if isinstance(flowable, KeepTogether):  # its wrap() reports a huge height on purpose
                total += self._height(flowable._content, width)
                continue
            total += flowable.wrapOn(canv, width, self.look.frame_height)[1]
            total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return total

    def _indented(self, flowables: list, left: float, width: float) -> list:
        """`flowables` shifted right by `left` (a figure inside a list item, say)."""
        if not flowables:
            return []
        return [self._table([[flowables]], colWidths=[width], style=[
            ("LEFTPADDING", (0, 0), (-1, -1), left), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])]

    def block_Table(self, block: Table, ctx: _Ctx) -> list:
        look = self.look
        ncols = max([len(block.header)] + [len(r) for r in block.rows] + [0])
        if ncols == 0:
            return []
        weights = block.widths if len(block.widths) == ncols and all(w > 0 for w in block.widths) \
            else [1.0] * ncols
        total = sum(weights)
        widths = [ctx.width * w / total for w in weights]
        pad_x, pad_y = look.size_cell * 0.65, look.size_cell * 0.55
        data, commands = [], []
        st = look.styles
        # a column whose every cell is a level (low/medium/high) is centred, header included
        level_columns = {c for c in range(ncols) if block.rows and all(
            c < len(r) and look.level_colors(r[c].role) for r in block.rows)}
        centred_head = look.variant(st["cell-head"], alignment=1)
        if block.header:
            row = []
            for c in range(ncols):
                cell = block.header[c] if c < len(block.header) else None
                text = plain_text(_cell_inlines(cell)) if cell else ""
                row.append(self._para(escape(text), centred_head if c in level_columns
                                      else st["cell-head"]))
            data.append(row)
            commands += [("BACKGROUND", (0, 0), (-1, 0), look.color("primary")),
                         ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
        offset = len(data)
        for r, cells in enumerate(block.rows):
            row = []
            for c in range(ncols):
                cell = cells[c] if c < len(cells) else None
                inner = _Ctx(widths[c] - 2 * pad_x, "cell", 0, True)
                if cell is None:
                    row.append("")
                    continue
                levels = look.level_colors(cell.role)
                if levels:
                    bg, ink = levels
                    style = look.variant(st["level"], textColor=look.color(ink))
                    content = [self._para(escape(plain_text(_cell_inlines(cell))), style)]
                    commands.append(("BACKGROUND", (c, r + offset), (c, r + offset),
                                     look.color(bg)))
                else:
                    content = self.flow(cell.content, inner)
                row.append(content)
            data.append(row)
        commands += [
            ("VALIGN", (0, offset), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad_x), ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
            ("TOPPADDING", (0, 0), (-1, -1), pad_y), ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
            ("LINEBELOW", (0, offset), (-1, -1), 0.5, look.color("rule")),
        ]
        if block.role == "risks":
            # thin rules keep neighbouring colour-coded cells apart
            commands.append(("LINEBEFORE", (1, offset), (-1, -1), 0.5, look.color("rule")))
        table = self._table(data, colWidths=widths, repeatRows=1 if block.header else 0,
                            splitInRow=self._split_min, style=commands,
                            spaceBefore=look.space_paragraph * 0.5,
                            spaceAfter=look.space_paragraph * 1.8)
        return [table]

    def block_Callout(self, block: Callout, ctx: _Ctx) -> list:
        look = self.look
        bar = look.size_body * 0.36
        pad = look.size_body * 1.25
        inner = _Ctx(ctx.width - bar - 2 * pad, ctx.base, 0, True)
        content = []
        if block.title:
            content.append(self._para(escape(block.title), look.styles["callout-title"]))
        content.extend(self.flow(block.content, inner))
        if not content:
            return []
        _trim_last_space(content, look)
        return [self._box(content, ctx.width, background=look.color("panel"),
                          bar=(bar, look.color("accent")), pad=pad)]

    def _box(self, content: list, width: float, *, background=None, bar=None, pad: float,
             pad_y: float | None = None):
        look = self.look
        pad_y = pad if pad_y is None else pad_y
        table = self._table([[content]], colWidths=[width], splitInRow=self._split_min,
                            spaceBefore=look.space_paragraph * 0.5,
                            spaceAfter=look.space_paragraph * 2.2)
        commands = [
            ("LEFTPADDING", (0, 0), (-1, -1), pad + (bar[0] if bar else 0)),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad_y), ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if background is not None:
            commands.append(("BACKGROUND", (0, 0), (-1, -1), background))
        if bar:
            commands.append(("LINEBEFORE", (0, 0), (0, -1), bar[0], bar[1], "butt"))
        table.setStyle(commands)
        return table

    def block_KeyValueList(self, block: KeyValueList, ctx: _Ctx) -> list:
        look = self.look
        st = look.styles
        if not block.items and not block.title:
            return []
        label_style, value_style = st["kv-label"], st["kv-value"]
        # labels are set smaller than values: drop them so that the first baselines line up
        label_style = look.variant(label_style, spaceBefore=max(
            0.0, (value_style.fontSize - label_style.fontSize) * 1.2))
        pad = look.size_body * 0.85
        widest = max([stringWidth(k.label, label_style.fontName, label_style.fontSize)
                      for k in block.items] + [0])
        label_w = min(max(widest + 2 * pad + 2, ctx.width * 0.2), ctx.width * 0.36)
        value_w = ctx.width - label_w
        data, commands = [], []
        if block.title:
            data.append([self._para(escape(block.title), st["box-title"]), ""])
            commands += [("SPAN", (0, 0), (1, 0)),
                         ("BACKGROUND", (0, 0), (-1, 0), look.color("primary")),
                         ("TOPPADDING", (0, 0), (-1, 0), pad * 0.7),
                         ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.7)]
        offset = len(data)
        for item in block.items:
            chunks = to_markup(item.value, self._inline(value_style))
            data.append([self._para(escape(item.label), label_style),
                         [self._para(c, value_style) for c in chunks]])
        n = len(data)
        commands += [
            ("BACKGROUND", (0, offset), (-1, -1), look.color("panel")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, offset), (-1, -1), pad * 0.55),
            ("BOTTOMPADDING", (0, offset), (-1, -1), pad * 0.55),
            ("LINEBELOW", (0, offset), (-1, n - 2), 0.5, look.color("rule")),
            ("LINEBELOW", (0, -1), (-1, -1), 1.6, look.color("accent"), "butt"),
        ]
        if n > offset:
            commands += [("TOPPADDING", (0, offset), (-1, offset), pad),
                         ("BOTTOMPADDING", (0, -1), (-1, -1), pad)]
        table = self._table(data, colWidths=[label_w, value_w],
                            repeatRows=1 if block.title else 0, splitInRow=self._split_min,
                            style=commands, spaceBefore=look.space_section,
                            spaceAfter=look.space_paragraph * 2.5)
        return [table]

    def block_Quote(self, block: Quote, ctx: _Ctx) -> list:
        look = self.look
        st = look.styles
        pull = block.role == "pull-quote"
        bar = look.size_body * 0.3
        pad = look.size_body * 1.2
        inner = _Ctx(ctx.width - bar - 2 * pad, "body", 0, True)
        content = []
        paragraphs = [b for b in block.content if isinstance(b, Paragraph)]
        style = st["quote"] if pull else look.variant(st["body"], fontName=look.body.italic)
        opening, closing = QUOTE_MARKS.get((self.meta.language or "").split("-")[0].lower(),
                                           ENGLISH_QUOTES)
        for b in block.content:
            if isinstance(b, Paragraph):
                prefix = opening if b is paragraphs[0] else ""
                suffix = closing if b is paragraphs[-1] else ""
                for chunk in to_markup(b.content, self._inline(style), prefix=prefix,
                                       suffix=suffix):
                    content.append(self._para(chunk, style))
            else:
                content.extend(self.flow([b], inner))
        if block.attribution:
            markup = to_markup(block.attribution, self._inline(st["attribution"]), prefix="— ",
                               split=False)[0]
            content.append(self._para(markup, st["attribution"]))
        if not content:
            return []
        _trim_last_space(content, look)
        box = self._box(content, ctx.width, background=None, bar=(bar, look.color("accent")),
                        pad=pad, pad_y=look.size_body * 0.35)
        box.spaceBefore = look.space_paragraph * 1.6
        box.spaceAfter = look.space_paragraph * 2.6
        if ctx.in_cell:
            return [box]
        return [KeepTogether([box])] if sum(len(p.text) for p in content
                                            if hasattr(p, "text")) < 1500 else [box]

    def block_Columns(self, block: Columns, ctx: _Ctx) -> list:
        look = self.look
        columns = block.columns
        if not columns:
            return []
        gutter = look.size_body * 1.4
        n = len(columns)
        col_w = (ctx.width - gutter * (n - 1)) / n
        pad = look.size_body * 0.9
        titles, bodies, widths, commands = [], [], [], []
        for i, column in enumerate(columns):
            if i:
                titles.append("")
                bodies.append("")
                widths.append(gutter)
            c = len(titles)
            levels = {"pros": ("level_low", "level_low_text"),
                      "cons": ("level_high", "level_high_text")}.get(column.role,
                                                                     ("panel", "primary"))
            title_style = look.variant(look.styles["column-title"],
                                       textColor=look.color(levels[1]))
            titles.append(self._para(escape(column.title), title_style))
            inner = _Ctx(col_w - 2 * pad, "body", 0, True)
            content = self.flow(column.content, inner)
            _trim_last_space(content, look)
            bodies.append(content or "")
            widths.append(col_w)
            commands += [
                ("BACKGROUND", (c, 0), (c, 0), look.color(levels[0])),
                ("LINEABOVE", (c, 0), (c, 0), 2.2, look.color(levels[1]), "butt"),
                ("BOX", (c, 1), (c, 1), 0.6, look.color("rule")),
            ]
        commands += [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.6),
            ("TOPPADDING", (0, 1), (-1, 1), pad * 0.9),
            ("BOTTOMPADDING", (0, 1), (-1, 1), pad * 0.6),
        ]
        table = self._table([titles, bodies], colWidths=widths, repeatRows=1,
                            splitInRow=self._split_min, style=commands,
                            spaceBefore=look.space_paragraph * 0.5,
                            spaceAfter=look.space_paragraph * 2)
        return [table]

    def block_Matrix(self, block: Matrix, ctx: _Ctx) -> list:
        look = self.look
        if not any(block.cells):
            return []
        out = []
        if block.title:
            out.append(self._para(escape(block.title), look.styles["callout-title"]))
        where = {}
        for row in block.cells:
            for cell in row:
                for marker in cell.markers:
                    where.setdefault(marker, cell.role)
        legend_rows = []
        legend_style = look.styles["legend"]
        for marker, title in block.legend:
            levels = look.level_colors(where.get(marker, ""))
            pill = MarkerPill(marker, look.heading.bold, look.size_small * 0.95,
                              look.color(levels[1] if levels else "primary"),
                              look.color(levels[0] if levels else "on_primary"))
            legend_rows.append([pill, self._para(escape(title), legend_style)])
        pill_w = max([row[0].width for row in legend_rows] + [0]) + 8
        side_by_side = len(legend_rows) <= 10 and ctx.width > 300
        matrix = RiskMatrix(look, block, width_share=1.0)
        if not legend_rows:
            out.append(matrix)
            return out
        legend_w = ctx.width * 0.38 if side_by_side else ctx.width
        legend = self._table(legend_rows, colWidths=[pill_w, legend_w - pill_w], style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)])
        if side_by_side:
            gutter = look.size_body * 1.5
            both = self._table([[matrix, legend]], colWidths=[ctx.width - legend_w, legend_w],
                               style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (0, 0), gutter),
                                      ("RIGHTPADDING", (1, 0), (1, 0), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), 0),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 0)],
                               spaceBefore=look.space_paragraph,
                               spaceAfter=look.space_paragraph * 2)
            out.append(both)
        else:
            matrix.width_share = 0.85
            out.append(matrix)
            legend.spaceBefore = look.space_paragraph
            legend.spaceAfter = look.space_paragraph * 2
            out.append(legend)
        return [KeepTogether(out)] if side_by_side and not ctx.in_cell else out

    def block_Figure(self, block: Figure, ctx: _Ctx) -> list:
        look = self.look
        image = block.image
        width = image.width * 0.75  # pixels at 96 per inch
        height = image.height * 0.75
        # a figure in a box (summary, pillar, answer) leaves room for the box's padding
        max_w, max_h = ctx.width, look.frame_height * (0.7 if ctx.in_cell else 0.8)
        scale = min(1.0, max_w / width if width else 1.0, max_h / height if height else 1.0)
        flowable = RLImage(io.BytesIO(image.data), width=width * scale, height=height * scale)
        flowable.hAlign = "LEFT"
        out = [flowable]
        if block.caption:
            for chunk in to_markup(block.caption, self._inline(look.styles["caption"])):
                out.append(self._para(chunk, look.styles["caption"]))
        else:
            flowable.spaceAfter = look.space_paragraph * 1.5
        flowable.spaceBefore = look.space_paragraph * 0.5
        # KeepTogether works only in a frame: a table cell cannot lay it out
        return out if ctx.in_cell else [KeepTogether(out)]

    def block_References(self, block: References, ctx: _Ctx) -> list:
        look = self.look
        style = look.styles["reference"]
        widest = max([stringWidth(f"{e.number}.", style.bulletFontName, style.fontSize)
                      for e in block.entries] + [0])
        style = look.variant(style, leftIndent=widest + style.fontSize * 0.7, bulletIndent=0)
        out = []
        for entry in block.entries:
            chunks = to_markup(entry.content, self._inline(style))
            dest = self._ref_dest.get(entry.anchor)
            anchor = f'<a name="{escape_attr(dest)}"/>' if dest else ""
            out.append(self._para(anchor + chunks[0], style, bulletText=f"{entry.number}."))
            out.extend(self._para(c, look.variant(style, spaceBefore=0)) for c in chunks[1:])
        return out

    # --- helpers ----------------------------------------------------------------------------

    def _inline(self, style):
        return replace(self.inline, font_size=style.fontSize)

    def _measuring_canvas(self):
        """A scratch canvas for measuring flowables before layout (it is never saved)."""
        canv = getattr(self, "_scratch", None)
        if canv is None:
            canv = self._scratch = Canvas(io.BytesIO(), initialFontName=self.look.body.regular)
        return canv

    def _table(self, data, *, style=(), **kwargs):
        """A ReportLab Table whose cells default to the body font (never base-14 Helvetica)."""
        look = self.look
        commands = [("FONTNAME", (0, 0), (-1, -1), look.body.regular),
                    ("TEXTCOLOR", (0, 0), (-1, -1), look.color("text")),
                    ("FONTSIZE", (0, 0), (-1, -1), look.size_cell),
                    ("LEADING", (0, 0), (-1, -1), look.size_cell * 1.3), *style]
        table = SplittingTable(data, style=commands, **kwargs)
        table.frame_height = look.frame_height
        return table

    def _para(self, markup: str, style, **kwargs):
        return MemoParagraph(markup, style, **kwargs)


def _keeps_with_next(block) -> bool:
    """Headings and questions start a section and never end a page on their own."""
    return isinstance(block, Heading) or (isinstance(block, Paragraph) and block.role == "question")


def _is_list_title(block) -> bool:
    return isinstance(block, Paragraph) and block.role == "list-title"


def _uses_code(blocks) -> bool:
    return any(isinstance(node, Code) for node in walk_inlines(blocks))


def _cell_inlines(cell) -> list:
    out = []
    for block in cell.content:
        if isinstance(block, Paragraph):
            out.extend(block.content)
    return out


def _trim_last_space(flowables: list, look) -> None:
    """The last paragraph in a box needs no space after it (the box has padding)."""
    if flowables and isinstance(flowables[-1], MemoParagraph):
        para = flowables[-1]
        para.style = look.variant(para.style, spaceAfter=0)


def _meta_text(text: str) -> str:
    return " ".join(clean(text or "").split())


def _hex_color(value: str):
    return colors.HexColor(value)

