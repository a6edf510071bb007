"""First-run view: what Strata is and three ways to start."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeView(QWidget):
    open_requested = Signal()
    import_folder_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent=None, sample_available: bool = True) -> None:  # noqa: ANN001
        super().__init__(parent)
        title = QLabel("<h1>Strata</h1>")
        blurb = QLabel(
            "Explore long PDFs and transcripts: see their layout, the chapters Strata finds, "
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
        hint = QLabel("or drop a PDF or a transcript here")
        hint.setEnabled(False)
        for b in (self.open_button, self.import_button, self.sample_button):
            b.setMinimumWidth(220)
            b.setMinimumHeight(32)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_requested)
        self.import_button.clicked.connect(self.import_folder_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (title, blurb):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        for w in (self.open_button, self.import_button, self.sample_button, hint):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
