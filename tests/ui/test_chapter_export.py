"""File > Export Chapters…: the chapters as the user left them, written by a worker."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings

from tests.ui.conftest import make_pdf


def _open(qtbot, tmp_path, path, password=None):  # noqa: ANN001, ANN202
    from explorer.ui.main_window import MainWindow
    from explorer.ui.workers import Workers

    workers = Workers()
    win = MainWindow(workers, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win.analysis.index_enabled = False
    qtbot.addWidget(win)
    win.resize(1200, 900)
    win.show()
    qtbot.waitExposed(win)
    # nothing to export, nowhere to go yet
    assert not any(a.isEnabled() for a in (win.actions_.export_chapters, win.actions_.next_chapter,
                                           win.actions_.prev_chapter))
    with qtbot.waitSignal(win.document_opened, timeout=30000) as blocker:
        win.open_path(str(path), password=password)
    session = blocker.args[0]
    qtbot.waitUntil(lambda: session.analysis_state != "running", timeout=60000)
    assert session.analysis_state == "done", win.message_bar.text
    return win, workers, session


def _close(qtbot, win, workers) -> None:  # noqa: ANN001
    win.close()
    qtbot.wait(50)
    workers.shutdown(timeout=10)


def test_a_renamed_chapter_is_exported_as_webvtt_and_json(qtbot, tmp_path, sample_vtt):
    import webvtt

    from explorer.core.exports import formats_for
    from explorer.core.store import user_file_mode

    win, workers, session = _open(qtbot, tmp_path, sample_vtt)
    try:
        assert win.actions_.export_chapters.isEnabled() and win.actions_.next_chapter.isEnabled()
        assert "vtt" in formats_for(session.document) and "pdf" not in formats_for(session.document)
        assert win.chapter_editing.rename(0, "Harbour talk")
        out = tmp_path / "out" / "talk.chapters.vtt"
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.export_to(str(out), "vtt")
        cues = webvtt.read(str(out))
        assert [c.text for c in cues][0] == "Harbour talk"
        assert len(cues) == len(session.chapters)
        assert out.stat().st_mode & 0o777 == user_file_mode()  # a file for the user, not a private 0600 temp
        assert "Exported" in win.message_bar.label.text()
        out_json = tmp_path / "talk.chapters.json"
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.export_to(str(out_json), "json")
        data = json.loads(out_json.read_text(encoding="utf-8"))
        first = data["chapters"][0]
        assert (first["title"], first["title_source"], first["start_time"]) == ("Harbour talk", "user", 0.0)
        assert "notes" not in data
        # a note made in the window goes into the export at once
        assert win.notes.add(1, 2, "Ask the harbour master")
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.export_to(str(out_json), "json")
        notes = json.loads(out_json.read_text(encoding="utf-8"))["notes"]
        assert [(n["text"], n["start_sentence"]) for n in notes] == [("Ask the harbour master", 1)]
    finally:
        _close(qtbot, win, workers)


def test_a_pdf_is_exported_with_its_chapters_as_outline(qtbot, tmp_path):
    import pymupdf

    pdf = make_pdf(tmp_path / "book.pdf", pages=6, chapters=3)
    win, workers, session = _open(qtbot, tmp_path, pdf)
    try:
        out = tmp_path / "book.chapters.pdf"
        # a note on a sentence of page 2 goes into the copy as a highlight with its pop-up note
        noted = next(i for i, s in enumerate(session.document.sentences) if s.anchor.page == 1 and len(s.text) > 30)
        assert win.notes.add(noted, noted + 1, "Check this against the ledger")
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.export_to(str(out), "pdf")
        with pymupdf.open(out) as copy:
            tops = [e for e in copy.get_toc() if e[0] == 1]
            assert copy.page_count == 6
            (mark,) = [(p.number, a.type[1], a.info["content"], p.get_textbox(a.rect)) for p in copy for a in p.annots()]
        assert mark[:3] == (1, "Highlight", "Check this against the ledger")
        assert session.document.sentences[noted].text.split()[0] in mark[3]
        assert [t for _lvl, t, _p in tops] == [c.title for c in session.chapters]
        # the document itself is never overwritten by an export
        before = pdf.read_bytes()
        with qtbot.waitSignal(win.chapter_export.failed, timeout=5000):
            assert win.chapter_export.export_to(str(pdf), "pdf") is None
        assert pdf.read_bytes() == before
        assert "replace the document" in win.message_bar.label.text()
        # deleted while open: the pages and chapters stay, the PDF copy says why it cannot be made
        pdf.unlink()
        with qtbot.waitSignal(win.chapter_export.failed, timeout=30000):
            win.chapter_export.export_to(str(tmp_path / "again.chapters.pdf"), "pdf")
        assert "moved or deleted" in win.message_bar.label.text()
        assert not (tmp_path / "again.chapters.pdf").exists()
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.export_to(str(tmp_path / "book.chapters.md"), "markdown")
    finally:
        _close(qtbot, win, workers)


def test_a_failed_write_says_so_and_leaves_no_file(qtbot, tmp_path, sample_vtt):
    win, workers, session = _open(qtbot, tmp_path, sample_vtt)
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file where the export wants a folder", encoding="utf-8")
    try:
        with qtbot.waitSignal(win.chapter_export.failed, timeout=30000):
            win.chapter_export.export_to(str(not_a_folder / "talk.chapters.md"), "markdown")
        assert "Could not write talk.chapters.md" in win.message_bar.label.text()
        assert not_a_folder.read_text(encoding="utf-8").startswith("a file")
    finally:
        _close(qtbot, win, workers)


def test_a_format_that_does_not_fit_is_refused_with_a_message(qtbot, tmp_path, sample_vtt):
    win, workers, session = _open(qtbot, tmp_path, sample_vtt)
    try:
        with qtbot.waitSignal(win.chapter_export.failed, timeout=5000):
            assert win.chapter_export.export_to(str(tmp_path / "x.pdf"), "pdf") is None
        assert "Could not export the chapters" in win.message_bar.label.text()
        assert not (tmp_path / "x.pdf").exists()
    finally:
        _close(qtbot, win, workers)


def test_an_encrypted_pdf_gets_its_layout_chapters_and_an_encrypted_export(qtbot, tmp_path):
    """Opened with its password, a locked PDF is analysed like a plain one (before, layout
    analysis could not reopen it, so it had no overlays and text-only chapters), and its
    export keeps the encryption."""
    import pymupdf

    plain = make_pdf(tmp_path / "plain.pdf", pages=6, chapters=3, with_outline=False)
    locked = tmp_path / "locked.pdf"
    with pymupdf.open(plain) as doc:
        doc.save(str(locked), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="sesame", owner_pw="owner")
    win, workers, session = _open(qtbot, tmp_path, locked, password="sesame")
    try:
        assert [c.title for c in session.chapters] == ["Chapter 1: The Harbour", "Chapter 2: The Ledger",
                                                        "Chapter 3: The Engine"]
        assert sum(len(v) for v in (session.analysis.blocks or {}).values()) > 0
        out = tmp_path / "locked.chapters.pdf"
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.export_to(str(out), "pdf")
        with pymupdf.open(out) as copy:
            assert copy.needs_pass and copy.authenticate("sesame")
            assert [t for _l, t, _p in copy.get_toc()] == [c.title for c in session.chapters]
    finally:
        _close(qtbot, win, workers)


def test_the_save_dialog_offers_the_formats_that_fit_and_remembers_the_choice(qtbot, tmp_path, sample_vtt,
                                                                                monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    win, workers, session = _open(qtbot, tmp_path, sample_vtt)
    asked = []

    def fake_dialog(parent, title, start, filters, selected):  # noqa: ANN001
        asked.append((start, filters.split(";;"), selected))
        youtube = next(f for f in filters.split(";;") if f.startswith("YouTube"))
        return str(tmp_path / "for-youtube"), youtube  # no suffix typed

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    try:
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000) as blocker:
            win.actions_.export_chapters.trigger()
        start, filters, selected = asked[0]
        assert start == str(sample_vtt.parent / "talk.chapters.json") and selected.startswith("Chapters as JSON")
        assert len(filters) == 10 and not any("PDF" in f for f in filters)  # a timed transcript: no outline copy
        assert any(".transcript.srt" in f for f in filters)  # but the transcript itself as subtitles
        out = tmp_path / "for-youtube.youtube.txt"
        assert blocker.args == [str(out)]
        assert out.read_text(encoding="utf-8").startswith("0:00 ")
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.ask()  # the next time, the same format is proposed first
        assert asked[1][2].startswith("YouTube")
    finally:
        _close(qtbot, win, workers)


@pytest.mark.qt_log_ignore("Could not open media")  # the made-up MP3 has no audio for the player
def test_the_recording_is_exported_with_the_chapters_as_the_reader_left_them(qtbot, tmp_path, sample_vtt):
    from explorer.core.exports import formats_for
    from explorer.core.loaders.transcripts.chapters import chapters_from_id3

    (sample_vtt.parent / f"{sample_vtt.stem}.mp3").write_bytes(b"\xff\xfb\x90\x00" * 300)  # its recording
    win, workers, session = _open(qtbot, tmp_path, sample_vtt)
    try:
        assert "mp3" in formats_for(session.document)
        assert win.chapter_editing.rename(0, "Harbour talk")
        out = tmp_path / "out.chapters.mp3"
        with qtbot.waitSignal(win.chapter_export.exported, timeout=30000):
            win.chapter_export.export_to(str(out), "mp3")
        chapters = chapters_from_id3(out.read_bytes())
        assert [c.title for c in chapters][0] == "Harbour talk" and len(chapters) == len(session.chapters)
        with qtbot.waitSignal(win.chapter_export.failed, timeout=5000):  # never over the recording itself
            win.chapter_export.export_to(str(sample_vtt.parent / f"{sample_vtt.stem}.mp3"), "mp3")
        assert "replace the recording" in win.message_bar.label.text()
    finally:
        _close(qtbot, win, workers)
