"""Sections kept inside the chapters the user left (numpy-free: the window's chapter panel
imports it at launch, before any analysis)."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .model import Chapter


def fit_sections(sections: Sequence[Chapter], chapters: Sequence[Chapter]) -> list[Chapter]:
    """Sections cut to the current chapters, so that none straddles a chapter boundary.

    Sections come from the automatic segmentation; after the user moves, splits or
    merges chapters, a section may cross a new boundary. Each section is clipped to
    every chapter it overlaps (keeping its title). The tail of a section that began in
    the chapter before joins the chapter's first own section: the chapter's start is a
    new topic, and the tail would repeat the earlier section's title under another
    chapter. A chapter left with a single section spanning all of it has no sections,
    since one section would only repeat it.
    """
    out: list[Chapter] = []
    secs = sorted(sections, key=lambda s: s.start)
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
