"""The transcript itself as subtitles, with what the analyst corrected in it.

WebVTT gives each cue its speaker's name as a voice tag (``<v Alice Moreau>``) and marks
each chapter with a ``NOTE`` block where it starts; SRT puts ``Alice Moreau:`` before
the text (it has no place for chapters). So a player, a subtitle editor or a
qualitative-analysis package reads the transcript with the names given in Strata in
place of a diariser's ``SPEAKER_01``, and the chapters as left.
"""
from __future__ import annotations

from typing import Sequence

from .exports import format_clock
from .model import Chapter, Document


def _stamp(t: float, decimal: str) -> str:
    return format_clock(t, millis=True).replace(".", decimal)


def _escape(text: str) -> str:
    """WebVTT cue text: its three reserved characters as entities (so no "-->" either)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _note(n: int, title: str) -> list[str]:
    """A chapter's ``NOTE`` block (a NOTE may not hold "-->")."""
    return [f"NOTE Chapter {n}: {' '.join(title.replace('-->', '→').split())}", ""]


def _chapter_starts(doc: Document, chapters: Sequence[Chapter]) -> list[tuple[float, int, str]]:
    """(start time, number, title) of each top-level chapter that has a time."""
    out = []
    for n, ch in enumerate(sorted((c for c in chapters if c.level == 1), key=lambda c: c.start), 1):
        if 0 <= ch.start < len(doc.sentences) and doc.sentences[ch.start].anchor.start is not None:
            out.append((float(doc.sentences[ch.start].anchor.start), n, ch.title))
    return out


def to_webvtt_transcript(doc: Document, chapters: Sequence[Chapter] = ()) -> str:
    """The cues as WebVTT, speakers as voice tags, a ``NOTE Chapter N: title`` before the
    first cue of each chapter."""
    marks = _chapter_starts(doc, chapters)
    lines = ["WEBVTT", ""]
    k = 0
    for cue in doc.cues:
        while k < len(marks) and marks[k][0] <= cue.start + 1e-6:
            lines += _note(marks[k][1], marks[k][2])
            k += 1
        text = " ".join(cue.text.split())
        if not text:
            continue
        voice = f"<v {_escape(' '.join(cue.speaker.split()))}>" if cue.speaker else ""
        lines += [f"{_stamp(cue.start, '.')} --> {_stamp(max(cue.end, cue.start), '.')}", voice + _escape(text), ""]
    for _t, n, title in marks[k:]:  # a chapter after the last cue (an imported list): still listed
        lines += _note(n, title)
    return "\n".join(lines)


def to_srt_transcript(doc: Document) -> str:
    """The cues as SRT, each with ``Name:`` before its text when it has a speaker."""
    blocks = []
    for cue in doc.cues:
        text = " ".join(cue.text.split())
        if not text:
            continue
        who = f"{' '.join(cue.speaker.split())}: " if cue.speaker else ""
        blocks.append(f"{len(blocks) + 1}\n{_stamp(cue.start, ',')} --> {_stamp(max(cue.end, cue.start), ',')}\n"
                      f"{who}{text}\n")
    return "\n".join(blocks)
