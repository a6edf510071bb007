"""Find in Document (Ctrl+F): every sentence with the phrase, "n of m", next and previous
from where the reader is, highlighted and scrolled to; Esc closes."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from tests.ui.conftest import make_pdf, open_doc
from tests.ui.test_chapter_panel_follow import long_vtt


def test_find_in_a_transcript_from_where_the_reader_is(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, long_vtt(tmp_path))  # "Line i talks about rivers and topic i // 30"
    bar = explorer.find_bar
    explorer.transcript_view.scroll_to_sentence(40)
    explorer.actions_.find.trigger()
    assert bar.isVisible() and bar.edit.hasFocus()
    QTest.keyClicks(bar.edit, "TOPIC 2")
    qtbot.waitUntil(lambda: bar.count.text() == "1 of 30", timeout=3000)
    assert bar.matches == list(range(60, 90))  # the first match after the reader's place
    assert session.highlight == (60,)
    # the phrase itself is marked inside the row, as a reader marks it
    view = explorer.transcript_view
    assert view.delegate.phrase == "TOPIC 2"
    text = session.document.sentences[60].text
    assert [text[a:b] for a, b in view.delegate._phrase_spans(text)] == ["topic 2"]  # noqa: SLF001
    row = view.visualRect(view.model().index(60, 0))
    shot = view.viewport().grab(row).toImage()
    marked = QColor(255, 150, 0)
    assert any(_near(shot.pixelColor(x, y), marked) for x in range(0, shot.width(), 2)
               for y in range(0, shot.height(), 2)), "the match is painted in the find colour"
    QTest.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 30" and session.highlight == (61,)
    bar.previous()
    bar.previous()
    assert bar.count.text() == "30 of 30" and session.highlight == (89,)  # wraps around
    bar.edit.setText("no such words")
    qtbot.waitUntil(lambda: bar.count.text() == "No matches", timeout=3000)
    QTest.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_find_on_pdf_pages_highlights_the_sentence(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, make_pdf(tmp_path / "f.pdf", pages=4, chapters=2))
    explorer.open_find_bar()
    bar = explorer.find_bar
    words = session.document.sentences[-1].text.split()[:3]
    bar.edit.setText(" ".join(words).upper())
    bar.refresh()
    assert bar.matches and bar.count.text().endswith(f"of {len(bar.matches)}")
    page = session.document.sentences[bar.matches[bar.position]].anchor.page
    qtbot.waitUntil(lambda: page in explorer.page_view.visible_pages(), timeout=5000)
    assert explorer.page_view.page_item(page)._highlights  # noqa: SLF001 - the drawn highlight
    # then the phrase inside the sentence gets the strong mark, narrower than the sentence's line
    sentence = session.document.sentences[bar.matches[bar.position]]
    width = sum(r.x1 - r.x0 for r in sentence.anchor.rects)
    item = explorer.page_view.page_item(page)

    def phrase_marked() -> bool:
        strong = [h.rect() for h in item.highlight_items if h.zValue() == 21]
        return len(strong) == 1 and strong[0].width() < 0.6 * width  # three words of a twelve-word sentence

    qtbot.waitUntil(phrase_marked, timeout=10000)
    # a search hit afterwards marks its sentence, no phrase
    explorer.highlight_sentences(range(0, 1), 0)
    first = session.document.sentences[0].anchor
    strong = [h.rect() for p in range(4) for h in explorer.page_view.page_item(p).highlight_items if h.zValue() == 21]
    assert [(round(r.x() + 1), round(r.width() - 2)) for r in strong] == [
        (round(r.x0), round(r.x1 - r.x0)) for r in first.rects]


def _near(c, ref) -> bool:  # noqa: ANN001
    return abs(c.red() - ref.red()) < 40 and abs(c.green() - ref.green()) < 40 and abs(c.blue() - ref.blue()) < 60
