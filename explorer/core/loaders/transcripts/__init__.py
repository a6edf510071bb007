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
``segments-json``, ``cues-json`` (Strata's normalized JSON), ``markdown`` and ``html``
(documents whose headings become the outline) and ``plain``. Any readable prose that is
none of these (a licence, a letter) loads as ``plain``: there is no
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
import logging
from pathlib import Path

from ...errors import EmptyDocument, LoadError, UnsupportedFormat
from ...model import Cue, Document, ReferenceChapter
from ...progress import Cancelled, CancelToken, Progress, check, report
from .chapters import (
    attach_reference_chapters,
    find_sibling_chapter_file,
    load_chapter_file,
    sniff_chapter_file,
)
from .common import Parsed
from .merge import build_sentences
from .sniff import ChapterFileNotTranscript, sniff_and_parse

__all__ = [
    "ChapterFileNotTranscript",
    "attach_reference_chapters",
    "load_chapter_file",
    "load_transcript",
    "sniff_chapter_file",
]

log = logging.getLogger(__name__)

HEADINGS_SOURCE = "the document's headings"  # ``metadata["chapters_source"]`` of a Markdown or HTML outline


def marks_its_headings(doc: Document) -> bool:
    """Whether the document's outline is headings its text marks itself (Markdown, a web page)."""
    return doc.metadata.get("chapters_source") == HEADINGS_SOURCE


def _finish(parsed: Parsed) -> tuple[list[Cue], list, list[str], bool]:
    """Drop empty cues, order by start time, index; count and report skipped cues.
    Returns ``(cues, words per cue, warnings, timed)``."""
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
        cues.append(Cue(index=k, start=start, end=end, text=c.text, speaker=c.speaker, code_indent=c.code_indent))
        words.append(c.words if c.start is not None else None)
    if parsed.malformed:
        if parsed.malformed == 1:
            warnings.append("1 cue with a malformed timestamp was skipped")
        else:
            warnings.append(f"{parsed.malformed} cues with malformed timestamps were skipped")
    return cues, words, warnings, bool(timed)


_FORMAT_WORDS = frozenset(
    "voice teams zoom otter rev bracket plain whisper whisperx podcast-transcript transcript timedtext "
    "json3 srv1 srv3 ttml dfxp sbv captions subtitles subs auto en en-us en-gb de fr es".split()  # noqa: SIM905
)


MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})

# formats whose cues are paragraphs or speaker turns: a sentence never runs across them
_PARAGRAPH_FORMATS = frozenset({"plain", "markdown", "html", "speaker-text", "otter", "rev", "podcast-html"})


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
        parsed, encoding = sniff_and_parse(data, markdown=Path(path).suffix.lower() in MARKDOWN_SUFFIXES)
        if Path(path).suffix.lower() in (".csv", ".tsv") and parsed.format not in ("csv", "tsv"):
            # a data table (a folder import meets many): not a transcript read as prose
            raise UnsupportedFormat("this table is not a transcript: its header needs a text column "
                                    "and a start time or speaker column")
        check(cancel)
        report(progress, 0.4, "Building sentences")
        cues, words, warnings, timed = _finish(parsed)
        if not cues:
            if parsed.malformed:
                if parsed.malformed == 1:
                    raise LoadError("the only cue has a malformed timestamp")
                raise LoadError(f"all {parsed.malformed} cues have malformed timestamps")
            raise EmptyDocument("the transcript has no text")
        layout = parsed.metadata.get("layout", parsed.format)
        sentences = build_sentences(
            cues, words, timed=timed, cue_breaks=layout in _PARAGRAPH_FORMATS, cancel=cancel
        )
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
    if parsed.headings:
        doc.reference_chapters = _heading_outline(parsed.headings, sentences, doc.title)
        doc.metadata["chapters_source"] = HEADINGS_SOURCE
    elif parsed.chapters:
        attach_reference_chapters(doc, parsed.chapters)
        doc.metadata["chapters_source"] = "chapters imported from the transcript file"
    elif timed:
        _attach_sibling(doc)
    report(progress, 1.0, "Transcript loaded")
    return doc


def _heading_outline(headings: list[tuple[int, int, str]], sentences: list,
                     doc_title: str) -> list[ReferenceChapter]:
    """The outline of a text that marks its headings: each at the first sentence of its cue.
    A lone top-level heading that opens the outline is the document's title, not its one
    chapter: the outline's top is then the level under it; unless the text shows the
    ``doc_title`` before it (a Word report's Title paragraph above one "Heading 1" over its
    sections), when it is a chapter like any other."""
    first: dict[int, int] = {}
    for i, s in enumerate(sentences):
        for k in s.anchor.cues[:1]:
            first.setdefault(k, i)
    top = [h for h in headings if h[1] == 1]
    if len(top) == 1 and headings[0] is top[0] and len(headings) > 1:
        start = first.get(top[0][0], 0)
        titled_above = any(s.text.split() == doc_title.split() for s in sentences[:start])
        if not titled_above:
            headings = headings[1:]
    return [ReferenceChapter(title, level, first.get(cue)) for cue, level, title in headings]


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
