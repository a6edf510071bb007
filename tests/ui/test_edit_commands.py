"""Undoable chapter edits in the window's terms: drag, split, merge, rename, undo/redo, restart from disk."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from explorer.core import edits as E
from explorer.core.corrections import CorrectionsStore
from explorer.core.model import Chapter
from explorer.ui.commands import CorrectionsAutosave, EditCommand, adopt_titles, bind_modified, push_edit

DOC = "ef" * 32
N = 120


def automatic() -> tuple[Chapter, ...]:
    cuts = [0, 20, 50, 80, N]
    return tuple(Chapter(s, t, f"Auto {s}", "generated") for s, t in zip(cuts, cuts[1:]))


class FakeSession:
    """The minimal editable session: chapters + set_chapters(chapters, reason)."""

    def __init__(self, chapters, automatic_chapters):
        self.doc_id = DOC
        self.granularity = 0
        self.automatic_chapters = tuple(automatic_chapters)
        self._chapters = tuple(chapters)
        self.reasons: list[str] = []

    @property
    def chapters(self):
        return self._chapters

    def set_chapters(self, chapters, reason=""):
        self._chapters = tuple(chapters)
        self.reasons.append(reason)

    @classmethod
    def restore(cls, store: CorrectionsStore):
        """What the app does on (re)opening a document: automatic chapters + saved corrections."""
        auto = automatic()
        saved = store.load(DOC)
        return cls(saved.chapters_for(auto, 0) if saved else auto, auto)


def starts(session):
    return [c.start for c in session.chapters]


def test_drag_split_merge_rename_undo_redo_then_restart(qtbot):
    store = CorrectionsStore(delay=0.05)
    session = FakeSession.restore(store)
    stack = QUndoStack()
    autosave = CorrectionsAutosave(session, stack, store)
    window = QWidget()
    window.setWindowTitle("doc[*]")
    qtbot.addWidget(window)
    bind_modified(stack, window)
    assert not window.isWindowModified()

    # a drag of the boundary at 50 (chapter 2): three releases fold into one undo step
    for s in (48, 45, 43):
        push_edit(stack, session, E.MoveBoundary(2, s))
    assert stack.count() == 1 and starts(session) == [0, 20, 43, 80]
    assert session.chapters[2].pinned and stack.undoText() == "Move start of chapter 3"
    assert window.isWindowModified()

    push_edit(stack, session, E.Split(100, "Appendix"))
    push_edit(stack, session, E.Merge(0))  # merge chapters 1 and 2
    push_edit(stack, session, E.Rename(0, "Opening"))
    assert starts(session) == [0, 43, 80, 100]
    assert [c.title for c in session.chapters][:1] == ["Opening"]
    assert stack.count() == 4

    # an invalid edit is refused before anything is pushed
    with pytest.raises(E.EditError):
        push_edit(stack, session, E.Merge(3))
    assert stack.count() == 4

    stack.undo()  # rename
    stack.undo()  # merge
    assert starts(session) == [0, 20, 43, 80, 100]
    assert session.chapters[0] == automatic()[0]
    stack.redo()  # merge again
    assert starts(session) == [0, 43, 80, 100] and session.chapters[0].title_source == "generated"
    stack.undo()
    stack.undo()  # split
    stack.undo()  # the whole drag in one step
    assert session.chapters == automatic()
    for _ in range(4):
        stack.redo()
    final = session.chapters
    assert starts(session) == [0, 43, 80, 100] and final[0].title == "Opening"

    # saved in the background; the window is clean once the last state is on disk
    qtbot.waitUntil(lambda: stack.isClean(), timeout=5000)
    assert not window.isWindowModified()

    # "restart": a new store and session built from disk find every correction
    again = FakeSession.restore(CorrectionsStore())
    assert again.chapters == final
    saved = CorrectionsStore().load(DOC)
    assert saved.corrections.pinned == {43, 100}
    assert saved.corrections.forbidden == {20, 50}
    assert saved.corrections.user_titles == {0: "Opening", 100: "Appendix"}
    assert [h["op"] for h in saved.history] == ["move", "split", "merge", "rename"]
    autosave.close()


def test_a_new_edit_after_a_save_is_a_new_undo_step(qtbot):
    store = CorrectionsStore(delay=0.01)
    session = FakeSession.restore(store)
    stack = QUndoStack()
    autosave = CorrectionsAutosave(session, stack, store)  # keep a reference: it is not parented
    push_edit(stack, session, E.MoveBoundary(1, 25))
    qtbot.waitUntil(lambda: stack.isClean(), timeout=5000)
    push_edit(stack, session, E.MoveBoundary(1, 30))  # not merged into the saved (clean) step
    assert stack.count() == 2
    stack.undo()
    assert starts(session) == [0, 25, 50, 80]
    autosave.close()


def test_reset_and_regenerate_use_the_sessions_automatic_chapters(qtbot):
    session = FakeSession(automatic(), automatic())
    stack = QUndoStack()
    push_edit(stack, session, E.Rename(1, "Mine"))
    push_edit(stack, session, E.Split(10))
    push_edit(stack, session, E.RegenerateTitle(2))
    assert session.chapters[2] == automatic()[1]
    push_edit(stack, session, E.ResetToAutomatic(None))
    assert session.chapters == automatic()
    stack.undo()
    assert starts(session) == [0, 10, 20, 50, 80]
    assert isinstance(stack.command(0), EditCommand)


def test_undo_is_skipped_when_chapters_were_replaced_outside_the_stack(qtbot):
    session = FakeSession(automatic(), automatic())
    stack = QUndoStack()
    push_edit(stack, session, E.Split(10))
    other = (Chapter(0, N, "Everything", "generated"),)
    session.set_chapters(other)  # e.g. a new granularity, without clearing the stack
    with qtbot.captureExceptions() as exceptions:
        stack.undo()
    assert not exceptions and session.chapters == other


def test_titles_filled_in_the_background_survive_undo_and_redo(qtbot):
    session = FakeSession(automatic(), automatic())
    stack = QUndoStack()
    push_edit(stack, session, E.MoveBoundary(1, 30))
    assert [c.title for c in session.chapters] == ["", "", "Auto 50", "Auto 80"]  # reshaped: untitled
    titled = tuple(replace(c, title=c.title or "Later title") for c in session.chapters)
    session.set_chapters(titled)  # what the window does when the compute lane returns titles
    assert adopt_titles(stack, titled)
    stack.undo()
    assert session.chapters == automatic()
    stack.redo()
    assert session.chapters == titled
