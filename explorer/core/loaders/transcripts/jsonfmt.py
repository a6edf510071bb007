"""JSON transcript formats, recognised by their keys.

* openai-whisper ``--output_format json``: ``segments[{start,end,text[,words]}]``
* WhisperX: the same with ``speaker`` and ``words[{word,start,end,score,speaker}]``
  (and usually ``word_segments``); words missing times borrow their neighbours'.
* whisper.cpp ``-oj``: ``transcription[{timestamps{from,to}, offsets{from,to}, text}]``
* YouTube ``fmt=json3``: ``events[{tStartMs,dDurationMs,segs[{utf8,tOffsetMs}]}]``
* Podcasting 2.0 JSON: ``segments[{speaker,startTime,endTime,body}]`` (word-level allowed)
* a plain list of ``{text,start,duration|end}`` (youtube-transcript-api) and
  Strata's normalized ``{cues:[{start,end,speaker,text}], chapters:[...]}``.

Cloud services' exports (Amazon Transcribe, AssemblyAI, Deepgram, Google, Rev.ai,
Speechmatics) are read by :mod:`.cloud_asr`.

Chapter-only JSON (Podcasting 2.0 chapters, yt-dlp ``.info.json``) is not a transcript;
the dispatcher sends it to the chapter importer.
"""

from __future__ import annotations

from typing import Any

from .cloud_asr import detect_cloud, parse_cloud
from .common import Parsed, RawCue, Word, carry_speakers_forward, clean_speaker, clean_text, seconds

CLOUD_FORMATS = frozenset({"aws-transcribe-json", "assemblyai-json", "deepgram-json", "google-stt-json",
                           "revai-json", "speechmatics-json"})


def is_chapter_json(obj: Any) -> bool:
    """Podcasting 2.0 chapters or a yt-dlp info.json: ``chapters`` and no transcript."""
    if not (isinstance(obj, dict) and isinstance(obj.get("chapters"), list) and detect_json(obj) is None):
        return False
    subs = obj.get("requested_subtitles")
    embedded = isinstance(subs, dict) and any(
        isinstance(e, dict) and isinstance(e.get("data"), str) and e["data"].strip() for e in subs.values()
    )
    return not embedded  # an info.json carrying its subtitles is a transcript


def detect_json(obj: Any) -> str | None:
    """The transcript format name of a decoded JSON value, or ``None``."""
    if isinstance(obj, list):
        if (
            obj
            and all(isinstance(x, dict) for x in obj[:20])
            and any("text" in x and "start" in x for x in obj[:20])
        ):
            return "segments-json"
        return None
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("events"), list) and (
        "wireMagic" in obj or any(isinstance(e, dict) and "tStartMs" in e for e in obj["events"][:20])
    ):
        return "youtube-json3"
    if isinstance(obj.get("transcription"), list):
        return "whisper.cpp-json"
    segs = obj.get("segments")
    if isinstance(segs, list):
        sample = [s for s in segs[:50] if isinstance(s, dict)]
        if any("body" in s or "startTime" in s for s in sample):
            return "podcast-json"
        if (
            "word_segments" in obj
            or any("speaker" in s for s in sample)
            or any(
                isinstance(w, dict) and "score" in w
                for s in sample
                if isinstance(s.get("words"), list)  # before the inner loop: "words": true must not be sliced
                for w in s["words"][:3]
            )
        ):
            return "whisperx-json"
        if any("start" in s and "text" in s for s in sample) or not segs:
            return "whisper-json"
    if isinstance(obj.get("cues"), list):
        return "cues-json"
    return detect_cloud(obj)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _fill_words(raw: Any, start: float, end: float) -> list[Word] | None:
    """Word triples; words without times get the previous word's end / the next start."""
    if not isinstance(raw, list):
        return None
    items: list[tuple[float | None, float | None, str]] = []
    for w in raw:
        if not isinstance(w, dict):
            continue
        text = _str(w.get("word", w.get("text")))
        if not text.strip():
            continue
        ws, we = seconds(w.get("start")), seconds(w.get("end"))
        if items and not text[:1].isspace() and text.strip()[:1] in ",.!?;:'’%)":
            ps, pe, pt = items[-1]
            items[-1] = (ps, we if we is not None else pe, pt + text.strip())
            continue
        items.append((ws, we, text.strip()))
    if not items:
        return None
    next_start = [end] * len(items)
    for k in range(len(items) - 2, -1, -1):
        following = items[k + 1][0]
        next_start[k] = following if following is not None else next_start[k + 1]
    words: list[Word] = []
    prev_end = start
    for k, (ws, we, text) in enumerate(items):
        if ws is None:
            ws = prev_end
        if we is None or we < ws:
            we = max(ws, next_start[k])
        words.append((ws, we, text))
        prev_end = we
    return words


def _whisper(obj: dict, fmt: str) -> Parsed:
    parsed = Parsed(fmt, [])
    for seg in obj.get("segments") or []:
        if not isinstance(seg, dict):
            parsed.malformed += 1
            continue
        start, end = seconds(seg.get("start")), seconds(seg.get("end"))
        if start is None or end is None or end < start:
            parsed.malformed += 1
            continue
        words = _fill_words(seg.get("words"), start, end)
        text = clean_text(_str(seg.get("text"))) or " ".join(w[2] for w in words or [])
        speaker = seg.get("speaker")
        if speaker is None and isinstance(seg.get("words"), list):
            # WhisperX leaves the segment unlabelled when diarisation split it: use its words
            speaker = next(
                (w["speaker"] for w in seg["words"] if isinstance(w, dict) and w.get("speaker")), None
            )
        parsed.cues.append(RawCue(start, end, text, clean_speaker(speaker), words))
    if (
        not parsed.cues
        and isinstance(obj.get("text"), str)
        and obj["text"].strip()
        and not obj.get("segments")
    ):
        parsed.cues.append(RawCue(None, None, clean_text(obj["text"])))
    if fmt == "whisperx-json":
        carry_speakers_forward(parsed.cues)
    lang = obj.get("language")
    if isinstance(lang, str):
        parsed.metadata["language"] = lang
    return parsed


def _whisper_cpp(obj: dict) -> Parsed:
    parsed = Parsed("whisper.cpp-json", [])
    for item in obj.get("transcription") or []:
        if not isinstance(item, dict):
            parsed.malformed += 1
            continue
        offsets = item.get("offsets") if isinstance(item.get("offsets"), dict) else {}
        stamps = item.get("timestamps") if isinstance(item.get("timestamps"), dict) else {}
        start = seconds(offsets.get("from"))
        end = seconds(offsets.get("to"))
        start = start / 1000 if start is not None else seconds(_str(stamps.get("from")))
        end = end / 1000 if end is not None else seconds(_str(stamps.get("to")))
        if start is None or end is None or end < start:
            parsed.malformed += 1
            continue
        parsed.cues.append(RawCue(start, end, clean_text(_str(item.get("text")))))
    result = obj.get("result")
    if isinstance(result, dict) and isinstance(result.get("language"), str):
        parsed.metadata["language"] = result["language"]
    return parsed


def _json3(obj: dict) -> Parsed:
    parsed = Parsed("youtube-json3", [])
    for ev in obj.get("events") or []:
        if not isinstance(ev, dict) or not isinstance(ev.get("segs"), list):
            continue
        t0 = seconds(ev.get("tStartMs"))
        dur = seconds(ev.get("dDurationMs"))
        if t0 is None:
            parsed.malformed += 1
            continue
        t0 /= 1000
        t1 = t0 + (dur / 1000 if dur is not None else 0.0)
        segs = [s for s in ev["segs"] if isinstance(s, dict) and isinstance(s.get("utf8"), str)]
        text = clean_text("".join(s["utf8"] for s in segs))
        if not text:
            continue
        words: list[Word] | None = None
        if len(segs) > 1:
            raw = []
            for k, s in enumerate(segs):
                off = seconds(s.get("tOffsetMs")) or 0.0
                nxt = seconds(segs[k + 1].get("tOffsetMs")) if k + 1 < len(segs) else None
                raw.append(
                    {
                        "word": s["utf8"],
                        "start": t0 + off / 1000,
                        "end": t0 + nxt / 1000 if nxt is not None else t1,
                    }
                )
            words = _fill_words(raw, t0, t1)
        parsed.cues.append(RawCue(t0, max(t1, t0), text, None, words))
    return parsed


def _podcast(obj: dict) -> Parsed:
    parsed = Parsed("podcast-json", [])
    for seg in obj.get("segments") or []:
        if not isinstance(seg, dict):
            parsed.malformed += 1
            continue
        start, end = seconds(seg.get("startTime")), seconds(seg.get("endTime"))
        if start is None or (end is not None and end < start):
            parsed.malformed += 1
            continue
        parsed.cues.append(
            RawCue(
                start,
                end if end is not None else start,
                clean_text(_str(seg.get("body"))),
                clean_speaker(seg.get("speaker")),
            )
        )
    carry_speakers_forward(parsed.cues)
    return parsed


def _segments_list(items: list, fmt: str, *, end_key: str = "end") -> Parsed:
    parsed = Parsed(fmt, [])
    for item in items:
        if not isinstance(item, dict):
            parsed.malformed += 1
            continue
        start = seconds(item.get("start"))
        end = seconds(item.get(end_key))
        if end is None and seconds(item.get("duration")) is not None and start is not None:
            end = start + (seconds(item.get("duration")) or 0.0)
        if start is None or (end is not None and end < start):
            parsed.malformed += 1
            continue
        parsed.cues.append(
            RawCue(
                start,
                end if end is not None else start,
                clean_text(_str(item.get("text"))),
                clean_speaker(item.get("speaker")),
            )
        )
    return parsed


def parse_json(obj: Any, fmt: str) -> Parsed:
    """Parse a decoded JSON value already identified by :func:`detect_json`."""
    if fmt in ("whisper-json", "whisperx-json"):
        parsed = _whisper(obj, fmt)
    elif fmt == "whisper.cpp-json":
        parsed = _whisper_cpp(obj)
    elif fmt == "youtube-json3":
        parsed = _json3(obj)
    elif fmt == "podcast-json":
        parsed = _podcast(obj)
    elif fmt == "segments-json":
        parsed = _segments_list(obj, fmt)
    elif fmt in CLOUD_FORMATS:
        parsed = parse_cloud(obj, fmt)
    else:
        parsed = _segments_list(obj.get("cues") or [], fmt)
    if isinstance(obj, dict):
        title = obj.get("title")
        if isinstance(title, str) and title.strip():
            parsed.title = clean_text(title)[:300]
    return parsed
