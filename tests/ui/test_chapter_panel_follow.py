"""The chapter panel's current chapter follows what is being read, in transcripts too."""
from __future__ import annotations

from tests.ui.conftest import open_doc


def long_vtt(tmp_path):  # noqa: ANN001, ANN201
    cues = []
    for i in range(90):
        a, b = i * 5, i * 5 + 4
        cues.append(f"00:{a // 60:02d}:{a % 60:02d}.000 --> 00:{b // 60:02d}:{b % 60:02d}.000\n"
                    f"<v {'Alice' if i % 4 < 2 else 'Bob'}>Line {i} talks about rivers and topic {i // 30} today.\n")
    path = tmp_path / "long.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    return path


def test_transcript_selects_the_chapter_being_read(qtbot, explorer, tmp_path):
    session = open_doc(qtbot, explorer, long_vtt(tmp_path))
    assert session.analysis_state == "done"
    panel = explorer.chapter_panel
    # chapters arrive while the first line is on top: the first chapter is selected without any scrolling
    qtbot.waitUntil(lambda: panel.current_chapter() == 0, timeout=5000)
    # reading further down moves the selection
    assert len(session.chapters) == 3
    explorer.transcript_view.scroll_to_sentence(session.chapters[1].start + 2)
    qtbot.waitUntil(lambda: panel.current_chapter() == 1, timeout=5000)
    # an edit that changes the chapters keeps the selection on what is being read
    from explorer.core.model import Chapter

    merged = [Chapter(0, session.chapters[1].end, "Merged"), *session.chapters[2:]]
    session.set_chapters(merged, reason="merge")
    qtbot.waitUntil(lambda: panel.current_chapter() == 0 and panel.generated_model.rowCount() == 2, timeout=5000)


def test_an_expanded_chapter_follows_down_to_its_section(qtbot, explorer, tmp_path):
    from explorer.core.model import Chapter

    session = open_doc(qtbot, explorer, long_vtt(tmp_path))
    assert session.analysis_state == "done"
    panel = explorer.chapter_panel
    halves = [Chapter(0, 45, "First half"), Chapter(45, 90, "Second half")]
    # as if the analysis had found these halves: no automatic chapter was merged into one
    # (a merged chapter would stand in the tree as a section, and this test is about following)
    session.analysis.automatic = list(halves)
    session.set_chapters(halves, sections=[Chapter(45, 60, "Rivers"), Chapter(60, 90, "Lakes")], reason="test")
    view, model = panel.generated_view, panel.generated_model
    second = model.index_of_chapter(1)
    view.collapse(second)
    explorer.transcript_view.scroll_to_sentence(70)
    # collapsed: the chapter is selected and stays collapsed
    qtbot.waitUntil(lambda: panel.current_chapter() == 1, timeout=5000)
    assert view.currentIndex() == second and not view.isExpanded(second)
    view.expand(second)
    explorer.transcript_view.scroll_to_sentence(50)
    qtbot.waitUntil(lambda: model.entry(view.currentIndex()).title == "Rivers", timeout=5000)
    explorer.transcript_view.scroll_to_sentence(75)
    qtbot.waitUntil(lambda: model.entry(view.currentIndex()).title == "Lakes", timeout=5000)
    assert panel.current_chapter() == 1  # commands on "the current chapter" still mean the chapter


def two_column_pdf(tmp_path):  # noqa: ANN001, ANN201
    """One tall page: the left column tells of rivers, the right one of ships."""
    import pymupdf as fitz

    doc = fitz.open()
    page = doc.new_page(width=600, height=2400)
    for x0, theme in ((40, "River"), (320, "Ship")):
        for i in range(30):
            y = 60 + i * 76
            page.insert_text((x0, y), f"{theme} sentence number {i} is here.", fontsize=11)
    path = tmp_path / "columns.pdf"
    doc.save(path)
    return path


def test_a_jump_names_the_chapter_it_brought_into_view_on_a_page_of_columns(qtbot, explorer, tmp_path):
    """Level with the view's top third, the right column's sentence comes later in reading
    order; the panel used to name its chapter after a jump to the left column."""
    from explorer.core.model import Chapter

    session = open_doc(qtbot, explorer, two_column_pdf(tmp_path))
    sents = session.document.sentences
    ships = next(i for i, s in enumerate(sents) if s.text.startswith("Ship"))
    assert ships > 20 and all(s.text.startswith("River") for s in sents[:ships])
    session.set_chapters([Chapter(0, ships, "Rivers"), Chapter(ships, len(sents), "Ships")], reason="test")
    panel = explorer.chapter_panel
    target = ships - 6  # low in the left column
    explorer.jump_to_sentence(target)
    qtbot.wait(200)
    assert panel.current_chapter() == 0
    # a search hit in the same place: the same answer
    explorer.jump_to_sentence(ships + 3)
    qtbot.waitUntil(lambda: panel.current_chapter() == 1, timeout=5000)
    explorer.highlight_sentences(range(target, target + 1), target)
    qtbot.wait(200)
    assert panel.current_chapter() == 0
    # scrolled away from the jump, the scroll position speaks again
    explorer.page_view.verticalScrollBar().setValue(0)
    qtbot.wait(200)
    explorer.page_view.verticalScrollBar().setValue(explorer.page_view.verticalScrollBar().maximum() // 2)
    qtbot.waitUntil(lambda: explorer._jump_target is None, timeout=5000)
