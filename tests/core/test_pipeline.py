"""The pipeline end to end on a generated PDF: chapters found, corrections restored."""
from __future__ import annotations

import pytest

from explorer.core import edits
from explorer.core.corrections import CorrectionsStore
from explorer.core.embedding import HashingEmbedder
from explorer.core.loaders import load_document
from explorer.core.pipeline import analyse

TOPICS = [
    ("Volcanoes", "The volcano erupted with molten lava. Ash clouds rose above the crater rim. "
     "Villagers fled from the lava flows and the ash. Geologists measured the magma chamber under the volcano. "),
    ("Orchestras", "The orchestra rehearsed the symphony. Violins and cellos played under the conductor. "
     "The concert hall was full of music lovers. The conductor praised the violins after the symphony. "),
    ("Harvests", "Farmers gathered the wheat harvest. Tractors worked the fields before the autumn rain. "
     "The grain silos filled with wheat and barley. Farmers sold the harvest at the market. "),
]


@pytest.fixture
def chapter_pdf(tmp_path):
    import pymupdf

    doc = pymupdf.open()
    for title, text in TOPICS:
        for part in range(2):
            page = doc.new_page()
            if part == 0:
                page.insert_text((72, 80), title, fontsize=20, fontname="hebo")
            page.insert_textbox(pymupdf.Rect(72, 110, 520, 760), text * 6, fontsize=11)
    path = tmp_path / "topics.pdf"
    doc.save(path)
    return path


def test_analysis_finds_chapters_at_headings_and_restores_corrections(chapter_pdf):
    doc = load_document(chapter_pdf)
    emb = HashingEmbedder()
    result = analyse(doc, embedder=emb, layout=False)
    n = len(doc.sentences)
    chapters = result.chapters
    assert chapters[0].start == 0 and chapters[-1].end == n
    assert all(a.end == b.start for a, b in zip(chapters, chapters[1:]))
    assert len(result.scores) == n - 1
    # every topic starts a chapter: the first sentence of each topic's first page
    starts = {c.start for c in chapters}
    topic_starts = [next(s.index for s in doc.sentences if s.anchor.page == 2 * t) for t in range(3)]
    assert all(any(abs(s - t) <= 1 for s in starts) for t in topic_starts), (starts, topic_starts)

    # the user renames chapter 0 and splits somewhere; the saved corrections come back on reopen
    current = tuple(chapters)
    current, _ = edits.apply(current, edits.Rename(0, "My own title"))
    split_at = chapters[0].start + 3
    current, _ = edits.apply(current, edits.Split(split_at))
    CorrectionsStore().save(doc.id, current, automatic=tuple(result.automatic))

    again = analyse(load_document(chapter_pdf), embedder=emb, layout=False)
    assert again.corrected
    assert again.chapters[0].title == "My own title" and again.chapters[0].title_source == "user"
    assert split_at in {c.start for c in again.chapters}
    assert all(c.title for c in again.chapters)  # the reshaped chapter got a new automatic title

    # another granularity keeps the user's boundary and title
    coarse = analyse(load_document(chapter_pdf), embedder=emb, layout=False, granularity=-2)
    assert split_at in {c.start for c in coarse.chapters}
    assert coarse.chapters[0].title == "My own title"
