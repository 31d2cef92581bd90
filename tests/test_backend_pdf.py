"""The PDF backend, checked the way a reader would notice: reopen the file with pypdf and look at
its pages, text, outline, links, metadata and fonts."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("reportlab")

from conftest import PHRASES_FILE as PHRASES
from conftest import ROOT, normalise, phrases, replace_node, with_blocks
from conftest import SEED_SPEC as SEED

import briefgen
from briefgen.document.nodes import Paragraph, Table, Text
from briefgen.errors import RenderError

BASE14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
          "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
          "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats"}

MINIMAL = """\
title: Minimal brief
summary: A short summary.
pillars:
  - title: Only pillar
    summary: One line about the pillar.
risks:
  - title: One risk
    description: Something could go wrong.
    likelihood: low
    impact: high
opportunities:
  - sector: Trade
    description: Some trade.
"""


# --- helpers ------------------------------------------------------------------------------------


def render(document) -> bytes:
    return briefgen.render_bytes(document, "pdf")


def spec(yaml_text: str, tmp_path: Path):
    return briefgen.build_document(briefgen.loads_spec(textwrap.dedent(yaml_text),
                                                       base_dir=tmp_path))


def reader(data: bytes):
    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(pdf) -> list[str]:
    return [normalise(page.extract_text() or "") for page in pdf.pages]


def all_text(pdf) -> str:
    return " ".join(page_texts(pdf))


def outline_titles(pdf) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in order."""
    found: list[tuple[int, str]] = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(pdf.outline, 0)
    return found


def link_annotations(pdf):
    """(page index, annotation dict) for every /Link annotation."""
    for index, page in enumerate(pdf.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                yield index, annot


def named_destination_pages(pdf) -> dict[str, int]:
    return {name: pdf.get_destination_page_number(dest)
            for name, dest in pdf.named_destinations.items()}


def link_target_page(pdf, annot, named: dict[str, int]) -> int | None:
    dest = annot.get("/Dest")
    action = annot.get("/A")
    if dest is None and action is not None and action.get("/S") == "/GoTo":
        dest = action.get("/D")
    if dest is None:
        return None
    if isinstance(dest, (str, bytes)) or hasattr(dest, "original_bytes"):
        return named.get(str(dest))
    return pdf.get_page_number(dest[0].get_object() if hasattr(dest[0], "get_object") else dest[0])


def uris(pdf) -> list[str]:
    out = []
    for _, annot in link_annotations(pdf):
        action = annot.get("/A")
        if action is not None and action.get("/S") == "/URI":
            out.append(str(action.get("/URI")))
    return out


def fonts_of(resources, seen: set) -> list:
    """Every font dictionary reachable from a resource dictionary (forms included)."""
    found = []
    if resources is None:
        return found
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            found.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            found.extend(fonts_of(xobject.get("/Resources"), seen))
    return found


_TEXTS: dict[int, list[str]] = {}


def seed_texts(pdf) -> list[str]:
    """page_texts of the seed PDF, extracted once (pypdf extraction is the slow part)."""
    if id(pdf) not in _TEXTS:
        _TEXTS[id(pdf)] = page_texts(pdf)
    return _TEXTS[id(pdf)]


@pytest.fixture(scope="module")
def seed():
    """The seed brief's document and rendered PDF (rendered once for the module)."""
    document = briefgen.build_document(briefgen.load_spec(SEED))
    data = render(document)
    return document, data, reader(data)


# --- the seed brief -----------------------------------------------------------------------------


def test_seed_renders_a_multi_page_pdf(seed):
    _, data, pdf = seed
    assert data.startswith(b"%PDF-")
    assert len(pdf.pages) >= 8
    width, height = (float(v) for v in pdf.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4, from the template


def test_seed_text_has_every_expected_phrase(seed):
    _, _, pdf = seed
    text = " ".join(seed_texts(pdf))
    phrases = [normalise(line) for line in PHRASES.read_text("utf-8").splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
    missing = [p for p in phrases if p not in text]
    assert not missing


def test_seed_headings_read_in_document_order(seed):
    document, _, pdf = seed
    text = " ".join(seed_texts(pdf))
    contents_end = text.index("At a Glance")  # after the table of contents, which lists them all
    position = contents_end
    for heading in document.headings():
        found = text.find(normalise(heading.text), position)
        assert found >= 0, f"heading {heading.text!r} missing or out of order"
        position = found + 1


def test_cover_comes_first_and_carries_no_running_header(seed):
    document, _, pdf = seed
    texts = seed_texts(pdf)
    cover = texts[0]
    assert "Morocco and Kazakhstan Boost Cooperation" in cover
    assert "A roadmap linking Africa and Central Asia" in cover
    assert "28 February 2025" in cover
    assert "PUBLIC" in cover
    assert "Page 1 of" not in cover
    assert texts[1].startswith("Contents")


def test_running_header_and_footer_show_true_page_totals(seed):
    _, _, pdf = seed
    total = len(pdf.pages)
    for number, text in enumerate(seed_texts(pdf)[1:], 2):
        assert f"Page {number} of {total}" in text
        assert "PUBLIC" in text  # classification in the header
        assert "Morocco and Kazakhstan Boost Cooperation" in text  # running title


def test_outline_mirrors_level_one_and_two_headings(seed):
    document, _, pdf = seed
    expected = [(h.level - 1, h.text) for h in document.headings() if h.level <= 2]
    assert outline_titles(pdf) == expected


def test_outline_entries_point_to_the_pages_their_headings_are_on(seed):
    _, _, pdf = seed
    texts = seed_texts(pdf)

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item

    for item in walk(pdf.outline):
        page = pdf.get_destination_page_number(item)
        assert normalise(item.title) in texts[page], item.title


def test_contents_entries_link_to_their_headings_and_show_their_pages(seed):
    document, _, pdf = seed
    named = named_destination_pages(pdf)
    contents = seed_texts(pdf)[1]
    toc_links = [link_target_page(pdf, a, named) for i, a in link_annotations(pdf) if i == 1]
    entries = [h for h in document.headings() if h.in_toc and h.level <= 2]
    assert len(toc_links) == len(entries)
    texts = seed_texts(pdf)
    for heading, target in zip(entries, toc_links):
        assert target is not None
        assert normalise(heading.text) in texts[target]
        # the printed number follows the title on the contents page
        assert re.search(re.escape(normalise(heading.text)) + rf" {target + 1}\b", contents)


def test_internal_links_resolve_and_citations_point_to_the_sources(seed):
    _, _, pdf = seed
    named = named_destination_pages(pdf)
    texts = seed_texts(pdf)
    sources_page = max(i for i, t in enumerate(texts) if "Sources" in t and "Time News, 1 March"
                       in t)
    citation_targets = []
    for index, annot in link_annotations(pdf):
        action = annot.get("/A")
        if action is not None and action.get("/S") == "/URI":
            continue
        target = link_target_page(pdf, annot, named)
        assert target is not None and 0 <= target < len(pdf.pages)
        if index >= 2:  # past the contents page, the seed's only internal links are citations
            citation_targets.append(target)
    assert len(citation_targets) >= 10
    assert set(citation_targets) == {sources_page}


def test_metadata(seed):
    document, _, pdf = seed
    info = pdf.metadata
    assert info.title == "Morocco and Kazakhstan Boost Cooperation"
    assert info.author == "Time News, time.news"
    assert info.subject == "A roadmap linking Africa and Central Asia"
    assert "Kazakh wheat" in info["/Keywords"]
    assert info.producer == f"briefgen {briefgen.__version__}"
    assert info.creator == f"briefgen {briefgen.__version__}"
    assert info["/CreationDate"].startswith("D:20250228")  # the brief's date, not the clock
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf boolean)


def test_every_font_is_embedded_and_none_is_base14(seed):
    _, _, pdf = seed
    seen: set = set()
    fonts = []
    for page in pdf.pages:
        fonts.extend(fonts_of(page.get("/Resources"), seen))
    assert fonts
    for font in fonts:
        name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
        assert name not in BASE14
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # a composite font keeps its descriptor on the descendant
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), name


def _font_names(pdf) -> set[str]:
    seen: set = set()
    return {str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            for page in pdf.pages for font in fonts_of(page.get("/Resources"), seen)}


def test_seed_pdf_embeds_no_fallback_font(seed):
    _, _, pdf = seed
    assert not any(name.startswith("Noto") for name in _font_names(pdf))


FALLBACK_TEXT = "Ċġ Ĩĩ ẵ Ελληνικά ₸ Қазақстан"


def test_letters_the_theme_fonts_lack_come_from_the_fallback_font(tmp_path):
    pytest.importorskip("fontpkg_noto_sans")
    document = spec(f"""\
        title: "{FALLBACK_TEXT}"
        summary: "Lead {FALLBACK_TEXT}, **bold ẵ Ελ** and *italic Ĩĩ ₸*."
        pillars:
          - title: "Pillar ĸ Ŀŀ Ĳĳ"
            summary: "{FALLBACK_TEXT}"
        risks:
          - title: One risk
            description: "Something `code ẵ` could go wrong."
            likelihood: low
            impact: high
        opportunities:
          - sector: Trade
            description: Some trade.
        """, tmp_path)
    data = render(document)
    pdf = reader(data)
    text = all_text(pdf)
    for expected in (FALLBACK_TEXT, "Lead " + FALLBACK_TEXT, "bold ẵ Ελ", "italic Ĩĩ ₸",
                     "Pillar ĸ Ŀŀ Ĳĳ", "code ẵ"):
        assert normalise(expected) in text, expected
    names = _font_names(pdf)
    assert any(name.startswith("Noto") for name in names), names
    seen: set = set()
    for page in pdf.pages:
        for font in fonts_of(page.get("/Resources"), seen):
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object()


@pytest.mark.parametrize("text, named, hint", [
    # Toto (Unicode 14): in no font package nor any font Debian installs
    ("Toto \U0001E290\U0001E291 letters", "U+1E290 TOTO LETTER PA", "a font that has them"),
])
def test_a_character_no_font_has_is_a_located_error_not_a_box(tmp_path, text, named, hint):
    """Nothing the template's fonts and the fallback lack is dropped in silence: validate and
    build name the character, its field, line and column, and the font that would show it."""
    import subprocess
    import sys

    spec_file = tmp_path / "brief.yaml"
    spec_file.write_text(MINIMAL.replace("summary: A short summary.",
                                         f"summary: A short summary. {text}"), "utf-8")
    brief = briefgen.load_spec(spec_file)  # the spec itself is valid
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.build_document(brief)
    problem = caught.value.problems[0]
    assert named in problem.message and hint in problem.hint and problem.field == "summary"
    rare = next(c for c in text if ord(c) > 0x52F)
    rows = spec_file.read_text("utf-8").splitlines()
    line = next(n for n, row in enumerate(rows, 1) if rare in row)
    assert (problem.line, problem.column) == (line, rows[line - 1].index(rare) + 1)
    for command in ("validate", "build"):
        result = subprocess.run([sys.executable, "-m", "briefgen", command, str(spec_file), "-o",
                                 str(tmp_path / "out")][:7 if command == "build" else 5],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1 and named in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.tools
def test_fallback_letters_survive_pdftotext(tmp_path):
    pytest.importorskip("fontpkg_noto_sans")
    from conftest import require_tool
    require_tool("pdftotext", "pdffonts")
    document = spec(f"""\
        title: "{FALLBACK_TEXT}"
        summary: "Lead."
        pillars:
          - title: Only pillar
            summary: "Para {FALLBACK_TEXT}"
        risks:
          - title: One risk
            description: Something.
            likelihood: low
            impact: high
        opportunities:
          - sector: Trade
            description: Some trade.
        """, tmp_path)
    path = tmp_path / "fallback.pdf"
    path.write_bytes(render(document))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert FALLBACK_TEXT in text and "Para " + FALLBACK_TEXT in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


def test_every_colour_comes_from_the_template(seed):
    document, _, pdf = seed
    palette = [tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))
               for value in document.style.palette.values()]
    operator = re.compile(rb"((?:-?[\d.]+ ){3})(?:rg|RG)\b")
    streams = []
    for page in pdf.pages:
        streams.append(page.get_contents().get_data())
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                streams.append(xobject.get_data())
    seen = {tuple(float(v) for v in m.group(1).split()) for data in streams
            for m in operator.finditer(data)}
    assert seen
    strays = [c for c in seen
              if not any(all(abs(a - b) < 0.003 for a, b in zip(c, p)) for p in palette)]
    assert not strays


def test_two_renders_are_byte_identical(seed):
    document, data, _ = seed
    assert render(document) == data


# --- reproducibility ----------------------------------------------------------------------------


def test_byte_identical_across_processes(tmp_path):
    script = textwrap.dedent(f"""
        import sys, briefgen
        doc = briefgen.build_document(briefgen.load_spec({str(SEED)!r}))
        sys.stdout.buffer.write(briefgen.render_bytes(doc, "pdf"))
    """)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = "random"
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                           env=env, cwd=ROOT).stdout
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                            env=env, cwd=ROOT).stdout
    assert first.startswith(b"%PDF-") and first == second


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    document = spec(MINIMAL, tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    data = render(document)
    info = reader(data).metadata
    assert info["/CreationDate"].startswith("D:20231114221320")
    assert info["/ModDate"].startswith("D:20231114221320")
    assert render(document) == data


def test_without_date_or_epoch_no_date_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    document = spec(MINIMAL, tmp_path)
    data = render(document)
    info = reader(data).metadata
    assert "/CreationDate" not in info and "/ModDate" not in info
    assert info["/Title"] and render(document) == data  # the rest is there, and reproducible


def test_a_malformed_source_date_epoch_is_a_clear_error(tmp_path, monkeypatch):
    document = spec(MINIMAL, tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(RenderError, match="SOURCE_DATE_EPOCH"):
        render(document)


# --- links, text and escaping ---------------------------------------------------------------


def test_external_links_are_clickable_and_unsafe_schemes_are_not(tmp_path):
    document = spec(MINIMAL.replace(
        "summary: A short summary.",
        "summary: 'See [the site](https://example.org/a?b=1&c=2), "
        "[mail](mailto:desk@example.org) and [bad](javascript:alert(1)) here.'"), tmp_path)
    pdf = reader(render(document))
    links = uris(pdf)
    assert "https://example.org/a?b=1&c=2" in links
    assert "mailto:desk@example.org" in links
    assert not [u for u in links if not u.startswith(("https:", "http:", "mailto:"))]
    text = all_text(pdf)
    assert "See the site, mail and" in text
    assert "javascript:alert(1)" in text  # not a link: Markdown leaves it as the text it is


def test_cyrillic_and_latin_extended_text_extracts_back(tmp_path):
    summary = "summary: Nurtleu met in Қазақстан; São Tomé, Łódź, Ærø, Đakovo and Ţara."
    document = spec(MINIMAL.replace("title: Minimal brief", "title: Қазақстан and São Tomé")
                    .replace("summary: A short summary.", summary), tmp_path)
    text = all_text(reader(render(document)))
    for word in ("Қазақстан", "São Tomé", "Nurtleu", "Łódź", "Ærø", "Đakovo",
                 "Ţara"):
        assert word in text


def test_markup_in_spec_text_prints_literally(tmp_path):
    nasty = '<font color="red">x</font> </para> & <a href="javascript:alert(1)">y</a>'
    document = spec(f"""\
        title: '{nasty}'
        summary: '{nasty}'
        key_facts:
          - label: '{nasty}'
            value: '{nasty}'
        pillars:
          - title: '{nasty}'
            summary: '{nasty}'
        risks:
          - title: '{nasty}'
            description: '{nasty}'
            likelihood: high
            impact: low
        opportunities:
          - sector: Trade
            description: '{nasty}'
        """, tmp_path)
    pdf = reader(render(document))
    text = all_text(pdf)
    assert text.count(nasty) >= 6
    assert not [u for u in uris(pdf) if "javascript" in u]
    assert pdf.metadata.title == nasty


def test_code_is_set_in_the_embedded_monospace_font(tmp_path):
    document = spec(MINIMAL.replace("summary: A short summary.",
                                    "summary: 'Run `briefgen build` or `Қазақ <b>` now.'"),
                    tmp_path)
    pdf = reader(render(document))
    assert "Run briefgen build or Қазақ <b> now." in all_text(pdf)
    fonts = {str(f["/BaseFont"]) for page in pdf.pages
             for f in fonts_of(page.get("/Resources"), set())}
    assert any("IBMPlexMono" in f for f in fonts)


def test_without_code_the_monospace_font_is_not_embedded(seed):
    _, _, pdf = seed
    fonts = {str(f["/BaseFont"]) for page in pdf.pages
             for f in fonts_of(page.get("/Resources"), set())}
    assert not any("Mono" in f for f in fonts)


def test_control_characters_are_dropped(tmp_path):
    document = with_blocks(spec(MINIMAL, tmp_path),
                           Paragraph([Text("bell\x07 escape\x1b[31m null\x00 end\x7f.")]))
    text = all_text(reader(render(document)))
    assert "bell escape[31m null end." in text


def test_reportlab_color_expression_payload_is_inert(tmp_path):
    marker = tmp_path / "pwned"
    payload = (
        "[[[getattr(pow, Word('__globals__'))['os'].system('touch " + str(marker) + "') "
        "for Word in [ orgTypeFun( 'Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: "
        "1 == 0, '__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, "
        "'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, '__hash__': "
        "lambda self: hash(str(self)), }, ) ] ] for orgTypeFun in [type(type(1))] for none in "
        "[[].append(1)]]] and 'red'")
    snippet = f'<font color="{payload}">exploit</font>'
    import dataclasses

    document = with_blocks(spec(MINIMAL, tmp_path), Paragraph([Text(snippet)]))
    document = dataclasses.replace(document, meta=dataclasses.replace(document.meta, title=snippet))
    text = all_text(reader(render(document)))
    assert not marker.exists()
    assert normalise(snippet) in text


# --- robustness -----------------------------------------------------------------------------


def test_a_hundred_pillars(tmp_path):
    pillars = "\n".join(
        f"  - title: Pillar number {i}\n    summary: Summary of pillar {i}.\n"
        f"    points: [first point, second point]\n    body: Body text of pillar {i}."
        for i in range(1, 101))
    yaml_text = MINIMAL.replace("pillars:\n  - title: Only pillar\n"
                                "    summary: One line about the pillar.\n",
                                "pillars:\n" + pillars + "\n")
    document = spec(yaml_text, tmp_path)
    pdf = reader(render(document))
    assert len(pdf.pages) > 15
    titles = [t for _, t in outline_titles(pdf)]
    assert titles.count("Strategic Pillars") == 1
    assert [t for t in titles if t.endswith(tuple(f"number {i}" for i in range(1, 101)))] == [
        f"{i}. Pillar number {i}" for i in range(1, 101)]
    texts = page_texts(pdf)
    text = " ".join(texts)
    assert "Body text of pillar 100." in text
    total = len(pdf.pages)
    assert f"Page {total} of {total}" in texts[-1]
    # the contents run over several pages, and every entry links to its heading
    named = named_destination_pages(pdf)
    entries = [h for h in document.headings() if h.in_toc and h.level <= 2]
    toc_links = [(index, link_target_page(pdf, annot, named))
                 for index, annot in link_annotations(pdf)]
    assert len(toc_links) == len(entries)
    assert len({index for index, _ in toc_links}) >= 2
    for heading, (_, target) in zip(entries, toc_links):
        assert normalise(heading.text) in texts[target]


def test_a_five_thousand_character_word_wraps_and_keeps_every_letter(tmp_path):
    word = "".join("abcdefghij"[i % 10] for i in range(5000))
    document = spec(MINIMAL.replace("summary: A short summary.", f"summary: Start {word} end."),
                    tmp_path)
    pdf = reader(render(document))
    squeezed = re.sub(r"\s+", "", " ".join(page.extract_text() for page in pdf.pages))
    squeezed = re.sub(r"Minimalbrief|Page\d+of\d+", "", squeezed)  # running header and footer
    assert f"Start{word}end." in squeezed


def test_a_table_cell_longer_than_a_page(tmp_path):
    document = spec(MINIMAL, tmp_path)
    words = " ".join(f"word{i}" for i in range(10_000))
    table = next(b for b in document.blocks if isinstance(b, Table))
    document = replace_node(document, table.rows[0][3],
                            type(table.rows[0][3])([Paragraph([Text(words)])]))
    pdf = reader(render(document))
    texts = page_texts(pdf)
    assert len(pdf.pages) > 10
    text = " ".join(texts)
    for probe in ("word0 ", "word5000 ", "word9999"):
        assert probe in text
    risk_pages = [t for t in texts if "word5000 " in t or "word9999" in t]
    assert all("Mitigation" in t for t in risk_pages)  # the header row repeats


def test_empty_optional_sections_are_left_out(tmp_path):
    document = spec(MINIMAL, tmp_path)
    pdf = reader(render(document))
    titles = [t for _, t in outline_titles(pdf)]
    assert titles == ["Executive Summary", "Strategic Pillars", "1. Only pillar", "Risks",
                      "Risk Matrix", "Opportunities for US Business", "Trade"]
    text = all_text(pdf)
    assert "At a Glance" not in text and "Sources" not in text


def test_images_are_scaled_to_fit_and_the_logo_is_drawn(tmp_path):
    from PIL import Image as PILImage

    PILImage.new("RGB", (120, 4000), (40, 90, 140)).save(tmp_path / "tall.png")
    PILImage.new("RGB", (300, 100), (200, 30, 30)).save(tmp_path / "logo.png")
    yaml_text = MINIMAL.replace("title: Minimal brief", "title: Minimal brief\nlogo: logo.png")
    yaml_text = yaml_text.replace("    summary: One line about the pillar.\n",
                                  "    summary: One line about the pillar.\n"
                                  "    body: |\n      Before.\n\n"
                                  "      ![A tall chart](tall.png)\n\n"
                                  "      After.\n")
    document = spec(yaml_text, tmp_path)
    pdf = reader(render(document))
    images = [img for page in pdf.pages for img in page.images]
    assert len(images) >= 2
    assert "After." in all_text(pdf)
    frame_w, frame_h = document.style.page.frame_width, document.style.page.frame_height
    placed = []  # (width, height) of every image drawn in the text frame
    for page in pdf.pages[1:]:
        xobjects = page["/Resources"].get("/XObject") or {}
        for m in re.finditer(rb"([\d.]+) 0 0 ([\d.]+) -?[\d.]+ -?[\d.]+ cm\s*/(\S+) Do",
                             page.get_contents().get_data()):
            xobject = xobjects.get("/" + m.group(3).decode())
            if xobject is not None and _is_picture(xobject.get_object()):
                placed.append((float(m.group(1)), float(m.group(2))))
    assert placed and all(w <= frame_w + 0.5 and h <= frame_h + 0.5 for w, h in placed)


def test_an_enormous_title_block_still_shows_all_its_text(tmp_path):
    title = ("A very long title about Қазақстан and São Tomé " * 11)[:500].strip()
    authors = "\n".join(f"  - name: Author {i}\n    affiliation: Institute {i}" for i in range(40))
    document = spec(MINIMAL.replace("title: Minimal brief", f"title: '{title}'\n"
                                    f"subtitle: '{title}'\nauthors:\n{authors}"), tmp_path)
    pdf = reader(render(document))
    cover = page_texts(pdf)[0]
    assert title in cover
    assert "Author 39, Institute 39" in cover


def test_compact_title_block_without_a_cover_page(tmp_path):
    template = tmp_path / "compact"
    template.mkdir()
    (template / "template.yaml").write_text(textwrap.dedent("""\
        name: compact
        extends: default
        page: {cover_page: false, contents: true}
        cover: {style: rule}
    """), "utf-8")
    document = spec("template: compact\nsubtitle: A compact one\nclassification: INTERNAL\n"
                    + MINIMAL, tmp_path)
    pdf = reader(render(document))
    first = page_texts(pdf)[0]
    assert first.startswith("Minimal brief A compact one")
    assert "Contents" in first  # the body starts under the title block, on page 1
    assert f"Page 1 of {len(pdf.pages)}" in first


def test_unknown_blocks_render_their_content_with_one_warning(tmp_path, caplog):
    import dataclasses

    from briefgen.document.nodes import Node

    @dataclasses.dataclass(frozen=True)
    class Mystery(Node):
        content: tuple

    document = with_blocks(spec(MINIMAL, tmp_path), Mystery((Paragraph([Text("inner words")]),)),
                           Mystery(()))
    assert "inner words" in all_text(reader(render(document)))
    assert caplog.text.count("no rendering for Mystery") == 1


# --- every node type ------------------------------------------------------------------------


def test_the_node_tour_has_its_outline_links_and_images():
    """The contract suite's document with every node type (tests/test_contract.py reads its
    words back): here, what only a PDF has — bookmarks, link annotations, images."""
    from briefgen.testing import node_tour

    pdf = reader(render(node_tour()))
    assert 'https://example.org/q?a="1"&b=<2>' in uris(pdf)
    assert not any("javascript" in u for u in uris(pdf))
    assert len(pdf.pages[0].images) == 1  # the logo
    titles = [t for _, t in outline_titles(pdf)]
    assert titles[:3] == ["Blocks", "7. Second level", "Roles"] and titles[-1] == "Sources"
    named = named_destination_pages(pdf)
    internal = [a for _, a in link_annotations(pdf) if "/URI" not in (a.get("/A") or {})]
    assert len(internal) >= 6  # contents entries and citations
    assert all(link_target_page(pdf, a, named) is not None for a in internal)


def test_a_link_to_a_heading_that_cannot_be_shown_does_not_break_the_file(tmp_path):
    from briefgen.document import nodes as n

    document = spec(MINIMAL, tmp_path)
    table = next(b for b in document.blocks if isinstance(b, Table))
    # a level cell shows only its label, so this heading is listed in the contents but not drawn
    cell = table.rows[0][1]
    document = replace_node(document, cell, n.TableCell(
        (*cell.content, n.Heading(2, [n.Text("Hidden")], "hidden")), cell.role))
    pdf = reader(render(document))
    named = named_destination_pages(pdf)
    assert all(link_target_page(pdf, a, named) is not None for _, a in link_annotations(pdf))


# --- inline markup --------------------------------------------------------------------------


def _markup_text(markup: str) -> str:
    """What ReportLab makes of a piece of markup: the text of its fragments."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as RLParagraph

    from briefgen.backends.pdf.fonts import register_family

    faces = register_family(briefgen.load_style("default").fonts.body)
    style = ParagraphStyle("t", fontName=faces.regular)
    return "".join(frag.text for frag in RLParagraph(markup, style).frags)


def test_markup_escapes_text_and_attributes():
    from briefgen.backends.pdf.markup import InlineStyle, escape_attr, to_markup
    from briefgen.document import nodes as n

    nasty = "<b>&amp; </para> \"q\" 'a'"
    style = InlineStyle(link_color="#123456", citation_color="#123456", font_size=10,
                        code_size=9)
    (markup,) = to_markup([n.Text(nasty), n.Link('https://x.org/?a="b"', [n.Text("l")])], style)
    assert "<b>&amp;" not in markup and "&lt;b&gt;&amp;amp;" in markup
    assert 'href="https://x.org/?a=&quot;b&quot;"' in markup
    assert _markup_text(markup) == nasty + "l"
    assert escape_attr('"><img src=x>') == "&quot;&gt;&lt;img src=x&gt;"


def test_long_paragraphs_come_back_in_balanced_pieces_with_every_word():
    from briefgen.backends.pdf.markup import CHUNK, InlineStyle, to_markup
    from briefgen.document import nodes as n

    words = [f"w{i}" for i in range(3000)]
    inlines = [n.Text(" ".join(words[:1000]) + " "),
               n.Strong([n.Text(" ".join(words[1000:2000]) + " "),
                         n.Emphasis([n.Text("x" * 3000)])]),
               n.Text(" " + " ".join(words[2000:]) + ". Done.")]
    chunks = to_markup(inlines, InlineStyle(link_color="#123456", citation_color="#123456",
                                            font_size=10, code_size=9))
    assert len(chunks) > 5
    texts = [_markup_text(c) for c in chunks]  # each piece parses on its own
    assert all(len(t) <= CHUNK * 2 for t in texts)
    joined = " ".join(texts)
    assert set(words[:-1]) <= set(joined.split())  # cut between words, never inside one
    squeezed = "".join(joined.split())
    assert squeezed == "".join(words[:2000]) + "x" * 3000 + "".join(words[2000:]) + ".Done."


# --- figures in boxes, boxes longer than a page, failures ------------------------------------


def _is_picture(xobject) -> bool:
    """An image, or a form that draws one (briefgen draws each distinct image from a form)."""
    if xobject.get("/Subtype") == "/Image":
        return True
    inner = (xobject.get("/Resources") or {}).get("/XObject") or {}
    return xobject.get("/Subtype") == "/Form" and any(
        value.get_object().get("/Subtype") == "/Image" for value in inner.values())


def placed_images(pdf) -> list[tuple[int, float, float]]:
    """(page index, width, height) of every image drawn on a page."""
    placed = []
    for index, page in enumerate(pdf.pages):
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for m in re.finditer(rb"([\d.]+) 0 0 ([\d.]+) -?[\d.]+ -?[\d.]+ cm\s*/(\S+) Do",
                             page.get_contents().get_data()):
            xobject = xobjects.get("/" + m.group(3).decode())
            if xobject is not None and _is_picture(xobject.get_object()):
                placed.append((index, float(m.group(1)), float(m.group(2))))
    return placed


FIGURE = "  Text before.\n\n  ![A map of the region](map.png)\n\n  Text after.\n"


@pytest.mark.parametrize("where", ["summary", "pillar body", "faq answer"])
@pytest.mark.parametrize("size", [(800, 500), (120, 4000)])
def test_a_figure_in_a_box_renders_and_fits(tmp_path, where, size):
    from PIL import Image as PILImage

    PILImage.new("RGB", size, (40, 90, 140)).save(tmp_path / "map.png")
    if where == "summary":
        yaml_text = MINIMAL.replace("summary: A short summary.\n",
                                    "summary: |\n" + FIGURE)
    elif where == "pillar body":
        yaml_text = MINIMAL.replace("    summary: One line about the pillar.\n",
                                    "    summary: One line about the pillar.\n    body: |\n"
                                    + textwrap.indent(FIGURE, "    "))
    else:
        yaml_text = MINIMAL + "faq:\n  - question: Where is it?\n    answer: |\n" + \
            textwrap.indent(FIGURE, "    ")
    document = spec(yaml_text, tmp_path)
    pdf = reader(render(document))
    placed = placed_images(pdf)
    assert len(placed) == 1
    assert any(page.images for page in pdf.pages)
    frame_w, frame_h = document.style.page.frame_width, document.style.page.frame_height
    _, width, height = placed[0]
    assert width <= frame_w + 0.5 and height <= frame_h + 0.5
    text = all_text(pdf)
    assert "Text before." in text and "Text after." in text


@pytest.mark.parametrize("summary", ["a " * 5000 + "x", "> " * 5000])
def test_a_summary_of_one_letter_words_longer_than_a_page_splits(tmp_path, summary):
    document = spec(MINIMAL.replace("summary: A short summary.", f'summary: "{summary}"'),
                    tmp_path)
    pdf = reader(render(document))
    text = all_text(pdf)
    token = summary[0]
    assert len(re.findall(rf"(?<!\S){re.escape(token)}(?!\S)", text)) == 5000
    if summary.endswith("x"):
        assert " a x " in text
    assert "Only pillar" in text  # and the rest of the brief follows


def test_a_pull_quote_longer_than_a_page_keeps_every_word(tmp_path):
    words = " ".join(f"q{i}" for i in range(2500))
    document = spec(MINIMAL + f'quotes:\n  - text: "{words}"\n    speaker: Someone\n', tmp_path)
    text = all_text(reader(render(document)))
    assert set(words.split()) <= set(re.findall(r"q\d+", text))
    assert "Someone" in text


def test_a_box_that_cannot_split_at_all_flows_on_unboxed():
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate

    from briefgen.backends.pdf.flowables import SplittingTable

    style = getSampleStyleSheet()["Normal"]
    paras = [RLParagraph(f"Line number {i} of the box.", style) for i in range(120)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer)
    box = SplittingTable([[paras]], splitInRow=100_000)  # no split point is ever good enough
    box.frame_height = doc.height
    doc.build([box])
    text = all_text(reader(buffer.getvalue()))
    assert all(f"Line number {i} of the box." in text for i in range(120))


def test_a_panel_breaks_across_pages_and_cuts_what_straddles_a_page_break():
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate

    from briefgen.backends.pdf.panel import Panel, PanelLook

    style = getSampleStyleSheet()["Normal"]
    long_one = " ".join(f"w{i}" for i in range(3000))  # itself longer than a page
    content = [RLParagraph(f"Line number {i} of the box.", style) for i in range(60)]
    content[30:30] = [RLParagraph(long_one, style)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer)
    doc.build([Panel(content, PanelLook(padding_x=6, padding_y=6))])
    pdf = reader(buffer.getvalue())
    text = all_text(pdf)
    assert len(pdf.pages) >= 3
    assert all(f"Line number {i} of the box." in text for i in range(60))
    assert set(long_one.split()) <= set(re.findall(r"w\d+", text))
    assert text.index("Line number 29 ") < text.index("w0 ") < text.index("w2999")
    assert text.index("w2999") < text.index("Line number 30 ")


def test_a_panel_that_cannot_split_at_all_flows_on_unboxed():
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate

    from briefgen.backends.pdf.panel import Panel, PanelLook

    style = getSampleStyleSheet()["Normal"]
    paras = [RLParagraph(f"Line number {i} of the box.", style) for i in range(120)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer)
    panel = Panel(paras, PanelLook(padding_y=4), min_split=100_000)  # never a good split
    panel.frame_height = doc.height
    doc.build([panel])
    text = all_text(reader(buffer.getvalue()))
    assert all(f"Line number {i} of the box." in text for i in range(120))


def test_an_unexpected_reportlab_failure_is_a_render_error(tmp_path, monkeypatch):
    from briefgen.backends.pdf import writer

    def broken(self, *args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    document = spec(MINIMAL, tmp_path)
    monkeypatch.setattr(writer.BaseDocTemplate, "build", broken)
    with pytest.raises(RenderError, match=r"^pdf: .*ZeroDivisionError: float division by zero"):
        render(document)


def test_reportlab_environment_overrides_do_not_change_the_output():
    script = textwrap.dedent(f"""
        import sys, briefgen, reportlab.rl_config as c
        doc = briefgen.build_document(briefgen.loads_spec({MINIMAL!r}))
        data = briefgen.render_bytes(doc, "pdf")
        sys.stdout.buffer.write(str(c.ttfAsciiReadable).encode() + b"\\n" + data)
    """)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    plain = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                           env=env, cwd=ROOT).stdout
    env["RL_ttfAsciiReadable"] = "0"
    overridden = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                                env=env, cwd=ROOT).stdout
    assert overridden.startswith(b"1\n%PDF-")
    assert overridden == plain


@pytest.mark.parametrize("field", ["padding_x", "padding_y", "bar_width", "gap"])
def test_boxes_whose_paddings_would_not_fit_a_page_are_fitted_not_fatal(seed_document, field):
    """A style built by hand may ask for 500 pt of padding; every box still prints its text."""
    import dataclasses

    style = seed_document.style
    boxes = {role: dataclasses.replace(look, **{field: 500.0})
             for role, look in style.boxes.items()}
    data = briefgen.render_bytes(seed_document, "pdf",
                                 style=dataclasses.replace(style, boxes=boxes))
    text = all_text(reader(data))
    assert [p for p in map(normalise, phrases()) if p not in text] == []


def _embedded_font(pdf: bytes, base_font: str):
    """The embedded font whose BaseFont ends with `base_font`, opened with fontTools."""
    from fontTools.ttLib import TTFont

    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if str(font["/BaseFont"]).endswith(base_font):
                return TTFont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_data()))
    raise AssertionError(f"no font {base_font} in the PDF")


def test_a_template_font_with_a_packaged_fonts_name_is_the_one_embedded(tmp_path, seed_brief):
    """ReportLab shares faces by PostScript name: a template's own build of PT Serif (here one
    with another family name) must not be replaced by the packaged PT Serif another build
    registered."""
    fontpkg = pytest.importorskip("fontpkg")
    from fontTools.ttLib import TTFont

    house = TTFont(fontpkg.path("PT Serif"))
    house["name"].setName("House Serif", 1, 3, 1, 0x409)
    house.save(tmp_path / "house.ttf")
    (tmp_path / "template.yaml").write_text("name: house\nfonts: {body: {regular: house.ttf}}\n")
    packaged = render(briefgen.build_document(seed_brief))
    own = render(briefgen.build_document(seed_brief, theme=briefgen.load_theme(str(tmp_path))))
    family = _embedded_font(packaged, "PTSerif-Regular")["name"].getDebugName(1)
    assert family == "PT Serif"
    assert _embedded_font(own, "PTSerif-Regular-2")["name"].getDebugName(1) == "House Serif"


def test_embedded_fonts_carry_no_hinting(seed):
    """Hinting is most of PT Serif's weight and PDF viewers draw without it, as the DOCX and
    HTML embed fonts: the seed PDF is about 100 KB rather than 200 KB."""
    seed_pdf = seed[1]
    for face in ("PTSerif-Regular", "PTSans-Bold"):
        tables = set(_embedded_font(seed_pdf, face).reader.tables)
        assert not tables & {"fpgm", "prep", "cvt "}, face
    assert len(seed_pdf) < 140_000


CACHE_BUILD = """
import sys, briefgen
document = briefgen.build_document(briefgen.load_spec(sys.argv[1]))
sys.stdout.buffer.write(briefgen.render_bytes(document, "pdf"))
"""


def test_the_font_cache_only_saves_time(tmp_path):
    """Unhinted fonts are kept in the cache folder; the PDF is the same byte for byte whether
    the folder is empty, filled, damaged or cannot be written."""
    def build(cache: Path) -> bytes:
        env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(cache)}
        return subprocess.run([sys.executable, "-c", CACHE_BUILD, str(SEED)], env=env,
                              capture_output=True, check=True).stdout

    cache = tmp_path / "cache"
    first = build(cache)
    kept = sorted((cache / "fonts").glob("*.ttf"))
    assert len(kept) >= 4 and all(f.stat().st_size < 100_000 for f in kept)
    assert build(cache) == first
    for file in kept:
        file.write_bytes(b"\x00\x01\x00\x00 damaged")
    assert build(cache) == first
    assert all(f.read_bytes() != b"\x00\x01\x00\x00 damaged" for f in kept)  # made again
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert build(blocked) == first


def test_a_paragraph_is_broken_into_lines_once_per_width(monkeypatch):
    """Tables and frames wrap the same paragraph many times: the answer is remembered."""
    from reportlab.lib.styles import ParagraphStyle

    from briefgen.backends.pdf.flowables import MemoParagraph

    para = MemoParagraph("Some words to wrap " * 20, ParagraphStyle("body", fontSize=10))
    calls = []
    original = para.breakLines
    monkeypatch.setattr(para, "breakLines", lambda widths: calls.append(widths) or
                        original(widths))
    first = para.wrap(300, 1000)
    assert para.wrap(300, 1000) == first and len(calls) == 1
    para.wrap(200, 1000)
    assert len(calls) == 2
