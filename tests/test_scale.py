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
