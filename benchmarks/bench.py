"""Measure what users wait for: cold start of the CLI, in-process rendering, and growth with size.

Run:  .venv/bin/python benchmarks/bench.py [--runs N] [--quick]
Prints medians (and min) in milliseconds. The machine is noisy: compare numbers from one run.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "specs" / "morocco-kazakhstan.yaml"


def timed(function, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples)


def cold(args: list[str], runs: int) -> tuple[float, float]:
    briefgen = shutil.which("briefgen", path=str(Path(sys.executable).parent)) or "briefgen"
    return timed(lambda: subprocess.run([briefgen, *args], check=True, capture_output=True,
                                        cwd=ROOT, env=COLD_ENV), runs)


# A cold start as users have it: `pip install` writes bytecode, so imports do not compile
# source (a PYTHONDONTWRITEBYTECODE in this shell would otherwise measure the compiler).
COLD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_bytecode() -> None:
    import compileall

    compileall.compile_dir(str(ROOT / "briefgen"), quiet=1)


def report(label: str, result: tuple[float, float]) -> None:
    print(f"{label:<52} median {result[0]:8.1f} ms   min {result[1]:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="skip the scaling series")
    parser.add_argument("--memory", type=int, metavar="N",
                        help="only build the seed N times in one process and report RSS")
    args = parser.parse_args()

    import briefgen

    if args.memory:
        return memory_over_builds(args.memory)
    out = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    compile_bytecode()
    print(f"briefgen {briefgen.__version__}, Python {sys.version.split()[0]}, runs={args.runs}")
    report("cold: briefgen --version", cold(["--version"], args.runs))
    report("cold: briefgen validate seed spec", cold(["validate", str(SEED)], args.runs))
    for fmt in ("pdf", "docx", "html", "pdf,docx"):  # --force: an unchanged spec is skipped
        report(f"cold: briefgen build seed -f {fmt}",
               cold(["build", str(SEED), "-f", fmt, "-o", str(out), "--force"],
                    max(3, args.runs // 2)))
    cold_against_floor(out, max(3, args.runs // 2))

    brief = briefgen.load_spec(SEED)
    report("in-process: load + validate seed spec",
           timed(lambda: briefgen.load_spec(SEED), args.runs))
    document = briefgen.build_document(brief)
    report("in-process: layout", timed(lambda: briefgen.build_document(brief), args.runs))
    for fmt in ("pdf", "docx", "html"):
        briefgen.render_bytes(document, fmt)  # warm-up: imports, fonts registered or subset
        report(f"in-process: render seed {fmt}",
               timed(lambda fmt=fmt: briefgen.render_bytes(document, fmt), args.runs))
    if args.quick:
        return
    print("\nscaling (pillars repeated; in-process render, median of 3):")
    for factor in (1, 4, 16):
        big = copy.deepcopy(brief)
        big.pillars = [copy.deepcopy(p) for _ in range(factor) for p in brief.pillars]
        doc = briefgen.build_document(big)
        for fmt in ("pdf", "docx"):
            result = timed(lambda doc=doc, fmt=fmt: briefgen.render_bytes(doc, fmt), 3)
            size = len(briefgen.render_bytes(doc, fmt))
            report(f"  {len(big.pillars):4d} pillars {fmt} ({size // 1024} KiB)", result)
    long_fields(out)
    batch(out)
    watch_latency(out)
    shutil.rmtree(out, ignore_errors=True)


# One field at the input limits: a 99 KB summary of 33,000 one-letter paragraphs, or of 24,000
# list items. Layout must grow linearly: each 10x step should cost about 10x, not 100x.
LONG_FIELDS = {"paragraphs": ("x", "\n\n", 33_000), "list items": ("- a", "\n", 24_000)}


def long_fields(out: Path) -> None:
    """Load, lay out and render specs whose summary is one long field, at 1%, 10% and 100%."""
    import yaml


    print("\nlong fields (a summary of many short blocks; load + layout + render, one run):")
    seed = yaml.safe_load(SEED.read_text("utf-8"))
    for name, (block, joint, full) in LONG_FIELDS.items():
        specs = []
        for share in (100, 10, 1):
            spec = out / f"long-{name.replace(' ', '-')}-{share}.yaml"
            summary = joint.join([block] * (full // share))
            spec.write_text(yaml.safe_dump({**seed, "summary": summary}, allow_unicode=True),
                            "utf-8")
            specs.append((full // share, spec))
        for fmt in ("pdf", "docx", "html", "md"):
            _build_spec(specs[0][1], fmt)  # warm-up: imports and fonts
            before = 0.0
            for count, spec in specs:
                took = timed(lambda spec=spec, fmt=fmt: _build_spec(spec, fmt), 1)[0]
                growth = f"{took / before:5.1f}x the last" if before else ""
                print(f"  {count:6,d} {name:10s} {fmt:4s} {took:9.1f} ms  {growth}")
                before = took


FLOOR = ROOT.parent / "shared" / "bench"


def batch(out: Path, count: int = 40) -> None:
    """briefs/s of `briefgen build -j 2` over `count` copies of the floor's standard brief, and
    of the floor's own two-process pool over the same brief, in this run."""
    import json

    if not (FLOOR / "batch.py").is_file():
        print("\nbatch: ../shared/bench not found; skipped")
        return
    standard = subprocess.run([sys.executable, str(FLOOR / "to_briefgen.py")], check=True,
                              capture_output=True, text=True).stdout
    folder = out / "batch-specs"
    folder.mkdir()
    specs = [folder / f"spec-{n:03d}.yaml" for n in range(count)]
    for spec in specs:
        spec.write_text(standard, "utf-8")
    briefgen = shutil.which("briefgen", path=str(Path(sys.executable).parent)) or "briefgen"
    started = time.perf_counter()
    subprocess.run([briefgen, "build", *map(str, specs), "-o", str(out / "batch-out"), "-j", "2",
                    "-q", "--force"], check=True, env=COLD_ENV)
    ours = count / (time.perf_counter() - started)
    floor = json.loads(subprocess.run(
        [sys.executable, str(FLOOR / "batch.py"), str(FLOOR / "brief.yaml"), str(out / "floor"),
         "--n", str(count), "--workers", "2"], check=True, capture_output=True,
        text=True).stdout.strip().splitlines()[-1])["briefs_per_s"]
    print(f"\nbatch: {count} specs x pdf+docx, 2 workers: briefgen {ours:.1f} briefs/s "
          f"(whole command), floor {floor:.1f} briefs/s (render only): {ours / floor:.2f}x")


def cold_against_floor(out: Path, runs: int) -> None:
    """A cold `briefgen build` of the floor's standard brief in both formats, against the
    floor's one-process script of the same content, interleaved in this run."""
    if not (FLOOR / "briefgen_floor.py").is_file():
        print("cold against the floor: ../shared/bench not found; skipped")
        return
    spec = out / "standard.yaml"
    spec.write_text(subprocess.run([sys.executable, str(FLOOR / "to_briefgen.py")], check=True,
                                   capture_output=True, text=True).stdout, "utf-8")
    briefgen = shutil.which("briefgen", path=str(Path(sys.executable).parent)) or "briefgen"
    ours_command = [briefgen, "build", str(spec), "-f", "pdf,docx", "-o", str(out), "--force"]
    floor_command = [sys.executable, str(FLOOR / "briefgen_floor.py"), str(FLOOR / "brief.yaml"),
                     str(out / "floor-standard")]
    ratios, ours, floor = [], [], []
    for _ in range(runs):
        ours.append(timed(lambda: subprocess.run(ours_command, check=True, capture_output=True,
                                                 env=COLD_ENV), 1)[0])
        floor.append(timed(lambda: subprocess.run(floor_command, check=True, capture_output=True,
                                                  env=COLD_ENV), 1)[0])
        ratios.append(ours[-1] / floor[-1])
    print(f"cold: standard brief pdf+docx: briefgen {statistics.median(ours):.0f} ms, floor "
          f"script {statistics.median(floor):.0f} ms: {statistics.median(ratios):.2f}x")


def memory_over_builds(count: int) -> None:
    """Resident memory after the first tenth of `count` builds (pdf and docx) and at the end."""
    import gc

    import briefgen

    def rss_mib() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    marks = {}
    for n in range(1, count + 1):
        brief = briefgen.load_spec(SEED)
        document = briefgen.build_document(brief, briefgen.template_of(brief))
        for fmt in ("pdf", "docx"):
            briefgen.render_bytes(document, fmt)
        if n in (max(1, count // 10), count):
            gc.collect()
            marks[n] = rss_mib()
    first, last = marks[max(1, count // 10)], marks[count]
    print(f"memory: {first:.0f} MiB after {max(1, count // 10)} builds, {last:.0f} MiB after "
          f"{count}: {100 * (last - first) / first:+.1f}%")


def watch_latency(out: Path, edits: int = 12) -> None:
    """Median time from saving the seed spec to its rebuilt PDF, in `briefgen watch`'s loop."""
    import threading

    from briefgen.batch import BuildJob
    from briefgen.watching import watch_spec

    spec = out / "watched.yaml"
    text = SEED.read_text("utf-8")
    spec.write_text(text, "utf-8")
    stop, times, edited = threading.Event(), [], [0.0]

    def edit(n: int) -> None:
        edited[0] = time.perf_counter()
        spec.write_text(text.replace("title: ", f"title: Edit {n} ", 1), "utf-8")

    for _ in watch_spec(BuildJob(str(spec), ("pdf",), allow_paths=(str(SEED.parent),)),
                        out / "watched", stop=stop):
        if edited[0]:
            times.append((time.perf_counter() - edited[0]) * 1000)
        if len(times) >= edits:
            stop.set()
            break
        threading.Timer(0.2, edit, (len(times),)).start()
    print(f"watch: save → rebuilt seed PDF, median of {edits}: {statistics.median(times):.0f} ms")


def _build_spec(spec: Path, fmt: str) -> bytes:
    import briefgen

    return briefgen.render_bytes(briefgen.build_document(briefgen.load_spec(spec)), fmt)


if __name__ == "__main__":
    main()
