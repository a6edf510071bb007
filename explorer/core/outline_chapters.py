"""Chapters taken from an outline the analyst already has, instead of the machine's.

The outline is a list of :class:`~explorer.core.model.ReferenceChapter`: a PDF's
bookmarks, the outline built from its headings, the chapter file found next to a
transcript, or a chapter file the user imports (Podcasting 2.0 JSON, WebVTT chapters,
ffmetadata, a YouTube description, an MP3's ID3 chapters, ... for a timed transcript;
a table of contents or an exported outline for a PDF, :mod:`explorer.core.page_chapters`). :func:`use_outline`
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

    if not doc.has_times:
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


def read_chapter_file(path: str, paged: bool) -> list:
    """The entries of a chapter file: pages for a paged document (``paged``: a PDF or an
    e-book), start times for a transcript. Raises :class:`~explorer.core.errors.LoadError`
    subclasses for a file that cannot be read as one."""
    from pathlib import Path

    if paged:
        from .page_chapters import load_page_chapter_file

        return load_page_chapter_file(Path(path))
    from .loaders.transcripts.chapters import load_chapter_file

    return load_chapter_file(Path(path))


def place_chapter_file(doc: Document, entries: Sequence, name: str) -> list[ReferenceChapter]:
    """:func:`read_chapter_file`'s entries placed on ``doc``'s sentences, by page or by time."""
    if doc.kind == "pdf":
        from .page_chapters import place_page_chapters

        return place_page_chapters(doc, entries, name)
    return place_chapters(doc, entries, name)


def left_out_message(doc: Document, placed: Sequence[ReferenceChapter], name: str) -> str:
    """What to say about the entries that found no place ("" when all did)."""
    left = sum(c.start_sentence is None for c in placed)
    if not left:
        return ""
    where = "fall on no page of this document" if doc.kind == "pdf" else "start after the transcript ends"
    return f"{left} of the {len(placed)} chapters in {name} {where} and were left out."
