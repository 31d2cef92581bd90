"""The layout step turns a brief into a neutral document the template shapes."""

from __future__ import annotations

import pytest

import briefgen
from briefgen.document.nodes import (
    Callout, Citation, Columns, KeyValueList, Matrix, Quote, References, Table, TableOfContents,
    TitleBlock, walk_blocks, walk_inlines,
)


def _blocks(document, kind):
    return [b for b in walk_blocks(document.blocks) if isinstance(b, kind)]


def test_seed_document_structure(seed_document, seed_brief):
    doc = seed_document
    assert isinstance(doc.blocks[0], TitleBlock) and doc.blocks[0].title == seed_brief.title
    assert doc.blocks[0].date == "28 February 2025"
    assert isinstance(doc.blocks[1], TableOfContents)
    top = [h.text for h in doc.headings() if h.level == 1]
    assert top[:4] == ["Executive Summary", "Strategic Pillars", "Risks",
                       "Opportunities for US Business"]
    assert top[-1] == "Sources"
    pillars = [h for h in doc.headings() if h.role == "pillar"]
    assert [h.number for h in pillars] == [f"{i}." for i in range(1, len(seed_brief.pillars) + 1)]
    assert len({h.anchor for h in doc.headings()}) == len(doc.headings())
    assert _blocks(doc, KeyValueList)[0].title == "At a Glance"
    assert _blocks(doc, Callout)[0].role == "executive-summary"
    assert len(_blocks(doc, Quote)) == len(seed_brief.quotes)
    assert _blocks(doc, Columns)[0].columns[0].title == "Pros"


def test_risk_table_and_matrix_agree(seed_document, seed_brief):
    table = _blocks(seed_document, Table)[0]
    assert len(table.rows) == len(seed_brief.risks)
    for row, risk in zip(table.rows, seed_brief.risks):
        assert row[1].role == f"level.{risk.likelihood}"
        assert row[2].role == f"level.{risk.impact}"
    matrix = _blocks(seed_document, Matrix)[0]
    placed = {m: (r, c) for r, row in enumerate(matrix.cells) for c, cell in enumerate(row)
              for m in cell.markers}
    order = ["high", "medium", "low"]
    for index, risk in enumerate(seed_brief.risks, 1):
        assert placed[f"R{index}"] == (order.index(risk.likelihood),
                                       ["low", "medium", "high"].index(risk.impact))
    assert matrix.cells[0][2].role == "severity.5" and matrix.cells[2][0].role == "severity.1"


def test_citations_are_numbered_by_first_use(minimal_spec_text):
    text = minimal_spec_text.replace("A short summary.", "Uses [@b] then [@a] then [@b].") + (
        "sources:\n  - id: a\n    title: Source A\n  - id: b\n    title: Source B\n"
        "  - id: c\n    title: Never cited\n")
    doc = briefgen.build_document(briefgen.loads_spec(text))
    numbers = [(c.source_id, doc.label_of(c)) for c in walk_inlines(doc.blocks)
               if isinstance(c, Citation)]
    assert numbers == [("b", "1"), ("a", "2"), ("b", "1")]
    refs = _blocks(doc, References)[0]
    assert [(e.label, e.anchor) for e in refs.entries] == [
        ("1.", "source-b"), ("2.", "source-a"), ("3.", "source-c")]
    assert dict(doc.numbers) == {"source-b": 1, "source-a": 2, "source-c": 3}


def test_layout_places_the_spec_nodes_as_they_are(seed_brief, seed_document):
    """Nodes are immutable and numbering lives on the Document: layout copies nothing."""
    import dataclasses

    summary = next(b for b in seed_document.blocks if isinstance(b, Callout))
    assert summary.content is seed_brief.summary.blocks
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.content[0].role = "lead"


def test_spec_labels_and_language(minimal_spec_text):
    french = briefgen.build_document(briefgen.loads_spec(minimal_spec_text + "language: fr\n"))
    assert [h.text for h in french.headings() if h.level == 1][:2] == [
        "Résumé analytique", "Piliers stratégiques"]
    assert french.plain_text(french.footer.right) == "Page # sur #"
    custom = briefgen.build_document(briefgen.loads_spec(
        minimal_spec_text + "labels:\n  opportunities: Openings for American Firms\n"))
    assert "Openings for American Firms" in [h.text for h in custom.headings()]


def test_unknown_label_key_is_an_error(minimal_spec_text):
    with pytest.raises(briefgen.SpecError, match=r"labels.oportunities: unknown key 'oportunities' "
                                                 r"\(did you mean 'opportunities'\?\)"):
        briefgen.loads_spec(minimal_spec_text + "labels:\n  oportunities: X\n")


def test_empty_optional_parts_leave_no_empty_headings(minimal_spec_text):
    doc = briefgen.build_document(briefgen.loads_spec(minimal_spec_text))
    titles = [h.text for h in doc.headings()]
    for absent in ("Assessment", "Expert Views", "Frequently Asked Questions", "Sources"):
        assert absent not in titles


def test_heading_anchors_never_collide_with_source_anchors(minimal_spec_text):
    text = minimal_spec_text + ("sections:\n  - title: Source timenews\n"
                                "    body: Text [@timenews].\n"
                                "sources:\n  - id: timenews\n    title: T\n")
    doc = briefgen.build_document(briefgen.loads_spec(text))
    anchors = {h.anchor for h in doc.headings()}
    assert "source-timenews" not in anchors and "section-source-timenews" in anchors


def test_the_body_starts_on_a_new_page_after_the_contents_unless_the_template_runs_on(
        minimal_spec_text, tmp_path):
    from briefgen.document.nodes import Heading, PageBreak

    brief = briefgen.loads_spec(minimal_spec_text)
    (tmp_path / "template.yaml").write_text(  # a contents even in a brief this short
        "name: listed\nextends: default\npage: {contents: true}\n")
    default = briefgen.build_document(brief, briefgen.load_theme(str(tmp_path)))
    index = next(i for i, b in enumerate(default.blocks) if isinstance(b, PageBreak))
    after = default.blocks[index + 1]
    assert isinstance(after, Heading) and after.text == "Executive Summary"
    memo = briefgen.build_document(brief, briefgen.load_theme("memo"))
    assert not any(isinstance(b, PageBreak) for b in memo.blocks)


def test_every_role_the_layout_gives_is_in_the_vocabulary(seed_document):
    from briefgen.style.roles import ROLES

    used = {b.role for b in walk_blocks(seed_document.blocks) if getattr(b, "role", "")}
    used |= {c.role for b in walk_blocks(seed_document.blocks) if isinstance(b, (Table, Matrix))
             for row in getattr(b, "rows", getattr(b, "cells", ())) for c in row if c.role}
    assert used and used <= set(ROLES)


def test_quotation_marks_follow_the_language_or_the_labels(minimal_spec_text):
    from briefgen.document.nodes import Quote

    quotes = "quotes:\n  - text: Solid ties\n    speaker: A. Expert\n    role: Analyst\n"

    def first_quote(extra: str) -> str:
        doc = briefgen.build_document(briefgen.loads_spec(minimal_spec_text + quotes + extra))
        quote = next(b for b in walk_blocks(doc.blocks) if isinstance(b, Quote))
        return doc.plain_text(quote.content[0].content) + " " + doc.plain_text(quote.attribution)

    assert first_quote("") == "\u201cSolid ties\u201d \u2014\u00a0A. Expert, Analyst"
    assert first_quote("language: de\n").startswith("\u201eSolid ties\u201c")
    assert first_quote("labels: {quote_open: '<<', quote_close: '>>'}\n").startswith(
        "<<Solid ties>>")


def test_a_short_briefs_length_counts_a_table_once():
    """The `auto` cover and contents threshold: an exhibit's table is the exhibit, and the
    words in a table's cells are its rows, not text read twice."""
    from briefgen.document.nodes import Exhibit, Paragraph, TableCell, Text
    from briefgen.layout.brief import EXHIBIT_WORDS, brief_length

    words = (Paragraph((Text("ten words " * 5),)),)
    table = Table((TableCell(words),), ((TableCell(words),), (TableCell(words),)))
    assert brief_length([table]) == EXHIBIT_WORDS // 3 + 15 * 2
    exhibit = Exhibit("table", "Table 1", (Text("Wheat"),), table, "tab-wheat")
    assert brief_length([exhibit]) == EXHIBIT_WORDS
    assert brief_length([Paragraph((Text("ten words " * 5),)), exhibit]) == 10 + EXHIBIT_WORDS
