"""A transcript as a list model: one row per sentence, with its time and speaker.

Rows are sentences (not cues) because chapters, search hits and highlights all point
at sentence indices. Extra roles carry what the delegate draws: start time,
speaker, whether the speaker changed on this row (so the label is shown once per
turn), the chapter the row belongs to, and whether the row is highlighted.
"""
from __future__ import annotations

import functools
from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontDatabase

from explorer.core.loaders.transcripts import marks_its_headings
from explorer.core.model import Chapter, Document
from explorer.core.quotes import clock

TimeRole = Qt.ItemDataRole.UserRole + 1
SpeakerRole = Qt.ItemDataRole.UserRole + 2
SpeakerChangedRole = Qt.ItemDataRole.UserRole + 3
ChapterRole = Qt.ItemDataRole.UserRole + 4
ChapterStartRole = Qt.ItemDataRole.UserRole + 5
HighlightRole = Qt.ItemDataRole.UserRole + 6
ChapterTitleRole = Qt.ItemDataRole.UserRole + 7
NoteRole = Qt.ItemDataRole.UserRole + 8  # the text of the analyst's notes on this row ("" when none)
PlayingRole = Qt.ItemDataRole.UserRole + 9  # the row the recording is at
CodeIndentRole = Qt.ItemDataRole.UserRole + 10  # a code listing's line: its indentation in spaces, else None


# the window's time format, shared with copied quotes: ``m:ss`` or ``h:mm:ss``, empty when unknown
format_time = clock


def _marked_headings(doc: Optional[Document]) -> frozenset[int]:
    """The rows of a Markdown or HTML document's headings (its outline, and the title line that opens it)."""
    if doc is None or not marks_its_headings(doc):
        return frozenset()
    rows = {r.start_sentence for r in doc.reference_chapters if r.start_sentence is not None}
    if doc.sentences and doc.sentences[0].text == doc.title:
        rows.add(0)
    return frozenset(rows)


def _code_rows(doc: Optional[Document]) -> dict[int, int]:
    """Row -> indentation of the rows that are lines of a code listing (a document's)."""
    if doc is None or not any(c.code_indent is not None for c in doc.cues):
        return {}
    rows = {}
    for row, sent in enumerate(doc.sentences):
        first = sent.anchor.cues[0] if sent.anchor.cues else None
        if first is not None and first < len(doc.cues) and doc.cues[first].code_indent is not None:
            rows[row] = doc.cues[first].code_indent
    return rows


@functools.cache
def _fixed_font() -> QFont:
    """The system's fixed-width family, and only that: size and weight stay the view's (its zoom).
    Built once: the view asks each code row's font at every paint."""
    font = QFont()
    font.setFamily(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family())
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


class TranscriptModel(QAbstractListModel):
    """Sentences of a transcript document (read-only)."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._doc: Optional[Document] = None
        self._chapter_of: list[int] = []
        self._chapter_starts: set[int] = set()
        self._chapters: list[Chapter] = []
        self._highlight: set[int] = set()
        self._notes: dict[int, str] = {}
        self._playing = -1
        self._headings: frozenset[int] = frozenset()
        self._code: dict[int, int] = {}  # row -> indentation of a code listing's line

    def set_document(self, doc: Optional[Document]) -> None:
        self.beginResetModel()
        self._doc = doc
        self._headings = _marked_headings(doc)
        self._code = _code_rows(doc)
        self._chapter_of = []
        self._chapter_starts = set()
        self._chapters = []
        self._highlight = set()
        self._notes = {}
        self._playing = -1
        self.endResetModel()

    def set_chapters(self, chapters: list[Chapter]) -> None:
        """Colour rows by chapter; emits dataChanged for every row."""
        n = self.rowCount()
        self._chapters = list(chapters)
        self._chapter_of = [-1] * n
        self._chapter_starts = set()
        for ci, ch in enumerate(chapters):
            self._chapter_starts.add(ch.start)
            for r in range(max(0, ch.start), min(n, ch.end)):
                self._chapter_of[r] = ci
        if n:
            self.dataChanged.emit(self.index(0), self.index(n - 1), [ChapterRole, ChapterStartRole, ChapterTitleRole])

    def set_notes(self, notes: dict[int, str]) -> None:
        """``{row: note text}`` of the rows the analyst's notes cover (drawn as a mark in the gutter)."""
        old = self._notes
        self._notes = {r: t for r, t in notes.items() if 0 <= r < self.rowCount()}
        for r in sorted(r for r in old.keys() | self._notes.keys() if old.get(r) != self._notes.get(r)):
            idx = self.index(r)
            self.dataChanged.emit(idx, idx, [NoteRole, Qt.ItemDataRole.ToolTipRole])

    def set_highlight(self, rows: tuple[int, ...]) -> None:
        old = self._highlight
        self._highlight = {r for r in rows if 0 <= r < self.rowCount()}
        for r in sorted(old ^ self._highlight):
            idx = self.index(r)
            self.dataChanged.emit(idx, idx, [HighlightRole])

    def set_playing(self, row: int) -> None:
        """Mark ``row`` as the one the recording is at (-1: none)."""
        old, self._playing = self._playing, row if 0 <= row < self.rowCount() else -1
        if old == self._playing:
            return
        for r in {old, self._playing} - {-1}:
            idx = self.index(r)
            self.dataChanged.emit(idx, idx, [PlayingRole])

    @property
    def playing(self) -> int:
        return self._playing

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self._doc is None:
            return 0
        return len(self._doc.sentences)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._doc is None or not (0 <= index.row() < len(self._doc.sentences)):
            return None
        row = index.row()
        sent = self._doc.sentences[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return sent.text
        if role == Qt.ItemDataRole.ToolTipRole:
            who = f"{sent.anchor.speaker}, " if sent.anchor.speaker else ""
            return f"{who}{format_time(sent.anchor.start)}–{format_time(sent.anchor.end)}"
        if role == TimeRole:
            return sent.anchor.start
        if role == SpeakerRole:
            return sent.anchor.speaker or ""
        if role == SpeakerChangedRole:
            if row == 0:
                return True
            return (self._doc.sentences[row - 1].anchor.speaker or "") != (sent.anchor.speaker or "")
        if role == ChapterRole:
            return self._chapter_of[row] if row < len(self._chapter_of) else -1
        if role == ChapterStartRole:
            return row in self._chapter_starts
        if role == ChapterTitleRole:
            ci = self._chapter_of[row] if row < len(self._chapter_of) else -1
            return self._chapters[ci].title if ci >= 0 and row in self._chapter_starts else ""
        if role == NoteRole:
            return self._notes.get(row, "")
        if role == Qt.ItemDataRole.ToolTipRole and self._notes.get(row):
            return f"Note: {self._notes[row]}"
        if role == HighlightRole:
            return row in self._highlight
        if role == PlayingRole:
            return row == self._playing
        if role == Qt.ItemDataRole.FontRole and row in self._headings:
            font = QFont()  # only the weight: size and family stay the view's (its zoom)
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and row in self._code:
            return _fixed_font()
        if role == CodeIndentRole:
            return self._code.get(row)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
