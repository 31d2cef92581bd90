"""Fuzzing: arbitrary bytes and text through every reader of untrusted input — the YAML reader,
the Markdown parser, the image, font and reference-document checks — give a result or a
`BriefgenError`, never anything else, within a time limit per example and a memory ceiling.
"""

from __future__ import annotations

import io
import os
import resource
import zipfile
from datetime import timedelta

import pytest
from conftest import MINIMAL_SPEC
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefgen
from briefgen.markdown import parse_block, parse_inline

MEMORY_CEILING = 1024 * 1024 * 1024  # bytes of peak resident memory the fuzzing may reach
# BRIEFGEN_FUZZ=10 runs ten times the examples: a longer hunt than every test run can afford
SCALE = max(1, int(os.environ.get("BRIEFGEN_FUZZ", "1") or 1))
FUZZ = settings(max_examples=120 * SCALE, deadline=timedelta(seconds=10),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
SLOW_FUZZ = settings(FUZZ, max_examples=30 * SCALE)

YAML_ALPHABET = st.sampled_from(list("abz019 :-[]{}&*!|>'\"#%@`,?\n\t\\.~=<") +
                                ["\x00", "\x1b", "\ufeff", "\u202e", "é", "💥", "\ud800"])
MARKDOWN_PIECES = st.sampled_from(list("ab1 *_`[]()!@;:<>#-+.\\\n&\t|~") +
                                  ["https://", "](", "[@", "&#x202e;", "\u0645", "    ",
                                   "x.png", "- ", "1. ", "\n\n"])


def markdown(max_size: int):
    return st.lists(MARKDOWN_PIECES, max_size=max_size).map("".join)


def _peak_memory() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


@pytest.fixture(scope="module", autouse=True)
def memory_ceiling():
    """The module's peak resident memory stays under the ceiling. Measured, not imposed: an
    address-space limit would outlive the module. (A peak reached earlier in the run, before
    this module, would hide one here: then there is nothing to measure.)"""
    before = _peak_memory()
    yield
    if before < MEMORY_CEILING:
        assert _peak_memory() < MEMORY_CEILING, f"peak memory {_peak_memory():,} bytes"


def _cleanly(call):
    """Run `call`; a BriefgenError is a clean answer, as long as it says something."""
    try:
        return call()
    except briefgen.BriefgenError as exc:
        assert str(exc).strip(), "an error must say what is wrong"
        assert "Traceback" not in str(exc)
        return None


@FUZZ
@given(st.binary(max_size=400))
def test_the_yaml_reader_takes_any_bytes(raw):
    _cleanly(lambda: briefgen.loads_spec(raw))


@FUZZ
@given(st.text(YAML_ALPHABET, max_size=200))
def test_the_yaml_reader_takes_any_yaml_like_text(text):
    _cleanly(lambda: briefgen.loads_spec(text))
    _cleanly(lambda: briefgen.loads_spec(MINIMAL_SPEC + text))


@FUZZ
@given(markdown(120))
def test_the_markdown_parser_takes_any_text_and_every_backend_renders_it(text):
    parse_block(text)
    parse_inline(text)
    brief = _cleanly(lambda: briefgen.loads_spec(_with_summary(text)))
    document = _cleanly(lambda: briefgen.build_document(brief)) if brief is not None else None
    if document is not None:  # (a character no font has is a clean, located error)
        for fmt in ("md", "html"):
            assert briefgen.render_bytes(document, fmt)


def _with_summary(text: str) -> str:
    lines = "".join(f"  {line}\n" for line in text.split("\n"))
    return MINIMAL_SPEC.replace("summary: A short summary.\n", "summary: |\n" + lines)


@SLOW_FUZZ
@given(markdown(80))
def test_pdf_and_docx_render_any_markdown(text):
    brief = _cleanly(lambda: briefgen.loads_spec(_with_summary(text)))
    document = _cleanly(lambda: briefgen.build_document(brief)) if brief is not None else None
    if document is not None:
        for fmt in ("pdf", "docx"):
            assert _cleanly(lambda fmt=fmt: briefgen.render_bytes(document, fmt)) is not None


def _image(kind: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (48, 32), (200, 40, 40)).save(out, kind)
    return out.getvalue()


def _mutated(data: bytes, draw) -> bytes:
    """`data` with a few bytes changed, cut short, or its size fields made huge."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "truncate", "insert", "huge"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "truncate":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data[at:at + 4] = b"\xff\xff\xff\x7f"
    return bytes(data)


@FUZZ
@given(st.data(), st.sampled_from(["PNG", "JPEG"]))
def test_the_image_checks_take_any_mutation_of_a_real_image(tmp_path, data, kind):
    suffix = ".png" if kind == "PNG" else ".jpg"
    (tmp_path / f"logo{suffix}").write_bytes(_mutated(_image(kind), data.draw))
    brief = _cleanly(lambda: briefgen.loads_spec(MINIMAL_SPEC + f"logo: logo{suffix}\n",
                                                 base_dir=tmp_path))
    if brief is not None:  # what passed the checks was re-encoded: every backend can use it
        document = briefgen.build_document(brief)
        for fmt in ("pdf", "html"):
            assert briefgen.render_bytes(document, fmt)


FONT_STARTS = [b"\x00\x01\x00\x00", b"true", b"OTTO", b"wOFF", b"wOF2", b"ttcf", b"", b"PK"]


@SLOW_FUZZ
@given(st.data())
def test_the_font_checks_take_any_bytes_named_ttf(tmp_path_factory, data):
    import fontpkg

    folder = tmp_path_factory.mktemp("font")
    if data.draw(st.booleans()):
        font = _mutated(fontpkg.path("PT Sans").read_bytes(), data.draw)
    else:
        font = data.draw(st.sampled_from(FONT_STARTS)) + data.draw(st.binary(max_size=300))
    (folder / "face.ttf").write_bytes(font)
    (folder / "template.yaml").write_text(
        "name: fuzz\nfonts:\n  heading: PT Sans\n  body: {regular: face.ttf}\n")
    theme = _cleanly(lambda: briefgen.load_theme(str(folder)))
    if theme is not None:
        document = briefgen.build_document(briefgen.loads_spec(MINIMAL_SPEC), theme)
        for fmt in ("pdf", "docx", "html"):
            _cleanly(lambda fmt=fmt: briefgen.render_bytes(document, fmt))


def _letterhead() -> bytes:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Letterhead"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _mutated_package(data: bytes, draw) -> bytes:
    """A .docx with one part's bytes mutated (the zip stays readable), or the zip itself."""
    if draw(st.booleans()):
        return _mutated(data, draw)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            part = source.read(name)
            target.writestr(name, _mutated(part, draw) if name == victim else part)
    return out.getvalue()


@SLOW_FUZZ
@given(st.data())
def test_the_reference_document_checks_take_any_mutation_of_a_real_one(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("reference")
    (folder / "letterhead.docx").write_bytes(_mutated_package(_letterhead(), data.draw))
    (folder / "template.yaml").write_text(
        "name: fuzz\nextends: default\ndocx: {reference: letterhead.docx}\n")
    theme = briefgen.load_theme(str(folder))
    document = briefgen.build_document(briefgen.loads_spec(MINIMAL_SPEC), theme)
    _cleanly(lambda: briefgen.render_bytes(document, "docx"))
