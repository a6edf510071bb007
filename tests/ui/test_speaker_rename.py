"""Renaming a diarised speaker in the window: the rows, the next open and the search index
all use the new name."""
from __future__ import annotations

from tests.ui.test_window_editing import _open


def test_rename_a_speaker_from_a_rows_menu(qtbot, tmp_path):
    from PySide6.QtWidgets import QInputDialog

    from explorer.core.loaders import load_document
    from explorer.ui.analysis import search_library
    from explorer.ui.models.transcript_model import SpeakerRole

    labels = ["SPEAKER_00", "SPEAKER_01"] * 12
    cues = [f"00:{i * 5 // 60:02d}:{i * 5 % 60:02d}.000 --> 00:{(i * 5 + 4) // 60:02d}:{(i * 5 + 4) % 60:02d}.000\n"
            f"<v {who}>Line {i} is about {'harbours' if i < 12 else 'budgets'} and the town.\n"
            for i, who in enumerate(labels)]
    path = tmp_path / "meeting.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    win, workers, session = _open(qtbot, tmp_path, path, index=True)
    try:
        qtbot.waitUntil(lambda: session.indexed, timeout=60000)
        assert not search_library("Moreau", "text", session.doc_id)
        menu = win.chapter_editing.sentence_menu(1, win.transcript_view)
        action = next(a for a in menu.actions() if a.text().startswith("Rename speaker"))
        assert action.text() == "Rename speaker “SPEAKER_01”…"
        action.trigger()
        dlg = win.findChild(QInputDialog)
        assert dlg is not None and dlg.textValue() == "SPEAKER_01"
        dlg.setTextValue("Alice Moreau")
        dlg.accept()
        assert session.document.speakers == ["SPEAKER_00", "Alice Moreau"]
        model = win.transcript_view.transcript_model
        assert model.index(1).data(SpeakerRole) == "Alice Moreau"
        assert "is now “Alice Moreau”" in win.message_bar.text
        assert load_document(path).speakers == ["SPEAKER_00", "Alice Moreau"]  # saved for the next open
        # the index is rebuilt with the name in the chunks' situated text: the name finds them
        qtbot.waitUntil(lambda: bool(search_library("Moreau", "text", session.doc_id)), timeout=60000)
    finally:
        win.close()
        qtbot.wait(50)
        workers.shutdown(timeout=10)
