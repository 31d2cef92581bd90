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
