"""WebVTT and SubRip: one tolerant cue-block reader for both.

Why not webvtt-py or srt alone: webvtt-py drops malformed cues silently (we must count
them for the warning) and does not unescape entities; ``srt.parse(ignore_errors=True)``
glues a malformed block into the previous cue's text. Both libraries are used in the
tests as oracles (same cue count and times on the shared samples).

Variants handled here: ``<v Name>`` voice tags (Apple/Podcasting 2.0), Teams (GUID cue
ids, closed ``</v>``), Zoom and SRT ``Name: text`` prefixes (speaker carried forward when
only changes are marked), YouTube auto-captions whose cues repeat the previous line
("rolling" captions, with ``<00:00:01.234><c>`` word times), entities unescaped.
"""

from __future__ import annotations

import re

from .common import (
    Parsed,
    RawCue,
    Word,
    apply_speaker_prefixes,
    carry_speakers_forward,
    clean_speaker,
    clean_text,
    parse_timestamp,
)

_TIMING = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)(.*)$")
# YouTube Studio .sbv: "0:00:01.000,0:00:03.500"
_SBV = re.compile(r"^\s*(\d+:\d{1,2}:\d{1,2}[.,]\d{1,3}),(\d+:\d{1,2}:\d{1,2}[.,]\d{1,3})()\s*$")
_VOICE = re.compile(r"<v(?:\.[\w.\-]+)?[ \t]+([^>\n]+)>")
_INLINE_TS = re.compile(r"<((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})>")
_INDEX = re.compile(r"^\s*\d+\s*$")


def _timing(line: str) -> re.Match[str] | None:
    return _TIMING.match(line) if "-->" in line else _SBV.match(line)


def is_timing_line(line: str) -> bool:
    m = _timing(line)
    return bool(m and parse_timestamp(m.group(1)) is not None)


class Block:
    __slots__ = ("end", "ident", "lines", "settings", "start")

    def __init__(self, ident: str, start: float, end: float, settings: str) -> None:
        self.ident, self.start, self.end, self.settings = ident, start, end, settings
        self.lines: list[str] = []


def read_blocks(text: str) -> tuple[list[Block], int, dict[str, str]]:
    """Cue blocks, the number of cues with malformed timings, and WebVTT header fields."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    i = 0
    if lines and lines[0].lstrip().startswith("WEBVTT"):
        i = 1
        while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
            key, _, value = lines[i].partition(":")
            if value:
                header[key.strip().lower()] = value.strip()
            i += 1
    blocks: list[Block] = []
    malformed = 0
    current: Block | None = None
    skipping = False  # inside a NOTE/STYLE/REGION block or a malformed cue
    pending_ident = ""
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        i += 1
        if not stripped:
            if pending_ident and blocks and not _INDEX.match(pending_ident):
                blocks[-1].lines.append(pending_ident)  # stray text after a blank line in a cue
            current, skipping, pending_ident = None, False, ""
            continue
        m = _timing(line)
        if m:
            start, end = parse_timestamp(m.group(1)), parse_timestamp(m.group(2))
            if start is None or end is None or end < start:
                malformed += 1
                current, skipping = None, True
            else:
                current, skipping = Block(pending_ident, start, end, m.group(3)), False
                blocks.append(current)
            pending_ident = ""
            continue
        if skipping:
            continue
        if current is None:
            if stripped.startswith(("NOTE", "STYLE", "REGION")) and not pending_ident:
                skipping = True
                continue
            if pending_ident and blocks:
                # text after a blank line inside a cue: keep it with the previous cue
                blocks[-1].lines.append(pending_ident)
            pending_ident = stripped
            continue
        if _INDEX.match(line) and i < len(lines) and _timing(lines[i]):
            # SRT without the blank line between cues
            current, pending_ident = None, stripped
            continue
        current.lines.append(line)
    if pending_ident and blocks and not _INDEX.match(pending_ident):
        blocks[-1].lines.append(pending_ident)
    return blocks, malformed, header


def _words(line: str, start: float, end: float) -> list[Word] | None:
    """Word times from inline ``<hh:mm:ss.fff>`` tags (YouTube auto-captions)."""
    parts = _INLINE_TS.split(line)
    if len(parts) < 3:
        return None
    times = [start] + [parse_timestamp(t.replace(",", ".")) for t in parts[1::2]]
    texts = [clean_text(t) for t in parts[0::2]]
    words: list[Word] = []
    for k, chunk in enumerate(texts):
        t0 = times[k] if times[k] is not None else start
        t1 = times[k + 1] if k + 1 < len(times) and times[k + 1] is not None else end
        t0 = min(max(t0, start), end)
        t1 = min(max(t1, t0), end)
        if chunk:
            words.append((t0, t1, chunk))
    return words or None


def _is_rolling(cue_lines: list[list[str]], inline: bool) -> bool:
    if inline:
        return True
    pairs = sum(1 for a, b in zip(cue_lines, cue_lines[1:]) if a and b and b[0] == a[-1])
    return len(cue_lines) > 3 and pairs / (len(cue_lines) - 1) >= 0.3


def blocks_to_cues(blocks: list[Block]) -> tuple[list[RawCue], bool]:
    """RawCues from blocks; returns ``(cues, rolling)``."""
    raw_lines = [[ln.strip() for ln in b.lines if ln.strip()] for b in blocks]
    inline = any(_INLINE_TS.search(ln) for lines in raw_lines for ln in lines)
    cleaned = [[clean_text(ln) for ln in lines] for lines in raw_lines]
    cleaned = [[ln for ln in lines if ln] for lines in cleaned]
    rolling = _is_rolling(cleaned, inline)
    cues: list[RawCue] = []
    if rolling:
        recent: list[str] = []
        for block, lines in zip(blocks, raw_lines):
            for ln in lines:
                text = clean_text(ln)
                # a line with word times is always new speech (a repeated "no no" stays);
                # a plain line equal to one just shown is the rolled-up copy
                if not text or (text in recent and not _INLINE_TS.search(ln)):
                    continue
                recent = (recent + [text])[-2:]
                cues.append(RawCue(block.start, block.end, text, None, _words(ln, block.start, block.end)))
        return cues, True
    name_lines = _speaker_first_lines(raw_lines)
    for block, lines in zip(blocks, raw_lines):
        if name_lines and len(lines) >= 2:
            cues.append(
                RawCue(block.start, block.end, clean_text("\n".join(lines[1:])), clean_speaker(lines[0]))
            )
        else:
            cues.extend(_voice_cues(block, "\n".join(lines)))
    return cues, False


def _speaker_first_lines(raw_lines: list[list[str]]) -> bool:
    """Old Teams exports put the speaker's name alone on the cue's first line. True when
    nearly every cue has 2+ lines whose first is a short, unpunctuated, recurring line."""
    multi = [lines for lines in raw_lines if len(lines) >= 2]
    if len(multi) < 2 or len(multi) < 0.8 * len(raw_lines):
        return False
    firsts = [lines[0] for lines in multi]
    short = sum(
        1 for f in firsts if len(f) <= 40 and len(f.split()) <= 4 and f[-1] not in ".?!,;:" and "<" not in f
    )
    return short >= 0.9 * len(firsts) and len(set(firsts)) <= max(3, len(firsts) // 5)


def _voice_cues(block: Block, joined: str) -> list[RawCue]:
    """One cue per ``<v Name>`` span; a cue holding two voices is split, its time shared
    out by text length."""
    voices = list(_VOICE.finditer(joined))
    if len(voices) <= 1:
        speaker = clean_speaker(voices[0].group(1)) if voices else None
        return [RawCue(block.start, block.end, clean_text(joined), speaker)]
    pieces = []
    for k, v in enumerate(voices):
        stop = voices[k + 1].start() if k + 1 < len(voices) else len(joined)
        text = joined[v.end() : stop] if k else joined[: v.start()] + " " + joined[v.end() : stop]
        pieces.append((clean_speaker(v.group(1)), clean_text(text)))
    pieces = [(who, text) for who, text in pieces if text]
    total = sum(len(text) for _, text in pieces) or 1
    out, t = [], block.start
    for who, text in pieces:
        t1 = t + (block.end - block.start) * len(text) / total
        out.append(RawCue(t, min(t1, block.end), text, who))
        t = t1
    return out


def parse_subtitles(text: str, fmt: str) -> Parsed:
    """Parse WebVTT (``fmt='webvtt'``) or SubRip (``fmt='srt'``) text; SubRip-like text
    whose timings are ``a,b`` comes back as ``sbv``."""
    blocks, malformed, header = read_blocks(text)
    if fmt == "srt" and blocks and not any("-->" in ln for ln in text.split("\n", 200)[:200]):
        fmt = "sbv"
    cues, rolling = blocks_to_cues(blocks)
    if not any(c.speaker for c in cues):
        apply_speaker_prefixes(cues)
    carry_speakers_forward(cues)
    parsed = Parsed(fmt, cues, malformed=malformed)
    for key in ("kind", "language"):
        if key in header:
            parsed.metadata[key] = header[key]
    if rolling:
        parsed.metadata["rolling_captions"] = "removed repeated lines"
    return parsed


def looks_like_chapter_track(text: str) -> bool:
    """A WebVTT ``kind=chapters`` track: a Kind header, ``Chapter N`` ids, or few long
    back-to-back cues with short titles."""
    blocks, _, header = read_blocks(text)
    if header.get("kind", "").lower() == "chapters":
        return True
    if len(blocks) < 2:
        return False
    if sum(1 for b in blocks if b.ident.lower().startswith("chapter")) >= 0.8 * len(blocks):
        return True
    contiguous = all(abs(b.start - a.end) < 1.0 for a, b in zip(blocks, blocks[1:]))
    avg_dur = sum(b.end - b.start for b in blocks) / len(blocks)
    avg_words = sum(len(" ".join(b.lines).split()) for b in blocks) / len(blocks)
    return contiguous and avg_dur >= 30 and avg_words <= 8 and all(len(b.lines) == 1 for b in blocks)
