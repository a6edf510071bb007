"""Search panel: a debounced query box, mode and scope, and rich results.

Typing waits ``DEBOUNCE_MS`` after the last key; each query runs on the "search"
lane with a new generation, superseding the previous one (its result is dropped
even if it arrives later). Activating a result emits ``hit_activated``.
"""
from __future__ import annotations

import logging
from typing import Optional

from PySide6.QtCore import QEvent, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QGuiApplication, QKeySequence, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from explorer.ui.models.search_model import HtmlRole, SearchModel
from explorer.ui.script_fonts import ensure_glyphs_for

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
MODES = (("Hybrid", "hybrid"), ("Meaning", "vector"), ("Exact words", "text"))
SCOPES = (("This document", "document"), ("Library", "library"))
# a "find similar" query: the passage's text, as much as the embedding model reads (256 word pieces)
SIMILAR_QUERY_CHARS = 1200


class HtmlDelegate(QStyledItemDelegate):
    """Draws a row's ``HtmlRole`` rich text, wrapped to the view's width."""

    def _doc(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        html = index.data(HtmlRole) or ""
        if option.state & QStyle.StateFlag.State_Selected:
            # the dimmed grey of "p. 4" / times is unreadable on the selection colour
            html = html.replace("color:#777", "color:inherit")
        doc.setHtml(html)
        doc.setTextWidth(max(100, option.rect.width() - 8))
        return doc

    def paint(self, painter, option, index) -> None:  # noqa: ANN001
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(opt, index)
        painter.save()
        painter.translate(opt.rect.left() + 4, opt.rect.top() + 3)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        ctx.clip = QRectF(0, 0, opt.rect.width() - 8, opt.rect.height() - 3)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: ANN001, N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if opt.rect.width() <= 0 and opt.widget is not None:
            opt.rect.setWidth(opt.widget.width())
        doc = self._doc(opt, index)
        return QSize(int(doc.idealWidth()) + 8, int(doc.size().height()) + 8)


class SearchPanel(QWidget):
    """Emits ``search_requested(query, mode, scope, generation)``; the window runs it and
    calls :meth:`show_results`. ``hit_activated(Hit)`` when the user opens a result;
    ``results_shown(n)`` when results are shown, and ``results_shown(-1)`` when the query
    is cleared (the window sizes the panel by them)."""

    search_requested = Signal(str, str, str, int)
    hit_activated = Signal(object)
    results_shown = Signal(int)

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText("Search by meaning or words…")
        self.query_edit.setClearButtonEnabled(True)
        self.mode_combo = QComboBox()
        for label, mode in MODES:
            self.mode_combo.addItem(label, mode)
        self.scope_combo = QComboBox()
        for label, scope in SCOPES:
            self.scope_combo.addItem(label, scope)
        # in a transcript: only what one speaker said (shown when this document has speakers)
        self.speaker_combo = QComboBox()
        self.speaker_combo.setToolTip("Only passages where this speaker speaks (this document)")
        self.speaker_combo.addItem("Anyone", "")
        self.speaker_combo.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.model = SearchModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.activated.connect(self._on_results_activated)
        self.results.clicked.connect(self._on_results_activated)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results.customContextMenuRequested.connect(self._on_results_menu)
        self.results.installEventFilter(self)  # Ctrl+C copies the current result as a quote
        row = QHBoxLayout()
        row.addWidget(self.mode_combo)
        row.addWidget(self.scope_combo)
        row.addWidget(self.speaker_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query_edit)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self.query_edit.textChanged.connect(self._on_query_edit_text_changed)
        self.query_edit.returnPressed.connect(self.run_now)
        self.mode_combo.currentIndexChanged.connect(self._on_option_changed)
        self.scope_combo.currentIndexChanged.connect(self._on_option_changed)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self._show_speaker_choice())
        self.scope_combo.activated.connect(self._forget_wanted_scope)  # the reader chose, even the scope shown
        self.speaker_combo.currentIndexChanged.connect(self._on_option_changed)
        self._speakers: list[str] = []
        self._generation = 0
        self._scope_wanted = ""  # "This document", chosen while no document was open to search
        self.set_document_open(False)
        # (doc_id, start, end) of the passage a "find similar" search started from: its own
        # hit is left out of the results; typing a query of one's own forgets it
        self.exclude: Optional[tuple[str, int, int]] = None
        self.query_edit.textEdited.connect(self._forget_exclude)

    def _forget_exclude(self, _text: str = "") -> None:
        self.exclude = None

    def search_similar(self, text: str, doc_id: str, start: int, end: int) -> None:
        """Search by meaning for passages like ``text`` (sentences ``[start, end)`` of ``doc_id``)."""
        text = " ".join(text.split())[:SIMILAR_QUERY_CHARS]
        self.mode_combo.blockSignals(True)
        self.mode_combo.setCurrentIndex(self.mode_combo.findData("vector"))
        self.mode_combo.blockSignals(False)
        self.query_edit.setText(text)  # textChanged starts the debounce; run now instead
        self.query_edit.setCursorPosition(0)
        self.exclude = (doc_id, start, end)
        self.run_now()

    def without_source(self, hits: list) -> list:
        """``hits`` less the passage a "find similar" search started from."""
        if self.exclude is None:
            return hits
        doc_id, start, end = self.exclude
        return [h for h in hits if not (h.doc_id == doc_id and h.start < end and h.end > start)]

    @property
    def mode(self) -> str:
        return self.mode_combo.currentData()

    @property
    def scope(self) -> str:
        return self.scope_combo.currentData()

    @property
    def speaker(self) -> str:
        """The speaker whose passages a search of this document keeps ("" for anyone)."""
        return (self.speaker_combo.currentData() or "") if self.speaker_combo.isVisibleTo(self) else ""

    def set_speakers(self, speakers: list[str]) -> None:
        """The open document's speakers (none for a PDF); the choice is kept when the speaker still is."""
        if list(speakers) == self._speakers:
            return
        chosen = self.speaker_combo.currentData() or ""
        self._speakers = list(speakers)
        blocked = self.speaker_combo.blockSignals(True)
        self.speaker_combo.clear()
        self.speaker_combo.addItem("Anyone", "")
        for name in self._speakers:
            self.speaker_combo.addItem(name, name)
        self.speaker_combo.setCurrentIndex(max(0, self.speaker_combo.findData(chosen)))
        self.speaker_combo.blockSignals(blocked)
        self._show_speaker_choice()

    def _forget_wanted_scope(self, _i: int) -> None:
        self._scope_wanted = ""

    def set_document_open(self, is_open: bool) -> None:
        """Without an open document "This document" cannot be searched: the search is of the
        library, and the scope says so (its hits then name their documents). The reader's
        choice of "This document" comes back with the next document."""
        index = self.scope_combo.findData("document")
        self.scope_combo.model().item(index).setEnabled(is_open)
        blocked = self.scope_combo.blockSignals(True)
        if not is_open and self.scope == "document":
            self._scope_wanted = "document"
            self.scope_combo.setCurrentIndex(self.scope_combo.findData("library"))
        elif is_open and self._scope_wanted:
            self.scope_combo.setCurrentIndex(self.scope_combo.findData(self._scope_wanted))
            self._scope_wanted = ""
        self.scope_combo.blockSignals(blocked)
        self._show_speaker_choice()

    def _show_speaker_choice(self) -> None:
        self.speaker_combo.setVisible(len(self._speakers) > 1 and self.scope == "document")

    @property
    def generation(self) -> int:
        return self._generation

    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def _on_query_edit_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_option_changed(self, _i: int) -> None:
        if self.query_edit.text().strip():
            self._timer.start()

    def run_now(self) -> None:
        """Start the search for the current text at once (Enter, or the debounce timer)."""
        self._timer.stop()
        query = self.query_edit.text().strip()
        self._generation += 1
        if not query:
            self.model.set_hits([], self._generation)
            self.status.setText("")
            self.results_shown.emit(-1)
            return
        self.status.setText("Searching…")
        self.search_requested.emit(query, self.mode, self.scope, self._generation)

    def show_results(self, hits: list, generation: int, query: str = "") -> bool:
        """Show results of query ``generation``; stale generations are ignored."""
        if generation != self._generation:
            return False
        ensure_glyphs_for(text for hit in hits for text in (hit.doc_title, hit.chapter_title, hit.snippet))
        applied = self.model.set_hits(hits, generation, query, show_document=self.scope != "document")
        n = len(hits)
        said = f" where {self.speaker} speaks" if self.speaker else ""
        self.status.setText(f"No results{said}." if n == 0 else f"{n} result{'s' if n != 1 else ''}{said}")
        if applied:
            self.results_shown.emit(n)
        return applied

    def show_error(self, message: str, generation: int) -> None:
        if generation == self._generation:
            self.status.setText(message)

    def _on_results_activated(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row())
        if hit is not None:
            self.hit_activated.emit(hit)

    def activate_row(self, row: int) -> None:
        idx = self.model.index(row, 0)
        if idx.isValid():
            self.results.setCurrentIndex(idx)
            self._on_results_activated(idx)

    # --- copying and "more like this" ---------------------------------------------------
    def copy_hits(self, hits: list) -> int:
        """Put the hits on the clipboard as quotes with their sources; returns how many."""
        from explorer.core.quotes import quote_hits

        if not hits:
            return 0
        QGuiApplication.clipboard().setText(quote_hits(hits))
        self.status.setText(f"Copied {len(hits)} result{'s' if len(hits) != 1 else ''} as quotes")
        return len(hits)

    def results_menu(self, row: int) -> QMenu:
        """The context menu of result ``row`` (the caller shows it)."""
        menu = QMenu(self)
        hit = self.model.hit(row)
        one = menu.addAction("Copy quote")
        one.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        one.setEnabled(hit is not None)
        one.triggered.connect(lambda _c=False: self.copy_hits([hit]))
        every = menu.addAction(f"Copy all {self.model.rowCount()} results")
        every.setEnabled(self.model.rowCount() > 0)
        every.triggered.connect(lambda _c=False: self.copy_hits(self.model.hits()))
        menu.addSeparator()
        similar = menu.addAction("Find similar passages")
        similar.setEnabled(hit is not None)
        similar.triggered.connect(lambda _c=False: self.search_similar(hit.text, hit.doc_id, hit.start, hit.end))
        return menu

    def _on_results_menu(self, pos) -> None:  # noqa: ANN001 - QPoint
        index = self.results.indexAt(pos)
        if index.isValid():
            self.results.setCurrentIndex(index)
        self.results_menu(index.row() if index.isValid() else -1).popup(self.results.viewport().mapToGlobal(pos))

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802 - Qt override
        if obj is self.results and event.type() == QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Copy):
            hit = self.model.hit(self.results.currentIndex().row())
            self.copy_hits([hit] if hit is not None else [])
            return True
        return super().eventFilter(obj, event)
