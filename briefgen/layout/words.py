"""The fixed words of a brief in its language: labels, quotation marks and dates.

Labels come from the template (per language, falling back to English word by word) and the
spec's own `labels:`; quotation marks follow the language unless the labels name them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

# Quotation marks around a quotation, by the language's primary subtag.
QUOTE_MARKS = {
    "en": ("\u201c", "\u201d"), "fr": ("\u00ab\u00a0", "\u00a0\u00bb"), "de": ("\u201e", "\u201c"),
    "ru": ("\u00ab", "\u00bb"), "kk": ("\u00ab", "\u00bb"), "es": ("\u00ab", "\u00bb"),
    "it": ("\u00ab", "\u00bb"), "pt": ("\u00ab", "\u00bb"), "nl": ("\u201c", "\u201d"),
    "pl": ("\u201e", "\u201d"), "ja": ("\u300c", "\u300d"), "zh": ("\u201c", "\u201d"),
    "ar": ("\u00ab", "\u00bb"),
}
ATTRIBUTION_DASH = "\u2014\u00a0"  # before the speaker of a quotation
# the comma between a name and an affiliation, or names in a list, by primary subtag
COMMAS = {"ar": "\u060c ", "fa": "\u060c ", "ur": "\u060c ", "ps": "\u060c ", "ja": "\u3001",
          "zh": "\u3001"}
CREDITS_SEPARATOR = " \u00b7 "  # between the date and the names of a compact title block
RUNNING_TITLE_LENGTH = 70


class Words:
    """The words of one brief: `words("risks")`, `words.quote_marks`, `words.date(d)`."""

    def __init__(self, template_labels: Mapping[str, Mapping[str, str]],
                 brief_labels: Mapping[str, str], language: str):
        self.language = (language or "en").split("-")[0].lower()
        labels: dict[str, str] = dict(template_labels.get("en", {}))
        labels.update(template_labels.get(self.language, {}))
        labels.update(brief_labels)
        self.labels = labels
        self.language_tag = language or "en"
        # month names of this language's own labels (or the spec's); else CLDR's (Babel)
        self.own_months = {**template_labels.get(self.language, {}), **brief_labels}.get("months")
        # quotation marks are the language's own unless this language's labels name them
        own = {**template_labels.get(self.language, {}), **brief_labels}
        opening, closing = QUOTE_MARKS.get(self.language, QUOTE_MARKS["en"])
        self.quote_marks = (own.get("quote_open", opening), own.get("quote_close", closing))
        self.comma = COMMAS.get(self.language, ", ")

    def __call__(self, key: str) -> str:
        return self.labels.get(key, key.replace("_", " ").title())

    def author(self, author: Any) -> str:
        """'Name, Affiliation' with the language's comma ('الاسم، الجهة')."""
        return self.comma.join(x for x in (author.name, author.affiliation) if x)

    def date(self, date: datetime.date | None) -> str:
        """'28 February 2025', '28 فبراير 2025', '2025年2月28日': with the language's own
        `months` label as day, month and year, else in CLDR's long form for the language
        (Babel); '' for no date."""
        if date is None:
            return ""
        months = (self.own_months or "").split()
        if len(months) == 12:
            return f"{date.day} {months[date.month - 1]} {date.year}"
        return cldr_date(date, self.language_tag) or f"{date.day} {date:%B} {date.year}"


def cldr_date(date: datetime.date, language: str) -> str:
    """The long date in `language` by CLDR ('' for a language Babel does not know)."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(date, "long", locale=Locale.parse(language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return ""


def running_title(title: str) -> str:
    """The title as the running header shows it: shortened, with an ellipsis, when long."""
    if len(title) <= RUNNING_TITLE_LENGTH:
        return title
    return title[:RUNNING_TITLE_LENGTH - 3].rstrip() + "\u2026"


def labels_of(theme: Any) -> Mapping[str, Mapping[str, str]]:
    return theme.data.get("labels", {}) if theme is not None else {}
