"""Chapters taken from an outline the analyst already has, instead of the machine's.

The outline is a list of :class:`~explorer.core.model.ReferenceChapter`: a PDF's
bookmarks, the outline built from its headings, the chapter file found next to a
transcript, or a chapter file the user imports (Podcasting 2.0 JSON, WebVTT chapters,
ffmetadata, a YouTube description, an MP3's ID3 chapters, ...). :func:`use_outline`
turns its top level into one :class:`~explorer.core.edits.UseChapters` edit, so the
window and ``strata-cli edit`` adopt it as one undoable, saved correction.
"""
from __future__ import annotations

from typing import Sequence

from .edits import EditError, UseChapters
from .errors import StrataError
from .model import Document, ReferenceChapter


def use_outline(reference: Sequence[ReferenceChapter], source: str = "the outline") -> UseChapters:
    """The edit that makes the top level of ``reference`` the chapters.

    Entries that could not be placed in the text (``start_sentence is None``) are left
    out; the top level is the smallest level among the others. Raises
    :class:`EditError` when no entry is placed.
    """
    placed = [r for r in reference if r.start_sentence is not None]
    if not placed:
        raise EditError(f"{source} has no chapter that could be placed in the text")
    top = min(r.level for r in placed)
    entries = sorted((r for r in placed if r.level == top), key=lambda r: r.start_sentence)  # type: ignore[arg-type,return-value]
    return UseChapters(
        tuple(int(r.start_sentence) for r in entries),  # type: ignore[arg-type]
        tuple(r.title for r in entries),
        source,
    )


def place_chapters(doc: Document, chapters: Sequence[ReferenceChapter], name: str) -> list[ReferenceChapter]:
    """``chapters`` (times in seconds) mapped onto ``doc``'s sentences.

    Raises :class:`StrataError` when ``doc`` has no times to place them by (a PDF, a
    plain transcript without timestamps) or when every chapter starts after its end.
    """
    from .loaders.transcripts.chapters import map_reference_chapters

    if doc.kind != "transcript" or not any(s.anchor.start is not None for s in doc.sentences):
        raise StrataError(
            f"{name} gives chapter start times, and this document has no times to place them by"
        )
    if not any(c.start_time is not None for c in chapters):
        raise StrataError(f"{name} gives no start times")
    mapped = map_reference_chapters(doc, list(chapters))
    if all(c.start_sentence is None for c in mapped):
        last = max(c.start_time for c in chapters if c.start_time is not None)
        raise StrataError(
            f"every chapter in {name} starts after this transcript ends "
            f"(the first at {min(c.start_time for c in chapters if c.start_time is not None):.0f} s, "
            f"the last at {last:.0f} s): is it the chapter file of another recording?"
        )
    return mapped
