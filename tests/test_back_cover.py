"""The back cover (issue 14, item 7): the template's organization, contact lines and logo on
a last page of their own, in every format; the suggested citation there when listed after it."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import MINIMAL_SPEC

import briefgen

BACK = """\
name: backed
extends: default
back_cover:
  organization: Port Economics Desk
  contact: |
    12 Avenue Mohammed V, Rabat
    desk@example.org
    https://example.org/briefs
  logo: logo.png
sections: [summary, pillars, risks, opportunities, back_cover, citation]
"""
SPEC = MINIMAL_SPEC + "report_number: TN-2025-07\nurl: https://example.org/tn-2025-07\n"


@pytest.fixture
def backed(tmp_path):
    image = pytest.importorskip("PIL.Image")
    image.new("RGB", (300, 100), (31, 58, 95)).save(tmp_path / "logo.png")
    (tmp_path / "template.yaml").write_text(BACK, "utf-8")
    return briefgen.build_document(briefgen.loads_spec(SPEC), briefgen.load_theme(str(tmp_path)))


def test_the_back_cover_is_the_last_page_of_the_pdf(backed):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(briefgen.render_bytes(backed, "pdf")))
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Port Economics Desk" in last and "desk@example.org" in last
    assert "Suggested citation" in last  # listed after the back cover, it stands on it
    before = " ".join(reader.pages[-2].extract_text().split())
    assert "Port Economics Desk" not in before
    links = [a["/A"]["/URI"] for a in (reader.pages[-1].get("/Annots") or [])
             if a.get_object().get("/A", {}).get("/URI")]
    assert "mailto:desk@example.org" in links and "https://example.org/briefs" in links
    assert reader.pages[-1].images, "the logo"


def test_word_and_the_web_page_end_with_the_back_cover(backed):
    xml = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(backed, "docx"))).read(
        "word/document.xml").decode()
    tail = xml[xml.rindex('<w:br w:type="page"/>') if '<w:br w:type="page"/>' in xml
               else xml.rindex("<w:pageBreakBefore/>"):]
    assert "Port Economics Desk" in tail and "desk@example.org" in tail and "<w:drawing>" in tail
    # a box without a panel is not shaded by the panel style, nor edged in black
    box = tail[tail.index("<w:tbl>"):tail.index("</w:tbl>")]
    assert "PanelTable" not in box and "w:shd" not in box and 'w:color="auto"' not in box
    html = briefgen.render_bytes(backed, "html").decode()
    back = html[html.index('class="box b-back-cover"'):]
    assert re.search(r'href="mailto:desk@example.org"', back) and "<img" in back


def test_without_back_cover_settings_nothing_is_added(seed_document, seed_brief):
    assert 'class="box b-back-cover"' not in briefgen.render_bytes(seed_document, "html").decode()


def test_a_broken_back_cover_logo_names_the_template(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"not a picture")
    (tmp_path / "template.yaml").write_text(BACK, "utf-8")
    with pytest.raises(briefgen.TemplateError, match=r"template 'backed': back_cover.logo"):
        briefgen.build_document(briefgen.loads_spec(SPEC), briefgen.load_theme(str(tmp_path)))
