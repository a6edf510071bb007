"""Big lane results are kept out of the garbage collector's scans (gc.freeze), which is only
safe because a closed document is freed by reference counting alone."""
from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent

from explorer.ui.gc_landing import BIG_RESULT_BYTES, landing
from tests.ui.conftest import make_pdf, open_doc, write_vtt


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


def _documents_with(attribute: str, value: str) -> int:
    """Documents alive in the process whose ``attribute`` is ``value``."""
    return sum(1 for o in gc.get_objects() if type(o).__name__ == "Document" and getattr(o, attribute, None) == value)


def test_a_closed_document_is_freed_without_the_collector(qtbot, explorer, tmp_path):
    """Freezing a document's objects never leaks it: switching to another document frees the
    first by reference counting, with the cyclic collector off."""
    first = write_vtt(tmp_path / "harbour.vtt", [f"<v Ann>Line {i} about the harbour." for i in range(30)])
    second = write_vtt(tmp_path / "garden.vtt", [f"<v Bo>Line {i} about the garden." for i in range(30)])
    session = open_doc(qtbot, explorer, first)
    title = session.document.title
    del session
    gc.collect()
    assert _documents_with("title", title) == 1  # open in the window
    gc.disable()
    try:
        open_doc(qtbot, explorer, second)
        qtbot.wait(300)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert _documents_with("title", title) == 0, "the first document is still referenced (a reference cycle?)"
    finally:
        gc.enable()


def _garbage_of_types(names: set[str]) -> dict[str, int]:
    """Objects of the given type names that only the cyclic collector would free."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found: dict[str, int] = {}
        for o in gc.garbage:
            name = type(o).__name__
            if name == "function":
                if not str(getattr(o, "__module__", "")).startswith("explorer"):
                    continue  # the standard library's own (asyncio, functools) are not ours to fix
                name = f"function {o.__qualname__}"
            if name.split(" ")[0] in names:
                found[name] = found.get(name, 0) + 1
        return found
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_closed_pdf_with_its_outline_and_layout_boxes_is_freed_without_the_collector(qtbot, explorer, tmp_path):
    """A PDF brings what a transcript does not: an outline (a tree of entries in the chapters
    panel), layout boxes and chapter boxes on its pages. None of it may hold the document in
    a reference cycle: a frozen cycle is never collected, so each document switched away
    from would stay in memory (measured before the fix: the 47-page PyMuPDF manual's 860
    sentences and their boxes, about 600 objects per document opened)."""
    import pymupdf

    from explorer.ui.views.layout_overlay import BlockItem

    first = make_pdf(tmp_path / "first.pdf", pages=4, chapters=2)
    with pymupdf.open(first) as pdf:  # an outline two levels deep: entries with children
        pdf.set_toc([[1, "Chapter 1: The Harbour", 1], [2, "The quay", 2], [1, "Chapter 2: The Ledger", 3],
                     [2, "Columns", 4]])
        pdf.saveIncr()
    second = make_pdf(tmp_path / "second.pdf", pages=4, chapters=3)
    explorer.actions_.show_layout.setChecked(True)
    session = open_doc(qtbot, explorer, first)
    path = session.document.path
    assert any(r.level == 2 for r in session.reference_chapters)
    qtbot.waitUntil(lambda: any(isinstance(i, BlockItem) for i in explorer.page_view.scene().items()), timeout=10000)
    del session
    gc.disable()
    try:
        open_doc(qtbot, explorer, second)
        qtbot.wait(300)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        cyclic = _garbage_of_types({"Document", "Sentence", "ChapterEntry", "BlockItem", "LayoutOverlay", "function"})
        assert cyclic == {}, f"freed only by the cyclic collector: {cyclic}"
        # what is left is held by work still queued for it (a page's layout), then freed
        qtbot.waitUntil(lambda: _documents_with("path", path) == 0, timeout=10000)
    finally:
        gc.enable()
