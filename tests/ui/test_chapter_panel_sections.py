"""The chapter panel nests sections inside the chapters as the user left them."""
from __future__ import annotations

from types import SimpleNamespace

from explorer.core.loaders import load_document
from explorer.core.model import Chapter


def _doc(tmp_path):  # noqa: ANN001, ANN202
    cues = [f"00:00:{i:02d}.000 --> 00:00:{i:02d}.900\nSentence number {i} about rivers.\n" for i in range(30)]
    path = tmp_path / "t.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    return load_document(path)


def test_split_chapter_cuts_the_section_it_crosses(qtbot, tmp_path):
    from explorer.ui.views.chapter_panel import ChapterPanel

    doc = _doc(tmp_path)
    assert len(doc.sentences) == 30
    panel = ChapterPanel()
    qtbot.addWidget(panel)
    sections = [Chapter(a, b, f"s{a}", level=2) for a, b in ((0, 10), (10, 20), (20, 25), (25, 30))]
    # the user split the automatic chapter [0, 30) at 15, inside section [10, 20)
    session = SimpleNamespace(document=doc, chapters=[Chapter(0, 15, "A"), Chapter(15, 30, "B")], sections=sections,
                              reference_chapters=[], outline_generated=False, analysis_state="done")
    panel.set_session(session)
    roots = panel.generated_model.entries()
    got = [[(c.sentence, c.end_sentence) for c in r.children] for r in roots]
    # B's opening is the tail of s10: it joins B's first own section, so no title repeats
    assert got == [[(0, 10), (10, 15)], [(15, 25), (25, 30)]]
    assert [[c.title for c in r.children] for r in roots] == [["s0", "s10"], ["s20", "s25"]]


def test_a_chapter_merged_into_the_one_before_stays_as_its_section(qtbot, tmp_path):
    from explorer.ui.views.chapter_panel import ChapterPanel

    doc = _doc(tmp_path)
    panel = ChapterPanel()
    qtbot.addWidget(panel)
    automatic = [Chapter(0, 15, "Rivers"), Chapter(15, 30, "Deltas")]
    sections = [Chapter(a, b, f"s{a}", level=2) for a, b in ((0, 8), (8, 15), (15, 22), (22, 30))]
    # Merge with Next: "Deltas" was dropped from the tree with its chapter
    session = SimpleNamespace(document=doc, chapters=[Chapter(0, 30, "Rivers")], sections=sections,
                              automatic_chapters=automatic, reference_chapters=[], outline_generated=False,
                              analysis_state="done")
    panel.set_session(session)
    (root,) = panel.generated_model.entries()
    assert [(c.title, c.sentence, c.end_sentence) for c in root.children] == [
        ("s0", 0, 8), ("s8", 8, 15), ("Deltas", 15, 22), ("s22", 22, 30)]


def test_an_outline_entry_wears_the_colour_of_the_chapter_it_lies_in(qtbot, tmp_path):
    """The outline's entries took the chapter palette by their own order, so the same heading
    was green among the chapters and orange in the outline below them."""
    from PySide6.QtCore import Qt

    from explorer.core.model import ReferenceChapter
    from explorer.ui.colors import chapter_color
    from explorer.ui.views.chapter_panel import ChapterPanel

    doc = _doc(tmp_path)
    panel = ChapterPanel()
    qtbot.addWidget(panel)
    chapters = [Chapter(0, 5, "Intro"), Chapter(5, 18, "Rivers"), Chapter(18, 30, "Deltas")]
    outline = [ReferenceChapter("Rivers", 1, 5), ReferenceChapter("Floods", 1, 12), ReferenceChapter("Deltas", 1, 18),
               ReferenceChapter("Unplaced", 1, None)]
    session = SimpleNamespace(document=doc, chapters=chapters, sections=[], reference_chapters=outline,
                              outline_generated=False, analysis_state="done")
    panel.set_session(session)
    model = panel.reference_model
    swatch = [model.data(model.index(r, 0), Qt.ItemDataRole.DecorationRole) for r in range(4)]
    assert swatch[:3] == [chapter_color(1), chapter_color(1), chapter_color(2)]  # Floods lies in "Rivers"
    assert swatch[3] is None  # no place in the text: no chapter to match
    gen = panel.generated_model
    assert gen.data(gen.index(1, 0), Qt.ItemDataRole.DecorationRole) == swatch[0]
    # while the chapters are being computed, the outline has no colours to promise
    session.chapters = []
    panel.set_session(session)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
