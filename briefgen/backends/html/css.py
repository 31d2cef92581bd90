"""The stylesheet, made from the resolved style: the same colours, type scale and spacing as
the PDF and the Word file. Sizes are in rem of the body size, so the scale holds whatever the
base: at least 16 px on a screen, the template's own size in print."""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Iterable

from ...document.nodes import (
    Code, Document, Inline, PageCount, PageNumber, Text, plain_text, walk_blocks, walk_inlines,
)
from ...output.fonts import subset_font
from ...style.colors import contrast
from ...style.model import BoxStyle, FontFamily, Style, TextStyle
from ...style.roles import ROLES
from .text import css_string

FACES = ((False, False), (True, False), (False, True), (True, True))
GENERIC = {"body": "serif", "heading": "sans-serif", "mono": "monospace"}


class Sheet:
    def __init__(self, style: Style):
        self.style = style
        self.base = style.role("body").size

    def rem(self, points: float) -> str:
        return f"{points / self.base:.4g}rem"

    def text_rule(self, selector: str, text: TextStyle) -> str:
        family = self.style.family(text)
        generic = _generic(family, text.font)
        parts = [f"font-family:{_family_var(text.font)},{generic}",
                 f"font-size:{self.rem(text.size)}",
                 f"line-height:{text.leading / text.size:.3g}", f"color:{text.color}",
                 f"font-weight:{'700' if text.bold else '400'}",
                 f"font-style:{'italic' if text.italic else 'normal'}",
                 f"margin:{self.rem(text.space_before)} 0 {self.rem(text.space_after)}"]
        if text.align != "left":
            parts.append(f"text-align:{text.align}")
        if text.caps:
            parts.append("text-transform:uppercase")
        if text.tracking:
            parts.append(f"letter-spacing:{text.tracking / text.size:.3g}em")
        return f"{selector}{{{';'.join(parts)}}}"

    def box_rule(self, selector: str, box: BoxStyle) -> str:
        parts = [f"padding:{self.rem(box.padding_y)} {self.rem(box.padding_x)}",
                 f"margin:{self.rem(box.space_before)} 0 {self.rem(box.space_after)}"]
        if box.background:
            parts.append(f"background:{box.background}")
        if box.bar and box.bar_width:
            parts.append(f"border-inline-start:{box.bar_width:.3g}pt solid {box.bar}")
        if box.accent and box.accent_width:
            parts.append(f"border-bottom:{box.accent_width:.3g}pt solid {box.accent}")
        return f"{selector}{{{';'.join(parts)}}}"


def _unruled_key_values(style: Style) -> list[str]:
    """Label/value rows with no rules between them (a memo's heading) make one grid: the
    labels' column as wide as the longest, up to 36% as in the PDF, each value on its
    label's baseline."""
    rules = []
    for name, box in sorted(style.boxes.items()):
        if (box.rule and box.rule_width) or name not in ROLES \
                or "KeyValueList" not in ROLES[name].nodes:
            continue
        selector = f".b-{name.replace('.', '-')}"
        rules += [f"{selector} dl{{display:grid;grid-template-columns:fit-content(36%) "
                  "minmax(0,1fr);gap:0.25rem 1.5rem;align-items:baseline}",
                  f"{selector} .kv{{display:contents}}"]
    return rules


def _family_var(font: str) -> str:
    return f"var(--font-{font})"


def _generic(family: FontFamily, font: str) -> str:
    name = family.name.lower()
    if font == "mono" or "mono" in name:
        return "monospace"
    return "sans-serif" if "sans" in name else "serif" if "serif" in name else GENERIC[font]


def used_faces(document: Document, style: Style) -> set[tuple[str, bool, bool]]:
    """(family, bold, italic) of every face the page may show: each role's own, and the same
    in bold and in italics for the words a spec marks strong or emphasised. The monospace
    family only when something is set in it."""
    has_code = any(isinstance(inline, Code) for inline in walk_inlines(document.blocks))
    faces = set()
    for name, text in style.text.items():
        if text.font == "mono" and not has_code and name != "code":
            continue
        if name == "code" and not has_code:
            continue
        faces |= {(text.font, text.bold, text.italic), (text.font, True, text.italic),
                  (text.font, text.bold, True), (text.font, True, True)}
    return faces


def font_faces(document: Document, style: Style, chars: str) -> list[str]:
    """@font-face rules for the faces the page shows, cut down to `chars`, as WOFF."""
    rules = []
    seen: dict[tuple[str, bool, bool], str] = {}
    faces = used_faces(document, style)
    for which in ("body", "heading", "mono"):
        family = style.fonts.family(which)
        for bold, italic in FACES:
            if (which, bold, italic) not in faces:
                continue
            path = str(family.face(bold, italic))
            key = (path, bold, italic)
            data = seen.get(key)
            if data is None:
                data = seen[key] = base64.b64encode(subset_font(path, chars, "woff")).decode()
            rules.append(f"@font-face{{font-family:{css_string('bg-' + which)};"
                         f"src:url(data:font/woff;base64,{data}) format(\"woff\");"
                         f"font-weight:{'700' if bold else '400'};"
                         f"font-style:{'italic' if italic else 'normal'};font-display:swap}}")
    return rules


def script_faces(style: Style, chars: str) -> tuple[list[str], list[str]]:
    """@font-face rules for the fallback families the page's `chars` need (Arabic, Devanagari,
    Thai…: cut down with the tables that join and place their letters), and their names."""
    from ...output.fallback_fonts import is_serif, script_families, static_face

    families = script_families(chars, is_serif(style.fonts.body.name), style.fonts.fallback)
    rules, names = [], []
    for number, family in enumerate(dict.fromkeys(families.values())):
        name = f"bg-script-{number}"
        names.append(css_string(name))
        for bold in (False, True):
            path = str(static_face(family, bold, False, embedded=True))
            data = base64.b64encode(subset_font(path, chars, "woff", layout=True)).decode()
            rules.append(f"@font-face{{font-family:{css_string(name)};"
                         f"src:url(data:font/woff;base64,{data}) format(\"woff\");"
                         f"font-weight:{'700' if bold else '400'};font-style:normal;"
                         "font-display:swap}")
    return rules, names


def stylesheet(document: Document, style: Style, chars: str) -> str:
    sheet = Sheet(style)
    body = style.role("body")
    rules = font_faces(document, style, chars)
    extra_rules, scripts = script_faces(style, chars)
    rules += extra_rules
    rules.append(":root{" + ";".join(
        f"--font-{which}:{css_string('bg-' + which)},{css_string(style.fonts.family(which).name)}"
        + "".join("," + name for name in scripts)
        for which in ("body", "heading", "mono")) + "}")
    rules += [
        f"html{{font-size:max(16px,{body.size:g}pt);-webkit-text-size-adjust:100%}}",
        "*,*::before,*::after{box-sizing:border-box}",
        sheet.text_rule("body", body),
        "body{margin:0;padding:0 0 3rem;background:#FFFFFF}",
        "main,header.cover,.running{max-width:44rem;margin-inline:auto;padding-inline:1rem}",
        "body{overflow-wrap:anywhere}",  # a long word or URL wraps rather than runs off
        f"a{{color:{style.role('link').color}}}",
        "img{max-width:100%;height:auto}",
        "h1,h2,h3,h4,h5,h6{break-after:avoid}",
    ]
    for name, text in sorted(style.text.items()):
        rules.append(sheet.text_rule(f".r-{name.replace('.', '-')}", text))
    for name, box in sorted(style.boxes.items()):
        rules.append(sheet.box_rule(f".b-{name.replace('.', '-')}", box))
    rules += _parts(sheet, style)
    rules += _print(document, style)
    return "\n".join(rules)


def _parts(sheet: Sheet, style: Style) -> list[str]:
    return [*_cover_and_headings(sheet, style), *_lists(sheet, style), *_tables(sheet, style),
            *_boxes(sheet, style)]


def _cover_and_headings(sheet: Sheet, style: Style) -> list[str]:
    rule, cover = style.heading_rule, style.cover
    on_band = ",".join(f"header.cover.own-page .r-cover-{part}" for part in
                       ("title", "subtitle", "kicker", "date", "byline", "label"))
    return [
        "header.cover{padding-block:2rem 1.5rem}",
        f"header.cover.own-page{{background:{cover.background};max-width:none;"
        f"padding-inline:max(1rem,calc((100% - 42rem)/2))}}",
        f"{on_band}{{color:{cover.text}}}",
        f"header.cover .logo{{width:{sheet.rem(cover.logo_width)}}}",
        f"h2.r-heading-1{{border-bottom:{rule.thin:.3g}pt solid {rule.color};"
        f"padding-bottom:{sheet.rem(rule.gap)}}}",
        "sup.r-citation{font-size:0.7em;line-height:0;vertical-align:super}",
        ".page-break{display:none}",
    ]


def _lists(sheet: Sheet, style: Style) -> list[str]:
    lists = style.lists
    first = lists.bullet("", 0)
    bullets = [f".l-{role} > li::marker{{content:{css_string(bullet.glyph + ' ')};"
               f"color:{bullet.color}}}" for role, bullet in lists.role_bullets.items()]
    return [
        "ul,ol{padding-inline-start:1.4em}",
        f"ul > li::marker{{content:{css_string(first.glyph + ' ')};color:{first.color}}}",
        *bullets,
        f"ol > li::marker{{color:{lists.number_color}}}",
        f"li{{margin-bottom:{sheet.rem(lists.item_space)}}}",
        "nav.toc ul{list-style:none;padding-inline-start:1.2em}",
        "nav.toc > ul{padding-inline-start:0}",
        "nav.toc li::marker,ol.references li::marker,.legend li::marker{content:none}",
        "nav.toc a{text-decoration:none;color:inherit}",
        "nav.toc .r-heading-number{font-size:inherit;line-height:inherit;margin:0}",
        "ol.references,.legend{list-style:none;padding-inline-start:0}",
    ]


def _tables(sheet: Sheet, style: Style) -> list[str]:
    table = style.box("table", "table")
    levels = [f".level-{name}{{background:{pair.background};color:{pair.text}}}"
              for name, pair in style.levels.items()]
    # a marker in its cell: the cell's colours reversed (Style.marker)
    markers = {**style.levels, "neutral": style.neutral}
    pills = [f".pill-{name}{{background:{pair.text};color:{pair.background}}}"
             for name, pair in markers.items()]
    stripes = [f"table.b-{name.replace('.', '-')} tbody tr:nth-child(even)>*"
               f"{{background:{box.stripe}}}" for name, box in style.boxes.items() if box.stripe]
    return [
        *stripes,
        ".table-wrap{max-width:100%}",
        # a wide table runs into the side space, as far as the template lets it and the
        # window has room for (never closer than 1rem to its edge)
        f".table-wrap.wide,.columns.wide{{margin-inline:min(0px,max(-{sheet.rem(style.page.breakout)},"
        "calc(50% - 50vw + 1rem)))}",
        "table{border-collapse:collapse;width:100%;table-layout:fixed}",
        f"table.data thead th{{background:{table.header};text-align:start;"
        f"vertical-align:bottom}}",
        sheet.text_rule("table.data thead th", style.role("table.header")),
        sheet.text_rule("table.data td,table.data tbody th", style.role("table.cell")),
        f"table.data td,table.data th{{padding:{sheet.rem(table.padding_y)} "
        f"{sheet.rem(table.padding_x)};vertical-align:top;overflow-wrap:anywhere;"
        f"border-bottom:{table.rule_width:.3g}pt solid {table.rule}}}",
        "table.data tbody th{text-align:start;font-weight:inherit}",
        "td.level,th.level{text-align:center;font-weight:700}",
        "table.data td.num,table.data thead th.num{text-align:end;"
        "font-variant-numeric:tabular-nums}",
        *levels, *pills,
        ".pill{display:inline-block;border-radius:1em;padding:0.05em 0.55em;margin:0.1rem}",
        f".matrix th,.matrix td{{padding:0.4rem;text-align:center;"
        f"border:2px solid {style.neutral.background}}}",
        ".matrix td{height:3rem}",
        ".legend .pill{min-width:2.6rem;text-align:center}",
        # the legend flows in columns of 15rem or more, each pill in its cell's own colours
        ".legend{columns:15rem 3;column-gap:1.5rem}",
        ".legend li{break-inside:avoid}",
        *[f".legend .pill-{name}{{background:{pair.background};color:{pair.text}}}"
          for name, pair in style.levels.items()],
    ]


def _boxes(sheet: Sheet, style: Style) -> list[str]:
    facts, columns = style.box("key-facts", "key-facts"), style.box("assessment", "assessment")
    bands = [f".b-{name.replace('.', '-')} > .box-title{{background:{box.header};"
             f"margin:-{sheet.rem(box.padding_y)} -{sheet.rem(box.padding_x)} "
             f"{sheet.rem(box.padding_y)};padding:{sheet.rem(box.padding_y)} "
             f"{sheet.rem(box.padding_x)}}}" for name, box in style.boxes.items() if box.header]
    return [
        *bands, *_readable_links(style),
        "aside.box > :last-child,.column-body > :last-child{margin-bottom:0}",
        "figure{margin-inline:0}",
        ".exhibit svg.chart{display:block;width:100%;height:auto;margin:0.4rem 0}",
        sheet.text_rule(".r-exhibit-title", style.role("exhibit.title")),
        sheet.text_rule(".r-exhibit-source", style.role("exhibit.source")),
        ".r-exhibit-title strong{font-weight:700}",
        "blockquote{margin:0}",
        "cite{font-style:inherit}",
        "dl{margin:0}",
        ".kv{display:grid;grid-template-columns:minmax(0,30%) minmax(0,1fr);gap:0 1rem;"
        f"border-bottom:{facts.rule_width:.3g}pt solid {facts.rule};padding-block:0.3rem}}",
        ".kv:last-child{border-bottom:none}",
        *_unruled_key_values(style),
        ".kv dd{margin:0}",
        ".columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));"
        f"gap:{sheet.rem(columns.gap) if columns.gap else '1rem'};padding:0;background:none}}",
        f".column{{border:{columns.rule_width:.3g}pt solid {columns.rule}}}",
        f".column .r-column-title{{margin:0;padding:{sheet.rem(columns.padding_y)} "
        f"{sheet.rem(columns.padding_x)}}}",
        f".column:not(.level) .r-column-title{{background:{style.neutral.background}}}",
        f".column-body{{padding:{sheet.rem(columns.padding_y)} {sheet.rem(columns.padding_x)}}}",
    ]


def _readable_links(style: Style) -> list[str]:
    """Inside a box whose panel leaves the link colour under WCAG AA's 4.5:1 against it,
    links (and citation numbers) take the body text's colour; their underline still marks
    them."""
    link, ink = style.role("link").color, style.role("body").color
    return [f".b-{name.replace('.', '-')} a{{color:{ink}}}"
            for name, box in sorted(style.boxes.items())
            if box.background and contrast(link, box.background) < 4.5]


def _print(document: Document, style: Style) -> list[str]:
    page = style.page
    running = _margin_boxes(document, style)
    return [
        f"@page{{size:{page.width:.4g}pt {page.height:.4g}pt;margin:{page.top:.4g}pt "
        f"{page.right:.4g}pt {page.bottom:.4g}pt {page.left:.4g}pt;{running}}}",
        "@page:first{" + _margin_boxes(None, style) + "}",
        "@media print{"
        f"html{{font-size:{style.role('body').size:g}pt}}"
        "body{padding:0}"
        "main,header.cover{max-width:none;padding-inline:0}"
        "header.cover.own-page{break-after:page;min-height:60vh;padding:2rem}"
        ".page-break{display:block;break-after:page}"
        "aside,figure,tr,.kv,.column,li{break-inside:avoid}"
        "a{color:inherit;text-decoration:none}"
        "main a[href^=\"http\"]:not(.bare)::after,main a[href^=\"mailto:\"]:not(.bare)::after"
        "{content:\" (\" attr(href) \")\";font-size:0.85em;overflow-wrap:anywhere}"
        "}",
    ]


def _margin_boxes(document: Document | None, style: Style) -> str:
    """The running header and footer as page-margin boxes, page numbers as counters."""
    if document is None:
        return "".join(f"@{edge}-{slot}{{content:none}}" for edge in ("top", "bottom")
                       for slot in ("left", "center", "right"))
    text = style.role("running")
    look = (f"font-family:{_family_var(text.font)};font-size:{text.size:g}pt;"
            f"color:{text.color}")
    out = []
    for edge, running in (("top", document.header), ("bottom", document.footer)):
        for slot, content in running.slots():
            out.append(f"@{edge}-{slot}{{content:{_content(content)};{look}}}")
    return "".join(out)


def _content(inlines: Iterable[Inline]) -> str:
    parts = []
    for node in inlines:
        if isinstance(node, PageNumber):
            parts.append("counter(page)")
        elif isinstance(node, PageCount):
            parts.append("counter(pages)")
        elif isinstance(node, Text):
            parts.append(css_string(node.text))
        else:
            words = plain_text([node])
            if words:
                parts.append(css_string(words))
    return " ".join(parts) or '""'


def document_chars(document: Document, style: Style) -> str:
    """Every character the page may show, plus printable ASCII (URLs shown in print)."""
    chars = set(map(chr, range(0x20, 0x7F))) | {"\u00a0", "\u2014", "\u2026"}
    for inline in walk_inlines(document.blocks):
        if isinstance(inline, Text):
            chars.update(inline.text)
    for block in walk_blocks(document.blocks):
        for name in ("title", "subtitle", "kicker", "date", "classification", "label", "alt",
                     "row_axis", "column_axis", "corner", "number"):
            value = getattr(block, name, "")
            if isinstance(value, str):
                chars.update(value)
        for name in ("byline", "row_labels", "column_labels"):
            for value in getattr(block, name, ()):
                chars.update(value)
        for key in getattr(block, "legend", ()):
            chars.update(key.marker + key.label)
        for item in getattr(block, "items", ()):
            if hasattr(item, "label"):
                chars.update(item.label)
        for entry in getattr(block, "entries", ()):
            chars.update(getattr(entry, "number", "") + getattr(entry, "label", ""))
        for row in getattr(block, "cells", ()):
            for cell in row:
                for marker in getattr(cell, "markers", ()):
                    chars.update(marker)
    for running in (document.header, document.footer):
        for _, content in running.slots():
            chars.update(plain_text(content, document))
    chars.update(document.citation_separator)
    chars.update("0123456789")
    lists = style.lists
    for bullet in (*lists.bullets, *lists.role_bullets.values()):
        chars.update(bullet.glyph)
    chars.update(lists.number_suffix)
    return "".join(sorted(c for c in chars if c.isprintable() or unicodedata.category(c) == "Zs"))
