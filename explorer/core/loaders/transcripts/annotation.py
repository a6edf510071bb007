"""Transcripts from research annotation tools: ELAN (.eaf), Praat (.TextGrid), CHAT (.cha).

Qualitative researchers, linguists and conversation analysts transcribe interviews in
these tools rather than in subtitle editors:

* **ELAN** ``.eaf`` (XML): time slots in ms and tiers of aligned annotations. Each
  independent tier (no ``PARENT_REF``) is one speaker, named by its ``PARTICIPANT``
  or else its id; dependent tiers (translations, glosses) are not the transcript.
  Read with :mod:`xml.etree.ElementTree` (expat does not fetch external entities and
  refuses entity blow-ups).
* **Praat** ``.TextGrid`` (long or short text format), read with ``pympi-ling``:
  interval tiers named after speakers. Word, phone and syllable tiers of a forced
  aligner are left out when a tier of utterances exists; a grid with words only is
  read as its words. Empty intervals and silence marks (``sil``, ``sp``) are gaps.
* **CHAT** ``.cha`` (TalkBank, CHILDES, CLAN): ``*MOT:`` utterance lines with optional
  ``NAK start_end NAK`` time bullets in ms, ``@Participants`` naming the speakers,
  ``%`` dependent tiers skipped, and transcription codes (``[/]``, ``&-um``, ``(.)``,
  ``+...``) removed so the text reads as said.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from ...errors import LoadError
from .common import Parsed, RawCue, clean_text, seconds

# ----------------------------------------------------------------------------- ELAN


def is_eaf(text: str) -> bool:
    return "<ANNOTATION_DOCUMENT" in text[:2000]


# The text is already decoded (the sniffer read its bytes), so the declaration's
# encoding no longer applies; a wrong or unknown one ("TF-8") made expat raise
# LookupError instead of reading the file.
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def parse_eaf(text: str) -> Parsed:
    try:
        root = ET.fromstring(_XML_DECLARATION.sub("", text, count=1))
    except ET.ParseError as exc:
        raise LoadError(f"the ELAN file is not well-formed XML ({exc})") from None
    parsed = Parsed("eaf", [])
    slots: dict[str, float] = {}
    for slot in root.iter("TIME_SLOT"):
        value = seconds(slot.get("TIME_VALUE"))
        if value is not None and slot.get("TIME_SLOT_ID"):
            slots[slot.get("TIME_SLOT_ID", "")] = value / 1000.0
    tiers = [t for t in root.iter("TIER") if not t.get("PARENT_REF")]
    for tier in tiers:
        speaker = (tier.get("PARTICIPANT") or tier.get("TIER_ID") or "").strip() or None
        for ann in tier.iter("ALIGNABLE_ANNOTATION"):
            start, end = slots.get(ann.get("TIME_SLOT_REF1", "")), slots.get(ann.get("TIME_SLOT_REF2", ""))
            value = clean_text(ann.findtext("ANNOTATION_VALUE") or "")
            if not value:
                continue
            if start is None or end is None or end < start:
                parsed.malformed += 1  # unaligned slots: ELAN interpolates them, we cannot
                continue
            parsed.cues.append(RawCue(start, end, value, speaker if len(tiers) > 1 or _named(speaker) else None))
    parsed.cues.sort(key=lambda c: (c.start or 0.0, c.end or 0.0))
    return parsed


# ----------------------------------------------------------------------------- Praat

_ALIGNER_TIERS = re.compile(r"^(words?|phones?|phonemes?|segments?|syllables?|syll|mau|kan|ort|tokens?)$", re.I)
_GENERIC_TIERS = re.compile(r"^(text|transcripts?|transcription|utterances?|sentences?|tier\s*\d*|default|ortho"
                            r"(graphy)?|words?)$", re.I)
_SILENCE = {"", "sil", "sp", "spn", "<sil>", "<sp>", "#", "<p:>", "_", "pause"}


def _named(name: str | None) -> bool:
    return bool(name) and not _GENERIC_TIERS.match(name or "")


def is_textgrid(text: str) -> bool:
    head = text[:300]
    return "ooTextFile" in head and "TextGrid" in head


def parse_textgrid(text: str) -> Parsed:
    from pympi.Praat import TextGrid

    grid = TextGrid(xmax=0)
    try:
        grid.from_file(io.BytesIO(text.encode("utf-8")), codec="utf-8")
    except Exception as exc:  # noqa: BLE001 - pympi raises bare Exception on a malformed grid
        raise LoadError(f"the Praat TextGrid could not be read ({exc})") from None
    tiers = [t for t in grid.tiers if t.tier_type == "IntervalTier"]
    speech = [t for t in tiers if not _ALIGNER_TIERS.match(t.name.strip())]
    if not speech:  # a forced aligner's grid: its words are the transcript
        speech = [t for t in tiers if re.match(r"^(words?|tokens?|ort)$", t.name.strip(), re.I)][:1]
    parsed = Parsed("textgrid", [])
    for tier in speech:
        name = tier.name.strip()
        speaker = name if len(speech) > 1 or _named(name) else None
        for start, end, value in tier.intervals:
            value = clean_text(value or "")
            if value.lower() in _SILENCE:
                continue
            if end < start:
                parsed.malformed += 1
                continue
            parsed.cues.append(RawCue(float(start), float(end), value, speaker))
    parsed.cues.sort(key=lambda c: (c.start or 0.0, c.end or 0.0))
    return parsed


# ----------------------------------------------------------------------------- CHAT

_BULLET = re.compile(r"\x15?\b(\d+)_(\d+)\b\x15?\s*$")
_CHAT_CODES = [
    (re.compile(r"\[[^\]]*\]"), " "),  # [/] [//] [= gloss] [+ bch] [*] ...
    (re.compile(r"&=\S+"), " "),  # &=laughs: an event, not speech
    (re.compile(r"&[-+~]?(?=\w)"), ""),  # &-um, &+fr: fillers and fragments, as said
    (re.compile(r"\(\.+\)|\(\d+(?:\.\d+)?\)"), " "),  # (.) (..) (2.5): pauses
    (re.compile(r"\+[./!?,\"^<+]*(?=\s|$)"), " "),  # +... +/. +//. +, terminators and linkers
    (re.compile(r"[<>‹›↗↘→↑↓≋≈∆∇°▁▔☺♋Ϋ∲§∾↻Ἡ„‡]"), " "),  # scopes and prosody marks
    (re.compile(r"@\w+(?::\w+)?"), ""),  # word@l, word@s:fra: special form markers
    (re.compile(r"\bxxx\b|\byyy\b|\bwww\b"), "(inaudible)"),
    (re.compile(r"(\w)_(\w)"), r"\1 \2"),  # compounds written with underscores
]


def is_chat(text: str) -> bool:
    head = text.lstrip("\ufeff")[:400]
    return head.startswith(("@UTF8", "@Begin")) or ("@Participants:" in head and "\n*" in text[:4000])


def _participants(line: str) -> dict[str, str]:
    """``CHI Ruth Target_Child, MOT Mother`` -> {"CHI": "Ruth", "MOT": "Mother"}."""
    out: dict[str, str] = {}
    for part in line.split(","):
        words = part.split()
        if not words:
            continue
        code, rest = words[0], words[1:]
        name = rest[0] if len(rest) >= 2 else (rest[0] if rest else code)
        out[code] = name.replace("_", " ")
    return out


def _chat_text(text: str) -> str:
    for pattern, repl in _CHAT_CODES:
        text = pattern.sub(repl, text)
    return clean_text(text)


def parse_chat(text: str) -> Parsed:
    parsed = Parsed("chat", [])
    names: dict[str, str] = {}
    turns: list[tuple[str, str]] = []
    for raw in text.lstrip("\ufeff").splitlines():
        if raw.startswith("\t") and turns:  # a continuation of the line above
            code, body = turns[-1]
            turns[-1] = (code, body + " " + raw.strip()) if code != "%" else turns[-1]
            continue
        if raw.startswith("@Participants:"):
            names.update(_participants(raw.split(":", 1)[1]))
        elif raw.startswith("@Title:") or raw.startswith("@Situation:"):
            parsed.title = parsed.title or raw.split(":", 1)[1].strip() or None
        elif raw.startswith("*") and ":" in raw:
            code, body = raw[1:].split(":", 1)
            turns.append((code.strip(), body.strip()))
        elif raw.startswith("%"):
            turns.append(("%", ""))  # a dependent tier: skip it and its continuations
    for code, body in turns:
        if code == "%":
            continue
        start = end = None
        m = _BULLET.search(body)
        if m:
            start, end = int(m.group(1)) / 1000.0, int(m.group(2)) / 1000.0
            body = body[: m.start()]
            if end < start:
                parsed.malformed += 1
                continue
        said = _chat_text(body)
        if said and said not in {".", "?", "!"}:
            said = said[:1].upper() + said[1:]  # CHAT writes utterances in lower case; read as sentences
            parsed.cues.append(RawCue(start, end, said, names.get(code, code)))
    return parsed
