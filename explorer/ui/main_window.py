"""The Strata window: a document (pages or timed text) with chapters, library,
search and plot panels.

Composition only: the window wires views, the session and the workers together and
owns no document logic. Opening goes through :class:`DocumentOpener` (pdf lane);
the window keeps the previous document until the new one has loaded, so bad input
changes nothing and shows a non-modal message bar instead of a dialog. Analysis and
indexing run through :class:`AnalysisController`; search through the "search" lane.
"""
from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget, QFileDialog, QInputDialog, QLabel, QLineEdit, QMainWindow, QStackedWidget, QVBoxLayout, QWidget,
)

from explorer import APP_NAME
from explorer.core.errors import PasswordRequired, StrataError, WrongPassword
from explorer.core.model import Hit
from explorer.ui.copy_text import copy_rows
from explorer.ui.actions import build_actions
from explorer.ui.analysis import AnalysisController, FolderImport
from explorer.ui.file_watch import DocumentFileWatcher
from explorer.ui.history import Location, NavigationHistory
from explorer.ui.opener import DocumentOpener
from explorer.ui.script_fonts import ensure_glyphs_for
from explorer.ui.session import DocumentSession
from explorer.ui.views.chapter_overlay import ChapterOverlay
from explorer.ui.views.chapter_panel import ChapterPanel
from explorer.ui.views.jobs_widget import JobsWidget
from explorer.ui.views.library_panel import LibraryPanel
from explorer.ui.notes import NotesController, NotesPanel
from explorer.ui.views.find_bar import FindBar
from explorer.ui.views.message_bar import MessageBar
from explorer.ui.views.page_view import PageView
from explorer.ui.views.search_panel import SearchPanel
from explorer.ui.views.transcript_view import TranscriptView
from explorer.ui.views.welcome_view import WelcomeView
from explorer.ui.workers import Workers
from explorer.ui.window_library import LibrarySearchMixin
from explorer.ui.window_navigation import NavigationMixin
from explorer.ui.window_state import WindowStateMixin

log = logging.getLogger(__name__)

FILE_FILTER = (
    "Documents (*.pdf *.epub *.vtt *.srt *.json *.txt *.xml *.html *.htm *.md *.markdown *.docx *.odt *.rtf *.pptx *.odp "
    "*.json3 *.sbv *.ttml *.dfxp *.eaf *.TextGrid *.textgrid *.cha *.ass *.ssa *.smi *.sami *.csv *.tsv);;"
    "PDF (*.pdf);;E-books (*.epub);;"
    "Word, web pages and notes (*.docx *.odt *.rtf *.pptx *.odp *.html *.htm *.md *.markdown *.txt);;"
    "Transcripts (*.vtt *.srt *.json *.txt *.xml *.html *.docx *.rtf *.json3 *.sbv *.ttml "
    "*.dfxp *.eaf *.TextGrid *.textgrid *.cha *.ass *.ssa *.smi *.sami *.csv *.tsv);;"
    "Recordings, opened with their transcript (*.mp3 *.m4a *.wav *.flac *.ogg *.opus *.mp4 *.webm *.mkv *.mov);;"
    "All files (*)"
)


def describe_error(path: str, exc: BaseException) -> str:
    """One sentence for the message bar: the file's name and what went wrong."""
    name = Path(path).name
    if isinstance(exc, StrataError):
        return f"{name}: {exc}"
    return f"{name} could not be opened ({type(exc).__name__}: {exc})"


class MainWindow(WindowStateMixin, LibrarySearchMixin, NavigationMixin, QMainWindow):
    session_changed = Signal(object)  # DocumentSession or None
    document_opened = Signal(object)  # DocumentSession
    open_failed = Signal(str, str)  # path, message
    hit_shown = Signal(object)  # Hit, once scrolled to and highlighted
    library_refreshed = Signal()
    library_files_checked = Signal()  # the library's files were hashed (changed ones are marked)
    library_reembedded = Signal(int)  # documents of another model re-embedded at start-up

    def __init__(self, workers: Workers, *, log_file: Optional[Path] = None, settings: Optional[QSettings] = None,
                 sample_path: Optional[Path] = None, analyse: bool = True) -> None:
        super().__init__()
        self.workers = workers
        self.settings = settings
        self.sample_path = sample_path
        self.session: Optional[DocumentSession] = None
        self.password_dialog: Optional[QInputDialog] = None
        self.go_to_dialog: Optional[QInputDialog] = None
        self.folder_import: Optional[FolderImport] = None
        self._pending_blocks: dict = {}
        self._pending_hit: Optional[Hit] = None
        self._reload_place: Optional[Location] = None  # where the reader was when File > Reload ran
        # the open file rewritten by an editor, or deleted: said in the message bar
        self.file_watcher = DocumentFileWatcher(self)
        self.file_watcher.changed.connect(self._on_document_file_changed)
        self.file_watcher.removed.connect(self._on_document_file_removed)
        self.shown_hit_rows: tuple[str, tuple[int, ...]] = ("", ())  # (doc id, rows) last highlighted: Ctrl+C copies them
        self._phrase_token: Optional[object] = None  # the Find match whose phrase the pdf lane is placing
        self._suggested_e5: set[str] = set()  # documents told of the multilingual model
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 860)
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.opener = DocumentOpener(workers, self)
        self.analysis = AnalysisController(workers, self)
        self.analysis.index_enabled = analyse
        self._analyse = analyse
        self.history = NavigationHistory(parent=self)
        self._jump_target: Optional[tuple[str, int]] = None  # (document id, sentence): NavigationMixin.mark_jump_target
        self.message_bar = MessageBar(log_file=log_file)
        self.welcome = WelcomeView(sample_available=bool(sample_path and Path(sample_path).is_file()))
        self.page_view = PageView()
        self.chapter_overlay = ChapterOverlay(self.page_view)
        try:
            from explorer.ui.views.layout_overlay import LayoutLegend
            from explorer.ui.views.layout_overlay_live import LiveLayoutOverlays

            self.live_layout = LiveLayoutOverlays(self.page_view, workers, self)
            self.layout_legend = LayoutLegend()
        except ImportError:  # layout overlays not available in this build
            self.live_layout = None
            self.layout_legend = None
        self.transcript_view = TranscriptView()
        self.stack = QStackedWidget()
        for w in (self.welcome, self.page_view, self.transcript_view):
            self.stack.addWidget(w)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        self.find_bar = FindBar()  # Ctrl+F: find a phrase in this document
        layout.addWidget(self.find_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.chapter_panel = ChapterPanel()
        self.library_panel = LibraryPanel()
        self.notes_panel = NotesPanel()
        self.search_panel = SearchPanel()
        self.plot_panel = None  # created when the first chapters are shown
        self._plots_warming = False
        self._heavy_imports_started = False
        self._plots_due = False
        self.plot_holder = QWidget()
        QVBoxLayout(self.plot_holder).setContentsMargins(0, 0, 0, 0)
        self.plot_holder.layout().addWidget(QLabel("Plots appear when the analysis has finished."))
        self.chapter_dock = self._dock("Chapters", "chaptersDock", self.chapter_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.library_dock = self._dock("Library", "libraryDock", self.library_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.search_dock = self._dock("Search", "searchDock", self.search_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.plot_dock = self._dock("Plots", "plotsDock", self.plot_holder, Qt.DockWidgetArea.RightDockWidgetArea)
        self.layout_dock = None
        if self.layout_legend is not None:
            self.layout_dock = self._dock("Layout", "layoutDock", self.layout_legend, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.notes_dock = self._dock("Notes", "notesDock", self.notes_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.chapter_dock, self.library_dock)
        if self.layout_dock is not None:
            self.tabifyDockWidget(self.chapter_dock, self.layout_dock)
        self.tabifyDockWidget(self.chapter_dock, self.notes_dock)
        self.chapter_dock.raise_()
        self.splitDockWidget(self.search_dock, self.plot_dock, Qt.Orientation.Vertical)
        # plots get the larger share (three plots with titles); the search results list scrolls
        self.resizeDocks([self.search_dock, self.plot_dock], [330, 470], Qt.Orientation.Vertical)
        self.resizeDocks([self.search_dock], [440], Qt.Orientation.Horizontal)

        self.position_label = QLabel()
        self.statusBar().addWidget(self.position_label)
        self.jobs_widget = JobsWidget(workers)
        self.statusBar().addPermanentWidget(self.jobs_widget)

        self.actions_ = build_actions(self)
        for dock in (self.chapter_dock, self.library_dock, self.layout_dock, self.notes_dock, self.search_dock,
                     self.plot_dock):
            if dock is not None:
                self.actions_.docks_menu.addAction(dock.toggleViewAction())
        # phase-1 names kept for callers and tests
        self.zoom_in_action, self.zoom_out_action = self.actions_.zoom_in, self.actions_.zoom_out
        self.fit_width_action, self.close_action = self.actions_.fit_width, self.actions_.close
        self.next_page_action, self.prev_page_action = self.actions_.next_page, self.actions_.prev_page
        self._connect()
        from explorer.ui.chapter_editing import ChapterEditing
        from explorer.ui.chapter_export import ChapterExport

        self.chapter_export = ChapterExport(self)  # File > Export Chapters…
        self.chapter_editing = ChapterEditing(self)  # move/split/merge/rename chapters, undo, autosave
        self.notes = NotesController(self, self.notes_panel)  # the analyst's notes on passages
        from explorer.ui.media_playback import MediaPlayback

        self.media = MediaPlayback(self)  # a transcript's recording, played beside its text
        self._apply_settings()
        if self.settings is not None:
            auto = str(self.settings.value("files/auto_reload", False)).lower() in ("true", "1")
            self.actions_.auto_reload.setChecked(auto)
            try:
                self.transcript_view.set_text_scale(float(self.settings.value("transcript/text_scale", 1.0)))
            except (TypeError, ValueError):
                pass  # a damaged setting: the default size
        self._restore_window_state()
        self._rebuild_recent_menu()
        self._update_actions()
        QTimer.singleShot(1500, self.refresh_library)  # after page 1 of a FILE argument: lancedb is slow to import

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        self.opener.session_previewed.connect(self._on_opener_session_previewed)
        self.opener.session_opened.connect(self._on_opener_session_opened)
        self.opener.open_failed.connect(self._on_opener_open_failed)
        self.opener.open_cancelled.connect(self._on_opener_open_cancelled)
        self.analysis.analysis_finished.connect(self._on_analysis_finished)
        self.analysis.library_changed.connect(self.refresh_library)
        self.analysis.indexing_finished.connect(self._on_indexing_finished)
        self.analysis.failed.connect(lambda message: self.message_bar.show_message(message, level="error"))
        self.welcome.open_requested.connect(self.show_open_dialog)
        self.welcome.import_folder_requested.connect(self.show_import_folder_dialog)
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.recent_requested.connect(self.open_path)
        self.chapter_panel.entry_activated.connect(self._on_chapter_panel_entry_activated)
        self.library_panel.open_requested.connect(self.open_path)
        self.library_panel.import_folder_requested.connect(self.show_import_folder_dialog)
        self.library_panel.import_file_requested.connect(self.show_open_dialog)
        self.library_panel.remove_requested.connect(self.remove_from_library)
        self.library_panel.update_requested.connect(self.update_changed_documents)
        self.search_panel.search_requested.connect(self._on_search_panel_search_requested)
        self.session_changed.connect(lambda s: self.search_panel.set_speakers(
            s.document.speakers if s is not None and not s.is_pdf else []))
        self.session_changed.connect(lambda s: self.search_panel.set_document_open(s is not None))
        self.search_panel.query_edit.textEdited.connect(lambda _text: self.warm_search())
        self.search_panel.hit_activated.connect(self.activate_hit)
        self.search_panel.results_shown.connect(self._on_search_results_shown)
        self.page_view.current_page_changed.connect(self._on_page_view_current_page_changed)
        self.page_view.zoom_changed.connect(self._on_page_view_zoom_changed)
        self.page_view.view_changed.connect(self._on_page_view_view_changed)
        self.transcript_view.current_sentence_changed.connect(self._on_transcript_view_current_sentence_changed)
        self.transcript_view.copy_requested.connect(self._on_transcript_view_copy_requested)
        self.transcript_view.text_scale_changed.connect(self._on_transcript_text_scale_changed)
        self.page_view.copy_requested.connect(self._on_page_view_copy_requested)
        self.page_view.link_activated.connect(self._on_page_view_link_activated)
        self.find_bar.match_requested.connect(self._on_find_bar_match_requested)
        self.history.changed.connect(self._update_actions)
        if self.layout_legend is not None:
            self.layout_legend.visible_classes_changed.connect(self._on_layout_legend_visible_classes_changed)
            self.layout_legend.show_order_changed.connect(self.live_layout.set_show_order)

    # --- opening ------------------------------------------------------------------------
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
        path = os.path.abspath(os.fspath(path))  # a FILE argument given relative: recents and the library reopen it
        from explorer.core.media import is_media

        if is_media(path) and os.path.isfile(path):  # a recording: its transcript opens, and plays it
            self.media.open_recording(path)
            return
        log.info("opening %s", path)
        self.message_bar.hide()
        self.opener.open(path, password)

    def _on_opener_session_previewed(self, session: DocumentSession) -> None:
        self._clear_layout_overlays()
        self.page_view.set_session(session, self.workers)
        self.stack.setCurrentWidget(self.page_view)
        if self.live_layout is not None:
            # Overlays for the first page while the text still loads: the controller takes the
            # opener's placeholder document and keeps its overlays when the real one arrives.
            self.live_layout.set_document(session.document)
            self.live_layout.set_visible(self.actions_.show_layout.isChecked())
        self._update_actions()
        self._update_position()

    def _on_opener_session_opened(self, session: DocumentSession) -> None:
        old = self.session
        if old is not None and old is not session:
            self._save_position()
            self._dispose(old)
        self.session = session
        doc = session.document
        # before any title or line of it reaches a widget (enough sentences to tell the script)
        ensure_glyphs_for([doc.title, *(sent.text for sent in doc.sentences[:200])])
        if self.find_bar.isVisible():
            self.find_bar.set_document(doc, 0)  # the same phrase, found in the new document
        self.chapter_overlay.clear()
        self._clear_layout_overlays()
        if doc.kind == "pdf":
            if self.page_view.session is not session:  # no preview happened
                self.page_view.set_session(session, self.workers)
            self.stack.setCurrentWidget(self.page_view)
            # the bands' sentence boxes, read in slices while the analysis runs rather than when
            # it lands, and after the first pages and layout results are in
            QTimer.singleShot(3000, lambda: self.session is session and self.chapter_overlay.prepare(doc))
            if self.live_layout is not None:
                self.live_layout.set_document(doc)
                self.live_layout.set_visible(self.actions_.show_layout.isChecked())
        else:
            self.page_view.clear()
            self.transcript_view.set_session(session)
            self.stack.setCurrentWidget(self.transcript_view)
        self.chapter_panel.set_session(session)
        if self.plot_panel is not None:
            self.plot_panel.clear()
        session.chapters_changed.connect(lambda s=session: self._on_session_chapters_changed(s))
        session.blocks_changed.connect(lambda s=session: self._on_session_blocks_changed(s))
        session.chapters_edited.connect(lambda _reason, s=session: self.analysis.reindex_chapters(s))
        session.highlight_changed.connect(self.transcript_view.transcript_model.set_highlight)
        self.setWindowTitle(f"{doc.title or Path(doc.path).name} — {APP_NAME}")
        self.setWindowFilePath(doc.path)
        if doc.warnings:
            self.message_bar.show_message("; ".join(doc.warnings[:3]), level="warning", details=False)
        session.announce_loaded()
        self._add_recent(doc.path)
        self._update_actions()
        self._update_position()
        self.session_changed.emit(session)
        self.document_opened.emit(session)
        self.warm_search()  # a document is open: a search will follow
        if not self._heavy_imports_started:  # numpy, off this thread, before anything here needs it
            self._heavy_imports_started = True
            from explorer.ui.background_imports import import_in_background

            import_in_background()
        self.file_watcher.watch(doc.path)
        place, self._reload_place = self._reload_place, None
        hit, self._pending_hit = self._pending_hit, None
        if hit is not None and hit.doc_id == doc.id:
            QTimer.singleShot(0, lambda: self._show_hit(hit))
        elif hit is not None and hit.path == doc.path:  # the file changed after the hit was indexed
            self._restore_position(session)  # where the reader was, should the passage be gone
            QTimer.singleShot(0, lambda: self.show_moved_hit(hit))
        elif place is not None and place.path == doc.path:
            # reloaded: the same place in the new version (its sentences may have moved a little)
            QTimer.singleShot(0, lambda: self._go_to_location(replace(place, doc_id=doc.id)))
        elif not (session.is_pdf and self.page_view.session is session and self.page_view.current_page() > 0):
            # (a reader who paged on while the text loaded stays where they went)
            self._restore_position(session)
        if self._analyse:
            self.library_panel.model.set_state(doc.id, "analysing")
            self.analysis.start(session)
            # (the panel was filled above: it only learns that chapters are on their way)
            self.chapter_panel.set_analysing(session.analysis_state == "running")
            self._warm_plots()

    def _on_page_view_link_activated(self, link) -> None:  # noqa: ANN001 - core.pdf_links.PageLink
        """A link clicked on a page: a jump inside the document (recorded for Back), or a web
        address opened by the system's browser."""
        if link.uri:
            if not QDesktopServices.openUrl(QUrl(link.uri)):
                self.message_bar.show_message(f"No program could open {link.uri}.", level="warning", details=False)
            return
        if link.page is not None:
            self.history.push(self.current_location())
            self.page_view.go_to_page(link.page, link.y)

    # --- copying --------------------------------------------------------------------------
    def _on_transcript_view_copy_requested(self, rows: list) -> None:
        if self.session is not None:
            copy_rows(self, self.session.document, rows)

    def passage_rows(self) -> list[int]:
        """The passage the reader has picked: the selected transcript rows, else the sentence
        last clicked on a page, else the search hit or Find match shown (whichever came last)."""
        s = self.session
        if s is None or not s.document.sentences:
            return []
        if not s.is_pdf and (rows := self.transcript_view.selected_rows()):
            return rows
        clicked = self.chapter_editing.clicked_sentence
        hit_doc, hit_rows = self.shown_hit_rows
        return [clicked] if clicked is not None else list(hit_rows) if hit_doc == s.doc_id else []

    def _on_page_view_copy_requested(self) -> None:
        """Ctrl+C on a page with no layout block selected: the sentence last clicked, or the
        search hit shown since."""
        s = self.session
        if s is None or not s.document.sentences:
            return
        rows = self.passage_rows()
        if not rows:
            self.statusBar().showMessage("Click a sentence (or select a layout block) to copy it", 4000)
            return
        copy_rows(self, s.document, rows)

    def add_note_here(self) -> None:
        """Edit > Add Note…: a note on the passage picked (:meth:`passage_rows`)."""
        rows = self.passage_rows()
        if not rows:
            self.statusBar().showMessage(
                "Select transcript rows, click a sentence or show a search result to add a note to it", 5000)
            return
        self.notes.ask_add(rows)

    def reload_document(self) -> None:
        """File > Reload: read the open file again (an editor changed it). The corrections and
        notes follow the new version as they do when an edited file is opened; the reader
        stays where they were. A file that no longer reads keeps the version shown."""
        session = self.session
        if session is None:
            return
        self._reload_place = self.current_location()
        self.open_path(session.document.path, password=session.password)

    def _on_document_file_changed(self, path: str) -> None:
        """The file was written: read off the GUI thread whether its content differs from the
        document shown (a save without changes, or a sync tool touching it, says nothing)."""
        session = self.session
        if session is None or session.document.path != path or self.workers.closed:
            return
        if self.opener.busy:  # a load (a reload) is running: look again once it is done
            QTimer.singleShot(1000, self, lambda: self._on_document_file_changed(path))
            return
        from explorer.core.store import file_content_id

        handle = self.workers.submit("open", file_content_id, path, name=f"Checking {Path(path).name}",
                                     key="file-changed")
        handle.finished.connect(lambda content_id: self._on_document_file_read(session, content_id))

    def set_auto_reload(self, on: bool) -> None:
        """File > Reload Automatically: a changed file is read again without asking (kept)."""
        if self.settings is not None:
            self.settings.setValue("files/auto_reload", bool(on))

    def _on_document_file_read(self, session: DocumentSession, content_id: str) -> None:
        if session is not self.session or not content_id or content_id == session.doc_id:
            return  # another document by now, unreadable, or the same content
        path = session.document.path
        if self.actions_.auto_reload.isChecked():
            self.statusBar().showMessage(f"{Path(path).name} changed on disk: reloading", 5000)
            self.reload_document()
            return
        self.message_bar.show_message(
            f"{Path(path).name} changed on disk. Reload it to see the new version; your chapter "
            "corrections and notes follow its text.", level="info", details=False,
            action=("Reload", self.reload_document))

    def _on_document_file_removed(self, path: str) -> None:
        if self.session is None or self.session.document.path != path:
            return
        self.message_bar.show_message(
            f"{Path(path).name} was moved or deleted. It stays open as it was read; your chapter "
            "corrections and notes are saved.", level="warning", details=False)

    def _on_opener_open_failed(self, path: str, exc: BaseException) -> None:
        self._restore_view()
        self._pending_hit = None
        self._reload_place = None
        if isinstance(exc, (PasswordRequired, WrongPassword)):
            if isinstance(exc, WrongPassword):
                self.message_bar.show_message(describe_error(path, exc), level="warning", details=False)
            self.ask_password(path, wrong=isinstance(exc, WrongPassword))
            return
        from explorer.core.loaders.transcripts.sniff import ChapterFileNotTranscript  # not at start-up

        if (isinstance(exc, ChapterFileNotTranscript) and self.session is not None and not self.session.is_pdf
                and self.chapter_editing.outline.can_import()):
            # a chapter list opened or dropped on an open timed transcript: imported into it,
            # after asking when its name does not say it belongs to that recording
            self.chapter_editing.outline.offer_import(path)
            return
        message = describe_error(path, exc)
        self.message_bar.show_message(message, level="error")
        self.open_failed.emit(path, message)

    def _on_opener_open_cancelled(self, _path: str) -> None:
        self._restore_view()
        self._reload_place = None

    def _restore_view(self) -> None:
        """Show the committed session again (after a failed or cancelled open)."""
        if self.session is None:
            self.page_view.clear()
            self.stack.setCurrentWidget(self.welcome)
        elif self.session.is_pdf and self.page_view.session is not self.session:
            self.page_view.set_session(self.session, self.workers)
            self.stack.setCurrentWidget(self.page_view)
            if self.live_layout is not None:
                self.live_layout.set_document(self.session.document)
            self._on_session_chapters_changed(self.session)
            self._on_session_blocks_changed(self.session)
        self._update_actions()

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
            self._save_position()
            self._dispose(self.session)
        self.session = None
        self.file_watcher.unwatch()
        self.analysis.cancel()
        self.chapter_overlay.forget_document()
        self._clear_layout_overlays()
        self.page_view.clear()
        self.transcript_view.set_session(None)
        self.chapter_panel.set_session(None)
        if self.plot_panel is not None:
            self.plot_panel.clear()
        self.stack.setCurrentWidget(self.welcome)
        self.find_bar.set_document(None)
        self.find_bar.hide()
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

    # --- analysis results ----------------------------------------------------------------
    def _on_analysis_finished(self, session: DocumentSession) -> None:
        if session is not self.session:
            return
        self.library_panel.model.set_state(session.doc_id, "indexing")
        self._update_plots()
        self._suggest_multilingual_model(session)
        if getattr(session.analysis, "corrections_carried_from", ""):
            self._carry_corrections_over(session)

    def _carry_corrections_over(self, session: DocumentSession) -> None:
        """The file changed since the user corrected its chapters: say so, and save the carried
        corrections as this version's (the earlier version's file stays as it was)."""
        autosave = self.chapter_editing.autosave
        if autosave is not None and autosave.session is session:
            autosave.schedule()
        self.message_bar.show_message(
            "This file has changed since you corrected its chapters. Your corrections were carried over to "
            "this version, each boundary following its sentence's text; check them where the text changed.",
            level="info", details=False)

    def _suggest_multilingual_model(self, session: DocumentSession) -> None:
        """A document mostly in a script MiniLM barely reads (Korean, Arabic, Chinese...):
        say once per document that the multilingual model searches it by meaning."""
        from explorer.core.language import latin_share

        if os.environ.get("STRATA_EMBEDDER", "onnx") not in ("st", "onnx") or session.doc_id in self._suggested_e5:
            return
        sample = [s.text for s in session.document.sentences[:300]]  # enough to tell the script, cheap
        if not sample or latin_share(sample) >= 0.5:
            return
        from explorer.core.embedding_e5 import available  # (loads the model's engine: only when it may help)

        if available():  # else a platform without the model's wheel: nothing to suggest
            self._suggested_e5.add(session.doc_id)
            self.message_bar.show_message(
                "This document is mostly in a script the default model reads poorly. For search by meaning "
                "and chapters in its language, choose File > Settings > Embedding model > Multilingual "
                "e5-small (takes effect at the next start).", level="info", details=False)

    def _on_session_chapters_changed(self, session: DocumentSession) -> None:
        if session is not self.session:
            return
        self.chapter_panel.set_session(session)
        if session.is_pdf:
            self.chapter_overlay.update(session.document, session.chapters, session.reference_chapters)
            self.chapter_overlay.set_visible(self.actions_.show_chapters.isChecked())
            self.chapter_overlay.set_reference_visible(self.actions_.show_reference.isChecked())
        else:
            self.transcript_view.transcript_model.set_chapters(session.chapters)
        self._follow_current_chapter()
        self._update_plots()

    def _on_session_blocks_changed(self, session: DocumentSession) -> None:
        """Full layout results: applied for the pages near the view now, the rest as they scroll in."""
        if session is not self.session or not session.is_pdf or self.live_layout is None:
            return
        self._pending_blocks = dict(session.blocks)
        self._apply_pending_blocks()
        if self.layout_legend is not None:
            counts: dict[str, int] = {}
            for blocks in session.blocks.values():
                for b in blocks:
                    counts[b.label] = counts.get(b.label, 0) + 1
            self.layout_legend.set_counts(counts)

    def _apply_pending_blocks(self) -> None:
        if not self._pending_blocks or self.live_layout is None:
            return
        n = self.page_view.page_count
        near: set[int] = set()
        for p in self.page_view.visible_pages():
            near.update(range(max(0, p - 2), min(n, p + 3)))
        batch = {p: self._pending_blocks.pop(p) for p in sorted(near) if p in self._pending_blocks}
        if batch:
            self.live_layout.apply_blocks(batch)

    def _on_page_view_view_changed(self) -> None:
        self._follow_current_chapter()
        self.chapter_overlay.ensure_pages(self.page_view.visible_pages())
        self._apply_pending_blocks()

    def _clear_layout_overlays(self) -> None:
        self._pending_blocks = {}
        if self.live_layout is not None:
            self.live_layout.clear()

    def set_layout_overlay_visible(self, visible: bool) -> None:
        if self.live_layout is not None:
            self.live_layout.set_visible(visible)

    def _on_layout_legend_visible_classes_changed(self, classes: set) -> None:
        if self.live_layout is not None:
            self.live_layout.set_visible_classes(classes)
        if self.settings is not None:
            self.settings.setValue("overlays/classes", sorted(classes))

    def set_chapter_overlay_visible(self, visible: bool) -> None:
        self.chapter_overlay.set_visible(visible)
        self.transcript_view.set_show_chapters(visible)

    def set_reference_overlay_visible(self, visible: bool) -> None:
        self.chapter_overlay.set_reference_visible(visible)

    def _warm_plots(self) -> None:
        """Once per window: start the figure lane's process (it imports matplotlib, about a
        second) while the first document is analysed, so its plots come with its chapters;
        then build the plot panel (its placeholder reads as the window's did). Each in a turn
        of the event loop of its own, after the document's opening (about 10 and 20 ms of the
        window's thread, which were part of the opening and of the analysis' landing)."""
        if self._plots_warming or self.workers.closed:
            return
        self._plots_warming = True

        def start_child() -> None:
            if not self.workers.closed and self.workers.is_process_lane("figure"):
                from explorer.ui.views.plot_render import warm_up

                self.workers.submit("figure", warm_up, name="prepare plots", priority=10)
            QTimer.singleShot(0, self, self._ensure_plot_panel)

        QTimer.singleShot(0, self, start_child)

    def _ensure_plot_panel(self):  # noqa: ANN202
        if self.plot_panel is None:
            from explorer.ui.views.plot_panel import PlotPanel

            self.plot_panel = PlotPanel(self.workers)
            layout = self.plot_holder.layout()
            while layout.count():
                item = layout.takeAt(0)
                if item.widget() is not None:
                    item.widget().deleteLater()
            layout.addWidget(self.plot_panel)
            self.plot_panel.sentence_requested.connect(lambda i: self.jump_to_sentence(i))
            self.plot_panel.chapter_requested.connect(self.go_to_chapter)
        return self.plot_panel

    def _update_plots(self) -> None:
        """The plots of the open document's chapters, at the next turn of the event loop: an
        analysis that lands asks twice (its chapters, then itself), and the chapter panel and
        the bands on the page come first."""
        if self._plots_due:
            return
        self._plots_due = True
        QTimer.singleShot(0, self, self._update_plots_now)

    def _update_plots_now(self) -> None:
        self._plots_due = False
        session = self.session
        if session is None or not session.chapters:
            return
        self._ensure_plot_panel().update_plots(session)

    def _update_actions(self) -> None:
        a = self.actions_
        # the pages shown, the open document's or those of a PDF still loading (a long scan
        # can be read and zoomed while its pages are OCR'd)
        shows_pages = self.stack.currentWidget() is self.page_view and self.page_view.page_count > 0
        shows_text = self.stack.currentWidget() is self.transcript_view
        for act in (a.zoom_in, a.zoom_out):
            act.setEnabled(shows_pages or shows_text)  # a transcript's text grows and shrinks
        a.fit_width.setEnabled(shows_pages)
        a.close.setEnabled(self.session is not None)
        a.reload.setEnabled(self.session is not None)
        a.go_to.setEnabled(self.shown_session() is not None)
        a.go_to.setText(self.go_to_prompt()[0])
        a.back.setEnabled(self.history.can_go_back())
        a.forward.setEnabled(self.history.can_go_forward())
        a.open_sample.setEnabled(bool(self.sample_path and Path(self.sample_path).is_file()))

    def zoom_in(self) -> None:
        """View > Zoom In: the pages, or a transcript's text."""
        (self.transcript_view if self.stack.currentWidget() is self.transcript_view else self.page_view).zoom_in()

    def zoom_out(self) -> None:
        (self.transcript_view if self.stack.currentWidget() is self.transcript_view else self.page_view).zoom_out()

    def _on_transcript_text_scale_changed(self, scale: float) -> None:
        if self.settings is not None:
            self.settings.setValue("transcript/text_scale", scale)  # every transcript, and the next run
        self._update_position()

    def export_chapters(self) -> None:
        """File > Export Chapters…: the chapters as the user left them, to a file."""
        self.chapter_export.ask()

    # --- edit, dialogs --------------------------------------------------------------------------
    def undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    # --- drag and drop ----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not files:
            return
        event.acceptProposedAction()
        if len(files) == 1 and Path(files[0]).is_dir():
            self.import_folder(files[0])
            return
        from explorer.core.media import is_media

        # a transcript dropped with its recording opens, the recording found beside it; a
        # recording alone opens its transcript (``open_path``). Recordings are never imported.
        papers = [f for f in files if not Path(f).is_dir() and not is_media(f)]
        first = papers[0] if papers else next((f for f in files if not Path(f).is_dir()), None)
        if first is not None:
            self.open_path(first)  # opened, analysed and indexed as any open document
        rest = [f for f in files if f != first and not is_media(f)]
        if rest:  # several dropped at once: the others go into the library in the background
            self.import_folder(rest)

    # --- quit ----------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Save UI state (window, position in the document); called on quit."""
        self._save_position()
        self.give_plots_their_room()  # the next start opens with the user's layout, not the one results made
        self._save_window_state()
        if self.settings is not None:
            self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Cancel background work and save state; the composition root waits for the lanes."""
        self.flush()
        self.file_watcher.unwatch()  # a file saved while the window closes has no one to tell
        self.opener.cancel()
        self.analysis.cancel()
        self.workers.cancel_all()
        super().closeEvent(event)
