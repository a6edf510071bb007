"""Plain-text transcript exports, told apart by their header lines.

* ``otter``: ``Name  m:ss`` (two spaces) on its own line, the turn's text below.
* ``rev``: ``Name (hh:mm:ss):`` (Rev, Descript, Lenny), text below or after the colon.
* ``bracket``: ``[hh:mm:ss] Name: text`` (also ``- [mm:ss] text`` from yt-dlp Markdown
  dumps, whose YAML front matter may carry ``title`` and ``chapters_json``).
* ``speaker-text``: ``Name: text`` lines, no times (meeting corpora such as QMSum).
* ``plain``: anything else readable: one cue per paragraph (or per line), no times.

Formats that give only start times get ``end`` = the next turn's start.
"""

from __future__ import annotations

import json
import re

from ...model import ReferenceChapter
from .common import (
    Parsed,
    RawCue,
    apply_speaker_prefixes,
    carry_speakers_forward,
    clean_text,
    fill_ends,
    parse_timestamp,
    prefix_speaker,
)
from .plain_headings import find_headings, plain_title, split_run_in

_TS = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
OTTER = re.compile(rf"^(?:(?P<name>\S.*?)\s{{2,}})?(?P<ts>{_TS})\s*$")
REV = re.compile(rf"^(?P<name>\S.*?)\s*\((?P<ts>{_TS})\)\s*:?\s*(?P<rest>.*)$")
BRACKET = re.compile(rf"^(?:[-*•]\s+)?(?:\[(?P<ts>{_TS})\]|\((?P<ts2>{_TS})\))\s*[-–—]?\s*(?P<rest>.*)$")
BARE_TS = re.compile(rf"^(?:[-*•]\s+)?(?P<ts>{_TS})\s+[-–—]?\s*(?P<rest>\S.*)$")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style ``---`` front matter as flat ``key: value`` strings, and the body."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    fields: dict[str, str] = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith(" "):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                try:
                    value = json.loads(value)
                except ValueError:
                    value = value[1:-1]
            fields[key.strip().lower()] = value if isinstance(value, str) else str(value)
    return fields, text[end + 4 :].lstrip("-\n")


def front_matter_chapters(fields: dict[str, str]) -> list[ReferenceChapter]:
    """``chapters_json`` from a yt-dlp Markdown dump (``start_time``/``title``)."""
    from .chapters import chapters_from_json

    raw = fields.get("chapters_json") or fields.get("chapters")
    if not raw:
        return []
    try:
        return chapters_from_json({"chapters": json.loads(raw)})
    except (ValueError, TypeError, RecursionError):
        return []


def _nonblank(lines: list[str]) -> list[str]:
    return [ln for ln in lines if ln.strip()]


def _outside_code_fences(lines: list[str]) -> list[str]:
    """``lines`` without those inside fenced code blocks: a Markdown page quoting a log
    ("UNDICI 16241: connecting...") is no speaker-labelled transcript."""
    out: list[str] = []
    fence = ""
    for ln in lines:
        mark = ln.lstrip()[:3]
        if mark in ("```", "~~~") and (not fence or mark == fence):
            fence = "" if fence else mark
        elif not fence:
            out.append(ln)
    return out


def detect_text(text: str) -> str:
    """Name of the text format with the most header lines (see module doc)."""
    lines = _nonblank(_outside_code_fences(text.split("\n")))
    if not lines:
        return "plain"
    n = len(lines)
    counts = {
        "rev": sum(1 for ln in lines if REV.match(ln.strip())),
        "otter": sum(1 for ln in lines if OTTER.match(ln.strip())),
        "bracket": sum(1 for ln in lines if BRACKET.match(ln.strip()) or BARE_TS.match(ln.strip())),
    }
    best = max(counts, key=lambda k: counts[k])
    if counts[best] >= 1 and counts[best] >= 0.15 * n:
        return best
    names = [p[0] for p in (prefix_speaker(ln) for ln in lines) if p]
    if names and (len(names) >= 0.5 * n) and (len(set(names)) < len(names) or len(names) == n):
        return "speaker-text"
    return "plain"


def _headed(text: str, fmt: str) -> Parsed:
    parsed = Parsed(fmt, [])
    preamble: list[str] = []
    current: RawCue | None = None
    skipping = False
    for line in text.split("\n"):
        stripped = line.strip()
        header = _header(line, fmt)
        if header is not None:
            name, ts, rest = header
            start = parse_timestamp(ts.replace(",", "."))
            if start is None:
                parsed.malformed += 1
                current, skipping = None, True
                continue
            current, skipping = RawCue(start, None, rest, name), False
            parsed.cues.append(current)
            continue
        if not stripped or skipping:
            continue
        if current is None:
            preamble.append(stripped)
        else:
            current.text = f"{current.text}\n{stripped}" if current.text else stripped
    for cue in parsed.cues:
        cue.text = clean_text(cue.text)
    if fmt == "bracket" and not any(c.speaker for c in parsed.cues):
        apply_speaker_prefixes(parsed.cues)
    carry_speakers_forward(parsed.cues)
    fill_ends(parsed.cues)
    _use_preamble(parsed, preamble)
    return parsed


def _header(line: str, fmt: str) -> tuple[str | None, str, str] | None:
    stripped = line.strip()
    if fmt == "rev":
        m = REV.match(stripped)
        return (clean_text(m.group("name")), m.group("ts"), m.group("rest")) if m else None
    if fmt == "otter":
        m = OTTER.match(stripped)
        if not m:
            return None
        name = m.group("name")
        return (clean_text(name) if name else None, m.group("ts"), "")
    m = BRACKET.match(stripped) or BARE_TS.match(stripped)
    if not m:
        return None
    ts = m.groupdict().get("ts") or m.groupdict().get("ts2") or ""
    return None, ts, m.group("rest")


def _use_preamble(parsed: Parsed, preamble: list[str]) -> None:
    """Lines before the first header: a short one is the title, a longer one a first cue."""
    lines = [ln.lstrip("#").strip() for ln in preamble]
    lines = [ln for ln in lines if ln and ln.lower() not in ("transcript", "chapters:")]
    if not lines:
        return
    if len(lines) == 1 and len(lines[0]) <= 120:
        parsed.title = lines[0]
        return
    parsed.cues.insert(
        0, RawCue(0.0, parsed.cues[0].start if parsed.cues else 0.0, clean_text(" ".join(lines)))
    )


def _speaker_text(text: str) -> Parsed:
    parsed = Parsed("speaker-text", [])
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        hit = prefix_speaker(stripped)
        if hit:
            parsed.cues.append(RawCue(None, None, hit[1], hit[0]))
        elif parsed.cues:
            parsed.cues[-1].text += "\n" + stripped
        else:
            parsed.cues.append(RawCue(None, None, stripped))
    for cue in parsed.cues:
        cue.text = clean_text(cue.text)
    carry_speakers_forward(parsed.cues)
    return parsed


def _plain(text: str) -> Parsed:
    """One cue per paragraph (per line where the text has no blank lines), and the headings
    the paragraphs make (:mod:`plain_headings`); a short first line set as a title names it."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paragraphs) <= 1:
        paragraphs = [ln for ln in text.split("\n") if ln.strip()]
    paragraphs = split_run_in(paragraphs)
    headings = {i: (level, words) for i, level, words in find_headings(paragraphs)}
    title = plain_title(paragraphs[0]) if paragraphs else None
    if title and 0 not in headings and "\n" in paragraphs[0].strip():
        # the title line is a row of its own, so the opening chapter is named by it
        rest = paragraphs[0].strip().split("\n", 1)[1]
        paragraphs = [title, rest, *paragraphs[1:]]
        headings = {i + 1: heading for i, heading in headings.items()}
    parsed = Parsed("plain", [])
    for i, paragraph in enumerate(paragraphs):
        level, words = headings.get(i, (0, ""))
        cue_text = clean_text(words or paragraph)  # an underlined heading without its underline
        if not cue_text:
            continue
        if level:
            parsed.headings.append((len(parsed.cues), level, cue_text))
        parsed.cues.append(RawCue(None, None, cue_text))
    if len(parsed.headings) > 1 and parsed.headings[0][0] == 0 and title == parsed.headings[0][2]:
        # a heading opening the text names it ("Harbour Tales" over "====="), and is no chapter
        parsed.title = parsed.headings.pop(0)[2]
        shift = min(level for _i, level, _t in parsed.headings) - 1
        parsed.headings = [(i, level - shift, words) for i, level, words in parsed.headings]
    else:
        parsed.title = title
    return parsed


def parse_text(text: str, fmt: str | None = None, *, markdown: bool = False) -> Parsed:
    """Parse a plain-text export; ``fmt`` as returned by :func:`detect_text`. ``markdown``:
    the file says it is Markdown (its name ends in .md), so text with no transcript layout
    is read as Markdown even when it uses few Markdown devices (underlined headings only)."""
    fields, body = split_front_matter(text)
    fmt = fmt or detect_text(body)
    if fmt in ("rev", "otter", "bracket"):
        parsed = _headed(body, fmt)
    elif fmt == "speaker-text":
        parsed = _speaker_text(body)
    else:
        from .markdown import looks_like_markdown, parse_markdown

        if markdown or looks_like_markdown(body):
            parsed, parsed.headings = parse_markdown(body)
            if not markdown:
                # a .txt that only looks like Markdown: a licence's underlined "1. Definitions" is
                # a list item and a rule to Markdown; the fuller outline says which reading is right
                plain = _plain(body)
                if len(plain.headings) >= 2 * max(2, len(parsed.headings)):
                    parsed = plain
        else:
            parsed = _plain(body)
    if fields.get("title"):
        parsed.title = clean_text(fields["title"])
    parsed.chapters = front_matter_chapters(fields)
    return parsed
