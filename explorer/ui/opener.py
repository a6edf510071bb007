"""Opening a file off the GUI thread, in two steps on the "pdf" lane.

1. ``probe``: for a PDF, open a renderer, read page sizes and render the first page
   (so the window shows page 1 at once, with placeholders for the rest).
2. ``load``: :func:`explorer.core.loaders.load_document` builds the full Document.

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

from explorer.core.errors import StrataError
from explorer.core.model import Document, Page
from explorer.ui.session import DocumentSession

log = logging.getLogger(__name__)


def import_pymupdf_without_layout() -> None:
    """Import PyMuPDF without its layout model (1-2 s of start-up) so page 1 shows sooner.

    ``import pymupdf`` also imports ``pymupdf.layout`` when installed; we hide it for
    that first import and :func:`finish_pymupdf_import` loads it before any text is
    extracted, so loaders see exactly the state the CLI sees.
    """
    import sys

    if "pymupdf" in sys.modules:
        return
    sys.modules["pymupdf.layout"] = None  # type: ignore[assignment]  # makes the optional import fail
    try:
        import pymupdf  # noqa: F401
    finally:
        if sys.modules.get("pymupdf.layout", 0) is None:
            del sys.modules["pymupdf.layout"]


def finish_pymupdf_import() -> None:
    """Load ``pymupdf.layout`` if it is installed (it registers the layout model)."""
    try:
        import pymupdf.layout  # noqa: F401
    except ImportError:
        pass


def probe(path: str, password: Optional[str], first_scale: float, *, progress=None, cancel=None) -> Any:  # noqa: ANN001
    """(renderer, pages, first RenderedPage) for a PDF, None for anything else (pdf lane)."""
    from explorer.core.loaders import read_file, sniff_kind
    from explorer.core.render import PdfRenderer

    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        read_file(path)  # raises the precise "empty file" error
    if sniff_kind(head) != "pdf":
        return None
    import_pymupdf_without_layout()
    log.debug("probe: PyMuPDF ready")
    renderer = PdfRenderer(path, password)
    try:
        pages = []
        for i in range(renderer.page_count):
            w, h = renderer.page_size(i)
            pages.append(Page(index=i, width=w, height=h))
        first = renderer.render(0, first_scale) if pages else None
        log.debug("probe: page 1 rendered")
    except StrataError:
        renderer.close()
        raise
    except Exception as exc:  # noqa: BLE001 - corrupt content surfaces here
        renderer.close()
        from explorer.core.errors import LoadError

        raise LoadError(f"the PDF is damaged ({exc})") from None
    return renderer, pages, first


def load(path: str, password: Optional[str], *, progress=None, cancel=None) -> Document:  # noqa: ANN001
    """The full Document (pdf lane)."""
    from explorer.core.loaders import load_document

    finish_pymupdf_import()
    return load_document(path, password=password, progress=progress, cancel=cancel)


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
        ph = self._workers.submit("pdf", probe, path, password, self.first_scale, name=f"Opening {name}", key="open-probe")
        lh = self._workers.submit("pdf", load, path, password, name=f"Opening {name}", key="open-load", visible=True)
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
