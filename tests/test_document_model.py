"""The document tree is a value: it cannot be changed once built, copies and pickles as one,
and refuses, at the line that builds it, the mistakes that would lose a reader's text."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from briefgen.document.nodes import (
    Heading, Paragraph, Strong, Table, TableCell, Text, TitleBlock,
)
from briefgen.document.records import FrozenMap


def test_the_seed_document_pickles_and_copies_to_an_equal_value(seed_document):
    for twin in (pickle.loads(pickle.dumps(seed_document)), copy.deepcopy(seed_document),
                 copy.copy(seed_document)):
        assert twin.blocks == seed_document.blocks
        assert dict(twin.numbers) == dict(seed_document.numbers)
    assert hash(seed_document.blocks) == hash(copy.deepcopy(seed_document.blocks))


def test_nodes_cannot_be_changed(seed_document):
    heading = seed_document.headings()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        heading.level = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        seed_document.numbers["source-x"] = 1  # type: ignore[index]
    assert dataclasses.replace(heading, level=3).level == 3 and heading.level != 3


def test_lists_given_for_sequences_become_tuples():
    paragraph = Paragraph([Text("a"), Strong([Text("b")])])
    assert paragraph.content == (Text("a"), Strong((Text("b"),)))
    table = Table(header=[TableCell([Text("h")])], rows=[[TableCell([Text("c")])]],
                  widths=[1])
    assert table.rows == ((TableCell((Text("c"),)),),)


@pytest.mark.parametrize("build, message", [
    (lambda: Paragraph("plain words"), r"Paragraph\.content is a sequence, not a string"),
    (lambda: Heading(1, "Title", "title"), r"Heading\.content is a sequence, not a string"),
    (lambda: Paragraph(["plain words"]),
     r"Paragraph\.content holds a str \('plain words'\), where it takes a node"),
    (lambda: Table(header=[], rows=["row"], widths=[]), r"Table\.rows is .*|holds a str"),
    (lambda: Table(header=[], rows=[], widths=["wide"]), r"Table\.widths holds a str"),
    (lambda: TitleBlock(title="T", byline=[Text("x")]), r"TitleBlock\.byline holds a Text"),
])
def test_a_string_or_a_wrong_item_where_nodes_go_is_refused(build, message):
    with pytest.raises(TypeError, match=message):
        build()


def test_frozen_map_is_read_only_hashable_and_picklable():
    numbers = FrozenMap({"a": 1})
    with pytest.raises(TypeError):
        numbers["b"] = 2  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        numbers._data = {}  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(numbers)) == numbers == {"a": 1}
    assert hash(numbers) == hash(FrozenMap({"a": 1}))
