"""A heading hierarchy for every PDF.

When the PDF has its own outline (``doc.reference_chapters`` from the loader) it
is used as is, with entries that the loader could not map to a sentence mapped
through the layout: the heading block on the entry's page whose text matches the
entry (or the first block at/after the entry's ``y``). Otherwise an outline is
generated from title and section-header blocks: levels come from numbering
("2.3.1" -> 3) when headings are numbered, else from the level the layout gave
(font size relative to body text, the model's title/section distinction), then
are renumbered densely from 1. Headings repeated on many pages (running titles)
and junk (page numbers, very long "headings") are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher

from .layout_order import numbering_depth
from .model import Block, Document, ReferenceChapter

_JUNK = re.compile(r"^[\W\d_ivxlcdm]*$", re.IGNORECASE)


def sideways(block: Block) -> bool:
    """Text set vertically (an arXiv stamp in the margin, a rotated table label): a box
    much taller than wide holding more than a few characters is never a heading."""
    text = " ".join((block.text or "").split())
    return len(text) > 8 and block.bbox.height > 2.0 * max(block.bbox.width, 1e-6)


def document_outline(doc: Document, blocks: dict[int, list[Block]]) -> tuple[list[ReferenceChapter], bool]:
    """``(outline, generated)``: the PDF's own outline mapped to blocks, or one generated from headings."""
    if doc.reference_chapters:
        return [_map_entry(e, blocks) for e in doc.reference_chapters], False
    return generate_outline(blocks), True


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _first_sentence_from(blocks: dict[int, list[Block]], page: int, y: float | None) -> int | None:
    for p in sorted(k for k in blocks if k >= page):
        for b in sorted(blocks[p], key=lambda b: b.order):
            if b.label in ("page-header", "page-footer"):
                continue
            if p == page and y is not None and b.bbox.y1 < y - 2:
                continue
            if b.sentences:
                return min(b.sentences)
    return None


def _map_entry(entry: ReferenceChapter, blocks: dict[int, list[Block]]) -> ReferenceChapter:
    if entry.page is None or entry.page not in blocks:
        return entry
    heads = [b for b in blocks[entry.page] if b.label in ("title", "section-header")]
    best, score = None, 0.0
    for b in heads:
        s = SequenceMatcher(None, _norm(entry.title), _norm(b.text)).ratio()
        if s > score:
            best, score = b, s
    if best is not None and score >= 0.6:
        start = (
            min(best.sentences) if best.sentences else _first_sentence_from(blocks, entry.page, best.bbox.y0)
        )
        return replace(
            entry,
            y=entry.y if entry.y is not None else best.bbox.y0,
            start_sentence=entry.start_sentence if entry.start_sentence is not None else start,
        )
    if entry.start_sentence is None:
        return replace(entry, start_sentence=_first_sentence_from(blocks, entry.page, entry.y))
    return entry


def generate_outline(blocks: dict[int, list[Block]]) -> list[ReferenceChapter]:
    """Outline entries from heading blocks, in page and reading order."""
    heads = [
        b
        for p in sorted(blocks)
        for b in sorted(blocks[p], key=lambda b: b.order)
        if b.label in ("title", "section-header")
    ]
    texts = Counter(_norm(b.text) for b in heads)
    pages = max(1, len(blocks))
    kept: list[Block] = []
    for b in heads:
        t = _norm(b.text)
        if not t or len(t) > 200 or _JUNK.match(t) or sideways(b):
            continue
        if texts[t] > 2 and texts[t] > pages * 0.2:  # a running title, not a heading
            continue
        if b.label == "title" and kept and kept[-1].label == "title" and kept[-1].page == b.page:
            continue  # a title's second line, subtitle or author line: one title per page
        kept.append(b)
    if not kept:
        return []
    numbered = sum(1 for b in kept if numbering_depth(b.text) is not None) >= 3
    raw_levels = []
    for b in kept:
        depth = numbering_depth(b.text)
        if b.label == "title":
            raw_levels.append(0)
        elif depth is not None:
            raw_levels.append(depth)
        elif numbered:  # "Abstract", "References" beside numbered sections are top level
            raw_levels.append(1)
        else:
            raw_levels.append(b.level or 2)
    dense = {lv: k + 1 for k, lv in enumerate(sorted(set(raw_levels)))}
    out = []
    for b, lv in zip(kept, raw_levels):
        start = min(b.sentences) if b.sentences else _first_sentence_from(blocks, b.page, b.bbox.y0)
        out.append(
            ReferenceChapter(
                title=re.sub(r"\s+", " ", b.text).strip(),
                level=dense[lv],
                start_sentence=start,
                page=b.page,
                y=b.bbox.y0,
            )
        )
    return out
