"""Bad specs in tests/data/bad/ give exactly the located messages a user should see."""

from __future__ import annotations

import time

import pytest
from conftest import DATA

import briefgen

BAD = DATA / "bad"

EXPECTED = {
    "misspelt-key.yaml": [
        "2:1: missing required field 'title' (every brief needs a title)",
        "2:1: titel: unknown key 'titel' (did you mean 'title'?)",
    ],
    "wrong-enum.yaml": [
        "9:17: risks[0].likelihood: 'extreme' is not one of low, medium, high "
        "(choose one of low, medium, high)",
    ],
    "missing-required.yaml": ["7:5: risks[0]: missing required field 'impact'"],
    "unknown-citation.yaml": [
        "5:50: pillars[0].summary: unknown citation '[@timenew]' (did you mean 'timenews'?)",
    ],
    "duplicate-key.yaml": [
        "14:1: title: duplicate key 'title' (first defined at line 1) "
        "(each key may appear once; remove or rename one of them)",
    ],
    "broken-syntax.yaml": [
        "13:16: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence that started at line 12, column 13)",
    ],
    "not-a-mapping.yaml": [
        "1:1: the top level must be a mapping of keys, found a list "
        "(start with 'title: …' on the first line)",
    ],
    "empty.yaml": [
        "1:1: the file is empty (a spec needs at least title, summary, pillars, risks and "
        "opportunities)",
    ],
    "binary.yaml": [
        "1:1: this is a binary file, not a YAML text file "
        "(a spec is a UTF-8 text file ending in .yaml)",
    ],
    "alias-bomb.yaml": [
        "2:4: a: YAML anchors (&a) are not allowed (write the value out in full)",
    ],
}


def test_every_bad_file_has_an_expectation():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_spec_reports_located_problems(name):
    path = BAD / name
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:{e}" for e in EXPECTED[name]]


def test_alias_bomb_fails_fast():
    started = time.perf_counter()
    with pytest.raises(briefgen.SpecError):
        briefgen.load_spec(BAD / "alias-bomb.yaml")
    assert time.perf_counter() - started < 1.0


def test_all_problems_are_reported_at_once(tmp_path, minimal_spec_text):
    text = minimal_spec_text.replace("likelihood: low", "likelihood: lo").replace(
        "sector: Logistics", "sektor: Logistics") + "colour: blue\n"
    spec = tmp_path / "many.yaml"
    spec.write_text(text)
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(spec)
    messages = [str(p) for p in caught.value.problems]
    assert any(":9:17: risks[0].likelihood: 'lo' is not one of" in m and "did you mean 'low'" in m
               for m in messages), messages
    assert any(":12:5: opportunities[0].sektor: unknown key 'sektor' (did you mean 'sector'?)" in m
               for m in messages), messages
    assert any(":14:1: colour: unknown key 'colour'" in m for m in messages), messages
    assert any("missing required field 'sector'" in m for m in messages), messages


@pytest.mark.parametrize("yaml_text, expected", [
    ("title: T\ntitle: U\n", "2:1: title: duplicate key 'title'"),
    ("title: !!python/object/apply:os.system ['true']\n", "1:8: title: YAML tags"),
    ("a: &x 1\n", "1:4: a: YAML anchors (&x) are not allowed"),
    ("title: x\n---\ntitle: y\n", "2:1: the file holds more than one YAML document"),
    ("? [a, b]\n: c\n", "1:3: a mapping key must be a plain word, not a list"),
])
def test_yaml_features_a_spec_may_not_use(yaml_text, expected):
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.loads_spec(yaml_text, filename="s.yaml")
    assert str(caught.value.problems[0]).startswith(f"s.yaml:{expected}")


def test_scalars_stay_text_until_the_schema_converts_them(minimal_spec_text):
    text = minimal_spec_text.replace("title: Minimal brief", "title: NO") + (
        "briefgen: 1\nkeywords: [3.10, yes, null-ish, 007]\ndate: 2025-02-28\n")
    brief = briefgen.loads_spec(text)
    assert brief.title == "NO"
    assert brief.keywords == ["3.10", "yes", "null-ish", "007"]
    assert str(brief.date) == "2025-02-28"


def test_dates_may_be_quoted_strings_but_must_be_real(minimal_spec_text):
    assert str(briefgen.loads_spec(minimal_spec_text + "date: '2025-02-28'\n").date) == "2025-02-28"
    with pytest.raises(briefgen.SpecError, match=r"'2025-02-30' is not a real date"):
        briefgen.loads_spec(minimal_spec_text + "date: 2025-02-30\n")
    with pytest.raises(briefgen.SpecError, match=r"must be a date written YYYY-MM-DD"):
        briefgen.loads_spec(minimal_spec_text + "date: 28/02/2025\n")


def test_unsupported_format_version(minimal_spec_text):
    expected = r"1:11: briefgen: unsupported format version 2 \(this briefgen reads version 1\)"
    with pytest.raises(briefgen.SpecError, match=expected):
        briefgen.loads_spec("briefgen: 2\n" + minimal_spec_text)


@pytest.mark.parametrize("text, message", [
    ("x" * (3 * 1024 * 1024), "the file is too large"),
    ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 60)), "nested too deeply"),
])
def test_limits(text, message):
    with pytest.raises(briefgen.SpecError, match=message):
        briefgen.loads_spec(text)


def test_long_strings_are_refused_with_a_clear_message(minimal_spec_text):
    text = minimal_spec_text.replace("A short summary.", "a" * 250_000)
    with pytest.raises(briefgen.SpecError, match=r"2:10: summary: this text is too long"):
        briefgen.loads_spec(text, filename="s.yaml")


def test_invalid_utf8_is_located():
    with pytest.raises(briefgen.SpecError, match=r"s.yaml:2:8: the file is not valid UTF-8"):
        briefgen.loads_spec(b"title: T\nsummary\xff: x\n", filename="s.yaml")


def test_empty_required_value_and_empty_section(minimal_spec_text):
    text = minimal_spec_text.replace("title: Minimal brief", "title:")
    with pytest.raises(briefgen.SpecError, match=r":1:7: title: expected text, found nothing"):
        briefgen.loads_spec(text, filename="s.yaml")
    with pytest.raises(briefgen.SpecError,
                       match=r"sections\[0\]: a section needs a body, a qa list"):
        briefgen.loads_spec(minimal_spec_text + "sections:\n  - title: Empty\n")


def test_missing_file_suggests_a_near_name(tmp_path, minimal_spec_text):
    (tmp_path / "morocco.yaml").write_text(minimal_spec_text)
    with pytest.raises(briefgen.SpecError, match=r"no such file \(did you mean 'morocco.yaml'\?\)"):
        briefgen.load_spec(tmp_path / "moroco.yaml")


def test_deep_emphasis_is_reported_at_its_field(minimal_spec_text):
    text = minimal_spec_text.replace("    summary: The lead.",
                                     "    summary: '" + "*" * 300 + "x" + "*" * 300 + "'")
    with pytest.raises(briefgen.SpecError,
                       match=r"s.yaml:5:\d+: pillars\[0\].summary: emphasis and "
                             r"links are nested more than 16 levels deep"):
        briefgen.loads_spec(text, filename="s.yaml")


@pytest.mark.parametrize("value", ["9" * 5000, "-" + "7" * 4400, "1e999999"])
def test_a_huge_number_is_a_short_located_error(minimal_spec_text, value):
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.loads_spec(f"briefgen: {value}\n" + minimal_spec_text)
    message = str(caught.value)
    assert message.startswith("<string>:1:11: briefgen: unsupported format version")
    assert len(message) < 200


@pytest.mark.parametrize("name, written", [
    ("fig ure.png", "<fig ure.png>"), ("fig ure.png", "fig%20ure.png"),
    ("карта.png", "карта.png"), ("carte (été).png", "<carte (été).png>"),
])
def test_images_with_spaces_or_non_ascii_letters_in_their_names_load(tmp_path,
                                                                    minimal_spec_text,
                                                                    name, written):
    from PIL import Image

    Image.new("RGB", (40, 30), "teal").save(tmp_path / name)
    spec = minimal_spec_text.replace("A short summary.", f'"![A map]({written})"')
    from briefgen.document.nodes import Figure, walk_blocks

    document = briefgen.build_document(briefgen.loads_spec(spec, base_dir=tmp_path))
    figures = [b for b in walk_blocks(document.blocks) if isinstance(b, Figure)]
    assert [(f.image.width, f.alt) for f in figures] == [(40, "A map")]


def test_a_file_of_junk_reports_a_readable_number_of_problems(minimal_spec_text):
    junk = "".join(f"junk_{i:05d}_{'x' * 120}: 1\n" for i in range(5000))
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.loads_spec(minimal_spec_text + junk)
    error = caught.value
    assert error.total == 5000 and len(error.problems) == 51
    assert str(error.problems[-1]) == ("<string>: \u2026 and 4950 more problems "
                                       "(fix these first, then run again)")
    assert len(str(error)) < 50_000
    assert all(len(p.field) <= 140 and len(str(p).split(": ")[1]) <= 80
               for p in error.problems[:-1])


@pytest.mark.parametrize("encoding, named", [
    ("utf-16", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)"),
    ("utf-16-le", "UTF-16 (little-endian)"), ("utf-32", "UTF-32 (little-endian)"),
    ("utf-32-le", "UTF-32 (little-endian)"),
])
def test_a_utf16_or_utf32_file_is_named_with_how_to_convert_it(minimal_spec_text, tmp_path,
                                                              encoding, named):
    spec = tmp_path / "brief.yaml"
    spec.write_bytes(minimal_spec_text.encode(encoding))
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(spec)
    assert str(caught.value) == (f"{spec}:1:1: the file is {named}, not UTF-8 (save it as "
                                 f"UTF-8, e.g. iconv -f {named.split()[0]} -t UTF-8 FILE > "
                                 "NEW.yaml)")


@pytest.mark.parametrize("character, name", [("\x1b", "U+001B, ESC"), ("\x07", "U+0007, BEL"),
                                             ("\x7f", "U+007F, DEL"), ("\x01", "U+0001")])
def test_a_raw_control_character_is_located_and_named(minimal_spec_text, character, name):
    text = minimal_spec_text.replace("title: Minimal brief", f"title: Minimal {character}brief")
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.loads_spec(text, filename="brief.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("brief.yaml", 1, 16)
    assert f"a control character ({name})" in problem.message and problem.hint
    assert "position" not in problem.message and "<unicode string>" not in problem.message
