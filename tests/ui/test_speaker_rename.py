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


def test_the_speakers_dialog_splits_a_merge_and_restores_the_files_labels(qtbot, tmp_path, monkeypatch):
    from explorer.core.loaders import load_document
    from explorer.ui.models.transcript_model import SpeakerRole
    from explorer.ui.speaker_rename import SpeakersDialog, rename_speaker

    labels = ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02", "SPEAKER_01"] * 4
    cues = [f"00:00:{i * 3:02d}.000 --> 00:00:{i * 3 + 2:02d}.000\n<v {who}>Line {i} about the harbour.\n"
            for i, who in enumerate(labels)]
    path = tmp_path / "meeting.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    win, workers, session = _open(qtbot, tmp_path, path)
    try:
        assert win.actions_.speakers.isEnabled()
        # the diariser was thought to have split Alice in two: both labels named Alice
        assert rename_speaker(win, "SPEAKER_01", "Alice") and rename_speaker(win, "SPEAKER_02", "Alice")
        assert session.document.speakers == ["SPEAKER_00", "Alice"]
        win.actions_.speakers.trigger()
        dlg = win.findChild(SpeakersDialog)
        table = dlg.table
        assert [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text(), table.item(r, 3).text())
                for r in range(table.rowCount())] == [
            ("SPEAKER_00", "SPEAKER_00", "4", "25%"), ("SPEAKER_01", "Alice", "8", "50%"),
            ("SPEAKER_02", "Alice", "4", "25%")]
        # ... but SPEAKER_02 is Carol: the merge is split again
        table.item(2, 1).setText("Carol")
        dlg.accept()
        assert session.document.speakers == ["SPEAKER_00", "Alice", "Carol"]
        assert win.transcript_view.transcript_model.index(2).data(SpeakerRole) == "Carol"
        assert load_document(path).speakers == ["SPEAKER_00", "Alice", "Carol"]
        # and the file's own labels come back with one button
        win.actions_.speakers.trigger()
        dlg = [d for d in win.findChildren(SpeakersDialog) if d.isVisible()][-1]
        dlg.reset_button.click()
        # a full disk: said, and nothing changes (neither the window nor the saved names)
        import os

        real_replace = os.replace

        def full(*_a, **_k):  # noqa: ANN002, ANN003
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", full)
        dlg.accept()
        monkeypatch.setattr(os, "replace", real_replace)
        assert "could not be saved" in win.message_bar.text and "No space left" in win.message_bar.text
        assert session.document.speakers == ["SPEAKER_00", "Alice", "Carol"]
        assert load_document(path).speakers == ["SPEAKER_00", "Alice", "Carol"]
        from explorer.ui.speaker_rename import set_speaker_names

        assert set_speaker_names(win, {})  # the file's labels, saved this time
        assert session.document.speakers == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"]
        assert load_document(path).speakers == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"]
        # each naming is a step of Edit > Undo, saved again on the way back
        assert win.actions_.undo.text() == "&Undo Name speakers"
        win.undo()
        assert session.document.speakers == ["SPEAKER_00", "Alice", "Carol"]
        assert load_document(path).speakers == ["SPEAKER_00", "Alice", "Carol"]
        win.undo()  # the dialog's split
        assert session.document.speakers == ["SPEAKER_00", "Alice"]
        win.undo()  # SPEAKER_02 named Alice
        assert session.document.speakers == ["SPEAKER_00", "Alice", "SPEAKER_02"]
        win.redo()
        win.redo()
        assert load_document(path).speakers == ["SPEAKER_00", "Alice", "Carol"]
    finally:
        win.close()
        qtbot.wait(50)
        workers.shutdown(timeout=10)
