"""Transcripts kept as tables: CSV or TSV with a header row, one row per utterance.

Descript, Sonix, Happy Scribe, Trint and Premiere Pro export transcripts this way, and
analysts keep their own in spreadsheets. The header names the columns, and the names
are matched loosely ("Start Time", "start_time", "In", "Begin", "Speaker Name",
"Transcript"...): a text column is required, with a start time or a speaker.

Times may be ``hh:mm:ss.fff``, ``mm:ss``, seconds (``62.5``), milliseconds where the
column says so (``start_ms``), or a timecode with frames (``00:01:02:12``, or ``;``
as Premiere writes it; frames are read at 30 per second, within a second either way).
A row whose time cannot be read keeps its text, placed after the row before it (and the
document says so).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Optional

from .common import Parsed, RawCue, apply_speaker_prefixes, clean_speaker, clean_text, fill_ends, seconds

_DELIMITERS = ("\t", ",", ";", "|")
_START = {"start", "begin", "from", "in", "timestamp", "time", "timecode", "offset", "starttime", "start_time"}
_END = {"end", "stop", "to", "out", "finish", "endtime", "end_time"}
_SPEAKER = {"speaker", "name", "participant", "voice", "person", "who", "talker", "character", "actor", "role",
            "speakers", "speaker_name", "speakername"}
_TEXT = {"text", "transcript", "transcription", "content", "utterance", "sentence", "words", "dialogue",
         "dialog", "caption", "subtitle", "line", "says", "speech", "message", "body"}
_MS = {"ms", "msec", "millis", "milliseconds"}
_TIMECODE = re.compile(r"^\s*(\d{1,3})[:;](\d{1,2})[:;](\d{1,2})[:;](\d{1,3})\s*$")
FRAMES_PER_SECOND = 30.0


@dataclass
class _Columns:
    delimiter: str
    text: int
    start: Optional[int] = None
    end: Optional[int] = None
    duration: Optional[int] = None
    speaker: Optional[int] = None
    start_ms: bool = False
    end_ms: bool = False
    width: int = 0  # fields in the header


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z]+", name.lower())


def _columns(header: list[str], delimiter: str) -> Optional[_Columns]:
    """The role of each header name, or None when the header is not a transcript table's."""
    roles: dict[str, int] = {}
    ms: dict[str, bool] = {}
    for i, name in enumerate(header):
        words = _words(name)
        if not words or len(words) > 4:
            return None  # a header is names, not a sentence
        joined = "".join(words)
        kind = None
        if "duration" in words or "length" in words:
            kind = "duration"
        elif words[0] in _END or joined in _END or (len(words) > 1 and words[-1] in _END - {"to"}):
            kind = "end"
        elif words[0] in _START or joined in _START:
            kind = "start"
        elif set(words) & _SPEAKER or joined in _SPEAKER:
            kind = "speaker"
        elif set(words) & _TEXT:
            kind = "text"
        if kind is not None and kind not in roles:
            roles[kind] = i
            ms[kind] = bool(set(words) & _MS)
    if "text" not in roles or not ({"start", "speaker"} & set(roles)):
        return None
    return _Columns(delimiter, roles["text"], roles.get("start"), roles.get("end"), roles.get("duration"),
                    roles.get("speaker"), ms.get("start", False), ms.get("end", False) or ms.get("duration", False),
                    len(header))


def table_columns(text: str) -> Optional[_Columns]:
    """How to read ``text`` as a transcript table, or None when it is not one: a header
    naming a text column and a start or speaker column, and rows with as many fields."""
    lines = [ln for ln in text.lstrip("\ufeff").split("\n", 40)[:40] if ln.strip()]
    if len(lines) < 2:
        return None
    for delimiter in _DELIMITERS:
        if delimiter not in lines[0]:
            continue
        rows = list(csv.reader(lines[:12], delimiter=delimiter))
        header = [h.strip() for h in rows[0]]
        if len(header) < 2:
            continue
        columns = _columns(header, delimiter)
        if columns is None:
            continue
        body = rows[1:]
        needed = columns.text + 1
        if body and sum(len(r) >= needed for r in body) >= max(1, (len(body) + 1) // 2):
            return columns
    return None


def _time(value: str, in_ms: bool) -> Optional[float]:
    value = value.strip()
    if not value:
        return None
    m = _TIMECODE.match(value)
    if m:
        h, mi, s, frames = (int(g) for g in m.groups())
        if mi >= 60 or s >= 60:
            return None
        return h * 3600 + mi * 60 + s + min(frames, FRAMES_PER_SECOND - 1) / FRAMES_PER_SECOND
    t = seconds(value.replace(",", ".") if value.count(",") == 1 and ":" not in value else value)
    if t is not None and in_ms and ":" not in value:
        t /= 1000.0
    return t


def parse_table(text: str, columns: _Columns) -> Parsed:
    """The rows of a transcript table (see :func:`table_columns`) as cues."""
    parsed = Parsed("tsv" if columns.delimiter == "\t" else "csv", [])
    reader = csv.reader(text.lstrip("\ufeff").splitlines(), delimiter=columns.delimiter)
    next(reader, None)  # the header
    guessed = 0
    for row in reader:
        if len(row) <= columns.text:
            if any(cell.strip() for cell in row):
                parsed.malformed += 1
            continue
        cell = row[columns.text]
        if columns.text == columns.width - 1 and len(row) > columns.width:
            cell = columns.delimiter.join(row[columns.text:])  # the text's own commas, unquoted
        said = clean_text(cell)
        if not said:
            continue
        start = end = None
        if columns.start is not None and columns.start < len(row):
            start = _time(row[columns.start], columns.start_ms)
            if start is None and parsed.cues and parsed.cues[-1].start is not None:
                # kept in its place, after the row before it, rather than dropped
                before = parsed.cues[-1]
                start = before.end if before.end is not None else before.start
                guessed += 1
        if start is not None and columns.end is not None and columns.end < len(row):
            end = _time(row[columns.end], columns.end_ms)
        elif start is not None and columns.duration is not None and columns.duration < len(row):
            length = _time(row[columns.duration], columns.end_ms)
            end = start + length if length is not None else None
        if end is not None and start is not None and end < start:
            end = None  # a slip in one cell costs the end time only
        speaker = None
        if columns.speaker is not None and columns.speaker < len(row):
            speaker = clean_speaker(row[columns.speaker])
        parsed.cues.append(RawCue(start, end, said, speaker))
    if guessed:
        parsed.warnings.append(f"{guessed} row{'s' if guessed > 1 else ''} had a time that could not be read "
                               "and kept the place after the row before")
    if columns.speaker is None:
        apply_speaker_prefixes(parsed.cues)
    if any(c.start is not None for c in parsed.cues):
        fill_ends(parsed.cues)
    return parsed
