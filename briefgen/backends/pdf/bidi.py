"""Lines in visual order: a paragraph holding right-to-left text is broken into lines in
reading order, as any other, and each line's words are then put in the order the eye meets
them, by the Unicode bidirectional algorithm (python-bidi, the Rust crate unicode-bidi).

ReportLab reorders text itself only through `rlbidi`, which is not on PyPI, and then only in
paragraphs of one style; here the unit is a word (a piece of one style between spaces): its
direction comes from its first strong letter, a word of Arabic letters is already in visual
order inside (HarfBuzz shapes it so), and a word of neutral characters (a bracket, a number
in brackets) is reordered and mirrored by the level it lands on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

# one stand-in character per word, of the word's direction (its bidi class)
STAND_INS = {"L": "a", "R": "\u05d0", "AL": "\u0627", "EN": "1", "AN": "\u0661"}
STRONG = frozenset(STAND_INS)
_LEVEL = re.compile(r"^\s*(\d+),?$")
_SPACES = re.compile(r"( +)")

Logical = Callable[[str, str], str]  # (text as set, font name) → the characters it shows


def word_order(words: list[str], rtl: bool, fonts: list[str],
               logical: Logical) -> tuple[list[int], list[int]]:
    """For a line's words: the order (indices into `words`) in which they are drawn left to
    right, and each word's embedding level (odd: right to left)."""
    stand_ins: list[str] = []
    owners: list[int] = []
    starts: list[int] = []
    for index, (word, font) in enumerate(zip(words, fonts)):
        kind = word_direction(logical(word, font))
        text = STAND_INS[kind] if kind in STRONG else (word or " ")
        starts.append(len(owners))
        stand_ins.append(text)
        owners.extend([index] * len(text))
    levels = embedding_levels("".join(stand_ins), rtl)
    seen: dict[int, None] = {}
    for position in reorder(levels):
        seen.setdefault(owners[position], None)
    return list(seen), [levels[start] for start in starts]


def word_direction(text: str) -> str:
    """The bidi class of the first strong (or number) character of `text`, else 'ON'."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in STRONG:
            return kind
    return "ON"


def visual_text(text: str, rtl: bool) -> str:
    """A short run of plain characters (no shaping) in visual order at a level of that
    direction, brackets mirrored where they run right to left."""
    if not text.strip():
        return text
    levels = embedding_levels(text, rtl)
    return "".join(_mirrored(text[i]) if levels[i] % 2 else text[i] for i in reorder(levels))


def reorder(levels: list[int]) -> list[int]:
    """Rule L2: the logical indices in visual order, reversing every run at each level from
    the highest down to the lowest odd one."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        start = None
        for position in range(len(order) + 1):
            inside = position < len(order) and levels[order[position]] >= level
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                order[start:position] = order[start:position][::-1]
                start = None
    return order


def embedding_levels(text: str, rtl: bool) -> list[int]:
    """Each character's resolved level in a paragraph of that direction, trailing white space
    at the paragraph's level (rule L1). python-bidi gives the visual string only; the crate's
    levels, one per UTF-8 byte, are in its `debug` report."""
    from bidi import get_display

    if not text:
        return []
    per_byte = _levels(get_display(text, base_dir="R" if rtl else "L", debug=True))
    levels: list[int] = []
    offset = 0
    for ch in text:
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    base = 1 if rtl else 0
    for index in range(len(text) - 1, -1, -1):
        if not text[index].isspace():
            break
        levels[index] = base
    return levels


def _levels(report: str) -> list[int]:
    """The numbers of the `levels: [Level(n), …]` list of unicode-bidi's BidiInfo report."""
    lines = report.splitlines()
    start = lines.index("    levels: [")  # the text itself is one quoted line above it
    levels: list[int] = []
    for line in lines[start + 1:]:
        if line == "    ],":
            return levels
        match = _LEVEL.match(line)
        if match:
            levels.append(int(match.group(1)))
    raise ValueError("python-bidi's report has no end to its levels")


def _mirrored(ch: str) -> str:
    from bidi.mirror import MIRRORED

    return MIRRORED.get(ch, ch)


def mirrored(text: str) -> str:
    """`text` with each character that has a mirror image (›, «, brackets) replaced by it."""
    return "".join(_mirrored(ch) for ch in text)


def split_spaces(text: str) -> list[str]:
    """`text` as words and the runs of spaces between them, in order; cut by slicing, so that
    a shaped string stays shaped."""
    pieces, start = [], 0
    for match in _SPACES.finditer(text):
        if match.start() > start:
            pieces.append(text[start:match.start()])
        pieces.append(text[match.start():match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def visual_line(words: list[Any], rtl: bool, logical: Logical, text_of: Callable[[Any], str],
                font_of: Callable[[Any], str], with_text: Callable[[Any, str], Any]) -> list[Any]:
    """A line's pieces (strings, or frags of one style) in drawing order: each piece cut at
    its spaces, the cuts reordered, plain runs at a right-to-left level mirrored."""
    cuts: list[Any] = []
    for piece in words:
        text = text_of(piece)
        parts = split_spaces(text) if isinstance(text, str) and text else [text]
        cuts.extend(with_text(piece, part) if len(parts) > 1 else piece for part in parts)
    texts = [text_of(cut) for cut in cuts]
    order, levels = word_order(texts, rtl, [font_of(cut) for cut in cuts], logical)
    drawn = []
    for index in order:
        cut, text = cuts[index], texts[index]
        if levels[index] % 2 and type(text) is str and text.strip():  # not shaped: plain
            cut = with_text(cut, visual_text(text, True))
        drawn.append(cut)
    return drawn
