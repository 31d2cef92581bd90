"""The table of contents: a TOC field whose result is already filled in (entries link to the
headings' bookmarks and show estimated page numbers), so readers see it without updating."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...document.nodes import TableOfContents
from .xml import ppr, text_runs

if TYPE_CHECKING:
    from .translator import DocxTranslator

HIDDEN = "<w:rPr><w:webHidden/></w:rPr>"
BEGIN = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
         '<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
WHOLE_CONTENTS = 40  # entries: a contents this long fits on a page and is not cut


def table_of_contents(t: DocxTranslator, block: TableOfContents) -> str:
    out = [t.paragraph_xml(t.sid("TOC Heading"), text_runs(block.title))]
    if block.role == "figures":  # Word's Table of Figures: one field per caption label
        for identifier, prefix in (("Figure", "fig-"), ("Table", "tab-")):
            entries = [e for e in block.entries if e.anchor.startswith(prefix)]
            if entries:
                out.append(_field(t, entries, f'TOC \\h \\z \\c "{identifier}"', level=2))
        return "".join(out) + t.spacer(t.style.role("toc.title").space_after)
    levels = max([e.level for e in block.entries] + [1])
    instruction = f'TOC \\o "1-{min(levels, 9)}" \\h \\z \\u'
    if not block.entries:
        return "".join(out) + f"<w:p>{BEGIN.format(instruction=instruction)}{END}</w:p>" + \
            t.spacer(t.style.role("toc.title").space_after)
    return "".join(out) + _field(t, list(block.entries), instruction) + \
        t.spacer(t.style.role("toc.title").space_after)


def _field(t: DocxTranslator, entries: list, instruction: str, level: int = 0) -> str:
    """A TOC field whose result is `entries`, each linked to its bookmark with its page, in
    the contents style of its level (of `level`, if given)."""
    out = []
    begin = BEGIN.format(instruction=instruction)
    number_style = t.inline.props(style=t.sid("Heading Number", "character"))
    for index, entry in enumerate(entries):
        name = t.bookmark(entry.anchor)
        page = str(t.page_of.get(entry.anchor, ""))
        title = (text_runs(entry.number + " ", number_style) if entry.number else "")
        title += t.inline.runs(entry.content)
        link = (f'<w:hyperlink w:anchor="{name}" w:history="1">{title}'
                f"<w:r>{HIDDEN}<w:tab/></w:r>"
                f'<w:r>{HIDDEN}<w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r>{HIDDEN}<w:instrText xml:space="preserve"> PAGEREF {name} \\h '
                "</w:instrText></w:r>"
                f'<w:r>{HIDDEN}<w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r>{HIDDEN}<w:t>{page}</w:t></w:r>"
                f'<w:r>{HIDDEN}<w:fldChar w:fldCharType="end"/></w:r>'
                "</w:hyperlink>")
        style = t.sid(f"toc {level or min(entry.level, 9)}") or t.sid("toc 1")
        runs = (begin if index == 0 else "") + link + (END if index == len(entries) - 1 else "")
        # a contents that fits on a page is kept whole, as in the PDF
        keep = len(entries) <= WHOLE_CONTENTS and index < len(entries) - 1
        out.append(f"<w:p>{ppr(style=style, keep_next=keep)}{runs}</w:p>")
    return "".join(out)
