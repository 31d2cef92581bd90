"""styles.xml: installs style definitions and maps style names to the ids in the document.

On python-docx's default template every style is replaced by the resolved style's; on a
reference .docx only the styles it lacks are added, so the letterhead's own looks win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .numbering import Numbering
from .xml import W_NS, esc, parse_many, parse_one, ppr, rpr

_W = f"{{{W_NS}}}"
# (style, page width, list ids) → the style, the XML of the own template's styles, their ids
_OWN_XML: dict[tuple[int, ...], tuple[Any, list[str], dict[tuple[str, str], str]]] = {}
OWN_XML_ENTRIES = 16


@dataclass(slots=True)
class StyleDef:
    """One Word style: its internal `name` (e.g. "heading 1"), preferred id and looks.

    `para` and `run` are the keyword arguments of `xml.ppr` and `xml.rpr`; `numbered`
    ("bullet" or "number") gives the style list numbering at `level`.
    """

    name: str
    style_id: str
    kind: str = "paragraph"  # paragraph | character | table | numbering
    based_on: str = ""  # a style *name*; resolved to the id it has in the document
    next: str = ""
    priority: int | None = None
    quick: bool = False  # shown in the style gallery
    hidden_until_used: bool = False
    default: bool = False
    para: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)
    table: str = ""  # w:tblPr, w:trPr, w:tcPr and w:tblStylePr elements (table styles)
    numbered: str = ""
    level: int = 0


class StyleSheet:
    """The document's styles by name, and the installation of ours."""

    def __init__(self, element: Any, *, own: bool):
        self.element = element
        self.own = own  # true: python-docx's default template, restyled from the style
        self.ids: dict[tuple[str, str], str] = {}
        self.by_id: dict[str, Any] = {}
        for style in element.iterchildren(_W + "style"):
            self._index(style)

    def _index(self, style: Any) -> None:
        style_id = style.get(_W + "styleId")
        name_el = style.find(_W + "name")
        name = name_el.get(_W + "val") if name_el is not None else style_id
        kind = style.get(_W + "type") or "paragraph"
        self.by_id[style_id] = style
        self.ids.setdefault((kind, name.lower()), style_id)

    def id(self, name: str, kind: str = "paragraph") -> str:
        return self.ids.get((kind, name.lower()), "")

    def install(self, definitions: Callable[[], list[StyleDef]], numbering: Numbering,
                defaults: str, language: str, *, owner: Any = None, width: int = 0) -> None:
        """Own template: replace every style and docDefaults. Reference: add what is missing.

        On the own template the styles depend only on the resolved style (`owner`) and the page
        width, so their XML is made once per process for each."""
        if self.own:
            latent = self.element.find(_W + "latentStyles")
            for child in list(self.element):
                if child is not latent:
                    self.element.remove(child)
            self.ids.clear()
            self.by_id.clear()
            self.element.insert(0, parse_one(defaults))
        else:
            self._set_language(language)
        key = ((id(owner), width, numbering.bullet_id, numbering.number_id)
               if self.own and owner is not None else None)
        cached = _OWN_XML.get(key) if key else None
        if cached is not None and cached[0] is owner:
            pending = cached[1]
            self.ids.update(cached[2])
        else:
            pending = self._pending(definitions(), numbering)
            if key:  # the owner is kept with its entry, so that its id stays its own
                if len(_OWN_XML) >= OWN_XML_ENTRIES:  # a service with many templates
                    del _OWN_XML[next(iter(_OWN_XML))]
                _OWN_XML[key] = (owner, pending, dict(self.ids))
        for style in parse_many(pending):
            self.element.append(style)
            self._index(style)

    def _pending(self, defs: list[StyleDef], numbering: Numbering) -> list[str]:
        """The XML of each style the document lacks (and their ids, reserved)."""
        pending = []
        for d in defs:
            if self.id(d.name, d.kind):
                continue
            style_id, n = d.style_id, 2
            while style_id in self.by_id:
                style_id, n = f"{d.style_id}{n}", n + 1
            self.ids[(d.kind, d.name.lower())] = style_id
            self.by_id[style_id] = None  # reserved; filled in once parsed
            pending.append(self._style_xml(d, style_id, numbering))
        return pending

    def _style_xml(self, d: StyleDef, style_id: str, numbering: Numbering) -> str:
        out = [f'<w:style w:type="{d.kind}"' + (' w:default="1"' if d.default else "")
               + f' w:styleId="{style_id}"><w:name w:val="{esc(d.name)}"/>']
        based = self.id(d.based_on, d.kind) if d.based_on else ""
        if based:
            out.append(f'<w:basedOn w:val="{based}"/>')
        nxt = (self.id(d.next) or (style_id if d.next == d.name else "")) if d.next else ""
        if nxt:
            out.append(f'<w:next w:val="{nxt}"/>')
        if d.priority is not None:
            out.append(f'<w:uiPriority w:val="{d.priority}"/>')
        if d.hidden_until_used:
            out.append("<w:semiHidden/><w:unhideWhenUsed/>")
        if d.quick:
            out.append("<w:qFormat/>")
        num = None
        if d.numbered:
            num = (numbering.bullet_id if d.numbered == "bullet" else numbering.number_id,
                   d.level)
        para = ppr(**d.para, num=num, wrap=False) if d.para or num else ""
        if para:
            out.append(f"<w:pPr>{para}</w:pPr>")
        run = rpr(**d.run, wrap=False) if d.run else ""
        if run:
            out.append(f"<w:rPr>{run}</w:rPr>")
        out.append(d.table)
        out.append("</w:style>")
        return "".join(out)

    def _set_language(self, language: str) -> None:
        defaults = self._child(self.element, "docDefaults", first=True)
        rpr_default = self._child(defaults, "rPrDefault", first=True)
        run = self._child(rpr_default, "rPr")
        lang = run.find(_W + "lang")
        if lang is None:
            lang = parse_one("<w:lang/>")
            # w:lang comes after everything but eastAsianLayout, specVanish and oMath
            later = [run.find(_W + t) for t in ("eastAsianLayout", "specVanish", "oMath")]
            later = [e for e in later if e is not None]
            if later:
                later[0].addprevious(lang)
            else:
                run.append(lang)
        lang.set(_W + "val", language)

    @staticmethod
    def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
        found = parent.find(_W + tag)
        if found is None:
            found = parse_one(f"<w:{tag}/>")
            if first:
                parent.insert(0, found)
            else:
                parent.append(found)
        return found

    def _walk_based_on(self, style_id: str):
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                return
            yield style
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else ""

    def tab_positions(self, style_id: str) -> list[int]:
        """Positions (twips) of the tab stops a paragraph style sets, its base styles' included."""
        positions: list[int] = []
        for style in self._walk_based_on(style_id):
            for tab in style.iterfind(f"{_W}pPr/{_W}tabs/{_W}tab"):
                try:
                    positions.append(int(tab.get(_W + "pos")))
                except (TypeError, ValueError):
                    pass
        return positions

    def numbering_of(self, style_id: str) -> int:
        """The numId a paragraph style (or a style it is based on) carries, or 0."""
        for style in self._walk_based_on(style_id):
            num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            if num is not None:
                return int(num.get(_W + "val", "0"))
        return 0
