"""A rough page layout of the document, for the numbers Word shows before it lays pages out.

The TOC's page numbers and NUMPAGES are fields; Word and LibreOffice show their cached
results until fields are updated, so the DOCX carries estimates. This flows blocks down pages
using average character widths and the style's sizes and spacing: good to about a page, and
linear in the document's size.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from ...document.nodes import (
    Callout, Chart, Columns, Exhibit, Figure, Heading, KeyValueList, ListBlock, Matrix, PageBreak,
    Paragraph, Quote, References, Table, TableCell, TableOfContents, TitleBlock, plain_text,
)
from ...output.legend import column_order, legend_columns
from ...style.model import Style, TextStyle
from ...style.roles import PARAGRAPH_ROLES

CHAR_WIDTH = 0.44  # average advance of running text, in ems (PT Serif and PT Sans text, measured
#                    against LibreOffice's layout of the seed brief in the built-in templates:
#                    the contents' numbers match on 21, 19 and 18 of 22 entries, the example 8/8)
ARABIC_WIDTH = 0.8  # an Arabic letter's share of that (joined letters are narrow; measured on the
#                    Arabic seed: its contents' numbers match on 21 of 22 entries)
BOX_SPLIT = 0.7  # boxes shorter than this share of a page are never split across pages
SURE_FILL = 0.85  # above this share of a page, an estimated page end is too close to call


def text_length(text: str) -> float:
    """How many average characters `text` is as wide as: marks over letters take no room of
    their own, and joined Arabic letters less than Latin ones."""
    if text.isascii():
        return len(text)
    length = 0.0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        length += ARABIC_WIDTH if "\u0600" <= char <= "\u06ff" else 1.0
    return length


@dataclass(slots=True)
class Chunk:
    height: float
    need: float  # room that must be left on the page to place it here (keep-with-next)
    splittable: bool = False
    anchor: str = ""  # a heading's anchor: record the page it lands on
    keep: bool = False  # moves to the next page with the chunk after it


class PageEstimate:
    """Flows the document's blocks over pages: `pages[anchor]` and `total` after `run`, and
    `runs_on`, the ids of the conditional page breaks not taken (Word has no such break: the
    estimate decides)."""

    def __init__(self, style: Style, content_height: float, text_width: float):
        self.style = style
        self.height = content_height
        self.width = text_width
        self.pages: dict[str, int] = {}
        self.runs_on: set[int] = set()
        self.total = 1
        self.body = style.role("body")

    # --- measures ---------------------------------------------------------------------------

    def text_height(self, length: float, text: TextStyle, width: float) -> float:
        per_line = max(8, int(width / (text.size * CHAR_WIDTH)))
        lines = max(1, math.ceil(length / per_line))
        return text.space_before + lines * text.leading + text.space_after

    def block_height(self, block: Any, width: float, table: bool = False) -> float:
        return sum(c.height for c in self.chunks(block, width, table))

    def blocks_height(self, blocks: Any, width: float, table: bool = False) -> float:
        return sum(self.block_height(b, width, table) for b in blocks)

    def chunks(self, block: Any, width: float, table: bool = False) -> list[Chunk]:
        measure = getattr(self, f"_{type(block).__name__}", None)
        return measure(block, width, table) if measure is not None else []

    def _Heading(self, block: Heading, width: float, table: bool) -> list[Chunk]:
        text = self.style.role(f"heading.{min(max(block.level, 1), 3)}")
        h = self.text_height(text_length(block.text), text, width)
        return [Chunk(h, h + self.body.leading * 2, anchor=block.anchor, keep=True)]

    def _Paragraph(self, block: Paragraph, width: float, table: bool) -> list[Chunk]:
        role = (block.role if block.role in PARAGRAPH_ROLES else
                "table.cell" if table else "body")
        h = self.text_height(text_length(plain_text(block.content)), self.style.role(role), width)
        keep = block.role in ("question", "list-title")
        return [Chunk(h, h + (self.body.leading * 2 if keep else 0), splittable=h > 60, keep=keep)]

    def _ListBlock(self, block: ListBlock, width: float, table: bool) -> list[Chunk]:
        out = []
        for item in block.items:
            h = self.blocks_height(item, width - self.style.lists.indent, table)
            out.append(Chunk(h, h, splittable=h > 60))
        return out

    def _Table(self, block: Table, width: float, table: bool) -> list[Chunk]:
        weights = block.widths or [1.0] * max(len(block.header), 1)
        total = sum(weights) or 1
        width = self._room(block, width, table)
        widths = [width * w / total - 10 for w in weights]
        header = self.row_height(block.header, widths)
        out = [Chunk(header, header * 3)]
        for row in block.rows:
            h = self.row_height(row, widths)
            out.append(Chunk(h, h, splittable=h > self.height * 0.5))
        out.append(Chunk(self.body.space_after, 0))
        return out

    def _KeyValueList(self, block: KeyValueList, width: float, table: bool) -> list[Chunk]:
        title = self.style.role("key-facts.title")
        value = self.style.role("key-facts.value")
        look = self.style.box("key-facts")
        out = [Chunk(title.leading + 2 * look.padding_y, title.leading * 3)]
        for item in block.items:
            h = max(self.text_height(text_length(item.label), value, width * 0.3),
                    self.text_height(text_length(plain_text(item.value)), value, width * 0.7))
            out.append(Chunk(h + 2 * look.padding_y, h + 2 * look.padding_y))
        out.append(Chunk(look.space_after, 0))
        return out

    def _Callout(self, block: Callout, width: float, table: bool) -> list[Chunk]:
        h = self.callout_height(block, width)
        return [Chunk(h, h, splittable=h > self.height * BOX_SPLIT)]

    def _room(self, block: Table | Columns, width: float, table: bool) -> float:
        """The width `block` is laid out at: wider, into the margins, if it is wide."""
        return width + 2 * self.style.page.breakout if block.wide and not table else width

    def _Columns(self, block: Columns, width: float, table: bool) -> list[Chunk]:
        width = self._room(block, width, table)
        n = max(1, len(block.columns))
        h = max((self.blocks_height(c.content, width / n - 12, True) for c in block.columns),
                default=0) + 40
        return [Chunk(h, h, splittable=h > self.height * BOX_SPLIT)]

    def _Matrix(self, block: Matrix, width: float, table: bool) -> list[Chunk]:
        legend = self.style.role("legend")
        columns = legend_columns(width, len(block.legend))
        column_w = width / max(columns, 1) * 0.75  # a column less its marker
        rows = column_order(len(block.legend), columns)
        legend_h = sum(max(self.text_height(text_length(block.legend[i].label), legend, column_w)
                           for i in row if i is not None) + 3 for row in rows)
        h = (len(block.cells) * self.body.size * 4.4 + self.body.size * 4 + legend_h
             + self.body.space_after * 2)
        return [Chunk(h, h)]

    def _Quote(self, block: Quote, width: float, table: bool) -> list[Chunk]:
        role = "pull-quote" if block.role == "pull-quote" else "quote"
        look = self.style.box(role)
        inner = width - 2 * (look.padding_x + look.bar_width)
        text = self.style.role(role)
        h = sum(self.text_height(text_length(plain_text(p.content)), text, inner)
                for p in block.content if isinstance(p, Paragraph))
        h += self.text_height(text_length(plain_text(block.attribution)),
                              self.style.role("attribution"), inner) + look.space_before
        return [Chunk(h, h)]

    def _References(self, block: References, width: float, table: bool) -> list[Chunk]:
        text = self.style.role("reference")
        return [Chunk(self.text_height(text_length(plain_text(e.content)) + 4, text,
                                       width - self.style.lists.indent), 0, True)
                for e in block.entries]

    def _Figure(self, block: Figure, width: float, table: bool) -> list[Chunk]:
        w = min(width, block.image.width * 0.75)
        h = w * block.image.height / max(1, block.image.width) + self.body.space_after * 2
        if block.caption:
            h += self.text_height(text_length(plain_text(block.caption)),
                                  self.style.role("caption"), width)
        return [Chunk(h, h)]

    def _Exhibit(self, block: Exhibit, width: float, table: bool) -> list[Chunk]:
        title = self.style.role("exhibit.title")
        head = self.text_height(text_length(f"{block.label}  {plain_text(block.title)}"), title,
                                width)
        source = self.style.role("exhibit.source")
        notes = sum(self.text_height(text_length(plain_text(inlines)), source, width)
                    for inlines in (block.source, block.note) if inlines)
        body = self.chunks(block.body, width, table)
        if isinstance(block.body, Chart):  # title, chart and notes stay together
            h = head + sum(c.height for c in body) + notes
            return [Chunk(h, h, anchor=block.anchor)]
        return [Chunk(head, head, anchor=block.anchor, keep=True), *body, Chunk(notes, notes)]

    def _Chart(self, block: Chart, width: float, table: bool) -> list[Chunk]:
        from .charts import chart_height

        h = chart_height(block, width)
        return [Chunk(h, h)]

    def _TableOfContents(self, block: TableOfContents, width: float,
                         table: bool) -> list[Chunk]:
        title = self.style.role("toc.title")
        h = title.leading + title.space_after
        for entry in block.entries:  # a chapter's line stands apart from the one before
            chapter = entry.level <= 1 and block.role != "figures"  # figures: all "toc 2"
            line = self.style.role("toc.1" if chapter else "toc.2")
            h += line.space_before + line.leading + line.space_after
        return [Chunk(h, h)]

    def callout_height(self, block: Callout, width: float) -> float:
        look = self.style.box(block.role or "callout")
        inner = width - 2 * look.padding_x - look.bar_width
        h = self.blocks_height(block.content, inner) + 2 * look.padding_y
        title = self.style.role("box.title")
        return h + (title.leading + title.space_after if block.title else 0) + look.space_after

    def row_height(self, cells: tuple[TableCell, ...], widths: list[float]) -> float:
        heights = [self.blocks_height(cell.content, w, True) for cell, w in zip(cells, widths)]
        return max(heights, default=0) + 2 * self.style.box("table").padding_y

    # --- flow -------------------------------------------------------------------------------

    def run(self, blocks: Any) -> None:
        page, y = 1, 0.0
        kept: list[Chunk] = []  # chunks at the bottom of this page that keep with the next one
        for block in blocks:
            if isinstance(block, TitleBlock):
                if block.own_page:
                    page, y, kept = page + 1, 0.0, []
                else:
                    cover = self.style.cover
                    y += cover.compact_title * 2.5 + cover.compact_subtitle * 2 + 60
                continue
            if isinstance(block, PageBreak):
                # a conditional break runs on when too little is on the page, and when it is
                # nearly full too: the estimate cannot tell whether the page really ends there
                # (a break taken after the real page end leaves a page holding the overflow)
                taken = block.min_fill * self.height <= y <= SURE_FILL * self.height
                if block.min_fill and not taken:
                    self.runs_on.add(id(block))
                else:
                    page, y, kept = page + 1, 0.0, []
                continue
            for chunk in self.chunks(block, self.width):
                page, y, kept = self._place(chunk, page, y, kept)
        self.total = page

    def _place(self, chunk: Chunk, page: int, y: float,
               kept: list[Chunk]) -> tuple[int, float, list[Chunk]]:
        if y > 0 and y + min(chunk.need or chunk.height, self.height) > self.height:
            if chunk.splittable and y + 40 < self.height:
                if chunk.anchor:
                    self.pages[chunk.anchor] = page
                rest = chunk.height - (self.height - y)
                return page + 1 + int(rest // self.height), rest % self.height, []
            page += 1
            moved = sum(c.height for c in kept)
            y = moved if moved < self.height / 2 else 0.0
            for c in kept:
                self.pages[c.anchor] = page
        if chunk.anchor:
            self.pages[chunk.anchor] = page
        y += chunk.height
        kept = (kept + [chunk]) if chunk.keep else []
        if y > self.height:
            page += int(y // self.height)
            y, kept = y % self.height, []
        return page, y, kept
