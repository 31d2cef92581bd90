"""The memo block (issue 14, item 7): `memo: {to, from, subject}` under the title, in every
format, in the brief's language, located when it is wrong."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import MINIMAL_SPEC, ROOT

import briefgen
from briefgen.document import KeyValueList, TitleBlock, plain_text

MEMO_SPEC = MINIMAL_SPEC.replace("title: Minimal brief\n", """title: Minimal brief
date: 2025-02-28
authors: [Leila Benali]
organization: Port Economics Desk
memo:
  to: Board of Directors
  cc: Regional desks
  subject: The *Tanger Med* corridor
""")


def memo_rows(document) -> list[tuple[str, str]]:
    block = next(b for b in document.blocks if isinstance(b, KeyValueList) and b.role == "memo")
    return [(item.label, plain_text(item.value)) for item in block.items]


def test_the_memo_block_stands_under_the_title_with_every_line():
    document = briefgen.build_document(briefgen.loads_spec(MEMO_SPEC), briefgen.load_theme("memo"))
    assert isinstance(document.blocks[0], TitleBlock)
    assert document.blocks[1].role == "memo"
    assert memo_rows(document) == [
        ("TO", "Board of Directors"), ("FROM", "Leila Benali · Port Economics Desk"),
        ("CC", "Regional desks"), ("DATE", "28 February 2025"),
        ("SUBJECT", "The Tanger Med corridor")]
    # the names and the date are said once: in the block, not again in a credits line
    assert document.blocks[0].credits == ()


def test_unset_lines_take_the_briefs_own_words_and_no_date_is_invented():
    text = MINIMAL_SPEC.replace("title: Minimal brief\n",
                                "title: Minimal brief\nmemo: {to: The Minister}\nlanguage: fr\n")
    document = briefgen.build_document(briefgen.loads_spec(text), briefgen.load_theme("memo"))
    assert memo_rows(document) == [("À", "The Minister"), ("OBJET", "Minimal brief")]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
def test_every_format_shows_the_memo_lines_in_order(fmt):
    document = briefgen.build_document(briefgen.loads_spec(MEMO_SPEC), briefgen.load_theme("memo"))
    data = briefgen.render_bytes(document, fmt)
    if fmt == "pdf":
        pypdf = pytest.importorskip("pypdf")
        text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    elif fmt == "docx":
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        text = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    else:
        text = re.sub(r"<[^>]+>|[*|]", " ", data.decode())
    flat = " ".join(text.split())
    assert re.search(r"TO Board of Directors.*FROM Leila Benali · Port Economics Desk.*"
                     r"CC Regional desks.*DATE 28 February 2025.*SUBJECT The Tanger Med corridor",
                     flat), (fmt, flat[:400])


def test_the_memo_block_is_not_a_shaded_panel_in_word():
    document = briefgen.build_document(briefgen.loads_spec(MEMO_SPEC), briefgen.load_theme("memo"))
    xml = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "word/document.xml").decode()
    start = xml.index(">TO<")
    table = xml[xml.rindex("<w:tbl>", 0, start):xml.index("</w:tbl>", start)]
    assert "PanelTable" not in table and "w:shd" not in table  # LibreOffice would shade it


@pytest.mark.parametrize("memo, expected", [
    ("memo: {}", "memo: is empty (give at least one of to, from, subject, cc, or leave the key "
                 "out)"),
    ("memo: {too: Board}", "memo.too: unknown key 'too' (did you mean 'to'?)"),
    ("memo: {to: '  '}", "memo.to: must not be empty"),
])
def test_memo_mistakes_are_located(tmp_path, memo, expected):
    spec = tmp_path / "memo.yaml"
    spec.write_text(MINIMAL_SPEC + memo + "\n")
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(spec)
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m and "memo.yaml:14:" in m for m in messages), messages


def test_formats_may_be_given_as_repeated_options(tmp_path):
    spec = tmp_path / "memo.yaml"
    spec.write_text(MEMO_SPEC)
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", str(spec), "-f", "pdf",
                             "-f", "html,pdf", "-o", str(tmp_path / "out")], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()
                  if not p.name.startswith(".")) == ["memo.html", "memo.pdf"]


def test_a_memo_never_gets_a_cover_page_that_would_part_it_from_its_title(seed_brief):
    import dataclasses

    from briefgen.spec.model import Memo

    memo = dataclasses.replace(seed_brief, memo=Memo(to="The Board"))
    document = briefgen.build_document(memo, briefgen.load_theme("default"))
    title, block = document.blocks[0], document.blocks[1]
    assert not title.own_page and block.role == "memo"
    assert title.credits == ()  # date and names once, in the memo lines
    assert ("FROM", "Time News, time.news") in memo_rows(document)  # the author, once
