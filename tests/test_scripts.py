"""Every script on the page (issue 12): Arabic joined and right to left, Devanagari and Thai
shaped, from the fallback chain; the PDF's text layer gives the words as written."""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata

import pytest
from conftest import MINIMAL_SPEC, ROOT, require_tool

import briefgen
from briefgen.backends.pdf.bidi import embedding_levels, reorder, visual_text

ARABIC_SPEC = ROOT / "specs" / "morocco-kazakhstan.ar.yaml"


def write_brief(path, title: str, summary: str, lead: str = "The lead.") -> None:
    """The minimal brief (conftest) with its own title, summary and pillar lead."""
    path.write_text(MINIMAL_SPEC.replace("title: Minimal brief", f"title: {title}")
                    .replace("summary: A short summary.", f"summary: {summary}")
                    .replace("summary: The lead.", f"summary: {lead}"), "utf-8")


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    # poppler marks right-to-left runs with embedding controls: the words are what count
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Cf").split())


def pdf_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def arabic_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("arabic")
    (result,) = briefgen.build(ARABIC_SPEC, "pdf", out)
    return result.path


@pytest.mark.tools
def test_the_arabic_edition_reads_in_logical_order_with_its_font_embedded(arabic_pdf):
    require_tool("pdftotext", "pdffonts")
    text = pdf_text(arabic_pdf)
    for phrase in ("المغرب وكازاخستان", "ملخص تنفيذي", "الركائز الاستراتيجية",
                   "أبرز ما يهم صناع القرار"):
        assert phrase in text, phrase
    fonts = pdf_fonts(arabic_pdf)
    assert "NotoSansArabic" in fonts and "Type 3" not in fonts


@pytest.mark.tools
def test_devanagari_and_thai_are_shaped_from_the_fallback_chain(tmp_path):
    require_tool("pdftotext", "pdffonts")
    spec = tmp_path / "scripts.yaml"
    write_brief(spec, "Scripts",
                '"Hindi: नमस्ते दुनिया. Thai: สวัสดีครับ. Arabic: مرحبا بالعالم in English text."')
    (result,) = briefgen.build(spec, "pdf", tmp_path)
    text, fonts = pdf_text(result.path), pdf_fonts(result.path)
    for phrase in ("नमस्ते दुनिया", "สวัสดีครับ", "Arabic: مرحبا بالعالم", "in English text."):
        assert phrase in text, (phrase, text)
    assert "NotoSansDevanagari" in fonts and "NotoSansThai" in fonts


def test_a_line_mixing_directions_is_drawn_in_visual_order():
    # an Arabic phrase in English text keeps its place; its letters run right to left
    line = "The word خارطة طريق means roadmap."
    visual = "".join(line[i] for i in reorder(embedding_levels(line, False)))
    assert visual == "The word قيرط ةطراخ means roadmap."
    # in a right-to-left paragraph an English name and a number keep their own order
    line = "قال Nasser Bourita في 2025"
    visual = "".join(line[i] for i in reorder(embedding_levels(line, True)))
    assert visual == "2025 يف Nasser Bourita لاق"


def test_brackets_mirror_where_they_run_right_to_left():
    assert visual_text("(1)", True) == "(1)"  # a bracket pair keeps its shape on the page
    assert visual_text("[a]", False) == "[a]"
    assert visual_text("(אב)", True) == "(בא)"


@pytest.mark.parametrize("language, date, contents", [
    ("de", "28. Februar 2025", "Inhalt"), ("es", "28 de febrero de 2025", "Índice"),
    ("pt", "28 de fevereiro de 2025", "Índice"), ("ru", "28 февраля 2025", "Содержание"),
    ("kk", "28 ақпан", "Мазмұны"), ("zh", "2025年2月28日", "目录"),
    ("ja", "2025年2月28日", "目次"), ("ar", "28 فبراير 2025", "المحتويات"),
    ("fr", "28 février 2025", "Sommaire"), ("en", "28 February 2025", "Contents"),
])
def test_a_brief_in_ten_languages_gets_its_words_and_its_dates(language, date, contents):
    """Labels come from the template per language; dates from CLDR (Babel), not from English
    month names."""
    seed = (ROOT / "specs" / "morocco-kazakhstan.yaml").read_text("utf-8")
    brief = briefgen.loads_spec(seed.replace("language: en", f"language: {language}"),
                                base_dir=ROOT / "specs")
    text = briefgen.render_bytes(briefgen.build_document(brief), "html").decode("utf-8")
    assert date in text and contents in text, (language, text[:400])


@pytest.mark.tools
def test_hebrew_chinese_japanese_and_emoji_come_from_system_fonts(tmp_path):
    """Scripts no font package carries are found among the system's TrueType fonts."""
    require_tool("pdftotext", "pdffonts", "fc-list")
    spec = tmp_path / "system.yaml"
    write_brief(spec, "System fonts",
                '"Hebrew שלום עולם; Chinese 中国经济; Japanese ひらがな カタカナ; sign ☺."')
    try:
        (result,) = briefgen.build(spec, "pdf", tmp_path)
    except briefgen.SpecError as error:  # the fonts are not installed here: named, not lost
        import os
        if os.environ.get("CI"):
            raise
        pytest.skip(f"system fonts missing (.ci/run installs them): {error}")
    text = pdf_text(result.path)
    for phrase in ("שלום עולם", "中国经济", "ひらがな カタカナ", "☺"):
        assert phrase in text, (phrase, text)


@pytest.mark.tools
def test_the_running_header_and_footer_show_arabic_words_not_boxes(arabic_pdf):
    """Text drawn on the canvas (running header and footer) has the fallback chain too."""
    require_tool("pdftotext")
    page = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "3", "-l", "3", str(arabic_pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join("".join(ch for ch in page if unicodedata.category(ch) != "Cf").split())
    assert re.search(r"الصفحة 3 ?من \d+", words) and "تايم نيوز" in words, words[-300:]


@pytest.mark.tools
def test_a_right_to_left_brief_mirrors_bullets_tables_and_contents(arabic_pdf):
    """Bullets hang at the right of their items, the key facts' labels stand in the right
    column and the contents' page numbers at the left."""
    require_tool("pdftotext")

    def words(page: int) -> list[tuple[float, str]]:
        layout = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox",
                                 str(arabic_pdf), "-"], capture_output=True, text=True,
                                check=True).stdout
        # poppler lists right-to-left words as their glyphs stand: reversed
        return [(float(x), word) for x, word in
                re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', layout)]

    page_width = 595.0
    bullets = [x for page in (3, 4, 5) for x, word in words(page) if word == "•"]
    assert bullets and min(bullets) > page_width * 0.6, bullets
    contents = words(2)
    label = next(x for x, word in contents if word[::-1] == "الاجتماع")
    value = next(x for x, word in contents if word[::-1] == "فبراير")
    assert label > value > 0, (label, value)
    numbers = [x for x, word in contents if word.isdigit() and x < page_width * 0.3]
    assert len(numbers) >= 15, numbers  # the contents' page numbers, down the left margin


@pytest.mark.tools
def test_every_line_of_a_right_to_left_list_item_ends_short_of_its_bullet(arabic_pdf):
    """An item's later lines end where its first does, clear of the bullet at the right,
    as a hanging indent does on the left in a left-to-right brief."""
    require_tool("pdftotext")
    layout = subprocess.run(["pdftotext", "-f", "3", "-l", "3", "-bbox", str(arabic_pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
    words = [(float(x0), float(x1), float(y), word) for x0, y, x1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', layout)]
    bullets = sorted((y, x0) for x0, _, y, word in words if word == "•")
    assert len(bullets) >= 4, bullets
    for (top, bullet_x), (next_top, _) in itertools.pairwise(bullets):
        ends: dict[float, float] = {}  # line's first top → the line's right end
        for y, x1 in sorted((y, x1) for _, x1, y, word in words
                            if top - 6 <= y < next_top - 6 and word != "•"):
            line = next((start for start in ends if y - start < 6), y)
            ends[line] = max(ends.get(line, 0.0), x1)
        assert len(ends) >= 2, ends  # each item runs over more than one line
        assert max(ends.values()) < bullet_x - 4, (bullet_x, ends)
        assert max(ends.values()) - min(ends.values()) < 3, ends


def test_the_arabic_word_edition_runs_right_to_left(tmp_path):
    """Word's own marks of a right-to-left document: paragraphs and sections (w:bidi), runs
    (w:rtl), tables laid out from the right (w:bidiVisual), and the complex-script font and
    language that Word sets Arabic letters in."""
    import zipfile

    (result,) = briefgen.build(ARABIC_SPEC, "docx", tmp_path)
    with zipfile.ZipFile(result.path) as package:
        body = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
        font_table = package.read("word/fontTable.xml").decode("utf-8")
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert "<w:bidi/>" in defaults and 'w:bidi="ar"' in defaults
    assert 'w:cs="Noto Sans Arabic"' in defaults and 'w:cs="Noto Sans Arabic"' in styles
    assert body.count("<w:rtl/>") > 100 and "<w:bidiVisual/>" in body
    assert re.search(r"<w:sectPr>.*<w:bidi/><w:docGrid", body)
    # Arabic faces are tall: every paragraph style keeps its own leading exactly
    assert 'w:lineRule="atLeast"' not in styles and 'w:lineRule="exact"' in styles
    # the Arabic face is embedded, regular and bold, with the tables that join its letters
    entry = re.search(r'<w:font w:name="Noto Sans Arabic">(.*?)</w:font>', font_table).group(1)
    assert "w:embedRegular" in entry and "w:embedBold" in entry
    assert b"GSUB" in embedded_face(result.path, "Noto Sans Arabic")[:1024]


def embedded_face(docx, name: str) -> bytes:
    """The de-obfuscated regular face Word embedded for the font `name` (ECMA-376 §17.8.1)."""
    import zipfile

    with zipfile.ZipFile(docx) as package:
        table = package.read("word/fontTable.xml").decode("utf-8")
        rels = package.read("word/_rels/fontTable.xml.rels").decode("utf-8")
        found = re.search(rf'<w:font w:name="{name}">.*?<w:embedRegular r:id="(\w+)" '
                          r'w:fontKey="\{([^}]+)\}"', table)
        rid, key = found.groups()
        target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*/>', rels).group(0)
        data = bytearray(package.read("word/" + re.search(r'Target="([^"]+)"', target).group(1)))
    secret = bytes.fromhex(key.replace("-", ""))[::-1]
    for index in range(32):
        data[index] ^= secret[index % 16]
    return bytes(data)


def test_every_arabic_run_of_the_word_edition_is_marked_right_to_left(tmp_path):
    """Cover, classification, column titles, captions and header alike: a run of Arabic
    letters without w:rtl is laid out by Word as left-to-right text (its neutrals and
    digits go the wrong way)."""
    import zipfile

    (result,) = briefgen.build(ARABIC_SPEC, "docx", tmp_path)
    unmarked, arabic = [], 0
    with zipfile.ZipFile(result.path) as package:
        for name in package.namelist():
            if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                continue
            for run in re.findall(r"<w:r>.*?</w:r>", package.read(name).decode("utf-8")):
                text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", run))
                if re.search("[\u0600-\u06ff]", text):
                    arabic += 1
                    if "<w:rtl/>" not in run:
                        unmarked.append((name, text))
    assert arabic > 250 and not unmarked, unmarked


def test_a_left_to_right_word_brief_has_no_right_to_left_marks(tmp_path):
    (result,) = briefgen.build(ROOT / "specs" / "morocco-kazakhstan.yaml", "docx", tmp_path)
    import zipfile

    with zipfile.ZipFile(result.path) as package:
        body = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert "<w:rtl/>" not in body and "bidiVisual" not in body and "<w:bidi/>" not in styles


@pytest.mark.tools
def test_the_arabic_word_edition_reads_in_logical_order_in_libreoffice(tmp_path):
    require_tool("soffice", "pdftotext")
    (result,) = briefgen.build(ARABIC_SPEC, "docx", tmp_path)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(result.path)], capture_output=True, timeout=240, check=True)
    # LibreOffice's text layer spells the lam-alef ligature backwards, and with the embedded
    # Noto Sans Arabic breaks words where a letter's dots are separate glyphs: the letters
    # and their order are what is checked
    letters = pdf_text(tmp_path / "morocco-kazakhstan.ar.pdf").replace(" ", "")
    for phrase in ("المغرب وكازاخستان", "ملخص تنفيذي", "تايم نيوز", "أبرز ما يهم صناع القرار"):
        assert phrase.replace(" ", "") in letters, phrase


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_language_the_template_has_no_words_for_is_a_located_warning(tmp_path, command):
    import sys

    seed = (ROOT / "specs" / "morocco-kazakhstan.yaml").read_text("utf-8")
    spec = tmp_path / "swahili.yaml"
    spec.write_text(seed.replace("language: en", "language: sw"), "utf-8")
    line = next(n for n, row in enumerate(seed.splitlines(), 1) if row.startswith("language:"))
    args = [sys.executable, "-m", "briefgen", command, str(spec)]
    if command == "build":
        args += ["-f", "md", "-o", str(tmp_path / "out")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert f"swahili.yaml:{line}:11: language:" in result.stderr
    assert "'sw'" in result.stderr and "ar, de, en, es, fr, ja, kk, pt, ru, zh" in result.stderr
    german = tmp_path / "german.yaml"
    german.write_text(seed.replace("language: en", "language: de-AT"), "utf-8")
    quiet = subprocess.run(args[:4] + [str(german)] + args[5:], capture_output=True, text=True,
                           timeout=120, cwd=ROOT)
    assert quiet.returncode == 0 and "warning" not in quiet.stderr, quiet.stderr


def test_a_template_names_its_own_fallback_fonts(tmp_path, monkeypatch):
    """fonts: {fallback: [...]} puts a template's families before briefgen's chain: with the
    chain out of reach, a Thai brief fails the character check without them and is set in
    them with them."""
    from briefgen.output import fallback_fonts

    monkeypatch.setattr(fallback_fonts, "PACKAGE_FAMILIES", ())
    monkeypatch.setattr(fallback_fonts, "system_families", lambda wanted: ())
    fallback_fonts._package_families.cache_clear()
    import briefgen.coverage as coverage
    coverage._coverage.cache_clear()
    try:
        spec = tmp_path / "thai.yaml"
        write_brief(spec, "Thai", '"สวัสดีครับ"')
        with pytest.raises(briefgen.SpecError) as caught:
            briefgen.build(spec, "pdf", tmp_path / "none")
        assert "fonts: {fallback: [...]}" in caught.value.problems[0].hint
        house = tmp_path / "house"
        house.mkdir()
        (house / "template.yaml").write_text(
            "name: house\nextends: default\nfonts:\n  fallback: [Noto Sans Thai]\n", "utf-8")
        theme = briefgen.load_theme(str(house))
        assert [f.name for f in theme.style().fonts.fallback] == ["Noto Sans Thai"]
        document = briefgen.build_document(briefgen.load_spec(spec), theme)
        pdf = briefgen.render_bytes(document, "pdf", theme)
        assert b"NotoSansThai" in pdf
    finally:
        fallback_fonts._package_families.cache_clear()
        coverage._coverage.cache_clear()


def test_the_arabic_web_page_runs_right_to_left_in_its_own_arabic_face(tmp_path):
    """The page says its direction, and carries the Arabic face its letters need (with the
    tables that join them), named after the theme's in every family list."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    (result,) = briefgen.build(ARABIC_SPEC, "html", tmp_path)
    page = result.path.read_text("utf-8")
    assert re.search(r'<html[^>]*dir="rtl"', page) and re.search(r'<html[^>]*lang="ar"', page)
    faces = re.findall(r'@font-face\{font-family:"bg-script-0";src:url\(data:font/woff;base64,'
                       r'([A-Za-z0-9+/=]+)\)', page)
    assert len(faces) == 2  # regular and bold
    font = TTFont(io.BytesIO(base64.b64decode(faces[0])))
    assert "GSUB" in font and 0x0627 in font.getBestCmap()
    assert re.search(r'--font-body:"bg-body","[^"]+","bg-script-0"', page)


def test_a_template_word_no_font_has_is_a_located_error_in_the_template(tmp_path):
    """The template's own words are checked too, for the brief's language: a Toto label
    points at its line in the template, not at the spec."""
    house = tmp_path / "house"
    house.mkdir()
    (house / "template.yaml").write_text(
        "name: house\nextends: default\nlabels:\n  sw:\n    risks: \"Hatari \U0001E290\"\n",
        "utf-8")
    seed = (ROOT / "specs" / "morocco-kazakhstan.yaml").read_text("utf-8")
    brief = briefgen.loads_spec(seed.replace("language: en", "language: sw"),
                                base_dir=ROOT / "specs")
    theme = briefgen.load_theme(str(house))
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.build_document(brief, theme)
    problem = caught.value.problems[0]
    assert problem.file.endswith("template.yaml") and (problem.line, problem.column) == (5, 20)
    assert problem.field == "labels.sw.risks" and "U+1E290" in problem.message
    english = briefgen.loads_spec(seed, base_dir=ROOT / "specs")
    briefgen.build_document(english, theme)  # the Swahili words are not this brief's


@pytest.mark.tools
def test_the_arabic_risk_matrix_and_running_header_mirror(arabic_pdf):
    """The matrix's row labels stand at its right and its words are shaped (no empty boxes);
    the running header's title stands at the right."""
    require_tool("pdftotext")
    layout = subprocess.run(["pdftotext", "-bbox", str(arabic_pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    pages = layout.split("<page ")[1:]
    matrix = next(page for page in pages if "ةفوفصم" in page and "لامتحا" in page)
    words = [(float(x), word[::-1]) for x, word in
             re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', matrix)]
    low = [x for x, word in words if word == "منخفض"]  # a row label and a column label
    assert low and max(low) > 595 * 0.6, low
    assert "احتمال" in [word for _, word in words]  # the row axis's title, shaped and read
    header = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', pages[3])
    title = [float(x) for x, y, word in header if float(y) < 60 and word[::-1] == "المغرب"]
    assert title and title[0] > 595 * 0.5, header[:6]


@pytest.mark.tools
def test_the_arabic_cover_shows_its_classification_and_puts_its_bars_at_the_right(arabic_pdf):
    require_tool("pdftotext")
    page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(arabic_pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "عام" in page  # the classification banner, drawn on the canvas
    from pypdf import PdfReader

    content = PdfReader(arabic_pdf).pages[0].get_contents().get_data().decode("latin-1")
    bars = [float(x) for x, w in re.findall(r"([\d.]+) [\d.]+ ([\d.]+) [\d.]+ re", content)
            if float(w) < 60]  # the short accent bars under the title and above the date
    assert bars and min(bars) > 595 * 0.5, bars


def test_an_arabic_byline_uses_the_arabic_comma():
    brief = briefgen.load_spec(ARABIC_SPEC)
    page = briefgen.render_bytes(briefgen.build_document(brief), "html").decode("utf-8")
    body = page[page.index("<body"):]  # (the head's metadata names authors for machines)
    assert "تايم نيوز\u060c time.news" in body and "تايم نيوز, time.news" not in body


@pytest.mark.tools
def test_the_arabic_edition_has_the_same_headings_and_length_in_both(arabic_pdf, tmp_path):
    """Parity for the Arabic edition: the PDF's bookmarks and Word's headings are the same
    words in the same order, and LibreOffice lays the Word file out in about as many pages."""
    import io

    import docx
    from pypdf import PdfReader

    require_tool("soffice")
    document = briefgen.build_document(briefgen.load_spec(ARABIC_SPEC))
    expected = [h.text for h in document.headings() if h.level <= 2]
    outline: list[str] = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else outline.append(item.title)

    reader = PdfReader(arabic_pdf)
    walk(reader.outline)
    assert outline == expected
    word = briefgen.render_bytes(document, "docx")
    headings = [p.text for p in docx.Document(io.BytesIO(word)).paragraphs
                if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == expected
    (tmp_path / "ar.docx").write_bytes(word)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "ar.docx")], capture_output=True, timeout=240, check=True)
    pages = len(PdfReader(tmp_path / "ar.pdf").pages)
    assert abs(pages - len(reader.pages)) <= max(2, len(reader.pages) // 6), (
        pages, len(reader.pages))


@pytest.mark.tools
def test_the_arabic_markdown_tells_pandoc_its_language_and_direction(tmp_path):
    require_tool("pandoc")
    (result,) = briefgen.build(ARABIC_SPEC, "md", tmp_path)
    page = subprocess.run(["pandoc", "-s", str(result.path), "-t", "html"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    assert re.search(r'<html[^>]*lang="ar"[^>]*dir="rtl"', page), page[:300]


@pytest.mark.tools
def test_an_arabic_brief_with_numbered_exhibits_and_one_style_words(tmp_path):
    """An Arabic table label after its anchor is shaped (it crashed the build); a word in two
    pieces of one face (و and an italic آسيا) reads in its order; a Hindi-only paragraph
    reads as written."""
    require_tool("pdftotext")
    data = (ROOT / "specs" / "examples" / "data-in-briefs.yaml").read_text("utf-8")
    data = data.replace("language: en", "language: ar") if "language: en" in data else \
        data.replace("title:", "language: ar\ntitle:", 1)
    brief = briefgen.loads_spec(data, base_dir=ROOT / "specs" / "examples")
    briefgen.render_bytes(briefgen.build_document(brief), "pdf")
    words = tmp_path / "words.yaml"
    write_brief(words, "Words", '"بين *إفريقيا* و*آسيا الوسطى* هنا."',
                lead='"नमस्ते दुनिया क्षत्रिय प्रधानमंत्री"')
    (result,) = briefgen.build(words, "pdf", tmp_path / "out")
    text = pdf_text(result.path)
    # (the italic piece's own letters have no ActualText yet: the order is what is checked)
    assert re.search(r"إفريقيا و\S+ الوسطى", text) and "آسياو" not in text, text
    assert "नमस्ते दुनिया क्षत्रिय प्रधानमंत्री" in text, text


def test_bold_fallback_faces_do_not_depend_on_the_cache_folder(tmp_path, monkeypatch):
    """With no cache folder (BRIEFGEN_CACHE_DIR empty) an Arabic heading is still bold."""
    from briefgen.output import fallback_fonts

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "")
    family = fallback_fonts.package_family("Noto Sans Arabic")
    bold = fallback_fonts.static_face(family, True, False)
    assert bold != family.regular and "fvar" not in __import__("fontTools.ttLib").ttLib.TTFont(
        bold, lazy=True)


@pytest.mark.parametrize("language, shown", [("en", "1,234.5"), ("de", "1.234,5"),
                                             ("fr", "1\u202f234,5"), ("ru", "1\xa0234,5")])
def test_chart_values_are_written_as_the_language_writes_numbers(language, shown):
    data = (ROOT / "specs" / "examples" / "data-in-briefs.yaml").read_text("utf-8")
    brief = briefgen.loads_spec(data, base_dir=ROOT / "specs" / "examples")
    from briefgen.layout.exhibits import number_text

    assert number_text(1234.5, 1, language) == shown
    brief.language = language
    document = briefgen.build_document(brief)
    from briefgen.document.nodes import Chart, walk_blocks

    labels = [label for block in walk_blocks(document.blocks) if isinstance(block, Chart)
              for series in block.series for label in series.labels]
    separator = {"en": ".", "de": ",", "fr": ",", "ru": ","}[language]
    assert labels and any(separator in label for label in labels), labels


def test_canvas_labels_are_measured_as_drawn_joined_and_in_their_own_face():
    """A matrix or cover label is shortened only when it does not fit as drawn: in the face
    that has its letters, shaped. Measured letter by letter in the theme's face, an Arabic
    label came out about two thirds wider and lost its end to an ellipsis."""
    from briefgen.backends.pdf.drawing import fit_text, drawn_width
    from briefgen.backends.pdf.fonts import register_family
    from briefgen.backends.pdf.settings import configure_reportlab

    configure_reportlab()
    face = register_family(briefgen.load_style("default").fonts.body).regular
    label = "الأمن الغذائي والطاقة المتجددة"
    drawn = drawn_width(label, face, 9)
    assert 60 < drawn < 140, drawn
    assert fit_text(label, face, 9, drawn + 0.5) == label
    shortened = fit_text(label, face, 9, drawn * 0.6)
    assert shortened.endswith("…") and drawn_width(shortened, face, 9) <= drawn * 0.6


def test_a_word_brief_in_two_complex_scripts_names_a_face_for_each(tmp_path):
    """Word has one complex-script font per run: an Arabic brief that quotes Hindi names
    the Devanagari face on the Hindi runs (the styles name the Arabic one), and embeds both."""
    import zipfile

    spec = tmp_path / "mixed.yaml"
    write_brief(spec, "الأمن الغذائي", "يقول المثل «वसुधैव कुटुम्बकम्» إن العالم أسرة واحدة.")
    spec.write_text("language: ar\n" + spec.read_text("utf-8"), "utf-8")
    (result,) = briefgen.build(spec, "docx", tmp_path)
    with zipfile.ZipFile(result.path) as package:
        body = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert 'w:cs="Noto Sans Arabic"' in styles and "Devanagari" not in styles
    hindi = re.search(r'<w:r><w:rPr><w:rFonts w:cs="Noto Sans Devanagari"/>[^<]*(?:<[^t][^>]*>)*'
                      r'<w:t xml:space="preserve">([^<]*)</w:t>', body)
    assert hindi and hindi.group(1).strip(" »") == "वसुधैव कुटुम्बकम्", hindi
    # the Arabic around it keeps the styles' face: no run-level complex-script font
    arabic = re.search(r'<w:r>(<w:rPr>.*?</w:rPr>)?<w:t xml:space="preserve">يقول', body)
    assert arabic and "Devanagari" not in (arabic.group(1) or "")
    assert b"GSUB" in embedded_face(result.path, "Noto Sans Devanagari")[:1024]
    assert b"GSUB" in embedded_face(result.path, "Noto Sans Arabic")[:1024]
