"""Settings and About dialogs.

Settings live in QSettings (UI state and preferences only; user data lives in the
data folder): ``analysis/granularity``, ``overlays/classes`` (layout classes shown),
``analysis/embedder`` (st, onnx, e5, hashing) and ``paths/data_dir``. The last two take
effect at the next start (the embedder and data folder are process-wide).
"""
from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Optional

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer import APP_NAME, __version__
from explorer.core.model import LAYOUT_CLASSES

from explorer.ui.prefs import DEFAULT_EMBEDDER, EMBEDDERS, GRANULARITIES, read_settings  # noqa: E402


class SettingsDialog(QDialog):
    def __init__(self, settings: QSettings, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        values = read_settings(settings)
        self.granularity = QComboBox()
        for label, value in GRANULARITIES:
            self.granularity.addItem(label, value)
        levels = [v for _l, v in GRANULARITIES]
        self.granularity.setCurrentIndex(levels.index(values["granularity"]) if values["granularity"] in levels
                                         else levels.index(0))
        self.embedder = QComboBox()
        from explorer.core.embedding import sentence_transformers_available
        from explorer.core.embedding_e5 import available as e5_available

        missing = {"e5"} if not e5_available() else set()
        if not sentence_transformers_available():
            missing.add("st")  # a build without torch: MiniLM runs on onnxruntime
        offered = [(label, value) for label, value in EMBEDDERS if value not in missing]
        for label, value in offered:
            self.embedder.addItem(label, value)
        values_offered = [v for _l, v in offered]
        self.embedder.setCurrentIndex(values_offered.index(values["embedder"]) if values["embedder"] in values_offered
                                      else 0)
        self.data_dir = QLineEdit(values["data_dir"])
        self.data_dir.setPlaceholderText("default (platform data folder)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir, 1)
        data_row.addWidget(browse)
        self.ocr_languages = QLineEdit(values["ocr_languages"])
        self.ocr_languages.setPlaceholderText("eng")
        from explorer.core.loaders.pdf_ocr import installed_languages

        have = installed_languages()
        self.ocr_languages.setToolTip(
            "Languages Tesseract reads scanned pages in, joined with '+' (e.g. deu+eng).\n"
            + (f"Installed: {', '.join(have)}" if have else "Tesseract is not installed (apt-get install tesseract-ocr)."))
        form = QFormLayout()
        form.addRow("Chapters:", self.granularity)
        form.addRow("Embedding model:", self.embedder)
        form.addRow("Data folder:", data_row)
        form.addRow("Scanned pages in:", self.ocr_languages)
        box = QGroupBox("Layout overlay classes")
        grid = QGridLayout(box)
        self.class_boxes: dict[str, QCheckBox] = {}
        for i, name in enumerate(LAYOUT_CLASSES):
            cb = QCheckBox(name)
            cb.setChecked(name in values["classes"])
            self.class_boxes[name] = cb
            grid.addWidget(cb, i // 3, i % 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(buttons)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Data folder", self.data_dir.text())
        if folder:
            self.data_dir.setText(folder)

    def values(self) -> dict:
        return {
            "granularity": int(self.granularity.currentData()),
            "classes": [n for n, cb in self.class_boxes.items() if cb.isChecked()],
            "embedder": str(self.embedder.currentData()),
            "data_dir": self.data_dir.text().strip(),
            "ocr_languages": "+".join(w.strip() for w in self.ocr_languages.text().replace(",", "+").split("+")
                                      if w.strip()),
        }

    def accept(self) -> None:
        v = self.values()
        self.settings.setValue("analysis/granularity", v["granularity"])
        self.settings.setValue("overlays/classes", v["classes"])
        self.settings.setValue("analysis/embedder", v["embedder"])
        self.settings.setValue("analysis/embedder_default", DEFAULT_EMBEDDER)  # what "st" meant when saved
        self.settings.setValue("paths/data_dir", v["data_dir"])
        self.settings.setValue("ocr/languages", v["ocr_languages"])
        self.settings.sync()
        super().accept()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def about_text() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from explorer.core import store

    rows = [
        (APP_NAME, __version__),
        ("Python", f"{sys.version.split()[0]} ({platform.system()})"),
        ("Qt / PySide6", f"{qVersion()} / {pyside_version}"),
        ("PyMuPDF", _version("pymupdf")),
        ("sentence-transformers", _version("sentence-transformers")),
        ("torch", _version("torch")),
        ("LanceDB", _version("lancedb")),
        ("matplotlib", _version("matplotlib")),
    ]
    table = "".join(f"<tr><td>{k}</td><td>&nbsp;{v}</td></tr>" for k, v in rows)
    return (f"<h3>{APP_NAME} {__version__}</h3><p>An offline explorer for long PDFs and transcripts.</p>"
            f"<table>{table}</table><p>Data folder: <code>{store.data_dir()}</code><br>"
            f"Log folder: <code>{store.log_dir()}</code></p><p>Licence: AGPL-3.0-or-later.</p>")


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setText(about_text())
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box
