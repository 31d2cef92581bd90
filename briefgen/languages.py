"""Whether the template has the fixed words of a brief's language: a `language:` without
labels of its own would print "Contents" and "Risks" in an Arabic brief without a word, so it
is a located warning naming the languages there are."""

from __future__ import annotations

import logging
from typing import Any

from .errors import Problem

log = logging.getLogger("briefgen")


def language_problem(brief: Any, theme: Any) -> Problem | None:
    """The warning for a brief whose language the template has no labels for, else None."""
    primary = (brief.language or "en").split("-")[0].lower()
    available = sorted(theme.data.get("labels", {}))
    if primary in available or not available:
        return None
    line, column = brief.language_at
    return Problem(
        f"the template '{theme.name}' has no labels in '{brief.language}': its headings and "
        f"fixed words will be in English", str(brief.path or "<input>"), line, column,
        "language", f"use one of {', '.join(available)}; or give the words in the spec's "
        f"labels: or the template's labels: {primary}: {{contents: …, risks: …}}")


def warn_of_language(brief: Any, theme: Any) -> None:
    """Log the language warning (standard error from the command line), if there is one."""
    if brief.labels:  # the spec gives its own words
        return
    problem = language_problem(brief, theme)
    if problem is not None:
        log.warning("warning: %s", problem)
