"""Chapter files imported as reference chapters, and attaching them to a transcript.

Formats (sniffed by content): WebVTT chapter tracks, Podcasting 2.0 chapters JSON,
yt-dlp ``.info.json`` (``chapters``, else timestamps in ``description``), YouTube
description timestamps (``0:00 Title`` or ``Title 0:00``), ffmpeg ``;FFMETADATA1``
(``TIMEBASE``), and ID3v2 ``CHAP`` frames in an MP3 (read by hand: a dozen lines, no
new dependency).
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

from ...errors import EmptyDocument, LoadError, UnsupportedFormat
from ...model import Document, ReferenceChapter
from .common import clean_text, parse_timestamp, seconds

log = logging.getLogger(__name__)

SIBLING_SUFFIXES = (
    ".chapters.vtt",
    ".chapters.json",
    ".ffmetadata",
    ".youtube-description.txt",
    ".info.json",
)


def _chapter(title: str, start: float | None, level: int = 1) -> ReferenceChapter:
    return ReferenceChapter(title=title[:300], level=level, start_time=start)


def _sorted(chapters: list[ReferenceChapter]) -> list[ReferenceChapter]:
    return sorted(chapters, key=lambda c: c.start_time or 0.0)


def chapters_from_json(obj: Any) -> list[ReferenceChapter]:
    """Podcasting 2.0 (``startTime``), yt-dlp (``start_time``) or a bare list of chapters."""
    items = obj.get("chapters") if isinstance(obj, dict) else obj
    out: list[ReferenceChapter] = []
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, dict) or item.get("toc") is False:
                continue
            start = seconds(item.get("startTime", item.get("start_time", item.get("start"))))
            if start is None:
                continue
            title = clean_text(item["title"]) if isinstance(item.get("title"), str) else ""
            out.append(_chapter(title or f"Chapter {len(out) + 1}", start))
    if not out and isinstance(obj, dict) and isinstance(obj.get("description"), str):
        out = chapters_from_description(obj["description"])
    return _sorted(out)


_TS = r"(?:\d{1,3}:)?\d{1,2}:\d{2}"
_TS_FIRST = re.compile(rf"^\s*(?:[-*•]\s*)?[\[(]?(?P<ts>{_TS})[\])]?\s*(?:[-–—:|.]\s*)?(?P<title>\S.*?)\s*$")
_TS_LAST = re.compile(rf"^\s*(?:[-*•]\s*)?(?P<title>\S.*?)\s*(?:[-–—:|]\s*)?[\[(]?(?P<ts>{_TS})[\])]?\s*$")


def _description_lines(text: str) -> list[tuple[int, float, str]]:
    """(line number, seconds, title) of lines that look like chapter entries."""
    found = []
    for n, line in enumerate(text.split("\n")):
        m = _TS_FIRST.match(line) or _TS_LAST.match(line)
        if not m:
            continue
        t = parse_timestamp(m.group("ts"))
        title = clean_text(m.group("title")).strip(" -–—:|")
        if t is None or not title or len(title) > 120 or len(title.split()) > 14:
            continue
        found.append((n, t, title))
    return found


def chapters_from_description(text: str) -> list[ReferenceChapter]:
    """YouTube description timestamps; keeps the entries whose times increase."""
    out: list[ReferenceChapter] = []
    last = -1.0
    for _, t, title in _description_lines(text):
        if t > last:
            out.append(_chapter(title, t))
            last = t
    return out if len(out) >= 2 else []


def looks_like_description(text: str) -> bool:
    """Timestamp + short title lines that stand together (unlike Otter headers, which
    alternate with text), start at 0:00 and lie mostly 10 s or more apart (unlike the
    lines of a ``[mm:ss] text`` transcript)."""
    found = _description_lines(text)
    if len(found) < 2 or found[0][1] != 0.0:
        return False
    if sum(len(t.split()) for _, _, t in found) > 7 * len(found):
        return False  # titles are short; "0:12 so today we are going to talk about" lines are speech
    gaps = sorted(b[1] - a[1] for a, b in zip(found, found[1:]))
    if gaps[(len(gaps) - 1) // 2] < 10.0:  # YouTube wants chapters 10 s apart; transcript lines are closer
        return False
    lines = text.split("\n")
    together = 0
    for k, (n, _, _) in enumerate(found):
        nxt = next((j for j in range(n + 1, len(lines)) if lines[j].strip()), None)
        if nxt is None or (k + 1 < len(found) and found[k + 1][0] == nxt):
            together += 1
    return together >= 0.7 * len(found)


def chapters_from_ffmetadata(text: str) -> list[ReferenceChapter]:
    out: list[ReferenceChapter] = []
    for section in re.split(r"^\[CHAPTER\]\s*$", text, flags=re.MULTILINE)[1:]:
        section = re.split(r"^\[[A-Z]+\]\s*$", section, flags=re.MULTILINE)[0]
        fields: dict[str, str] = {}
        for line in section.split("\n"):
            key, sep, value = line.partition("=")
            if sep and not key.startswith((";", "#")):
                fields[key.strip().lower()] = re.sub(r"\\(.)", r"\1", value.strip())
        num, den = 1, 1000
        m = re.match(r"^\s*(\d+)\s*/\s*(\d+)\s*$", fields.get("timebase", ""))
        if m and int(m.group(1)) > 0 and int(m.group(2)) > 0:
            num, den = int(m.group(1)), int(m.group(2))
        try:
            start = int(fields.get("start", "")) * num / den
        except ValueError:
            continue
        if start < 0:
            continue
        out.append(_chapter(clean_text(fields.get("title", "")) or f"Chapter {len(out) + 1}", start))
    return _sorted(out)


def chapters_from_vtt(text: str) -> list[ReferenceChapter]:
    from .subtitles import read_blocks

    blocks, _, _ = read_blocks(text)
    return _sorted(
        [
            _chapter(clean_text(" ".join(b.lines)) or b.ident or f"Chapter {k + 1}", b.start)
            for k, b in enumerate(blocks)
        ]
    )


def _syncsafe(b: bytes) -> int:
    return (b[0] << 21) | (b[1] << 14) | (b[2] << 7) | b[3]


def _id3_text(payload: bytes) -> str:
    if not payload:
        return ""
    enc, body = payload[0], payload[1:]
    codec = {0: "latin-1", 1: "utf-16", 2: "utf-16-be", 3: "utf-8"}.get(enc, "latin-1")
    return body.decode(codec, errors="replace").replace("\x00", "").strip()


def _id3_frames(data: bytes, version: int):
    pos = 0
    while pos + 10 <= len(data):
        fid = data[pos : pos + 4]
        if not re.fullmatch(rb"[A-Z0-9]{4}", fid):
            return
        size = (
            _syncsafe(data[pos + 4 : pos + 8])
            if version == 4
            else int.from_bytes(data[pos + 4 : pos + 8], "big")
        )
        yield fid.decode(), data[pos + 10 : pos + 10 + size]
        pos += 10 + size


def chapters_from_id3(data: bytes) -> list[ReferenceChapter]:
    """ID3v2.3/2.4 ``CHAP`` frames (start in ms) with their ``TIT2`` titles."""
    if len(data) < 10 or not data.startswith(b"ID3") or data[3] not in (3, 4):
        return []
    version, flags = data[3], data[5]
    tag = data[10 : 10 + _syncsafe(data[6:10])]
    if flags & 0x40 and len(tag) >= 4:  # extended header
        ext = _syncsafe(tag[:4]) if version == 4 else int.from_bytes(tag[:4], "big") + 4
        tag = tag[ext:]
    out: list[ReferenceChapter] = []
    for fid, body in _id3_frames(tag, version):
        if fid != "CHAP":
            continue
        nul = body.find(b"\x00")
        if nul < 0 or len(body) < nul + 17:
            continue
        start_ms = int.from_bytes(body[nul + 1 : nul + 5], "big")
        title = ""
        for sub, payload in _id3_frames(body[nul + 17 :], version):
            if sub == "TIT2":
                title = clean_text(_id3_text(payload))
        out.append(_chapter(title or f"Chapter {len(out) + 1}", start_ms / 1000))
    return _sorted(out)


def sniff_chapter_file(data: bytes) -> str | None:
    """The chapter format of ``data`` ('id3', 'webvtt-chapters', 'podcast-chapters',
    'ytdlp-info', 'ffmetadata', 'youtube-description') or ``None``."""
    if data.startswith(b"ID3"):
        return "id3" if chapters_from_id3(data) else None
    from .decode import decode_text
    from .jsonfmt import is_chapter_json
    from .subtitles import looks_like_chapter_track

    try:
        text, _ = decode_text(data)
    except LoadError:
        return None
    head = text.lstrip()
    if head.startswith(";FFMETADATA"):
        return "ffmetadata"
    if head.startswith("WEBVTT"):
        return "webvtt-chapters" if looks_like_chapter_track(head) else None
    if head[:1] in "{[":
        try:
            obj = json.loads(head)
        except (ValueError, RecursionError):
            obj = None
        if obj is not None:
            if is_chapter_json(obj):
                return "ytdlp-info" if "webpage_url" in obj or "extractor" in obj else "podcast-chapters"
            return None
    if looks_like_description(text):
        return "youtube-description"
    return None


def parse_chapter_bytes(data: bytes, kind: str) -> list[ReferenceChapter]:
    if kind == "id3":
        return chapters_from_id3(data)
    from .decode import decode_text

    text, _ = decode_text(data)
    text = text.lstrip()
    if kind == "ffmetadata":
        return chapters_from_ffmetadata(text)
    if kind == "webvtt-chapters":
        return chapters_from_vtt(text)
    if kind in ("ytdlp-info", "podcast-chapters"):
        return chapters_from_json(json.loads(text))
    return chapters_from_description(text)


def _explicit_kind(data: bytes) -> str | None:
    """When the user asks for chapters explicitly, a WebVTT file of any shape is read as a
    chapter track and any text with two or more increasing timestamps as a description."""
    from .decode import decode_text

    if data.startswith(b"ID3"):
        return None
    try:
        text, _ = decode_text(data)
    except LoadError:
        return None
    if text.lstrip().startswith("WEBVTT"):
        return "webvtt-chapters"
    return "youtube-description" if chapters_from_description(text) else None


def load_chapter_file(
    path: str | os.PathLike[str] | bytes, data: bytes | None = None
) -> list[ReferenceChapter]:
    """Read a chapter file into reference chapters (``start_time`` seconds, titles, sorted).

    Raises :class:`UnsupportedFormat` when the content is no chapter format Strata
    knows and :class:`EmptyDocument` when it is one but lists no chapters.
    """
    if data is None:
        from .. import read_file

        data = read_file(os.fsdecode(path))
    try:
        kind = sniff_chapter_file(data) or _explicit_kind(data)
        if kind is None:
            raise UnsupportedFormat("this file is not a chapter list Strata can read")
        chapters = parse_chapter_bytes(data, kind)
    except LoadError:
        raise
    except (
        ValueError,
        RecursionError,
        ArithmeticError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
    ) as exc:
        log.warning("chapter parser failed", exc_info=True)
        raise LoadError(f"the chapter file is malformed ({type(exc).__name__})") from None
    if not chapters:
        raise EmptyDocument("the chapter file lists no chapters")
    return chapters


def map_reference_chapters(doc: Document, chapters: list[ReferenceChapter]) -> list[ReferenceChapter]:
    """The chapters in time order, each mapped to the sentence starting nearest its time
    (``start_sentence`` is ``None`` when the chapter has no time or starts after the last
    sentence ends).

    Nearest, not the first at or after: chapter marks and caption times are rounded
    differently (YouTube chapters to the second), so a chapter at 0:46 begins with the
    sentence at 0:45.4, not the one at 0:55."""
    timed = [(s.anchor.start, i) for i, s in enumerate(doc.sentences) if s.anchor.start is not None]
    # sentence starts can step back (overlapping cues): the first sentence at or after t is
    # found on the running maximum, which is sorted
    peaks: list[float] = []
    for t, _i in timed:
        peaks.append(t if not peaks or t > peaks[-1] else peaks[-1])
    mapped = []
    for ch in _sorted(list(chapters)):
        idx = None
        if ch.start_time is not None:
            t = ch.start_time
            k = bisect.bisect_left(peaks, t - 0.05)
            if k < len(timed):
                if k > 0 and t - timed[k - 1][0] < timed[k][0] - t:
                    k -= 1  # the sentence that starts just before the mark is nearer
                idx = timed[k][1]
            elif timed and t < (doc.sentences[timed[-1][1]].anchor.end or 0.0):
                idx = timed[-1][1]  # the mark falls inside the last sentence
        mapped.append(dataclasses.replace(ch, start_sentence=idx))
    return mapped


def attach_reference_chapters(doc: Document, chapters: list[ReferenceChapter]) -> None:
    """Store :func:`map_reference_chapters` in ``doc.reference_chapters``."""
    doc.reference_chapters = map_reference_chapters(doc, chapters)


def find_sibling_chapter_file(path: str) -> Path | None:
    """``<stem>.chapters.vtt`` etc. next to ``path``, trying shorter stems
    (``talk.voice.vtt`` finds ``talk.chapters.json``)."""
    p = Path(path)
    try:
        if not p.parent.is_dir():
            return None
    except OSError:
        return None
    parts = p.name.split(".")
    for k in range(len(parts) - 1, 0, -1):
        stem = ".".join(parts[:k])
        for suffix in SIBLING_SUFFIXES:
            cand = p.with_name(stem + suffix)
            try:
                if cand.name != p.name and cand.is_file():
                    return cand
            except OSError:
                continue
    return None
