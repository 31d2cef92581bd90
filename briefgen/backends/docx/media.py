"""Pictures: an image part and the inline drawing that shows it, with its alternative text."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...document.nodes import Image
from .xml import esc

if TYPE_CHECKING:
    from .translator import DocxTranslator

EMU_PER_POINT = 12700


def drawing(t: DocxTranslator, image: Image, width_points: float, alt: str) -> str:
    rid, _ = t.part.get_or_add_image(io.BytesIO(image.data))
    height_points = width_points * image.height / max(1, image.width)
    cx, cy = int(width_points * EMU_PER_POINT), int(height_points * EMU_PER_POINT)
    number = t.next_drawing
    t.next_drawing += 1
    name = f"Picture {number}"
    return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{number}" name="{name}" descr="{esc(alt)}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
            "</wp:cNvGraphicFramePr><a:graphic>"
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="{name}" descr="{esc(alt)}"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
            "<a:stretch><a:fillRect/>"
            '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
            "</w:drawing></w:r>")
