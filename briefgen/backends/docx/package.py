"""The DOCX package: the starting document, document properties, and a reproducible zip.

python-docx loads the starting point (its default template, or the template's reference .docx)
and keeps the parts and relationships; this module strips the template's leftovers, writes
the core and extended properties from the brief, and writes the zip itself with fixed entry
times, order and compression so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from functools import cache, lru_cache
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.spec import default_content_types
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart

from ...errors import Problem, TemplateError
from ...style.model import Style
from .fonts import OBFUSCATED_FONT
from .xml import A_NS, PIC_NS, R_NS, W_NS, WP_NS, esc, settings_on

_W = f"{{{W_NS}}}"
# Parts of python-docx's default template that a brief never uses: the Word 2010 style
# copy, a bibliography store and the template's own preview picture.
_UNUSED_DOCUMENT_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
)
_UNUSED_PACKAGE_RELS = (RT.THUMBNAIL,)
ZIP_EARLIEST = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)
ZIP_LATEST = datetime.datetime(2107, 12, 31, 23, 59, 58, tzinfo=datetime.timezone.utc)
_BODY_NAMESPACES = {"w": W_NS, "r": R_NS, "wp": WP_NS, "a": A_NS, "pic": PIC_NS}


@lru_cache(maxsize=1)
def _default_base() -> bytes:
    """python-docx's default template without the parts a brief never uses (built once)."""
    import docx

    document = docx.Document()
    _drop_rels(document.part.rels, _UNUSED_DOCUMENT_RELS)
    _drop_rels(document.part.package.rels, _UNUSED_PACKAGE_RELS)
    styles = document.styles.element
    for style in list(styles.iterchildren(_W + "style")):
        styles.remove(style)  # restyled from the resolved style on every render
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _drop_rels(rels, reltypes) -> None:
    for rid in [rid for rid, rel in rels.items() if rel.reltype in reltypes]:
        del rels[rid]


def open_base(reference=None):
    """A python-docx Document to build on: the reference .docx, or the trimmed default."""
    import docx

    if reference is None:
        return docx.Document(io.BytesIO(_default_base()))
    from ...safezip import check_zip_package

    # sizes, names and DTDs, before python-docx unpacks anything; it then opens the very bytes
    # that were checked, not the path again
    checked = check_zip_package(Path(reference))
    from .inert import make_inert

    try:
        document = docx.Document(io.BytesIO(checked))
        make_inert(document)
        _complete_reference(document)
    except Exception as exc:  # a zip that is not a usable Word document
        reason = re.sub(r"file '<_io\.BytesIO object at 0x[0-9a-f]+>'", "it", str(exc))
        raise TemplateError(Problem(f"cannot use the reference document: {reason}",
                                    str(reference), hint="save it again from Word as a Word "
                                    "document (.docx), not a template or macro-enabled file"))\
            from None
    return document


def _complete_reference(document) -> None:
    """Add the parts a reference may lack (LibreOffice writes no numbering.xml for a document
    without lists, and no theme): python-docx cannot create a numbering part, the lists need
    one, and Word's rules require a theme. Both come from python-docx's default template."""
    part = document.part
    for reltype, name, content_type, load in (
            (RT.NUMBERING, "/word/numbering.xml", CT.WML_NUMBERING, NumberingPart.load),
            (RT.THEME, "/word/theme/theme1.xml", CT.OFC_THEME, Part.load)):
        try:
            part.part_related_by(reltype)
            continue
        except KeyError:
            pass
        partname = _free_partname(part.package, name)
        blob = _default_template_part(reltype)
        if reltype == RT.NUMBERING:  # its definitions are unused: keep only the root element
            from lxml import etree

            root = etree.fromstring(blob)
            for child in list(root):
                root.remove(child)
            blob = etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)
        part.relate_to(load(partname, content_type, blob, part.package), reltype)


def _free_partname(package, name: str) -> PackURI:
    """`name` if no part has it yet, else the next numbered name (/word/numbering2.xml)."""
    if name.lower() not in {str(p.partname).lower() for p in package.iter_parts()}:
        return PackURI(name)
    stem = name[:-len(".xml")].rstrip("0123456789")
    return package.next_partname(stem + "%d.xml")


@cache
def _default_template_part(reltype: str) -> bytes:
    """The blob of the part python-docx's default template relates to its document by `reltype`."""
    import docx
    from docx.api import _default_docx_path

    return docx.Document(_default_docx_path()).part.part_related_by(reltype).blob


def set_properties(document, meta, when: datetime.datetime | None, generator: str) -> None:
    """Replace core.xml and app.xml with the brief's own properties (no template leftovers);
    without `when`, no created or modified date."""
    package = document.part.package
    dates = "".join(
        f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{when:%Y-%m-%dT%H:%M:%SZ}</dcterms:{name}>'
        for name in ("created", "modified")) if when else ""
    author = meta.author
    fields = [
        ("dc:title", meta.title), ("dc:subject", meta.subject), ("dc:creator", author),
        ("cp:keywords", ", ".join(meta.keywords)), ("dc:language", meta.language),
        ("dc:identifier", meta.identifier),
    ]
    body = "".join(f"<{tag}>{esc(value)}</{tag}>" for tag, value in fields if value)
    core_xml = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{body}"
        + (f"<cp:category>{esc(meta.classification)}</cp:category>" if meta.classification else "")
        + f"<cp:revision>1</cp:revision>{dates}</cp:coreProperties>")
    _replace_part(package, RT.CORE_PROPERTIES, "/docProps/core.xml", CT.OPC_CORE_PROPERTIES,
                  core_xml)
    company = f"<Company>{esc(meta.organization)}</Company>" if meta.organization else ""
    app_xml = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes">{company}<ScaleCrop>false</ScaleCrop>'
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged>"
        f"<Application>{esc(generator)}</Application><DocSecurity>0</DocSecurity></Properties>")
    _replace_part(package, RT.EXTENDED_PROPERTIES, "/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES,
                  app_xml)


def _replace_part(package, reltype: str, partname: str, content_type: str, xml: str) -> None:
    _drop_rels(package.rels, (reltype,))
    # and whatever else leads to that part name: LibreOffice relates core.xml with a variant
    # (lower-case "officedocument") relationship type, which would leave two parts of one name
    for rid in [rid for rid, rel in package.rels.items() if not rel.is_external
                and str(rel.target_part.partname).lower() == partname.lower()]:
        del package.rels[rid]
    blob = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + xml.encode("utf-8")
    part = Part(PackURI(partname), content_type, blob, package)
    package.relate_to(part, reltype)


def replace_body(part, body_xml: str) -> None:
    """Make `body_xml` (the inside of w:body) the main document's body.

    The whole document.xml is parsed as one tree and given to the part: moving a freshly
    parsed body into the template's tree makes lxml re-resolve namespaces node by node, which
    grows much faster than the document (seconds at a few hundred pages).
    """
    from lxml import etree

    root = part.element
    for child in list(root):
        root.remove(child)
    shell = etree.tostring(root, encoding="unicode")  # <w:document xmlns:… mc:Ignorable="…"/>
    missing = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in _BODY_NAMESPACES.items()
                      if root.nsmap.get(prefix) != uri)
    start = shell[:-2] + missing + ">"
    document = parse_xml(f"{start}<w:body>{body_xml}</w:body></w:document>")
    part._element = document  # python-docx keeps a part's XML here; it serialises it on save


def set_compat_mode(document, mode: int) -> None:
    """Word's compatibility mode in settings.xml (15: Word 2013 and later)."""
    for setting in document.settings.element.iter(_W + "compatSetting"):
        if setting.get(_W + "name") == "compatibilityMode":
            setting.set(_W + "val", str(mode))


def tidy_settings(document) -> None:
    """Drop revision-session ids (rsids) from settings.xml: they only record editing history."""
    settings = document.settings.element
    for rsids in settings.findall(_W + "rsids"):
        settings.remove(rsids)


# what follows w:updateFields in settings.xml, in the schema's order
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                        "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                        "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def update_fields_on_open(document) -> None:
    """Ask Word to update every field when the file is opened (it asks the reader first), so
    the contents' page numbers become the ones of the reader's own layout."""
    settings_on(document.settings.element, "updateFields", after=_AFTER_UPDATE_FIELDS)


# the values the Open XML schema allows for w:charset/@w:characterSet
_CHARACTER_SETS = (
    "Big5", "GBK", "KS_C-5601-1992", "iso-8859-1", "iso-8859-9", "ks_c-5601-1987", "macintosh",
    "shift_jis", "windows-1250", "windows-1251", "windows-1253", "windows-1255", "windows-1256",
    "windows-1257", "windows-1258", "windows-874")


def add_fonts(document, fonts: dict[str, str]) -> None:
    """Name the theme's fonts in fontTable.xml with a generic family, for Word's substitution
    (and drop character-set names the schema does not know)."""
    source = document.part
    try:
        part = source.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    element = parse_xml(part.blob)
    present = {f.get(_W + "name") for f in element.iterchildren(_W + "font")}
    changed = False
    for charset in element.iter(_W + "charset"):  # LibreOffice writes e.g. "utf-8" here
        if charset.get(_W + "characterSet") not in (None,) + _CHARACTER_SETS:
            del charset.attrib[_W + "characterSet"]  # optional: w:val names the character set
            changed = True
    added = []
    for role, name in fonts.items():
        if name in present:
            continue
        lowered = name.lower()
        family = ("modern" if role == "mono" or "mono" in lowered else
                  "swiss" if "sans" in lowered else "roman" if "serif" in lowered else "auto")
        pitch = "fixed" if family == "modern" else "variable"
        added.append(f'<w:font w:name="{esc(name)}"><w:charset w:val="00"/>'
                     f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
        present.add(name)
    if not added and not changed:
        return
    for font in list(parse_xml(f'<w:fonts xmlns:w="{W_NS}">{"".join(added)}</w:fonts>')):
        element.append(font)
    from lxml import etree

    # in place: the part keeps its relationships (a reference document's embedded fonts)
    part._blob = etree.tostring(element, encoding="UTF-8", xml_declaration=True, standalone=True)


def brand_office_theme(document, style: Style) -> None:
    """Give theme1.xml the template's palette and fonts, so Word's colour and font pickers
    (and anything a reader adds with theme colours) match the brief instead of Office blue."""
    source = document.part
    try:
        part = source.part_related_by(RT.THEME)
    except KeyError:
        return
    element = parse_xml(part.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    slots = {"dk2": "primary", "lt2": "panel", "accent1": "accent", "accent2": "primary",
             "accent3": "level_low_text", "accent4": "level_medium_text",
             "accent5": "level_high_text", "accent6": "muted", "hlink": "accent",
             "folHlink": "muted"}
    scheme = element.find(f"{a}themeElements/{a}clrScheme")
    if scheme is not None:
        scheme.set("name", style.name)
        for slot, name in slots.items():
            colour = scheme.find(f"{a}{slot}/{a}srgbClr")
            if colour is not None and name in style.palette:
                colour.set("val", style.palette[name][1:])
    font_scheme = element.find(f"{a}themeElements/{a}fontScheme")
    if font_scheme is not None:
        font_scheme.set("name", style.name)
        for kind, family in (("majorFont", style.fonts.heading), ("minorFont", style.fonts.body)):
            latin = font_scheme.find(f"{a}{kind}/{a}latin")
            if latin is not None:
                latin.set("typeface", family.name)
    _swap_blob(source, part, RT.THEME, element)


def _swap_blob(source, part, reltype: str, element) -> None:
    """Replace a plain (blob) part related to `source` with `element` serialised."""
    from lxml import etree

    blob = etree.tostring(element, encoding="UTF-8", xml_declaration=True, standalone=True)
    _drop_rels(source.rels, (reltype,))
    source.relate_to(Part(part.partname, part.content_type, blob, source.package), reltype)


def write_package(document, stream, when: datetime.datetime | None) -> None:
    """Write the package as a zip with fixed entry times, order and compression (undated: the
    zip format's earliest time, which no reader takes for a date of the brief)."""
    package = document.part.package
    parts = sorted(package.iter_parts(), key=lambda p: str(p.partname))
    entries: list[tuple[str, bytes]] = [("[Content_Types].xml", _content_types(parts)),
                                        ("_rels/.rels", _xml_bytes(package.rels.xml))]
    for part in parts:
        name = str(part.partname).lstrip("/")
        entries.append((name, part.blob))
        if len(part.rels):
            entries.append((str(part.partname.rels_uri).lstrip("/"), _xml_bytes(part.rels.xml)))
    # a zip entry's time is an MS-DOS date: 1980 to 2107 (the core properties keep the real one)
    zip_time = min(max(when or ZIP_EARLIEST, ZIP_EARLIEST), ZIP_LATEST)
    date_time = zip_time.timetuple()[:6]
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)


def _xml_bytes(xml) -> bytes:
    return xml if isinstance(xml, bytes) else xml.encode("utf-8")


def _content_types(parts) -> bytes:
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        ext = part.partname.ext.lower()
        if (ext, part.content_type) in default_content_types or \
                (ext, part.content_type) == ("odttf", OBFUSCATED_FONT):
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    out = ['<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\'?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">']
    out += [f'<Default Extension="{ext}" ContentType="{ct}"/>'
            for ext, ct in sorted(defaults.items())]
    out += [f'<Override PartName="{name}" ContentType="{ct}"/>'
            for name, ct in sorted(overrides.items())]
    out.append("</Types>")
    return "".join(out).encode("utf-8")
