"""Dragging a chapter boundary in the transcript (a row's top edge) and on the score plot
(a vertical line): the same drag as on pages (:mod:`explorer.ui.editing_drag`), with a
thin red bar as the preview."""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame

from explorer.ui.editing_drag import GRAB_PX, PREVIEW, BoundaryDrag

log = logging.getLogger(__name__)


class _PreviewBar:
    """The thin red bar that the widget-based drags (transcript, plot) show as their preview."""

    _line: QFrame | None = None

    def _show_bar(self, parent, x: int, y: int, w: int, h: int) -> QFrame:  # noqa: ANN001
        if self._line is None or self._line.parentWidget() is not parent:
            self._hide_preview()
            self._line = QFrame(parent)
            self._line.setStyleSheet(f"background: {PREVIEW.name()};")
        self._line.setGeometry(x, y, w, h)
        self._line.show()
        self._line.raise_()
        return self._line

    def _hide_preview(self) -> None:
        if self._line is not None:
            self._line.hide()


class TranscriptBoundaryDrag(_PreviewBar, BoundaryDrag):
    """Boundary lines in the transcript (the top edge of a chapter's first row)."""

    def __init__(self, editing) -> None:
        super().__init__(editing)
        self.view = editing.window.transcript_view
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)
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
        top = self.view.visualRect(model.index(self.target)).top()
        self._show_bar(self.view.viewport(), 0, max(0, top - 1), self.view.viewport().width(), 3)

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
            if idx.isValid() and not self.view.selectionModel().isRowSelected(idx.row(), idx.parent()):
                self.view.setCurrentIndex(idx)  # a click inside the selection keeps it (to copy it)
            menu = self.editing.sentence_menu(idx.row() if idx.isValid() else None, self.view)
            menu.popup(event.globalPos())
            self.last_menu = menu
            return True
        return False


class PlotBoundaryDrag(_PreviewBar, BoundaryDrag):
    """Boundary lines on the score plot (vertical lines at each chapter start)."""

    def __init__(self, editing) -> None:
        super().__init__(editing)
        self.panel = None
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
        return self.panel.view.ratio or 1.0

    def _figure_xy(self, pos) -> tuple[float, float]:
        return self.panel.view.figure_point(pos)

    def _plot(self):
        s = self.session
        plot = self.panel.plot if self.panel is not None else None
        if s is None or plot is None or self.panel.view.image is None:
            return None
        if [(c.start, c.end) for c in plot.chapters] != [(c.start, c.end) for c in s.chapters]:
            return None  # a newer drawing is on its way
        return plot

    def boundary_x(self, sentence: int) -> float | None:
        """Widget x (pixels) of the vertical line at ``sentence``."""
        plot = self._plot()
        if plot is None or not (0 <= sentence < len(plot.xs)):
            return None
        return plot.scores.x_to_px(float(plot.xs[sentence])) / self._ratio()

    def boundary_at(self, pos) -> int:
        plot = self._plot()
        if plot is None:
            return -1
        fx, fy = self._figure_xy(pos)
        if not plot.scores.contains(fx, fy):
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
        return self.clamp(self.panel.sentence_at_x(plot.scores.px_to_x(fx)))

    def _show_preview(self) -> None:
        x = self.boundary_x(self.target) if self.active else None
        plot = self._plot()
        if x is None or plot is None:
            self._hide_preview()
            return
        _left, top, _width, height = plot.image.widget_rect(plot.scores)
        bar = self._show_bar(self.panel.view, round(x) - 1, int(top), 3, max(1, int(height)))
        bar.setToolTip(f"Chapter {self.chapter + 1} starts at sentence {self.target + 1}")

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

