"""Spec Markdown → document nodes, with markdown-it-py (CommonMark, raw HTML off).

Only the subset the spec format promises is enabled: paragraphs, **bold**, *italic*, `code`,
links, lists (block fields only), images (block fields only) and `[@id]` citations. Anything else
(headings, block quotes, code blocks, HTML) prints as the text it is. Link URLs are limited to
http, https and mailto; any other link prints as its label.
"""

from __future__ import annotations

from urllib.parse import unquote
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .document.records import record
from .document.nodes import (
    Citation, Code, CrossReference, Emphasis, Inline, LineBreak, Link, ListBlock, Node,
    NoteReference, Paragraph, Strong, Table, TableCell, Text, safe_url,
)
from .numbers import as_number

CITATION = re.compile(r"\[(@[^\[\]\s;]+(?:\s*;\s*@[^\[\]\s;]+)*)\]")
SOURCE_ID = re.compile(r"^[a-z0-9_-]+$")
CROSS_REFERENCE = re.compile(r"^(fig|tab):(.*)$")
NOTE_REFERENCE = re.compile(r"\[\^([^\[\]\s]+)\]")
MAX_NESTING = 16  # bold in italic in a link…: deeper than this is an error, not a stack overflow
MAX_LIST_DEPTH = 10  # lists in lists in lists…

# Left-to-right and right-to-left *override* marks make text display in a different order from
# the one it is stored in ("Trojan Source"); a brief never needs them, so they are dropped.
# Directional marks and isolates, which real right-to-left text uses, are kept.
_BIDI_OVERRIDES = dict.fromkeys(map(ord, "\u202d\u202e"))


def drop_bidi_overrides(text: str) -> str:
    return text.translate(_BIDI_OVERRIDES) if "\u202d" in text or "\u202e" in text else text


@record
class ImageReference(Node):
    """An image named in Markdown: `![alt](src)`; the spec loader checks and loads it (a node
    only while the spec is read: it is replaced by a Figure, or reported)."""

    src: str
    alt: str
    line: int  # 0-based line of the Markdown text it stands on


@dataclass(slots=True)
class Markdown:
    """The parse of one Markdown text field."""

    source: str
    blocks: tuple = ()  # block fields: Paragraph, ListBlock, Figure (ImageReference until loaded)
    inlines: tuple = ()  # inline fields
    citations: list[tuple[str, int]] = field(default_factory=list)  # (id, 0-based line)
    cross_references: list[tuple[str, str, int]] = field(default_factory=list)  # (fig, id, line)
    notes: list[tuple[str, int]] = field(default_factory=list)  # [^id]: (id, 0-based line)
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # (message, line, hint)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   # markdown-it drops blocks nested past this without a word;
                                   # our own limit (MAX_LIST_DEPTH) says so well before it
                                   "maxNesting": 4 * MAX_LIST_DEPTH})
    md.disable(["code", "fence", "blockquote", "hr", "heading", "lheading", "reference",
                "html_block", "html_inline", "autolink"])
    md.enable("table")  # GitHub pipe tables: real tables in block fields
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.ruler.before("link", "note", _note_rule)
    return md


def _citation_rule(state, silent: bool) -> bool:
    # Silent runs only measure a link's label: there a citation must count as brackets of
    # text, or markdown-it takes it for a link nested in the label and drops the outer link.
    if silent or state.src[state.pos] != "[" or state.src[state.pos + 1: state.pos + 2] != "@":
        return False
    match = CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"ids": [part.strip()[1:] for part in match.group(1).split(";")]}
    state.pos = match.end()
    return True


def _note_rule(state, silent: bool) -> bool:
    """[^id]: a reference to the note `id` of the spec's `notes:`."""
    if silent or state.src[state.pos] != "[" or state.src[state.pos + 1: state.pos + 2] != "^":
        return False
    match = NOTE_REFERENCE.match(state.src, state.pos)
    if not match:
        return False
    token = state.push("note", "", 0)
    token.meta = {"id": match.group(1)}
    state.pos = match.end()
    return True


def parse_block(text: str) -> Markdown:
    """Parse a block field (summary, body, answer): paragraphs, lists and images."""
    result = Markdown(text)
    tokens = _parser().parse(text)
    result.blocks = tuple(_blocks(tokens, 0, len(tokens), result, 0)[0])
    return result


def parse_inline(text: str) -> Markdown:
    """Parse a one-line field: inline spans only (list markers and blank lines are plain text)."""
    result = Markdown(text)
    tokens = _parser().parseInline(text)
    children = tokens[0].children if tokens else []
    result.inlines = _inlines(children or [], result, 0, allow_images=False)
    return result


def _blocks(tokens, start: int, stop: int, result: Markdown, depth: int):
    blocks: list = []
    i = start
    while i < stop:
        token = tokens[i]
        if token.type == "paragraph_open":
            inline = tokens[i + 1]
            line = token.map[0] if token.map else 0
            blocks.extend(_paragraph(inline.children or [], result, line))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            if depth == MAX_LIST_DEPTH:
                line = token.map[0] if token.map else 0
                result.problems.append((f"lists are nested more than {MAX_LIST_DEPTH} levels "
                                        "deep", line, "move the inner points up a level"))
            close = _matching_close(tokens, i)
            items = []
            j = i + 1
            while j < close:
                item_close = _matching_close(tokens, j)
                items.append(_blocks(tokens, j + 1, item_close, result, depth + 1)[0])
                j = item_close + 1
            start_number = (int(token.attrGet("start") or 1)
                            if token.type == "ordered_list_open" else 1)
            blocks.append(ListBlock(tuple(tuple(item) for item in items),
                                    ordered=token.type == "ordered_list_open",
                                    start=start_number))
            i = close + 1
        elif token.type == "table_open":
            close = _matching_close(tokens, i)
            blocks.append(_table(tokens, i + 1, close, result))
            i = close + 1
        else:  # any other token is structural noise of the rules we enabled
            i += 1
    return blocks, i


def _table(tokens, start: int, stop: int, result: Markdown) -> Table:
    """A pipe table: its header row, and body cells that hold numbers marked for the right."""
    header: list[TableCell] = []
    rows: list[list[TableCell]] = []
    for index in range(start, stop):
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            inline = tokens[index + 1]
            line = inline.map[0] if inline.map else (token.map[0] if token.map else 0)
            content = tuple(c for c in _inlines(inline.children or [], result, line,
                                                allow_images=False)
                            if not (isinstance(c, Text) and not c.text))
            text = "".join(c.text for c in content if isinstance(c, Text))
            numeric = token.type == "td_open" and len(content) == 1 and \
                isinstance(as_number(text), float)
            rows[-1].append(TableCell((Paragraph(content),) if content else (),
                                      "number" if numeric else ""))
    if rows:
        header = rows.pop(0)
    return Table(tuple(header), tuple(tuple(row) for row in rows), role="data-table")


def _matching_close(tokens, open_index: int) -> int:
    depth = 0
    for index in range(open_index, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _paragraph(children, result: Markdown, line: int) -> list:
    """A paragraph, or a figure when the paragraph is an image on its own."""
    images = [c for c in children if c.type == "image"]
    if not images:
        return [Paragraph(_inlines(children, result, line, allow_images=False))]
    if len(children) == 1 or all(c.type in ("image", "softbreak") for c in children):
        # markdown-it percent-encodes a destination ('fig ure.png' → 'fig%20ure.png'); the
        # file has the name the writer typed
        return [ImageReference(unquote(img.attrGet("src") or ""), _alt_text(img), line)
                for img in images]
    result.problems.append(("an image must stand in a paragraph of its own", line,
                            "put a blank line before and after ![alt](file.png)"))
    return [Paragraph(_inlines(children, result, line, allow_images=False))]


def _alt_text(image_token) -> str:
    return "".join(c.content for c in (image_token.children or [])
                   if c.type in ("text", "code_inline")).strip()


def _inlines(tokens, result: Markdown, line: int, *, allow_images: bool) -> tuple[Inline, ...]:
    """Inline tokens → nodes. Open spans collect their children on a stack; a node is made when
    its span closes (nodes are immutable)."""
    root: list[Inline] = []
    stack: list[tuple[str, list[Inline], object]] = []  # (kind, parent's children, detail)
    current = root
    flattened = 0  # opening tokens past MAX_NESTING, whose spans are kept as plain text
    for token in tokens:
        kind = token.type
        if kind in ("strong_open", "em_open", "link_open") and len(stack) >= MAX_NESTING:
            if not flattened:
                result.problems.append((f"emphasis and links are nested more than {MAX_NESTING} "
                                        "levels deep", line,
                                        "simplify the **bold** / *italic* markers"))
            flattened += 1
            continue
        if kind in ("strong_close", "em_close", "link_close") and flattened:
            flattened -= 1
            continue
        if kind in ("strong_open", "em_open", "link_open"):
            stack.append((kind, current, token.attrGet("href") or ""))
            current = []
        elif kind in ("strong_close", "em_close", "link_close"):
            opened, parent, url = stack.pop()
            _close_span(opened, _tidy(current), str(url), parent)
            current = parent
        elif kind == "note":
            _strip_space_before_citation(current)  # a note's number sits against the word
            current.append(NoteReference(token.meta["id"]))
            result.notes.append((token.meta["id"], line))
        elif kind == "citation":
            for source_id in token.meta["ids"]:
                reference = CROSS_REFERENCE.match(source_id)
                if reference:  # [@fig:wheat], [@tab:trade]: "Figure 2", not a source number
                    current.append(CrossReference(reference[1], reference[2]))
                    result.cross_references.append((reference[1], reference[2], line))
                else:
                    _strip_space_before_citation(current)
                    current.append(Citation(source_id))
                    result.citations.append((source_id, line))
        elif kind == "image":
            result.problems.append((
                "images are allowed only in block fields (summary, body, answer)"
                if not allow_images else "an image must stand in a paragraph of its own",
                line, "use ![alt](file.png) on a line of its own in a summary, body or answer",
            ))
        else:
            _leaf(kind, token, current)
    while stack:  # markdown-it always closes what it opens; be safe all the same
        opened, parent, url = stack.pop()
        _close_span(opened, _tidy(current), str(url), parent)
        current = parent
    return tuple(_tidy(root))


def _leaf(kind: str, token, current: list[Inline]) -> None:
    if kind == "text":
        _append_text(current, token.content)
    elif kind == "softbreak":
        _append_text(current, " ")
    elif kind == "hardbreak":
        current.append(LineBreak())
    elif kind == "code_inline":
        current.append(Code(token.content))
    elif token.content:  # entities and escapes arrive as text tokens; nothing else is enabled
        _append_text(current, token.content)


def _close_span(kind: str, children: list[Inline], url: str, parent: list[Inline]) -> None:
    if kind == "strong_open":
        parent.append(Strong(tuple(children)))
    elif kind == "em_open":
        parent.append(Emphasis(tuple(children)))
    elif safe_url(url):  # a citation in the label links to its source, the words around to url
        parent.extend(_lift_citations(children, lambda kids: Link(url, tuple(kids))))
    else:  # an unsafe or relative link: its label stays, as plain spans
        for child in children:
            if isinstance(child, Text):
                _append_text(parent, child.text)
            else:
                parent.append(child)


def _lift_citations(children: list[Inline], wrap) -> list[Inline]:
    """`children` wrapped by `wrap`, with each citation (even inside bold or italic) lifted out
    between the wrapped runs: a link cannot hold another link."""
    out: list[Inline] = []
    run: list[Inline] = []
    for child in children:
        if isinstance(child, (Strong, Emphasis)) and _holds_citation(child):
            kind = type(child)
            pieces = _lift_citations(list(child.children),
                                     lambda kids, kind=kind: kind(tuple(kids)))
        else:
            pieces = [child]
        for piece in pieces:
            if isinstance(piece, Text) and not piece.text:
                continue
            if isinstance(piece, (Citation, CrossReference, NoteReference)):
                out += [wrap(run), piece] if run else [piece]
                run = []
            else:
                run.append(piece)
    return out + [wrap(run)] if run else out


def _holds_citation(node: Inline) -> bool:
    return any(isinstance(child, (Citation, CrossReference, NoteReference))
               or _holds_citation(child)
               for child in getattr(node, "children", ()))


def _strip_space_before_citation(current: list[Inline]) -> None:
    """'partnership [@x]' sets the number against the word, as print does."""
    if current and isinstance(current[-1], Text):
        stripped = current[-1].text.rstrip(" ")
        if stripped:
            current[-1] = Text(stripped)
        else:
            current.pop()


def _tidy(inlines: list[Inline]) -> list[Inline]:
    """'[@a] [@b]' is one group of citations: drop the blank text between them."""
    return [node for index, node in enumerate(inlines)
            if not (isinstance(node, Text) and not node.text.strip()
                    and 0 < index < len(inlines) - 1
                    and isinstance(inlines[index - 1], Citation)
                    and isinstance(inlines[index + 1], Citation))]


def _append_text(current: list[Inline], text: str) -> None:
    text = drop_bidi_overrides(text)  # entities such as &#x202e; arrive here, after YAML
    if current and isinstance(current[-1], Text):
        current[-1] = Text(current[-1].text + text)
    else:
        current.append(Text(text))
