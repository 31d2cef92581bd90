"""The HTML edition, read back with an HTML parser the way a browser, an indexer and a screen
reader would: one title, headings in order, every link and image usable, nothing fetched."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import briefgen
from conftest import MINIMAL_SPEC, SEED_SPEC, normalise, phrases
import itertools

lxml_html = pytest.importorskip("lxml.html")
TEMPLATES = ["default", "memo", "executive"]


def render(name: str = "default", spec: Path = SEED_SPEC) -> bytes:
    brief = briefgen.load_spec(spec)
    theme = briefgen.load_theme(name)
    return briefgen.render_bytes(briefgen.build_document(brief, theme), "html",
                                 style=theme.style())


def parse(data: bytes):
    return lxml_html.document_fromstring(data.decode("utf-8"))


@pytest.fixture(scope="module", params=TEMPLATES)
def page(request):
    return parse(render(request.param))


def visible_text(page) -> str:
    copy = lxml_html.document_fromstring(lxml_html.tostring(page))
    for style in copy.iter("style"):
        style.drop_tree()
    return normalise(copy.text_content())


def test_every_seed_phrase_is_in_the_page(page):
    text = visible_text(page)
    assert [p for p in map(normalise, phrases()) if p not in text] == []


def test_one_h1_and_headings_never_skip_a_level(page):
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels.count(1) == 1 and levels[0] == 1
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert skips == []


def test_language_direction_title_and_landmarks(page):
    html = page.getroottree().getroot()
    assert html.get("lang") == "en" and html.get("dir") == "ltr"
    assert page.findtext(".//title") == "Morocco and Kazakhstan Boost Cooperation"
    for landmark in ("header", "nav", "main"):
        assert page.find(f".//{landmark}") is not None, landmark
    for section in page.iter("section"):
        label = section.get("aria-labelledby")
        assert label and page.get_element_by_id(label) is not None


def test_every_internal_link_resolves_and_citations_link_back(page):
    ids = {element.get("id") for element in page.iter() if element.get("id")}
    internal = [a.get("href")[1:] for a in page.iter("a") if a.get("href", "").startswith("#")]
    assert internal and [target for target in internal if target not in ids] == []
    citations = page.xpath("//sup[@class='r-citation']/a")
    assert citations and all(a.get("href").startswith("#source-") for a in citations)
    back = page.xpath("//ol[@class='references']//a[@class='ref-label']")
    assert back and all(a.get("href")[1:] in ids for a in back)


def test_no_script_and_nothing_fetched_from_elsewhere(page):
    assert not page.xpath("//script|//iframe|//object|//embed|//link")
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    for element in page.iter():
        for name in ("src", "srcset", "poster", "data"):
            value = element.get(name)
            assert value is None or value.startswith("data:"), (element.tag, name, value[:40])
        assert element.get("style") is None  # the policy would block it
    css = "".join(style.text or "" for style in page.iter("style"))
    assert not re.search(r"url\((?!data:)", css)
    assert "@font-face" in css and "font/woff" in css


def test_tables_have_header_cells_with_scope_and_images_alt(page):
    tables = page.xpath("//table[contains(@class,'data')]")
    assert tables
    for table in tables:
        assert table.find("thead") is not None
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
    matrix = page.xpath("//table[@class='matrix']")[0]
    assert [th.text_content() for th in matrix.xpath(".//tbody/tr/th")] == ["High", "Medium",
                                                                            "Low"]
    assert all(img.get("alt") is not None for img in page.iter("img"))


def test_scholarly_metadata(page):
    meta = {m.get("name"): m.get("content") for m in page.iter("meta") if m.get("name")}
    assert meta["citation_title"] == "Morocco and Kazakhstan Boost Cooperation"
    assert meta["citation_publication_date"] == "2025/02/28"
    assert meta["citation_publisher"] and meta["description"] and meta["author"]


def test_rebuilds_are_byte_identical():
    assert render("memo") == render("memo")


HOSTILE = textwrap.dedent("""\
    title: "<script>alert(1)</script> & Co"
    summary: "See [x](javascript:alert(1)), [ok](https://example.org/?a=1&b=<2>) and </style>"
    pillars:
      - title: "Pillar \\"quoted\\" <b>bold</b>"
        summary: "Greek: Ελλάδα — Kazakh: Қазақстан — tenge: ₸"
    risks:
      - title: "A risk ]]> <!-- x -->"
        description: "<img src=x onerror=alert(1)>"
        likelihood: low
        impact: high
    opportunities:
      - sector: "</main></body>"
        description: "A way to help."
    """)


def test_hostile_text_prints_as_text_and_unsafe_links_are_not_links(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(HOSTILE, encoding="utf-8")
    data = render("default", spec)
    page = parse(data)
    assert not page.xpath("//script|//img[@onerror]|//b")
    text = visible_text(page)
    for phrase in ("<script>alert(1)</script> & Co", "<img src=x onerror=alert(1)>",
                   "</main></body>", "Ελλάδα", "Қазақстан", "₸", "A risk ]]> <!-- x -->",
                   "</style>"):
        assert normalise(phrase) in text, phrase
    hrefs = [a.get("href") for a in page.iter("a")]
    assert not [h for h in hrefs if h and urlsplit(h).scheme not in ("", "https", "http",
                                                                      "mailto")]
    assert "https://example.org/?a=1&b=%3C2%3E" in hrefs  # as the spec layer normalised it


def test_a_right_to_left_brief_says_so(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text("language: ar\n" + MINIMAL_SPEC, encoding="utf-8")
    html = parse(render("default", spec)).getroottree().getroot()
    assert (html.get("lang"), html.get("dir")) == ("ar", "rtl")


def test_the_cli_builds_html(tmp_path):
    results = briefgen.build(SEED_SPEC, "html", output_dir=tmp_path)
    assert [r.path.name for r in results] == ["morocco-kazakhstan.html"]
    assert results[0].path.read_bytes().startswith(b"<!DOCTYPE html>")


def test_same_headings_and_reading_order_as_the_document(seed_document):
    """What the PDF and the Word file say (tests/test_parity.py), the page says, in order."""
    from briefgen.document.nodes import Heading, Paragraph, walk_blocks

    page = parse(briefgen.render_bytes(seed_document, "html"))
    shown = [normalise(h.text_content()) for h in page.xpath("//main//*[self::h2 or self::h3 "
                                                             "or self::h4][not(ancestor::nav)]")]
    assert shown == [normalise(h.text) for h in seed_document.headings()]
    text = visible_text(page)
    position = 0
    for block in walk_blocks(seed_document.blocks):
        if isinstance(block, (Heading, Paragraph)):
            words = normalise(seed_document.plain_text(block.content))[:60]
            words = re.sub(r"\[(\d+)\]", r"\1", words)  # a citation shows as its number
            found = text.find(words, position)
            assert found >= 0, f"{words!r} is missing or out of order"
            position = found


def test_ids_are_unique_even_when_headings_are_named_like_the_pages_own(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC + textwrap.dedent("""\
        sections:
          - title: Main
            body: x
          - title: Box 1
            body: y
          - title: Cite source a 1
            body: See [@a].
        sources:
          - id: a
            title: A source
            url: https://example.org/a
        """), encoding="utf-8")
    full = tmp_path / "full"  # a minimal brief lists its contents only when told to
    full.mkdir()
    (full / "template.yaml").write_text("name: full\nextends: default\npage: {contents: true}\n")
    page = parse(render(str(full), spec))
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert page.xpath("//nav//a[normalize-space()='Main']/@href") == ["#main"]
    assert page.get_element_by_id("main").tag == "h2"


def test_a_link_showing_its_own_address_is_not_followed_by_it_again_in_print(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC.replace("A short summary.", "See [the report]"
                                         "(https://example.org/r) [@a].")
                    + "sources:\n  - id: a\n    title: A source\n    url: https://example.org/a\n",
                    encoding="utf-8")
    page = parse(render("default", spec))
    links = [a for a in page.iter("a") if a.get("href", "").startswith("http")]
    assert len(links) == 2  # the report, and the source's own address
    assert "bare" not in (links[0].get("class") or "")
    for link in links:
        bare = link.text_content().strip() == link.get("href")
        assert ("bare" in (link.get("class") or "")) == bare, link.get("href")


def test_the_embedded_fonts_hold_every_character_the_page_shows(page):
    """List bullets, no-break spaces and the text itself: none falls back to a system font."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    css = "".join(style.text or "" for style in page.iter("style"))
    fonts = [TTFont(io.BytesIO(base64.b64decode(data))) for data in
             re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", css)]
    assert fonts
    needed = {ord(c) for c in visible_text(page) if not c.isspace()} | {0x2022, 0x00A0}
    for font in fonts:
        missing = needed - set(font.getBestCmap())
        assert not missing, "".join(map(chr, sorted(missing)))[:80]


def test_only_an_unconditional_page_break_reaches_the_printed_page(seed_brief, tmp_path):
    """A break "once the page is 70% full" cannot be judged by a browser: it is left out,
    rather than printed as a break that leaves a page mostly empty; `fill_before_break: 0`
    makes the template's breaks unconditional, and then they print."""
    (tmp_path / "template.yaml").write_text(
        "name: always\nextends: default\npage: {fill_before_break: '0', new_page: [risks]}\n")

    def breaks(theme: str) -> int:
        document = briefgen.build_document(seed_brief, briefgen.load_theme(theme))
        return briefgen.render_bytes(document, "html").decode().count('class="page-break"')

    assert breaks("default") == 0
    assert breaks(str(tmp_path)) == 2  # after the contents, and before the risks
