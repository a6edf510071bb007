"""Search results as a list model. Results carry the generation of the query that
produced them; :meth:`set_hits` ignores a generation older than the one shown, so a
slow answer to an old query never replaces a newer one."""
from __future__ import annotations

import html
from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from explorer.core.doc_names import hit_document_names
from explorer.core.model import Hit
from explorer.ui.models.transcript_model import format_time

HitRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2


def hit_location(hit: Hit) -> str:
    """Where a click on the hit goes: its page, or its time and who speaks there."""
    a = hit.landing
    if hit.kind == "pdf" and a.page is not None:
        return f"p. {hit.landing_page_name}"
    if a.start is not None:  # a transcript: when, and who starts speaking there
        return format_time(a.start) + (f" · {a.speaker}" if a.speaker else "")
    return a.speaker or ""  # an untimed transcript: who speaks there is still a landmark


def hit_chapter(hit: Hit) -> str:
    """"Chapter › Section" where the hit's chapter has sections, else the chapter."""
    return f"{hit.chapter_title} › {hit.section_title}" if hit.section_title else hit.chapter_title


def hit_html(hit: Hit, show_document: bool = True, document_name: str = "") -> str:
    """Title, chapter and place on one line; the snippet (matches already in <b>) below.
    Without ``show_document`` (a search of the open document) the line starts at the
    chapter: the document's title on every hit cost two lines of a narrow panel each.
    ``document_name``: the name that tells the document from the others' hits."""
    where = hit_location(hit)
    parts = []
    if show_document:
        parts.append(f"<b>{html.escape(document_name or hit.doc_title or hit.path or 'Untitled')}</b>")
    if hit.chapter_title:
        chapter = html.escape(hit_chapter(hit))
        parts.append(chapter if show_document else f"<b>{chapter}</b>")
    if where:
        parts.append(f"<span style='color:#777'>{where}</span>")
    return f"<div>{' · '.join(parts)}</div><div>{hit.snippet}</div>"


class SearchModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._hits: list[Hit] = []
        self.generation = 0
        self.query = ""
        self.show_document = True  # hits name their document (a library search)
        self._names: dict[str, str] = {}  # doc id -> the name its hits show

    def set_hits(self, hits: list[Hit], generation: int, query: str = "", show_document: bool = True) -> bool:
        """Show ``hits`` unless ``generation`` is older than what is shown. True if applied."""
        if generation < self.generation:
            return False
        self.beginResetModel()
        self._hits = list(hits)
        self._names = hit_document_names(self._hits)
        self.generation = generation
        self.query = query
        self.show_document = show_document
        self.endResetModel()
        return True

    def hit(self, row: int) -> Optional[Hit]:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._hits)):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            name = self._names.get(hit.doc_id, hit.doc_title)
            return f"{name} — {hit_chapter(hit)} ({hit_location(hit)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.text[:500]
        if role == HtmlRole:
            return hit_html(hit, self.show_document, self._names.get(hit.doc_id, ""))
        if role == HitRole:
            return hit
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
