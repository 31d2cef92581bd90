"""The HTML edition, checked in a real browser the way its readers meet it: on a desktop and a
phone screen, printed to PDF, and against axe-core's WCAG 2.1 A/AA rules.

Chromium starts once for the module; each built-in template's edition is built once. Until the
HTML backend exists these tests skip, naming why, and for no other reason.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from browser import Browser, axe_script, describe_violations, start_browser
from conftest import SEED_SPEC, normalise, phrases, require_tool

import briefgen

TEMPLATES = ["default", "memo", "executive"]
WIDTHS = [1280, 390, 360]  # a laptop, a phone (iPhone 12-15 CSS width), a small Android phone

pytestmark = pytest.mark.tools


@pytest.fixture(scope="module", params=TEMPLATES)
def edition(request, tmp_path_factory) -> Path:
    """The seed brief as one self-contained .html file, laid out with the template."""
    theme = briefgen.load_theme(request.param)
    document = briefgen.build_document(briefgen.load_spec(SEED_SPEC), theme)
    try:
        data = briefgen.render_bytes(document, "html", style=theme.style())
    except briefgen.UsageError as error:
        if "unknown output format" not in str(error):
            raise
        pytest.skip(f"no HTML backend yet: {error}")
    path = tmp_path_factory.mktemp(f"html-{request.param}") / "brief.html"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def browser():
    chromium = start_browser()
    yield chromium
    chromium.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_fits_the_screen_and_shows_something(edition: Path, browser: Browser,
                                                      width: int):
    from PIL import Image, ImageStat

    png = browser.screenshot(edition, width, edition.with_name(f"screen-{width}.png"))
    overflow = browser.horizontal_overflow()
    with Image.open(png) as image:
        size, spread = image.size, ImageStat.Stat(image.convert("L")).stddev[0]
    assert size[0] == width and size[1] >= 400, size
    assert spread > 5, f"the screenshot {png} is (nearly) one colour"
    assert overflow <= 1, f"at {width} px the page scrolls sideways by {overflow} px ({png})"


def test_printing_keeps_every_phrase(edition: Path, browser: Browser):
    require_tool("pdftotext")
    import pypdf

    pdf = browser.print_to_pdf(edition, edition.with_name("printed.pdf"))
    assert len(pypdf.PdfReader(pdf).pages) > 0
    text = normalise(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout)
    assert [p for p in map(normalise, phrases()) if p not in text] == []


def test_axe_finds_no_wcag_violation(edition: Path, browser: Browser):
    violations = browser.axe_violations(edition, axe_script())
    assert not violations, "axe-core (WCAG 2.1 A/AA):\n" + describe_violations(violations)


MEASURE = """
const lines = [];
for (const p of document.querySelectorAll('main > section p:not([class])')) {
  const height = p.getBoundingClientRect().height;
  const leading = parseFloat(getComputedStyle(p).lineHeight);
  const count = Math.round(height / leading);
  if (count >= 4) lines.push(p.textContent.length / count);
}
return lines;
"""


def test_running_text_keeps_a_readable_measure_on_a_desktop(edition: Path, browser: Browser):
    """65-75 characters a line is the measure typographers read best; a paragraph's last line
    is short, so the average over a paragraph of four or more lines runs a little under."""
    browser.open(edition, 1280)
    per_line = browser.evaluate(MEASURE)
    assert len(per_line) >= 5
    average = sum(per_line) / len(per_line)
    assert 58 <= average <= 78, f"{average:.0f} characters a line"


WORD = "Supercalifragilisticexpialidocious" * 3
AWKWARD = textwrap.dedent(f"""\
    title: "T {WORD}"
    summary: "A link in the shaded box: [the report](https://example.org/{WORD}) [@a]."
    key_facts:
      - label: "{WORD}"
        value: "https://example.org/{WORD}/{WORD}"
    pillars:
      - title: "{WORD}"
        summary: The lead.
    risks:
      - title: A risk
        description: What could go wrong.
        likelihood: low
        impact: high
    opportunities:
      - sector: "{WORD}"
        description: A way to help.
    sources:
      - id: a
        title: A source
        url: https://example.org/a
    """)


@pytest.fixture(scope="module")
def awkward(tmp_path_factory) -> Path:
    """Words longer than a phone is wide, and a link on a box's shaded panel."""
    folder = tmp_path_factory.mktemp("awkward")
    spec = folder / "brief.yaml"
    spec.write_text(AWKWARD, encoding="utf-8")
    document = briefgen.build_document(briefgen.load_spec(spec))
    path = folder / "brief.html"
    path.write_bytes(briefgen.render_bytes(document, "html"))
    return path


def test_words_longer_than_the_screen_wrap_on_a_phone_and_in_print(awkward: Path,
                                                                   browser: Browser):
    require_tool("pdftotext")
    browser.open(awkward, 360)
    assert browser.horizontal_overflow() <= 1
    pdf = browser.print_to_pdf(awkward, awkward.with_name("printed.pdf"))
    text = "".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                                  capture_output=True, text=True, check=True).stdout.split())
    assert text.count(WORD) >= 3  # nothing cut off at the page's edge


def test_links_on_a_shaded_panel_stay_readable(awkward: Path, browser: Browser):
    violations = browser.axe_violations(awkward, axe_script())
    assert not violations, "axe-core (WCAG 2.1 A/AA):\n" + describe_violations(violations)
