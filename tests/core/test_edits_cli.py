"""``strata-cli edit``: scripted corrections are saved per document and survive the next run."""
from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest

from explorer.cli import main
from explorer.cli.commands import edit as edit_cmd
from explorer.core.corrections import CorrectionsStore
from explorer.core.model import Chapter

TOPICS = ["rivers and water", "engines and steam", "orchards and apples", "ledgers and money"]


def write_transcript(path):
    lines = ["WEBVTT", ""]
    t = 0
    for k, topic in enumerate(TOPICS):
        for j in range(10):
            lines += [f"00:{t // 60:02d}:{t % 60:02d}.000 --> 00:{(t + 4) // 60:02d}:{(t + 4) % 60:02d}.000",
                      f"Sentence {j} of part {k} is about {topic}.", ""]
            t += 5
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def fake_pipeline(monkeypatch):
    """Automatic chapters every 10 sentences, corrections applied like pipeline.analyse does."""

    def analyse_document(doc, granularity, *, corrected=True):
        n = len(doc.sentences)
        cuts = list(range(0, n, 10)) + [n]
        auto = [Chapter(s, t, f"Auto {s}", "generated") for s, t in zip(cuts, cuts[1:])]
        saved = CorrectionsStore().load(doc.id) if corrected else None
        chapters = saved.chapters_for(auto, granularity) if saved else auto
        return SimpleNamespace(automatic=auto, chapters=chapters, corrected=saved is not None, embeddings=None)

    monkeypatch.setattr(edit_cmd, "analyse_document", analyse_document)


def run_json(capsys, *argv):
    assert main(["edit", *argv, "--format", "json", "--no-index"]) == 0
    return json.loads(capsys.readouterr().out)["chapters"]


def test_edits_accumulate_across_runs_and_follow_a_moved_file(tmp_path, capsys, fake_pipeline):
    path = write_transcript(tmp_path / "talk.vtt")
    rows = run_json(capsys, str(path), "--split", "15", "--title", "Steam details")
    assert [r["start_sentence"] for r in rows] == [0, 10, 15, 20, 30]
    assert rows[2]["title"] == "Steam details" and rows[2]["pinned"] and rows[2]["index"] == 2
    rows = run_json(capsys, str(path), "--merge", "3")
    assert [r["start_sentence"] for r in rows] == [0, 10, 15, 20]
    rows = run_json(capsys, str(path), "--move", "1", "8")
    assert [r["start_sentence"] for r in rows] == [0, 8, 15, 20]
    # the same bytes under another name keep the corrections (keyed by content hash)
    moved = tmp_path / "renamed copy.vtt"
    shutil.move(path, moved)
    rows = run_json(capsys, str(moved), "--rename", "0", "Welcome")
    assert [r["start_sentence"] for r in rows] == [0, 8, 15, 20]
    assert rows[0]["title"] == "Welcome" and rows[0]["title_source"] == "user"
    assert rows[3]["end_sentence"] == 39
    saved = next(iter(CorrectionsStore().root.glob("*.json")))
    assert [h["op"] for h in json.loads(saved.read_text())["history"]] == ["split", "merge", "move", "rename"]
    rows = run_json(capsys, str(moved), "--reset")
    assert [r["start_sentence"] for r in rows] == [0, 10, 20, 30]
    assert rows[0]["title"] == "Auto 0"


def test_an_invalid_edit_prints_one_line_and_saves_nothing(tmp_path, capsys, fake_pipeline):
    path = write_transcript(tmp_path / "talk.vtt")
    assert main(["edit", str(path), "--merge", "3", "--no-index"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("strata-cli: ") and "last chapter" in err and len(err.strip().splitlines()) == 1
    assert main(["edit", str(path), "--split", "10", "--no-index"]) == 1
    assert "already starts chapter 1" in capsys.readouterr().err
    assert not list(CorrectionsStore().root.glob("*.json"))


def test_text_output_lists_chapters_with_their_marks(tmp_path, capsys, fake_pipeline):
    path = write_transcript(tmp_path / "talk.vtt")
    assert main(["edit", str(path), "--rename", "2", "Fruit", "--no-index"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4 and "Fruit" in out[2] and "[user]" in out[2] and "sentences 20-29" in out[2]


def test_real_pipeline_edit_then_reopen_shows_the_corrected_chapters(tmp_path, capsys, monkeypatch):
    """No fakes: pipeline.analyse (hashing embedder) -> edit -> saved -> the next run starts from it."""
    import explorer.core.embedding as embedding

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr(embedding, "_default", None)
    path = write_transcript(tmp_path / "talk.vtt")
    rows = run_json(capsys, str(path), "--split", "25", "--title", "Orchard details")
    assert 25 in [r["start_sentence"] for r in rows]
    assert all(r["title"] for r in rows)  # reshaped chapters were re-titled by the pipeline's titler
    split_at = [r["start_sentence"] for r in rows].index(25)
    assert rows[split_at]["title"] == "Orchard details" and rows[split_at]["pinned"]
    rows2 = run_json(capsys, str(path), "--rename", "0", "Opening")
    assert [r["start_sentence"] for r in rows2] == [r["start_sentence"] for r in rows]
    assert rows2[0]["title"] == "Opening" and rows2[split_at]["title"] == "Orchard details"
    # what the window and 'strata-cli chapters' get from the pipeline: the corrected chapters
    from explorer.core.loaders import load_document
    from explorer.core.pipeline import analyse

    result = analyse(load_document(path))
    assert result.corrected
    assert [(c.start, c.title) for c in result.chapters] == [(r["start_sentence"], r["title"]) for r in rows2]
