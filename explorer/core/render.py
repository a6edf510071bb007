"""Render PDF pages to RGB bytes (Qt-free; the window wraps the bytes in a QImage).

One :class:`PdfRenderer` owns one PyMuPDF document handle. PyMuPDF is not
thread-safe, so the window calls every method of a renderer on its single "pdf"
lane; the renderer itself does no locking.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Optional, Sequence

from .errors import LoadError
from .pdf_passwords import authenticate
from .progress import CancelToken, check

log = logging.getLogger(__name__)

MAX_PIXELS = 40_000_000  # refuse absurd render sizes (a zoomed poster page) rather than exhaust memory


@dataclass(frozen=True)
class RenderedPage:
    """An RGB888 image of one page: ``stride`` bytes per row, ``scale`` pixels per PDF point."""

    index: int
    scale: float
    width: int
    height: int
    stride: int
    samples: bytes
    links: tuple = ()  # explorer.core.pdf_links.PageLink on this page, in PDF points


class PdfRenderer:
    """Renders pages of one PDF; call :meth:`close` (on the same lane) when done."""

    def __init__(self, path: str, password: Optional[str] = None) -> None:
        import pymupdf

        from .paged import open_paged

        try:
            # from its bytes: a file saved over this one while it is shown is not read into it
            self._doc = open_paged(path)
        except Exception as exc:  # noqa: BLE001 - PyMuPDF raises several types for corrupt files
            raise LoadError(f"cannot open the PDF for display ({exc})") from None
        # Only the password given (the window asks for it); remembered for the live layout
        # of a page, which opens the file again by path.
        authenticate(self._doc, path, password, remembered=False)
        self.path = path

    @property
    def page_count(self) -> int:
        return self._doc.page_count

    def page_size(self, index: int) -> tuple[float, float]:
        rect = self._doc[index].rect
        return rect.width, rect.height

    def render(self, index: int, scale: float, *, progress=None, cancel: Optional[CancelToken] = None) -> RenderedPage:
        """Rasterise page ``index`` at ``scale`` pixels per point (no alpha, RGB)."""
        import pymupdf

        check(cancel)
        page = self._doc[index]
        w, h = page.rect.width * scale, page.rect.height * scale
        if w * h > MAX_PIXELS:
            scale = (MAX_PIXELS / max(1.0, page.rect.width * page.rect.height)) ** 0.5
        pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        from .pdf_links import page_links

        return RenderedPage(index, scale, pix.width, pix.height, pix.stride, bytes(pix.samples), page_links(page))

    def find_text(self, index: int, needle: str, clips: Sequence[tuple[float, float, float, float]] = (), *,
                  progress=None, cancel: Optional[CancelToken] = None) -> list[tuple[float, float, float, float]]:
        """Rectangles (PDF points) of ``needle`` on page ``index``, inside the ``clips`` (a
        sentence's line boxes) when given: what Find in Document marks within its sentence."""
        import pymupdf

        check(cancel)
        page = self._doc[index]
        found: list[tuple[float, float, float, float]] = []
        regions = [pymupdf.Rect(c) + (-2, -2, 2, 2) for c in clips] or [page.rect]
        area = regions[0]
        for r in regions[1:]:
            area |= r  # one search over the sentence's area: a match may run on to its next line
        for r in page.search_for(needle, clip=area):
            if any(r.intersects(c) for c in regions) and tuple(r) not in found:
                found.append(tuple(r))
        return found

    def close(self, *, progress=None, cancel=None) -> None:
        try:
            self._doc.close()
        except Exception:  # noqa: BLE001 - closing must never fail a quit
            log.debug("closing %s failed", self.path, exc_info=True)
