"""The Strata window: a document (pages or timed text) with chapters, library,
search and plot panels.

Composition only: the window wires views, the session and the workers together and
owns no document logic. Opening goes through :class:`DocumentOpener` (pdf lane);
the window keeps the previous document until the new one has loaded, so bad input
changes nothing and shows a non-modal message bar instead of a dialog. Analysis and
indexing run through :class:`AnalysisController`; search through the "search" lane.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QLabel, QLineEdit, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from explorer import APP_NAME
from explorer.core.errors import PasswordRequired, StrataError, WrongPassword
from explorer.core.model import Hit
from explorer.ui.actions import build_actions
from explorer.ui.analysis import AnalysisController, FolderImport, library_documents, remove_document, search_library
from explorer.ui.history import Location, NavigationHistory
from explorer.ui.opener import DocumentOpener
from explorer.ui.session import DocumentSession
from explorer.ui.views.chapter_overlay import ChapterOverlay
from explorer.ui.views.chapter_panel import ChapterPanel
from explorer.ui.views.jobs_widget import JobsWidget
from explorer.ui.views.library_panel import LibraryPanel
from explorer.ui.views.message_bar import MessageBar
from explorer.ui.views.page_view import PageView
from explorer.ui.views.search_panel import SearchPanel
from explorer.ui.views.transcript_view import TranscriptView
from explorer.ui.views.welcome_view import WelcomeView
from explorer.ui.workers import Workers

log = logging.getLogger(__name__)

FILE_FILTER = (
    "Documents (*.pdf *.vtt *.srt *.json *.txt *.xml *.html *.htm *.docx *.json3);;"
    "PDF (*.pdf);;Transcripts (*.vtt *.srt *.json *.txt *.xml *.html *.docx *.json3);;All files (*)"
)
MAX_RECENT = 10


def describe_error(path: str, exc: BaseException) -> str:
    """One sentence for the message bar: the file's name and what went wrong."""
    name = Path(path).name
    if isinstance(exc, StrataError):
        return f"{name}: {exc}"
    return f"{name} could not be opened ({type(exc).__name__}: {exc})"


def best_sentence(sentences, rows: range, query: str) -> Optional[int]:  # noqa: ANN001
    """The sentence in ``rows`` sharing the most words with ``query`` (the first on ties)."""
    import re

    terms = {w for w in re.findall(r"\w+", query.lower()) if len(w) > 2}
    if not terms:
        return rows.start if len(rows) else None
    best, best_score = rows.start, -1
    for i in rows:
        words = set(re.findall(r"\w+", sentences[i].text.lower()))
        score = len(terms & words)
        if score > best_score:
            best, best_score = i, score
    return best


class MainWindow(QMainWindow):
    session_changed = Signal(object)  # DocumentSession or None
    document_opened = Signal(object)  # DocumentSession
    open_failed = Signal(str, str)  # path, message
    hit_shown = Signal(object)  # Hit, once scrolled to and highlighted
    library_refreshed = Signal()

    def __init__(self, workers: Workers, *, log_file: Optional[Path] = None, settings: Optional[QSettings] = None,
                 sample_path: Optional[Path] = None, analyse: bool = True) -> None:
        super().__init__()
        self.workers = workers
        self.settings = settings
        self.sample_path = sample_path
        self.session: Optional[DocumentSession] = None
        self.password_dialog: Optional[QInputDialog] = None
        self.folder_import: Optional[FolderImport] = None
        self._pending_blocks: dict = {}
        self._pending_hit: Optional[Hit] = None
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 860)
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.opener = DocumentOpener(workers, self)
        self.analysis = AnalysisController(workers, self)
        self.analysis.index_enabled = analyse
        self._analyse = analyse
        self.history = NavigationHistory(parent=self)
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
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.chapter_panel = ChapterPanel()
        self.library_panel = LibraryPanel()
        self.search_panel = SearchPanel()
        self.plot_panel = None  # created on first use: matplotlib is imported only then
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
        self.tabifyDockWidget(self.chapter_dock, self.library_dock)
        if self.layout_dock is not None:
            self.tabifyDockWidget(self.chapter_dock, self.layout_dock)
        self.chapter_dock.raise_()
        self.splitDockWidget(self.search_dock, self.plot_dock, Qt.Orientation.Vertical)

        self.position_label = QLabel()
        self.statusBar().addWidget(self.position_label)
        self.jobs_widget = JobsWidget(workers)
        self.statusBar().addPermanentWidget(self.jobs_widget)

        self.actions_ = build_actions(self)
        for dock in (self.chapter_dock, self.library_dock, self.layout_dock, self.search_dock, self.plot_dock):
            if dock is not None:
                self.actions_.docks_menu.addAction(dock.toggleViewAction())
        # phase-1 names kept for callers and tests
        self.zoom_in_action, self.zoom_out_action = self.actions_.zoom_in, self.actions_.zoom_out
        self.fit_width_action, self.close_action = self.actions_.fit_width, self.actions_.close
        self.next_page_action, self.prev_page_action = self.actions_.next_page, self.actions_.prev_page
        self._connect()
        self._apply_settings()
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
        self.analysis.failed.connect(lambda message: self.message_bar.show_message(message, level="error"))
        self.welcome.open_requested.connect(self.show_open_dialog)
        self.welcome.import_folder_requested.connect(self.show_import_folder_dialog)
        self.welcome.sample_requested.connect(self.open_sample)
        self.chapter_panel.entry_activated.connect(self._on_chapter_panel_entry_activated)
        self.library_panel.open_requested.connect(self.open_path)
        self.library_panel.import_folder_requested.connect(self.show_import_folder_dialog)
        self.library_panel.import_file_requested.connect(self.show_open_dialog)
        self.library_panel.remove_requested.connect(self.remove_from_library)
        self.search_panel.search_requested.connect(self._on_search_panel_search_requested)
        self.search_panel.hit_activated.connect(self.activate_hit)
        self.page_view.current_page_changed.connect(self._on_page_view_current_page_changed)
        self.page_view.zoom_changed.connect(self._on_page_view_zoom_changed)
        self.page_view.view_changed.connect(self._on_page_view_view_changed)
        self.transcript_view.current_sentence_changed.connect(self._on_transcript_view_current_sentence_changed)
        self.history.changed.connect(self._update_actions)
        if self.layout_legend is not None:
            self.layout_legend.visible_classes_changed.connect(self._on_layout_legend_visible_classes_changed)
            self.layout_legend.show_order_changed.connect(self.live_layout.set_show_order)

    # --- settings and state -------------------------------------------------------------
    def _apply_settings(self) -> None:
        from explorer.ui.prefs import read_settings

        values = read_settings(self.settings) if self.settings is not None else {"granularity": 0, "classes": None}
        self.analysis.granularity = values["granularity"]
        self.overlay_classes = values["classes"]
        if self.layout_legend is not None and self.overlay_classes is not None:
            self.layout_legend.set_visible_classes(self.overlay_classes)

    def _restore_window_state(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        for key, action in (("layout", self.actions_.show_layout), ("chapters", self.actions_.show_chapters),
                            ("reference", self.actions_.show_reference)):
            value = self.settings.value(f"overlays/{key}")
            if value is not None:
                action.setChecked(str(value).lower() in ("true", "1"))

    def _save_window_state(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("overlays/layout", self.actions_.show_layout.isChecked())
        self.settings.setValue("overlays/chapters", self.actions_.show_chapters.isChecked())
        self.settings.setValue("overlays/reference", self.actions_.show_reference.isChecked())

    def _save_position(self) -> None:
        """Remember where the reader is in the current document (page, zoom, chapter)."""
        session = self.session
        if self.settings is None or session is None or not session.doc_id:
            return
        here = self.current_location()
        data = {"page": here.page if here else None, "y": here.y if here else None,
                "sentence": here.sentence if here else None, "zoom": self.page_view.zoom,
                "fit": self.page_view.fits_width, "chapter": self.chapter_panel.current_chapter()}
        self.settings.setValue(f"positions/{session.doc_id}", json.dumps(data))

    def _restore_position(self, session: DocumentSession) -> None:
        if self.settings is None:
            return
        raw = self.settings.value(f"positions/{session.doc_id}")
        if not raw:
            return
        try:
            data = json.loads(raw)
        except (TypeError, ValueError):
            return
        if session.is_pdf:
            if not data.get("fit", True) and data.get("zoom"):
                self.page_view.set_zoom(float(data["zoom"]))
            if data.get("page") is not None:
                self.page_view.go_to_page(int(data["page"]), data.get("y"))
        elif data.get("sentence") is not None:
            self.transcript_view.scroll_to_sentence(int(data["sentence"]))

    def _add_recent(self, path: str) -> None:
        if self.settings is None:
            return
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        self.settings.setValue("recent/files", recent[:MAX_RECENT])
        self._rebuild_recent_menu()

    def recent_files(self) -> list[str]:
        if self.settings is None:
            return []
        value = self.settings.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _rebuild_recent_menu(self) -> None:
        menu = self.actions_.recent_menu
        menu.clear()
        files = self.recent_files()
        for path in files:
            act = menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        menu.setEnabled(bool(files))

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
        log.info("opening %s", path)
        self.message_bar.hide()
        self.opener.open(str(path), password)

    def _on_opener_session_previewed(self, session: DocumentSession) -> None:
        self._clear_layout_overlays()
        self.page_view.set_session(session, self.workers)
        self.stack.setCurrentWidget(self.page_view)

    def _on_opener_session_opened(self, session: DocumentSession) -> None:
        old = self.session
        if old is not None and old is not session:
            self._save_position()
            self._dispose(old)
        self.session = session
        doc = session.document
        self.chapter_overlay.clear()
        self._clear_layout_overlays()
        if doc.kind == "pdf":
            if self.page_view._session is not session:  # noqa: SLF001 - no preview happened
                self.page_view.set_session(session, self.workers)
            self.stack.setCurrentWidget(self.page_view)
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
        if self._pending_hit is not None and self._pending_hit.doc_id == doc.id:
            hit, self._pending_hit = self._pending_hit, None
            QTimer.singleShot(0, lambda: self._show_hit(hit))
        else:
            self._restore_position(session)
        if self._analyse:
            self.library_panel.model.set_state(doc.id, "analysing")
            self.chapter_panel.set_session(session)
            self.analysis.start(session)

    def _on_opener_open_failed(self, path: str, exc: BaseException) -> None:
        self._restore_view()
        self._pending_hit = None
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
            if self.live_layout is not None:
                self.live_layout.set_document(self.session.document)
            self._on_session_chapters_changed(self.session)
            self._on_session_blocks_changed(self.session)

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
        self.analysis.cancel()
        self.chapter_overlay.clear()
        self._clear_layout_overlays()
        self.page_view.clear()
        self.transcript_view.set_session(None)
        self.chapter_panel.set_session(None)
        if self.plot_panel is not None:
            self.plot_panel.clear()
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

    # --- analysis results ----------------------------------------------------------------
    def _on_analysis_finished(self, session: DocumentSession) -> None:
        if session is not self.session:
            return
        self.library_panel.model.set_state(session.doc_id, "indexing")
        self._update_plots()

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
        session = self.session
        if session is None or not session.chapters:
            return
        self._ensure_plot_panel().update_plots(session)

    # --- library ----------------------------------------------------------------------------
    def refresh_library(self) -> None:
        """Re-read the library's documents on the index lane."""
        if self.workers.closed:
            return
        h = self.workers.submit("index", library_documents, name="read library", key="library-documents")
        h.finished.connect(self._on_library_documents)
        h.failed.connect(lambda exc: log.warning("library could not be read: %s", exc))

    def _on_library_documents(self, rows: list) -> None:
        self.library_panel.set_documents(rows)
        if self.session is not None and any(r.get("id") == self.session.doc_id for r in rows):
            self.library_panel.model.set_state(self.session.doc_id, "")
        self.library_refreshed.emit()

    def remove_from_library(self, doc_id: str) -> None:
        h = self.workers.submit("index", remove_document, doc_id, name="Removing from library", visible=True)
        h.finished.connect(lambda _r: self.refresh_library())
        h.failed.connect(lambda exc: self.message_bar.show_message(f"Could not remove the document: {exc}"))

    def show_import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str) -> FolderImport:
        """Load, analyse and index every supported file under ``folder`` (recursively)."""
        job = FolderImport(self.workers, folder, self.analysis.granularity, self)
        if not job.files:
            self.message_bar.show_message(f"No PDFs or transcripts found in {folder}.", level="info", details=False)
            return job
        job.finished.connect(self._on_folder_import_finished)
        self.folder_import = job
        self.library_dock.raise_()
        job.start()
        return job

    def _on_folder_import_finished(self, imported: int, failures: list) -> None:
        self.refresh_library()
        if failures:
            names = ", ".join(f"{Path(p).name}: {m}" for p, m in failures[:3])
            more = f" and {len(failures) - 3} more" if len(failures) > 3 else ""
            self.message_bar.show_message(f"Imported {imported} file(s); {len(failures)} failed ({names}{more}).",
                                          level="warning")
        else:
            self.message_bar.show_message(f"Imported {imported} file(s) into the library.", level="info", details=False)

    # --- search --------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_query()

    def _on_search_panel_search_requested(self, query: str, mode: str, scope: str, generation: int) -> None:
        doc_id = self.session.doc_id if scope == "document" and self.session is not None else None
        h = self.workers.submit("search", search_library, query, mode, doc_id, name="search", key="search")
        h.finished.connect(lambda hits: self.search_panel.show_results(hits, generation, query))
        h.failed.connect(lambda exc: self.search_panel.show_error(f"Search failed: {exc}", generation))

    def activate_hit(self, hit: Hit) -> None:
        """Open the hit's document if needed, scroll there and highlight its sentences."""
        self.history.push(self.current_location())
        if self.session is not None and self.session.doc_id == hit.doc_id:
            self._show_hit(hit)
        elif hit.path:
            self._pending_hit = hit
            self.open_path(hit.path)

    def _show_hit(self, hit: Hit) -> None:
        """Highlight every sentence of the hit; scroll to the one that matches the query best."""
        session = self.session
        if session is None:
            return
        sents = session.document.sentences
        rng = range(max(0, hit.start), min(hit.end, len(sents)))
        focus = best_sentence(sents, rng, self.search_panel.model.query) if rng else None
        if session.is_pdf:
            a = hit.anchor
            pairs = list(a.page_rects) or [(a.page, r) for r in a.rects if a.page is not None]
            if not pairs:
                for si in rng:
                    sa = sents[si].anchor
                    pairs += list(sa.page_rects) or [(sa.page, r) for r in sa.rects]
            strong: list = []
            if focus is not None:
                fa = sents[focus].anchor
                strong = list(fa.page_rects) or [(fa.page, r) for r in fa.rects if fa.page is not None]
            self.page_view.set_highlights(pairs, strong)
            target = strong[0] if strong else (pairs[0] if pairs else None)
            if target is not None and target[0] is not None:
                self.page_view.center_on_rect(target[0], target[1])
            elif a.page is not None:
                self.page_view.go_to_page(a.page)
        else:
            session.set_highlight(tuple(rng))
            self.transcript_view.scroll_to_sentence(focus if focus is not None else hit.start)
        self.hit_shown.emit(hit)

    # --- navigation ---------------------------------------------------------------------------
    def current_location(self) -> Optional[Location]:
        session = self.session
        if session is None:
            return None
        if session.is_pdf:
            page = self.page_view.current_page()
            top = self.page_view.mapToScene(0, 0).y()
            y = None
            if page >= 0:
                y = max(0.0, top - self.page_view.page_item(page).scenePos().y())
            return Location(session.path, session.doc_id, page=page, y=y)
        return Location(session.path, session.doc_id, sentence=self.transcript_view.top_row())

    def _go_to_location(self, loc: Location) -> None:
        if self.session is None or self.session.doc_id != loc.doc_id:
            self.open_path(loc.path)  # opens at the remembered position
            return
        if self.session.is_pdf and loc.page is not None:
            self.page_view.go_to_page(loc.page, (loc.y or 0) + 24 if loc.y is not None else None)
        elif loc.sentence is not None:
            self.transcript_view.scroll_to_sentence(loc.sentence)

    def go_back(self) -> None:
        loc = self.history.back(self.current_location())
        if loc is not None:
            self._go_to_location(loc)

    def go_forward(self) -> None:
        loc = self.history.forward(self.current_location())
        if loc is not None:
            self._go_to_location(loc)

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

    def current_chapter(self) -> int:
        session = self.session
        if session is None or not session.chapters:
            return -1
        if session.is_pdf:
            page = max(0, self.page_view.current_page())
            y = self.page_view.mapToScene(0, self.page_view.viewport().height() // 3).y()
            s = session.sentence_at(page, y - self.page_view.page_item(page).scenePos().y())
        else:
            s = self.transcript_view.top_row()
        return session.chapter_index_of(s if s is not None else len(session.document.sentences) - 1)

    def go_to_chapter(self, index: int) -> None:
        session = self.session
        if session is None or not (0 <= index < len(session.chapters)):
            return
        self.jump_to_sentence(session.chapters[index].start)

    def next_chapter(self) -> None:
        self.go_to_chapter(self.current_chapter() + 1)

    def previous_chapter(self) -> None:
        self.go_to_chapter(max(0, self.current_chapter() - 1))

    def jump_to_sentence(self, sentence: int) -> None:
        """A jump the user asked for (chapter, plot): recorded in the history."""
        self.history.push(self.current_location())
        self.go_to_sentence(sentence)

    def go_to_sentence(self, sentence: int) -> None:
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
        self.history.push(self.current_location())
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

    def _on_page_view_current_page_changed(self, _page: int) -> None:
        self._update_position()

    def _follow_current_chapter(self) -> None:
        """Select the chapter of the sentence a third of the way down the view."""
        session = self.session
        if session is None or not session.chapters or not session.is_pdf:
            return
        page = self.page_view.current_page()
        if page < 0:
            return
        y = self.page_view.mapToScene(0, self.page_view.viewport().height() // 3).y()
        y -= self.page_view.page_item(page).scenePos().y()
        sentence = session.sentence_at(page, y)
        if sentence is not None:
            self.chapter_panel.set_current_chapter(session.chapter_index_of(sentence))

    def _on_page_view_zoom_changed(self, _zoom: float) -> None:
        self._update_position()

    def _on_transcript_view_current_sentence_changed(self, row: int) -> None:
        session = self.session
        if session is not None and session.chapters:
            self.chapter_panel.set_current_chapter(session.chapter_index_of(row))
        self._update_position()

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
        a = self.actions_
        has_pdf = self.session is not None and self.session.is_pdf
        for act in (a.zoom_in, a.zoom_out, a.fit_width):
            act.setEnabled(has_pdf)
        a.close.setEnabled(self.session is not None)
        a.back.setEnabled(self.history.can_go_back())
        a.forward.setEnabled(self.history.can_go_forward())
        a.open_sample.setEnabled(bool(self.sample_path and Path(self.sample_path).is_file()))

    # --- edit, dialogs --------------------------------------------------------------------------
    def undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def show_settings(self) -> None:
        from explorer.ui.dialogs import SettingsDialog

        settings = self.settings if self.settings is not None else QSettings()
        dlg = SettingsDialog(settings, self)
        dlg.accepted.connect(self._on_settings_accepted)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.settings_dialog = dlg
        dlg.open()

    def _on_settings_accepted(self) -> None:
        old = self.analysis.granularity
        self._apply_settings()
        if self.session is not None and self.analysis.granularity != old and self._analyse:
            self.analysis.start(self.session)
        self.message_bar.show_message("Settings saved. A new embedding model or data folder applies at the next start.",
                                      level="info", details=False)

    def show_about(self) -> None:
        from explorer.ui.dialogs import show_about

        self.about_box = show_about(self)

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
        else:
            self.open_path(files[0])

    # --- quit ----------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Save UI state (window, position in the document); called on quit."""
        self._save_position()
        self._save_window_state()
        if self.settings is not None:
            self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Cancel background work and save state; the composition root waits for the lanes."""
        self.flush()
        self.opener.cancel()
        self.analysis.cancel()
        self.workers.cancel_all()
        super().closeEvent(event)
