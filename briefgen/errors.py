"""The one exception family briefgen raises; each kind carries the CLI exit code it maps to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the input allows."""

    message: str
    file: str = "<input>"
    line: int | None = None
    column: int | None = None
    field: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            field = self.field if len(self.field) <= 80 else self.field[:77] + "\u2026"
            text += f"{field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class BriefgenError(Exception):
    """Base of every error briefgen raises on purpose; `exit_code` is what the CLI exits with."""

    exit_code = 1


MAX_REPORTED = 50  # problems reported per error; a file of junk must not print megabytes


class InputError(BriefgenError):
    """A spec or template is wrong; `problems` lists the located problems found: the first
    `MAX_REPORTED`, then one saying how many more there are (`total` counts them all)."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        found = list(problems)
        self.total = len(found)
        self.problems = found[:MAX_REPORTED]
        if len(found) > MAX_REPORTED:
            more = len(found) - MAX_REPORTED
            self.problems.append(Problem(f"\u2026 and {more} more problem{'s' * (more > 1)}",
                                         file=found[MAX_REPORTED].file,
                                         hint="fix these first, then run again"))
        super().__init__("\n".join(str(p) for p in self.problems))


class SpecError(InputError):
    """The brief spec is unreadable or invalid."""


class TemplateError(InputError):
    """A template is missing, unreadable or invalid."""


class RenderError(BriefgenError):
    """An output format could not be produced from a valid document.

    `backend` names the format, `node` the part of the document being rendered when it failed
    ('' when the failure came while the file was assembled, after every node).
    """

    def __init__(self, message: str, *, backend: str = "", node: str = ""):
        self.backend = backend
        self.node = node
        super().__init__(message)


class OutputError(BriefgenError):
    """An output file could not be written (a folder in the way, no permission, disk full)."""


class UsageError(BriefgenError):
    """The command line or an API argument is wrong."""

    exit_code = 2
