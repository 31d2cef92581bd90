"""The Markdown backend, checked the way a reader of the .md file would notice: read it back
with pandoc (GitHub-flavoured Markdown) and look at the headings, links, tables and text a
reader gets, and at the front matter a static-site tool gets."""

from __future__ import annotations

import base64
import collections
import dataclasses
import datetime
import itertools
import json
import logging
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

import briefgen
from briefgen.document import (
    Citation, Code, Document, Emphasis, Figure, Image, LineBreak, Link, ListBlock, Matrix, Metadata,
    Node, Paragraph, Reference, References, Strong, Table, TableCell, Text, walk_blocks,
    walk_inlines,
)
from conftest import MINIMAL_SPEC, normalise, phrases, require_tool

# The raw HTML the backend itself writes: anchors, cell line breaks, the list separator, and
# strong/emphasis where `**`/`*` would not parse. Anything else would have come from text.
OWN_HTML = re.compile(r'<a id="[^"<>]*">|</a>|<br>|<!-- -->|</?(strong|em)>')


# --- helpers ------------------------------------------------------------------------------------


def render(document: Document) -> str:
    return briefgen.render_bytes(document, "md").decode("utf-8")


def from_spec(text: str, tmp_path: Path | None = None) -> Document:
    return briefgen.build_document(briefgen.loads_spec(text, base_dir=tmp_path))


def document_of(*blocks: Node) -> Document:
    return Document(Metadata("Hand-built"), blocks)


def front_matter(markdown: str) -> dict:
    assert markdown.startswith("---\n")
    head, _, _ = markdown[4:].partition("\n---\n")
    return yaml.safe_load(head)


def pandoc(markdown: str, *args: str) -> str:
    require_tool("pandoc")
    return subprocess.run(["pandoc", "-f", "gfm", *args], input=markdown.encode("utf-8"),
                          capture_output=True, check=True).stdout.decode("utf-8")


def ast(markdown: str) -> list[dict]:
    """pandoc's reading of `markdown`: its top-level blocks (front matter left out)."""
    return json.loads(pandoc(markdown, "-t", "json"))["blocks"]


def nodes(tree: object, kind: str | None = None) -> list[dict]:
    """Every element of a pandoc AST (of one `kind`), depth first."""
    found = []
    if isinstance(tree, dict):
        if "t" in tree and kind in (None, tree["t"]):
            found.append(tree)
        found += nodes(tree.get("c"), kind)
    elif isinstance(tree, list):
        for item in tree:
            found += nodes(item, kind)
    return found


def stringify(tree: object) -> str:
    """The text of pandoc inlines as a reader sees it."""
    out = []
    for node in nodes(tree):
        if node["t"] == "Str":
            out.append(node["c"])
        elif node["t"] in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif node["t"] == "Code":
            out.append(node["c"][1])
    return "".join(out)


def table_rows(markdown: str, first_cell: str) -> list[list[str]]:
    """The rows of the pipe table whose first header cell is `first_cell`, cells unescaped."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_cell} |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        rows.append([re.sub(r"\\(.)", r"\1", cell.strip()) for cell in cells])
    return [rows[0], *rows[2:]]  # without the delimiter row


# --- the seed brief -----------------------------------------------------------------------------


def test_the_seed_brief_starts_with_front_matter_holding_its_metadata(seed_document):
    markdown = render(seed_document)
    meta = front_matter(markdown)
    assert meta["title"] == "Morocco and Kazakhstan Boost Cooperation"
    assert meta["subtitle"] == "A roadmap linking Africa and Central Asia"
    assert meta["date"] == datetime.date(2025, 2, 28)
    assert meta["authors"] == ["Time News, time.news"]
    assert meta["organization"] == "Time News"
    assert meta["classification"] == "PUBLIC"
    assert "Western Sahara" in meta["keywords"]
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


def test_the_title_is_the_one_h1_and_heading_levels_never_skip(seed_document):
    markdown = render(seed_document)
    levels = [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", markdown, re.MULTILINE)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert markdown.split("\n---\n", 1)[1].lstrip().startswith(
        "# Morocco and Kazakhstan Boost Cooperation\n")
    assert "### <a id=\"1-political-support-and-sovereignty\"></a>1. Political support and " \
           "sovereignty\n" in markdown


@pytest.mark.tools
def test_every_phrase_of_the_seed_brief_reads_back(seed_document):
    text = normalise(pandoc(render(seed_document), "-t", "plain", "--wrap=none"))
    missing = [phrase for phrase in phrases() if normalise(phrase) not in text]
    assert not missing


@pytest.mark.tools
def test_pandoc_reads_the_headings_the_document_has(seed_document):
    headers = nodes(ast(render(seed_document)), "Header")
    assert [h["c"][0] for h in headers].count(1) == 1
    expected = [(min(h.level + 1, 6), h.text) for h in seed_document.headings()]
    assert [(h["c"][0], stringify(h["c"][2])) for h in headers[1:]] == expected


def test_a_compact_title_block_gives_its_credits_line(seed_brief):
    theme = briefgen.load_theme("memo")
    document = briefgen.build_document(seed_brief, theme)
    markdown = briefgen.render_bytes(document, "md", theme.style()).decode("utf-8")
    assert ("# Morocco and Kazakhstan Boost Cooperation\n\n"
            "A roadmap linking Africa and Central Asia\n\n"
            "**28 February 2025** · Time News, time.news\n\n**PUBLIC**\n") in markdown


def test_every_internal_link_has_a_matching_anchor(seed_document):
    markdown = render(seed_document)
    targets = set(re.findall(r"\]\(#([^)]*)\)", markdown))
    anchors = set(re.findall(r'<a id="([^"]*)"></a>', markdown))
    assert targets and targets <= anchors
    assert {h.anchor for h in seed_document.headings()} <= anchors


def test_every_citation_is_a_numbered_link_to_its_source(seed_document):
    markdown = render(seed_document)
    citations = [n for n in walk_inlines(seed_document.blocks) if isinstance(n, Citation)]
    assert citations
    expected = collections.Counter(f"[\\[{seed_document.label_of(c)}\\]](#{c.anchor})"
                                   for c in citations)
    found = collections.Counter(re.findall(r"\[\\\[[^\]]*\\\]\]\(#source-[^)]*\)", markdown))
    assert found == expected
    assert '1. <a id="source-timenews"></a>*Morocco, Kazakhstan Boost Cooperation*' in markdown


def test_adjacent_citations_are_joined_with_the_documents_separator():
    sources = References((Reference("1.", "source-a", (Text("A"),)),
                          Reference("2.", "source-b", (Text("B"),))))
    claim = Paragraph((Text("Claim"), Citation("a"), Citation("b"), Text(".")))
    document = dataclasses.replace(document_of(claim, sources), citation_separator="\u2009",
                                   numbers={"source-a": 1, "source-b": 2})
    assert "Claim[\\[1\\]](#source-a)\u2009[\\[2\\]](#source-b)." in render(document)


def test_a_citation_of_a_source_the_document_lacks_is_not_a_dangling_link():
    markdown = render(document_of(Paragraph((Text("Claim"), Citation("nowhere"), Text(".")))))
    assert "Claim\\[nowhere\\]." in markdown and "#source-nowhere" not in markdown


def test_the_risk_matrix_is_a_table_with_the_markers_in_their_cells(seed_document):
    matrix = next(b for b in walk_blocks(seed_document.blocks) if isinstance(b, Matrix))
    markdown = render(seed_document)
    assert matrix.corner == "Likelihood \u2193 Impact \u2192"  # the layout's words
    header, *rows = table_rows(markdown, matrix.corner)
    assert header == [matrix.corner, *matrix.column_labels]
    assert rows == [[label, *(", ".join(cell.markers) for cell in row)]
                    for label, row in zip(matrix.row_labels, matrix.cells, strict=True)]
    assert rows[1][3] == "R2, R4, R5"  # Medium likelihood, high impact
    for key in matrix.legend:
        assert f"\n- {key.marker} \u2014 {key.label}\n" in markdown


def test_key_facts_quotes_and_columns_read_as_tables_blockquotes_and_lists(seed_document):
    markdown = render(seed_document)
    assert "| At a Glance |  |\n| --- | --- |\n| **Meeting** | Rabat, 28 February 2025 |" \
        in markdown
    assert ("> “This is a game-changer for food security in Africa.”\n>\n"
            "> —\u00a0**Dr. Anya Sharma**, Geopolitical analyst specializing in emerging markets"
            ) in markdown
    assert "**Pros**\n\n- Increased political support" in markdown
    assert "**Cons**\n\n- Potential dependency" in markdown


def test_running_header_footer_and_page_breaks_are_not_shown(seed_document):
    markdown = render(seed_document)
    assert "Page  of" not in markdown and "Page # of #" not in markdown
    assert "\n\n\n" not in markdown  # a page break leaves no gap either


def test_two_renders_are_byte_identical_whatever_the_clock_says(seed_document, monkeypatch):
    first = briefgen.render_bytes(seed_document, "md")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert briefgen.render_bytes(seed_document, "md") == first


def test_the_backend_is_registered_as_md():
    backend = briefgen.get_backend("md")
    assert (backend.name, backend.extension, backend.media_type) == ("md", "md", "text/markdown")
    assert "md" in briefgen.available_backends()


def test_briefgen_build_writes_a_markdown_file(tmp_path):
    from briefgen.cli import main

    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC, encoding="utf-8")
    assert main(["build", str(spec), "-f", "md", "-o", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "brief.md").read_text("utf-8")
    assert front_matter(written)["title"] == "Minimal brief"


# --- hostile text -------------------------------------------------------------------------------

HOSTILE_TITLE = "<script>alert(1)</script> | pipe | *stars* # not a heading Қазақстан ₸"
HOSTILE_SUMMARY = textwrap.indent(textwrap.dedent("""\
    # not a heading <script>alert(1)</script> | pipe | \\*stars\\* [x](javascript:alert(1))
    and ``a `tick` here`` www.example.com :smile: &amp; Сәлем әлем ₸

    === not a rule
    """), "  ")


@pytest.fixture(scope="module")
def hostile_markdown() -> str:
    spec = MINIMAL_SPEC.replace("title: Minimal brief", f"title: '{HOSTILE_TITLE}'").replace(
        "summary: A short summary.", "summary: |\n" + HOSTILE_SUMMARY)
    return render(from_spec(spec))


@pytest.mark.tools
def test_hostile_text_makes_no_html_heading_or_link(hostile_markdown):
    blocks = ast(hostile_markdown)
    raw = [n["c"][1] for n in nodes(blocks) if n["t"] in ("RawInline", "RawBlock")]
    assert all(OWN_HTML.fullmatch(html) for html in raw), raw
    headers = nodes(blocks, "Header")
    assert [stringify(h["c"][2]) for h in headers if h["c"][0] == 1] == [HOSTILE_TITLE]
    assert not any(stringify(h["c"][2]).startswith("not a heading") for h in headers)
    assert all(link["c"][2][0].startswith("#") for link in nodes(blocks, "Link"))
    assert not nodes(blocks, "HorizontalRule") and not nodes(blocks, "CodeBlock")
    assert not [span for span in nodes(blocks, "Span") if "emoji" in span["c"][0][1]]


@pytest.mark.tools
def test_hostile_text_prints_as_the_literal_text(hostile_markdown):
    text = normalise(pandoc(hostile_markdown, "-t", "plain", "--wrap=none"))
    for literal in (HOSTILE_TITLE, "# not a heading <script>alert(1)</script> | pipe | *stars* "
                    "[x](javascript:alert(1)) and a `tick` here www.example.com :smile: & "
                    "Сәлем әлем ₸", "=== not a rule"):
        assert normalise(literal) in text
    code = nodes(ast(hostile_markdown), "Code")
    assert [c["c"][1] for c in code] == ["a `tick` here"]
    assert front_matter(hostile_markdown)["title"] == HOSTILE_TITLE


@pytest.mark.tools
def test_newlines_inside_text_never_start_a_block():
    text = "first\n# heading\n- item\n> quote\n1. one\n===\n    code\n<div>\n|a|b|\n|-|-|"
    blocks = ast(render(document_of(Paragraph((Text(text),)))))
    assert [b["t"] for b in blocks] == ["Para"]
    assert stringify(blocks) == " ".join(text.split())


@pytest.mark.tools
@pytest.mark.parametrize("text", ["2025. A year", "1) one", "# h", "+ plus", "- minus", "===",
                                  "    indented", "<div>x</div>"])
def test_a_paragraph_starting_like_markdown_syntax_stays_a_paragraph(text):
    blocks = ast(render(document_of(Paragraph((Text(text),)))))
    assert [b["t"] for b in blocks] == ["Para"] and stringify(blocks) == text.strip()


@pytest.mark.tools
def test_text_starting_a_line_after_a_hard_break_stays_text():
    lines = ["# h", "- item", "+ item", "1. one", "> quote", "===", "---"]
    inlines = [node for line in lines for node in (Text(line), LineBreak())]
    blocks = ast(render(document_of(Paragraph(tuple(inlines)))))
    assert [b["t"] for b in blocks] == ["Para"]
    assert [n["t"] for n in blocks[0]["c"]].count("LineBreak") == len(lines) - 1


def test_control_characters_and_bidi_overrides_are_dropped():
    text = "a\x00b\x07c\x1bd\x7fe\x85f\x9bg\u202dh\u202ei\ud800j\ufffek\uffffl\tm"
    markdown = render(dataclasses.replace(document_of(Paragraph((Text(text),))),
                                          meta=Metadata("Title\x00\u202e")))
    assert "abcdefghijkl\tm" in markdown
    assert front_matter(markdown)["title"] == "Title"
    markdown.encode("utf-8")  # no lone surrogate is left to break the encoding


# --- inline and block syntax --------------------------------------------------------------------


@pytest.mark.tools
def test_only_http_https_and_mailto_links_are_clickable():
    paragraph = Paragraph((
        Link("https://example.com/a b(c)", (Text("web"),)), Text(" "),
        Link("mailto:someone@example.com", (Text("mail"),)), Text(" wow!"),
        Link("https://example.com/", (Text("not an image"),)), Text(" "),
        Link("javascript:alert(1)", (Text("script"),)), Text(" "),
        Link("ftp://example.com", (Text("ftp"),)), Text(" "),
        Link("data:text/html,<b>", (Strong((Text("data"),)),))))
    blocks = ast(render(document_of(paragraph)))
    links = [(stringify(link["c"][1]), link["c"][2][0]) for link in nodes(blocks, "Link")]
    assert links == [("web", "https://example.com/a%20b%28c%29"),
                     ("mail", "mailto:someone@example.com"),
                     ("not an image", "https://example.com/")]
    assert not nodes(blocks, "Image")
    assert stringify(blocks) == "web mail wow!not an image script ftp data"


@pytest.mark.tools
@pytest.mark.parametrize("code", ["plain", "a `tick`", "``double``", "`edge", " both ", "|pipe|"])
def test_code_spans_survive_backticks(code):
    blocks = ast(render(document_of(Paragraph((Text("see "), Code(code), Text(" here"))))))
    assert [c["c"][1] for c in nodes(blocks, "Code")] == [code]


@pytest.mark.tools
def test_emphasis_never_shows_its_marks():
    """`**` and `*` where a reader takes them as marks, else the HTML element that says the
    same: next to punctuation, an emoji, or inside the same kind of emphasis."""
    paragraph = Paragraph((
        Text("a"), Strong((Text("(bold)"),)), Text("b "), Emphasis((Text(" spaced "),)),
        Text("x"), Emphasis((Text("it"), Emphasis((Text("nested"),)), Text("in"))),
        Text("."), Strong((Text("end."),)), Text("🚀")))
    markdown = render(document_of(paragraph))
    assert ("a<strong>(bold)</strong>b  *spaced* x*it<em>nested</em>in*.<strong>end.</strong>🚀"
            in markdown)
    blocks = ast(markdown)
    assert stringify(blocks) == "a(bold)b spaced xitnestedin.end.🚀"
    assert [stringify(n["c"]) for n in nodes(blocks, "Emph")] == ["spaced", "itnestedin"]


@pytest.mark.tools
def test_lists_keep_their_numbers_nesting_and_paragraphs():
    inner = ListBlock(((Paragraph((Text("inner"),)),),))
    ordered = ListBlock(((Paragraph((Text("three"),)), Paragraph((Text("more"),)), inner),
                         (Paragraph((Text("four"),)),)), ordered=True, start=3)
    bullets = ListBlock(((Paragraph((Text("a"),)),), (Paragraph((Text("b"),)),)))
    markdown = render(document_of(ordered, bullets, ListBlock(((Paragraph((Text("c"),)),),))))
    assert "\n- b\n\n* c\n" in markdown  # the other bullet starts a new list
    blocks = ast(markdown)
    kinds = [b["t"] for b in blocks if b["t"] != "RawBlock"]
    assert kinds == ["OrderedList", "BulletList", "BulletList"]  # adjacent lists stay apart
    (start, *_), items = blocks[0]["c"]
    assert start == 3
    assert [b["t"] for b in items[0]] == ["Para", "Para", "BulletList"]


@pytest.mark.tools
def test_table_cells_are_one_line_with_pipes_escaped():
    cell = TableCell((Paragraph((Text("a | b"), Code("x|y"))),
                      ListBlock(((Paragraph((Text("one"),)),), (Paragraph((Text("two"),)),)))))
    table = Table((TableCell((Paragraph((Text("Head"),)),)), TableCell(())), ((cell,),))
    markdown = render(document_of(table))
    assert "| a \\| b`x\\|y`<br>one<br>two |  |" in markdown
    (found,) = nodes(ast(markdown), "Table")
    body_rows = found["c"][4][0][3]
    assert len(body_rows) == 1 and len(body_rows[0][1]) == 2
    assert [c["c"][1] for c in nodes(body_rows, "Code")] == ["x|y"]
    assert stringify(body_rows[0][1][0]) == "a | bx|yonetwo"


def test_figures_are_embedded_as_data_uris_with_an_italic_caption(tmp_path):
    from PIL import Image as PILImage

    PILImage.new("RGB", (40, 20), (42, 127, 142)).save(tmp_path / "chart.png")
    document = from_spec(MINIMAL_SPEC.replace(
        "summary: A short summary.", "summary: |\n  ![Exports by year](chart.png)"), tmp_path)
    figure = next(b for b in walk_blocks(document.blocks) if isinstance(b, Figure))
    document = dataclasses.replace(document, blocks=(
        dataclasses.replace(figure, caption=(Text("Exports, 2020–2024"),)),))
    markdown = render(document)
    data = re.search(r"!\[Exports by year\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", markdown)
    assert data and base64.b64decode(data.group(1)) == figure.image.data
    assert "\n\n*Exports, 2020–2024*\n" in markdown


def test_unknown_node_types_render_their_content_with_one_warning(caplog):
    @dataclasses.dataclass(frozen=True)
    class Aside(Node):
        content: tuple

    aside = Aside((Paragraph((Text("inside the aside"),)),))
    with caplog.at_level(logging.WARNING, logger="briefgen.output"):
        markdown = render(document_of(aside, aside))
    assert markdown.count("inside the aside") == 2
    assert len([r for r in caplog.records if "Aside" in r.getMessage()]) == 1


def test_images_of_an_unknown_format_fail_naming_the_backend():
    image = Image(b"GIF89a", "gif", 1, 1)
    with pytest.raises(briefgen.RenderError, match="md"):
        render(document_of(Figure(image, "a GIF")))
