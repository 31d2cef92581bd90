"""The layout step: the one place that knows what a brief is. Spec model + theme → Document.

The theme decides which parts appear and in what order (`sections`) and the fixed words
(`labels`); everything else here is the brief's structure expressed as neutral nodes.
"""

from __future__ import annotations

import copy
import re
import unicodedata

from ..spec.model import Brief, QuestionAnswer
from .nodes import (
    Callout, Citation, Column, Columns, Document, Emphasis, Heading, KeyValue, KeyValueList,
    Link, ListBlock, Matrix, MatrixCell, Metadata, Paragraph, Quote, Reference, References,
    Strong, Table, TableCell, TableOfContents, Text, TitleBlock, reference_anchor, walk_inlines,
)

LEVELS = ("low", "medium", "high")


def severity(likelihood: str, impact: str) -> str:
    """low, medium or high for a likelihood × impact pair (the colour of its matrix cell)."""
    score = LEVELS.index(likelihood) + LEVELS.index(impact)
    return "low" if score <= 1 else "medium" if score == 2 else "high"


def format_date(date, labels: dict[str, str]) -> str:
    if date is None:
        return ""
    months = labels.get("months", "").split()
    month = months[date.month - 1] if len(months) == 12 else f"{date.month:02d}"
    return f"{date.day} {month} {date.year}"


def build_document(brief: Brief, theme=None) -> "Document":
    """Lay out `brief` as a Document, driven by `theme` (default: the built-in default)."""
    if theme is None:
        from ..templates import load_theme

        theme = load_theme(brief.template or "default", relative_to=brief.base_dir, confine=True)
    return _Layout(brief, theme).build()


class _Layout:
    def __init__(self, brief: Brief, theme):
        self.brief = brief
        self.theme = theme
        self.labels = theme.labels(brief.language)
        self.labels.update(brief.labels)
        self.anchors: set[str] = set()
        self.blocks: list = []

    def label(self, key: str) -> str:
        return self.labels.get(key, key.replace("_", " ").title())

    def anchor(self, text: str) -> str:
        base = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40] or "section"
        if base.startswith("source-"):  # that prefix names entries of the references list
            base = f"section-{base}"
        anchor, n = base, 2
        while anchor in self.anchors:
            anchor, n = f"{base}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor

    def heading(self, level: int, text: str, *, number: str = "", role: str = "",
                in_toc: bool = True) -> Heading:
        heading = Heading(level, [Text(text)], self.anchor(text if not number else f"{number} {text}"),
                          number, in_toc, role)
        self.blocks.append(heading)
        return heading

    def build(self) -> Document:
        b = self.brief
        meta = Metadata(
            title=b.title, subtitle=b.subtitle, authors=[str(a) for a in b.authors],
            organization=b.organization, date=b.date, language=b.language,
            keywords=list(b.keywords), classification=b.classification,
            running_title=b.title if len(b.title) <= 70 else b.title[:67].rstrip() + "…",
            page_label=self.label("page"),
        )
        self.blocks.append(TitleBlock(
            title=b.title, subtitle=b.subtitle, authors=[str(a) for a in b.authors],
            organization=b.organization, date_text=format_date(b.date, self.labels),
            classification=b.classification, logo=b.logo,
            own_page=self.theme.flag("page.cover_page"),
        ))
        previous = ""
        for name in self.theme.get("sections", []):
            getattr(self, f"section_{name}")(previous)
            previous = name
        self.number_citations()
        return Document(meta, self.blocks, theme=self.theme)

    # --- sections, in the names the template uses ---------------------------------------------

    def section_contents(self, previous: str) -> None:
        self.blocks.append(TableOfContents(self.label("contents")))

    def section_key_facts(self, previous: str) -> None:
        if self.brief.key_facts:
            self.blocks.append(KeyValueList(
                [KeyValue(f.label, _copy(f.value.inlines)) for f in self.brief.key_facts],
                title=self.label("key_facts"), role="key-facts"))

    def section_summary(self, previous: str) -> None:
        self.heading(1, self.label("executive_summary"), role="executive-summary")
        self.blocks.append(Callout(_copy(self.brief.summary.blocks), role="executive-summary"))

    def section_pillars(self, previous: str) -> None:
        self.heading(1, self.label("pillars"))
        numbered = self.theme.flag("number_pillars")
        for index, pillar in enumerate(self.brief.pillars, 1):
            self.heading(2, pillar.title, number=f"{index}." if numbered else "", role="pillar")
            self.blocks.append(Paragraph(_copy(pillar.summary.inlines), role="lead"))
            if pillar.points:
                self.blocks.append(ListBlock([[Paragraph(_copy(p.inlines))] for p in pillar.points],
                                             role="key-points"))
            if pillar.body:
                self.blocks.extend(_copy(pillar.body.blocks))

    def section_risks(self, previous: str) -> None:
        self.heading(1, self.label("risks"))
        header = [TableCell([Paragraph([Text(self.label(k))])])
                  for k in ("risk", "likelihood", "impact", "mitigation")]
        rows = []
        for index, risk in enumerate(self.brief.risks, 1):
            first = [Paragraph([Strong([Text(f"R{index}  {risk.title}")])], role="risk-title"),
                     Paragraph(_copy(risk.description.inlines))]
            mitigation = [Paragraph(_copy(risk.mitigation.inlines))] if risk.mitigation else []
            rows.append([
                TableCell(first, role="risk"),
                TableCell([Paragraph([Text(self.label(risk.likelihood))])],
                          role=f"level.{risk.likelihood}"),
                TableCell([Paragraph([Text(self.label(risk.impact))])], role=f"level.{risk.impact}"),
                TableCell(mitigation),
            ])
        self.blocks.append(Table(header, rows, widths=[3.0, 1.3, 1.2, 3.0], role="risks"))

    def section_risk_matrix(self, previous: str) -> None:
        level = 2 if previous == "risks" else 1
        self.heading(level, self.label("risk_matrix"))
        cells = []
        for likelihood in reversed(LEVELS):  # top row: high likelihood
            row = []
            for impact in LEVELS:
                markers = [f"R{i}" for i, r in enumerate(self.brief.risks, 1)
                           if r.likelihood == likelihood and r.impact == impact]
                row.append(MatrixCell(markers, role=f"level.{severity(likelihood, impact)}"))
            cells.append(row)
        self.blocks.append(Matrix(
            row_axis=self.label("likelihood"), column_axis=self.label("impact"),
            row_labels=[self.label(x) for x in reversed(LEVELS)],
            column_labels=[self.label(x) for x in LEVELS], cells=cells,
            legend=[(f"R{i}", r.title) for i, r in enumerate(self.brief.risks, 1)],
            role="risk-matrix"))

    def section_opportunities(self, previous: str) -> None:
        self.heading(1, self.label("opportunities"))
        for opportunity in self.brief.opportunities:
            self.heading(2, opportunity.sector, role="opportunity")
            self.blocks.append(Paragraph(_copy(opportunity.description.inlines)))
            if opportunity.actions:
                self.blocks.append(Paragraph([Strong([Text(self.label("actions"))])],
                                             role="list-title"))
                self.blocks.append(ListBlock([[Paragraph(_copy(a.inlines))]
                                              for a in opportunity.actions], role="actions"))

    def section_assessment(self, previous: str) -> None:
        assessment = self.brief.assessment
        if not assessment or not (assessment.pros or assessment.cons):
            return
        self.heading(1, self.label("assessment"))
        columns = []
        for key, items in (("pros", assessment.pros), ("cons", assessment.cons)):
            columns.append(Column(self.label(key), [ListBlock([[Paragraph(_copy(i.inlines))]
                                                               for i in items], role=key)],
                                  role=key))
        self.blocks.append(Columns(columns, role="assessment"))

    def section_quotes(self, previous: str) -> None:
        if not self.brief.quotes:
            return
        self.heading(1, self.label("quotes"))
        for quote in self.brief.quotes:
            attribution = [Strong([Text(quote.speaker)])]
            if quote.role:
                attribution.append(Text(f", {quote.role}"))
            self.blocks.append(Quote([Paragraph(_copy(quote.text.inlines))], attribution,
                                     role="pull-quote"))

    def section_faq(self, previous: str) -> None:
        if not self.brief.faq:
            return
        self.heading(1, self.label("faq"))
        self.questions(self.brief.faq)

    def section_sections(self, previous: str) -> None:
        for section in self.brief.sections:
            self.heading(1, section.title)
            if section.body:
                self.blocks.extend(_copy(section.body.blocks))
            self.questions(section.qa)

    def questions(self, items: list[QuestionAnswer]) -> None:
        for item in items:
            self.blocks.append(Paragraph([Strong([Text(item.question)])], role="question"))
            self.blocks.extend(_copy(item.answer.blocks))

    def section_sources(self, previous: str) -> None:
        if not self.brief.sources:
            return
        self.heading(1, self.label("sources"))
        self.blocks.append(References([]))  # filled in by number_citations

    # --- citations ------------------------------------------------------------------------------

    def number_citations(self) -> None:
        """Number sources in order of first citation; uncited sources follow in spec order."""
        numbers: dict[str, int] = {}
        for inline in walk_inlines(self.blocks):
            if isinstance(inline, Citation):
                inline.number = numbers.setdefault(inline.source_id, len(numbers) + 1)
        for source in self.brief.sources:
            numbers.setdefault(source.id, len(numbers) + 1)
        by_id = {s.id: s for s in self.brief.sources}
        for block in self.blocks:
            if isinstance(block, References):
                block.entries = [self.reference(by_id[i], n) for i, n in
                                 sorted(numbers.items(), key=lambda item: item[1]) if i in by_id]

    def reference(self, source, number: int) -> Reference:
        content: list = [Emphasis([Text(source.title)])]
        details = [x for x in (source.publisher, format_date(source.date, self.labels)) if x]
        if details:
            content.append(Text(". " + ", ".join(details)))
        content.append(Text("."))
        if source.url:
            content.extend([Text(" "), Link(source.url, [Text(source.url)])])
        return Reference(number, reference_anchor(source.id), content)


def _copy(nodes: list) -> list:
    """A private copy: citation numbers are written into the copies, never into the spec model."""
    return copy.deepcopy(nodes)
