"""Corrections follow an edited file: keyed by content hash, they are found again through the
file's path and re-anchored by their text; an unrelated file under the same name does not get them."""
from __future__ import annotations

import json

import pytest

from explorer.core.corrections import CorrectionsStore
from explorer.core.loaders import load_document
from explorer.core.pipeline import analyse

TOPICS = ["rivers and water", "engines and steam", "orchards and apples", "ledgers and money"]


def _write(path, lines):
    cues, t = ["WEBVTT", ""], 0
    for line in lines:
        cues += [f"00:{t // 60:02d}:{t % 60:02d}.000 --> 00:{(t + 4) // 60:02d}:{(t + 4) % 60:02d}.000", line, ""]
        t += 5
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


def _talk():
    return [f"Sentence {j} of part {k} is about {topic}." for k, topic in enumerate(TOPICS) for j in range(10)]


@pytest.fixture
def hashing(monkeypatch):
    import explorer.core.embedding as embedding

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr(embedding, "_default", None)


def test_an_edited_transcript_keeps_its_chapter_corrections(tmp_path, hashing):
    path = _write(tmp_path / "talk.vtt", _talk())
    v1 = load_document(path)
    first = analyse(v1)
    chapters = [c for c in first.chapters]
    from explorer.core import edits as E

    mine, _ = E.apply(tuple(chapters), E.Split(25, "Orchard details"))
    CorrectionsStore().save(v1.id, mine, automatic=first.automatic, doc=v1)
    index = json.loads((CorrectionsStore().root / "paths.index").read_text())
    assert index == {str(path.resolve()): v1.id}

    # the analyst fixes a typo and adds a line at the top: another hash, the same file
    lines = _talk()
    lines[3] = lines[3].replace("rivers", "rivers,")
    _write(path, ["A short welcome before we start today."] + lines)
    v2 = load_document(path)
    assert v2.id != v1.id and len(v2.sentences) == len(v1.sentences) + 1
    second = analyse(v2)
    assert second.corrected and second.corrections_carried_from == v1.id
    by_start = {c.start: c for c in second.chapters}
    assert by_start[26].title == "Orchard details" and by_start[26].pinned  # followed its sentence
    assert v2.sentences[26].text == v1.sentences[25].text
    assert (CorrectionsStore().root / f"{v1.id}.json").exists()  # the earlier version's file stays


def test_another_document_under_the_same_name_does_not_get_them(tmp_path, hashing):
    path = _write(tmp_path / "notes.vtt", _talk())
    v1 = load_document(path)
    first = analyse(v1)
    from explorer.core import edits as E

    mine, _ = E.apply(tuple(first.chapters), E.Split(25, "Orchard details"))
    CorrectionsStore().save(v1.id, mine, automatic=first.automatic, doc=v1)
    _write(path, [f"Completely different line {i} about weather and clouds." for i in range(40)])
    other = analyse(load_document(path))
    assert not other.corrected and not other.corrections_carried_from
    assert "Orchard details" not in [c.title for c in other.chapters]
