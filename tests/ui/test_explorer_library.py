"""Library, folder import, recent files and reopening where the reader left off."""
from __future__ import annotations

import pytest

from explorer.ui.models.library_model import STATE_COLUMN as STATE
from tests.ui.conftest import VTT, make_pdf


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, workers, settings, **kw):  # noqa: ANN001
    from explorer.ui.main_window import MainWindow

    win = MainWindow(workers, settings=settings, **kw)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_reopen_where_the_reader_left_off(qtbot, workers, settings, tmp_path, fake_pipeline):
    pdf = make_pdf(tmp_path / "long.pdf", pages=8, chapters=4)
    win = make_window(qtbot, workers, settings, analyse=False)
    with qtbot.waitSignal(win.document_opened, timeout=30000):
        win.open_path(str(pdf))
    win.page_view.set_zoom(1.5)
    win.page_view.go_to_page(5)
    qtbot.waitUntil(lambda: win.page_view.current_page() == 5, timeout=5000)
    win.close()  # saves window state, position and recent files
    assert settings.value("recent/files") == [str(pdf)] or settings.value("recent/files") == str(pdf)

    win2 = make_window(qtbot, workers, settings, analyse=False)
    assert [a.text() for a in win2.actions_.recent_menu.actions()] == ["long.pdf"]
    with qtbot.waitSignal(win2.document_opened, timeout=30000):
        win2.actions_.recent_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: win2.page_view.current_page() == 5, timeout=5000)
    assert win2.page_view.zoom == pytest.approx(1.5)
    win2.close()


def test_import_folder_recursively_fills_the_library(qtbot, workers, settings, tmp_path, fake_pipeline):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    make_pdf(folder / "a.pdf", pages=3, chapters=1)
    (folder / "sub" / "talk.vtt").write_text(VTT, encoding="utf-8")
    (folder / "sub" / "broken.pdf").write_bytes(b"%PDF-1.4 nothing here")
    (folder / "notes.bin").write_bytes(b"\x00\x01")  # not a supported suffix: ignored
    win = make_window(qtbot, workers, settings)
    with qtbot.waitSignal(win.library_refreshed, timeout=30000):
        pass  # the first (empty) refresh
    job = win.import_folder(str(folder))
    assert sorted(p.split("/")[-1] for p in job.files) == ["a.pdf", "broken.pdf", "talk.vtt"]
    assert any(row.handle is job.handle for row in win.jobs_widget.rows())  # progress + cancel in the status bar
    with qtbot.waitSignal(job.finished, timeout=120000) as blocker:
        pass
    imported, failures = blocker.args
    assert imported == 2
    assert [f[0].split("/")[-1] for f in failures] == ["broken.pdf"]
    qtbot.waitUntil(lambda: win.library_panel.model.rowCount() == 2, timeout=30000)
    kinds = sorted(win.library_panel.model.data(win.library_panel.model.index(r, 1)) for r in range(2))
    assert kinds == ["PDF", "Transcript"]
    assert "failed" in win.message_bar.text and "broken.pdf" in win.message_bar.text
    # remove one document
    doc_id = win.library_panel.model.document(0)["id"]
    with qtbot.waitSignal(win.library_refreshed, timeout=30000):
        win.remove_from_library(doc_id)
    qtbot.waitUntil(lambda: win.library_panel.model.rowCount() == 1, timeout=30000)
    win.close()


def test_documents_of_another_model_are_reembedded_at_start_up(qtbot, workers, settings, tmp_path, monkeypatch):
    """After the user picks another embedding model in Settings, the documents the old one
    indexed are re-embedded in the background when the window starts: until then search
    by meaning would not see them."""
    from explorer.core.embedding import HashingEmbedder
    from explorer.core.index import Library
    from explorer.core.search import search
    from explorer.ui import analysis

    from tests.core.test_index_fixtures import pdf_doc

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    monkeypatch.setattr("explorer.core.embedding._default", None)
    analysis.reset_libraries()
    old = HashingEmbedder()
    old.model_id = "the-model-before"  # same size as the new one
    doc, chapters = pdf_doc()
    Library(embedder=old).ingest(doc, chapters)
    assert Library(embedder=HashingEmbedder()).stale_documents(models_only=True) == [doc.id]
    win = make_window(qtbot, workers, settings, analyse=False)
    with qtbot.waitSignal(win.library_reembedded, timeout=30000) as blocker:
        pass
    assert blocker.args == [1]
    assert "Re-embedded 1 document" in win.message_bar.label.text()
    lib = Library(embedder=HashingEmbedder())
    assert lib.stale_documents(models_only=True) == []
    assert search(lib, "symphony violins conductor", mode="vector", k=3)[0].chapter_title == "All about the orchestra"
    win.close()
    analysis.reset_libraries()


def test_the_start_view_lists_recent_documents_and_opens_one(qtbot, workers, settings, tmp_path, fake_pipeline):
    pdf = make_pdf(tmp_path / "report.pdf", pages=3, chapters=1)
    gone = tmp_path / "gone.pdf"
    settings.setValue("recent/files", [str(pdf), str(gone)])
    win = make_window(qtbot, workers, settings, analyse=False)
    assert win.stack.currentWidget() is win.welcome
    buttons = win.welcome.recent_buttons
    assert [b.text() for b in buttons] == ["report.pdf", "gone.pdf (moved or deleted)"]
    assert buttons[0].isEnabled() and not buttons[1].isEnabled()
    win.welcome.set_titles({str(pdf): "Annual Report of the Harbour Board"})  # as the library says
    assert [b.text() for b in win.welcome.recent_buttons][0] == "Annual Report of the Harbour Board \u2014 report.pdf"
    with qtbot.waitSignal(win.document_opened, timeout=30000):
        win.welcome.recent_buttons[0].click()
    assert win.session is not None and win.session.path == str(pdf)
    win.close()


def test_dropping_several_files_opens_the_first_and_imports_the_rest(qtbot, workers, settings, tmp_path, fake_pipeline):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    first = make_pdf(tmp_path / "first.pdf", pages=2, chapters=1)
    second = make_pdf(tmp_path / "second.pdf", pages=2, chapters=1)
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "talk.vtt").write_text(VTT, encoding="utf-8")
    win = make_window(qtbot, workers, settings)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (first, second, folder)])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(win.document_opened, timeout=30000):
        win.dropEvent(event)
    assert win.session.document.path == str(first)
    job = win.folder_import
    assert sorted(p.split("/")[-1] for p in job.files) == ["second.pdf", "talk.vtt"]
    with qtbot.waitSignal(job.finished, timeout=120000) as blocker:
        pass
    assert blocker.args[0] == 2
    qtbot.waitUntil(lambda: win.library_panel.model.rowCount() == 3, timeout=60000)
    win.close()


def test_a_library_file_edited_while_closed_is_marked_and_updated(qtbot, workers, settings, tmp_path, fake_pipeline):
    """A transcript fixed in an editor while Strata was closed: the library says so (search
    still finds its old text), and Update indexes the new version in place of the old."""
    talk = tmp_path / "talk.vtt"
    talk.write_text(VTT, encoding="utf-8")
    win = make_window(qtbot, workers, settings)
    job = win.import_folder([str(talk)])
    with qtbot.waitSignal(job.finished, timeout=120000):
        pass
    qtbot.waitUntil(lambda: win.library_panel.model.rowCount() == 1, timeout=30000)
    first_id = win.library_panel.model.document(0)["id"]
    win.close()

    talk.write_text(VTT.replace("WEBVTT\n", "WEBVTT\n\n00:00:00.000 --> 00:00:00.500\nA line added later.\n", 1),
                    encoding="utf-8")
    win = make_window(qtbot, workers, settings)
    model = win.library_panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.data(model.index(0, STATE)) == "changed on disk", timeout=30000)
    assert win.library_panel.update_button.isVisible()
    assert "talk.vtt changed on disk" in win.message_bar.text and win.message_bar.action_text == "Update"
    win.message_bar.trigger_action()
    with qtbot.waitSignal(win.folder_import.finished, timeout=120000) as blocker:
        pass
    assert blocker.args[0] == 1
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.document(0)["id"] != first_id, timeout=30000)
    assert model.data(model.index(0, STATE)) == "indexed" and not win.library_panel.update_button.isVisible()
    win.close()


def test_a_folder_imported_again_loads_only_what_changed(tmp_path, monkeypatch, fake_pipeline):
    from explorer.ui import analysis

    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "a.vtt").write_text(VTT, encoding="utf-8")
    (folder / "b.vtt").write_text(VTT.replace("rivers", "mountains"), encoding="utf-8")
    files = [str(p) for p in analysis.find_documents(str(folder))]
    assert analysis.import_files(files, 0) == (2, [])
    loaded: list = []
    real = analysis.import_file
    monkeypatch.setattr(analysis, "import_file", lambda p, *a, **kw: loaded.append(p) or real(p, *a, **kw))
    assert analysis.import_files(files, 0) == (2, [])
    assert loaded == []  # both in the library as they are on disk
    (folder / "b.vtt").write_text(VTT.replace("rivers", "glaciers"), encoding="utf-8")
    assert analysis.import_files(files, 0) == (2, [])
    assert loaded == [str(folder / "b.vtt")]
    assert len(analysis.lane_library("index").documents()) == 2  # b's older version left


def _rows(n: int = 6) -> list[dict]:
    rows = [{"id": f"t{i}", "title": "tinyrec_9f7dc219", "kind": "transcript", "duration": 873.0,
             "path": f"/talks/tinyrec_9f7dc219.{ext}", "indexed_at": "2026-12-01T10:00:00", "chunks": 26}
            for i, ext in enumerate(("srt", "zoom.vtt", "teams.vtt", "otter.txt"))]
    rows.append({"id": "p", "title": "Dense Passage Retrieval for Open-Domain Question Answering", "kind": "pdf",
                 "pages": 13, "path": "/papers/dpr.pdf", "indexed_at": "2026-12-01T10:00:00", "chunks": 80})
    rows.append({"id": "q", "title": "Dense Passage Retrieval for Open-Domain Question Answering", "kind": "pdf",
                 "pages": 13, "path": "/old/dpr.pdf", "indexed_at": "2026-11-30T10:00:00", "chunks": 80})
    return rows[:n]


def test_a_narrow_library_keeps_its_titles_readable(qtbot):
    """In a 290-pixel dock the kind, size, date and state columns took the whole width and
    every title read "tin…". A narrow panel hides the date, then the kind, then the size
    (its rows' tooltips still say them); a wide one shows them all."""
    from PySide6.QtCore import Qt

    from explorer.ui.views.library_panel import LibraryPanel

    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(290, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_documents(_rows())
    view = panel.view
    qtbot.waitUntil(lambda: view.columnWidth(0) >= 0.5 * view.viewport().width() - 2, timeout=3000)
    assert view.isColumnHidden(4)  # the date goes first
    tip = panel.proxy.data(panel.proxy.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Transcript · 14:33 · added 2026-12-01" in tip
    panel.resize(900, 500)
    qtbot.waitUntil(lambda: not any(view.isColumnHidden(c) for c in (1, 2, 4)), timeout=3000)


def test_documents_sharing_a_title_are_told_apart_by_their_files():
    from PySide6.QtCore import Qt

    from explorer.ui.models.library_model import LibraryModel

    model = LibraryModel()
    model.set_documents(_rows() + [{"id": "u", "title": "Unique report", "kind": "pdf", "pages": 2,
                                    "path": "/r/unique.pdf"}])
    titles = [model.data(model.index(r, 0), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    assert titles[:2] == ["tinyrec_9f7dc219.srt", "tinyrec_9f7dc219.zoom.vtt"]  # a title from the file's name
    assert titles[4:] == ["Dense Passage Retrieval for Open-Domain Question Answering — papers/dpr.pdf",
                          "Dense Passage Retrieval for Open-Domain Question Answering — old/dpr.pdf",
                          "Unique report"]  # one file name in two folders: its folder too


def test_a_folder_import_finds_notes_and_web_pages(tmp_path):
    from explorer.ui import analysis

    for name in ("notes.md", "README.markdown", "page.html", "talk.vtt", "photo.png", ".hidden.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = sorted(p.name for p in analysis.find_documents(str(tmp_path)))
    assert found == ["README.markdown", "notes.md", "page.html", "talk.vtt"]


def test_the_library_names_what_kind_of_document_a_text_file_is():
    """A Word report, a web page and Markdown notes load as text, as transcripts do: the
    library called them all 'Transcript'."""
    from explorer.core.doc_names import row_kind as kind  # what the library model shows in its Kind column
    assert kind({"kind": "pdf", "format": "pdf"}) == "PDF" and kind({"kind": "pdf", "format": "epub"}) == "E-book"
    assert kind({"kind": "transcript", "format": "vtt", "duration": 61.0}) == "Transcript"
    assert kind({"kind": "transcript", "format": "docx", "duration": 300.0}) == "Transcript"  # an Otter export
    assert kind({"kind": "transcript", "format": "docx", "duration": None}) == "Word document"
    assert kind({"kind": "transcript", "format": "html"}) == "Web page"
    assert kind({"kind": "transcript", "format": "odt"}) == "OpenDocument text"
    assert kind({"kind": "transcript", "format": "markdown"}) == "Markdown"
    assert kind({"kind": "transcript", "format": "speaker-text"}) == "Transcript"
