"""A backend, ours or a third party's, cannot end briefgen, lose its output or overwrite
another format's file: whatever it does comes back as a RenderError naming it."""

from __future__ import annotations

import sys
import textwrap

import pytest

import briefgen
from briefgen.output.boundary import render_document
from conftest import MINIMAL_SPEC
from test_plugin_backend import install
from briefgen.output.registry import backend_entries


class Backend:
    name, extension, media_type = "toy", "txt", "text/plain"

    def __init__(self, render):
        self._render = render

    def render(self, document, style, stream):
        self._render(stream)


@pytest.fixture(scope="module")
def document_and_style():
    brief = briefgen.loads_spec(MINIMAL_SPEC)
    theme = briefgen.template_of(brief)
    return briefgen.build_document(brief, theme), theme.style()


def render(document_and_style, behaviour):
    return render_document(Backend(behaviour), *document_and_style)


def test_a_backend_calling_sys_exit_is_a_render_error(document_and_style):
    with pytest.raises(briefgen.RenderError, match=r"^toy: the file could not be produced"):
        render(document_and_style, lambda stream: sys.exit(3))


def test_a_backend_that_closes_its_stream_keeps_what_it_wrote(document_and_style):
    def write_and_close(stream):
        stream.write(b"all of it")
        stream.close()
    assert render(document_and_style, write_and_close) == b"all of it"


def test_a_backend_that_writes_nothing_is_a_render_error(document_and_style):
    with pytest.raises(briefgen.RenderError, match=r"^toy: the backend wrote nothing$"):
        render(document_and_style, lambda stream: None)


def test_ctrl_c_still_stops_a_render(document_and_style):
    def interrupted(stream):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        render(document_and_style, interrupted)


PLUGINS = textwrap.dedent("""\
    import sys

    class Dotted:
        name, extension, media_type = "dotted", ".txt", "text/plain"
        def render(self, document, style, stream):
            stream.write(b"x")

    class Escaping:
        name, extension, media_type = "escaping", "../../evil", "text/plain"
        def render(self, document, style, stream):
            stream.write(b"x")

    class Exiting:
        def __init__(self):
            sys.exit("plug-in gave up")

    class Plain:
        name, extension, media_type = "plain", "md", "text/markdown"
        def render(self, document, style, stream):
            stream.write(b"plain")
    """)


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "odd_backends.py").write_text(PLUGINS, encoding="utf-8")
    install(site, "odd-backends", "0.1", "\n".join([
        "dotted = odd_backends:Dotted", "escaping = odd_backends:Escaping",
        "exiting = odd_backends:Exiting", "plain = odd_backends:Plain",
        "Bad,Name = odd_backends:Plain"]))
    monkeypatch.syspath_prepend(str(site))
    return site


@pytest.mark.parametrize("name, problem", [
    ("dotted", r"has an unusable file extension '\.txt'"),
    ("escaping", r"has an unusable file extension '\.\./\.\./evil'"),
    ("exiting", r"could not be loaded: SystemExit: plug-in gave up"),
])
def test_a_plugin_that_would_misbehave_is_refused_when_loaded(plugins, name, problem):
    with pytest.raises(briefgen.RenderError,
                       match=rf"^{name}: the backend of odd-backends 0\.1 .*{problem}"):
        briefgen.get_backend(name)


def test_a_format_name_no_command_line_could_ask_for_is_refused(plugins):
    (entry,) = [e for e in backend_entries() if e.name == "Bad,Name"]
    assert "is not a usable format name" in entry.refused
    assert "Bad,Name" not in briefgen.available_backends()


def test_two_formats_writing_one_file_name_are_refused_before_anything_is_written(
        plugins, tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(briefgen.UsageError,
                       match=r"the formats 'md' and 'plain' would both write \.md files"):
        briefgen.build(spec, ["md", "plain"], output_dir=out)
    assert not out.exists() or not any(out.iterdir())


def test_a_format_asked_for_twice_is_built_once(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC, encoding="utf-8")
    results = briefgen.build(spec, ["md", "md"], output_dir=tmp_path)
    assert [r.format for r in results] == ["md"]
