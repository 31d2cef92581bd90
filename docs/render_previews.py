"""Regenerate the README's pictures: the first pages of the seed brief per template and format.

Run from the repository root:  .venv/bin/python docs/render_previews.py
Needs pdftoppm (poppler-utils), for the Word pictures soffice (LibreOffice), and for the
web edition chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "morocco-kazakhstan.yaml"
DATA_SPEC = ROOT / "specs" / "examples" / "data-in-briefs.yaml"
ARABIC_SPEC = ROOT / "specs" / "morocco-kazakhstan.ar.yaml"
OUT = ROOT / "docs" / "images"
TEMPLATES = ("default", "memo", "executive")
PAGES = 2
DPI = 50


def pages_png(pdf: Path, target: Path, work: Path, first: int = 1) -> None:
    from PIL import Image, ImageOps

    prefix = work / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(first), "-l",
                    str(first + PAGES - 1), str(pdf), str(prefix)], check=True)
    images = [ImageOps.expand(Image.open(p).convert("RGB"), border=1, fill=(180, 186, 194))
              for p in sorted(work.glob(f"{pdf.stem}-*.png"))]
    gap = 16
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) + 1),
                              max(i.height for i in images) + 2 * gap), (236, 239, 242))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    sheet.save(target, optimize=True)
    print(target.relative_to(ROOT))


def word_png(document, name: str, work: Path, first: int = 1) -> None:
    """The Word file of `document`, as LibreOffice lays it out, from page `first`."""
    import briefgen

    briefgen.render(document, "docx", work / f"{name}.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    str(work / f"{name}.docx")], check=True, capture_output=True)
    pages_png(work / f"{name}.pdf", OUT / f"{name}.png", work, first=first)


def html_png(html: Path, target: Path, work: Path) -> None:
    """The web edition as a desktop browser (1280 px) and a phone (390 px) first show it."""
    from PIL import Image, ImageOps

    shots = []
    for width, height in ((1280, 1000), (390, 1000)):
        shot = work / f"html-{width}.png"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", f"--window-size={width},{height}",
                        f"--screenshot={shot}", html.as_uri()], check=True, capture_output=True)
        image = Image.open(shot).convert("RGB")
        scale = 0.5 if width > 400 else 0.75
        shots.append(ImageOps.expand(image.resize((int(width * scale), int(height * scale))),
                                     border=1, fill=(180, 186, 194)))
    gap = 16
    sheet = Image.new("RGB", (sum(i.width for i in shots) + gap * 3,
                              max(i.height for i in shots) + 2 * gap), (236, 239, 242))
    sheet.paste(shots[0], (gap, gap))
    sheet.paste(shots[1], (shots[0].width + 2 * gap, gap))
    sheet.save(target, optimize=True)
    print(target.relative_to(ROOT))


def main() -> int:
    import briefgen

    if not shutil.which("pdftoppm"):
        print("needs pdftoppm: apt-get install poppler-utils", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    brief = briefgen.load_spec(SPEC)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name in TEMPLATES:
            document = briefgen.build_document(brief, briefgen.load_theme(name))
            pdf = work / f"{name}-pdf.pdf"
            briefgen.render(document, "pdf", pdf)
            pages_png(pdf, OUT / f"{name}-pdf.png", work)
            if shutil.which("soffice"):
                word_png(document, f"{name}-docx", work)
        # the data example: the PDF's and, through LibreOffice, the Word file's pages 3 and 4
        data = briefgen.build_document(briefgen.load_spec(DATA_SPEC))
        briefgen.render(data, "pdf", work / "data-pdf.pdf")
        pages_png(work / "data-pdf.pdf", OUT / "data-pdf.png", work, first=3)
        if shutil.which("soffice"):
            word_png(data, "data-docx", work, first=3)
        # the Arabic edition, right to left: the PDF's and the Word file's pages 2 and 3
        arabic = briefgen.build_document(briefgen.load_spec(ARABIC_SPEC))
        briefgen.render(arabic, "pdf", work / "arabic-pdf.pdf")
        pages_png(work / "arabic-pdf.pdf", OUT / "arabic-pdf.png", work, first=2)
        if shutil.which("soffice"):
            word_png(arabic, "arabic-docx", work, first=2)
        if shutil.which("chromium"):
            html = work / "default.html"
            briefgen.render(briefgen.build_document(brief, briefgen.load_theme("default")),
                            "html", html)
            html_png(html, OUT / "html-edition.png", work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
