"""Shared pieces of the transcript parsers: the raw cue record, timestamps, text clean-up
and ``Name: text`` speaker prefixes.

Every parser turns text into a :class:`Parsed` holding :class:`RawCue` objects; the
package ``__init__`` then cleans, orders and indexes them into model ``Cue`` objects and
builds sentences. Keeping parsers this small makes each one easy to fuzz.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ...model import ReferenceChapter

Word = tuple[float, float, str]


@dataclass
class RawCue:
    """A cue as parsed: times in seconds (``None`` when the format has none)."""

    start: float | None
    end: float | None
    text: str
    speaker: str | None = None
    words: list[Word] | None = None
    code_indent: int | None = None  # a code listing's line: its indentation (see model.Cue)


@dataclass
class Parsed:
    """What a format parser returns."""

    format: str
    cues: list[RawCue]
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    chapters: list[ReferenceChapter] = field(default_factory=list)
    malformed: int = 0
    # headings the text marks itself (Markdown): (index of the heading's cue, level, text)
    headings: list[tuple[int, int, str]] = field(default_factory=list)


_TS = re.compile(r"^\s*(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,9}))?\s*$")
MAX_SECONDS = 1e7  # about 115 days; anything larger is junk


def parse_timestamp(value: str) -> float | None:
    """``[hh:]mm:ss[.,fff]`` to seconds, or ``None`` if it is not a valid timestamp."""
    m = _TS.match(value)
    if not m:
        return None
    h, mi, s, frac = m.groups()
    minutes, seconds = int(mi), int(s)
    if seconds >= 60 or (h is not None and minutes >= 60):
        return None
    total = int(h or 0) * 3600 + minutes * 60 + seconds
    if frac:
        total += int(frac) / (10 ** len(frac))
    return float(total)


def seconds(value: object) -> float | None:
    """A finite, non-negative number of seconds from a JSON value, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        v = float(value)
    elif isinstance(value, str):
        try:
            v = float(value.strip())
        except ValueError:
            return parse_timestamp(value)
    else:
        return None
    if not math.isfinite(v) or v < 0 or v > MAX_SECONDS:
        return None
    return v


_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>|</?[a-z]>|<\d[\d:.]*>")
_ASS = re.compile(r"\{\\[^{}]*\}")
_WS = re.compile(r"\s+")
# Corpus transcripts (AMI, QMSum, Switchboard) are tokenised: "Okay , that's fine ." Reads as
# "Okay, that's fine." A mark stays put when a word follows it directly (".5", "?!x").
_SPACE_BEFORE_MARK = re.compile(r"(?<=\S)\s+([,.?!]+)(?=\s|$)")


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Corpus annotations in braces, as in AMI/QMSum ("{disfmarker}", "{vocalsound}", "{gap}"): not speech.
_ANNOTATION = re.compile(r"\{[a-z]+\}")


def strip_annotations(text: str) -> str:
    """``text`` without corpus annotations (each becomes a space; callers collapse spaces)."""
    return _ANNOTATION.sub(" ", text)


def clean_text(raw: str) -> str:
    """Strip markup (WebVTT/HTML tags, ASS overrides), unescape entities, collapse spaces."""
    text = strip_annotations(_ASS.sub("", _TAG.sub("", _BR.sub(" ", raw))))
    text = html.unescape(text).replace("\u00a0", " ").replace("\u200b", "")
    return _SPACE_BEFORE_MARK.sub(r"\1", _WS.sub(" ", text)).strip()


def clean_plain(raw: str) -> str:
    """Text that holds no markup (a Word or OpenDocument paragraph) with its spaces collapsed.
    :func:`clean_text` would eat what looks like markup there: a contract's "<Buyer name>"
    placeholder, an address "<jane@example.org>", a set "{a}", "a<b and c>d"."""
    return _WS.sub(" ", raw.replace("\u00a0", " ").replace("\u200b", "")).strip()


# "Name: text" at the start of a cue or line. The name starts with a capital letter and
# has at most four words, or is a diariser label like "SPEAKER_01" / "Speaker 2".
_PREFIX = re.compile(
    r"^\s*(?:>>\s*)?((?:SPEAKER_\d+|Speaker \d+)|[^\W\d_][\w'’.\-]*(?:[ \t][\w'’.\-]+){0,3})\s*:\s+(?=\S)"
)
_NOT_NAMES = frozenset({"http", "https", "note", "warning", "example", "chapter", "kind", "language"})


def prefix_speaker(text: str, *, any_case: bool = False) -> tuple[str, str] | None:
    """``(name, rest)`` if ``text`` starts with a plausible ``Name:`` prefix (capitalised
    unless ``any_case``: Zoom display names can be "jane doe")."""
    m = _PREFIX.match(text)
    if not m:
        return None
    name = m.group(1).strip()
    if not (name[0].isupper() or any_case) or name.lower() in _NOT_NAMES:
        return None
    return name, text[m.end() :]


def apply_speaker_prefixes(cues: list[RawCue], *, min_share: float = 0.5) -> int:
    """Move ``Name: text`` prefixes into ``speaker`` when the file really uses them.

    A name counts when it occurs at least twice or when most cues carry a prefix, so a
    lone "Note: ..." in a caption is left alone. Returns the number of cues changed.
    """
    found = [prefix_speaker(c.text) if c.speaker is None else None for c in cues]
    counts = Counter(f[0] for f in found if f)
    if not counts:
        # lower-case display names count only when nearly every cue has one, recurring
        found = [prefix_speaker(c.text, any_case=True) if c.speaker is None else None for c in cues]
        counts = Counter(f[0] for f in found if f)
        if sum(counts.values()) < 0.8 * len(cues) or len(counts) > max(2, len(cues) // 3):
            return 0
    if not counts:
        return 0
    share = sum(counts.values()) / max(1, len(cues))
    changed = 0
    for cue, hit in zip(cues, found):
        if hit and (counts[hit[0]] >= 2 or share >= min_share):
            cue.speaker, cue.text = hit[0], hit[1]
            changed += 1
    return changed


def carry_speakers_forward(cues: list[RawCue]) -> None:
    """Formats that mark only speaker changes: later unlabelled cues keep the last speaker."""
    current: str | None = None
    for cue in cues:
        if cue.speaker:
            current = cue.speaker
        elif current:
            cue.speaker = current


def clean_speaker(name: object) -> str | None:
    if not isinstance(name, str):
        if isinstance(name, (int, float)) and not isinstance(name, bool):
            return f"Speaker {name}"
        return None
    name = clean_text(name).strip(" :")
    return name[:80] or None


def fill_ends(cues: list[RawCue]) -> None:
    """Formats with start times only: end = the next later start, but no more than a
    second a word (a "Hey." before a long silence does not last ten seconds); the last
    cue gets about 2.5 words a second."""
    for k, cue in enumerate(cues):
        if cue.start is None or cue.end is not None:
            continue
        n_words = len(cue.text.split())
        nxt = next((c.start for c in cues[k + 1 :] if c.start is not None and c.start > cue.start), None)
        if nxt is None:
            cue.end = cue.start + max(1.0, n_words / 2.5)
        else:
            cue.end = min(nxt, cue.start + max(2.0, float(n_words)))
