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

import re
from typing import Sequence

from .layout_model import Line, RawBox

_NUMBER = re.compile(
    r"^(?:(?:section|article|clause|rule|regulation|part)\s+)?"
    r"(?:\d{1,3}(?:\.\d{1,3}){0,4}|[IVXLC]{1,6}|[A-Za-z])[.)]?\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
MAX_WORDS = 10


def _reads_as_heading(text: str) -> bool:
    """Bold opening words that name a clause: they end in a full stop or a colon, and are a
    number and a title, or a title of two words or more (a lone "Note:" is a label)."""
    text = " ".join(text.split())
    if len(text) < 3 or text[-1] not in ".:" or len(text) > 120:
        return False
    m = _NUMBER.match(text)
    title = text[m.end():] if m else text
    words = [w for w in title.rstrip(".:").split() if _WORD.search(w)]
    if not words or len(words) > MAX_WORDS or (not m and len(words) < 2):
        return False
    # written as a title: its first word and every word of five letters or more capitalised
    return all(_WORD.search(w).group()[0].isupper() for i, w in enumerate(words) if i == 0 or len(w) >= 5)


def run_in_heads(raw: Sequence[RawBox], members: Sequence[Sequence[Line]]) -> list[tuple[RawBox, str]]:
    """``(section-header box, its text)`` for each text box whose first line opens with a
    run-in heading (:func:`_reads_as_heading`) at the box's left edge."""
    out: list[tuple[RawBox, str]] = []
    for box, lines in zip(raw, members):
        if box.label != "text" or not lines:
            continue
        first = min(lines, key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
        if first.lead is None or first.bbox[0] - box.bbox[0] > 0.5 * (first.bbox[3] - first.bbox[1]) + 2:
            continue
        bbox, text = first.lead
        if _reads_as_heading(text):
            out.append((RawBox("section-header", bbox, [], box.source + "+run-in"), " ".join(text.split())))
    return out
