"""Adopting an outline or a chapter file as the chapters: one edit, saved, undoable."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core import edits as E
from explorer.core.corrections import CorrectionsStore, apply_corrections, corrections_from
from explorer.core.errors import LoadError, StrataError
from explorer.core.loaders.transcripts import load_transcript
from explorer.core.loaders.transcripts.chapters import map_reference_chapters
from explorer.core.model import Chapter, ReferenceChapter
from explorer.core.loaders.transcripts.chapters import load_chapter_file
from explorer.core.outline_chapters import place_chapters, use_outline

from test_edits_cli import fake_pipeline, write_transcript  # noqa: F401 - fixture

AUTO = (Chapter(0, 10, "Auto A"), Chapter(10, 25, "Auto B"), Chapter(25, 40, "Auto C"))


def test_use_chapters_replaces_every_chapter_with_pinned_user_titles():
    new, inverse = E.apply(AUTO, E.UseChapters((0, 12, 30), ("Welcome", "Engines", "Money"), "talk.chapters.json"))
    assert [(c.start, c.end, c.title, c.title_source, c.pinned) for c in new] == [
        (0, 12, "Welcome", "user", False),
        (12, 30, "Engines", "user", True),
        (30, 40, "Money", "user", True),
    ]
    assert E.apply(new, inverse)[0] == AUTO
    # the corrections derived from it bring the same chapters back after a re-segmentation
    corr = corrections_from(AUTO, new)
    assert corr.pinned == {12, 30} and corr.forbidden == {10, 25}
    assert apply_corrections(AUTO, corr) == list(new)


def test_use_chapters_adds_an_untitled_opening_and_ignores_starts_outside():
    titled = []

    def titler(chapters, indices):
        titled.extend(indices)
        return tuple(Chapter(c.start, c.end, c.title or "Generated", c.title_source, c.level, c.pinned)
                     for c in chapters)

    new, _ = E.apply(AUTO, E.UseChapters((15, 15, 99, -1), ("Main", "Duplicate"), "x"), titler=titler)
    assert [(c.start, c.title) for c in new] == [(0, "Generated"), (15, "Main")]
    assert titled == [0] and new[0].title_source == "generated"


def test_use_chapters_refuses_what_changes_nothing():
    with pytest.raises(E.EditError, match="none of the chapters in the file starts inside"):
        E.apply(AUTO, E.UseChapters((50, 60), ("A", "B"), "the file"))
    same = E.UseChapters((0, 10, 25), ("Auto A", "Auto B", "Auto C"), "the outline")
    with pytest.raises(E.EditError, match="already follow the outline"):
        E.apply(AUTO, same)
    assert E.describe(same) == "Use the chapters of the outline"


def test_use_outline_takes_the_top_placed_level_in_order():
    ref = [
        ReferenceChapter("Part II", 1, 30),
        ReferenceChapter("Part I", 1, 0),
        ReferenceChapter("1.1 Detail", 2, 5),
        ReferenceChapter("Lost", 1, None),
    ]
    edit = use_outline(ref)
    assert edit.starts == (0, 30) and edit.titles == ("Part I", "Part II")
    with pytest.raises(E.EditError, match="could be placed"):
        use_outline([ReferenceChapter("Lost", 1, None)], "talk.json")


def test_chapter_marks_go_to_the_nearest_sentence_start(tmp_path):
    srt = "".join(
        f"{k + 1}\n00:00:{t:06.3f} --> 00:00:{t + 9:06.3f}\nLine {k}.\n\n".replace(".", ",", 1)
        for k, t in enumerate([0.0, 9.6, 20.0, 45.4])
    )
    doc = load_transcript("t.srt", srt.encode())
    starts = [s.anchor.start for s in doc.sentences]
    assert starts == [0.0, 9.6, 20.0, 45.4]
    mapped = map_reference_chapters(doc, [ReferenceChapter("B", start_time=46.0),
                                         ReferenceChapter("A", start_time=10.0),
                                         ReferenceChapter("After", start_time=60.0)])
    # 0:46 (a YouTube mark, whole seconds) begins with the caption at 0:45.4
    assert [(c.title, c.start_sentence) for c in mapped] == [("A", 1), ("B", 3), ("After", None)]


def test_place_chapters_explains_what_cannot_be_placed(tmp_path):
    doc = load_transcript("t.vtt", write_transcript(tmp_path / "t.vtt").read_bytes())
    with pytest.raises(StrataError, match="starts after this transcript ends"):
        place_chapters(doc, [ReferenceChapter("Far", start_time=5000.0)], "other.json")
    plain = load_transcript("t.txt", b"One thing here. Another thing there. A third one.\n")
    with pytest.raises(StrataError, match="no times to place them by"):
        place_chapters(plain, [ReferenceChapter("A", start_time=0.0)], "c.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": "1.2.0", "chapters": [')
    with pytest.raises(LoadError):
        load_chapter_file(bad)


def _chapters_json(path: Path, marks):
    path.write_text(json.dumps({"version": "1.2.0", "chapters": [
        {"startTime": t, "title": title} for t, title in marks]}), encoding="utf-8")
    return path


def test_cli_import_chapters_saves_them_as_corrections(tmp_path, capsys, fake_pipeline):  # noqa: F811
    talk = write_transcript(tmp_path / "talk.vtt")  # 40 sentences, 5 s apart
    marks = _chapters_json(tmp_path / "marks.json", [(0, "Rivers"), (49, "Steam"), (150, "Money"), (900, "Gone")])
    assert main(["edit", str(talk), "--import-chapters", str(marks), "--format", "json", "--no-index"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)["chapters"]
    assert [(r["start_sentence"], r["title"], r["title_source"]) for r in rows] == [
        (0, "Rivers", "user"), (10, "Steam", "user"), (30, "Money", "user")]
    assert "Use the chapters of marks.json: saved" in captured.err
    assert "1 of the 4 chapters in marks.json start after the transcript ends" in captured.err
    saved = json.loads(next(iter(CorrectionsStore().root.glob("*.json"))).read_text())
    assert saved["history"][-1]["op"] == "use_chapters"
    # the next run starts from them (the fake pipeline re-applies saved corrections)
    assert main(["edit", str(talk), "--rename", "1", "Engines", "--format", "json", "--no-index"]) == 0
    rows = json.loads(capsys.readouterr().out)["chapters"]
    assert [(r["start_sentence"], r["title"]) for r in rows] == [(0, "Rivers"), (10, "Engines"), (30, "Money")]


def test_cli_use_outline_reads_the_sibling_chapter_file(tmp_path, capsys, fake_pipeline):  # noqa: F811
    talk = write_transcript(tmp_path / "talk.vtt")
    _chapters_json(tmp_path / "talk.chapters.json", [(0, "Intro"), (100, "Second half")])
    assert main(["edit", str(talk), "--use-outline", "--format", "json", "--no-index"]) == 0
    rows = json.loads(capsys.readouterr().out)["chapters"]
    assert [(r["start_sentence"], r["title"]) for r in rows] == [(0, "Intro"), (20, "Second half")]
    (tmp_path / "talk.chapters.json").unlink()
    other = write_transcript(tmp_path / "other.vtt")
    other.write_text(other.read_text() + "\n")  # other bytes: no saved corrections
    assert main(["edit", str(other), "--use-outline", "--no-index"]) == 1
    assert "has no outline" in capsys.readouterr().err
