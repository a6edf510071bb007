"""Opening a file off the GUI thread, in two steps on the "pdf" lane.

1. ``probe``: for a PDF, open a renderer, read page sizes and render the first page
   (so the window shows page 1 at once, with placeholders for the rest).
2. ``load``: :func:`explorer.core.loaders.load_document` builds the full Document.

When the "pdf" lane is a process lane (as the application runs it), the renderer
stays in that child and the session holds a :class:`~explorer.ui.proc_pdf.RemotePdf`
handle; the load then runs on the "open" lane (a second child, so page renders
never wait behind it) when that is a process lane too. The functions live in
:mod:`explorer.ui.proc_pdf` (no Qt, so the children stay light).

The opener emits ``session_previewed`` after step 1, ``session_opened`` after step 2
and ``open_failed`` (with a one-sentence message) when either step fails; a
cancelled open is silent. The window keeps its previous document until
``session_opened`` and puts it back on failure, so bad input changes nothing.
Encrypted PDFs raise :class:`PasswordRequired` / :class:`WrongPassword`; the window
asks for a password and calls :meth:`open` again.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal

from explorer.core.model import Document
from explorer.ui.proc_pdf import finish_pymupdf_import, import_pymupdf_without_layout, load, probe, probe_remote  # noqa: F401
from explorer.ui.session import DocumentSession

log = logging.getLogger(__name__)


class DocumentOpener(QObject):
    """Runs probe + load for one path at a time (a new open supersedes the previous one)."""

    session_previewed = Signal(object)  # DocumentSession with a placeholder Document (PDF only)
    session_opened = Signal(object)  # DocumentSession with the loaded Document
    open_failed = Signal(str, object)  # path, exception
    open_cancelled = Signal(str)

    def __init__(self, workers, parent: Optional[QObject] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._workers = workers
        self._session: Optional[DocumentSession] = None
        self._handles: list = []
        self.first_scale = 1.5
        self._generation = 0

    @property
    def busy(self) -> bool:
        return any(not h.is_done for h in self._handles)

    def cancel(self) -> None:
        for h in self._handles:
            h.cancel()

    def open(self, path: str, password: Optional[str] = None) -> None:
        self.cancel()
        self._close_preview()
        self._generation += 1
        gen = self._generation
        path = os.fspath(path)
        name = Path(path).name
        remote = self._workers.is_process_lane("pdf")
        # PyMuPDF is not thread-safe: in threads both steps share the pdf lane; in child processes
        # the load gets its own so that page renders never wait behind it
        load_lane = "open" if remote and self._workers.is_process_lane("open") else "pdf"
        ph = self._workers.submit("pdf", probe_remote if remote else probe, path, password, self.first_scale,
                                  name=f"Opening {name}", key="open-probe")
        lh = self._workers.submit(load_lane, load, path, password, name=f"Opening {name}", key="open-load", visible=True)
        self._handles = [ph, lh]
        ph.finished.connect(lambda result: self._if_current(gen, self._on_probe_finished, path, result))
        ph.failed.connect(lambda exc: self._if_current(gen, self._fail, path, exc))
        lh.finished.connect(lambda doc: self._if_current(gen, self._on_load_finished, path, doc, password))
        lh.failed.connect(lambda exc: self._if_current(gen, self._fail, path, exc))
        lh.cancelled.connect(lambda: self._if_current(gen, self._on_cancelled, path))

    def _if_current(self, generation: int, fn, *args) -> None:  # noqa: ANN001
        """Call ``fn`` only for the latest open (stale answers are dropped). Returns None: a
        slot returning a bool trips a PySide6 reference-count bug."""
        if generation == self._generation:
            fn(*args)

    def _on_probe_finished(self, path: str, result: Any) -> None:
        if result is None:
            return
        renderer, pages, first = result
        placeholder = Document(id="", path=path, kind="pdf", format="pdf", title=Path(path).stem, sentences=[],
                               pages=pages)
        session = DocumentSession(placeholder, renderer)
        session.first_render = first
        self._session = session
        self.session_previewed.emit(session)

    def _on_load_finished(self, path: str, doc: Document, password: Optional[str] = None) -> None:
        session, self._session = self._session, None
        if session is None:
            session = DocumentSession(doc)
        else:
            session.document = doc
            session.reference_chapters = list(doc.reference_chapters)
        session.password = password
        self._generation += 1  # this open is over
        self.session_opened.emit(session)

    def _fail(self, path: str, exc: BaseException) -> None:
        self._generation += 1
        for h in self._handles:
            h.cancel()
        self._close_preview()
        self.open_failed.emit(path, exc)

    def _on_cancelled(self, path: str) -> None:
        self._generation += 1
        self._close_preview()
        self.open_cancelled.emit(path)

    def _close_preview(self) -> None:
        session, self._session = self._session, None
        if session is not None and session.renderer is not None:
            self._workers.submit("pdf", session.renderer.close, name="close renderer")
            session.renderer = None
