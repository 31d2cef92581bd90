"""Glyph fallback: characters the template's fonts lack are set in a Noto face instead.

The theme fonts (PT Sans/Serif "Web" builds) lack some Latin Extended letters, Vietnamese,
Greek and signs such as ₸. Noto is registered only when a document needs it, so a brief its
theme fonts cover never embeds it.
"""

from __future__ import annotations

import re

from .markup import escape_attr

_PIECE = re.compile(r"(<[^>]*>|&#?\w+;)")
_FACE_ATTR = re.compile(r"""\b(?:face|name)\s*=\s*["']([^"']+)["']""")
_COMMON: dict[str, frozenset[int]] = {}  # base font → code points all its family's faces have


def _family_state(name: str) -> tuple[str, int, int]:
    from reportlab.lib.fonts import ps2tt

    try:
        return ps2tt(name)
    except ValueError:
        return name, 0, 0


def _face_name(family: str, bold: int, italic: int) -> str:
    from reportlab.lib.fonts import tt2ps

    try:
        return tt2ps(family, bold, italic)
    except ValueError:
        return family


def _common(base_font: str) -> frozenset[int]:
    found = _COMMON.get(base_font)
    if found is None:
        from .fonts import charset

        family = _family_state(base_font)[0]
        found = charset(base_font)
        for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
            found = found & charset(_face_name(family, bold, italic))
        _COMMON[base_font] = found
    return found


def with_fallback(markup: str, base_font: str) -> str:
    """`markup` (as set in a paragraph whose font is `base_font`) with every run of characters
    that the face in force lacks wrapped in <font name=…> of the fallback face for that face.

    Characters that the fallback face lacks too are left alone (they show as a missing glyph)."""
    common = _common(base_font)
    if all(ord(c) in common or c.isspace() for c in set(markup)):
        return markup  # the usual case: nothing to do, nothing registered
    out: list[str] = []
    stack = [_family_state(base_font)]
    for piece in _PIECE.split(markup):
        if not piece:
            continue
        if piece[0] == "<":
            out.append(piece)
            _follow_tag(piece, stack)
        elif piece[0] == "&" and piece[-1] == ";":
            out.append(piece)
        else:
            out.append(_text_with_fallback(piece, stack[-1]))
    return "".join(out)


def _follow_tag(tag_text: str, stack: list[tuple[str, int, int]]) -> None:
    """Track the face in force through <b>, <i> and <font> tags."""
    if tag_text.startswith("</"):
        if len(stack) > 1:
            stack.pop()
        return
    if tag_text.endswith("/>"):
        return
    family, bold, italic = stack[-1]
    tag = tag_text[1:].split(None, 1)[0].rstrip(">").lower()
    if tag == "b":
        bold = 1
    elif tag == "i":
        italic = 1
    elif tag == "font":
        match = _FACE_ATTR.search(tag_text)
        if match:
            family, bold, italic = _family_state(match.group(1))
    stack.append((family, bold, italic))


def _text_with_fallback(piece: str, state: tuple[str, int, int]) -> str:
    from .fonts import charset, fallback_family

    face = _face_name(*state)
    have = charset(face)
    if all(ord(c) in have or c.isspace() for c in piece):
        return piece
    fallback = fallback_family(face)
    if fallback is None:
        return piece
    spare = fallback.face(italic=bool(state[2]))
    extra = charset(spare)
    out: list[str] = []
    run: list[str] = []
    current = False
    for char in piece:
        # a space between two fallback characters stays inside the run
        use = (ord(char) not in have and ord(char) in extra) or (current and char.isspace())
        if use != current and run:
            out.append(_wrapped(run, spare) if current else "".join(run))
            run = []
        run.append(char)
        current = use
    if run:
        out.append(_wrapped(run, spare) if current else "".join(run))
    return "".join(out)


def _wrapped(run: list[str], face: str) -> str:
    text = "".join(run)
    stripped = text.rstrip()
    tail = text[len(stripped):]
    return f'<font name="{escape_attr(face)}">{stripped}</font>{tail}'
