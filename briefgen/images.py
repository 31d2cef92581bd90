"""Check raster images before anything renders them: size caps before decoding, PNG/JPEG only,
decoded fully and re-encoded so no backend ever embeds bytes nobody decoded."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from .document.nodes import Image

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 × 5000; a decoded RGBA image of this size is 160 MB
MAX_IMAGE_SIDE = 20_000  # pixels: a 40,000,000 × 1 strip took 975 MB to decode and re-encode
# For a whole brief: the pixels of its distinct images (renderers hold them decoded, 4 bytes each)
# and the image bytes one output carries, every use counted (HTML repeats a repeated image).
MAX_BRIEF_PIXELS = 60_000_000  # 100 MP of poorly compressible PNG peaked at 1.2 GB in the PDF
MAX_BRIEF_BYTES = 64 * 1024 * 1024


class ImageProblem(ValueError):
    """Why an image cannot be used (the message is for the user, the hint how to fix it)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


class SilentProblem(ImageProblem):
    """An image left out for a reason already reported (a budget spent earlier)."""


BUDGET_HINT = ("use fewer or smaller images; PDF and DOCX store a repeated image once, HTML and "
               "Markdown carry it at every use")


class BriefImages:
    """The images of one brief: each file is read and decoded once however often the brief
    uses it, and the brief as a whole stays within MAX_BRIEF_PIXELS and MAX_BRIEF_BYTES."""

    def __init__(self) -> None:
        self._loaded: dict[Path, Image] = {}
        self.pixels = 0
        self.embedded = 0
        self.over_budget = False

    @property
    def files(self) -> tuple[Path, ...]:
        """The image files read so far, in the order first used."""
        return tuple(self._loaded)

    def load(self, path: Path) -> Image:
        image = self._loaded.get(path)
        if image is None:
            data = _read(path)
            _, width, height = _sniff(data, path.name)
            pixels = width * height
            if self.pixels + pixels > MAX_BRIEF_PIXELS and pixels <= MAX_IMAGE_PIXELS:
                self._spent(f"image '{path.name}' is one image too many: with its {pixels:,} "
                            f"pixels the brief's images come to {self.pixels + pixels:,} (the "
                            f"limit for one brief is {MAX_BRIEF_PIXELS:,})")
            image = self._loaded[path] = image_from_bytes(data, path.name)
            self.pixels += pixels
        if self.embedded + len(image.data) > MAX_BRIEF_BYTES:
            self._spent(f"image '{path.name}' is one use too many: from here on the brief's "
                        f"images come to more than {MAX_BRIEF_BYTES:,} bytes in each document "
                        "(the limit for one brief; every use counts)")
        self.embedded += len(image.data)
        return image

    def _spent(self, message: str) -> None:
        """Refuse the image; only the first image past a limit is reported."""
        if self.over_budget:
            raise SilentProblem(message)
        self.over_budget = True
        raise ImageProblem(message, BUDGET_HINT)


def load_image(path: Path) -> Image:
    """Read, check and re-encode the image at `path`."""
    return image_from_bytes(_read(path), path.name)


def _read(path: Path) -> bytes:
    """The file's bytes, its size checked before reading."""
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ImageProblem(f"image '{path.name}' is too large ({size:,} bytes; the limit is "
                               f"{MAX_IMAGE_BYTES:,})")
        with path.open("rb") as handle:
            return handle.read(MAX_IMAGE_BYTES + 1)  # a file growing meanwhile stops here
    except OSError as exc:
        raise ImageProblem(f"cannot read image '{path.name}': {exc.strerror}") from None


def image_from_bytes(data: bytes, name: str = "image") -> Image:
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageProblem(f"image '{name}' is too large (more than {MAX_IMAGE_BYTES:,} bytes)")
    kind, width, height = _sniff(data, name)
    if max(width, height) > MAX_IMAGE_SIDE:
        raise ImageProblem(f"image '{name}' is too large ({width}×{height} pixels; the limit is "
                           f"{MAX_IMAGE_SIDE:,} pixels a side)")
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageProblem(f"image '{name}' is too large ({width}×{height} pixels; the limit is "
                           f"{MAX_IMAGE_PIXELS:,} pixels)")
    from PIL import Image as PILImage  # only briefs with images pay for Pillow

    try:
        with PILImage.open(io.BytesIO(data), formats=["PNG" if kind == "png" else "JPEG"]) as img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise ImageProblem(f"image '{name}' is too large ({img.width}×{img.height} pixels)")
            img.load()
            out = io.BytesIO()
            if kind == "jpeg" and img.mode in ("RGB", "L"):
                # the source's own quantisation: no bigger, no worse than what was given
                img.save(out, "JPEG", quality="keep")
            elif kind == "jpeg":
                img.convert("RGB").save(out, "JPEG", quality=92)
            else:
                keep = img if img.mode in ("RGB", "RGBA", "L", "LA", "P") else img.convert("RGBA")
                keep.save(out, "PNG", optimize=False)
            return Image(out.getvalue(), kind, img.width, img.height, name)
    except ImageProblem:
        raise
    except Exception as exc:  # Pillow raises many types for broken files; all mean "unusable"
        raise ImageProblem(f"image '{name}' is damaged or not a real {kind.upper()} file "
                           f"({type(exc).__name__}: {exc})") from None


def _sniff(data: bytes, name: str) -> tuple[str, int, int]:
    """Format and pixel size from the header alone, so a bomb is refused before decoding."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise ImageProblem(f"image '{name}' is a damaged PNG file")
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if data[:3] == b"\xff\xd8\xff":
        return ("jpeg", *_jpeg_size(data, name))
    raise ImageProblem(f"image '{name}' is not a PNG or JPEG file")


def _jpeg_size(data: bytes, name: str) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[index + 2: index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5: index + 9])
            return width, height
        index += 2 + length
    raise ImageProblem(f"image '{name}' is a damaged JPEG file (no size found)")
