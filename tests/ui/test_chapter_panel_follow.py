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
    session.set_chapters([Chapter(0, 45, "First half"), Chapter(45, 90, "Second half")],
                         sections=[Chapter(45, 60, "Rivers"), Chapter(60, 90, "Lakes")], reason="test")
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
