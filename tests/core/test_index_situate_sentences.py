"""Sentence-situated chunks: a chunk's vector adds the mean of its sentences, each encoded alone."""
from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from explorer.core.embedding import HashingEmbedder
from explorer.core.index import Library
from explorer.core.index_chunks import make_chunks, normalise_chapters
from explorer.core.index_situate import Situate, preset, sentence_means, situate
from explorer.core.model import Anchor, Chapter, Document, Sentence
from explorer.core.progress import CancelToken, Cancelled

from test_index_fixtures import pdf_doc

CFG = Situate("test-sentences", sentence_weight=2.0)


class Counting(HashingEmbedder):
    """HashingEmbedder that records every text it encodes."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts, **kw):  # type: ignore[no-untyped-def, override]
        self.seen.extend(texts)
        return super().encode(texts, **kw)


def paper() -> tuple[Document, list[Chapter]]:
    """One chunk-sized paragraph: three long sentences on one subject, one short on another."""
    long = "The cohort study enrolled hospital patients with fever cough and pneumonia across several regional clinics"
    texts = [f"{long} in wave {i}." for i in range(3)] + ["Bats harbour the virus."]
    doc = Document(id="p" * 64, path="/tmp/p.pdf", kind="pdf", format="pdf", title="Paper",
                   sentences=[Sentence(i, t, Anchor(page=0)) for i, t in enumerate(texts)])
    return doc, [Chapter(0, len(texts), "Results")]


def test_the_vector_moves_toward_the_mean_of_its_sentences():
    doc, chapters = paper()
    top = normalise_chapters(doc, chapters)
    chunks = make_chunks(doc, top)
    assert len(chunks) == 1
    emb = HashingEmbedder()
    _, plain = situate(doc, top, chunks, emb, preset("plain"))
    _, sit = situate(doc, top, chunks, emb, CFG)
    mean = sentence_means(doc, chunks, emb, CFG)[0]
    cos = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    assert cos(sit[0], mean) > cos(plain[0], mean)
    assert np.isclose(np.linalg.norm(sit[0]), 1.0, atol=1e-5)
    # The short sentence's subject weighs more than in the whole chunk's bag of words.
    query = emb.encode(["bats harbour virus"])[0]
    assert float(sit[0] @ query) > float(plain[0] @ query) + 0.05
    # Sentence weights by words ** power: a positive power gives the long sentences their say back.
    long_first = Situate("p", sentence_weight=2.0, sentence_power=1.0)
    assert float(situate(doc, top, chunks, emb, long_first)[1][0] @ query) < float(sit[0] @ query)


def test_the_pipelines_sentence_vectors_are_reused_not_re_encoded():
    doc, chapters = pdf_doc()
    top = normalise_chapters(doc, chapters)
    chunks = make_chunks(doc, top)
    emb = Counting()
    _, computed = situate(doc, top, chunks, emb, CFG)
    assert any(t == doc.sentences[0].text for t in emb.seen)  # no vectors given: sentences encoded here
    given = emb.encode([s.text for s in doc.sentences])
    emb.seen.clear()
    _, reused = situate(doc, top, chunks, emb, CFG, sentence_vectors=given)
    assert sorted(emb.seen) == sorted(ch.text for _, ch in chunks)  # only the chunks were encoded
    assert np.allclose(computed, reused, atol=1e-5)
    # vectors of another size (another model) are not mixed in: the sentences are encoded again
    _, other = situate(doc, top, chunks, emb, CFG, sentence_vectors=np.ones((len(doc.sentences), 8), np.float32))
    assert np.allclose(computed, other, atol=1e-5)


def test_cancel_stops_the_sentence_encoding():
    doc, chapters = pdf_doc()
    top = normalise_chapters(doc, chapters)
    chunks = make_chunks(doc, top)
    token = CancelToken()
    calls = []

    def progress(fraction: float, message: str = "") -> None:
        calls.append(fraction)
        if fraction >= 0.5:  # the chunks are encoded: cancel before the sentences
            token.cancel()

    with pytest.raises(Cancelled):
        situate(doc, top, chunks, HashingEmbedder(), CFG, progress=progress, cancel=token)
    assert calls and max(calls) <= 0.5 + 1e-9


def test_library_ingest_and_reembed_keep_sentence_situating(tmp_path):
    doc, chapters = pdf_doc()
    emb = HashingEmbedder()
    lib = Library(tmp_path / "lib", emb, situate="plain")
    lib.ingest(doc, chapters)
    # A change of method re-embeds from the stored rows: sentences are split again from the chunk text.
    lib2 = Library(tmp_path / "lib", emb)  # the shipped default mixes in the sentences of a PDF
    assert lib2.stale_documents() == [doc.id]
    assert lib2.reembed() > 0
    rows = sorted(lib2._chunk_rows(doc.id), key=lambda r: r["start"])
    top = normalise_chapters(doc, chapters)
    _, fresh = situate(doc, top, make_chunks(doc, top), emb, preset(None))
    assert np.allclose(np.array([r["vector"] for r in rows]), fresh, atol=1e-4)
    assert json.loads(lib2.document(doc.id)["settings"])["sentence_weight"] == preset(None).sentence_weight > 0


def test_presets_without_sentences_keep_their_stored_settings():
    # Indexes built before sentence situating existed stay current (no re-embedding).
    assert "sentence_weight" not in preset("speakers").as_dict()
    assert set(preset("plain").as_dict()) == {"name", "prefix", "neighbours", "title_weight", "window_weight", "window",
                                              "group_weight", "doc_title", "speakers"}


def test_reembedding_a_sentence_situated_transcript_gives_the_ingested_vectors(tmp_path):
    from test_index_fixtures import transcript_doc

    doc, chapters = transcript_doc()
    first = Library(tmp_path / "lib", HashingEmbedder(128), situate="sentences")
    assert first.situate.mixes_sentences(doc)
    first.ingest(doc, chapters)
    before = {r["id"]: r["vector"] for r in first._chunk_rows(doc.id)}
    lib = Library(tmp_path / "lib", HashingEmbedder(128), situate="sentences")
    lib._upsert_document({**lib.document(doc.id), "model": "old-model"})  # as after a model change
    assert lib.reembed() == len(before)
    # speaker labels come out of the stored words before they are split into sentences again
    for r in lib._chunk_rows(doc.id):
        assert max(abs(a - b) for a, b in zip(r["vector"], before[r["id"]])) < 1e-6


def talk() -> tuple[Document, list[Chapter]]:
    """The same words as :func:`paper`, spoken."""
    doc, chapters = paper()
    return replace(doc, id="t" * 64, kind="transcript", path="/tmp/t.vtt"), chapters


def test_the_default_mixes_sentences_into_papers_but_not_transcripts():
    emb = HashingEmbedder()
    for make, mixed in ((paper, True), (talk, False)):
        doc, chapters = make()
        top = normalise_chapters(doc, chapters)
        chunks = make_chunks(doc, top)
        _, default = situate(doc, top, chunks, emb, preset(None))
        _, speakers = situate(doc, top, chunks, emb, preset("speakers"))
        assert preset(None).mixes_sentences(doc) is mixed
        assert np.allclose(default, speakers, atol=1e-6) is not mixed  # a transcript keeps its speaker-labelled vector
