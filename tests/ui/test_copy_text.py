"""Copying out of the window: transcript rows with times and speakers, a clicked sentence on a
page, a whole chapter from the panel; each lands on the clipboard as a quote with its source."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from tests.ui.conftest import make_pdf, open_doc
from tests.ui.test_chapter_panel_follow import long_vtt


def _clipboard() -> str:
    return QGuiApplication.clipboard().text()


def test_selected_transcript_rows_copy_as_timed_lines(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, long_vtt(tmp_path))
    view = explorer.transcript_view
    QGuiApplication.clipboard().setText("")
    sel = view.selectionModel()
    for row in (2, 3, 7):
        sel.select(view.model().index(row), QItemSelectionModel.SelectionFlag.Select)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert _clipboard() == ("[0:10] Bob: Line 2 talks about rivers and topic 0 today. Line 3 talks about rivers and "
                            "topic 0 today.\n[…]\n[0:35] Bob: Line 7 talks about rivers and topic 0 today.\n— long")
    assert explorer.statusBar().currentMessage() == "Copied 3 sentences"
    # the context menu of a selected row offers the whole selection, and the chapter
    menu = explorer.chapter_editing.sentence_menu(3, view)
    labels = [a.text() for a in menu.actions()]
    assert labels[:2] == ["Copy 3 sentences", "Copy chapter text"]
    menu.actions()[1].trigger()
    first = session.chapters[0]
    assert _clipboard().startswith("[0:00] Alice: Line 0 talks") and f"Line {first.end - 1} talks" in _clipboard()
    assert f"Line {first.end} talks" not in _clipboard()


def test_a_clicked_sentence_on_a_page_and_a_chapter_from_the_panel(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, make_pdf(tmp_path / "c.pdf", pages=3, chapters=2))
    doc = session.document
    QGuiApplication.clipboard().setText("")
    explorer.page_view.setFocus()
    QTest.keyClick(explorer.page_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert _clipboard() == "" and "Click a sentence" in explorer.statusBar().currentMessage()
    explorer.chapter_editing.clicked_sentence = 4  # as a click on the page sets it
    QTest.keyClick(explorer.page_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    page = doc.sentences[4].anchor.page
    assert _clipboard() == f"{doc.sentences[4].text}\n\n— {doc.title}, p. {doc.page_name(page)}"
    menu = explorer.chapter_editing.chapter_menu(1)
    copy = next(a for a in menu.actions() if a.text() == "Copy chapter text")
    copy.trigger()
    ch = session.chapters[1]
    text = _clipboard()
    body, cite = text.rsplit("\n\n— ", 1)
    assert body.startswith(doc.sentences[ch.start].text) and body.endswith(doc.sentences[ch.end - 1].text)
    assert cite.startswith(doc.title)
    assert "sentences)" in explorer.statusBar().currentMessage()
    # the whole outline, and the summary, as Markdown for a report
    next(a for a in menu.actions() if a.text() == "Copy outline").trigger()
    outline = _clipboard().splitlines()
    assert outline[0] == f"# {doc.title}"
    assert [ln.split(" (p. ")[0] for ln in outline if ln.startswith("## ")] == [f"## {c.title}" for c in session.chapters]
    next(a for a in menu.actions() if a.text() == "Copy summary").trigger()
    summary = _clipboard()
    assert summary.count("\n## ") == len(session.chapters) and "\n- " in summary  # key sentences, with pages
    assert "Copied the summary of" in explorer.statusBar().currentMessage()
