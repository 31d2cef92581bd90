"""The PDF and the DOCX of one brief say the same thing: same headings in order, same phrases."""

from __future__ import annotations

import io
import pytest

import briefgen
from conftest import normalise, phrases


@pytest.fixture(scope="module")
def rendered(seed_document):
    return (briefgen.render_bytes(seed_document, "pdf"),
            briefgen.render_bytes(seed_document, "docx"))


def _pdf_outline(data: bytes) -> list[str]:
    from pypdf import PdfReader

    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(PdfReader(io.BytesIO(data)).outline)
    return titles


def _docx_headings(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs
            if p.style.name in ("Heading 1", "Heading 2")]


def test_same_headings_in_the_same_order(rendered, seed_document):
    pdf, docx = rendered
    expected = [h.text for h in seed_document.headings() if h.level <= 2]
    assert _pdf_outline(pdf) == expected
    assert _docx_headings(docx) == expected


def test_same_key_phrases_in_both(rendered):
    pdf, docx = rendered
    from pypdf import PdfReader
    import docx as python_docx

    pdf_text = normalise("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    word = python_docx.Document(io.BytesIO(docx))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    parts.extend(c.text for r in inner.rows for c in r.cells)
    docx_text = normalise("\n".join(parts))
    missing_pdf = [p for p in phrases() if normalise(p) not in pdf_text]
    missing_docx = [p for p in phrases() if normalise(p) not in docx_text]
    assert missing_pdf == [] and missing_docx == []
