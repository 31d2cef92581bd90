"""One PDF: page templates, the document's properties, the story of flowables, one layout pass.

Page totals and contents page numbers are written late, as form XObjects (see `late`), so the
document is laid out exactly once.
"""

from __future__ import annotations

import io
import re
from functools import partial
from typing import Any

from .settings import configure_reportlab  # isort: skip (before anything else of ReportLab)

configure_reportlab()

from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate
from reportlab.platypus import PageBreak as RLPageBreak

from ... import __version__
from ...document.nodes import Code, Document, Heading, Text, TitleBlock, walk_inlines
from ...output.timestamps import document_timestamp
from ...style.model import Style
from .cover import cover_block
from .fonts import PdfFonts, own_fallback
from .late import BriefCanvas, Marks
from .links import Destinations
from .markup import clean
from .running import PageFurniture
from .notes import LeftoverNotes, NoteFrame, PageNotes, note_paragraph
from .styles import PdfStyles
from .translator import PdfTranslator, Room

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def write_pdf(document: Document, style: Style) -> bytes:
    """The PDF file of `document`, drawn in `style`."""
    token = own_fallback.set(style.fonts.fallback)
    try:
        return _write_pdf(document, style)
    finally:
        own_fallback.reset(token)


def _write_pdf(document: Document, style: Style) -> bytes:
    # first: a bad SOURCE_DATE_EPOCH stops the render before any work is done
    when = document_timestamp(document.meta.date)
    epoch = None if when is None else int(when.timestamp())
    needs_mono = (any(text.font == "mono" and name != "code" for name, text in style.text.items())
                  or any(isinstance(node, Code) for node in walk_inlines(document.blocks)))
    styles = PdfStyles(style, PdfFonts(style, needs_mono=needs_mono),
                       right_to_left=document.meta.right_to_left)
    marks = Marks()
    translator = PdfTranslator(document, styles, marks, Destinations(document))
    story, first = _story(document, translator, styles)
    at_end = style.notes_at == "end"
    notes = PageNotes(partial(note_paragraph, translator),
                      styles.color(styles.style.color("rule")), at_end=at_end)
    if document.notes:
        if at_end:  # a section of their own, in the contents' outline as well
            story.extend(translator.visit(Heading(1, (Text(document.notes_title),), "notes"),
                                          Room(styles.page.frame_width)))
        story.append(LeftoverNotes(notes))
    buffer = io.BytesIO()
    doc = _doc_template(buffer, document, styles, PageFurniture(styles, document, marks), first,
                        notes)
    doc.build(story, canvasmaker=partial(BriefCanvas, epoch=epoch, marks=marks))
    return buffer.getvalue()


def _story(document: Document, translator: PdfTranslator,
           styles: PdfStyles) -> tuple[list[Any], str]:
    """The flowables of the whole document, and the page template of its first page."""
    blocks = list(document.blocks)
    story: list[Any] = []
    first = "body"
    block = blocks[0] if blocks else None
    if isinstance(block, TitleBlock):
        blocks.pop(0)
        first = "cover" if block.own_page else "first"
        story.append(cover_block(block, styles, translator._cover_markup))
        story.append(NextPageTemplate("body"))
        if block.own_page:
            story.append(RLPageBreak())
    story.extend(translator.flow(blocks, Room(styles.page.frame_width)))
    return story, first


def _doc_template(buffer: io.BytesIO, document: Document, styles: PdfStyles,
                  furniture: PageFurniture, first: str, notes: PageNotes) -> BaseDocTemplate:
    page, meta = styles.page, document.meta

    def frame(name: str) -> Frame:
        return NoteFrame(page.left, page.bottom, page.frame_width, page.frame_height,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name,
                         notes=notes)

    def end(furnish: Any) -> Any:
        def page_end(canv: Any, doc: Any) -> None:
            notes.draw(canv)  # the page's footnotes, then its furniture
            furnish(canv, doc)
        return page_end

    templates = {
        # furniture is drawn at the end of each page, so text extraction reads it last
        "cover": PageTemplate("cover", [frame("cover")], onPageEnd=end(furniture.cover_page)),
        "first": PageTemplate("first", [frame("first")], onPageEnd=end(furniture.first_page)),
        "body": PageTemplate("body", [frame("body")], onPageEnd=end(furniture.body_page)),
    }
    order = [first] + [n for n in ("cover", "first", "body") if n != first]
    body = styles.style.role("body")
    return BaseDocTemplate(
        buffer, pagesize=(page.width, page.height), pageTemplates=[templates[n] for n in order],
        leftMargin=page.left, rightMargin=page.right, topMargin=page.top,
        bottomMargin=page.bottom, title=_meta_text(meta.title),
        author=_meta_text(meta.author), subject=_meta_text(meta.subject),
        keywords=[_meta_text(k) for k in meta.keywords],
        creator=f"briefgen {__version__}", producer=f"briefgen {__version__}",
        invariant=1, pageCompression=1, displayDocTitle=1,
        lang=meta.language if LANGUAGE_TAG.match(meta.language or "") else None,
        initialFontName=styles.fonts.body.regular, initialFontSize=body.size,
        initialLeading=body.leading)


def _meta_text(text: str) -> str:
    return " ".join(clean(text or "").split())
