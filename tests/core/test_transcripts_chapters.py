"""Chapter files import as reference chapters and attach to the right sentences."""

from __future__ import annotations

import json
import struct

import pytest

from explorer.core.errors import EmptyDocument, UnsupportedFormat
from explorer.core.loaders import load_document
from explorer.core.loaders.transcripts import attach_reference_chapters, load_chapter_file, load_transcript
from explorer.core.model import ReferenceChapter

TALK = "".join(
    f"{k + 1}\n00:{k // 6:02d}:{(k % 6) * 10:02d},000 --> 00:{k // 6:02d}:{(k % 6) * 10 + 9:02d},000\n"
    f"Sentence number {k + 1} is here.\n\n"
    for k in range(18)
)  # 18 cues of 10 s: 0:00 ... 2:50


def _chapters(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return [(c.title, c.start_time) for c in load_chapter_file(str(path))]


def test_ffmetadata_timebases_and_escapes(tmp_path):
    text = (
        ";FFMETADATA1\ntitle=Show\n\n[CHAPTER]\nTIMEBASE=1/1\nSTART=0\nEND=60\ntitle=Intro\\=start\n\n"
        "[CHAPTER]\nTIMEBASE=1/1000000\nSTART=60500000\nEND=90000000\ntitle=Main \\; part\n\n[STREAM]\ntitle=x\n"
    )
    assert _chapters(tmp_path, "a.ffmetadata", text) == [("Intro=start", 0.0), ("Main ; part", 60.5)]


def test_ytdlp_info_json_chapters_or_description(tmp_path):
    info = {
        "id": "x",
        "title": "T",
        "webpage_url": "https://y",
        "extractor": "youtube",
        "chapters": [{"start_time": 0.0, "end_time": 10.0, "title": "A"}, {"start_time": 10.0, "title": "B"}],
    }
    assert _chapters(tmp_path, "v.info.json", json.dumps(info)) == [("A", 0.0), ("B", 10.0)]
    info = {
        "id": "x",
        "extractor": "youtube",
        "chapters": None,
        "description": "Great video!\n\n00:00 Start\n01:30 Middle bit\n1:02:03 Late\nhttps://link",
    }
    info["chapters"] = []
    assert _chapters(tmp_path, "w.info.json", json.dumps(info)) == [
        ("Start", 0.0),
        ("Middle bit", 90.0),
        ("Late", 3723.0),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Chapters:\n0:00 Intro\n0:46 - Early thinkers\n(1:31) Big questions\n",
        "Intro 0:00\nEarly thinkers - 0:46\nBig questions [1:31]\n",
    ],
)
def test_youtube_description_styles(tmp_path, body):
    assert _chapters(tmp_path, "d.txt", body) == [
        ("Intro", 0.0),
        ("Early thinkers", 46.0),
        ("Big questions", 91.0),
    ]


def test_webvtt_chapter_track_with_kind_header(tmp_path):
    text = "WEBVTT\nKind: chapters\n\n00:00.000 --> 01:00.000\nOpening &amp; welcome\n\n01:00.000 --> 02:00.000\nQ&amp;A\n"
    assert _chapters(tmp_path, "c.vtt", text) == [("Opening & welcome", 0.0), ("Q&A", 60.0)]


def _id3v23(chapters):
    frames = b""
    for k, (ms, title) in enumerate(chapters):
        tit2 = b"\x03" + title.encode("utf-8")
        sub = b"TIT2" + struct.pack(">I", len(tit2)) + b"\x00\x00" + tit2
        body = f"ch{k}".encode() + b"\x00" + struct.pack(">IIII", ms, ms + 1000, 0xFFFFFFFF, 0xFFFFFFFF) + sub
        frames += b"CHAP" + struct.pack(">I", len(body)) + b"\x00\x00" + body
    frames += b"\x00" * 32
    size = len(frames)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + frames


def test_id3_chap_frames_v23(tmp_path):
    data = _id3v23([(61000, "Second"), (0, "First")])
    assert _chapters(tmp_path, "a.mp3", data) == [("First", 0.0), ("Second", 61.0)]


def test_podcast_chapters_skip_toc_false_and_name_untitled(tmp_path):
    data = {
        "version": "1.2.0",
        "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 30, "toc": False}, {"startTime": 60}],
    }
    assert _chapters(tmp_path, "c.json", json.dumps(data)) == [("Intro", 0.0), ("Chapter 2", 60.0)]


def test_not_a_chapter_file(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Just some words.\nNo times here.\n")
    with pytest.raises(UnsupportedFormat):
        load_chapter_file(str(path))
    with pytest.raises(EmptyDocument):
        load_chapter_file(
            "c.json", json.dumps({"version": "1.2.0", "chapters": [{"startTime": 1, "toc": False}]}).encode()
        )
    assert (
        load_chapter_file(str(path).encode(), b";FFMETADATA1\n[CHAPTER]\nSTART=0\ntitle=A\n")[0].title == "A"
    )


def test_attach_maps_times_to_first_sentence_at_or_after():
    doc = load_transcript("t.srt", TALK.encode())
    attach_reference_chapters(
        doc,
        [
            ReferenceChapter("Late", start_time=55.0),
            ReferenceChapter("Start", start_time=0.0),
            ReferenceChapter("After the end", start_time=999.0),
        ],
    )
    assert [(c.title, c.start_sentence) for c in doc.reference_chapters] == [
        ("Start", 0),
        ("Late", 6),
        ("After the end", None),
    ]
    assert doc.sentences[6].anchor.start == 60.0


@pytest.mark.parametrize(
    "transcript,sibling,content",
    [
        (
            "talk.srt",
            "talk.chapters.json",
            json.dumps({"chapters": [{"startTime": 0, "title": "A"}, {"startTime": 60, "title": "B"}]}),
        ),
        (
            "talk.voice.srt",
            "talk.ffmetadata",
            ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\ntitle=A\n"
            "[CHAPTER]\nTIMEBASE=1/1000\nSTART=60000\ntitle=B\n",
        ),
        (
            "talk.en.srt",
            "talk.info.json",
            json.dumps(
                {
                    "extractor": "youtube",
                    "chapters": [{"start_time": 0, "title": "A"}, {"start_time": 60, "title": "B"}],
                }
            ),
        ),
        ("talk.srt", "talk.youtube-description.txt", "0:00 A\n1:00 B\n"),
        (
            "talk.srt",
            "talk.chapters.vtt",
            "WEBVTT\n\nChapter 1\n00:00.000 --> 01:00.000\nA\n\nChapter 2\n01:00.000 --> 03:00.000\nB\n",
        ),
    ],
)
def test_sibling_chapter_file_is_attached(tmp_path, transcript, sibling, content):
    (tmp_path / transcript).write_text(TALK)
    (tmp_path / sibling).write_text(content)
    doc = load_document(tmp_path / transcript)
    assert [(c.title, c.start_sentence) for c in doc.reference_chapters] == [("A", 0), ("B", 6)]
    assert doc.metadata["chapters_source"] == f"chapters imported from {sibling}"


def test_broken_sibling_is_a_warning_not_a_failure(tmp_path):
    (tmp_path / "talk.srt").write_text(TALK)
    (tmp_path / "talk.chapters.json").write_text('{"chapters": []}')
    doc = load_document(tmp_path / "talk.srt")
    assert doc.reference_chapters == [] and "talk.chapters.json" in doc.warnings[0]


def test_no_sibling_no_chapters(tmp_path):
    (tmp_path / "talk.srt").write_text(TALK)
    doc = load_document(tmp_path / "talk.srt")
    assert doc.reference_chapters == [] and "chapters_source" not in doc.metadata


def test_survey_table_routes_chapter_files_and_reports_failures(tmp_path, capsys):
    from explorer.core.loaders.transcripts.survey import main

    (tmp_path / "talk.srt").write_text(TALK)
    (tmp_path / "talk.ffmetadata").write_text(";FFMETADATA1\n[CHAPTER]\nSTART=0\ntitle=A\n")
    assert main([str(tmp_path / "talk.srt"), str(tmp_path / "talk.ffmetadata")]) == 0
    out = capsys.readouterr().out
    assert "| talk.srt | srt | 18 | 18 | 0 | 1 | 179.0 |" in out and "chapters:ffmetadata" in out
    (tmp_path / "bad.vtt").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    assert main([str(tmp_path / "bad.vtt")]) == 1


def test_timestamped_speech_lines_are_a_transcript_not_a_description():
    body = "".join(
        f"{k // 6}:{(k % 6) * 10:02d} and then we talk about part {k} of the whole story here\n"
        for k in range(20)
    )
    doc = load_transcript("t.txt", body.encode())
    assert doc.format == "bracket" and len(doc.cues) == 20 and doc.cues[1].start == 10.0


def test_explicit_import_accepts_any_webvtt_and_loose_descriptions(tmp_path):
    short_cues = "WEBVTT\n\n00:00.000 --> 00:05.000\nOpening\n\n00:05.000 --> 00:09.000\nSecond\n"
    assert _chapters(tmp_path, "c.vtt", short_cues) == [("Opening", 0.0), ("Second", 5.0)]
    assert _chapters(tmp_path, "d.txt", "Timestamps\n0:05 Warm-up\n0:09 Main set\n") == [
        ("Warm-up", 5.0),
        ("Main set", 9.0),
    ]
