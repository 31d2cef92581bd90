"""Document nodes → WordprocessingML: one `visit_<Node>` per node type, each returning XML text.

Tables and boxes are built in `tables`, the risk matrix in `matrix`, the title block in `cover`;
runs of inline spans in `inlines`. Paragraph styles are Word styles named after the roles they
show (see `styles`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ...document.nodes import (
    Callout, Chart, Columns, Document, Exhibit, Figure, Heading, KeyValueList, ListBlock, Matrix,
    PageBreak, Paragraph, Quote, References, Table, TableOfContents, TitleBlock,
)
from ...output.translator import Translator
from ...style.model import Style
from ...style.roles import PARAGRAPH_ROLES
from . import tables
from .inlines import InlineWriter, RunLook
from .media import drawing
from .numbering import Numbering
from .styles import JUSTIFY, STYLE_OF_ROLE
from .stylesheet import StyleSheet
from .xml import clean, field_runs, ppr, text_runs, twips, word_color

_BOOKMARK_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


@dataclass(frozen=True, slots=True)
class Place:
    """Where blocks are written: the width (twips) and what the surroundings ask of paragraphs."""

    width: int
    table: bool = False  # inside a table cell: plain paragraphs use the table text style
    heading_cell: bool = False  # inside a table's header row
    depth: int = 0  # list nesting
    color: str = ""  # a text colour forced on runs (on a coloured cell)
    bold: bool = False
    align: str = ""
    paragraph_style: str = ""  # the Word style of plain paragraphs here, where it is not theirs


class DocxTranslator(Translator[str]):
    format_name = "docx"

    def __init__(self, document: Document, style: Style, styles: StyleSheet,
                 numbering: Numbering, part: Any, *, page_of: dict[str, int], page_total: int,
                 estimate: Any, geometry: Any, reference: bool):
        super().__init__()
        self.document = document
        self.style = style
        self.styles = styles
        self.numbering = numbering
        self.part = part
        self.page_of = page_of
        self.estimate = estimate
        self.geometry = geometry
        self.reference = reference  # the package started from a reference .docx
        self.body_section: Any = None  # the reference's own final w:sectPr, if any
        self.bookmarks: dict[str, str] = {}
        self._bookmarks_taken: set[str] = set()
        self._next_bookmark = 0
        self.next_drawing = 1
        self.created: Any = None  # the document's timestamp (set by the writer)
        self.keep_together = False  # while set, every paragraph keeps with the next one
        self.break_before = False  # the next paragraph starts a new page
        self.last_heading = ""  # names the tables that follow it
        self.inline = InlineWriter(document, part, self.sid, self.bookmark,
                                   style.fonts.mono.name, page_total)
        self.list_numbers = {name: styles.numbering_of(self.sid(name)) for name in (
            "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
            "List Number 3")}

    def combine(self, results: list[str]) -> str:
        return "".join(results)

    def blocks(self, blocks: Any, place: Place) -> str:
        return "".join(self.visit(block, place) for block in blocks)

    def sid(self, name: str, kind: str = "paragraph") -> str:
        return self.styles.id(name, kind)

    def role_style(self, role: str) -> str:
        """The style id of the Word style that shows `role`."""
        return self.sid(STYLE_OF_ROLE.get(role, "Normal"))

    # --- paragraphs -------------------------------------------------------------------------

    def paragraph_xml(self, style: str, runs: str, *, bookmark: str = "", **props: Any) -> str:
        """A w:p. `props` are xml.ppr() arguments; a pending page break goes before it."""
        keep = props.pop("keep_next", False) or self.keep_together
        props.setdefault("page_break_before", self.break_before)
        self.break_before = False
        if bookmark:
            number = self._next_bookmark
            self._next_bookmark += 1
            runs = (f'<w:bookmarkStart w:id="{number}" w:name="{bookmark}"/>{runs}'
                    f'<w:bookmarkEnd w:id="{number}"/>')
        return f"<w:p>{ppr(style=style, keep_next=keep, **props)}{runs}</w:p>"

    def runs(self, inlines: Any, place: Place, **look: Any) -> str:
        return self.inline.runs(inlines, RunLook(color=place.color, bold=place.bold, **look))

    def bookmark(self, anchor: str) -> str:
        """Word's name for `anchor`: letters, digits and _, at most 40 characters, unique."""
        name = self.bookmarks.get(anchor)
        if name is None:
            base = _BOOKMARK_UNSAFE.sub("_", clean(anchor))
            if not base or not base[0].isalpha():
                base = "b_" + base
            base = base[:40]
            name, n = base, 2
            while name in self._bookmarks_taken:
                suffix = f"_{n}"
                name, n = base[:40 - len(suffix)] + suffix, n + 1
            self._bookmarks_taken.add(name)
            self.bookmarks[anchor] = name
        return name

    def pending_break(self) -> str:
        """A page break asked for before a table: a paragraph of its own (a table's cells
        cannot start a page)."""
        if not self.break_before:
            return ""
        self.break_before = False
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

    def spacer(self, height: float | None = None) -> str:
        """An empty paragraph after a table: Word cannot put space below a table otherwise."""
        paragraph = self.style.role("body").space_after
        size = max(2, round(paragraph * 2))
        mark = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        return self.paragraph_xml("", "", before=0, after=0,
                                  line=paragraph if height is None else height,
                                  line_rule="exact", run=mark)

    # --- blocks -----------------------------------------------------------------------------

    def visit_Heading(self, block: Heading, place: Place) -> str:
        level = min(max(block.level, 1), 9)
        runs = ""
        if block.number:
            runs = text_runs(block.number + " ",
                             self.inline.props(style=self.sid("Heading Number", "character")))
        runs += self.runs(block.content, place)
        self.last_heading = self.document.plain_text(block.content)
        return self.paragraph_xml(self.sid(f"heading {level}"), runs,
                                  bookmark=self.bookmark(block.anchor))

    def visit_Paragraph(self, block: Paragraph, place: Place) -> str:
        if place.heading_cell:
            style = self.sid("Table Heading")
        elif place.paragraph_style and not block.role:
            style = self.sid(place.paragraph_style)
        elif block.role in PARAGRAPH_ROLES:
            style = self.role_style(block.role)
        elif place.table:
            style = self.sid("Table Text")
        else:
            style = ""  # Normal
        return self.paragraph_xml(style, self.runs(block.content, place), jc=place.align)

    def visit_ListBlock(self, block: ListBlock, place: Place) -> str:
        depth = min(place.depth, 2)
        suffix = "" if depth == 0 else f" {depth + 1}"
        kind = "List Number" if block.ordered else "List Bullet"
        style = self.sid(kind + suffix)
        follow = self.sid("List Continue" + suffix)
        num = self._list_numbering(block, kind + suffix, min(place.depth, 8))
        inner = replace(place, depth=place.depth + 1)
        out = []
        last_item = len(block.items) - 1
        for item_index, item in enumerate(block.items):
            for index, child in enumerate(item):
                # the list's last paragraph gets a paragraph's space below it
                after = (self.style.role("body").space_after if place.depth == 0
                         and item_index == last_item and index == len(item) - 1 else None)
                if isinstance(child, Paragraph):
                    out.append(self.paragraph_xml(style if index == 0 else follow,
                                                  self.runs(child.content, place),
                                                  num=num if index == 0 else None, after=after))
                elif isinstance(child, ListBlock):
                    out.append(self.visit(child, inner))
                else:
                    width = place.width - twips(self.style.lists.indent)
                    out.append(self.visit(child, replace(inner, width=width)))
            if not item:  # an empty item still shows its bullet
                out.append(self.paragraph_xml(style, "", num=num))
        return "".join(out)

    def _list_numbering(self, block: ListBlock, style_name: str,
                        level: int) -> tuple[int, int] | None:
        style_num = self.list_numbers.get(style_name, 0)
        if block.ordered:  # a fresh numbering instance: every numbered list starts on its own
            return self.numbering.restart(style_num, block.start, level), level
        if level == 0 and block.role in self.numbering.role_ids:
            return self.numbering.role_ids[block.role], level
        if style_num and self.reference:
            return None  # the reference's own bullet style carries its numbering
        return style_num or self.numbering.bullet_id, level

    def visit_TableOfContents(self, block: TableOfContents, place: Place) -> str:
        from .contents import table_of_contents

        return table_of_contents(self, block)

    def visit_PageBreak(self, block: PageBreak, place: Place) -> str:
        if place.table or id(block) in self.estimate.runs_on:
            return ""
        self.break_before = True  # set on the next paragraph: no empty line on the new page
        return ""

    def visit_References(self, block: References, place: Place) -> str:
        style = self.sid("Source")
        tab = "<w:r><w:tab/></w:r>"
        return "".join(
            self.paragraph_xml(style,
                               text_runs(entry.label) + tab + self.runs(entry.content, place),
                               bookmark=self.bookmark(entry.anchor))
            for entry in block.entries)

    def visit_Figure(self, block: Figure, place: Place) -> str:
        width = min(place.width / 20, block.image.width * 0.75)
        picture = drawing(self, block.image, width, block.alt)
        align = JUSTIFY.get(self.style.role("caption").align, "")  # figures sit as captions do
        out = [self.paragraph_xml("", picture, keep_next=bool(block.caption), jc=align)]
        if block.caption:
            out.append(self.paragraph_xml(self.sid("caption"), self.runs(block.caption, place)))
        return "".join(out)

    def visit_Exhibit(self, block: Exhibit, place: Place) -> str:
        """A Word caption above the chart or table: "Figure {SEQ Figure}" in a bookmark that
        cross-references show (REF fields), so Word's Table of Figures and renumbering work;
        the source and note under it."""
        identifier = "Figure" if block.kind == "figure" else "Table"
        number = str(block.number)
        word = block.label[:-len(number)].rstrip() if block.number and \
            block.label.endswith(number) else block.label
        strong = self.inline.props(bold=True)
        label = self.inline.plain(word + " ", bold=True)
        label += field_runs(f"SEQ {identifier} \\* ARABIC", number, strong) if block.number \
            else ""
        bookmark_id = self._next_bookmark
        self._next_bookmark += 1
        name = self.bookmark(block.anchor)
        runs = (f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/>{label}'
                f'<w:bookmarkEnd w:id="{bookmark_id}"/>' + text_runs(". ", strong)
                + self.runs(block.title, place))
        out = [self.paragraph_xml(self.sid("Exhibit Title"), runs, keep_next=True)]
        notes = [inlines for inlines in (block.source, block.note) if inlines]
        if isinstance(block.body, Chart):
            out.append(self.paragraph_xml("", self._chart(block.body, place),
                                          keep_next=bool(notes), before=0, after=0))
        else:
            out.append(self.visit(block.body, place))
        out += [self.paragraph_xml(self.sid("Exhibit Source"), self.runs(inlines, place))
                for inlines in notes]
        return "".join(out)

    def visit_Chart(self, block: Chart, place: Place) -> str:
        return self.paragraph_xml("", self._chart(block, place))

    def _chart(self, chart: Chart, place: Place) -> str:
        from .charts import chart_height, chart_run

        width = place.width / 20
        return chart_run(self, chart, width, chart_height(chart, width))

    def visit_Quote(self, block: Quote, place: Place) -> str:
        style = self.sid("Intense Quote" if block.role == "pull-quote" else "Quote")
        out = []
        for child in block.content:
            if isinstance(child, Paragraph):
                out.append(self.paragraph_xml(style, self.runs(child.content, place)))
            else:
                out.append(self.visit(child, place))
        if block.attribution:
            out.append(self.paragraph_xml(self.sid("Quote Attribution"),
                                          self.runs(block.attribution, place)))
        return "".join(out)

    def visit_TitleBlock(self, block: TitleBlock, place: Place) -> str:
        from .cover import title_block

        # a title block that is not first in the document: a compact one in the text flow
        return title_block(self, replace(block, own_page=False), place)[0]

    def visit_Table(self, block: Table, place: Place) -> str:
        return tables.data_table(self, block, place)

    def visit_Callout(self, block: Callout, place: Place) -> str:
        return tables.callout(self, block, place)

    def visit_KeyValueList(self, block: KeyValueList, place: Place) -> str:
        return tables.key_values(self, block, place)

    def visit_Columns(self, block: Columns, place: Place) -> str:
        return tables.columns(self, block, place)

    def visit_Matrix(self, block: Matrix, place: Place) -> str:
        from .matrix import matrix

        return matrix(self, block, place)

    def level_colors(self, role: str) -> tuple[str, str]:
        """(fill, text) in Word's RRGGBB for a level role such as level.high, else ("", "")."""
        level = self.style.level(role)
        if level is None:
            return "", ""
        return word_color(level.background), word_color(level.text)
