"""Images on the page: each distinct image becomes one Form XObject, drawn wherever it is used.

ReportLab's Image flowable decodes its picture to raw pixels (and copies them once more to name
it) for every use, and keeps them until the document is done: twenty uses of one 36-megapixel
JPEG held 5 GB. Here the first use decodes it once into a form and lets go of the pixels; every
later use only refers to the form.
"""

from __future__ import annotations

import hashlib
import io

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ...document.nodes import Image


def draw_picture(canv, image: Image, x: float, y: float, width: float, height: float) -> None:
    """`image` scaled to `width` × `height` with its lower left corner at (`x`, `y`)."""
    name = "picture-" + hashlib.sha256(image.data).hexdigest()[:24]  # same image, same name
    if not canv.hasForm(name):
        reader = ImageReader(io.BytesIO(image.data))
        canv.beginForm(name, 0, 0, 1, 1)
        try:
            canv.drawImage(reader, 0, 0, 1, 1, mask="auto")
        finally:
            # the reader refers to itself (its jpeg_fh), so its decoded pixels would otherwise
            # wait for a garbage collection: three large images held 870 MB instead of 410
            vars(reader).clear()
        canv.endForm()
    canv.saveState()
    canv.translate(x, y)
    canv.scale(width, height)
    canv.doForm(name)
    canv.restoreState()


class Picture(Flowable):
    """A figure's image at a fixed size, aligned as `hAlign` says."""

    def __init__(self, image: Image, width: float, height: float, h_align: str = "CENTER"):
        super().__init__()
        self.image = image
        self.width, self.height = width, height
        self.hAlign = h_align

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        draw_picture(self.canv, self.image, 0, 0, self.width, self.height)
