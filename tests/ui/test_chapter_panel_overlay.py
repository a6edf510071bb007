"""Chapter bands on PDF pages: one band per column, so two-column pages do not stack colours."""
from __future__ import annotations

from explorer.core.model import Anchor, Chapter, Document, Page, Rect, Sentence
from explorer.ui.views.chapter_overlay import chapter_spans


def two_column_doc() -> Document:
    """One 600-pt-wide page: 10 lines in the left column, then 10 in the right one."""
    sents = []
    for i in range(20):
        x0 = 50 if i < 10 else 320
        y = 100 + 60 * (i % 10)
        sents.append(Sentence(i, f"Sentence {i}.", Anchor(page=0, rects=(Rect(x0, y, x0 + 230, y + 12),
                                                                        Rect(x0, y + 14, x0 + 200, y + 26)))))
    return Document(id="t", path="t.pdf", kind="pdf", format="pdf", title="T", sentences=sents,
                    pages=[Page(0, 600, 800)])


def test_two_column_page_has_a_band_per_column():
    doc = two_column_doc()
    # chapter 2 starts at the bottom of the left column and runs on at the top of the right one
    chapters = [Chapter(0, 8, "One"), Chapter(8, 20, "Two")]
    spans = chapter_spans(doc, chapters)[0]
    two = [s for s in spans if s.chapter == 1]
    assert sorted(s.side for s in two) == [0, 1]
    left = next(s for s in two if s.side == 0)
    right = next(s for s in two if s.side == 1)
    assert left.starts_here and left.y0 >= 100 + 60 * 8  # only the bottom of the left column
    assert right.y0 == 100 and not right.starts_here  # the whole right column, beside it
    one = [s for s in spans if s.chapter == 0]
    assert [s.side for s in one] == [0] and one[0].y1 < left.y0  # left-margin bands do not overlap


def test_single_column_page_keeps_one_band_per_chapter():
    doc = two_column_doc()
    sents = [Sentence(s.index, s.text, Anchor(page=0, rects=(Rect(50, r.y0, 550, r.y1),) * 2))
             for s in doc.sentences for r in s.anchor.rects[:1]]
    doc = Document(id="s", path="s.pdf", kind="pdf", format="pdf", title="S", sentences=sents, pages=doc.pages)
    spans = chapter_spans(doc, [Chapter(0, 8, "One"), Chapter(8, 20, "Two")])[0]
    assert [(s.chapter, s.side) for s in spans] == [(0, 0), (1, 0)]


def test_sentence_over_a_page_break_bands_both_pages_and_rectless_starts_draw_no_line():
    pages = [Page(0, 600, 800), Page(1, 600, 800)]
    sents = [
        Sentence(0, "First.", Anchor(page=0, rects=(Rect(50, 100, 550, 112),))),
        # runs from the foot of page 0 to the head of page 1
        Sentence(1, "Across.", Anchor(page=0, page_rects=((0, Rect(50, 700, 550, 712)), (1, Rect(50, 60, 300, 72))))),
        Sentence(2, "No boxes.", Anchor(page=1)),
        Sentence(3, "Last.", Anchor(page=1, rects=(Rect(50, 300, 550, 312),))),
    ]
    doc = Document(id="b", path="b.pdf", kind="pdf", format="pdf", title="B", sentences=sents, pages=pages)
    spans = chapter_spans(doc, [Chapter(0, 2, "One"), Chapter(2, 4, "Two")])
    assert [(s.chapter, s.y0, s.y1, s.starts_here) for s in spans[0]] == [(0, 100, 712, True)]
    # chapter 0 continues at the head of page 1; chapter 1's first sentence has no box: no line
    assert [(s.chapter, s.y0, s.y1, s.starts_here) for s in spans[1]] == [(0, 60, 72, False), (1, 300, 312, False)]


def test_boxes_are_read_a_slice_per_event_loop_turn_and_match_a_read_in_one_go(qtbot):
    """A long PDF's boxes are read in slices (the window stays responsive); chapters that land
    before the last slice read them at once; either way the bands are the same."""
    from explorer.ui.views import chapter_overlay as co

    sents = [Sentence(i, f"S{i}.", Anchor(page=i // 50, rects=(Rect(50, 10 + 15 * (i % 50), 550, 22 + 15 * (i % 50)),)))
             for i in range(5000)]
    doc = Document(id="l", path="l.pdf", kind="pdf", format="pdf", title="L", sentences=sents,
                   pages=[Page(p, 600, 800) for p in range(100)])
    chapters = [Chapter(0, 1234, "A"), Chapter(1234, 3900, "B"), Chapter(3900, 5000, "C")]
    overlay = co.ChapterOverlay(None)
    overlay.prepare(doc)
    assert overlay._boxes is None  # noqa: SLF001 - the first of three slices only
    qtbot.waitUntil(lambda: overlay._boxes is not None, timeout=5000)  # noqa: SLF001
    assert overlay._boxes_for(doc) is overlay._boxes  # noqa: SLF001 - no second read
    assert chapter_spans(doc, chapters, overlay._boxes) == chapter_spans(doc, chapters)  # noqa: SLF001
    # chapters needed before the reading ended: read at once, the slices stop
    other = co.ChapterOverlay(None)
    other.prepare(doc)
    assert other._boxes_for(doc).doc is doc and other._reading is None  # noqa: SLF001
