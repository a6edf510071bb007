"""Blocks the document readers share (Markdown, web pages, Word, OpenDocument): a table
row and a code listing as cues, how a paragraph style says "code", and run-in headings
split from their paragraphs.

Each reader turns its own markup into paragraphs; what a row or a listing becomes is
decided once here, so a table reads the same from a .docx as from a .md file and a
listing keeps its lines in all four.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ...heading_text import reads_as_run_in_heading
from .common import Parsed, RawCue

_WS = re.compile(r"\s+")
# paragraph styles that hold code: Word's "HTML Preformatted", "Macro Text" and "Plain
# Text", pandoc's "Source Code", LibreOffice's "Preformatted Text", and house styles
# named "Code", "Listing", "Verbatim"
_CODE_STYLE = re.compile(
    r"code|preformatted|listing|verbatim|macro\s*text|plain\s*text|source\s*code", re.IGNORECASE)
# typefaces a hand-formatted listing is set in
_MONOSPACE = re.compile(
    r"courier|consolas|menlo|monaco|mono|lucida console|fixedsys|typewriter", re.IGNORECASE)


def row_cue(cells: Iterable[str]) -> RawCue | None:
    """A table row as one cue, its non-empty cells joined by " | "; ``None`` for an empty row."""
    kept = [c for c in cells if c]
    return RawCue(None, None, " | ".join(kept)) if kept else None


def code_cues(text: str) -> list[RawCue]:
    """A code listing as one cue per non-blank line, with the line's indentation (a tab as
    four spaces; a listing whose lines are paragraphs of their own comes a line at a time).
    A listing run together on one line ("def f(x): return x + 1 if __name__ ...") cannot be
    read, and its words would be cut into sentences at a word cap, mid-statement; a line is
    a listing's natural unit.
    Spaces inside a line are collapsed as everywhere else (a row shows words, not columns)."""
    cues = []
    for raw in text.expandtabs(4).splitlines():
        line = _WS.sub(" ", raw).strip()
        if line:
            cues.append(RawCue(None, None, line, code_indent=len(raw) - len(raw.lstrip())))
    return cues


def is_code_style(style_name: str | None) -> bool:
    """Whether a paragraph style's name says it holds code."""
    return bool(style_name) and bool(_CODE_STYLE.search(style_name))


def is_monospace(font_name: str | None) -> bool:
    """Whether a typeface is a fixed-width one, as hand-formatted code is set in."""
    return bool(font_name) and bool(_MONOSPACE.search(font_name))


MIN_RUN_IN = 2  # a document's run-in headings: one alone may be emphasis


def run_in_parts(text: str, opening: str, label: str = "") -> tuple[str, str] | None:
    """``(heading, rest)`` when a paragraph's ``text`` (without its list number ``label``)
    opens with the emphasised words ``opening``, goes on after them, and those words (the
    number before them) read as a run-in heading (:func:`heading_text.reads_as_run_in_heading`)."""
    if not opening or not text.startswith(opening) or len(text) <= len(opening):
        return None
    head = f"{label} {opening}" if label else opening
    return (head, text[len(opening):].strip()) if reads_as_run_in_heading(head) else None


def split_run_ins(parsed: Parsed, found: dict[int, tuple[str, str]]) -> None:
    """Each cue in ``found`` (cue index -> (heading, the rest of its paragraph)) becomes two:
    the heading, one level below the document's deepest styled heading (level 1 without any),
    and its paragraph; nothing changes unless ``MIN_RUN_IN`` paragraphs open so."""
    if len(found) < MIN_RUN_IN:
        return
    level = min(9, max((lv for _i, lv, _t in parsed.headings), default=0) + 1)
    moved: dict[int, int] = {}
    heads: list[tuple[int, int, str]] = []
    cues: list[RawCue] = []
    for i, cue in enumerate(parsed.cues):
        moved[i] = len(cues)
        if i in found:
            head, rest = found[i]
            heads.append((len(cues), level, head))
            cues.append(RawCue(None, None, head))
            cue = RawCue(None, None, rest)
        cues.append(cue)
    parsed.headings = sorted([(moved[i], lv, t) for i, lv, t in parsed.headings] + heads)
    parsed.cues = cues


NOTES_LABEL = "Notes:"


def speaker_notes(texts: Iterable[str]) -> list[RawCue]:
    """A slide's speaker notes as cues after its text, the first led by "Notes:" so that a
    reader (and a search hit) tells what the presenter says from what the slide shows."""
    cues = [RawCue(None, None, t) for t in texts if t]
    if cues:
        cues[0].text = f"{NOTES_LABEL} {cues[0].text}"
    return cues
