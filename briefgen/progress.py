"""What `briefgen build` prints while it works: each spec's files and problems as they come,
a one-line progress bar when stderr is a terminal, and a closing summary.

The bar is one rewritten line (no colour, so NO_COLOR has nothing to turn off); rich or tqdm
would add 30-100 ms to every start for the same line.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .batch import BatchReport, SpecResult


class Progress:
    def __init__(self, stream: TextIO, *, quiet: bool = False, verbose: bool = False):
        self.stream = stream
        self.quiet = quiet
        self.verbose = verbose
        self.live = not quiet and stream.isatty()
        self._bar = False

    def update(self, result: SpecResult, done: int, total: int) -> None:
        self._clear()
        if result.status == "failed":
            for line in _failure_lines(result):
                print(line, file=self.stream)
        elif not self.quiet:
            if result.status == "built":
                for path in result.files:
                    print(path)
                sys.stdout.flush()
            if self.verbose or result.status == "up to date":
                print(_done_line(result), file=self.stream)
        if self.live and total > 1:
            name = result.spec.rsplit("/", 1)[-1]
            width = 24
            filled = width * done // total
            self.stream.write(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name}")
            self.stream.flush()
            self._bar = True

    def finish(self, report: BatchReport, *, many: bool) -> None:
        self._clear()
        if self.quiet:
            return
        if many or self.verbose:
            print(report.summary(), file=self.stream)
        if many and report.failed:
            print("failed: " + ", ".join(r.spec for r in report.failed), file=self.stream)

    def _clear(self) -> None:
        if self._bar:
            self.stream.write("\r\x1b[K")
            self._bar = False


def describe(result: SpecResult) -> list[str]:
    """A result as lines for a person: its problems, or what was written, how big, how fast."""
    if result.status == "failed":
        return _failure_lines(result)
    return [_done_line(result)]


def _failure_lines(result: SpecResult) -> list[str]:
    if result.problems:
        return [str(problem) if problem.file and problem.line is not None
                else f"{result.spec}: error: {problem}" for problem in result.problems]
    hint = (" (a bug in briefgen; run the spec alone with --debug and report it)"
            if result.internal else "")
    return [f"{result.spec}: error: {result.error}{hint}"]


def _done_line(result: SpecResult) -> str:
    if result.status == "up to date":
        return f"{result.spec}: up to date"
    sizes = ", ".join(f"{path.name} ({_size(path)})" for path in result.files)
    return f"{result.spec}: built in {result.seconds:.2f} s: {sizes}"


def _size(path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "?"
    return f"{size / 1024:,.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 2**20:,.1f} MB"
