"""Transcript loading: sniff the format from the content, parse, clean up, build sentences.

Public API (the rest of the app relies on exactly these):

* :func:`load_transcript` ``(path, data, *, progress=None, cancel=None) -> Document``
* :func:`load_chapter_file` ``(path, data=None) -> list[ReferenceChapter]``
* :func:`attach_reference_chapters` ``(doc, chapters) -> None``
* :func:`sniff_chapter_file` ``(data) -> str | None``: lets a caller route chapter
  files (which are not transcripts) to :func:`load_chapter_file`.

Formats (``Document.format``), sniffed from the content, never the extension:
``webvtt`` (voice tags, Teams, Zoom, YouTube rolling auto-captions), ``srt``,
``whisper-json``, ``whisperx-json``, ``whisper.cpp-json``, ``youtube-json3``,
``youtube-timedtext``, ``podcast-json``, ``podcast-html``, ``otter``, ``rev``, ``bracket``
(also yt-dlp Markdown dumps with front-matter chapters), ``docx``, ``speaker-text``,
``segments-json``, ``cues-json`` (Strata's normalized JSON) and ``plain``. Any readable
prose that is none of these (a licence, a Markdown page) loads as ``plain``: there is no
honest way to tell a paragraph-per-turn transcript from other prose, and refusing text
would refuse real untimed transcripts.

Untimed formats (``plain``, ``speaker-text``) give ``duration=None``, sentence anchors
without times, and cues with ``start == end == 0.0`` (``metadata["timed"] == "no"``).
Chapter lists given to :func:`load_transcript` raise :class:`ChapterFileNotTranscript`
(an :class:`UnsupportedFormat` carrying the chapters), so a caller can still show them.

Only :class:`~explorer.core.errors.LoadError` subclasses leave this package: a parser
bug on odd input becomes a ``LoadError`` naming the exception type, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from ...errors import EmptyDocument, LoadError, UnsupportedFormat
from ...model import Cue, Document, ReferenceChapter
from ...progress import Cancelled, CancelToken, Progress, check, report
from .chapters import (
    attach_reference_chapters,
    find_sibling_chapter_file,
    load_chapter_file,
    looks_like_description,
    sniff_chapter_file,
)
from .common import Parsed
from .decode import decode_text
from .merge import build_sentences

__all__ = [
    "ChapterFileNotTranscript",
    "attach_reference_chapters",
    "load_chapter_file",
    "load_transcript",
    "sniff_chapter_file",
]

log = logging.getLogger(__name__)


class ChapterFileNotTranscript(UnsupportedFormat):
    """The file is a chapter list, not a transcript; ``chapters`` holds what it lists."""

    def __init__(self, message: str, chapters: list[ReferenceChapter]) -> None:
        super().__init__(message)
        self.chapters = chapters


def _sniff_and_parse(data: bytes) -> tuple[Parsed, str]:
    """Parse ``data`` with the parser its content calls for; returns (parsed, encoding)."""
    if data.startswith(b"PK\x03\x04"):
        if b"word/" not in data[:65536]:
            raise UnsupportedFormat("this is a ZIP archive, not a transcript")
        from .docx import parse_docx

        return parse_docx(data), "docx"
    text, encoding = decode_text(data)
    head = text.lstrip()
    if not head:
        raise EmptyDocument("the transcript has no text")
    if head.startswith("WEBVTT"):
        from .subtitles import looks_like_chapter_track, parse_subtitles

        if looks_like_chapter_track(head):
            raise _chapter_error(data)
        return parse_subtitles(head, "webvtt"), encoding
    if head.startswith(";FFMETADATA"):
        raise _chapter_error(data)
    if head[:1] in "{[":
        parsed = _try_json(head)
        if parsed is not None:
            return parsed, encoding
    if head[:1] == "<":
        from .markup import is_timedtext, parse_html, parse_timedtext

        return (parse_timedtext(head) if is_timedtext(head) else parse_html(head)), encoding
    if _looks_like_srt(head):
        from .subtitles import parse_subtitles

        return parse_subtitles(head, "srt"), encoding
    if looks_like_description(head):
        raise _chapter_error(data)
    from .textfmt import parse_text

    parsed = parse_text(head)
    if parsed.format == "plain" and head[:1] == "{" and '":' in head[:200]:
        raise LoadError("the file looks like JSON but is not valid JSON")
    return parsed, encoding


def _looks_like_srt(text: str) -> bool:
    """A ``start --> end`` line among the first three non-blank lines (SRT, or WebVTT
    without its header); a Markdown page quoting a caption further down is not one."""
    from .subtitles import is_timing_line

    head = [ln for ln in text.split("\n", 50)[:50] if ln.strip()][:3]
    return any(is_timing_line(ln) for ln in head)


def _try_json(text: str) -> Parsed | None:
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    from .chapters import chapters_from_json
    from .jsonfmt import detect_json, is_chapter_json, parse_json

    fmt = detect_json(obj)
    if fmt is None:
        if is_chapter_json(obj):
            raise ChapterFileNotTranscript(
                "this is a chapter list, not a transcript; open the transcript next to it",
                chapters_from_json(obj),
            )
        raise UnsupportedFormat("this JSON file is not a transcript format Strata knows")
    parsed = parse_json(obj, fmt)
    if isinstance(obj, dict) and isinstance(obj.get("chapters"), list):
        parsed.chapters = chapters_from_json(obj)
    return parsed


def _chapter_error(data: bytes) -> ChapterFileNotTranscript:
    kind = sniff_chapter_file(data)
    chapters: list[ReferenceChapter] = []
    if kind:
        from .chapters import parse_chapter_bytes

        chapters = parse_chapter_bytes(data, kind)
    return ChapterFileNotTranscript(
        "this is a chapter list, not a transcript; open the transcript next to it", chapters
    )


def _finish(parsed: Parsed) -> tuple[list[Cue], list, list[str]]:
    """Drop empty cues, order by start time, index; count and report skipped cues."""
    warnings: list[str] = []
    raw = [c for c in parsed.cues if c.text]
    timed = [c for c in raw if c.start is not None]
    if timed and len(timed) < len(raw):
        warnings.append(f"{len(raw) - len(timed)} cues without times were skipped")
        raw = timed
    if timed:
        raw.sort(key=lambda c: c.start)  # stable: file order among equal starts
    cues: list[Cue] = []
    words = []
    for k, c in enumerate(raw):
        start = c.start if c.start is not None else 0.0
        end = c.end if c.end is not None and c.end >= start else start
        cues.append(Cue(index=k, start=start, end=end, text=c.text, speaker=c.speaker))
        words.append(c.words if c.start is not None else None)
    if parsed.malformed:
        noun = "cue" if parsed.malformed == 1 else "cues"
        warnings.append(f"{parsed.malformed} {noun} with malformed timestamps were skipped")
    return cues, words, warnings


_FORMAT_WORDS = frozenset(
    [
        "voice",
        "teams",
        "zoom",
        "otter",
        "rev",
        "bracket",
        "plain",
        "whisper",
        "whisperx",
        "podcast-transcript",
        "transcript",
        "timedtext",
        "json3",
        "srv1",
        "srv3",
        "captions",
        "subtitles",
        "subs",
        "auto",
        "en",
        "en-us",
        "en-gb",
        "de",
        "fr",
        "es",
    ]
)


def _title(path: str, parsed: Parsed) -> str:
    """The title the file gives, else the file name without extension and format words
    (``talk.en.whisper.json`` -> ``talk``)."""
    if parsed.title:
        return parsed.title
    parts = Path(path).name.split(".")
    if len(parts) > 1:
        parts = parts[:-1]
    while len(parts) > 1 and parts[-1].lower() in _FORMAT_WORDS:
        parts.pop()
    return ".".join(parts).strip() or "Untitled transcript"


def load_transcript(
    path: str,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Document:
    """Load a transcript from ``data`` (``path`` names it and locates sibling chapter files).

    Raises :class:`UnsupportedFormat` (not a transcript; :class:`ChapterFileNotTranscript`
    for chapter lists), :class:`EmptyDocument` (no text) or :class:`LoadError` (malformed).
    """
    report(progress, 0.0, "Reading transcript")
    if not data:
        raise EmptyDocument("the file is empty (0 bytes)")
    try:
        parsed, encoding = _sniff_and_parse(data)
        check(cancel)
        report(progress, 0.4, "Building sentences")
        cues, words, warnings = _finish(parsed)
        if not cues:
            if parsed.malformed:
                if parsed.malformed == 1:
                    raise LoadError("the only cue has a malformed timestamp")
                raise LoadError(f"all {parsed.malformed} cues have malformed timestamps")
            raise EmptyDocument("the transcript has no text")
        timed = any(c.start is not None for c in parsed.cues)
        sentences = build_sentences(cues, words, timed=timed, cancel=cancel)
    except (LoadError, Cancelled):
        raise
    except (
        RecursionError,
        MemoryError,
        ArithmeticError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
    ) as exc:
        log.warning("transcript parser failed on %s", path, exc_info=True)
        raise LoadError(f"the transcript could not be parsed ({type(exc).__name__})") from None
    if not sentences:
        raise EmptyDocument("the transcript has no text")
    doc = Document(
        id=hashlib.sha256(data).hexdigest(),
        path=str(path),
        kind="transcript",
        format=parsed.format,
        title=_title(str(path), parsed),
        sentences=sentences,
        cues=cues,
        metadata={**parsed.metadata, "encoding": encoding, "timed": "yes" if timed else "no"},
        warnings=parsed.warnings + warnings,
        duration=max(c.end for c in cues) if timed else None,
        size_bytes=len(data),
    )
    if parsed.chapters:
        attach_reference_chapters(doc, parsed.chapters)
        doc.metadata["chapters_source"] = "chapters imported from the transcript file"
    elif timed:
        _attach_sibling(doc)
    report(progress, 1.0, "Transcript loaded")
    return doc


def _attach_sibling(doc: Document) -> None:
    sibling = find_sibling_chapter_file(doc.path)
    if sibling is None:
        return
    try:
        chapters = load_chapter_file(sibling)
    except LoadError as exc:
        doc.warnings.append(f"chapter file {sibling.name} was not used: {exc}")
        return
    attach_reference_chapters(doc, chapters)
    doc.metadata["chapters_source"] = f"chapters imported from {sibling.name}"
