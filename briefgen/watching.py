"""`briefgen watch`: build a spec, then build it again whenever a file it uses changes.

One warm process: the second build costs only rendering. What to watch comes from the last
good build (the spec, its images, each template.yaml of the chain, the fonts, the reference
.docx); a build that fails keeps watching those, and the spec, so fixing it rebuilds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from threading import Event

from .batch import BuildJob, Manifest, SpecResult, render_job, write_result


def watch_spec(job: BuildJob, output_dir: Path, *, stop: Event | None = None,
               debounce_ms: int = 20) -> Iterator[SpecResult]:
    """Build `job`'s spec into `output_dir` now and after every change to a file it uses,
    yielding each result, until `stop` is set."""
    import watchfiles

    stop = stop or Event()
    manifest = Manifest(output_dir)
    inputs = {Path(job.spec).resolve()}
    while not stop.is_set():
        rendered = render_job(job)
        result = write_result(job, rendered, output_dir, manifest)
        manifest.save()
        if rendered.inputs:
            inputs = {Path(name) for name, _ in rendered.inputs} | {Path(job.spec).resolve()}
        yield result
        folders = sorted({path.parent for path in inputs})
        for changes in watchfiles.watch(*folders, recursive=False, stop_event=stop,
                                        debounce=debounce_ms, step=25, yield_on_timeout=False,
                                        raise_interrupt=False):
            if {Path(name).resolve() for _, name in changes} & inputs:
                break
