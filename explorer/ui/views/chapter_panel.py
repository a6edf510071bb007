"""Side panel: generated chapters (with sections) above, the reference outline below.

Clicking a row emits ``entry_activated`` with its :class:`ChapterEntry`; the window
jumps there. ``set_current_chapter`` follows the scroll position without emitting.
"""
from __future__ import annotations

from functools import partial
from typing import Optional

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTreeView, QVBoxLayout, QWidget

from explorer.core.edits import chapter_of
from explorer.core.loaders.transcripts import marks_its_headings
from explorer.core.sections import fit_sections
from explorer.ui.models.chapter_model import ChapterEntry, ChapterTreeModel, entries_from_chapters, entries_from_reference
from explorer.ui.views.wrapped_titles import WrappedTitleDelegate


NUMBER_PADDING = 12  # pixels beside the text of the Starts and Length cells (margins, a little air)


def _tree(model: ChapterTreeModel) -> QTreeView:
    view = QTreeView()
    view.setModel(model)
    WrappedTitleDelegate(view)  # long titles take two lines, not "Part I The M…"
    view.setAlternatingRowColors(True)
    view.setAllColumnsShowFocus(True)
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # Widths from the widest text (see _fit_number_columns), not Qt's sizing to contents,
    # which measured every row of a big outline on each change (hundreds of ms on a
    # 400-page manual); until a document comes, from the widest expected text.
    fm = view.fontMetrics()
    for col, sample in ((1, "p. 9999 "), (2, "999 sent. ")):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, fm.horizontalAdvance(sample) + NUMBER_PADDING)
    return view


def _fit_number_columns(view: QTreeView, entries: list[ChapterEntry], grow_only: bool) -> None:
    """Size the Starts and Length columns to the widest text this document puts in them
    ("p. 135", "152 pp.") or their headings, so the titles get the rest. Sized for the
    widest expected text instead ("p. 9999", "999 sent."), they took 134 of the about 300
    pixels of the dock at a quarter of a 1440-pixel screen; fitted, 108 (PDFs). Within one
    document a column only grows (``grow_only``), so a width the user dragged stays."""
    texts: tuple[set[str], set[str]] = (set(), set())
    stack = list(entries)
    while stack:
        e = stack.pop()
        texts[0].add(e.where)
        texts[1].add(e.length)
        stack.extend(e.children)
    fm = view.fontMetrics()
    header = view.header()
    for col, seen in ((1, texts[0]), (2, texts[1])):
        need = max([header.sectionSizeHint(col)] + [fm.horizontalAdvance(t) + NUMBER_PADDING for t in seen])
        if not grow_only or need > header.sectionSize(col):
            header.resizeSection(col, need)


class ChapterPanel(QWidget):
    entry_activated = Signal(object)  # ChapterEntry

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.generated_model = ChapterTreeModel(self)
        self.reference_model = ChapterTreeModel(self)
        self.generated_view = _tree(self.generated_model)
        self.reference_view = _tree(self.reference_model)
        self.generated_label = QLabel("Chapters")
        self.reference_label = QLabel("Outline")
        for label in (self.generated_label, self.reference_label):
            label.setStyleSheet("font-weight: bold; padding: 2px;")
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.generated_label)
        tl.addWidget(self.generated_view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.reference_label)
        bl.addWidget(self.reference_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._top, self._bottom = top, bottom
        self._ref_key: object = None
        self._fitted_for: dict[int, str] = {}  # id of a tree -> the document its number columns fit
        for view in (self.generated_view, self.reference_view):
            view.clicked.connect(self._on_view_clicked)
            view.activated.connect(self._on_view_clicked)
        self.set_session(None)

    def set_session(self, session) -> None:  # noqa: ANN001
        """Fill both trees from ``session`` (or clear them)."""
        if session is None:
            self._ref_key = None
            self.generated_model.set_entries([])
            self.reference_model.set_entries([])
            self._update_visibility(analysing=False)
            return
        doc = session.document
        # Sections come from the automatic split; cut them to the chapters as the user left them.
        sections = fit_sections(session.sections, session.chapters, getattr(session, "automatic_chapters", ()))
        self.generated_model.set_entries(entries_from_chapters(doc, session.chapters, sections), doc,
                                         getattr(getattr(session, "analysis", None), "embeddings", None))
        ref_key = (doc.id, len(doc.sentences), id(session.reference_chapters), len(session.reference_chapters))
        if ref_key != self._ref_key:  # the outline rarely changes: do not rebuild it on every chapter edit
            self._ref_key = ref_key
            self.reference_model.set_entries(entries_from_reference(doc, session.reference_chapters), doc)
            self.reference_view.expandToDepth(0)
        # an outline entry wears the colour of the chapter it lies in (as on the pages and plots)
        self.reference_model.color_by_chapter(partial(chapter_of, session.chapters) if session.chapters else None)
        self.reference_label.setText("Outline (from headings)" if session.outline_generated else
                                     ("Outline" if doc.kind == "pdf" or marks_its_headings(doc) else "Reference chapters"))
        if len(session.chapters) <= 30:
            self.generated_view.expandToDepth(0)
        # A transcript without times has nowhere to say where a chapter starts: give the
        # titles that column's room instead of showing it empty.
        for view, model in ((self.generated_view, self.generated_model), (self.reference_view, self.reference_model)):
            view.setColumnHidden(1, not any(e.where for e in model.entries()))
            _fit_number_columns(view, model.entries(), grow_only=doc.id == self._fitted_for.get(id(view)))
            self._fitted_for[id(view)] = doc.id
        self._update_visibility(analysing=session.analysis_state == "running")

    def set_analysing(self, analysing: bool) -> None:
        """Say that chapters are being computed ("Chapters (analysing…)"), showing the section
        for them even where the document's outline is all there is so far."""
        self._update_visibility(analysing)

    def _update_visibility(self, analysing: bool) -> None:
        has_gen = self.generated_model.rowCount() > 0
        has_ref = self.reference_model.rowCount() > 0
        self.generated_label.setText("Chapters" if has_gen or not analysing else "Chapters (analysing…)")
        self._top.setVisible(has_gen or analysing or not has_ref)
        self._bottom.setVisible(has_ref)

    def set_current_chapter(self, chapter_index: int, sentence: Optional[int] = None) -> None:
        """Select the chapter under the scroll position (no jump); when ``sentence`` is given
        and the chapter is expanded, the section it lies in (a collapsed chapter stays so)."""
        idx = self.generated_model.index_of_chapter(chapter_index)
        if sentence is not None and idx.isValid() and self.generated_view.isExpanded(idx):
            entry = idx.internalPointer()
            for row, child in enumerate(entry.children):
                if child.sentence is not None and child.sentence <= sentence < (child.end_sentence or 0):
                    idx = self.generated_model.index(row, 0, idx)
                    break
        sel = self.generated_view.selectionModel()
        if not idx.isValid() or sel.currentIndex().internalPointer() is idx.internalPointer():
            return
        sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.generated_view.scrollTo(idx)

    def current_chapter(self) -> int:
        e: Optional[ChapterEntry] = self.generated_model.entry(self.generated_view.currentIndex())
        return e.chapter_index if e is not None else -1

    def _on_view_clicked(self, index: QModelIndex) -> None:
        model = index.model()
        entry = model.entry(index) if isinstance(model, ChapterTreeModel) else None
        if entry is not None:
            self.entry_activated.emit(entry)
