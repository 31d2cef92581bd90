"""Inline spans → Markdown: text escaped, emphasis that parses back as emphasis, safe links."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field, replace

from briefgen.document import (
    Citation, Code, CrossReference, Document, Emphasis, Inline, LineBreak, Link, NoteReference,
    PageCount, PageNumber, Strong, Text, plain_text,
)
from briefgen.output import Translator

from .escape import (
    HARD_BREAK, clean, code_span, destination, escape, is_punctuation, is_space, may_be_punctuation,
    safe_url,
)


@dataclass(frozen=True, slots=True)
class Span:
    """Where a run of inline spans is written.

    `before` and `after` are the characters around the run ("\\n" for a line's start or end):
    CommonMark decides from them whether `*` opens or closes emphasis.
    """

    cell: bool = False  # in a table cell: hard breaks become <br>, pipes in code are escaped
    heading: bool = False  # on a heading line, which cannot break: hard breaks become spaces
    links: bool = True  # False inside a link's text: links do not nest
    before: str = "\n"
    after: str = "\n"
    open_marks: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class _Code:
    """A code span's text, written once it is known whether the next span is code too."""

    text: str


@dataclass(frozen=True, slots=True)
class _Delimited:
    """A strong or emphasised run, written once its neighbours are known."""

    mark: str  # "**" or "*"
    tag: str  # the HTML element that says the same when the mark would not parse
    inner: str
    nested: bool  # the same mark is already open around it

    def render(self, before: str, after: str) -> str:
        lead, core, trail = _peel(self.inner)
        if not core:
            return self.inner
        if self._parses(core, lead[-1:] or before, trail[:1] or after):
            return f"{lead}{self.mark}{core}{self.mark}{trail}"
        return f"{lead}<{self.tag}>{core}</{self.tag}>{trail}"

    def _parses(self, core: str, before: str, after: str) -> bool:
        """Whether `mark + core + mark` between `before` and `after` reads back as this span."""
        if self.nested or "*" in (core[0], core[-1], before, after):
            return False  # delimiter runs would merge or be paired differently
        # Readers disagree on what punctuation is: decide so that every one of them agrees.
        opens = (not may_be_punctuation(core[0]) or is_space(before)
                 or is_punctuation(before))
        closes = not may_be_punctuation(core[-1]) or is_space(after) or is_punctuation(after)
        return opens and closes


_STRICT = Span(before="a", after="a")  # unknown neighbours: assume letters, the strictest case


class InlineTranslator(Translator[str]):
    """Writes inline spans as one string of Markdown.

    `anchors` are the anchors the document defines: a citation or contents entry links only to
    one of them, so no internal link of the output dangles.
    """

    format_name = "md"

    def __init__(self, document: Document, anchors: Set[str]) -> None:
        super().__init__()
        self.document = document
        self.anchors = anchors

    def combine(self, results: list[str]) -> str:
        return "".join(results)

    def inlines(self, nodes: Iterable[Inline], span: Span = Span()) -> str:
        """A run of spans; emphasis is decided knowing the characters on both sides of it."""
        pieces: list[str | _Delimited | _Code] = []
        previous: object = None
        for node in self._flat(nodes, span):
            if isinstance(node, Citation) and isinstance(previous, Citation):
                pieces.append(escape(self.document.citation_separator))
            if isinstance(node, (Strong, Emphasis)):
                pieces.append(self._delimited(node, span))
            elif isinstance(node, Code):
                pieces.append(_Code(node.text))
            else:
                pieces.append(self.visit(node, span))
            previous = node
        return self._joined(pieces, span)

    def _flat(self, nodes: Iterable[Inline], span: Span) -> list[Inline]:
        """`nodes` as they will be written: a link that will not be one replaced by what it
        holds (so that is written knowing its real neighbours), empty text and code left out,
        and neighbouring texts made one (escaping looks across them: ":smile" + ":")."""
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Link) and not self._linkable(node, span):
                for child in self._flat(node.children, span):
                    _append(out, child)
            elif not (isinstance(node, (Text, Code)) and not clean(node.text)):
                _append(out, node)
        return out

    def _linkable(self, node: Link, span: Span) -> bool:
        visible = clean(plain_text(node.children, self.document)).strip()
        return span.links and safe_url(node.url) is not None and bool(visible)

    def _joined(self, pieces: list[str | _Delimited | _Code], span: Span) -> str:
        out: list[str] = []
        code: tuple[int, str] | None = None  # where the last code span is, and its text
        for index, piece in enumerate(pieces):
            if isinstance(piece, _Code):
                # Code spans with nothing between them are one: their fences would join.
                at, text = code if code is not None else (len(out), "")
                code = (at, text + piece.text)
                out[at:] = [code_span(code[1], in_table=span.cell)]
                continue
            if isinstance(piece, _Delimited):
                piece = piece.render(_last_char(out, span.before),
                                     _next_char(pieces, index + 1, span.after))
            if piece.startswith("[") and _last_char(out, "") == "!":
                _escape_last_bang(out)  # "![" would make the link an image
            if piece:
                code = None
            out.append(piece)
        return "".join(out)

    def _delimited(self, node: Strong | Emphasis, span: Span) -> _Delimited:
        mark, tag = ("**", "strong") if isinstance(node, Strong) else ("*", "em")
        inner_span = replace(span, before="*", after="*", open_marks=span.open_marks | {mark})
        return _Delimited(mark, tag, self.inlines(node.children, inner_span),
                          mark in span.open_marks)

    # --- one span each ----------------------------------------------------------------------

    def visit_Text(self, node: Text, span: Span) -> str:
        return escape(node.text)

    def visit_Code(self, node: Code, span: Span) -> str:
        return code_span(node.text, in_table=span.cell)

    def visit_Strong(self, node: Strong, span: Span) -> str:
        # Reached only for spans inside an unknown node type, whose neighbours are not known.
        return self.inlines((node,), replace(span, before=_STRICT.before, after=_STRICT.after))

    def visit_Emphasis(self, node: Emphasis, span: Span) -> str:
        return self.inlines((node,), replace(span, before=_STRICT.before, after=_STRICT.after))

    def visit_Link(self, node: Link, span: Span) -> str:
        url = safe_url(node.url)
        if url is None or not self._linkable(node, span):
            return self.inlines(node.children, span)
        text = self.inlines(node.children, replace(span, links=False, before="[", after="]"))
        return f"[{text}]({destination(url)})"

    def visit_Citation(self, node: Citation, span: Span) -> str:
        # bracketed, as plain text marks a citation: "partnership[1]", never "partnership1"
        label = escape(f"[{self.document.label_of(node)}]")
        return self.internal_link(label, node.anchor) if span.links else label

    def visit_NoteReference(self, node: NoteReference, span: Span) -> str:
        label = self.document.label_of(node)
        known = node.anchor in self.anchors and label.isdigit()
        return f"[^{label}]" if known else escape(f"[^{node.note_id}]")

    def visit_CrossReference(self, node: CrossReference, span: Span) -> str:
        label = escape(self.document.label_of(node))
        return self.internal_link(label, node.anchor) if span.links else label

    def visit_LineBreak(self, node: LineBreak, span: Span) -> str:
        return "<br>" if span.cell else " " if span.heading else HARD_BREAK

    def visit_PageNumber(self, node: PageNumber, span: Span) -> str:
        return ""  # Markdown has no pages

    def visit_PageCount(self, node: PageCount, span: Span) -> str:
        return ""

    def internal_link(self, markdown: str, anchor: str) -> str:
        """`[markdown](#anchor)`, or the text alone when the document has no such anchor."""
        if anchor not in self.anchors or not markdown.strip():
            return markdown
        return f"[{markdown}](#{destination(anchor)})"


def _append(out: list[Inline], node: Inline) -> None:
    if isinstance(node, Text) and out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + node.text)
    else:
        out.append(node)


def _escape_last_bang(out: list[str]) -> None:
    for index in range(len(out) - 1, -1, -1):
        if out[index]:
            out[index] = out[index][:-1] + "\\!"
            return


def _peel(inner: str) -> tuple[str, str, str]:
    """`inner` as (leading, core, trailing): emphasis may not start or end with whitespace,
    and a hard break's backslash next to a closing mark would escape it."""
    start, end = 0, len(inner)
    while start < end:
        if inner.startswith(HARD_BREAK, start):
            start += len(HARD_BREAK)
        elif is_space(inner[start]):
            start += 1
        else:
            break
    while end > start:
        if inner.endswith(HARD_BREAK, start, end):
            end -= len(HARD_BREAK)
        elif is_space(inner[end - 1]):
            end -= 1
        else:
            break
    return inner[:start], inner[start:end], inner[end:]


def _last_char(out: list[str], default: str) -> str:
    for piece in reversed(out):
        if piece:
            return piece[-1]
    return default


def _next_char(pieces: list[str | _Delimited | _Code], start: int, default: str) -> str:
    for piece in pieces[start:]:
        if isinstance(piece, _Delimited):
            return "*"  # it will open with a mark (or a tag, also punctuation)
        if isinstance(piece, _Code):
            return "`"
        if piece:
            return piece[0]
    return default
