"""One Word document: the starting package, its styles and numbering, headers and footers,
the body, and the package's properties, written as a reproducible zip."""

from __future__ import annotations

from typing import Any, BinaryIO

from ... import __version__
from ...document.nodes import Document, TitleBlock
from ...output.timestamps import document_timestamp
from ...style.model import Style
from .direction import right_to_left
from .fonts import embed_fonts
from .notes import note_kind, write_footnotes
from .numbering import Numbering
from .package import (
    add_fonts, brand_office_theme, open_base, replace_body, set_compat_mode, set_properties,
    tidy_settings, update_fields_on_open, write_package,
)
from .pages import PageEstimate
from .running import header_and_footer_refs
from .sections import geometry_of, section_xml
from .styles import WordStyles
from .stylesheet import StyleSheet
from .translator import DocxTranslator, Place
from .xml import W_NS

_W = f"{{{W_NS}}}"


def write_docx(document: Document, style: Style, stream: BinaryIO) -> None:
    """Write the .docx of `document`, drawn in `style`, to `stream`."""
    token = right_to_left.set(document.meta.right_to_left)
    try:
        _write_docx(document, style, stream)
    finally:
        right_to_left.reset(token)


def _script_families(document: Document, style: Style) -> tuple[dict[str, Any], dict[str, Any]]:
    """The families of Word's two script slots, and the complex-script letters the
    complex slot's family lacks, each with the family its runs name instead."""
    from ...document.nodes import Text, walk_inlines
    from ...output.fallback_fonts import is_serif, other_complex_families, script_families

    text = document.meta.title + "".join(node.text for node in walk_inlines(document.blocks)
                                         if isinstance(node, Text))
    serif, own = is_serif(style.fonts.body.name), style.fonts.fallback
    slots = script_families(text, serif, own)
    return slots, other_complex_families(text, serif, own, slots.get("complex"))


def static_family(family: Any) -> Any:
    """A fallback family with static faces: Word embeds no variable font's bold."""
    from ...output.fallback_fonts import static_face
    from ...style.model import FontFamily

    faces = [static_face(family, bold, italic, embedded=True)
             for bold, italic in ((False, False), (True, False), (False, True), (True, True))]
    return FontFamily(family.name, *faces)


def _write_docx(document: Document, style: Style, stream: BinaryIO) -> None:
    when = document_timestamp(document.meta.date)  # fails early on a bad SOURCE_DATE_EPOCH
    own = style.docx_reference is None
    docx = open_base(style.docx_reference)
    part = docx.part
    reference_section = None if own else docx.element.body.find(_W + "sectPr")
    geometry = geometry_of(style, reference_section)
    scripts, other_scripts = _script_families(document, style)
    words = WordStyles(style, geometry.text_width / 20, right_to_left=document.meta.right_to_left,
                       scripts={slot: family.name for slot, family in scripts.items()})
    language = document.meta.language or "en"
    numbering = Numbering(part.numbering_part.element, style, style.fonts.body.name, own=own)
    styles = StyleSheet(docx.styles.element, own=own)
    styles.install(words.definitions, numbering, words.doc_defaults(language), language,
                   owner=style, width=geometry.text_width)
    estimate = _estimate(document, style, geometry)
    t = DocxTranslator(document, style, styles, numbering, part, page_of=estimate.pages,
                       page_total=estimate.total, estimate=estimate, geometry=geometry,
                       reference=not own)
    t.body_section = reference_section
    t.created = when  # what embedded files (a chart's workbook) are dated
    t.inline.note_element = note_kind(style).name
    t.inline.complex_fonts = {char: family.name for char, family in other_scripts.items()}
    _index_sources(t)
    replace_body(part, _body(t, reference_section))
    write_footnotes(t, docx)
    tidy_settings(docx)
    if style.docx_update_fields:
        update_fields_on_open(docx)
    if own:
        set_compat_mode(docx, 15)
        brand_office_theme(docx, style)
    script_faces = list(scripts.values())
    script_faces += [f for f in dict.fromkeys(other_scripts.values()) if f not in script_faces]
    fonts = {"body": style.fonts.body.name, "heading": style.fonts.heading.name,
             "mono": style.fonts.mono.name, **{slot: f.name for slot, f in scripts.items()},
             **{f"complex-{n}": f.name for n, f in enumerate(script_faces[len(scripts):])}}
    add_fonts(docx, fonts)
    embed_fonts(docx, [style.fonts.body, style.fonts.heading, style.fonts.mono],
                scripts=[static_family(family) for family in script_faces])
    set_properties(docx, document.meta, when, f"briefgen {__version__}")
    write_package(docx, stream, when)


def _estimate(document: Document, style: Style, geometry: Any) -> PageEstimate:
    estimate = PageEstimate(style, geometry.content_height, geometry.text_width / 20)
    estimate.run(document.blocks)
    return estimate


def _index_sources(t: DocxTranslator) -> None:
    """What citations link to: every heading and source anchor, and the sources' titles."""
    from ...document.nodes import References, walk_blocks

    t.inline.anchors.update(t.document.anchors())
    for block in walk_blocks(t.document.blocks):
        if isinstance(block, References):
            for entry in block.entries:
                t.inline.source_titles[entry.anchor] = t.document.plain_text(entry.content)


def _body(t: DocxTranslator, reference_section: Any) -> str:
    """The inside of w:body: the blocks, then the body's section properties."""
    from .cover import title_block

    place = Place(width=t.geometry.text_width)
    blocks = t.document.blocks
    first = blocks[0] if blocks else None
    compact_title = isinstance(first, TitleBlock) and not first.own_page
    refs = header_and_footer_refs(t, reference_section, first_page_footer_only=compact_title)
    out = []
    after_cover = False
    for index, block in enumerate(blocks):
        if index == 0 and isinstance(block, TitleBlock):
            cover, after_cover = title_block(t, block, place)
            out.append(cover)
        else:
            out.append(t.visit(block, place))
    out.append(t.pending_break())
    out.append(section_xml(t.geometry, reference_section, refs, after_cover=after_cover))
    return "".join(out)
