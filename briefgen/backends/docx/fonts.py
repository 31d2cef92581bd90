"""Fonts embedded in the DOCX, as Word's "Embed fonts in the file" stores them.

ECMA-376 Part 1 §17.8.1 and §17.8.3.3: every embedded face is an obfuscated TrueType part
(word/fonts/fontN.odttf) related from fontTable.xml, and named there by a w:embedRegular /
w:embedBold / w:embedItalic / w:embedBoldItalic element carrying the relationship id and the
GUID the part was obfuscated with (w:fontKey). Obfuscation XORs the first 32 bytes of the font
with the GUID's 16 bytes taken in reverse order of its text (the last hex pair first).

Only the faces the document actually shows are embedded: the runs of the body, headers and
footers (and list labels) are resolved against the styles to a family and bold/italic. Each
face is subset with fontTools to the whole 128-character ranges the document's characters and
printable ASCII fall in (so page numbers, field updates and edits in the same alphabet still
have glyphs), without hinting and layout tables: about 25 KB a face instead of 350-450 KB.
The PDF backend neither kerns nor forms ligatures, so the DOCX laid out without GPOS/GSUB
matches it more closely, not less. Briefs in the same scripts share their subsets, which are
kept in the cache folder (`briefgen.output.fonts`). GUIDs are name-based (uuid5) on the
subset's bytes, so the same input gives the same file.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml

from ...output.fonts import subset_font, whole_ranges
from .xml import R_NS, W_NS, parse_many, settings_on

log = logging.getLogger(__name__)

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_W = f"{{{W_NS}}}"
_R = f"{{{R_NS}}}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# faces in the order their elements come in w:font (CT_Font ends with these four)
FACES = (("regular", "embedRegular", False, False), ("bold", "embedBold", True, False),
         ("italic", "embedItalic", False, True), ("bold_italic", "embedBoldItalic", True, True))
_EMBED_TAGS = tuple(_W + tag for _, tag, _, _ in FACES)
_P, _RUN, _T, _PPR, _RPR = (_W + tag for tag in ("p", "r", "t", "pPr", "rPr"))
_B, _I, _RFONTS, _RSTYLE, _PSTYLE, _NUMPR = (
    _W + tag for tag in ("b", "i", "rFonts", "rStyle", "pStyle", "numPr"))
_VAL = _W + "val"
_NONE = (None, None, None, None)
# Always in a subset: printable ASCII (page numbers, updated fields, a quick edit) and the
# typographic characters a brief's text is most likely to gain.
BASE_CHARS = frozenset(map(chr, range(0x20, 0x7F))) | frozenset(
    "\u00a0\u00ad\u00a9\u00b0\u00b7\u2010\u2011\u2013\u2014\u2018\u2019\u201c\u201d\u2022"
    "\u2026\u20ac")
_KEY_NAMESPACE = uuid.UUID("6f1b3c2e-8d4a-5e7f-9a0b-1c2d3e4f5a6b")
# Settings that come before w:embedTrueTypeFonts / w:saveSubsetFonts in CT_Settings.
_BEFORE_EMBED = ("writeProtection", "view", "zoom", "removePersonalInformation",
                 "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
                 "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData")
_BEFORE_SUBSET = _BEFORE_EMBED + ("embedTrueTypeFonts", "embedSystemFonts")


# --- obfuscation ----------------------------------------------------------------------------


def font_key(data: bytes, family: str, face: str) -> str:
    """A GUID for a face's bytes, in Word's {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} form.

    Name-based (uuid5), never random: the same font bytes always get the same key.
    """
    digest = hashlib.sha256(data).hexdigest()
    return "{" + str(uuid.uuid5(_KEY_NAMESPACE, f"{family}\n{face}\n{digest}")).upper() + "}"


def _key_bytes(key: str) -> bytes:
    hex_digits = key.strip("{}").replace("-", "")
    if len(hex_digits) != 32:
        raise ValueError(f"not a GUID: {key!r}")
    return bytes.fromhex(hex_digits)[::-1]


def obfuscate(data: bytes, key: str) -> bytes:
    """The font with its first 32 bytes XORed with the key (§17.8.1); its own inverse."""
    k = _key_bytes(key)
    head = bytes(b ^ k[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


deobfuscate = obfuscate


# --- subsetting -----------------------------------------------------------------------------


def _face_bytes(path: Path, chars: str, layout: bool = False) -> tuple[bytes, bool]:
    """The face to embed, and whether it is a subset."""
    try:
        return subset_font(str(path), chars, layout=layout), True
    except Exception as exc:  # a font fontTools cannot subset is embedded whole
        log.warning("docx: cannot subset %s (%s); embedding the whole font", path.name, exc)
        return path.read_bytes(), False


# --- which faces the document shows ---------------------------------------------------------


def _on(element) -> bool | None:
    """A CT_OnOff element's value (None when absent)."""
    if element is None:
        return None
    return element.get(_VAL, "true").lower() not in ("0", "false", "off")


class _Resolver:
    """Resolves run properties (font name, bold, italic) through styles and doc defaults."""

    def __init__(self, styles, theme_fonts: dict[str, str]):
        self.theme_fonts = theme_fonts
        self.styles = {}
        self.default_paragraph = ""
        for style in styles.iterchildren(_W + "style"):
            style_id = style.get(_W + "styleId")
            self.styles[style_id] = style
            if style.get(_W + "type") == "paragraph" and \
                    style.get(_W + "default") in ("1", "true", "on"):
                self.default_paragraph = style_id
        defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.defaults = self.props(defaults)
        self.cache: dict[str, tuple] = {}

    def font_of(self, fonts) -> str | None:
        if fonts is None:
            return None
        name = fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")
        if name:
            return name
        theme = fonts.get(_W + "asciiTheme") or fonts.get(_W + "hAnsiTheme")
        if theme:
            return self.theme_fonts.get("major" if theme.startswith("major") else "minor")
        return None

    def props(self, rpr) -> tuple:
        """(font, bold, italic, character style) a w:rPr sets; None where it sets nothing.

        One pass over the children: lxml's find() costs more than the whole loop.
        """
        if rpr is None:
            return _NONE
        font = bold = italic = rstyle = None
        for child in rpr:
            tag = child.tag
            if tag == _B:
                bold = _on(child)
            elif tag == _I:
                italic = _on(child)
            elif tag == _RFONTS:
                font = self.font_of(child)
            elif tag == _RSTYLE:
                rstyle = child.get(_VAL)
        return font, bold, italic, rstyle

    def style(self, style_id: str) -> tuple:
        """(font, bold, italic, numId, ilvl) a style sets, its base styles' included."""
        cached = self.cache.get(style_id)
        if cached is not None:
            return cached
        result = [None] * 5
        seen = set()
        current = style_id
        while current and current not in seen:
            seen.add(current)
            element = self.styles.get(current)
            if element is None:
                break
            own = self.props(element.find(_W + "rPr"))[:3]
            numpr = element.find(f"{_W}pPr/{_W}numPr")
            num = (None, None)
            if numpr is not None:
                num = (_val(numpr.find(_W + "numId")), _val(numpr.find(_W + "ilvl")))
            for index, value in enumerate(own + num):
                if result[index] is None:
                    result[index] = value
            based = element.find(_W + "basedOn")
            current = based.get(_W + "val") if based is not None else ""
        self.cache[style_id] = tuple(result)
        return self.cache[style_id]

    def face(self, *layers) -> tuple[str | None, bool, bool]:
        """The first value set among `layers` ((font, bold, italic) each), then the defaults."""
        font = bold = italic = None
        for layer in (*layers, self.defaults):
            font = font if font is not None else layer[0]
            bold = bold if bold is not None else layer[1]
            italic = italic if italic is not None else layer[2]
        return font, bool(bold), bool(italic)


def _val(element):
    return element.get(_W + "val") if element is not None else None


def used_faces(document) -> tuple[set[tuple[str | None, bool, bool]], set[str]]:
    """The (font name, bold, italic) faces the document's text is shown in, and its characters.

    Runs of the body, headers and footers are resolved direct formatting first, then the
    run's character style, the paragraph's style and the document defaults (style toggles are
    read as plain settings: none of the styles written here toggles). List labels count in
    their level's font.
    """
    part = document.part
    resolver = _Resolver(document.styles.element, _theme_fonts(part))
    numbering = _numbering_levels(part, resolver)
    roots = [part.element]
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER):
            roots.append(rel.target_part.element)
    faces: set[tuple[str | None, bool, bool]] = set()
    chars: set[str] = set()
    default = resolver.style(resolver.default_paragraph)
    for root in roots:
        pstyle = default
        run = None
        for element in root.iter(_P, _RUN, _T):
            tag = element.tag
            if tag == _RUN:
                run = element
            elif tag == _P:
                run = None
                pstyle = _paragraph_style(element, resolver, numbering, default, faces, chars)
            elif element.text:  # w:t: the first text of a run decides on its face
                chars.update(element.text)
                if run is not None and not element.text.isspace():
                    first = run[0] if len(run) else None
                    direct = resolver.props(first if first is not None and first.tag == _RPR
                                            else None)
                    faces.add(resolver.face(direct, resolver.style(direct[3]), pstyle)
                              if direct[3] else resolver.face(direct, pstyle))
                    run = None
    return faces, chars


def _paragraph_style(paragraph, resolver, numbering, default, faces, chars):
    """The resolved style of a paragraph; its list label's face and characters are noted."""
    ppr = paragraph[0] if len(paragraph) and paragraph[0].tag == _PPR else None
    if ppr is None:
        return default
    style_id = num_id = level = mark = None
    for child in ppr:
        tag = child.tag
        if tag == _PSTYLE:
            style_id = child.get(_VAL)
        elif tag == _NUMPR:
            num_id = _val(child.find(_W + "numId"))
            level = _val(child.find(_W + "ilvl"))
        elif tag == _RPR:
            mark = child
    pstyle = resolver.style(style_id) if style_id else default
    num_id, level = num_id or pstyle[3], level or pstyle[4]
    label = numbering.get((num_id, level or "0")) if num_id else None
    if label is not None:  # the list label: its level's font over the mark's
        faces.add(resolver.face(label[0], resolver.props(mark), pstyle))
        chars.update(label[1])
    return pstyle


def _numbering_levels(part, resolver) -> dict[tuple[str, str], tuple[tuple, str]]:
    """(numId, ilvl) -> (the level's run properties, its label text without placeholders)."""
    element = part.numbering_part.element  # python-docx adds an empty one if there is none
    abstracts = {}
    for abstract in element.iterchildren(_W + "abstractNum"):
        levels = {}
        for lvl in abstract.iterchildren(_W + "lvl"):
            text = _val(lvl.find(_W + "lvlText")) or ""
            text = "".join(c for i, c in enumerate(text) if c != "%" and
                           not (i and text[i - 1] == "%" and c.isdigit()))
            levels[lvl.get(_W + "ilvl")] = (resolver.props(lvl.find(_W + "rPr")), text)
        abstracts[abstract.get(_W + "abstractNumId")] = levels
    out = {}
    for num in element.iterchildren(_W + "num"):
        levels = abstracts.get(_val(num.find(_W + "abstractNumId")), {})
        for ilvl, value in levels.items():
            out[(num.get(_W + "numId"), ilvl)] = value
    return out


def _theme_fonts(part) -> dict[str, str]:
    try:
        theme = parse_xml(part.part_related_by(RT.THEME).blob)
    except Exception:  # no theme, or one that is not XML: no theme fonts to resolve
        return {}
    out = {}
    for kind in ("major", "minor"):
        latin = theme.find(f"{_A}themeElements/{_A}fontScheme/{_A}{kind}Font/{_A}latin")
        if latin is not None and latin.get("typeface"):
            out[kind] = latin.get("typeface")
    return out


# --- the package ----------------------------------------------------------------------------


def embed_fonts(document, families, scripts=()) -> int:
    """Embed the faces of `families` (FontFamily objects) that the document shows, and the
    regular and bold faces of the `scripts` families (Word picks those by the letters, not by
    the runs), with the layout tables their letters need.

    Returns how many faces were embedded. Fonts the document names but briefgen has no file
    for (a reference document's own) are left as they are, and so are their embedded parts.
    """
    source = document.part
    try:
        table_part = source.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return 0
    by_name: dict[str, Any] = {}
    for family in families:
        by_name.setdefault(family.name.casefold(), family)
    faces, chars = used_faces(document)
    wanted = {(name.casefold(), bold, italic) for name, bold, italic in faces if name}
    shaped = {family.name.casefold() for family in scripts}
    for family in scripts:
        by_name[family.name.casefold()] = family
        wanted |= {(family.name.casefold(), False, False), (family.name.casefold(), True, False)}
    subset_chars = whole_ranges(BASE_CHARS | chars)
    table = parse_xml(table_part.blob)
    count = 0
    any_subset = False
    for font in table.iterchildren(_W + "font"):
        family = by_name.get((font.get(_W + "name") or "").casefold())
        if family is not None:
            embedded, subsetted = _embed_family(font, family, wanted, table_part, subset_chars,
                                                layout=family.name.casefold() in shaped)
            count += embedded
            any_subset = any_subset or subsetted
    if count:
        from lxml import etree

        table_part._blob = etree.tostring(table, encoding="UTF-8", xml_declaration=True,
                                          standalone=True)
        settings_on(document.settings.element, "embedTrueTypeFonts", _BEFORE_EMBED)
        if any_subset:
            settings_on(document.settings.element, "saveSubsetFonts", _BEFORE_SUBSET)
    return count


def _embed_family(font, family, wanted, table_part, subset_chars: str, *,
                  layout: bool = False) -> tuple[int, bool]:
    """Embed the shown faces of one w:font; returns how many, and whether any is a subset."""
    name = font.get(_W + "name") or ""
    package = table_part.package
    embeds = {child.tag: child for child in font if child.tag in _EMBED_TAGS}
    paths_done: set[Path] = set()
    count, any_subset = 0, False
    for face, tag, bold, italic in FACES:
        if (name.casefold(), bold, italic) not in wanted:
            continue
        path = family.face(bold=bold, italic=italic)
        if path in paths_done:  # the family has no file of its own for this face
            continue
        paths_done.add(path)
        old = embeds.pop(_W + tag, None)
        if old is not None:  # a reference document's copy of this face: ours replaces it
            rid = old.get(_R + "id")
            if rid in table_part.rels:
                del table_part.rels[rid]
        data, subsetted = _face_bytes(path, subset_chars, layout)
        key = font_key(data, family.name, face)
        partname = package.next_partname("/word/fonts/font%d.odttf")
        part = Part(PackURI(partname), OBFUSCATED_FONT, obfuscate(data, key), package)
        rid = table_part.relate_to(part, RT.FONT)
        flag = ' w:subsetted="1"' if subsetted else ""
        embeds[_W + tag] = parse_many([f'<w:{tag} r:id="{rid}" w:fontKey="{key}"{flag}/>'])[0]
        count += 1
        any_subset = any_subset or subsetted
    for child in list(font):
        if child.tag in _EMBED_TAGS:
            font.remove(child)
    for tag in _EMBED_TAGS:  # the embed elements end CT_Font, in this order
        if tag in embeds:
            font.append(embeds[tag])
    return count, any_subset
