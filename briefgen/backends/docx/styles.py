"""The resolved style as Word styles: one style per role, in Word's own names where Word has one
(heading 1, Title, Quote, toc 1, caption, List Bullet…) so that the document is native to edit.

Every size, colour and space comes from `briefgen.style.Style`; this module only converts units
and maps roles to Word's style names.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...style.model import BoxStyle, Style, TextStyle
from .stylesheet import StyleDef
from .xml import border, ppr, rpr, tab_stop, twips, word_color

JUSTIFY = {"center": "center", "right": "right", "justify": "both"}

# Word style name, its id, the role it shows, and what Word needs to know of it.
PARAGRAPH_STYLES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("Lead", "Lead", "lead", dict(priority=20, quick=True, next="Normal")),
    ("Question", "Question", "question", dict(priority=21, quick=True, keep_next=True)),
    ("List Title", "ListTitle", "list-title", dict(priority=22, next="List Bullet",
                                                   keep_next=True)),
    ("Box Title", "BoxTitle", "box.title", dict(priority=22, keep_next=True)),
    ("caption", "Caption", "caption", dict(priority=35, quick=True, hidden=True)),
    ("Exhibit Title", "ExhibitTitle", "exhibit.title", dict(priority=35, keep_next=True)),
    ("Exhibit Source", "ExhibitSource", "exhibit.source", dict(priority=35)),
    ("footnote text", "FootnoteText", "note", dict(priority=99)),
    ("Table Text", "TableText", "table.cell", dict(priority=23)),
    ("Table Heading", "TableHeading", "table.header", dict(priority=23, keep_next=True)),
    # not kept with the next: in a table cell, Word and LibreOffice would chain every row to
    # the next and move the whole register to a page of its own (a row never splits anyway)
    ("Risk Title", "RiskTitle", "risk-title", dict(priority=23)),
    ("Level", "Level", "level", dict(priority=23)),
    ("Key Facts Title", "KeyFactsTitle", "key-facts.title", dict(priority=24, keep_next=True)),
    ("Key Fact Label", "KeyFactLabel", "key-facts.label", dict(priority=24)),
    ("Key Fact Value", "KeyFactValue", "key-facts.value", dict(priority=24)),
    ("Column Title", "ColumnTitle", "column.title", dict(priority=24, keep_next=True)),
    ("Matrix Label", "MatrixLabel", "matrix.label", dict(priority=24)),
    ("Matrix Axis", "MatrixAxis", "matrix.axis", dict(priority=24)),
    ("Matrix Marker", "MatrixMarker", "matrix.marker", dict(priority=24)),
    ("Quote Attribution", "QuoteAttribution", "attribution", dict(priority=30, quick=True,
                                                                  keep_lines=True)),
    ("Title", "Title", "cover.title", dict(priority=10, quick=True, keep_next=True)),
    ("Subtitle", "Subtitle", "cover.subtitle", dict(priority=11, quick=True, keep_next=True)),
    ("Cover Label", "CoverLabel", "cover.label", dict(priority=26, keep_next=True)),
    ("Cover Kicker", "CoverKicker", "cover.kicker", dict(priority=26, keep_next=True)),
    ("Cover Date", "CoverDate", "cover.date", dict(priority=26)),
    ("Cover Byline", "CoverByline", "cover.byline", dict(priority=26)),
    ("Cover Credits", "CoverCredits", "cover.credits", dict(priority=26)),
    ("TOC Heading", "TOCHeading", "toc.title", dict(priority=39, quick=True, hidden=True,
                                                    keep_next=True)),
]
CHARACTER_STYLES = [
    ("Hyperlink", "Hyperlink", "link", dict(underline="single")),
    ("Citation", "Citation", "citation", dict(vert="superscript")),
    ("footnote reference", "FootnoteReference", "citation", dict(vert="superscript")),
    ("Code", "Code", "code", {}),
    ("Heading Number", "HeadingNumber", "heading.number", {}),
]
# The roles each paragraph style shows, for the translator to look up by role.
STYLE_OF_ROLE = {role: name for name, _, role, _ in PARAGRAPH_STYLES} | {
    "body": "Normal", "heading.1": "heading 1", "heading.2": "heading 2",
    "heading.3": "heading 3", "pull-quote": "Intense Quote", "quote": "Quote",
    "reference": "Source", "legend": "Legend", "toc.1": "toc 1", "toc.2": "toc 2"}


class WordStyles:
    """Makes the StyleDefs of one `Style` (font names as Word shows them)."""

    def __init__(self, style: Style, text_width: float, *, scripts: dict[str, str] | None = None,
                 right_to_left: bool = False):
        self.style = style
        self.text_width = text_width  # points
        self.font_names = {"body": style.fonts.body.name, "heading": style.fonts.heading.name,
                           "mono": style.fonts.mono.name}
        # the fonts of Word's complex-script and East Asian slots, where the brief needs them
        self.script_fonts = dict(cs=(scripts or {}).get("complex", ""),
                                 east_asia=(scripts or {}).get("east_asian", ""))
        self.right_to_left = right_to_left
        # Arabic faces are tall (Noto Sans Arabic's line is 1.6 em): "at least" the leading
        # would be their own line height, and the Word file half as long again as the PDF
        self.exact_lines = right_to_left and bool(self.script_fonts["cs"])

    def run(self, text: TextStyle, **extra: Any) -> dict[str, Any]:
        """The rpr() arguments of a text style."""
        return dict(font=self.font_names[text.font], bold=text.bold, italic=text.italic,
                    caps=text.caps, color=word_color(text.color), size=text.size,
                    spacing=text.tracking, **self.script_fonts, **extra)

    def para(self, text: TextStyle, **extra: Any) -> dict[str, Any]:
        """The ppr() arguments of a text style (space, line height, alignment)."""
        values: dict[str, Any] = dict(before=text.space_before, after=text.space_after,
                                      line=text.leading, jc=JUSTIFY.get(text.align, ""))
        if self.exact_lines:
            values["line_rule"] = "exact"
        values.update(extra)
        return values

    def paragraph(self, name: str, style_id: str, role: str, *, priority: int = 99,
                  quick: bool = False, hidden: bool = False, next: str = "Normal",
                  keep_next: bool = False, keep_lines: bool = False,
                  **para: Any) -> StyleDef:
        text = self.style.role(role)
        return StyleDef(name, style_id, based_on="Normal", next=next, priority=priority,
                        quick=quick, hidden_until_used=hidden,
                        para=self.para(text, keep_next=keep_next, keep_lines=keep_lines, **para),
                        run=self.run(text))

    def definitions(self) -> list[StyleDef]:
        """Every style the DOCX backend uses."""
        defs = self._defaults()
        defs += self._headings()
        defs += [self.paragraph(name, style_id, role, **options)
                 for name, style_id, role, options in PARAGRAPH_STYLES]
        defs += self._contents_and_running()
        defs += self._quotes_and_lists()
        defs += [StyleDef(name, style_id, "character", based_on="Default Paragraph Font",
                          priority=99, run=self._character(role, extra))
                 for name, style_id, role, extra in CHARACTER_STYLES]
        defs += self._tables()
        return defs

    def _character(self, role: str, extra: dict[str, Any]) -> dict[str, Any]:
        text = self.style.role(role)
        body = self.style.role("body")
        run: dict[str, Any] = dict(color=word_color(text.color), **extra)
        if text.font != body.font:
            run["font"] = self.font_names[text.font]
            run.update(self.script_fonts)
        if text.size != body.size:
            run["size"] = text.size
        if text.bold:
            run["bold"] = True
        return run

    def _defaults(self) -> list[StyleDef]:
        body = self.style.role("body")
        return [
            StyleDef("Normal", "Normal", default=True, quick=True,
                     para=dict(widow=True, before=body.space_before, after=body.space_after,
                               line=body.leading,
                               **({"line_rule": "exact"} if self.exact_lines else {})),
                     run=self.run(body)),
            StyleDef("Default Paragraph Font", "DefaultParagraphFont", "character",
                     default=True, priority=1, hidden_until_used=True),
            StyleDef("Normal Table", "TableNormal", "table", default=True, priority=99,
                     hidden_until_used=True,
                     table='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                           '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                           '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                           '</w:tblCellMar></w:tblPr>'),
            StyleDef("No List", "NoList", "numbering", default=True, priority=99,
                     hidden_until_used=True),
        ]

    def _headings(self) -> list[StyleDef]:
        rule = self.style.heading_rule
        defs = []
        for level in range(1, 10):
            text = self.style.role(f"heading.{min(level, 3)}")
            if level >= 5:
                text = replace(text, italic=True)
            borders = (border("bottom", word_color(rule.color), rule.thin, rule.gap)
                       if level == 1 else "")
            defs.append(StyleDef(
                f"heading {level}", f"Heading{level}", based_on="Normal", next="Normal",
                priority=9, quick=level <= 3, hidden_until_used=level > 1,
                para=self.para(text, keep_next=True, keep_lines=True, borders=borders,
                               outline=level - 1),
                run=self.run(text)))
        return defs

    def _contents_and_running(self) -> list[StyleDef]:
        tw = twips(self.text_width)
        indent = self.style.lists.indent
        leader = tab_stop("right", tw, "dot")
        running = self.style.role("running")
        tabs = tab_stop("center", tw // 2) + tab_stop("right", tw)
        rule = word_color(self.style.running_rule) if self.style.running_rule else ""
        width = self.style.running_rule_width
        return [
            self.paragraph("toc 1", "TOC1", "toc.1", priority=39, hidden=True, tabs=leader),
            self.paragraph("toc 2", "TOC2", "toc.2", priority=39, hidden=True, tabs=leader,
                           left=indent),
            self.paragraph("toc 3", "TOC3", "toc.2", priority=39, hidden=True, tabs=leader,
                           left=indent * 2),
            StyleDef("header", "Header", based_on="Normal", priority=99, hidden_until_used=True,
                     para=self.para(running, tabs=tabs, borders=border(
                         "bottom", rule, width, 4) if rule else ""), run=self.run(running)),
            StyleDef("footer", "Footer", based_on="Normal", priority=99, hidden_until_used=True,
                     para=self.para(running, tabs=tabs, borders=border(
                         "top", rule, width, 4) if rule else ""), run=self.run(running)),
        ]

    def _quotes_and_lists(self) -> list[StyleDef]:
        defs = [self._quote("Intense Quote", "IntenseQuote", "pull-quote", 30),
                self._quote("Quote", "Quote", "quote", 29)]
        reference, legend = self.style.role("reference"), self.style.role("legend")
        hang = self.style.lists.indent
        defs += [
            StyleDef("Source", "Source", based_on="Normal", priority=25,
                     para=self.para(reference, left=hang, hanging=hang,
                                    tabs=tab_stop("left", twips(hang))), run=self.run(reference)),
            StyleDef("Legend", "Legend", based_on="Normal", priority=24,
                     para=self.para(legend, left=hang * 1.4, hanging=hang * 1.4,
                                    tabs=tab_stop("left", twips(hang * 1.4))),
                     run=self.run(legend)),
        ]
        item = dict(after=self.style.lists.item_space)
        for level in range(1, 4):
            suffix, id_suffix = ("", "") if level == 1 else (f" {level}", str(level))
            for kind, numbered in (("Bullet", "bullet"), ("Number", "number")):
                defs.append(StyleDef(f"List {kind}{suffix}", f"List{kind}{id_suffix}",
                                     based_on="Normal", priority=99, hidden_until_used=True,
                                     quick=level == 1, numbered=numbered, level=level - 1,
                                     para=item))
            defs.append(StyleDef(f"List Continue{suffix}", f"ListContinue{id_suffix}",
                                 based_on="Normal", priority=99, hidden_until_used=True,
                                 para=dict(item, left=self.style.lists.indent * level)))
        return defs

    def _quote(self, name: str, style_id: str, role: str, priority: int) -> StyleDef:
        text, box = self.style.role(role), self.style.box(role)
        bar = (border("left", word_color(box.bar), box.bar_width, box.padding_x)
               if box.bar else "")
        indent = box.bar_width + box.padding_x
        return StyleDef(name, style_id, based_on="Normal", next="Normal", priority=priority,
                        quick=True, run=self.run(text),
                        para=self.para(text, keep_next=True, keep_lines=True, borders=bar,
                                       before=box.space_before, left=indent, right=indent))

    def _tables(self) -> list[StyleDef]:
        table, panel = self.style.box("table"), self.style.box("callout")
        header = self.style.role("table.header")
        return [
            StyleDef("Brief Table", "BriefTable", "table", based_on="Normal Table", priority=40,
                     quick=True, para=dict(before=0, after=0),
                     table=_table_style(table, rpr(**self.run(header), wrap=False))),
            StyleDef("Panel Table", "PanelTable", "table", based_on="Normal Table", priority=41,
                     para=dict(before=0), table=_panel_style(panel)),
        ]

    def doc_defaults(self, language: str) -> str:
        """The w:docDefaults element: body font and size, language, paragraph spacing."""
        body = self.style.role("body")
        run = rpr(font=self.font_names["body"], size=body.size, lang=language, wrap=False,
                  bidi_lang=language if self.right_to_left else "",
                  cs=self.script_fonts["cs"], east_asia=self.script_fonts["east_asia"])
        # a right-to-left brief: every paragraph runs from the right (w:bidi precedes spacing)
        para = ("<w:bidi/>" if self.right_to_left else "") + ppr(
            after=body.space_after, line=body.leading, wrap=False,
            line_rule="exact" if self.exact_lines else "atLeast")
        return (f"<w:docDefaults><w:rPrDefault><w:rPr>{run}</w:rPr></w:rPrDefault>"
                f"<w:pPrDefault><w:pPr>{para}</w:pPr></w:pPrDefault></w:docDefaults>")


def _margins(top: float, left: float, bottom: float, right: float) -> str:
    return (f'<w:tblCellMar><w:top w:w="{twips(top)}" w:type="dxa"/>'
            f'<w:left w:w="{twips(left)}" w:type="dxa"/>'
            f'<w:bottom w:w="{twips(bottom)}" w:type="dxa"/>'
            f'<w:right w:w="{twips(right)}" w:type="dxa"/></w:tblCellMar>')


def _table_style(box: BoxStyle, header_run: str) -> str:
    rule = word_color(box.rule)
    return ("<w:tblPr>"
            '<w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/>'
            "<w:tblBorders>" + border("top", word_color(box.header), 1)
            + border("bottom", rule, box.rule_width * 1.5) + border("insideH", rule, box.rule_width)
            + "</w:tblBorders>"
            + _margins(box.padding_y, box.padding_x, box.padding_y, box.padding_x) + "</w:tblPr>"
            '<w:tblStylePr w:type="firstRow">'
            f"<w:rPr>{header_run}</w:rPr>"
            "<w:trPr><w:tblHeader/></w:trPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{word_color(box.header)}"/>'
            "</w:tcPr></w:tblStylePr>")


def _panel_style(box: BoxStyle) -> str:
    fill = word_color(box.background) if box.background else "auto"
    return ("<w:tblPr><w:tblBorders>" + border("top", fill, 0.5) + border("bottom", fill, 0.5)
            + "</w:tblBorders>"
            + _margins(box.padding_y, box.padding_x, box.padding_y * 0.5, box.padding_x)
            + f'</w:tblPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>')
