"""Property-based tests: random mutations of the seed spec never give anything but a clean error."""

from __future__ import annotations

import copy

import yaml
from conftest import SEED_SPEC
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefgen

SEED_TEXT = SEED_SPEC.read_text("utf-8")
SEED_LINES = SEED_TEXT.splitlines(keepends=True)
SEED_DATA = yaml.load(SEED_TEXT, Loader=yaml.BaseLoader)  # all scalars as text, like ours

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _load_cleanly(load):
    try:
        load()
    except briefgen.SpecError as exc:
        assert exc.problems, "a SpecError must carry at least one problem"
        for problem in exc.problems:
            assert problem.message and "Traceback" not in str(problem)


@SETTINGS
@given(st.data())
def test_text_mutations_give_a_brief_or_a_clean_error(data):
    lines = list(SEED_LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "garble", "indent", "insert"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = data.draw(st.sampled_from([" ", "\t", "  - ", "? "])) + lines[index]
        elif action == "insert":
            lines.insert(index, data.draw(st.text(max_size=40)) + "\n")
        else:
            line = lines[index]
            if line:
                at = data.draw(st.integers(0, len(line) - 1))
                char = data.draw(st.sampled_from(list(":-[]{}&*!|>'\"#%@`,\x00\x07\ufffe\ud800é")))
                lines[index] = line[:at] + char + line[at + 1:]
    _load_cleanly(lambda: briefgen.loads_spec("".join(lines), filename="mutant.yaml"))


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (st.lists(children, max_size=3)
                      | st.dictionaries(st.text(max_size=10), children, max_size=3)),
    max_leaves=8)


@SETTINGS
@given(st.data())
def test_structure_mutations_give_a_brief_or_a_clean_error(data):
    spec = copy.deepcopy(SEED_DATA)
    for _ in range(data.draw(st.integers(1, 3))):
        node, key = spec, None
        path = []
        while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
            key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict)
                                            else range(len(node))))
            path.append((node, key))
            node = node[key]
        if not path:
            spec[data.draw(st.text(max_size=12))] = data.draw(_values)
            continue
        parent, key = path[-1]
        if data.draw(st.booleans()):
            parent[key] = data.draw(_values)
        elif isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
    _load_cleanly(lambda: briefgen.spec_from_dict(spec))


# --- random valid specs with arbitrary Unicode: both backends produce files that reopen ----------

import io
import re
import unicodedata

_any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda s: s.strip() and "\n" not in s)
_marker_words = st.sampled_from(["Қазақстан", "São Tomé", "Marrakech", "Żółć", "Nurtleu", "Ørsted"])


def _visible(text: str) -> str:
    """The characters a reader sees; spacing and control characters may legitimately differ."""
    return "".join(c for c in text if unicodedata.category(c)[0] not in "CZ" and not c.isspace())


def _cmap_union(*groups: tuple[str, ...]) -> frozenset[int]:
    """Code points every face of at least one group of families maps (from the fonts' cmaps)."""
    import fontpkg
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for families in groups:
        common = None
        for name in families:
            for file in fontpkg.family(name).files:
                with TTFont(file.path, lazy=True) as font:
                    cmap = set(font.getBestCmap())
                common = cmap if common is None else common & cmap
        covered |= common or set()
    return frozenset(covered)


_COVERED: list[frozenset[int]] = []


def _covered() -> frozenset[int]:
    """Characters the PDF can show: the theme's fonts (PT Sans, PT Serif) or the fallback (Noto)."""
    if not _COVERED:
        _COVERED.append(_cmap_union(("PT Sans", "PT Serif"), ("Noto Sans", "Noto Serif")))
    return _COVERED[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_any_text, pillar=_any_text, risk=_any_text, speaker=_any_text, marker=_marker_words,
       count=st.integers(1, 4))
def test_random_valid_specs_render_in_both_formats(title, pillar, risk, speaker, marker, count):
    import docx
    from pypdf import PdfReader

    spec = {
        "title": f"{marker} {title}",
        "summary": f"{marker} summary.",
        "pillars": [{"title": f"{pillar} {i}", "summary": f"{marker} lead {i}."}
                    for i in range(count)],
        "risks": [{"title": risk, "description": "d", "likelihood": "high", "impact": "low"}],
        "opportunities": [{"sector": marker, "description": "d"}],
        "quotes": [{"text": f"{marker} said", "speaker": speaker}],
    }
    try:
        brief = briefgen.spec_from_dict(spec)
    except briefgen.SpecError as exc:  # e.g. a title of only invisible characters
        assert exc.problems
        return
    try:
        document = briefgen.build_document(brief)
    except briefgen.SpecError as exc:  # a character no font has: named, never dropped
        named = {int(code, 16) for p in exc.problems for code in re.findall(r"U\+([0-9A-F]{4,6})",
                                                                             p.message)}
        assert named and not named & _covered(), exc.problems
        return
    pdf = PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf")))
    pdf_text = " ".join((page.extract_text() or "") for page in pdf.pages)
    assert len(pdf.pages) >= 2 and marker in pdf_text
    # every visible character some font has is in the PDF's text (lines may wrap and table
    # columns interleave, so characters are checked one by one; marks may be reordered)
    pdf_chars = set(_visible(unicodedata.normalize("NFC", pdf_text)))
    pdf_chars |= set(_visible(pdf_text))
    covered = _covered()
    for original in (title, pillar, risk, speaker):
        wanted = {c for c in _visible(original)
                  if ord(c) in covered and unicodedata.category(c)[0] != "M"}
        assert wanted <= pdf_chars, (original, sorted(wanted - pdf_chars))
    word = docx.Document(io.BytesIO(briefgen.render_bytes(document, "docx")))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    word_text = _visible(" ".join(parts))
    for original in (title, pillar, risk, speaker):
        assert _visible(original) in word_text
