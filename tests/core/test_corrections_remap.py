"""Corrections survive a new sentence splitter: boundaries re-anchored by their text, old file kept."""
from __future__ import annotations

import json

from explorer.core import edits as E
from explorer.core.corrections import CorrectionsStore
from explorer.core.model import Anchor, Chapter, Document, Sentence

DOC = "9a" * 32


def doc_from(texts):
    return Document(DOC, "/tmp/a.pdf", "pdf", "pdf", "A", [Sentence(i, t, Anchor(page=i // 10)) for i, t in
                                                          enumerate(texts)])


def old_texts():
    return [f"Sentence number {i} talks about item {i} in some words. Mr. Smith agreed." if i % 7 == 3 else
            f"Sentence number {i} talks about item {i} in some words." for i in range(80)]


def resplit(texts):
    """A newer splitter: 'Mr. Smith agreed.' becomes its own sentence; sentences 10 and 11 are joined."""
    out = []
    for i, t in enumerate(texts):
        if i == 11:
            out[-1] = out[-1] + " " + t
            continue
        if " Mr. Smith agreed." in t:
            out += [t.replace(" Mr. Smith agreed.", ""), "Mr. Smith agreed."]
        else:
            out.append(t)
    return out


def test_saved_boundaries_follow_their_text_to_the_new_split():
    old = doc_from(old_texts())
    auto = (Chapter(0, 30, "A", "generated"), Chapter(30, 60, "B", "generated"), Chapter(60, 80, "C", "generated"))
    state = auto
    for edit in (E.Split(45, "Middle"), E.Merge(2), E.Rename(0, "Opening"), E.MoveBoundary(1, 24)):
        state, _ = E.apply(state, edit)
    store = CorrectionsStore()
    store.save(DOC, state, automatic=auto, doc=old)
    new_texts = resplit(old_texts())
    new = doc_from(new_texts)
    assert len(new.sentences) != len(old.sentences)
    fitted = CorrectionsStore().load(DOC).fitted_to(new)
    starts = [c.start for c in fitted.chapters]
    # every chapter starts at the same text as before (a sentence may have been cut after it)
    for c_old, s_new in zip(state, starts):
        assert old_texts()[c_old.start].startswith(new_texts[s_new])
    assert fitted.chapters[-1].end == len(new_texts)
    assert [c.title for c in fitted.chapters if c.title_source == "user"] == ["Opening", "Middle"]
    assert {new_texts[p][:20] for p in fitted.corrections.pinned} == {old_texts()[24][:20], old_texts()[45][:20]}
    assert {new_texts[f][:20] for f in fitted.corrections.forbidden} == {old_texts()[30][:20], old_texts()[60][:20]}
    # the next run re-applies them on the new automatic chapters
    new_auto = [Chapter(0, 35, "x", "generated"), Chapter(35, len(new_texts), "y", "generated")]
    out = fitted.chapters_for(new_auto, 0)
    assert [c.start for c in out] == sorted({0, 35} | fitted.corrections.pinned)


def test_saving_on_another_split_keeps_a_copy_of_the_old_corrections():
    old = doc_from(old_texts())
    auto = (Chapter(0, 40, "A", "generated"), Chapter(40, 80, "B", "generated"))
    store = CorrectionsStore()
    split, _ = E.apply(auto, E.Split(20, "Mine"))
    store.save(DOC, split, automatic=auto, doc=old)
    before = store.path(DOC).read_bytes()
    new = doc_from(resplit(old_texts()))
    n = len(new.sentences)
    CorrectionsStore().save(DOC, (Chapter(0, n, "All", "generated"),), automatic=(Chapter(0, n, "All"),), doc=new)
    backups = list((store.root / "backup").glob("*split80*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert json.loads(store.path(DOC).read_text())["chapters"][0]["end"] == n


def test_load_with_the_document_fits_the_corrections_to_it():
    old = doc_from(old_texts())
    auto = (Chapter(0, 40, "A", "generated"), Chapter(40, 80, "B", "generated"))
    split, _ = E.apply(auto, E.Split(24, "Mine"))
    CorrectionsStore().save(DOC, split, automatic=auto, doc=old)
    new = doc_from(resplit(old_texts()))
    saved = CorrectionsStore().load(DOC, doc=new)
    assert saved.chapters[-1].end == len(new.sentences)
    assert new.sentences[saved.chapters[1].start].text.startswith("Sentence number 24 ")
    assert CorrectionsStore().load(DOC, doc=old).chapters == list(split)
