"""Start view: what Strata is, three ways to start, and the documents opened last."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

MAX_SHOWN = 6
TITLE_CHARS = 60


def _elided(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "\u2026"


class WelcomeView(QWidget):
    open_requested = Signal()
    import_folder_requested = Signal()
    sample_requested = Signal()
    recent_requested = Signal(str)  # a path from the recent list

    def __init__(self, parent=None, sample_available: bool = True) -> None:  # noqa: ANN001
        super().__init__(parent)
        title = QLabel("<h1>Strata</h1>")
        blurb = QLabel(
            "Explore long PDFs, documents and transcripts: see their layout, the chapters Strata finds, "
            "and search them by meaning. Everything stays on this computer."
        )
        blurb.setWordWrap(True)
        blurb.setFixedWidth(460)
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        blurb.setMinimumHeight(blurb.heightForWidth(460) + 4)
        self.open_button = QPushButton("Open a document…")
        self.import_button = QPushButton("Import a folder…")
        self.sample_button = QPushButton("Open sample")
        self.sample_button.setVisible(sample_available)
        hint = QLabel("or drop a PDF, an e-book, a Word or web document, or a transcript (with its recording) here")
        hint.setEnabled(False)
        # wrapped to the blurb's width: a wider label would widen the window's central area
        # (the stacked pages share their minimum width) and squeeze the docks beside it
        hint.setWordWrap(True)
        hint.setFixedWidth(460)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setMinimumHeight(hint.heightForWidth(460) + 2)
        for b in (self.open_button, self.import_button, self.sample_button):
            b.setMinimumWidth(220)
            b.setMinimumHeight(32)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_requested)
        self.import_button.clicked.connect(self.import_folder_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.recent_title = QLabel("<b>Recent</b>")
        self.recent_box = QVBoxLayout()
        self.recent_box.setSpacing(2)
        self.recent_buttons: list[QPushButton] = []
        self._recent: list[str] = []
        self._titles: dict[str, str] = {}  # path -> the document's title, from the library
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (title, blurb):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        for w in (self.open_button, self.import_button, self.sample_button, hint):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        layout.addWidget(self.recent_title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(self.recent_box)
        layout.addStretch(3)
        self.set_recent([])

    def set_titles(self, titles: dict[str, str]) -> None:
        """Name recent documents by their titles ("Dense Passage Retrieval for ...") rather
        than their file names, once the library says what they are."""
        self._titles = dict(titles)
        self.set_recent(self._recent)

    def set_recent(self, paths: list[str]) -> None:
        """Show the documents opened last, newest first; one that is gone is shown greyed,
        with the reason, rather than dropped, so the user sees what became of it."""
        self._recent = list(paths)
        for b in self.recent_buttons:
            self.recent_box.removeWidget(b)
            b.deleteLater()
        self.recent_buttons = []
        for path in paths[:MAX_SHOWN]:
            p = Path(path)
            exists = p.is_file()
            title = self._titles.get(path, "")
            name = f"{_elided(title)} \u2014 {p.name}" if title and not p.name.startswith(title) else p.name
            b = QPushButton(name if exists else f"{p.name} (moved or deleted)")
            b.setFlat(True)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setToolTip(path)
            b.setEnabled(exists)
            b.setMinimumWidth(220)
            b.clicked.connect(lambda _checked=False, path=path: self.recent_requested.emit(path))
            self.recent_box.addWidget(b, 0, Qt.AlignmentFlag.AlignHCenter)
            self.recent_buttons.append(b)
        self.recent_title.setVisible(bool(self.recent_buttons))
