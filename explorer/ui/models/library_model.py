"""The library (documents in the search index) as a table model.

Rows come from :meth:`explorer.core.index.Library.documents` (plain dicts, read on a
worker lane); the open document's analysis state is overlaid by :meth:`set_state`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from explorer.core.doc_names import row_kind, row_titles
from explorer.core.file_stamps import CHANGED, MISSING, STATE_WORDS
from explorer.ui.models.transcript_model import format_time

RowRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Title", "Kind", "Size", "Chunks", "Added", "State")
STATE_COLUMN = len(COLUMNS) - 1


FILE_STATE_TIPS = {
    MISSING: ("\nThe file was moved or deleted: its passages are still found, but it cannot be opened "
                "there. Remove it, or import it from where it is now."),
    CHANGED: ("\nThe file was edited since it was indexed: search finds the text it had then. "
                "Update (or opening it) indexes the new version; corrections and notes follow their text."),
}


def _size(row: dict) -> str:
    if row.get("kind") == "pdf":
        n = int(row.get("pages") or 0)
        return f"{n} page{'s' if n != 1 else ''}"
    duration = row.get("duration")
    return format_time(duration) if duration else f"{row.get('sentences') or 0} sentences"


class LibraryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[dict] = []
        self._shown_titles: list[str] = []
        self._states: dict[str, str] = {}

    def set_documents(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self._shown_titles = row_titles(self._rows)  # each told apart from the others
        self.endResetModel()

    def set_file_states(self, states: dict[str, str]) -> None:
        """The files' states found by hashing (``{doc id: "changed" | "missing" | ""}``); one
        change signal for all (a large library's check must not redraw row by row)."""
        touched = [r for r, row in enumerate(self._rows) if row.get("id") in states]
        for r in touched:
            self._rows[r]["state"] = states[self._rows[r]["id"]]
        if touched:
            self.dataChanged.emit(self.index(touched[0], 0), self.index(touched[-1], len(COLUMNS) - 1))

    def changed_paths(self) -> list[str]:
        """The files edited since they were indexed (to import again)."""
        return [str(r["path"]) for r in self._rows if r.get("state") == CHANGED and r.get("path")]

    def set_state(self, doc_id: str, state: str) -> None:
        """Overlay a state ("analysing", "indexing", "failed"...) for ``doc_id``; "" clears it."""
        if state:
            self._states[doc_id] = state
        else:
            self._states.pop(doc_id, None)
        for r, row in enumerate(self._rows):
            if row.get("id") == doc_id:
                idx = self.index(r, len(COLUMNS) - 1)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole])

    def row_of(self, doc_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.get("id") == doc_id), -1)

    def document(self, row: int) -> Optional[dict]:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self._shown_titles[index.row()]
            if col == 1:
                return row_kind(row)
            if col == 2:
                return _size(row)
            if col == 3:
                return str(row.get("chunks") or 0)
            if col == 4:  # the day it was indexed (ISO: sorts as it reads)
                return str(row.get("indexed_at") or "")[:10]
            if col == STATE_COLUMN:
                return self._states.get(row.get("id", ""), STATE_WORDS.get(row.get("state") or "", "indexed"))
        if role == Qt.ItemDataRole.ToolTipRole:
            title = row.get("title") or Path(row.get("path") or "").name
            why = FILE_STATE_TIPS.get(row.get("state") or "", "")
            # what a narrow panel's hidden columns say (kind, size, the day it was added)
            added = str(row.get("indexed_at") or "")[:10]
            facts = " · ".join(x for x in (row_kind(row), _size(row), f"added {added}" if added else "") if x)
            return f"{title}\n{row.get('path') or ''}\n{facts}\n{row.get('chunks') or 0} search chunks{why}"
        if role == Qt.ItemDataRole.FontRole and row.get("state") == CHANGED and col == STATE_COLUMN:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.get("state") == MISSING:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == RowRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
