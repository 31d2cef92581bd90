"""Notes as Word footnotes (or, if the template says `notes: end`, endnotes): a footnotes part
(with Word's two separator notes), one w:footnote per note, and a w:footnoteReference where
the text first refers to it.

Word numbers footnotes itself, in the order of their references: the same order in which the
layout numbered the notes. A note referred to again shows its number as text, in the
footnote-reference style (Word has one reference per footnote).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ...document.nodes import Note
from .xml import W_NS, parse_many, ppr, text_runs

if TYPE_CHECKING:
    from .translator import DocxTranslator

_W = f"{{{W_NS}}}"


@dataclass(frozen=True)
class NoteKind:
    """The names Word uses for one kind of note: "footnote" or "endnote"."""

    name: str

    @property
    def content_type(self) -> str:
        return f"application/vnd.openxmlformats-officedocument.wordprocessingml.{self.name}s+xml"

    @property
    def relationship(self) -> str:
        return RT.FOOTNOTES if self.name == "footnote" else RT.ENDNOTES

    @property
    def separators(self) -> str:
        n = self.name
        return (f'<w:{n} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
                'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
                f'</w:{n}><w:{n} w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
                '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r>'
                f"<w:continuationSeparator/></w:r></w:p></w:{n}>")


FOOTNOTE, ENDNOTE = NoteKind("footnote"), NoteKind("endnote")


def note_kind(style: Any) -> NoteKind:
    return ENDNOTE if style.notes_at == "end" else FOOTNOTE


# CT_Settings elements that come after w:footnotePr
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
                      "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                      "doNotAutoCompressPictures", "forceUpgrade", "captions",
                      "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                      "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def write_footnotes(t: DocxTranslator, docx: Any) -> None:
    """The notes the body referred to, in the document's footnotes (or endnotes) part."""
    from lxml import etree

    from .inlines import InlineWriter

    kind = note_kind(t.style)
    notes = [n for n in t.document.notes if n.anchor in t.inline.footnote_ids]
    if not notes:
        return
    part = _notes_part(t.part, kind)
    root = etree.fromstring(part.blob) if part.blob else None
    if root is None or root.tag != f"{_W}{kind.name}s":
        root = parse_many([f"<w:{kind.name}s>{kind.separators}</w:{kind.name}s>"])[0]
    for old in root.findall(_W + kind.name):  # a reference document's own notes: not this one's
        if old.get(_W + "type") not in ("separator", "continuationSeparator",
                                        "continuationNotice"):
            root.remove(old)
    # runs inside the notes: their links are relationships of the footnotes part
    writer = InlineWriter(t.document, part, t.sid, t.bookmark, t.style.fonts.mono.name,
                          t.inline.page_total)
    writer.anchors = t.inline.anchors
    writer.source_titles = t.inline.source_titles
    footnotes = [_note(t, writer, note, t.inline.footnote_ids[note.anchor], kind)
                 for note in notes]
    for element in parse_many(footnotes):
        root.append(element)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    _note_settings(docx.settings.element, kind)
    for section in t.part.element.iter(_W + "sectPr"):
        _section_numbering(section, kind)


def _section_numbering(section: Any, kind: NoteKind) -> None:
    """Each section numbers its notes 1, 2 … too: LibreOffice reads the section's format."""
    tag = f"{_W}{kind.name}Pr"
    if section.find(tag) is not None:
        return
    element = parse_many([f'<w:{kind.name}Pr><w:numFmt w:val="decimal"/></w:{kind.name}Pr>'])[0]
    references = [c for c in section if c.tag in (_W + "headerReference",
                                                   _W + "footerReference")]
    if kind.name == "endnote":  # after a footnotePr, if there is one
        references += [c for c in section if c.tag == _W + "footnotePr"]
    if references:
        references[-1].addnext(element)
    else:
        section.insert(0, element)


def _note(t: DocxTranslator, writer: Any, note: Note, number: int, kind: NoteKind) -> str:
    n = kind.name
    mark = f'<w:r><w:rPr><w:rStyle w:val="{t.sid("footnote reference", "character")}"/>' \
           f"</w:rPr><w:{n}Ref/></w:r>"
    runs = mark + text_runs(" ") + writer.runs(note.content)
    return (f'<w:{n} w:id="{number}"><w:p>{ppr(style=t.sid("footnote text"))}{runs}'
            f"</w:p></w:{n}>")


def _notes_part(document_part: Any, kind: NoteKind) -> Any:
    for rel in document_part.rels.values():
        if rel.reltype == kind.relationship and not rel.is_external:
            return rel.target_part
    part = Part(PackURI(f"/word/{kind.name}s.xml"), kind.content_type, b"",
                document_part.package)
    document_part.relate_to(part, kind.relationship)
    return part


def _note_settings(settings: Any, kind: NoteKind) -> None:
    """w:footnotePr (w:endnotePr) naming the separator notes, as Word writes it."""
    n = kind.name
    if settings.find(f"{_W}{n}Pr") is not None:
        return
    # numbered 1, 2 …, as the text that refers to a note again shows it (Word's endnotes
    # count i, ii … unless told)
    element = parse_many([f'<w:{n}Pr><w:numFmt w:val="decimal"/><w:{n} w:id="-1"/>'
                          f'<w:{n} w:id="0"/></w:{n}Pr>'])[0]
    after = _AFTER_FOOTNOTE_PR if n == "footnote" else _AFTER_FOOTNOTE_PR[1:]
    later = {_W + tag for tag in after}
    following = next((child for child in settings if child.tag in later), None)
    if following is not None:
        following.addprevious(element)
    else:
        settings.append(element)
