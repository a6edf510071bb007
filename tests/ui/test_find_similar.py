"""Find similar passages: a sentence's context menu searches by meaning for passages like it,
and the passage itself is not among the results."""
from __future__ import annotations

from tests.ui.conftest import write_vtt
from tests.ui.test_window_editing import _open


def test_find_similar_passages_leaves_out_the_passage_itself(qtbot, tmp_path):
    topics = ["rivers carry water to the sea and shape valleys", "steam engines turn coal into motion",
              "apple orchards bloom in the spring", "ledgers record money owed and paid"]
    path = write_vtt(tmp_path / "topics.vtt", [  # each topic comes back three times, apart, in runs long
        f"In part {k}, line {j}, we say once more that {topic}."  # enough for the index to cut into chunks
        for k in range(3) for topic in topics for j in range(6)])
    win, workers, session = _open(qtbot, tmp_path, path, index=True)
    panel = win.search_panel
    try:
        qtbot.waitUntil(lambda: session.indexed, timeout=60000)
        doc = session.document
        source = next(i for i, s in enumerate(doc.sentences) if "part 1, line 2" in s.text and "steam" in s.text)
        menu = win.chapter_editing.sentence_menu(source, win.transcript_view)
        next(a for a in menu.actions() if a.text() == "Find similar passages").trigger()
        assert panel.mode == "vector" and "steam engines" in panel.query_edit.text()
        qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=60000)
        hits = [panel.model.hit(r) for r in range(panel.model.rowCount())]
        assert all(not (h.start <= source < h.end) for h in hits), "the passage itself is left out"
        assert "steam" in hits[0].text
        # results copy as quotes with their sources, one or all
        from PySide6.QtGui import QGuiApplication

        menu = panel.results_menu(0)
        actions = {a.text(): a for a in menu.actions()}
        actions["Copy quote"].trigger()
        first = QGuiApplication.clipboard().text()
        assert first.startswith("[") and "steam" in first and first.splitlines()[-1].startswith("— topics")
        actions[f"Copy all {len(hits)} results"].trigger()
        assert QGuiApplication.clipboard().text().count("\n— topics") == len(hits)
        # a query of one's own is a plain search again: nothing is left out
        panel.query_edit.textEdited.emit("steam engines")
        assert panel.exclude is None
    finally:
        win.close()
        qtbot.wait(50)
        workers.shutdown(timeout=10)
