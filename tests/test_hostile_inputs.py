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
from conftest import DATA

import briefgen

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
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
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
    assert (figure.image.data.startswith(b"\x89PNG")
            and (figure.image.width, figure.image.height) == (40, 20))


# --- reference .docx files from users: inspected as zips before python-docx opens them ---------

def _reference_template(tmp_path, make_zip, reference="letterhead.docx"):
    import zipfile

    folder = tmp_path / "tpl"
    folder.mkdir()
    if make_zip is not None:
        with zipfile.ZipFile(folder / "letterhead.docx", "w", zipfile.ZIP_DEFLATED) as archive:
            make_zip(archive)
    else:  # the test writes the file's real content later
        (folder / "letterhead.docx").write_bytes(b"PK")
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
    with pytest.raises(briefgen.TemplateError,
                       match=message.replace("(", r"\(").replace(")", r"\)")):
        briefgen.render_bytes(document, "docx")


def _patch_declared_size(data: bytearray, name: str, size: int) -> None:
    """Make the zip's local and central headers claim `size` unpacked bytes for part `name`."""
    end = data.rindex(b"PK\x05\x06")
    count, _, offset = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        local = struct.unpack_from("<I", data, offset + 42)[0]
        if data[offset + 46:offset + 46 + name_len].decode() == name:
            struct.pack_into("<I", data, offset + 24, size)  # central directory
            struct.pack_into("<I", data, local + 22, size)  # local header
            return
        offset += 46 + name_len + extra_len + comment_len
    raise AssertionError(f"no part {name}")


def _lying_docx(path) -> None:
    """A small .docx whose part claims 5,000 bytes but inflates to 300 MB (with a true CRC)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/liar.bin", "w") as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                part.write(block)
    data = bytearray(path.read_bytes())
    _patch_declared_size(data, "word/media/liar.bin", 5_000)
    path.write_bytes(bytes(data))


def test_a_reference_docx_lying_about_its_sizes_is_refused_quickly(tmp_path, minimal_spec_text):
    import time
    import tracemalloc

    from briefgen.safezip import check_zip_package

    theme = _reference_template(tmp_path, None)
    reference = tmp_path / "tpl" / "letterhead.docx"
    _lying_docx(reference)
    assert reference.stat().st_size < 2 * 1024 * 1024  # the limit on the file itself is no help
    message = "part 'word/media/liar.bin' unpacks to more data than the zip's index says"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(briefgen.TemplateError, match=message):
            check_zip_package(reference)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 16 * 1024 * 1024  # streamed: never the 300 MB, nor even the whole part
    document = briefgen.build_document(briefgen.loads_spec(minimal_spec_text), theme)
    with pytest.raises(briefgen.TemplateError, match=message):
        briefgen.render_bytes(document, "docx")


def test_real_bytes_count_against_the_limits_even_when_the_index_agrees(tmp_path):
    """Limits apply to what a part really unpacks to, counted as it streams."""
    import zipfile

    from briefgen.safezip import ZipLimits, check_zip_package

    path = tmp_path / "letterhead.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/a.bin", bytes(range(256)) * 4096)  # 1 MiB, incompressible-ish
    limits = ZipLimits(max_entry_bytes=512 * 1024)
    with pytest.raises(briefgen.TemplateError, match="'word/media/a.bin' is too large"):
        check_zip_package(path, limits)
    assert check_zip_package(path) == path.read_bytes()  # the checked bytes, for python-docx


def _reference_with_dtd(xml_of) -> bytes:
    """python-docx's default document with a header, its header part rewritten by `xml_of`."""
    import zipfile

    import docx

    source = docx.Document()
    source.sections[0].header.paragraphs[0].text = "HEADER-TEXT"
    buffer = io.BytesIO()
    source.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename.startswith("word/header"):
                data = xml_of(data)
            new.writestr(info.filename, data)
    return out.getvalue()


def _xxe(xml: bytes) -> bytes:
    head, rest = xml.split(b"?>", 1)
    rest = rest.replace(b"HEADER-TEXT", b"&xxe;")
    return head + b'?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>' + rest


def _late_lower_case(xml: bytes) -> bytes:  # past the first chunks, split across a boundary
    padding = b"<!-- " + b"x" * (64 * 1024 * 3 - 3) + b" -->"
    head, rest = xml.split(b"?>", 1)
    return head + b"?>" + padding + b"<!doctype w:hdr>" + rest


def _utf16(xml: bytes) -> bytes:
    head, rest = xml.split(b"?>", 1)
    text = (head.replace(b"UTF-8", b"UTF-16") + b"?><!DOCTYPE w:hdr>" + rest).decode("utf-8")
    return b"\xff\xfe" + text.encode("utf-16-le")


@pytest.mark.parametrize("xml_of", [_xxe, _late_lower_case, _utf16])
def test_a_reference_docx_with_a_dtd_is_refused(tmp_path, minimal_spec_text, xml_of):
    theme = _reference_template(tmp_path, None)
    (tmp_path / "tpl" / "letterhead.docx").write_bytes(_reference_with_dtd(xml_of))
    document = briefgen.build_document(briefgen.loads_spec(minimal_spec_text), theme)
    with pytest.raises(briefgen.TemplateError,
                       match=r"part 'word/header1\.xml' declares a DTD .*DTDs are not allowed "
                             "in Word documents"):
        briefgen.render_bytes(document, "docx")


def test_a_dtd_in_an_svg_picture_is_not_a_word_dtd(tmp_path):
    """Only parts read as Office XML are refused: an SVG picture may well start with one."""
    import zipfile

    from briefgen.safezip import check_zip_package

    path = tmp_path / "letterhead.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Default Extension="svg" ContentType="image/svg+xml"/>'
                         '<Override PartName="/word/header1.dat" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.svg", '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC '
                         '"-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/'
                         'svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>')
    check_zip_package(path)
    with zipfile.ZipFile(path, "a") as archive:  # but a header by another name is still XML
        archive.writestr("word/header1.dat", "<!DOCTYPE w:hdr><w:hdr/>")
    with pytest.raises(briefgen.TemplateError, match="'word/header1.dat' declares a DTD"):
        check_zip_package(path)


def test_reference_docx_outside_the_template_folder_is_refused(tmp_path, minimal_spec_text):
    (tmp_path / "elsewhere.docx").write_bytes(b"PK")
    with pytest.raises(briefgen.TemplateError, match="docx.reference: '../elsewhere.docx' "
                                                     "points outside the template's folder"):
        _reference_template(tmp_path, None, reference="../elsewhere.docx")


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


def test_a_spec_may_not_name_a_template_outside_its_folder(tmp_path, minimal_spec_text):
    outside = tmp_path / "elsewhere" / "evil"
    outside.mkdir(parents=True)
    (outside / "template.yaml").write_text("name: evil\n")
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = specs / "brief.yaml"
    spec.write_text(minimal_spec_text + "template: ../elsewhere/evil\n")
    with pytest.raises(briefgen.TemplateError, match="points outside the spec's folder"):
        briefgen.build(spec, ["pdf"], tmp_path / "out")
    assert briefgen.build(spec, ["pdf"], tmp_path / "out", allow_paths=[tmp_path / "elsewhere"])
    inside = specs / "house"
    inside.mkdir()
    (inside / "template.yaml").write_text("name: house\n")
    spec.write_text(minimal_spec_text + "template: ./house\n")
    assert briefgen.build(spec, ["pdf"], tmp_path / "out2")


def test_allow_path_lets_a_template_use_fonts_from_a_folder_outside(tmp_path, minimal_spec_text):
    import shutil

    import fontpkg

    fonts = tmp_path / "shared-fonts"
    fonts.mkdir()
    shutil.copy(fontpkg.path("PT Sans"), fonts / "house.ttf")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "template.yaml").write_text(
        f"name: tpl\nfonts: {{body: {{regular: {fonts / 'house.ttf'}}}}}\n")
    with pytest.raises(briefgen.TemplateError, match="points outside"):
        briefgen.load_theme(str(folder))
    theme = briefgen.load_theme(str(folder), allow_paths=[fonts])
    assert theme.asset(str(fonts / "house.ttf")).name == "house.ttf"


def test_images_inside_list_items_are_checked_and_kept(corpus, minimal_spec_text):
    from briefgen.document.nodes import Figure, ListBlock

    spec = corpus / "list-figure.yaml"
    spec.write_text(minimal_spec_text.replace(
        "summary: A short summary.", "summary: |\n  - item\n\n    ![A red box](figures/ok.png)\n"))
    brief = briefgen.load_spec(spec)
    items = [b for b in brief.summary.blocks if isinstance(b, ListBlock)][0].items
    assert any(isinstance(b, Figure) for item in items for b in item)
    document = briefgen.build_document(brief)
    import io as _io

    from pypdf import PdfReader

    pdf = PdfReader(_io.BytesIO(briefgen.render_bytes(document, "pdf")))
    assert sum(len(page.images) for page in pdf.pages) == 1
    spec.write_text(minimal_spec_text.replace(
        "summary: A short summary.", "summary: |\n  - item\n\n    ![A bomb](figures/bomb.png)\n"))
    with pytest.raises(briefgen.SpecError, match="bomb.png' is too large"):
        briefgen.load_spec(spec)


def _font_flavours(folder):
    """A font file of every flavour briefgen cannot embed, each named .ttf."""
    import fontpkg
    from fontTools.ttLib import TTFont

    real = fontpkg.path("PT Sans")
    woff = TTFont(real)
    woff.flavor = "woff"
    woff.save(folder / "woff.ttf")
    body = real.read_bytes()[4:]
    (folder / "woff2.ttf").write_bytes(b"wOF2" + body)  # the header is what tells them apart
    (folder / "cff.ttf").write_bytes(b"OTTO" + body)
    (folder / "collection.ttf").write_bytes(b"ttcf" + body)
    (folder / "text.ttf").write_text("not a font at all")
    # a TrueType header whose one table, 'name', is 4 bytes long (it crashed fontTools' reader)
    (folder / "stub.ttf").write_bytes(bytes.fromhex(
        "00010000000100100000000000000000") + b"name" + bytes.fromhex(
        "000000000000001c0000000400000000"))
    postless = TTFont(real)
    del postless["post"]
    postless.save(folder / "postless.ttf")
    with open(folder / "huge.ttf", "wb") as sparse:  # 2.5 GB on paper, nothing on disk
        sparse.write(b"\x00\x01\x00\x00")
        sparse.truncate(2_500_000_000)


@pytest.mark.parametrize("name, message", [
    ("woff.ttf", "'woff.ttf' is a WOFF web font"),
    ("woff2.ttf", "'woff2.ttf' is a WOFF2 web font"),
    ("cff.ttf", "'cff.ttf' is an OpenType font with PostScript (CFF) outlines"),
    ("collection.ttf", "'collection.ttf' is a font collection"),
    ("text.ttf", "'text.ttf' is not a TrueType font file"),
    ("huge.ttf", "'huge.ttf' is too large for a font (2,500,000,000 bytes"),
    ("stub.ttf", "'stub.ttf' is not a usable TrueType font (it has no 'cmap' table)"),
    ("postless.ttf", "'postless.ttf' is not a usable TrueType font (it has no 'post' table)"),
])
def test_every_font_flavour_is_a_located_template_error(tmp_path, minimal_spec_text, name,
                                                        message):
    folder = tmp_path / "tpl"
    (folder / "fonts").mkdir(parents=True)
    _font_flavours(folder / "fonts")
    (folder / "template.yaml").write_text(
        f"name: tpl\nfonts:\n  heading: PT Sans\n  body:\n    regular: fonts/{name}\n")
    spec = tmp_path / "brief.yaml"
    spec.write_text(minimal_spec_text + "template: tpl\n")
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.build(spec, ["pdf", "docx", "html"], tmp_path / "out")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert (problem.line, problem.field) == (5, "fonts.body")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def _jpeg(width: int, height: int, shade: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (shade, 90, 160)).save(out, "JPEG", quality=80)
    return out.getvalue()


def test_an_image_used_twenty_times_is_decoded_once_and_drawn_from_one_copy(
        tmp_path, minimal_spec_text, monkeypatch):
    from briefgen import images

    (tmp_path / "chart.jpg").write_bytes(_jpeg(1200, 800, 30))
    figures = "\n\n".join(f"  ![Chart {i}](chart.jpg)" for i in range(20))
    spec = tmp_path / "brief.yaml"
    spec.write_text(minimal_spec_text.replace("summary: A short summary.\n",
                                              "summary: |\n  Twenty charts.\n\n" + figures + "\n"))
    decoded = []
    real = images.image_from_bytes
    monkeypatch.setattr(images, "image_from_bytes",
                        lambda data, name="image": decoded.append(name) or real(data, name))
    document = briefgen.build_document(briefgen.load_spec(spec))
    assert decoded == ["chart.jpg"]
    pdf = briefgen.render_bytes(document, "pdf")
    # one image object in the file, however often it is drawn
    assert pdf.count(b"/Subtype /Image") == 1
    from pypdf import PdfReader

    drawn = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(drawn) >= 10  # pages that show it (two charts fit a page)
    assert {image.image.size for image in drawn} == {(1200, 800)}


def test_a_brief_has_one_budget_for_all_its_images(tmp_path, minimal_spec_text, monkeypatch):
    from briefgen import images

    monkeypatch.setattr(images, "MAX_BRIEF_PIXELS", 2_000_000)
    for n in range(3):
        (tmp_path / f"map{n}.jpg").write_bytes(_jpeg(1000, 900, 40 * n))  # 0.9 MP each
    figures = "\n\n".join(f"  ![Map {n}](map{n}.jpg)" for n in range(3))
    spec = tmp_path / "brief.yaml"
    spec.write_text(minimal_spec_text.replace("summary: A short summary.\n",
                                              "summary: |\n  Maps.\n\n" + figures + "\n"))
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(spec)
    problems = caught.value.problems
    assert len(problems) == 1
    assert "'map2.jpg' is one image too many" in problems[0].message
    assert "2,700,000" in problems[0].message and problems[0].line == 9
    assert "fewer or smaller images" in problems[0].hint


def test_every_use_of_an_image_counts_against_the_bytes_one_document_carries(
        tmp_path, minimal_spec_text, monkeypatch):
    from briefgen import images

    (tmp_path / "photo.jpg").write_bytes(_jpeg(600, 400, 10))
    monkeypatch.setattr(images, "MAX_BRIEF_BYTES", 10 * len(_jpeg(600, 400, 10)))
    figures = "\n\n".join(f"  ![Photo {i}](photo.jpg)" for i in range(40))
    spec = tmp_path / "brief.yaml"
    spec.write_text(minimal_spec_text.replace("summary: A short summary.\n",
                                              "summary: |\n  Photos.\n\n" + figures + "\n"))
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(spec)
    problems = caught.value.problems
    assert len(problems) == 1, [p.message for p in problems]  # reported once, not 30 times
    assert "'photo.jpg' is one use too many" in problems[0].message


def _outside_template(tmp_path):
    """A template outside the spec's folder whose content must never reach a message."""
    outside = tmp_path / "outside" / "evil"
    outside.mkdir(parents=True)
    (outside / "template.yaml").write_text(
        "name: evil\ncolors: {primary: '#ff0000'}\nsecret: 'root:x:0:0 TOPSECRET'\n")
    return outside


def _escape_bare_link(spec_dir, outside):
    (spec_dir / "evil").symlink_to(outside)
    return "evil", None


def _escape_extends_relative(spec_dir, outside):
    (spec_dir / "inside").mkdir()
    (spec_dir / "inside" / "template.yaml").write_text(
        "name: inside\nextends: ../../outside/evil\n")
    return "inside", ("inside/template.yaml", 2)


def _escape_extends_absolute(spec_dir, outside):
    (spec_dir / "inside").mkdir()
    (spec_dir / "inside" / "template.yaml").write_text(f"name: inside\nextends: {outside}\n")
    return "inside", ("inside/template.yaml", 2)


def _escape_linked_file(spec_dir, outside):
    (spec_dir / "linked").mkdir()
    (spec_dir / "linked" / "template.yaml").symlink_to(outside / "template.yaml")
    return "linked", None


@pytest.mark.parametrize("escape", [_escape_bare_link, _escape_extends_relative,
                                    _escape_extends_absolute, _escape_linked_file],
                         ids=["bare name, linked folder", "extends ../..", "extends /abs",
                              "linked template.yaml"])
def test_a_spec_template_and_its_extends_chain_stay_in_the_spec_folder(
        tmp_path, minimal_spec_text, escape):
    outside = _outside_template(tmp_path)
    spec_dir = tmp_path / "specs"
    spec_dir.mkdir()
    name, located_in = escape(spec_dir, outside)
    spec = spec_dir / "brief.yaml"
    spec.write_text(minimal_spec_text + f"template: {name}\n")
    for attempt in (lambda: briefgen.build(spec, "pdf", tmp_path / "out"),
                    lambda: briefgen.template_of(briefgen.load_spec(spec))):
        with pytest.raises(briefgen.TemplateError) as caught:
            attempt()
        text = str(caught.value)
        assert "points outside the spec's folder" in text
        assert "TOPSECRET" not in text and "secret" not in text
        problem = caught.value.problems[0]
        if located_in:
            assert problem.file.endswith(located_in[0]) and problem.line == located_in[1]
        else:  # at the spec's `template:` line
            assert (problem.file, problem.line, problem.column) == (str(spec), 14, 11)
    assert not (tmp_path / "out").exists()
    # the caller may trust the folder: then the outside template is read (and its error shown)
    with pytest.raises(briefgen.TemplateError, match="secret: unknown key"):
        briefgen.build(spec, "pdf", tmp_path / "out", allow_paths=tmp_path / "outside")


def test_a_template_dir_template_may_extend_an_installed_one(tmp_path, minimal_spec_text):
    house = tmp_path / "house-templates" / "house"
    house.mkdir(parents=True)
    (house / "template.yaml").write_text("name: house\nextends: executive\n")
    spec_dir = tmp_path / "specs"
    spec_dir.mkdir()
    spec = spec_dir / "brief.yaml"
    spec.write_text(minimal_spec_text + "template: house\n")
    theme = briefgen.template_of(briefgen.load_spec(spec),
                                 template_dirs=[tmp_path / "house-templates"])
    assert theme.name == "house"


def test_the_pdf_lets_go_of_an_images_decoded_pixels_once_it_is_drawn(tmp_path, monkeypatch,
                                                                      minimal_spec_text):
    """ReportLab's reader refers to itself: left alone, its decoded pixels waited for a garbage
    collection, and three 33-megapixel JPEGs held 870 MB instead of 410."""
    import gc
    import weakref

    from briefgen.backends.pdf import pictures

    readers = []

    class Watched(pictures.ImageReader):
        def __init__(self, *args):
            super().__init__(*args)
            readers.append(weakref.ref(self))

    monkeypatch.setattr(pictures, "ImageReader", Watched)
    (tmp_path / "photo.jpg").write_bytes(_jpeg(600, 400, 10))
    spec = tmp_path / "brief.yaml"
    spec.write_text(minimal_spec_text.replace(
        "summary: A short summary.\n", "summary: |\n  Photo.\n\n  ![Photo](photo.jpg)\n"))
    document = briefgen.build_document(briefgen.load_spec(spec))
    gc.disable()
    try:
        briefgen.render_bytes(document, "pdf")
        assert readers and all(ref() is None for ref in readers)
    finally:
        gc.enable()


def test_a_jpeg_is_reencoded_at_its_own_quality_not_inflated(tmp_path):
    """At a fixed quality 92, a photo saved at quality 60 came out twice its size (and counted
    twice against the brief's budget)."""
    from PIL import Image

    from briefgen.images import load_image

    noisy = Image.effect_noise((800, 600), 60).convert("RGB")
    noisy.save(tmp_path / "photo.jpg", quality=60)
    given = (tmp_path / "photo.jpg").stat().st_size
    image = load_image(tmp_path / "photo.jpg")
    assert image.format == "jpeg" and (image.width, image.height) == (800, 600)
    assert len(image.data) <= given * 1.05, (len(image.data), given)


def test_a_strip_image_is_refused_by_its_longest_side():
    """40,000,000 × 1 pixels is within the pixel count but took 975 MB to decode and re-encode."""
    from briefgen.images import ImageProblem, image_from_bytes

    with pytest.raises(ImageProblem, match=r"40000000×1 pixels; the limit is 20,000 pixels a side"):
        image_from_bytes(_png(40_000_000, 1), "strip.png")


def test_a_control_character_in_a_template_name_or_a_path_is_a_clean_located_error(
        tmp_path, minimal_spec_text):
    spec = tmp_path / "brief.yaml"
    spec.write_text(minimal_spec_text + 'template: "a\\0b/c"\nlogo: "x\\0\\e.png"\n')
    with pytest.raises(briefgen.SpecError) as caught:
        briefgen.load_spec(spec)
    assert r"'x\x00\x1b.png' holds a NUL character" in str(caught.value)
    spec.write_text(minimal_spec_text + 'template: "a\\0b/c"\n')
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.template_of(briefgen.load_spec(spec))
    problem = caught.value.problems[0]
    assert r"template 'a\x00b/c' holds a NUL character" in problem.message
    assert problem.line == 14 and "\x00" not in str(caught.value)
