"""Layout does work in proportion to the input: one long field never costs quadratic time.

Counted, not timed: how often the PDF backend measures a paragraph. A boxed summary once
re-measured all of its remaining paragraphs at every page break (33,000 paragraphs took 49 s).
Timings for the sizes at the input limits are in benchmarks/bench.py ("long fields").
"""

from __future__ import annotations

import pytest
from conftest import MINIMAL_SPEC

import briefgen
from briefgen.backends.pdf.flowables import MemoParagraph


def _spec_with_summary(tmp_path, summary: str):
    lines = "".join(f"  {line}\n" if line else "\n" for line in summary.split("\n"))
    spec = tmp_path / "long.yaml"
    spec.write_text(MINIMAL_SPEC.replace("summary: A short summary.\n", "summary: |\n" + lines),
                    "utf-8")
    return briefgen.build_document(briefgen.load_spec(spec))


def _measures_per_block(tmp_path, monkeypatch, block: str, joint: str, count: int) -> float:
    calls = 0
    original = MemoParagraph.wrap

    def counting(self, *args):
        nonlocal calls
        calls += 1
        return original(self, *args)

    document = _spec_with_summary(tmp_path, joint.join([block] * count))
    monkeypatch.setattr(MemoParagraph, "wrap", counting)
    pdf = briefgen.render_bytes(document, "pdf")
    monkeypatch.setattr(MemoParagraph, "wrap", original)
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") > count / 100  # many pages
    return calls / count


@pytest.mark.parametrize("block, joint", [("x", "\n\n"), ("- a", "\n")],
                         ids=["paragraphs", "list items"])
def test_a_long_boxed_summary_is_measured_a_bounded_number_of_times(tmp_path, monkeypatch,
                                                                     block, joint):
    small = _measures_per_block(tmp_path, monkeypatch, block, joint, 300)
    large = _measures_per_block(tmp_path, monkeypatch, block, joint, 3000)
    # linear layout measures each paragraph a few times however long the field; the old
    # one-cell table measured every paragraph again on every page (x10 the pages, x10 the work)
    assert large < 12, f"{large:.1f} measures per paragraph for 3,000 of them"
    assert large < small * 1.5 + 1, (small, large)


def _rows_built_per_risk(tmp_path, monkeypatch, count: int) -> float:
    """Table rows ReportLab is made to build, all splits included, per risk of the register."""
    from reportlab.platypus import Table

    risks = "".join(f"  - title: Risk {n}\n    description: {'Long description. ' * 30}\n"
                    f"    likelihood: medium\n    impact: high\n" for n in range(count))
    spec = tmp_path / "risks.yaml"
    spec.write_text(MINIMAL_SPEC.replace(MINIMAL_SPEC[MINIMAL_SPEC.index("risks:"):
                                                      MINIMAL_SPEC.index("opportunities:")],
                                         "risks:\n" + risks), "utf-8")
    document = briefgen.build_document(briefgen.load_spec(spec))
    built = 0
    original = Table.__init__

    def counting(self, data, *args, **kwargs):
        nonlocal built
        built += len(data)
        original(self, data, *args, **kwargs)

    monkeypatch.setattr(Table, "__init__", counting)
    briefgen.render_bytes(document, "pdf")
    monkeypatch.setattr(Table, "__init__", original)
    return built / count


def test_a_long_risk_register_breaks_across_pages_in_linear_time(tmp_path, monkeypatch):
    """ReportLab rebuilds the rest of a split table, every row and style command of it, at each
    page: a 1,000-row register over 847 pages took 12 s. Stacked in short parts, it is linear."""
    small = _rows_built_per_risk(tmp_path, monkeypatch, 150)
    large = _rows_built_per_risk(tmp_path, monkeypatch, 600)
    # linear: the same few rows rebuilt per risk at any length (quadratic was 112 at 600; in
    # the 67-character column a page holds fewer rows, so each is rebuilt at more breaks)
    assert large < 25 and large < small * 1.3, (small, large)
