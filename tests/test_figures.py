"""Charts, data tables and cross-references (`figures:`): located errors in the spec and in
CSV files, numbering, and what each format makes of them, checked as a reader would."""

from __future__ import annotations

import io
import re
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_SPEC, ROOT, contents_against_libreoffice, require_tool

import briefgen
from briefgen.document import Chart, Exhibit, Table, walk_blocks

EXAMPLE = ROOT / "specs" / "examples" / "data-in-briefs.yaml"
CHART_PART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def brief_with(tmp_path: Path, figures: str, summary: str = "See [@fig:wheat].",
               files: dict[str, str] | None = None) -> Path:
    """A spec whose first pillar holds `figures` (YAML, indented as under `figures:`)."""
    for name, content in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, "utf-8")
    text = MINIMAL_SPEC.replace("summary: A short summary.", f"summary: {summary}")
    text = text.replace("    summary: The lead.\n", "    summary: The lead.\n    figures:\n"
                        + textwrap.indent(textwrap.dedent(figures), "      "))
    spec = tmp_path / "brief.yaml"
    spec.write_text(text, "utf-8")
    return spec


WHEAT = """\
- id: wheat
  chart: bar
  title: Wheat exports
  unit: million tonnes
  categories: [2021, 2022, 2023]
  series:
    - {name: Africa, values: [1.2, 1.5, 2]}
    - {name: Europe, values: [3.1, 2.9, 2.7]}
  alt: Exports to Africa grew while Europe fell.
  source: Ministry of Agriculture
"""


def problems(spec: Path) -> list[str]:
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(spec)
    return [str(p) for p in caught.value.problems]


# --- the spec and its CSV files ---------------------------------------------------------------


def test_a_non_number_in_a_csv_points_at_its_line_and_cell(tmp_path):
    spec = brief_with(tmp_path, """\
        - {id: wheat, chart: bar, data: data/wheat.csv, alt: Exports by year.}
        """, files={"data/wheat.csv": "year,Africa,Europe\n2021,1.2,3.1\n2022,n/a,2.9\n"})
    assert problems(spec) == [
        f"{tmp_path / 'data' / 'wheat.csv'}:3:2: Africa, 2022: 'n/a' is not a number (write a "
        "number such as 1.5, or leave the cell empty for a gap)"]


@pytest.mark.parametrize("csv_text, expected", [
    ("Partner,2023,2024\nMorocco,120,180\nEgypt,300\n",
     ":3: has 2 cells where the header has 3"),
    ("", ": is empty (the first row names the columns)"),
    ('a,b\n"unterminated,1\n', ": is not valid CSV"),
])
def test_a_broken_table_csv_is_located_in_the_file(tmp_path, csv_text, expected):
    spec = brief_with(tmp_path, "- {id: trade, table: {data: trade.csv}}\n", "See [@tab:trade].",
                      files={"trade.csv": csv_text})
    found = problems(spec)
    assert len(found) == 1 and found[0].startswith(str(tmp_path / "trade.csv")), found
    assert expected in found[0]


@pytest.mark.parametrize("figure, expected", [
    (WHEAT.replace("[1.2, 1.5, 2]", "[1.2, 1.5]"),
     "pillars[0].figures[0].series[0].values: series 'Africa' has 2 values for 3 categories"),
    (WHEAT.replace("1.5, 2]", "lots, 2]"),
     "pillars[0].figures[0].series[0].values[1]: 'lots' is not a number"),
    (WHEAT.replace("chart: bar", "chart: radar"),
     "pillars[0].figures[0].chart: 'radar' is not one of bar, hbar, stacked-bar, line, area, "
     "pie, donut, scatter"),
    (WHEAT.replace("  alt: Exports to Africa grew while Europe fell.\n", ""),
     "pillars[0].figures[0]: chart 'wheat' has no alt text"),
    ("- {id: wheat, chart: pie, categories: [a, b], series: [{name: s, values: [3, -1]}],"
     " alt: x}\n", "pillars[0].figures[0].chart: a pie chart cannot show negative values"),
    ("- {id: wheat, chart: donut, categories: [a], series: [{name: s, values: [1]}, "
     "{name: t, values: [2]}], alt: x}\n", "a donut chart shows one series; this one has 2"),
    ("- {id: wheat, chart: scatter, categories: [near, far], series: [{name: s, values: "
     "[1, 2]}], alt: x}\n", "a scatter chart's categories are its x values: 'near' is not a"),
    ("- {id: wheat, title: No body}\n", "pillars[0].figures[0]: needs either chart: or table:"),
    (WHEAT + "- {id: wheat, table: {columns: [a], rows: [[1]]}}\n",
     "pillars[0].figures[1].id: duplicate figure id 'wheat' (also pillars[0].figures[0])"),
    (WHEAT.replace("  categories: [2021, 2022, 2023]\n", "  data: ../outside.csv\n"
                   "  categories: [2021, 2022, 2023]\n"),
     "gives data: and also categories: or series:"),
])
def test_figure_problems_are_located_in_the_spec(tmp_path, figure, expected):
    found = problems(brief_with(tmp_path, figure))
    assert any(expected in p for p in found), found
    assert all(re.match(rf"{re.escape(str(tmp_path))}/brief.yaml:\d+:\d+: ", p) for p in found)


def test_a_csv_outside_the_spec_folder_is_refused_unread(tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("a,b\n1,2\n")
    folder = tmp_path / "spec"
    folder.mkdir()
    spec = brief_with(folder, "- {id: wheat, chart: bar, data: ../outside.csv, alt: x}\n")
    found = problems(spec)
    assert any("'../outside.csv' points outside the spec's folder" in p for p in found), found


@pytest.mark.parametrize("summary, expected", [
    ("See [@fig:wheet].", "'[@fig:wheet]' names no chart of this brief (did you mean 'wheat'?)"),
    ("See [@tab:wheat].", "'[@tab:wheat]': 'wheat' is a chart (write [@fig:wheat])"),
])
def test_a_cross_reference_needs_a_target_of_its_kind(tmp_path, summary, expected):
    found = problems(brief_with(tmp_path, WHEAT, summary))
    assert any(expected in p for p in found), found
    assert any(p.startswith(f"{tmp_path / 'brief.yaml'}:2:") for p in found), found


def test_csv_limits_are_located_errors(tmp_path):
    rows = "".join(f"{n},{n}\n" for n in range(10_002))
    spec = brief_with(tmp_path, "- {id: big, table: {data: big.csv}}\n", "Big.",
                      files={"big.csv": "n,v\n" + rows})
    assert any("has more than 10,000 rows" in p for p in problems(spec))
    wide = ",".join(f"s{n}" for n in range(52))
    spec = brief_with(tmp_path, "- {id: wide, chart: line, data: wide.csv, alt: x}\n", "Wide.",
                      files={"wide.csv": f"x,{wide}\n1," + ",".join("1" * 52) + "\n"})
    assert any("has 52 series; the limit is 50" in p for p in problems(spec))


def test_csv_files_count_as_inputs_for_watch_and_incremental_builds():
    brief = briefgen.load_spec(EXAMPLE)
    assert {p.name for p in brief.files} >= {"wheat-exports.csv", "trade.csv"}


# --- numbering and words ------------------------------------------------------------------------


def test_figures_and_tables_are_numbered_apart_in_reading_order():
    document = briefgen.build_document(briefgen.load_spec(EXAMPLE))
    exhibits = [b for b in walk_blocks(document.blocks) if isinstance(b, Exhibit)]
    assert [e.label for e in exhibits] == [
        "Figure 1", "Figure 2", "Table 1", "Figure 3", "Figure 4", "Figure 5", "Figure 6",
        "Figure 7", "Figure 8"]
    wheat = exhibits[0]
    assert isinstance(wheat.body, Chart) and wheat.body.series[0].labels == (
        "1.2", "1.5", "2.0", "2.4")  # one precision for the whole chart
    assert document.plain_text(wheat.source).startswith("Source: Illustrative")
    table = exhibits[2].body
    assert isinstance(table, Table) and table.number_columns() == frozenset({1, 2})


def test_the_words_follow_the_language(tmp_path):
    spec = brief_with(tmp_path, "- {id: trade, table: {columns: [a], rows: [[1]]}, source: X}\n",
                      "Voir [@tab:trade].")
    spec.write_text(spec.read_text() + "language: fr\n")
    document = briefgen.build_document(briefgen.load_spec(spec))
    exhibit = next(b for b in walk_blocks(document.blocks) if isinstance(b, Exhibit))
    assert exhibit.label == "Tableau 1"
    assert document.plain_text(exhibit.source) == "Source: X"


# --- the formats ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example():
    document = briefgen.build_document(briefgen.load_spec(EXAMPLE))
    return {fmt: briefgen.render_bytes(document, fmt) for fmt in ("pdf", "docx", "html", "md")}


def test_pdf_charts_are_vector_text_with_captions_and_linked_references(example):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(example["pdf"]))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for words in ("Figure 1. Kazakh wheat exports by destination", "million tonnes", "Africa",
                  "Central Asia", "Table 1. Trade with North Africa (USD million)", "102.25",
                  "Source: Illustrative figures after national customs statistics",
                  "Tanger Med", "Figure 8. Fleet serving the corridor, by type"):
        assert words in text, words
    for page in reader.pages:  # no picture anywhere: every chart is drawn as shapes
        resources = page["/Resources"]
        images = [x for x in resources.get("/XObject", {}).values()
                  if x.get_object().get("/Subtype") == "/Image"]
        assert images == []
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert not [f for f in fonts if "Helvetica" in f]  # charts are set in the template's faces
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    targets = [reader.get_page_number(a.get_object()["/Dest"][0].get_object())
               for page in reader.pages for a in page.get("/Annots", [])
               if a.get_object().get("/Dest") is not None]
    for caption in ("Figure 1. Kazakh", "Table 1. Trade", "Figure 3. Container"):
        page = next(n for n, words in enumerate(pages) if caption in words)
        assert page in targets, caption  # "Figure 1" in the text leads to the figure's page


def test_docx_charts_are_native_word_charts_with_their_data(example):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(example["docx"])) as archive:
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types}
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"word/charts/chart\d+.xml",
                                                                      n))
        assert len(charts) == 8 and all(overrides["/" + c] == CHART_PART for c in charts)
        first = archive.read(charts[0]).decode()
        assert re.findall(r"<c:v>([^<]*)</c:v>", first)[:6] == [
            "Africa", "2021", "2022", "2023", "2024", "1.2"]
        rels = archive.read("word/charts/_rels/chart1.xml.rels").decode()
        workbook = re.search(r'Target="([^"]+\.xlsx)"', rels).group(1)
        book_name = "word/" + workbook.removeprefix("../")
        with zipfile.ZipFile(io.BytesIO(archive.read(book_name))) as book:  # Edit Data opens it
            strings = book.read("xl/sharedStrings.xml").decode()
            assert "Africa" in strings and "Central Asia" in strings
        assert "<c:externalData" in first
        assert all(int(v) > 0 for v in re.findall(r'<c:axId val="(-?\d+)"', first))
        body = archive.read("word/document.xml").decode()
    assert 'descr="Exports to Africa doubled from 1.2 to 2.4 million tonnes' in body
    assert "SEQ Figure \\* ARABIC" in body and "SEQ Table \\* ARABIC" in body
    bookmark = re.search(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/><w:r><w:rPr>'
                         r'<w:b/>(?:<w:bCs/>)?</w:rPr><w:t xml:space="preserve">Figure </w:t>',
                         body).group(1)
    assert f"REF {bookmark} \\h" in body


def test_libreoffice_draws_the_word_charts(example, tmp_path):
    require_tool("soffice", "pdftotext")
    (tmp_path / "example.docx").write_bytes(example["docx"])
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "example.docx")], check=True, capture_output=True,
                   timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "example.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for words in ("Figure 1. Kazakh wheat exports by destination", "Tanger Med", "Casablanca",
                  "Bulk carriers", "million tonnes"):
        assert words in flat, words


def test_html_charts_are_accessible_inline_svg(example):
    html = example["html"].decode()
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) == 8
    assert all('role="img"' in s and "aria-label=" in s for s in svgs)
    assert 'aria-label="Exports to Africa doubled from 1.2 to 2.4 million tonnes' in html
    inside = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert not any(" style=" in svg for svg in inside)  # the page's policy forbids them
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert '<figure class="exhibit exhibit-figure" id="fig-wheat">' in html
    assert '<a href="#fig-wheat" class="xref">Figure 1</a>' in html


def test_markdown_gives_a_charts_data_as_a_table(example):
    text = example["md"].decode()
    assert "[Figure 1](#fig-wheat)" in text
    assert "|  | Africa (million tonnes) | Europe (million tonnes) | Central Asia (million " \
           "tonnes) |\n| --- | ---: | ---: | ---: |\n| 2021 | 1.2 | 3.1 | 4.0 |" in text
    assert "| Partner | 2023 | 2024 | Change |\n| --- | ---: | ---: | --- |" in text


PIPE_TABLE = """\
  | Partner | 2023 | 2024 |
  | --- | ---: | ---: |
  | Morocco | 120 | 180 |
  | Egypt | 300 | 1,310.5 [@src] |
"""


def test_a_pipe_table_in_a_block_field_is_a_real_table_everywhere(tmp_path):
    """GitHub pipe tables in summary, body or answer become tables, not '| a | b |' text."""
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC.replace("summary: A short summary.",
                                         "summary: |\n  Trade:\n\n" + PIPE_TABLE)
                    + "sources:\n  - {id: src, title: Statistics}\n", "utf-8")
    document = briefgen.build_document(briefgen.load_spec(spec))
    table = next(b for b in walk_blocks(document.blocks) if isinstance(b, Table)
                 and b.role == "data-table")
    assert [document.plain_text(c.content[0].content) for c in table.header] == [
        "Partner", "2023", "2024"]
    assert [c.role for c in table.rows[0]] == ["", "number", "number"]
    assert table.rows[1][2].role == ""  # a number with a citation is text, not a number
    assert document.numbers == {"source-src": 1}
    pdf = briefgen.render_bytes(document, "pdf")
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(" ".join(p.extract_text().split())
                    for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Partner 2023 2024 Morocco 120 180 Egypt 300 1,310.5" in text and "---" not in text
    docx_xml = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "word/document.xml").decode()
    cells = re.findall(r"<w:tc>.*?</w:tc>", docx_xml)
    assert any(">Morocco<" in c for c in cells) and "| Partner |" not in docx_xml
    html = briefgen.render_bytes(document, "html").decode()
    assert re.search(r'<td class="c-number num">180</td>', html)
    md = briefgen.render_bytes(document, "md").decode()
    assert "| Partner | 2023 | 2024 |\n| --- | ---: | ---: |" in md  # half are numbers: right


def test_the_docx_contents_count_the_charts_pages(example, tmp_path):
    """The contents' page numbers are estimated from the blocks' heights: charts and tables
    take room too, else every entry after them is pages off in Word and LibreOffice."""
    entries, marks = contents_against_libreoffice(example["docx"], tmp_path)
    assert len(entries) == 8
    # an estimate: a heading a few points from a page's foot may fall either way, but never a
    # page further (ignoring the charts' heights put every later entry pages off)
    off = {title: (page, marks.get(title)) for title, page in entries if page != marks.get(title)}
    assert len(off) <= 2 and all(abs(a - b) <= 1 for a, b in off.values() if b), off


def test_a_template_section_lists_the_figures_and_tables_with_their_pages(tmp_path):
    """`figures` in a template's sections: a list of the figures, then the tables, linked, with
    the pages they are on; in Word a Table of Figures field per caption label."""
    template = tmp_path / "template"
    template.mkdir()
    (template / "template.yaml").write_text(
        "name: listed\nextends: default\nsections: [contents, figures, summary, pillars, risks, "
        "opportunities]\n")
    brief = briefgen.load_spec(EXAMPLE)
    document = briefgen.build_document(brief, briefgen.load_theme(str(template)))
    lists = [b for b in document.blocks if getattr(b, "role", "") == "figures"]
    assert len(lists) == 1 and lists[0].title == "Figures and Tables"
    assert [e.number for e in lists[0].entries] == [*(f"Figure {n}." for n in range(1, 9)),
                                                    "Table 1."]
    pypdf = pytest.importorskip("pypdf")
    pdf = pypdf.PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf")))
    pages = [" ".join(p.extract_text().split()) for p in pdf.pages]
    listing = next(p for p in pages if "Figures and Tables" in p)
    for title in ("Kazakh wheat exports by destination", "Trade with North Africa (USD million)"):
        shown = re.search(re.escape(title) + r"\W*(\d+)", listing)
        actual = next(n + 1 for n, p in enumerate(pages) if f". {title}" in p and p != listing)
        assert shown and int(shown.group(1)) == actual, title
    xml = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "word/document.xml").decode()
    assert 'TOC \\h \\z \\c "Figure"' in xml and 'TOC \\h \\z \\c "Table"' in xml
    plain = briefgen.build_document(brief)  # the built-in templates list none
    assert not [b for b in plain.blocks if getattr(b, "role", "") == "figures"]


# --- notes ------------------------------------------------------------------------------------


NOTES_SPEC = MINIMAL_SPEC.replace(
    "summary: A short summary.", "summary: The hub[^hub] opens in 2026.").replace(
    "summary: The lead.", "summary: The lead, again on the hub[^hub] and its cost[^cost].") + """\
notes:
  - {id: cost, text: "Estimated in 2024 prices [@src]."}
  - {id: hub, text: "The hub's location had not been announced at the time of writing."}
sources:
  - {id: src, title: Port authority}
"""


@pytest.mark.parametrize("change, expected", [
    (("[^cost]", "[^costs]"), "pillars[0].summary: unknown note '[^costs]' (did you mean "
                              "'cost'?)"),
    (("[^cost]", ""), "notes[0].id: note 'cost' is never referenced: its text would not appear"),
    (("prices [@src]", "prices [^hub]"), "notes[0].text: a note cannot refer to a note"),
    (("id: hub,", "id: cost,"), "notes[1].id: duplicate note id 'cost' (also notes[0])"),
])
def test_note_problems_are_located(tmp_path, change, expected):
    spec = tmp_path / "brief.yaml"
    spec.write_text(NOTES_SPEC.replace(*change), "utf-8")
    found = problems(spec)
    assert any(expected in p for p in found), found


@pytest.fixture(scope="module")
def noted():
    document = briefgen.build_document(briefgen.loads_spec(NOTES_SPEC))
    return document, {fmt: briefgen.render_bytes(document, fmt)
                      for fmt in ("pdf", "docx", "html", "md")}


def test_notes_are_numbered_in_order_of_first_reference(noted):
    document, _ = noted
    assert [(n.label, n.anchor) for n in document.notes] == [("1", "note-hub"),
                                                             ("2", "note-cost")]
    assert document.numbers["source-src"] == 1  # a citation in a note is numbered too


def test_pdf_notes_stand_at_the_foot_of_the_page_that_refers_to_them(noted):
    pypdf = pytest.importorskip("pypdf")
    _, outputs = noted
    reader = pypdf.PdfReader(io.BytesIO(outputs["pdf"]))
    page = next(p for p in reader.pages if "opens in 2026" in p.extract_text())
    lines = [" ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()]
    hub = next(n for n, line in enumerate(lines) if "had not been announced" in line)
    cost = next(n for n, line in enumerate(lines) if "Estimated in 2024 prices" in line)
    assert hub < cost  # in number order, at the end of the page's text, before the footer
    assert all("announced" not in line for p in reader.pages if p is not page
               for line in p.extract_text().splitlines())  # printed once
    ys = []

    def visitor(text, cm, tm, font, size):
        if "announced" in text or "opens in 2026" in text:
            ys.append((text.strip()[:12], tm[5]))
    page.extract_text(visitor_text=visitor)
    body_y = next(y for t, y in ys if t.startswith("The hub") or "opens" in t)
    note_y = next(y for t, y in ys if "announced" in t or t.startswith("The hub's"))
    assert note_y < body_y and note_y < 150  # at the foot of the page, in points


def test_docx_notes_are_word_footnotes(noted):
    _, outputs = noted
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as archive:
        body = archive.read("word/document.xml").decode()
        notes = archive.read("word/footnotes.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body) == ["1", "2"]
    assert body.count("<w:footnoteReference") == 2  # the second "hub" shows its number only
    assert re.search(r'<w:footnote w:id="1">.*had not been announced.*</w:footnote>', notes)
    assert 'w:type="separator" w:id="-1"' in notes and "wordprocessingml.footnotes+xml" in types
    assert "<w:footnotePr><w:numFmt w:val=\"decimal\"/><w:footnote w:id=\"-1\"/>" in settings


def test_html_and_markdown_list_the_notes_at_the_end(noted):
    _, outputs = noted
    html = outputs["html"].decode()
    assert '<a href="#note-hub" role="doc-noteref" id="_noteref-note-hub-1">1</a>' in html
    assert re.search(r'<li id="note-hub" value="1">The hub\'s location.*?'
                     r'href="#_noteref-note-hub-2" role="doc-backlink"', html)
    md = outputs["md"].decode()
    assert "The hub[^1] opens in 2026." in md
    assert md.rstrip().endswith("[^2]: Estimated in 2024 prices[\\[1\\]](#source-src).")


# --- hostile data (found by a red-team pass) ---------------------------------------------------


@pytest.mark.parametrize("csv_text, expected", [
    ("Y,A\n2021,1,2\n", ":2: has 3 cells where the header has 2"),
    ("Y,A,B\n2021,1\n2022,1,2\n", ":2: has 2 cells where the header has 3"),
    ("Y," + "W" * 300 + "\nc,1\n", ":1:2: a name of 300 characters; the limit is 200"),
    ("X,Y\n1,2\nabc,3\n", ":3:1: a scatter chart's first column holds its x values"),
])
def test_a_broken_chart_csv_is_located_in_the_file(tmp_path, csv_text, expected):
    kind = "scatter" if csv_text.startswith("X,") else "bar"
    spec = brief_with(tmp_path, f"- {{id: wheat, chart: {kind}, data: d.csv, alt: x}}\n",
                      files={"d.csv": csv_text})
    found = problems(spec)
    assert any(p.startswith(str(tmp_path / "d.csv")) and expected in p for p in found), found


@pytest.mark.parametrize("figure, expected", [
    ("- {id: wheat, chart: bar, categories: [a, b], series: [{name: s, values: [1.0e+308, 1]}],"
     " alt: x}\n", "has a value of 1e+308; a chart's values stay below 1e+15"),
    ("- {id: wheat, chart: pie, categories: [" + ", ".join(f"c{n}" for n in range(13))
     + "], series: [{name: s, values: [" + ", ".join("1" * 13) + "]}], alt: x}\n",
     "a pie chart shows at most 12 slices; this one has 13"),
    ("- {id: wheat, chart: line, categories: [" + ", ".join(str(n) for n in range(1001))
     + "], series: [{name: s, values: [" + ", ".join("1" * 1001) + "]}, {name: t, values: ["
     + ", ".join("2" * 1001) + "]}], alt: x}\n", "has 2,002 values; a chart shows at most 2,000"),
])
def test_charts_no_page_can_show_are_refused(tmp_path, figure, expected):
    found = problems(brief_with(tmp_path, figure))
    assert any(expected in p for p in found), found


def test_unreadable_names_tiny_values_and_empty_ids(tmp_path):
    spec = brief_with(tmp_path, """\
        - id: wheat
          chart: bar
          categories: ["a\\x01b", "c\\x1bd"]
          series: [{name: "S\\u000b1", values: [0.0001, 0.0004]}]
          alt: Two small values.
        """)
    document = briefgen.build_document(briefgen.load_spec(spec))
    chart = next(b.body for b in walk_blocks(document.blocks) if isinstance(b, Exhibit))
    assert chart.categories == ("ab", "cd") and chart.series[0].name == "S 1"
    assert chart.series[0].labels == ("0.0001", "0.0004")  # never a silent "0.000"
    for fmt in ("pdf", "docx", "html"):
        assert briefgen.render_bytes(document, fmt)
    tiny = brief_with(tmp_path, "- {id: wheat, chart: bar, categories: [a, b], series: "
                                "[{name: s, values: [5.0e-324, 0]}], alt: x}\n")
    assert briefgen.render_bytes(briefgen.build_document(briefgen.load_spec(tiny)), "pdf")
    found = problems(brief_with(tmp_path, WHEAT, "See [@tab:] and [@fig:wheat]."))
    assert any("'[@tab:]' has no id after 'tab:'" in p for p in found), found


def test_pdf_number_columns_line_up_on_the_decimal_point(example, tmp_path):
    """Whole numbers end where the decimal points are: 95.5 reaches past 120 by its '.5'."""
    require_tool("pdftotext")
    (tmp_path / "x.pdf").write_bytes(example["pdf"])
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "x.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    right = {word: float(x) for x, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]+)</word>',
                                                       html)}
    assert right["95.5"] - right["120"] > 2 and right["102.25"] - right["180"] > 4
    assert abs(right["120"] - right["300"]) < 0.5  # whole numbers end at the same place


def test_zebra_rows_are_a_template_setting(tmp_path):
    """`stripe` of a table role fills every other body row, in every format (the executive
    template stripes data tables, the default one does not)."""
    assert briefgen.load_theme("executive").style().box("data-table").stripe
    assert not briefgen.load_theme("default").style().box("data-table").stripe
    template = tmp_path / "striped"
    template.mkdir()
    (template / "template.yaml").write_text(
        "name: striped\nroles:\n  data-table: {stripe: '#ABCDEF'}\n")
    spec = brief_with(tmp_path, "- {id: trade, table: {columns: [a, b], rows: [[x, 1], [y, 2],"
                                " [z, 3]]}}\n", "See [@tab:trade].")
    brief = briefgen.load_spec(spec)
    striped = briefgen.build_document(brief, briefgen.load_theme(str(template)))
    plain = briefgen.build_document(brief, briefgen.load_theme("default"))

    def rows(document) -> list[str]:
        data = briefgen.render_bytes(document, "docx")
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        return re.findall(r"<w:tr>.*?</w:tr>", body.split(">Table <")[-1])[1:4]

    assert ['w:fill="ABCDEF"' in row for row in rows(striped)] == [False, True, False]
    assert not any('w:fill="ABCDEF"' in row for row in rows(plain))
    css = briefgen.render_bytes(striped, "html").decode()
    assert "table.b-data-table tbody tr:nth-child(even)>*{background:#ABCDEF}" in css
    pypdf = pytest.importorskip("pypdf")

    def fills(document) -> str:  # what the pages draw
        pages = pypdf.PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf"))).pages
        return " ".join(p.get_contents().get_data().decode("latin-1") for p in pages)

    colour = re.compile(r"\.6705\d* \.8039\d* \.9372\d* rg")  # #ABCDEF, as ReportLab writes it
    assert len(colour.findall(fills(striped))) == 1 and not colour.search(fills(plain))


def test_a_template_may_put_the_notes_at_the_end(tmp_path):
    """`notes: end`: in the PDF a Notes section after the text holds them all; in Word they
    are endnotes."""
    template = tmp_path / "endnotes"
    template.mkdir()
    (template / "template.yaml").write_text("name: endnotes\nnotes: end\n")
    document = briefgen.build_document(briefgen.loads_spec(NOTES_SPEC),
                                       briefgen.load_theme(str(template)))
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf")))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    last = pages[-1]
    assert "Notes" in last and last.index("had not been announced") < last.index("2024 prices")
    assert not any("announced" in p for p in pages[:-1])
    assert "Notes" in [item.title for item in reader.outline if hasattr(item, "title")]
    with zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))) as archive:
        body = archive.read("word/document.xml").decode()
        assert re.findall(r'<w:endnoteReference w:id="(\d+)"/>', body) == ["1", "2"]
        # numbered 1, 2 (Word and LibreOffice count endnotes i, ii … unless told)
        assert re.search(r'<w:sectPr>.*<w:endnotePr><w:numFmt w:val="decimal"/>', body)
        assert "w:footnoteReference" not in body
        assert "announced" in archive.read("word/endnotes.xml").decode()
        assert "<w:endnotePr><w:numFmt w:val=\"decimal\"/>" in archive.read(
            "word/settings.xml").decode()


def test_the_docx_with_charts_is_the_same_a_second_later(example):
    """A chart's workbook is dated as the document, not by the clock (XlsxWriter's default)."""
    import time

    time.sleep(1.1)
    document = briefgen.build_document(briefgen.load_spec(EXAMPLE))
    assert briefgen.render_bytes(document, "docx") == example["docx"]


# --- found by a review of this change ---------------------------------------------------------


def test_a_note_in_an_opportunitys_actions_reaches_the_pdf(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    text = MINIMAL_SPEC.replace("    description: A way to help.\n",
                                "    description: A way to help.\n"
                                "    actions: [\"Act with a note[^act]\"]\n")
    text += "notes:\n  - {id: act, text: NOTE-OF-THE-ACTION}\n"
    document = briefgen.build_document(briefgen.loads_spec(text))
    pdf = pypdf.PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf")))
    assert "NOTE-OF-THE-ACTION" in " ".join(p.extract_text() for p in pdf.pages)


def test_series_without_numbers_and_one_point_lines(tmp_path):
    spec = brief_with(tmp_path, "- {id: wheat, chart: line, data: c.csv, alt: x}\n",
                      files={"c.csv": "year,A,B\n2021,1,\n2022,2,\n"})
    assert any("series 'B' of chart 'wheat' has no numbers" in p for p in problems(spec))
    spec = brief_with(tmp_path, "- {id: wheat, chart: line, data: c.csv, alt: x}\n",
                      files={"c.csv": "year,A,B\n2021,1,\n2022,2,5\n"})
    document = briefgen.build_document(briefgen.load_spec(spec))
    for fmt in ("pdf", "html", "docx"):  # B has one point: its marker
        assert briefgen.render_bytes(document, fmt)


def test_csv_line_numbers_count_blank_lines_and_multi_line_cells(tmp_path):
    spec = brief_with(tmp_path, "- {id: wheat, chart: bar, data: c.csv, alt: x}\n",
                      files={"c.csv": 'year,A\n"20\n21",1\n\n2022,n/a\n'})
    assert any(p.startswith(f"{tmp_path / 'c.csv'}:5:2:") for p in problems(spec))


def test_word_value_axes_keep_the_labels_precision(example):
    with zipfile.ZipFile(io.BytesIO(example["docx"])) as archive:
        wheat = archive.read("word/charts/chart1.xml").decode()
    value_axis = re.search(r"<c:valAx>.*?</c:valAx>", wheat).group(0)
    assert '<c:numFmt formatCode="#,##0.0" sourceLinked="0"/>' in value_axis


def test_the_list_of_figures_drops_nested_note_references(tmp_path):
    from briefgen.layout.exhibits import without_notes
    from briefgen.document import Emphasis, NoteReference, Text

    title = (Emphasis((Text("Chart"), NoteReference("n"))), Text(" end"))
    assert without_notes(title) == (Emphasis((Text("Chart"),)), Text(" end"))


def test_the_font_cache_stays_out_of_the_working_folder(monkeypatch):
    from briefgen.output.fonts import cache_folder

    monkeypatch.delenv("BRIEFGEN_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # no home directory
    assert cache_folder("fonts") is None


def test_html_charts_take_the_chart_roles_font(tmp_path):
    """A template that sets charts in italic mono gets them so in the web page too."""
    template = tmp_path / "mono"
    template.mkdir()
    (template / "template.yaml").write_text(
        "name: mono\nroles:\n  chart: {font: mono, italic: true}\n")
    spec = brief_with(tmp_path, WHEAT)
    document = briefgen.build_document(briefgen.load_spec(spec),
                                       briefgen.load_theme(str(template)))
    svg = re.search(r"<svg\b.*?</svg>", briefgen.render_bytes(document, "html").decode(),
                    re.S).group(0)
    assert 'font-family="&quot;bg-mono&quot;' in svg and 'font-style="italic"' in svg


def test_a_note_in_a_long_list_stands_on_the_page_of_its_item():
    """Each item of a list keeps room for its own notes: item 60 of a list that starts pages
    earlier has its note at the foot of item 60's page."""
    pypdf = pytest.importorskip("pypdf")
    items = "\n".join(f"      - Item {n} of the long list" + ("[^late]" if n == 60 else "")
                      for n in range(1, 61))
    text = MINIMAL_SPEC.replace("    summary: The lead.\n",
                                "    summary: The lead.\n    body: |\n" + items + "\n")
    text += "notes:\n  - {id: late, text: NOTE-OF-ITEM-SIXTY}\n"
    document = briefgen.build_document(briefgen.loads_spec(text))
    pages = [p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(briefgen.render_bytes(document, "pdf"))).pages]
    item = next(n for n, p in enumerate(pages) if "Item 60 of" in p)
    first = next(n for n, p in enumerate(pages) if "Item 1 of" in p)
    assert item > first
    assert [n for n, p in enumerate(pages) if "NOTE-OF-ITEM-SIXTY" in p] == [item]


# --- parts of a real brief (issue 14) --------------------------------------------------------


PARTS_SPEC = MINIMAL_SPEC.replace("pillars:", """takeaways:
  - Kazakhstan backs the **autonomy plan**.
  - Trade could double by 2030.
pillars:""") + """recommendations:
  - {title: Open a trade office in Almaty, text: It gives US firms a foothold.,
     audience: Department of Commerce}
  - {title: Fund a logistics study, text: Of the Trans-Caspian route.}
"""


def test_takeaways_stand_with_the_summary_and_recommendations_are_numbered():
    pypdf = pytest.importorskip("pypdf")
    document = briefgen.build_document(briefgen.loads_spec(PARTS_SPEC))
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(
        io.BytesIO(briefgen.render_bytes(document, "pdf"))).pages]
    summary = next(n for n, p in enumerate(pages) if "A short summary." in p)
    assert "Key Takeaways" in pages[summary] and "Trade could double by 2030." in pages[summary]
    text = " ".join(pages)
    assert "1. Open a trade office in Almaty It gives US firms a foothold. For: Department of " \
           "Commerce 2. Fund a logistics study" in text
    md = briefgen.render_bytes(document, "md").decode()
    assert "1. **Open a trade office in Almaty**" in md and "2. **Fund a logistics study**" in md
    xml = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "word/document.xml").decode()
    assert "Key Takeaways" in xml and "Recommendations" in xml and "For: Department" in xml


PARTS_MORE = MINIMAL_SPEC.replace("title: Minimal brief\n", """title: Minimal brief
authors:
  - {name: Leila Benali, affiliation: Port Economics Desk, bio: "Leila covers **ports**."}
""").replace("    summary: The lead.\n", """    summary: The lead.
    quote: {text: "Ports are the new borders.", speaker: A. Minister}
    boxes:
      - {title: What is a TEU?, body: "A twenty-foot equivalent unit."}
      - {title: Why Tanger Med?, body: "Because of its location."}
""") + """glossary:
  - {term: TEU, definition: Twenty-foot equivalent unit.}
  - {term: Dry port, definition: An inland terminal.}
methodology: Interviews and public statistics.
about: Written for a **workshop**.
disclaimer: The views are the authors' own.
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
def test_boxes_quotes_glossary_methodology_about_and_disclaimer_in_every_format(fmt):
    document = briefgen.build_document(briefgen.loads_spec(PARTS_MORE))
    data = briefgen.render_bytes(document, fmt)
    if fmt == "pdf":
        pypdf = pytest.importorskip("pypdf")
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    elif fmt == "docx":
        text = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        text = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", text))
    else:
        text = data.decode().replace("**", "").replace("\\\\", "")
    flat = " ".join(text.split())
    for words in ("Box 1: What is a TEU?", "Box 2: Why Tanger Med?", "Ports are the new borders.",
                  "A. Minister", "Glossary", "Twenty-foot equivalent unit.", "Methodology",
                  "Interviews and public statistics.", "About the Authors", "Leila Benali",
                  "Disclaimer", "The views are the authors"):
        assert words in flat, (fmt, words)
    assert flat.index("Dry port") < flat.index("TEU Twenty") if fmt == "pdf" else True


def test_report_number_and_doi_reach_the_cover_the_citation_and_the_metadata():
    text = PARTS_MORE + "report_number: TN-2025-07\ndoi: 10.1234/abcd.2025\n" \
        "organization: Port Economics Desk\ndate: 2025-03-01\n"
    document = briefgen.build_document(briefgen.loads_spec(text))
    assert document.blocks[0].date == "1 March 2025 \u00b7 TN-2025-07"
    pypdf = pytest.importorskip("pypdf")
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(
        io.BytesIO(briefgen.render_bytes(document, "pdf"))).pages]
    assert "TN-2025-07" in pages[0]
    assert ("Suggested citation Leila Benali, \u201cMinimal brief\u201d, Port Economics Desk, "
            "TN-2025-07, 1 March 2025. https://doi.org/10.1234/abcd.2025") in " ".join(pages)
    core = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "docProps/core.xml").decode()
    assert "<dc:identifier>https://doi.org/10.1234/abcd.2025</dc:identifier>" in core
    html = briefgen.render_bytes(document, "html").decode()
    assert '<meta name="dc.identifier" content="https://doi.org/10.1234/abcd.2025">' in html
