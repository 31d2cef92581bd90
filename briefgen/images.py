"""Check raster images before anything renders them: size caps before decoding, PNG/JPEG only,
decoded fully and re-encoded so no backend ever embeds bytes nobody decoded."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from .document.nodes import Image

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 × 5000; a decoded RGBA image of this size is 160 MB


class ImageProblem(ValueError):
    """Why an image cannot be used (the message is for the user)."""


def load_image(path: Path) -> Image:
    """Read, check and re-encode the image at `path`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageProblem(f"cannot read image '{path.name}': {exc.strerror}") from None
    if size > MAX_IMAGE_BYTES:
        raise ImageProblem(f"image '{path.name}' is too large ({size:,} bytes; the limit is "
                           f"{MAX_IMAGE_BYTES:,})")
    data = path.read_bytes()
    return image_from_bytes(data, path.name)


def image_from_bytes(data: bytes, name: str = "image") -> Image:
    kind, width, height = _sniff(data, name)
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
            if kind == "jpeg":
                rgb = img.convert("RGB") if img.mode not in ("RGB", "L") else img
                rgb.save(out, "JPEG", quality=92)
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
