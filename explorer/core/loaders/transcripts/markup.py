"""Markup transcripts: Podcasting 2.0 HTML, YouTube timedtext XML and TTML/DFXP.

Podcasting 2.0 HTML is ``<cite>Name:</cite><time>m:ss</time><p>text</p>`` per turn
(each part optional); other HTML is read as plain paragraphs. YouTube timedtext comes as
``<transcript><text start dur>`` (``srv1``, youtube-transcript-api) or
``<timedtext><body><p t d><s t>`` (``srv3``, times in ms, word ``<s>`` spans). The XML
is read with regular expressions rather than an XML parser: the files are flat, and this
never expands entities from a DTD or chokes on a stray ``&``. TTML (W3C Timed Text,
DFXP, Netflix/broadcast subtitles) gives ``<p begin end|dur>`` with clock (``00:00:01.5``,
``00:00:01:12`` frames) or offset (``1.5s``, ``15000000t`` ticks) times and optional
``ttm:agent`` speakers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .common import (
    Parsed,
    RawCue,
    Word,
    carry_speakers_forward,
    clean_speaker,
    clean_text,
    fill_ends,
    parse_timestamp,
    seconds,
)

_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)
    }


def is_timedtext(text: str) -> bool:
    head = text[:2000].lower()
    return "<transcript" in head or "<timedtext" in head


def parse_timedtext(text: str) -> Parsed:
    """YouTube timedtext XML (srv1 or srv3)."""
    parsed = Parsed("youtube-timedtext", [])
    srv3 = "<timedtext" in text[:2000].lower()
    pattern = r"<p\b([^>]*)>(.*?)</p>" if srv3 else r"<text\b([^>]*?)(?:/>|>(.*?)</text>)"
    for m in re.finditer(pattern, text, flags=re.DOTALL | re.IGNORECASE):
        attrs = _attrs(m.group(1))
        body = m.group(2) or ""
        if srv3:
            t, d = seconds(attrs.get("t")), seconds(attrs.get("d", "0"))
            start = t / 1000 if t is not None else None
            dur = d / 1000 if d is not None else None
        else:
            start, dur = seconds(attrs.get("start")), seconds(attrs.get("dur", "0"))
        if start is None or dur is None:
            parsed.malformed += 1
            continue
        end = start + dur
        words = _srv3_words(body, start, end) if srv3 else None
        # srv1 text is escaped twice (&amp;#39;): unescape once here, once in clean_text
        cue_text = clean_text(re.sub(r"&amp;", "&", body)) if not srv3 else clean_text(body)
        if cue_text:
            parsed.cues.append(RawCue(start, end, cue_text, None, words))
    return parsed


def _srv3_words(body: str, start: float, end: float) -> list[Word] | None:
    spans = list(re.finditer(r"<s\b([^>]*)>(.*?)</s>", body, flags=re.DOTALL | re.IGNORECASE))
    if len(spans) < 2:
        return None
    offs = [seconds(_attrs(s.group(1)).get("t", "0")) or 0.0 for s in spans]
    words: list[Word] = []
    for k, s in enumerate(spans):
        w = clean_text(s.group(2))
        t0 = start + offs[k] / 1000
        t1 = start + offs[k + 1] / 1000 if k + 1 < len(spans) else end
        if w:
            words.append((min(t0, end), min(max(t1, t0), end), w))
    return words or None


class _TurnParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.turns: list[list] = []  # [speaker, time, text]
        self.speaker: str | None = None
        self.time: str | None = None
        self.stack: list[str] = []
        self.buf: list[str] = []
        self.title: str | None = None
        self.saw_cite_or_time = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("cite", "time", "p", "title", "h1", "li"):
            self._flush_text()
            self.stack.append(tag)
            self.buf = []
        if tag == "br":
            self.buf.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
            content = "".join(self.buf)
            self.buf = []
            if tag == "cite":
                self.speaker, self.saw_cite_or_time = clean_speaker(content), True
            elif tag == "time":
                self.time, self.saw_cite_or_time = content.strip(), True
            elif tag in ("title", "h1") and not self.title:
                self.title = content.strip() or None
            else:
                self.turns.append([self.speaker, self.time, content])
                self.time = None

    def handle_data(self, data: str) -> None:
        self.buf.append(data)

    def _flush_text(self) -> None:
        if not self.stack and "".join(self.buf).strip():
            self.turns.append([self.speaker, self.time, "".join(self.buf)])
        self.buf = []

    def close(self) -> None:
        super().close()
        if self.stack:
            self.turns.append([self.speaker, self.time, "".join(self.buf)])
        else:
            self._flush_text()


def parse_html(text: str) -> Parsed:
    """Podcasting 2.0 HTML turns; any other HTML as untimed paragraphs."""
    parser = _TurnParser()
    parser.feed(text)
    parser.close()
    fmt = "podcast-html" if parser.saw_cite_or_time else "plain"
    parsed = Parsed(fmt, [], title=clean_text(parser.title) if parser.title else None)
    for speaker, time, content in parser.turns:
        body = clean_text(content)
        if not body:
            continue
        start = None
        if time:
            start = parse_timestamp(time)
            if start is None:
                parsed.malformed += 1
                continue
        parsed.cues.append(RawCue(start, None, body, speaker))
    timed = [c for c in parsed.cues if c.start is not None]
    if timed and len(timed) < len(parsed.cues):
        # mixed: untimed turns inherit the previous time, so order and anchors stay sane
        last = 0.0
        for cue in parsed.cues:
            last = cue.start if cue.start is not None else last
            cue.start = last
    if timed:
        fill_ends(parsed.cues)
    carry_speakers_forward(parsed.cues)
    return parsed


def _first_tag_attrs(pattern: str, text: str) -> dict[str, str]:
    m = re.search(pattern, text)
    return _attrs(m.group(1)) if m else {}


def is_ttml(text: str) -> bool:
    head = text[:3000]
    return bool(re.search(r"<(?:\w+:)?tt[\s>]", head))


_OFFSET = re.compile(r"^\s*(\d+(?:\.\d+)?)(h|ms|m|s|f|t)\s*$")
_CLOCK = re.compile(r"^\s*(\d+):(\d{2}):(\d{2})(?:(\.\d+)|:(\d+)(?:\.\d+)?)?\s*$")


def ttml_time(value: str | None, tick_rate: float, frame_rate: float) -> float | None:
    """A TTML time expression in seconds, or ``None``."""
    if not value:
        return None
    m = _CLOCK.match(value)
    if m:
        h, mi, sec, frac, frames = m.groups()
        if int(mi) >= 60 or int(sec) >= 61:
            return None
        t = int(h) * 3600 + int(mi) * 60 + int(sec)
        if frac:
            t += float(frac)
        elif frames:
            t += int(frames) / frame_rate
        return float(t)
    m = _OFFSET.match(value)
    if not m:
        return None
    num, unit = float(m.group(1)), m.group(2)
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "f": 1 / frame_rate, "t": 1 / tick_rate}[unit]
    return seconds(num * scale)


def parse_ttml(text: str) -> Parsed:
    """TTML / DFXP: one cue per ``<p>``; ``ttm:agent`` names become speakers."""
    parsed = Parsed("ttml", [])
    root = _first_tag_attrs(r"<(?:\w+:)?tt\b([^>]*)>", text)
    frame_rate = seconds(root.get("ttp:framerate")) or 30.0
    tick_rate = seconds(root.get("ttp:tickrate")) or frame_rate
    agents = {
        m.group(1): clean_text(m.group(2))
        for m in re.finditer(
            r"<ttm:agent\b[^>]*xml:id=\"([^\"]+)\"[^>]*>.*?<ttm:name[^>]*>(.*?)</ttm:name>", text, flags=re.S
        )
    }
    for m in re.finditer(r"<(?:\w+:)?p\b([^>]*)>(.*?)</(?:\w+:)?p>", text, flags=re.S | re.I):
        attrs = _attrs(m.group(1))
        start = ttml_time(attrs.get("begin"), tick_rate, frame_rate)
        end = ttml_time(attrs.get("end"), tick_rate, frame_rate)
        dur = ttml_time(attrs.get("dur"), tick_rate, frame_rate)
        if end is None and start is not None and dur is not None:
            end = start + dur
        if start is None or end is None or end < start:
            parsed.malformed += 1
            continue
        body = m.group(2)
        agent = attrs.get("ttm:agent") or _first_tag_attrs(r"<(?:\w+:)?span\b([^>]*)>", body).get("ttm:agent")
        speaker = agents.get(agent or "", clean_speaker(agent) if agent else None)
        cue_text = clean_text(body)
        if cue_text:
            parsed.cues.append(RawCue(start, end, cue_text, speaker))
    return parsed
