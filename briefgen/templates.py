"""Templates: find one by name or folder, resolve `extends`, validate, and expose it as a Theme.

Lookup order for a name: a folder path; the user template folders (`--template-dir`, then
`BRIEFGEN_TEMPLATE_PATH`); templates installed by other packages (`briefgen.templates` entry
points, each naming a folder); the built-in templates.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .arguments import folders as folder_args
from .arguments import shown
from .errors import Problem, SpecError, TemplateError
from .labels import BLANK_HINT, blank_labels
from .spec.yamlsafe import LocatedData, load_located

if TYPE_CHECKING:
    from .style.model import FontFamily, Style

TEMPLATE_FILES = ("template.yaml", "theme.yaml")
ENTRY_POINT_GROUP = "briefgen.templates"
MAX_EXTENDS_DEPTH = 10
POINTS_PER = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54}
PAGE_SIZES = {"A4": (595.276, 841.89), "Letter": (612.0, 792.0), "Legal": (612.0, 1008.0),
              "A5": (419.528, 595.276)}


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """Where a template was found: `origin` is builtin, user, a package name, or path."""

    name: str
    folder: Path
    origin: str
    description: str = ""


@dataclass(slots=True)
class Theme:
    """A loaded template: its merged settings, which the layout step reads (sections, labels,
    header and footer), and its resolved `style()`, which is all a backend ever sees."""

    name: str
    data: dict
    folder: Path
    chain: list[Path] = field(default_factory=list)  # this template's folder, then its parents'
    allowed: tuple = ()  # folders outside the template's own that its files may come from
    _resolved: dict = field(default_factory=dict, repr=False)  # fonts and style, made once

    def fonts(self) -> dict[str, FontFamily]:
        """The body, heading and mono font families, resolved to TrueType files (once)."""
        if "fonts" not in self._resolved:
            from .style.fonts import resolve_font

            self._resolved["fonts"] = {role: resolve_font(self.get(f"fonts.{role}"), self, role)
                                       for role in ("body", "heading", "mono")}
        return self._resolved["fonts"]

    def fallback_fonts(self) -> tuple[FontFamily, ...]:
        """The template's own fallback families (fonts.fallback), resolved once."""
        if "fallback" not in self._resolved:
            from .style.fonts import resolve_fallback

            self._resolved["fallback"] = tuple(
                resolve_fallback(setting, self, f"fallback[{index}]")
                for index, setting in enumerate(self.get("fonts.fallback") or ()))
        return self._resolved["fallback"]

    def files(self) -> tuple[Path, ...]:
        """Every file this template's look comes from: each template.yaml of the chain, its
        fonts (named TTF files or an installed family's) and its reference .docx."""
        found = [_template_file(folder) for folder in self.chain or [self.folder]]
        style = self.style()
        faces = [getattr(family, face) for family in (style.fonts.body, style.fonts.heading,
                                                       style.fonts.mono)
                 for face in ("regular", "bold", "italic", "bold_italic")]
        found += [Path(face) for face in faces if face]
        found.append(style.docx_reference)
        return tuple(dict.fromkeys(Path(p).resolve() for p in found if p is not None))

    def style(self) -> Style:
        """The resolved `briefgen.style.Style` of this template (made once, then shared)."""
        if "style" not in self._resolved:
            from .style.resolve import make_style

            self._resolved["style"] = make_style(self)
        return self._resolved["style"]

    def get(self, dotted: str, default=None):
        node = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def color(self, value: str) -> str:
        """A colour as '#RRGGBB', following palette names (`primary`, `level_high`, …)."""
        palette = self.data.get("colors", {})
        seen = set()
        while not value.startswith("#"):
            if value in seen or value not in palette:
                raise TemplateError(f"template '{self.name}': unknown colour '{value}'")
            seen.add(value)
            value = palette[value]
        return value.upper()

    def size(self, key: str) -> float:
        return float(self.data["sizes"][key])

    def spacing(self, key: str) -> float:
        return float(self.data["spacing"][key])

    def flag(self, dotted: str) -> bool:
        return str(self.get(dotted, "false")).lower() == "true"

    @property
    def page_size(self) -> tuple[float, float]:
        return PAGE_SIZES[self.data["page"]["size"]]

    def margin(self, side: str) -> float:
        return length_points(self.data["page"]["margins"][side])

    def length(self, key: str) -> float:
        """The length at dotted `key` ("page.breakout") in points; 0 if the key is unset."""
        value = self.get(key)
        return length_points(str(value)) if value else 0.0

    def labels(self, language: str) -> dict[str, str]:
        """The fixed words for `language` (e.g. fr-MA → fr), falling back to English per key."""
        all_labels = self.data.get("labels", {})
        result = dict(all_labels.get("en", {}))
        primary = language.split("-")[0].lower()
        result.update(all_labels.get(primary, {}))
        return result

    def asset(self, relative: str) -> Path:
        """A file named by the template, looked up in its folder and then its parents' folders."""
        from .spec.loader import resolve_confined

        last = ""
        for folder in self.chain or [self.folder]:
            found = resolve_confined(relative, folder, self.allowed, "the template's folder")
            if not isinstance(found, str):
                return found
            last = found
        raise TemplateError(f"template '{self.name}': {last}")


def length_points(text: str) -> float:
    text = str(text).strip()
    for unit, factor in POINTS_PER.items():
        if text.endswith(unit):
            return float(text[: -len(unit)].strip()) * factor
    return float(text)


def builtin_folder() -> Path:
    return Path(str(resources.files("briefgen._builtin_templates")))


def _user_folders(template_dirs=()) -> list[Path]:
    folders = list(folder_args(template_dirs))
    env = os.environ.get("BRIEFGEN_TEMPLATE_PATH", "")
    folders += [Path(p) for p in env.split(os.pathsep) if p]
    return folders


def template_file(folder: Path) -> Path:
    """The template file of a folder known to hold one."""
    found = _template_file(folder)
    if found is None:
        raise TemplateError(Problem("the folder holds no template.yaml", str(folder)))
    return found


def template_files(theme: Theme) -> list[Path]:
    """The template.yaml files of `theme`'s chain, the theme's own first."""
    return [file for folder in theme.chain or [theme.folder]
            if (file := _template_file(folder)) is not None]


def _template_file(folder: Path) -> Path | None:
    for name in TEMPLATE_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def list_templates(template_dirs=()) -> list[TemplateInfo]:
    """Every template that a name can reach, first match first (shadowed ones are left out)."""
    found: dict[str, TemplateInfo] = {}

    def add(name, folder, origin):
        file = _template_file(folder)
        if file and name not in found:
            try:
                description = _read(file).data.get("description", "")
            except TemplateError:
                description = "(unreadable template)"
            found[name] = TemplateInfo(name, folder, origin, description or "")

    for root in _user_folders(template_dirs):
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                add(folder.name, folder, f"user ({root})")
    for name, folder, dist in _entry_point_templates():
        add(name, folder, f"package {dist}")
    for folder in sorted(builtin_folder().iterdir()):
        if folder.is_dir():
            add(folder.name, folder, "built-in")
    return list(found.values())


_ENTRY_POINT_TEMPLATES: dict[tuple[str, ...], list[tuple[str, Path, str]]] = {}


def _entry_point_templates() -> list[tuple[str, Path, str]]:
    """(name, folder, distribution) of each template a package registers.

    Scanning the installed distributions costs more than reading a template, so the answer is
    kept for as long as `sys.path` is the same, as the backend registry does."""
    key = tuple(sys.path)
    found = _ENTRY_POINT_TEMPLATES.get(key)
    if found is None:
        found = _ENTRY_POINT_TEMPLATES[key] = list(_scan_entry_point_templates())
    return found


def _scan_entry_point_templates():
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = ep.load()
            folder = Path(str(target() if callable(target) else target))
        except Exception:  # a broken third-party package must not break every build
            continue
        yield ep.name, folder, (ep.dist.name if ep.dist else "unknown")


def find_template(name_or_path: str, *, relative_to: Path | None = None,
                  template_dirs=(), confine: bool = False, allow_paths=()) -> Path:
    """The folder of the template named `name_or_path` (see the module doc for the order).

    With `confine` (a template named by a spec), a template found beside the spec, by name or
    by path, must really lie, symbolic links followed, inside `relative_to`, one of
    `allow_paths` or a folder templates are installed in, like every other path a spec names.
    """
    if "\x00" in name_or_path:  # no file name can hold one; the path functions would fail
        raise TemplateError(Problem(f"template {shown(name_or_path)} holds a NUL character",
                                    "template", hint="a template is a name or a folder path"))
    candidate = Path(name_or_path)
    looks_like_path = os.sep in name_or_path or "/" in name_or_path or name_or_path.startswith(".")
    bases = [relative_to] if relative_to else []
    if not confine:
        bases.append(Path.cwd())
    for base in bases:
        folder = candidate if candidate.is_absolute() else base / candidate
        if confine and looks_like_path:
            _confined(folder, Path(base), template_dirs, allow_paths, name_or_path)
        if folder.is_file() and folder.name in TEMPLATE_FILES:
            folder = folder.parent
        if _template_file(folder):
            if confine:
                _confined(folder, Path(base), template_dirs, allow_paths, name_or_path)
            return folder
    if not looks_like_path:
        for root in _user_folders(template_dirs):
            if _template_file(root / name_or_path):
                return root / name_or_path
        for ep_name, folder, _ in _entry_point_templates():
            if ep_name == name_or_path and _template_file(folder):
                return folder
        folder = builtin_folder() / name_or_path
        if _template_file(folder):
            return folder
    names = [t.name for t in list_templates(template_dirs)]
    from .spec.validate import did_you_mean

    hint = did_you_mean(name_or_path, names) or ("available: " + ", ".join(names))
    raise TemplateError(Problem(f"no template named {shown(name_or_path)}", "template", hint=hint))


def _confined(folder: Path, spec_folder: Path, template_dirs, allow_paths, named: str) -> None:
    """Refuse a template folder, or a template file in it, that really lies outside the spec's
    folder and every folder the caller trusts; nothing outside is read before this check."""
    paths = [folder]
    if folder.is_dir():
        file = _template_file(folder)
        paths += [file] if file else []
    for path in paths:
        if _outside(path, [spec_folder, *folder_args(allow_paths)]) and _outside(
                path, _installed_roots(template_dirs)):
            raise TemplateError(Problem(
                f"template '{named}' points outside the spec's folder", "template",
                hint="keep the template beside the spec, use --template, or --allow-path DIR"))


def _outside(path: Path, roots) -> bool:
    real = path.resolve()
    return not any(real == root or root in real.parents for root in (Path(r).resolve()
                                                                      for r in roots))


def _installed_roots(template_dirs) -> list[Path]:
    """Folders templates are installed in: built-in, --template-dir and the environment's,
    and those of packages registered as templates."""
    return [builtin_folder(), *_user_folders(template_dirs),
            *(folder for _, folder, _ in _entry_point_templates())]


def spec_theme(brief, *, template_dirs=(), allow_paths=()) -> Theme:
    """The template a brief names, under the spec's path rule (else the built-in default); a
    problem with the name itself points at the spec's `template:` line."""
    try:
        return load_theme(brief.template or "default", relative_to=brief.base_dir, confine=True,
                          template_dirs=template_dirs, allow_paths=allow_paths)
    except TemplateError as exc:
        first = exc.problems[0]
        if first.line is not None or not brief.template:
            raise
        line, column = brief.template_at
        raise TemplateError(Problem(first.message, str(brief.path or "<input>"), line, column,
                                    "template", first.hint)) from None


def _read_valid(file: Path) -> LocatedData:
    """The template file read and checked against the schema. A batch of specs of one template
    reads it once per process, for as long as its size and modification time stay the same."""
    try:
        info = file.stat()
    except OSError as exc:
        raise TemplateError(Problem(f"cannot read the template: {exc.strerror}",
                                    str(file))) from None
    return _read_valid_once(file, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=64)
def _read_valid_once(file: Path, mtime_ns: int, size: int) -> LocatedData:
    from .spec.validate import schema_problems

    located = _read(file)
    problems = schema_problems(located, template_schema()) or _slot_problems(located)
    if problems:
        raise TemplateError(problems)
    return located


def _read(file: Path) -> LocatedData:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise TemplateError(Problem(f"cannot read the template: {exc.strerror}",
                                    str(file))) from None
    try:
        located = load_located(raw, str(file))
    except SpecError as exc:  # the shared YAML reader's problems, reported as a template's
        raise TemplateError(exc.problems) from None
    if not isinstance(located.data, dict):
        raise TemplateError(located.problem((), "a template must be a mapping of keys"))
    return located


@lru_cache(maxsize=1)
def template_schema() -> dict:
    """The JSON Schema of template.yaml; `roles:` lists every stylable role of the vocabulary."""
    from .style.resolve import roles_schema

    schema = json.loads(resources.files("briefgen").joinpath("template_schema.json")
                        .read_text("utf-8"))
    schema["properties"]["roles"], definitions = roles_schema()
    schema.setdefault("definitions", {}).update(definitions)
    return schema


@lru_cache(maxsize=1)
def _default_settings() -> dict:
    """The built-in default template's settings, read once per process (never mutated)."""
    return dict(_read(template_file(builtin_folder() / "default")).data)


def _deep_merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_theme(name_or_path: str = "default", *, relative_to: Path | None = None,
               template_dirs=(), confine: bool = False, allow_paths=()) -> Theme:
    """Find, read, validate and merge a template (with its `extends` chain) into a Theme.

    `allow_paths` are folders outside the template's own that its files (fonts, reference
    .docx) may come from; `confine` applies the spec's path rules to the template's name.
    """
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise TypeError(f"load_theme() takes a template's name or folder, not a "
                        f"{type(name_or_path).__name__}")
    name_or_path = os.fspath(name_or_path)

    folder = find_template(name_or_path, relative_to=relative_to, template_dirs=template_dirs,
                           confine=confine, allow_paths=allow_paths)
    chain: list[tuple[Path, LocatedData]] = []
    seen: list[Path] = []
    while True:
        real = folder.resolve()
        if real in seen:
            cycle = " → ".join(str(p.name) for p in seen + [real])
            raise TemplateError(chain[-1][1].problem(("extends",),
                                                     f"'extends' makes a cycle: {cycle}",
                                                     hint="a template cannot extend itself"))
        if len(seen) >= MAX_EXTENDS_DEPTH:
            raise TemplateError(chain[-1][1].problem(("extends",), "'extends' chain is too long"))
        seen.append(real)
        located = _read_valid(template_file(folder))
        chain.append((folder, located))
        parent = located.data.get("extends")
        if not parent:
            break
        try:
            parent_folder = find_template(parent, relative_to=folder, template_dirs=template_dirs)
            if confine and relative_to is not None:
                _confined(parent_folder, relative_to, template_dirs, allow_paths, parent)
            folder = parent_folder
        except TemplateError as exc:
            raise TemplateError(located.problem(("extends",), exc.problems[0].message,
                                                hint=exc.problems[0].hint)) from None
    data: dict = {}
    for _, located in reversed(chain):
        data = _deep_merge(data, located.data)
    data = _deep_merge(_default_settings(), data)  # every template inherits all of default
    theme = Theme(chain[0][1].data.get("name") or folder.name, data, chain[0][0],
                  [f for f, _ in chain], folder_args(allow_paths, resolve=True))
    _check_theme(theme, chain[0][1])
    return theme


def _check_theme(theme: Theme, located: LocatedData) -> None:
    """What the schema cannot see: colour names must exist, fonts must be installed."""
    problems = []
    palette = theme.data.get("colors", {})
    for key, value in palette.items():
        try:
            theme.color(value)
        except TemplateError:
            problems.append(located.problem(("colors", key), f"unknown colour '{value}'",
                                            hint="use #RRGGBB or the name of another colour"))
    for part in ("cover.background", "cover.text"):
        value = theme.get(part)
        if value:
            try:
                theme.color(value)
            except TemplateError:
                problems.append(located.problem(
                    tuple(part.split(".")), f"unknown colour '{value}'",
                    hint="use #RRGGBB or a palette name such as primary"))
    problems.extend(_range_problems(theme, located))
    for language, labels in theme.data.get("labels", {}).items():
        problems += [located.problem(("labels", language, key), "is blank: it would show as "
                                     "nothing", hint=BLANK_HINT) for key in blank_labels(labels)]
        months = labels.get("months")
        if months is not None and len(months.split()) != 12:
            problems.append(located.problem(("labels", language, "months"),
                                            f"needs 12 month names, found {len(months.split())}",
                                            hint="separate the names with spaces"))
    problems.extend(_role_problems(theme, located))
    reference = theme.get("docx.reference")
    if reference:
        try:
            theme.asset(reference)
        except TemplateError as exc:
            message = exc.problems[0].message.split(": ", 1)[-1]
            problems.append(located.problem(("docx", "reference"), message,
                                            hint="keep the reference .docx in the template's "
                                                 "folder, or allow its folder with --allow-path"))
    problems.extend(_font_problems(theme, located))
    if problems:
        raise TemplateError(problems)


# What a readable page allows; values outside are almost always a typo (e.g. 105 for 10.5).
SIZE_RANGES = {"line_height": (0.8, 3.0), "title": (6.0, 120.0), "subtitle": (5.0, 72.0)}
DEFAULT_SIZE_RANGE = (4.0, 72.0)
SPACING_RANGE = (0.0, 144.0)
ROLE_RANGES = {"size": DEFAULT_SIZE_RANGE, "line_height": SIZE_RANGES["line_height"]}


def _range_problems(theme: Theme, located: LocatedData) -> list[Problem]:
    problems = []
    checks: list[tuple[tuple[str, ...], float, tuple[float, float], str]] = [
        (("sizes", key), float(value), SIZE_RANGES.get(key, DEFAULT_SIZE_RANGE), "")
              for key, value in theme.data["sizes"].items()]
    checks += [(("spacing", key), float(value), SPACING_RANGE, "pt")
               for key, value in theme.data["spacing"].items()]
    width, height = theme.page_size
    for side, value in theme.data["page"]["margins"].items():
        limit = (width if side in ("left", "right") else height) / 3
        checks.append((("page", "margins", side), length_points(value), (0.0, limit), "pt"))
    for path, value, (low, high), unit in checks:
        if not low <= value <= high:
            problems.append(located.problem(
                path, f"{value:g}{unit} is outside the usable range {low:g}–{high:.4g}{unit}",
                hint="sizes are in points; line_height is a factor such as 1.4"))
    return problems


def _font_problems(theme: Theme, located: LocatedData) -> list[Problem]:
    from .style.fonts import resolve_font

    problems = []
    families = {}
    for role in ("body", "heading", "mono"):
        try:
            families[role] = resolve_font(theme.get(f"fonts.{role}"), theme, role)
        except TemplateError as exc:
            message = exc.problems[0].message.split(": ", 2)[-1]
            problems.append(located.problem(("fonts", role), message, hint=exc.problems[0].hint))
    if not problems:
        theme._resolved["fonts"] = families
    return problems


def _role_problems(theme: Theme, located: LocatedData) -> list[Problem]:
    """Colours a template's `roles:` name must be in its palette; its numbers in usable ranges."""
    problems = []
    for role, settings in (theme.data.get("roles") or {}).items():
        for key, value in (settings or {}).items():
            path = ("roles", role, key)
            if key in ("background", "header", "bar", "rule", "accent", "color"):
                try:
                    theme.color(str(value))
                except TemplateError:
                    problems.append(located.problem(path, f"unknown colour '{value}'",
                                                    hint="use #RRGGBB or a palette name"))
                continue
            low, high = ROLE_RANGES.get(key, SPACING_RANGE)
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue  # not a number: the schema has said so
            if not low <= number <= high:
                problems.append(located.problem(
                    path, f"{number:g} is outside the usable range {low:g}–{high:g}",
                    hint="sizes and spaces are in points; line_height is a factor such as 1.4"))
    return problems


def _slot_problems(located: LocatedData) -> list[Problem]:
    """Header and footer texts may use only the placeholders the layout fills in, and the page
    label only {page} and {pages}."""
    from .placeholders import PAGE_LABEL, RUNNING

    texts: list[tuple[tuple[str, ...], Any, tuple[str, ...]]] = [
        ((part, slot), text, RUNNING) for part in ("header", "footer")
        for slot, text in (located.data.get(part) or {}).items()]
    texts += [(("labels", language, "page"), words["page"], PAGE_LABEL)
              for language, words in (located.data.get("labels") or {}).items()
              if isinstance(words, dict) and "page" in words]
    return placeholder_problems(located, texts)


def placeholder_problems(located: LocatedData, texts: list) -> list[Problem]:
    """A located problem for each placeholder mistake in (path, text, allowed names)."""
    from .placeholders import mistakes
    from .spec.validate import did_you_mean

    problems = []
    for path, text, allowed in texts:
        for message in mistakes(str(text), allowed):
            name = message.split("'{", 1)[1].split("}'", 1)[0] if "'{" in message else ""
            hint = (did_you_mean(name, allowed) if name else "") or "use " + ", ".join(
                "{" + p + "}" for p in allowed)
            problems.append(located.problem(path, message, hint=hint))
    return problems
