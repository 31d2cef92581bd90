"""WordprocessingML as text: cleaning, escaping and property elements in schema order.

The DOCX backend writes body, header and style XML as strings and parses each part once;
python-docx's proxies cost far more per paragraph. Every element is emitted whole, in the order
the OOXML schema requires (Word and the Open XML SDK reject out-of-order children); no XML text
is ever edited after it is made.
"""

from __future__ import annotations

import re
from typing import Any

from ...output.scripts import has_right_to_left

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
NSDECLS = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" '
           f'xmlns:pic="{PIC_NS}"')

# Everything XML 1.0 cannot carry (C0 controls but tab and newline, lone surrogates, U+FFFE/F),
# plus C1 controls, which are legal but never meant as text. (Written as the characters to drop,
# not as the negation of those to keep: that class takes 4 ms to compile on every start.)
_INVALID = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE_LIKE = str.maketrans({"\r": "\n", "\x0b": " ", "\x0c": " "})


def clean(text: str) -> str:
    """`text` with characters that XML cannot carry removed (\\r becomes a newline)."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").translate(_SPACE_LIKE)
    return _INVALID.sub("", text)


def esc(text: str) -> str:
    """Cleaned and escaped for element content and double-quoted attribute values."""
    return (clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def word_color(value: str) -> str:
    """'#RRGGBB' as Word writes it: RRGGBB."""
    return value.lstrip("#").upper()


def twips(points: float) -> int:
    return round(points * 20)


def half_points(points: float) -> int:
    return round(points * 2)


def eighths(points: float) -> int:
    """Border widths are in eighths of a point (Word allows 2 to 96)."""
    return max(2, min(96, round(points * 8)))


# --- property elements ----------------------------------------------------------------------


def rpr(*, style: str = "", font: str = "", bold: bool | None = None,
        italic: bool | None = None, caps: bool = False, color: str = "", spacing: float = 0,
        size: float = 0, underline: str = "", vert: str = "", lang: str = "",
        wrap: bool = True, cs: str = "", east_asia: str = "", rtl: bool = False,
        bidi_lang: str = "") -> str:
    """A w:rPr (or just its children when `wrap` is false), children in schema order. `cs` and
    `east_asia` name the fonts of complex-script (Arabic, Hebrew, Indic, Thai) and East Asian
    letters, where they are not `font`'s; `rtl` marks a run of right-to-left text."""
    out = []
    if style:
        out.append(f'<w:rStyle w:val="{style}"/>')
    if font:
        f = esc(font)
        out.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{esc(east_asia) or f}" '
                   f'w:cs="{esc(cs) or f}"/>')
    elif cs:  # only the complex-script letters' face differs from the paragraph's
        out.append(f'<w:rFonts w:cs="{esc(cs)}"/>')
    if bold is not None:
        out.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if italic is not None:
        out.append("<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if caps:
        out.append("<w:caps/>")
    if color:
        out.append(f'<w:color w:val="{color}"/>')
    if spacing:
        out.append(f'<w:spacing w:val="{twips(spacing)}"/>')
    if size:
        out.append(f'<w:sz w:val="{half_points(size)}"/><w:szCs w:val="{half_points(size)}"/>')
    if underline:
        out.append(f'<w:u w:val="{underline}"/>')
    if vert:
        out.append(f'<w:vertAlign w:val="{vert}"/>')
    if rtl:
        out.append("<w:rtl/>")
    if lang or bidi_lang:
        bidi = f' w:bidi="{esc(bidi_lang)}"' if bidi_lang else ""
        out.append(f'<w:lang w:val="{esc(lang or bidi_lang)}"{bidi}/>')
    inner = "".join(out)
    if not wrap:
        return inner
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def border(side: str, color: str, width: float, space: float = 0, kind: str = "single") -> str:
    return (f'<w:{side} w:val="{kind}" w:sz="{eighths(width)}" w:space="{round(space)}" '
            f'w:color="{color}"/>')


def ppr(*, style: str = "", keep_next: bool = False, keep_lines: bool = False,
        page_break_before: bool = False, widow: bool | None = None,
        num: tuple[int, int] | None = None, borders: str = "", shading: str = "",
        tabs: str = "", before: float | None = None, after: float | None = None,
        line: float | None = None, line_rule: str = "atLeast", contextual: bool = False,
        left: float | None = None, right: float | None = None, hanging: float | None = None,
        first_line: float | None = None, jc: str = "", outline: int | None = None,
        run: str = "", sect: str = "", wrap: bool = True) -> str:
    """A w:pPr (or just its children when `wrap` is false), children in schema order.

    `line` is the line height in points (at least that much, or exactly with
    `line_rule="exact"`); `borders` is the inside of w:pBdr, `tabs` the inside of w:tabs, `run`
    the inside of the paragraph mark's w:rPr, `sect` a whole w:sectPr.
    """
    out = []
    if style:
        out.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        out.append("<w:keepNext/>")
    if keep_lines:
        out.append("<w:keepLines/>")
    if page_break_before:
        out.append("<w:pageBreakBefore/>")
    if widow is not None:
        out.append("<w:widowControl/>" if widow else '<w:widowControl w:val="0"/>')
    if num is not None:
        out.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    if borders:
        out.append(f"<w:pBdr>{borders}</w:pBdr>")
    if shading:
        out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shading}"/>')
    if tabs:
        out.append(f"<w:tabs>{tabs}</w:tabs>")
    out.append(_spacing(before, after, line, line_rule))
    out.append(_indent(left, right, hanging, first_line))
    if contextual:
        out.append("<w:contextualSpacing/>")
    if jc:
        out.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        out.append(f'<w:outlineLvl w:val="{outline}"/>')
    if run:
        out.append(f"<w:rPr>{run}</w:rPr>")
    if sect:
        out.append(sect)
    inner = "".join(out)
    if not wrap:
        return inner
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


def _spacing(before: float | None, after: float | None, line: float | None,
             line_rule: str) -> str:
    if before is None and after is None and line is None:
        return ""
    attrs = ""
    if before is not None:
        attrs += f' w:before="{twips(before)}"'
    if after is not None:
        attrs += f' w:after="{twips(after)}"'
    if line is not None:
        if line_rule == "auto":  # a multiple of the font's own line height
            attrs += f' w:line="{round(line * 240)}" w:lineRule="auto"'
        else:  # points: atLeast (grows for larger text) or exact
            attrs += f' w:line="{twips(line)}" w:lineRule="{line_rule}"'
    return f"<w:spacing{attrs}/>"


def _indent(left: float | None, right: float | None, hanging: float | None,
            first_line: float | None) -> str:
    if left is None and right is None and hanging is None and first_line is None:
        return ""
    attrs = ""
    if left is not None:
        attrs += f' w:left="{twips(left)}"'
    if right is not None:
        attrs += f' w:right="{twips(right)}"'
    if hanging is not None:
        attrs += f' w:hanging="{twips(hanging)}"'
    elif first_line is not None:
        attrs += f' w:firstLine="{twips(first_line)}"'
    return f"<w:ind{attrs}/>"


def tab_stop(kind: str, position_twips: int, leader: str = "") -> str:
    lead = f' w:leader="{leader}"' if leader else ""
    return f'<w:tab w:val="{kind}"{lead} w:pos="{position_twips}"/>'


def text_runs(text: str, run_props: str = "") -> str:
    """Runs for plain `text`: tabs become w:tab and newlines w:br, all of it escaped. Text
    with right-to-left letters and no properties of its own is marked right to left (w:rtl);
    callers with properties mark it in them."""
    text = clean(text)
    if not text:
        return ""
    if not run_props and has_right_to_left(text):
        run_props = _RIGHT_TO_LEFT
    if "\t" not in text and "\n" not in text:
        return f'<w:r>{run_props}<w:t xml:space="preserve">{_escape_clean(text)}</w:t></w:r>'
    parts = []
    for piece in re.split(r"(\t|\n)", text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece == "\n":
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{_escape_clean(piece)}</w:t>')
    return f"<w:r>{run_props}{''.join(parts)}</w:r>"


_RIGHT_TO_LEFT = "<w:rPr><w:rtl/></w:rPr>"


def _escape_clean(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def field_runs(instruction: str, cached: str, run_props: str = "") -> str:
    """A complex field (begin, instruction, separate, cached result, end) as runs."""
    return (f'<w:r>{run_props}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{run_props}<w:instrText xml:space="preserve"> {esc(instruction)} '
            "</w:instrText></w:r>"
            f'<w:r>{run_props}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'{text_runs(cached, run_props)}'
            f'<w:r>{run_props}<w:fldChar w:fldCharType="end"/></w:r>')


def parse_many(fragments: list[str]) -> list[Any]:
    """WordprocessingML elements from their XML texts, parsed in one go.

    They are parsed inside a container that declares the namespaces, so once moved into a
    part they carry no namespace declarations of their own.
    """
    from docx.oxml.parser import parse_xml

    if not fragments:
        return []
    container = parse_xml(f"<w:container {NSDECLS}>{''.join(fragments)}</w:container>")
    return list(container)


def parse_one(xml: str) -> Any:
    """One WordprocessingML element from its XML text."""
    return parse_many([xml])[0]


def settings_on(settings, name: str, before: tuple[str, ...] = (),
                after: tuple[str, ...] = ()) -> None:
    """Switch a CT_OnOff setting on, adding it at its schema position if it is missing: after
    the last of the settings `before` it, or else before the first of those `after` it."""
    element = settings.find(f"{{{W_NS}}}{name}")
    if element is not None:
        element.attrib.pop(f"{{{W_NS}}}val", None)
        return
    element = parse_many([f"<w:{name}/>"])[0]
    earlier, later = {f"{{{W_NS}}}{tag}" for tag in before}, {f"{{{W_NS}}}{tag}" for tag in after}
    last = None
    for child in settings:
        if child.tag in earlier:
            last = child
    following = next((child for child in settings if child.tag in later), None)
    if last is not None:
        last.addnext(element)
    elif following is not None:
        following.addprevious(element)
    elif after:
        settings.append(element)
    else:
        settings.insert(0, element)
