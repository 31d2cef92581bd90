"""The title block in Word: on a cover page of its own (its own section, without header or
footer, the band reaching the page edges) or heading page 1.

`band`: a coloured block holding the title; `rule`: an accent rule above the title; `plain`:
neither. Texts and looks come from the `TitleBlock` node and the cover roles of the style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...document.nodes import TitleBlock
from .media import drawing
from .sections import section_xml
from .tables import NO_BORDERS, cell_xml, row_xml, table_xml
from .xml import border, ppr, rpr, text_runs, twips, word_color

if TYPE_CHECKING:
    from .translator import DocxTranslator, Place


def title_block(t: DocxTranslator, block: TitleBlock, place: Place) -> tuple[str, bool]:
    """The title block's XML, and whether it ends in a section break of its own."""
    cover = t.style.cover
    band = cover.kind == "band"
    full_bleed = block.own_page and band and not t.reference
    top = _top(t, block, place, banner_row=full_bleed)
    out: list[str] = []
    if band:
        out += _band(t, block, place, top, full_bleed)
    else:
        if block.own_page:
            out.append(t.paragraph_xml("", "", before=t.geometry.content_height * 0.22, after=0))
        out += top
    below = _below(t, block)
    if block.own_page:  # the cover's section ends with its last paragraph
        below[-1][2]["sect"] = section_xml(t.geometry, t.body_section, "", after_cover=False,
                                           cover=True, full_bleed=full_bleed)
    out += [t.paragraph_xml(style, runs, **props) for style, runs, props in below]
    if not block.own_page:  # keep some air between the title block and what follows
        out.append(t.spacer(t.style.role("heading.1").space_before))
    return "".join(out), block.own_page


def _top(t: DocxTranslator, block: TitleBlock, place: Place, *, banner_row: bool) -> list[str]:
    """What stands on the band (or at the head of a plain or ruled cover)."""
    cover = t.style.cover
    accent = word_color(cover.rule)
    top = []
    if block.classification and not banner_row:
        top.append(t.paragraph_xml(t.sid("Cover Label"), text_runs(block.classification),
                                   shading=accent))
    if block.kicker:
        top.append(t.paragraph_xml(t.sid("Cover Kicker"), text_runs(block.kicker)))
    title_border = border("top", accent, cover.bar_weight, 14) if cover.kind == "rule" else ""
    # a compact title block sets its title and subtitle smaller, as the style says
    title_size = None if block.own_page else cover.compact_title
    subtitle_size = None if block.own_page else cover.compact_subtitle
    top.append(t.paragraph_xml(t.sid("Title"), text_runs(block.title, _sized(title_size)),
                               borders=title_border, after=t.style.role("body").space_after))
    if cover.kind != "rule":  # a short accent bar under the title
        width = place.width / 20 - (2 * t.style.role("heading.1").space_before
                                    if cover.kind == "band" else 0)
        bar = ppr(keep_next=True, borders=border("top", accent, cover.bar_weight, 0), before=0,
                  after=t.style.role("body").space_after * 1.5, line=cover.bar_weight,
                  line_rule="exact", right=max(0.0, width - cover.bar_length),
                  run='<w:sz w:val="4"/>')
        top.append(f"<w:p>{bar}</w:p>")
    if block.subtitle:
        top.append(t.paragraph_xml(t.sid("Subtitle"), text_runs(block.subtitle,
                                                                _sized(subtitle_size)),
                                   after=0 if cover.kind == "band" else None))
    return top


def _below(t: DocxTranslator, block: TitleBlock) -> list[tuple[str, str, dict[str, Any]]]:
    """What stands under the band, as (style, runs, paragraph properties): date and byline (or
    the credits line), and the logo."""
    section = t.style.role("heading.1").space_before
    first_before: float | None = section * 1.2 if t.style.cover.kind == "band" else section
    lines = []
    if block.own_page:
        if block.date:
            lines.append((t.sid("Cover Date"), text_runs(block.date)))
        lines += [(t.sid("Cover Byline"), text_runs(name)) for name in block.byline]
    elif block.credits:
        lines.append((t.sid("Cover Credits"), t.inline.runs(block.credits)))
    else:  # a title block made for a page of its own, shown compact: its lines, one by one
        lines += [(t.sid("Cover Credits"), text_runs(line))
                  for line in (block.kicker, block.date, *block.byline) if line.strip()]
    below: list[tuple[str, str, dict[str, Any]]] = []
    for style, runs in lines:
        below.append((style, runs, {"before": first_before}))
        first_before = None
    if block.logo is not None:
        below.append(("", drawing(t, block.logo, t.style.cover.logo_width, block.logo_alt),
                      {"before": section * 1.5}))
    if not below:
        below.append(("", "", {}))
    return below


def _band(t: DocxTranslator, block: TitleBlock, place: Place, top: list[str],
          full_bleed: bool) -> list[str]:
    """The band: a one-column table filled with the band colour (the page's full width on a
    cover page of its own, with the classification as a banner row above it)."""
    g, cover = t.geometry, t.style.cover
    width = g.width if full_bleed else place.width
    left = f'<w:left w:w="{g.left}" w:type="dxa"/>'
    right = f'<w:right w:w="{g.right}" w:type="dxa"/>'
    rows = []
    if full_bleed and block.classification:
        label = t.paragraph_xml(t.sid("Cover Label"), text_runs(block.classification),
                                jc="center", after=0)
        rows.append(row_xml([cell_xml(label, width, fill=word_color(cover.rule), valign="center",
                                      margins=left + right)],
                            height=twips(cover.banner)))
    section = t.style.role("heading.1").space_before
    if full_bleed:
        margins = (f'<w:top w:w="{g.top}" w:type="dxa"/>{left}'
                   f'<w:bottom w:w="{twips(section * 1.8)}" w:type="dxa"/>{right}')
        height = int(g.height * cover.band)
    else:
        pad = twips(section)
        margins = "".join(f'<w:{side} w:w="{pad}" w:type="dxa"/>'
                          for side in ("top", "left", "bottom", "right"))
        height = 0
    rows.append(row_xml([cell_xml("".join(top), width, fill=word_color(cover.background),
                                  valign="bottom", margins=margins)], height=height))
    out = []
    if block.own_page and not full_bleed:
        out.append(t.paragraph_xml("", "", before=g.content_height * 0.18, after=0))
    # full bleed: the table reaches out of the margins to the page edges
    out.append(table_xml([width], rows, borders=NO_BORDERS, look_first_row=False,
                         indent=-g.left if full_bleed else 0))
    return out


def _sized(size: float | None) -> str:
    """Run properties setting a size other than the style's, or none."""
    return rpr(size=size) if size else ""
