"""Dragging a chapter boundary: the shared drag logic and the drag on PDF pages.

Each drag is an event filter on the view's viewport, so the other helpers' views stay
untouched: a press within a few pixels of a boundary line starts a drag (instead of
hand-scrolling or jumping), every move shows a preview line snapped to the nearest
sentence start the boundary may move to (between its neighbours), and the release
pushes ONE :class:`~explorer.core.edits.MoveBoundary` (consecutive moves of the same
boundary fold into one undo step). Escape cancels. The drags also expose
``begin(chapter)`` / ``drag_to_sentence(i)`` / ``finish()`` for scripted use. The
transcript and plot drags are in :mod:`explorer.ui.editing_drag_views`.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem

log = logging.getLogger(__name__)

GRAB_PX = 6  # how close (screen pixels) to a boundary line a press starts a drag
PREVIEW = QColor(220, 40, 40)


def sentence_start_xy(doc, i: int) -> tuple[int, float, float] | None:
    """(page, x, y) where sentence ``i`` starts on a PDF page, or None."""
    if not (0 <= i < len(doc.sentences)):
        return None
    a = doc.sentences[i].anchor
    if a.page_rects:
        page, r = a.page_rects[0]
        return page, r.x0, r.y0
    if a.page is not None and a.rects:
        return a.page, a.rects[0].x0, a.rects[0].y0
    return None


def sentence_start(doc, i: int) -> tuple[int, float] | None:
    """(page, y) where sentence ``i`` starts on a PDF page, or None."""
    xy = sentence_start_xy(doc, i)
    return None if xy is None else (xy[0], xy[2])


class BoundaryDrag(QObject):
    """State shared by the three drags: which boundary, where it may go, where it is."""

    def __init__(self, editing) -> None:
        super().__init__(editing)
        self.editing = editing
        self.chapter = -1
        self.target = -1

    @property
    def session(self):
        return self.editing.session

    @property
    def active(self) -> bool:
        return self.chapter > 0

    def allowed(self) -> tuple[int, int]:
        """The sentences the dragged boundary may start at (inclusive)."""
        ch = self.session.chapters
        return ch[self.chapter - 1].start + 1, ch[self.chapter].end - 1

    def clamp(self, sentence: int) -> int:
        lo, hi = self.allowed()
        return max(lo, min(hi, sentence))

    def begin(self, chapter: int) -> bool:
        s = self.session
        if s is None or not (0 < chapter < len(s.chapters)):
            return False
        self.chapter = chapter
        self.target = s.chapters[chapter].start
        self._show_preview()
        return True

    def drag_to_sentence(self, sentence: int) -> None:
        if self.active:
            self.target = self.clamp(int(sentence))
            self._show_preview()

    def finish(self) -> bool:
        """Release: one MoveBoundary when the boundary moved."""
        if not self.active:
            return False
        chapter, target = self.chapter, self.target
        self.cancel()
        s = self.session
        if s is None or chapter >= len(s.chapters) or s.chapters[chapter].start == target:
            return False
        return self.editing.move_boundary(chapter, target)

    def cancel(self) -> None:
        self.chapter = -1
        self.target = -1
        self._hide_preview()

    def _show_preview(self) -> None:  # pragma: no cover - overridden
        pass

    def _hide_preview(self) -> None:  # pragma: no cover - overridden
        pass

    def _key(self, event: QEvent) -> bool:
        if self.active and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return True
        return False


class PageBoundaryDrag(BoundaryDrag):
    """Boundary lines on PDF pages (drawn by ChapterOverlay at a chapter's first line)."""

    def __init__(self, editing) -> None:
        super().__init__(editing)
        self.view = editing.window.page_view
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)
        self._line: QGraphicsLineItem | None = None
        self._label: QGraphicsSimpleTextItem | None = None
        self._label_bg: QGraphicsRectItem | None = None
        self._hover = False
        self.last_menu = None  # the last context menu shown (tests, screenshots)

    # --- geometry ---------------------------------------------------------------------------
    def page_at(self, scene_y: float) -> int:
        """The page under (or nearest to) scene y."""
        items = self.view.page_items()
        best, dist = -1, float("inf")
        for item in items:
            r = item.sceneBoundingRect()
            d = 0.0 if r.top() <= scene_y <= r.bottom() else min(abs(scene_y - r.top()), abs(scene_y - r.bottom()))
            if d < dist:
                best, dist = item.index, d
            if r.top() > scene_y and d > dist:
                break
        return best

    def local_y(self, page: int, scene_y: float) -> float:
        return scene_y - self.view.page_item(page).scenePos().y()

    def line_y(self, sentence: int) -> tuple[int, float] | None:
        """(page, y in points) of the boundary line drawn above ``sentence``."""
        start = sentence_start(self.session.document, sentence)
        return None if start is None else (start[0], start[1] - 3)

    def boundary_at(self, scene_pos: QPointF) -> int:
        """The chapter (>= 1) whose boundary line is under ``scene_pos``, else -1."""
        s = self.session
        overlay = self.editing.window.chapter_overlay
        if s is None or not s.is_pdf or len(s.chapters) < 2 or not overlay.visible or not self.view.page_count:
            return -1
        page = self.page_at(scene_pos.y())
        y = self.local_y(page, scene_pos.y())
        tolerance = GRAB_PX / max(0.05, self.view.zoom)
        for ci in range(1, len(s.chapters)):
            where = self.line_y(s.chapters[ci].start)
            if where is not None and where[0] == page and abs(where[1] - y) <= tolerance:
                return ci
        return -1

    def snap(self, scene_pos: QPointF) -> int:
        """The allowed sentence start nearest to ``scene_pos`` (on the page under it).

        Mostly by height; the x distance decides between sentences that start on the
        same line."""
        page = self.page_at(scene_pos.y())
        item = self.view.page_item(page)
        y = self.local_y(page, scene_pos.y())
        x = scene_pos.x() - item.scenePos().x()
        lo, hi = self.allowed()
        doc = self.session.document
        first = self.session.first_sentence_on_page(page)
        best, dist = None, float("inf")
        i = max(lo, first if first is not None else hi)
        while i <= hi:
            where = sentence_start_xy(doc, i)
            if where is not None and where[0] > page:
                break
            if where is not None and where[0] == page:
                d = abs(where[2] - 3 - y) + 0.3 * abs(where[1] - x)
                if d < dist:
                    best, dist = i, d
            i += 1
        if best is not None:
            return best
        lo_page = (sentence_start(doc, lo) or (0, 0.0))[0]
        return lo if page <= lo_page else hi

    # --- preview ------------------------------------------------------------------------------
    def _show_preview(self) -> None:
        where = self.line_y(self.target) if self.active else None
        if where is None:
            self._hide_preview()
            return
        page, y = where
        item = self.view.page_item(page)
        width = item.rect().width()
        if self._line is None or self._line.parentItem() is not item:
            self._hide_preview()
            self._line = QGraphicsLineItem(item)
            pen = QPen(PREVIEW, 2.5)
            pen.setCosmetic(True)
            self._line.setPen(pen)
            self._line.setZValue(30)
            self._label_bg = QGraphicsRectItem(item)
            self._label_bg.setBrush(QBrush(QColor(255, 255, 255, 235)))
            self._label_bg.setPen(QPen(PREVIEW, 0))
            self._label_bg.setZValue(31)
            self._label = QGraphicsSimpleTextItem(item)
            self._label.setBrush(QBrush(PREVIEW.darker(130)))
            self._label.setZValue(32)
        self._line.setLine(4, y, width - 4, y)
        self._label.setText(f"Chapter {self.chapter + 1} starts here (sentence {self.target + 1})")
        br = self._label.boundingRect()
        self._label.setPos(12, y - br.height() - 2)  # above the line: the sentence below stays readable
        self._label_bg.setRect(10, y - br.height() - 3, br.width() + 4, br.height() + 2)

    def _hide_preview(self) -> None:
        for it in (self._line, self._label, self._label_bg):
            if it is not None:
                try:
                    if it.scene() is not None:
                        it.scene().removeItem(it)
                except RuntimeError:  # the page view already cleared its scene
                    pass
        self._line = self._label = self._label_bg = None

    # --- events -----------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view:
            return self._key(event)
        t = event.type()
        if t == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            return self._press(event)
        if t == QEvent.Type.MouseMove:
            return self._move(event)
        if t == QEvent.Type.MouseButtonRelease and self.active:
            self.finish()
            self._set_cursor(False)
            return True
        if t == QEvent.Type.ContextMenu:
            return self._context_menu(event)
        return False

    def _sentence_at(self, pos) -> int | None:
        """The sentence under a viewport point: the one whose rectangles contain it, else the
        last one starting above it."""
        s = self.session
        if s is None or not s.is_pdf or not self.view.page_count:
            return None
        scene = self.view.mapToScene(pos)
        page = self.page_at(scene.y())
        item = self.view.page_item(page)
        x, y = scene.x() - item.scenePos().x(), self.local_y(page, scene.y())
        sents = s.document.sentences
        first = s.first_sentence_on_page(page)
        i = max(0, (first if first is not None else len(sents)) - 1)
        while i < len(sents) and (sents[i].anchor.page is None or sents[i].anchor.page <= page):
            pairs = sents[i].anchor.placed_rects()
            if any(p == page and r.x0 - 1 <= x <= r.x1 + 1 and r.y0 - 1 <= y <= r.y1 + 1 for p, r in pairs):
                return i
            i += 1
        return s.sentence_at(page, y)

    def _press(self, event) -> bool:
        pos = event.position().toPoint()
        s = self.session
        if s is None or not s.is_pdf:
            return False
        self.editing.clicked_sentence = self._sentence_at(pos)
        ci = self.boundary_at(self.view.mapToScene(pos))
        if ci < 0:
            return False
        self.begin(ci)
        return True

    def _move(self, event) -> bool:
        pos = event.position().toPoint()
        if not self.active:
            s = self.session
            near = s is not None and s.is_pdf and self.boundary_at(self.view.mapToScene(pos)) > 0
            self._set_cursor(near)
            return False
        vh = self.view.viewport().height()
        bar = self.view.verticalScrollBar()
        if pos.y() < 16:
            bar.setValue(bar.value() - 20)
        elif pos.y() > vh - 16:
            bar.setValue(bar.value() + 20)
        self.drag_to_sentence(self.snap(self.view.mapToScene(pos)))
        return True

    def _set_cursor(self, on: bool) -> None:
        if on != self._hover:
            self._hover = on
            vp = self.view.viewport()
            if on:
                vp.setCursor(QCursor(Qt.CursorShape.SizeVerCursor))
            else:
                vp.setCursor(QCursor(Qt.CursorShape.OpenHandCursor))

    def _context_menu(self, event) -> bool:
        s = self.session
        if s is None or not s.is_pdf:
            return False
        sentence = self._sentence_at(event.pos())
        menu = self.editing.sentence_menu(sentence, self.view)
        block_item = self.view.itemAt(event.pos())
        overlay = getattr(block_item, "_overlay", None)
        block = getattr(block_item, "block", None)
        if overlay is not None and block is not None and getattr(block, "text", ""):
            menu.addSeparator()  # keep the layout overlay's own action
            menu.addAction("Copy block text", lambda: (overlay.select_block(block), overlay.copy_selected()))
        menu.popup(event.globalPos())
        self.last_menu = menu
        return True
