"""In the window: the outline or an imported chapter file becomes the chapters, in one undo step."""
from __future__ import annotations

import json

import pytest

from tests.ui.conftest import open_doc
from tests.ui.test_chapter_panel_follow import long_vtt  # 90 cues of 5 s: 0:00 ... 7:25


def _chapters_json(path, marks):
    path.write_text(json.dumps({"version": "1.2.0", "chapters": [{"startTime": t, "title": x} for t, x in marks]}),
                    encoding="utf-8")
    return path


def _state(session):
    return [(c.start, c.title) for c in session.chapters]


@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")
def test_sibling_outline_then_imported_file_become_the_chapters(qtbot, explorer, tmp_path):
    from explorer.core.corrections import CorrectionsStore

    talk = long_vtt(tmp_path)
    _chapters_json(tmp_path / "long.chapters.json", [(0, "Opening"), (99, "Rivers at length")])
    session = open_doc(qtbot, explorer, talk)
    ed, outline = explorer.chapter_editing, explorer.chapter_editing.outline
    automatic = _state(session)
    assert len(automatic) == 3 and outline.use_outline_action.isEnabled() and outline.import_action.isEnabled()

    outline.use_outline_action.trigger()
    # 1:39 is nearest the cue at 1:40 (sentence 20)
    assert _state(session) == [(0, "Opening"), (20, "Rivers at length")]
    assert session.undo_stack.undoText() == "Use the chapters of long.chapters.json"
    assert explorer.chapter_panel.generated_model.rowCount() == 2
    outline.use_outline_action.trigger()  # again: nothing to change, said in the message bar
    assert "already follow" in explorer.message_bar.text
    session.undo_stack.undo()
    assert _state(session) == automatic

    # a chapter file of this talk under another name: read in the background, shown, adopted
    other = _chapters_json(tmp_path / "creator.json", [(0, "Hello"), (175, "Topic one"), (340, "Topic two"),
                                                       (9000, "Bonus after the end")])
    h = outline.import_file(str(other))
    qtbot.waitUntil(lambda: _state(session)[1:] == [(35, "Topic one"), (68, "Topic two")], timeout=10000)
    assert h is not None and session.chapters[0].title == "Hello"
    assert [r.title for r in session.reference_chapters][:3] == ["Hello", "Topic one", "Topic two"]
    assert "1 of the 4 chapters in creator.json start after the transcript ends" in explorer.message_bar.text
    ed.flush()
    saved = CorrectionsStore().load(session.doc_id)
    assert saved is not None and [c.start for c in saved.chapters] == [0, 35, 68]

    # one outline entry from the context menu: a chapter at its start, with its title
    session.undo_stack.undo()
    menu = outline.reference_menu(explorer.chapter_panel.reference_model.entries()[2])
    start_here = next(a for a in menu.actions() if a.text() == "Start a chapter here")
    assert start_here.isEnabled()
    start_here.trigger()
    assert _state(session)[-1] == (68, "Topic two") and len(session.chapters) == 4


@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")
def test_a_bad_chapter_file_says_why_and_changes_nothing(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, long_vtt(tmp_path))
    outline = explorer.chapter_editing.outline
    before = _state(session)
    assert not outline.use_outline_action.isEnabled()  # no outline next to this talk
    broken = tmp_path / "broken.json"
    broken.write_text('{"chapters": [', encoding="utf-8")
    outline.import_file(str(broken))
    qtbot.waitUntil(lambda: "could not be read" in explorer.message_bar.text, timeout=10000)
    far = _chapters_json(tmp_path / "far.json", [(4000, "Elsewhere"), (5000, "Later")])
    outline.import_file(str(far))
    qtbot.waitUntil(lambda: "starts after this transcript ends" in explorer.message_bar.text, timeout=10000)
    assert _state(session) == before and session.undo_stack.count() == 0


def test_opening_a_chapter_list_on_an_open_transcript_imports_it(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, long_vtt(tmp_path))  # long.vtt
    marks = _chapters_json(tmp_path / "long.chapters.json", [(0, "Start"), (175, "Middle")])
    explorer.open_path(str(marks))
    qtbot.waitUntil(lambda: _state(session) == [(0, "Start"), (35, "Middle")], timeout=10000)
    assert explorer.session is session and "long.chapters.json is a chapter list" in explorer.message_bar.text
    session.undo_stack.undo()
    assert len(session.chapters) == 3
    # a list whose name says it is another recording's: asked first, and "No" changes nothing
    other = _chapters_json(tmp_path / "episode12.json", [(0, "Intro"), (100, "Later")])
    explorer.open_path(str(other))
    outline = explorer.chapter_editing.outline
    qtbot.waitUntil(lambda: outline.question is not None and outline.question.isVisible(), timeout=10000)
    assert "episode12.json is a chapter list" in outline.question.text() and "long.vtt" in outline.question.text()
    outline.question.reject()
    qtbot.wait(300)
    assert len(session.chapters) == 3
    explorer.open_path(str(other))
    qtbot.waitUntil(lambda: outline.question is not None and outline.question.isVisible(), timeout=10000)
    outline.question.accept()
    qtbot.waitUntil(lambda: [t for _s, t in _state(session)] == ["Intro", "Later"], timeout=10000)


def test_a_chapter_files_name_says_which_recording_it_belongs_to():
    from explorer.ui.chapter_outline import same_recording

    assert same_recording("/x/talk.chapters.json", "/y/talk.vtt")
    assert same_recording("Episode12-chapters.txt", "episode12.srt")
    assert not same_recording("marks.json", "talk.vtt") and not same_recording(".json", ".vtt")


def test_a_table_of_contents_becomes_a_pdfs_chapters(qtbot, explorer, tmp_path):
    from tests.core.test_page_chapters import TITLES, TOC, _book

    session = open_doc(qtbot, explorer, _book(tmp_path / "book.pdf", labels=True))
    outline = explorer.chapter_editing.outline
    assert outline.import_action.isEnabled()  # a PDF takes a chapter file too (pages, not times)
    toc = tmp_path / "contents.txt"
    toc.write_text(TOC, encoding="utf-8")
    outline.import_file(str(toc))
    qtbot.waitUntil(lambda: [c.title for c in session.chapters][-4:] == [f"{k + 1} {t}" for k, t in enumerate(TITLES)],
                    timeout=10000)
    doc = session.document
    assert [doc.sentences[c.start].anchor.page for c in session.chapters][-4:] == [2, 4, 6, 8]
    session.undo_stack.undo()
    assert [c.title for c in session.chapters][-4:] != [f"{k + 1} {t}" for k, t in enumerate(TITLES)]
