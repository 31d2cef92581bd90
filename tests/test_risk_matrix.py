"""The risk matrix a designer signs off (issue 14, item 5): a five-step sequential scale that
tells every severity apart, the grid across the text column, a legend that flows in columns."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from conftest import MINIMAL_SPEC, require_tool

import briefgen
from briefgen.document import Matrix, walk_blocks
from briefgen.style.colors import luminance

TEMPLATES = ("default", "memo", "executive")
LEVELS = ("low", "medium", "high")

def risks_spec(count: int) -> str:
    return MINIMAL_SPEC.split("risks:")[0] + "risks:\n" + "".join(
        f"  - {{title: Entry {n:02d}, description: Risk {n}., likelihood: {LEVELS[n % 3]}, "
        f"impact: {LEVELS[(n // 3) % 3]}}}\n" for n in range(1, count + 1)
    ) + MINIMAL_SPEC[MINIMAL_SPEC.index("opportunities:"):]


def the_matrix(document) -> Matrix:
    return next(b for b in walk_blocks(document.blocks) if isinstance(b, Matrix))


@pytest.mark.parametrize("name", TEMPLATES)
def test_five_steps_tell_every_severity_apart_light_to_dark(seed_brief, name):
    document = briefgen.build_document(seed_brief, briefgen.load_theme(name))
    matrix = the_matrix(document)
    roles = [[cell.role for cell in row] for row in matrix.cells]  # top row: high likelihood
    assert roles == [["severity.3", "severity.4", "severity.5"],
                     ["severity.2", "severity.3", "severity.4"],
                     ["severity.1", "severity.2", "severity.3"]]
    steps = [document.style.level(f"severity.{n}") for n in range(1, 6)]
    shades = [luminance(step.background) for step in steps]
    assert shades == sorted(shades, reverse=True) and len(set(shades)) == 5, shades
    # high/high and high/medium no longer look alike: a clear step of lightness between them
    assert shades[3] / shades[4] > 1.5


def _pixels_of(png: bytes, colors: list[str]) -> tuple[int, int, int]:
    """The leftmost and rightmost column holding any of `colors`, and the image width."""
    image = pytest.importorskip("PIL.Image").open(io.BytesIO(png)).convert("RGB")
    wanted = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colors}
    xs = [x for x in range(image.width) for y in range(0, image.height, 4)
          if min(sum(abs(a - b) for a, b in zip(image.getpixel((x, y)), w)) for w in wanted) < 12]
    return min(xs), max(xs), image.width


def test_the_pdf_grid_runs_across_the_text_column(seed_brief, tmp_path):
    require_tool("pdftoppm", "pdftotext")
    document = briefgen.build_document(seed_brief)
    pdf = briefgen.render_bytes(document, "pdf")
    (tmp_path / "brief.pdf").write_bytes(pdf)
    pages = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                           check=True).stdout.decode().split("\f")
    # the legend follows the register: the last page that names the first risk
    page = max(n for n, text in enumerate(pages, 1) if "Mutual economic" in text)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", "-f", str(page), "-l",
                    str(page), str(tmp_path / "brief.pdf"), str(tmp_path / "page")], check=True)
    png = (tmp_path / "page.png").read_bytes()
    colors = [document.style.level(f"severity.{n}").background for n in range(1, 6)]
    left, right, width = _pixels_of(png, colors)
    style = document.style
    column = (style.page.width - style.page.left - style.page.right) / style.page.width
    # the cells fill the column but for the row labels' strip: far past the old 55%
    assert (right - left) / width > column * 0.75, (left, right, width)


@pytest.mark.parametrize("count, beside", [(40, 21), (60, 26)])
def test_many_risks_make_a_legend_in_columns_in_every_format(count, beside):
    """Read down each column, then across; past 25 rows a part at a time, the same in the PDF
    and in Word: R1 stands beside R21 of 40, and beside R26 of 60 (the first part's half)."""
    document = briefgen.build_document(briefgen.loads_spec(risks_spec(count)))
    require_tool("pdftotext")
    layout = subprocess.run(["pdftotext", "-layout", "-", "-"],
                            input=briefgen.render_bytes(document, "pdf"), capture_output=True,
                            check=True).stdout.decode()
    legend_pages = [n for n, text in enumerate(layout.split("\f"))
                    if re.search(rf"R1 +Entry 01 +R{beside} +Entry {beside}\b", text)
                    or re.search(rf"R{count} +Entry {count}\b", text.split("Likelihood")[-1])]
    assert legend_pages and legend_pages[-1] - legend_pages[0] <= 1, legend_pages
    xml = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "word/document.xml").decode()
    legend = xml[xml.rindex("<w:tbl>", 0, xml.index(">Entry 01<", xml.index(">Impact<"))):]
    legend = legend[:legend.index("</w:tbl>")]
    cells = [" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", row))
             for row in re.findall(r"<w:tr>.*?</w:tr>", legend)]
    assert cells[0] == f"R1 Entry 01 R{beside} Entry {beside}" and len(cells) == -(-count // 2)
    css = briefgen.render_bytes(document, "html").decode()
    assert ".legend{columns:15rem 3" in css


def test_legend_pills_wear_their_cells_colours(seed_brief):
    document = briefgen.build_document(seed_brief)
    html = briefgen.render_bytes(document, "html").decode()
    five = document.style.level("severity.5")
    assert f".legend .pill-severity-5{{background:{five.background};color:{five.text}}}" in html
    # in its cell a marker is the cell's colours reversed, so that it stands out there
    assert f".pill-severity-5{{background:{five.text};color:{five.background}}}" in html


def test_a_recoloured_step_gets_an_ink_that_reads_on_it(tmp_path):
    """A template that sets a step's colour and not its ink does not inherit the default's
    ink for another colour (dark red on navy): the ink is worked out, at 4.5:1 or better."""
    from briefgen.style.colors import contrast

    (tmp_path / "template.yaml").write_text(
        "name: navy\nextends: default\ncolors: {severity_4: primary, severity_3: '#2A7F8E'}\n")
    style = briefgen.load_theme(str(tmp_path)).style()
    for step in (3, 4):
        level = style.level(f"severity.{step}")
        assert contrast(level.text, level.background) >= 4.5, (step, level)
