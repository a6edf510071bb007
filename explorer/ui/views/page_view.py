"""PDF pages in a QGraphicsView, rendered lazily on the "pdf" lane.

PAGE ITEM CONTRACT (overlays rely on it): each page is a :class:`PageItem` whose
LOCAL coordinates are PDF points (origin top-left of the unrotated page, y down, as
PyMuPDF reports word and block rectangles). The rendered pixmap is a child scaled
by ``1 / render_scale``; zoom is only the view transform. Overlays are therefore
children of ``page_item(index)`` in PDF points and never move on zoom.

Only pages near the viewport are rendered; a new request for a page supersedes the
previous one (stale requests are dropped by the lane), the old pixmap stays visible,
scaled, until the sharper one arrives, and pixmaps of pages far away are released
so a 2,000-page PDF costs no more memory than a short one.
"""
from __future__ import annotations

import logging
from bisect import bisect_right
from typing import Iterable, Optional

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QKeySequence, QPainter, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QToolTip,
)

from explorer.core.model import Rect

log = logging.getLogger(__name__)

PAGE_GAP = 14.0  # points between pages
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
KEEP_RADIUS = 6  # pages beyond this distance from the viewport lose their pixmap
PREFETCH = 1  # pages rendered beyond the visible ones
HIGHLIGHT_COLOR = QColor(255, 200, 0, 80)
STRONG_HIGHLIGHT_COLOR = QColor(255, 170, 0, 120)
PAGE_BRUSH = QBrush(Qt.GlobalColor.white)  # shared by every page (see PageItem)
PAGE_PEN = QPen(QColor(0, 0, 0, 60), 0)
RENDER_PRIORITY = -10  # renders go before other queued work of the pdf lane


class PageItem(QGraphicsRectItem):
    """One page; local coordinates are PDF points (see module docstring)."""

    def __init__(self, index: int, width: float, height: float, label: str = "") -> None:
        # A document's pages are all made when it opens, on the window's thread: one brush
        # and pen shared by every page, and the image's item made when a first image
        # comes. (400 pages took 22-28 ms with a brush, a pen and an image item each;
        # 6-9 ms so.)
        super().__init__(0.0, 0.0, width, height)
        self.index = index
        self.label = label or str(index + 1)
        self.setBrush(PAGE_BRUSH)
        self.setPen(PAGE_PEN)
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self.render_scale = 0.0
        self.requested_scale = 0.0
        self._highlights: list[QGraphicsRectItem] = []
        self.links: tuple = ()  # explorer.core.pdf_links.PageLink, from the page's render

    @property
    def has_image(self) -> bool:
        return self.render_scale > 0

    @property
    def pixmap_item(self) -> QGraphicsPixmapItem:
        """The item that shows the page's image (made on first use)."""
        if self._pixmap_item is None:
            item = QGraphicsPixmapItem(self)
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            item.setZValue(-1)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, False)
            self._pixmap_item = item
        return self._pixmap_item

    def set_image(self, image: QImage, scale: float) -> None:
        self.pixmap_item.setPixmap(QPixmap.fromImage(image))
        self.pixmap_item.setScale(1.0 / scale)
        self.render_scale = scale

    def clear_image(self) -> None:
        if self._pixmap_item is not None:
            self._pixmap_item.setPixmap(QPixmap())
        self.render_scale = 0.0
        self.requested_scale = 0.0

    def paint(self, painter: QPainter, option, widget=None) -> None:  # noqa: ANN001 - Qt signature
        super().paint(painter, option, widget)
        if not self.has_image:
            painter.setPen(QColor(0, 0, 0, 90))
            font = painter.font()
            font.setPointSizeF(max(6.0, self.rect().width() / 20))
            painter.setFont(font)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, f"Page {self.label}")

    # --- highlights ---------------------------------------------------------------
    def set_highlights(self, rects: Iterable[Rect], strong: Iterable[Rect] = ()) -> None:
        """Highlight ``rects``; ``strong`` ones (the best-matching sentence) stand out more."""
        self.clear_highlights()
        for r, color, outline in [(r, HIGHLIGHT_COLOR, False) for r in rects] + \
                [(r, STRONG_HIGHLIGHT_COLOR, True) for r in strong]:
            item = QGraphicsRectItem(r.x0 - 1, r.y0 - 1, r.width + 2, r.height + 2, self)
            item.setBrush(QBrush(color))
            pen = QPen(QColor(200, 120, 0), 1.0) if outline else QPen(Qt.PenStyle.NoPen)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setZValue(21 if outline else 20)
            item.setData(0, "highlight")
            self._highlights.append(item)

    def clear_highlights(self) -> None:
        scene = self.scene()
        for item in self._highlights:
            if scene is not None:
                scene.removeItem(item)
        self._highlights.clear()

    @property
    def highlight_items(self) -> list[QGraphicsRectItem]:
        return list(self._highlights)


class PageView(QGraphicsView):
    """A continuous vertical strip of pages with lazy rendering."""

    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    page_rendered = Signal(int)
    view_changed = Signal()  # scrolled or zoomed (after the debounce)
    copy_requested = Signal()  # Ctrl+C with no layout block selected to copy
    link_activated = Signal(object)  # a PageLink clicked: a jump inside the document or a web address

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QBrush(QColor(128, 128, 128)))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._session = None
        self._workers = None
        self._pages: list[PageItem] = []
        self._tops: list[float] = []
        self._zoom = 1.0
        self._fit_width = True
        self._current = -1
        self._handles: dict[int, object] = {}
        self._rendered: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self._update_visible)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self._press_pos = None
        self._over_link = False
        self._note_marks: list[QGraphicsSimpleTextItem] = []  # ✎ beside the analyst's notes

    # --- links ----------------------------------------------------------------------
    def link_at(self, pos) -> object:  # noqa: ANN001 - a viewport QPoint; returns a PageLink or None
        """The link under viewport point ``pos`` (None when there is none)."""
        if not self._pages:
            return None
        scene = self.mapToScene(pos)
        item = self._pages[self.page_index_at(scene.y())]  # called on every mouse move: no walk over the pages
        if not item.links or not item.sceneBoundingRect().contains(scene):
            return None
        x, y = scene.x() - item.scenePos().x(), scene.y() - item.scenePos().y()
        return next((ln for ln in item.links if ln.rect.x0 <= x <= ln.rect.x1 and ln.rect.y0 <= y <= ln.rect.y1), None)

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self._press_pos = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        link = self.link_at(event.position().toPoint())
        vp = self.viewport()
        if link is not None and vp.cursor().shape() == Qt.CursorShape.SizeVerCursor:
            return  # a chapter boundary under the mouse: dragging it wins
        if (link is not None) != self._over_link:
            self._over_link = link is not None
            vp.setCursor(Qt.CursorShape.PointingHandCursor if link is not None else Qt.CursorShape.OpenHandCursor)
        if link is not None:
            where = link.uri
            if not where and link.page is not None and link.page < len(self._pages):
                where = f"Go to p. {self._pages[link.page].label}"
            QToolTip.showText(event.globalPosition().toPoint(), where, vp)

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        if (pos - press).manhattanLength() > 4:
            return  # a drag that scrolled the page, not a click
        link = self.link_at(pos)
        if link is not None:
            self.link_activated.emit(link)

    # --- set-up -------------------------------------------------------------------
    def set_session(self, session, workers) -> None:  # noqa: ANN001 - DocumentSession, Workers
        """Show ``session``'s pages (placeholders at once, images as they render)."""
        self.clear()
        self._session = session
        self._workers = workers
        scene = self.scene()
        y = 0.0
        widest = 1.0
        for page in session.document.pages:
            item = PageItem(page.index, page.width, page.height, page.label)
            item.setPos(-page.width / 2.0, y)
            scene.addItem(item)
            self._pages.append(item)
            self._tops.append(y)
            y += page.height + PAGE_GAP
            widest = max(widest, page.width)
        scene.setSceneRect(QRectF(-widest / 2 - PAGE_GAP, -PAGE_GAP, widest + 2 * PAGE_GAP, max(1.0, y + PAGE_GAP)))
        self._current = -1
        if self._fit_width:
            self.fit_width()
        else:
            self.set_zoom(self._zoom)
        first = getattr(session, "first_render", None)
        if first is not None and first.index < len(self._pages):
            image = QImage(first.samples, first.width, first.height, first.stride, QImage.Format.Format_RGB888).copy()
            self._pages[first.index].set_image(image, first.scale)
            self._pages[first.index].links = tuple(getattr(first, "links", ()) or ())
            self._rendered.add(first.index)
        self.go_to_page(0)
        self._update_visible()
        if first is not None:
            self.page_rendered.emit(first.index)

    def clear(self) -> None:
        for handle in self._handles.values():
            handle.cancel()
        self._handles.clear()
        self._rendered.clear()
        self.scene().clear()
        self._note_marks = []  # deleted with their pages: never touch their wrappers again
        self._pages.clear()
        self._tops.clear()
        self._session = None
        self._current = -1

    # --- page items (overlay contract) ----------------------------------------------
    def page_item(self, index: int) -> PageItem:
        """The :class:`PageItem` of page ``index``: add overlays as its children, in PDF points."""
        return self._pages[index]

    def page_items(self) -> list[PageItem]:
        return list(self._pages)

    @property
    def session(self):  # noqa: ANN201 - DocumentSession or None
        """The session whose pages are shown: the open document's, or a PDF's still loading."""
        return self._session

    @property
    def page_count(self) -> int:
        return len(self._pages)

    # --- zoom -----------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        """Pixels per PDF point on screen (device-independent pixels)."""
        return self._zoom

    def set_zoom(self, zoom: float, *, keep_fit: bool = False) -> None:
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if not keep_fit:
            self._fit_width = False
        anchor = self._anchor()
        self.resetTransform()
        self.scale(zoom, zoom)
        changed = abs(zoom - self._zoom) > 1e-6
        self._zoom = zoom
        if anchor is not None:
            self._restore_anchor(anchor)
        if changed:
            self.zoom_changed.emit(zoom)
        self._schedule()

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * 1.25)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / 1.25)

    def fit_width(self) -> None:
        """Zoom so the widest page fills the viewport width; kept on resize."""
        self._fit_width = True
        rect = self.sceneRect()
        avail = max(50, self.viewport().width() - 4)
        if rect.width() > 0:
            self.set_zoom(avail / rect.width(), keep_fit=True)

    @property
    def fits_width(self) -> bool:
        return self._fit_width

    def _anchor(self) -> Optional[tuple[int, float]]:
        """(page, fraction of its height) at the top of the viewport, to keep the place on zoom."""
        if not self._pages:
            return None
        top = self.mapToScene(0, 0).y()
        i = max(0, bisect_right(self._tops, top) - 1)
        h = self._pages[i].rect().height()
        return i, (top - self._tops[i]) / h if h else 0.0

    def _restore_anchor(self, anchor: tuple[int, float]) -> None:
        i, frac = anchor
        y = self._tops[i] + frac * self._pages[i].rect().height()
        self._scroll_scene_y_to_top(y)

    def _scroll_scene_y_to_top(self, y: float) -> None:
        bar = self.verticalScrollBar()
        current = self.mapToScene(0, 0).y()
        bar.setValue(bar.value() + int(round((y - current) * self._zoom)))

    # --- navigation -------------------------------------------------------------------
    def current_page(self) -> int:
        """The page under the top third of the viewport."""
        if not self._pages:
            return -1
        return self.page_index_at(self.mapToScene(0, self.viewport().height() // 3).y())

    def page_index_at(self, scene_y: float) -> int:
        """The page whose top is the last one above scene y (pages must exist)."""
        return max(0, min(len(self._pages) - 1, bisect_right(self._tops, scene_y) - 1))

    def go_to_page(self, index: int, y: Optional[float] = None) -> None:
        """Scroll so page ``index`` (at ``y`` points from its top) is at the top of the view."""
        if not self._pages:
            return
        index = max(0, min(len(self._pages) - 1, index))
        top = self._tops[index] + (max(0.0, y - 24) if y is not None else -PAGE_GAP / 2)
        self._scroll_scene_y_to_top(top)
        self._schedule()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        cur = self.current_page()
        top = self.mapToScene(0, 0).y()
        if cur >= 0 and top > self._tops[cur] + 2:  # not at the top of this page yet
            self.go_to_page(cur)
        else:
            self.go_to_page(cur - 1)

    def shows_rect(self, page: int, rect: Rect) -> bool:
        """Whether any of ``rect`` (PDF points on ``page``) lies in the viewport."""
        if not (0 <= page < len(self._pages)):
            return False
        scene_rect = self._pages[page].mapRectToScene(QRectF(rect.x0, rect.y0, rect.width, rect.height))
        return self.mapToScene(self.viewport().rect()).boundingRect().intersects(scene_rect)

    def show_rect(self, page: int, rect: Rect) -> None:
        """Scroll so ``rect`` (PDF points on ``page``) is visible, centred when it was not."""
        if not (0 <= page < len(self._pages)):
            return
        item = self._pages[page]
        scene_rect = item.mapRectToScene(QRectF(rect.x0, rect.y0, rect.width, rect.height))
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if not visible.contains(scene_rect):
            self.centerOn(QPointF(visible.center().x(), scene_rect.center().y()))
        self._schedule()

    def center_on_rect(self, page: int, rect: Rect, fraction: float = 0.35) -> None:
        """Scroll so ``rect`` (PDF points on ``page``) sits ``fraction`` down the viewport."""
        if not (0 <= page < len(self._pages)):
            return
        top = self._tops[page] + rect.y0 - fraction * self.viewport().height() / self._zoom
        self._scroll_scene_y_to_top(top)
        self._schedule()

    def visible_pages(self) -> list[int]:
        """Indices of pages that intersect the viewport."""
        if not self._pages:
            return []
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        first = max(0, bisect_right(self._tops, visible.top()) - 1)
        out = []
        for i in range(first, len(self._pages)):
            if self._tops[i] > visible.bottom():
                break
            if self._pages[i].sceneBoundingRect().intersects(visible):
                out.append(i)
        return out

    # --- highlights -------------------------------------------------------------------
    def set_highlights(self, page_rects: Iterable[tuple[int, Rect]],
                       strong: Iterable[tuple[int, Rect]] = ()) -> None:
        """Highlight rectangles (PDF points) on their pages, replacing previous highlights."""
        by_page: dict[int, list[Rect]] = {}
        strong_by_page: dict[int, list[Rect]] = {}
        for page, rect in page_rects:
            by_page.setdefault(page, []).append(rect)
        for page, rect in strong:
            strong_by_page.setdefault(page, []).append(rect)
        for item in self._pages:
            if item.index in by_page or item.index in strong_by_page:
                item.set_highlights(by_page.get(item.index, []), strong_by_page.get(item.index, []))
            elif item.highlight_items:
                item.clear_highlights()

    def highlighted_pages(self) -> list[int]:
        return [p.index for p in self._pages if p.highlight_items]

    def set_note_marks(self, pins: Iterable[tuple[int, Rect, str]]) -> None:
        """A ✎ in the right margin level with each ``(page, rect, note text)``: where the analyst wrote a
        note; hovering it shows the note. Replaces the previous marks."""
        for mark in self._note_marks:
            try:
                if mark.scene() is not None:
                    mark.scene().removeItem(mark)
            except RuntimeError:  # already gone with the previous document's scene
                pass
        self._note_marks = []
        for page, rect, text in pins:
            if page is None or not 0 <= page < len(self._pages):
                continue
            item = self._pages[page]
            mark = QGraphicsSimpleTextItem("✎", item)
            mark.setBrush(QBrush(QColor(200, 120, 0)))
            # just outside the page's right edge, level with the line, as a reader's comment marks
            # are: inside the page it could sit on the text of a page with a narrow margin, or on a
            # right column's chapter band
            font = mark.font()
            font.setBold(True)
            font.setPointSizeF(10)
            mark.setFont(font)
            mark.setPos(item.rect().width() + 1.5, rect.y0 - 3)
            mark.setZValue(40)
            mark.setToolTip(f"Note: {text}")
            self._note_marks.append(mark)

    def note_marks(self) -> list:
        return list(self._note_marks)

    # --- lazy rendering ---------------------------------------------------------------
    def _on_scrolled(self, _value: int = 0) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        if self._fit_width and self._pages:
            self.fit_width()
        self._schedule()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        is_copy = event.matches(QKeySequence.StandardKey.Copy)
        if is_copy:
            event.ignore()  # the selected layout block, when there is one, accepts it
        super().keyPressEvent(event)
        if is_copy and not event.isAccepted():
            self.copy_requested.emit()
            event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def _desired_scale(self) -> float:
        dpr = self.devicePixelRatioF() if hasattr(self, "devicePixelRatioF") else 1.0
        return max(0.1, round(self._zoom * dpr, 3))

    def _update_visible(self) -> None:
        if self._session is None or not self._pages:
            return
        visible = self.visible_pages()
        cur = self.current_page()
        if cur != self._current:
            self._current = cur
            self.current_page_changed.emit(cur)
        self.view_changed.emit()
        if not visible or self._session.renderer is None or self._workers is None or self._workers.closed:
            return  # (a closed pool: the window is closing, and a late scroll or resize asks for pages)
        lo = max(0, visible[0] - PREFETCH)
        hi = min(len(self._pages) - 1, visible[-1] + PREFETCH)
        scale = self._desired_scale()
        wanted = sorted(range(lo, hi + 1), key=lambda i: (i not in visible, abs(i - cur)))
        for i in wanted:
            item = self._pages[i]
            near = item.render_scale and abs(item.render_scale / scale - 1.0) < 0.1
            if near or (item.requested_scale and abs(item.requested_scale / scale - 1.0) < 1e-3):
                continue
            self._request(i, scale)
        # drop what is far away: pending requests and pixmaps
        for i, handle in list(self._handles.items()):
            if i < lo or i > hi:
                handle.cancel()
                self._handles.pop(i, None)
                self._pages[i].requested_scale = 0.0
        for i in [i for i in self._rendered if i < lo - KEEP_RADIUS or i > hi + KEEP_RADIUS]:
            self._pages[i].clear_image()
            self._rendered.discard(i)

    def _request(self, index: int, scale: float) -> None:
        session = self._session
        item = self._pages[index]
        item.requested_scale = scale
        handle = self._workers.submit(
            "pdf", session.renderer.render, index, scale, name=f"render page {index + 1}", key=f"render:{id(self)}:{index}",
            priority=RENDER_PRIORITY,
        )
        self._handles[index] = handle
        handle.finished.connect(lambda page, s=session, h=handle: self._on_render_finished(s, h, page))
        handle.failed.connect(lambda exc, i=index: log.warning("page %d could not be rendered: %s", i + 1, exc))

    def _on_render_finished(self, session, handle, page) -> None:  # noqa: ANN001
        if session is not self._session or self._handles.get(page.index) is not handle:
            return  # stale: another document or a newer request
        self._handles.pop(page.index, None)
        image = QImage(page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()
        item = self._pages[page.index]
        item.set_image(image, page.scale)
        item.links = tuple(getattr(page, "links", ()) or ())
        self._rendered.add(page.index)
        item.requested_scale = 0.0
        self.page_rendered.emit(page.index)
