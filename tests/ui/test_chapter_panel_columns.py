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


def test_a_transcript_chapters_tooltip_says_who_speaks(qtbot):
    from PySide6.QtCore import Qt

    from explorer.core.model import Anchor, Chapter, Document, Sentence
    from explorer.ui.models.chapter_model import ChapterTreeModel, entries_from_chapters

    turns = ["Ann"] * 3 + ["Bob"] + ["Ann"] * 4
    doc = Document(id="t", path="t.vtt", kind="transcript", format="webvtt", title="t", sentences=[
        Sentence(i, f"Words said by {w} here.", Anchor(start=i * 5.0, end=i * 5.0 + 4, speaker=w)) for i, w in enumerate(turns)])
    model = ChapterTreeModel()
    model.set_entries(entries_from_chapters(doc, [Chapter(0, 4, "Opening"), Chapter(4, 8, "Ann alone")]), doc)
    first = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    second = model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert first.splitlines()[-1] == "Speakers: Ann 75%, Bob 25%"
    assert "Speakers" not in second  # one voice throughout: nothing to add


def test_with_the_sentence_vectors_the_tooltip_quotes_the_key_sentence(qtbot):
    import numpy as np
    from PySide6.QtCore import Qt

    from explorer.core.model import Anchor, Chapter, Document, Sentence
    from explorer.ui.models.chapter_model import ChapterTreeModel, entries_from_chapters

    texts = ["Okay, so.", "The harvest came early this year because of the rain.", "Prices went up in the spring markets."]
    doc = Document(id="t", path="t.vtt", kind="transcript", format="webvtt", title="t",
                   sentences=[Sentence(i, t, Anchor(start=i * 5.0, end=i * 5.0 + 4)) for i, t in enumerate(texts)])
    emb = np.array([[0, 1, 0], [1, 0.1, 0], [0.6, 0.5, 0]], dtype=np.float32)
    model = ChapterTreeModel()
    model.set_entries(entries_from_chapters(doc, [Chapter(0, 3, "Harvest")]), doc, emb)
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines()[1] in ("“The harvest came early this year because of the rain.”",
                                   "“Prices went up in the spring markets.”")
    model.set_entries(entries_from_chapters(doc, [Chapter(0, 3, "Harvest")]), doc)  # no vectors: the first sentence
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole).splitlines()[1] == "Okay, so."


def _narrow_panel_with_a_long_title(qtbot):  # noqa: ANN001, ANN202
    """A 260 px chapters panel: chapter 1 has a long title, chapter 2 a one-word one."""
    from explorer.core.model import Chapter
    from explorer.ui.views.chapter_panel import ChapterPanel

    session = _session(lambda i: Anchor(start=10.0 * i, end=10.0 * i + 9))
    session.chapters = [Chapter(0, 3, "Part I The MuPDF C API and its interpreters"), Chapter(3, 6, "Preface")]
    panel = ChapterPanel()
    qtbot.addWidget(panel)
    panel.resize(260, 500)
    panel.show()
    panel.set_session(session)
    return panel, panel.generated_view, panel.generated_model


def test_a_long_title_wraps_to_a_second_line_in_a_narrow_panel_and_unwraps_when_widened(qtbot):
    """In a side dock a quarter of a laptop screen wide, "Part I The MuPDF C API" showed as
    "Part I The M…": titles now take a second line rather than being cut."""
    panel, view, model = _narrow_panel_with_a_long_title(qtbot)
    long_row, short_row = model.index(0, 0), model.index(1, 0)
    qtbot.waitUntil(lambda: view.visualRect(long_row).height() > view.visualRect(short_row).height())
    line = view.fontMetrics().lineSpacing()
    assert view.visualRect(long_row).height() >= view.visualRect(short_row).height() + line - 1

    panel.resize(1200, 500)  # room for the whole title on one line: the row is one line again
    qtbot.waitUntil(lambda: view.visualRect(long_row).height() == view.visualRect(short_row).height())


def test_wrapped_rows_follow_a_bigger_font(qtbot):
    from PySide6.QtGui import QFont

    _panel, view, model = _narrow_panel_with_a_long_title(qtbot)
    long_row, short_row = model.index(0, 0), model.index(1, 0)
    qtbot.waitUntil(lambda: view.visualRect(long_row).height() > view.visualRect(short_row).height())
    before = view.visualRect(short_row).height()
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    qtbot.waitUntil(lambda: view.visualRect(short_row).height() > before * 1.5)


def test_the_number_columns_fit_the_documents_figures_and_keep_a_width_the_user_dragged(qtbot):
    """Sized for "p. 9999" and "999 sent.", the Starts and Length columns took 134 of the
    about 300 pixels of the dock; fitted to what the document puts there, the titles get
    the rest."""
    from explorer.ui.views.chapter_panel import ChapterPanel

    panel = ChapterPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 500)
    panel.show()
    view, model = panel.generated_view, panel.generated_model
    header, fm = view.header(), view.fontMetrics()
    before = [header.sectionSize(c) for c in range(3)]
    session = _session(lambda i: Anchor(start=10.0 * i, end=10.0 * i + 9))
    panel.set_session(session)
    widest = [max(fm.horizontalAdvance(getattr(e, name)) for e in model.entries()) for name in ("where", "length")]
    after = [header.sectionSize(c) for c in range(3)]
    assert after[1] < before[1] and after[2] < before[2]
    assert after[1] >= widest[0] and after[2] >= widest[1]  # nothing elided: "0:30", the lengths
    assert after[0] == before[0] + (before[1] - after[1]) + (before[2] - after[2])  # the titles get the room

    header.resizeSection(2, 150)  # the user widens Length; a chapter edit refills the panel
    panel.set_session(session)
    assert header.sectionSize(2) == 150
    other = _session(lambda i: Anchor(start=10.0 * i, end=10.0 * i + 9))
    other.document.id = "another"
    panel.set_session(other)  # another document: fitted again
    assert header.sectionSize(2) == after[2]
