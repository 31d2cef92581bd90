"""The title block and the running header and footer of a brief."""

from __future__ import annotations

from typing import Any

from ..document.nodes import (
    Block, Callout, Figure, Inline, KeyValue, KeyValueList, Link, PageBreak, Paragraph,
    RunningText, Strong, Text, TitleBlock,
)
from ..spec.model import Brief
from .running import running_text, slot_values
from .words import CREDITS_SEPARATOR, Words, running_title

BYLINE_LINES = 6  # more authors than this share one line


def title_block(brief: Brief, words: Words, *, own_page: bool) -> TitleBlock:
    """The title block. On a cover page of its own the publisher stands above the title and the
    authors under it, one per line; a compact block gives date and names as one credits line.
    The logo stands for the organization: its name is the logo's alternative text. Under a
    memo block the credits are the report number alone: the block names sender and date."""
    authors = tuple(words.author(a) for a in brief.authors if str(a).strip())
    date = CREDITS_SEPARATOR.join(x for x in (words.date(brief.date), brief.report_number) if x)
    if own_page:  # one name a line, unless there are many
        byline = authors if len(authors) <= BYLINE_LINES else (CREDITS_SEPARATOR.join(authors),)
        return TitleBlock(brief.title, brief.subtitle, kicker=brief.organization, date=date,
                          byline=byline, classification=brief.classification, logo=brief.logo,
                          own_page=True, logo_alt=brief.organization)
    if brief.memo is not None:  # the memo block under the title gives the date and the names
        names, date = [], brief.report_number
    else:
        names = credited_names(brief, words)
    credits: list[Inline] = [Strong((Text(date),))] if date else []
    for name in names:
        if credits:
            credits.append(Text(CREDITS_SEPARATOR))
        credits.append(Text(name))
    return TitleBlock(brief.title, brief.subtitle, date=date, credits=tuple(credits),
                      classification=brief.classification, logo=brief.logo, own_page=False,
                      logo_alt=brief.organization)


def credited_names(brief: Brief, words: Words | None = None) -> list[str]:
    """The authors, and the organization where no author *is* the organization."""
    names = [words.author(a) if words else str(a) for a in brief.authors if str(a).strip()]
    organization = brief.organization
    if organization and not any(a.name == organization or str(a) == organization
                                for a in brief.authors):
        names.append(organization)
    return names


def memo_block(brief: Brief, words: Words) -> KeyValueList | None:
    """A memorandum's To / From / Date / Subject lines; who it is from defaults to the
    credited names, the subject to the title, and the date is the brief's (none when unset)."""
    memo = brief.memo
    if memo is None:
        return None
    sender = memo.sender or CREDITS_SEPARATOR.join(credited_names(brief, words))
    subject = memo.subject.inlines if memo.subject else (Text(brief.title),)
    rows = [("memo_to", (Text(memo.to),) if memo.to else ()),
            ("memo_from", (Text(sender),) if sender else ()),
            ("memo_cc", (Text(memo.cc),) if memo.cc else ()),
            ("memo_date", (Text(words.date(brief.date)),) if brief.date else ()),
            ("memo_subject", subject)]
    return KeyValueList(tuple(KeyValue(words(key), value) for key, value in rows if value),
                        role="memo")


def running_texts(brief: Brief, theme: Any, words: Words) -> tuple[RunningText, RunningText]:
    """The running header and footer the template's `header:` and `footer:` describe."""
    values = slot_values(
        title=brief.title, short_title=running_title(brief.title), subtitle=brief.subtitle,
        classification=brief.classification, organization=brief.organization,
        date=words.date(brief.date),
        authors=words.comma.join(words.author(a) for a in brief.authors))
    label = words("page")
    return (running_text(theme.get("header"), values, label),
            running_text(theme.get("footer"), values, label))


def back_cover(brief: Brief, theme: Any) -> list[Block]:
    """The back cover the template's `back_cover:` describes, on a page of its own: its logo,
    the organization (the brief's, unless the template names one) and the contact lines, an
    address or e-mail on a line of its own becoming a link. Nothing without `back_cover:`."""
    from ..errors import TemplateError
    from ..images import ImageProblem, load_image

    settings = theme.get("back_cover") or {}
    if not settings:
        return []
    organization = str(settings.get("organization") or brief.organization).strip()
    content: list[Block] = []
    if settings.get("logo"):
        try:
            logo = load_image(theme.asset(str(settings["logo"])))
        except ImageProblem as problem:
            raise TemplateError(f"template '{theme.name}': back_cover.logo: {problem}") from None
        content.append(Figure(logo, organization or "logo"))
    if organization:
        content.append(Paragraph((Strong((Text(organization),)),)))
    for line in str(settings.get("contact") or "").splitlines():
        line = line.strip()
        if line:
            content.append(Paragraph((_contact(line),)))
    return [PageBreak(), Callout(tuple(content), role="back-cover")] if content else []


def _contact(line: str) -> Inline:
    """A contact line: a web address or an e-mail address is a link to itself."""
    if line.startswith(("http://", "https://")) and " " not in line:
        return Link(line, (Text(line),))
    if "@" in line and " " not in line and "." in line.rsplit("@", 1)[-1]:
        return Link(f"mailto:{line}", (Text(line),))
    return Text(line)
