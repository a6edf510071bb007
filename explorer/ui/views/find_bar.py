"""Find in document: a bar above the page or transcript (Ctrl+F), as in a reader.

Typing finds every sentence containing the phrase (:mod:`explorer.core.find`: case,
accents and spacing ignored), says "3 of 17", and shows the first one after the
current position; Enter / F3 go to the next, Shift+Enter / Shift+F3 to the previous,
Esc closes. Showing a match is the window's job (``match_requested``), the same
highlight a search hit gets.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

DEBOUNCE_MS = 150


class FindBar(QWidget):
    """``match_requested(sentence)`` when a match is to be shown; ``closed`` when hidden."""

    match_requested = Signal(int)
    closed = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in this document")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.prev_button = QToolButton()
        self.prev_button.setText("▲")
        self.prev_button.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (Enter, F3)")
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(close)
        self.matches: list[int] = []
        self.position = -1
        self._folded: list[str] = []
        self._doc_key: object = None
        self._origin = 0  # the sentence being read when the search began: the first match is after it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.next)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        close.clicked.connect(self.close_bar)
        for keys, slot in ((QKeySequence.StandardKey.FindNext, self.next),
                           (QKeySequence.StandardKey.FindPrevious, self.previous),
                           ("Shift+Return", self.previous), ("Shift+Enter", self.previous),
                           ("Escape", self.close_bar)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.hide()

    # --- state -----------------------------------------------------------------------
    def set_document(self, doc, origin: int = 0) -> None:  # noqa: ANN001 - Document or None
        """The document to search (folded once per document), and where the reader is."""
        from explorer.core.find import folded_sentences

        key = (doc.id, len(doc.sentences)) if doc is not None else None
        if key != self._doc_key:
            self._doc_key = key
            self._folded = folded_sentences(doc) if doc is not None else []
        self._origin = origin
        if self.isVisible():
            self.refresh()

    def open_bar(self, origin: int = 0) -> None:
        self._origin = origin
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text().strip():
            self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    # --- matches ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Find the current text again; show the first match at or after the reader's place."""
        from explorer.core.find import find_sentences

        self._timer.stop()
        self.matches = find_sentences(self._folded, self.edit.text())
        if not self.matches:
            self.position = -1
            self.count.setText("No matches" if self.edit.text().strip() else "")
            return
        self.position = next((k for k, i in enumerate(self.matches) if i >= self._origin), 0)
        self._show()

    def next(self) -> None:
        if self._timer.isActive():
            self.refresh()
            return
        if self.matches:
            self.position = (self.position + 1) % len(self.matches)
            self._show()

    def previous(self) -> None:
        if self._timer.isActive():
            self.refresh()
        if self.matches:
            self.position = (self.position - 1) % len(self.matches)
            self._show()

    def _show(self) -> None:
        self.count.setText(f"{self.position + 1} of {len(self.matches)}")
        self._origin = self.matches[self.position]
        self.match_requested.emit(self.matches[self.position])
