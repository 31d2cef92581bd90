"""The backend contract: tests any backend can run to show it renders every document briefgen
can make. Use it from pytest (pytest is not needed to import this module):

    from briefgen.testing import BackendContract

    class TestMyBackend(BackendContract):
        backend = MyBackend()

        def extract_text(self, data: bytes) -> str:   # optional: how to read your format back
            return data.decode("utf-8")

Every test renders through `briefgen.output.render_document`, the render boundary the library
and the command line use. With `extract_text`, the tests also check that every word of the
documents comes back. The documents are built here from nodes alone: `node_tour()` (every
node type and every role), `smallest_document()`, `large_document()`, `hostile_document()`.
"""

from __future__ import annotations

import datetime
import struct
import zlib
from dataclasses import dataclass, replace
from typing import Any

from .document.nodes import (
    CHART_KINDS, Block, Callout, Chart, Citation, Code, Column, Columns, CrossReference, Document,
    Emphasis, Exhibit, Figure, Heading, Image, Inline, KeyValue, KeyValueList, LineBreak, Link,
    ListBlock, Matrix, MatrixCell, MatrixKey, Metadata, Node, Note, NoteReference, PageBreak,
    PageCount, PageNumber, Paragraph, Quote, Reference, References, RunningText, Series, Strong,
    Table, TableCell, TableOfContents, Text, TitleBlock, TocEntry, note_anchor, reference_anchor,
)
from .errors import RenderError
from .style.roles import ROLES

__all__ = [
    "HOSTILE_TEXTS",
    "BackendContract",
    "hostile_document",
    "large_document",
    "node_tour",
    "smallest_document",
    "tiny_png",
]

# Text that has broken document writers: markup of every format this project writes, control
# and format characters, a giant word, scripts in both directions, emoji, page placeholders.
HOSTILE_TEXTS = (
    "<b>&amp; </para> <script>alert(1)</script> <font color=\"red\">x</font>",
    "| pipe | *stars* _under_ `tick` [link](javascript:alert(1)) # hash \\ back",
    "{page} of {pages} {running_title} %PDF-1.7 ]]> <!-- x --> &#x202e;",
    "ctrl\x00\x07\x0b\x0c\x1b[31m\x7f\x85 surrogate\ud800 nonchar\ufffe end",
    "bidi \u202eoverride\u202c \u200f rtl mark, zero\u200bwidth, soft\u00adhyphen, nbsp\u00a0x",
    "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \u049a\u0430\u0437\u0430\u049b\u0441"
    "\u0442\u0430\u043d S\u00e3o Tom\u00e9 \u20b8 \U0001f30d\u200d",
    "line\r\nbreaks\rand\ttabs\n\nblank lines",
    "W" + "o" * 3000 + "rd",
)


def tiny_png(width: int = 4, height: int = 2) -> Image:
    """A real PNG image (solid teal), made with the standard library alone."""
    raw = b"".join(b"\x00" + b"\x2a\x7f\x8e" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return Image(data, "png", width, height, "tiny.png")


def _p(text: str, role: str = "") -> Paragraph:
    return Paragraph((Text(text),), role=role)


def _running() -> tuple[RunningText, RunningText]:
    header = RunningText(left=(Text("Tour header"),), right=(Strong((Text("SECRET"),)),))
    footer = RunningText(left=(Text("Tour footer"),), center=(Emphasis((Text("centre"),)),),
                         right=(Text("Page "), PageNumber(), Text(" of "), PageCount()))
    return header, footer


def _inline_tour() -> tuple[Inline, ...]:
    return (Text("Plain "), Strong((Text("strong "), Emphasis((Text("both"),)))), Text(" "),
            Emphasis((Text("emphasis"),)), Text(" "), Code("code()"), LineBreak(),
            Text("after break"), Citation("src"), Citation("other"), Text(" "),
            Link('https://example.org/q?a="1"&b=<2>', (Text("quoted link"),)), Text(" "),
            Link("javascript:alert(1)", (Text("unsafe link"),)), Text(" "),
            Citation("missing"), Text(" as in "), CrossReference("fig", "bar"), Text(" and "),
            CrossReference("tab", "data"), Text(" noted"), NoteReference("tour"))


def _role_nodes() -> list[Block]:
    """One node for every role of the vocabulary that a node can carry."""
    out: list[Block] = []
    for name, role in ROLES.items():
        kind = role.nodes[0] if role.nodes else ""
        text = f"role {name}"
        if kind == "Paragraph":
            out.append(_p(text, name))
        elif kind == "Heading":
            out.append(Heading(3, (Text(text),), f"role-{name}".replace(".", "-"), role=name))
        elif kind == "Callout":
            out.append(Callout((_p(text),), title=f"{name} title", role=name))
        elif kind == "ListBlock":
            out.append(ListBlock(((_p(text),), (_p("second item"),)), role=name))
        elif kind in ("TableCell", "MatrixCell"):
            out.append(Table((TableCell((_p("head"),)),), ((TableCell((_p(text),), role=name),),)))
        elif kind == "KeyValueList":
            out.append(KeyValueList((KeyValue("Label", (Text(text),)),), title="Facts", role=name))
        elif kind == "Quote":
            out.append(Quote((_p(text),), (Text("\u2014 Speaker"),), role=name))
        elif kind == "Columns":
            out.append(Columns((Column("Left", (_p(text),)), Column("Right", ())), role=name))
        elif kind == "Table":
            out.append(Table((TableCell((_p("A"),)),), ((TableCell((_p(text),)),),), role=name))
        elif kind == "Matrix":
            out.append(replace(_matrix(name), title=text))
        elif kind == "TitleBlock":
            out.append(TitleBlock(text, own_page=False, role=name))
        elif kind == "References":
            out.append(References((Reference("9.", "source-role", (Text(text),)),), role=name))
        elif kind == "Exhibit":
            out.append(Exhibit("figure", "Figure 9", (Text(text),), _chart("bar"), "fig-role",
                               number=9))
        elif kind == "Chart":
            out.append(_chart("line", text))
    return out


def _chart(kind: str, first: str = "First series") -> Chart:
    """A chart of `kind` with two series (one for a pie) over three categories."""
    series: tuple[Series, ...] = (Series(first, (1.5, None, 3.0), ("1.5", "", "3.0")),
              Series("Second series", (2.0, 2.5, 1.0), ("2.0", "2.5", "1.0")))
    if kind in ("pie", "donut"):
        series = (Series(first, (1.0, 2.0, 3.0), ("1", "2", "3")),)
    x_values = (1.0, 2.0, 4.0) if kind == "scatter" else ()
    return Chart(kind, ("1", "2", "4") if x_values else ("North", "South", "East"), series,
                 "tonnes", f"A {kind} chart", x_values)


def _exhibits() -> list[Block]:
    """A figure of every chart kind and a data table, each numbered, with caption lines."""
    out: list[Block] = []
    for number, kind in enumerate(CHART_KINDS, 1):
        out.append(Exhibit("figure", f"Figure {number}", (Text(f"{kind} chart title"),),
                           _chart(kind), f"fig-{kind}", (Text("Source: tour data"),),
                           (Text(f"{kind} note"),), f"A {kind} chart", number))
    table = Table((TableCell((_p("Partner"),)), TableCell((_p("2024"),))),
                  ((TableCell((_p("Morocco"),)), TableCell((_p("180"),), "number")),
                   (TableCell((_p("Egypt"),)), TableCell((_p("1,310.5"),), "number"))),
                  role="data-table")
    out.append(Exhibit("table", "Table 1", (Text("Data table title"),), table, "tab-data",
                       (Text("Source: tour table"),), number=1))
    return out


def _matrix(role: str = "risk-matrix") -> Matrix:
    cells = ((MatrixCell(("M1",), "severity.5"), MatrixCell((), "severity.1")),
             (MatrixCell((), "other"), MatrixCell(("M2", "M3"), "level.medium")))
    return Matrix("Rows", "Columns", ("Top", "Bottom"), ("West", "East"), cells,
                  legend=(MatrixKey("M1", "first marker"), MatrixKey("M2", "second marker")),
                  title="Grid title", role=role)


def _block_tour() -> list[Block]:
    image = tiny_png(64, 32)
    items = ((_p("outer one"), ListBlock(((_p("inner ordered"),),), ordered=True, start=4)), (),
             (_p("outer three"), _p("more")))
    return [
        Heading(1, (Text("Blocks"),), "blocks"),
        Paragraph(_inline_tour()),
        Heading(2, (Text("Second level"),), "second", number="7."),
        Heading(3, (Text("Third level"),), "third"),
        ListBlock(items),
        Table((TableCell((_p("Head A"),)), TableCell((_p("Head B"),))),
              ((TableCell((_p("cell one"),)), TableCell((_p("High"),), role="level.high")),
               (TableCell((ListBlock(((_p("listed in cell"),),)),)),))),
        Quote((_p("A plain quotation"),)),
        Quote((_p("\u201cA pulled quotation\u201d"),), (Text("\u2014 "), Strong((Text("Speaker"),)),
                                                         Text(", Role")), role="pull-quote"),
        Callout((_p("Inside the box"), Figure(image, "a box figure")), title="Box title"),
        KeyValueList((KeyValue("Label", (Text("value text"),)),), title="Facts"),
        KeyValueList(()),
        Columns((Column("Left", (_p("left text"),), role="pros"), Column("Middle", ()),
                 Column("Right", (_p("right text"),), role="cons"))),
        _matrix(),
        Matrix("R", "C", (), (), (), legend=(MatrixKey("E1", "an empty grid's key"),),
               title="Empty grid title"),
        Figure(image, "alt text", (Text("Figure caption"),)),
        *_exhibits(),
        TitleBlock("An inner title block", "its subtitle", own_page=False,
                   credits=(Text("inner credits"),)),
        TitleBlock("A second cover", kicker="Second press", date="2 May 2025",
                   byline=("Cy Second",)),
        PageBreak(),
        Heading(1, (Text("Roles"),), "roles"),
        *_role_nodes(),
        Heading(1, (Text("Sources"),), "sources"),
        References((Reference("1.", reference_anchor("src"), (Emphasis((Text("Source title"),)),
                                                              Text("."))),
                    Reference("2.", reference_anchor("other"), (Text("Other source"),)))),
        Table((), ()),
    ]


def node_tour() -> Document:
    """A document with every node type, every inline type and every role."""
    cover = TitleBlock("Node tour", "Every block", kicker="Tour Press", date="1 May 2025",
                       byline=("Ann Author", "Bo Writer"), classification="SECRET",
                       logo=tiny_png(30, 10))
    blocks = _block_tour()
    entries = tuple(TocEntry(h.level, h.number, h.content, h.anchor) for h in blocks
                    if isinstance(h, Heading) and h.level <= 2)
    header, footer = _running()
    meta = Metadata("Node tour", "Every block", ("Ann Author",), "Tour Press",
                    datetime.date(2025, 5, 1), "en", ("tour", "nodes"), "SECRET")
    labels = {b.anchor: b.label for b in blocks if isinstance(b, Exhibit)}
    notes = (Note("1", note_anchor("tour"), (Text("Tour note text "), Citation("src"))),)
    return Document(meta, (cover, TableOfContents("Contents", entries), *blocks), header, footer,
                    {reference_anchor("src"): 1, reference_anchor("other"): 2}, labels=labels,
                    notes=notes)


# Words of the node tour a reader must find in any output that has text.
TOUR_PHRASES = (
    "Node tour", "Every block", "Ann Author", "SECRET", "Plain", "strong", "both", "emphasis",
    "code()", "after break", "quoted link", "unsafe link", "missing", "Second level",
    "Third level", "outer one", "inner ordered", "outer three", "more", "Head A", "cell one",
    "High", "listed in cell", "A plain quotation", "A pulled quotation", "Speaker", "Box title",
    "Inside the box", "Facts", "Label", "value text", "Left", "left text", "Middle", "Right",
    "right text", "Grid title", "Top", "Bottom", "West", "East", "M1", "M2", "M3",
    "first marker", "Figure caption", "Source title", "An inner title block", "inner credits",
    "Empty grid title", "an empty grid's key", "A second cover", "Second press", "2 May 2025",
    "Cy Second", "as in", "Figure 1", "Table 1", "bar chart title", "pie chart title",
    "Source: tour data", "scatter note", "Data table title", "Partner", "Morocco", "1,310.5",
    "Source: tour table", "noted", "Tour note text",
    *(f"role {name}" for name, role in ROLES.items() if role.nodes),
)


def smallest_document() -> Document:
    """The least a document can be: a title and no blocks."""
    return Document(Metadata("Smallest"), ())


def large_document(sections: int = 150) -> Document:
    """A long document: `sections` sections of text, lists and a table (about a page each)."""
    blocks: list[Block] = []
    for i in range(sections):
        blocks.append(Heading(1 if i % 5 == 0 else 2, (Text(f"Section {i}"),), f"section-{i}"))
        blocks.append(_p(f"Section {i} begins. " + "A sentence of running text. " * 30))
        blocks.append(ListBlock(tuple((_p(f"Point {i}.{k}"),) for k in range(4))))
        blocks.append(Table((TableCell((_p("Key"),)), TableCell((_p("Value"),))),
                            tuple((TableCell((_p(f"k{i}.{k}"),)), TableCell((_p("v"),)))
                                  for k in range(3))))
    return Document(Metadata("Large"), tuple(blocks), *_running())


def hostile_document() -> Document:
    """Every hostile text in every place text can stand."""
    blocks: list[Block] = []
    for index, text in enumerate(HOSTILE_TEXTS):
        blocks += [
            Heading(1 + index % 3, (Text(text),), f"hostile-{index}", number=text[:8]),
            Paragraph((Text(text), Strong((Text(text),)), Code(text), Link(text, (Text(text),)),
                       Citation(text))),
            ListBlock(((_p(text),),)),
            Table((TableCell((_p(text),)),), ((TableCell((_p(text),), role=text),),)),
            KeyValueList((KeyValue(text, (Text(text),)),), title=text),
            Quote((_p(text),), (Text(text),)),
            Matrix(text, text, (text,), (text,), ((MatrixCell((text,), text),),),
                   legend=(MatrixKey(text, text),), title=text),
        ]
    title = " ".join(HOSTILE_TEXTS[:3])
    cover = TitleBlock(title, HOSTILE_TEXTS[3], kicker=HOSTILE_TEXTS[4], date=HOSTILE_TEXTS[5],
                       byline=HOSTILE_TEXTS[6:], classification=HOSTILE_TEXTS[1])
    running = RunningText(left=(Text(HOSTILE_TEXTS[0]),), right=(Text(HOSTILE_TEXTS[2]),))
    meta = Metadata(title, HOSTILE_TEXTS[5], HOSTILE_TEXTS[:2], HOSTILE_TEXTS[3],
                    language="x<y", keywords=HOSTILE_TEXTS[:3], classification=HOSTILE_TEXTS[1])
    return Document(meta, (cover, *blocks), running, running, {HOSTILE_TEXTS[0]: 1})


class _Poison(Text):
    """A text node that fails when its text is read, as a bug in a backend's input would."""

    @property
    def text(self) -> str:
        raise ValueError("this node is poisoned")


def poisoned_document() -> Document:
    poison = object.__new__(_Poison)
    return Document(Metadata("Poisoned"), (Heading(1, (Text("Before"),), "before"),
                                           Paragraph((poison,))))


@dataclass(frozen=True, slots=True)
class _Mystery(Node):
    """A node type no backend knows, holding paragraphs."""

    content: tuple[Block, ...]


class BackendContract:
    """Subclass with `backend = YourBackend()` (and, optionally, `extract_text`) under pytest."""

    backend: Any = None
    style: Any = None  # the Style to render with; default: the built-in default template's

    def extract_text(self, data: bytes) -> str | None:
        """The text a reader would see in `data`, or None if the format cannot be read back."""
        return None

    # --- helpers --------------------------------------------------------------------------

    def render(self, document: Document) -> bytes:
        from .output.boundary import render_document

        return render_document(self.backend, document, self._style())

    def _style(self) -> Any:
        if self.style is None:
            from .templates import load_theme

            type(self).style = load_theme("default").style()
        return self.style

    def assert_words(self, data: bytes, words: Any) -> None:
        text = self.extract_text(data)
        if text is None:
            return
        flat = " ".join(text.split())
        missing = [w for w in words if " ".join(w.split()) not in flat]
        assert not missing, f"{self.backend.name}: words missing from the output: {missing}"

    # --- the contract ---------------------------------------------------------------------

    def test_backend_describes_itself(self) -> None:
        for attribute in ("name", "extension", "media_type"):
            value = getattr(self.backend, attribute, None)
            assert isinstance(value, str) and value, f"the backend needs a {attribute}"
        assert not self.backend.extension.startswith("."), "the extension is without a dot"
        assert "/" in self.backend.media_type, "the media type is a type/subtype"

    def test_every_node_type_and_role(self) -> None:
        data = self.render(node_tour())
        assert data, "the output is empty"
        self.assert_words(data, TOUR_PHRASES)

    def test_the_smallest_document(self) -> None:
        assert self.render(smallest_document())
        assert self.render(Document(Metadata("Title only"), (TitleBlock("Title only"),)))

    def test_a_very_large_document(self) -> None:
        data = self.render(large_document())
        self.assert_words(data, ["Section 0 begins.", "Section 149 begins.", "Point 149.3"])

    def test_hostile_text(self) -> None:
        data = self.render(hostile_document())
        self.assert_words(data, ["<b>&amp; </para> <script>alert(1)</script>",
                                 "| pipe | *stars* _under_ `tick`", "{page} of {pages}",
                                 "blank lines", "Woooo"])

    def test_the_same_document_gives_the_same_bytes(self) -> None:
        document = node_tour()
        assert self.render(document) == self.render(document), "two renders differ"

    def test_a_failure_inside_is_a_render_error_naming_the_backend(self) -> None:
        try:
            self.render(poisoned_document())
        except RenderError as exc:
            assert exc.backend == self.backend.name
            assert str(exc).startswith(f"{self.backend.name}: ")
        else:
            raise AssertionError("a node that fails to render must fail the render")

    def test_an_unknown_node_type_renders_its_content(self) -> None:
        mysteries: tuple[Any, ...] = (_Mystery((_p("inside the mystery"),)),
                                      _Mystery((_p("again"),)))
        document = Document(Metadata("Mystery"), mysteries)
        self.assert_words(self.render(document), ["inside the mystery", "again"])
