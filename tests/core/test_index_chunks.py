"""Chunking: short runs of whole sentences that never cross a chapter boundary."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from explorer.core.index_chunks import chunk_anchor, make_chunks, normalise_chapters, split_chapter
from explorer.core.model import Chapter, ReferenceChapter

from test_index_fixtures import pdf_doc


def test_chunks_stay_inside_chapters_and_cover_every_sentence():
    doc, chapters = pdf_doc()
    chunks = make_chunks(doc, normalise_chapters(doc, chapters))
    covered = []
    for ci, ch in chunks:
        chap = chapters[ci]
        assert chap.start <= ch.start < ch.end <= chap.end
        covered.extend(range(ch.start, ch.end))
        assert 40 <= len(ch.text.split()) <= 160
    assert covered == list(range(len(doc.sentences)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 150), min_size=1, max_size=60))
def test_split_chapter_partitions_the_range(words):
    runs = split_chapter(words, 0, len(words))
    assert runs[0][0] == 0 and runs[-1][1] == len(words)
    assert all(a < b for a, b in runs)
    assert all(runs[i][1] == runs[i + 1][0] for i in range(len(runs) - 1))
    for a, b in runs:  # a chunk over the maximum is a single long sentence or a merged short tail
        assert sum(words[a:b]) <= 160 or b - a == 1 or b == len(words)


def test_without_chapters_the_outline_is_used():
    doc, _ = pdf_doc()
    doc.reference_chapters = [ReferenceChapter("Intro", 1, 0), ReferenceChapter("Music", 1, 24)]
    chaps = normalise_chapters(doc, None)
    assert [(c.start, c.end, c.title) for c in chaps] == [(0, 24, "Intro"), (24, 72, "Music")]


def test_chapters_with_gaps_are_made_to_cover_the_document():
    doc, _ = pdf_doc()
    chaps = normalise_chapters(doc, [Chapter(5, 30, "A"), Chapter(40, 60, "B")])
    assert chaps[0].start == 0 and chaps[-1].end == len(doc.sentences)
    assert all(a.end == b.start for a, b in zip(chaps, chaps[1:]))


def test_chunk_anchor_keeps_pages_and_merges_line_rectangles():
    doc, _ = pdf_doc()
    a = chunk_anchor(doc, 6, 10)  # sentences 6,7 on page 0, 8,9 on page 1
    assert a.pages == (0, 1)
    assert {r[0] for r in a.rects} == {0, 1}
    assert len(a.rects) <= 2 * 4


def test_sections_cut_chunks_and_enter_the_context():
    from explorer.core.embedding import HashingEmbedder
    from explorer.core.index_chunks import normalise_sections
    from explorer.core.index_situate import preset, situate

    doc, chapters = pdf_doc()
    given = chapters + [Chapter(30, 48, "Strings section", level=2)]
    top = normalise_chapters(doc, given)
    secs = normalise_sections(doc, given, top)
    chunks = make_chunks(doc, top, secs)
    assert any(ch.start == 30 for _, ch in chunks)  # a chunk starts where the section starts
    assert not any(ch.start < 30 < ch.end for _, ch in chunks)
    contexts, vectors = situate(doc, top, chunks, HashingEmbedder(), preset("prefix"), sections=secs)
    inside = [(ctx, ch) for (_, ch), ctx in zip(chunks, contexts) if ch.start >= 30 and ch.end <= 48]
    assert inside and all(ctx == "Report > All about the orchestra > Strings section · " + ch.text for ctx, ch in inside)
    assert vectors.shape == (len(chunks), 256)


def test_a_transcripts_full_text_field_names_its_chapters_keyphrases():
    from test_index_fixtures import transcript_doc

    from explorer.core.embedding import HashingEmbedder
    from explorer.core.index_situate import preset, situate, split_context

    doc, chapters = transcript_doc()
    chunks = make_chunks(doc, chapters)
    contexts, _ = situate(doc, chapters, chunks, HashingEmbedder(), preset(None))
    for (ci, ch), ctx in zip(chunks, contexts):
        keyphrases, words = split_context(ctx, f"{doc.title} > {chapters[ci].title}")
        assert keyphrases and words.endswith(ch.text.split()[-1])
    first = split_context(contexts[0], f"{doc.title} > {chapters[0].title}")[0]
    last = split_context(contexts[-1], f"{doc.title} > {chapters[-1].title}")[0]
    assert first != last  # each chapter its own
