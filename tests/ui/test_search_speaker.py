"""Searching a transcript for what one speaker said: the speaker choice appears for a
document with speakers, and keeps only passages where that speaker speaks."""
from __future__ import annotations

from tests.ui.conftest import write_vtt
from tests.ui.test_window_editing import _open


def test_search_keeps_the_passages_of_the_chosen_speaker(qtbot, tmp_path):
    path = write_vtt(tmp_path / "meeting.vtt", [  # Alice and Bob both talk about budgets, in long turns of their own
        f"<v {who}>Turn {k}, line {j}: the budget for the harbour needs {who.lower()}'s review."
        for k in range(8) for who in ("Alice", "Bob") for j in range(4)])
    win, workers, session = _open(qtbot, tmp_path, path, index=True)
    panel = win.search_panel
    try:
        qtbot.waitUntil(lambda: session.indexed, timeout=60000)
        panel.scope_combo.setCurrentIndex(panel.scope_combo.findData("document"))
        assert panel.speaker_combo.isVisibleTo(panel)
        assert [panel.speaker_combo.itemText(i) for i in range(panel.speaker_combo.count())] == ["Anyone", "Alice", "Bob"]
        panel.speaker_combo.setCurrentIndex(panel.speaker_combo.findData("Bob"))
        panel.query_edit.setText("budget review")
        panel.run_now()
        qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=60000)
        sents = session.document.sentences
        hits = [panel.model.hit(r) for r in range(panel.model.rowCount())]
        assert all(any(s.anchor.speaker == "Bob" for s in sents[h.start:h.end]) for h in hits)
        assert "where Bob speaks" in panel.status.text()
        # a library search has no speaker choice; a PDF none either
        panel.scope_combo.setCurrentIndex(panel.scope_combo.findData("library"))
        assert not panel.speaker_combo.isVisibleTo(panel) and panel.speaker == ""
    finally:
        win.close()
        qtbot.wait(50)
        workers.shutdown(timeout=10)
