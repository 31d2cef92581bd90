"""Charts and data tables of a spec (`figures:` of a pillar or section): their numbers, read
from the spec or from a CSV file beside it, checked with located problems.

A CSV file's first row names the series (or the table's columns) and, for a chart, its first
column holds the categories. A problem inside a CSV file points at the file, its line and the
cell's position in the row (`data/wheat.csv:7:3: 'n/a' is not a number`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from ..errors import Problem
from ..numbers import as_number
from . import model

MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_SERIES = 50
MAX_POINTS = 2_000  # values in one chart (categories × series): more is no chart to read
MAX_SLICES = 12  # of a pie or donut; its legend stands beside it
MAX_NAME = 200  # characters of a category or series name, as in the spec
MAX_VALUE = 1e15  # a chart's values, in size (a quadrillion)
ONE_SERIES = ("pie", "donut")
GAP_HINT = "write a number such as 1.5, or leave the cell empty for a gap"


class FigureReader:
    """Reads the `figures:` of one spec, reporting problems through `report(path, message,
    hint)` and CSV problems as ready Problems through `add`."""

    def __init__(self, report: Callable[..., None], add: Callable[[Problem], None],
                 inline: Callable, resolve: Callable[[str], Path | str], spec_file: str):
        self.report = report
        self._add = add
        # a CSV file is named as the spec is: beside "specs/brief.yaml", "specs/data/x.csv"
        self.folder = Path(spec_file).parent if not spec_file.startswith("<") else None
        self.inline = inline
        self.resolve = resolve
        self.seen: dict[str, tuple] = {}  # id → path of its first figure
        self.kinds: dict[str, str] = {}  # id → "fig" or "tab", also of figures with problems
        self.files: list[Path] = []  # the CSV files read, for watch and incremental builds
        self.lines: list[int] = []  # the line each row of the last CSV starts on

    def figures(self, items: list, path: tuple) -> list[model.FigureSpec]:
        out = []
        for index, item in enumerate(items or []):
            figure = self.figure(item, path + ("figures", index))
            if figure is not None:
                out.append(figure)
        return out

    def figure(self, data: dict, path: tuple) -> model.FigureSpec | None:
        figure_id = data["id"]
        if figure_id in self.seen:
            self.report(path + ("id",), f"duplicate figure id '{figure_id}' (also "
                        f"{_shown_path(self.seen[figure_id])})",
                        "each chart and table needs its own id")
        self.seen.setdefault(figure_id, path)
        has_chart, has_table = "chart" in data, "table" in data
        if has_chart != has_table:
            self.kinds.setdefault(figure_id, "fig" if has_chart else "tab")
        else:
            self.report(path, "needs either chart: or table:" if not has_chart else
                        "has both chart: and table:; give one of them",
                        "chart: bar (with categories and series) or table: {columns, rows}")
            return None
        figure = model.FigureSpec(
            figure_id, chart=data.get("chart") or "", title=self.inline(data, path, "title"),
            unit=str(data.get("unit") or "").strip(), alt=str(data.get("alt") or "").strip(),
            source=self.inline(data, path, "source"), caption=self.inline(data, path, "caption"))
        if has_chart:
            return figure if self.chart(figure, data, path) else None
        return figure if self.table(figure, data["table"], path + ("table",)) else None

    def add(self, problem: Problem) -> None:
        if self.folder is not None and problem.file != "<input>":
            problem = Problem(problem.message, str(self.folder / problem.file), problem.line,
                              problem.column, problem.field, problem.hint)
        self._add(problem)

    # --- charts -------------------------------------------------------------------------------

    def chart(self, figure: model.FigureSpec, data: dict, path: tuple) -> bool:
        if not figure.alt:
            self.report(path, f"chart '{figure.id}' has no alt text",
                        "add alt: a sentence saying what the chart shows, for readers who "
                        "cannot see it")
        if "data" in data:
            rows = self.csv_only(data, path, ("categories", "series"), "numbers")
            return rows is not None and self.chart_from_csv(figure, rows, data["data"], path)
        if "categories" not in data or "series" not in data:
            self.report(path, f"chart '{figure.id}' needs categories: and series: (or data: "
                        "naming a CSV file)", "e.g. categories: [2023, 2024] and series: "
                        "[{name: Exports, values: [1.2, 1.5]}]")
            return False
        figure.categories = [_text(c) for c in data["categories"]]
        ok = True
        for index, series in enumerate(data["series"]):
            where = path + ("series", index)
            values = series["values"]
            if len(values) != len(figure.categories):
                self.report(where + ("values",), f"series '{_text(series['name'])}' has "
                            f"{len(values)} values for {len(figure.categories)} categories",
                            "give one value per category, empty for a gap")
                ok = False
                continue
            numbers: list[float | None] = []
            for at, value in enumerate(values):
                number = as_number(value)
                if isinstance(number, str):
                    self.report(where + ("values", at), f"'{number}' is not a number", GAP_HINT)
                    ok = False
                else:
                    numbers.append(number)
            figure.series.append(model.DataSeries(_text(series["name"]), numbers))
        return ok and self.chart_checks(figure, path)

    def chart_from_csv(self, figure: model.FigureSpec, rows: list[list[str]], name: str,
                       path: tuple) -> bool:
        header, body = rows[0], rows[1:]
        if len(header) < 2 or not body:
            self.add(Problem("a chart's CSV needs a header row and at least one row of data, "
                             "with the categories in the first column", name, 1, 1,
                             hint="e.g. year,Africa,Europe then 2024,2.4,2.6"))
            return False
        if len(header) - 1 > MAX_SERIES:
            self.add(Problem(f"has {len(header) - 1} series; the limit is {MAX_SERIES}", name, 1))
            return False
        long_name = next(((1, at, cell) for at, cell in enumerate(header, 1)
                          if len(cell.strip()) > MAX_NAME), None)
        long_name = long_name or next(((line, 1, row[0]) for line, row in self._numbered(body)
                                       if len(row[0].strip()) > MAX_NAME), None)
        if long_name:
            self.add(Problem(f"a name of {len(long_name[2].strip()):,} characters; the limit is "
                             f"{MAX_NAME}", name, long_name[0], long_name[1],
                             hint="shorten the series or category name"))
            return False
        ragged = next(((line, row) for line, row in self._numbered(body)
                       if len(row) != len(header)), None)
        if ragged:
            self.add(Problem(f"has {len(ragged[1])} cells where the header has {len(header)}",
                             name, ragged[0], hint="give every row as many cells as the header "
                             "row (an empty cell is a gap)"))
            return False
        columns: list[list[float | None]] = [[] for _ in header[1:]]
        ok = True
        for line, row in self._numbered(body):
            figure.categories.append(row[0].strip())
            if figure.chart == "scatter" and not isinstance(as_number(row[0]), float):
                self.add(Problem(f"a scatter chart's first column holds its x values: "
                                 f"'{row[0].strip()}' is not a number", name, line, 1,
                                 hint="give numbers, e.g. 1 or 2.5"))
                ok = False
            for at, cell in enumerate(row[1:], 2):
                number = as_number(cell)
                if isinstance(number, str):
                    self.add(Problem(f"'{number}' is not a number", name, line, at,
                                     f"{header[at - 1].strip()}, {row[0].strip()}", GAP_HINT))
                    ok = False
                    number = None
                columns[at - 2].append(number)
        figure.series = [model.DataSeries(title.strip(), values)
                         for title, values in zip(header[1:], columns)]
        return ok and self.chart_checks(figure, path, from_csv=True)

    def chart_checks(self, figure: model.FigureSpec, path: tuple, from_csv: bool = False) -> bool:
        """What holds for the kind of chart: one series in a pie, no negative slices, numeric
        x values in a scatter chart, at least one number, a size a page can show."""
        points = len(figure.categories) * len(figure.series)
        if points > MAX_POINTS:
            self.report(path, f"chart '{figure.id}' has {points:,} values; a chart shows at most "
                        f"{MAX_POINTS:,}", "give the numbers as a table: instead, or sum them "
                        "up by year or group")
            return False
        huge = next((v for s in figure.series for v in s.values
                     if v is not None and abs(v) >= MAX_VALUE), None)
        if huge is not None:
            self.report(path, f"chart '{figure.id}' has a value of {huge:.3g}; a chart's values "
                        f"stay below {MAX_VALUE:.0e}", "give the numbers in a larger unit, e.g. "
                        "billion USD, and say so in unit:")
            return False
        if figure.chart in ONE_SERIES and len(figure.categories) > MAX_SLICES:
            self.report(path + ("chart",), f"a {figure.chart} chart shows at most {MAX_SLICES} "
                        f"slices; this one has {len(figure.categories)}", "group the small ones "
                        "into one 'Other', or use an hbar chart")
            return False
        ok = True
        if figure.chart in ONE_SERIES:
            if len(figure.series) != 1:
                self.report(path + ("chart",), f"a {figure.chart} chart shows one series; "
                            f"this one has {len(figure.series)}",
                            "use a bar chart to compare several series")
                ok = False
            elif any(v is not None and v < 0 for v in figure.series[0].values):
                self.report(path + ("chart",), f"a {figure.chart} chart cannot show negative "
                            "values", "use a bar chart for values below zero")
                ok = False
            elif not any(v for v in figure.series[0].values if v is not None):
                self.report(path + ("chart",), f"a {figure.chart} chart needs a value above "
                            "zero", "")
                ok = False
        if figure.chart == "scatter" and not from_csv:  # a CSV's x values: checked in it
            bad = [c for c in figure.categories if isinstance(as_number(c), str)
                   or as_number(c) is None]
            if bad:
                self.report(path + ("categories",), f"a scatter chart's categories are its x "
                            f"values: '{bad[0]}' is not a number", "give numbers, e.g. [1, 2.5]")
                ok = False
        if figure.chart == "scatter" and ok:
            xs = [as_number(c) for c in figure.categories]
            if any(isinstance(x, float) and abs(x) >= MAX_VALUE for x in xs):
                self.report(path, f"chart '{figure.id}' has an x value of {MAX_VALUE:.0e} or "
                            "more", "give the x values in a larger unit")
                ok = False
        if ok and all(v is None for s in figure.series for v in s.values):
            self.report(path, f"chart '{figure.id}' has no numbers", GAP_HINT)
            ok = False
        empty = next((s.name for s in figure.series if all(v is None for v in s.values)), None)
        if ok and empty is not None:
            self.report(path, f"series '{empty}' of chart '{figure.id}' has no numbers",
                        "give it at least one value, or leave the series out")
            ok = False
        return ok

    # --- tables -------------------------------------------------------------------------------

    def table(self, figure: model.FigureSpec, data: dict, path: tuple) -> bool:
        if "data" in data:
            rows = self.csv_only(data, path, ("columns", "rows"), "table")
            if rows is None:
                return False
            figure.columns = [c.strip() for c in rows[0]]
            figure.rows = [[c.strip() for c in row] for row in rows[1:]]
            ragged = next(((n, row) for n, row in self._numbered(rows[1:])
                           if len(row) != len(figure.columns)), None)
            if ragged:
                self.add(Problem(f"has {len(ragged[1])} cells where the header has "
                                 f"{len(figure.columns)}", data["data"], ragged[0],
                                 hint="give every row as many cells as the header row"))
                return False
            return bool(figure.columns)
        if "columns" not in data:
            self.report(path, "needs columns: (the header row) and rows:, or data: naming a "
                        "CSV file", "e.g. columns: [Partner, '2024'] and rows: [[Morocco, 180]]")
            return False
        figure.columns = [_text(c) for c in data["columns"]]
        for index, row in enumerate(data.get("rows") or []):
            if len(row) != len(figure.columns):
                self.report(path + ("rows", index), f"has {len(row)} cells where columns: has "
                            f"{len(figure.columns)}", "give every row one cell per column")
                return False
            figure.rows.append([_text(c) for c in row])
        return True

    # --- CSV files ----------------------------------------------------------------------------

    def _numbered(self, rows: list[list[str]]) -> list[tuple[int, list[str]]]:
        """The data rows of the last CSV read (all but its header) with their line numbers."""
        return list(zip(self.lines[1:], rows))

    def csv_only(self, data: dict, path: tuple, inline: tuple[str, str],
                 what: str) -> list[list[str]] | None:
        """The rows of the CSV file `data:` names, if the spec gives none of the `inline` keys
        besides (else None, reported)."""
        if any(key in data for key in inline):
            self.report(path + ("data",), f"gives data: and also {inline[0]}: or {inline[1]}:",
                        f"take the {what} from one place: the CSV file or the spec")
            return None
        return self.csv_rows(data["data"], path + ("data",))

    def csv_rows(self, name: str, path: tuple) -> list[list[str]] | None:
        """The rows of the CSV file `name` (under the spec's path rule), or None (reported)."""
        resolved = self.resolve(name)
        if isinstance(resolved, str):
            self.report(path, resolved, "keep the CSV file inside the spec's folder, or allow "
                        "its folder with --allow-path")
            return None
        self.files.append(resolved)
        try:
            size = resolved.stat().st_size
            if size > MAX_CSV_BYTES:
                self.add(Problem(f"the file is too large ({size:,} bytes; the limit is "
                                 f"{MAX_CSV_BYTES:,})", name))
                return None
            raw = resolved.read_bytes()
        except OSError as exc:
            self.report(path, f"cannot read '{name}': {exc.strerror}")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            self.add(Problem("is not UTF-8 text", name, line,
                             hint="save the file as UTF-8 (CSV UTF-8 in Excel)"))
            return None
        if "\x00" in text:
            self.add(Problem("holds a NUL character: it is not a text file", name,
                             text[:text.index("\x00")].count("\n") + 1))
            return None
        rows: list[list[str]] = []
        self.lines = []
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            while True:
                start = reader.line_num + 1
                row = next(reader, None)
                if row is None:
                    break
                if not any(cell.strip() for cell in row):
                    continue  # a blank line
                if len(rows) > MAX_ROWS:
                    self.add(Problem(f"has more than {MAX_ROWS:,} rows", name, reader.line_num))
                    return None
                rows.append(row)
                self.lines.append(start)
        except csv.Error as exc:
            self.add(Problem(f"is not valid CSV: {exc}", name, reader.line_num,
                             hint="put a cell holding a comma or a quote in double quotes"))
            return None
        if not rows:
            self.add(Problem("is empty", name, hint="the first row names the columns"))
            return None
        return rows


def _text(value: object) -> str:
    """A YAML scalar as the reader sees it: 2024, not 2024.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def _shown_path(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p)
                   for i, p in enumerate(path))
