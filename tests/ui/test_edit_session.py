"""The real DocumentSession with the edit commands: edits land, signals fire, corrections reload."""
from __future__ import annotations

from types import SimpleNamespace

from explorer.core import edits as E
from explorer.core.corrections import CorrectionsStore
from explorer.core.model import Anchor, Chapter, Document, Sentence
from explorer.ui.commands import CorrectionsAutosave, push_edit
from explorer.ui.session import DocumentSession

N = 60


def document() -> Document:
    sentences = [Sentence(i, f"Sentence {i} about topic {i // 20}.", Anchor(start=float(i), end=i + 0.9))
                 for i in range(N)]
    return Document("12" * 32, "/tmp/talk.vtt", "transcript", "vtt", "Talk", sentences)


def automatic() -> list[Chapter]:
    return [Chapter(0, 20, "One", "generated"), Chapter(20, 40, "Two", "generated"),
            Chapter(40, N, "Three", "generated")]


def open_session(store: CorrectionsStore) -> DocumentSession:
    """Like the window after analysis: automatic chapters with the saved corrections on top."""
    session = DocumentSession(document())
    saved = store.load(session.doc_id)
    chapters = saved.chapters_for(automatic(), 0) if saved else automatic()
    session.set_analysis(SimpleNamespace(automatic=automatic(), chapters=chapters, blocks={}, outline=[],
                                         sections=[]))
    return session


def test_edits_through_the_real_session_are_saved_and_restored(qtbot):
    store = CorrectionsStore(delay=0.02)
    session = open_session(store)
    autosave = CorrectionsAutosave(session, session.undo_stack, store)
    with qtbot.waitSignal(session.chapters_changed):
        push_edit(session.undo_stack, session, E.Split(30, "Middle"))
    push_edit(session.undo_stack, session, E.Rename(0, "Opening"))
    push_edit(session.undo_stack, session, E.ResetToAutomatic(1))  # uses session.automatic_chapters
    assert [c.start for c in session.chapters] == [0, 20, 40]
    session.undo_stack.undo()
    assert [c.start for c in session.chapters] == [0, 20, 30, 40]
    qtbot.waitUntil(session.undo_stack.isClean, timeout=5000)
    autosave.close()
    again = open_session(CorrectionsStore())
    assert [(c.start, c.title, c.title_source) for c in again.chapters] == [
        (0, "Opening", "user"), (20, "", "generated"), (30, "Middle", "user"), (40, "Three", "generated")]
    assert again.chapter_index_of(35) == 2
