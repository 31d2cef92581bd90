"""Document blocks → GitHub-flavoured Markdown blocks, one `visit_<Node>` per block type."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from briefgen.document import (
    INLINE_TYPES, Callout, Chart, Column, Columns, Document, Emphasis, Exhibit, Figure, Heading,
    Inline,
    KeyValueList, ListBlock, Matrix, Node, PageBreak, Paragraph, Quote, Reference, References,
    Strong, Table, TableOfContents, Text, TitleBlock,
)
from briefgen.output import Translator

from . import tables
from .escape import (
    HARD_BREAK, attribute, block_lines, escape, fix_line_start, heading_text,
)
from .inlines import InlineTranslator, Span

_NUMBER_LABEL = re.compile(r"(\d{1,9})([.)])")
_LIST_ITEM = re.compile(r"([-*+]|\d{1,9}([.)]))(?:[ \t]|$)")
# Between two lists that would otherwise merge; the separator CommonMark's own spec suggests.
LIST_SEPARATOR = "<!-- -->"
_MAX_LIST_NUMBER = 999_999_999  # CommonMark reads at most nine digits as a list number


@dataclass(frozen=True, slots=True)
class Place:
    """Where blocks are written. `alternate` asks a list for its other marker (`*`, `)`),
    when it follows a list with the same one."""

    alternate: bool = False


class MarkdownTranslator(Translator[str]):
    """Writes a document's blocks as Markdown blocks."""

    format_name = "md"

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.inline = InlineTranslator(document, document.anchors() - {""})
        self.cells = tables.CellTranslator(self.inline)

    def combine(self, results: list[str]) -> str:
        return "\n\n".join(result for result in results if result)

    def blocks(self, nodes: Iterable[Node]) -> str:
        """Blocks separated by blank lines, never two lists that would read back as one."""
        out: list[str] = []
        for node in nodes:
            text = self.visit(node, Place())
            if not text:
                continue
            ending = _list_marker(out[-1], first=False) if out else None
            if ending is not None and _list_marker(text, first=True) == ending:
                if isinstance(node, ListBlock):  # the other marker starts a new list
                    text = self.visit(node, Place(alternate=True))
                if _list_marker(text, first=True) == ending:
                    out.append(LIST_SEPARATOR)
            out.append(text)
        return "\n\n".join(out)

    def notes(self) -> str:
        """The notes as footnote definitions (GitHub and pandoc syntax), at the end."""
        return "\n".join(f"[^{note.label}]: {self.inline.inlines(note.content).strip()}"
                         for note in self.document.notes)

    def paragraph(self, inlines: Iterable[Inline]) -> str:
        return block_lines(self.inline.inlines(inlines))

    def text_paragraph(self, text: str, *, strong: bool = False) -> str:
        node: Inline = Strong((Text(text),)) if strong else Text(text)
        return self.paragraph((node,)) if text.strip() else ""

    def visit_unknown(self, node: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(node, INLINE_TYPES):  # a span among blocks, inside an unknown node type
            return self.paragraph((node,))
        return super().visit_unknown(node, *args, **kwargs)

    # --- headings and text ------------------------------------------------------------------

    def visit_TitleBlock(self, block: TitleBlock, place: Place) -> str:
        parts = [f"# {heading_text(escape(block.title))}"]
        parts.append(self.text_paragraph(block.subtitle))
        lines = [escape(block.kicker)] if block.kicker.strip() else []
        if block.own_page or not block.credits:
            lines += [escape(line) for line in (block.date, *block.byline) if line.strip()]
        else:
            lines.append(self.inline.inlines(block.credits))
        parts.append(block_lines(HARD_BREAK.join(lines)))
        parts.append(self.text_paragraph(block.classification, strong=True))
        if block.logo is not None:  # its alternative text: whose logo it is ('' if decorative)
            parts.append(f"![{escape(block.logo_alt)}]({block.logo.data_uri()})")
        return self.combine(parts)

    def visit_TableOfContents(self, block: TableOfContents, place: Place) -> str:
        if not block.entries:
            return ""
        top = min(entry.level for entry in block.entries)
        lines, depth = [], -1
        for entry in block.entries:
            depth = max(0, min(entry.level - top, depth + 1))  # a nested list needs a parent
            span = Span(links=False, before="[", after="]")
            text = self.inline.inlines(entry.content, span)
            if entry.number:
                text = f"{escape(entry.number)} {text}" if text else escape(entry.number)
            lines.append(f"{'  ' * depth}- {self.inline.internal_link(text, entry.anchor)}")
        return self.combine([self.text_paragraph(block.title, strong=True), "\n".join(lines)])

    def visit_Heading(self, block: Heading, place: Place) -> str:
        text = self.inline.inlines(block.content, Span(heading=True))
        if block.number:
            text = f"{escape(block.number)} {text}"
        anchor = f'<a id="{attribute(block.anchor)}"></a>' if block.anchor else ""
        # Level 1 is the title's: the document's headings start one level down.
        level = min(max(block.level + 1, 2), 6)
        return f"{'#' * level} {anchor}{heading_text(text)}".rstrip()

    def visit_Paragraph(self, block: Paragraph, place: Place) -> str:
        return self.paragraph(block.content)

    def visit_PageBreak(self, block: PageBreak, place: Place) -> str:
        return ""  # Markdown has no pages

    # --- lists ------------------------------------------------------------------------------

    def visit_ListBlock(self, block: ListBlock, place: Place) -> str:
        count = len(block.items)
        start = min(max(block.start, 0), _MAX_LIST_NUMBER - count + 1)
        items = []
        for index, item in enumerate(block.items):
            if block.ordered:
                marker = f"{start + index}{')' if place.alternate else '.'}"
            else:
                marker = "*" if place.alternate else "-"
            items.append(list_item(marker, self.blocks(item)))
        loose = any(len(item) > 1 for item in block.items)  # blank lines between its blocks
        return ("\n\n" if loose else "\n").join(items)

    def visit_References(self, block: References, place: Place) -> str:
        labels = [_NUMBER_LABEL.fullmatch(entry.label.strip()) for entry in block.entries]
        numbered = _consecutive(labels)
        items = []
        for entry, label in zip(block.entries, labels, strict=True):
            body = self._reference(entry)
            if numbered and label is not None:
                items.append(list_item(label.group(), body))  # the label is the list number
            else:
                prefix = escape(entry.label.strip())
                items.append(list_item("-", f"{prefix} {body}" if prefix else body))
        return "\n".join(items)

    def _reference(self, entry: Reference) -> str:
        anchor = f'<a id="{attribute(entry.anchor)}"></a>' if entry.anchor else ""
        return anchor + self.paragraph(entry.content)

    # --- boxes ------------------------------------------------------------------------------

    def visit_Quote(self, block: Quote, place: Place) -> str:
        text = self.combine([self.blocks(block.content), self.paragraph(block.attribution)])
        return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))

    def visit_Callout(self, block: Callout, place: Place) -> str:
        return self.combine([self.text_paragraph(block.title, strong=True),
                             self.blocks(block.content)])

    def visit_Columns(self, block: Columns, place: Place) -> str:
        # One after the other, each under its title: a table would squeeze lists into cells.
        return self.blocks(block.columns)

    def visit_Column(self, block: Column, place: Place) -> str:
        return self.combine([self.text_paragraph(block.title, strong=True),
                             self.blocks(block.content)])

    def visit_KeyValueList(self, block: KeyValueList, place: Place) -> str:
        return tables.key_values(self.cells, block)

    def visit_Table(self, block: Table, place: Place) -> str:
        return tables.table(self.cells, block)

    def visit_Matrix(self, block: Matrix, place: Place) -> str:
        legend = [fix_line_start(escape(f"{key.marker} \u2014 {key.label}"))
                  for key in block.legend]
        return self.combine([self.text_paragraph(block.title, strong=True),
                             tables.matrix(block), "\n".join(f"- {line}" for line in legend)])

    def visit_Exhibit(self, block: Exhibit, place: Place) -> str:
        """"**Figure 2.** Title" (the cross-references' target), the table or the chart's data,
        then the source and note in italics."""
        anchor = f'<a id="{attribute(block.anchor)}"></a>'
        title = self.paragraph((Strong((Text(f"{block.label}."),)), Text(" "), *block.title))
        notes = [self.paragraph((Emphasis(inlines),)) for inlines in (block.source, block.note)
                 if inlines]
        return self.combine([anchor + title, self.visit(block.body, place), *notes])

    def visit_Chart(self, block: Chart, place: Place) -> str:
        return tables.chart_table(block)

    def visit_Figure(self, block: Figure, place: Place) -> str:
        image = f"![{escape(block.alt)}]({block.image.data_uri()})"
        caption = self.paragraph((Emphasis(block.caption),)) if block.caption else ""
        return self.combine([image, caption])


def list_item(marker: str, body: str) -> str:
    """`body` (Markdown blocks) as one list item: its later lines indented under its first."""
    if not body:
        return marker
    indent = " " * (len(marker) + 1)
    first, *rest = body.split("\n")
    return "\n".join([f"{marker} {first}", *(indent + line if line else "" for line in rest)])


def _consecutive(labels: list[re.Match[str] | None]) -> bool:
    """Whether labels read "1.", "2.", … (one delimiter), so they can be list numbers."""
    found = [label for label in labels if label is not None]
    if not found or len(found) != len(labels):
        return False
    numbers = [int(label.group(1)) for label in found]
    return (numbers == list(range(numbers[0], numbers[0] + len(numbers)))
            and len({label.group(2) for label in found}) == 1)


def _list_marker(markdown: str, *, first: bool) -> str | None:
    """The marker ("-", "*", ".", ")") of the list `markdown` starts (`first`) or ends with.

    Escaped text never starts an unindented line with a list marker, so an unindented line
    that does is one of this backend's list items.
    """
    lines = markdown.split("\n")
    for line in lines if first else reversed(lines):
        if line and not line[0].isspace():
            match = _LIST_ITEM.match(line)
            return (match.group(2) or match.group(1)) if match else None
    return None
