"""Re-anchor saved corrections when the same file is split into sentences differently.

Corrections are keyed by the file's content hash, but their boundaries are sentence
indices, and sentence indices change whenever the loader or the sentence splitter
improves (a new Strata version). So every saved boundary also records an *anchor*:
the start of its sentence's text and its character offset in the document's text.
:func:`remap_chapters` moves each boundary to the new sentence that starts with the
same text (nearest to the expected offset), or else to the sentence that now
contains that text; boundaries that collapse onto one sentence are merged. Titles,
``pinned`` and title sources travel with their boundaries.
"""
from __future__ import annotations

import bisect
import logging
from typing import Optional, Sequence

from .model import Chapter, Document

log = logging.getLogger(__name__)

FINGERPRINT = 60  # characters of normalised sentence text kept per boundary
SEARCH = 400  # sentences searched on each side of the expected position


def _norm(text: str) -> str:
    return " ".join(text.split())


def offsets(texts: Sequence[str]) -> list[int]:
    """Character offset of each sentence in the normalised text joined by single spaces."""
    out, pos = [], 0
    for t in texts:
        out.append(pos)
        pos += len(t) + 1
    return out


def anchors_for(doc: Document, boundaries: set[int]) -> dict[int, dict]:
    """``{index: {"text": first characters, "offset": char offset, "of": total chars}}``."""
    texts = [_norm(s.text) for s in doc.sentences]
    offs = offsets(texts)
    total = offs[-1] + len(texts[-1]) if texts else 0
    return {
        i: {"text": texts[i][:FINGERPRINT], "offset": offs[i], "of": total}
        for i in sorted(boundaries)
        if 0 <= i < len(texts)
    }


def _locate(anchor: dict, texts: list[str], offs: list[int], total: int) -> Optional[int]:
    """The new index for one anchored boundary (``None`` when its text is gone)."""
    of = anchor.get("of") or 0
    expected = int(anchor.get("offset", 0) * (total / of)) if of else 0
    centre = max(0, bisect.bisect_right(offs, expected) - 1)
    lo, hi = max(0, centre - SEARCH), min(len(texts), centre + SEARCH + 1)
    key = anchor.get("text", "")
    probe = key[:30]
    if not probe:
        return None
    starts = [j for j in range(lo, hi)
              if texts[j].startswith(probe) or (texts[j] and key.startswith(texts[j][:30]))]
    if starts:
        return min(starts, key=lambda j: abs(offs[j] - expected))
    inside = [j for j in range(lo, hi) if probe in texts[j]]  # merged into a longer sentence now
    if inside:
        return min(inside, key=lambda j: abs(offs[j] - expected))
    return None


def locate_all(anchors: Sequence[Optional[dict]], doc: Document) -> list[Optional[int]]:
    """For each anchor, the sentence of ``doc`` that now starts with its text (``None`` when
    the text is gone, or for a missing anchor)."""
    texts = [_norm(s.text) for s in doc.sentences]
    offs = offsets(texts)
    total = offs[-1] + len(texts[-1]) if texts else 0
    return [_locate(a, texts, offs, total) if a else None for a in anchors]


def remap_chapters(
    chapters: Sequence[Chapter], anchors: dict[int, dict], doc: Document
) -> tuple[list[Chapter], dict[int, int], int]:
    """``(chapters on doc's sentences, old -> new index map, boundaries placed by position only)``.

    Boundaries without an anchor, or whose text cannot be found, are placed by
    their relative character position (counted in the last value).
    """
    texts = [_norm(s.text) for s in doc.sentences]
    n = len(texts)
    offs = offsets(texts)
    total = offs[-1] + len(texts[-1]) if texts else 0
    n_old = chapters[-1].end if chapters else 0
    mapping: dict[int, int] = {0: 0}
    approximate = 0
    for c in chapters[1:]:
        anchor = anchors.get(c.start)
        j = _locate(anchor, texts, offs, total) if anchor else None
        if j is None:
            approximate += 1
            j = min(n - 1, max(0, round(c.start * n / max(1, n_old))))
        mapping[c.start] = j
    out: list[Chapter] = []
    for k, c in enumerate(chapters):
        s = mapping[c.start]
        if out and s <= out[-1].start:  # collapsed onto the previous boundary: keep the earlier chapter
            log.warning("saved chapter start %d fell onto its neighbour after re-splitting", c.start)
            continue
        if out:
            p = out.pop()
            out.append(Chapter(p.start, s, p.title, p.title_source, p.level, p.pinned))
        out.append(Chapter(s, n, c.title, c.title_source, c.level, c.pinned))
    return out, mapping, approximate


def remap_index(i: int, mapping: dict[int, int], anchors: dict[int, dict], doc: Document, n_old: int) -> int:
    """New index of a boundary that is not a chapter start (e.g. a forbidden one)."""
    if i in mapping:
        return mapping[i]
    texts = [_norm(s.text) for s in doc.sentences]
    offs = offsets(texts)
    total = offs[-1] + len(texts[-1]) if texts else 0
    anchor = anchors.get(i)
    j = _locate(anchor, texts, offs, total) if anchor else None
    return j if j is not None else min(len(texts) - 1, max(0, round(i * len(texts) / max(1, n_old))))
