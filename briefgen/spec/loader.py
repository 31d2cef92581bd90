"""Load a brief spec from a file, a string or a dict into a validated, typed `Brief`."""

from __future__ import annotations

import datetime
import os
from pathlib import Path as FsPath
from typing import Any

from ..arguments import folders, path_argument, shown
from ..errors import Problem, SpecError
from ..images import BriefImages
from ..labels import BLANK_HINT, blank_labels
from ..markdown import Markdown, drop_bidi_overrides, parse_block, parse_inline
from ..placeholders import PAGE_LABEL, mistakes
from . import model
from .figures import FigureReader
from .references import check_cross_references, check_notes
from .validate import coerce_scalars, did_you_mean, schema_problems, spec_schema
from .yamlsafe import DEFAULT_LIMITS, Limits, LocatedData, format_path, load_located


def load_spec(path: str | os.PathLike, *, limits: Limits = DEFAULT_LIMITS,
              allow_paths: tuple = ()) -> model.Brief:
    """Read and validate the spec file at `path`; relative paths in it resolve from its folder."""
    path = path_argument(path, "load_spec()'s spec file",
                         "give YAML text or bytes to loads_spec() instead")
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise SpecError(Problem(f"the file is too large ({size:,} bytes; the limit is "
                                    f"{limits.max_bytes:,})", str(path)))
        raw = path.read_bytes()
    except IsADirectoryError:
        raise SpecError(Problem("is a folder, not a spec file", str(path))) from None
    except FileNotFoundError:
        raise SpecError(Problem("no such file", str(path),
                                hint=_nearby_spec_hint(path))) from None
    except OSError as exc:
        raise SpecError(Problem(f"cannot read the file: {exc.strerror}", str(path))) from None
    brief = _from_located(load_located(raw, str(path), limits), path.parent, allow_paths)
    brief.path = path
    return brief


def loads_spec(text: str | bytes, *, filename: str = "<string>", base_dir=None,
               limits: Limits = DEFAULT_LIMITS, allow_paths: tuple = ()) -> model.Brief:
    """Validate spec YAML given as text; `base_dir` (default: current folder) anchors paths."""
    if not isinstance(filename, str):
        raise TypeError(f"loads_spec()'s filename must be a str, not a {type(filename).__name__}")
    if not isinstance(text, (str, bytes)):
        raise SpecError(Problem(f"expected the spec's YAML as text or bytes, found a "
                                f"{type(text).__name__}", filename))
    base = FsPath(base_dir) if base_dir is not None else FsPath.cwd()
    return _from_located(load_located(text, filename, limits), base, allow_paths)


def spec_from_dict(data: dict, *, base_dir=None, allow_paths: tuple = ()) -> model.Brief:
    """Validate a spec given as Python data (as if read from YAML; dates may be `date` objects)."""
    located = LocatedData(_as_text_tree(data), "<dict>")
    problems = [located.problem(path, "holds an invalid character (a lone surrogate)",
                                hint="remove it; it cannot be stored as UTF-8")
                for path in _unencodable(located.data, ())]
    if problems:
        raise SpecError(problems)
    base = FsPath(base_dir) if base_dir is not None else FsPath.cwd()
    return _from_located(located, base, allow_paths)


def _as_text_tree(value, path=(), limits: Limits = DEFAULT_LIMITS, count=None):
    """Python data as the YAML reader would give it: mappings, lists and text, within limits."""
    count = count if count is not None else [0]
    count[0] += 1
    if count[0] > limits.max_nodes:
        raise SpecError(Problem(f"the data has too many values (more than {limits.max_nodes:,})",
                                "<dict>"))
    if isinstance(value, (dict, list, tuple)) and len(path) >= limits.max_depth:
        raise SpecError(Problem(f"the data is nested too deeply (more than {limits.max_depth} "
                                "levels)", "<dict>", field=format_path(path)))
    if isinstance(value, dict):
        return {str(k): _as_text_tree(v, path + (str(k),), limits, count) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_text_tree(v, path + (i,), limits, count) for i, v in enumerate(value)]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, int, float)):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > limits.max_string:
            raise SpecError(Problem(f"this text is too long ({len(value):,} characters; the limit "
                                    f"is {limits.max_string:,})", "<dict>",
                                    field=format_path(path)))
        return drop_bidi_overrides(value)
    raise SpecError(Problem(f"expected text, a number, a date, a list or a mapping, found a "
                            f"{type(value).__name__}", "<dict>", field=format_path(path)))


def _unencodable(value, path):
    """Paths of strings (keys included) that cannot be encoded as UTF-8."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not _encodes(key):
                yield path
            yield from _unencodable(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unencodable(item, path + (index,))
    elif isinstance(value, str) and not _encodes(value):
        yield path


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _nearby_spec_hint(path: FsPath) -> str:
    folder = path.parent if str(path.parent) else FsPath(".")
    try:
        names = [p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml")]
    except OSError:
        return ""
    return did_you_mean(path.name, names)


def _from_located(located: LocatedData, base_dir: FsPath, allow_paths) -> model.Brief:
    if not isinstance(located.data, dict):
        raise SpecError(located.problem(
            (), f"the top level must be a mapping of keys, found "
                f"{'a list' if isinstance(located.data, list) else 'a single value'}",
            hint="start with 'title: …' on the first line"))
    schema = spec_schema()
    located.data = coerce_scalars(located.data, schema)
    problems = schema_problems(located, schema)
    if problems:
        raise SpecError(problems)
    builder = _BriefBuilder(located, base_dir, allow_paths)
    brief = builder.build()
    if builder.problems:
        raise SpecError(sorted(builder.problems, key=lambda p: (p.line or 0, p.column or 0)))
    brief.files = tuple(dict.fromkeys((*builder.images.files, *builder.figures.files)))
    return brief


class _BriefBuilder:
    """Turns schema-valid data into the model, collecting the problems the schema cannot see."""

    def __init__(self, located: LocatedData, base_dir: FsPath, allow_paths):
        self.located = located
        self.base_dir = base_dir
        self.allow_paths = folders(allow_paths, resolve=True)
        self.images = BriefImages()
        self.problems: list[Problem] = []
        self.markdown: list[tuple[tuple, Markdown]] = []
        self.figures = FigureReader(
            lambda path, message, hint="": self.problem(path, message, hint),
            self.problems.append, self.inline,
            lambda name: resolve_confined(name, self.base_dir, self.allow_paths), located.file)

    def problem(self, path, message, hint="", line_offset=0, needle=""):
        p = self.located.problem(path, message, hint=hint)
        if (line_offset or needle) and p.line is not None:
            line = p.line + line_offset
            column = self.located.column_of(line, needle) if needle else None
            if column is None and not line_offset:
                column = p.column
            p = Problem(p.message, p.file, line, column, p.field, p.hint)
        self.problems.append(p)

    def block(self, data: dict, path: tuple, key: str) -> Markdown | None:
        return self._md(data, path, key, parse_block)

    def inline(self, data: dict, path: tuple, key: str) -> Markdown | None:
        return self._md(data, path, key, parse_inline)

    def required(self, data: dict, path: tuple, key: str, *, block: bool = False) -> Markdown:
        """A Markdown field the schema requires (so it is there)."""
        parsed = self._md(data, path, key, parse_block if block else parse_inline)
        return parsed if parsed is not None else Markdown("")

    def _md(self, data, path, key, parse):
        if key is not None:
            if data.get(key) is None:
                return None
            text, path = data[key], path + (key,)
        else:
            text = data
        parsed = parse(text)
        self.markdown.append((path, parsed))
        return parsed

    def date(self, data: dict, path: tuple, key: str) -> datetime.date | None:
        if data.get(key) is None:
            return None
        try:
            return datetime.date.fromisoformat(data[key])
        except ValueError:
            self.problem(path + (key,), f"'{data[key]}' is not a real date",
                         hint="write it as YYYY-MM-DD, e.g. 2025-02-28")
            return None

    def build(self) -> model.Brief:
        d = self.located.data
        text = lambda key: (d.get(key) or "").strip()  # noqa: E731
        brief = model.Brief(
            title=text("title"),
            subtitle=text("subtitle"),
            date=self.date(d, (), "date"),
            authors=[model.Author(a) if isinstance(a, str) else
                     model.Author(a["name"], a.get("affiliation") or "",
                                  self.block(a, ("authors", i), "bio"))
                     for i, a in enumerate(d.get("authors") or [])],
            organization=text("organization"),
            classification=text("classification"),
            report_number=text("report_number"),
            url=text("url"),
            doi=text("doi"),
            language=text("language") or "en",
            language_at=self.located.position(("language",)),
            keywords=[k.strip() for k in d.get("keywords") or []],
            template=text("template"),
            template_at=self.located.position(("template",)),
            summary=self.required(d, (), "summary", block=True),
            key_facts=[model.KeyFact(f["label"], self.required(f, ("key_facts", i), "value"))
                       for i, f in enumerate(d.get("key_facts") or [])],
            pillars=[self.pillar(p, ("pillars", i)) for i, p in enumerate(d["pillars"])],
            risks=[self.risk(r, ("risks", i)) for i, r in enumerate(d["risks"])],
            opportunities=[self.opportunity(o, ("opportunities", i))
                           for i, o in enumerate(d["opportunities"])],
            quotes=[model.Quote(self.required(q, ("quotes", i), "text"), q["speaker"].strip(),
                                (q.get("role") or "").strip())
                    for i, q in enumerate(d.get("quotes") or [])],
            faq=self.qa_list(d.get("faq") or [], ("faq",)),
            sections=[self.section(s, ("sections", i))
                      for i, s in enumerate(d.get("sections") or [])],
            sources=self.sources(d.get("sources") or []),
            **self.parts(d),
            labels=dict(d.get("labels") or {}),
            base_dir=self.base_dir,
        )
        if "assessment" in d and d["assessment"] is not None:
            a = d["assessment"]
            brief.assessment = model.Assessment(
                pros=self.one_liners(a, ("assessment",), "pros"),
                cons=self.one_liners(a, ("assessment",), "cons"))
        months = (d.get("labels") or {}).get("months")
        if months is not None and len(months.split()) != 12:
            self.problem(("labels", "months"), f"needs 12 month names, found {len(months.split())}",
                         "separate the names with spaces")
        for key in blank_labels(d.get("labels") or {}):
            self.problem(("labels", key), "is blank: it would show as nothing", BLANK_HINT)
        page = (d.get("labels") or {}).get("page")
        for message in mistakes(page, PAGE_LABEL) if page is not None else ():
            self.problem(("labels", "page"), message, "the page label may use {page} and {pages}")
        if d.get("logo"):
            brief.logo = self.resolve_image(d["logo"], ("logo",))
        brief.rare_characters = rare_characters(self.located)
        self.check_markdown({s.id for s in brief.sources})
        check_cross_references(self, self.figures.kinds)
        check_notes(self, brief.notes)
        return brief

    def parts(self, d: dict) -> dict:
        """The Brief's fields of the parts a real brief adds: notes, takeaways,
        recommendations, glossary, methodology, about and disclaimer."""
        return dict(
            notes=[model.Note(n["id"], self.required(n, ("notes", i), "text"))
                   for i, n in enumerate(d.get("notes") or [])],
            takeaways=self.one_liners(d, (), "takeaways"),
            glossary=sorted((model.KeyFact(g["term"].strip(),
                                           self.required(g, ("glossary", i), "definition"))
                             for i, g in enumerate(d.get("glossary") or [])),
                            key=lambda entry: entry.label.casefold()),
            methodology=self.block(d, (), "methodology"),
            about=self.block(d, (), "about"),
            disclaimer=self.block(d, (), "disclaimer"),
            memo=self.memo(d.get("memo")),
            recommendations=[model.Recommendation(
                r["title"].strip(), self.required(r, ("recommendations", i), "text", block=True),
                (r.get("audience") or "").strip())
                for i, r in enumerate(d.get("recommendations") or [])])

    def memo(self, m: dict | None) -> model.Memo | None:
        if not m:
            return None
        text = lambda key: (m.get(key) or "").strip()  # noqa: E731
        return model.Memo(text("to"), text("from"), self.inline(m, ("memo",), "subject"),
                          text("cc"))

    def one_liners(self, data, path, key) -> list[Markdown]:
        return [self._md(item, path + (key, i), None, parse_inline)
                for i, item in enumerate(data.get(key) or [])]

    def pillar(self, p, path) -> model.Pillar:
        quote = p.get("quote")
        return model.Pillar(
            p["title"].strip(), self.required(p, path, "summary"),
            self.one_liners(p, path, "points"), self.block(p, path, "body"),
            self.figures.figures(p.get("figures"), path),
            [model.Box(b["title"].strip(), self.required(b, path + ("boxes", i), "body",
                                                         block=True))
             for i, b in enumerate(p.get("boxes") or [])],
            model.Quote(self.required(quote, path + ("quote",), "text"), quote["speaker"].strip(),
                        (quote.get("role") or "").strip()) if quote else None)

    def risk(self, r, path) -> model.Risk:
        return model.Risk(r["title"].strip(), self.required(r, path, "description"),
                          r["likelihood"], r["impact"], self.inline(r, path, "mitigation"))

    def opportunity(self, o, path) -> model.Opportunity:
        return model.Opportunity(o["sector"].strip(), self.required(o, path, "description"),
                                 self.one_liners(o, path, "actions"))

    def qa_list(self, items, path) -> list[model.QuestionAnswer]:
        return [model.QuestionAnswer(q["question"].strip(),
                                     self.required(q, path + (i,), "answer", block=True))
                for i, q in enumerate(items)]

    def section(self, s, path) -> model.Section:
        return model.Section(s["title"].strip(), self.block(s, path, "body"),
                             self.qa_list(s.get("qa") or [], path + ("qa",)),
                             self.figures.figures(s.get("figures"), path))

    def sources(self, items) -> list[model.Source]:
        seen: dict[str, int] = {}
        out = []
        for i, s in enumerate(items):
            if s["id"] in seen:
                self.problem(("sources", i, "id"), f"duplicate source id '{s['id']}' (also "
                             f"sources[{seen[s['id']]}])", hint="each source needs its own id")
            seen.setdefault(s["id"], i)
            out.append(model.Source(s["id"], s["title"].strip(), (s.get("publisher") or "").strip(),
                                    self.date(s, ("sources", i), "date"), s.get("url") or ""))
        return out

    def check_markdown(self, source_ids: set[str]) -> None:
        """Citations must name a source; images must exist and be usable; report parse problems."""
        from ..markdown import ImageReference

        for path, parsed in self.markdown:
            offset = self._content_offset(path)
            for source_id, line in parsed.citations:
                if source_id not in source_ids:
                    hint = did_you_mean(source_id, source_ids) or (
                        "add it under sources:" if source_ids else
                        "add a sources: list with an entry of this id")
                    self.problem(path, f"unknown citation '[@{source_id}]'", hint,
                                 line_offset=offset + line, needle=f"@{source_id}")
            for message, line, hint in parsed.problems:
                self.problem(path, message, hint, line_offset=offset + line)
            parsed.blocks = self._load_figures(parsed.blocks, path, offset, ImageReference)

    def _load_figures(self, blocks, path, offset: int, reference_type) -> tuple:
        """The blocks with image references replaced by checked figures (in lists too);
        unusable images are left out (and reported)."""
        from ..document.nodes import ListBlock

        out = []
        for block in blocks:
            if isinstance(block, reference_type):
                block = self.figure(block, path, offset)
            elif isinstance(block, ListBlock):
                items = tuple(self._load_figures(item, path, offset, reference_type)
                              for item in block.items)
                block = ListBlock(items, block.ordered, block.start, block.role)
            if block is not None:
                out.append(block)
        return tuple(out)

    def figure(self, ref, path, offset):
        from ..document.nodes import Figure

        if not ref.alt:
            self.problem(path, f"image '{ref.src}' has no alternative text",
                         "describe it for readers who cannot see it: ![A map of …](file.png)",
                         line_offset=offset + ref.line)
        image = self.resolve_image(ref.src, path, line_offset=offset + ref.line)
        return Figure(image, ref.alt) if image is not None else None

    def _content_offset(self, path) -> int:
        """Lines between a field's position and its text: a block scalar's text starts a line
        later."""
        return 1 if tuple(path) in self.located.block_scalars else 0

    def resolve_image(self, src: str, path: tuple, line_offset: int = 0):
        from ..images import ImageProblem, SilentProblem

        where = dict(line_offset=line_offset)
        if src.lower().startswith(("http:", "https:", "ftp:", "data:", "file:")):
            self.problem(path, f"image '{src}' is not a local file", "briefgen never fetches "
                         "anything over the network; save the image beside the spec", **where)
            return None
        if not src.lower().endswith((".png", ".jpg", ".jpeg")):
            self.problem(path, f"image '{src}' must be a .png or .jpg file", **where)
            return None
        resolved = resolve_confined(src, self.base_dir, self.allow_paths)
        if isinstance(resolved, str):
            self.problem(path, resolved, "use a path inside the spec's folder, or allow the folder "
                         "with --allow-path", **where)
            return None
        try:
            return self.images.load(resolved)
        except SilentProblem:
            return None
        except ImageProblem as exc:
            self.problem(path, str(exc), exc.hint, **where)
            return None


def resolve_confined(relative: str, base_dir: FsPath, allowed=(),
                     owner: str = "the spec's folder") -> FsPath | str:
    """The real path of `relative` under `base_dir`, or a message saying why it may not be used.

    Absolute paths, `..` and symbolic links that lead out of `base_dir` are refused unless the
    target lies under one of the `allowed` folders.
    """
    if "\x00" in relative:
        return f"{shown(relative)} holds a NUL character, which no file name can"
    candidate = FsPath(relative)
    roots = (FsPath(base_dir).resolve(), *allowed)
    target = (FsPath(base_dir) / candidate).resolve()
    if not any(target == root or root in target.parents for root in roots):
        return f"{shown(relative)} points outside {owner}"
    if not target.exists():
        return f"{shown(relative)} does not exist"
    if not target.is_file():
        return f"{shown(relative)} is not a file"
    return target


def rare_characters(located: LocatedData) -> tuple[model.RareCharacter, ...]:
    """Each character of the spec's text outside the commonly covered ranges, once, with the
    line and column where it first stands (found in the file's text from its value's line)."""
    from ..coverage import rare_in

    first: dict[str, tuple] = {}

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, str):
            for ch in rare_in(value):
                first.setdefault(ch, path)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(located.data, ())
    lines = located.text.splitlines()
    found = []
    for ch, path in first.items():
        line, column = located.position(path)
        for number in range(line or 1, len(lines) + 1):  # the character itself, if it is there
            index = lines[number - 1].find(ch)
            if index >= 0:
                line, column = number, index + 1
                break
        found.append(model.RareCharacter(ch, located.file, line, column, format_path(path)))
    return tuple(found)
