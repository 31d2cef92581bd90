"""GFM pipe tables: data tables, the key-facts box and the risk matrix, each cell on one line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest
from typing import Any

from briefgen.document import (
    INLINE_TYPES, Callout, Chart, Column, Columns, Emphasis, Figure, Heading, Inline, KeyValueList,
    ListBlock, Matrix, Node, PageBreak, Paragraph, Quote, References, Strong, Table, Text,
)
from briefgen.output import Translator

from .escape import escape
from .inlines import InlineTranslator, Span

CELL = Span(cell=True)
CELL_BREAK = "<br>"  # a pipe table's row is one line: blocks inside a cell go on <br> lines


class CellTranslator(Translator[str]):
    """Writes the blocks of a table cell as one line of inline Markdown."""

    format_name = "md"

    def __init__(self, inline: InlineTranslator) -> None:
        super().__init__()
        self.inline = inline

    def combine(self, results: list[str]) -> str:
        return CELL_BREAK.join(result for result in results if result)

    def cell(self, blocks: Iterable[Node]) -> str:
        text = self.combine(self.visit_all(blocks))
        return text.replace("\n", " ").strip()  # never a second line: it would end the table

    def inlines(self, inlines: Iterable[Inline]) -> str:
        text = self.inline.inlines(inlines, CELL).strip()
        while text.startswith(CELL_BREAK) or text.endswith(CELL_BREAK):  # as in a paragraph
            text = text.removeprefix(CELL_BREAK).removesuffix(CELL_BREAK).strip()
        return text

    def titled(self, title: str, blocks: Iterable[Node]) -> str:
        heading = self.inlines((Strong((Text(title),)),)) if title.strip() else ""
        return self.combine([heading, self.cell(blocks)])

    def visit_unknown(self, node: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(node, INLINE_TYPES):  # a span among blocks, in an unknown node type
            return self.inlines((node,))
        return super().visit_unknown(node, *args, **kwargs)

    def visit_Paragraph(self, block: Paragraph) -> str:
        return self.inlines(block.content)

    def visit_Heading(self, block: Heading) -> str:
        text = self.inlines(block.content)
        return f"{escape(block.number)} {text}".strip() if block.number else text

    def visit_ListBlock(self, block: ListBlock) -> str:
        items = [self.cell(item) for item in block.items]
        if block.ordered:  # the numbers are part of what the list says
            items = [f"{block.start + index}. {item}" for index, item in enumerate(items)]
        return self.combine(items)

    def visit_Quote(self, block: Quote) -> str:
        return self.combine([self.cell(block.content), self.inlines(block.attribution)])

    def visit_Callout(self, block: Callout) -> str:
        return self.titled(block.title, block.content)

    def visit_Column(self, block: Column) -> str:
        return self.titled(block.title, block.content)

    def visit_Columns(self, block: Columns) -> str:
        return self.cell(block.columns)

    def visit_KeyValueList(self, block: KeyValueList) -> str:
        pairs = [f"{self.inlines((Strong((Text(item.label),)),))} {self.inlines(item.value)}"
                 for item in block.items]
        return self.combine([self.titled(block.title, ()), *pairs])

    def visit_Table(self, block: Table) -> str:
        rows = [" ".join(self.cell(cell.content) for cell in row)
                for row in (block.header, *block.rows)]
        return self.combine(rows)

    def visit_Matrix(self, block: Matrix) -> str:
        return self.combine([escape(f"{key.marker} \u2014 {key.label}") for key in block.legend])

    def visit_References(self, block: References) -> str:
        return self.combine([f"{escape(entry.label)} {self.inlines(entry.content)}".strip()
                             for entry in block.entries])

    def visit_Figure(self, block: Figure) -> str:
        caption = self.inlines((Emphasis(block.caption),)) if block.caption else ""
        return self.combine([f"![{escape(block.alt)}]({block.image.data_uri()})", caption])

    def visit_PageBreak(self, block: PageBreak) -> str:
        return ""


def pipe_table(header: Sequence[str], rows: Sequence[Sequence[str]],
               right: Iterable[int] = ()) -> str:
    """A GFM table: every row as wide as the widest, so no cell is dropped; the columns
    `right` aligned right (numbers)."""
    width = max([len(header), *(len(row) for row in rows), 1])
    right = set(right)

    def line(cells: Sequence[str]) -> str:
        padded = [*cells, *([""] * (width - len(cells)))]
        return "| " + " | ".join(padded) + " |"

    rule = ["---:" if column in right else "---" for column in range(width)]
    return "\n".join([line(header), line(rule), *(line(row) for row in rows)])


def table(cells: CellTranslator, block: Table) -> str:
    return pipe_table([cells.cell(cell.content) for cell in block.header],
                      [[cells.cell(cell.content) for cell in row] for row in block.rows],
                      block.number_columns())


def chart_table(chart: Chart) -> str:
    """A chart's data as Markdown can hold it: a category a row, a series a column."""
    unit = f" ({chart.unit})" if chart.unit else ""  # the unit is the values', not the rows'
    header = ["", *(escape(s.name + unit) for s in chart.series)]
    rows = [[escape(category), *(escape(s.labels[n]) if n < len(s.labels) else ""
                                 for s in chart.series)]
            for n, category in enumerate(chart.categories)]
    return pipe_table(header, rows, range(1, len(chart.series) + 1))


def key_values(cells: CellTranslator, block: KeyValueList) -> str:
    """Label and value side by side, under the box's title."""
    rows = [[cells.inlines((Strong((Text(item.label),)),)), cells.inlines(item.value)]
            for item in block.items]
    return pipe_table([escape(block.title).strip(), ""], rows)


def matrix(block: Matrix) -> str:
    """Rows as the matrix has them (row 0 on top); each cell lists its markers."""
    corner = block.corner
    header = [escape(corner), *(escape(label) for label in block.column_labels)]
    rows = [[escape(label or ""), *(escape(", ".join(cell.markers)) for cell in row or ())]
            for label, row in zip_longest(block.row_labels, block.cells)]
    return pipe_table(header, rows)
