"""Chapters as a tree model: generated chapters with their sections, or the
reference outline (PDF outline / imported chapter file) nested by level.

Columns: title, where it starts (page label or time), length (pages or duration).
Each node carries enough to jump: the first sentence and, when known, a page and y
or a start time. The core returns plain lists; this model only adapts them.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Optional

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from explorer.core.model import Chapter, Document, ReferenceChapter
from explorer.core.speakers import describe_shares, speaker_shares
from explorer.ui.colors import chapter_color
from explorer.ui.models.transcript_model import format_time

EntryRole = Qt.ItemDataRole.UserRole + 1

COLUMNS = ("Title", "Starts", "Length")
# Combined once: the tree asks every row's flags as it lays rows out, and combining
# Python enum flags on each call was most of the cost of filling a 400-row outline.
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_RENAMABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable


@dataclass(eq=False)
class ChapterEntry:
    """One row: a chapter, a section or an outline entry."""

    title: str
    level: int = 1
    sentence: Optional[int] = None
    end_sentence: Optional[int] = None
    page: Optional[int] = None
    y: Optional[float] = None
    time: Optional[float] = None
    where: str = ""
    length: str = ""
    color: int = -1
    source: str = "generated"  # generated, section, reference
    chapter_index: int = -1
    children: list["ChapterEntry"] = field(default_factory=list, repr=False)
    # The link up is weak: a parent and its children holding each other strongly are a
    # reference cycle, which gc_landing's freeze would keep in memory for good.
    _parent: Optional["weakref.ref[ChapterEntry]"] = field(default=None, init=False, repr=False)

    @property
    def parent(self) -> Optional["ChapterEntry"]:
        return self._parent() if self._parent is not None else None

    @property
    def has_swatch(self) -> bool:
        """Whether its row shows the chapter's colour (sections share their chapter's)."""
        return self.color >= 0 and self.source != "section"

    def add_child(self, child: "ChapterEntry") -> None:
        child._parent = weakref.ref(self)
        self.children.append(child)

    def row(self) -> int:
        if self.parent is None:
            return 0
        return self.parent.children.index(self)


def _where(doc: Document, sentence: Optional[int], page: Optional[int], time: Optional[float]) -> str:
    if doc.kind == "pdf":
        if page is None and sentence is not None and 0 <= sentence < len(doc.sentences):
            page = doc.sentences[sentence].anchor.page
        if page is None:
            return ""
        return f"p. {doc.page_name(page)}"
    if time is None and sentence is not None and 0 <= sentence < len(doc.sentences):
        time = doc.sentences[sentence].anchor.start
    return format_time(time)


def _length(doc: Document, start: int, end: int) -> str:
    sents = doc.sentences
    if not sents or start >= end:
        return ""
    first, last = sents[start].anchor, sents[min(end, len(sents)) - 1].anchor
    if doc.kind == "pdf" and first.page is not None and last.page is not None:
        n = last.page - first.page + 1
        return f"{n} p." if n == 1 else f"{n} pp."
    if first.start is not None and last.end is not None:
        return format_time(max(0.0, last.end - first.start))
    return f"{end - start} sent."


def untitled(doc: Document, sentence: int, words: int = 6) -> str:
    """A stand-in title for an untitled section: its first words, in italics-like quotes."""
    if not (0 <= sentence < len(doc.sentences)):
        return "(untitled)"
    ws = doc.sentences[sentence].text.split()
    return "“" + " ".join(ws[:words]) + ("…”" if len(ws) > words else "”")


def entries_from_chapters(doc: Document, chapters: list[Chapter], sections: list[Chapter] = ()) -> list[ChapterEntry]:
    """Generated chapters at the top level, their sections (by range) as children."""
    roots: list[ChapterEntry] = []
    for ci, ch in enumerate(chapters):
        anchor = doc.sentences[ch.start].anchor if ch.start < len(doc.sentences) else None
        entry = ChapterEntry(
            title=ch.title or untitled(doc, ch.start), level=1, sentence=ch.start, end_sentence=ch.end,
            page=anchor.page if anchor else None, time=anchor.start if anchor else None,
            where=_where(doc, ch.start, None, None), length=_length(doc, ch.start, ch.end), color=ci,
            source="generated", chapter_index=ci,
        )
        if anchor is not None and anchor.rects:
            entry.y = anchor.rects[0].y0
        roots.append(entry)
    for sec in sections or ():
        for parent in roots:
            if parent.sentence is not None and parent.sentence <= sec.start < (parent.end_sentence or 0):
                anchor = doc.sentences[sec.start].anchor if sec.start < len(doc.sentences) else None
                child = ChapterEntry(
                    title=sec.title or f"Section {parent.chapter_index + 1}.{len(parent.children) + 1}", level=2, sentence=sec.start, end_sentence=sec.end,
                    page=anchor.page if anchor else None, time=anchor.start if anchor else None,
                    where=_where(doc, sec.start, None, None), length=_length(doc, sec.start, sec.end),
                    color=parent.color, source="section", chapter_index=parent.chapter_index,
                )
                if anchor is not None and anchor.rects:
                    child.y = anchor.rects[0].y0
                parent.add_child(child)
                break
    return roots


def entries_from_reference(doc: Document, reference: list[ReferenceChapter]) -> list[ChapterEntry]:
    """Outline entries nested by level (a deeper level becomes a child of the last shallower one)."""
    n = len(doc.sentences)
    flat: list[ChapterEntry] = []
    for rc in reference:
        flat.append(ChapterEntry(
            title=rc.title or "(untitled)", level=max(1, rc.level), sentence=rc.start_sentence, page=rc.page, y=rc.y,
            time=rc.start_time, where=_where(doc, rc.start_sentence, rc.page, rc.start_time), source="reference",
        ))
    for i, e in enumerate(flat):  # length: up to the next entry at the same or a shallower level
        nxt = next((f for f in flat[i + 1:] if f.level <= e.level and f.sentence is not None), None)
        end = nxt.sentence if nxt is not None else n
        if e.sentence is not None and end is not None and end > e.sentence:
            e.end_sentence = end
            e.length = _length(doc, e.sentence, end)
    roots: list[ChapterEntry] = []
    stack: list[ChapterEntry] = []
    for e in flat:
        while stack and stack[-1].level >= e.level:
            stack.pop()
        if stack:
            stack[-1].add_child(e)
        else:
            e.color = len(roots)
            roots.append(e)
        stack.append(e)
    return roots


class ChapterTreeModel(QAbstractItemModel):
    """A tree of :class:`ChapterEntry`; read-only unless ``editable`` (then the titles of
    generated chapters can be edited inline: ``rename_requested(chapter_index, title)``)."""

    rename_requested = Signal(int, str)
    editable = False

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._roots: list[ChapterEntry] = []
        self._doc: Optional[Document] = None
        self._embeddings: Any = None  # the sentence vectors, for each chapter's key sentence

    def set_entries(self, roots: list[ChapterEntry], doc: Optional[Document] = None, embeddings: Any = None) -> None:
        """Show ``roots``; ``doc`` (optional) gives each row's tooltip: its key sentence when the
        sentence ``embeddings`` are given (:func:`explorer.core.gist.key_sentence`), else its first."""
        self.beginResetModel()
        self._roots = list(roots)
        self._doc = doc
        self._embeddings = embeddings
        self.endResetModel()

    def _tooltip(self, e: ChapterEntry) -> str:
        doc = self._doc
        first = doc.sentences[e.sentence].text
        tip = f"{e.title}\n{first[:200]}"
        if e.end_sentence is not None:
            from explorer.core.gist import key_sentence  # numpy: not at launch

            key = key_sentence(doc, self._embeddings, e.sentence, e.end_sentence)
            if key is not None and key != e.sentence:
                tip = f"{e.title}\n“{doc.sentences[key].text[:300]}”"
            if doc.kind == "transcript":
                who = describe_shares(speaker_shares(doc, e.sentence, e.end_sentence))
                tip += f"\nSpeakers: {who}" if who and "," in who else ""  # one voice throughout: nothing to say
        return tip

    def entries(self) -> list[ChapterEntry]:
        return list(self._roots)

    def color_by_chapter(self, chapter_of: Optional[Callable[[int], int]]) -> None:
        """Give each top entry the colour of the chapter its start lies in (``chapter_of``:
        sentence -> chapter index), so that an outline entry and the chapter holding it look
        alike; with no chapters (None), no colour."""
        for e in self._roots:
            e.color = chapter_of(e.sentence) if chapter_of is not None and e.sentence is not None else -1
        if self._roots:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._roots) - 1, 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def entry(self, index: QModelIndex | QPersistentModelIndex) -> Optional[ChapterEntry]:
        return index.internalPointer() if index.isValid() else None

    def index_of_chapter(self, chapter_index: int) -> QModelIndex:
        if 0 <= chapter_index < len(self._roots):
            return self.createIndex(chapter_index, 0, self._roots[chapter_index])
        return QModelIndex()

    # --- QAbstractItemModel -----------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        siblings = parent.internalPointer().children if parent.isValid() else self._roots
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        entry: ChapterEntry = index.internalPointer()
        if entry.parent is None:
            return QModelIndex()
        return self.createIndex(entry.parent.row(), 0, entry.parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(parent.internalPointer().children)
        return len(self._roots)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e: ChapterEntry = index.internalPointer()
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.title, e.where, e.length)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._doc is not None and e.sentence is not None and 0 <= e.sentence < len(self._doc.sentences):
                return self._tooltip(e)
            return e.title
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and e.has_swatch:
            return chapter_color(e.color)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EntryRole:
            return e
        if role == Qt.ItemDataRole.EditRole and col == 0:
            return e.title
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Inline rename: show the new title and ask for the edit (the caller pushes it)."""
        if not (self._is_renamable(index) and role == Qt.ItemDataRole.EditRole):
            return False
        e: ChapterEntry = index.internalPointer()
        title = str(value or "").strip()
        if not title or title == e.title:
            return False
        e.title = title
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.rename_requested.emit(e.chapter_index, title)
        return True

    def _is_renamable(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return (self.editable and index.isValid() and index.column() == 0
                and index.internalPointer().source == "generated")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _RENAMABLE if self._is_renamable(index) else _SELECTABLE
