"""Typed brief: what a valid spec says, with Markdown fields already parsed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..document.nodes import Image
from ..markdown import Markdown


@dataclass(slots=True)
class Author:
    name: str
    affiliation: str = ""
    bio: Markdown | None = None

    def __str__(self) -> str:
        return f"{self.name}, {self.affiliation}" if self.affiliation else self.name


@dataclass(slots=True)
class KeyFact:
    label: str
    value: Markdown


@dataclass(slots=True)
class DataSeries:
    name: str
    values: list[float | None]


@dataclass(slots=True)
class FigureSpec:
    """A chart (`chart` names its kind) or a data table (`columns` and `rows`), checked."""

    id: str
    chart: str = ""  # "" for a table
    title: Markdown | None = None
    unit: str = ""
    categories: list[str] = field(default_factory=list)
    series: list[DataSeries] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    alt: str = ""
    source: Markdown | None = None
    caption: Markdown | None = None

    @property
    def kind(self) -> str:
        """"fig" for a chart, "tab" for a table: the prefix of its cross-references."""
        return "fig" if self.chart else "tab"


@dataclass(slots=True)
class Box:
    title: str
    body: Markdown


@dataclass(slots=True)
class Pillar:
    title: str
    summary: Markdown
    points: list[Markdown] = field(default_factory=list)
    body: Markdown | None = None
    figures: list[FigureSpec] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    quote: Quote | None = None


@dataclass(slots=True)
class Risk:
    title: str
    description: Markdown
    likelihood: str  # low | medium | high
    impact: str
    mitigation: Markdown | None = None


@dataclass(slots=True)
class Opportunity:
    sector: str
    description: Markdown
    actions: list[Markdown] = field(default_factory=list)


@dataclass(slots=True)
class Assessment:
    pros: list[Markdown] = field(default_factory=list)
    cons: list[Markdown] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    text: Markdown
    speaker: str
    role: str = ""


@dataclass(slots=True)
class QuestionAnswer:
    question: str
    answer: Markdown


@dataclass(slots=True)
class Section:
    title: str
    body: Markdown | None = None
    qa: list[QuestionAnswer] = field(default_factory=list)
    figures: list[FigureSpec] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    id: str
    title: str
    publisher: str = ""
    date: datetime.date | None = None
    url: str = ""


@dataclass(slots=True)
class Recommendation:
    title: str
    text: Markdown
    audience: str = ""


@dataclass(frozen=True, slots=True)
class RareCharacter:
    """A character outside the ranges every font is known to cover, where it first stands in
    the spec: the build checks the template's fonts have it."""

    char: str
    file: str
    line: int | None
    column: int | None
    field: str


@dataclass(slots=True)
class Memo:
    """A memorandum's heading: empty fields take the brief's own (authors, title)."""

    to: str = ""
    sender: str = ""
    subject: Markdown | None = None
    cc: str = ""


@dataclass(slots=True)
class Note:
    id: str
    text: Markdown


@dataclass(slots=True)
class Brief:
    """One validated brief spec."""

    title: str
    summary: Markdown
    pillars: list[Pillar]
    risks: list[Risk]
    opportunities: list[Opportunity]
    subtitle: str = ""
    date: datetime.date | None = None
    authors: list[Author] = field(default_factory=list)
    organization: str = ""
    classification: str = ""
    report_number: str = ""
    url: str = ""
    doi: str = ""
    language: str = "en"
    keywords: list[str] = field(default_factory=list)
    template: str = ""
    template_at: tuple[int | None, int | None] = (None, None)  # its line and column, for messages
    language_at: tuple[int | None, int | None] = (None, None)
    logo: Image | None = None  # checked and re-encoded
    key_facts: list[KeyFact] = field(default_factory=list)
    assessment: Assessment | None = None
    quotes: list[Quote] = field(default_factory=list)
    faq: list[QuestionAnswer] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    takeaways: list[Markdown] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    glossary: list[KeyFact] = field(default_factory=list)  # term, definition
    methodology: Markdown | None = None
    about: Markdown | None = None
    disclaimer: Markdown | None = None
    memo: Memo | None = None
    rare_characters: tuple[RareCharacter, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # the spec file, when it came from one
    files: tuple[Path, ...] = ()  # every other file the spec uses (images), resolved
    base_dir: Path | None = None  # where relative paths (logo, images) are resolved

    @property
    def name(self) -> str:
        """The output file stem: the spec file's stem, or 'brief'."""
        return self.path.stem if self.path else "brief"
