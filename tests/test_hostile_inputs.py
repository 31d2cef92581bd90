"""Hostile and broken specs (tests/data/hostile/): each fails with its own clear, located error.

The images these specs name are made by the `corpus` fixture (bombs and corrupt files are not
worth keeping in git), next to a copy of the specs, with a symbolic link that leads outside.
"""

from __future__ import annotations

import io
import shutil
import struct
import zlib

import pytest

import briefgen
from conftest import DATA

HOSTILE = DATA / "hostile"

EXPECTED = {
    "logo-traversal.yaml": "2:7: logo: '../../../etc/passwd.png' points outside the spec's folder",
    "logo-absolute.yaml": "2:7: logo: '/etc/ssl/logo.png' points outside the spec's folder",
    "logo-symlink-out.yaml": "2:7: logo: 'escape.png' points outside the spec's folder",
    "logo-remote.yaml": "2:7: logo: image 'http://example.com/logo.png' is not a local file",
    "logo-not-image.yaml": "2:7: logo: image 'notes.png' is not a PNG or JPEG file",
    "logo-bomb.yaml": "2:7: logo: image 'bomb.png' is too large (20000×20000 pixels",
    "logo-corrupt.yaml": "2:7: logo: image 'truncated.png' is damaged or not a real PNG file",
    "logo-lying-jpeg.yaml": "2:7: logo: image 'lying.jpg' is damaged or not a real JPEG file",
    "figure-remote.yaml": "5: summary: image 'https://example.com/chart.png' is not a local file",
    "figure-no-alt.yaml": "5: summary: image 'figures/ok.png' has no alternative text",
    "figure-traversal.yaml": "5: summary: '../secret.png' points outside the spec's folder",
    "too-many-items.yaml": "4:3: pillars: has too many items (1,001; the limit is 1,000)",
}


def _png(width: int, height: int, pixels: bytes | None = None) -> bytes:
    """A PNG with the given IHDR; the pixel data is tiny unless given (a bomb lies about size)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(pixels or b"\x00" * 8)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    specs = root / "specs"
    shutil.copytree(HOSTILE, specs)
    figures = specs / "figures"
    figures.mkdir()
    from PIL import Image

    ok = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(ok, "PNG")
    (figures / "ok.png").write_bytes(ok.getvalue())
    (figures / "truncated.png").write_bytes(ok.getvalue()[:60])
    (figures / "bomb.png").write_bytes(_png(20000, 20000))
    (figures / "notes.png").write_text("these are notes, not a picture\n")
    jpeg = io.BytesIO()
    Image.effect_noise((64, 64), 40).convert("RGB").save(jpeg, "JPEG")
    (figures / "lying.jpg").write_bytes(jpeg.getvalue()[:400])  # a real header, then nothing
    (root / "outside.png").write_bytes(ok.getvalue())
    (specs / "escape.png").symlink_to(root / "outside.png")
    (root / "secret.png").write_bytes(ok.getvalue())
    return specs


def test_every_hostile_spec_has_an_expectation():
    assert sorted(p.name for p in HOSTILE.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_spec_fails_with_its_own_error(corpus, name):
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(corpus / name)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(f"{corpus / name}:{EXPECTED[name]}") for m in messages), messages


def test_allow_path_opts_in_to_a_folder_outside(corpus):
    with pytest.raises(briefgen.SpecError):
        briefgen.load_spec(corpus / "logo-symlink-out.yaml")
    brief = briefgen.load_spec(corpus / "logo-symlink-out.yaml", allow_paths=[corpus.parent])
    assert brief.logo is not None and brief.logo.width == 40


def test_images_are_reencoded_before_any_backend_sees_them(corpus, tmp_path):
    spec = corpus / "good-figure.yaml"
    spec.write_text((corpus / "figure-no-alt.yaml").read_text().replace("![]", "![A red box]"))
    brief = briefgen.load_spec(spec)
    from briefgen.document.nodes import Figure

    figure = next(b for b in brief.summary.blocks if isinstance(b, Figure))
    assert figure.alt == "A red box" and figure.image.format == "png"
    assert figure.image.data.startswith(b"\x89PNG") and (figure.image.width, figure.image.height) == (40, 20)


# --- reference .docx files from users: inspected as zips before python-docx opens them ---------

def _reference_template(tmp_path, make_zip, reference="letterhead.docx"):
    import zipfile

    folder = tmp_path / "tpl"
    folder.mkdir()
    if make_zip is not None:
        with zipfile.ZipFile(folder / "letterhead.docx", "w", zipfile.ZIP_DEFLATED) as archive:
            make_zip(archive)
    (folder / "template.yaml").write_text(
        f"name: tpl\nextends: default\ndocx: {{reference: {reference}}}\n")
    return briefgen.load_theme(str(folder))


def _zip_bomb(archive):
    archive.writestr("[Content_Types].xml", "<Types/>")
    archive.writestr("word/document.xml", "<w:document/>")
    archive.writestr("word/media/huge.bin", b"\0" * (60 * 1024 * 1024))


def _many_parts(archive):
    archive.writestr("word/document.xml", "<w:document/>")
    for index in range(2_001):
        archive.writestr(f"word/part{index}.xml", "")


def _unsafe_name(archive):
    archive.writestr("word/document.xml", "<w:document/>")
    archive.writestr("../../evil.xml", "<x/>")


def _not_word(archive):
    archive.writestr("hello.txt", "hello")


@pytest.mark.parametrize("make_zip, message", [
    (_zip_bomb, "part 'word/media/huge.bin' is too large when unpacked"),
    (_many_parts, "the reference document has too many parts"),
    (_unsafe_name, "unsafe part name '../../evil.xml'"),
    (_not_word, "not a Word document"),
])
def test_hostile_reference_docx_is_refused_before_it_is_opened(tmp_path, make_zip, message,
                                                               minimal_spec_text):
    theme = _reference_template(tmp_path, make_zip)
    document = briefgen.build_document(briefgen.loads_spec(minimal_spec_text), theme)
    with pytest.raises(briefgen.TemplateError, match=message.replace("(", r"\(").replace(")", r"\)")):
        briefgen.render_bytes(document, "docx")


def test_reference_docx_outside_the_template_folder_is_refused(tmp_path, minimal_spec_text):
    (tmp_path / "elsewhere.docx").write_bytes(b"PK")
    theme = _reference_template(tmp_path, None, reference="../elsewhere.docx")
    document = briefgen.build_document(briefgen.loads_spec(minimal_spec_text), theme)
    with pytest.raises(briefgen.TemplateError, match="points outside"):
        briefgen.render_bytes(document, "docx")


def test_a_failing_docx_leaves_the_pdf_of_the_same_build_intact(tmp_path, minimal_spec_text):
    import subprocess
    import sys

    from conftest import ROOT

    theme_folder = tmp_path / "tpl"
    _reference_template(tmp_path, _not_word)
    spec = tmp_path / "brief.yaml"
    spec.write_text(minimal_spec_text)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", str(spec), "-o", str(out),
                             "--template", str(theme_folder)], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 1 and "not a Word document" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["brief.pdf"]
    assert (out / "brief.pdf").read_bytes().rstrip().endswith(b"%%EOF")
