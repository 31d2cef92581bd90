"""Many briefs at once: `build_many` spreads specs over an executor and skips those that have
not changed since the last build.

Workers only compute: each returns the bytes of its files (and the problems of a spec that
failed), so any `concurrent.futures.Executor` works, a process pool here or a Dask cluster's
`client.get_executor()` elsewhere, with no storage shared between them. The calling process
writes every file (atomically) and the manifest.

The manifest (`.briefgen-manifest.json` in the output folder) records, for each spec, a digest
of every file the build read (the spec, its images, each template.yaml of the chain, the fonts,
the reference .docx), of the options and of briefgen's version, and of each file it wrote. A
spec is up to date while all of these are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ._version import __version__
from .arguments import items, path_argument
from .digests import file_digest
from .errors import BriefgenError, Problem

MANIFEST = ".briefgen-manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True, slots=True)
class BuildJob:
    """One spec to build: what a worker needs, as plain picklable values."""

    spec: str
    formats: tuple[str, ...]
    template: str | None = None
    template_dirs: tuple[str, ...] = ()
    allow_paths: tuple[str, ...] = ()

    def options(self) -> str:
        """A digest of everything besides the input files that decides the output: briefgen's
        version and each format's plug-in and version, the options, and the environment
        variables that change a build (dates, template lookup)."""
        from .output.registry import backend_entries

        used = sorted(e.origin + " " + e.target for e in backend_entries()
                      if e.name in self.formats and not e.refused)
        key = json.dumps([__version__, _code_fingerprint(), used, self.formats, self.template,
                          self.template_dirs, self.allow_paths,
                          os.environ.get("SOURCE_DATE_EPOCH"),
                          os.environ.get("BRIEFGEN_TEMPLATE_PATH")])
        return hashlib.sha256(key.encode()).hexdigest()


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """briefgen's own files by size and time: a development checkout edited without a new
    version number must not leave its old output 'up to date'."""
    package = Path(__file__).parent
    stamps = sorted((str(p.relative_to(package)), p.stat().st_mtime_ns, p.stat().st_size)
                    for p in package.rglob("*") if p.suffix in (".py", ".json", ".yaml"))
    return hashlib.sha256(repr(stamps).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class SpecResult:
    """What became of one spec: `status` is built, failed or up to date."""

    spec: str
    status: str
    files: tuple[Path, ...] = ()
    problems: tuple[Problem, ...] = ()  # located, for a spec that failed on its input
    error: str = ""  # a failure that is not about the input (rendering, writing, a bug)
    internal: bool = False  # the error is a bug in briefgen
    seconds: float = 0.0


@dataclass(slots=True)
class BatchReport:
    """Every spec's result, in the order given, and the time the batch took."""

    results: list[SpecResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(result.status == status for result in self.results)

    @property
    def failed(self) -> list[SpecResult]:
        return [result for result in self.results if result.status == "failed"]

    def summary(self) -> str:
        built, failed, fresh = self.count("built"), self.count("failed"), self.count("up to date")
        rate = built / self.seconds if self.seconds and built else 0.0
        return (f"{built} built, {failed} failed, {fresh} up to date in {self.seconds:.1f} s"
                + (f" ({rate:.1f} briefs/s)" if rate else ""))


@dataclass(frozen=True, slots=True)
class _Rendered:
    """A worker's answer: the files' bytes and every input file's digest, or why not."""

    outputs: tuple[tuple[str, str, bytes], ...] = ()  # (format, file name, bytes)
    inputs: tuple[tuple[str, str], ...] = ()  # (file, sha256)
    problems: tuple[Problem, ...] = ()
    error: str = ""
    internal: bool = False
    seconds: float = 0.0


def render_job(job: BuildJob) -> _Rendered:
    """Load, lay out and render one spec in every format of `job` (in a worker process)."""
    from .api import backends_for, theme_for
    from .layout import build_document
    from .output.boundary import render_document
    from .spec import load_spec
    started = time.perf_counter()
    try:
        brief = load_spec(job.spec, allow_paths=job.allow_paths)
        theme = theme_for(brief, job.template, template_dirs=job.template_dirs,
                          allow_paths=job.allow_paths)
        backends = backends_for(job.formats)
        document = build_document(brief, theme)
        style = theme.style()
        inputs = (Path(job.spec).resolve(), *brief.files, *theme.files())
        digests = tuple((str(p), file_digest(p)) for p in dict.fromkeys(inputs))
    except BriefgenError as exc:
        return _Rendered(problems=tuple(getattr(exc, "problems", ())), error=str(exc),
                         seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug in briefgen: reported with the spec, the batch goes on
        return _Rendered(error=f"internal error: {type(exc).__name__}: {exc}", internal=True,
                         seconds=time.perf_counter() - started)
    outputs, errors = [], []
    for fmt, backend in backends.items():  # a format that fails does not cost the others
        try:
            outputs.append((fmt, f"{brief.name}.{backend.extension}",
                            render_document(backend, document, style)))
        except BriefgenError as exc:
            errors.append(str(exc))  # every format that failed is named
    return _Rendered(tuple(outputs), digests, error="; ".join(errors),
                     seconds=time.perf_counter() - started)


PathLike = str | os.PathLike[str]


def build_many(specs: Iterable[PathLike], formats: str | Iterable[str] = ("pdf", "docx"),
               output_dir: PathLike = "build", *, template: str | None = None,
               template_dirs=(), allow_paths=(), executor: Executor | None = None,
               jobs: int | None = None, force: bool = False,
               on_progress: Callable[[SpecResult, int, int], None] | None = None) -> BatchReport:
    """Build every spec into `output_dir`; a failing spec fails alone.

    `executor` runs the work (any `concurrent.futures.Executor`, e.g. a Dask client's
    `get_executor()`); without one, `jobs` worker processes (default: the number of cores, and
    none at all for a single spec). Unchanged specs are skipped unless `force`. `on_progress`
    is called with each result, the number done and the total.
    """
    started = time.perf_counter()
    out = path_argument(output_dir, "build_many()'s output_dir")
    paths = [str(path_argument(spec, "each spec of build_many()")) for spec in items(specs)]
    formats = tuple(items(formats))
    _refuse_shared_names(paths, out)
    dirs = tuple(str(p) for p in items(template_dirs))
    allowed = tuple(str(p) for p in items(allow_paths))
    manifest = Manifest(out)
    report = BatchReport([SpecResult(spec, "pending") for spec in paths])
    pending: list[tuple[int, BuildJob]] = []
    done = 0
    for index, spec in enumerate(paths):
        job = BuildJob(spec, formats, template, dirs, allowed)
        fresh = None if force else manifest.fresh(job)
        if fresh is not None:
            report.results[index] = SpecResult(spec, "up to date", fresh)
            done += 1
            if on_progress:
                on_progress(report.results[index], done, len(paths))
        else:
            pending.append((index, job))
    jobs_by_index = dict(pending)
    for index, rendered in _run(pending, executor, jobs):
        report.results[index] = write_result(jobs_by_index[index], rendered, out, manifest)
        done += 1
        if on_progress:
            on_progress(report.results[index], done, len(paths))
    manifest.save()
    report.seconds = time.perf_counter() - started
    return report


def _refuse_shared_names(paths: list[str], out: Path) -> None:
    from .errors import UsageError

    stems: dict[str, str] = {}
    for spec in paths:
        other = stems.setdefault(Path(spec).stem, spec)
        if other != spec and Path(other).resolve() != Path(spec).resolve():
            raise UsageError(f"'{other}' and '{spec}' would both be written as "
                             f"{Path(spec).stem}.* in {out}; build them into different folders")


def _run(pending: list[tuple[int, BuildJob]], executor: Executor | None, jobs: int | None):
    """(index, rendered) for each pending job, as each finishes."""
    if not pending:
        return
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if executor is None and (workers <= 1 or len(pending) == 1):
        for index, job in pending:
            yield index, render_job(job)
        return
    own = executor is None
    if own:
        executor = _process_pool(workers, pending[0][1].formats)
    assert executor is not None
    try:
        futures: dict[Future, int] = {executor.submit(render_job, job): index
                                      for index, job in pending}
        from concurrent.futures import as_completed

        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        if own:
            executor.shutdown(cancel_futures=True)


def _process_pool(workers: int, formats: tuple[str, ...]) -> Executor:
    """Worker processes forked from this one once it has rendered a small brief in each
    format, so that each starts warm (modules imported, fonts registered) where fork exists."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=workers)
    _warm_up(formats)
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def _warm_up(formats: tuple[str, ...]) -> None:
    from .api import render_bytes
    from .layout import build_document
    from .spec import loads_spec

    warm = build_document(loads_spec(WARM_SPEC))
    for fmt in formats:
        try:
            render_bytes(warm, fmt)
        except BriefgenError:
            pass  # the real builds will say what is wrong with this format


WARM_SPEC = """\
title: Warm-up
summary: Text in **bold**, *italic* and `code`.
pillars: [{title: A pillar, summary: Text.}]
risks: [{title: A risk, description: Text., likelihood: low, impact: high}]
opportunities: [{sector: A sector, description: Text.}]
"""


def write_result(job: BuildJob, rendered: _Rendered, out: Path, manifest: Manifest) -> SpecResult:
    """Write a worker's files and note them in the manifest, or report its failure."""
    from .api import write_atomically
    from .errors import OutputError

    if rendered.error and not rendered.outputs:
        manifest.forget(job)
        return SpecResult(job.spec, "failed", problems=rendered.problems, error=rendered.error,
                          internal=rendered.internal, seconds=rendered.seconds)
    written = []
    try:
        for _, name, data in rendered.outputs:
            write_atomically(out / name, data)
            written.append(out / name)
    except OutputError as exc:
        manifest.forget(job)
        return SpecResult(job.spec, "failed", tuple(written), error=str(exc),
                          seconds=rendered.seconds)
    if rendered.error:  # some formats were written, another failed
        manifest.forget(job)
        return SpecResult(job.spec, "failed", tuple(written), error=rendered.error,
                          seconds=rendered.seconds)
    manifest.record(job, dict(rendered.inputs),
                    {name: hashlib.sha256(data).hexdigest() for _, name, data in rendered.outputs})
    return SpecResult(job.spec, "built", tuple(written), seconds=rendered.seconds)


class Manifest:
    """What each spec's last good build read and wrote, kept beside the outputs."""

    def __init__(self, folder: Path):
        self.path = folder / MANIFEST
        self.entries: dict[str, dict] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("version") == MANIFEST_VERSION:
                self.entries = data.get("specs", {})
        except (OSError, ValueError, AttributeError):
            pass  # no manifest yet, or one that is damaged: everything builds

    @staticmethod
    def key(job: BuildJob) -> str:
        return str(Path(job.spec).resolve())

    def fresh(self, job: BuildJob) -> tuple[Path, ...] | None:
        """The files of `job`'s last build, if nothing it depends on has changed since."""
        entry = self.entries.get(self.key(job))
        if not entry or entry.get("options") != job.options():
            return None
        try:
            if any(file_digest(Path(name)) != digest for name, digest in entry["inputs"].items()):
                return None
            outputs = {self.path.parent / name: digest
                       for name, digest in entry["outputs"].items()}
            if any(file_digest(path) != digest for path, digest in outputs.items()):
                return None
        except (OSError, KeyError, AttributeError, TypeError):
            return None
        return tuple(outputs)

    def record(self, job: BuildJob, inputs: dict[str, str], outputs: dict[str, str]) -> None:
        self.entries[self.key(job)] = {"options": job.options(), "inputs": inputs,
                                       "outputs": outputs}
        self.changed = True

    def forget(self, job: BuildJob) -> None:
        if self.entries.pop(self.key(job), None) is not None:
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from .api import write_atomically

        data = {"version": MANIFEST_VERSION, "specs": self.entries}
        try:
            write_atomically(self.path, json.dumps(data, indent=1, sort_keys=True).encode())
        except BriefgenError:
            pass  # the outputs are written; without a manifest the next run rebuilds them


__all__ = ["BatchReport", "BuildJob", "SpecResult", "build_many", "render_job"]
