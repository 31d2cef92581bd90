"""The independent checker (../shared/tools/verify-brief: qpdf, poppler, MuPDF, Ghostscript,
LibreOffice, pandoc, an OOXML schema audit) finds no FAIL in the seed brief, for every template."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import PHRASES_FILE, ROOT, SEED_SPEC, require_tool

import briefgen

VERIFY = ROOT.parent / "shared" / "tools" / "verify-brief"


@pytest.mark.tools
@pytest.mark.parametrize("template", ["default", "memo", "executive"])
def test_verify_brief_reports_no_fail(tmp_path, template):
    require_tool("qpdf", "pdftotext", "pdffonts", "mutool", "gs", "soffice", "pandoc")
    if not VERIFY.exists():
        message = f"needs {VERIFY} (the shared verification tool)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    results = briefgen.build(SEED_SPEC, ["pdf", "docx"], tmp_path, template=template)
    pdf, docx = (str(r.path) for r in results)
    report_dir = tmp_path / "report"
    run = subprocess.run([str(VERIFY), "-o", str(report_dir), pdf, docx, str(PHRASES_FILE)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    report = json.loads((report_dir / "report.json").read_text())
    assert report["checks"], run.stdout
    failed = [check["id"] for check in report["checks"] if check["result"] == "FAIL"]
    assert failed == [], run.stdout
