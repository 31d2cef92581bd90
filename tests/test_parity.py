"""The PDF and the DOCX of one brief say the same thing and share one look: the same headings,
labels, header and footer, quotation marks, bylines and numbers, the same reading order, and
the same sizes and indents. Each test here once failed: the two backends composed these
separately and drifted."""

from __future__ import annotations

import io
import re
import textwrap

import pytest
from conftest import MINIMAL_SPEC, normalise, phrases

import briefgen
from briefgen.document.nodes import Heading, Paragraph, walk_blocks

pypdf = pytest.importorskip("pypdf")
docx = pytest.importorskip("docx")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered(seed_document):
    return (briefgen.render_bytes(seed_document, "pdf"),
            briefgen.render_bytes(seed_document, "docx"))


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_outline(data: bytes) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(pypdf.PdfReader(io.BytesIO(data)).outline)
    return titles


def docx_body_text(data: bytes) -> list[str]:
    """Every paragraph of the body, tables included, in document order."""
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def docx_running(data: bytes, kind: str) -> list[str]:
    """The text of each header (or footer) part, fields as their cached results."""
    word = docx.Document(io.BytesIO(data))
    out = []
    for section in word.sections:
        part = section.header if kind == "header" else section.footer
        if not part.is_linked_to_previous:
            out.append(" ".join(" ".join(p.text.replace("\t", " ").split())
                                for p in part.paragraphs))
    return out


def build(text: str, tmp_path=None, **files: str):
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), "utf-8")
    brief = briefgen.loads_spec(text, base_dir=tmp_path)
    document = briefgen.build_document(brief)
    return (document, briefgen.render_bytes(document, "pdf"),
            briefgen.render_bytes(document, "docx"))


def test_same_headings_in_the_same_order(rendered, seed_document):
    pdf, word = rendered
    expected = [h.text for h in seed_document.headings() if h.level <= 2]
    assert pdf_outline(pdf) == expected
    headings = [p.text for p in docx.Document(io.BytesIO(word)).paragraphs
                if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == expected


def test_same_key_phrases_in_both(rendered):
    pdf, word = rendered
    pdf_text = normalise("\n".join(pdf_pages(pdf)))
    docx_text = normalise("\n".join(docx_body_text(word)))
    assert [p for p in phrases() if normalise(p) not in pdf_text] == []
    assert [p for p in phrases() if normalise(p) not in docx_text] == []


def test_every_paragraph_reads_in_the_same_order_in_both(rendered, seed_document):
    """Reading order: each heading and paragraph of the document, in turn, in both files."""
    pdf, word = rendered
    units = [normalise(seed_document.plain_text(b.content)) for b in walk_blocks(
        seed_document.blocks) if isinstance(b, (Heading, Paragraph))]
    units = [u for u in units if u]
    for name, text in (("pdf", normalise(" ".join(pdf_pages(pdf)))),
                       ("docx", normalise(" ".join(docx_body_text(word))))):
        text = re.sub(r"(?<=\w)-\s(?=\w)", "-", text)  # a hyphen at a line end
        position = 0
        for unit in units:
            words = unit[:60]
            found = text.find(words, position)
            assert found >= 0, f"{name}: {words!r} is missing or out of order"
            position = found
    assert len(units) > 150


def test_header_and_footer_say_the_same_in_both(rendered):
    pdf, word = rendered
    second = pdf_pages(pdf)[1]
    pages = len(pdf_pages(pdf))
    for text in ("Morocco and Kazakhstan Boost Cooperation", "PUBLIC", "Time News",
                 f"Page 2 of {pages}"):
        assert text in second
    assert docx_running(word, "header")[-1] == "Morocco and Kazakhstan Boost Cooperation PUBLIC"
    footer = docx_running(word, "footer")[-1]
    assert re.fullmatch(r"Time News Page 1 of \d+", footer), footer  # PAGE's cached result


def test_a_header_placeholder_is_filled_in_both(tmp_path):
    """{subtitle} printed the subtitle in the PDF and the literal '{subtitle}' in the DOCX."""
    spec = "template: house\nsubtitle: The Atlantic corridor\n" + MINIMAL_SPEC
    _, pdf, word = build(spec, tmp_path, **{"house/template.yaml": """\
        name: house
        header: {left: "{subtitle}", right: "{date}"}
        footer: {center: "{page_label}"}
        """})
    assert "The Atlantic corridor" in pdf_pages(pdf)[1]
    assert "{subtitle}" not in " ".join(pdf_pages(pdf))
    assert docx_running(word, "header")[-1] == "The Atlantic corridor"
    assert "{" not in " ".join(docx_running(word, "header") + docx_running(word, "footer"))


def test_an_unknown_header_placeholder_is_a_located_template_error(tmp_path):
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "template.yaml").write_text('name: house\nheader: {left: "{subtitel}"}\n')
    with pytest.raises(briefgen.TemplateError, match=r"template.yaml:2:16: header.left: unknown "
                                                     r"placeholder '\{subtitel\}' \(did you mean "
                                                     r"'subtitle'\?\)"):
        briefgen.load_theme(str(folder))


@pytest.mark.parametrize("language, opening, closing", [
    ("fr", "\u00ab\u00a0", "\u00a0\u00bb"), ("en", "\u201c", "\u201d"), ("de", "\u201e", "\u201c"),
])
def test_quotation_marks_follow_the_language_in_both(tmp_path, language, opening, closing):
    """A French brief got « … » in the PDF and “ … ” in the DOCX."""
    spec = (MINIMAL_SPEC + f"language: {language}\n"
            "quotes:\n  - text: Un partenariat solide\n    speaker: A. Expert\n")
    _, pdf, word = build(spec, tmp_path)
    quoted = f"{opening}Un partenariat solide{closing}"
    assert quoted in "".join(docx_body_text(word))
    assert quoted.replace("\u00a0", " ") in " ".join(pdf_pages(pdf)).replace("\u00a0", " ")


@pytest.mark.parametrize("cover_page", ["true", "false"])
@pytest.mark.parametrize("authors", [
    "authors: [{name: Time News, affiliation: time.news}]\norganization: Time News\n",
    "authors: [Ann Analyst, Bo Writer]\norganization: Policy Institute\n",
])
def test_the_byline_names_the_same_people_in_both(tmp_path, cover_page, authors):
    """The cover dropped a repeated organisation by one rule in the PDF and another in the
    DOCX."""
    spec = "template: t\ndate: 2025-02-28\n" + authors + MINIMAL_SPEC
    document, pdf, word = build(spec, tmp_path, **{"t/template.yaml": f"""\
        name: t
        page: {{cover_page: {cover_page}, contents: true}}
        """})
    cover = document.blocks[0]
    lines = (*cover.byline, cover.kicker, cover.date) if cover.own_page else (
        document.plain_text(cover.credits),)
    first_pdf_page = normalise(pdf_pages(pdf)[0])
    word_text = normalise(" ".join(docx_body_text(word)))
    for line in filter(None, lines):
        assert normalise(line) in first_pdf_page and normalise(line) in word_text
    # the title block is what comes before the contents, in both
    pdf_cover = first_pdf_page.split("Contents")[0]
    word_cover = word_text.split("Contents")[0]
    organization = "Time News" if "Time News" in authors else "Policy Institute"
    assert pdf_cover.count(organization) == word_cover.count(organization) >= 1


def test_numbers_and_labels_are_the_same_in_both(rendered, seed_document):
    pdf, word = rendered
    pdf_text = " ".join(pdf_pages(pdf))
    word_text = " ".join(docx_body_text(word))
    for words in ("1. Political support and sovereignty", "R1  Mutual economic dependency",
                  "Recommended actions", "At a Glance", "Likelihood", "Impact"):
        assert " ".join(words.split()) in " ".join(pdf_text.split()), words
        assert words in word_text, words
    references = [p for p in docx.Document(io.BytesIO(word)).paragraphs
                  if p.style.name == "Source"]
    assert references[0].text.startswith("1.\t")
    assert "1. Morocco, Kazakhstan Boost Cooperation" in " ".join(pdf_text.split())


def _pdf_runs(data: bytes, page_number: int) -> list[tuple[str, float, float]]:
    """(text, font size, x) of each piece of text on a page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text, round(size * tm[0], 2), round(tm[4] + cm[4], 1)))

    pypdf.PdfReader(io.BytesIO(data)).pages[page_number].extract_text(visitor_text=visit)
    return runs


def _pdf_size_of(data: bytes, words: str) -> tuple[float, float]:
    for index in range(len(pypdf.PdfReader(io.BytesIO(data)).pages)):
        for text, size, x in _pdf_runs(data, index):
            if text.startswith(words):
                return size, x
    raise AssertionError(f"{words!r} is not in the PDF")


def test_lead_table_text_and_list_indent_measure_the_same_in_both(rendered, seed_document):
    """Table text, list indents and lead sizes used different formulas in each backend."""
    pdf, word_data = rendered
    style = seed_document.style
    word = docx.Document(io.BytesIO(word_data))
    lead, _ = _pdf_size_of(pdf, "Kazakhstan backs Morocco")
    assert lead == style.role("lead").size == word.styles["Lead"].font.size.pt
    cell, _ = _pdf_size_of(pdf, "Potential dependency on each")  # the risk register
    assert cell == style.role("table.cell").size == word.styles["Table Text"].font.size.pt
    _, body_x = _pdf_size_of(pdf, "The article presents the relationship")
    _, item_x = _pdf_size_of(pdf, "The Moroccan-Kazakhstan Business Council")
    level = word.part.numbering_part.element.find(f".//{W}abstractNum/{W}lvl/{W}pPr/{W}ind")
    assert round(item_x - body_x, 1) == style.lists.indent == int(level.get(W + "left")) / 20


def test_a_failure_inside_either_backend_is_the_same_render_error(tmp_path, monkeypatch, capsys):
    """The same renderer failure was exit 1 in the PDF and exit 70 'internal error' in the
    DOCX."""
    from briefgen import cli
    from briefgen.backends.docx import writer as docx_writer
    from briefgen.backends.pdf import writer as pdf_writer

    def broken(*args, **kwargs):
        raise ValueError("a renderer failed")

    monkeypatch.setattr(pdf_writer.BaseDocTemplate, "build", broken)
    monkeypatch.setattr(docx_writer, "write_package", broken)
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC)
    for format in ("pdf", "docx"):
        assert cli.main(["build", str(spec), "-f", format, "-o", str(tmp_path / "out")]) == 1
        error = capsys.readouterr().err
        assert f"error: {format}: the file could not be produced (ValueError: a renderer " \
               f"failed)" in error
        assert "internal error" not in error
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _word_positions(pdf: bytes, page: int) -> tuple[float, dict[str, float]]:
    """The page height and the top of each word on one page, as poppler reads them."""
    import subprocess

    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
                         input=pdf, capture_output=True, check=True).stdout.decode()
    height = float(re.search(r'<page width="[^"]+" height="([^"]+)"', xml).group(1))
    words = {}
    for top, word in re.findall(r'<word [^>]*yMin="([^"]+)"[^>]*>([^<]*)</word>', xml):
        words.setdefault(word, float(top))
    return height, words


LONG_TITLE = ("A title long enough to take four lines on the cover band of every built-in "
              "template, and then some more words to be sure of it, " * 2).strip()
MANY_AUTHORS = "".join(f"  - name: Author Number {n}\n    affiliation: time.news\n"
                       for n in range(30))


@pytest.mark.parametrize("title, authors", [("", ""), (LONG_TITLE, ""), ("", MANY_AUTHORS)],
                         ids=["seed", "long-title", "thirty-authors"])
def test_the_cover_stands_alike_in_both(tmp_path, title, authors):
    """Publisher at the head of the band, date and byline at the foot of the page, in the PDF
    and in Word as LibreOffice lays it out; a title that grows the band, or thirty authors,
    still leave the cover one page (a title of hundreds of characters may not: it is set large)."""
    import subprocess

    from conftest import SEED_SPEC, require_tool

    require_tool("soffice", "pdftotext")
    text = SEED_SPEC.read_text("utf-8")
    if title:
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    if authors:
        text = text.replace("authors:\n", "authors:\n" + authors, 1)
    document = briefgen.build_document(briefgen.loads_spec(text, base_dir=SEED_SPEC.parent))
    (tmp_path / "brief.docx").write_bytes(briefgen.render_bytes(document, "docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                    str(tmp_path / "brief.docx")], capture_output=True, timeout=180, check=True)
    word_pdf = (tmp_path / "lo" / "brief.pdf").read_bytes()
    for pdf in (briefgen.render_bytes(document, "pdf"), word_pdf):
        height, words = _word_positions(pdf, 1)
        assert words["News"] < height * 0.15  # the publisher, "Time News", heads the band
        # the date at the foot of the page (above a byline of thirty names, that stands there)
        assert words["February"] > height * (0.5 if authors else 0.75), words
        assert "time.news" in words  # and the byline on the same page
        second = " ".join(_word_positions(pdf, 2)[1])
        assert "Contents" in second and "time.news" not in second


def test_ratings_stand_on_their_risks_first_line_in_both(rendered, tmp_path):
    """A rating cell's word sits level with its risk's title, in the PDF and in Word."""
    import subprocess

    from conftest import require_tool

    require_tool("soffice", "pdftotext")
    pdf, word = rendered
    (tmp_path / "brief.docx").write_bytes(word)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                    str(tmp_path / "brief.docx")], capture_output=True, timeout=180, check=True)
    for data in (pdf, (tmp_path / "lo" / "brief.pdf").read_bytes()):
        pages = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                               check=True).stdout.decode().split("\f")
        page = next(n for n, text in enumerate(pages, 1) if "Mitigation" in text)
        xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
                             input=data, capture_output=True, check=True).stdout.decode()
        words = re.findall(r'<word [^>]*yMin="([^"]+)"[^>]*>([^<]*)</word>', xml)
        first = next(i for i, (_, w) in enumerate(words) if w == "R1")
        rating = next(float(y) for y, w in words[first:] if w in ("Low", "Medium", "High"))
        assert abs(rating - float(words[first][0])) < 4, (rating, words[first])
