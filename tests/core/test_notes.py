"""Notes on passages: saved atomically per document, read back in order, moved with their
text when the file is split into other sentences, a damaged file kept aside."""
from __future__ import annotations

import json

from explorer.core.model import Anchor, Document, Sentence
from explorer.core.notes import NotesStore, edited, new_note, notes_markdown


def _doc(texts, doc_id="d"):
    return Document(id=doc_id, path="/tmp/talk.vtt", kind="transcript", format="webvtt", title="Board meeting",
                    sentences=[Sentence(i, t, Anchor(start=i * 10.0, end=i * 10.0 + 9, speaker="Ann"))
                               for i, t in enumerate(texts)])


TEXTS = [f"Sentence {i} is about item number {i} on the agenda." for i in range(20)]


def test_notes_round_trip_in_document_order(tmp_path):
    store = NotesStore(tmp_path)
    doc = _doc(TEXTS)
    late, early = new_note(12, 14, "Follow up with finance"), new_note(2, 3, "  Check the date  ")
    store.save(doc, [late, early])
    got = store.load(doc)
    assert [(x.start, x.end, x.text) for x in got] == [(2, 3, "Check the date"), (12, 14, "Follow up with finance")]
    again = edited(got[0], "Date confirmed")
    assert again.id == got[0].id and again.text == "Date confirmed" and again.created == got[0].created
    md = notes_markdown(doc, got)
    assert md.startswith("# Notes on Board meeting") and "> [0:20] Ann: Sentence 2 is about" in md
    assert "Follow up with finance" in md


def test_notes_follow_their_text_when_the_sentences_are_split_otherwise(tmp_path):
    store = NotesStore(tmp_path)
    store.save(_doc(TEXTS), [new_note(12, 14, "Follow up")])
    # a newer loader splits the first sentence in two: every later index moves by one
    resplit = _doc(["Sentence 0 is about", "item number 0 on the agenda."] + TEXTS[1:])
    (note,) = store.load(resplit)
    assert resplit.sentences[note.start].text == TEXTS[12] and note.end - note.start == 2


def test_a_damaged_notes_file_is_kept_aside_not_overwritten(tmp_path):
    store = NotesStore(tmp_path)
    doc = _doc(TEXTS)
    store.path(doc.id).parent.mkdir(parents=True, exist_ok=True)
    store.path(doc.id).write_text('{"schema": 1, "notes": [{"start": 3}]}', encoding="utf-8")
    assert store.load(doc) == []
    (backup,) = (tmp_path / "backup").glob("*.json")
    assert json.loads(backup.read_text())["notes"] == [{"start": 3}]


def test_notes_of_an_edited_file_follow_their_text_and_another_file_does_not_get_them(tmp_path):
    store = NotesStore(tmp_path)
    store.save(_doc(TEXTS, "v1"), [new_note(12, 14, "Follow up"), new_note(3, 4, "Date?")])
    edited_doc = _doc(["A welcome line added at the top."] + TEXTS, "v2")  # same path, other content
    got = store.load(edited_doc)
    assert store.carried_from == "v1"
    assert [(edited_doc.sentences[x.start].text, x.end - x.start, x.text) for x in got] == [
        (TEXTS[3], 1, "Date?"), (TEXTS[12], 2, "Follow up")]
    unrelated = _doc([f"Weather report {i}: clouds and some rain later." for i in range(20)], "v3")
    assert store.load(unrelated) == [] and store.carried_from == ""


def test_every_documents_notes_listed_filtered_and_only_the_latest_version(tmp_path):
    from dataclasses import replace

    from explorer.core.notes import all_notes

    store = NotesStore(tmp_path)
    meeting = _doc(TEXTS, "m1")
    store.save(meeting, [new_note(12, 14, "Follow up with finance"), new_note(2, 3, "Check the Résumé")])
    paper = replace(_doc(["Rivers carry silt to the sea.", "Harbours fill up."], "p1"), path="/tmp/paper.pdf",
                    title="A paper on rivers")
    store.save(paper, [new_note(1, 2, "Dredging costs?")])
    listed = all_notes(tmp_path)
    assert [(x.title, x.place, x.note.text) for x in listed] == [
        ("A paper on rivers", "0:10", "Dredging costs?"),
        ("Board meeting", "0:20", "Check the Résumé"), ("Board meeting", "2:00", "Follow up with finance")]
    assert listed[2].passage == f"{TEXTS[12]} {TEXTS[13]}" and listed[0].path == "/tmp/paper.pdf"
    # filtered like Find: case and accents ignored, over the note, its passage and the title
    assert [x.note.text for x in all_notes(tmp_path, "RESUME")] == ["Check the Résumé"]
    assert [x.note.text for x in all_notes(tmp_path, "harbours FILL")] == ["Dredging costs?"]
    assert len(all_notes(tmp_path, "board meeting")) == 2
    # the meeting's file was edited and its notes carried over: listed once, as the new version's
    edited_doc = _doc(["A welcome line added at the top."] + TEXTS, "m2")
    store.save(edited_doc, store.load(edited_doc))
    assert [x.doc_id for x in all_notes(tmp_path) if x.title == "Board meeting"] == ["m2", "m2"]
    # a damaged file is skipped, not fatal
    (tmp_path / "zz.json").write_text("{not json", encoding="utf-8")
    assert len(all_notes(tmp_path)) == 3


def test_cli_lists_every_documents_notes(tmp_path, capsys):
    from explorer.cli import main

    NotesStore().save(_doc(TEXTS, "m1"), [new_note(12, 14, "Follow up with finance"), new_note(2, 3, "Date?")])
    assert main(["notes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Board meeting  (/tmp/talk.vtt)") and "2:00  Follow up with finance" in out
    assert main(["notes", "FINANCE", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["note"], row["place"], row["start_sentence"], row["end_sentence"]) == (
        "Follow up with finance", "2:00", 12, 13)
    assert main(["notes", "--markdown"]) == 0
    assert "## Board meeting" in capsys.readouterr().out
    assert main(["notes", "nothing like it"]) == 0
    assert "no notes match" in capsys.readouterr().out
