"""Resolve a template into a `Style`, once: every size, colour, space and glyph the look uses.

The template gives a palette, a few type sizes and two spacings; the proportions between them
(a lead a little larger than body text, a table cell between body and small text) are decided
here and nowhere else, so every backend draws the same look. Type sizes are rounded to half a
point, which every format can set exactly. A template's `roles:` then restyle single roles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..errors import TemplateError
from .model import (
    BoxStyle, Bullet, CoverStyle, Fonts, LevelColors, ListStyle, Page, Rule, Style, TextStyle,
)
from .colors import contrast, most_legible
from .roles import LEVELS, ROLES, SEVERITIES

# Where a palette name is missing from a hand-made template, the nearest one that exists.
COLOR_FALLBACK = {
    "accent": "primary", "accent_text": "accent", "muted": "text", "rule": "muted",
    "panel": "rule", "on_primary": "panel", "level_low": "panel", "level_medium": "panel",
    "level_high": "panel", "level_low_text": "text", "level_medium_text": "text",
    "level_high_text": "text", "primary": "text",
}
PALETTE_NAMES = tuple(COLOR_FALLBACK) + ("text",)
MIN_SIZE = 4.0  # points: a template cannot make text vanish
EDGE = 12 * 72 / 25.4  # points: nothing is drawn closer to the paper's edge (12 mm)


def half(points: float) -> float:
    """`points` rounded to half a point (never below MIN_SIZE)."""
    return max(MIN_SIZE, round(points * 2) / 2)


@dataclass(frozen=True, slots=True)
class _Scale:
    """The template's numbers the proportions are taken from."""

    body: float
    small: float
    line: float
    paragraph: float
    section: float
    h1: float
    h2: float
    h3: float
    title: float
    subtitle: float
    quote: float

    @property
    def cell(self) -> float:
        return half((self.body + self.small) / 2)


def make_style(theme: Any) -> Style:
    """The `Style` of a loaded template (a `briefgen.templates.Theme`), made anew; use
    `theme.style()`, which makes it once."""
    palette = _palette(theme)
    scale = _scale(theme)
    text = _text_styles(scale, palette, theme)
    boxes = _box_styles(scale, palette)
    overrides = theme.get("roles") or {}
    text, boxes = _apply_overrides(overrides, text, boxes, palette)
    return Style(
        name=theme.name, page=_page(theme), fonts=_fonts(theme), palette=palette, text=text,
        boxes=boxes, levels={**{level: LevelColors(palette[f"level_{level}"],
                                                   palette[f"level_{level}_text"])
                                for level in LEVELS}, **_severity_steps(palette)},
        lists=_lists(scale, palette),
        heading_rule=Rule(palette["rule"], palette["accent"], scale.body * 0.45,
                          scale.body * 3.4, scale.body * 0.22, scale.body * 0.077),
        cover=_cover(theme, palette, scale),
        running_rule=palette["rule"], running_rule_width=0.5,
        neutral=LevelColors(palette["panel"], palette["primary"]),
        docx_reference=theme.asset(theme.get("docx.reference"))
        if theme.get("docx.reference") else None,
        chart_colors=_chart_colors(palette),
        notes_at="end" if str(theme.get("notes") or "foot") == "end" else "foot",
        docx_update_fields=theme.flag("docx.update_fields"),
    )


def _severity_steps(palette: Mapping[str, str]) -> dict[str, LevelColors]:
    """The risk matrix's five steps, `severity_1` (lightest) to `severity_5` of the palette
    (every template inherits the default's). Each step's ink is its `severity_N_text` where
    that reads on it (WCAG AA, 4.5:1), else the more legible of the text colour and white: a
    template that recolours a step need not find its ink a matching colour."""
    steps = {}
    for step in SEVERITIES:
        background = palette[f"severity_{step}"]
        ink = palette.get(f"severity_{step}_text", "")
        if not ink or contrast(ink, background) < 4.5:
            ink = most_legible(background, palette["text"], "#FFFFFF")
        steps[f"severity-{step}"] = LevelColors(background, ink)
    return steps


def _chart_colors(palette: Mapping[str, str]) -> tuple[str, ...]:
    """chart_1, chart_2 … of the palette, in their order."""
    numbered = sorted((int(name[6:]), color) for name, color in palette.items()
                      if name.startswith("chart_") and name[6:].isdigit())
    return tuple(color for _, color in numbered) or ("#1F3A5F",)


def _palette(theme: Any) -> dict[str, str]:
    names = list(dict.fromkeys([*PALETTE_NAMES, *theme.data.get("colors", {})]))
    palette: dict[str, str] = {}
    for name in names:
        value, seen = name, set()
        while True:
            try:
                palette[name] = theme.color(value)
                break
            except TemplateError:  # a name this template lacks: use the nearest one it has
                if value not in COLOR_FALLBACK or value in seen:
                    raise
                seen.add(value)
                value = COLOR_FALLBACK[value]
    return palette


def _scale(theme: Any) -> _Scale:
    def size(key: str) -> float:
        return half(float(theme.size(key)))

    return _Scale(
        body=size("body"), small=size("small"), line=max(1.0, float(theme.size("line_height"))),
        paragraph=max(0.0, theme.spacing("paragraph")), section=max(0.0, theme.spacing("section")),
        h1=size("h1"), h2=size("h2"), h3=size("h3"), title=size("title"),
        subtitle=size("subtitle"), quote=size("quote"))


def _page(theme: Any) -> Page:
    width, height = theme.page_size
    top, bottom, left, right = (max(0.0, theme.margin(side))
                                for side in ("top", "bottom", "left", "right"))
    breakout = max(0.0, min(theme.length("page.breakout"), min(left, right) - EDGE))
    return Page(width, height, top, bottom, left, right, header_offset=top * 0.52,
                footer_offset=bottom * 0.42, breakout=breakout)


def _fonts(theme: Any) -> Fonts:
    families = theme.fonts()
    return Fonts(families["body"], families["heading"], families["mono"],
                 theme.fallback_fonts())


TextMaker = Callable[..., TextStyle]


def _maker(scale: _Scale) -> TextMaker:
    def make(font: str, size: float, leading: float, color: str, **extra: Any) -> TextStyle:
        """`leading` is a factor of the (rounded) size; the line it makes is rounded to half a
        point too, so that lines of different roles keep one rhythm."""
        size = half(size)
        return TextStyle(font, size, half(size * leading), color, **extra)

    return make


def _text_styles(scale: _Scale, c: Mapping[str, str], theme: Any) -> dict[str, TextStyle]:
    styles = {}
    for group in (_running_roles, _heading_roles, _cover_roles, _box_roles, _table_roles):
        styles.update(group(scale, c, _maker(scale)))
    if str(theme.get("cover.style", "band")) == "band":  # these stand on the band
        on_band = theme.color(str(theme.get("cover.text") or "on_primary"))
        for role in ("cover.title", "cover.subtitle", "cover.kicker"):
            styles[role] = replace(styles[role], color=on_band)
    return styles


def _running_roles(s: _Scale, c: Mapping[str, str], t: TextMaker) -> dict[str, TextStyle]:
    p = s.paragraph
    return {
        "body": t("body", s.body, s.line, c["text"], space_after=p),
        "lead": t("body", s.body * 1.14, s.line, c["primary"], space_after=p * 1.4),
        "question": t("heading", s.body, 1.3, c["primary"], bold=True, space_before=p * 1.4,
                      space_after=p * 0.5),
        "list-title": t("heading", s.small * 1.06, 1.42, c["accent_text"], bold=True,
                        space_before=p * 0.4, space_after=p * 0.4),
        "caption": t("heading", s.small, 1.4, c["muted"], space_before=p * 0.5,
                     space_after=p * 1.2),
        "code": t("mono", s.body * 0.9, s.line, c["text"]),
        "link": t("body", s.body, s.line, c["accent_text"]),
        "citation": t("body", s.body, s.line, c["accent_text"]),
        "reference": t("body", s.body * 0.93, s.line, c["text"], space_after=p * 0.7),
        "note": t("body", s.small, 1.35, c["text"], space_after=p * 0.3),
        "running": t("heading", s.small * 0.95, 1.2, c["muted"]),
        "running.strong": t("heading", s.small * 0.95, 1.2, c["primary"], bold=True),
    }


def _heading_roles(s: _Scale, c: Mapping[str, str], t: TextMaker) -> dict[str, TextStyle]:
    p, section = s.paragraph, s.section
    return {
        "heading.1": t("heading", s.h1, 1.2, c["primary"], bold=True, space_before=section,
                       space_after=p * 1.5),
        "heading.2": t("heading", s.h2, 1.25, c["primary"], bold=True,
                       space_before=section * 0.75, space_after=p * 0.9),
        "heading.3": t("heading", s.h3, 1.3, c["text"], bold=True, space_before=p * 1.6,
                       space_after=p * 0.6),
        "heading.number": t("heading", s.h2, 1.25, c["accent_text"], bold=True),
        "toc.title": t("heading", s.h1, 1.2, c["primary"], bold=True, space_after=p * 2),
        "toc.1": t("heading", s.body, 1.3, c["primary"], bold=True, space_before=p * 0.9,
                   space_after=p * 0.15),
        "toc.2": t("body", s.body * 0.95, 1.3, c["text"], space_after=p * 0.15),
    }


def _cover_roles(s: _Scale, c: Mapping[str, str], t: TextMaker) -> dict[str, TextStyle]:
    return {
        "cover.title": t("heading", s.title, 1.12, c["primary"], bold=True),
        "cover.subtitle": t("heading", s.subtitle, 1.3, c["accent_text"]),
        "cover.kicker": t("heading", s.small * 1.3, 1.4, c["accent_text"], bold=True),
        "cover.date": t("heading", s.h3 * 1.1, 1.4, c["primary"], bold=True),
        "cover.byline": t("heading", s.body * 1.05, 1.45, c["text"]),
        "cover.credits": t("heading", s.body * 0.95, 1.45, c["text"]),
        "cover.label": t("heading", s.small, 1.3, c["on_primary"], bold=True, caps=True,
                         tracking=1.2),
    }


def _box_roles(s: _Scale, c: Mapping[str, str], t: TextMaker) -> dict[str, TextStyle]:
    p = s.paragraph
    return {
        "box.title": t("heading", s.body * 1.02, 1.35, c["primary"], bold=True,
                       space_after=p * 0.6),
        "key-facts.title": t("heading", s.small * 1.12, 1.34, c["on_primary"], bold=True),
        "key-facts.label": t("heading", s.small, 1.35, c["primary"], bold=True),
        "key-facts.value": t("body", s.cell, 1.35, c["text"]),
        "pull-quote": t("body", s.quote, 1.38, c["primary"], italic=True, space_after=p * 0.6),
        "quote": t("body", s.body, s.line, c["text"], italic=True, space_after=p * 0.6),
        "attribution": t("heading", s.small * 1.06, 1.37, c["muted"], space_before=p * 0.3),
        "column.title": t("heading", s.small * 1.12, 1.34, c["text"], bold=True),
    }


def _table_roles(s: _Scale, c: Mapping[str, str], t: TextMaker) -> dict[str, TextStyle]:
    p = s.paragraph
    return {
        "table.header": t("heading", s.small, 1.3, c["on_primary"], bold=True),
        "table.cell": t("body", s.cell, 1.32, c["text"], space_after=p * 0.5),
        "risk-title": t("heading", s.cell * 1.04, 1.27, c["primary"], bold=True,
                        space_after=p * 0.35),
        "level": t("heading", s.small, 1.3, c["text"], bold=True, align="center"),
        "matrix.label": t("heading", s.small, 1.2, c["text"]),
        "matrix.axis": t("heading", s.small, 1.2, c["primary"], bold=True),
        "matrix.marker": t("heading", s.small * 0.95, 1.2, c["on_primary"], bold=True),
        "legend": t("heading", s.small, 1.35, c["text"]),
        "exhibit.title": t("heading", s.body, 1.3, c["primary"], space_before=p * 1.6,
                           space_after=p * 0.8),
        "exhibit.source": t("heading", s.small, 1.4, c["muted"], space_before=p * 0.6,
                            space_after=p * 0.2),
        "chart": t("heading", s.small * 0.94, 1.2, c["text"]),
    }


def _box_styles(s: _Scale, c: Mapping[str, str]) -> dict[str, BoxStyle]:
    b, p = s.body, s.paragraph
    callout = BoxStyle(background=c["panel"], bar=c["accent"], bar_width=b * 0.36,
                       padding_x=b * 1.25, padding_y=b * 1.25, space_before=p * 0.5,
                       space_after=p * 2.2)
    quote = BoxStyle(bar=c["accent"], bar_width=b * 0.3, padding_x=b * 1.2, padding_y=b * 0.35,
                     space_before=p * 1.6, space_after=p * 2.6)
    table = BoxStyle(header=c["primary"], rule=c["rule"], rule_width=0.5,
                     padding_x=s.cell * 0.65, padding_y=s.cell * 0.55, space_before=p * 0.5,
                     space_after=p * 1.8)
    return {
        "callout": callout, "executive-summary": callout,
        "takeaways": replace(callout, bar=c["primary"], space_before=p),
        "box": replace(callout, background="", bar=c["rule"], padding_y=b * 0.8),
        "back-cover": replace(callout, background="", bar="", bar_width=0.0, padding_x=0.0,
                              padding_y=b * 0.4, space_before=s.section * 2),
        "disclaimer": replace(callout, background="", bar="", bar_width=0.0, padding_x=0.0,
                              padding_y=b * 0.4, space_before=s.section),
        "key-facts": BoxStyle(background=c["panel"], header=c["primary"], rule=c["rule"],
                              rule_width=0.5, accent=c["accent"], accent_width=1.6,
                              padding_x=b * 0.85, padding_y=b * 0.47,
                              space_before=s.section, space_after=p * 2.5),
        # a memo's heading lines: no panel, no lines between them, a rule closing them
        "memo": BoxStyle(accent=c["accent"], accent_width=1.2, padding_x=0.0,
                         padding_y=b * 0.12, space_before=p * 0.5, space_after=s.section),
        "pull-quote": quote, "quote": replace(quote, bar=c["rule"]),
        "assessment": BoxStyle(rule=c["rule"], rule_width=0.6, accent_width=2.2, gap=b * 1.4,
                               padding_x=b * 0.9, padding_y=b * 0.54, space_before=p * 0.5,
                               space_after=p * 2),
        "table": table, "risks": table, "data-table": table,
        "risk-matrix": BoxStyle(background=c["panel"], gap=b * 1.5, padding_y=2.5,
                                space_before=p, space_after=p * 2),
    }


def _lists(s: _Scale, c: Mapping[str, str]) -> ListStyle:
    accent = c["accent"]
    return ListStyle(
        indent=half(s.body * 1.6), item_space=s.paragraph * 0.45,
        bullets=(Bullet("\u2022", accent), Bullet("\u2013", accent), Bullet("\u25aa", accent)),
        role_bullets={"actions": Bullet("\u203a", accent),
                      "pros": Bullet("+", c["level_low_text"]),
                      "cons": Bullet("\u2013", c["level_high_text"])},
        number_formats=("decimal", "lower-alpha", "lower-roman"), number_suffix=".",
        number_color=accent)


def _cover(theme: Any, c: Mapping[str, str], s: _Scale) -> CoverStyle:
    from ..templates import length_points

    kind = str(theme.get("cover.style", "band"))
    try:
        logo_width = length_points(theme.get("cover.logo_width", "36mm"))
    except ValueError:
        logo_width = 36 * 72 / 25.4
    background = theme.color(str(theme.get("cover.background") or "primary"))
    on_band = theme.color(str(theme.get("cover.text") or "on_primary"))
    return CoverStyle(kind if kind in ("band", "plain", "rule") else "band", background,
                      on_band, logo_width, c["accent"], compact_title=half(s.title * 0.8),
                      compact_subtitle=half(s.subtitle * 0.85), bar_length=s.body * 4.2,
                      bar_weight=s.body * 0.3, banner=s.small * 2.5, band=0.56)


# --- a template's `roles:` ----------------------------------------------------------------------

TEXT_KEYS = {"font": str, "size": float, "line_height": float, "color": "color", "bold": bool,
             "italic": bool, "caps": bool, "space_before": float, "space_after": float,
             "align": str}
BOX_KEYS = {"background": "color", "header": "color", "bar": "color", "rule": "color",
            "accent": "color", "stripe": "color", "bar_width": float, "rule_width": float,
            "accent_width": float, "padding_x": float, "padding_y": float, "gap": float,
            "space_before": float, "space_after": float}


Overrides = Mapping[str, Mapping[str, Any]]
TextStyles = dict[str, TextStyle]
BoxStyles = dict[str, BoxStyle]


def _apply_overrides(overrides: Overrides, text: TextStyles, boxes: BoxStyles,
                     palette: Mapping[str, str]) -> tuple[TextStyles, BoxStyles]:
    for name, settings in overrides.items():
        kinds = ROLES[name].kinds if name in ROLES else ()
        if "text" in kinds:
            text[name] = _restyle_text(text[name], settings, palette)
        if "box" in kinds:
            values = {k: _value(v, BOX_KEYS[k], palette) for k, v in settings.items()
                      if k in BOX_KEYS}
            boxes[name] = replace(boxes.get(name) or boxes["callout"], **values)
    return text, boxes


def _restyle_text(base: TextStyle, settings: Mapping[str, Any],
                  palette: Mapping[str, str]) -> TextStyle:
    values = {k: _value(v, TEXT_KEYS[k], palette) for k, v in settings.items() if k in TEXT_KEYS}
    factor = values.pop("line_height", None)
    if "size" in values:
        values["size"] = half(values["size"])
    styled = replace(base, **values)
    if factor is not None or "size" in values:
        ratio = factor if factor is not None else base.leading / base.size
        styled = replace(styled, leading=round(styled.size * ratio, 2))
    return styled


def _value(raw: Any, kind: Any, palette: Mapping[str, str]) -> Any:
    if kind == "color":
        text = str(raw)
        return text.upper() if text.startswith("#") else palette[text]
    if kind is bool:
        return str(raw).lower() == "true"
    if kind is float:
        return float(raw)
    return str(raw)


def roles_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON Schema of a template's `roles:` mapping (one entry per stylable role), and the
    definitions its entries refer to (one per kind of role: text, box, or both)."""
    number = {"type": "string", "pattern": r"^\d+(\.\d+)?$", "description": "A number."}
    color = {"type": "string", "pattern": "^(#[0-9A-Fa-f]{6}|[a-z][a-z0-9_]*)$",
             "description": "A colour: #RRGGBB, or the name of another colour of the palette."}
    flag = {"enum": ["true", "false", True, False]}
    text_props = {"font": {"enum": ["body", "heading", "mono"]}, "size": number,
                  "line_height": number, "color": color, "bold": flag, "italic": flag,
                  "caps": flag, "space_before": number, "space_after": number,
                  "align": {"enum": ["left", "center", "right", "justify"]}}
    box_props = {key: (color if kind == "color" else number) for key, kind in BOX_KEYS.items()}
    kinds = {"textRole": text_props, "boxRole": box_props,
             "textBoxRole": {**text_props, **box_props}}
    definitions = {name: {"type": "object", "additionalProperties": False, "properties": props}
                   for name, props in kinds.items()}
    properties = {}
    for name, role in ROLES.items():
        text, box = "text" in role.kinds, "box" in role.kinds
        if text or box:
            kind = "textBoxRole" if text and box else "textRole" if text else "boxRole"
            properties[name] = {"$ref": f"#/definitions/{kind}", "description": role.doc}
    schema = {"type": "object", "additionalProperties": False, "properties": properties,
              "description": "Restyle single roles (see docs/templates.md#roles)."}
    return schema, definitions
