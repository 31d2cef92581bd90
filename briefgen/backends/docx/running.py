"""The running header and footer: header and footer parts from the document's `RunningText`.

The left, centre and right slots are one paragraph with tab stops at the centre and right edge
of the text; page numbers are PAGE and NUMPAGES fields. Under a compact title block the first
page shows the footer only, as in the PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.hdrftr import FooterPart, HeaderPart

from ...document.nodes import RunningText
from .inlines import RunLook
from .xml import W_NS, parse_one, ppr, word_color

if TYPE_CHECKING:
    from .translator import DocxTranslator

_W = f"{{{W_NS}}}"
TAB = "<w:r><w:tab/></w:r>"
KINDS = (("header", HeaderPart, CT.WML_HEADER, RT.HEADER),
         ("footer", FooterPart, CT.WML_FOOTER, RT.FOOTER))


def header_and_footer_refs(t: DocxTranslator, reference_section: Any, *,
                           first_page_footer_only: bool) -> str:
    """The w:headerReference / w:footerReference elements of the body's section.

    A reference .docx that brings its own header or footer keeps it."""
    from lxml import etree

    running = {"header": t.document.header, "footer": t.document.footer}
    refs = []
    for kind, part_class, content_type, reltype in KINDS:
        own = (reference_section.findall(f"{_W}{kind}Reference")
               if reference_section is not None else [])
        if own:
            refs += [etree.tostring(r, encoding="unicode") for r in own]
            continue
        paragraph = running_paragraph(t, kind, running[kind])
        if not paragraph:
            continue
        refs.append(_part_reference(t, kind, part_class, content_type, reltype, paragraph,
                                    "default"))
        if first_page_footer_only:
            # the first page's header is empty, and without the header style's rule: the
            # title block's own accent rule heads that page, as in the PDF
            blank = ppr(style=t.sid(kind), borders='<w:bottom w:val="nil"/>')
            first = paragraph if kind == "footer" else f"<w:p>{blank}</w:p>"
            refs.append(_part_reference(t, kind, part_class, content_type, reltype, first,
                                        "first"))
    return "".join(refs)


def _part_reference(t: DocxTranslator, kind: str, part_class: Any, content_type: str,
                    reltype: str, paragraph: str, which: str) -> str:
    tag = "hdr" if kind == "header" else "ftr"
    element = parse_one(f"<w:{tag}>{paragraph}</w:{tag}>")
    package = t.part.package
    partname = package.next_partname(f"/word/{kind}%d.xml")
    rid = t.part.relate_to(part_class(partname, content_type, element, package), reltype)
    return f'<w:{kind}Reference w:type="{which}" r:id="{rid}"/>'


def running_paragraph(t: DocxTranslator, kind: str, running: RunningText) -> str:
    """One paragraph: left slot, tab, centre slot, tab, right slot."""
    slots = dict(running.slots())
    if not slots:
        return ""
    look = RunLook(strong_color=word_color(t.style.role("running.strong").color))

    def runs(name: str) -> str:
        return t.inline.runs(slots.get(name, ()), look)

    center, right = runs("center"), runs("right")
    body = runs("left") + (TAB + center if center else "") + (TAB + right if right else "")
    style = t.sid(kind)
    # explicit stops at this page's text width; any other stop of the style is cleared
    width = t.geometry.text_width
    wanted = {width: "right"}
    if center:
        wanted[width // 2] = "center"
    stops = {pos: "clear" for pos in t.styles.tab_positions(style) if pos not in wanted}
    stops.update(wanted)
    tabs = "".join(f'<w:tab w:val="{value}" w:pos="{pos}"/>'
                   for pos, value in sorted(stops.items()))
    return f"<w:p>{ppr(style=style, tabs=tabs)}{body}</w:p>"
