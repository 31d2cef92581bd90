"""Make a reference .docx inert before a brief is built on it: keep what a letterhead needs,
by an allow-list, and drop everything that acts, fetches or hides.

What survives: styles, numbering, the theme, the font table (with its embedded fonts), page
set-up, web settings, headers, footers, footnote and endnote separators, images embedded in
the package, and hyperlinks with safe schemes (http, https, mailto). What goes: macro projects
and every other part not listed, every external relationship other than such hyperlinks
(attached templates, linked images, mail-merge sources), OLE objects, ActiveX controls, imported
chunks and sub-documents, custom XML and its data bindings, field codes other than the page
fields (DDE, INCLUDETEXT, INCLUDEPICTURE… keep only their last shown text), and the settings that
make Word act on opening (update fields, protection, mail merge, document variables).
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ...document.nodes import safe_url
from .xml import A_NS, R_NS, W_NS

_W = f"{{{W_NS}}}"
_R = f"{{{R_NS}}}"

_PACKAGE_RELS = {RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES}
# what each kind of part may relate to, by the relationship type; anything else is dropped
_DOCUMENT_RELS = {RT.STYLES, RT.NUMBERING, RT.THEME, RT.FONT_TABLE, RT.SETTINGS,
                  RT.WEB_SETTINGS, RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES}
_STORY_RELS = {RT.IMAGE, RT.HYPERLINK}  # headers, footers, notes
_ALLOWED_RELS = {
    RT.OFFICE_DOCUMENT: _DOCUMENT_RELS,
    RT.HEADER: _STORY_RELS, RT.FOOTER: _STORY_RELS, RT.FOOTNOTES: _STORY_RELS,
    RT.ENDNOTES: _STORY_RELS, RT.FONT_TABLE: {RT.FONT}, RT.THEME: {RT.IMAGE},
    RT.NUMBERING: {RT.IMAGE},  # picture bullets
}
_STORIES = (RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES)
PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES"}
# settings that make Word act on opening, reach elsewhere or lock the reader out
_ACTIVE_SETTINGS = ("attachedTemplate", "linkStyles", "updateFields", "documentProtection",
                    "writeProtection", "mailMerge", "docVars", "attachedSchema",
                    "saveThroughXslt", "useXSLTWhenSaving", "alwaysMergeEmptyNamespace")
# elements that embed or import something active, removed with all they hold
_ACTIVE_ELEMENTS = (f"{_W}object", f"{_W}control", f"{_W}altChunk", f"{_W}subDoc",
                    f"{_W}dataBinding", f"{_W}attachedTemplate")
# wrappers that carry custom XML or smart-tag semantics around ordinary text: their text stays
_UNWRAPPED = (f"{_W}customXml", f"{_W}smartTag")


def make_inert(document: Any) -> None:
    """Reduce the python-docx `document` (a reference just opened) to its inert parts."""
    package = document.part.package
    _keep_rels(package.rels, _PACKAGE_RELS)
    main = document.part
    _keep_rels(main.rels, _DOCUMENT_RELS)
    for reltype, allowed in _ALLOWED_RELS.items():
        if reltype == RT.OFFICE_DOCUMENT:
            continue
        for part in _related(main, reltype):
            _keep_rels(part.rels, allowed)
    try:
        settings = main.part_related_by(RT.SETTINGS)
    except KeyError:
        settings = None
    if settings is not None:
        _keep_rels(settings.rels, set())  # attached template, mail-merge data: all external
        _edit(settings, _quiet_settings)
    for reltype in _STORIES:
        for part in _related(main, reltype):
            _edit(part, lambda root, part=part: _inert_story(root, part))


def _related(source: Any, reltype: str) -> list[Any]:
    return [rel.target_part for rel in source.rels.values()
            if rel.reltype == reltype and not rel.is_external]


def _keep_rels(rels: Any, allowed: set[str]) -> None:
    """Drop every relationship not of an `allowed` type; an external one only stays if it is a
    hyperlink with a safe scheme."""
    for rid, rel in list(rels.items()):
        keep = rel.reltype in allowed
        if keep and rel.is_external:
            keep = rel.reltype == RT.HYPERLINK and bool(safe_url(rel.target_ref))
        if not keep:
            del rels[rid]


def _edit(part: Any, change: Any) -> None:
    """Apply `change` to the part's XML, in place for python-docx's XML parts."""
    element = getattr(part, "element", None)
    if element is not None:
        change(element)
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    change(root)
    part._blob = etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def _quiet_settings(root: Any) -> None:
    for name in _ACTIVE_SETTINGS:
        for child in root.findall(_W + name):
            root.remove(child)


def _inert_story(root: Any, part: Any) -> None:
    """A header, footer or notes part with nothing active left in it."""
    for element in list(root.iter(*_ACTIVE_ELEMENTS)):
        _remove(element)
    for element in list(root.iter(*_UNWRAPPED)):
        _unwrap(element, keep=lambda child: not child.tag.endswith("Pr"))
    for simple in list(root.iter(_W + "fldSimple")):
        if _field_name(simple.get(_W + "instr", "")) not in PAGE_FIELDS:
            _unwrap(simple, keep=lambda child: child.tag != _W + "fldData")
    _drop_complex_fields(root)
    _drop_dangling_references(root, part)


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def _drop_complex_fields(root: Any) -> None:
    """Fields written as begin / instruction / separate / result / end runs: a page field stays;
    any other keeps only its result, the text Word last showed."""
    stack: list[dict[str, Any]] = []
    for run in list(root.iter(_W + "r")):
        char = run.find(_W + "fldChar")
        kind = char.get(_W + "fldCharType") if char is not None else None
        if kind == "begin":
            stack.append({"runs": [run], "instruction": "", "in_result": False})
        elif not stack:
            continue
        elif kind == "separate":
            stack[-1]["runs"].append(run)
            stack[-1]["in_result"] = True
        elif kind == "end":
            field = stack.pop()
            if _field_name(field["instruction"]) not in PAGE_FIELDS:
                for part_run in [*field["runs"], run]:
                    _remove(part_run)
        elif not stack[-1]["in_result"]:
            for text in run.iter(_W + "instrText"):
                stack[-1]["instruction"] += text.text or ""
            stack[-1]["runs"].append(run)
    for field in stack:  # a field never closed: none of its code stays
        for run in field["runs"]:
            _remove(run)
    for text in list(root.iter(_W + "instrText")):  # instruction text outside any field
        _remove(text)


def _drop_dangling_references(root: Any, part: Any) -> None:
    """What pointed at a dropped relationship: a hyperlink keeps its text, a linked picture
    that has no embedded copy goes."""
    known = set(part.rels.keys())
    for blip in list(root.iter(f"{{{A_NS}}}blip")):
        if blip.get(_R + "link") is not None:
            del blip.attrib[_R + "link"]
        if blip.get(_R + "embed") not in known:
            _remove(_picture_of(blip))
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for name, value in list(element.attrib.items()):
            if not name.startswith(_R) or value in known:
                continue
            if element.tag == _W + "hyperlink":
                _unwrap(element)
            elif element.getparent() is not None:
                _remove(_picture_of(element))
            break


def _picture_of(element: Any) -> Any:
    """The drawing or VML picture holding `element`, else the element itself."""
    node = element.getparent()
    while node is not None:
        if node.tag in (_W + "drawing", _W + "pict"):
            return node
        node = node.getparent()
    return element


def _remove(element: Any) -> None:
    parent = element.getparent()
    if parent is not None:
        if element.tail and element.tail.strip():
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)


def _unwrap(element: Any, keep: Any = None) -> None:
    """Put the element's children in its place (those `keep` accepts), dropping the element."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in list(element):
        if keep is None or keep(child):
            parent.insert(index, child)
            index += 1
    parent.remove(element)


__all__ = ["PAGE_FIELDS", "make_inert"]
