"""Inline spans → ReportLab paragraph markup. The only place spec text meets markup.

Every piece of text is cleaned of control characters and XML-escaped here, at the last moment;
attribute values are quoted and escaped too. Tags are only ever written by this module, from
node types, never from text. Very long paragraphs come back in pieces so that ReportLab's line
breaking (quadratic in a paragraph's length) stays linear in the document's size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...document.nodes import (
    Citation, Code, CrossReference, Emphasis, LineBreak, Link, NoteReference, Strong, Text,
    safe_url,
)

HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# C0 controls except tab and newline, DEL, C1 controls, lone surrogates, non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")
_WHITESPACE = re.compile(r"\s")

# A paragraph longer than this many characters is set as several consecutive paragraphs of
# about CHUNK characters, cut at a sentence end (or a space, or inside a giant word).
SPLIT_ABOVE = 2400
CHUNK = 1200


def clean(text: str) -> str:
    """`text` without control characters; CR and CRLF become a newline."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def escape(text: str) -> str:
    """`text` as literal paragraph content: cleaned, with & < > escaped."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    """`text` as a double-quoted attribute value."""
    return escape(text).replace('"', "&quot;").replace("'", "&#39;")


def safe_color(value: str) -> str:
    """A '#RRGGBB' colour for a markup attribute; anything else is refused."""
    if not HEX_COLOR.match(value or ""):
        raise ValueError(f"not a #RRGGBB colour: {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class InlineStyle:
    """What inline markup needs to know about its surroundings."""

    link_color: str
    citation_color: str
    font_size: float
    code_size: float
    mono: Any = None  # fonts.Faces of the monospace family, when registered
    destination: Callable[[str], str | None] = lambda anchor: None  # anchor → dest name or None
    label: Callable[[Any], str] = lambda citation: citation.source_id  # a citation's, a figure's
    separator: str = ","


@dataclass(slots=True)
class _Tokens:
    """A flat run of text and tags.

    Items: ('t', text), ('o', open tag, close tag), ('c',) to close, ('a', markup, length).
    """

    items: list = field(default_factory=list)
    length: int = 0

    def text(self, value: str) -> None:
        if value:
            self.items.append(("t", value))
            self.length += len(value)

    def open(self, start: str, end: str) -> None:
        self.items.append(("o", start, end))

    def close(self) -> None:
        self.items.append(("c",))

    def atom(self, markup: str, length: int) -> None:
        self.items.append(("a", markup, length))
        self.length += length


def to_markup(inlines: Sequence[Any], style: InlineStyle, *, prefix: str = "", suffix: str = "",
              split: bool = True) -> list[str]:
    """Markup for `inlines`: one string, or several for a very long paragraph.

    `prefix` and `suffix` are plain text put around the content (escaped like the rest).
    """
    tokens = _Tokens()
    tokens.text(prefix)
    _walk(inlines, tokens, style)
    tokens.text(suffix)
    if not split or tokens.length <= SPLIT_ABOVE:
        return [_join(tokens.items)]
    return _chunks(tokens.items)


def _walk(inlines: Sequence[Any], tokens: _Tokens, style: InlineStyle) -> None:
    group: list[Citation] = []
    for node in inlines:
        if isinstance(node, Citation):
            group.append(node)
            continue
        if group:
            _citations(group, tokens, style)
            group = []
        _span(node, tokens, style)
    if group:
        _citations(group, tokens, style)


def _span(node: object, tokens: _Tokens, style: InlineStyle) -> None:
    if isinstance(node, Text):
        tokens.text(node.text)
    elif isinstance(node, (Strong, Emphasis)):
        tokens.open(*(("<b>", "</b>") if isinstance(node, Strong) else ("<i>", "</i>")))
        _walk(node.children, tokens, style)
        tokens.close()
    elif isinstance(node, Code):
        _code(node.text, tokens, style)
    elif isinstance(node, Link):
        url = safe_url(node.url)
        if url:
            color = safe_color(style.link_color)
            tokens.open(f'<a href="{escape_attr(url)}" color="{color}">', "</a>")
            _walk(node.children, tokens, style)
            tokens.close()
        else:  # never a link: the label as plain text
            _walk(node.children, tokens, style)
    elif isinstance(node, NoteReference):  # the note's number, raised, linked to the note
        label = style.label(node)
        dest = style.destination(node.anchor)
        color = safe_color(style.citation_color)
        link = f'<a href="#{escape_attr(dest)}" color="{color}">{escape(label)}</a>' if dest \
            else escape(label)
        tokens.atom(f"<super>{link}</super>", len(label))
    elif isinstance(node, CrossReference):  # "Figure 2", linked to the figure
        dest = style.destination(node.anchor)
        if dest:
            tokens.open(f'<a href="#{escape_attr(dest)}" color="{safe_color(style.link_color)}">',
                        "</a>")
        tokens.text(style.label(node))
        if dest:
            tokens.close()
    elif isinstance(node, LineBreak):
        tokens.atom("<br/>", 1)
    else:  # an inline this backend does not know: keep whatever text it has
        text = getattr(node, "text", "")
        if isinstance(text, str):
            tokens.text(text)
        for child in getattr(node, "children", ()):
            _span(child, tokens, style)


def _citations(group: list[Citation], tokens: _Tokens, style: InlineStyle) -> None:
    """Adjacent citations: one superscript of linked numbers."""
    parts, length = [], 0
    color = safe_color(style.citation_color)
    for citation in group:
        label = style.label(citation)
        length += len(label) + 1
        dest = style.destination(citation.anchor)
        parts.append(f'<a href="#{escape_attr(dest)}" color="{color}">{escape(label)}</a>'
                     if dest else escape(label))
    tokens.atom("<super>" + escape(style.separator).join(parts) + "</super>", length)


def _code(text: str, tokens: _Tokens, style: InlineStyle) -> None:
    """Code in the monospace face; characters that face lacks stay in the surrounding font."""
    faces = style.mono
    if faces is None:
        tokens.text(text)
        return
    size = round(style.code_size, 2)
    start = f'<font face="{escape_attr(faces.regular)}" size="{size}">'
    for run, in_mono in _runs(text, faces):
        if in_mono:
            tokens.open(start, "</font>")
            tokens.text(run)
            tokens.close()
        else:
            tokens.text(run)


def _runs(text: str, faces):
    charset = faces.charset
    run, current = [], None
    for char in text:
        has = ord(char) in charset or char.isspace()
        if current is not None and has != current:
            yield "".join(run), current
            run = []
        run.append(char)
        current = has
    if run:
        yield "".join(run), current


def _join(items: list) -> str:
    out: list[str] = []
    stack: list[str] = []
    for item in items:
        kind = item[0]
        if kind == "t":
            out.append(escape(item[1]))
        elif kind == "o":
            out.append(item[1])
            stack.append(item[2])
        elif kind == "c":
            out.append(stack.pop())
        else:
            out.append(item[1])
    out.extend(reversed(stack))
    return "".join(out)


def _chunks(items: list) -> list[str]:
    """Cut a long token run into pieces of about CHUNK characters, re-opening open tags."""
    chunks: list[str] = []
    out: list[str] = []
    stack: list[tuple[str, str]] = []
    count = 0

    def cut() -> None:
        nonlocal out, count
        out.extend(end for _, end in reversed(stack))
        chunks.append("".join(out))
        out = [start for start, _ in stack]
        count = 0

    for item in items:
        kind = item[0]
        if kind == "o":
            out.append(item[1])
            stack.append((item[1], item[2]))
        elif kind == "c":
            out.append(stack.pop()[1])
        elif kind == "a":
            out.append(item[1])
            count += item[2]
        else:
            text = item[1]
            while count + len(text) > CHUNK:
                at = _cut_point(text, max(CHUNK - count, 0))
                if at is None:
                    break
                head, text = text[:at].rstrip(), text[at:].lstrip()
                out.append(escape(head))
                cut()
            out.append(escape(text))
            count += len(text)
    out.extend(end for _, end in reversed(stack))
    chunks.append("".join(out))
    return [c for c in chunks if c.strip()] or [""]


def _cut_point(text: str, want: int) -> int | None:
    """Where to cut `text` near `want` characters: a sentence end, a space, or inside a word."""
    if want <= 0:
        return 0  # the chunk is already full: cut before this text
    match = _SENTENCE_END.search(text, want, want + CHUNK // 2)
    if match:
        return match.end()
    match = _WHITESPACE.search(text, want, want + CHUNK)
    if match:
        return match.start() + 1
    if want >= len(text):
        return None
    at = want  # a giant word: cutting it is no worse than the line break ReportLab would make
    while at < len(text) and unicodedata.combining(text[at]):
        at += 1  # never separate a letter from its accents
    return at if at < len(text) else None
