"""A backend installed by another package: found by name, used by the API and the CLI, and
refused when it claims a name that is already taken.

The package is tests/plugins/fancy_backend. It is "installed" without pip or network by
writing the *.dist-info folder `pip install` would write into a folder put on sys.path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefgen
from briefgen.output.registry import backend_entries
from conftest import MINIMAL_SPEC

PLUGIN = Path(__file__).resolve().parent / "plugins" / "fancy_backend"


def declared_backends(pyproject: Path) -> str:
    """The `[project.entry-points."briefgen.backends"]` table of a pyproject.toml, as the
    lines of an entry_points.txt (`name = module:attribute`, unquoted)."""
    text = pyproject.read_text("utf-8")
    table = re.search(r'^\[project\.entry-points\."briefgen\.backends"\]\n((?:[^\[\n].*\n)*)',
                      text, re.MULTILINE)
    assert table, f"{pyproject} declares no briefgen backend"
    entries = re.findall(r'^([\w.-]+)\s*=\s*"([^"]+)"', table.group(1), re.MULTILINE)
    return "\n".join(f"{name} = {target}" for name, target in entries)


def install(site: Path, name: str, version: str, backends: str) -> None:
    """Write the metadata of an installed distribution that registers `backends`."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[briefgen.backends]\n{backends}\n")


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A site folder holding fancy-briefgen 1.0, as `pip install tests/plugins/fancy_backend`
    would leave it, on sys.path for this test."""
    folder = tmp_path / "site"
    shutil.copytree(PLUGIN / "fancy_briefgen", folder / "fancy_briefgen")
    install(folder, "fancy-briefgen", "1.0", declared_backends(PLUGIN / "pyproject.toml"))
    monkeypatch.syspath_prepend(str(folder))
    return folder


def run_cli(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_an_installed_backend_is_available_by_its_name(site):
    assert briefgen.available_backends()["fancy"] == "fancy_briefgen:FancyBackend"
    backend = briefgen.get_backend("fancy")
    assert (backend.name, backend.extension, backend.media_type) == ("fancy", "txt",
                                                                     "text/plain")
    (entry,) = [e for e in backend_entries() if e.name == "fancy"]
    assert (entry.origin, entry.refused) == ("fancy-briefgen 1.0", "")


def test_an_installed_backend_renders_through_the_api(site):
    document = briefgen.build_document(briefgen.loads_spec(MINIMAL_SPEC))
    text = briefgen.render_bytes(document, "fancy").decode("utf-8")
    assert text.startswith("*** Minimal brief ***\n")
    assert "== 1. First pillar ==" in text and "A short summary." in text


def test_briefgen_build_and_formats_use_an_installed_backend(site, tmp_path):
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC, encoding="utf-8")
    built = run_cli(site, "build", str(spec), "-f", "fancy", "-o", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stdout.split() == [str(Path("out") / "brief.txt")]
    assert (tmp_path / "out" / "brief.txt").read_text("utf-8").startswith("*** Minimal brief")
    formats = run_cli(site, "formats", cwd=tmp_path)
    assert formats.returncode == 0, formats.stderr
    assert re.search(r"^fancy\s+fancy-briefgen 1\.0\s+fancy_briefgen:FancyBackend$",
                     formats.stdout, re.MULTILINE)


def test_a_backend_claiming_a_builtin_name_is_refused_naming_both(site, tmp_path):
    install(site, "impostor", "2.0", "pdf = fancy_briefgen:FancyBackend")
    claims = [e for e in backend_entries() if e.name == "pdf"]
    assert [(e.distribution, bool(e.refused)) for e in claims] == [("briefgen", False),
                                                                   ("impostor", True)]
    assert claims[1].refused == f"the name 'pdf' is taken by briefgen {briefgen.__version__}"
    assert type(briefgen.get_backend("pdf")).__name__ == "PdfBackend"  # the real one stays
    assert "fancy" in briefgen.available_backends()

    formats = run_cli(site, "formats", cwd=tmp_path)
    assert formats.returncode == 1
    assert (f"briefgen: error: the backend 'pdf' of impostor 2.0 (fancy_briefgen:FancyBackend) "
            f"is refused: the name 'pdf' is taken by briefgen {briefgen.__version__}"
            ) in formats.stderr
    assert re.search(r"^pdf\s+briefgen ", formats.stdout, re.MULTILINE)


def test_two_packages_claiming_one_name_are_both_refused(site):
    install(site, "copycat", "0.1", "fancy = fancy_briefgen:FancyBackend")
    claims = [e for e in backend_entries() if e.name == "fancy"]
    assert len(claims) == 2 and all(e.refused for e in claims)
    assert "fancy" not in briefgen.available_backends()
    with pytest.raises(briefgen.UsageError, match=r"copycat 0\.1.*fancy-briefgen 1\.0|"
                                                  r"fancy-briefgen 1\.0.*copycat 0\.1"):
        briefgen.get_backend("fancy")
