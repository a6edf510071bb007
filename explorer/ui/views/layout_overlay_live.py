"""Layout overlays for the pages on screen first, then for the whole document.

The pipeline analyses every page before its result reaches the window (minutes on
a 400-page PDF), so the reader would wait for its first overlay. This controller
asks for the pages in view as soon as they are shown: the text-only fast model on
the "pdf" lane (about 0.1-0.3 s per page once the model is loaded, which
:meth:`LiveLayoutOverlays.set_document` starts in the background), keyed per page
so scrolling away drops stale requests. When the full result arrives (from the
pipeline or from the cache) :meth:`apply_blocks` replaces the boxes in place.

Image-only pages without OCR get a :class:`NoTextLayerMarker` instead of boxes.

Wiring (main window)::

    self.live_layout = LiveLayoutOverlays(self.page_view, self.workers, self)
    # after a PDF is shown:       self.live_layout.set_document(session.document)
    # on session.blocks_changed:  self.live_layout.apply_blocks(session.blocks)
    # legend:  legend.visible_classes_changed -> live_layout.set_visible_classes
    #          legend.show_order_changed      -> live_layout.set_show_order
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from PySide6.QtCore import QObject, Signal

from explorer.core.model import LAYOUT_CLASSES, Block, Document

from .layout_overlay import LayoutOverlay, NoTextLayerMarker

log = logging.getLogger(__name__)


def _fast_layout(path: str, doc: Document, page: int, *, progress=None, cancel=None):  # noqa: ANN001
    from explorer.core.layout import analyse_layout

    return analyse_layout(path, doc, [page], fast=True, progress=progress, cancel=cancel)


def _warm_up(*, progress=None, cancel=None) -> None:  # noqa: ANN001
    from explorer.core.layout import warm_up

    warm_up(fast=True)


class LiveLayoutOverlays(QObject):
    """Per-page overlays: fast for pages in view, replaced by the full result."""

    overlay_ready = Signal(int)  # page index whose overlay was created or updated
    block_selected = Signal(object)

    def __init__(self, page_view: Any, workers: Any, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._view = page_view
        self._workers = workers
        self._doc: Optional[Document] = None
        self.overlays: dict[int, LayoutOverlay] = {}
        self.markers: dict[int, NoTextLayerMarker] = {}
        self._full: set[int] = set()
        self._pending: dict[int, Any] = {}
        self._visible = True
        self._classes: set[str] = set(LAYOUT_CLASSES)
        self._show_order = False
        page_view.view_changed.connect(self._on_page_view_view_changed)

    # --- document -----------------------------------------------------------------
    def set_document(self, doc: Optional[Document]) -> None:
        self.clear()
        self._doc = doc if doc is not None and doc.kind == "pdf" else None
        if self._doc is None:
            return
        self._workers.submit("pdf", _warm_up, name="load layout model", key="layout-warm-up")
        for p in self._doc.pages:
            if not p.has_text and not p.ocr and p.index < self._view.page_count:
                self.markers[p.index] = NoTextLayerMarker(parent=self._view.page_item(p.index))
        self._on_page_view_view_changed()

    def clear(self) -> None:
        for handle in self._pending.values():
            handle.cancel()
        self._pending.clear()
        for item in list(self.overlays.values()) + list(self.markers.values()):
            try:
                scene = item.scene()
                if scene is not None:
                    scene.removeItem(item)
            except RuntimeError:  # the page item (and so the overlay) is already gone
                pass
        self.overlays.clear()
        self.markers.clear()
        self._full.clear()

    def apply_blocks(self, blocks: dict[int, list[Block]]) -> None:
        """The full result: replace fast boxes, add overlays for every analysed page."""
        for page, page_blocks in blocks.items():
            handle = self._pending.pop(page, None)
            if handle is not None:
                handle.cancel()
            self._full.add(page)
            self._show(page, page_blocks)

    # --- view state ---------------------------------------------------------------
    def set_visible(self, visible: bool) -> None:
        self._visible = bool(visible)
        for o in self.overlays.values():
            o.setVisible(self._visible)
        if self._visible:
            self._on_page_view_view_changed()

    def set_visible_classes(self, classes) -> None:  # noqa: ANN001 - any iterable of class names
        self._classes = set(classes)
        for o in self.overlays.values():
            o.set_visible_classes(self._classes)

    def set_show_order(self, show: bool) -> None:
        self._show_order = bool(show)
        for o in self.overlays.values():
            o.set_show_order(self._show_order)

    # --- internals ----------------------------------------------------------------
    def _on_page_view_view_changed(self) -> None:
        doc = self._doc
        if doc is None or not self._visible:
            return
        for page in self._view.visible_pages():
            if page in self.overlays or page in self._pending or page in self.markers:
                continue
            handle = self._workers.submit("pdf", _fast_layout, doc.path, doc, page,
                                          name=f"layout of page {page + 1}", key=f"layout-fast:{page}")
            self._pending[page] = handle
            handle.finished.connect(lambda result, p=page, d=doc: self._on_fast_finished(d, p, result))
            handle.failed.connect(lambda _exc, p=page: self._pending.pop(p, None))

    def _on_fast_finished(self, doc: Document, page: int, result: dict[int, list[Block]]) -> None:
        self._pending.pop(page, None)
        if doc is not self._doc or page in self._full:
            return  # a late answer for another document, or the full result is already shown
        self._show(page, result.get(page, []))

    def _show(self, page: int, blocks: list[Block]) -> None:
        if not 0 <= page < self._view.page_count:
            return
        overlay = self.overlays.get(page)
        if overlay is None:
            overlay = LayoutOverlay(blocks, parent=self._view.page_item(page))
            overlay.block_selected.connect(self.block_selected.emit)
            self.overlays[page] = overlay
        else:
            overlay.set_blocks(blocks)
        overlay.set_visible_classes(self._classes)
        overlay.set_show_order(self._show_order)
        overlay.setVisible(self._visible)
        self.overlay_ready.emit(page)
