"""`briefgen watch`: one warm process rebuilds whenever a file the spec uses changes."""

from __future__ import annotations

import threading
import time

from conftest import MINIMAL_SPEC

from briefgen.batch import BuildJob
from briefgen.watching import watch_spec


def _later(seconds: float, action) -> None:
    threading.Timer(seconds, action).start()


def test_edits_to_the_spec_its_image_and_its_template_each_rebuild(tmp_path):
    from PIL import Image

    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC + "logo: logo.png\ntemplate: house\n")
    Image.new("RGB", (30, 20), "navy").save(tmp_path / "logo.png")
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "template.yaml").write_text("name: house\nextends: memo\n")
    (tmp_path / "unrelated.txt").write_text("x")
    out = tmp_path / "out"
    stop = threading.Event()
    edits = [
        lambda: (tmp_path / "unrelated.txt").write_text("y"),  # not used: no rebuild
        lambda: spec.write_text(spec.read_text().replace("Minimal brief", "Second title")),
        lambda: Image.new("RGB", (30, 20), "maroon").save(tmp_path / "logo.png"),
        lambda: spec.write_text(spec.read_text().replace("likelihood: low", "likelihood: x")),
        lambda: spec.write_text(spec.read_text().replace("likelihood: x", "likelihood: low")),
        lambda: (tmp_path / "house" / "template.yaml").write_text(
            "name: house\nextends: executive\n"),
    ]
    results = []
    started = time.monotonic()
    for result in watch_spec(BuildJob(str(spec), ("md",)), out, stop=stop):
        results.append(result)
        if not edits or time.monotonic() - started > 60:
            stop.set()
            break
        edit = edits.pop(0)
        if len(edits) == 5:  # the unrelated edit, then the real one
            _later(0.3, edit)
            edit = edits.pop(0)
            _later(0.9, edit)
        else:
            _later(0.3, edit)
    statuses = [r.status for r in results]
    assert statuses == ["built", "built", "built", "failed", "built", "built"], statuses
    assert results[3].problems and results[3].problems[0].line == 9
    assert "Second title" in (out / "brief.md").read_text()


def test_watch_serve_previews_the_html_and_says_when_it_is_rebuilt(tmp_path):
    import os
    import re
    import subprocess
    import sys
    from urllib.request import urlopen

    from conftest import ROOT

    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "watch", str(spec), "-f", "md", "-o",
         str(tmp_path / "out"), "--serve", "--port", "0"], cwd=ROOT, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = ""
        for line in process.stderr:
            found = re.search(r"previewing at (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else url
            if "built in" in line:
                break
        assert url, "no preview address printed"
        frame = urlopen(url).read().decode()
        assert '<iframe id="brief" src="/brief.html"' in frame
        assert urlopen(url + "_briefgen/build").read() == b"1"
        assert b"Minimal brief" in urlopen(url + "brief.html").read()
        spec.write_text(MINIMAL_SPEC.replace("Minimal brief", "Edited brief"))
        deadline = time.monotonic() + 30
        while urlopen(url + "_briefgen/build").read() == b"1" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert b"Edited brief" in urlopen(url + "brief.html").read()
        assert (tmp_path / "out" / "brief.md").exists()  # the formats asked for, and html
    finally:
        process.terminate()
        process.wait(timeout=10)
