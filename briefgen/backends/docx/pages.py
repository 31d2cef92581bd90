"""A rough page layout of the document, for the numbers Word shows before it lays pages out.

The TOC's page numbers and NUMPAGES are fields; Word and LibreOffice show their cached
results until fields are updated, so the DOCX carries estimates. This flows blocks down pages
using average character widths and the styles' sizes and spacing: good to about a page, and
linear in the document's size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..document.nodes import (
    Callout, Columns, Figure, Heading, KeyValueList, ListBlock, Matrix, PageBreak, Paragraph,
    Quote, References, Table, TableOfContents, TitleBlock, plain_text,
)

CHAR_WIDTH = 0.46  # average advance of running text, in ems (serif and sans text faces)
BOX_SPLIT = 0.7  # boxes shorter than this share of a page are never split across pages


@dataclass(slots=True)
class Chunk:
    height: float
    need: float  # room that must be left on the page to place it here (keep-with-next)
    splittable: bool = False
    anchor: str = ""  # a heading's anchor: record the page it lands on
    keep: bool = False  # moves to the next page with the chunk after it


class PageEstimate:
    """Flows the document's blocks over pages: `pages[anchor]` and `total` after `run`."""

    def __init__(self, theme, m, content_height: float, text_width: float, toc_entries: int):
        self.theme = theme
        self.m = m
        self.height = content_height
        self.width = text_width
        self.toc_entries = toc_entries
        self.pages: dict[str, int] = {}
        self.total = 1
        self.sizes = {n: theme.size(n) for n in ("h1", "h2", "h3", "quote", "title", "subtitle")}

    # --- measures ---------------------------------------------------------------------------

    def lines(self, text_length: int, size: float, width: float) -> int:
        per_line = max(8, int(width / (size * CHAR_WIDTH)))
        return max(1, math.ceil(text_length / per_line))

    def text_height(self, text_length: int, size: float, width: float, line: float | None = None,
                    before: float = 0, after: float | None = None) -> float:
        line = self.m.line if line is None else line
        after = self.m.paragraph if after is None else after
        return before + self.lines(text_length, size, width) * size * line + after

    def block_height(self, block, width: float, table: bool = False) -> float:
        return sum(c.height for c in self.chunks(block, width, table))

    def blocks_height(self, blocks, width: float, table: bool = False) -> float:
        return sum(self.block_height(b, width, table) for b in blocks)

    def chunks(self, block, width: float, table: bool = False) -> list[Chunk]:
        m = self.m
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 3)
            size = self.sizes[f"h{level}"] if block.level <= 3 else m.body
            before = (m.section, max(m.section * 0.75, m.paragraph * 2), m.paragraph * 2)[level - 1]
            after = (m.paragraph * 1.2, m.paragraph * 0.6, m.paragraph * 0.4)[level - 1]
            h = self.text_height(len(block.text), size, width, 1.3, before, after)
            return [Chunk(h, h + m.body * m.line * 2, anchor=block.anchor, keep=True)]
        if isinstance(block, Paragraph):
            size = m.table if table else m.body * (1.1 if block.role == "lead" else 1)
            h = self.text_height(len(plain_text(block.content)), size, width,
                                 1.2 if table else None)
            keep = block.role in ("question", "list-title")
            return [Chunk(h, h + (m.body * m.line * 2 if keep else 0), splittable=h > 60,
                          keep=keep)]
        if isinstance(block, ListBlock):
            out = []
            for item in block.items:
                h = self.blocks_height(item, width - m.indent, table) - m.paragraph * 0.5
                out.append(Chunk(h, h, splittable=h > 60))
            return out
        if isinstance(block, Table):
            return self.table_chunks(block, width)
        if isinstance(block, KeyValueList):
            label_w, value_w = width * 0.3, width * 0.7
            out = [Chunk(self.sizes["h3"] * 1.6 + 16, self.sizes["h3"] * 3 + 30)]
            for item in block.items:
                h = max(self.text_height(len(item.label), m.table, label_w, 1.2),
                        self.text_height(len(plain_text(item.value)), m.table, value_w, 1.2))
                out.append(Chunk(h + 6, h + 6))
            out.append(Chunk(m.section, 0))
            return out
        if isinstance(block, Callout):
            h = self.callout_height(block, width)
            return [Chunk(h, h, splittable=h > self.height * BOX_SPLIT)]
        if isinstance(block, Columns):
            n = max(1, len(block.columns))
            h = max((self.blocks_height(c.content, width / n - 12, True) for c in block.columns),
                    default=0)
            return [Chunk(h + 40, h + 40, splittable=h + 40 > self.height * BOX_SPLIT)]
        if isinstance(block, Matrix):
            rows = len(block.cells)
            h = rows * 40 + 40 + len(block.legend) * m.small * 1.6 + m.paragraph * 2
            return [Chunk(h, h)]
        if isinstance(block, Quote):
            h = self.blocks_height(block.content, width - 40) * self.sizes["quote"] / m.body
            h += self.text_height(len(plain_text(block.attribution)), m.small, width - 40) + 12
            return [Chunk(h, h)]
        if isinstance(block, References):
            return [Chunk(self.text_height(len(plain_text(e.content)) + 4, m.table, width - 24,
                                           1.25, 0, m.paragraph * 0.5), 0, True)
                    for e in block.entries]
        if isinstance(block, Figure):
            w = min(width, block.image.width * 0.75)
            h = w * block.image.height / max(1, block.image.width) + m.paragraph * 2
            if block.caption:
                h += self.text_height(len(plain_text(block.caption)), m.small, width)
            return [Chunk(h, h)]
        if isinstance(block, TableOfContents):
            h = self.sizes["h1"] * 1.6 + m.paragraph + self.toc_entries * m.body * 1.15 * 1.25
            return [Chunk(h, h)]
        return []

    def callout_height(self, block: Callout, width: float) -> float:
        h = self.blocks_height(block.content, width - 2.4 * self.m.body) + 2 * self.m.body
        return h + (self.sizes["h3"] * 1.8 if block.title else 0) + self.m.section * 0.6

    def table_chunks(self, table: Table, width: float) -> list[Chunk]:
        weights = table.widths or [1.0] * max(len(table.header), 1)
        total = sum(weights) or 1
        widths = [width * w / total - 10 for w in weights]
        header = self.row_height(table.header, widths)
        out = [Chunk(header, header * 3)]
        for row in table.rows:
            h = self.row_height(row, widths)
            out.append(Chunk(h, h, splittable=h > self.height * 0.5))
        out.append(Chunk(self.m.paragraph, 0))
        return out

    def row_height(self, cells, widths) -> float:
        heights = [self.blocks_height(cell.content, w, True)
                   for cell, w in zip(cells, widths)]
        return max(heights, default=0) + 8

    # --- flow -------------------------------------------------------------------------------

    def run(self, blocks) -> None:
        page, y = 1, 0.0
        kept: list[Chunk] = []  # chunks at the bottom of this page that keep with the next one
        for block in blocks:
            if isinstance(block, TitleBlock):
                if block.own_page:
                    page, y, kept = page + 1, 0.0, []
                else:
                    y += self.sizes["title"] * 2.5 + self.sizes["subtitle"] * 2 + 60
                continue
            if isinstance(block, PageBreak):
                page, y, kept = page + 1, 0.0, []
                continue
            for chunk in self.chunks(block, self.width):
                if y > 0 and y + min(chunk.need or chunk.height, self.height) > self.height:
                    if chunk.splittable and y + 40 < self.height:
                        if chunk.anchor:
                            self.pages[chunk.anchor] = page
                        rest = chunk.height - (self.height - y)
                        page += 1 + int(rest // self.height)
                        y, kept = rest % self.height, []
                        continue
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
        self.total = page
