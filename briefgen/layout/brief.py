"""The layout step: the one place that knows what a brief is. Spec model + template → Document.

The template decides which parts appear and in what order (`sections`) and the fixed words
(`labels`); this module expresses the brief's structure as neutral nodes, with every word a
reader sees. The spec's Markdown is already nodes: it is placed in the tree as it is, never
copied or changed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..document.nodes import (
    Block, Callout, Column, Columns, Document, Emphasis, Exhibit, Heading, Inline, KeyValue,
    KeyValueList, Link, ListBlock, Matrix, Metadata, PageBreak, Paragraph, Quote, References,
    Strong, Table, TableOfContents, Text, TitleBlock, TocEntry, plain_text, walk_blocks,
)
from ..spec.model import Brief, QuestionAnswer
from ..spec.model import Quote as SpecQuote
from .citations import citation_numbers, numbered_notes, references
from .cover import back_cover, memo_block, running_texts, title_block
from .exhibits import Exhibits
from .risks import risk_matrix, risk_table
from .words import ATTRIBUTION_DASH, Words, labels_of

TOC_LEVELS = 2
DEFAULT_FILL = 0.7  # a section starts a new page only once the page is 70% full
SHORT_BRIEF = 900  # words: about two pages of text in the built-in templates' column
EXHIBIT_WORDS = 150  # the room a chart, a table or the risk matrix takes, in words


def brief_length(blocks: list[Block]) -> int:
    """A brief's length in words of running text, exhibits counted as EXHIBIT_WORDS."""
    words = 0
    # what stands inside an exhibit or a table is counted with it, once
    inside = {id(inner) for block in walk_blocks(blocks) if isinstance(block, (Exhibit, Table))
              for inner in list(walk_blocks([block]))[1:]}
    for block in walk_blocks(blocks):
        if id(block) in inside:
            continue
        if isinstance(block, (Exhibit, Matrix)):
            words += EXHIBIT_WORDS
        elif isinstance(block, Table):
            words += EXHIBIT_WORDS // 3 + 15 * len(block.rows)
        elif isinstance(block, (Paragraph, Heading)):
            words += len(plain_text(block.content).split())
    return words


class BriefLayout:
    """Lays out one brief; `build()` returns the Document."""

    def __init__(self, brief: Brief, theme: Any):
        self.brief = brief
        self.theme = theme
        self.words = Words(labels_of(theme), brief.labels, brief.language)
        self.anchors: set[str] = set()
        self.blocks: list[Block] = []
        self.exhibits = Exhibits(self.words)
        self.boxes = 0  # the boxes numbered so far

    def build(self) -> Document:
        b = self.brief
        # a memorandum opens with its title and its TO / FROM lines, never a cover page
        own_page = self._setting("page.cover_page") != "false" and b.memo is None
        self.blocks.append(title_block(b, self.words, own_page=own_page))
        memo = memo_block(b, self.words)
        if memo is not None:
            self.blocks.append(memo)
        previous = ""
        new_pages = set(self.theme.get("page.new_page") or ())
        for name in self.theme.get("sections", []):
            start = len(self.blocks)
            getattr(self, f"section_{name}")(previous)
            if name in new_pages and len(self.blocks) > start and start > 1:
                self.blocks.insert(start, PageBreak(self.min_fill))
            previous = name
        self._fit_front_matter()
        if self.theme.flag("page.break_after_contents"):
            self._start_body_on_a_new_page()
        notes = numbered_notes(self.blocks, b.notes)
        # a citation in a note counts where the note stands: after the text that refers to it
        numbers = citation_numbers([*self.blocks, *(Paragraph(n.content) for n in notes)],
                                   b.sources)
        blocks = [self._finished(block, numbers) for block in self.blocks]
        header, footer = running_texts(b, self.theme, self.words)
        meta = Metadata(
            title=b.title, subtitle=b.subtitle, authors=tuple(str(a) for a in b.authors),
            organization=b.organization, date=b.date, language=b.language,
            keywords=tuple(b.keywords), classification=b.classification,
            template=getattr(self.theme, "name", "default"),
            identifier=f"https://doi.org/{b.doi}" if b.doi else b.url)
        style = self.theme.style() if hasattr(self.theme, "style") else None
        return Document(meta, tuple(blocks), header, footer, numbers, style=style,
                        labels=self.exhibits.labels, notes=notes,
                        notes_title=self.words("notes"))

    # --- helpers ------------------------------------------------------------------------------

    def anchor(self, text: str) -> str:
        """A unique, ASCII anchor for a heading."""
        base = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40] or "section"
        if base.startswith("source-"):  # that prefix names entries of the references list
            base = f"section-{base}"
        anchor, n = base, 2
        while anchor in self.anchors:
            anchor, n = f"{base}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor

    def heading(self, level: int, text: str, *, number: str = "", role: str = "") -> None:
        self.blocks.append(Heading(level, (Text(text),),
                                   self.anchor(f"{number} {text}" if number else text),
                                   number, True, role))

    def _setting(self, key: str) -> str:
        """A true/false/auto template setting, as one of those words (true when unset)."""
        return str(self.theme.get(key, "true")).strip().lower()

    def _fit_front_matter(self) -> None:
        """`auto` cover and contents: a short brief (about two pages of text, SHORT_BRIEF
        words, a chart, table or matrix counting as EXHIBIT_WORDS) opens with a compact title
        block above its text and lists no contents."""
        short = brief_length(self.blocks) <= SHORT_BRIEF
        cover = self.blocks[0]
        if short and self._setting("page.cover_page") == "auto" and isinstance(cover, TitleBlock):
            self.blocks[0] = title_block(self.brief, self.words, own_page=False)
        if (short and self._setting("page.contents") == "auto") or \
                self._setting("page.contents") == "false":
            self.blocks = [b for b in self.blocks if not isinstance(b, TableOfContents)]

    @property
    def min_fill(self) -> float:
        """How full a page must be before a section may start the next one: a page is never
        left mostly empty for a break (`page.fill_before_break`, 0 to 1)."""
        value = self.theme.get("page.fill_before_break")
        return DEFAULT_FILL if value is None else min(1.0, max(0.0, float(value)))

    def _start_body_on_a_new_page(self) -> None:
        """After the front matter (contents, key facts) the body starts on a page of its own."""
        contents = next((i for i, b in enumerate(self.blocks)
                         if isinstance(b, TableOfContents)), None)
        if contents is None:
            return
        for index in range(contents + 1, len(self.blocks)):
            block = self.blocks[index]
            if isinstance(block, Heading) and block.level == 1:
                if not isinstance(self.blocks[index - 1], PageBreak):
                    self.blocks.insert(index, PageBreak(self.min_fill))
                return

    def _finished(self, block: Block, numbers: dict[str, int]) -> Block:
        """Fill in what is known only at the end: the contents' entries and the sources."""
        if isinstance(block, TableOfContents) and block.role == "figures":
            return TableOfContents(block.title, self.exhibits.entries(self.blocks), "figures")
        if isinstance(block, TableOfContents):
            entries = tuple(TocEntry(h.level, h.number, h.content, h.anchor) for h in self.blocks
                            if isinstance(h, Heading) and h.in_toc and h.level <= TOC_LEVELS)
            return TableOfContents(block.title, entries)
        if isinstance(block, References):
            return references(self.brief.sources, numbers, self.words.date)
        return block

    # --- sections, in the names the template uses ---------------------------------------------

    def section_contents(self, previous: str) -> None:
        self.blocks.append(TableOfContents(self.words("contents")))

    def section_figures(self, previous: str) -> None:
        """The list of figures and tables (its entries once they are all numbered)."""
        if any(p.figures for p in self.brief.pillars) or \
                any(s.figures for s in self.brief.sections):
            self.blocks.append(TableOfContents(self.words("list_of_figures"), role="figures"))

    def section_key_facts(self, previous: str) -> None:
        if self.brief.key_facts:
            self.blocks.append(KeyValueList(
                tuple(KeyValue(f.label, f.value.inlines) for f in self.brief.key_facts),
                title=self.words("key_facts"), role="key-facts"))

    def section_summary(self, previous: str) -> None:
        self.heading(1, self.words("executive_summary"), role="executive-summary")
        self.blocks.append(Callout(self.brief.summary.blocks, role="executive-summary"))

    def section_takeaways(self, previous: str) -> None:
        if self.brief.takeaways:
            items = tuple((Paragraph(t.inlines),) for t in self.brief.takeaways)
            self.blocks.append(Callout((ListBlock(items, role="takeaways"),),
                                       title=self.words("key_takeaways"), role="takeaways"))

    def section_recommendations(self, previous: str) -> None:
        """Numbered: each its title in bold, its text, and whom it is for."""
        if not self.brief.recommendations:
            return
        self.heading(1, self.words("recommendations"))
        items = []
        for item in self.brief.recommendations:
            blocks: list[Block] = [Paragraph((Strong((Text(item.title),)),))]
            blocks.extend(item.text.blocks)
            if item.audience:
                blocks.append(Paragraph((Emphasis((Text(f"{self.words('audience')}: "
                                                        f"{item.audience}"),)),)))
            items.append(tuple(blocks))
        self.blocks.append(ListBlock(tuple(items), ordered=True, role="recommendations"))

    def section_pillars(self, previous: str) -> None:
        self.heading(1, self.words("pillars"))
        numbered = self.theme.flag("number_pillars")
        for index, pillar in enumerate(self.brief.pillars, 1):
            self.heading(2, pillar.title, number=f"{index}." if numbered else "", role="pillar")
            self.blocks.append(Paragraph(pillar.summary.inlines, role="lead"))
            if pillar.points:
                self.blocks.append(ListBlock(tuple((Paragraph(p.inlines),) for p in pillar.points),
                                             role="key-points"))
            if pillar.quote:
                self.blocks.append(self.pull_quote(pillar.quote))
            if pillar.body:
                self.blocks.extend(pillar.body.blocks)
            for box in pillar.boxes:  # "Box 2: …", numbered across the brief
                self.boxes += 1
                self.blocks.append(Callout(box.body.blocks, role="box",
                                           title=f"{self.words('box')} {self.boxes}: {box.title}"))
            self.blocks.extend(self.exhibits.exhibit(f) for f in pillar.figures)

    def section_risks(self, previous: str) -> None:
        self.heading(1, self.words("risks"))
        self.blocks.append(risk_table(self.brief.risks, self.words))

    def section_risk_matrix(self, previous: str) -> None:
        self.heading(2 if previous == "risks" else 1, self.words("risk_matrix"))
        self.blocks.append(risk_matrix(self.brief.risks, self.words))

    def section_opportunities(self, previous: str) -> None:
        self.heading(1, self.words("opportunities"))
        for opportunity in self.brief.opportunities:
            self.heading(2, opportunity.sector, role="opportunity")
            self.blocks.append(Paragraph(opportunity.description.inlines))
            if opportunity.actions:
                self.blocks.append(Paragraph((Strong((Text(self.words("actions")),)),),
                                             role="list-title"))
                self.blocks.append(ListBlock(tuple((Paragraph(a.inlines),)
                                                   for a in opportunity.actions), role="actions"))

    def section_assessment(self, previous: str) -> None:
        assessment = self.brief.assessment
        if not assessment or not (assessment.pros or assessment.cons):
            return
        self.heading(1, self.words("assessment"))
        columns = tuple(
            Column(self.words(key), (ListBlock(tuple((Paragraph(i.inlines),) for i in items),
                                               role=key),), role=key)
            for key, items in (("pros", assessment.pros), ("cons", assessment.cons)))
        self.blocks.append(Columns(columns, role="assessment", wide=True))

    def section_quotes(self, previous: str) -> None:
        if not self.brief.quotes:
            return
        self.heading(1, self.words("quotes"))
        for quote in self.brief.quotes:
            self.blocks.append(self.pull_quote(quote))

    def pull_quote(self, quote: SpecQuote) -> Quote:
        opening, closing = self.words.quote_marks
        attribution: list[Inline] = [Text(ATTRIBUTION_DASH), Strong((Text(quote.speaker),))]
        if quote.role:
            attribution.append(Text(f", {quote.role}"))
        text = (Text(opening), *quote.text.inlines, Text(closing))
        return Quote((Paragraph(text),), tuple(attribution), role="pull-quote")

    def section_faq(self, previous: str) -> None:
        if self.brief.faq:
            self.heading(1, self.words("faq"))
            self.questions(self.brief.faq)

    def section_sections(self, previous: str) -> None:
        for section in self.brief.sections:
            self.heading(1, section.title)
            if section.body:
                self.blocks.extend(section.body.blocks)
            self.blocks.extend(self.exhibits.exhibit(f) for f in section.figures)
            self.questions(section.qa)

    def questions(self, items: list[QuestionAnswer]) -> None:
        for item in items:
            self.blocks.append(Paragraph((Strong((Text(item.question),)),), role="question"))
            self.blocks.extend(item.answer.blocks)

    def section_methodology(self, previous: str) -> None:
        if self.brief.methodology:
            self.heading(1, self.words("methodology"))
            self.blocks.extend(self.brief.methodology.blocks)

    def section_glossary(self, previous: str) -> None:
        if self.brief.glossary:
            self.heading(1, self.words("glossary"))
            self.blocks.append(KeyValueList(tuple(KeyValue(g.label, g.value.inlines)
                                                  for g in self.brief.glossary),
                                            role="glossary"))

    def section_about(self, previous: str) -> None:
        """About the brief, then the authors with their affiliations and bios."""
        with_bios = [a for a in self.brief.authors if a.bio]
        if not self.brief.about and not with_bios:
            return
        self.heading(1, self.words("about"))
        if self.brief.about:
            self.blocks.extend(self.brief.about.blocks)
        if with_bios:
            self.heading(2, self.words("about_authors"))
            for author in with_bios:
                name: list[Inline] = [Strong((Text(author.name),))]
                if author.affiliation:
                    name.append(Text(f", {author.affiliation}"))
                self.blocks.append(Paragraph(tuple(name), role="list-title"))
                self.blocks.extend(author.bio.blocks if author.bio else ())

    def section_citation(self, previous: str) -> None:
        """How to cite the brief: authors, title, publisher, number, date, then its address
        (the DOI's, where it has one)."""
        b = self.brief
        if not (b.report_number or b.url or b.doi):
            return
        names = [a.name for a in b.authors if a.name.strip()] or [b.organization]
        parts = [", ".join(n for n in names if n), f"\u201c{b.title}\u201d", b.organization,
                 b.report_number, self.words.date(b.date)]
        text = ", ".join(p for p in parts if p) + "."
        inlines: list[Inline] = [Text(text)]
        address = f"https://doi.org/{b.doi}" if b.doi else b.url
        if address:
            inlines += [Text(" "), Link(address, (Text(address),))]
        self.blocks.append(Paragraph((Strong((Text(self.words("cite_as")),)),),
                                     role="list-title"))
        self.blocks.append(Paragraph(tuple(inlines)))

    def section_back_cover(self, previous: str) -> None:
        self.blocks += back_cover(self.brief, self.theme)

    def section_disclaimer(self, previous: str) -> None:
        if self.brief.disclaimer:
            self.blocks.append(Callout(self.brief.disclaimer.blocks,
                                       title=self.words("disclaimer"), role="disclaimer"))

    def section_sources(self, previous: str) -> None:
        if self.brief.sources:
            self.heading(1, self.words("sources"))
            self.blocks.append(References(()))  # its entries once the citations are numbered
