"""Cutting a document into short chunks that never cross a chapter boundary.

A chunk is a run of whole sentences of about ``min_words``..``max_words`` words (40
to 120 by default): short enough that a hit lands the reader on the sentences that
answer, long enough to carry meaning. Chunks stay inside one chapter so that the
chapter title they are situated in is the right one, and so that an edit of one
chapter re-embeds only its own chunks. When no chapters are given, the document's
outline (reference chapters) is used, else fixed windows of sentences.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from .model import Anchor, Chapter, Chunk, Document, Rect

MIN_WORDS = 40
TARGET_WORDS = 80
MAX_WORDS = 120
WINDOW_SENTENCES = 60  # fixed-window chapters when nothing better is known


def word_count(text: str) -> int:
    return len(text.split())


def fallback_chapters(doc: Document, window: int = WINDOW_SENTENCES) -> list[Chapter]:
    """Chapters from the outline when it maps to sentences, else fixed windows titled "Part N"."""
    n = len(doc.sentences)
    if n == 0:
        return []
    starts = sorted({r.start_sentence for r in doc.reference_chapters if r.start_sentence is not None and r.level == 1 and 0 <= r.start_sentence < n})
    if starts:
        titles = {}
        for r in doc.reference_chapters:
            if r.start_sentence is not None and r.level == 1:
                titles.setdefault(r.start_sentence, r.title)
        if starts[0] != 0:
            starts = [0] + starts
        bounds = starts + [n]
        return [
            Chapter(a, b, titles.get(a, doc.title or "Start"), title_source="reference" if a in titles else "generated")
            for a, b in zip(bounds, bounds[1:])
        ]
    bounds = list(range(0, n, window)) + [n]
    if len(bounds) > 2 and bounds[-1] - bounds[-2] < window // 3:
        bounds.pop(-2)
    return [Chapter(a, b, f"Part {i + 1}") for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]


def normalise_chapters(doc: Document, chapters: Optional[Sequence[Chapter]]) -> list[Chapter]:
    """Level-1 chapters covering every sentence (gaps filled, overlaps clipped)."""
    n = len(doc.sentences)
    if not chapters:
        return fallback_chapters(doc)
    top = sorted((c for c in chapters if c.level == 1), key=lambda c: c.start) or sorted(chapters, key=lambda c: c.start)
    out: list[Chapter] = []
    pos = 0
    for c in top:
        start, end = max(c.start, pos), min(c.end, n)
        if start >= end:
            continue
        if start > pos:  # a gap: give it to the previous chapter (or the first one)
            if out:
                p = out.pop()
                out.append(Chapter(p.start, start, p.title, p.title_source, p.level, p.pinned))
            else:
                start = 0
        out.append(Chapter(start, end, c.title, c.title_source, 1, c.pinned))
        pos = end
    if out and pos < n:
        p = out.pop()
        out.append(Chapter(p.start, n, p.title, p.title_source, p.level, p.pinned))
    return out or fallback_chapters(doc)


def normalise_sections(doc: Document, chapters: Optional[Sequence[Chapter]], top: Sequence[Chapter]) -> list[Chapter]:
    """Level-2 chapters (sections), clipped to their level-1 chapter, sorted, not overlapping."""
    n = len(doc.sentences)
    out: list[Chapter] = []
    for c in sorted((c for c in chapters or () if c.level == 2), key=lambda c: c.start):
        parent = next((t for t in top if t.start <= c.start < t.end), None)
        if parent is None:
            continue
        start = max(c.start, out[-1].end if out else 0)
        end = min(c.end, parent.end, n)
        if start < end:
            out.append(Chapter(start, end, c.title, c.title_source, 2, c.pinned))
    return out


def section_at(sections: Sequence[Chapter], index: int) -> Optional[Chapter]:
    """The section holding sentence ``index`` (sections sorted by start), or None."""
    import bisect

    i = bisect.bisect_right([s.start for s in sections], index) - 1
    if i >= 0 and sections[i].start <= index < sections[i].end:
        return sections[i]
    return None


def split_chapter(words: Sequence[int], start: int, end: int, *, min_words: int = MIN_WORDS,
                  target: int = TARGET_WORDS, max_words: int = MAX_WORDS) -> list[tuple[int, int]]:
    """Greedy runs of sentences ``[a, b)`` inside ``[start, end)``.

    A run closes once it reaches ``target`` words, or before a sentence that would
    push it past ``max_words``; a last run shorter than ``min_words`` joins the
    previous one when the two fit in ``max_words + min_words``. A single sentence
    longer than ``max_words`` is a chunk of its own.
    """
    runs: list[tuple[int, int]] = []
    a, count = start, 0
    for i in range(start, end):
        w = words[i]
        if count and count + w > max_words:
            runs.append((a, i))
            a, count = i, 0
        count += w
        if count >= target:
            runs.append((a, i + 1))
            a, count = i + 1, 0
    if a < end:
        if runs and count < min_words and sum(words[runs[-1][0]:end]) <= max_words + min_words:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((a, end))
    return runs


def make_chunks(doc: Document, chapters: Sequence[Chapter], sections: Sequence[Chapter] = ()) -> list[tuple[int, Chunk]]:
    """``(chapter index, Chunk)`` for every chunk, chapters being already normalised.

    Chunks never cross a chapter boundary, nor a section start when sections are given.
    """
    words = [word_count(s.text) for s in doc.sentences]
    out: list[tuple[int, Chunk]] = []
    for ci, ch in enumerate(chapters):
        cuts = sorted({ch.start, ch.end} | {s.start for s in sections if ch.start < s.start < ch.end})
        for lo, hi in zip(cuts, cuts[1:]):
            for a, b in split_chapter(words, lo, hi):
                text = " ".join(s.text for s in doc.sentences[a:b])
                out.append((ci, Chunk(doc.id, ci, a, b, text)))
    return out


@dataclass(frozen=True)
class ChunkAnchor:
    """Where a chunk lies: pages and merged line rectangles (PDF) or times (transcripts)."""

    pages: tuple[int, ...]
    rects: tuple[tuple[int, float, float, float, float], ...]
    start: Optional[float]
    end: Optional[float]
    speaker: Optional[str]


def _merge_rects(items: list[tuple[int, Rect]]) -> list[tuple[int, float, float, float, float]]:
    """Join word rectangles on the same page and line into one rectangle per line run."""
    out: list[list[float]] = []
    for page, r in items:
        if out:
            p, x0, y0, x1, y1 = out[-1]
            same_line = p == page and abs(r.y0 - y0) < 0.5 * max(1.0, y1 - y0) and r.x0 >= x0 - 1.0
            if same_line:
                out[-1] = [p, min(x0, r.x0), min(y0, r.y0), max(x1, r.x1), max(y1, r.y1)]
                continue
        out.append([page, r.x0, r.y0, r.x1, r.y1])
    return [(int(p), round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)) for p, x0, y0, x1, y1 in out]


def chunk_anchor(doc: Document, start: int, end: int) -> ChunkAnchor:
    items: list[tuple[int, Rect]] = []
    pages: list[int] = []
    times: list[float] = []
    speaker = None
    for s in doc.sentences[start:end]:
        a = s.anchor
        items.extend(a.placed_rects())
        if a.page is not None:
            pages.append(a.page)
        pages.extend(p for p, _ in a.page_rects)
        if a.start is not None:
            times.append(a.start)
        if a.end is not None:
            times.append(a.end)
        speaker = speaker or a.speaker
    return ChunkAnchor(
        tuple(sorted(set(pages))), tuple(_merge_rects(items)),
        min(times) if times else None, max(times) if times else None, speaker,
    )


def anchor_from_row(row: dict) -> Anchor:
    """Rebuild an :class:`Anchor` from a stored chunk row (first page + its rectangles)."""
    rects = [tuple(r) for r in (row.get("rects") or [])]
    page_rects = tuple((int(r[0]), Rect(*map(float, r[1:5]))) for r in rects)
    pages = row.get("pages") or []
    page = int(pages[0]) if pages else None
    return Anchor(
        page=page,
        rects=tuple(r for p, r in page_rects if p == page),
        page_rects=page_rects,
        start=row.get("t_start"),
        end=row.get("t_end"),
        speaker=row.get("speaker") or None,
    )
