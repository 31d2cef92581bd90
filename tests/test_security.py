"""Untrusted input end to end: injected markup prints as text, nothing runs, nothing
half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import MINIMAL_SPEC, ROOT

import briefgen

CVE_2023_33733 = (
    "[[[getattr(pow, Word('__globals__'))['os'].system('touch {marker}') for Word in "
    "[ orgTypeFun( 'Word', (str,), {{ 'mutated': 1, 'startswith': lambda self, x: 1 == 0, "
    "'__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, "
    "'mutate': lambda self: {{ setattr(self, 'mutated', self.mutated - 1) }}, "
    "'__hash__': lambda self: hash(str(self)), }}, ) ] ] for orgTypeFun in [type(type(1))] "
    "for none in [[].append(1)]]] and 'red'")


def _payload(field: str, marker) -> str:
    colour = CVE_2023_33733.format(marker=marker)
    return (f'{field} <font color="{colour}">F</font> </para> & <a href="javascript:x()">A</a>'
            f' <img src="/etc/passwd"/> {{page}} %s')


def _short(field: str) -> str:
    """For fields whose length limit is below the full payload's."""
    return f'{field} <font color="red">F</font> </para> & <b>'


def _every_field_spec(marker) -> dict:
    p = lambda name: _payload(name, marker)  # noqa: E731
    s = _short
    return {
        "title": s("title"), "subtitle": s("subtitle"), "organization": s("organization"),
        "classification": s("classification"),
        "authors": [s("author"), {"name": s("name"), "affiliation": s("aff")}],
        "keywords": [s("keyword")], "summary": p("summary"),
        "key_facts": [{"label": s("label"), "value": p("value")}],
        "pillars": [{"title": s("ptitle"), "summary": p("psummary"), "points": [p("point")],
                     "body": p("body")}],
        "risks": [{"title": s("rtitle"), "description": p("rdesc"), "likelihood": "high",
                   "impact": "low", "mitigation": p("mitigation")}],
        "opportunities": [{"sector": s("sector"), "description": p("odesc"),
                           "actions": [p("act")]}],
        "assessment": {"pros": [p("pro")], "cons": [p("con")]},
        "quotes": [{"text": p("quote"), "speaker": s("speaker"), "role": s("role")}],
        "faq": [{"question": p("question"), "answer": p("answer")}],
        "sections": [{"title": s("stitle"), "body": p("sbody"),
                      "qa": [{"question": p("sq"), "answer": p("sa")}]}],
        "sources": [{"id": "s", "title": p("source")}],
        "labels": {"risks": s("label-risks")},
    }


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_markup_in_every_text_field_prints_as_text_and_runs_nothing(tmp_path, fmt):
    marker = tmp_path / "pwned"
    document = briefgen.build_document(briefgen.spec_from_dict(_every_field_spec(marker)))
    data = briefgen.render_bytes(document, fmt)
    assert not marker.exists()
    text = _text(data, fmt)
    for field in ("title", "summary", "ptitle", "point", "body", "rdesc", "mitigation", "sector",
                  "act", "pro", "con", "quote", "speaker", "answer", "sbody", "source", "label",
                  "value", "label-risks", "question", "sq", "sa"):
        assert f"{field} <font color=" in text, field
    assert "</para> & " in text and '<a href="javascript:x()">A</a>' in text
    assert "{page} %s" in text


def _text(data: bytes, fmt: str) -> str:
    import io

    if fmt == "pdf":
        from pypdf import PdfReader

        raw = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    else:
        import docx

        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        raw = "\n".join(parts)
    return " ".join(raw.split())


def test_reportlab_environment_overrides_do_not_weaken_it():
    code = ("import briefgen, reportlab.rl_config as c; "
            "briefgen.render_bytes(briefgen.build_document(briefgen.loads_spec(open("
            "'specs/morocco-kazakhstan.yaml').read(), base_dir='specs')), 'pdf'); "
            "print(c.trustedHosts, c.trustedSchemes)")
    env = dict(os.environ, RL_trustedHosts="*", RL_trustedSchemes="file,http,https")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            cwd=ROOT, check=True)
    hosts, schemes = result.stdout.split(" ", 1)
    assert hosts in ("[]", "None") and "file" not in schemes


BIG_SPEC = MINIMAL_SPEC.replace(
    "pillars:\n  - title: First pillar\n    summary: The lead.\n",
    "pillars:\n" + "".join(f"  - title: Pillar {i}\n    summary: {'Lead text. ' * 40}\n"
                           f"    body: {'More body text here. ' * 60}\n" for i in range(400)))


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_a_killed_build_leaves_no_partial_file(tmp_path, delay):
    spec = tmp_path / "big.yaml"
    spec.write_text(BIG_SPEC)
    out = tmp_path / "out"
    out.mkdir()
    (out / "big.pdf").write_bytes(b"earlier good output")
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "build", str(spec), "-f",
                                "pdf,docx", "-o", str(out)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    names = sorted(p.name for p in out.iterdir() if p.name != ".briefgen-manifest.json")
    assert not [n for n in names if n.startswith(".") or n.endswith(".part")], names
    pdf = (out / "big.pdf").read_bytes()
    assert pdf == b"earlier good output" or pdf.rstrip().endswith(b"%%EOF")
    if (out / "big.docx").exists():
        import zipfile

        assert zipfile.is_zipfile(out / "big.docx")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="O_TMPFILE is Linux's")
def test_an_interrupt_between_link_and_rename_leaves_no_staging_file(tmp_path, monkeypatch):
    from briefgen import api

    target = tmp_path / "brief.pdf"
    target.write_bytes(b"earlier good output")
    real_replace = os.replace

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C at the worst moment

    monkeypatch.setattr(api.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.write_atomically(target, b"new output")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]
    assert target.read_bytes() == b"earlier good output"
    # a new name needs no staging at all: one link makes it, complete
    api.write_atomically(tmp_path / "fresh.pdf", b"fresh")
    assert (tmp_path / "fresh.pdf").read_bytes() == b"fresh"
    monkeypatch.setattr(api.os, "replace", real_replace)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="O_TMPFILE is Linux's")
def test_a_staging_file_left_by_a_killed_build_goes_with_the_next_write(tmp_path):
    from briefgen import api

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / "brief.pdf").write_bytes(b"old")
    (tmp_path / f".brief.pdf.{dead}.part").write_bytes(b"half")  # SIGKILL between the two
    (tmp_path / f".brief.pdf.{os.getpid()}.part.keep").write_bytes(b"not ours")
    api.write_atomically(tmp_path / "brief.pdf", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".brief.pdf.{os.getpid()}.part.keep", "brief.pdf"]
    assert (tmp_path / "brief.pdf").read_bytes() == b"new"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_invisible_and_control_characters_never_break_the_output(fmt, tmp_path):
    nasty = ("a\x00b\x0bc\x1bd\ufffee\u200bf\u200dg\u2066h\u2069i\u202ej\u202dk\ufeffl"
             "\u20b8m\u049a\u0430\u0437\u0430\u049b")
    spec = _every_field_spec(tmp_path / "x")
    spec["title"] = f"Title {nasty}"
    spec["summary"] = f"Summary {nasty}"
    brief = briefgen.spec_from_dict(spec)
    assert "\u202e" not in brief.title and "\u202d" not in brief.title  # overrides are dropped
    data = briefgen.render_bytes(briefgen.build_document(brief), fmt)
    text = _text(data, fmt)
    assert "Title a" in text or "Titlea" in text.replace(" ", "")
    if fmt == "docx":
        import docx

        properties = docx.Document(__import__("io").BytesIO(data)).core_properties
        assert properties.title.startswith("Title a")


def test_bidi_overrides_are_dropped_from_yaml_specs_too():
    text = MINIMAL_SPEC.replace("title: Minimal brief", "title: \"Invoice \\u202etxt.exe\"")
    assert briefgen.loads_spec(text).title == "Invoice txt.exe"
