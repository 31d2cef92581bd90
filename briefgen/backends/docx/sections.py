"""Section properties (w:sectPr): page size, margins, header/footer references.

With a reference .docx its own final section is the model (its page set-up wins); otherwise
the style's page geometry is used.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .direction import right_to_left
from .xml import W_NS, parse_many

_W = f"{{{W_NS}}}"


@dataclass(frozen=True, slots=True)
class Geometry:
    """Page size and margins, in twips."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    header: int  # distance from the top edge to the header
    footer: int  # distance from the bottom edge to the footer

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def content_height(self) -> float:
        """The height of the text area, in points."""
        return (self.height - self.top - self.bottom) / 20


def section_xml(g: Geometry, reference: Any, refs: str, *, after_cover: bool,
                cover: bool = False, full_bleed: bool = False) -> str:
    """A w:sectPr: the body's (with header/footer references `refs`) or the cover's (without).

    `reference` is the reference document's own final w:sectPr element, or None."""
    kind = '<w:type w:val="nextPage"/>' if after_cover and not cover else ""
    refs = "" if cover else refs
    if reference is not None:
        return _from_reference(reference, refs, kind)
    if full_bleed:  # the band starts at the top edge; nothing runs in the margins
        margins = (f'w:top="0" w:right="{g.right}" w:bottom="{g.bottom}" w:left="{g.left}" '
                   'w:header="0" w:footer="0" w:gutter="0"')
    else:
        margins = (f'w:top="{g.top}" w:right="{g.right}" w:bottom="{g.bottom}" '
                   f'w:left="{g.left}" w:header="{g.header}" w:footer="{g.footer}" w:gutter="0"')
    orient = ' w:orient="landscape"' if g.width > g.height else ""
    title_page = "<w:titlePg/>" if "w:type=\"first\"" in refs else ""
    return (f"<w:sectPr>{refs}{kind}<w:pgSz w:w=\"{g.width}\" w:h=\"{g.height}\"{orient}/>"
            f"<w:pgMar {margins}/><w:cols w:space=\"720\"/>{title_page}"
            f"{'<w:bidi/>' if right_to_left.get() else ''}"
            '<w:docGrid w:linePitch="360"/></w:sectPr>')


def _from_reference(reference: Any, refs: str, kind: str) -> str:
    """The reference's page set-up with our header/footer references."""
    from lxml import etree

    element = copy.deepcopy(reference)
    for child in list(element):
        if child.tag in (_W + "headerReference", _W + "footerReference", _W + "type",
                         _W + "titlePg"):
            element.remove(child)
    for name in [n for n in element.attrib if n.startswith(_W + "rsid")]:
        del element.attrib[name]  # editing-session ids of the reference
    # references come first; w:type after the footnote and endnote properties
    notes = sum(1 for c in element if c.tag in (_W + "footnotePr", _W + "endnotePr"))
    for index, child in enumerate(parse_many([kind]) if kind else []):
        element.insert(notes + index, child)
    for index, child in enumerate(parse_many([refs]) if refs else []):
        element.insert(index, child)
    if 'w:type="first"' in refs:
        later = [element.find(_W + t) for t in ("textDirection", "bidi", "rtlGutter", "docGrid",
                                                "printerSettings", "sectPrChange")]
        anchor = next((e for e in later if e is not None), None)
        title_page = parse_many(["<w:titlePg/>"])[0]
        if anchor is not None:
            anchor.addprevious(title_page)
        else:
            element.append(title_page)
    return etree.tostring(element, encoding="unicode")


def geometry_of(style: Any, reference: Any) -> Geometry:
    """The page geometry: the style's, or the reference section's where it gives one."""
    from .xml import twips

    page = style.page
    running = style.role("running")
    # Word places the header's top and the footer's bottom; the style gives their baselines
    g = Geometry(twips(page.width), twips(page.height), twips(page.top), twips(page.bottom),
                 twips(page.left), twips(page.right),
                 twips(max(0.0, page.header_offset - running.size * 0.8)),
                 twips(max(0.0, page.footer_offset - running.size * 0.25)))
    if reference is None:
        return g
    size, margins = reference.find(_W + "pgSz"), reference.find(_W + "pgMar")

    def value(element: Any, name: str, default: int) -> int:
        raw = element.get(_W + name) if element is not None else None
        try:
            return abs(int(float(raw))) if raw is not None else default
        except ValueError:
            return default

    return Geometry(
        value(size, "w", g.width), value(size, "h", g.height), value(margins, "top", g.top),
        value(margins, "bottom", g.bottom), value(margins, "left", g.left),
        value(margins, "right", g.right), value(margins, "header", g.header),
        value(margins, "footer", g.footer))
