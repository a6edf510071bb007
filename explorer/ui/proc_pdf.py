"""PDF work for process lanes: page rendering and document loading in child processes (no Qt).

Why: PyMuPDF holds the interpreter lock for the whole of each call (rasterising a
page or extracting its text takes tens of milliseconds, seconds on a loaded
machine when the thread is pre-empted inside the call). In a thread of the
window's process every such call froze the event loop, so with the "pdf" and
"open" lanes running as child processes (see :mod:`explorer.ui.proclane`) the
window only receives finished pages and the loaded Document.

:class:`RemotePdf` stands in for :class:`~explorer.core.render.PdfRenderer` in the
session: it is a small picklable handle, and its bound methods (``render``,
``close``) are sent to the "pdf" lane's child, which keeps the real renderer open
between calls. Everything here runs in the child; this module must not import Qt.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Optional

from explorer.core.errors import StrataError
from explorer.core.model import Document, Page

log = logging.getLogger(__name__)

_open: dict[tuple[str, Optional[str]], Any] = {}  # child: (path, password) -> PdfRenderer
_KEEP_OPEN = 2  # renderers kept open in the child (the document shown and the one being opened)


def _import_for_rendering() -> None:
    """Child of the pdf lane: import PyMuPDF without its layout model and without
    ``pymupdf4llm`` (a second of imports together; this child only renders)."""
    import sys

    if "pymupdf" in sys.modules:
        return
    hidden = [name for name in ("pymupdf4llm",) if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes the optional import fail
    try:
        import_pymupdf_without_layout()
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def _renderer(path: str, password: Optional[str]) -> Any:
    from explorer.core.render import PdfRenderer

    key = (path, password)
    r = _open.get(key)
    if r is None:
        _import_for_rendering()
        r = PdfRenderer(path, password)
        while len(_open) >= _KEEP_OPEN:
            _, old = _open.popitem()
            old.close()
        _open[key] = r
    return r


@dataclass(frozen=True)
class RemotePdf:
    """A renderer living in the "pdf" lane's child process: submit its bound methods there."""

    path: str
    password: Optional[str] = None

    def render(self, index: int, scale: float, *, progress=None, cancel=None):  # noqa: ANN001, ANN201
        """The page as a :class:`~explorer.core.render.RenderedPage` (child)."""
        return _renderer(self.path, self.password).render(index, scale, cancel=cancel)

    def find_text(self, index: int, needle: str, clips=(), *, progress=None, cancel=None):  # noqa: ANN001, ANN201
        """Where ``needle`` is on page ``index`` (child): see :meth:`PdfRenderer.find_text`."""
        return _renderer(self.path, self.password).find_text(index, needle, clips, cancel=cancel)

    def close(self, *, progress=None, cancel=None) -> None:  # noqa: ANN001
        r = _open.pop((self.path, self.password), None)
        if r is not None:
            r.close()


def preload(*, progress=None, cancel=None) -> None:  # noqa: ANN001
    """Import PyMuPDF (for rendering) while the window is being built (pdf lane)."""
    _import_for_rendering()


def probe_remote(path: str, password: Optional[str], first_scale: float, *, progress=None, cancel=None) -> Any:  # noqa: ANN001
    """(RemotePdf, pages, first RenderedPage) for a PDF, None for anything else (child).

    Same answer as :func:`probe`, with a handle instead of the renderer."""
    _import_for_rendering()
    result = probe(path, password, first_scale)
    if result is None:
        return None
    renderer, pages, first = result
    key = (path, password)
    old = _open.pop(key, None)
    if old is not None:
        old.close()
    while len(_open) >= _KEEP_OPEN:
        _, other = _open.popitem()
        other.close()
    _open[key] = renderer
    return RemotePdf(path, password), pages, first


# --- opening a file (the pdf lane: a thread of the window's process, or a child) -------
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
    """(renderer, pages, first RenderedPage) for a PDF or an e-book (drawn from the PDF made
    from it), None for anything else (pdf lane)."""
    from explorer.core.loaders import read_file, sniff_kind
    from explorer.core.render import PdfRenderer

    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        read_file(path)  # raises the precise "empty file" error
    if sniff_kind(head) not in ("pdf", "epub"):
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
    """The full Document (the "open" lane when it is a process lane, else the pdf lane)."""
    from explorer.core.loaders import load_document

    finish_pymupdf_import()
    return load_document(path, password=password, progress=progress, cancel=cancel)
