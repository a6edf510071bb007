"""Library panel: every indexed document, import (file or folder), remove, open on double-click."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSortFilterProxyModel, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from explorer.core.file_stamps import CHANGED, MISSING
from explorer.ui.models.library_model import LibraryModel
from explorer.ui.script_fonts import ensure_glyphs_for


# Columns a narrow panel hides, first to last, so that titles stay readable: the day a
# document was added, its kind, its size (each row's tooltip still gives them).
OPTIONAL_COLUMNS = (4, 1, 2)
TITLE_SHARE = 0.5  # of the table's width, at least, for the titles


class LibraryPanel(QWidget):
    open_requested = Signal(str)  # path
    import_folder_requested = Signal()
    import_file_requested = Signal()
    remove_requested = Signal(str)  # doc id
    update_requested = Signal(list)  # paths of files edited since they were indexed

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)  # the title (the row's tooltip has the path)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by title…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, self.model.columnCount()):
            self.view.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        # Chunks are the index's business, not the reader's: the titles get that room (the
        # count stays in each row's tooltip).
        self.view.setColumnHidden(3, True)
        self.view.setWordWrap(False)
        self.view.viewport().installEventFilter(self)  # fit the columns to the width it gets
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.empty_label = QLabel("The library is empty. Documents you open are analysed and added here.")
        self.empty_label.setWordWrap(True)
        self.add_button = QPushButton("Add file…")
        self.import_button = QPushButton("Import folder…")
        self.remove_button = QPushButton("Remove")
        self.update_button = QPushButton("Update")
        self.update_button.clicked.connect(lambda: self.update_requested.emit(self.model.changed_paths()))
        self.add_button.clicked.connect(self.import_file_requested)
        self.import_button.clicked.connect(self.import_folder_requested)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.import_button, self.remove_button, self.update_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.model.modelReset.connect(self._update_empty)
        self.model.dataChanged.connect(lambda *_: self._update_empty())
        self._update_empty()

    def set_documents(self, rows: list[dict]) -> None:
        ensure_glyphs_for(str(row.get("title") or "") for row in rows)
        self.model.set_documents(rows)
        self.fit_columns()

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Hide the optional columns a narrow panel has no room for. In a 290-pixel dock the
        kind, size, date and state took it all, and every title read "tin…"."""
        view, header = self.view, self.view.horizontalHeader()
        room = view.viewport().width()
        if room <= 0:
            return
        for c in OPTIONAL_COLUMNS:
            view.setColumnHidden(c, False)
        shown = [c for c in range(1, self.model.columnCount()) if not view.isColumnHidden(c)]
        needed = {c: max(view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in shown}
        for c in OPTIONAL_COLUMNS:
            if room - sum(needed.values()) >= TITLE_SHARE * room:
                break
            view.setColumnHidden(c, True)
            needed.pop(c, None)

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        many = self.model.rowCount() > 8  # a filter is worth its room once the list scrolls
        if not many and self.filter_edit.text():
            self.filter_edit.clear()  # never a hidden filter hiding documents
        self.filter_edit.setVisible(many)
        self.remove_button.setEnabled(not empty)
        changed = len(self.model.changed_paths())
        self.update_button.setVisible(changed > 0)
        self.update_button.setToolTip(f"Index again the {changed} file{'s' if changed != 1 else ''} edited since "
                                      "they were indexed")

    def _source_row(self, index: QModelIndex) -> int:
        return self.proxy.mapToSource(index).row()

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        doc = self.model.document(self._source_row(index))
        if doc and doc.get("path"):
            self.open_requested.emit(doc["path"])

    def menu_for(self, doc: dict) -> QMenu:
        """A document's context menu: open it, show its file, copy its path, update, remove."""
        menu = QMenu(self)
        path = str(doc.get("path") or "")
        here = bool(path) and doc.get("state") != MISSING
        act = menu.addAction("Open")
        act.setEnabled(here)
        act.triggered.connect(lambda: self.open_requested.emit(path))
        act = menu.addAction("Show in Folder")
        act.setEnabled(here)
        act.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent))))
        act = menu.addAction("Copy Path")
        act.setEnabled(bool(path))
        act.triggered.connect(lambda: QGuiApplication.clipboard().setText(path))
        if doc.get("state") == CHANGED:
            act = menu.addAction("Update (index the edited file)")
            act.triggered.connect(lambda: self.update_requested.emit([path]))
        menu.addSeparator()
        act = menu.addAction("Remove from Library")
        act.triggered.connect(lambda: self.remove_requested.emit(doc["id"]))
        gone = [d["id"] for d in (self.model.document(r) or {} for r in range(self.model.rowCount()))
                if d.get("state") == MISSING]
        if gone:  # a moved folder leaves many: one click, not one per document
            act = menu.addAction(f"Remove the {len(gone)} Missing File{'s' if len(gone) != 1 else ''} from Library")
            act.triggered.connect(lambda: [self.remove_requested.emit(doc_id) for doc_id in gone])
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        idx = self.view.indexAt(pos)
        doc = self.model.document(self._source_row(idx)) if idx.isValid() else None
        if doc:
            self.menu_for(doc).popup(self.view.viewport().mapToGlobal(pos))

    def _on_remove_clicked(self) -> None:
        idx = self.view.currentIndex()
        doc = self.model.document(self._source_row(idx)) if idx.isValid() else None
        if doc:
            self.remove_requested.emit(doc["id"])
