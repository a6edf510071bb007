"""Big lane results are kept out of the garbage collector's scans (gc.freeze), which is only
safe because a closed document is freed by reference counting alone."""
from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent

from explorer.ui.gc_landing import BIG_RESULT_BYTES, landing
from tests.ui.conftest import open_doc, write_vtt


def test_a_big_result_pauses_collection_and_is_frozen_after():
    gc.unfreeze()
    assert gc.isenabled()
    with landing(100):  # small: nothing changes
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    with landing(BIG_RESULT_BYTES):
        assert not gc.isenabled()  # no full pass half-way through the unpickling
        with landing(BIG_RESULT_BYTES * 4):  # another lane's result at the same time
            pass
        assert not gc.isenabled()
        kept = [object() for _ in range(10)]
    assert gc.isenabled() and gc.get_freeze_count() > 0
    assert kept
    gc.unfreeze()


def test_landing_after_a_failure_still_turns_collection_back_on():
    try:
        with landing(BIG_RESULT_BYTES):
            raise ValueError("a message that does not unpickle")
    except ValueError:
        pass
    assert gc.isenabled()
    gc.unfreeze()


def _documents_titled(title: str) -> int:
    return sum(1 for o in gc.get_objects() if type(o).__name__ == "Document" and getattr(o, "title", None) == title)


def test_a_closed_document_is_freed_without_the_collector(qtbot, explorer, tmp_path):
    """Freezing a document's objects never leaks it: switching to another document frees the
    first by reference counting, with the cyclic collector off."""
    first = write_vtt(tmp_path / "harbour.vtt", [f"<v Ann>Line {i} about the harbour." for i in range(30)])
    second = write_vtt(tmp_path / "garden.vtt", [f"<v Bo>Line {i} about the garden." for i in range(30)])
    session = open_doc(qtbot, explorer, first)
    title = session.document.title
    del session
    gc.collect()
    assert _documents_titled(title) == 1  # open in the window
    gc.disable()
    try:
        open_doc(qtbot, explorer, second)
        qtbot.wait(300)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert _documents_titled(title) == 0, "the first document is still referenced (a reference cycle?)"
    finally:
        gc.enable()
