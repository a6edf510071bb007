"""Every shared transcript sample loads with the right cues, speakers and chapters.

Expected figures come from the data, not from the loader: the normalized JSON of the
same episodes (TinyRec 9f7dc219: 199 utterances, 3 speakers, 5 chapters, 872.785 s;
Crash Course vo4pMVb0R6M: 150 caption lines, no speakers, 13 chapters, 654 s), header
lines counted with grep-like patterns, and webvtt-py / srt used as independent oracles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explorer.core.errors import LoadError, UnsupportedFormat
from explorer.core.loaders import load_document
from explorer.core.loaders.transcripts import (
    ChapterFileNotTranscript,
    load_chapter_file,
    load_transcript,
    sniff_chapter_file,
)

TINY = "tinyrec_9f7dc219"
CC = "crashcourse_vo4pMVb0R6M"
TINY_NORM = "tinyrec/normalized/9f7dc219-0438-4bb3-bc9c-12c6512393f4.json"
CC_NORM = "crashcourse_psychology/normalized/vo4pMVb0R6M.json"
TINY_SPEAKERS = {"Dimitrios Gklezakos", "Diamond Bishop", "Liam Taylor"}

# file -> (format, cues, speakers, chapters); cues None = counted from the file below
TRANSCRIPTS = {
    f"samples/{CC}.vtt": ("webvtt", 150, 0, 13),
    f"samples/{CC}.srt": ("srt", 150, 0, 13),
    f"samples/{CC}.json3": ("youtube-json3", 150, 0, 13),
    f"samples/{CC}.timedtext.xml": ("youtube-timedtext", 150, 0, 13),
    f"samples/{TINY}.voice.vtt": ("webvtt", 199, 3, 5),
    f"samples/{TINY}.teams.vtt": ("webvtt", 199, 3, 5),
    f"samples/{TINY}.zoom.vtt": ("webvtt", 199, 3, 5),
    f"samples/{TINY}.srt": ("srt", 199, 3, 5),
    f"samples/{TINY}.whisper.json": ("whisper-json", 199, 0, 5),  # openai-whisper has no diarisation
    f"samples/{TINY}.whisperx.json": ("whisperx-json", 199, 3, 5),
    f"samples/{TINY}.podcast-transcript.json": ("podcast-json", 199, 3, 5),
    f"samples/{TINY}.otter.txt": ("otter", None, 3, 5),
    f"samples/{TINY}.otter.docx": ("docx", None, 3, 5),
    f"samples/{TINY}.rev.txt": ("rev", None, 3, 5),
    f"samples/{TINY}.bracket.txt": ("bracket", None, 3, 5),
    f"samples/{TINY}.plain.txt": ("plain", None, 0, 0),
    "samples/qmsum_ES2004a.txt": ("speaker-text", None, 4, 0),
    "podcast_namespace_examples/example.srt": ("srt", 222, 3, 0),
    "podcast_namespace_examples/example.vtt": ("webvtt", 7, 2, 0),
    "podcast_namespace_examples/example.json": ("podcast-json", 5, 2, 0),
    "podcast_namespace_examples/example.html": ("podcast-html", None, 3, 0),
}

CHAPTER_FILES = {
    f"samples/{CC}.chapters.vtt": ("webvtt-chapters", 13),
    f"samples/{CC}.youtube-description.txt": ("youtube-description", 13),
    f"samples/{TINY}.chapters.json": ("podcast-chapters", 5),
    f"samples/{TINY}.ffmetadata": ("ffmetadata", 5),
    f"samples/{TINY}.youtube-description.txt": ("youtube-description", 5),
    f"samples/{TINY}.chapters-id3only.mp3": ("id3", 5),
    # 11 entries, one has "toc": false (hidden from the table of contents by the spec)
    "podcast_namespace_examples/chapters_example.json": ("podcast-chapters", 9),
    "podcast_namespace_examples/chapters_exampleComplex.json": ("podcast-chapters", 10),
}

# Not transcripts, but readable prose: loaded as plain text (one cue per paragraph), or as
# Markdown (its text and its headings) where it is written in Markdown.
NOT_TRANSCRIPTS = {
    "podcast_namespace_examples/COPYING.txt": "plain",
    "podcast_namespace_examples/jsonChapters.md": "markdown",
    "podcast_namespace_examples/transcripts.md": "markdown",
}


def _count_headers(path: Path, fmt: str) -> int:
    """Turns in a paragraph-style export, counted with the format's own header pattern."""
    if fmt == "docx":
        import docx

        lines = [p.text for p in docx.Document(str(path)).paragraphs]
    else:
        lines = path.read_text(encoding="utf-8").split("\n")
    patterns = {
        "otter": r"^.+  \d+:\d\d$",
        "docx": r"^.+  \d+:\d\d$",
        "rev": r"^.+ \(\d\d:\d\d:\d\d\):$",
        "bracket": r"^\[\d\d:\d\d:\d\d\] ",
        "speaker-text": r"^[A-Z][\w ]+: ",
    }
    if fmt == "plain":
        return len([p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()])
    if fmt == "podcast-html":
        return path.read_text(encoding="utf-8").count("<p>")
    if fmt == "speaker-text":  # a turn that is only corpus annotations ("{vocalsound}") is no speech: dropped
        return sum(1 for ln in lines if (m := re.match(patterns[fmt], ln)) and re.sub(r"\{[a-z]+\}", "", ln[m.end():]).strip())
    return sum(1 for ln in lines if re.match(patterns[fmt], ln))


@pytest.mark.parametrize("rel", sorted(TRANSCRIPTS))
def test_sample_transcript_counts(shared_data, rel):
    path = shared_data / "transcripts" / rel
    fmt, n_cues, n_speakers, n_chapters = TRANSCRIPTS[rel]
    doc = load_document(path)
    assert doc.kind == "transcript" and doc.format == fmt
    expected_cues = n_cues if n_cues is not None else _count_headers(path, fmt)
    assert len(doc.cues) == expected_cues
    assert len(doc.speakers) == n_speakers
    assert len(doc.reference_chapters) == n_chapters
    assert doc.sentences and [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert not doc.warnings
    if fmt in ("plain", "speaker-text"):
        assert doc.duration is None and all(s.anchor.start is None for s in doc.sentences)
        return
    # every sentence keeps its times, inside the recording, in order of cues
    for s in doc.sentences:
        assert s.anchor.start is not None and s.anchor.end is not None
        assert 0 <= s.anchor.start <= s.anchor.end <= doc.duration + 1e-6
        assert s.anchor.cues and all(0 <= c < len(doc.cues) for c in s.anchor.cues)
    if n_speakers:
        assert all(s.anchor.speaker for s in doc.sentences)  # carried forward, never lost
    for ch in doc.reference_chapters:  # each chapter starts at the sentence nearest its time
        i = ch.start_sentence
        assert i is not None
        gap = abs(doc.sentences[i].anchor.start - ch.start_time)
        for j in (i - 1, i + 1):
            if 0 <= j < len(doc.sentences):
                assert gap <= abs(doc.sentences[j].anchor.start - ch.start_time) + 0.05


@pytest.mark.parametrize("rel", [r for r in TRANSCRIPTS if TINY in r and TRANSCRIPTS[r][1] == 199])
def test_tinyrec_cues_match_normalized_json(shared_data, rel):
    norm = json.loads((shared_data / "transcripts" / TINY_NORM).read_text())
    doc = load_document(shared_data / "transcripts" / rel)
    assert doc.duration == pytest.approx(norm["duration"], abs=1e-3)
    for cue, ref in zip(doc.cues, norm["cues"], strict=True):
        assert cue.text == ref["text"].strip()
        assert cue.start == pytest.approx(ref["start"], abs=1e-3)
        assert cue.end == pytest.approx(ref["end"], abs=1e-3)
        if TRANSCRIPTS[rel][2]:
            assert cue.speaker == ref["speaker"]
    assert set(doc.speakers) <= TINY_SPEAKERS
    assert [(c.title.strip(), c.start_time) for c in doc.reference_chapters] == [
        (c["title"].strip(), pytest.approx(c["start"], abs=1e-3)) for c in norm["chapters"]
    ]


@pytest.mark.parametrize("ext", ["vtt", "srt", "json3", "timedtext.xml"])
def test_crashcourse_cues_match_normalized_json(shared_data, ext):
    norm = json.loads((shared_data / "transcripts" / CC_NORM).read_text())
    doc = load_document(shared_data / "transcripts" / "samples" / f"{CC}.{ext}")
    assert [c.text for c in doc.cues] == [c["text"].strip() for c in norm["cues"]]
    assert [c.start for c in doc.cues] == pytest.approx([c["start"] for c in norm["cues"]])
    assert doc.duration == pytest.approx(norm["duration"])
    assert [c.title for c in doc.reference_chapters] == [c["title"] for c in norm["chapters"]]
    assert "&amp;" not in " ".join(s.text for s in doc.sentences)
    assert doc.metadata["chapters_source"] == f"chapters imported from {CC}.chapters.vtt"


@pytest.mark.parametrize("rel", sorted(CHAPTER_FILES))
def test_sample_chapter_files(shared_data, rel):
    path = shared_data / "transcripts" / rel
    kind, count = CHAPTER_FILES[rel]
    data = path.read_bytes()
    assert sniff_chapter_file(data) == kind
    chapters = load_chapter_file(str(path))
    assert len(chapters) == count
    assert chapters[0].start_time == 0.0
    times = [c.start_time for c in chapters]
    assert times == sorted(times) and all(c.title for c in chapters)
    if TINY in rel:
        norm = json.loads((shared_data / "transcripts" / TINY_NORM).read_text())
        tol = 1.0 if kind == "youtube-description" else 1e-3  # descriptions give whole seconds
        assert times == pytest.approx([c["start"] for c in norm["chapters"]], abs=tol)
        assert [c.title.strip() for c in chapters] == [c["title"].strip() for c in norm["chapters"]]
    elif CC in rel:
        assert chapters[8].title == "Freud's Death & Legacy"  # entity unescaped in the VTT track
    # a chapter list is not a transcript: a clear error that still carries the chapters
    if kind != "id3":
        with pytest.raises(ChapterFileNotTranscript) as info:
            load_transcript(str(path), data)
        assert len(info.value.chapters) == count


def test_id3_chapter_file_is_not_a_transcript(shared_data):
    path = shared_data / "transcripts" / "samples" / f"{TINY}.chapters-id3only.mp3"
    with pytest.raises(UnsupportedFormat):
        load_transcript(str(path), path.read_bytes())


@pytest.mark.parametrize("rel", sorted(NOT_TRANSCRIPTS))
def test_prose_files_load_as_text(shared_data, rel):
    doc = load_document(shared_data / "transcripts" / rel)
    assert doc.format == NOT_TRANSCRIPTS[rel] and doc.duration is None and not doc.speakers


def test_a_markdown_spec_reads_as_its_text_with_its_headings_as_outline(shared_data):
    """The Podcasting 2.0 transcript spec showed "## Recomended", "**Want to support only one
    format?**" and "[CORS headers](https://…)", and "### WebVTT" was glued to its paragraph."""
    doc = load_document(shared_data / "transcripts" / "podcast_namespace_examples" / "transcripts.md")
    texts = [s.text for s in doc.sentences]
    assert doc.title == "Transcript File Format Details"
    assert not any(t.startswith("#") or "](http" in t or "**" in t for t in texts)
    assert "CORS headers are required to make these files available from other websites." in texts
    assert [(r.level, r.title) for r in doc.reference_chapters if r.level <= 3] == [
        (2, "Recomended"), (3, "WebVTT"), (3, "HTML"), (2, "In use"), (3, "JSON"), (3, "SRT")]
    assert all(texts[r.start_sentence] == r.title for r in doc.reference_chapters)


def test_every_shared_file_is_handled(shared_data):
    """Nothing in the two folders is left out of the tables above."""
    base = shared_data / "transcripts"
    listed = set(TRANSCRIPTS) | set(CHAPTER_FILES) | set(NOT_TRANSCRIPTS)
    on_disk = {
        str(p.relative_to(base))
        for d in ("samples", "podcast_namespace_examples")
        for p in (base / d).iterdir()
    }
    assert on_disk == listed


@pytest.mark.parametrize("name", [f"{TINY}.voice.vtt", f"{TINY}.srt", f"{CC}.vtt"])
def test_subtitle_parser_agrees_with_webvtt_py_and_srt(shared_data, name):
    """webvtt-py and srt as oracles: same number of cues and the same times."""
    import srt
    import webvtt

    path = shared_data / "transcripts" / "samples" / name
    doc = load_document(path)
    if name.endswith(".vtt"):
        ref = [
            (c.start_in_seconds + c.start_time.milliseconds / 1000, c.text) for c in webvtt.read(str(path))
        ]
        ref_starts = [t for t, _ in ref]
    else:
        ref_starts = [s.start.total_seconds() for s in srt.parse(path.read_text(encoding="utf-8"))]
    assert [c.start for c in doc.cues] == pytest.approx(ref_starts, abs=1e-3)


def test_sentence_counts_are_consistent_across_formats(shared_data):
    """The same TinyRec session in eight formats gives (nearly) the same sentences."""
    base = shared_data / "transcripts" / "samples"
    counts = {}
    for ext in (
        "voice.vtt",
        "teams.vtt",
        "zoom.vtt",
        "srt",
        "whisperx.json",
        "otter.txt",
        "rev.txt",
        "bracket.txt",
    ):
        counts[ext] = len(load_document(base / f"{TINY}.{ext}").sentences)
    assert max(counts.values()) - min(counts.values()) <= 2, counts


def test_load_errors_are_load_errors(shared_data):
    with pytest.raises(LoadError):
        load_document(shared_data / "transcripts" / "samples" / f"{TINY}.chapters-id3only.mp3")
