"""File > Export Chapters…: the chapters as the user left them, in any format of
:mod:`explorer.core.exports` that fits the document.

The text is built on the GUI thread (string formatting: milliseconds even for a
hundred chapters). The writing (:func:`explorer.core.exports.write_export`), and for
a PDF the copy with its new outline (seconds for a 400-page manual), runs on the
"pdf" lane, so a slow disk or a big PDF never freezes the window. Files are written
atomically: a full disk leaves no half file.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from explorer.core.sections import fit_sections
from explorer.core.exports import (LABELS, SUFFIXES, export_text, formats_for, pdf_note_marks, pdf_toc,
                                   recording_export_args, write_export)

log = logging.getLogger(__name__)


def _filter(fmt: str) -> str:
    return f"{LABELS[fmt]} (*{SUFFIXES[fmt]})"


class ChapterExport(QObject):
    """Create once per window: ``window.chapter_export = ChapterExport(window)``."""

    exported = Signal(str)  # the written file
    failed = Signal(str)  # one sentence

    def __init__(self, window) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window = window

    def ask(self) -> None:
        """The save dialog: a file type per format that fits the document."""
        session = self.window.session
        if session is None or not session.chapters:
            return
        doc = session.document
        fmts = formats_for(doc)
        settings = self.window.settings
        last = str(settings.value("export/format", "")) if settings is not None else ""
        fmt = last if last in fmts else fmts[0]
        folder = Path(doc.path).parent  # beside the document, unless it cannot be written there
        if not (folder.is_dir() and os.access(folder, os.W_OK)):
            folder = Path.home()
        start = str(folder / (Path(doc.path).stem + SUFFIXES[fmt]))
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export Chapters", start,
                                                   ";;".join(_filter(f) for f in fmts), _filter(fmt))
        if not path:
            return
        fmt = next((f for f in fmts if _filter(f) == chosen), fmt)
        if settings is not None:
            settings.setValue("export/format", fmt)
        if not Path(path).suffix:
            path += SUFFIXES[fmt]
        self.export_to(path, fmt)

    def export_to(self, path: str, fmt: str):  # noqa: ANN201 - a TaskHandle, or None when refused
        """Export the open document's chapters (with the user's corrections) to ``path``."""
        w = self.window
        session = w.session
        if session is None or not session.chapters:
            return None
        doc = session.document
        if Path(path).resolve() == Path(doc.path).resolve():
            self._fail("Choose another file name: the export would replace the document itself.")
            return None
        chapters = list(session.chapters)
        sections = fit_sections(session.sections, chapters, session.automatic_chapters)
        name = Path(path).name
        notes = w.notes.items if getattr(w, "notes", None) is not None else ()  # as the Notes panel has them
        try:
            if fmt == "pdf":
                if doc.kind != "pdf":
                    raise ValueError("only a PDF can get its chapters written as an outline")
                args = dict(pdf_source=doc.path, toc=pdf_toc(doc, chapters, sections),
                            password=getattr(session, "password", None), marks=pdf_note_marks(doc, notes),
                            doc_id=doc.id)
            elif fmt == "mp3":
                args = recording_export_args(doc, chapters)
                if Path(path).resolve() == Path(args["mp3_source"]).resolve():
                    raise ValueError("choose another file name: the export would replace the recording itself")
            else:
                vectors = getattr(session.analysis, "embeddings", None)  # the summary's key sentences
                args = dict(text=export_text(doc, chapters, fmt, sections, notes, vectors))
        except Exception as exc:  # noqa: BLE001 - ExportError and friends: one sentence for the user
            self._fail(f"Could not export the chapters as {LABELS.get(fmt, fmt)}: {exc}")
            return None
        handle = w.workers.submit("pdf", write_export, path, name=f"Exporting chapters to {name}",
                                  visible=True, **args)
        count = len(chapters)
        handle.finished.connect(lambda _p: self._done(path, count))
        handle.failed.connect(lambda exc: self._fail(f"Could not write {name}: {exc}"))
        return handle

    def _done(self, path: str, count: int) -> None:
        self.window.message_bar.show_message(
            f"Exported {count} chapter{'s' if count != 1 else ''} to {path}.", level="info", details=False)
        self.exported.emit(path)

    def _fail(self, message: str) -> None:
        log.warning("%s", message)
        self.window.message_bar.show_message(message, level="error", details=False)
        self.failed.emit(message)
