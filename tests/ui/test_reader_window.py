"""The reader window: opening PDFs and transcripts, lazy pages, chapters, bad input."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import make_pdf


def open_and_wait(qtbot, window, path, timeout=20000):  # noqa: ANN001
    with qtbot.waitSignal(window.document_opened, timeout=timeout) as blocker:
        window.open_path(str(path))
    return blocker.args[0]


def test_pdf_opens_with_lazy_pages_and_outline(qtbot, window, sample_pdf):
    session = open_and_wait(qtbot, window, sample_pdf)
    assert session.document.kind == "pdf"
    assert window.stack.currentWidget() is window.page_view
    view = window.page_view
    assert view.page_count == 6
    # pages near the viewport get rendered, far ones stay placeholders
    qtbot.waitUntil(lambda: view.page_item(0).has_image, timeout=10000)
    assert not view.page_item(5).has_image
    # page item contract: local coordinates are PDF points, the pixmap child is scaled by 1/render_scale
    item = view.page_item(0)
    assert item.rect().width() == pytest.approx(595)
    assert item.pixmap_item.scale() == pytest.approx(1.0 / item.render_scale)
    # the outline appears in the side panel and jumps on click
    model = window.chapter_panel.reference_model
    assert model.rowCount() == 3
    idx = model.index(2, 0)
    assert "Chapter 3" in model.data(idx)
    window.chapter_panel.reference_view.clicked.emit(idx)
    qtbot.waitUntil(lambda: view.current_page() == 4, timeout=5000)
    qtbot.waitUntil(lambda: view.page_item(4).has_image, timeout=10000)


def test_zoom_and_page_navigation(qtbot, window, sample_pdf):
    open_and_wait(qtbot, window, sample_pdf)
    view = window.page_view
    qtbot.waitUntil(lambda: view.page_item(0).has_image, timeout=10000)
    fit = view.zoom
    window.zoom_in_action.trigger()
    assert view.zoom == pytest.approx(fit * 1.25)
    assert not view.fits_width
    # a sharper render replaces the old pixmap, which stays visible meanwhile
    qtbot.waitUntil(lambda: abs(view.page_item(view.current_page()).render_scale - view.zoom) < 0.01, timeout=10000)
    window.fit_width_action.trigger()
    assert view.zoom == pytest.approx(fit, rel=0.02)
    window.next_page_action.trigger()
    qtbot.waitUntil(lambda: view.current_page() == 1, timeout=3000)
    window.next_page_action.trigger()
    qtbot.waitUntil(lambda: view.current_page() == 2, timeout=3000)
    window.prev_page_action.trigger()
    qtbot.waitUntil(lambda: view.current_page() == 1, timeout=3000)
    qtbot.waitUntil(lambda: "Page 2 of 6" in window.position_label.text(), timeout=3000)


def test_transcript_opens_as_timed_speaker_text(qtbot, window, sample_vtt):
    pytest.importorskip("explorer.core.loaders.transcripts")
    session = open_and_wait(qtbot, window, sample_vtt)
    assert session.document.kind == "transcript"
    assert window.stack.currentWidget() is window.transcript_view
    model = window.transcript_view.transcript_model
    assert model.rowCount() == len(session.document.sentences) >= 5
    from explorer.ui.models.transcript_model import SpeakerChangedRole, SpeakerRole, TimeRole

    assert model.data(model.index(0), SpeakerRole) == "Alice"
    assert model.data(model.index(0), TimeRole) == pytest.approx(1.0)
    assert model.data(model.index(0), SpeakerChangedRole) is True
    speakers = [model.data(model.index(r), SpeakerRole) for r in range(model.rowCount())]
    assert "Bob" in speakers


@pytest.mark.parametrize("content", [b"", b"\xff\xd8\xff\xe0 not really a jpeg", b"%PDF-1.7\n garbage garbage"])
def test_bad_input_shows_bar_and_changes_nothing(qtbot, window, sample_pdf, tmp_path, content):
    session = open_and_wait(qtbot, window, sample_pdf)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with qtbot.waitSignal(window.open_failed, timeout=20000) as blocker:
        window.open_path(str(bad))
    assert blocker.args[0] == str(bad)
    assert window.message_bar.isVisible()
    assert "bad.pdf" in window.message_bar.text
    assert window.session is session  # the previous document is still open
    assert window.page_view.page_count == 6
    qtbot.waitUntil(lambda: window.page_view.page_item(0).has_image, timeout=10000)


def test_bad_input_on_empty_window_keeps_welcome(qtbot, window, tmp_path):
    bad = tmp_path / "junk.pdf"
    bad.write_bytes(bytes(range(256)) * 10)
    with qtbot.waitSignal(window.open_failed, timeout=20000):
        window.open_path(str(bad))
    assert window.session is None
    assert window.stack.currentWidget() is window.welcome
    assert window.message_bar.isVisible()


def test_encrypted_pdf_asks_for_password(qtbot, window, tmp_path):
    import pymupdf

    plain = make_pdf(tmp_path / "plain.pdf", pages=2, chapters=1)
    locked = tmp_path / "locked.pdf"
    doc = pymupdf.open(plain)
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="sesame")
    doc.close()
    window.open_path(str(locked))
    qtbot.waitUntil(lambda: window.password_dialog is not None and window.password_dialog.isVisible(), timeout=20000)
    # a wrong password says so and asks again
    window.password_dialog.setTextValue("nope")
    window.password_dialog.accept()
    qtbot.waitUntil(lambda: "password" in window.message_bar.text.lower(), timeout=20000)
    qtbot.waitUntil(lambda: window.password_dialog is not None and window.password_dialog.isVisible()
                    and "Wrong" in window.password_dialog.labelText(), timeout=20000)
    with qtbot.waitSignal(window.document_opened, timeout=20000):
        window.password_dialog.setTextValue("sesame")
        window.password_dialog.accept()
    assert window.page_view.page_count == 2


def test_drop_opens_file(qtbot, window, sample_pdf):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_pdf))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.document_opened, timeout=20000):
        window.dropEvent(event)
    assert window.session.document.path == str(sample_pdf)


def test_first_start_fills_most_of_the_screen_with_readable_side_panels(qtbot, tmp_path, workers):
    """Without saved geometry the window takes most of the screen and each side panel a
    quarter of it (Qt's own default left chapter titles about 110 px); after that the
    user's own geometry is restored, not the first-start one."""
    from PySide6.QtCore import QRect, QSettings

    from explorer.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(workers, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win._first_start_geometry(QRect(0, 0, 1600, 1000))  # the offscreen screen is too small for the docks' minimum
    assert (win.width(), win.height()) == (1360, 850)
    qtbot.waitUntil(lambda: abs(win.chapter_dock.width() - 340) <= 8, timeout=5000)
    assert abs(win.search_dock.width() - 340) <= 8
    title_column = win.chapter_panel.generated_view.header().sectionSize(0)
    assert title_column >= win.fontMetrics().horizontalAdvance("Seed of human consciousness")
    win.resize(1100, 640)
    win.close()
    again = MainWindow(workers, settings=settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.height() == 640  # the width is clamped to the small offscreen screen
    again.close()


def test_go_to_a_printed_page_label_a_page_number_or_a_time(qtbot, window, tmp_path, sample_vtt):
    import pymupdf

    path = make_pdf(tmp_path / "labelled.pdf")
    with pymupdf.open(path) as doc:  # two roman front pages, then the body from 1
        doc.set_page_labels([{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
                             {"startpage": 2, "prefix": "", "style": "D", "firstpagenum": 1}])
        doc.saveIncr()
    open_and_wait(qtbot, window, path)
    view = window.page_view
    assert window.actions_.go_to.isEnabled() and window.actions_.go_to.text() == "&Go to Page…"
    window.actions_.go_to.trigger()  # Ctrl+G: a prompt, then the page printed "1"
    qtbot.waitUntil(lambda: window.go_to_dialog is not None and window.go_to_dialog.isVisible(), timeout=5000)
    window.go_to_dialog.setTextValue("1")
    window.go_to_dialog.accept()
    qtbot.waitUntil(lambda: view.current_page() == 2, timeout=3000)
    assert window.go_to_text("#5")  # "#": counted from the first page
    qtbot.waitUntil(lambda: view.current_page() == 4, timeout=3000)
    assert not window.go_to_text("xiv")  # no such page: a message, no move
    assert window.message_bar.isVisible() and "no page “xiv”" in window.message_bar.text
    assert view.current_page() == 4
    window.go_back()  # a jump is a step of the history
    qtbot.waitUntil(lambda: view.current_page() == 2, timeout=3000)

    session = open_and_wait(qtbot, window, sample_vtt)
    assert window.actions_.go_to.text() == "&Go to Time…"
    assert window.go_to_text("0:13")  # Bob, 12.5 s to 16 s
    assert session.document.sentences[window.transcript_view.currentIndex().row()].text.startswith("And harbours")
    assert not window.go_to_text("soon") and window.message_bar.isVisible()


def test_an_epub_opens_as_pages_drawn_in_the_page_view(qtbot, window, tmp_path):
    """The page lane draws an e-book from the PDF made from it; before, it treated the book
    as text and left every page a grey placeholder."""
    from tests.core.test_epub import make_epub

    book = make_epub(tmp_path / "book.epub", chapters=3, paragraphs=20)
    session = open_and_wait(qtbot, window, book)
    assert session.is_pdf and session.document.format == "epub"
    assert window.stack.currentWidget() is window.page_view
    assert window.page_view.page_count == len(session.document.pages) > 2
    qtbot.waitUntil(lambda: window.page_view.page_item(0).has_image, timeout=10000)


def test_pages_zoom_while_the_document_still_loads(qtbot, window, sample_pdf, monkeypatch):
    """A long scan shows its pages while Tesseract reads them: they can be zoomed meanwhile,
    and the zoom stays when the text arrives."""
    import threading

    import explorer.ui.opener as opener

    release = threading.Event()
    real_load = opener.load

    def slow_load(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        release.wait(20)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(opener, "load", slow_load)
    with qtbot.waitSignal(window.opener.session_previewed, timeout=10000):
        window.open_path(str(sample_pdf))
    view = window.page_view
    assert window.session is None  # still loading
    assert window.zoom_in_action.isEnabled()
    assert "Page 1 of 6" in window.position_label.text()
    fit = view.zoom
    window.zoom_in_action.trigger()
    assert view.zoom == pytest.approx(fit * 1.25)
    assert window.actions_.go_to.isEnabled() and window.go_to_text("4")  # Go to Page too
    qtbot.waitUntil(lambda: view.current_page() == 3, timeout=3000)
    with qtbot.waitSignal(window.document_opened, timeout=20000):
        release.set()
    assert view.zoom == pytest.approx(fit * 1.25)
    assert window.zoom_in_action.isEnabled()


def test_a_page_chosen_while_loading_is_not_undone_by_the_saved_place(qtbot, tmp_path, sample_pdf, monkeypatch):
    import threading

    from PySide6.QtCore import QSettings

    import explorer.ui.opener as opener
    from explorer.ui.main_window import MainWindow
    from explorer.ui.workers import Workers

    workers = Workers()
    win = MainWindow(workers, analyse=False, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1000, 800)
    win.show()
    try:
        with qtbot.waitSignal(win.document_opened, timeout=20000):
            win.open_path(str(sample_pdf))
        win.go_to_text("5")
        qtbot.waitUntil(lambda: win.page_view.current_page() == 4, timeout=3000)
        win.close_document()  # the place (page 5) is saved

        release = threading.Event()
        real_load = opener.load
        monkeypatch.setattr(opener, "load", lambda *a, **k: (release.wait(20), real_load(*a, **k))[1])
        with qtbot.waitSignal(win.opener.session_previewed, timeout=10000):
            win.open_path(str(sample_pdf))
        assert win.go_to_text("2")  # the reader moves on while the text loads
        qtbot.waitUntil(lambda: win.page_view.current_page() == 1, timeout=3000)
        with qtbot.waitSignal(win.document_opened, timeout=20000):
            release.set()
        qtbot.wait(100)
        assert win.page_view.current_page() == 1
    finally:
        win.close()
        workers.shutdown(timeout=10)


def test_zoom_makes_a_transcripts_text_larger_and_is_kept(qtbot, workers, tmp_path):
    """View > Zoom In on a transcript: larger text (longer rows), the row read stays on top,
    the status bar says the size, and the next window starts at it."""
    from PySide6.QtCore import QSettings

    from explorer.ui.main_window import MainWindow
    from tests.ui.conftest import write_vtt

    talk = write_vtt(tmp_path / "talk.vtt", [f"<v Ann>Sentence {i} about the harbour and its ships." for i in range(80)])
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(workers, settings=settings, analyse=False)
    qtbot.addWidget(win)
    win.resize(900, 700)
    win.show()
    with qtbot.waitSignal(win.document_opened, timeout=30000):
        win.open_path(str(talk))
    view = win.transcript_view
    assert win.zoom_in_action.isEnabled() and not win.fit_width_action.isEnabled()
    view.scroll_to_sentence(30)
    qtbot.waitUntil(lambda: view.top_row() == 30, timeout=3000)
    height = view.visualRect(view.transcript_model.index(30)).height()
    win.zoom_in_action.trigger()
    win.zoom_in_action.trigger()
    assert view.text_scale == pytest.approx(1.3)
    qtbot.waitUntil(lambda: view.visualRect(view.transcript_model.index(30)).height() > height, timeout=3000)
    assert view.top_row() == 30
    assert win.position_label.text().endswith("130%")
    win.close()
    again = MainWindow(workers, settings=settings, analyse=False)
    qtbot.addWidget(again)
    assert again.transcript_view.text_scale == pytest.approx(1.3)
    again.zoom_out_action.trigger()  # no document: nothing happens, nothing breaks
    again.close()
