"""Sections follow the user's chapters: none straddles a chapter boundary after an edit."""
from explorer.core.chaptering import fit_sections
from explorer.core.model import Chapter


def _secs(*bounds: int) -> list[Chapter]:
    return [Chapter(a, b, f"s{a}", level=2) for a, b in zip(bounds, bounds[1:])]


def test_split_chapter_cuts_the_section_it_crosses():
    sections = _secs(0, 10, 20, 30)
    chapters = [Chapter(0, 15, "A"), Chapter(15, 30, "B")]
    got = fit_sections(sections, chapters)
    assert [(s.start, s.end) for s in got] == [(0, 10), (10, 15)]
    assert [s.title for s in got] == ["s0", "s10"]
    for s in got:
        assert any(c.start <= s.start and s.end <= c.end for c in chapters)
    # chapter B: the tail of s10 joins s20, which then spans B and would only repeat it
    got = fit_sections(_secs(0, 10, 20, 25, 30), chapters)
    assert [(s.start, s.end, s.title) for s in got] == [(0, 10, "s0"), (10, 15, "s10"), (15, 25, "s20"), (25, 30, "s25")]


def test_a_chapter_inside_one_section_has_none():
    assert fit_sections(_secs(0, 30), [Chapter(0, 12, "A"), Chapter(12, 20, "B"), Chapter(20, 30, "C")]) == []


def test_chapter_with_one_section_spanning_it_has_none():
    sections = _secs(0, 10, 20)
    chapters = [Chapter(0, 10, "A"), Chapter(10, 20, "B")]
    assert fit_sections(sections, chapters) == []


def test_merge_keeps_sections_of_both_chapters():
    sections = _secs(0, 5, 10) + _secs(10, 14, 20)
    got = fit_sections(sections, [Chapter(0, 20, "AB")])
    assert [(s.start, s.end) for s in got] == [(0, 5), (5, 10), (10, 14), (14, 20)]


def test_the_index_gets_chapters_then_their_sections_fitted_to_them():
    from explorer.core.chaptering import with_sections

    chapters = [Chapter(0, 10, "A"), Chapter(10, 30, "B")]
    sections = [Chapter(0, 10, "A only", level=2), Chapter(10, 18, "B one", level=2), Chapter(18, 35, "B two", level=2)]
    got = with_sections(chapters, sections)
    assert got[:2] == chapters
    # a section spanning its whole chapter would only repeat it; the last is cut to its chapter
    assert [(s.start, s.end, s.title, s.level) for s in got[2:]] == [(10, 18, "B one", 2), (18, 30, "B two", 2)]


def _paper(lines: list[tuple[str, str]]):  # noqa: ANN202 - (label, text) per line, one sentence each
    from explorer.core.model import Anchor, Block, Document, Page, Rect, Sentence

    sents, blocks = [], []
    for i, (label, text) in enumerate(lines):
        r = Rect(50, 40 + 20 * i, 550, 52 + 20 * i)
        sents.append(Sentence(i, text, Anchor(page=0, rects=(r,))))
        blocks.append(Block(0, r, label, i, text, level=1 if label == "title" else 2, sentences=(i,)))
    doc = Document(id="p", path="p.pdf", kind="pdf", format="pdf", title="P", sentences=sents, pages=[Page(0, 600, 800)])
    return doc, {0: blocks}


def test_a_papers_by_line_is_neither_a_heading_nor_a_section():
    """Authors with affiliation marks (which layout models label as a title) do not title a
    section: the title block, with no prose under the title, is not listed."""
    import numpy as np

    from explorer.core.chaptering import _retitle_opening_sections
    from explorer.core.embedding import HashingEmbedder
    from explorer.core.segmentation_priors import heading_starts

    doc, blocks = _paper([
        ("title", "Dense Passage Retrieval for Open-Domain Question Answering"),
        ("title", "Vladimir Karpukhin∗, Barlas Oğuz∗, Sewon Min†, Patrick Lewis"),
        ("text", "†University of Washington ‡Princeton University"),
        ("text", "{vladk, barlaso}@fb.com"),
        ("section-header", "Abstract"),
        ("text", "Open-domain question answering relies on efficient passage retrieval to select candidates."),
        ("text", "We show that retrieval can be practically implemented using dense representations alone."),
    ])
    assert sorted(heading_starts(blocks, 7)) == [0, 4]  # the by-line is not a heading
    emb = HashingEmbedder()
    x = emb.encode([s.text for s in doc.sentences])
    chapter = Chapter(0, 7, doc.sentences[0].text, title_source="heading")
    sections = [Chapter(0, 4, chapter.title, level=2, title_source="heading"),
                Chapter(4, 7, "Abstract", level=2, title_source="heading")]
    got = _retitle_opening_sections(doc, sections, [chapter], np.asarray(x), emb, blocks)
    assert [(s.start, s.title) for s in got] == [(4, "Abstract")]
    # with prose under the title, the opening section is the chapter's lead: where the next
    # section starts at a heading, the chapter's own row leads there and the section is not listed
    prose = [("text", "This report describes how the passages were chosen for the study."),
             ("text", "It was written in the spring and revised twice by the authors."),
             ("text", "The appendix lists every source that was used in the work.")]
    title = [(b.label, b.text) for b in blocks[0]][:1]
    doc2, blocks2 = _paper([*title, *prose, ("section-header", "Abstract"), ("text", "Short."), ("text", "Shorter.")])
    got2 = _retitle_opening_sections(doc2, sections, [chapter], np.asarray(x), emb, blocks2)
    assert [(s.start, s.title) for s in got2] == [(4, "Abstract")]
    # where the next section was found in the words (no heading), it stays, titled from its words
    doc3, blocks3 = _paper([*title, *prose, ("text", "The results follow in the next part of the report."),
                            ("text", "Short."), ("text", "Shorter.")])
    got3 = _retitle_opening_sections(doc3, sections, [chapter], np.asarray(x), emb, blocks3)
    assert [s.start for s in got3] == [0, 4] and got3[0].title not in ("", chapter.title)


def test_a_chapter_merged_into_another_stays_in_the_tree_as_a_section():
    # "1 Introduction" (0-10) merged with "2 Constructing the corpus" (10-20): the second's
    # heading stays, in place of its first section; its later sections follow
    automatic = [Chapter(0, 10, "1 Introduction"), Chapter(10, 20, "2 Constructing the corpus"),
                 Chapter(20, 30, "3 Data")]
    sections = _secs(0, 5, 10) + _secs(10, 14, 20) + _secs(20, 25, 30)
    chapters = [Chapter(0, 20, "1 Introduction"), Chapter(20, 30, "3 Data")]
    got = fit_sections(sections, chapters, automatic)
    assert [(s.start, s.end, s.title) for s in got] == [
        (0, 5, "s0"), (5, 10, "s5"), (10, 14, "2 Constructing the corpus"), (14, 20, "s14"),
        (20, 25, "s20"), (25, 30, "s25")]
    assert all(s.level == 2 for s in got)
    # a boundary moved a few sentences either way is no merge: nothing is added
    for moved in (8, 12):
        chapters = [Chapter(0, moved, "1 Introduction"), Chapter(moved, 20, "2 Constructing the corpus"),
                    Chapter(20, 30, "3 Data")]
        got = fit_sections(sections, chapters, automatic)
        assert "2 Constructing the corpus" not in [s.title for s in got]
    # a short chapter merged into the one before is still found
    automatic = [Chapter(0, 3, "Cover"), Chapter(3, 30, "Body")]
    got = fit_sections(_secs(0, 3) + _secs(3, 15, 30), [Chapter(0, 30, "Cover")], automatic)
    assert [(s.start, s.end, s.title) for s in got] == [(0, 3, "s0"), (3, 15, "Body"), (15, 30, "s15")]
