"""Where "Go to…" lands: a page from what the user typed, or the sentence spoken at a time.

Shared by the window's Go > Go to Page / Time / Sentence dialog; no Qt here.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional, Sequence

from .loaders.transcripts.common import parse_timestamp
from .model import Document

_UNITS = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in)?)?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$",
                    re.IGNORECASE)


def page_for(text: str, labels: Sequence[str]) -> Optional[int]:
    """The page index for ``text``: a printed page label as the document shows it ("iv",
    "A-3", "12"), else a page number counted from the first page ("#12" always means
    that), else ``None``. Labels win, as in PDF viewers, since they are what the
    document's own contents and index cite."""
    typed = text.strip()
    if not typed:
        return None
    if not typed.startswith("#"):
        for i, label in enumerate(labels):
            if label and label.strip().lower() == typed.lower():
                return i
    digits = typed.lstrip("#").strip()
    if digits.isdigit() and 1 <= int(digits) <= len(labels):
        return int(digits) - 1
    return None


def parse_time(text: str) -> Optional[float]:
    """Seconds from ``h:mm:ss``, ``mm:ss``, ``1h20m``, ``95s`` or a bare number of minutes, else ``None``."""
    typed = text.strip()
    if not typed:
        return None
    if ":" in typed:
        return parse_timestamp(typed)
    try:
        return float(typed) * 60.0  # a bare number: minutes, the unit people skim a recording in
    except ValueError:
        pass
    m = _UNITS.match(typed)
    if not m or not any(m.groups()):
        return None
    h, mi, s = (float(g) if g else 0.0 for g in m.groups())
    return h * 3600 + mi * 60 + s


def sentence_at_time(doc: Document, seconds: float) -> Optional[int]:
    """The sentence being spoken at ``seconds``: the last one starting at or before it (the
    first sentence before the first start), or ``None`` when the document has no times."""
    timed = [(s.anchor.start, i) for i, s in enumerate(doc.sentences) if s.anchor.start is not None]
    if not timed:
        return None
    starts = [t for t, _ in timed]
    k = bisect.bisect_right(starts, seconds) - 1
    return timed[max(0, k)][1]


def sentence_for(text: str, count: int) -> Optional[int]:
    """A sentence index from a 1-based number typed for an untimed transcript, else ``None``."""
    typed = text.strip().lstrip("#").strip()
    return int(typed) - 1 if typed.isdigit() and 1 <= int(typed) <= count else None
