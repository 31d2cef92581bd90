"""The format-neutral document tree: blocks and inline spans that every backend renders.

Nodes say what something *is* (`role="risk.high"`), never how it looks; the theme maps roles to
colours, fonts and sizes for each backend. Text is always plain Unicode: each backend escapes it
for its own syntax when it writes it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Union

# --- inline spans -------------------------------------------------------------------------------


@dataclass(slots=True)
class Text:
    """Plain text."""

    text: str


@dataclass(slots=True)
class Strong:
    """Strongly emphasised spans (bold)."""

    children: list[Inline]


@dataclass(slots=True)
class Emphasis:
    """Emphasised spans (italic)."""

    children: list[Inline]


@dataclass(slots=True)
class Code:
    """Literal code, set in the monospace font."""

    text: str


@dataclass(slots=True)
class Link:
    """An external link; `url` is always http, https or mailto (others never become links)."""

    url: str
    children: list[Inline]


@dataclass(slots=True)
class Citation:
    """A reference to a source: shown as its number, linked to `anchor` in the references list."""

    source_id: str
    number: int = 0

    @property
    def anchor(self) -> str:
        return reference_anchor(self.source_id)


@dataclass(slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Union[Text, Strong, Emphasis, Code, Link, Citation, LineBreak]


def reference_anchor(source_id: str) -> str:
    """The anchor name of a source's entry in the references list."""
    return f"source-{source_id}"


def plain_text(inlines: list[Inline]) -> str:
    """The text of inline spans as a reader sees it (citations as their number in brackets)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.append(plain_text(node.children))
        elif isinstance(node, Citation):
            out.append(f"[{node.number}]")
        elif isinstance(node, LineBreak):
            out.append(" ")
    return "".join(out)


# --- blocks -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Image:
    """A checked raster image: `data` is re-encoded PNG or JPEG bytes of the given pixel size."""

    data: bytes
    format: str  # "png" or "jpeg"
    width: int
    height: int
    source: str = ""  # where it came from, for messages only


@dataclass(slots=True)
class TitleBlock:
    """The cover: title, subtitle, byline, date and classification, with an optional logo."""

    title: str
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    organization: str = ""
    date_text: str = ""
    classification: str = ""
    logo: Image | None = None
    own_page: bool = True  # the cover fills page 1 and the body starts on page 2
    role: str = "cover"


@dataclass(slots=True)
class TableOfContents:
    """Where the table of contents goes; backends list every heading with `in_toc`."""

    title: str
    max_level: int = 2


@dataclass(slots=True)
class Heading:
    """A section heading; `anchor` is unique in the document, `number` a printed prefix ("1.")."""

    level: int
    content: list[Inline]
    anchor: str
    number: str = ""
    in_toc: bool = True
    role: str = ""

    @property
    def text(self) -> str:
        title = plain_text(self.content)
        return f"{self.number} {title}" if self.number else title


@dataclass(slots=True)
class Paragraph:
    """A paragraph of inline spans."""

    content: list[Inline]
    role: str = ""


@dataclass(slots=True)
class ListBlock:
    """A bulleted or numbered list; each item is a list of blocks."""

    items: list[list[Block]]
    ordered: bool = False
    start: int = 1
    role: str = ""


@dataclass(slots=True)
class TableCell:
    """One table cell; `role` (e.g. `level.high`) lets the theme colour it."""

    content: list[Block]
    role: str = ""


@dataclass(slots=True)
class Table:
    """A table with one header row that repeats when the table splits across pages.

    `widths` are relative column weights (they need not sum to anything in particular).
    """

    header: list[TableCell]
    rows: list[list[TableCell]]
    widths: list[float] = field(default_factory=list)
    role: str = ""


@dataclass(slots=True)
class Quote:
    """A quotation with its attribution (speaker, role)."""

    content: list[Block]
    attribution: list[Inline] = field(default_factory=list)
    role: str = ""


@dataclass(slots=True)
class Callout:
    """A box set apart from the text flow, with an optional title."""

    content: list[Block]
    title: str = ""
    role: str = ""


@dataclass(slots=True)
class KeyValue:
    """One label/value pair of a `KeyValueList`."""

    label: str
    value: list[Inline]


@dataclass(slots=True)
class KeyValueList:
    """Label/value pairs such as an "At a glance" box; `title` heads the box."""

    items: list[KeyValue]
    title: str = ""
    role: str = ""


@dataclass(slots=True)
class Column:
    """One column of a `Columns` block."""

    title: str
    content: list[Block]
    role: str = ""


@dataclass(slots=True)
class Columns:
    """Columns shown side by side (e.g. pros and cons)."""

    columns: list[Column]
    role: str = ""


@dataclass(slots=True)
class MatrixCell:
    """One cell of a `Matrix`: short markers placed in it, and its role (e.g. `severity.high`)."""

    markers: list[str]
    role: str = ""


@dataclass(slots=True)
class Matrix:
    """A grid such as likelihood × impact. Row 0 is the *top* row; column 0 the left one.

    `legend` explains each marker, e.g. `("R1", "Economic interdependence")`.
    """

    row_axis: str
    column_axis: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[MatrixCell]]
    legend: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""
    role: str = ""


@dataclass(slots=True)
class Figure:
    """An image with its (required) alternative text and an optional caption."""

    image: Image
    alt: str
    caption: list[Inline] = field(default_factory=list)


@dataclass(slots=True)
class Reference:
    """One numbered entry of the references list; citations link to its `anchor`."""

    number: int
    anchor: str
    content: list[Inline]


@dataclass(slots=True)
class References:
    """The numbered list of sources."""

    entries: list[Reference]
    role: str = "references"


@dataclass(slots=True)
class PageBreak:
    """Start a new page."""


Block = Union[
    TitleBlock, TableOfContents, Heading, Paragraph, ListBlock, Table, Quote, Callout,
    KeyValueList, Columns, Matrix, Figure, References, PageBreak,
]


@dataclass(slots=True)
class Metadata:
    """What goes into the file's properties and the running header and footer."""

    title: str
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    organization: str = ""
    date: datetime.date | None = None
    language: str = "en"
    keywords: list[str] = field(default_factory=list)
    classification: str = ""
    running_title: str = ""  # the short title in the running header
    page_label: str = "Page {page} of {pages}"  # footer; {page} and {pages} are filled in

    @property
    def subject(self) -> str:
        return self.subtitle or self.title


@dataclass(slots=True)
class Document:
    """A whole brief, ready for any backend."""

    meta: Metadata
    blocks: list[Block]
    theme: object = None  # the resolved template the layout used; backends style from it

    def headings(self) -> list[Heading]:
        """Every heading, in order, nested ones included."""
        return [b for b in walk_blocks(self.blocks) if isinstance(b, Heading)]


def walk_blocks(blocks: list[Block]):
    """Yield every block, depth first, including blocks inside lists, tables, boxes and columns."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item)
        elif isinstance(block, Table):
            for cell in block.header:
                yield from walk_blocks(cell.content)
            for row in block.rows:
                for cell in row:
                    yield from walk_blocks(cell.content)
        elif isinstance(block, (Quote, Callout)):
            yield from walk_blocks(block.content)
        elif isinstance(block, Columns):
            for column in block.columns:
                yield from walk_blocks(column.content)


def walk_inlines(blocks: list[Block]):
    """Yield every inline span, depth first, in reading order, of every block."""
    for block in walk_blocks(blocks):
        groups: list[list[Inline]] = []
        if isinstance(block, (Paragraph, Heading, Reference)):
            groups.append(block.content)
        elif isinstance(block, Quote):
            groups.append(block.attribution)
        elif isinstance(block, KeyValueList):
            groups.extend(item.value for item in block.items)
        elif isinstance(block, References):
            groups.extend(entry.content for entry in block.entries)
        elif isinstance(block, Figure):
            groups.append(block.caption)
        for group in groups:
            yield from _inline_tree(group)


def _inline_tree(inlines: list[Inline]):
    for node in inlines:
        yield node
        if isinstance(node, (Strong, Emphasis, Link)):
            yield from _inline_tree(node.children)
