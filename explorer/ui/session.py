"""One open document: its state, its undo stack and past-tense change signals.

The session is the single owner of what the window shows for a document: the
loaded :class:`~explorer.core.model.Document`, the PDF renderer handle (used only on
the "pdf" lane), the layout blocks, the generated chapters and sections, the
analysis result and a :class:`QUndoStack` for chapter edits. Views read from it and
listen to its signals; only the GUI thread mutates it, and every mutation emits
exactly one signal so that views redraw once.
"""
from __future__ import annotations

import logging
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from explorer.core.model import Block, Chapter, Document, ReferenceChapter

log = logging.getLogger(__name__)


class DocumentSession(QObject):
    """State of one open document. Create it once the document is loaded."""

    document_loaded = Signal(object)  # Document
    chapters_changed = Signal()
    chapters_edited = Signal(str)  # reason; after set_chapters from an edit (not from the analysis)
    blocks_changed = Signal()
    analysis_started = Signal()
    analysis_finished = Signal(object)  # Analysis
    analysis_failed = Signal(str)
    highlight_changed = Signal(object)  # tuple of sentence indices (may be empty)
    closed = Signal()

    def __init__(self, document: Document, renderer: Any = None, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.document = document
        # explorer.core.render.PdfRenderer (pdf lane in a thread) or explorer.ui.proc_pdf.RemotePdf
        # (pdf lane in a child process): either way, only its methods submitted to the pdf lane use it
        self.renderer = renderer
        self.blocks: dict[int, list[Block]] = {}
        self.chapters: list[Chapter] = []
        self.sections: list[Chapter] = []
        self.reference_chapters: list[ReferenceChapter] = list(document.reference_chapters)
        self.outline_generated = False
        self.analysis: Any = None
        self.analysis_state = "none"  # none, running, done, failed, cancelled
        self.highlight: tuple[int, ...] = ()
        self.indexed = False
        self.password: Optional[str] = None  # kept so child processes can open an encrypted PDF again
        self.first_render: Any = None  # explorer.core.render.RenderedPage of page 1, shown before the rest
        self.undo_stack = QUndoStack(self)
        self._chapter_starts: list[int] = []

    # --- identity ---------------------------------------------------------------
    @property
    def doc_id(self) -> str:
        return self.document.id

    @property
    def is_pdf(self) -> bool:
        return self.document.kind == "pdf"

    @property
    def path(self) -> str:
        return self.document.path

    # --- mutations (GUI thread only) --------------------------------------------
    def announce_loaded(self) -> None:
        """Emit ``document_loaded`` once views are connected."""
        self.document_loaded.emit(self.document)

    def set_analysis(self, analysis: Any) -> None:
        """Apply a finished pipeline result: blocks, outline and chapters, one signal each."""
        self.analysis = analysis
        self.analysis_state = "done"
        self.blocks = dict(getattr(analysis, "blocks", {}) or {})
        outline = list(getattr(analysis, "outline", []) or [])
        if outline or not self.reference_chapters:
            self.reference_chapters = outline
        self.outline_generated = bool(getattr(analysis, "outline_generated", False))
        self.sections = list(getattr(analysis, "sections", []) or [])
        self.blocks_changed.emit()
        self._set_chapters(list(getattr(analysis, "chapters", []) or []))
        self.analysis_finished.emit(analysis)

    def set_chapters(self, chapters: list[Chapter], sections: Optional[list[Chapter]] = None, reason: str = "") -> None:
        """Replace the chapters (after an edit) and emit ``chapters_changed`` then ``chapters_edited``."""
        if sections is not None:
            self.sections = list(sections)
        self._set_chapters(list(chapters))
        self.chapters_edited.emit(reason)

    @property
    def automatic_chapters(self) -> list[Chapter]:
        """The pipeline's chapters before the user's corrections (for reset / regenerate)."""
        return list(getattr(self.analysis, "automatic", []) or [])

    def _set_chapters(self, chapters: list[Chapter]) -> None:
        self.chapters = chapters
        self._chapter_starts = [c.start for c in chapters]
        self.chapters_changed.emit()

    def set_highlight(self, sentences: tuple[int, ...]) -> None:
        self.highlight = tuple(sentences)
        self.highlight_changed.emit(self.highlight)

    # --- queries ------------------------------------------------------------------
    def chapter_index_of(self, sentence: int) -> int:
        """Index of the chapter containing ``sentence`` (-1 when there are no chapters)."""
        if not self._chapter_starts:
            return -1
        return max(0, bisect_right(self._chapter_starts, sentence) - 1)

    def sentence_page(self, sentence: int) -> Optional[int]:
        sents = self.document.sentences
        if 0 <= sentence < len(sents):
            return sents[sentence].anchor.page
        return None

    def first_sentence_on_page(self, page: int) -> Optional[int]:
        """The first sentence whose anchor is on ``page`` or later (None past the end)."""
        return _first_at_or_after(self.document.sentences, page, lambda s: s.anchor.page)

    def sentence_at(self, page: int, y: float) -> Optional[int]:
        """The last sentence on ``page`` that starts at or above ``y`` points (else the first on the page)."""
        first = self.first_sentence_on_page(page)
        if first is None:
            return None
        sents = self.document.sentences
        best = first
        i = first
        while i < len(sents) and sents[i].anchor.page == page:
            rects = sents[i].anchor.rects
            if rects and rects[0].y0 <= y:
                best = i
            i += 1
        return best

    def first_sentence_at_time(self, seconds: float) -> Optional[int]:
        """The first sentence starting at ``seconds`` or later (None past the end)."""
        return _first_at_or_after(self.document.sentences, seconds, lambda s: s.anchor.start)


def _first_at_or_after(sentences: list, value: float, key: Callable[[Any], Optional[float]]) -> Optional[int]:
    """Index of the first sentence whose ``key`` is ``value`` or more, sentences without one
    counting as before everything; None when there is none."""
    i = bisect_left(sentences, value, key=lambda s: -math.inf if key(s) is None else key(s))
    return i if i < len(sentences) else None
