"""Shared fixtures. Tests that need system tools skip visibly locally and fail in CI (CI=true)."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_SPEC = ROOT / "specs" / "morocco-kazakhstan.yaml"
DATA = Path(__file__).resolve().parent / "data"
PHRASES_FILE = DATA / "morocco-kazakhstan.phrases"

# Fonts briefgen prepares once per machine go to a folder of this session, not the user's
# cache (every build and CLI run the tests start inherits it).
if "BRIEFGEN_CACHE_DIR" not in os.environ:
    os.environ["BRIEFGEN_CACHE_DIR"] = _SESSION_CACHE = tempfile.mkdtemp(prefix="briefgen-cache-")
else:
    _SESSION_CACHE = None


def pytest_sessionfinish(session, exitstatus):
    if _SESSION_CACHE:
        shutil.rmtree(_SESSION_CACHE, ignore_errors=True)

MINIMAL_SPEC = textwrap.dedent("""\
    title: Minimal brief
    summary: A short summary.
    pillars:
      - title: First pillar
        summary: The lead.
    risks:
      - title: A risk
        description: What could go wrong.
        likelihood: low
        impact: high
    opportunities:
      - sector: Logistics
        description: A way to help.
    """)


def require_tool(*names: str) -> None:
    """Skip (locally) or fail (in CI) when a system tool the test needs is missing."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        message = f"needs system tools: {', '.join(missing)} (apt-get install them; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def normalise(text: str) -> str:
    """Compare text as a reader sees it: NFKC, straight quotes, plain dashes, one space."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-",
                           0x2014: "-", 0x00A0: " ", 0x00AD: None})
    return " ".join(text.split())


def phrases() -> list[str]:
    return [line.strip() for line in PHRASES_FILE.read_text("utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@pytest.fixture(scope="session")
def seed_brief():
    import briefgen

    return briefgen.load_spec(SEED_SPEC)


@pytest.fixture(scope="session")
def seed_document(seed_brief):
    import briefgen

    return briefgen.build_document(seed_brief)


@pytest.fixture
def minimal_spec_text() -> str:
    return MINIMAL_SPEC


def with_blocks(document, *blocks):
    """`document` with `blocks` added at the end (documents are immutable)."""
    import dataclasses

    return dataclasses.replace(document, blocks=document.blocks + tuple(blocks))


def replace_node(document, old, new):
    """`document` with the node `old` (found by identity, at any depth) replaced by `new`."""
    import dataclasses

    def swap(value):
        if value is old:
            return new
        if isinstance(value, tuple):
            return tuple(swap(v) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: swap(getattr(value, f.name)) for f in dataclasses.fields(value)
                       if f.name != "style"}
            if any(changes[k] is not getattr(value, k) for k in changes):
                return dataclasses.replace(value, **changes)
        return value

    return swap(document)


def contents_against_libreoffice(docx: bytes, tmp_path: Path) -> tuple[list[tuple[str, int]],
                                                                      dict[str, int]]:
    """The Word contents' entries with the pages they give (estimates written by briefgen),
    and the page LibreOffice lays each heading out on (its PDF's bookmarks)."""
    import io
    import re
    import subprocess
    import zipfile

    import pypdf

    require_tool("soffice")
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    entries = []
    for paragraph in re.findall(r"<w:p>.*?</w:p>", xml):
        if "PAGEREF" in paragraph:
            texts = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph)
            entries.append((" ".join(" ".join(texts[:-1]).split()), int(texts[-1])))
    (tmp_path / "x.docx").write_bytes(docx)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "x.docx")], check=True, capture_output=True, timeout=180)
    reader = pypdf.PdfReader(tmp_path / "x.pdf")
    marks: dict[str, int] = {}

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks[" ".join(item.title.split())] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return entries, marks
