"""Find in Document (Ctrl+F): every sentence with the phrase, "n of m", next and previous
from where the reader is, highlighted and scrolled to; Esc closes."""
from __future__ import annotations

from PySide6.QtCore import Qt
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
