"""Spec Markdown becomes inline and block nodes; nothing in it is ever interpreted as markup."""

from __future__ import annotations

import pytest

from briefgen.document.nodes import (
    Citation, Code, Emphasis, LineBreak, Link, ListBlock, Paragraph, Strong, Text,
)
from briefgen.markdown import ImageReference, parse_block, parse_inline


def test_inline_spans():
    parsed = parse_inline("Plain **bold** and *italic* with `code` and [a link](https://example.org/x).")
    assert parsed.inlines == (
        Text("Plain "), Strong([Text("bold")]), Text(" and "), Emphasis([Text("italic")]),
        Text(" with "), Code("code"), Text(" and "),
        Link("https://example.org/x", [Text("a link")]), Text("."),
    )


def test_citations_single_and_grouped_in_order():
    parsed = parse_inline("Claim [@timenews]; more [@a-1; @b_2].")
    assert [n for n in parsed.inlines if isinstance(n, Citation)] == [
        Citation("timenews"), Citation("a-1"), Citation("b_2")]
    assert [c for c, _ in parsed.citations] == ["timenews", "a-1", "b_2"]


def test_citations_sit_against_the_word_and_neighbours_form_one_group():
    """'partnership [@a] [@b]' sets the numbers against the word, as one group, in every format."""
    parsed = parse_inline("A partnership [@a] [@b], then more.")
    assert parsed.inlines == (Text("A partnership"), Citation("a"), Citation("b"),
                              Text(", then more."))


def test_citation_inside_code_is_not_a_citation():
    parsed = parse_inline("Write `[@id]` to cite.")
    assert parsed.citations == []
    assert Code("[@id]") in parsed.inlines


def test_raw_html_and_reportlab_markup_stay_text():
    payload = '<font color="red">x</font> </para> <a href="javascript:alert(1)">y</a> & &amp;'
    parsed = parse_inline(payload)
    assert parsed.inlines == (Text('<font color="red">x</font> </para> '
                                   '<a href="javascript:alert(1)">y</a> & &'),)


def test_only_http_https_mailto_become_links():
    parsed = parse_inline("[js](javascript:alert(1)) [file](file:///etc/passwd) [rel](notes.html) "
                          "[mail](mailto:a@b.org) [web](http://x.org)")
    links = [n for n in parsed.inlines if isinstance(n, Link)]
    assert [link.url for link in links] == ["mailto:a@b.org", "http://x.org"]
    text = "".join(n.text for n in parsed.inlines if isinstance(n, Text))
    assert "file" in text and "rel" in text and "javascript:" in text


def test_block_field_lists_and_paragraphs():
    parsed = parse_block("First paragraph\ncontinues.\n\n- one\n- two  \n  broken\n\n3. three\n")
    first, bullets, numbered = parsed.blocks
    assert first == Paragraph([Text("First paragraph continues.")])
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    assert bullets.items[1] == (Paragraph([Text("two"), LineBreak(), Text("broken")]),)
    assert numbered.ordered and numbered.start == 3


def test_headings_and_quotes_are_not_enabled():
    parsed = parse_block("# Not a heading\n\n> not a quote\n\n    not code")
    texts = [b.content[0].text for b in parsed.blocks]
    assert texts == ["# Not a heading", "> not a quote", "not code"]


def test_images_only_on_their_own_in_block_fields():
    parsed = parse_block("Text.\n\n![A map of the corridor](figures/map.png)\n")
    assert parsed.blocks[1] == ImageReference("figures/map.png", "A map of the corridor", 2)
    assert parse_inline("x ![a](b.png)").problems[0][0].startswith("images are allowed only")
    assert parse_block("Text ![a](b.png) more").problems[0][0] == (
        "an image must stand in a paragraph of its own")


def test_deeply_nested_emphasis_is_a_problem_not_a_crash():
    parsed = parse_inline("*" * 300 + "x" + "*" * 300)
    assert parsed.problems[0][0] == "emphasis and links are nested more than 16 levels deep"


def test_bidi_overrides_written_as_entities_are_dropped():
    assert parse_inline("x &#x202e;evil&#x202d;").inlines == (Text("x evil"),)


def test_lists_nested_too_deeply_are_a_problem_not_lost_words():
    deep = parse_block("- " * 10 + "ten levels\n")
    assert deep.problems == [] and "ten levels" in str(deep.blocks)
    deeper = parse_block("- " * 11 + "LOSTWORD\n")
    assert deeper.problems[0][0] == "lists are nested more than 10 levels deep"
    deepest = parse_block("- " * 60 + "far down\n")  # past markdown-it's own limit too
    assert deepest.problems and deepest.problems[0][0].startswith("lists are nested")


@pytest.mark.parametrize("text, expected", [
    ("See [the report [@s1] here](https://e.org/r) now.",
     (Text("See "), Link("https://e.org/r", (Text("the report"),)), Citation("s1"),
      Link("https://e.org/r", (Text(" here"),)), Text(" now."))),
    ("[**bold [@s1] x** y](https://e.org)",
     (Link("https://e.org", (Strong((Text("bold"),)),)), Citation("s1"),
      Link("https://e.org", (Strong((Text(" x"),)), Text(" y"))))),
    ("[[@a; @b]](https://e.org)", (Citation("a"), Citation("b"))),
])
def test_a_citation_inside_a_link_label_keeps_both_links(text, expected):
    """markdown-it took the citation's brackets for a link nested in the label and dropped the
    outer link; a link cannot hold another, so the citation now stands between its pieces."""
    parsed = parse_inline(text)
    assert parsed.inlines == expected
    assert [source for source, _ in parsed.citations] == [
        c.source_id for c in expected if isinstance(c, Citation)]
