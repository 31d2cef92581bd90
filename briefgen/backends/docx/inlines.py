"""Inline spans → WordprocessingML runs: text, bold and italic, code, links and citations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ...output.scripts import COMPLEX, has_right_to_left
from ...document.nodes import (
    Citation, Code, CrossReference, Document, Emphasis, Inline, LineBreak, Link, NoteReference,
    PageCount, PageNumber, Strong, Text, safe_url,
)
from .xml import clean, esc, field_runs, rpr, text_runs

MAX_URL = 2000  # Word refuses longer hyperlink targets (its limit is 2,083 characters)


@dataclass(frozen=True, slots=True)
class RunLook:
    """What the surroundings force on every run: a colour (on a coloured cell), bold, a style."""

    color: str = ""
    bold: bool = False
    italic: bool = False
    style: str = ""
    in_link: bool = False
    strong_color: str = ""  # the colour of bold spans, where it differs (running header)


def script_pieces(text: str, fonts: dict[str, str]) -> list[tuple[str, str]]:
    """`text` cut where the font of its complex-script letters changes (`fonts`: letter →
    font; "" for the style's own); spaces and marks stay with the letters before them."""
    pieces: list[tuple[str, str]] = []
    start, current = 0, ""
    for index, char in enumerate(text):
        font = fonts.get(char)
        if font is None:
            if not COMPLEX.match(char):
                continue  # Latin, digits, spaces, punctuation: no complex-script face
            font = ""
        if font != current and index > start:
            pieces.append((text[start:index], current))
            start = index
        current = font
    pieces.append((text[start:], current))
    return pieces


class InlineWriter:
    """Writes runs for one document; knows its sources (for citation links) and its part (for
    hyperlink relationships)."""

    def __init__(self, document: Document, part: Any, style_id: Any, bookmark: Any,
                 mono_font: str, page_total: int):
        self.document = document
        self.part = part
        self.style_id = style_id  # (name, kind) → the style id in this document
        self.bookmark = bookmark  # anchor → the bookmark name in this document
        self.mono_font = mono_font
        self.page_total = page_total
        self.anchors: set[str] = set()
        self.source_titles: dict[str, str] = {}
        self.footnote_ids: dict[str, int] = {}  # note anchor → its footnote's id (and number)
        self.note_element = "footnote"  # or "endnote", as the template places notes
        # complex-script letters the styles' complex-script font lacks → the font they are in
        self.complex_fonts: dict[str, str] = {}
        self._rpr: dict[tuple[Any, ...], str] = {}

    def props(self, *, style: str = "", bold: bool = False, italic: bool = False,
              color: str = "", font: str = "", rtl: bool = False, cs: str = "") -> str:
        key = (style, bold, italic, color, font, rtl, cs)
        cached = self._rpr.get(key)
        if cached is None:
            cached = self._rpr[key] = rpr(style=style, font=font, bold=True if bold else None,
                                          italic=True if italic else None, color=color, rtl=rtl,
                                          cs=cs)
        return cached

    def plain(self, text: str, **props: Any) -> str:
        """Runs of plain text in these properties, marked right to left where it runs so."""
        return text_runs(text, self.props(rtl=has_right_to_left(text), **props))

    def text(self, text: str, look: RunLook) -> str:
        """Runs of plain text; a stretch of letters in another complex script than the
        styles' complex-script font has is a run of its own that names its face."""
        pieces = script_pieces(text, self.complex_fonts) if self.complex_fonts else [(text, "")]
        return "".join(text_runs(piece, self.props(
            style=look.style, bold=look.bold, italic=look.italic, color=look.color,
            rtl=has_right_to_left(piece), cs=cs)) for piece, cs in pieces)

    def runs(self, nodes: tuple[Inline, ...], look: RunLook = RunLook()) -> str:
        out = []
        for index, node in enumerate(nodes):
            if isinstance(node, Text):
                out.append(self.text(node.text, look))
            elif isinstance(node, (Strong, Emphasis)):
                strong = isinstance(node, Strong)
                color = look.strong_color or look.color if strong else look.color
                out.append(self.runs(node.children, RunLook(
                    color, look.bold or strong, look.italic or not strong, look.style,
                    look.in_link, look.strong_color)))
            elif isinstance(node, Code):
                # the font is also set on the run: LibreOffice lets a table cell's paragraph
                # font win over a character style
                out.append(text_runs(node.text, self.props(
                    style=self.style_id("Code", "character"), bold=look.bold,
                    italic=look.italic, font=self.mono_font)))
            elif isinstance(node, Link):
                out.append(self.link(node, look))
            elif isinstance(node, Citation):
                if index > 0 and isinstance(nodes[index - 1], Citation):
                    out.append(text_runs(self.document.citation_separator,
                                         self.props(style=self.style_id("Citation", "character"))))
                out.append(self.citation(node, look.in_link))
            elif isinstance(node, CrossReference):
                out.append(self.cross_reference(node, look))
            elif isinstance(node, NoteReference):
                out.append(self.note_reference(node, look))
            elif isinstance(node, LineBreak):
                out.append("<w:r><w:br/></w:r>")
            else:
                out.append(self.other(node, look))
        return "".join(out)

    def other(self, node: Any, look: RunLook) -> str:
        """Page fields, and the text of inline types this backend does not know."""
        props = self.props(bold=look.bold, italic=look.italic, color=look.color)
        if isinstance(node, PageNumber):
            return field_runs("PAGE", "1", props)
        if isinstance(node, PageCount):
            return field_runs("NUMPAGES", str(self.page_total), props)
        text = getattr(node, "text", "")
        out = text_runs(text, props) if isinstance(text, str) else ""
        return out + self.runs(tuple(getattr(node, "children", ())), look)

    def link(self, node: Link, look: RunLook) -> str:
        url = safe_url(clean(node.url)) or ""
        if look.in_link or not url or len(url) > MAX_URL:
            return self.runs(node.children, look)
        target = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
        rid = self.part.relate_to(target, RT.HYPERLINK, is_external=True)
        runs = self.runs(node.children, RunLook("", look.bold, look.italic,
                                                self.style_id("Hyperlink", "character"), True,
                                                look.strong_color))
        return f'<w:hyperlink r:id="{rid}" w:history="1">{runs}</w:hyperlink>'

    def citation(self, node: Citation, in_link: bool) -> str:
        run = self.plain(self.document.label_of(node),
                         style=self.style_id("Citation", "character"))
        if in_link or node.anchor not in self.anchors:
            return run
        tip = self.source_titles.get(node.anchor, "")
        tooltip = f' w:tooltip="{esc(tip[:250])}"' if tip else ""
        return (f'<w:hyperlink w:anchor="{self.bookmark(node.anchor)}"{tooltip} w:history="1">'
                f"{run}</w:hyperlink>")

    def note_reference(self, node: NoteReference, look: RunLook) -> str:
        """A footnote reference where the text first refers to a note; its number as text in
        the same style where it does again (Word has one reference per footnote)."""
        label = self.document.label_of(node)
        style = self.style_id("footnote reference", "character")
        if node.anchor not in self.anchors or not label.isdigit():
            return text_runs(label, self.props(style=style))
        if node.anchor in self.footnote_ids:
            return text_runs(label, self.props(style=style))
        self.footnote_ids[node.anchor] = int(label)
        return (f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                f'<w:{self.note_element}Reference w:id="{int(label)}"/></w:r>')

    def cross_reference(self, node: CrossReference, look: RunLook) -> str:
        """"Figure 2" as Word writes a cross-reference: a REF field to the bookmark around the
        caption's label, linked (\\h), so that Word renumbers it with the captions."""
        label = self.document.label_of(node)
        if node.anchor not in self.anchors:
            return self.plain(label, bold=look.bold, italic=look.italic, color=look.color)
        props = self.props(style="" if look.in_link else self.style_id("Hyperlink", "character"),
                           bold=look.bold, italic=look.italic, rtl=has_right_to_left(label))
        return field_runs(f"REF {self.bookmark(node.anchor)} \\h", label, props)
