"""The Strata window: a document (pages or timed text) with side panels.

Composition only: the window wires views, the session and the workers together and
owns no document logic. Opening goes through :class:`DocumentOpener` (pdf lane);
the window keeps the previous document until the new one has loaded, so bad input
changes nothing and shows a non-modal message bar instead of a dialog.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from explorer import APP_NAME
from explorer.core.errors import PasswordRequired, StrataError, WrongPassword
from explorer.ui.opener import DocumentOpener
from explorer.ui.session import DocumentSession
from explorer.ui.views.chapter_panel import ChapterPanel
from explorer.ui.views.jobs_widget import JobsWidget
from explorer.ui.views.message_bar import MessageBar
from explorer.ui.views.page_view import PageView
from explorer.ui.views.transcript_view import TranscriptView
from explorer.ui.views.welcome_view import WelcomeView
from explorer.ui.workers import Workers

log = logging.getLogger(__name__)

FILE_FILTER = (
    "Documents (*.pdf *.vtt *.srt *.json *.txt *.xml *.html *.htm *.docx *.json3 *.ffmetadata);;"
    "PDF (*.pdf);;Transcripts (*.vtt *.srt *.json *.txt *.xml *.html *.docx *.json3);;All files (*)"
)


def describe_error(path: str, exc: BaseException) -> str:
    """One sentence for the message bar: the file's name and what went wrong."""
    name = Path(path).name
    if isinstance(exc, StrataError):
        return f"{name}: {exc}"
    return f"{name} could not be opened ({type(exc).__name__}: {exc})"


class MainWindow(QMainWindow):
    session_changed = Signal(object)  # DocumentSession or None
    document_opened = Signal(object)  # DocumentSession
    open_failed = Signal(str, str)  # path, message

    def __init__(self, workers: Workers, *, log_file: Optional[Path] = None, settings: Optional[QSettings] = None,
                 sample_path: Optional[Path] = None) -> None:
        super().__init__()
        self.workers = workers
        self.settings = settings
        self.sample_path = sample_path
        self.session: Optional[DocumentSession] = None
        self.password_dialog: Optional[QInputDialog] = None
        self.setWindowTitle(APP_NAME)
        self.resize(1200, 850)
        self.setAcceptDrops(True)

        self.opener = DocumentOpener(workers, self)
        self.message_bar = MessageBar(log_file=log_file)
        self.welcome = WelcomeView(sample_available=bool(sample_path and Path(sample_path).is_file()))
        self.page_view = PageView()
        self.transcript_view = TranscriptView()
        self.stack = QStackedWidget()
        for w in (self.welcome, self.page_view, self.transcript_view):
            self.stack.addWidget(w)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.chapter_panel = ChapterPanel()
        self.chapter_dock = QDockWidget("Chapters", self)
        self.chapter_dock.setObjectName("chaptersDock")
        self.chapter_dock.setWidget(self.chapter_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.chapter_dock)

        self.position_label = QLabel()
        self.statusBar().addWidget(self.position_label)
        self.jobs_widget = JobsWidget(workers)
        self.statusBar().addPermanentWidget(self.jobs_widget)

        self._build_actions()
        self._connect()
        self._update_actions()

    # --- construction -------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, menu=None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.open_action = self._action("&Open…", self.show_open_dialog, QKeySequence.StandardKey.Open, self.file_menu)
        self.file_menu.addSeparator()
        self.close_action = self._action("&Close Document", self.close_document, QKeySequence.StandardKey.Close,
                                         self.file_menu)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, self.file_menu)
        self.view_menu = bar.addMenu("&View")
        self.zoom_in_action = self._action("Zoom &In", self.page_view.zoom_in, QKeySequence.StandardKey.ZoomIn,
                                           self.view_menu)
        self.zoom_out_action = self._action("Zoom &Out", self.page_view.zoom_out, QKeySequence.StandardKey.ZoomOut,
                                            self.view_menu)
        self.fit_width_action = self._action("Fit &Width", self.page_view.fit_width, "Ctrl+0", self.view_menu)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.chapter_dock.toggleViewAction())
        self.go_menu = bar.addMenu("&Go")
        self.next_page_action = self._action("&Next Page", self.next_page, QKeySequence.StandardKey.MoveToNextPage,
                                             self.go_menu)
        self.prev_page_action = self._action("&Previous Page", self.previous_page,
                                             QKeySequence.StandardKey.MoveToPreviousPage, self.go_menu)
        self.help_menu = bar.addMenu("&Help")

    def _connect(self) -> None:
        self.opener.session_previewed.connect(self._on_opener_session_previewed)
        self.opener.session_opened.connect(self._on_opener_session_opened)
        self.opener.open_failed.connect(self._on_opener_open_failed)
        self.opener.open_cancelled.connect(self._on_opener_open_cancelled)
        self.welcome.open_requested.connect(self.show_open_dialog)
        self.welcome.sample_requested.connect(self.open_sample)
        self.chapter_panel.entry_activated.connect(self._on_chapter_panel_entry_activated)
        self.page_view.current_page_changed.connect(self._on_page_view_current_page_changed)
        self.page_view.zoom_changed.connect(lambda _z: self._update_position())
        self.transcript_view.current_sentence_changed.connect(self._on_transcript_view_current_sentence_changed)

    # --- opening ------------------------------------------------------------------
    def show_open_dialog(self) -> None:
        start = str(Path(self.session.path).parent) if self.session else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open a document", start, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_sample(self) -> None:
        if self.sample_path is not None:
            self.open_path(str(self.sample_path))

    def open_path(self, path: str, password: Optional[str] = None) -> None:
        """Open ``path`` in the background; the current document stays until it has loaded."""
        log.info("opening %s", path)
        self.message_bar.hide()
        self.opener.open(str(path), password)

    def _on_opener_session_previewed(self, session: DocumentSession) -> None:
        self.page_view.set_session(session, self.workers)
        self.stack.setCurrentWidget(self.page_view)

    def _on_opener_session_opened(self, session: DocumentSession) -> None:
        old = self.session
        if old is not None and old is not session:
            self._dispose(old)
        self.session = session
        doc = session.document
        if doc.kind == "pdf":
            if self.page_view._session is not session:  # noqa: SLF001 - no preview happened
                self.page_view.set_session(session, self.workers)
            self.stack.setCurrentWidget(self.page_view)
        else:
            self.page_view.clear()
            self.transcript_view.set_session(session)
            self.stack.setCurrentWidget(self.transcript_view)
        self.chapter_panel.set_session(session)
        session.chapters_changed.connect(lambda s=session: self._on_session_chapters_changed(s))
        self.setWindowTitle(f"{doc.title or Path(doc.path).name} — {APP_NAME}")
        self.setWindowFilePath(doc.path)
        if doc.warnings:
            self.message_bar.show_message("; ".join(doc.warnings[:3]), level="warning", details=False)
        session.announce_loaded()
        self._update_actions()
        self._update_position()
        self.session_changed.emit(session)
        self.document_opened.emit(session)

    def _on_opener_open_failed(self, path: str, exc: BaseException) -> None:
        self._restore_view()
        if isinstance(exc, (PasswordRequired, WrongPassword)):
            if isinstance(exc, WrongPassword):
                self.message_bar.show_message(describe_error(path, exc), level="warning", details=False)
            self.ask_password(path, wrong=isinstance(exc, WrongPassword))
            return
        message = describe_error(path, exc)
        self.message_bar.show_message(message, level="error")
        self.open_failed.emit(path, message)

    def _on_opener_open_cancelled(self, _path: str) -> None:
        self._restore_view()

    def _restore_view(self) -> None:
        """Show the committed session again (after a failed or cancelled open)."""
        if self.session is None:
            self.page_view.clear()
            self.stack.setCurrentWidget(self.welcome)
        elif self.session.is_pdf and self.page_view._session is not self.session:  # noqa: SLF001
            self.page_view.set_session(self.session, self.workers)
            self.stack.setCurrentWidget(self.page_view)

    def ask_password(self, path: str, wrong: bool = False) -> None:
        """Ask for the PDF's password (window-modal, not blocking the event loop) and retry."""
        dlg = QInputDialog(self)
        dlg.setWindowTitle("Password needed")
        dlg.setLabelText(("Wrong password. " if wrong else "") + f"{Path(path).name} is encrypted. Password:")
        dlg.setTextEchoMode(QLineEdit.EchoMode.Password)
        dlg.setInputMode(QInputDialog.InputMode.TextInput)
        dlg.textValueSelected.connect(lambda text: self.open_path(path, password=text))
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.password_dialog = dlg
        dlg.open()

    def close_document(self) -> None:
        if self.session is not None:
            self._dispose(self.session)
        self.session = None
        self.page_view.clear()
        self.transcript_view.set_session(None)
        self.chapter_panel.set_session(None)
        self.stack.setCurrentWidget(self.welcome)
        self.setWindowTitle(APP_NAME)
        self._update_actions()
        self._update_position()
        self.session_changed.emit(None)

    def _dispose(self, session: DocumentSession) -> None:
        if session.renderer is not None:
            renderer, session.renderer = session.renderer, None
            self.workers.submit("pdf", renderer.close, name="close renderer")
        session.closed.emit()
        session.deleteLater()

    # --- navigation -----------------------------------------------------------------
    def next_page(self) -> None:
        if self.stack.currentWidget() is self.page_view:
            self.page_view.next_page()
        elif self.stack.currentWidget() is self.transcript_view:
            bar = self.transcript_view.verticalScrollBar()
            bar.setValue(bar.value() + bar.pageStep())

    def previous_page(self) -> None:
        if self.stack.currentWidget() is self.page_view:
            self.page_view.previous_page()
        elif self.stack.currentWidget() is self.transcript_view:
            bar = self.transcript_view.verticalScrollBar()
            bar.setValue(bar.value() - bar.pageStep())

    def go_to_sentence(self, sentence: int, rects: bool = False) -> None:
        """Scroll to ``sentence`` (its page and first line, or its transcript row)."""
        session = self.session
        if session is None or not (0 <= sentence < len(session.document.sentences)):
            return
        anchor = session.document.sentences[sentence].anchor
        if session.is_pdf:
            if anchor.page is not None:
                y = anchor.rects[0].y0 if anchor.rects else None
                self.page_view.go_to_page(anchor.page, y)
        else:
            self.transcript_view.scroll_to_sentence(sentence)

    def _on_chapter_panel_entry_activated(self, entry) -> None:  # noqa: ANN001 - ChapterEntry
        session = self.session
        if session is None:
            return
        if session.is_pdf:
            page = entry.page
            if page is None and entry.sentence is not None:
                page = session.sentence_page(entry.sentence)
            if page is not None:
                self.page_view.go_to_page(page, entry.y)
        else:
            row = entry.sentence
            if row is None and entry.time is not None:
                row = session.first_sentence_at_time(entry.time)
            if row is not None:
                self.transcript_view.scroll_to_sentence(row)

    def _on_page_view_current_page_changed(self, page: int) -> None:
        self._update_position()
        session = self.session
        if session is not None and session.chapters and page >= 0:
            sentence = session.first_sentence_on_page(page)
            if sentence is not None:
                self.chapter_panel.set_current_chapter(session.chapter_index_of(sentence))

    def _on_transcript_view_current_sentence_changed(self, row: int) -> None:
        session = self.session
        if session is not None and session.chapters:
            self.chapter_panel.set_current_chapter(session.chapter_index_of(row))
        self._update_position()

    def _on_session_chapters_changed(self, session: DocumentSession) -> None:
        if session is not self.session:
            return
        self.chapter_panel.set_session(session)
        if not session.is_pdf:
            self.transcript_view.transcript_model.set_chapters(session.chapters)

    def _update_position(self) -> None:
        session = self.session
        if session is None:
            self.position_label.setText("")
        elif session.is_pdf:
            page = max(0, self.page_view.current_page())
            n = session.document.page_count
            label = session.document.pages[page].label if page < n else ""
            shown = f"{page + 1}" + (f" ({label})" if label and label != str(page + 1) else "")
            self.position_label.setText(f"Page {shown} of {n}   {round(self.page_view.zoom * 100)}%")
        else:
            from explorer.ui.models.transcript_model import format_time

            doc = session.document
            row = self.transcript_view.top_row()
            t = doc.sentences[row].anchor.start if 0 <= row < len(doc.sentences) else None
            total = format_time(doc.duration) if doc.duration else ""
            self.position_label.setText(f"{format_time(t)} / {total}" if t is not None else total)

    def _update_actions(self) -> None:
        has_pdf = self.session is not None and self.session.is_pdf
        for a in (self.zoom_in_action, self.zoom_out_action, self.fit_width_action):
            a.setEnabled(has_pdf)
        self.close_action.setEnabled(self.session is not None)

    # --- drag and drop ----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    # --- quit -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Cancel background work; the composition root waits for the lanes and flushes."""
        self.opener.cancel()
        self.workers.cancel_all()
        super().closeEvent(event)
