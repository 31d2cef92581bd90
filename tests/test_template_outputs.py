"""One template drives both formats: a user template's changes show in the PDF and the DOCX."""

from __future__ import annotations

import io
import textwrap
import zipfile

import pytest
from conftest import SEED_SPEC

import briefgen

USER_TEMPLATE = """\
    name: house
    extends: default
    description: A test house style
    colors: {primary: "#AA0000"}
    fonts: {body: PT Sans}
    labels: {en: {opportunities: Openings for American Firms}}
    sections: [risks, summary, pillars, opportunities, sources]
    """


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tpl") / "house"
    folder.mkdir()
    (folder / "template.yaml").write_text(textwrap.dedent(USER_TEMPLATE), "utf-8")
    theme = briefgen.load_theme(str(folder))
    document = briefgen.build_document(briefgen.load_spec(SEED_SPEC), theme)
    return document, briefgen.render_bytes(document, "pdf"), briefgen.render_bytes(document, "docx")


def _pdf_pages(data):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages


def test_primary_colour_reaches_both_outputs(outputs):
    _, pdf, docx = outputs
    streams = b"".join(page.get_contents().get_data() for page in _pdf_pages(pdf))
    assert b".666667 0 0 rg" in streams or b".666667 0 0 RG" in streams
    styles = zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml").decode()
    assert 'w:val="AA0000"' in styles


def test_body_font_reaches_both_outputs(outputs):
    _, pdf, docx = outputs
    fonts = set()
    for page in _pdf_pages(pdf):
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert not any("PTSerif" in f.replace(" ", "").replace("-", "") for f in fonts), fonts
    assert any("PTSans" in f.replace(" ", "").replace("-", "") for f in fonts), fonts
    styles = zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml").decode()
    assert 'w:ascii="PT Sans"' in styles and 'w:ascii="PT Serif"' not in styles


def test_label_and_section_order_reach_both_outputs(outputs):
    document, pdf, docx = outputs
    expected = ["Risks", "Executive Summary", "Strategic Pillars", "Openings for American Firms",
                "Sources"]
    assert [h.text for h in document.headings() if h.level == 1] == expected
    from pypdf import PdfReader

    outline = [item.title for item in PdfReader(io.BytesIO(pdf)).outline
               if not isinstance(item, list)]
    assert outline[:len(expected)] == expected or [t for t in outline if t in expected] == expected
    import docx as python_docx

    word = python_docx.Document(io.BytesIO(docx))
    heading1 = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert heading1 == expected


@pytest.mark.parametrize("name", ["default", "memo", "executive"])
def test_each_builtin_renders_both_formats(name):
    document = briefgen.build_document(briefgen.load_spec(SEED_SPEC), briefgen.load_theme(name))
    pdf = briefgen.render_bytes(document, "pdf")
    docx = briefgen.render_bytes(document, "docx")
    assert pdf.startswith(b"%PDF-") and len(_pdf_pages(pdf)) >= 3
    assert zipfile.ZipFile(io.BytesIO(docx)).testzip() is None


def test_accent_text_colours_text_in_both_outputs(tmp_path):
    folder = tmp_path / "amber"
    folder.mkdir()
    (folder / "template.yaml").write_text(
        'name: amber\ncolors: {accent: "#E09F3E", accent_text: "#9A5B00"}\n')
    theme = briefgen.load_theme(str(folder))
    document = briefgen.build_document(briefgen.load_spec(SEED_SPEC), theme)
    streams = b"".join(p.get_contents().get_data()
                       for p in _pdf_pages(briefgen.render_bytes(document, "pdf")))
    # #9A5B00 as text colour (pillar numbers, list titles)
    assert b".603922 .356863 0 rg" in streams
    styles = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "word/styles.xml").decode()
    assert 'w:val="9A5B00"' in styles
