"""Notes in the window: add one on selected rows, see it in the Notes panel, jump to it, edit,
delete; they are there again when the document is reopened; copied as Markdown."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QGuiApplication

from tests.ui.conftest import open_doc
from tests.ui.test_chapter_panel_follow import long_vtt


def test_add_go_to_edit_delete_and_reopen(qtbot, explorer, tmp_path):
    path = long_vtt(tmp_path)
    session = open_doc(qtbot, explorer, path)
    view = explorer.transcript_view
    for row in (40, 41):
        view.selectionModel().select(view.model().index(row), QItemSelectionModel.SelectionFlag.Select)
    menu = explorer.chapter_editing.sentence_menu(40, view)
    next(a for a in menu.actions() if a.text() == "Add note…").trigger()
    dlg = explorer.notes.dialog
    dlg.setTextValue("Ask Bob about topic one")
    dlg.accept()
    panel = explorer.notes_panel
    assert [(n.start, n.end, n.text) for n in panel.notes()] == [(40, 42, "Ask Bob about topic one")]
    assert panel.list.item(0).text().startswith("3:20  “Line 40 talks")
    explorer.transcript_view.scroll_to_sentence(0)
    panel.note_activated.emit(panel.notes()[0])
    assert session.highlight == (40, 41)
    explorer.notes.edit(panel.notes()[0], "Asked; answer in the minutes")
    assert panel.notes()[0].text == "Asked; answer in the minutes"
    explorer.notes.copy_all()
    assert "> [3:20] Alice: Line 40" in QGuiApplication.clipboard().text()
    # another document and back: the note is read from disk again
    open_doc(qtbot, explorer, _other(tmp_path))
    assert panel.notes() == []
    open_doc(qtbot, explorer, path)
    assert [n.text for n in panel.notes()] == ["Asked; answer in the minutes"]
    # the analyst edits the file (a line added at the top): the note follows its text
    lines = path.read_text(encoding="utf-8").split("\n", 2)
    path.write_text(lines[0] + "\n\n00:00:00.000 --> 00:00:00.500\nA new first line.\n\n" + lines[2], encoding="utf-8")
    edited_session = open_doc(qtbot, explorer, path)
    (note,) = panel.notes()
    assert note.text == "Asked; answer in the minutes" and edited_session.document.sentences[note.start].text.startswith("Line 40")
    assert "carried over" in explorer.statusBar().currentMessage()
    explorer.notes.delete(panel.notes()[0])
    assert panel.notes() == [] and panel.hint.isVisible()


def _other(tmp_path):
    other = tmp_path / "other.vtt"
    other.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nSomething else entirely.\n", encoding="utf-8")
    return other


def test_notes_are_marked_where_the_text_is_read(qtbot, explorer, tmp_path):
    from tests.ui.conftest import make_pdf
    from explorer.ui.models.transcript_model import NoteRole

    open_doc(qtbot, explorer, long_vtt(tmp_path))
    assert explorer.notes.add(10, 12, "Check this")
    model = explorer.transcript_view.transcript_model
    assert [model.index(r).data(NoteRole) for r in (9, 10, 11, 12)] == ["", "Check this", "Check this", ""]
    explorer.transcript_view.set_session(explorer.session)  # a reset (as after renaming a speaker) keeps them
    assert model.index(10).data(NoteRole) == "Check this"
    session = open_doc(qtbot, explorer, make_pdf(tmp_path / "m.pdf", pages=3, chapters=1))
    assert explorer.notes.add(4, 5, "On the page")
    (mark,) = explorer.page_view.note_marks()
    page = session.document.sentences[4].anchor.page
    assert mark.parentItem() is explorer.page_view.page_item(page) and mark.toolTip() == "Note: On the page"
    # beside the page, never on its text, and inside the strip the view shows
    item = explorer.page_view.page_item(page)
    box = mark.sceneBoundingRect()
    assert box.left() >= item.sceneBoundingRect().right() and explorer.page_view.sceneRect().contains(box)


def test_the_panel_filters_and_lists_every_documents_notes(qtbot, explorer, tmp_path):
    from explorer.core.notes import LibraryNote

    path = long_vtt(tmp_path)
    first = open_doc(qtbot, explorer, path)
    assert explorer.notes.add(40, 41, "Ask Bob about the harbour")
    assert explorer.notes.add(70, 71, "Budget figure wrong?")
    panel = explorer.notes_panel
    panel.filter_edit.setText("HARBOUR")
    qtbot.waitUntil(lambda: [n.text for n in panel.notes()] == ["Ask Bob about the harbour"], timeout=3000)
    panel.filter_edit.setText("line 70 TALKS")  # the passage counts too
    qtbot.waitUntil(lambda: [n.text for n in panel.notes()] == ["Budget figure wrong?"], timeout=3000)
    panel.filter_edit.setText("nothing like this")
    qtbot.waitUntil(lambda: panel.notes() == [], timeout=3000)
    assert panel.hint.isVisible() and "No note matches" in panel.hint.text()
    panel.filter_edit.clear()
    other = open_doc(qtbot, explorer, _other(tmp_path))
    assert explorer.notes.add(0, 1, "Unrelated, but keep")
    with qtbot.waitSignal(explorer.notes.listed, timeout=10000):
        panel.scope.setCurrentIndex(1)  # every document's notes (read on a worker)
    listed = panel.notes()
    assert all(isinstance(x, LibraryNote) for x in listed)
    assert sorted(x.note.text for x in listed) == ["Ask Bob about the harbour", "Budget figure wrong?",
                                                   "Unrelated, but keep"]
    assert not panel.menu_for(listed[0]).actions()[1].isEnabled()  # edit: in its own document only
    explorer.notes.copy_all()  # what the panel lists, under each document's title
    md = QGuiApplication.clipboard().text()
    assert md.count("## ") == 2 and "> Line 70 talks" in md and "Budget figure wrong?" in md
    # a click on the other document's note opens that document there
    target = next(x for x in listed if x.note.text == "Budget figure wrong?")
    with qtbot.waitSignal(explorer.document_opened, timeout=30000):
        panel.note_activated.emit(target)
    qtbot.waitUntil(lambda: explorer.session is not None and explorer.session.doc_id == first.doc_id, timeout=10000)
    qtbot.waitUntil(lambda: explorer.session.highlight == (70,), timeout=10000)
    assert other.doc_id != first.doc_id


def test_a_long_list_of_every_documents_notes_stops_and_says_how_many_more(qtbot):
    from explorer.core.notes import LibraryNote, new_note
    from explorer.ui.notes import NotesPanel

    panel = NotesPanel()
    qtbot.addWidget(panel)
    panel.scope.setCurrentIndex(1)
    many = [LibraryNote(f"d{i}", f"/tmp/{i}.vtt", f"Meeting {i}", new_note(0, 1, f"note {i}"), "0:00", "A passage.")
            for i in range(panel.MAX_LISTED + 25)]
    panel.set_library_notes(many)
    assert len(panel.notes()) == panel.MAX_LISTED
    last = panel.list.item(panel.list.count() - 1)
    assert last.text() == "… and 25 more: type in the filter to narrow them" and not last.flags()


def test_a_deleted_note_comes_back_with_undo(qtbot, explorer, tmp_path):
    from explorer.core.notes import NotesStore

    session = open_doc(qtbot, explorer, long_vtt(tmp_path))
    assert explorer.notes.add(40, 42, "Ask Bob")
    explorer.notes.edit(explorer.notes_panel.notes()[0], "Asked Bob")
    explorer.notes.delete(explorer.notes_panel.notes()[0])
    assert explorer.notes_panel.notes() == [] and NotesStore().load(session.document) == []
    assert explorer.actions_.undo.isEnabled() and explorer.actions_.undo.text() == "&Undo Delete note"
    explorer.undo()
    assert [n.text for n in explorer.notes_panel.notes()] == ["Asked Bob"]
    assert [n.text for n in NotesStore().load(session.document)] == ["Asked Bob"]  # saved again, not only shown
    explorer.undo()
    assert [n.text for n in explorer.notes_panel.notes()] == ["Ask Bob"]
    explorer.redo()
    explorer.redo()
    assert explorer.notes_panel.notes() == [] and NotesStore().load(session.document) == []


def test_add_note_from_the_edit_menu_on_the_selected_rows_or_the_hit_shown(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, long_vtt(tmp_path))
    explorer.actions_.add_note.trigger()  # nothing picked yet: said, nothing asked
    assert explorer.notes.dialog is None and "Select transcript rows" in explorer.statusBar().currentMessage()
    view = explorer.transcript_view
    for row in (12, 13):
        view.selectionModel().select(view.model().index(row), QItemSelectionModel.SelectionFlag.Select)
    assert explorer.actions_.add_note.shortcut().toString() == "Ctrl+Alt+M"
    explorer.actions_.add_note.trigger()
    explorer.notes.dialog.setTextValue("Picked by keyboard")
    explorer.notes.dialog.accept()
    assert [(n.start, n.end, n.text) for n in explorer.notes_panel.notes()] == [(12, 14, "Picked by keyboard")]
    view.clearSelection()
    explorer.highlight_sentences(range(50, 51), 50)  # a search hit or Find match shown
    explorer.actions_.add_note.trigger()
    explorer.notes.dialog.setTextValue("On the hit")
    explorer.notes.dialog.accept()
    assert [(n.start, n.text) for n in explorer.notes_panel.notes()][-1] == (50, "On the hit")
    assert session.document.sentences[50].text.startswith("Line 50")
