"""The DOCX backend, checked the way a Word user would notice: reopen the file with python-docx
(and lxml for what python-docx does not expose) and look at styles, tables, links, fields,
sections and properties."""

from __future__ import annotations

import datetime
import io
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from conftest import MINIMAL_SPEC, ROOT, normalise, phrases, require_tool, with_blocks
from conftest import SEED_SPEC as SEED

import briefgen
from briefgen.document.nodes import Heading, ListBlock, Paragraph, Text
from briefgen.errors import RenderError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
UTC = datetime.timezone.utc
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


# --- helpers ------------------------------------------------------------------------------------


def render(document) -> bytes:
    return briefgen.render_bytes(document, "docx")


def spec(yaml_text: str, tmp_path: Path, theme=None):
    brief = briefgen.loads_spec(textwrap.dedent(yaml_text), base_dir=tmp_path)
    return briefgen.build_document(brief, theme)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def all_paragraphs(document):
    """Body paragraphs and table-cell paragraphs, in document order."""
    body = document.element.body
    for element in body.iter(W + "p"):
        yield docx.text.paragraph.Paragraph(element, document._body)


def style_name(paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def headings_in(document) -> list[tuple[int, str]]:
    found = []
    for paragraph in document.paragraphs:
        match = re.fullmatch(r"Heading (\d)", style_name(paragraph))
        if match:
            found.append((int(match.group(1)), paragraph.text))
    return found


def docx_text(document) -> str:
    return normalise(" ".join(p.text for p in all_paragraphs(document)))


def fields(root) -> list[str]:
    return [" ".join((t.text or "").split()) for t in root.iter(W + "instrText")]


def bookmarks(root) -> set[str]:
    return {b.get(W + "name") for b in root.iter(W + "bookmarkStart")}


@pytest.fixture(scope="module")
def seed(seed_document):
    data = render(seed_document)
    return seed_document, data, open_docx(data)


# --- structure and styles -----------------------------------------------------------------------


def test_headings_use_word_heading_styles_in_document_order(seed):
    document, _, word = seed
    expected = [(h.level, h.text) for h in document.headings()]
    assert headings_in(word) == expected
    assert expected[0] == (1, "Executive Summary")
    assert (2, "1. Political support and sovereignty") in expected


def test_heading_styles_carry_outline_levels_and_the_theme_look(seed):
    document, data, word = seed
    styles = part_xml(data, "word/styles.xml")
    style_of = document.style
    for level in (1, 2, 3):
        style = word.styles[f"Heading {level}"]
        outline = style.element.find(f"{W}pPr/{W}outlineLvl")
        assert outline is not None and outline.get(W + "val") == str(level - 1)
        assert style.font.size.pt == style_of.role(f"heading.{level}").size
    heading1 = word.styles["Heading 1"]
    assert heading1.font.name == "PT Sans"
    assert str(heading1.font.color.rgb) == style_of.color("primary")[1:]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(W + "rFonts").get(W + "ascii") == "PT Serif"
    assert defaults.find(W + "lang").get(W + "val") == "en"
    # no theme-font or theme-colour leftovers that would override the theme in Word
    assert "asciiTheme" not in _xml_text(styles) and "themeColor" not in _xml_text(styles)


def _xml_text(element) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode")


def test_lists_use_list_styles_with_real_numbering(seed):
    _, data, word = seed
    names = [style_name(p) for p in all_paragraphs(word)]
    assert names.count("List Bullet") > 20
    assert "List Number" in names
    numbering = part_xml(data, "word/numbering.xml")
    numbered = [p for p in all_paragraphs(word) if style_name(p) == "List Number"]
    num_ids = {p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val") for p in numbered}
    # one list of three items in the seed; each numbered list has its own restarting instance
    assert len(numbered) == 3 and len(num_ids) == 1
    num = next(n for n in numbering.iter(W + "num") if n.get(W + "numId") in num_ids)
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(W + "val") == "1"


def test_each_numbered_list_restarts_at_its_own_start(tmp_path):
    document = spec(MINIMAL_SPEC.replace("summary: A short summary.", textwrap.dedent("""\
        summary: |
          1. one
          2. two

          Between.

          3. three
          4. four
        """).rstrip()), tmp_path)
    data = render(document)
    word = open_docx(data)
    numbered = [p for p in all_paragraphs(word) if style_name(p) == "List Number"]
    ids = [p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val") for p in numbered]
    assert [p.text for p in numbered] == ["one", "two", "three", "four"]
    assert ids[0] == ids[1] != ids[2] == ids[3]
    numbering = part_xml(data, "word/numbering.xml")
    starts = {n.get(W + "numId"): n.find(f"{W}lvlOverride/{W}startOverride").get(W + "val")
              for n in numbering.iter(W + "num") if n.find(W + "lvlOverride") is not None}
    assert starts[ids[0]] == "1" and starts[ids[2]] == "3"


def test_role_styles_are_real_custom_styles(seed):
    _, _, word = seed
    names = {style_name(p) for p in all_paragraphs(word)}
    for name in ("Title", "Subtitle", "Lead", "Question", "Intense Quote", "Quote Attribution",
                 "Key Fact Label", "Table Text", "Source", "TOC Heading"):
        assert name in names, name
    question = next(p for p in all_paragraphs(word) if style_name(p) == "Question")
    assert word.styles["Question"].font.bold and question.text.endswith("?")


# --- tables -------------------------------------------------------------------------------------


def _risk_table(word):
    return next(t for t in word.tables if t.rows[0].cells[0].text == "Risk")


def test_risk_table_cells_and_repeating_header_row(seed):
    _, _, word = seed
    table = _risk_table(word)
    assert [c.text for c in table.rows[0].cells] == ["Risk", "Likelihood", "Impact", "Mitigation"]
    assert len(table.rows) == 7
    first = [c.text for c in table.rows[1].cells]
    assert first[0].startswith("R1  Mutual economic dependency")
    assert first[1:3] == ["Medium", "Medium"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r._tr.find(f"{W}trPr/{W}tblHeader") is None for r in table.rows[1:])
    assert table.style.name == "Brief Table"


def test_likelihood_cells_are_shaded_with_the_level_colours(seed):
    document, _, word = seed
    theme = document.style
    table = _risk_table(word)
    high = next(row.cells[1] for row in table.rows[1:] if row.cells[1].text == "High")
    shading = high._tc.find(f"{W}tcPr/{W}shd")
    assert shading.get(W + "fill") == theme.color("level_high")[1:]
    run_colour = high._tc.find(f".//{W}r/{W}rPr/{W}color")
    assert run_colour.get(W + "val") == theme.color("level_high_text")[1:]
    medium = table.rows[1].cells[2]
    assert medium._tc.find(f"{W}tcPr/{W}shd").get(W + "fill") == theme.color("level_medium")[1:]


def test_risk_matrix_is_a_grid_with_axis_labels_and_markers(seed):
    document, _, word = seed
    matrix = next(t for t in word.tables if "Likelihood" in t.rows[0].cells[0].text)
    texts = [[c.text for c in row.cells] for row in matrix.rows]
    assert [row[1] for row in texts[:3]] == ["High", "Medium", "Low"]
    assert texts[3][2:] == ["Low", "Medium", "High"]
    assert "Impact" in texts[4]
    assert texts[1][4] == "R2\u2002R4\u2002R5"  # medium likelihood, high impact
    fill = matrix.rows[0].cells[4]._tc.find(f"{W}tcPr/{W}shd").get(W + "fill")
    assert fill == document.style.color("severity_5")[1:]
    # the legend flows in two columns, read down then across, each marker on its cell's colour
    legend = next(t for t in word.tables if t.rows[0].cells[0].text == "R1")
    rows = [[c.text for c in row.cells if c.text] for row in legend.rows]
    assert rows == [["R1", "Mutual economic dependency", "R4",
                     "Climate and supply shocks to the wheat corridor"],
                    ["R2", "Spillover from regional tensions", "R5", "Terrorism and cybercrime"],
                    ["R3", "Slow implementation of initiatives", "R6",
                     "Regulatory uncertainty along the corridor"]]
    r3 = legend.rows[2].cells[0]._tc.find(f"{W}tcPr/{W}shd").get(W + "fill")
    assert r3 == document.style.color("severity_4")[1:]  # high likelihood, medium impact


def test_key_facts_pros_cons_and_summary_boxes(seed):
    document, _, word = seed
    facts = next(t for t in word.tables if t.rows[0].cells[0].text == "At a Glance")
    assert [c.text for c in facts.rows[1].cells] == ["Meeting", "Rabat, 28 February 2025"]
    pros_cons = next(t for t in word.tables
                     if [c.text for c in t.rows[0].cells if c.text] == ["Pros", "Cons"])
    assert pros_cons.rows[1].cells[0].text.startswith("Increased political support")
    # two outlined cards with a white gap between them, as in the PDF
    body = pros_cons.rows[1]._tr.findall(f"{W}tc")
    rule = document.style.color("rule")[1:]
    for cell in (body[0], body[2]):
        sides = {b.tag.split("}")[1]: b.get(W + "color")
                 for b in cell.find(f"{W}tcPr/{W}tcBorders")}
        assert sides["left"] == sides["right"] == sides["bottom"] == rule, sides
    assert body[1].find(f"{W}tcPr/{W}tcBorders/{W}left").get(W + "val") == "nil"
    panel = document.style.color("panel")[1:]
    summary = next(t for t in word.tables if t.rows[0].cells[0].text.startswith("On 28 February"))
    assert summary.rows[0].cells[0]._tc.find(f"{W}tcPr/{W}shd").get(W + "fill") == panel


# --- links, bookmarks, fields -------------------------------------------------------------------


def test_citations_are_superscript_links_to_source_bookmarks(seed):
    _, data, _ = seed
    body = part_xml(data, "word/document.xml")
    names = bookmarks(body)
    citations = [h for h in body.iter(W + "hyperlink")
                 if h.find(f"{W}r/{W}rPr/{W}rStyle") is not None
                 and h.find(f"{W}r/{W}rPr/{W}rStyle").get(W + "val") == "Citation"]
    assert len(citations) > 10
    assert {c.get(W + "anchor") for c in citations} == {"source_timenews"}
    assert "source_timenews" in names
    for name in names:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name), name
    styles = part_xml(data, "word/styles.xml")
    citation = next(s for s in styles.iter(W + "style") if s.get(W + "styleId") == "Citation")
    assert citation.find(f"{W}rPr/{W}vertAlign").get(W + "val") == "superscript"


def test_external_links_are_real_hyperlinks_and_javascript_is_not(tmp_path):
    document = spec(MINIMAL_SPEC.replace(
        "summary: A short summary.",
        "summary: 'See [the site](https://example.org/a?b=1&c=2), "
        "[mail](mailto:desk@example.org) and [bad](javascript:alert(1)) here.'"), tmp_path)
    data = render(document)
    word = open_docx(data)
    targets = {rel.target_ref for rel in word.part.rels.values() if rel.reltype == HYPERLINK}
    assert targets == {"https://example.org/a?b=1&c=2", "mailto:desk@example.org"}
    assert all(rel.is_external for rel in word.part.rels.values() if rel.reltype == HYPERLINK)
    body = part_xml(data, "word/document.xml")
    linked = ["".join(t.text for t in h.iter(W + "t")) for h in body.iter(W + "hyperlink")
              if h.get(R + "id")]
    assert linked == ["the site", "mail"]
    assert "javascript" not in "".join(targets) and "bad" in docx_text(word)
    hyperlink = body.find(f".//{W}hyperlink[@{R}id]/{W}r/{W}rPr/{W}rStyle")
    assert word.styles.get_by_id(hyperlink.get(W + "val"), 2).name == "Hyperlink"


def test_toc_is_a_field_with_its_entries_already_filled_in(seed):
    document, data, word = seed
    body = part_xml(data, "word/document.xml")
    instructions = fields(body)
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions
    toc = [p for p in all_paragraphs(word) if style_name(p) in ("toc 1", "toc 2")]
    expected = [h.text for h in document.headings() if h.in_toc and h.level <= 2]
    assert [p.text.split("\t")[0] for p in toc] == expected
    pages = [int(p.text.split("\t")[1]) for p in toc]
    assert pages == sorted(pages) and pages[0] >= 2  # estimates, in order, after the cover
    names = bookmarks(body)
    anchors = [h.get(W + "anchor") for p in toc for h in p._p.iter(W + "hyperlink")]
    assert len(anchors) == len(expected) and set(anchors) <= names
    assert sum(1 for i in instructions if i.startswith("PAGEREF")) == len(expected)
    settings = part_xml(data, "word/settings.xml")
    assert settings.find(W + "updateFields") is None  # complete on open, no prompt


def test_footer_has_page_and_numpages_fields_and_header_the_classification(seed):
    _, data, word = seed
    body_section = word.sections[-1]
    footer = body_section.footer
    assert not footer.is_linked_to_previous
    instructions = fields(footer._element)
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    assert footer.paragraphs[0].text.startswith("Time News\tPage ")
    header = body_section.header.paragraphs[0].text
    assert header.startswith("Morocco and Kazakhstan Boost Cooperation") and "PUBLIC" in header


def test_braces_in_brief_text_stay_text_in_the_header(tmp_path):
    title = "title: 'Costs {page} of {pages}'"
    document = spec(MINIMAL_SPEC.replace("title: Minimal brief", title), tmp_path)
    word = open_docx(render(document))
    header = word.sections[-1].header
    assert header.paragraphs[0].text.startswith("Costs {page} of {pages}")
    assert "PAGE" not in fields(header._element)


def test_cover_is_its_own_section_without_header_or_footer(seed):
    _, _, word = seed
    assert len(word.sections) == 2
    cover = word.sections[0]
    assert cover.header.is_linked_to_previous and cover.footer.is_linked_to_previous
    assert word.sections[1].start_type == docx.enum.section.WD_SECTION.NEW_PAGE
    title = next(p for p in all_paragraphs(word) if style_name(p) == "Title")
    assert title.text == "Morocco and Kazakhstan Boost Cooperation"


def test_without_a_cover_page_there_is_one_section(tmp_path):
    folder = tmp_path / "inline"
    folder.mkdir()
    (folder / "template.yaml").write_text("name: inline\nextends: default\n"
                                          "page: {cover_page: false}\n")
    theme = briefgen.load_theme(str(folder))
    word = open_docx(render(spec(MINIMAL_SPEC, tmp_path, theme)))
    assert len(word.sections) == 1
    assert fields(word.sections[0].footer._element).count("PAGE") == 1
    assert [style_name(p) for p in all_paragraphs(word)][:1] == ["Title"]


# --- properties, reproducibility, validity ----------------------------------------------------


def test_core_properties_come_from_the_brief(seed):
    _, data, word = seed
    props = word.core_properties
    assert props.title == "Morocco and Kazakhstan Boost Cooperation"
    assert props.subject == "A roadmap linking Africa and Central Asia"
    assert props.author == "Time News, time.news"
    assert "Kazakh wheat" in props.keywords and props.language == "en"
    assert props.created == props.modified == datetime.datetime(2025, 2, 28, tzinfo=UTC)
    assert props.revision == 1 and not props.last_modified_by and not props.comments
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        blob = b"".join(archive.read(n) for n in ("docProps/core.xml", "docProps/app.xml"))
        assert b"python-docx" not in blob and b"2013" not in blob
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_two_renders_are_byte_identical_with_fixed_zip_entries(seed):
    document, data, _ = seed
    assert render(document) == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2025, 2, 28, 0, 0, 0)}
    body = part_xml(data, "word/document.xml")
    ids = [int(b.get(W + "id")) for b in body.iter(W + "bookmarkStart")]
    assert ids == list(range(len(ids)))
    assert b"w:rsid" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_byte_identical_across_processes():
    script = ("import sys, briefgen; d = briefgen.build_document(briefgen.load_spec("
              "'specs/morocco-kazakhstan.yaml')); sys.stdout.buffer.write("
              "briefgen.render_bytes(d, 'docx'))")
    import os

    env = dict(os.environ, PYTHONHASHSEED="random")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                           env=env, cwd=ROOT).stdout for _ in range(2)]
    assert runs[0][:2] == b"PK" and runs[0] == runs[1]


def test_dates_without_a_brief_date(tmp_path, monkeypatch):
    document = spec(MINIMAL_SPEC, tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    undated = render(document)
    core = zipfile.ZipFile(io.BytesIO(undated)).read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert open_docx(undated).core_properties.title and render(document) == undated
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert open_docx(render(document)).core_properties.created == \
        datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(RenderError, match="SOURCE_DATE_EPOCH"):
        render(document)


def test_control_characters_are_dropped_and_the_text_around_them_kept(tmp_path):
    document = spec(MINIMAL_SPEC.replace(
        "title: Minimal brief",
        'title: "Nul\\x00 vt\\x0b esc\\x1b nonchar\\ufffe end"').replace(
        "summary: A short summary.", 'summary: "Bell\\x07 and \\x1f unit \\x0c feed."'), tmp_path)
    data = render(document)
    word = open_docx(data)
    assert word.core_properties.title == "Nul vt  esc nonchar end"
    text = docx_text(word)
    assert "Nul vt esc nonchar end" in text and "Bell and unit feed." in text


def test_a_lone_surrogate_never_reaches_the_file(tmp_path):
    # The spec loader cannot carry one (YAML refuses it), so put it into the document tree.
    import dataclasses

    document = spec(MINIMAL_SPEC, tmp_path)
    document = dataclasses.replace(document, meta=dataclasses.replace(
        document.meta, title="Before \ud800 after"))
    document = with_blocks(document, Paragraph([Text("Text \udfff more \ud83d."), Text("\ufffe!")]),
                           Heading(1, [Text("Head \ud800ing")], "head-\ud800"))
    data = render(document)
    word = open_docx(data)
    assert word.core_properties.title == "Before  after"
    assert "Text more .!" in docx_text(word) and "Head ing" in docx_text(word)


def test_cyrillic_text_round_trips(tmp_path):
    text = MINIMAL_SPEC.replace("title: Minimal brief", "title: Қазақстан және Марокко")
    text = text.replace("A short summary.", "Ынтымақтастық туралы қысқаша шолу.")
    document = spec(text + "language: kk\n", tmp_path)
    data = render(document)
    word = open_docx(data)
    assert word.core_properties.title == "Қазақстан және Марокко"
    assert word.core_properties.language == "kk"
    assert "Ынтымақтастық туралы қысқаша шолу." in docx_text(word)
    from fontTools.ttLib import TTFont

    for font in embedded_fonts(data):  # every embedded subset has the Cyrillic letters
        assert set("ҚқЫәж") <= {chr(c) for c in TTFont(io.BytesIO(font["font"])).getBestCmap()}


def test_figures_carry_alt_text_and_sequential_drawing_ids(tmp_path):
    from PIL import Image

    Image.new("RGB", (1600, 400), (42, 127, 142)).save(tmp_path / "chart.png")
    document = spec(MINIMAL_SPEC.replace(
        "summary: A short summary.",
        "summary: |\n  Before.\n\n  ![Exports by year](chart.png)\n\n  After."), tmp_path)
    data = render(document)
    word = open_docx(data)
    assert len(word.inline_shapes) == 1
    shape = word.inline_shapes[0]
    assert shape.width <= word.sections[-1].page_width  # scaled to fit the text width
    body = part_xml(data, "word/document.xml")
    doc_pr = [e for e in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                   "wordprocessingDrawing}docPr")]
    assert [(e.get("id"), e.get("descr")) for e in doc_pr] == [("1", "Exports by year")]


def test_unknown_blocks_render_their_content_with_one_warning(tmp_path, caplog):
    import dataclasses

    from briefgen.document.nodes import Node

    @dataclasses.dataclass(frozen=True)
    class Mystery(Node):
        content: tuple

    document = with_blocks(spec(MINIMAL_SPEC, tmp_path),
                           Mystery((Paragraph([Text("inner words")]),)), Mystery(()))
    assert "inner words" in docx_text(open_docx(render(document)))
    assert caplog.text.count("no rendering for Mystery") == 1


def test_deep_nesting_and_empty_items_render(tmp_path):
    document = spec(MINIMAL_SPEC, tmp_path)
    inner = None
    for depth in reversed(range(12)):
        items = [[Paragraph([Text(f"level {depth}")])] + ([inner] if inner else [])]
        inner = ListBlock(items, ordered=depth % 2 == 0)
    nested = ListBlock([[Paragraph([Text("top")]), inner], []])
    document = with_blocks(document, nested, Heading(4, [Text("Deep heading")], "deep"))
    word = open_docx(render(document))
    assert "level 11" in docx_text(word)
    assert ("Heading 4" in {style_name(p) for p in all_paragraphs(word)})


# --- embedded fonts -----------------------------------------------------------------------------

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
EMBED_TAGS = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
GUID = re.compile(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}")


def spec_deobfuscate(data: bytes, font_key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1, written out here independently of the backend: the GUID's
    32 hex digits as 16 bytes, in reverse order, XORed over the font's first 32 bytes."""
    key = bytes.fromhex(font_key.strip("{}").replace("-", ""))[::-1]
    return bytes(b ^ key[i % 16] for i, b in enumerate(data[:32])) + data[32:]


def embedded_fonts(data: bytes) -> list[dict]:
    """Each embed element of fontTable.xml with its relationship, part and de-obfuscated font."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        table = etree.fromstring(archive.read("word/fontTable.xml"))
        rels = {r.get("Id"): r for r in
                etree.fromstring(archive.read("word/_rels/fontTable.xml.rels"))}
        found = []
        for font in table.iter(W + "font"):
            for embed in font:
                tag = etree.QName(embed).localname
                if tag not in EMBED_TAGS:
                    continue
                rel = rels[embed.get(R + "id")]
                name = "word/" + rel.get("Target")
                blob = archive.read(name)
                found.append({"family": font.get(W + "name"), "tag": tag, "rel": rel,
                              "key": embed.get(W + "fontKey"), "part": name, "blob": blob,
                              "subsetted": embed.get(W + "subsetted"),
                              "font": spec_deobfuscate(blob, embed.get(W + "fontKey"))})
    return found


def font_names(font: bytes) -> tuple[str, str, str]:
    """(family, subfamily, PostScript name) from a TrueType font's name table."""
    from fontTools.ttLib import TTFont

    names = TTFont(io.BytesIO(font))["name"]
    return names.getDebugName(1), names.getDebugName(2), names.getDebugName(6)


def test_obfuscation_uses_the_guid_bytes_in_reverse_order():
    from briefgen.backends.docx.fonts import deobfuscate, obfuscate

    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    reversed_key = bytes(range(0xFF, -1, -0x11))  # FF EE DD … 11 00
    font = bytes(32) + b"rest of the font"
    assert obfuscate(font, key) == reversed_key * 2 + b"rest of the font"
    sample = bytes(range(64))
    assert deobfuscate(obfuscate(sample, key), key) == sample
    assert obfuscate(sample, key) == spec_deobfuscate(sample, key)


def test_fonts_are_embedded_as_obfuscated_parts_related_from_the_font_table(seed):
    from lxml import etree

    _, data, _ = seed
    fonts = embedded_fonts(data)
    assert fonts
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        rels = etree.fromstring(archive.read("word/_rels/fontTable.xml.rels"))
        odttf = [n for n in archive.namelist() if n.endswith(".odttf")]
    defaults = {d.get("Extension"): d.get("ContentType")
                for d in types.iter(CONTENT_TYPES + "Default")}
    assert defaults["odttf"] == OBFUSCATED_FONT
    assert sorted(odttf) == sorted(f["part"] for f in fonts)  # no part left unreferenced
    assert all(re.fullmatch(r"word/fonts/font\d+\.odttf", f["part"]) for f in fonts)
    assert all(r.get("Type") == FONT_REL for r in rels.iter(PACKAGE_RELS + "Relationship"))
    assert len(list(rels)) == len(fonts) == len({f["key"] for f in fonts})
    for font in fonts:
        assert GUID.fullmatch(font["key"]) and font["subsetted"] == "1"
        assert not font["blob"].startswith(b"\x00\x01\x00\x00")  # really obfuscated
    # schema order: the embed elements end w:font, regular, bold, italic, bold italic
    table = part_xml(data, "word/fontTable.xml")
    for element in table.iter(W + "font"):
        tags = [etree.QName(c).localname for c in element]
        embeds = [t for t in tags if t in EMBED_TAGS]
        assert tags[len(tags) - len(embeds):] == embeds
        assert embeds == sorted(embeds, key=EMBED_TAGS.index)
    settings = [etree.QName(c).localname for c in part_xml(data, "word/settings.xml")]
    at = settings.index("embedTrueTypeFonts")
    assert settings[at + 1] == "saveSubsetFonts"
    assert set(settings[:at]) <= {"writeProtection", "view", "zoom", "removePersonalInformation",
                                  "removeDateAndTime", "doNotDisplayPageBoundaries",
                                  "displayBackgroundShape", "printPostScriptOverText",
                                  "printFractionalCharacterWidth", "printFormsData"}


def test_deobfuscated_parts_are_subset_truetype_fonts_of_the_named_family(seed):
    from fontTools.ttLib import TTFont

    _, data, word = seed
    subfamily = {"embedRegular": "Regular", "embedBold": "Bold", "embedItalic": "Italic",
                 "embedBoldItalic": "Bold Italic"}
    text = {c for c in " ".join(p.text for p in all_paragraphs(word)) if not c.isspace()}
    for font in embedded_fonts(data):
        assert font["font"][:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"), font["part"]
        family, style, _ = font_names(font["font"])
        assert (family, style) == (font["family"], subfamily[font["tag"]])
        parsed = TTFont(io.BytesIO(font["font"]))
        assert parsed["maxp"].numGlyphs < 300  # a subset, not the whole 700-glyph font
        cmap = parsed.getBestCmap()
        assert {c for c in text if ord(c) not in cmap} == set(), font["part"]


def test_embedded_subsets_serve_edits_in_the_same_alphabet(tmp_path):
    """A face holds the whole ranges of the letters the brief uses: an editor typing "é" or
    "Жанна" into an English brief that has one Cyrillic word finds them, and two briefs in the
    same alphabets embed the very same subsets."""
    from fontTools.ttLib import TTFont

    def serif(text: str) -> bytes:
        fonts = embedded_fonts(render(spec(text, tmp_path)))
        return next(f["font"] for f in fonts
                    if (f["family"], f["tag"]) == ("PT Serif", "embedRegular"))

    english = serif(MINIMAL_SPEC)
    cmap = TTFont(io.BytesIO(english)).getBestCmap()
    assert {ord(c) for c in "éüßç€–"} <= set(cmap)
    assert ord("Ж") not in cmap
    assert serif(MINIMAL_SPEC.replace("A short summary.", "Another one, quite different.")) \
        == english
    cyrillic = TTFont(io.BytesIO(serif(MINIMAL_SPEC.replace("A short summary.", "Алматы."))))
    assert {ord(c) for c in "ЖжЁёЯя"} <= set(cyrillic.getBestCmap())


SUBSET_BUILD = """
import sys, briefgen
document = briefgen.build_document(briefgen.load_spec(sys.argv[1]))
data = briefgen.render_bytes(document, "docx")
print("fontTools.subset" in sys.modules, len(data))
"""


def test_a_second_build_reuses_the_kept_subsets(tmp_path):
    """Subsets are kept in the cache folder: building again needs no fontTools at all, and
    gives the same file."""
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(tmp_path / "cache")}

    def build() -> list[str]:
        return subprocess.run([sys.executable, "-c", SUBSET_BUILD, str(SEED)], env=env,
                              capture_output=True, text=True, check=True).stdout.split()

    first, second = build(), build()
    assert first[0] == "True" and second[0] == "False"
    assert first[1] == second[1]


@pytest.mark.parametrize("template", ["default", "memo", "executive"])
def test_the_embedded_faces_are_the_ones_the_pdf_uses(seed_brief, template):
    """Only the faces the document shows are embedded: the same ones the PDF backend uses."""
    pypdf = pytest.importorskip("pypdf")
    document = briefgen.build_document(seed_brief, briefgen.load_theme(template))
    embedded = {font_names(f["font"])[2] for f in embedded_fonts(render(document))}
    pdf = pypdf.PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf")))
    used = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            used.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    assert embedded == used
    assert not any("Mono" in name for name in embedded)  # the seed brief has no code


def test_mono_and_italic_faces_only_when_the_brief_uses_them(tmp_path):
    def faces(text):
        data = render(spec(text, tmp_path))
        return {(f["family"], f["tag"]) for f in embedded_fonts(data)}

    plain = faces(MINIMAL_SPEC)
    # the ratings are set in the heading face, as in the PDF: no bold body face is needed
    assert plain == {("PT Serif", "embedRegular"), ("PT Sans", "embedRegular"),
                     ("PT Sans", "embedBold")}
    styled = faces(MINIMAL_SPEC.replace("summary: A short summary.",
                                        "summary: A short `summary` with *italics*."))
    assert styled - plain == {("IBM Plex Mono", "embedRegular"), ("PT Serif", "embedItalic")}


def test_a_reference_docx_with_embedded_fonts(tmp_path):
    """A reference saved with embedded fonts: its faces of a family briefgen embeds are replaced
    (no duplicate elements, no orphaned parts), and a family briefgen has no file for keeps its
    own; every relationship still resolves."""
    source = render(spec(MINIMAL_SPEC, tmp_path))  # PT Serif and PT Sans embedded
    folder = tmp_path / "acme"
    folder.mkdir()
    with zipfile.ZipFile(io.BytesIO(source)) as old, \
            zipfile.ZipFile(folder / "letterhead.docx", "w") as new:
        for item in old.infolist():
            blob = old.read(item.filename)
            if item.filename == "word/fontTable.xml":  # its PT Sans becomes a font we lack
                blob = blob.replace(b'w:name="PT Sans"', b'w:name="Acme Sans"')
            new.writestr(item, blob)
    before = embedded_fonts(source)
    foreign = {(f["tag"], f["key"], f["blob"]) for f in before if f["family"] == "PT Sans"}
    replaced = {f["key"] for f in before if f["family"] == "PT Serif"}
    assert foreign and replaced
    (folder / "template.yaml").write_text(
        "name: acme\nextends: default\ndocx: {reference: letterhead.docx}\n")
    document = spec(MINIMAL_SPEC.replace("summary: A short summary.",
                                         "summary: A short summary, *now in italics*."),
                    tmp_path, briefgen.load_theme(str(folder)))
    data = render(document)
    fonts = embedded_fonts(data)  # a dangling relationship raises KeyError here
    assert {(f["tag"], f["key"], f["blob"]) for f in fonts if f["family"] == "Acme Sans"} \
        == foreign
    serif = [f for f in fonts if f["family"] == "PT Serif"]
    assert {f["tag"] for f in serif} == {"embedRegular", "embedItalic"}
    assert len(serif) == 2  # one element per face: the reference's were replaced
    assert {f["family"] for f in fonts} == {"PT Serif", "PT Sans", "Acme Sans"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/fontTable.xml.rels").decode()
        assert sorted(n for n in archive.namelist() if n.endswith(".odttf")) == \
            sorted(f["part"] for f in fonts)
    assert rels.count("relationships/font\"") == len(fonts)
    assert all(font_names(f["font"])[0] == f["family"] for f in fonts
               if f["family"] != "Acme Sans")


@pytest.mark.tools
@pytest.mark.parametrize("template", ["default", "memo"])
def test_libreoffice_shows_the_embedded_fonts(seed_brief, tmp_path, template):
    """Without PT Serif or PT Sans installed, LibreOffice still sets the text in them."""
    require_tool("soffice", "pdffonts")
    document = briefgen.build_document(seed_brief, briefgen.load_theme(template))
    path = tmp_path / "brief.docx"
    path.write_bytes(render(document))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=240, check=True)
    listing = subprocess.run(["pdffonts", str(tmp_path / "brief.pdf")], capture_output=True,
                             text=True, check=True).stdout
    fonts = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}
    expected = {"PTSerif-Regular", "PTSerif-Bold", "PTSerif-Italic"}
    if template == "default":
        expected |= {"PTSans-Regular", "PTSans-Bold"}
    assert fonts == expected


# --- reference document -------------------------------------------------------------------------


def test_a_reference_docx_supplies_styles_page_setup_and_header(tmp_path):
    from docx.shared import Mm, Pt, RGBColor

    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0xAA, 0x11, 0x22)
    heading.font.size = Pt(21)
    section = reference.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    section.header.paragraphs[0].text = "ACME Letterhead"
    reference.add_paragraph("Body text of the reference is not used.")
    folder = tmp_path / "acme"
    folder.mkdir()
    reference.save(folder / "letterhead.docx")
    (folder / "template.yaml").write_text(
        "name: acme\nextends: default\ndocx: {reference: letterhead.docx}\n"
        "page: {cover_page: true}\n")
    theme = briefgen.load_theme(str(folder))
    data = render(spec(MINIMAL_SPEC, tmp_path, theme))
    word = open_docx(data)
    style = word.styles["Heading 1"]
    assert style.font.name == "Georgia" and str(style.font.color.rgb) == "AA1122"
    assert style.font.size.pt == 21
    assert "Brief Table" in [s.name for s in word.styles]  # missing styles are added
    body = word.sections[-1]
    assert round(body.page_width.mm) == 216 and body.header.paragraphs[0].text == "ACME Letterhead"
    assert "PAGE" in fields(body.footer._element)  # it had no footer: the theme's is used
    assert word.sections[0].header.is_linked_to_previous  # still no header on the cover
    text = docx_text(word)
    assert "Minimal brief" in text and "not used" not in text
    assert [h for h in headings_in(word)][0] == (1, "Executive Summary")


def _libreoffice_like_reference() -> bytes:
    """A reference shaped like LibreOffice's .docx of a plain letter: no numbering part, no
    theme, core.xml related with the variant (lower-case "officedocument") relationship type
    and font-table character sets the schema does not know."""
    source = io.BytesIO()
    docx.Document().save(source)
    dropped = ("word/numbering.xml", "word/theme/theme1.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in dropped:
                continue
            data = old.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                data = data.decode("utf-8")
            if info.filename == "[Content_Types].xml":
                data = re.sub(r'<Override PartName="/word/(numbering|theme/theme1)\.xml"[^>]*/>',
                              "", data)
            elif info.filename == "word/_rels/document.xml.rels":
                data = re.sub(r'<Relationship [^>]*Target="(numbering|theme/theme1)\.xml"/>', "",
                              data)
            elif info.filename == "_rels/.rels":
                data = data.replace(
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/",
                    "http://schemas.openxmlformats.org/officedocument/2006/relationships/"
                    "metadata/")
            elif info.filename == "word/fontTable.xml":
                data = data.replace('<w:charset w:val="00"/>',
                                    '<w:charset w:val="00" w:characterSet="utf-8"/>')
            new.writestr(info.filename, data)
    return out.getvalue()


def test_a_reference_docx_without_numbering_or_theme(tmp_path):
    """LibreOffice writes neither for a letter without lists: both are added, from python-docx's
    default template, so the lists have their numbering and Word's rules are met."""
    folder = tmp_path / "letter"
    folder.mkdir()
    (folder / "letter.docx").write_bytes(_libreoffice_like_reference())
    (folder / "template.yaml").write_text("name: t\ndocx: {reference: letter.docx}\n")
    theme = briefgen.load_theme(str(folder))
    lists = "summary: |\n  1. one\n  2. two\n\n  Between.\n\n  - a\n  - b"
    data = render(spec(MINIMAL_SPEC.replace("summary: A short summary.", lists), tmp_path, theme))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        fonts = archive.read("word/fontTable.xml").decode()
    assert len(names) == len(set(names))  # one core.xml, not two
    assert "word/numbering.xml" in names and "word/theme/theme1.xml" in names
    assert 'Target="numbering.xml"' in rels and 'Target="theme/theme1.xml"' in rels
    assert "characterSet" not in fonts
    numbering = part_xml(data, "word/numbering.xml")
    num_ids = {n.get(W + "numId") for n in numbering.iter(W + "num")}
    used = {e.get(W + "val") for e in part_xml(data, "word/document.xml").iter(W + "numId")}
    assert used and used <= num_ids  # every list refers to a defined numbering instance
    assert "one" in docx_text(open_docx(data))


def test_a_broken_reference_docx_is_a_template_error(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "letterhead.docx").write_bytes(b"not a zip at all")
    (folder / "template.yaml").write_text(
        "name: bad\nextends: default\ndocx: {reference: letterhead.docx}\n")
    theme = briefgen.load_theme(str(folder))
    with pytest.raises(briefgen.TemplateError, match="reference|docx"):
        render(spec(MINIMAL_SPEC, tmp_path, theme))


# --- parity with the PDF and third-party readers ------------------------------------------------


@pytest.mark.tools
def test_pandoc_reads_the_heading_structure(seed, tmp_path):
    require_tool("pandoc")
    document, data, _ = seed
    path = tmp_path / "brief.docx"
    path.write_bytes(data)
    import json

    result = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)],
                            capture_output=True, text=True, check=True)
    found = []

    def visit(node):
        if isinstance(node, dict):
            if node.get("t") == "Header":
                found.append(node["c"][0])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(json.loads(result.stdout)["blocks"])
    assert found == [h.level for h in document.headings()]


@pytest.mark.tools
def test_libreoffice_opens_and_converts_it(seed, tmp_path):
    require_tool("soffice", "pdftotext")
    _, data, _ = seed
    path = tmp_path / "brief.docx"
    path.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=240, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = normalise(text)
    assert all(normalise(p) in text for p in phrases())
    assert re.search(r"Page 2 of \d+", text)


def test_the_logo_is_described_by_the_organization_it_stands_for(tmp_path):
    from PIL import Image

    Image.new("RGB", (300, 100), (200, 30, 30)).save(tmp_path / "logo.png")
    document = spec(MINIMAL_SPEC + "logo: logo.png\norganization: Policy Institute\n", tmp_path)
    body = part_xml(render(document), "word/document.xml")
    doc_pr = [e.get("descr") for e in body.iter("{http://schemas.openxmlformats.org/"
                                                "drawingml/2006/wordprocessingDrawing}docPr")]
    assert doc_pr == ["Policy Institute"]


def test_a_date_past_the_zip_format_range_still_renders(tmp_path):
    """MS-DOS dates in zip entries end in 2107; the brief's own date stays in its properties."""
    word = open_docx(render(spec(MINIMAL_SPEC + "date: 2200-03-04\n", tmp_path)))
    assert word.core_properties.created.year == 2200


@pytest.mark.parametrize("organization, exact", [("Time News", True), ("W" * 42, False)])
def test_a_kicker_too_wide_for_one_line_is_not_cut_to_one(tmp_path, organization, exact):
    """The publisher heads the cover band in a row of exact height only when the face's own
    widths say it fits one line; a wider one grows with the band instead of being clipped."""
    (tmp_path / "template.yaml").write_text(
        "name: covered\nextends: default\npage: {cover_page: true}\n")
    document = spec(f"organization: {organization}\n" + MINIMAL_SPEC, tmp_path,
                    briefgen.load_theme(str(tmp_path)))
    with zipfile.ZipFile(io.BytesIO(render(document))) as archive:
        body = archive.read("word/document.xml").decode()
    cover = body[:body.index("</w:tbl>")]
    assert ('w:hRule="exact"' in cover) is exact
