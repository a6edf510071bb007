"""Every chapter export format parses back to the same chapters."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from explorer.core.exports import ExportError, export, export_text, format_clock, to_json
from explorer.core.model import Anchor, Chapter, Document, Page, Rect, Sentence

TITLES = ["Getting started: the basics", "Why = matters; a #hash", "Wrapping up"]


def _transcript(n: int = 30, step: float = 130.0) -> Document:
    sents = [Sentence(i, f"Sentence number {i}.", Anchor(start=i * step, end=i * step + step - 1)) for i in range(n)]
    return Document(id=hashlib.sha256(b"t").hexdigest(), path="/tmp/talk.vtt", kind="transcript", format="webvtt",
                    title="A long talk", sentences=sents, duration=n * step)


def _chapters(n: int = 30) -> list[Chapter]:
    return [Chapter(0, 10, TITLES[0], "heading"), Chapter(10, 22, TITLES[1], "generated"),
            Chapter(22, n, TITLES[2], "user")]


def _starts(doc: Document, chapters: list[Chapter]) -> list[float]:
    return [0.0] + [doc.sentences[c.start].anchor.start for c in chapters[1:]]


def test_json_roundtrip_and_inclusive_end():
    doc, chs = _transcript(), _chapters()
    secs = [Chapter(10, 15, "Part A", level=2), Chapter(15, 22, "Part B", level=2)]
    data = json.loads(to_json(doc, chs, secs))
    assert data["document"]["title"] == "A long talk"
    rows = data["chapters"]
    assert [r["title"] for r in rows] == [TITLES[0], TITLES[1], "Part A", "Part B", TITLES[2]]
    top = [r for r in rows if r["level"] == 1]
    assert [(r["start_sentence"], r["end_sentence"] + 1) for r in top] == [(c.start, c.end) for c in chs]
    assert [r["title_source"] for r in top] == ["heading", "generated", "user"]
    assert [r["start_time"] for r in top] == _starts(doc, chs)
    # "index" numbers top-level chapters (as `strata-cli edit` does); sections carry their own number
    assert [r["index"] for r in rows] == [0, 1, 1, 1, 2]
    assert [r.get("section") for r in rows] == [None, None, 0, 1, None]


def test_webvtt_roundtrip_with_webvtt_py(tmp_path):
    webvtt = pytest.importorskip("webvtt")
    doc, chs = _transcript(), _chapters()
    path = tmp_path / "c.vtt"
    export(doc, chs, "vtt", path)
    captions = list(webvtt.read(str(path)))
    assert [c.text for c in captions] == TITLES
    assert [c.start_in_seconds for c in captions] == [int(t) for t in _starts(doc, chs)]
    assert captions[-1].end_in_seconds == int(doc.duration)


def _transcript_importer():
    try:
        from explorer.core.loaders.transcripts.chapters import load_chapter_file
    except ImportError:  # pragma: no cover - the importer lands separately
        pytest.skip("chapter importer not available")
    return load_chapter_file


@pytest.mark.parametrize("fmt", ["vtt", "podcast-json", "youtube", "ffmetadata"])
def test_time_formats_roundtrip_through_the_chapter_importer(fmt):
    load_chapter_file = _transcript_importer()
    doc, chs = _transcript(), _chapters()
    text = export_text(doc, chs, fmt)
    parsed = load_chapter_file(b"", data=text.encode("utf-8"))
    assert [p.title for p in parsed] == TITLES
    assert [p.start_time for p in parsed] == pytest.approx(_starts(doc, chs), abs=1.0)


def test_podcast_json_schema():
    doc, chs = _transcript(), _chapters()
    data = json.loads(export_text(doc, chs, "podcast-json"))
    assert data["version"] == "1.2.0"
    assert [c["startTime"] for c in data["chapters"]] == _starts(doc, chs)
    assert data["chapters"][-1]["endTime"] == doc.duration


def test_youtube_first_at_zero_and_hours():
    doc = _transcript(n=40, step=130.0)  # runs past an hour
    chs = [Chapter(0, 5, "Intro"), Chapter(5, 30, "Middle"), Chapter(30, 40, "End")]
    lines = export_text(doc, chs, "youtube").strip().splitlines()
    assert lines[0] == "0:00:00 Intro"
    assert re.match(r"^1:05:00 End$", lines[2])
    assert format_clock(65) == "1:05"


def test_ffmetadata_escapes_and_parses():
    doc, chs = _transcript(), _chapters()
    text = export_text(doc, chs, "ffmetadata")
    assert text.startswith(";FFMETADATA1")
    assert "title=Why \\= matters\\; a \\#hash" in text
    parsed = []
    for block in text.split("[CHAPTER]")[1:]:
        fields = dict(line.split("=", 1) for line in block.strip().splitlines() if "=" in line and not line.startswith("title"))
        title = next(line for line in block.splitlines() if line.startswith("title="))[6:]
        parsed.append((int(fields["START"]) / 1000, re.sub(r"\\(.)", r"\1", title)))
    assert parsed == list(zip(_starts(doc, chs), TITLES))


def _pdf_doc(tmp_path) -> Document:
    pymupdf = pytest.importorskip("pymupdf")
    path = tmp_path / "src.pdf"
    pdf = pymupdf.open()
    sents = []
    for p in range(4):
        page = pdf.new_page()
        page.insert_text((72, 100), f"Page {p} text.")
        sents.append(Sentence(p, f"Page {p} text.", Anchor(page=p, rects=(Rect(72, 90, 200, 102),))))
    pdf.save(str(path))
    pdf.close()
    from explorer.core.store import sha256_file

    return Document(id=sha256_file(path), path=str(path), kind="pdf", format="pdf", title="Src", sentences=sents,
                    pages=[Page(i, 612, 792) for i in range(4)])


def test_pdf_outline_roundtrip(tmp_path):
    import pymupdf

    doc = _pdf_doc(tmp_path)
    chs = [Chapter(0, 2, "First part"), Chapter(2, 4, "Second part")]
    secs = [Chapter(2, 3, "Inner", level=2), Chapter(3, 4, "Inner two", level=2)]
    out = tmp_path / "out.pdf"
    from explorer.core.notes import new_note

    export(doc, chs, "pdf", out, sections=secs, notes=[new_note(1, 3, "Spans two pages")])
    with pymupdf.open(str(out)) as pdf:
        toc = pdf.get_toc()
        assert pdf.page_count == 4
        marks = [(p.number, a.type[1], a.info["content"]) for p in pdf for a in p.annots()]
    # a note over sentences on two pages: one highlight on each, both carrying the note
    pages = sorted({doc.sentences[i].anchor.page for i in (1, 2)})
    assert marks == [(p, "Highlight", "Spans two pages") for p in pages]
    assert [(lvl, title, page) for lvl, title, page in toc] == [
        (1, "First part", 1), (1, "Second part", 3), (2, "Inner", 3), (2, "Inner two", 4)]
    data = json.loads(to_json(doc, chs))
    assert [c["start_page"] for c in data["chapters"]] == [0, 2]


def test_markdown_outline_parses_back():
    doc, chs = _transcript(), _chapters()
    md = export_text(doc, chs, "markdown", [Chapter(10, 15, "Sub", level=2)])
    heads = [re.match(r"^(#+) (.*) \((\d+:\d\d(?::\d\d)?)\)$", l) for l in md.splitlines() if l.startswith("##")]
    assert [(len(m.group(1)), m.group(2)) for m in heads] == [(2, TITLES[0]), (2, TITLES[1]), (3, "Sub"), (2, TITLES[2])]
    assert md.splitlines()[0] == "# A long talk"


def test_time_formats_refuse_pdfs(tmp_path):
    doc = _pdf_doc(tmp_path)
    with pytest.raises(ExportError):
        export_text(doc, [Chapter(0, 4, "All")], "vtt")
    with pytest.raises(ExportError):
        export(_transcript(), _chapters(), "pdf", tmp_path / "x.pdf")


def test_a_transcript_without_timings_gets_no_invented_start_time():
    """A speaker-labelled text with no timestamps: no chapter claims "0:00", the JSON says
    null throughout, and time formats refuse with a reason."""
    sents = [Sentence(i, f"Speaker A: point number {i}.", Anchor()) for i in range(30)]
    doc = Document(id=hashlib.sha256(b"u").hexdigest(), path="/tmp/meeting.txt", kind="transcript",
                   format="speaker-text", title="Meeting", sentences=sents)
    data = json.loads(to_json(doc, _chapters()))
    assert [c["start_time"] for c in data["chapters"]] == [None, None, None]
    assert "0:00" not in export_text(doc, _chapters(), "markdown")
    with pytest.raises(ExportError, match="no timings"):
        export_text(doc, _chapters(), "youtube")


def test_markdown_outline_cites_pdf_pages_as_printed(tmp_path):
    from dataclasses import replace

    doc = _pdf_doc(tmp_path)
    doc = replace(doc, pages=[replace(p, label=lab) for p, lab in zip(doc.pages, ["i", "ii", "1", ""])])
    md = export_text(doc, [Chapter(0, 1, "Preface"), Chapter(1, 2, "Thanks"), Chapter(2, 3, "Start"), Chapter(3, 4, "End")],
                     "markdown")
    assert re.findall(r"\(p\. (\w+)\)", md) == ["i", "ii", "1", "4"]  # an unlabelled page: its number
    assert [c["start_page"] for c in json.loads(to_json(doc, [Chapter(0, 2, "A"), Chapter(2, 4, "B")]))["chapters"]] == [0, 2]


def test_markdown_with_text_parses_back_to_the_chapters_and_every_sentence():
    """The outline's headings, and under each exactly its own sentences, in order."""
    doc, chs = _transcript(), _chapters()
    sections = [Chapter(10, 15, "Sub", level=2)]
    md = export_text(doc, chs, "text", sections)
    assert md.splitlines()[0] == "# A long talk"
    parts = re.split(r"^(#{2,3}) (.*) \(\d+:\d\d(?::\d\d)?\)$", md, flags=re.M)[1:]
    heads = [(len(parts[i]), parts[i + 1]) for i in range(0, len(parts), 3)]
    assert heads == [(2, TITLES[0]), (2, TITLES[1]), (3, "Sub"), (2, TITLES[2])]
    bodies = [parts[i + 2] for i in range(0, len(parts), 3)]
    said = [re.findall(r"Sentence number (\d+)\.", b) for b in bodies]
    assert said[0] == [str(i) for i in range(0, 10)]
    assert said[1] == []  # chapter 2 opens with its section: its text is under "Sub" and after it
    assert said[2] == [str(i) for i in range(10, 22)]
    assert said[3] == [str(i) for i in range(22, 30)]
    assert bodies[0].strip().startswith("[0:00] Sentence number 0.")
    from explorer.core.exports import formats_for

    assert "text" in formats_for(doc)


def test_markdown_with_text_of_a_pdf_does_not_repeat_the_heading_line():
    sents = [Sentence(0, "1 Introduction", Anchor(page=0, rects=(Rect(50, 50, 200, 62),))),
             Sentence(1, "Retrieval matters.", Anchor(page=0, rects=(Rect(50, 70, 300, 82),))),
             Sentence(2, "2 Method", Anchor(page=1, rects=(Rect(50, 50, 200, 62),))),
             Sentence(3, "We embed passages.", Anchor(page=1, rects=(Rect(50, 70, 300, 82),)))]
    doc = Document(id="p", path="p.pdf", kind="pdf", format="pdf", title="Paper", sentences=sents,
                   pages=[Page(0, 600, 800), Page(1, 600, 800)])
    md = export_text(doc, [Chapter(0, 2, "1 Introduction", "heading"), Chapter(2, 4, "2 Method", "heading")], "text")
    assert md == ("# Paper\n\n## 1 Introduction (p. 1)\n\nRetrieval matters.\n\n"
                  "## 2 Method (p. 2)\n\nWe embed passages.\n")


def test_markdown_with_text_and_json_carry_the_analysts_notes_under_their_chapter():
    from explorer.core.notes import new_note

    doc, chs = _transcript(), _chapters()
    notes = [new_note(25, 26, "Good summary"), new_note(12, 14, "Ask finance\nabout May")]
    md = export_text(doc, chs, "text", notes=notes)
    second, third = md.split(f"## {TITLES[1]}")[1].split(f"## {TITLES[2]}")
    assert "> **Note** on “Sentence number 12.”:\n> Ask finance\n> about May" in second
    assert "> **Note** on “Sentence number 25.”:\n> Good summary" in third
    assert export_text(doc, chs, "markdown", notes=notes).count("Note") == 0  # the outline stays an outline
    # a note at the start of a chapter that opens with its section is written once, under the section
    opening = [new_note(10, 11, "Opening remark")]
    assert export_text(doc, chs, "text", [Chapter(10, 15, "Sub", level=2)], opening).count("Opening remark") == 1
    # JSON: in document order, each with its chapter, passage and time; no key without notes
    rows = json.loads(export_text(doc, chs, "json", notes=notes))["notes"]
    assert [(r["text"], r["chapter"], r["start_sentence"], r["end_sentence"]) for r in rows] == [
        ("Ask finance\nabout May", 1, 12, 13), ("Good summary", 2, 25, 25)]
    assert rows[0]["passage"] == "Sentence number 12. Sentence number 13."
    assert rows[0]["start_time"] == doc.sentences[12].anchor.start
    assert "notes" not in json.loads(export_text(doc, chs, "json"))


def test_cli_chapters_export_includes_saved_notes_unless_asked_not_to(tmp_path, capsys):
    from explorer.cli import main
    from explorer.core.loaders import load_document
    from explorer.core.notes import NotesStore, new_note

    path = tmp_path / "talk.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(
        f"00:00:{i * 5:02d}.000 --> 00:00:{i * 5 + 4:02d}.000\nPoint {i} about rivers and the sea.\n"
        for i in range(8)), encoding="utf-8")
    NotesStore().save(load_document(path), [new_note(2, 3, "Check this figure")])
    assert main(["chapters", str(path)]) == 0
    assert [n["text"] for n in json.loads(capsys.readouterr().out)["notes"]] == ["Check this figure"]
    assert main(["chapters", str(path), "--no-notes"]) == 0
    assert "notes" not in json.loads(capsys.readouterr().out)


def test_transcript_as_subtitles_keeps_names_times_and_chapters():
    from explorer.core.exports import export_text, formats_for
    from explorer.core.loaders.transcripts import load_transcript
    from explorer.core.speaker_names import rename_speaker

    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v SPEAKER_00>Welcome, all & sundry.\n\n"
           "00:00:04.500 --> 00:00:08.000\n<v SPEAKER_01>Thanks. Rivers first: a <b>big</b> topic.\n\n"
           "00:01:10.250 --> 00:01:15.000\n<v SPEAKER_00>Now engines --> the second part.\n")
    doc = load_transcript("talk.vtt", vtt.encode())
    doc, _names = rename_speaker(doc, "SPEAKER_00", "Alice Moreau")
    second = next(i for i, s in enumerate(doc.sentences) if s.text.startswith("Now engines"))
    chapters = [Chapter(0, second, "Rivers"), Chapter(second, len(doc.sentences), "Engines")]
    assert {"transcript-vtt", "srt"} <= set(formats_for(doc))
    out_vtt = export_text(doc, chapters, "transcript-vtt")
    assert "NOTE Chapter 2: Engines" in out_vtt and "<v Alice Moreau>" in out_vtt
    assert out_vtt.index("NOTE Chapter 2") < out_vtt.index("00:01:10.250")
    out_srt = export_text(doc, chapters, "srt")
    assert "00:01:10,250 --> 00:01:15,000" in out_srt and "Alice Moreau: Now engines" in out_srt
    for name, text in (("back.vtt", out_vtt), ("back.srt", out_srt)):
        back = load_transcript(name, text.encode())
        assert [(c.start, c.end, c.speaker, c.text) for c in back.cues] == \
            [(c.start, c.end, c.speaker, c.text) for c in doc.cues], name


def test_the_mp3_recording_gets_the_chapters_in_its_tags_and_keeps_its_audio_and_title(tmp_path):
    from dataclasses import replace

    from mutagen.id3 import CHAP, ID3, TIT2

    from explorer.core.exports import formats_for
    from explorer.core.loaders.transcripts.chapters import chapters_from_id3

    doc, chs = _transcript(), _chapters()
    doc = replace(doc, path=str(tmp_path / "talk.vtt"))
    assert "mp3" not in formats_for(doc)  # no recording beside it
    audio = bytes(range(256)) * 400  # what follows the tag: left exactly as it was
    recording = tmp_path / "talk.mp3"
    recording.write_bytes(audio)
    old = ID3()
    old.add(TIT2(encoding=3, text=["Episode 12: The harbour"]))
    old.add(CHAP(element_id="old", start_time=0, end_time=1000, sub_frames=[TIT2(encoding=3, text=["Stale"])]))
    old.save(str(recording))
    assert "mp3" in formats_for(doc)
    out = tmp_path / "talk.chapters.mp3"
    export(doc, chs, "mp3", out)
    data = out.read_bytes()
    chapters = chapters_from_id3(data)
    assert [c.title for c in chapters] == TITLES  # the old chapter is gone
    assert [c.start_time for c in chapters] == _starts(doc, chs)
    assert data.endswith(audio)
    assert str(ID3(str(out))["TIT2"]) == "Episode 12: The harbour"
    assert recording.read_bytes().endswith(audio) and chapters_from_id3(recording.read_bytes())[0].title == "Stale"
    with pytest.raises(Exception, match="replace the recording"):
        export(doc, chs, "mp3", recording)


def test_an_mp3_without_tags_gets_one_with_the_chapters(tmp_path):
    from dataclasses import replace

    from explorer.core.loaders.transcripts.chapters import chapters_from_id3

    doc, chs = _transcript(), _chapters()
    doc = replace(doc, path=str(tmp_path / "talk.vtt"))
    (tmp_path / "talk.mp3").write_bytes(b"\xff\xfb\x90\x00" * 500)
    export(doc, chs, "mp3", tmp_path / "out.mp3")
    data = (tmp_path / "out.mp3").read_bytes()
    assert [c.title for c in chapters_from_id3(data)] == TITLES and data.endswith(b"\xff\xfb\x90\x00" * 500)
