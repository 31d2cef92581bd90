"""Regenerate the README's pictures: the first pages of the seed brief per template and format.

Run from the repository root:  .venv/bin/python docs/render_previews.py
Needs pdftoppm (poppler-utils) and, for the Word pictures, soffice (LibreOffice).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "morocco-kazakhstan.yaml"
OUT = ROOT / "docs" / "images"
TEMPLATES = ("default", "memo", "executive")
PAGES = 2
DPI = 50


def pages_png(pdf: Path, target: Path, work: Path) -> None:
    from PIL import Image, ImageOps

    prefix = work / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", "1", "-l", str(PAGES), str(pdf),
                    str(prefix)], check=True)
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
                docx = work / f"{name}-docx.docx"
                briefgen.render(document, "docx", docx)
                subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                                str(work), str(docx)], check=True, capture_output=True)
                pages_png(work / f"{name}-docx.pdf", OUT / f"{name}-docx.png", work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
