"""The format-neutral document tree: blocks and inline spans that every backend renders.

Nodes say what something *is* (`role="risk-matrix"`), never how it looks: the resolved style
says that. Every word a reader sees is already in the tree (labels, numbers, quote marks,
bylines, the running header and footer), so a backend only has to write it. Text is plain
Unicode; each backend escapes it for its own syntax when it writes it.

The tree is immutable: every node is a frozen dataclass and every sequence a tuple (a list given
to a constructor is turned into one). Numbers that point across the tree (a citation's number)
are kept in `Document.numbers`, keyed by the anchor they lead to, never written into nodes.

This module imports nothing from the rest of briefgen.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from .records import Record, frozen_map, record


def _freeze(node: object, *names: str, kind: type | tuple[type, ...] | None = None) -> None:
    """Turn the named sequence fields of a node into tuples, and check what they hold (`kind`):
    a str given for a sequence would otherwise become its letters, and text would vanish."""
    for name in names:
        value = getattr(node, name)
        if isinstance(value, (str, bytes)):
            raise TypeError(f"{type(node).__name__}.{name} is a sequence, not a string "
                            f"({value[:30]!r}): give a tuple, e.g. (Text(...),) or ('...',)")
        if not isinstance(value, tuple):
            value = tuple(value)
            object.__setattr__(node, name, value)
        if kind is not None:
            _check_items(node, name, value, kind)


def _freeze_nested(node: object, name: str) -> None:
    value = getattr(node, name)
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{type(node).__name__}.{name} is a sequence of sequences, not a string")
    if not isinstance(value, tuple) or any(not isinstance(item, tuple) for item in value):
        value = tuple(tuple(item) for item in value)
        object.__setattr__(node, name, value)
    for row in value:
        _check_items(node, name, row, Node)


def _check_items(node: object, name: str, items: tuple[object, ...],
                 kind: type | tuple[type, ...]) -> None:
    for item in items:
        if not isinstance(item, kind):
            wanted = "a node" if kind is Node else "text" if kind is str else "a number"
            raise TypeError(f"{type(node).__name__}.{name} holds a {type(item).__name__} "
                            f"({item!r:.40}), where it takes {wanted}")


class Node(Record):
    """The base of every node type."""

    __slots__ = ()


# --- inline spans -------------------------------------------------------------------------------


@record
class Text(Node):
    """Plain text."""

    text: str


@record
class Strong(Node):
    """Strongly emphasised spans (bold)."""

    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        _freeze(self, "children", kind=Node)


@record
class Emphasis(Node):
    """Emphasised spans (italic)."""

    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        _freeze(self, "children", kind=Node)


@record
class Code(Node):
    """Literal code, set in the monospace font."""

    text: str


@record
class Link(Node):
    """An external link. Backends make it clickable only for http, https and mailto URLs."""

    url: str
    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        _freeze(self, "children", kind=Node)


@record
class Citation(Node):
    """A reference to a source, shown as its number (`Document.label_of`), linked to `anchor`.

    Citations that follow each other are one group ("¹,²"); `Document.citation_separator`
    goes between their numbers.
    """

    source_id: str

    @property
    def anchor(self) -> str:
        return reference_anchor(self.source_id)


@record
class CrossReference(Node):
    """A reference to a numbered figure or table, shown as its label ("Figure 2",
    `Document.label_of`) and linked to it. `kind` is "fig" or "tab"."""

    kind: str
    target_id: str

    @property
    def anchor(self) -> str:
        return exhibit_anchor(self.kind, self.target_id)


@record
class NoteReference(Node):
    """A reference to a note, shown as its number (`Document.label_of`): a footnote in print,
    linked to the note."""

    note_id: str

    @property
    def anchor(self) -> str:
        return note_anchor(self.note_id)


def note_anchor(note_id: str) -> str:
    return f"note-{note_id}"


@record
class Note(Record):
    """A note's number (as shown), its anchor and its text: the document's `notes`."""

    label: str
    anchor: str
    content: tuple[Inline, ...]

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)


def exhibit_anchor(kind: str, target_id: str) -> str:
    """The anchor of the figure ("fig") or table ("tab") of the spec id `target_id`."""
    return f"{kind}-{target_id}"


@record
class LineBreak(Node):
    """A hard line break inside a paragraph."""


@record
class PageNumber(Node):
    """The number of the page this text is drawn on (running header and footer only)."""


@record
class PageCount(Node):
    """The number of pages of the whole document (running header and footer only)."""


Inline = (Text | Strong | Emphasis | Code | Link | Citation | CrossReference | NoteReference
          | LineBreak | PageNumber | PageCount)


INLINE_TYPES = (Text, Strong, Emphasis, Code, Link, Citation, CrossReference, NoteReference,
                LineBreak, PageNumber, PageCount)
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(url: str) -> str | None:
    """`url` (stripped) when a reader may follow it — http, https or mailto — else None.

    Every backend makes a `Link` clickable only when this says so; otherwise its text stays."""
    url = url.strip()
    return url if url.lower().startswith(SAFE_SCHEMES) else None


def reference_anchor(source_id: str) -> str:
    """The anchor of a source's entry in the references list."""
    return f"source-{source_id}"


# --- blocks -------------------------------------------------------------------------------------


@record
class Image(Node):
    """A checked raster image: `data` is re-encoded PNG or JPEG bytes of the given pixel size."""

    data: bytes = field(repr=False)
    format: str  # "png" or "jpeg"
    width: int
    height: int
    source: str = ""  # where it came from, for messages only

    @property
    def media_type(self) -> str:
        kind = self.format.lower()
        if kind not in ("png", "jpeg", "jpg"):
            raise ValueError(f"an image must be PNG or JPEG, not {self.format!r}")
        return "image/png" if kind == "png" else "image/jpeg"

    def data_uri(self) -> str:
        """The image inside a `data:` URI, for formats that carry it within their own text."""
        import base64

        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@record
class TitleBlock(Node):
    """The title block: on a cover page of its own (`own_page`) or heading page 1.

    `kicker` is the line above the title (the publisher); `byline` the lines under it, one per
    author; `credits` the date and byline as one line, for a compact title block.
    """

    title: str
    subtitle: str = ""
    kicker: str = ""
    date: str = ""
    byline: tuple[str, ...] = ()
    credits: tuple[Inline, ...] = ()
    classification: str = ""
    logo: Image | None = None
    own_page: bool = True
    role: str = "cover"
    logo_alt: str = ""  # the logo's alternative text ('' for a decorative logo)

    def __post_init__(self) -> None:
        _freeze(self, "byline", kind=str)
        _freeze(self, "credits", kind=Node)


@record
class TocEntry(Node):
    """One line of the table of contents: a heading's number and title, and its anchor."""

    level: int
    number: str
    content: tuple[Inline, ...]
    anchor: str

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)


@record
class TableOfContents(Node):
    """The table of contents, or (role "figures") the list of figures and tables: its title
    and its entries, in order."""

    title: str
    entries: tuple[TocEntry, ...] = ()
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "entries", kind=Node)


@record
class Heading(Node):
    """A section heading; `anchor` is unique in the document, `number` a printed prefix ("1.")."""

    level: int
    content: tuple[Inline, ...]
    anchor: str
    number: str = ""
    in_toc: bool = True
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)

    @property
    def text(self) -> str:
        """The heading as a reader sees it: number, a space, title."""
        title = plain_text(self.content)
        return f"{self.number} {title}" if self.number else title


@record
class Paragraph(Node):
    """A paragraph of inline spans."""

    content: tuple[Inline, ...]
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)


@record
class ListBlock(Node):
    """A bulleted or numbered list; each item is a tuple of blocks."""

    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False
    start: int = 1
    role: str = ""

    def __post_init__(self) -> None:
        _freeze_nested(self, "items")


@record
class TableCell(Node):
    """One table cell; its `role` (e.g. `level.high`) lets the style colour it."""

    content: tuple[Block, ...]
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)


@record
class Table(Node):
    """A table with one header row that repeats when the table splits across pages.

    `widths` are relative column weights (they need not sum to anything in particular).
    A `wide` table may run wider than the text column, into the side margins, where a format
    has them: many columns read better wide than tall.
    """

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    widths: tuple[float, ...] = ()
    role: str = ""
    wide: bool = False

    def __post_init__(self) -> None:
        _freeze(self, "header", kind=Node)
        _freeze(self, "widths", kind=(int, float))
        _freeze_nested(self, "rows")

    def number_columns(self) -> frozenset[int]:
        """The columns whose cells are mostly numbers (role "number"): every backend aligns
        them right, header included."""
        found = set()
        for column in range(max((len(row) for row in self.rows), default=0)):
            cells = [row[column] for row in self.rows if column < len(row)]
            if sum(cell.role == "number" for cell in cells) * 2 >= len(cells) > 0:
                found.add(column)
        return frozenset(found)


@record
class Quote(Node):
    """A quotation (its quotation marks already in the text) and its attribution line."""

    content: tuple[Block, ...]
    attribution: tuple[Inline, ...] = ()
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "content", "attribution", kind=Node)


@record
class Callout(Node):
    """A box set apart from the text flow, with an optional title."""

    content: tuple[Block, ...]
    title: str = ""
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)


@record
class KeyValue(Node):
    """One label/value pair of a `KeyValueList`."""

    label: str
    value: tuple[Inline, ...]

    def __post_init__(self) -> None:
        _freeze(self, "value", kind=Node)


@record
class KeyValueList(Node):
    """Label/value pairs such as an "At a glance" box; `title` heads the box."""

    items: tuple[KeyValue, ...]
    title: str = ""
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "items", kind=Node)


@record
class Column(Node):
    """One column of a `Columns` block."""

    title: str
    content: tuple[Block, ...]
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)


@record
class Columns(Node):
    """Columns shown side by side (e.g. pros and cons); `wide` as for a `Table`."""

    columns: tuple[Column, ...]
    role: str = ""
    wide: bool = False

    def __post_init__(self) -> None:
        _freeze(self, "columns", kind=Node)


@record
class MatrixCell(Node):
    """One cell of a `Matrix`: the markers placed in it, and its role (e.g. `severity.5`)."""

    markers: tuple[str, ...]
    role: str = ""

    def __post_init__(self) -> None:
        _freeze(self, "markers", kind=str)


@record
class MatrixKey(Node):
    """One line of a matrix legend: a marker and what it stands for."""

    marker: str
    label: str


@record
class Matrix(Node):
    """A grid such as likelihood × impact. Row 0 is the *top* row; column 0 the left one."""

    row_axis: str
    column_axis: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[MatrixCell, ...], ...]
    legend: tuple[MatrixKey, ...] = ()
    title: str = ""
    role: str = ""
    corner: str = ""  # what the grid's top-left corner says, where a format shows one

    def __post_init__(self) -> None:
        _freeze(self, "row_labels", "column_labels", kind=str)
        _freeze(self, "legend", kind=Node)
        _freeze_nested(self, "cells")

    def role_of(self, marker: str) -> str:
        """The role of the first cell that holds `marker` ("" if none does)."""
        for row in self.cells:
            for cell in row:
                if marker in cell.markers:
                    return cell.role
        return ""


@record
class Figure(Node):
    """An image with its (required) alternative text and an optional caption."""

    image: Image
    alt: str
    caption: tuple[Inline, ...] = ()

    def __post_init__(self) -> None:
        _freeze(self, "caption", kind=Node)


@record
class Series(Node):
    """One named row of a chart's numbers, with each value as the reader sees it (`labels`);
    None is a missing value."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        _freeze(self, "values", kind=(int, float, type(None)))
        _freeze(self, "labels", kind=str)


CHART_KINDS = ("bar", "hbar", "stacked-bar", "line", "area", "pie", "donut", "scatter")


@record
class Chart(Node):
    """A chart drawn from data: `kind` is one of CHART_KINDS. For a scatter chart the
    categories are the x values (their numbers in `x_values`)."""

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""  # the value axis's title, e.g. "million tonnes"
    alt: str = ""
    x_values: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in CHART_KINDS:
            raise ValueError(f"Chart.kind must be one of {', '.join(CHART_KINDS)}, "
                             f"not {self.kind!r}")
        _freeze(self, "categories", kind=str)
        _freeze(self, "series", kind=Series)
        _freeze(self, "x_values", kind=(int, float))


@record
class Exhibit(Node):
    """A numbered figure (a chart) or table with its caption: `label` ("Figure 2") and
    `title` above it, `source` ("Source: …") and `note` below. Cross-references lead to
    `anchor`."""

    kind: str  # "figure" | "table"
    label: str
    title: tuple[Inline, ...]
    body: Chart | Table
    anchor: str
    source: tuple[Inline, ...] = ()
    note: tuple[Inline, ...] = ()
    alt: str = ""
    number: int = 0  # its place among the figures (or tables): the 2 of "Figure 2"

    def __post_init__(self) -> None:
        _freeze(self, "title", "source", "note", kind=Node)


@record
class Reference(Node):
    """One entry of the references list: its printed `label` ("1."); citations link to `anchor`."""

    label: str
    anchor: str
    content: tuple[Inline, ...]

    def __post_init__(self) -> None:
        _freeze(self, "content", kind=Node)


@record
class References(Node):
    """The numbered list of sources."""

    entries: tuple[Reference, ...]
    role: str = "references"

    def __post_init__(self) -> None:
        _freeze(self, "entries", kind=Node)


@record
class PageBreak(Node):
    """Start a new page — unless the page so far is less than `min_fill` full (a share of its
    text height, 0 to 1): then the text runs on, rather than leave the page mostly empty."""

    min_fill: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_fill <= 1.0:
            raise ValueError(f"PageBreak.min_fill must be between 0 and 1, not {self.min_fill}")


Block = (
    TitleBlock | TableOfContents | Heading | Paragraph | ListBlock | Table | Quote | Callout
    | KeyValueList | Columns | Matrix | Figure | Exhibit | Chart | References | PageBreak
)


# --- the document -------------------------------------------------------------------------------


# languages written right to left, by primary subtag
RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})


@record
class Metadata(Record):
    """What goes into the file's properties (title, authors, language, …)."""

    title: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    organization: str = ""
    date: datetime.date | None = None
    language: str = "en"
    keywords: tuple[str, ...] = ()
    classification: str = ""
    template: str = "default"  # the name of the template the layout followed
    identifier: str = ""  # where it is published: its DOI's address, else its URL

    def __post_init__(self) -> None:
        _freeze(self, "authors", "keywords", kind=str)

    @property
    def subject(self) -> str:
        return self.subtitle or self.title

    @property
    def right_to_left(self) -> bool:
        """Whether the brief's language is written right to left: its whole layout mirrors."""
        return (self.language or "en").split("-")[0].lower() in RIGHT_TO_LEFT

    @property
    def author(self) -> str:
        """One line naming who wrote it: the authors, else the organization."""
        return "; ".join(a for a in self.authors if a) or self.organization


@record
class RunningText(Record):
    """The running header or footer: what stands at its left, centre and right."""

    left: tuple[Inline, ...] = ()
    center: tuple[Inline, ...] = ()
    right: tuple[Inline, ...] = ()

    def __post_init__(self) -> None:
        _freeze(self, "left", "center", "right", kind=Node)

    def slots(self) -> tuple[tuple[str, tuple[Inline, ...]], ...]:
        """The non-empty slots as (left|center|right, content)."""
        return tuple((name, content) for name, content in
                     (("left", self.left), ("center", self.center), ("right", self.right))
                     if content)


NO_RUNNING_TEXT = RunningText()  # immutable, so one can stand for every empty header


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """A whole brief, ready for any backend.

    `header` and `footer` run on every page except the cover page; on a page that holds a
    compact title block (no cover page) only the footer is shown. `numbers` maps an anchor
    (e.g. `source-timenews`) to the number citations of it show. `style` is the resolved
    style of the template the layout followed (`briefgen.style.Style`), used when a document
    is rendered without naming one; the tree itself never depends on it.
    """

    meta: Metadata
    blocks: tuple[Block, ...]
    header: RunningText = NO_RUNNING_TEXT
    footer: RunningText = NO_RUNNING_TEXT
    numbers: Mapping[str, int] = field(default_factory=dict)
    citation_separator: str = ","
    style: object = field(default=None, repr=False)
    labels: Mapping[str, str] = field(default_factory=dict)  # exhibit anchor → "Figure 2"
    notes: tuple[Note, ...] = ()  # numbered in order of first reference
    notes_title: str = "Notes"  # where a format lists them at the end (HTML)

    def __post_init__(self) -> None:
        _freeze(self, "blocks", kind=Node)
        _freeze(self, "notes", kind=Note)
        object.__setattr__(self, "numbers", frozen_map(self.numbers))
        object.__setattr__(self, "labels", frozen_map(self.labels))

    def label_of(self, reference: Citation | CrossReference | NoteReference) -> str:
        """What a citation shows (its source's number, or its id when the source is unknown),
        a cross-reference (its exhibit's label, e.g. "Figure 2") or a note reference (its
        note's number)."""
        if isinstance(reference, CrossReference):
            return self.labels.get(reference.anchor, f"{reference.kind}:{reference.target_id}")
        if isinstance(reference, NoteReference):
            note = self.note(reference.anchor)
            return note.label if note is not None else reference.note_id
        number = self.numbers.get(reference.anchor)
        return str(number) if number is not None else reference.source_id

    def note(self, anchor: str) -> Note | None:
        """The note of `anchor`, if the document holds it."""
        return next((n for n in self.notes if n.anchor == anchor), None)

    def headings(self) -> list[Heading]:
        """Every heading, in order, nested ones included."""
        return [b for b in walk_blocks(self.blocks) if isinstance(b, Heading)]

    def anchors(self) -> frozenset[str]:
        """Every anchor an internal link may point at: headings and source entries."""
        found = set()
        for block in walk_blocks(self.blocks):
            if isinstance(block, Heading):
                found.add(block.anchor)
            elif isinstance(block, References):
                found.update(entry.anchor for entry in block.entries)
            elif isinstance(block, Exhibit):
                found.add(block.anchor)
        found.update(note.anchor for note in self.notes)
        return frozenset(found)

    def plain_text(self, inlines: Iterable[Inline]) -> str:
        """`inlines` as a reader sees them, citations as their numbers."""
        return plain_text(inlines, self)


# --- walking the tree ---------------------------------------------------------------------------


def children(node: object) -> list[Node]:
    """The nodes directly inside `node`, in reading order (any node type, known or not)."""
    found: list[Node] = []
    try:
        node_fields = fields(node)  # type: ignore[arg-type]
    except TypeError:  # not a dataclass: nothing inside that we know how to reach
        return found
    for item in node_fields:
        _collect(getattr(node, item.name), found)
    return found


def _collect(value: object, found: list[Node]) -> None:
    if isinstance(value, Node):
        found.append(value)
    elif isinstance(value, tuple):
        for item in value:
            _collect(item, found)


_WITH_BLOCKS = (ListBlock, Table, TableCell, Quote, Callout, Columns, Column, Exhibit)


def walk_blocks(blocks: Iterable[object]) -> Iterable[Block]:
    """Every block, depth first, including blocks inside lists, tables, boxes and columns."""
    for block in blocks:
        yield block  # type: ignore[misc]
        if isinstance(block, _WITH_BLOCKS):
            yield from walk_blocks(_nested_blocks(block))


def _nested_blocks(block: Node) -> list[object]:
    if isinstance(block, ListBlock):
        return [b for item in block.items for b in item]
    if isinstance(block, Table):
        return [b for row in (block.header, *block.rows) for cell in row for b in cell.content]
    if isinstance(block, Columns):
        return [b for column in block.columns for b in column.content]
    if isinstance(block, Exhibit):
        return [block.body]
    return list(getattr(block, "content", ()))


def inline_groups(block: object) -> list[tuple[Inline, ...]]:
    """The runs of inline spans a block holds directly (not those of blocks inside it)."""
    if isinstance(block, (Paragraph, Heading)):
        return [block.content]
    if isinstance(block, Quote):
        return [block.attribution]
    if isinstance(block, KeyValueList):
        return [item.value for item in block.items]
    if isinstance(block, References):
        return [entry.content for entry in block.entries]
    if isinstance(block, Figure):
        return [block.caption]
    if isinstance(block, Exhibit):
        return [block.title, block.source, block.note]
    if isinstance(block, TitleBlock):
        return [block.credits]
    if isinstance(block, TableOfContents):
        return [entry.content for entry in block.entries]
    return []


def walk_inlines(blocks: Iterable[object]) -> Iterable[Inline]:
    """Every inline span, depth first, in reading order, of every block."""
    for block in walk_blocks(blocks):
        for group in inline_groups(block):
            yield from _inline_tree(group)


def _inline_tree(inlines: Iterable[Inline]) -> Iterable[Inline]:
    for node in inlines:
        yield node
        if isinstance(node, (Strong, Emphasis, Link)):
            yield from _inline_tree(node.children)


def plain_text(inlines: Iterable[Inline], document: Document | None = None) -> str:
    """The text of inline spans as a reader sees it; citations as their number in brackets
    (their source id without a `document` to number them), page numbers as '#'."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Strong, Emphasis, Link)):
            out.append(plain_text(node.children, document))
        elif isinstance(node, Citation):
            out.append(f"[{document.label_of(node) if document else node.source_id}]")
        elif isinstance(node, CrossReference):
            out.append(document.label_of(node) if document else f"{node.kind}:{node.target_id}")
        elif isinstance(node, NoteReference):
            out.append(f"[^{document.label_of(node) if document else node.note_id}]")
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (PageNumber, PageCount)):
            out.append("#")
    return "".join(out)
