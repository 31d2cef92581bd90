"""Many briefs at once: worker processes, any executor (a real Dask cluster too), a failing
spec failing alone, incremental rebuilds from the manifest, and the spec through a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import MINIMAL_SPEC, ROOT, SEED_SPEC

import briefgen
from briefgen.batch import MANIFEST, build_many


def _specs(folder, count: int, broken: tuple[int, ...] = ()) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        text = MINIMAL_SPEC.replace("Minimal brief", f"Brief number {n}")
        if n in broken:
            text = text.replace("likelihood: low", "likelihood: sometimes")
        path = folder / f"brief-{n:02d}.yaml"
        path.write_text(text)
        paths.append(path)
    return paths


def _run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True,
                          cwd=kwargs.pop("cwd", ROOT), **kwargs)


def test_worker_processes_build_every_spec_and_a_bad_one_fails_alone(tmp_path):
    specs = _specs(tmp_path / "specs", 6, broken=(3,))
    seen = []
    report = build_many(specs, ["pdf", "docx"], tmp_path / "out", jobs=2,
                        on_progress=lambda result, done, total: seen.append((done, total)))
    assert [r.status for r in report.results] == ["built"] * 3 + ["failed"] + ["built"] * 2
    bad = report.results[3]
    assert bad.problems and bad.problems[0].line == 9 and "likelihood" in bad.problems[0].field
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        f"brief-{n:02d}.pdf" for n in (0, 1, 2, 4, 5)]
    assert seen[-1] == (6, 6) and len(seen) == 6
    assert report.summary().startswith("5 built, 1 failed, 0 up to date in ")


def test_any_executor_runs_the_work(tmp_path):
    specs = _specs(tmp_path / "specs", 3)
    with ThreadPoolExecutor(2) as executor:
        report = build_many(specs, "md", tmp_path / "out", executor=executor)
    assert report.count("built") == 3
    assert "Brief number 2" in (tmp_path / "out" / "brief-02.md").read_text()


def test_unchanged_specs_are_up_to_date_and_each_kind_of_change_rebuilds(tmp_path):
    from PIL import Image

    folder = tmp_path / "specs"
    specs = _specs(folder, 3)
    Image.new("RGB", (30, 20), "navy").save(folder / "logo.png")
    specs[1].write_text(specs[1].read_text() + "logo: logo.png\n")
    template = tmp_path / "house"
    template.mkdir()
    (template / "template.yaml").write_text("name: house\nextends: memo\n")
    out = tmp_path / "out"

    def statuses(**options):
        options.setdefault("template", str(template))
        return [r.status for r in build_many(specs, ["pdf", "md"], out, jobs=1, **options).results]

    assert statuses() == ["built"] * 3
    assert (out / MANIFEST).is_file()
    assert statuses() == ["up to date"] * 3
    specs[0].write_text(specs[0].read_text().replace("number 0", "number zero"))
    assert statuses() == ["built", "up to date", "up to date"]  # the spec itself
    Image.new("RGB", (30, 20), "maroon").save(folder / "logo.png")
    assert statuses() == ["up to date", "built", "up to date"]  # an image it uses
    (out / "brief-02.md").write_text("edited by hand")
    assert statuses() == ["up to date", "up to date", "built"]  # an output changed
    (template / "template.yaml").write_text("name: house\nextends: executive\n")
    assert statuses() == ["built"] * 3  # the template chain
    assert statuses(force=True) == ["built"] * 3
    assert statuses(template="memo") == ["built"] * 3  # other options
    assert [r.status for r in build_many(specs, ["pdf"], out, template="memo").results] == [
        "built"] * 3  # other formats


def test_a_damaged_manifest_means_everything_builds(tmp_path):
    specs = _specs(tmp_path / "specs", 2)
    out = tmp_path / "out"
    build_many(specs, "md", out)
    (out / MANIFEST).write_text("{not json")
    assert [r.status for r in build_many(specs, "md", out).results] == ["built", "built"]
    assert [r.status for r in build_many(specs, "md", out).results] == ["up to date"] * 2


def test_the_cli_builds_in_parallel_prints_a_summary_and_names_the_failures(tmp_path):
    specs = _specs(tmp_path / "specs", 4, broken=(2,))
    result = _run("build", *map(str, specs), "-f", "md", "-o", str(tmp_path / "out"), "-j", "2",
                  text=True)
    assert result.returncode == 1
    assert sorted(result.stdout.split()) == sorted(
        str(tmp_path / "out" / f"brief-{n:02d}.md") for n in (0, 1, 3))
    assert f"{specs[2]}:9:17: risks[0].likelihood:" in result.stderr
    assert "3 built, 1 failed, 0 up to date in" in result.stderr
    assert f"failed: {specs[2]}" in result.stderr
    again = _run("build", *map(str, specs), "-f", "md", "-o", str(tmp_path / "out"), text=True)
    assert again.returncode == 1 and "0 built, 1 failed, 3 up to date" in again.stderr
    quiet = _run("build", str(specs[0]), "-f", "md", "-o", str(tmp_path / "out"), "-q",
                 "--force", text=True)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert _run("build", str(specs[0]), "-j", "0", text=True).returncode == 2


def test_a_spec_from_stdin_to_stdout(tmp_path):
    from PIL import Image

    Image.new("RGB", (30, 20), "navy").save(tmp_path / "logo.png")
    spec = MINIMAL_SPEC + "logo: logo.png\n"  # relative to the working folder
    result = _run("build", "-", "-f", "pdf", "-o", "-", input=spec.encode(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
    assert list(tmp_path.iterdir()) == [tmp_path / "logo.png"]  # nothing else written
    both = _run("build", "-", "-o", "-", input=spec.encode(), cwd=tmp_path)
    assert both.returncode == 2 and b"one format" in both.stderr
    bad = _run("build", "-", "-f", "pdf", "-o", "-", input=b"title: [", cwd=tmp_path)
    assert bad.returncode == 1 and bad.stdout == b"" and b"<stdin>:1:" in bad.stderr


def _require_module(name: str) -> None:
    try:
        __import__(name)
    except ImportError:
        message = f"needs the Python package {name} (pip install -e '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_twenty_specs_on_a_real_dask_cluster(tmp_path):
    """A LocalCluster of worker processes on loopback, through the executor interface."""
    _require_module("distributed")
    from distributed import Client, LocalCluster

    specs = _specs(tmp_path / "specs", 20, broken=(7,))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        report = build_many(specs, ["pdf", "md"], tmp_path / "out",
                            executor=client.get_executor())
        cli = _run("build", *map(str, specs[:3]), "-f", "md", "-o", str(tmp_path / "cli"),
                   "--scheduler", cluster.scheduler_address, text=True)
    assert cli.returncode == 0, cli.stderr
    assert "3 built, 0 failed" in cli.stderr and len(list((tmp_path / "cli").glob("*.md"))) == 3
    unreachable = _run("build", str(specs[0]), "--scheduler", "tcp://127.0.0.1:9", text=True)
    assert unreachable.returncode == 2 and "cannot reach the Dask scheduler" in unreachable.stderr
    assert report.count("built") == 19 and report.count("failed") == 1
    assert report.results[7].problems[0].line == 9  # located, across the wire
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 19
    pdf = (tmp_path / "out" / "brief-19.pdf").read_bytes()
    assert pdf == briefgen.render_bytes(briefgen.build_document(briefgen.load_spec(specs[19])),
                                        "pdf")


def test_the_seed_spec_builds_the_same_in_a_batch_as_alone(tmp_path):
    alone = briefgen.build(SEED_SPEC, ["pdf", "docx"], tmp_path / "alone")
    report = build_many([SEED_SPEC], ["pdf", "docx"], tmp_path / "batch")
    for result in alone:
        assert (tmp_path / "batch" / result.path.name).read_bytes() == result.path.read_bytes()
    assert report.count("built") == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_closed_or_full_stdout_is_a_plain_error(tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC)
    command = f"{sys.executable} -m briefgen build - -f md -o - < {spec}"
    closed = subprocess.run(["bash", "-c", command + " >&-"], capture_output=True, text=True,
                            cwd=ROOT)
    assert closed.returncode == 2 and "stdout is closed" in closed.stderr
    full = subprocess.run(["bash", "-c", command + " > /dev/full"], capture_output=True,
                          text=True, cwd=ROOT)
    assert full.returncode == 1 and "cannot write to stdout: No space left" in full.stderr
    assert "Traceback" not in closed.stderr + full.stderr


def test_a_change_to_briefgen_itself_rebuilds(tmp_path, monkeypatch):
    """An edited development checkout keeps its version number; its old output is not fresh."""
    from briefgen import batch

    specs = _specs(tmp_path / "specs", 1)
    build_many(specs, "md", tmp_path / "out")
    assert build_many(specs, "md", tmp_path / "out").results[0].status == "up to date"
    monkeypatch.setattr(batch, "_code_fingerprint", lambda: "edited")
    assert build_many(specs, "md", tmp_path / "out").results[0].status == "built"
