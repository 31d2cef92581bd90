"""numbering.xml: the list definitions of the style's bullets and numbers, and a fresh,
restarting numbering instance for each numbered list."""

from __future__ import annotations

from typing import Any

from ...style.model import Bullet, Style
from .xml import W_NS, esc, parse_many, parse_one, rpr, twips, word_color

_W = f"{{{W_NS}}}"
WORD_FORMATS = {"decimal": "decimal", "lower-alpha": "lowerLetter", "lower-roman": "lowerRoman"}
LEVELS = 9


class Numbering:
    """The list definitions: default bullets, one per list role with its own bullet, numbers."""

    def __init__(self, element: Any, style: Style, body_font: str, *, own: bool):
        self.element = element
        self.style = style
        self.body_font = body_font
        if own:
            for child in list(element):
                element.remove(child)
        abstract_ids = [int(a.get(_W + "abstractNumId")) for a in
                        element.iterchildren(_W + "abstractNum")]
        num_ids = [int(n.get(_W + "numId")) for n in element.iterchildren(_W + "num")]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        # the definitions, made in one parse: default bullets, numbers, one per list role
        kinds = [("Brief Bullets", self._bullet_levels(None)),
                 ("Brief Numbers", self._number_levels())]
        kinds += [(f"Brief Bullets {role}", self._bullet_levels(bullet))
                  for role, bullet in style.lists.role_bullets.items()]
        abstracts = list(range(self._next_abstract, self._next_abstract + len(kinds)))
        nums = list(range(self._next_num, self._next_num + len(kinds)))
        self._next_abstract += len(kinds)
        self._next_num += len(kinds)
        elements = parse_many([_abstract_xml(a, name, levels)
                               for a, (name, levels) in zip(abstracts, kinds)]
                              + [_num_xml(n, a) for n, a in zip(nums, abstracts)])
        for element in elements[:len(kinds)]:
            self._insert_abstract(element)
        for element in elements[len(kinds):]:
            self._insert_num(element)
        self.bullet_abstract, self.number_abstract = abstracts[0], abstracts[1]
        self.bullet_id, self.number_id = nums[0], nums[1]
        self.role_ids = dict(zip(style.lists.role_bullets, nums[2:]))
        self._abstract_of: dict[int, int | None] = dict(zip(nums, abstracts))

    def _indent(self, level: int) -> str:
        indent = self.style.lists.indent
        return (f'<w:pPr><w:ind w:left="{twips(indent * (level + 1))}" '
                f'w:hanging="{twips(indent * 0.75)}"/></w:pPr>')

    def _bullet_levels(self, first: Bullet | None) -> list[str]:
        levels = []
        for level in range(LEVELS):
            bullet = first if first is not None and level == 0 else \
                self.style.lists.bullets[level % len(self.style.lists.bullets)]
            run = rpr(font=self.body_font, color=word_color(bullet.color), wrap=False)
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                f'<w:lvlText w:val="{esc(bullet.glyph)}"/><w:lvlJc w:val="left"/>'
                f"{self._indent(level)}<w:rPr>{run}</w:rPr></w:lvl>")
        return levels

    def _number_levels(self) -> list[str]:
        lists = self.style.lists
        run = rpr(color=word_color(lists.number_color), wrap=False)
        levels = []
        for level in range(LEVELS):
            fmt = WORD_FORMATS.get(lists.number_format(level), "decimal")
            text = f"%{level + 1}{lists.number_suffix}"
            levels.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{esc(text)}"/><w:lvlJc w:val="left"/>'
                f"{self._indent(level)}<w:rPr>{run}</w:rPr></w:lvl>")
        return levels

    def _insert_abstract(self, element: Any) -> None:
        existing = list(self.element.iterchildren(_W + "abstractNum"))
        if existing:
            existing[-1].addnext(element)
        else:
            self.element.insert(0, element)

    def _insert_num(self, element: Any) -> None:
        cleanup = self.element.find(_W + "numIdMacAtCleanup")
        if cleanup is not None:
            cleanup.addprevious(element)
        else:
            self.element.append(element)

    def _add_num(self, abstract_id: int, start: int | None = None, level: int = 0) -> int:
        num_id = self._next_num
        self._next_num += 1
        self._insert_num(parse_one(_num_xml(num_id, abstract_id, start, level)))
        self._abstract_of[num_id] = abstract_id
        return num_id

    def abstract_of(self, num_id: int) -> int | None:
        if num_id not in self._abstract_of:
            found = None
            for num in self.element.iterchildren(_W + "num"):
                if int(num.get(_W + "numId")) == num_id:
                    abstract = num.find(_W + "abstractNumId")
                    found = int(abstract.get(_W + "val")) if abstract is not None else None
                    break
            self._abstract_of[num_id] = found
        return self._abstract_of[num_id]

    def restart(self, style_num_id: int, start: int, level: int) -> int:
        """A new numbering instance that starts at `start`, sharing `style_num_id`'s look."""
        abstract = self.abstract_of(style_num_id) if style_num_id else None
        if abstract is None:
            abstract = self.number_abstract
        return self._add_num(abstract, start, level)


def _abstract_xml(abstract_id: int, name: str, levels: list[str]) -> str:
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{0x2B1E0000 + abstract_id:08X}"/>'
            f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{esc(name)}"/>'
            + "".join(levels) + "</w:abstractNum>")


def _num_xml(num_id: int, abstract_id: int, start: int | None = None, level: int = 0) -> str:
    override = ""
    if start is not None:
        override = (f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
                    "</w:lvlOverride>")
    return (f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}'
            "</w:num>")
