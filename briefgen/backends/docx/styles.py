"""Word styles and list numbering for the DOCX backend, built from the theme.

`style_definitions` says what every style the backend uses looks like, in theme terms only
(colours, fonts, sizes and spacing come from the template; other measures are proportions of
them). `StyleSheet` installs them into styles.xml: all of them on python-docx's default
template, only the missing ones on a reference .docx. `Numbering` adds the list definitions to
numbering.xml and hands out a fresh, restarting numbering instance for each numbered list.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.parser import parse_xml

from .docx_xml import (
    NSDECLS, W_NS, border, hex_color, ppr, rpr, tab_stop, twips,
)

_W = "{%s}" % W_NS


@dataclass(slots=True)
class StyleDef:
    """One style: Word's internal `name` (e.g. "heading 1"), its preferred id and its looks."""

    name: str
    style_id: str
    kind: str = "paragraph"  # paragraph | character | table | numbering
    based_on: str = ""  # a style *name*; resolved to the id it has in the document
    next: str = ""
    priority: int | None = None
    quick: bool = False  # shown in the style gallery
    hidden_until_used: bool = False
    default: bool = False
    ppr: str = ""  # children of w:pPr
    rpr: str = ""  # children of w:rPr
    table: str = ""  # w:tblPr, w:trPr, w:tcPr and w:tblStylePr elements (table styles)
    numbered: str = ""  # "bullet" or "number": the style carries list numbering (ilvl below)
    level: int = 0


@dataclass(slots=True)
class Measures:
    """Theme numbers the styles and the body share (points, and RRGGBB colours)."""

    body: float
    line: float  # line height as a multiple of the font size
    small: float
    table: float  # text size in data tables
    paragraph: float
    section: float
    indent: float  # list indent step
    text_width: float


def measures(theme, text_width: float) -> Measures:
    body = theme.size("body")
    return Measures(
        body=body, line=theme.size("line_height"), small=theme.size("small"),
        table=max(theme.size("small"), round(body * 0.9 * 2) / 2),
        paragraph=theme.spacing("paragraph"), section=theme.spacing("section"),
        indent=round(body * 1.7 * 2) / 2, text_width=text_width,
    )


def style_definitions(theme, fonts: dict[str, str], m: Measures) -> list[StyleDef]:
    """Every style the DOCX backend uses, styled from `theme`."""
    c = {name: hex_color(theme, name) for name in (
        "primary", "accent", "accent_text", "text", "muted", "rule", "panel", "on_primary")}
    heading, mono = fonts["heading"], fonts["mono"]
    p, s = m.paragraph, m.section
    tw = twips(m.text_width)
    sizes = {n: theme.size(n) for n in ("title", "subtitle", "h1", "h2", "h3", "quote")}
    quote_indent = m.indent * 0.8
    lead = round(m.body * 1.1 * 2) / 2
    defs = [
        StyleDef("Normal", "Normal", default=True, quick=True,
                 ppr=ppr(widow=True, wrap=False), rpr=rpr(color=c["text"], wrap=False)),
        StyleDef("Default Paragraph Font", "DefaultParagraphFont", "character", default=True,
                 priority=1, hidden_until_used=True),
        StyleDef("Normal Table", "TableNormal", "table", default=True, priority=99,
                 hidden_until_used=True,
                 table='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                       '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                       '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                       '</w:tblCellMar></w:tblPr>'),
        StyleDef("No List", "NoList", "numbering", default=True, priority=99,
                 hidden_until_used=True),
    ]
    heading_look = [
        (sizes["h1"], c["primary"], s, p * 1.2),
        (sizes["h2"], c["primary"], max(s * 0.75, p * 2), p * 0.6),
        (sizes["h3"], c["accent_text"], p * 2, p * 0.4),
    ]
    for level in range(1, 10):
        size, color, before, after = (heading_look[level - 1] if level <= 3 else
                                      (m.body, c["primary"], p * 1.5, p * 0.3))
        defs.append(StyleDef(
            f"heading {level}", f"Heading{level}", based_on="Normal", next="Normal",
            priority=9, quick=level <= 3, hidden_until_used=level > 1,
            ppr=ppr(keep_next=True, keep_lines=True,
                    borders=border("bottom", c["rule"], 0.75, 3) if level == 1 else "",
                    before=before, after=after, line=size * 1.2, outline=level - 1, wrap=False),
            rpr=rpr(font=heading, bold=True, italic=True if level >= 5 else None, color=color,
                    size=size, wrap=False)))
    defs += [
        StyleDef("Title", "Title", based_on="Normal", next="Normal", priority=10, quick=True,
                 ppr=ppr(keep_next=True, before=0, after=p * 1.5, line=sizes["title"] * 1.1,
                         wrap=False),
                 rpr=rpr(font=heading, bold=True, color=c["primary"], size=sizes["title"],
                         wrap=False)),
        StyleDef("Subtitle", "Subtitle", based_on="Normal", next="Normal", priority=11,
                 quick=True,
                 ppr=ppr(keep_next=True, before=0, after=p * 2, line=sizes["subtitle"] * 1.25,
                         wrap=False),
                 rpr=rpr(font=heading, color=c["accent_text"], size=sizes["subtitle"], wrap=False)),
        StyleDef("TOC Heading", "TOCHeading", based_on="Normal", next="Normal", priority=39,
                 hidden_until_used=True, quick=True,
                 ppr=ppr(keep_next=True, borders=border("bottom", c["rule"], 0.75, 3), before=0,
                         after=p * 1.2, line=sizes["h1"] * 1.2, wrap=False),
                 rpr=rpr(font=heading, bold=True, color=c["primary"], size=sizes["h1"],
                         wrap=False)),
        StyleDef("toc 1", "TOC1", based_on="Normal", next="Normal", priority=39,
                 hidden_until_used=True,
                 ppr=ppr(keep_next=False, tabs=tab_stop("right", tw, "dot"), before=p * 0.8,
                         after=p * 0.2, line=m.body * 1.25, wrap=False),
                 rpr=rpr(font=heading, bold=True, color=c["primary"], wrap=False)),
        StyleDef("toc 2", "TOC2", based_on="Normal", next="Normal", priority=39,
                 hidden_until_used=True,
                 ppr=ppr(tabs=tab_stop("right", tw, "dot"), before=0, after=p * 0.2,
                         line=m.body * 1.25, left=m.indent, wrap=False)),
        StyleDef("toc 3", "TOC3", based_on="Normal", next="Normal", priority=39,
                 hidden_until_used=True,
                 ppr=ppr(tabs=tab_stop("right", tw, "dot"), before=0, after=p * 0.2,
                         line=m.body * 1.25, left=m.indent * 2, wrap=False)),
        StyleDef("header", "Header", based_on="Normal", priority=99, hidden_until_used=True,
                 ppr=ppr(borders=border("bottom", c["rule"], 0.5, 4),
                         tabs=tab_stop("center", tw // 2) + tab_stop("right", tw),
                         before=0, after=0, line=m.small * 1.2, wrap=False),
                 rpr=rpr(font=heading, color=c["muted"], size=m.small, wrap=False)),
        StyleDef("footer", "Footer", based_on="Normal", priority=99, hidden_until_used=True,
                 ppr=ppr(tabs=tab_stop("center", tw // 2) + tab_stop("right", tw),
                         before=0, after=0, line=m.small * 1.2, wrap=False),
                 rpr=rpr(font=heading, color=c["muted"], size=m.small, wrap=False)),
        StyleDef("caption", "Caption", based_on="Normal", next="Normal", priority=35,
                 quick=True, hidden_until_used=True,
                 ppr=ppr(before=p * 0.5, after=p * 1.5, line=m.small * 1.3, wrap=False),
                 rpr=rpr(italic=True, color=c["muted"], size=m.small, wrap=False)),
    ]
    for level in range(1, 4):
        suffix = "" if level == 1 else f" {level}"
        left = m.indent * level
        defs += [
            StyleDef(f"List Bullet{suffix}", f"ListBullet{level if level > 1 else ''}",
                     based_on="Normal", priority=99, hidden_until_used=True, quick=level == 1,
                     numbered="bullet", level=level - 1,
                     ppr=ppr(after=p * 0.5, wrap=False)),
            StyleDef(f"List Number{suffix}", f"ListNumber{level if level > 1 else ''}",
                     based_on="Normal", priority=99, hidden_until_used=True, quick=level == 1,
                     numbered="number", level=level - 1,
                     ppr=ppr(after=p * 0.5, wrap=False)),
            StyleDef(f"List Continue{suffix}", f"ListContinue{level if level > 1 else ''}",
                     based_on="Normal", priority=99, hidden_until_used=True,
                     ppr=ppr(after=p * 0.5, left=left, wrap=False)),
        ]
    defs += [
        StyleDef("Quote", "Quote", based_on="Normal", next="Normal", priority=29, quick=True,
                 ppr=ppr(borders=border("left", c["rule"], 2, 8), before=p, after=p,
                         left=quote_indent, right=quote_indent, wrap=False),
                 rpr=rpr(italic=True, wrap=False)),
        StyleDef("Intense Quote", "IntenseQuote", based_on="Normal", next="Normal",
                 priority=30, quick=True,
                 ppr=ppr(keep_next=True, keep_lines=True,
                         borders=border("left", c["accent"], 3, 10), before=s * 0.6,
                         after=p * 0.4, line=sizes["quote"] * 1.35, left=quote_indent,
                         right=quote_indent,
                         wrap=False),
                 rpr=rpr(italic=True, color=c["primary"], size=sizes["quote"], wrap=False)),
        StyleDef("Quote Attribution", "QuoteAttribution", based_on="Normal", next="Normal",
                 priority=30, quick=True,
                 ppr=ppr(keep_lines=True, before=0, after=s * 0.6, line=(m.small + 0.5) * 1.3,
                         left=quote_indent, right=quote_indent, wrap=False),
                 rpr=rpr(font=heading, color=c["muted"], size=m.small + 0.5, wrap=False)),
        StyleDef("Lead", "Lead", based_on="Normal", next="Normal", priority=20, quick=True,
                 ppr=ppr(after=p * 1.2, line=lead * 1.35, wrap=False),
                 rpr=rpr(color=c["primary"], size=lead, wrap=False)),
        StyleDef("Question", "Question", based_on="Normal", next="Normal", priority=21,
                 quick=True, ppr=ppr(keep_next=True, before=p * 1.5, after=p * 0.4, wrap=False),
                 rpr=rpr(font=heading, bold=True, color=c["primary"], wrap=False)),
        StyleDef("List Title", "ListTitle", based_on="Normal", next="List Bullet", priority=22,
                 ppr=ppr(keep_next=True, before=p * 0.5, after=p * 0.4, wrap=False),
                 rpr=rpr(font=heading, bold=True, color=c["accent_text"], wrap=False)),
        StyleDef("Box Title", "BoxTitle", based_on="Normal", next="Normal", priority=22,
                 ppr=ppr(keep_next=True, before=0, after=p * 0.6, line=sizes["h3"] * 1.2,
                         wrap=False),
                 rpr=rpr(font=heading, bold=True, color=c["primary"], size=sizes["h3"],
                         wrap=False)),
        StyleDef("Table Text", "TableText", based_on="Normal", priority=23,
                 ppr=ppr(before=0, after=p * 0.4, line=m.table * 1.3, wrap=False),
                 rpr=rpr(size=m.table, wrap=False)),
        StyleDef("Table Heading", "TableHeading", based_on="Table Text", priority=23,
                 ppr=ppr(keep_next=True, after=0, wrap=False),
                 rpr=rpr(font=heading, bold=True, color=c["on_primary"], wrap=False)),
        StyleDef("Key Fact Label", "KeyFactLabel", based_on="Table Text", priority=24,
                 rpr=rpr(font=heading, bold=True, color=c["primary"], wrap=False)),
        StyleDef("Legend", "Legend", based_on="Table Text", priority=24,
                 ppr=ppr(after=p * 0.2, line=(m.small + 0.5) * 1.3, left=m.indent * 1.4,
                         hanging=m.indent * 1.4,
                         tabs=tab_stop("left", twips(m.indent * 1.4)), wrap=False),
                 rpr=rpr(color=c["muted"], size=m.small + 0.5, wrap=False)),
        StyleDef("Source", "Source", based_on="Normal", priority=25,
                 ppr=ppr(after=p * 0.5, line=m.table * 1.35, wrap=False),
                 rpr=rpr(size=m.table, wrap=False)),
        StyleDef("Cover Label", "CoverLabel", based_on="Normal", next="Title", priority=26,
                 ppr=ppr(keep_next=True, before=0, after=p * 1.5, line=m.small * 1.3, wrap=False),
                 rpr=rpr(font=heading, bold=True, caps=True, color=c["accent_text"], spacing=1.2,
                         size=m.small, wrap=False)),
        StyleDef("Cover Byline", "CoverByline", based_on="Normal", priority=26,
                 ppr=ppr(before=0, after=p * 0.3, line=m.body * 1.4, wrap=False),
                 rpr=rpr(font=heading, color=c["text"], size=round(m.body * 1.05 * 2) / 2,
                         wrap=False)),
        StyleDef("Cover Date", "CoverDate", based_on="Cover Byline", priority=26,
                 ppr=ppr(after=p * 0.6, wrap=False), rpr=rpr(bold=True, wrap=False)),
        StyleDef("Hyperlink", "Hyperlink", "character", based_on="Default Paragraph Font",
                 priority=99, hidden_until_used=True,
                 rpr=rpr(color=c["accent_text"], underline="single", wrap=False)),
        StyleDef("Citation", "Citation", "character", based_on="Default Paragraph Font",
                 priority=99, rpr=rpr(color=c["accent_text"], vert="superscript", wrap=False)),
        StyleDef("Code", "Code", "character", based_on="Default Paragraph Font", priority=99,
                 rpr=rpr(font=mono, size=round(m.body * 0.9 * 2) / 2, wrap=False)),
        StyleDef("Brief Table", "BriefTable", "table", based_on="Normal Table", priority=40,
                 quick=True,
                 ppr=ppr(before=0, after=0, wrap=False),
                 table=(
                     "<w:tblPr>"
                     '<w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
                     "<w:tblBorders>"
                     + border("top", c["primary"], 1) + border("bottom", c["rule"], 0.75)
                     + border("insideH", c["rule"], 0.5) +
                     "</w:tblBorders>"
                     '<w:tblCellMar><w:top w:w="80" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
                     '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
                     "</w:tblCellMar></w:tblPr>"
                     '<w:tblStylePr w:type="firstRow">'
                     + "<w:rPr>" + rpr(font=heading, bold=True, color=c["on_primary"],
                                        wrap=False) + "</w:rPr>"
                     '<w:trPr><w:tblHeader/></w:trPr>'
                     f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{c["primary"]}"/>'
                     "</w:tcPr></w:tblStylePr>")),
        StyleDef("Panel Table", "PanelTable", "table", based_on="Normal Table", priority=41,
                 ppr=ppr(before=0, wrap=False),
                 table=(
                     "<w:tblPr><w:tblBorders>" + border("top", c["panel"], 0.5)
                     + border("bottom", c["panel"], 0.5) + "</w:tblBorders>"
                     '<w:tblCellMar><w:top w:w="160" w:type="dxa"/><w:left w:w="200" w:type="dxa"/>'
                     '<w:bottom w:w="80" w:type="dxa"/><w:right w:w="200" w:type="dxa"/>'
                     "</w:tblCellMar></w:tblPr>"
                     '<w:tcPr><w:shd w:val="clear" w:color="auto" '
                     f'w:fill="{c["panel"]}"/></w:tcPr>')),
    ]
    return defs


def doc_defaults(fonts: dict[str, str], m: Measures, language: str) -> str:
    """The w:docDefaults element: body font and size, language, paragraph spacing."""
    run = rpr(font=fonts["body"], size=m.body, lang=language, wrap=False)
    para = ppr(after=m.paragraph, line=m.body * m.line, wrap=False)
    return (f"<w:docDefaults><w:rPrDefault><w:rPr>{run}</w:rPr></w:rPrDefault>"
            f"<w:pPrDefault><w:pPr>{para}</w:pPr></w:pPrDefault></w:docDefaults>")


class StyleSheet:
    """styles.xml: installs style definitions and maps style names to the ids in the document."""

    def __init__(self, element, *, own: bool):
        self.element = element
        self.own = own  # true: python-docx's default template, restyled from the theme
        self.ids: dict[tuple[str, str], str] = {}
        self.by_id: dict[str, object] = {}
        for style in element.iterchildren(_W + "style"):
            self._index(style)

    def _index(self, style) -> None:
        style_id = style.get(_W + "styleId")
        name_el = style.find(_W + "name")
        name = name_el.get(_W + "val") if name_el is not None else style_id
        kind = style.get(_W + "type") or "paragraph"
        self.by_id[style_id] = style
        self.ids.setdefault((kind, name.lower()), style_id)

    def id(self, name: str, kind: str = "paragraph") -> str:
        return self.ids.get((kind, name.lower()), "")

    def install(self, defs: list[StyleDef], numbering: "Numbering", defaults: str,
                language: str) -> None:
        """Own template: replace every style and docDefaults. Reference: add what is missing."""
        if self.own:
            latent = self.element.find(_W + "latentStyles")
            for child in list(self.element):
                if child is not latent:
                    self.element.remove(child)
            self.ids.clear()
            self.by_id.clear()
            self.element.insert(0, _parse_one(defaults))
        else:
            self._set_language(language)
        pending = []
        for d in defs:
            if self.id(d.name, d.kind):
                continue
            style_id = d.style_id
            n = 2
            while style_id in self.by_id:
                style_id, n = f"{d.style_id}{n}", n + 1
            self.ids[(d.kind, d.name.lower())] = style_id
            self.by_id[style_id] = None  # reserved; filled in once parsed
            pending.append(self._style_xml(d, style_id, numbering))
        for style in parse_many(pending):
            self.element.append(style)
            self._index(style)

    def _style_xml(self, d: StyleDef, style_id: str, numbering: "Numbering") -> str:
        out = [f'<w:style w:type="{d.kind}"' + (' w:default="1"' if d.default else "")
               + f' w:styleId="{style_id}"><w:name w:val="{d.name}"/>']
        if d.based_on:
            kind = "table" if d.kind == "table" else d.kind
            based = self.id(d.based_on, kind)
            if based:
                out.append(f'<w:basedOn w:val="{based}"/>')
        if d.next:
            nxt = self.id(d.next) or (style_id if d.next == d.name else "")
            if nxt:
                out.append(f'<w:next w:val="{nxt}"/>')
        if d.priority is not None:
            out.append(f'<w:uiPriority w:val="{d.priority}"/>')
        if d.hidden_until_used:
            out.append("<w:semiHidden/><w:unhideWhenUsed/>")
        if d.quick:
            out.append("<w:qFormat/>")
        para = d.ppr
        if d.numbered:
            num = numbering.bullet_id if d.numbered == "bullet" else numbering.number_id
            numpr = f'<w:numPr><w:ilvl w:val="{d.level}"/><w:numId w:val="{num}"/></w:numPr>'
            para = _insert_numpr(para, numpr)
        if para:
            out.append(f"<w:pPr>{para}</w:pPr>")
        if d.rpr:
            out.append(f"<w:rPr>{d.rpr}</w:rPr>")
        out.append(d.table)
        out.append("</w:style>")
        return "".join(out)

    def _set_language(self, language: str) -> None:
        defaults = self.element.find(_W + "docDefaults")
        if defaults is None:
            defaults = _parse_one("<w:docDefaults/>")
            self.element.insert(0, defaults)
        rpr_default = defaults.find(_W + "rPrDefault")
        if rpr_default is None:
            rpr_default = _parse_one("<w:rPrDefault/>")
            defaults.insert(0, rpr_default)
        run = rpr_default.find(_W + "rPr")
        if run is None:
            run = _parse_one("<w:rPr/>")
            rpr_default.append(run)
        lang = run.find(_W + "lang")
        if lang is None:
            lang = _parse_one("<w:lang/>")
            # w:lang comes after everything but eastAsianLayout, specVanish and oMath
            later = [run.find(_W + t) for t in ("eastAsianLayout", "specVanish", "oMath")]
            later = [e for e in later if e is not None]
            if later:
                later[0].addprevious(lang)
            else:
                run.append(lang)
        lang.set(_W + "val", language)

    def tab_positions(self, style_id: str) -> list[int]:
        """Positions (twips) of the tab stops a paragraph style sets, its base styles' included."""
        positions: list[int] = []
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            for tab in style.iterfind(f"{_W}pPr/{_W}tabs/{_W}tab"):
                try:
                    positions.append(int(tab.get(_W + "pos")))
                except (TypeError, ValueError):
                    pass
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else ""
        return positions

    def numbering_of(self, style_id: str, numbering: "Numbering") -> int:
        """The numId a paragraph style (or a style it is based on) carries, or 0."""
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                return 0
            num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            if num is not None:
                return int(num.get(_W + "val", "0"))
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else ""
        return 0


def _insert_numpr(para: str, numpr: str) -> str:
    """Put w:numPr at its schema position in pPr children (after keep*/widowControl)."""
    for tag in ("<w:pBdr", "<w:shd", "<w:tabs", "<w:spacing", "<w:ind", "<w:contextualSpacing",
                "<w:jc", "<w:outlineLvl", "<w:rPr"):
        index = para.find(tag)
        if index >= 0:
            return para[:index] + numpr + para[index:]
    return para + numpr


def _parse_one(xml: str):
    """One WordprocessingML element from its XML text."""
    return parse_many([xml])[0]


def parse_many(fragments: list[str]) -> list:
    """WordprocessingML elements from their XML texts, parsed in one go.

    They are parsed inside a container that declares the namespaces, so once moved into a
    part they carry no namespace declarations of their own.
    """
    if not fragments:
        return []
    container = parse_xml(f"<w:container {NSDECLS}>{''.join(fragments)}</w:container>")
    return list(container)


class Numbering:
    """numbering.xml: a bullet and a decimal list definition, and a fresh instance per list."""

    def __init__(self, element, theme, fonts: dict[str, str], m: Measures, *, own: bool):
        self.element = element
        if own:
            for child in list(element):
                element.remove(child)
        abstract_ids = [int(a.get(_W + "abstractNumId")) for a in
                        element.iterchildren(_W + "abstractNum")]
        num_ids = [int(n.get(_W + "numId")) for n in element.iterchildren(_W + "num")]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        accent = hex_color(theme, "accent")
        bullets = ("\u2022", "\u2013", "\u25aa")
        bullet_levels = []
        number_levels = []
        formats = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
        for level in range(9):
            left = twips(m.indent * (level + 1))
            hang = twips(m.indent * 0.75)
            indent = f'<w:pPr><w:ind w:left="{left}" w:hanging="{hang}"/></w:pPr>'
            bullet_levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                f'<w:lvlText w:val="{bullets[level % 3]}"/><w:lvlJc w:val="left"/>{indent}'
                f'<w:rPr>{rpr(font=fonts["body"], color=accent, wrap=False)}</w:rPr></w:lvl>')
            fmt, text = formats[level % 3]
            number_levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text.format(n=level + 1)}"/><w:lvlJc w:val="left"/>{indent}'
                f'<w:rPr>{rpr(color=accent, wrap=False)}</w:rPr></w:lvl>')
        self.bullet_abstract = self._add_abstract("Brief Bullets", bullet_levels)
        self.number_abstract = self._add_abstract("Brief Numbers", number_levels)
        self.bullet_id = self._add_num(self.bullet_abstract)
        self.number_id = self._add_num(self.number_abstract)
        self._abstract_of: dict[int, int] = {}

    def _add_abstract(self, name: str, levels: list[str]) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        xml = (f'<w:abstractNum w:abstractNumId="{abstract_id}">'
               f'<w:nsid w:val="{0x2B1E0000 + abstract_id:08X}"/>'
               f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{name}"/>'
               + "".join(levels) + "</w:abstractNum>")
        element = _parse_one(xml)
        existing = list(self.element.iterchildren(_W + "abstractNum"))
        if existing:
            existing[-1].addnext(element)
        else:
            self.element.insert(0, element)
        return abstract_id

    def _add_num(self, abstract_id: int, start: int | None = None, level: int = 0) -> int:
        num_id = self._next_num
        self._next_num += 1
        override = ""
        if start is not None:
            override = (f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
                        "</w:lvlOverride>")
        element = _parse_one(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                             f"{override}</w:num>")
        cleanup = self.element.find(_W + "numIdMacAtCleanup")
        if cleanup is not None:
            cleanup.addprevious(element)
        else:
            self.element.append(element)
        return num_id

    def abstract_of(self, num_id: int) -> int | None:
        if num_id in self._abstract_of:
            return self._abstract_of[num_id]
        for num in self.element.iterchildren(_W + "num"):
            if int(num.get(_W + "numId")) == num_id:
                abstract = num.find(_W + "abstractNumId")
                value = int(abstract.get(_W + "val")) if abstract is not None else None
                self._abstract_of[num_id] = value
                return value
        return None

    def restart(self, style_num_id: int, start: int, level: int) -> int:
        """A new numbering instance that starts at `start`, sharing `style_num_id`'s look."""
        abstract = self.abstract_of(style_num_id) if style_num_id else None
        if abstract is None:
            abstract = self.number_abstract
        return self._add_num(abstract, start, level)
