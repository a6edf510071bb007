"""Dragging a chapter boundary on the page, in the transcript and on the plot.

Each drag is an event filter on the view's viewport, so the other helpers' views stay
untouched: a press within a few pixels of a boundary line starts a drag (instead of
hand-scrolling or jumping), every move shows a preview line snapped to the nearest
sentence start the boundary may move to (between its neighbours), and the release
pushes ONE :class:`~explorer.core.edits.MoveBoundary` (consecutive moves of the same
boundary fold into one undo step). Escape cancels. The drags also expose
``begin(chapter)`` / ``drag_to_sentence(i)`` / ``finish()`` for scripted use.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QPen
from PySide6.QtWidgets import QFrame, QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem

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


class _Drag(QObject):
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


class PageBoundaryDrag(_Drag):
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
            a = sents[i].anchor
            pairs = a.page_rects or tuple((a.page, r) for r in a.rects)
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


class TranscriptBoundaryDrag(_Drag):
    """Boundary lines in the transcript (the top edge of a chapter's first row)."""

    def __init__(self, editing) -> None:
        super().__init__(editing)
        self.view = editing.window.transcript_view
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)
        self._line: QFrame | None = None
        self.last_menu = None

    def boundary_at(self, pos) -> int:
        s = self.session
        if s is None or s.is_pdf or len(s.chapters) < 2:
            return -1
        for dy in (0, -GRAB_PX, GRAB_PX):
            idx = self.view.indexAt(pos + type(pos)(0, dy))
            if not idx.isValid():
                continue
            row = idx.row()
            for r in (row, row + 1):
                ci = s.chapter_index_of(r)
                if ci > 0 and s.chapters[ci].start == r and r < self.view.transcript_model.rowCount():
                    top = self.view.visualRect(self.view.transcript_model.index(r)).top()
                    if abs(pos.y() - top) <= GRAB_PX:
                        return ci
        return -1

    def snap(self, pos) -> int:
        idx = self.view.indexAt(pos)
        model = self.view.transcript_model
        if not idx.isValid():
            return self.clamp(model.rowCount() - 1 if pos.y() > 0 else 0)
        rect = self.view.visualRect(idx)
        row = idx.row() + (1 if pos.y() - rect.top() > rect.height() / 2 else 0)
        return self.clamp(row)

    def _show_preview(self) -> None:
        model = self.view.transcript_model
        if not self.active or not (0 <= self.target < model.rowCount()):
            self._hide_preview()
            return
        if self._line is None:
            self._line = QFrame(self.view.viewport())
            self._line.setStyleSheet(f"background: {PREVIEW.name()};")
        top = self.view.visualRect(model.index(self.target)).top()
        self._line.setGeometry(0, max(0, top - 1), self.view.viewport().width(), 3)
        self._line.show()
        self._line.raise_()

    def _hide_preview(self) -> None:
        if self._line is not None:
            self._line.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.view:
            return self._key(event)
        t = event.type()
        if t == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            ci = self.boundary_at(event.position().toPoint())
            return ci > 0 and self.begin(ci)
        if t == QEvent.Type.MouseMove:
            pos = event.position().toPoint()
            if not self.active:
                near = self.boundary_at(pos) > 0
                self.view.viewport().setCursor(QCursor(Qt.CursorShape.SizeVerCursor if near else Qt.CursorShape.ArrowCursor))
                return False
            bar = self.view.verticalScrollBar()
            if pos.y() < 12:
                bar.setValue(bar.value() - 12)
            elif pos.y() > self.view.viewport().height() - 12:
                bar.setValue(bar.value() + 12)
            self.drag_to_sentence(self.snap(pos))
            return True
        if t == QEvent.Type.MouseButtonRelease and self.active:
            self.finish()
            return True
        if t == QEvent.Type.ContextMenu:
            s = self.session
            if s is None or s.is_pdf:
                return False
            idx = self.view.indexAt(event.pos())
            if idx.isValid():
                self.view.setCurrentIndex(idx)
            menu = self.editing.sentence_menu(idx.row() if idx.isValid() else None, self.view)
            menu.popup(event.globalPos())
            self.last_menu = menu
            return True
        return False


class PlotBoundaryDrag(_Drag):
    """Boundary lines on the score plot (vertical lines at each chapter start)."""

    def __init__(self, editing) -> None:
        super().__init__(editing)
        self.panel = None
        self._line: QFrame | None = None
        self.hook()

    def hook(self) -> None:
        """Follow the plot panel once the window has created it (it is created lazily)."""
        panel = getattr(self.editing.window, "plot_panel", None)
        if panel is None or panel is self.panel:
            return
        self.panel = panel
        panel.view.installEventFilter(self)
        panel.view.setMouseTracking(True)

    def _ratio(self) -> float:
        img = self.panel.view.image
        return (img.devicePixelRatio() if img is not None else 1.0) or 1.0

    def _figure_xy(self, pos) -> tuple[float, float]:
        ratio = self._ratio()
        img = self.panel.view.image
        return pos.x() * ratio, (img.height() / ratio - pos.y()) * ratio

    def _plot(self):
        s = self.session
        plot = self.panel.plot if self.panel is not None else None
        if s is None or plot is None or plot.ax_scores is None or self.panel.view.image is None:
            return None
        if [(c.start, c.end) for c in plot.chapters] != [(c.start, c.end) for c in s.chapters]:
            return None  # a newer drawing is on its way
        return plot

    def boundary_x(self, sentence: int) -> float | None:
        """Widget x (pixels) of the vertical line at ``sentence``."""
        plot = self._plot()
        if plot is None or not (0 <= sentence < len(plot.xs)):
            return None
        px = plot.ax_scores.transData.transform((float(plot.xs[sentence]), 0.0))[0]
        return float(px) / self._ratio()

    def boundary_at(self, pos) -> int:
        plot = self._plot()
        if plot is None:
            return -1
        fx, fy = self._figure_xy(pos)
        if not plot.ax_scores.bbox.contains(fx, fy):
            return -1
        best, dist = -1, GRAB_PX + 0.5
        for ci in range(1, len(self.session.chapters)):
            x = self.boundary_x(self.session.chapters[ci].start)
            if x is not None and abs(x - pos.x()) < dist:
                best, dist = ci, abs(x - pos.x())
        return best

    def snap(self, pos) -> int:
        plot = self._plot()
        if plot is None:
            return self.target
        fx, _fy = self._figure_xy(pos)
        x = plot.ax_scores.transData.inverted().transform((fx, 0.0))[0]
        return self.clamp(self.panel.sentence_at_x(float(x)))

    def _show_preview(self) -> None:
        x = self.boundary_x(self.target) if self.active else None
        plot = self._plot()
        if x is None or plot is None:
            self._hide_preview()
            return
        if self._line is None:
            self._line = QFrame(self.panel.view)
            self._line.setStyleSheet(f"background: {PREVIEW.name()};")
        bbox = plot.ax_scores.bbox
        ratio = self._ratio()
        h = self.panel.view.image.height() / ratio
        top, bottom = h - bbox.y1 / ratio, h - bbox.y0 / ratio
        self._line.setGeometry(round(x) - 1, int(top), 3, max(1, int(bottom - top)))
        self._line.setToolTip(f"Chapter {self.chapter + 1} starts at sentence {self.target + 1}")
        self._line.show()
        self._line.raise_()

    def _hide_preview(self) -> None:
        if self._line is not None:
            self._line.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.panel is None or obj is not self.panel.view:
            return False
        t = event.type()
        if t == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            ci = self.boundary_at(event.position())
            return ci > 0 and self.begin(ci)
        if t == QEvent.Type.MouseMove:
            if not self.active:
                near = self.boundary_at(event.position()) > 0
                self.panel.view.setCursor(QCursor(Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.ArrowCursor))
                return False
            self.drag_to_sentence(self.snap(event.position()))
            return True
        if t == QEvent.Type.MouseButtonRelease and self.active:
            self.finish()
            return True
        return self._key(event)

