"""The library API: load from a path, a string or a dict; lay out; render by format name."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys

import pytest
import yaml
from conftest import MINIMAL_SPEC, ROOT, SEED_SPEC

import briefgen


def test_three_ways_to_load_agree(minimal_spec_text, tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text(minimal_spec_text)
    from_path = briefgen.load_spec(path)
    from_text = briefgen.loads_spec(minimal_spec_text)
    data = yaml.safe_load(minimal_spec_text)
    data["date"] = datetime.date(2025, 2, 28)
    from_dict = briefgen.spec_from_dict(data)
    assert from_path.title == from_text.title == from_dict.title == "Minimal brief"
    assert from_path.name == "brief" and from_text.name == "brief"
    assert from_dict.date == datetime.date(2025, 2, 28)


def test_dict_errors_name_the_field():
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.spec_from_dict({"title": "T", "summary": "S", "pillars": [], "risks": [{}],
                                 "opportunities": [{"sector": "x", "description": "y"}]})
    messages = [str(p) for p in caught.value.problems]
    assert "<dict>: pillars: needs at least 1 item" in messages
    assert "<dict>: risks[0]: missing required field 'title'" in messages


def test_unknown_format_is_a_usage_error(seed_document):
    with pytest.raises(briefgen.UsageError, match="unknown output format 'odt'"):
        briefgen.render_bytes(seed_document, "odt")


def test_backends_are_registered_by_name():
    assert {"pdf", "docx"} <= set(briefgen.available_backends())


def test_import_briefgen_is_light():
    code = ("import sys, briefgen; briefgen.load_spec; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('reportlab', 'docx', 'PIL', 'jsonschema', 'lxml')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_validating_the_seed_loads_no_renderer():
    code = (f"import sys, briefgen; briefgen.load_spec({str(SEED_SPEC)!r}); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'reportlab', 'docx', 'PIL', 'lxml', 'jsonschema'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_render_to_stream_and_path_agree(tmp_path, minimal_spec_text):
    pytest.importorskip("reportlab")
    document = briefgen.build_document(briefgen.loads_spec(minimal_spec_text))
    stream = io.BytesIO()
    briefgen.render(document, "pdf", stream)
    briefgen.render(document, "pdf", tmp_path / "out.pdf")
    assert stream.getvalue() == (tmp_path / "out.pdf").read_bytes()
    assert stream.getvalue().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]  # no temporary file left


def test_a_failed_render_keeps_the_earlier_file(tmp_path, minimal_spec_text, monkeypatch):
    from briefgen.backends import pdf

    target = tmp_path / "out.pdf"
    target.write_bytes(b"earlier good output")
    document = briefgen.build_document(briefgen.loads_spec(minimal_spec_text))

    def explode(self, document, style, stream):
        stream.write(b"%PDF-partial")
        raise RuntimeError("boom")

    monkeypatch.setattr(pdf.PdfBackend, "render", explode)
    with pytest.raises(briefgen.RenderError, match=r"^pdf: .*RuntimeError: boom") as caught:
        briefgen.render(document, "pdf", target)
    assert caught.value.backend == "pdf"
    assert target.read_bytes() == b"earlier good output"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_dict_with_a_lone_surrogate_is_a_clean_error(minimal_spec_text):
    data = yaml.safe_load(minimal_spec_text)
    data["pillars"][0]["summary"] = "broken \ud800 text"
    with pytest.raises(briefgen.SpecError, match=r"<dict>: pillars\[0\].summary: holds an invalid"):
        briefgen.spec_from_dict(data)


def test_the_brief_date_wins_over_source_date_epoch_in_both_formats(minimal_spec_text, monkeypatch):
    import docx
    from pypdf import PdfReader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = briefgen.build_document(
        briefgen.loads_spec(minimal_spec_text + "date: 2025-02-28\n"))
    pdf = PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf")))
    assert pdf.metadata["/CreationDate"].startswith("D:20250228")
    word = docx.Document(io.BytesIO(briefgen.render_bytes(document, "docx")))
    assert word.core_properties.created == datetime.datetime(2025, 2, 28,
                                                             tzinfo=datetime.timezone.utc)


def test_api_bad_input_is_always_a_spec_error():
    looped: dict = {}
    looped["x"] = looped
    for data, message in [({"title": object()}, "title: expected text, a number, a date"),
                          ({"title": b"x"}, "found a bytes"),
                          (looped, "nested too deeply")]:
        with pytest.raises(briefgen.SpecError, match=message):
            briefgen.spec_from_dict(data)
    with pytest.raises(briefgen.SpecError, match="expected the spec's YAML as text or bytes"):
        briefgen.loads_spec(None)


@pytest.mark.parametrize("call, message", [
    (lambda: briefgen.build_document({"title": "T"}), r"build_document\(\) needs a Brief"),
    (lambda: briefgen.build_document(briefgen.loads_spec(MINIMAL_SPEC), "memo"),
     r"takes a template as a Theme \(briefgen\.load_theme\), not a str"),
    (lambda: briefgen.template_of("brief.yaml"), r"template_of\(\) needs a Brief"),
    (lambda: briefgen.render_bytes({"title": "T"}, "pdf"), r"needs a briefgen Document"),
])
def test_the_wrong_kind_of_argument_is_a_type_error_that_says_what_to_pass(call, message):
    with pytest.raises(TypeError, match=message):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: briefgen.load_spec(io.BytesIO(b"title: x")),
     r"load_spec\(\)'s spec file must be a path .*not a BytesIO; give YAML text or bytes to "
     r"loads_spec\(\)"),
    (lambda: briefgen.build(io.BytesIO(b"title: x")), r"build\(\)'s spec file must be a path"),
    (lambda: briefgen.build("brief.yaml", "pdf", io.BytesIO()), r"output_dir must be a path"),
    (lambda: briefgen.build("brief.yaml", "pdf", template=io.BytesIO()),
     r"template must be a name or a path"),
    (lambda: briefgen.load_theme(io.StringIO("name: x")), r"load_theme\(\) takes a template"),
    (lambda: briefgen.loads_spec(MINIMAL_SPEC, filename=io.BytesIO()),
     r"filename must be a str, not a BytesIO"),
    (lambda: briefgen.loads_spec(MINIMAL_SPEC, allow_paths=io.BytesIO(b"/\n")),
     r"or a list of them, not a BytesIO"),  # a stream iterates its lines: "/" was allowed
    (lambda: briefgen.loads_spec(MINIMAL_SPEC, allow_paths=[io.BytesIO()]),
     r"each folder must be a path"),
])
def test_a_stream_where_a_path_belongs_is_named_by_its_type_not_its_repr(call, message):
    with pytest.raises(TypeError, match=message) as caught:
        call()
    assert "<_io" not in str(caught.value) and "object at 0x" not in str(caught.value)


def test_a_folder_given_as_one_string_is_one_folder_not_its_letters(tmp_path):
    """allow_paths="/srv/brand" once allowed "/" (its first letter): every file on the disk."""
    from PIL import Image

    for folder in ("brand", "other", "spec"):
        (tmp_path / folder).mkdir()
        Image.new("RGB", (8, 8), "navy").save(tmp_path / folder / "logo.png")
    spec = MINIMAL_SPEC + "logo: ../{}/logo.png\n"
    brand = str(tmp_path / "brand")
    brief = briefgen.loads_spec(spec.format("brand"), base_dir=tmp_path / "spec",
                                allow_paths=brand)
    assert brief.logo is not None
    with pytest.raises(briefgen.SpecError, match="logo"):
        briefgen.loads_spec(spec.format("other"), base_dir=tmp_path / "spec", allow_paths=brand)
    with pytest.raises(TypeError, match="a list of them, not an int"):
        briefgen.loads_spec(MINIMAL_SPEC, allow_paths=7)
    assert [t.name for t in briefgen.list_templates(str(tmp_path / "none"))] == [
        t.name for t in briefgen.list_templates()]
