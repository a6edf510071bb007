"""Transcripts exported by cloud speech-to-text services, recognised by their keys.

* Amazon Transcribe: ``results{transcripts, items[{type: pronunciation|punctuation,
  start_time, end_time, alternatives[{content}], speaker_label?}], speaker_labels?}``
  (times are strings of seconds; punctuation items have none).
* AssemblyAI: ``{text, words[{text, start, end, speaker?}], utterances?[{speaker, start,
  end, text, words}]}``, times in **milliseconds**.
* Deepgram: ``results{channels[{alternatives[{transcript, words[{word, punctuated_word?,
  start, end, speaker?}]}]}], utterances?[{start, end, transcript, speaker}]}``.
* Google Cloud Speech-to-Text: ``results[{alternatives[{transcript, words[{startTime:
  "1.500s", endTime, word, speakerTag?}]}]}]``; with diarisation the last result
  repeats every word with its speaker, and only that one is read.
* Rev.ai: ``monologues[{speaker, speaker_name?, elements[{type: text|punct, value, ts,
  end_ts}]}]``.
* Speechmatics: ``results[{type: word|punctuation, start_time, end_time,
  alternatives[{content, speaker?}]}]``.

Word lists become cues at each change of speaker, and at a sentence end once a turn
runs long, so that a one-speaker lecture is not one cue. Every cue keeps its words'
times, which anchor its sentences.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from .common import Parsed, RawCue, Word, clean_speaker, clean_text, seconds

# (start, end, text, speaker, is_punctuation)
_Token = tuple[Optional[float], Optional[float], str, Optional[str], bool]

LONG_TURN_WORDS = 40  # a turn this long is cut at its next sentence end
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
_DURATION = re.compile(r"^\s*(-?\d+(?:\.\d+)?)s\s*$")


def detect_cloud(obj: Any) -> str | None:
    """The cloud format name of a decoded JSON value, or ``None``."""
    if not isinstance(obj, dict):
        return None
    results = obj.get("results")
    if isinstance(results, dict):
        if isinstance(results.get("items"), list) and "transcripts" in results:
            return "aws-transcribe-json"
        if isinstance(results.get("channels"), list):
            return "deepgram-json"
    if isinstance(results, list):
        sample = [r for r in results[:20] if isinstance(r, dict)]
        if any("start_time" in r and "alternatives" in r for r in sample):
            return "speechmatics-json"
        if sample and all("alternatives" in r for r in sample):
            return "google-stt-json"
    if isinstance(obj.get("monologues"), list):
        return "revai-json"
    words = obj.get("words")
    if isinstance(obj.get("utterances"), list) or (
        isinstance(words, list) and isinstance(obj.get("text"), str)
        and any(isinstance(w, dict) and "text" in w and "start" in w for w in words[:20])
    ):
        return "assemblyai-json"
    return None


def parse_cloud(obj: dict, fmt: str) -> Parsed:
    parsed = Parsed(fmt, [])
    if fmt == "aws-transcribe-json":
        tokens = _aws(obj["results"])
    elif fmt == "deepgram-json":
        tokens = _deepgram(obj["results"])
    elif fmt == "google-stt-json":
        tokens = _google(obj["results"])
    elif fmt == "speechmatics-json":
        tokens = _speechmatics(obj["results"])
    elif fmt == "revai-json":
        tokens = _revai(obj["monologues"])
    else:
        tokens = _assemblyai(obj)
    parsed.cues = cues_from_tokens(tokens)
    parsed.malformed = sum(1 for t in tokens if not t[4] and t[0] is None)
    return parsed


def cues_from_tokens(tokens: list[_Token]) -> list[RawCue]:
    """Cues from a word stream: a new cue at each change of speaker and, in a long turn,
    after a sentence end. Words without times (and punctuation) join their neighbours."""
    cues: list[RawCue] = []
    words: list[Word] = []
    speaker: Optional[str] = None

    def flush() -> None:
        if words:
            text = clean_text(" ".join(w[2] for w in words))
            cues.append(RawCue(words[0][0], words[-1][1], text, speaker, list(words)))
            words.clear()

    for start, end, text, who, punct in tokens:
        text = text.strip()
        if not text:
            continue
        if punct or start is None:
            if words:  # "," "." glue to the word before; an untimed word takes its time
                s, e, t = words[-1]
                words[-1] = (s, max(e, end or e), t + text if punct else f"{t} {text}")
                if punct and len(words) >= LONG_TURN_WORDS and _SENTENCE_END.search(words[-1][2]):
                    flush()
            continue
        end = end if end is not None and end >= start else start
        if words and who is not None and who != speaker:
            flush()
        if not words:
            speaker = who if who is not None else speaker
        words.append((start, end, text))
        if len(words) >= LONG_TURN_WORDS and _SENTENCE_END.search(text):
            flush()
    flush()
    return cues


def _speaker(value: Any, prefix: str = "") -> Optional[str]:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return f"{prefix}{int(value)}"
    if prefix and isinstance(value, str) and re.fullmatch(r"[A-Z]|\d+", value.strip()):
        return f"{prefix}{value.strip()}"  # AssemblyAI's "A", "B"
    return clean_speaker(value)


def _aws(results: dict) -> list[_Token]:
    # Older outputs put speakers only in speaker_labels.segments[].items, by start time.
    by_start: dict[str, str] = {}
    labels = results.get("speaker_labels")
    for seg in (labels.get("segments") or []) if isinstance(labels, dict) else []:
        for it in (seg.get("items") or []) if isinstance(seg, dict) else []:
            if isinstance(it, dict) and it.get("start_time") is not None and it.get("speaker_label"):
                by_start[str(it["start_time"])] = str(it["speaker_label"])
    out: list[_Token] = []
    for item in results.get("items") or []:
        if not isinstance(item, dict):
            continue
        alts = item.get("alternatives") or [{}]
        text = str(alts[0].get("content", "")) if isinstance(alts[0], dict) else ""
        label = item.get("speaker_label") or by_start.get(str(item.get("start_time")))
        out.append((seconds(item.get("start_time")), seconds(item.get("end_time")), text,
                    _speaker(label), item.get("type") == "punctuation"))
    return out


def _ms(value: Any) -> Optional[float]:
    v = seconds(value)
    return None if v is None else v / 1000.0


def _assemblyai(obj: dict) -> list[_Token]:
    utterances = obj.get("utterances")
    if isinstance(utterances, list) and utterances:
        out: list[_Token] = []
        for u in utterances:
            if not isinstance(u, dict):
                continue
            who = _speaker(u.get("speaker"), "Speaker ")
            words = u.get("words")
            if isinstance(words, list) and words:
                out += [(_ms(w.get("start")), _ms(w.get("end")), str(w.get("text", "")), who, False)
                        for w in words if isinstance(w, dict)]
            else:
                out.append((_ms(u.get("start")), _ms(u.get("end")), str(u.get("text", "")), who, False))
        return out
    return [(_ms(w.get("start")), _ms(w.get("end")), str(w.get("text", "")), _speaker(w.get("speaker"), "Speaker "), False)
            for w in obj.get("words") or [] if isinstance(w, dict)]


def _deepgram(results: dict) -> list[_Token]:
    utterances = results.get("utterances")
    channels = results.get("channels") or []
    alt: dict = {}
    if channels and isinstance(channels[0], dict):
        alts = channels[0].get("alternatives") or [{}]
        alt = alts[0] if isinstance(alts[0], dict) else {}
    words = alt.get("words")
    if isinstance(words, list) and words:
        return [(seconds(w.get("start")), seconds(w.get("end")), str(w.get("punctuated_word") or w.get("word") or ""),
                 _speaker(w.get("speaker"), "Speaker "), False) for w in words if isinstance(w, dict)]
    if isinstance(utterances, list):
        return [(seconds(u.get("start")), seconds(u.get("end")), str(u.get("transcript", "")),
                 _speaker(u.get("speaker"), "Speaker "), False) for u in utterances if isinstance(u, dict)]
    return []


def _duration(value: Any) -> Optional[float]:
    """Google's durations: "1.500s", or {"seconds": 1, "nanos": 500000000}."""
    if isinstance(value, str):
        m = _DURATION.match(value)
        return seconds(m.group(1)) if m else seconds(value)
    if isinstance(value, dict):
        s = seconds(value.get("seconds", 0) or 0) or 0.0
        return s + (seconds(value.get("nanos", 0) or 0) or 0.0) / 1e9
    return seconds(value)


def _google(results: list) -> list[_Token]:
    def words_of(result: Any) -> list[dict]:
        alts = result.get("alternatives") if isinstance(result, dict) else None
        first = alts[0] if isinstance(alts, list) and alts and isinstance(alts[0], dict) else {}
        return [w for w in first.get("words") or [] if isinstance(w, dict)]

    chosen = [words_of(r) for r in results]
    last = next((words for words in reversed(chosen) if words), [])
    if last and any(w.get("speakerTag") or w.get("speakerLabel") for w in last):
        chosen = [last]  # diarised: the last result holds every word with its speaker
    return [(_duration(w.get("startTime", w.get("startOffset"))), _duration(w.get("endTime", w.get("endOffset"))),
             str(w.get("word", "")), _speaker(w.get("speakerLabel") or w.get("speakerTag"), "Speaker "), False)
            for words in chosen for w in words]


def _revai(monologues: list) -> list[_Token]:
    out: list[_Token] = []
    for mono in monologues:
        if not isinstance(mono, dict):
            continue
        who = _speaker(mono.get("speaker_name")) or _speaker(mono.get("speaker"), "Speaker ")
        for el in mono.get("elements") or []:
            if not isinstance(el, dict):
                continue
            if el.get("type") == "punct":
                if str(el.get("value", "")).strip():
                    out.append((None, None, str(el["value"]), who, True))
            else:
                out.append((seconds(el.get("ts")), seconds(el.get("end_ts")), str(el.get("value", "")), who, False))
    return out


def _speechmatics(results: list) -> list[_Token]:
    out: list[_Token] = []
    for r in results:
        if not isinstance(r, dict):
            continue
        alts = r.get("alternatives") or [{}]
        alt = alts[0] if isinstance(alts[0], dict) else {}
        who = alt.get("speaker")
        out.append((seconds(r.get("start_time")), seconds(r.get("end_time")), str(alt.get("content", "")),
                    None if who in (None, "UU") else _speaker(who), r.get("type") == "punctuation"))
    return out
