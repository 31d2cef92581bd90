"""The title block in Word: on a cover page of its own (its own section, without header or
footer, the band reaching the page edges) or heading page 1.

`band`: a coloured block holding the title; `rule`: an accent rule above the title; `plain`:
neither. Texts and looks come from the `TitleBlock` node and the cover roles of the style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...document.nodes import TitleBlock
from ...output.fonts import text_width
from ...output.scripts import has_right_to_left
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
    sect = section_xml(t.geometry, t.body_section, "", after_cover=False, cover=True,
                       full_bleed=full_bleed) if block.own_page else ""
    if full_bleed:  # as in the PDF: date and byline at the foot of the page, under a short bar
        out += _at_the_foot(t, block, below, place)
        below = [("", "", {"before": 0, "after": 0})]
    if sect:  # the cover's section ends with its last paragraph
        below[-1][2]["sect"] = sect
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
        # off the band, the classification runs across the page's width, as the PDF's banner
        edge = {} if cover.kind == "band" else dict(
            jc="center", left=-t.geometry.left / 20, right=-t.geometry.right / 20,
            after=t.style.role("heading.1").space_before)
        top.append(t.paragraph_xml(t.sid("Cover Label"), text_runs(block.classification),
                                   shading=accent, **edge))
    if block.kicker:
        top.append(t.paragraph_xml(t.sid("Cover Kicker"), text_runs(block.kicker)))
    title_border = border("top", accent, cover.bar_weight, 14) if cover.kind == "rule" else ""
    # a compact title block sets its title and subtitle smaller, as the style says
    title_size = None if block.own_page else cover.compact_title
    subtitle_size = None if block.own_page else cover.compact_subtitle
    title = text_runs(block.title, _sized(title_size, block.title))
    top.append(t.paragraph_xml(t.sid("Title"), title,
                               borders=title_border, after=t.style.role("body").space_after))
    if cover.kind != "rule":  # a short accent bar under the title
        width = place.width / 20 - (2 * t.style.role("heading.1").space_before
                                    if cover.kind == "band" else 0)
        top.append(_bar(t, width, after=t.style.role("body").space_after * 1.5))
    if block.subtitle:
        subtitle = text_runs(block.subtitle, _sized(subtitle_size, block.subtitle))
        top.append(t.paragraph_xml(t.sid("Subtitle"), subtitle,
                                   after=0 if cover.kind == "band" else None))
    return top


def _bar(t: DocxTranslator, width: float, *, after: float, before: float = 0) -> str:
    """The cover's short accent bar: a paragraph `width` points wide whose top border is the
    bar, cut to its length by a right indent."""
    cover = t.style.cover
    bar = ppr(keep_next=True, borders=border("top", word_color(cover.rule), cover.bar_weight, 0),
              before=before, after=after, line=cover.bar_weight, line_rule="exact",
              right=max(0.0, width - cover.bar_length), run='<w:sz w:val="4"/>')
    return f"<w:p>{bar}</w:p>"


def _at_the_foot(t: DocxTranslator, block: TitleBlock,
                 lines: list[tuple[str, str, dict[str, Any]]], place: Place) -> list[str]:
    """The cover's date, byline and logo at the foot of the page under a short bar, as in the
    PDF, where the band keeps its set height. A title long enough that the band might grow
    (its estimate, with a third to spare, passes the band) keeps them just under the band: a
    misjudged space above them would push the cover onto a second page."""
    g, style = t.geometry, t.style
    gap, body = style.role("body").space_after, style.role("body").leading
    width, section = place.width / 20, style.role("heading.1").space_before
    band = g.height / 20 * style.cover.band
    texts = [(block.kicker, "cover.kicker"), (block.title, "cover.title"),
             (block.subtitle, "cover.subtitle")]
    content = g.top / 20 + section * 1.8 + style.cover.bar_weight + gap * 2.5 + sum(
        t.estimate.text_height(len(text), style.role(role), width) + style.role(role).space_after
        for text, role in texts if text)
    foot = style.cover.bar_weight + gap + sum(
        t.estimate.text_height(len(text), style.role(role), width)
        for text, role in [(block.date, "cover.date"), *((name, "cover.byline")
                                                         for name in block.byline)] if text)
    if block.logo is not None:
        foot += style.cover.logo_width * block.logo.height / max(block.logo.width, 1)
    room = g.height / 20 - g.bottom / 20 - band - foot - 3 * body
    if content * 4 / 3 > band:
        room = section
    out = [_bar(t, width, after=gap, before=max(room, section))]
    for index, (line_style, runs, props) in enumerate(lines):
        out.append(t.paragraph_xml(line_style, runs, **({**props, "before": 0} if index == 0
                                                           else props)))
    return out


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
    fill = word_color(cover.background)
    if full_bleed:
        # the band, banner and all, reaches as far down the page as the PDF's
        height = int(g.height * cover.band) - (twips(cover.banner) if block.classification else 0)
        head = f'<w:top w:w="{g.top}" w:type="dxa"/>'
        if block.kicker and _one_line(t, block.kicker, place):
            # the publisher heads the band, as in the PDF, in a row of exact height (so that
            # the page's sum is known): the kicker is one line
            kicker = t.style.role("cover.kicker")
            kicker_top = int(g.top * 0.9)
            kicker_h = kicker_top + twips(kicker.leading * 1.5 + kicker.space_after)
            rows.append(row_xml([cell_xml(
                top[0], width, fill=fill, valign="top",
                margins=f'<w:top w:w="{kicker_top}" w:type="dxa"/>{left}{right}')],
                height=kicker_h, exact=True))
            height -= kicker_h
            head, top = "", top[1:]
        margins = f'{head}{left}<w:bottom w:w="{twips(section * 1.8)}" w:type="dxa"/>{right}'
    else:
        pad = twips(section)
        margins = "".join(f'<w:{side} w:w="{pad}" w:type="dxa"/>'
                          for side in ("top", "left", "bottom", "right"))
        height = 0
    rows.append(row_xml([cell_xml("".join(top), width, fill=fill, valign="bottom",
                                  margins=margins)], height=height))
    out = []
    if block.own_page and not full_bleed:
        out.append(t.paragraph_xml("", "", before=g.content_height * 0.18, after=0))
    # full bleed: the table reaches out of the margins to the page edges
    out.append(table_xml([width], rows, borders=NO_BORDERS, look_first_row=False,
                         indent=-g.left if full_bleed else 0))
    return out


def _one_line(t: DocxTranslator, kicker: str, place: Place) -> bool:
    """Whether the kicker fits one line of the band, by its face's own advance widths."""
    style = t.style.role("cover.kicker")
    face = t.style.family(style).face(style.bold, style.italic)
    return text_width(face, kicker, style.size) < place.width / 20 * 0.9


def _sized(size: float | None, text: str) -> str:
    """Run properties setting a size other than the style's, or none."""
    return rpr(size=size, rtl=has_right_to_left(text)) if size else ""
