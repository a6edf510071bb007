"""The chapters panel shows where chapters start only when the document says so."""
from __future__ import annotations

from types import SimpleNamespace

from explorer.core.model import Anchor, Chapter, Document, Sentence


def _session(anchor) -> SimpleNamespace:  # noqa: ANN001
    sents = [Sentence(i, f"Sentence {i}.", anchor(i)) for i in range(6)]
    doc = Document(id="x", path="/tmp/x.txt", kind="transcript", format="text", title="x", sentences=sents)
    return SimpleNamespace(document=doc, chapters=[Chapter(0, 3, "One"), Chapter(3, 6, "Two")], sections=[],
                           reference_chapters=[], outline_generated=False, analysis_state="done")


def test_the_starts_column_is_hidden_for_a_transcript_without_times(qtbot):
    from explorer.ui.views.chapter_panel import ChapterPanel

    panel = ChapterPanel()
    qtbot.addWidget(panel)
    panel.set_session(_session(lambda i: Anchor(speaker="A")))
    assert panel.generated_view.isColumnHidden(1)
    panel.set_session(_session(lambda i: Anchor(start=10.0 * i, end=10.0 * i + 9)))
    assert not panel.generated_view.isColumnHidden(1)
    assert panel.generated_model.entries()[1].where == "0:30"
