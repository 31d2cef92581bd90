"""Notes as Word footnotes: a footnotes part (with Word's two separator notes), one
w:footnote per note, and a w:footnoteReference where the text first refers to it.

Word numbers footnotes itself, in the order of their references: the same order in which the
layout numbered the notes. A note referred to again shows its number as text, in the
footnote-reference style (Word has one reference per footnote).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ...document.nodes import Note
from .xml import W_NS, parse_many, ppr, text_runs

if TYPE_CHECKING:
    from .translator import DocxTranslator

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W = f"{{{W_NS}}}"
SEPARATORS = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
              'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
              '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
              '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r>'
              "<w:continuationSeparator/></w:r></w:p></w:footnote>")
# CT_Settings elements that come after w:footnotePr
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                      "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                      "doNotAutoCompressPictures", "forceUpgrade", "captions",
                      "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                      "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def write_footnotes(t: DocxTranslator, docx: Any) -> None:
    """The footnotes of the notes the body referred to, in the document's footnotes part."""
    from lxml import etree

    from .inlines import InlineWriter

    notes = [n for n in t.document.notes if n.anchor in t.inline.footnote_ids]
    if not notes:
        return
    part = _footnotes_part(t.part)
    root = etree.fromstring(part.blob) if part.blob else None
    if root is None or root.tag != _W + "footnotes":
        root = parse_many([f"<w:footnotes>{SEPARATORS}</w:footnotes>"])[0]
    for old in root.findall(_W + "footnote"):  # the reference's own notes have no text now
        if old.get(_W + "type") not in ("separator", "continuationSeparator",
                                        "continuationNotice"):
            root.remove(old)
    # runs inside the notes: their links are relationships of the footnotes part
    writer = InlineWriter(t.document, part, t.sid, t.bookmark, t.style.fonts.mono.name,
                          t.inline.page_total)
    writer.anchors = t.inline.anchors
    writer.source_titles = t.inline.source_titles
    footnotes = [_footnote(t, writer, note, t.inline.footnote_ids[note.anchor])
                 for note in notes]
    for element in parse_many(footnotes):
        root.append(element)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    _footnote_settings(docx.settings.element)


def _footnote(t: DocxTranslator, writer: Any, note: Note, number: int) -> str:
    mark = f'<w:r><w:rPr><w:rStyle w:val="{t.sid("footnote reference", "character")}"/>' \
           "</w:rPr><w:footnoteRef/></w:r>"
    runs = mark + text_runs(" ") + writer.runs(note.content)
    return (f'<w:footnote w:id="{number}"><w:p>{ppr(style=t.sid("footnote text"))}{runs}'
            "</w:p></w:footnote>")


def _footnotes_part(document_part: Any) -> Any:
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return rel.target_part
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES, b"", document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def _footnote_settings(settings: Any) -> None:
    """w:footnotePr naming the separator notes, as Word writes it."""
    if settings.find(_W + "footnotePr") is not None:
        return
    element = parse_many(['<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                          "</w:footnotePr>"])[0]
    later = {_W + tag for tag in _AFTER_FOOTNOTE_PR}
    following = next((child for child in settings if child.tag in later), None)
    if following is not None:
        following.addprevious(element)
    else:
        settings.append(element)
