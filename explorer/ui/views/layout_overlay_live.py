"""Layout overlays for the pages on screen first, then for the whole document.

The pipeline analyses every page before its result reaches the window (minutes on
a 400-page PDF), so the reader would wait for its first overlay. This controller
asks for the pages in view as soon as they are shown: the text-only fast model
(about 0.1-0.3 s per page once loaded; until it has loaded, a font-size heuristic
in milliseconds, replaced as soon as the model is up) on a private single-thread
"layout" lane,
because the "pdf" lane is busy loading the document right after the first page is
shown and the "compute" lane runs the whole pipeline. The layout model itself
serialises predictions and lets these on-screen requests overtake the pipeline's
(:mod:`explorer.core.layout_model`); each request opens its own document handle.
Requests for pages scrolled away before they started are dropped. When the full
result arrives (from the pipeline or the cache) :meth:`apply_blocks` replaces the
boxes in place.

:meth:`set_document` may be called with the opener's placeholder document (no
content hash yet, shown while the text loads) and again with the loaded one: the
overlays already shown are kept.

Image-only pages without OCR get a :class:`NoTextLayerMarker` instead of boxes.

Wiring (main window)::

    self.live_layout = LiveLayoutOverlays(self.page_view, self.workers, self)
    # on session_previewed and session_opened: self.live_layout.set_document(session.document)
    # on session.blocks_changed:  self.live_layout.apply_blocks(session.blocks)
    # legend:  legend.visible_classes_changed -> live_layout.set_visible_classes
    #          legend.show_order_changed      -> live_layout.set_show_order
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from explorer.core.model import LAYOUT_CLASSES, Block, Document

from .layout_overlay import LayoutOverlay, NoTextLayerMarker

log = logging.getLogger(__name__)


def _fast_layout(path: str, doc: Document, page: int) -> dict[int, list[Block]]:
    from explorer.core.layout import analyse_layout

    return analyse_layout(path, doc, [page], fast=True)


def _warm_up() -> None:
    from explorer.core.layout import warm_up

    warm_up(fast=True)


class _Relay(QObject):
    """Carries results from the layout threads to the GUI thread (queued signals)."""

    finished = Signal(str, int, object)  # document path, page, result (or an exception)
    warmed = Signal()


class LiveLayoutOverlays(QObject):
    """Per-page overlays: fast for pages in view, replaced by the full result."""

    overlay_ready = Signal(int)  # page index whose overlay was created or updated
    block_selected = Signal(object)

    def __init__(self, page_view: Any, workers: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = page_view
        self._workers = workers  # kept for the signature; layout has its own lane (see module doc)
        self._doc: Document | None = None
        self.overlays: dict[int, LayoutOverlay] = {}
        self.markers: dict[int, NoTextLayerMarker] = {}
        self._full: set[int] = set()
        self._pending: dict[int, Future] = {}
        self._visible = True
        self._classes: set[str] = set(LAYOUT_CLASSES)
        self._show_order = False
        self._lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="strata-layout")
        self._relay = _Relay()
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.warmed.connect(self._on_relay_warmed)
        self._warm = False
        self._warm_thread: threading.Thread | None = None
        self._provisional: set[int] = set()  # pages showing the heuristic stop-gap
        self._hashes: dict[str, str] = {}  # path -> content hash, for placeholder documents
        page_view.view_changed.connect(self._on_page_view_view_changed)
        if parent is not None:
            parent.destroyed.connect(lambda *_: self.shutdown())

    def shutdown(self, wait: bool = False) -> None:
        """Drop queued requests and stop the layout thread (a running page finishes;
        ``wait`` joins it and the model warm-up, as tests and a clean exit want)."""
        for fut in self._pending.values():
            fut.cancel()
        self._pending.clear()
        self._lane.shutdown(wait=wait, cancel_futures=True)
        if wait and self._warm_thread is not None:
            self._warm_thread.join()

    # --- document -----------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        new = doc if doc is not None and doc.kind == "pdf" else None
        if new is not None and self._doc is not None and not self._doc.id and self._doc.path == new.path:
            self._doc = new  # the loaded document replaces its placeholder: keep what is shown
            self._add_markers()  # only the loaded document knows which pages lack a text layer
            return
        self.clear()
        self._doc = new
        if new is None:
            return
        if not self._warm:
            # the model loads in its own thread (seconds) while the lane answers with the heuristic
            self._warm = True
            self._warm_thread = threading.Thread(
                target=self._warm_up, name="strata-layout-warm-up", daemon=True
            )
            self._warm_thread.start()
        self._add_markers()
        self._on_page_view_view_changed()

    def _add_markers(self) -> None:
        """A "no text layer" marker instead of boxes on image-only pages without OCR."""
        doc = self._doc
        if doc is None:
            return
        for p in doc.pages:
            if p.has_text or p.ocr or p.index in self.markers or p.index >= self._view.page_count:
                continue
            overlay = self.overlays.pop(p.index, None)
            if overlay is not None and overlay.scene() is not None:
                overlay.scene().removeItem(overlay)
            self.markers[p.index] = NoTextLayerMarker(parent=self._view.page_item(p.index))

    def clear(self) -> None:
        for fut in self._pending.values():
            fut.cancel()
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
        self._provisional.clear()

    def apply_blocks(self, blocks: dict[int, list[Block]]) -> None:
        """The full result: replace fast boxes, add overlays for every analysed page."""
        for page, page_blocks in blocks.items():
            fut = self._pending.pop(page, None)
            if fut is not None:
                fut.cancel()
            self._full.add(page)
            self._show(page, page_blocks)

    # --- view state ---------------------------------------------------------------
    def set_visible(self, visible: bool) -> None:
        self._visible = bool(visible)
        for o in self.overlays.values():
            o.setVisible(self._visible)
        if self._visible:
            self._on_page_view_view_changed()

    def set_visible_classes(self, classes) -> None:
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
        visible = set(self._view.visible_pages())
        for page in list(self._pending):  # scrolled away before it started: drop it
            if page not in visible and self._pending[page].cancel():
                del self._pending[page]
        for page in sorted(visible):
            if page in self.overlays or page in self._pending or page in self.markers:
                continue
            self._pending[page] = self._lane.submit(self._run, doc.path, doc, page)

    def _warm_up(self) -> None:
        try:
            _warm_up()
        except Exception:
            log.exception("layout model could not be loaded")
            return
        self._relay.warmed.emit()

    def _on_relay_warmed(self) -> None:
        """The model is ready: replace heuristic stop-gaps of pages still without the full result."""
        doc = self._doc
        if doc is None:
            return
        for page in sorted(self._provisional - self._full):
            if page not in self._pending:
                self._pending[page] = self._lane.submit(self._run, doc.path, doc, page)
        self._provisional.clear()

    def _run(self, path: str, doc: Document, page: int) -> None:
        """Layout thread: compute one page and hand the result to the GUI thread."""
        try:
            if not doc.id:  # the opener's placeholder: hash the file so the cache still answers
                from dataclasses import replace

                from explorer.core.store import sha256_file

                if path not in self._hashes:
                    self._hashes[path] = sha256_file(path)
                doc = replace(doc, id=self._hashes[path])
            result: object = _fast_layout(path, doc, page)
        except Exception as exc:
            log.exception("fast layout of page %d failed", page + 1)
            result = exc
        self._relay.finished.emit(path, page, result)

    def _on_relay_finished(self, path: str, page: int, result: object) -> None:
        self._pending.pop(page, None)
        if self._doc is None or path != self._doc.path or page in self._full or isinstance(result, Exception):
            return  # another document by now, the full result is already shown, or a failure
        from explorer.core.layout import is_provisional
        from explorer.core.layout_model import is_warm

        blocks = result.get(page, [])  # type: ignore[union-attr]
        if is_provisional(blocks):
            if is_warm():  # the model came up meanwhile: ask again
                self._pending[page] = self._lane.submit(self._run, path, self._doc, page)
            else:
                self._provisional.add(page)
        self._show(page, blocks)

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
