"""Sections kept inside the chapters the user left (numpy-free: the window's chapter panel
imports it at launch, before any analysis)."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .model import Chapter


def fit_sections(sections: Sequence[Chapter], chapters: Sequence[Chapter],
                 automatic: Sequence[Chapter] = ()) -> list[Chapter]:
    """Sections cut to the current chapters, so that none straddles a chapter boundary.

    Sections come from the automatic segmentation; after the user moves, splits or
    merges chapters, a section may cross a new boundary. Each section is clipped to
    every chapter it overlaps (keeping its title). The tail of a section that began in
    the chapter before joins the chapter's first own section: the chapter's start is a
    new topic, and the tail would repeat the earlier section's title under another
    chapter. A chapter left with a single section spanning all of it has no sections,
    since one section would only repeat it.

    ``automatic``: the chapters before the user's corrections. One that a merge took
    into another chapter becomes a section of it, in place of its own first section
    and up to its second: merging "1 Introduction" with "2 Constructing the corpus"
    keeps "2 Constructing the corpus" in the tree, followed by "2.2 Processing LaTeX".
    """
    secs = sorted(sections, key=lambda s: s.start)
    merged = _merged_away(automatic, chapters)
    if merged:
        heads = {a.start for a in merged}
        secs = sorted([s for s in secs if s.start not in heads] + [replace(a, level=2) for a in merged],
                      key=lambda s: s.start)
        # each section runs to the next one's start (a merged chapter's heading stops
        # where its own second section begins)
        secs = [replace(s, end=min(s.end, nxt.start)) if nxt.start > s.start else s
                for s, nxt in zip(secs, secs[1:])] + secs[-1:]
    out: list[Chapter] = []
    for ch in chapters:
        overlapping = [s for s in secs if s.start < ch.end and s.end > ch.start]
        pieces = [replace(s, start=max(s.start, ch.start), end=min(s.end, ch.end), level=2) for s in overlapping]
        if len(pieces) >= 2 and overlapping[0].start < ch.start:  # a tail of the chapter before's section
            pieces[1:2] = [replace(pieces[1], start=ch.start)]
            del pieces[0]
        if len(pieces) == 1 and pieces[0].start == ch.start and pieces[0].end == ch.end:
            continue
        out.extend(pieces)
    return out


def _merged_away(automatic: Sequence[Chapter], chapters: Sequence[Chapter]) -> list[Chapter]:
    """The automatic chapters that now lie inside another chapter: no chapter starts
    between the middle of the automatic chapter before and the middle of this one (a
    boundary moved a few sentences, either way, leaves its chapter in place)."""
    if not automatic or not chapters:
        return []
    auto = sorted(automatic, key=lambda c: c.start)
    starts = [c.start for c in chapters]
    out = []
    for prev, a in zip(auto, auto[1:]):
        lo, hi = (prev.start + prev.end) / 2, (a.start + a.end) / 2
        if not any(lo < s <= hi for s in starts):
            out.append(a)
    return out
