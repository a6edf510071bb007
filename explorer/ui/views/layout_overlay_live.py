"""Layout overlays for the pages on screen first, then for the whole document.

The pipeline analyses every page before its result reaches the window (minutes on
a 400-page PDF), so the reader would wait for its first overlay. This controller
asks for the pages in view as soon as they are shown: the text-only fast model
(about 0.1-0.3 s per page once loaded; until it has loaded, a font-size heuristic
in milliseconds, replaced as soon as the model is up) on a private "layout"
process lane (:class:`~explorer.ui.proclane.ProcessLane`): a child process,
because layout is PyMuPDF and model work that holds the interpreter lock for tens
of milliseconds per call, and in a thread of the window's process it froze the
window for up to seconds on a busy machine; the "pdf" lane is busy loading the
document right after the first page is shown and the "compute" lane runs the
whole pipeline. The child loads the model in a thread of its own (it answers with
the heuristic meanwhile); each request sends only the page's sentences and opens
its own document handle. Requests for pages scrolled away before they started are
dropped. When the full result arrives (from the pipeline or the cache)
:meth:`apply_blocks` replaces the boxes in place.

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
from dataclasses import replace
from typing import Any, Optional

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.core.model import LAYOUT_CLASSES, Block, Document, is_provisional

from .layout_overlay import LayoutOverlay, NoTextLayerMarker

log = logging.getLogger(__name__)

WARM_POLL_MS = 400  # how often to ask the child whether the model has loaded (while stop-gaps show)
_hashes: dict[str, str] = {}  # child process: path -> content hash, for placeholder documents
_warm_thread: Optional[threading.Thread] = None


# --- run in the layout child process (module-level: sent by name) -------------------
def start_warm_up(*, progress=None, cancel=None) -> None:  # noqa: ANN001
    """Child: load the fast model in a thread, so page requests meanwhile get the heuristic."""
    global _warm_thread
    from explorer.core.layout import warm_up

    def run() -> None:
        try:
            warm_up(fast=True)
        except Exception:  # noqa: BLE001 - the heuristic keeps answering
            log.exception("layout model could not be loaded")

    if _warm_thread is None:
        _warm_thread = threading.Thread(target=run, name="strata-layout-warm-up", daemon=True)
        _warm_thread.start()


def model_warm(*, progress=None, cancel=None) -> bool:  # noqa: ANN001
    """Child: whether the fast model has loaded."""
    from explorer.core.layout_model import is_warm

    return is_warm()


def fast_layout_page(path: str, doc: Document, page: int, *, progress=None, cancel=None):  # noqa: ANN001, ANN201
    """Child: (blocks of ``page``, whether the model is warm). ``doc`` carries only the
    page's sentences (what the blocks are matched with); a placeholder (no id) is hashed
    here so the cache still answers."""
    from explorer.core.layout import analyse_layout
    from explorer.core.layout_model import is_warm

    if not doc.id:
        from explorer.core.store import sha256_file

        if path not in _hashes:
            _hashes[path] = sha256_file(path)
        doc = replace(doc, id=_hashes[path])
    return analyse_layout(path, doc, [page], fast=True), is_warm()


def page_request(doc: Document, by_page: dict[int, list], page: int) -> Document:
    """A copy of ``doc`` small enough to send for one page: only that page's sentences and
    its Page (at its index; the others are None). Pickling all 400 pages of a long PDF
    per request kept the interpreter lock from the window for milliseconds each time."""
    pages: list = [None] * page + doc.pages[page:page + 1] if page < len(doc.pages) else []
    return replace(doc, sentences=by_page.get(page, []), pages=pages, cues=[], reference_chapters=[],
                   metadata={}, warnings=[])


def sentences_by_page(doc: Document) -> dict[int, list]:
    out: dict[int, list] = {}
    for s in doc.sentences:
        if s.anchor.page is not None:
            out.setdefault(s.anchor.page, []).append(s)
    return out


class LiveLayoutOverlays(QObject):
    """Per-page overlays: fast for pages in view, replaced by the full result."""

    overlay_ready = Signal(int)  # page index whose overlay was created or updated
    block_selected = Signal(object)

    def __init__(self, page_view: Any, workers: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = page_view
        self._workers = workers  # kept for the signature; layout has its own lane (see module doc)
        self._doc: Document | None = None
        self._by_page: dict[int, list] = {}
        self.overlays: dict[int, LayoutOverlay] = {}
        self.markers: dict[int, NoTextLayerMarker] = {}
        self._full: set[int] = set()
        self._pending: dict[int, Any] = {}  # page -> TaskHandle
        self._live: dict[int, Any] = {}  # every TaskHandle not done yet
        self._visible = True
        self._classes: set[str] = set(LAYOUT_CLASSES)
        self._show_order = False
        self._lane: Any = None  # ProcessLane, started with the first PDF
        self._warm = False  # the child's model has loaded
        self._warm_started = False
        self._closed = False
        self._provisional: set[int] = set()  # pages showing the heuristic stop-gap
        self._warm_poll = QTimer(self)
        self._warm_poll.setSingleShot(True)
        self._warm_poll.setInterval(WARM_POLL_MS)
        self._warm_poll.timeout.connect(self._poll_warm)
        # Results are shown one page per turn of the event loop: several pages' boxes arrive
        # together (the pages in view as a PDF opens, the full result near the view), and each
        # page costs the window's thread 20-60 ms, so all of them in one turn was a stall.
        self._to_show: dict[int, list[Block]] = {}  # page -> blocks, the newest result per page
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(0)
        self._show_timer.timeout.connect(self._show_next)
        page_view.view_changed.connect(self._on_page_view_view_changed)
        if parent is not None:
            parent.destroyed.connect(lambda *_: self.shutdown())

    def shutdown(self, wait: bool = False) -> None:
        """Drop queued requests and stop the layout child (a running page finishes;
        ``wait`` joins the lane's thread, as tests and a clean exit want)."""
        if self._closed:
            return
        self._closed = True
        for handle in self._pending.values():
            handle.cancel()
        self._pending.clear()
        lane, self._lane = self._lane, None
        if lane is not None:
            lane.put(None, priority=-1_000_000)
            if wait:
                lane.thread.join(10)

    def _submit(self, fn, *args: Any, priority: int = 0) -> Any:  # noqa: ANN001
        """Queue ``fn(*args)`` in the layout child; the handle's signals arrive in this thread."""
        from explorer.ui.proclane import ProcessLane
        from explorer.ui.workers import TaskHandle

        if self._lane is None:
            self._lane = ProcessLane("layout")
        handle = TaskHandle("layout", fn.__name__)
        # kept until its job is over, then deleted by this (its owner) thread: the lane's thread
        # must never drop the last reference to a QObject of the GUI thread
        self._live[id(handle)] = handle
        handle.done.connect(lambda h=handle: self._release(h))
        self._lane.put((handle, fn, args, {}), priority)
        return handle

    def _release(self, handle: Any) -> None:
        self._live.pop(id(handle), None)
        handle.deleteLater()

    # --- document -----------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        new = doc if doc is not None and doc.kind == "pdf" else None
        if new is not None and self._doc is not None and not self._doc.id and self._doc.path == new.path:
            self._doc = new  # the loaded document replaces its placeholder: keep what is shown
            self._by_page = sentences_by_page(new)
            self._add_markers()  # only the loaded document knows which pages lack a text layer
            return
        self.clear()
        self._doc = new
        self._by_page = sentences_by_page(new) if new is not None else {}
        if new is None or self._closed:
            return
        if not self._warm_started:
            # the model loads in a thread of the child (seconds) while it answers with the heuristic
            self._warm_started = True
            self._submit(start_warm_up, priority=-1)
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
        self._provisional.clear()
        self._to_show.clear()

    def apply_blocks(self, blocks: dict[int, list[Block]]) -> None:
        """The full result: replace fast boxes, add overlays for every analysed page."""
        for page, page_blocks in blocks.items():
            handle = self._pending.pop(page, None)
            if handle is not None:
                handle.cancel()
            self._full.add(page)
            self._show_soon(page, page_blocks)

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
        if doc is None or not self._visible or self._closed:
            return
        visible = set(self._view.visible_pages())
        lane = self._lane
        for page in list(self._pending):  # scrolled away before it started: drop it
            handle = self._pending[page]
            if page not in visible and (lane is None or lane.current is not handle):
                handle.cancel()
                del self._pending[page]
        for page in sorted(visible):
            if page in self.overlays or page in self._pending or page in self.markers:
                continue
            self._request(page)

    def _request(self, page: int) -> None:
        doc = self._doc
        if doc is None or self._closed:
            return
        handle = self._submit(fast_layout_page, doc.path, page_request(doc, self._by_page, page), page)
        path = doc.path
        handle.finished.connect(lambda result, p=page, h=handle: self._on_page_finished(path, p, h, result))
        handle.failed.connect(lambda exc, p=page, h=handle: self._on_page_failed(p, h, exc))
        self._pending[page] = handle

    def _poll_warm(self) -> None:
        if self._warm or self._closed or not self._provisional:
            return
        handle = self._submit(model_warm, priority=-1)
        handle.finished.connect(self._on_warm_answer)

    def _on_warm_answer(self, warm: bool) -> None:
        if warm:
            self._on_model_warm()
        elif self._provisional and not self._closed:
            self._warm_poll.start()

    def _on_model_warm(self) -> None:
        """The model is ready: replace heuristic stop-gaps of pages still without the full result."""
        self._warm = True
        doc = self._doc
        if doc is None:
            return
        for page in sorted(self._provisional - self._full):
            if page not in self._pending:
                self._request(page)
        self._provisional.clear()

    def _on_page_failed(self, page: int, handle: Any, exc: BaseException) -> None:
        if self._pending.get(page) is handle:
            del self._pending[page]
        log.warning("fast layout of page %d failed: %s", page + 1, exc)

    def _on_page_finished(self, path: str, page: int, handle: Any, result: tuple) -> None:
        if self._pending.get(page) is handle:
            del self._pending[page]
        if self._doc is None or path != self._doc.path or page in self._full:
            return  # another document by now, or the full result is already shown
        page_blocks, warm = result
        blocks = page_blocks.get(page, [])
        if warm and not self._warm:
            self._on_model_warm()
        if is_provisional(blocks):
            if warm:  # the model came up meanwhile: ask again
                if page not in self._pending:
                    self._request(page)
            else:
                self._provisional.add(page)
                if not self._warm_poll.isActive():
                    self._warm_poll.start()
        self._show_soon(page, blocks)

    def _show_soon(self, page: int, blocks: list[Block]) -> None:
        self._to_show[page] = blocks  # a newer result for the page replaces one still waiting
        if not self._show_timer.isActive():
            self._show_timer.start()

    def _show_next(self) -> None:
        """Show one waiting page, those in view first."""
        if not self._to_show:
            return
        visible = set(self._view.visible_pages())
        page = next((p for p in self._to_show if p in visible), next(iter(self._to_show)))
        self._show(page, self._to_show.pop(page))
        if self._to_show:
            self._show_timer.start()

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
