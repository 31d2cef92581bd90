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

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from ...document.nodes import safe_url
from .fonts import OBFUSCATED_FONT
from .xml import A_NS, R_NS, W_NS

_W = f"{{{W_NS}}}"
_R = f"{{{R_NS}}}"
_V = "{urn:schemas-microsoft-com:vml}"
_O = "{urn:schemas-microsoft-com:office:office}"

_PACKAGE_RELS = {RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES}
_IMAGES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", "image/x-emf",
           "image/x-wmf", "image/svg+xml")
_FONTS = (CT.X_FONTDATA, CT.X_FONT_TTF, OBFUSCATED_FONT)
# what a relationship of each kind may lead to, by the target part's content type
_TARGETS = {
    RT.STYLES: (CT.WML_STYLES,), RT.NUMBERING: (CT.WML_NUMBERING,), RT.THEME: (CT.OFC_THEME,),
    RT.FONT_TABLE: (CT.WML_FONT_TABLE,), RT.SETTINGS: (CT.WML_SETTINGS,),
    RT.WEB_SETTINGS: (CT.WML_WEB_SETTINGS,), RT.HEADER: (CT.WML_HEADER,),
    RT.FOOTER: (CT.WML_FOOTER,), RT.FOOTNOTES: (CT.WML_FOOTNOTES,),
    RT.ENDNOTES: (CT.WML_ENDNOTES,), RT.IMAGE: _IMAGES, RT.FONT: _FONTS,
}
# what each kind of part may relate to, by the relationship type; anything else is dropped
_DOCUMENT_RELS = {RT.STYLES, RT.NUMBERING, RT.THEME, RT.FONT_TABLE, RT.SETTINGS,
                  RT.WEB_SETTINGS, RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES}
_STORY_RELS = {RT.IMAGE, RT.HYPERLINK}  # headers, footers, notes
_ALLOWED_RELS = {
    CT.WML_DOCUMENT_MAIN: _DOCUMENT_RELS,
    CT.WML_HEADER: _STORY_RELS, CT.WML_FOOTER: _STORY_RELS, CT.WML_FOOTNOTES: _STORY_RELS,
    CT.WML_ENDNOTES: _STORY_RELS, CT.WML_FONT_TABLE: {RT.FONT}, CT.OFC_THEME: {RT.IMAGE},
    CT.WML_NUMBERING: {RT.IMAGE},  # picture bullets
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
    seen: set[int] = set()
    queue = [document.part]
    while queue:  # every part still reachable, each once: its relationships by the allow-list
        part = queue.pop()
        if id(part) in seen:
            continue
        seen.add(id(part))
        _keep_rels(part.rels, _ALLOWED_RELS.get(part.content_type, set()))
        queue += [rel.target_part for rel in part.rels.values() if not rel.is_external]
    main = document.part
    _keep_first(main.rels, _DOCUMENT_RELS - {RT.HEADER, RT.FOOTER})
    _edit(main, lambda root: _drop_dangling_references(root, main))
    for rel in list(main.rels.values()):
        if rel.reltype == RT.SETTINGS:
            _edit(rel.target_part, _quiet_settings)
        elif rel.reltype in _STORIES:
            story = rel.target_part
            _edit(story, lambda root, story=story: _inert_story(root, story))


def _keep_first(rels: Any, single: set[str]) -> None:
    """One styles, settings, theme… part: a second relationship of such a type is dropped."""
    seen: set[str] = set()
    for rid, rel in list(rels.items()):
        if rel.reltype in single:
            if rel.reltype in seen:
                del rels[rid]
            seen.add(rel.reltype)


def _keep_rels(rels: Any, allowed: set[str]) -> None:
    """Drop every relationship not of an `allowed` type or not leading to a part of the kind
    its type names; an external one only stays if it is a hyperlink with a safe scheme."""
    for rid, rel in list(rels.items()):
        if rel.reltype not in allowed:
            keep = False
        elif rel.is_external:
            keep = rel.reltype == RT.HYPERLINK and bool(safe_url(rel.target_ref))
        elif rel.reltype in _TARGETS:
            keep = rel.target_part.content_type in _TARGETS[rel.reltype]
        else:  # the package's own: its document and properties (briefgen rewrites those)
            keep = True
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
    """The active settings go wherever they stand (inside mc:AlternateContent too)."""
    for element in list(root.iter(*(_W + name for name in _ACTIVE_SETTINGS))):
        _remove(element)


def _inert_story(root: Any, part: Any) -> None:
    """A header, footer or notes part with nothing active left in it."""
    for element in list(root.iter(*_ACTIVE_ELEMENTS)):
        _remove(element)
    for ole in list(root.iter(_O + "OLEObject")):  # an OLE object in a VML picture
        _remove(_picture_of(ole))
    for element in root.iter(f"{_V}*", f"{_O}*"):  # VML fetches pictures by URL attributes too
        for name, value in list(element.attrib.items()):
            if name.rsplit("}", 1)[-1] in ("src", "href") and ":" in value:
                del element.attrib[name]
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
    """Fields written as begin / instruction / separate / result / end runs: a page field stays
    whole; any other keeps only its result, the text Word last showed."""
    stack: list[dict[str, Any]] = []
    kept: set[Any] = set()  # the instruction runs of the page fields
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
            if _field_name(field["instruction"]) in PAGE_FIELDS:
                kept.update(field["runs"])
            else:
                for part_run in [*field["runs"], run]:
                    _remove(part_run)
        elif not stack[-1]["in_result"]:
            for text in run.iter(_W + "instrText"):
                stack[-1]["instruction"] += text.text or ""
            stack[-1]["runs"].append(run)
    for field in stack:  # a field never closed: none of its code stays
        for run in field["runs"]:
            _remove(run)
    for text in list(root.iter(_W + "instrText")):  # instruction text outside a page field
        if text.getparent() not in kept:
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
