"""Hypothesis fuzzing of every transcript and chapter parser.

Random bytes, random text built from each format's structural pieces, random JSON with
transcript-like keys, and byte-level mutations of real samples (generated here, plus the
shared samples when ../shared is present). The only exception allowed to escape is the
project's own :class:`LoadError`; a successful load must give a sane Document.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.core.errors import LoadError
from explorer.core.loaders.transcripts import load_chapter_file, load_transcript, sniff_chapter_file
from explorer.core.loaders.transcripts.chapters import (
    chapters_from_description,
    chapters_from_ffmetadata,
    chapters_from_id3,
    chapters_from_json,
    chapters_from_vtt,
)
from explorer.core.loaders.transcripts.jsonfmt import detect_json, parse_json
from explorer.core.loaders.transcripts.markup import parse_html, parse_timedtext, parse_ttml
from explorer.core.loaders.transcripts.subtitles import parse_subtitles
from explorer.core.loaders.transcripts.textfmt import parse_text

FUZZ = settings(
    max_examples=int(os.environ.get("STRATA_FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SAMPLES: list[bytes] = [
    b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hi &amp; bye.</v>\n\n00:02.000 --> 00:03.000\nAnn: yes\n",
    b"1\n00:00:01,000 --> 00:00:02,000\nBob: one\n\n2\n00:00:02,000 --> 00:00:04,000\ntwo.\n",
    b'{"segments": [{"start": 0, "end": 1, "text": " a", "speaker": "S", "words": [{"word": "a", "start": 0}]}]}',
    b'{"wireMagic": "pb3", "events": [{"tStartMs": 0, "dDurationMs": 5, "segs": [{"utf8": "x"}, '
    b'{"utf8": " y", "tOffsetMs": 2}]}]}',
    b'{"version": "1.0.0", "segments": [{"speaker": "A", "startTime": 0, "endTime": 1, "body": "Hi."}]}',
    b'{"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:01,000"}, "offsets": '
    b'{"from": 0, "to": 1000}, "text": " hey"}]}',
    b'<transcript><text start="0" dur="1">a &amp;amp; b</text></transcript>',
    b'<timedtext><body><p t="0" d="10"><s>a</s><s t="5">b</s></p></body></timedtext>',
    b"<cite>A:</cite><time>0:00</time><p>Hello.</p><cite>B:</cite><time>0:05</time><p>Bye.</p>",
    b"Ann  0:00\nHello there.\n\nBo  0:05\nFine.\n",
    b"Ann (00:00:00):\nHello.\n\nBo (00:00:05): Fine.\n",
    b"[00:00:00] Ann: Hello.\n[00:00:05] Bo: Fine.\n",
    b'---\ntitle: "t"\nchapters_json: [{"start_time": 0, "title": "a"}]\n---\n- [00:01] x\n',
    b"Ann: hello .\nBo: fine .\n",
    b"0:00:00.000,0:00:02.500\nHello.\n\n0:00:02.500,0:00:04.000\nBye.\n",
    b'Speaker,Start Time,End Time,Text\nAnn,00:00:01.000,00:00:04.000,"Hi, all."\nBo,00;00;04;15,5,Bye.\n',
    b"start_ms\tduration\tname\ttext\n0\t1500\tAnn\tOne.\nx\t\t\tTwo.\n",
    b'<tt ttp:tickRate="10"><body><p begin="10t" end="2.5s" ttm:agent="a">Hi<br/>there.</p>'
    b'<p begin="00:00:03:05" dur="1s">Next.</p></body></tt>',
    b";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=5\ntitle=A\n",
    b'{"chapters": [{"startTime": 0, "title": "A"}, {"startTime": 5}]}',
    b"0:00 Intro\n0:46 Next\n1:31 Last\n",
    b"ID3\x03\x00\x00\x00\x00\x00\x30CHAP\x00\x00\x00\x1ec0\x00\x00\x00\x00\x00\x00\x00\x03\xe8\xff\xff\xff\xff"
    b"\xff\xff\xff\xffTIT2\x00\x00\x00\x02\x00\x00\x00A" + b"\x00" * 8,
]


def _shared_samples() -> list[bytes]:
    root = Path(os.environ.get("STRATA_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")) / "data"
    folder = root / "transcripts" / "samples"
    if not folder.is_dir():
        return []
    return [p.read_bytes()[:6000] for p in sorted(folder.iterdir()) if p.suffix != ".docx"]


def _research_samples() -> list[bytes]:
    """ELAN, Praat, CHAT, ASS and SAMI files (their parsers sit behind third-party readers)."""
    from test_transcripts_annotation import ALIGNER_GRID, ASS, CHAT, EAF, SAMI, TEXTGRID_SHORT

    return [t.encode("utf-8") for t in (EAF, TEXTGRID_SHORT, ALIGNER_GRID, CHAT, ASS, SAMI)]


ALL_SAMPLES = SAMPLES + _research_samples() + _shared_samples()


def _check_document(doc) -> None:
    assert doc.kind == "transcript" and doc.sentences and doc.cues
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert [c.index for c in doc.cues] == list(range(len(doc.cues)))
    for s in doc.sentences:
        assert s.text.strip()
        a = s.anchor
        if a.start is not None:
            assert math.isfinite(a.start) and math.isfinite(a.end) and a.start <= a.end
        assert all(0 <= c < len(doc.cues) for c in a.cues)
    for ch in doc.reference_chapters:
        assert ch.start_sentence is None or 0 <= ch.start_sentence < len(doc.sentences)


def _load(data: bytes) -> None:
    try:
        doc = load_transcript("fuzz.txt", data)
    except LoadError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    _check_document(doc)


def _chapters(data: bytes) -> None:
    try:
        sniff_chapter_file(data)
        chapters = load_chapter_file("fuzz.chapters", data)
    except LoadError:
        return
    assert chapters and all(c.start_time is not None and c.start_time >= 0 for c in chapters)


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(ALL_SAMPLES)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "delete", "insert", "dup", "truncate"]))
        i = draw(st.integers(0, len(data) - 1))
        j = min(len(data), i + draw(st.integers(1, 40)))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[i:j]
        elif op == "insert":
            data[i:i] = draw(st.binary(max_size=20))
        elif op == "dup":
            data[i:i] = data[i:j]
        else:
            del data[i:]
    return bytes(data)


PIECES = [
    "WEBVTT\n",
    "\n",
    "\n\n",
    " --> ",
    "00:00:01.000",
    "00:00:02,500",
    "99:99:99.999",
    "1:02",
    "<v Ann>",
    "</v>",
    "<c>",
    "<00:00:01.500>",
    "Ann: ",
    "SPEAKER_1: ",
    "&amp;",
    "&#39;",
    "&",
    "[00:00:05] ",
    "Bob  0:05",
    "Rev (00:00:07):",
    "<cite>X:</cite>",
    "<time>0:0</time>",
    "<p>",
    "</p>",
    "{",
    "}",
    "[",
    "]",
    '"start": ',
    '"segments"',
    ":",
    ",",
    "-1",
    "1e999",
    "NaN",
    "text",
    ".",
    "?",
    " ",
    "é",
    "\u200b",
    "\ufeff",
    "---\n",
    "title: x\n",
    ";FFMETADATA1\n",
    "[CHAPTER]\n",
    "START=",
    "TIMEBASE=0/0\n",
    "0:00 Intro\n",
    "<tt>",
    '<p begin="1t" end="',
    'dur="2s">',
    "00:00:01:12",
    "0:00:01.000,0:00:02.000\n",
]

structured_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join)

KEYS = [
    "segments",
    "words",
    "word",
    "start",
    "end",
    "text",
    "speaker",
    "events",
    "segs",
    "utf8",
    "tStartMs",
    "dDurationMs",
    "tOffsetMs",
    "wireMagic",
    "transcription",
    "offsets",
    "timestamps",
    "from",
    "to",
    "body",
    "startTime",
    "endTime",
    "chapters",
    "title",
    "toc",
    "cues",
    "word_segments",
    "language",
    "duration",
    "start_time",
    "description",
    "extractor",
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["00:00:01,000", "0:05", "Ann", " hi.", "\n"]),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    ),
    max_leaves=30,
)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _load(data)
    _chapters(data)


@FUZZ
@given(structured_text)
def test_random_structured_text(text):
    for encoding in ("utf-8", "utf-16"):
        _load(text.encode(encoding, errors="replace"))
    _chapters(text.encode("utf-8", errors="replace"))


@FUZZ
@given(mutated())
def test_mutated_samples(data):
    _load(data)
    _chapters(data)


@FUZZ
@given(json_values)
def test_random_json(obj):
    data = json.dumps(obj).encode()
    _load(data)
    _chapters(data)
    fmt = detect_json(obj)
    if fmt is not None:
        parse_json(obj, fmt)  # the parser itself, not just the guarded entry point
    chapters_from_json(obj)


@FUZZ
@given(structured_text)
def test_each_text_parser_directly(text):
    """The parsers themselves never raise, whatever text reaches them."""
    parse_subtitles(text, "webvtt")
    parse_subtitles(text, "srt")
    for fmt in (None, "otter", "rev", "bracket", "speaker-text", "plain"):
        parse_text(text, fmt)
    parse_html(text)
    parse_timedtext(text)
    parse_ttml(text)
    chapters_from_description(text)
    chapters_from_ffmetadata(text)
    chapters_from_vtt(text)


@FUZZ
@given(st.binary(max_size=300))
def test_id3_parser_directly(tail):
    chapters_from_id3(b"ID3\x04\x00\x00" + tail)
    chapters_from_id3(b"ID3\x03\x00\x40" + tail)


@pytest.mark.parametrize("index", range(len(SAMPLES)))
def test_seed_samples_are_valid(index):
    """The seeds themselves load (as transcripts or chapter files), so mutations start from real input."""
    data = SAMPLES[index]
    if sniff_chapter_file(data):
        assert load_chapter_file("seed", data)
    else:
        _check_document(load_transcript("seed.txt", data))


def _small_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Ann  0:00")
    document.add_paragraph("Hello there.")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


DOCX = _small_docx()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_mutated_docx(flips):
    data = bytearray(DOCX)
    for pos, value in flips:
        data[pos] = value
    _load(bytes(data))


def test_segments_whose_words_are_not_a_list_are_not_whisperx():
    """Found by test_random_json: ``"words": true`` raised TypeError in format detection."""
    for words in (True, 1.5, "w", None):
        assert detect_json({"segments": [{"start": 0, "text": "hi", "words": words}]}) == "whisper-json"
