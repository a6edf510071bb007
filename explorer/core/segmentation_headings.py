"""Chapters of a PDF from its own heading hierarchy; sections from lower headings and content.

When a PDF's typography names its chapters (:func:`heading_levels.heading_plan`), or a
text marks its headings (Markdown, :func:`marked_heading_plan`),
the chapters ARE those headings: content similarity does not add chapter
boundaries between them (it would cut a 30-page chapter in three) nor remove
them. Inside each chapter, sections come from the global split
(:func:`segmentation.segment_units`) with the chapter starts pinned, the lower
headings as strong priors and a section price, as for every other document.

Granularity walks the heading hierarchy: finer promotes the next heading rank to
chapters (then content splits once the ranks run out); coarser takes the rank
above, or, at the top, keeps only the chapter headings that the content split
also supports. Finer never gives fewer chapters. User pins are always chapter
starts; user-forbidden starts never are (a pin wins).

Returns None when headings cannot decide (no usable headings on a multi-page
document): the caller then segments by content with heading priors.
"""
from __future__ import annotations

import logging
from typing import Optional, Sequence

import numpy as np

from .heading_levels import Heading, HeadingPlan, heading_plan, is_list_chapter
from .model import Block, Chapter, Document

log = logging.getLogger(__name__)

SECTION_GRANULARITY_STEPS = 2  # sections are priced like chapters two granularity steps finer
SECTION_DEEPER_PRIOR = 0.5  # strong prior of headings below the section rank, in the section split
COARSER_HEADING_PRIOR = 0.8  # coarser than the top rank: chapter headings keep this much price relief


def _section_rank(plan: HeadingPlan) -> Optional[int]:
    below = [r for r in plan.ranks if plan.chapter_rank is None or r > plan.chapter_rank]
    return below[0] if below else None


def section_starts(plan: HeadingPlan, n: int) -> list[int]:
    """Starts of the headings one rank below the chapters: the document's own sections."""
    rank = _section_rank(plan)
    return sorted({h.sentence for h in plan.headings if h.rank == rank and not h.repeated and 0 < h.sentence < n})


def section_priors(plan: HeadingPlan, n: int) -> np.ndarray:
    """Per gap: a strong prior before headings deeper than the section rank."""
    out = np.zeros(max(0, n - 1))
    rank = _section_rank(plan)
    for h in plan.headings:
        if 0 < h.sentence < n and rank is not None and h.rank > rank and not h.repeated:
            out[h.sentence - 1] = max(out[h.sentence - 1], SECTION_DEEPER_PRIOR)
    return out


def _chapter_starts(plan: HeadingPlan, granularity: int) -> tuple[Optional[list[int]], int]:
    """``(starts, leftover)``: heading chapter starts at this granularity, or None and the steps past the ranks."""
    ranks = [r for r in plan.ranks if any(not h.repeated for h in plan.headings if h.rank == r)]
    if plan.chapter_rank is None or plan.chapter_rank not in ranks:  # one chapter (a one-page document)
        if granularity <= 0:
            return [], 0
        idx = granularity - 1
    else:
        idx = ranks.index(plan.chapter_rank) + granularity
        if idx < 0:
            return list(plan.chapters), idx
    if idx >= len(ranks):
        return None, idx - len(ranks) + 1
    return plan.starts_at(ranks[idx]), 0


def cover_starts(doc: Document, starts: Sequence[int], pins: set[int]) -> set[int]:
    """The chapter starts on the document's first page that only split off its opening lines
    from the first running text: a cover's brand and "Front cover" label, a running head
    above the first heading. Each would be a chapter of a line or two ("Redpaper",
    "Sample Agreement — page 1"); they join the chapter their lines open, which
    :func:`titling.title_chapters` names by the heading right over that text. A user's
    pin is never undone. Pages only: a text that marks its headings opens with its author's
    own first chapter."""
    from .heading_levels import is_prose

    out: set[int] = set()
    if doc.kind != "pdf" or not doc.sentences:
        return out
    first_page = doc.sentences[0].anchor.page
    read = 0  # the sentences before ``read`` are known to hold no running text
    for s in starts:
        if s in pins or doc.sentences[s].anchor.page != first_page:
            break
        if any(is_prose(doc.sentences[k].text) for k in range(read, s)):
            break
        read = s
        out.add(s)
    return out


def marked_heading_plan(doc: Document) -> Optional[HeadingPlan]:
    """The plan of a text that marks its headings (Markdown's "##"): ranks are the levels,
    and chapters start at the highest level that has two headings or more (a lone "#"
    title is not in the outline; see the transcript loader)."""
    from .segmentation_priors import marked_headings

    marked = marked_headings(doc)
    if not marked:
        return None
    headings = [Heading(sentence=s, text=text, page=0, rank=level) for s, (level, text) in sorted(marked.items())]
    plan = HeadingPlan(headings=headings)
    ranks = plan.ranks
    plan.chapter_rank = next((r for r in ranks if sum(h.rank == r for h in headings) >= 2), ranks[0])
    plan.chapters = plan.starts_at(plan.chapter_rank)
    return plan


def segment_by_headings(
    doc: Document,
    embeddings: np.ndarray,
    blocks: Optional[dict[int, list[Block]]],
    *,
    granularity: int = 0,
    pinned: Sequence[int] = (),
    forbidden: Sequence[int] = (),
    plan: Optional[HeadingPlan] = None,
    params=None,  # noqa: ANN001 - SegParams for the embedding model (None: MiniLM's)
):  # -> Optional[Segmentation]
    """A :class:`~explorer.core.segmentation.Segmentation` whose chapters follow the headings, or None."""
    from .segmentation import PARAMS, Segmentation, segment_units
    from .segmentation_priors import page_break_priors

    if not doc.sentences or (doc.kind != "pdf" and plan is None):
        return None
    plan = plan if plan is not None else heading_plan(doc, blocks)
    if plan is None:
        return None
    n = len(doc.sentences)
    texts = [s.text for s in doc.sentences]
    soft = 0.15 * page_break_priors(doc)
    user_pins = sorted({int(p) for p in pinned if 0 < int(p) < n})
    banned = {int(f) for f in forbidden if 0 < int(f) < n} - set(user_pins)
    starts, leftover = _chapter_starts(plan, granularity)
    if starts is None:
        fixed = set(plan.starts_at(max(plan.ranks))) if plan.ranks else set()
    else:
        fixed = set(starts) | set(section_starts(plan, n))
    fine = segment_units(
        texts, embeddings, priors=soft, strong=section_priors(plan, n),
        pinned=sorted((fixed | set(user_pins)) - banned),
        forbidden=sorted(banned), granularity=granularity + SECTION_GRANULARITY_STEPS + max(0, leftover - 1),
        params=params,
    )
    if starts is None:  # finer than the deepest heading rank: content splits become chapters
        chapter_starts = sorted(set(fine.boundaries) | set(user_pins))
    elif leftover < 0:  # coarser than the top rank: keep the chapter headings the content also supports
        allowed = set(starts) | set(user_pins)
        strong = np.zeros(max(0, n - 1))
        for st in starts:
            strong[st - 1] = COARSER_HEADING_PRIOR
        coarse = segment_units(
            texts, embeddings, priors=soft, pinned=user_pins, granularity=granularity, strong=strong,
            forbidden=[g for g in range(1, n) if g not in allowed or g in banned], params=params,
        )
        chapter_starts = sorted(set(coarse.boundaries) | set(user_pins))
    else:
        chapter_starts = sorted((set(starts) - banned) | set(user_pins))
    chapter_starts = [s for s in chapter_starts if 0 < s < n]
    cover = cover_starts(doc, chapter_starts, set(user_pins))
    chapter_starts = [s for s in chapter_starts if s not in cover]
    bounds = [0] + chapter_starts + [n]
    pins = set(user_pins)
    chapters = [Chapter(a, b, "", level=1, pinned=a in pins) for a, b in zip(bounds, bounds[1:])]
    sections: list[Chapter] = []
    if starts is not None:
        deeper = section_priors(plan, n)
        headed = set(section_starts(plan, n)) | set(chapter_starts) | {int(g) + 1 for g in np.flatnonzero(deeper)}
        min_units = (params or PARAMS).section_min_units
        lists = {h.sentence for h in plan.headings if is_list_chapter(h.text)}
        for ch in chapters:
            # a chapter too short for sections of its own keeps only those its headings make, and
            # so does a list (contents, an index, references: its lines' topics are no sections)
            by_content = ch.end - ch.start >= min_units and ch.start not in lists
            cuts = set(fine.boundaries) if by_content else set(fine.boundaries) & headed
            cuts -= cover
            inner = sorted(int(c) for c in cuts | set(chapter_starts)
                           if ch.start + 2 <= c < ch.end)  # a heading right under the chapter's joins it
            if inner:
                b = [ch.start] + inner + [ch.end]
                sections.extend(Chapter(s, e, "", level=2) for s, e in zip(b, b[1:]))
    log.debug("heading chapters: %d chapters, %d sections (rank %s)", len(chapters), len(sections), plan.chapter_rank)
    return Segmentation(chapters, sections, fine.scores, chapter_starts)
