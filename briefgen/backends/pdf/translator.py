"""Document nodes → ReportLab flowables: one `visit_<Node>` per node type.

Boxes, tables and the matrix are built in their own modules (`boxes`, `tables`, `matrix`); how
consecutive flowables are kept together across page breaks is `flow`'s job.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer
from reportlab.platypus import PageBreak as RLPageBreak

from ...document.nodes import (
    Callout, Chart, Columns, Document, Exhibit, Figure, Heading, Inline, KeyValueList, ListBlock,
    Matrix, PageBreak, Paragraph, Quote, References, Table, TableOfContents, TitleBlock,
)
from ...output.translator import Translator
from ...style.model import BoxStyle
from ...style.roles import PARAGRAPH_ROLES
from . import boxes, tables
from .cover import cover_block
from .drawing import drawn_width
from .flow import Stacker
from .pictures import Picture
from .mirror import mirrored_table
from .flowables import (
    Breakout, HeadingBlock, MemoParagraph, PageMark, SplittingTable, TocEntry,
)
from .late import Marks
from .links import Destinations
from .markup import InlineStyle, clean, escape, escape_attr, to_markup
from .styles import PdfStyles

Flowables = list[Any]


@dataclass(frozen=True, slots=True)
class Room:
    """Where blocks are laid out: the width, the role of plain paragraphs, the list depth, and
    whether it is inside a table cell (where nothing can be kept together across pages)."""

    width: float
    base: str = "body"
    depth: int = 0
    in_cell: bool = False

    def inside(self, width: float, base: str | None = None) -> Room:
        return Room(width, base or self.base, 0, True)


class PdfTranslator(Translator[Flowables]):
    format_name = "pdf"

    def __init__(self, document: Document, styles: PdfStyles, marks: Marks,
                 destinations: Destinations):
        super().__init__()
        self.document = document
        self.styles = styles
        self.style = styles.style
        self.marks = marks
        self.destinations = destinations
        self.stacker = Stacker(self)
        body = self.style.role("body")
        # a row may split across pages, but never leaving less than three lines on either side
        self.split_min = max(1, int(body.leading * 3))
        self.number_width = self._widest_heading_number()
        self._scratch: Canvas | None = None

    def combine(self, results: list[Flowables]) -> Flowables:
        return [flowable for result in results for flowable in result]

    def flow(self, blocks: Any, room: Room) -> Flowables:
        """The flowables of `blocks`, headings and titles kept with what follows them."""
        return self.stacker.flow(blocks, room)

    # --- inline content ---------------------------------------------------------------------

    def inline_style(self, style: Any) -> InlineStyle:
        code = self.style.role("code")
        body = self.style.role("body")
        return InlineStyle(
            link_color=self.style.role("link").color,
            citation_color=self.style.role("citation").color, font_size=style.fontSize,
            code_size=style.fontSize * code.size / body.size, mono=self.styles.fonts.mono,
            destination=self.destinations.reference, label=self.document.label_of,
            separator=self.document.citation_separator)

    def markup(self, inlines: tuple[Inline, ...], style: Any, *, split: bool = True) -> list[str]:
        return to_markup(inlines, self.inline_style(style), split=split)

    def para(self, markup: str, style: Any, **kwargs: Any) -> MemoParagraph:
        return MemoParagraph(markup, style, **kwargs)

    def table(self, data: Any, *, style: Any = (), **kwargs: Any) -> SplittingTable:
        """A ReportLab Table whose cells default to the body font (never base-14 Helvetica)."""
        cell = self.style.role("table.cell")
        commands = [("FONTNAME", (0, 0), (-1, -1), self.styles.face("table.cell")),
                    ("TEXTCOLOR", (0, 0), (-1, -1), self.styles.color(cell.color)),
                    ("FONTSIZE", (0, 0), (-1, -1), cell.size),
                    ("LEADING", (0, 0), (-1, -1), cell.leading), *style]
        if self.styles.right_to_left:
            data, commands, widths = mirrored_table(data, commands, kwargs.get("colWidths"))
            if widths is not None:
                kwargs["colWidths"] = widths
        table = SplittingTable(data, style=commands, **kwargs)
        table.frame_height = self.styles.page.frame_height
        return table

    def box_look(self, role: str, default: str, narrowest: float) -> BoxStyle:
        """The box style of `role`, its bar and paddings cut down where they would leave less
        than half of a `narrowest`-wide cell to its content, or take more than a quarter of a
        page's height: ReportLab refuses a cell of negative width and never ends placing one
        taller than a page, and a style built by hand may ask for either."""
        look = self.style.box(role, default)
        across = look.bar_width + 2 * look.padding_x
        share = min(1.0, narrowest / 2 / across) if across > 0 else 1.0
        high = self.styles.page.frame_height / 8
        if share == 1.0 and max(look.padding_y, look.padding_x) <= high:
            return look
        return replace(look, bar_width=look.bar_width * share,
                       padding_x=min(look.padding_x * share, high),
                       padding_y=min(look.padding_y, high))

    def height(self, flowables: Flowables, width: float) -> float:
        """Laid-out height of `flowables` stacked at `width`, spaces included."""
        if self._scratch is None:  # a scratch canvas for measuring; it is never saved
            self._scratch = Canvas(io.BytesIO(), initialFontName=self.styles.fonts.body.regular)
        total = 0.0
        for flowable in flowables:
            if isinstance(flowable, KeepTogether):  # its wrap() reports a huge height on purpose
                total += self.height(flowable._content, width)
                continue
            total += flowable.wrapOn(self._scratch, width, self.styles.page.frame_height)[1]
            total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return total

    # --- blocks -----------------------------------------------------------------------------

    def visit_TitleBlock(self, block: TitleBlock, room: Room) -> Flowables:
        # a title block that is not first in the document: a compact one in the text flow
        return [cover_block(replace(block, own_page=False), self.styles, self._cover_markup)]

    def _cover_markup(self, inlines: tuple[Inline, ...], role: str) -> str:
        return self.markup(inlines, self.styles[role], split=False)[0]

    def visit_PageBreak(self, block: PageBreak, room: Room) -> Flowables:
        if room.in_cell:
            return []
        if block.min_fill:  # a break only when less than (1 - min_fill) of the page is left
            return [CondPageBreak(self.styles.page.frame_height * (1 - block.min_fill))]
        return [RLPageBreak()]

    def visit_Heading(self, block: Heading, room: Room) -> Flowables:
        level = min(max(block.level, 1), 3)
        style = self.styles[f"heading.{level}"]
        markup = self.markup(block.content, style, split=False)[0]
        bullet = None
        if block.number:
            if level == 2 and self.number_width:
                number = self.style.role("heading.number")
                style = self.styles.variant(
                    style, leftIndent=self.number_width + style.fontSize * 0.55, bulletIndent=0,
                    bulletFontName=self.styles.face("heading.number"),
                    bulletFontSize=style.fontSize, bulletColor=self.styles.color(number.color))
                bullet = escape(block.number)
            else:
                markup = self._number(block.number) + " " + markup
        rule = None
        if level == 1:
            r = self.style.heading_rule
            rule = (self.styles.color(r.color), self.styles.color(r.accent), r.gap,
                    r.accent_length, r.weight, r.thin)
        title = " ".join(clean(block.text).split())
        return [HeadingBlock(MemoParagraph(markup, style, bulletText=bullet), self.marks,
                             self.destinations.heading(block.anchor), title, block.level,
                             rule=rule, frame_height=self.styles.page.frame_height)]

    def _number(self, number: str) -> str:
        color = self.style.role("heading.number").color
        return f'<font color="{escape_attr(color)}">{escape(number)}</font>'

    def _widest_heading_number(self) -> float:
        style = self.styles["heading.2"]
        face = self.styles.face("heading.number")
        numbers = [h.number for h in self.document.headings() if h.number and h.level == 2]
        return max([stringWidth(n, face, style.fontSize) for n in numbers], default=0.0)

    def visit_TableOfContents(self, block: TableOfContents, room: Room) -> Flowables:
        title_style = self.styles["toc.title"]
        if block.role == "figures":  # set off from a contents above it
            title_style = self.styles.variant(title_style, spaceBefore=title_style.spaceAfter * 2)
        out: Flowables = ([MemoParagraph(escape(block.title), title_style)]
                          if block.title else [])
        rule = self.styles.color("rule")
        for entry in block.entries:
            # an entry whose heading is not in the document is listed, without link or page
            dest = self.destinations.heading_if_known(entry.anchor) or \
                (self.destinations.reference(entry.anchor) if block.role == "figures" else None)
            figures = block.role == "figures"  # "Figure 2  Title", all on one level
            role = "toc.1" if entry.level == 1 and not figures else "toc.2"
            style = self.styles[role]
            markup = self.markup(entry.content, style, split=False)[0]
            if entry.number:
                markup = self._number(entry.number) + " " + markup
            indent = 0.0 if entry.level == 1 or figures else self.style.lists.indent
            out.append(TocEntry(
                MemoParagraph(markup, style), dest, self.marks, indent=indent,
                number_font=style.fontName, number_size=style.fontSize,
                number_color=self.styles.color(self.style.role(role).color), leader_color=rule))
        # a contents that fits on a page is never cut: its title and entries stay together
        return out if room.in_cell else [KeepTogether(out)]

    def visit_Paragraph(self, block: Paragraph, room: Room, style: Any = None,
                        **kwargs: Any) -> Flowables:
        if style is None:
            role = block.role if block.role in PARAGRAPH_ROLES else room.base
            style = self.styles["risk-title" if role == "lead" and room.in_cell else role]
        chunks = self.markup(block.content, style)
        if len(chunks) == 1:
            return [MemoParagraph(chunks[0], style, **kwargs)]
        # a very long paragraph: consecutive pieces, spaced as one paragraph
        middle = self.styles.variant(style, spaceBefore=0, spaceAfter=0)
        last = self.styles.variant(style, spaceBefore=0)
        first = self.styles.variant(style, spaceAfter=0)
        out = []
        for i, chunk in enumerate(chunks):
            piece_style = first if i == 0 else last if i == len(chunks) - 1 else middle
            out.append(MemoParagraph(chunk, piece_style, **(kwargs if i == 0 else {})))
        return out

    def visit_ListBlock(self, block: ListBlock, room: Room) -> Flowables:
        from .lists import list_flowables

        return list_flowables(self, block, room)

    def visit_Figure(self, block: Figure, room: Room) -> Flowables:
        image = block.image
        width, height = image.width * 0.75, image.height * 0.75  # pixels at 96 per inch
        # a figure in a box (summary, pillar, answer) leaves room for the box's padding
        max_h = self.styles.page.frame_height * (0.7 if room.in_cell else 0.8)
        scale = min(1.0, room.width / width if width else 1.0, max_h / height if height else 1.0)
        # figures sit as captions do
        flowable = Picture(image, width * scale, height * scale,
                           self.style.role("caption").align.upper())
        out: Flowables = [flowable]
        caption = self.styles["caption"]
        for chunk in self.markup(block.caption, caption):
            out.append(MemoParagraph(chunk, caption))
        paragraph = self.style.role("body").space_after
        if not block.caption:
            flowable.spaceAfter = paragraph * 1.5
        flowable.spaceBefore = paragraph * 0.5
        # KeepTogether works only in a frame: a table cell cannot lay it out
        return out if room.in_cell else [KeepTogether(out)]

    def visit_Exhibit(self, block: Exhibit, room: Room) -> Flowables:
        """"Figure 2. Title" (a link target), the chart or table, then the source and note;
        a chart and its caption lines stay on one page."""
        title_style = self.styles["exhibit.title"]
        dest = self.destinations.reference(block.anchor)
        anchor = f'<a name="{escape_attr(dest)}"/>' if dest else ""
        label = f"<b>{escape(block.label)}.</b>"
        title = self.markup(block.title, title_style, split=False)[0]
        head: Flowables = [MemoParagraph(f"{anchor}{label} {title}".rstrip(), title_style)]
        if dest:  # its page, for the list of figures
            head.insert(0, PageMark(dest, self.marks))
        body = self.visit(block.body, room)
        notes = [MemoParagraph(chunk, self.styles["exhibit.source"])
                 for inlines in (block.source, block.note) if inlines
                 for chunk in self.markup(inlines, self.styles["exhibit.source"])]
        if notes:
            notes[-1].spaceAfter = self.style.role("body").space_after * 2
        if isinstance(block.body, Chart) and not room.in_cell:
            return [KeepTogether([*head, *body, *notes])]
        return self.stacker.glue(head, [*body, *notes], room.width) if not room.in_cell \
            else [*head, *body, *notes]

    def visit_Chart(self, block: Chart, room: Room) -> Flowables:
        from ...output.chart_drawing import ChartLook, chart_drawing

        text = self.style.role("chart")
        drawing = chart_drawing(block, room.width,
                                ChartLook.of(self.style, self.styles.fonts.family(text.font)))
        drawing.hAlign = "LEFT"
        return [Spacer(0, text.size * 0.6), drawing, Spacer(0, text.size * 0.4)]

    def visit_References(self, block: References, room: Room) -> Flowables:
        style = self.styles["reference"]
        face = self.styles.face("heading.number")
        widest = max([drawn_width(e.label, face, style.fontSize) for e in block.entries] + [0])
        style = self.styles.variant(
            style, leftIndent=widest + style.fontSize * 0.7, bulletIndent=0, bulletFontName=face,
            bulletColor=self.styles.color(self.style.lists.number_color))
        out: Flowables = []
        for entry in block.entries:
            chunks = self.markup(entry.content, style)
            dest = self.destinations.reference(entry.anchor)
            anchor = f'<a name="{escape_attr(dest)}"/>' if dest else ""
            out.append(MemoParagraph(anchor + chunks[0], style, bulletText=escape(entry.label)))
            out.extend(MemoParagraph(c, self.styles.variant(style, spaceBefore=0))
                       for c in chunks[1:])
        return out

    def visit_Table(self, block: Table, room: Room) -> Flowables:
        return self._wide(block, room, tables.data_table)

    def _wide(self, block: Table | Columns, room: Room, make: Any) -> Flowables:
        """`make(self, block, room)`, run into the side margins if the block is wide."""
        extra = 0.0 if room.in_cell or not block.wide else self.style.page.breakout
        if not extra:
            return make(self, block, room)
        out: Flowables = []
        for flowable in make(self, block, replace(room, width=room.width + 2 * extra)):
            if isinstance(flowable, KeepTogether):  # kept together, each part wide
                out.append(KeepTogether([Breakout(f, extra) for f in flowable._content]))
            else:
                out.append(Breakout(flowable, extra))
        return out

    def visit_Callout(self, block: Callout, room: Room) -> Flowables:
        return boxes.callout(self, block, room)

    def visit_Quote(self, block: Quote, room: Room) -> Flowables:
        return boxes.quote(self, block, room)

    def visit_KeyValueList(self, block: KeyValueList, room: Room) -> Flowables:
        return tables.key_values(self, block, room)

    def visit_Columns(self, block: Columns, room: Room) -> Flowables:
        return self._wide(block, room, tables.columns)

    def visit_Matrix(self, block: Matrix, room: Room) -> Flowables:
        return boxes.matrix(self, block, room)
