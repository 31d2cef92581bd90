"""Glyph fallback: characters the template's fonts lack are set in the first face of the
fallback chain that has them (Noto for Greek, Vietnamese or ₸; Noto Sans Arabic for Arabic…).

A fallback face is registered only when a document needs it, so a brief its theme fonts cover
never embeds one. A fallback run keeps the weight and slant of the text around it.
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
    from .fonts import charset, charset_of, fallback_chain, fallback_face

    face = _face_name(*state)
    have = charset(face)
    missing = frozenset(ord(c) for c in piece if ord(c) not in have and not c.isspace())
    if not missing:
        return piece
    spares = [(family, charset_of(family)) for family in fallback_chain(face, missing)]
    if not spares:
        return piece
    out: list[str] = []
    run: list[str] = []
    current: str | None = None  # the fallback face of the run, None for the face in force
    use: str | None
    for char in piece:
        code = ord(char)
        if char.isspace() and current is not None:
            use = current  # a space between two fallback characters stays inside the run
        elif code in have or char.isspace():
            use = None
        else:
            family = next((spare for spare, extra in spares if code in extra), None)
            use = None if family is None else fallback_face(family, bool(state[1]),
                                                            bool(state[2]))
        if use != current and run:
            out.append(_wrapped(run, current) if current else "".join(run))
            run = []
        run.append(char)
        current = use
    if run:
        out.append(_wrapped(run, current) if current else "".join(run))
    return "".join(out)


def _wrapped(run: list[str], face: str) -> str:
    text = "".join(run)
    stripped = text.rstrip()
    tail = text[len(stripped):]
    return f'<font name="{escape_attr(face)}">{stripped}</font>{tail}'
