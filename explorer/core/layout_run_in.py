"""Run-in headings on a PDF page: a clause's title set in bold at the start of its paragraph.

Contracts, policies and regulations run a clause's heading into its text ("**4. Fees and
Payment.** The Buyer pays each invoice..."). The layout model boxes the whole paragraph as
text, so the clause had no heading: no outline entry, no chapter, a made-up title. A
paragraph whose first line opens with bold words that read as a heading, numbered ("4.
Fees and Payment.", "Section 12. Notices:") or a title of two to ten words ("Governing
Law."), and goes on in another weight, gets a section-header box around those words. The
heading is a sentence of its own (it ends in a full stop or a colon), so it is that box's
sentence and the paragraph keeps the rest.
"""
from __future__ import annotations

from collections.abc import Sequence

from .heading_text import reads_as_run_in_heading
from .layout_model import Line, RawBox


def run_in_heads(raw: Sequence[RawBox], members: Sequence[Sequence[Line]]) -> list[tuple[RawBox, str]]:
    """``(section-header box, its text)`` for each text box whose first line opens with a
    run-in heading (:func:`heading_text.reads_as_run_in_heading`) at the box's left edge."""
    out: list[tuple[RawBox, str]] = []
    for box, lines in zip(raw, members):
        if box.label != "text" or not lines:
            continue
        first = min(lines, key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
        if first.lead is None or first.bbox[0] - box.bbox[0] > 0.5 * (first.bbox[3] - first.bbox[1]) + 2:
            continue
        bbox, text = first.lead
        if reads_as_run_in_heading(text):
            out.append((RawBox("section-header", bbox, [], box.source + "+run-in"), " ".join(text.split())))
    return out
