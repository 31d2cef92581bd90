"""The DOCX backend: a native Word document with real styles, complete on first open.

Styles, list numbering and page set-up come from the theme (or from the theme's reference
.docx); the body is written as WordprocessingML text and parsed once, which is several times
faster than python-docx's per-paragraph proxies. The table of contents is a TOC field whose
result is already filled in (entries link to bookmarks on the headings, with estimated page
numbers), so readers see a contents list without updating fields.
"""

from __future__ import annotations

import copy
import io
import logging
import re
from dataclasses import dataclass, replace
from urllib.parse import quote

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.hdrftr import FooterPart, HeaderPart

from .. import __version__
from ..document.nodes import (
    Callout, Citation, Code, Columns, Emphasis, Figure, Heading, Image, KeyValueList, LineBreak,
    Link, ListBlock, Matrix, PageBreak, Paragraph, Quote, References, Strong, Table,
    TableOfContents, Text, TitleBlock, plain_text, walk_blocks,
)
from ..errors import TemplateError
from ..fonts import resolve_font
from ..templates import length_points
from .docx_package import (
    add_fonts, brand_office_theme, open_base, replace_body, set_properties, tidy_settings,
    write_package,
)
from . import document_timestamp
from .docx_fonts import embed_fonts
from .docx_pages import BOX_SPLIT, PageEstimate
from .docx_styles import (
    Numbering, StyleSheet, doc_defaults, measures, parse_many, style_definitions,
)
from .docx_xml import (
    W_NS, border, clean, esc, field_runs, hex_color, ppr, rpr, text_runs, twips,
)

log = logging.getLogger(__name__)

_W = "{%s}" % W_NS
SAFE_SCHEMES = ("http://", "https://", "mailto:")
MAX_URL = 2000  # Word refuses longer hyperlink targets (its limit is 2,083 characters)
EMU_PER_POINT = 12700
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_BOOKMARK_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


class DocxBackend:
    """Renders a Document as a .docx file (WordprocessingML) with python-docx and lxml."""

    name = "docx"
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document, theme, stream) -> None:
        _DocxWriter(document, theme).write(stream)


@dataclass(frozen=True, slots=True)
class _Context:
    """Where blocks are being written: available width and which paragraph styles apply."""

    width: int  # twips
    table: bool = False  # inside a data table: paragraphs use "Table Text"
    heading_cell: bool = False  # inside a table header cell
    depth: int = 0  # list nesting
    color: str = ""  # text colour forced on runs (e.g. on a coloured cell)
    bold: bool = False
    align: str = ""


@dataclass(slots=True)
class _Geometry:
    """Page size and margins, in twips."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def content_height(self) -> float:
        """The height of the text area, in points."""
        return (self.height - self.top - self.bottom) / 20


class _DocxWriter:
    """One render: the starting package, its styles and numbering, and the body as XML text."""

    def __init__(self, document, theme):
        self.document = document
        self.theme = theme
        self.meta = document.meta
        self.when = document_timestamp(self.meta.date)  # fails early on a bad SOURCE_DATE_EPOCH
        self.families = {role: resolve_font(theme.get(f"fonts.{role}"), theme, role)
                         for role in ("body", "heading", "mono")}
        self.fonts = {role: family.name for role, family in self.families.items()}
        reference = theme.get("docx.reference")
        self.reference = theme.asset(reference) if reference else None
        self.docx = open_base(self.reference)
        self.part = self.docx.part
        self.body_sectpr = None  # the reference's final section properties, if any
        self.geometry = self._geometry()
        self.m = measures(theme, self.geometry.text_width / 20)
        self.bookmark_names: dict[str, str] = {}
        self.bookmark_taken: set[str] = set()
        self.next_bookmark = 0
        self.next_drawing = 1
        self.keep_together = False  # while set, every paragraph keeps with the next one
        self.last_heading = ""
        self.rpr_cache: dict[tuple, str] = {}
        self.anchors: set[str] = set()
        self.source_titles: dict[str, str] = {}
        for block in walk_blocks(document.blocks):
            if isinstance(block, Heading):
                self.anchors.add(block.anchor)
            elif isinstance(block, References):
                for entry in block.entries:
                    self.anchors.add(entry.anchor)
                    self.source_titles[entry.anchor] = plain_text(entry.content)
        self.date_text = next((b.date_text for b in document.blocks
                               if isinstance(b, TitleBlock)), "")
        if not self.date_text and self.meta.date:
            self.date_text = self.meta.date.isoformat()

    # --- set-up -----------------------------------------------------------------------------

    def _geometry(self) -> _Geometry:
        theme = self.theme
        width, height = theme.page_size
        geometry = _Geometry(twips(width), twips(height), twips(theme.margin("top")),
                             twips(theme.margin("bottom")), twips(theme.margin("left")),
                             twips(theme.margin("right")))
        if self.reference is None:
            return geometry
        body = self.docx.element.body
        sectpr = body.find(_W + "sectPr")
        if sectpr is None:
            return geometry
        self.body_sectpr = sectpr
        size, margins = sectpr.find(_W + "pgSz"), sectpr.find(_W + "pgMar")

        def value(element, name, default):
            raw = element.get(_W + name) if element is not None else None
            try:
                return abs(int(float(raw))) if raw is not None else default
            except ValueError:
                return default

        return _Geometry(
            value(size, "w", geometry.width), value(size, "h", geometry.height),
            value(margins, "top", geometry.top), value(margins, "bottom", geometry.bottom),
            value(margins, "left", geometry.left), value(margins, "right", geometry.right))

    def color(self, name: str) -> str:
        return hex_color(self.theme, name)

    def sid(self, name: str, kind: str = "paragraph") -> str:
        return self.styles.id(name, kind)

    # --- the whole package --------------------------------------------------------------------

    def write(self, stream) -> None:
        own = self.reference is None
        language = self.meta.language or "en"
        self.numbering = Numbering(self.part.numbering_part.element, self.theme, self.fonts,
                                   self.m, own=own)
        self.styles = StyleSheet(self.docx.styles.element, own=own)
        self.styles.install(style_definitions(self.theme, self.fonts, self.m), self.numbering,
                            doc_defaults(self.fonts, self.m, language), language)
        self.style_numbers = {name: self.styles.numbering_of(self.sid(name), self.numbering)
                              for name in ("List Bullet", "List Bullet 2", "List Bullet 3",
                                           "List Number", "List Number 2", "List Number 3")}
        self._estimate_pages()
        header_refs = self._headers_and_footers()
        body = self._body(header_refs)
        replace_body(self.part, body)
        settings = self.docx.settings.element
        tidy_settings(self.docx)
        if own:
            _set_compat_mode(settings, 15)
            brand_office_theme(self.docx, self.theme, self.fonts)
        add_fonts(self.docx, self.fonts)
        embed_fonts(self.docx, list(self.families.values()))
        set_properties(self.docx, self.meta, self.when, f"briefgen {__version__}")
        write_package(self.docx, stream, self.when)

    def _estimate_pages(self) -> None:
        toc = next((b for b in self.document.blocks if isinstance(b, TableOfContents)), None)
        self.toc_headings = [h for h in self.document.headings()
                             if toc is not None and h.in_toc and h.level <= toc.max_level]
        g = self.geometry
        estimate = PageEstimate(self.theme, self.m, g.content_height, g.text_width / 20,
                                len(self.toc_headings))
        estimate.run(self.document.blocks)
        self.estimate = estimate
        self.page_of = estimate.pages
        self.page_total = estimate.total

    # --- headers and footers ------------------------------------------------------------------

    def _headers_and_footers(self) -> str:
        """Header/footer parts from the theme, unless the reference .docx brings its own.

        Returns the w:headerReference / w:footerReference elements for the body section.
        """
        existing = {"header": "", "footer": ""}
        if self.body_sectpr is not None:
            for kind in existing:
                refs = self.body_sectpr.findall(f"{_W}{kind}Reference")
                existing[kind] = "".join(_xml(r) for r in refs)
        refs = []
        for kind, part_class, content_type, reltype in (
                ("header", HeaderPart, CT.WML_HEADER, RT.HEADER),
                ("footer", FooterPart, CT.WML_FOOTER, RT.FOOTER)):
            if existing[kind]:
                refs.append(existing[kind])
                continue
            settings = self.theme.get(kind) or {}
            paragraph = self._running_paragraph(kind, settings)
            if not paragraph:
                continue
            tag = "hdr" if kind == "header" else "ftr"
            element = parse_many([f"<w:{tag}>{paragraph}</w:{tag}>"])[0]
            package = self.part.package
            partname = package.next_partname(f"/word/{kind}%d.xml")
            part = part_class(partname, content_type, element, package)
            rid = self.part.relate_to(part, reltype)
            refs.append(f'<w:{kind}Reference w:type="default" r:id="{rid}"/>')
        return "".join(refs)

    def _running_paragraph(self, kind: str, settings: dict) -> str:
        values = {
            "running_title": self.meta.running_title or self.meta.title,
            "title": self.meta.title,
            "classification": self.meta.classification,
            "organization": self.meta.organization,
            "date": self.date_text,
            "page_label": self.meta.page_label,
            "authors": ", ".join(self.meta.authors),
        }
        slots = [str(settings.get(k) or "") for k in ("left", "center", "right")]
        rendered = [self._placeholders(s, values) for s in slots]
        if not any(rendered):
            return ""
        left, center, right = rendered
        tab = "<w:r><w:tab/></w:r>"
        runs = left + (tab + center if center else "") + (tab + right if right else "")
        style = self.sid("header" if kind == "header" else "footer")
        # explicit stops at this page's text width; any other stop of the style is cleared
        width = self.geometry.text_width
        wanted = {width: "right"}
        if center:
            wanted[width // 2] = "center"
        stops = {pos: "clear" for pos in self.styles.tab_positions(style) if pos not in wanted}
        stops.update(wanted)
        tabs = "".join(f'<w:tab w:val="{kind}" w:pos="{pos}"/>'
                       for pos, kind in sorted(stops.items()))
        return f"<w:p>{ppr(style=style, tabs=tabs)}{runs}</w:p>"

    def _placeholders(self, template: str, values: dict, *, label: bool = False) -> str:
        """Runs for a header/footer text from the theme.

        {page} and {pages} become PAGE and NUMPAGES fields; other placeholders are filled with
        the brief's values as plain text (a "{page}" inside a title stays text). `label` marks
        the page label, where only {page} and {pages} mean anything.
        """
        out = []
        position = 0
        for match in _PLACEHOLDER.finditer(template):
            out.append(text_runs(template[position:match.start()]))
            position = match.end()
            name = match.group(1)
            if name == "page":
                out.append(field_runs("PAGE", "1"))
            elif name == "pages":
                out.append(field_runs("NUMPAGES", str(self.page_total)))
            elif name == "page_label" and not label:
                out.append(self._placeholders(values["page_label"], values, label=True))
            elif name in values and not label:
                bold = name == "classification"
                out.append(text_runs(values[name], rpr(bold=True) if bold else ""))
            else:
                out.append(text_runs(match.group(0)))
        out.append(text_runs(template[position:]))
        return "".join(out)

    # --- body -----------------------------------------------------------------------------------

    def _body(self, header_refs: str) -> str:
        ctx = _Context(width=self.geometry.text_width)
        out = []
        blocks = self.document.blocks
        cover_section = False
        for block in blocks:
            if isinstance(block, TitleBlock):
                cover, cover_section = self.title_block(block, ctx)
                out.append(cover)
            else:
                out.append(self.block(block, ctx))
        out.append(self._section(header_refs, after_cover=cover_section))
        return "".join(out)

    def _section(self, header_refs: str, *, after_cover: bool, cover: bool = False,
                 full_bleed: bool = False) -> str:
        """A w:sectPr: the body's (with header/footer references) or the cover's (without)."""
        g = self.geometry
        refs = "" if cover else header_refs
        kind = '<w:type w:val="nextPage"/>' if after_cover and not cover else ""
        if self.body_sectpr is not None:  # the reference's page set-up, our references
            element = copy.deepcopy(self.body_sectpr)
            for child in list(element):
                if child.tag in (_W + "headerReference", _W + "footerReference", _W + "type"):
                    element.remove(child)
            for name in [n for n in element.attrib if n.startswith(_W + "rsid")]:
                del element.attrib[name]  # editing-session ids of the reference
            # references come first; w:type after the footnote and endnote properties
            notes = sum(1 for c in element if c.tag in (_W + "footnotePr", _W + "endnotePr"))
            for index, child in enumerate(parse_many([kind]) if kind else []):
                element.insert(notes + index, child)
            for index, child in enumerate(parse_many([refs]) if refs else []):
                element.insert(index, child)
            return _xml(element)
        header_distance = int(g.top * 0.45)
        footer_distance = int(g.bottom * 0.45)
        if full_bleed:  # the band starts at the top edge; nothing runs in the margins
            margins = (f'w:top="0" w:right="{g.right}" w:bottom="{g.bottom}" w:left="{g.left}" '
                       'w:header="0" w:footer="0" w:gutter="0"')
        else:
            margins = (f'w:top="{g.top}" w:right="{g.right}" w:bottom="{g.bottom}" '
                       f'w:left="{g.left}" w:header="{header_distance}" '
                       f'w:footer="{footer_distance}" w:gutter="0"')
        orient = ' w:orient="landscape"' if g.width > g.height else ""
        return (f"<w:sectPr>{refs}{kind}<w:pgSz w:w=\"{g.width}\" w:h=\"{g.height}\"{orient}/>"
                f"<w:pgMar {margins}/><w:cols w:space=\"720\"/>"
                '<w:docGrid w:linePitch="360"/></w:sectPr>')

    def block(self, block, ctx: _Context) -> str:
        handler = _HANDLERS.get(type(block))
        if handler is None:
            log.warning("docx: no way to render %s; left out", type(block).__name__)
            return ""
        return handler(self, block, ctx)

    def blocks(self, blocks, ctx: _Context) -> str:
        return "".join(self.block(b, ctx) for b in blocks)

    # --- cover ----------------------------------------------------------------------------------

    def title_block(self, tb: TitleBlock, ctx: _Context) -> tuple[str, bool]:
        """The cover; returns its XML and whether it ends in a section break of its own.

        `band`: a coloured block (full-bleed on a cover page of its own) holding the title;
        `rule`: an accent rule above the title; `plain`: neither.
        """
        theme = self.theme
        style = theme.get("cover.style", "band")
        band = style == "band"
        background = self.color(theme.get("cover.background") or "primary")
        on_band = self.color(theme.get("cover.text") or "on_primary")
        accent = self.color("accent")
        own_page = tb.own_page
        full_bleed = own_page and band and self.reference is None
        g = self.geometry
        m = self.m
        band_color = on_band if band else ""
        # the width of the title's lines: inside the band's padding, or the page's text width
        text_width = ctx.width / 20 - (2 * m.section if band and not full_bleed else 0)

        top = []  # on the band, or at the top of a plain or ruled cover
        if tb.classification and not full_bleed:
            top.append(self.paragraph_xml(self.sid("Cover Label"), text_runs(
                tb.classification, self._rpr(color=band_color))))
        title_borders = border("top", accent, 3, 14) if style == "rule" else ""
        top.append(self.paragraph_xml(self.sid("Title"),
                                      text_runs(tb.title, self._rpr(color=band_color)),
                                      borders=title_borders, after=m.paragraph))
        if style != "rule":  # a short accent bar under the title
            bar = ppr(keep_next=True, borders=border("top", accent, 3, 0), before=0,
                      after=m.paragraph * 1.5, line=3, line_rule="exact",
                      right=max(0.0, text_width - m.body * 4), run='<w:sz w:val="4"/>')
            top.append(f"<w:p>{bar}</w:p>")
        if tb.subtitle:
            top.append(self.paragraph_xml(self.sid("Subtitle"),
                                          text_runs(tb.subtitle, self._rpr(color=band_color)),
                                          after=0 if band else None))
        below = []  # under the band
        first_before = m.section * 1.2 if band else m.section
        if tb.date_text:
            below.append(self.paragraph_xml(self.sid("Cover Date"), text_runs(tb.date_text),
                                            before=first_before))
            first_before = None
        names = list(tb.authors)
        if tb.organization and not any(a.startswith(tb.organization) for a in names):
            names.append(tb.organization)
        for name in names:
            below.append(self.paragraph_xml(self.sid("Cover Byline"), text_runs(name),
                                            before=first_before))
            first_before = None
        if tb.logo is not None:
            width = length_points(theme.get("cover.logo_width", "36mm"))
            below.append(self.paragraph_xml("", self.drawing(tb.logo, width, "Logo"),
                                            before=m.section * 1.5))
        if not below:
            below.append(self.paragraph_xml("", ""))

        out = []
        if band:
            width = g.width if full_bleed else ctx.width
            rows = []
            left = f'<w:left w:w="{g.left}" w:type="dxa"/>'
            right = f'<w:right w:w="{g.right}" w:type="dxa"/>'
            if full_bleed and tb.classification:
                label = self.paragraph_xml(self.sid("Cover Label"), text_runs(
                    tb.classification, self._rpr(color=on_band)), jc="center", after=0)
                rows.append(self.row_xml([self.cell_xml(label, width, fill=accent,
                                                        valign="center", margins=left + right)],
                                         height=twips(m.small * 2.6)))
            if full_bleed:
                margins = (f'<w:top w:w="{g.top}" w:type="dxa"/>{left}'
                           f'<w:bottom w:w="{twips(m.section * 1.8)}" w:type="dxa"/>{right}')
                height = int(g.height * 0.5)
            else:
                pad = twips(m.section)
                margins = "".join(f'<w:{side} w:w="{pad}" w:type="dxa"/>'
                                  for side in ("top", "left", "bottom", "right"))
                height = 0
            rows.append(self.row_xml([self.cell_xml("".join(top), width, fill=background,
                                                    valign="bottom", margins=margins)],
                                     height=height))
            if own_page and not full_bleed:
                out.append(self.paragraph_xml("", "", before=g.content_height * 0.18, after=0))
            nil = "".join(f'<w:{side} w:val="nil"/>' for side in
                          ("top", "left", "bottom", "right", "insideH", "insideV"))
            # full bleed: the table reaches out of the margins to the page edges
            out.append(self.table_xml([width], rows, borders=nil, look_first_row=False,
                                      indent=-g.left if full_bleed else 0))
        else:
            if own_page:
                out.append(self.paragraph_xml("", "", before=g.content_height * 0.22, after=0))
            out.extend(top)
        out.extend(below)
        if not own_page:  # keep some air between the title block and what follows
            out.append(self._spacer(m.section))
            return "".join(out), False
        sect = self._section("", after_cover=False, cover=True, full_bleed=full_bleed)
        last = out.pop()
        out.append(_with_sectpr(last, sect))
        return "".join(out), True

    # --- paragraphs and inline spans -------------------------------------------------------------

    def paragraph_xml(self, style: str, runs: str, *, bookmark: str = "", borders: str = "",
                      keep_next: bool = False, before=None, after=None, left=None, right=None,
                      jc: str = "", num: tuple[int, int] | None = None, shading: str = "") -> str:
        props = ppr(style=style, keep_next=keep_next or self.keep_together, num=num,
                    borders=borders, shading=shading, before=before, after=after, left=left,
                    right=right, jc=jc)
        if bookmark:
            number = self.next_bookmark
            self.next_bookmark += 1
            runs = (f'<w:bookmarkStart w:id="{number}" w:name="{bookmark}"/>{runs}'
                    f'<w:bookmarkEnd w:id="{number}"/>')
        return f"<w:p>{props}{runs}</w:p>"

    def bookmark(self, anchor: str) -> str:
        """Word's name for `anchor`: letters, digits and _, at most 40 characters, unique."""
        name = self.bookmark_names.get(anchor)
        if name is None:
            base = _BOOKMARK_UNSAFE.sub("_", clean(anchor))
            if not base or not base[0].isalpha():
                base = "b_" + base
            base = base[:40]
            name, n = base, 2
            while name in self.bookmark_taken:
                suffix = f"_{n}"
                name, n = base[:40 - len(suffix)] + suffix, n + 1
            self.bookmark_taken.add(name)
            self.bookmark_names[anchor] = name
        return name

    def _rpr(self, *, style: str = "", bold: bool = False, italic: bool = False,
             color: str = "", size: float = 0, font: str = "") -> str:
        key = (style, bold, italic, color, size, font)
        cached = self.rpr_cache.get(key)
        if cached is None:
            cached = rpr(style=style, font=font, bold=True if bold else None,
                         italic=True if italic else None, color=color, size=size)
            self.rpr_cache[key] = cached
        return cached

    def inlines(self, nodes, ctx: _Context, *, bold: bool = False, italic: bool = False,
                style: str = "", in_link: bool = False) -> str:
        out = []
        bold = bold or ctx.bold
        count = len(nodes)
        for index, node in enumerate(nodes):
            if isinstance(node, Text):
                text = node.text
                if index + 1 < count and isinstance(nodes[index + 1], Citation):
                    text = text.rstrip(" ")  # the superscript number sits on the word
                out.append(text_runs(text, self._rpr(style=style, bold=bold, italic=italic,
                                                     color=ctx.color)))
            elif isinstance(node, Strong):
                out.append(self.inlines(node.children, ctx, bold=True, italic=italic, style=style,
                                        in_link=in_link))
            elif isinstance(node, Emphasis):
                out.append(self.inlines(node.children, ctx, bold=bold, italic=True, style=style,
                                        in_link=in_link))
            elif isinstance(node, Code):
                # the font is also set on the run: LibreOffice lets a table cell's paragraph
                # font win over a character style
                out.append(text_runs(node.text, self._rpr(style=self.sid("Code", "character"),
                                                          bold=bold, italic=italic,
                                                          font=self.fonts["mono"])))
            elif isinstance(node, Link):
                out.append(self.link(node, ctx, bold, italic, in_link))
            elif isinstance(node, Citation):
                if index > 0 and isinstance(nodes[index - 1], Citation):
                    out.append(text_runs(",", self._rpr(style=self.sid("Citation", "character"))))
                out.append(self.citation(node, in_link))
            elif isinstance(node, LineBreak):
                out.append("<w:r><w:br/></w:r>")
        return "".join(out)

    def link(self, node: Link, ctx: _Context, bold: bool, italic: bool, in_link: bool) -> str:
        url = clean(node.url).strip()
        if in_link or not url.lower().startswith(SAFE_SCHEMES) or len(url) > MAX_URL:
            return self.inlines(node.children, ctx, bold=bold, italic=italic, in_link=in_link)
        target = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
        rid = self.part.relate_to(target, RT.HYPERLINK, is_external=True)
        runs = self.inlines(node.children, replace(ctx, color=""), bold=bold, italic=italic,
                            style=self.sid("Hyperlink", "character"), in_link=True)
        return f'<w:hyperlink r:id="{rid}" w:history="1">{runs}</w:hyperlink>'

    def citation(self, node: Citation, in_link: bool) -> str:
        run = text_runs(str(node.number), self._rpr(style=self.sid("Citation", "character")))
        if in_link or node.anchor not in self.anchors:
            return run
        tip = self.source_titles.get(node.anchor, "")
        tooltip = f' w:tooltip="{esc(tip[:250])}"' if tip else ""
        return (f'<w:hyperlink w:anchor="{self.bookmark(node.anchor)}"{tooltip} w:history="1">'
                f"{run}</w:hyperlink>")

    # --- blocks -----------------------------------------------------------------------------------

    def heading(self, block: Heading, ctx: _Context) -> str:
        level = min(max(block.level, 1), 9)
        runs = ""
        if block.number:
            runs = text_runs(block.number + " ", self._rpr(color=self.color("accent_text")))
        runs += self.inlines(block.content, ctx)
        self.last_heading = plain_text(block.content)  # names the tables that follow it
        return self.paragraph_xml(self.sid(f"heading {level}"), runs,
                                  bookmark=self.bookmark(block.anchor))

    _PARAGRAPH_STYLES = {"lead": "Lead", "question": "Question", "list-title": "List Title"}

    def paragraph(self, block: Paragraph, ctx: _Context) -> str:
        if ctx.heading_cell:
            style = "Table Heading"
        elif ctx.table:
            style = "Table Text"
        else:
            style = self._PARAGRAPH_STYLES.get(block.role, "Normal")
        style_id = "" if style == "Normal" else self.sid(style)
        return self.paragraph_xml(style_id, self.inlines(block.content, ctx), jc=ctx.align)

    def list_block(self, block: ListBlock, ctx: _Context) -> str:
        depth = min(ctx.depth, 2)
        suffix = "" if depth == 0 else f" {depth + 1}"
        kind = "List Number" if block.ordered else "List Bullet"
        style = self.sid(kind + suffix)
        continue_style = self.sid("List Continue" + suffix)
        style_num = self.style_numbers.get(kind + suffix, 0)
        level = min(ctx.depth, 8)
        if block.ordered:  # a fresh numbering instance: every numbered list starts on its own
            num = (self.numbering.restart(style_num, block.start, level), level)
        elif style_num and self.reference is not None:
            num = None  # the reference's own bullet style carries its numbering
        else:
            num = (style_num or self.numbering.bullet_id, level)
        inner = replace(ctx, depth=ctx.depth + 1)
        out = []
        last_item = len(block.items) - 1
        for item_index, item in enumerate(block.items):
            for index, child in enumerate(item):
                # the list's last paragraph gets a paragraph's space below it
                after = (self.m.paragraph if ctx.depth == 0 and item_index == last_item
                         and index == len(item) - 1 else None)
                if isinstance(child, Paragraph) and index == 0:
                    out.append(self.paragraph_xml(style, self.inlines(child.content, ctx), num=num,
                                                  after=after))
                elif isinstance(child, Paragraph):
                    out.append(self.paragraph_xml(continue_style, self.inlines(child.content, ctx),
                                                  after=after))
                elif isinstance(child, ListBlock):
                    out.append(self.list_block(child, inner))
                else:
                    width = ctx.width - twips(self.m.indent)
                    out.append(self.block(child, replace(inner, width=width)))
            if not item:  # an empty item still shows its bullet
                out.append(self.paragraph_xml(style, "", num=num))
        return "".join(out)

    def table_of_contents(self, block: TableOfContents, ctx: _Context) -> str:
        out = [self.paragraph_xml(self.sid("TOC Heading"), text_runs(block.title))]
        levels = f"1-{max(1, min(block.max_level, 9))}"
        instruction = f'TOC \\o "{levels}" \\h \\z \\u'
        begin = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
                 f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        hidden = "<w:rPr><w:webHidden/></w:rPr>"
        headings = self.toc_headings
        if not headings:
            return "".join(out) + f"<w:p>{begin}{end}</w:p>" + self._spacer(self.m.section)
        for index, heading in enumerate(headings):
            name = self.bookmark(heading.anchor)
            page = str(self.page_of.get(heading.anchor, ""))
            entry = (f'<w:hyperlink w:anchor="{name}" w:history="1">'
                     f"{text_runs(heading.text)}"
                     f"<w:r>{hidden}<w:tab/></w:r>"
                     f'<w:r>{hidden}<w:fldChar w:fldCharType="begin"/></w:r>'
                     f'<w:r>{hidden}<w:instrText xml:space="preserve"> PAGEREF {name} \\h '
                     "</w:instrText></w:r>"
                     f'<w:r>{hidden}<w:fldChar w:fldCharType="separate"/></w:r>'
                     f'<w:r>{hidden}<w:t>{page}</w:t></w:r>'
                     f'<w:r>{hidden}<w:fldChar w:fldCharType="end"/></w:r>'
                     "</w:hyperlink>")
            style = self.sid(f"toc {min(heading.level, 9)}") or self.sid("toc 1")
            last = index == len(headings) - 1
            runs = (begin if index == 0 else "") + entry + (end if last else "")
            out.append(f"<w:p>{ppr(style=style)}{runs}</w:p>")
        out.append(self._spacer(self.m.section))
        return "".join(out)

    def page_break(self, block: PageBreak, ctx: _Context) -> str:
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

    # --- tables and boxes -------------------------------------------------------------------------

    def table_xml(self, widths: list[int], rows: list[str], *, style: str = "", borders: str = "",
                  look_first_row: bool = True, cell_margins: str = "", caption: str = "",
                  indent: int = 0) -> str:
        total = sum(widths)
        props = (f'<w:tblStyle w:val="{style}"/>' if style else "")
        props += f'<w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="{indent}" w:type="dxa"/>'
        if borders:
            props += f"<w:tblBorders>{borders}</w:tblBorders>"
        props += '<w:tblLayout w:type="fixed"/>'
        if cell_margins:
            props += f"<w:tblCellMar>{cell_margins}</w:tblCellMar>"
        first = "1" if look_first_row else "0"
        props += (f'<w:tblLook w:val="{"0420" if look_first_row else "0400"}" w:firstRow="{first}"'
                  ' w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
        if caption:
            props += f'<w:tblCaption w:val="{esc(caption[:200])}"/>'
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
                f"{''.join(rows)}</w:tbl>")

    @staticmethod
    def row_xml(cells: list[str], *, header: bool = False, cant_split: bool = True,
                height: int = 0) -> str:
        props = ""
        if cant_split:
            props += "<w:cantSplit/>"
        if height:
            props += f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>'
        if header:
            props += "<w:tblHeader/>"
        props = f"<w:trPr>{props}</w:trPr>" if props else ""
        return f"<w:tr>{props}{''.join(cells)}</w:tr>"

    @staticmethod
    def cell_xml(content: str, width: int, *, fill: str = "", span: int = 1, valign: str = "",
                 borders: str = "", vmerge: str | None = None, direction: str = "",
                 margins: str = "") -> str:
        props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if vmerge is not None:
            props += f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>"
        if borders:
            props += f"<w:tcBorders>{borders}</w:tcBorders>"
        if fill:
            props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        if margins:
            props += f"<w:tcMar>{margins}</w:tcMar>"
        if direction:
            props += f'<w:textDirection w:val="{direction}"/>'
        if valign:
            props += f'<w:vAlign w:val="{valign}"/>'
        if not content.endswith("</w:p>"):
            content += "<w:p/>"  # a cell must end with a paragraph
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"

    def role_colors(self, role: str) -> tuple[str, str]:
        """(fill, text) colours for a role such as level.high, or empty strings."""
        if "." not in role:
            return "", ""
        _, _, level = role.partition(".")
        try:
            return self.color(f"level_{level}"), self.color(f"level_{level}_text")
        except TemplateError:
            return "", ""

    def split(self, total: int, weights: list[float], count: int) -> list[int]:
        weights = list(weights[:count]) + [1.0] * max(0, count - len(weights))
        s = sum(weights) or 1.0
        widths = [int(total * w / s) for w in weights]
        widths[-1] += total - sum(widths)
        return widths

    def table(self, block: Table, ctx: _Context) -> str:
        columns = max(len(block.header), max((len(r) for r in block.rows), default=0), 1)
        widths = self.split(ctx.width, block.widths, columns)
        header_ctx = replace(ctx, table=True, heading_cell=True, depth=0)
        body_ctx = replace(ctx, table=True, depth=0)
        rows = []
        if block.header:
            cells = [self.cell_xml(self.blocks(c.content, replace(header_ctx, width=w)), w,
                                   valign="bottom")
                     for c, w in zip(block.header, widths)]
            rows.append(self.row_xml(cells, header=True))
        limit = self.geometry.content_height * 0.5  # taller rows may break across pages
        for row in block.rows:
            cells = []
            for cell, w in zip(row, widths):
                fill, color = self.role_colors(cell.role)
                cell_ctx = replace(body_ctx, width=w)
                if fill:
                    cell_ctx = replace(cell_ctx, color=color, bold=True, align="center")
                cells.append(self.cell_xml(self.blocks(cell.content, cell_ctx), w, fill=fill,
                                           valign="center" if fill else ""))
            for _ in range(len(row), columns):
                cells.append(self.cell_xml("", widths[len(cells)]))
            huge = self.estimate.row_height(row, [w / 20 - 10 for w in widths]) > limit
            rows.append(self.row_xml(cells, cant_split=not huge))
        return self.table_xml(widths, rows, style=self.sid("Brief Table", "table"),
                              caption=self.last_heading) + self._spacer()

    def _spacer(self, height: float | None = None) -> str:
        """An empty paragraph after a table: Word cannot put space below a table otherwise."""
        size = max(2, int(round(self.m.paragraph * 2)))
        line = self.m.paragraph if height is None else height
        mark = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        props = ppr(keep_next=self.keep_together, before=0, after=0, line=line,
                    line_rule="exact", run=mark)
        return f"<w:p>{props}</w:p>"

    def callout(self, block: Callout, ctx: _Context) -> str:
        pad = twips(self.m.body * 1.2)
        width = ctx.width
        inner = replace(ctx, width=width - 2 * pad - twips(4), table=False, depth=0)
        content = ""
        if block.title:
            content += self.paragraph_xml(self.sid("Box Title"), text_runs(block.title))
        content += self.blocks(block.content, inner)
        accent = self.color("accent")
        borders = (border("top", self.color("panel"), 0.5) + border("left", accent, 4.5)
                   + border("bottom", self.color("panel"), 0.5) + '<w:right w:val="nil"/>')
        margins = _cell_margins(twips(self.m.body), pad, twips(self.m.paragraph * 0.5), pad)
        cell = self.cell_xml(content, width, fill=self.color("panel"))
        content_height = self.geometry.content_height
        small = self.estimate.callout_height(block, width / 20) <= content_height * BOX_SPLIT
        return self.table_xml([width], [self.row_xml([cell], cant_split=small)],
                              style=self.sid("Panel Table", "table"), borders=borders,
                              look_first_row=False, cell_margins=margins) \
            + self._spacer(self.m.section * 0.6)

    def key_values(self, block: KeyValueList, ctx: _Context) -> str:
        """A box of label/value rows, kept on one page unless it is longer than most of one."""
        content_height = self.geometry.content_height
        height = self.estimate.block_height(block, ctx.width / 20)
        self.keep_together = height <= content_height * BOX_SPLIT
        try:
            table = self._key_values(block, ctx)
        finally:
            self.keep_together = False
        return table + self._spacer(self.m.section * 0.6)

    def _key_values(self, block: KeyValueList, ctx: _Context) -> str:
        widths = self.split(ctx.width, [0.3, 0.7], 2)
        panel, rule = self.color("panel"), self.color("rule")
        rows = []
        if block.title:
            title = self.paragraph_xml(self.sid("Table Heading"), text_runs(block.title))
            rows.append(self.row_xml([self.cell_xml(title, ctx.width, span=2,
                                                    fill=self.color("primary"))]))
        label_style, value_style = self.sid("Key Fact Label"), self.sid("Table Text")
        value_ctx = replace(ctx, table=True, width=widths[1])
        for item in block.items:
            label = self.paragraph_xml(label_style, text_runs(item.label))
            value = self.paragraph_xml(value_style, self.inlines(item.value, value_ctx))
            rows.append(self.row_xml([self.cell_xml(label, widths[0], fill=panel),
                                      self.cell_xml(value, widths[1], fill=panel)]))
        borders = (border("top", self.color("primary"), 2.25) + '<w:left w:val="nil"/>'
                   + border("bottom", rule, 0.75) + '<w:right w:val="nil"/>'
                   + border("insideH", rule, 0.5) + '<w:insideV w:val="nil"/>')
        margins = _cell_margins(twips(self.m.paragraph * 0.8), twips(self.m.body),
                                twips(self.m.paragraph * 0.4), twips(self.m.body))
        return self.table_xml(widths, rows, style=self.sid("Panel Table", "table"), borders=borders,
                              look_first_row=False, cell_margins=margins, caption=block.title)

    def columns(self, block: Columns, ctx: _Context) -> str:
        count = max(1, len(block.columns))
        widths = self.split(ctx.width, [1.0] * count, count)
        heads, bodies = [], []
        primary = self.color("primary")
        for column, w in zip(block.columns, widths):
            fill, color = self.role_colors({"pros": "level.low", "cons": "level.high"}
                                           .get(column.role, column.role))
            title = self.paragraph_xml(self.sid("Table Heading"), text_runs(
                column.title, self._rpr(color=color or "")), after=0)
            heads.append(self.cell_xml(title, w, fill=fill or primary))
            inner = replace(ctx, width=w - 200, table=False, depth=0)
            bodies.append(self.cell_xml(self.blocks(column.content, inner), w))
        content_height = self.geometry.content_height
        small = self.estimate.block_height(block, ctx.width / 20) <= content_height * BOX_SPLIT
        rows = [self.row_xml(heads, header=True), self.row_xml(bodies, cant_split=small)]
        margins = _cell_margins(twips(self.m.paragraph), 100, twips(self.m.paragraph * 0.5), 100)
        return self.table_xml(widths, rows, style=self.sid("Brief Table", "table"),
                              look_first_row=False, cell_margins=margins) + self._spacer()

    def matrix(self, block: Matrix, ctx: _Context) -> str:
        """The grid, its axis labels and its legend, kept on one page."""
        self.keep_together = True
        try:
            return self._matrix(block, ctx)
        finally:
            self.keep_together = False

    def _matrix(self, block: Matrix, ctx: _Context) -> str:
        out = []
        if block.title:
            out.append(self.paragraph_xml(self.sid("Box Title"), text_runs(block.title)))
        n_cols = max((len(r) for r in block.cells), default=0)
        if not n_cols:
            return ""
        axis_w = twips(self.m.body * 2.6)
        label_w = twips(self.m.body * 7)
        cell_w = (min(ctx.width, twips(self.m.body * 44)) - axis_w - label_w) // n_cols
        widths = [axis_w, label_w] + [cell_w] * n_cols
        rule = self.color("rule")
        grid = "".join(border(side, rule, 0.5) for side in ("top", "left", "bottom", "right"))
        none = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))
        heading_style, text_style = self.sid("Key Fact Label"), self.sid("Table Text")
        row_height = twips(self.m.body * 3.6)
        rows = []
        for r, cells in enumerate(block.cells):
            row = []
            if r == 0:
                axis = self.paragraph_xml(heading_style, text_runs(block.row_axis), jc="center",
                                          after=0)
                row.append(self.cell_xml(axis, axis_w, vmerge="restart", direction="btLr",
                                         valign="center", borders=none))
            else:
                row.append(self.cell_xml(self.paragraph_xml(text_style, "", after=0), axis_w,
                                         vmerge="", borders=none))
            label = block.row_labels[r] if r < len(block.row_labels) else ""
            label = self.paragraph_xml(text_style, text_runs(label), jc="right", after=0)
            row.append(self.cell_xml(label, label_w, valign="center", borders=none))
            for c in range(n_cols):
                cell = cells[c] if c < len(cells) else None
                fill, color = self.role_colors(cell.role if cell else "")
                markers = "  ".join(cell.markers) if cell else ""
                text = self.paragraph_xml(
                    text_style, text_runs(markers, self._rpr(bold=True, color=color)),
                    jc="center", after=0)
                row.append(self.cell_xml(text, cell_w, fill=fill, valign="center", borders=grid))
            rows.append(self.row_xml(row, height=row_height))
        labels = [self.cell_xml(self.paragraph_xml(text_style, "", after=0), w, borders=none)
                  for w in (axis_w, label_w)]
        for c in range(n_cols):
            label = block.column_labels[c] if c < len(block.column_labels) else ""
            label = self.paragraph_xml(text_style, text_runs(label), jc="center", after=0)
            labels.append(self.cell_xml(label, cell_w, borders=none))
        rows.append(self.row_xml(labels))
        axis_row = [self.cell_xml(self.paragraph_xml(text_style, "", after=0), axis_w + label_w,
                                  span=2, borders=none),
                    self.cell_xml(self.paragraph_xml(heading_style, text_runs(block.column_axis),
                                                     jc="center", after=0),
                                  cell_w * n_cols, span=n_cols, borders=none)]
        rows.append(self.row_xml(axis_row))
        margins = _cell_margins(40, 80, 40, 80)
        nil = "".join(f'<w:{side} w:val="nil"/>' for side in
                      ("top", "left", "bottom", "right", "insideH", "insideV"))
        out.append(self.table_xml(widths, rows, borders=nil, look_first_row=False,
                                  cell_margins=margins, caption=block.title or self.last_heading))
        if block.legend:
            legend_style = self.sid("Legend")
            out.append(self._spacer())
            for index, (marker, text) in enumerate(block.legend):
                self.keep_together = index < len(block.legend) - 1
                out.append(self.paragraph_xml(legend_style, text_runs(marker, self._rpr(bold=True))
                                              + "<w:r><w:tab/></w:r>" + text_runs(text)))
        out.append(self._spacer(self.m.section * 0.5))
        return "".join(out)

    def quote(self, block: Quote, ctx: _Context) -> str:
        pull = block.role == "pull-quote"
        style = self.sid("Intense Quote" if pull else "Quote")
        out = []
        paragraphs = [i for i, c in enumerate(block.content) if isinstance(c, Paragraph)]
        for index, child in enumerate(block.content):
            if isinstance(child, Paragraph):
                content = list(child.content)
                if pull and index == paragraphs[0]:
                    content.insert(0, Text("\u201c"))
                if pull and index == paragraphs[-1]:
                    content.append(Text("\u201d"))
                out.append(self.paragraph_xml(style, self.inlines(content, ctx)))
            else:
                out.append(self.block(child, ctx))
        if block.attribution:
            runs = text_runs("\u2014 ") + self.inlines(block.attribution, ctx)
            out.append(self.paragraph_xml(self.sid("Quote Attribution"), runs))
        return "".join(out)

    def references(self, block: References, ctx: _Context) -> str:
        style = self.sid("Source")
        entries = block.entries
        numbers = [e.number for e in entries]
        sequential = bool(numbers) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        num = None
        if sequential:
            num = (self.numbering.restart(0, numbers[0], 0), 0)
        out = []
        for entry in entries:
            runs = self.inlines(entry.content, ctx)
            if not sequential:
                runs = text_runs(f"{entry.number}.\t") + runs
            out.append(self.paragraph_xml(style, runs, bookmark=self.bookmark(entry.anchor),
                                          num=num, left=None if sequential else self.m.indent))
        return "".join(out)

    def figure(self, block: Figure, ctx: _Context) -> str:
        width = min(ctx.width / 20, block.image.width * 0.75)
        picture = self.drawing(block.image, width, block.alt)
        out = [self.paragraph_xml("", picture, keep_next=bool(block.caption), jc="center")]
        if block.caption:
            out.append(self.paragraph_xml(self.sid("caption"), self.inlines(block.caption, ctx),
                                          jc="center"))
        return "".join(out)

    def drawing(self, image: Image, width_points: float, alt: str) -> str:
        rid, _ = self.part.get_or_add_image(io.BytesIO(image.data))
        height_points = width_points * image.height / max(1, image.width)
        cx, cy = int(width_points * EMU_PER_POINT), int(height_points * EMU_PER_POINT)
        number = self.next_drawing
        self.next_drawing += 1
        name = f"Picture {number}"
        return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
                f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
                f'<wp:docPr id="{number}" name="{name}" descr="{esc(alt)}"/>'
                '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
                "</wp:cNvGraphicFramePr><a:graphic>"
                '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="{name}" descr="{esc(alt)}"/>'
                f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
                "<a:stretch><a:fillRect/>"
                '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
                f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
                "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
                "</w:drawing></w:r>")


_HANDLERS = {
    Heading: _DocxWriter.heading,
    Paragraph: _DocxWriter.paragraph,
    ListBlock: _DocxWriter.list_block,
    TableOfContents: _DocxWriter.table_of_contents,
    PageBreak: _DocxWriter.page_break,
    Table: _DocxWriter.table,
    Callout: _DocxWriter.callout,
    KeyValueList: _DocxWriter.key_values,
    Columns: _DocxWriter.columns,
    Matrix: _DocxWriter.matrix,
    Quote: _DocxWriter.quote,
    References: _DocxWriter.references,
    Figure: _DocxWriter.figure,
    TitleBlock: lambda writer, block, ctx: writer.title_block(block, ctx)[0],
}


def _cell_margins(top: int, left: int, bottom: int, right: int) -> str:
    """The inside of w:tblCellMar / w:tcMar, in twips."""
    return (f'<w:top w:w="{top}" w:type="dxa"/><w:left w:w="{left}" w:type="dxa"/>'
            f'<w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/>')


def _with_sectpr(paragraph: str, sectpr: str) -> str:
    """`paragraph` (a whole w:p) with `sectpr` added at the end of its properties."""
    if "<w:pPr>" in paragraph:
        head, _, rest = paragraph.partition("</w:pPr>")
        return f"{head}{sectpr}</w:pPr>{rest}"
    return paragraph.replace("<w:p>", f"<w:p><w:pPr>{sectpr}</w:pPr>", 1)


def _xml(element) -> str:
    from lxml import etree

    text = etree.tostring(element, encoding="unicode")
    # drop the declarations of namespaces the body declares anyway
    return re.sub(r'\s+xmlns:(?:w|r|wp|a|pic)="[^"]*"', "", text)




def _set_compat_mode(settings, mode: int) -> None:
    for setting in settings.iter(_W + "compatSetting"):
        if setting.get(_W + "name") == "compatibilityMode":
            setting.set(_W + "val", str(mode))
