"""Document blocks → HTML elements, one `visit_<Node>` per block type.

Classes name roles (`r-<role>` for text, `b-<role>` for boxes); the stylesheet (`css`) says
how each looks. Headings start at `h2` (the title is the one `h1`) and never skip a level.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast
from xml.etree.ElementTree import Element

from ...document.nodes import (
    Block, Callout, Chart, Column, Columns, Document, Exhibit, Figure, Heading, KeyValueList,
    ListBlock, Matrix, Node, PageBreak, Paragraph, Quote, References, Table, TableCell,
    TableOfContents, TitleBlock, TocEntry,
)
from ...output.translator import Translator
from ...style.model import Style
from ...style.roles import level_of
from .inlines import Inlines
from .text import element_id
from .tree import Content, el

Elements = list[Element]


def role_class(prefix: str, role: str) -> str:
    return f"{prefix}-{role.replace('.', '-')}" if role else ""


def level_class(role: str) -> str:
    level = level_of(role)
    return f"level level-{level}" if level else ""


def _pill(marker: str, role: str) -> Element:
    """A matrix marker: the level's text colour as its fill, its background as the ink."""
    return el("span", {"class": f"r-matrix-marker pill pill-{level_of(role) or 'neutral'}"},
              marker)


class HtmlTranslator(Translator[Elements]):
    format_name = "html"

    def __init__(self, document: Document, style: Style | None = None):
        super().__init__()
        self.document = document
        self.style = cast(Style, style if style is not None else document.style)
        self.inlines = Inlines(document)
        self.last_heading = 1  # the title's h1
        self.ids = 0
        self.css: list[str] = []  # rules for this document's own elements (table widths)

    def combine(self, results: list[Elements]) -> Elements:
        return [element for result in results for element in result]

    def blocks(self, nodes: Iterable[Node]) -> Elements:
        return self.combine(self.visit_all(nodes))

    def new_id(self, kind: str) -> str:
        """An id of the page's own: '_' starts none of the layout's anchors."""
        self.ids += 1
        return f"_{kind}-{self.ids}"

    def flow(self, blocks: tuple[Block, ...]) -> list[Content]:
        """Blocks inside a list item or a cell: one plain paragraph as bare text."""
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and not blocks[0].role:
            return self.inlines.spans(blocks[0].content)
        return list(self.blocks(blocks))

    # --- the title, contents and headings ---------------------------------------------------

    def visit_TitleBlock(self, block: TitleBlock, *context: Any) -> Elements:
        parts: list[Content] = []
        if block.classification.strip():
            parts.append(el("p", {"class": "r-cover-label"}, block.classification))
        if block.logo is not None:
            parts.append(el("img", {"class": "logo", "src": block.logo.data_uri(),
                                    "alt": block.logo_alt or "", "width": str(block.logo.width),
                                    "height": str(block.logo.height)}))
        if block.kicker.strip():
            parts.append(el("p", {"class": "r-cover-kicker"}, block.kicker))
        parts.append(el("h1", {"class": "r-cover-title"}, block.title))
        if block.subtitle.strip():
            parts.append(el("p", {"class": "r-cover-subtitle"}, block.subtitle))
        if block.own_page or not block.credits:
            if block.date.strip():
                parts.append(el("p", {"class": "r-cover-date"}, block.date))
            parts += [el("p", {"class": "r-cover-byline"}, line) for line in block.byline
                      if line.strip()]
        else:
            parts.append(el("p", {"class": "r-cover-credits"},
                            self.inlines.spans(block.credits)))
        kind = "cover own-page" if block.own_page else "cover compact"
        return [el("header", {"class": kind}, parts)]

    def visit_TableOfContents(self, block: TableOfContents, *context: Any) -> Elements:
        if not block.entries:
            return []
        title_id = self.new_id("contents")
        nav = el("nav", {"class": "toc", "aria-labelledby": title_id},
                 el("h2", {"class": "r-toc-title", "id": title_id}, block.title or "\u00a0"))
        nav.append(self._toc_list(list(block.entries)))
        return [nav]

    def _toc_list(self, entries: list[TocEntry]) -> Element:
        top = min(entry.level for entry in entries)
        stack = [el("ul")]  # the open lists, outermost first
        for entry in entries:
            depth = max(0, entry.level - top)
            if depth > len(stack) - 1 and len(stack[-1]):  # one level down, under its parent
                sub = el("ul")
                stack[-1][-1].append(sub)
                stack.append(sub)
            while depth < len(stack) - 1:
                stack.pop()
            content: list[Content] = []
            if entry.number:
                content += [el("span", {"class": "r-heading-number"}, entry.number), " "]
            content += self.inlines.spans(entry.content, links=False)
            item = el("li", {"class": role_class("r", f"toc.{min(entry.level, 3)}")},
                      el("a", {"href": f"#{element_id(entry.anchor)}"}, content)
                      if entry.anchor else content)
            stack[-1].append(item)
        return stack[0]

    def visit_Heading(self, block: Heading, *context: Any) -> Elements:
        level = max(2, min(block.level + 1, self.last_heading + 1, 6))
        self.last_heading = level
        content: list[Content] = []
        if block.number:
            content += [el("span", {"class": "r-heading-number"}, block.number), " "]
        content += self.inlines.spans(block.content)
        classes = " ".join(filter(None, [f"r-heading-{min(block.level, 3)}",
                                         role_class("m", block.role)]))
        return [el(f"h{level}", {"id": element_id(block.anchor) if block.anchor else "",
                                 "class": classes}, content)]

    def visit_Paragraph(self, block: Paragraph, *context: Any) -> Elements:
        content = self.inlines.spans(block.content)
        if not content:
            return []
        return [el("p", {"class": role_class("r", block.role)}, content)]

    def visit_PageBreak(self, block: PageBreak, *context: Any) -> Elements:
        # a break only when the page is full enough: a browser printing the page cannot tell,
        # and an unconditional break would leave the holes the condition is there to avoid
        if block.min_fill > 0:
            return []
        return [el("div", {"class": "page-break", "aria-hidden": "true"})]

    # --- lists ------------------------------------------------------------------------------

    def visit_ListBlock(self, block: ListBlock, *context: Any) -> Elements:
        if not block.items:
            return []
        attrs = {"class": role_class("l", block.role)}
        if block.ordered and block.start != 1:
            attrs["start"] = str(block.start)
        items = [el("li", {}, self.flow(item)) for item in block.items]
        return [el("ol" if block.ordered else "ul", attrs, items)]

    def visit_References(self, block: References, *context: Any) -> Elements:
        items = []
        for entry in block.entries:
            back = self.inlines.back_link(entry.anchor)
            label: list[Content] = []
            if entry.label.strip():
                label = [el("a", {"class": "ref-label", "href": f"#{back}"}, entry.label)
                         if back else el("span", {"class": "ref-label"}, entry.label), " "]
            items.append(el("li", {"id": element_id(entry.anchor) if entry.anchor else "",
                                   "class": "r-reference"},
                            label, self.inlines.spans(entry.content)))
        return [el("ol", {"class": "references", "role": "list"}, items)] if items else []

    # --- boxes ------------------------------------------------------------------------------

    def _box(self, role: str, title: str, title_class: str, content: list[Content]) -> Elements:
        attrs = {"class": f"box {role_class('b', role)}"}
        parts: list[Content] = []
        if title.strip():
            attrs["aria-labelledby"] = title_id = self.new_id("box")
            parts.append(el("p", {"class": f"box-title {title_class}", "id": title_id}, title))
        return [el("aside", attrs, parts, content)]

    def visit_Callout(self, block: Callout, *context: Any) -> Elements:
        content = self.blocks(block.content)
        if not content and not block.title.strip():
            return []
        return self._box(block.role or "callout", block.title, "r-box-title", list(content))

    def visit_Quote(self, block: Quote, *context: Any) -> Elements:
        role = "pull-quote" if block.role == "pull-quote" else "quote"
        quote = el("blockquote", {"class": f"r-{role}"}, self.blocks(block.content))
        parts: list[Content] = [quote]
        if block.attribution:
            parts.append(el("figcaption", {"class": "r-attribution"},
                            el("cite", {}, self.inlines.spans(block.attribution))))
        return [el("figure", {"class": f"box b-{role}"}, parts)]

    def visit_KeyValueList(self, block: KeyValueList, *context: Any) -> Elements:
        if not block.items and not block.title:
            return []
        rows = [el("div", {"class": "kv"}, el("dt", {"class": "r-key-facts-label"}, item.label),
                   el("dd", {"class": "r-key-facts-value"}, self.inlines.spans(item.value)))
                for item in block.items]
        content: list[Content] = [el("dl", {}, rows)] if rows else []
        role = block.role or "key-facts"
        banded = self.style.box(role, "key-facts").header  # its title reversed out of a band
        return self._box(role, block.title, "r-key-facts-title" if banded else "r-box-title",
                         content)

    def visit_Columns(self, block: Columns, *context: Any) -> Elements:
        if not block.columns:
            return []
        wide = " wide" if block.wide else ""
        return [el("div", {"class": f"columns{wide} {role_class('b', block.role or 'assessment')}"},
                   self.blocks(block.columns))]

    def visit_Column(self, block: Column, *context: Any) -> Elements:
        title_id = self.new_id("column")
        return [el("section", {"class": " ".join(filter(None, ["column",
                                                              level_class(block.role)])),
                               "aria-labelledby": title_id},
                   el("p", {"class": "r-column-title", "id": title_id}, block.title or "\u00a0"),
                   el("div", {"class": "column-body"}, self.blocks(block.content)))]

    def visit_Figure(self, block: Figure, *context: Any) -> Elements:
        image = block.image
        parts: list[Content] = [el("img", {"src": image.data_uri(), "alt": block.alt,
                                           "width": str(image.width),
                                           "height": str(image.height)})]
        if block.caption:
            parts.append(el("figcaption", {"class": "r-caption"},
                            self.inlines.spans(block.caption)))
        return [el("figure", {"class": "figure"}, parts)]

    def visit_Exhibit(self, block: Exhibit, *context: Any) -> Elements:
        """A <figure> whose caption heads it: "Figure 2. Title", then the source and note."""
        title = el("figcaption", {"class": "r-exhibit-title"},
                   [el("strong", {}, f"{block.label}."), " ",
                    *self.inlines.spans(block.title)])
        parts: list[Content] = [title, *self.visit(block.body)]
        parts += [el("p", {"class": "r-exhibit-source"}, self.inlines.spans(inlines))
                  for inlines in (block.source, block.note) if inlines]
        return [el("figure", {"class": f"exhibit exhibit-{block.kind}",
                              "id": element_id(block.anchor)}, parts)]

    def visit_Chart(self, block: Chart, *context: Any) -> Elements:
        from .charts import chart_svg

        self.ids += 1
        return [chart_svg(block, self.style, self.ids)]

    # --- tables -----------------------------------------------------------------------------

    def visit_Table(self, block: Table, *context: Any) -> Elements:
        ncols = max([len(block.header)] + [len(row) for row in block.rows] + [0])
        if ncols == 0:
            return []
        table = el("table", {"class": f"data {role_class('b', block.role or 'table')}"})
        widths = list(block.widths)
        if len(widths) == ncols and all(w > 0 for w in widths):
            # in the stylesheet: the page's security policy allows no style attributes
            table_id = self.new_id("table")
            table.set("id", table_id)
            self.css += [f"#{table_id} col:nth-child({n}){{width:{w / sum(widths):.2%}}}"
                         for n, w in enumerate(widths, 1)]
            table.append(el("colgroup", {}, [el("col") for _ in widths]))
        right = block.number_columns()
        if block.header:
            table.append(el("thead", {}, el("tr", {}, [
                self._cell("th", cell, {"scope": "col"}, c in right)
                for c, cell in enumerate(block.header)])))
        row_headers = block.role == "risks"
        body = el("tbody")
        for row in block.rows:
            cells = [self._cell("th" if row_headers and c == 0 else "td", cell,
                                {"scope": "row"} if row_headers and c == 0 else {}, c in right)
                     for c, cell in enumerate(row)]
            body.append(el("tr", {}, cells))
        table.append(body)
        return [el("div", {"class": "table-wrap wide" if block.wide else "table-wrap"}, table)]

    def _cell(self, tag: str, cell: TableCell, attrs: dict[str, str],
              right: bool = False) -> Element:
        classes = " ".join(filter(None, [role_class("c", cell.role), level_class(cell.role),
                                         "num" if right else ""]))
        return el(tag, {**attrs, "class": classes}, self.flow(cell.content))

    def visit_Matrix(self, block: Matrix, *context: Any) -> Elements:
        table = el("table", {"class": "matrix"})
        title_id = ""
        if block.title:
            title_id = self.new_id("matrix")
            table.append(el("caption", {"class": "r-box-title", "id": title_id}, block.title))
        n = len(block.column_labels)
        # the axes stand in the header cells, so the corner's text (both axes) is not repeated
        head = [el("tr", {}, el("td", {"class": "corner"}),
                   el("th", {"scope": "colgroup", "colspan": str(max(n, 1)),
                             "class": "r-matrix-axis"}, block.column_axis)),
                el("tr", {}, el("th", {"scope": "col", "class": "r-matrix-axis"},
                                block.row_axis),
                   [el("th", {"scope": "col", "class": "r-matrix-label"}, label)
                    for label in block.column_labels])]
        table.append(el("thead", {}, head))
        body = el("tbody")
        for label, cells in zip(block.row_labels, block.cells):
            body.append(el("tr", {}, el("th", {"scope": "row", "class": "r-matrix-label"}, label),
                           [el("td", {"class": level_class(cell.role) or "level"},
                               [_pill(marker, cell.role) for marker in cell.markers])
                            for cell in cells]))
        table.append(body)
        parts: list[Content] = [el("div", {"class": "table-wrap"}, table)]
        if block.legend:
            parts.append(el("ul", {"class": "legend r-legend", "role": "list"}, [
                el("li", {}, _pill(key.marker, block.role_of(key.marker)), " ", key.label)
                for key in block.legend]))
        return [el("figure", {"class": "box b-risk-matrix",
                              "aria-labelledby": title_id}, parts)]
