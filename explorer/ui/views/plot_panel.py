"""Plots of the analysis: pictures drawn by matplotlib in the "figure" lane's child process.

* boundary score curve over the document with the chosen boundaries and their titles;
* chapter lengths as coloured bars;
* for transcripts, a speaker timeline.

Clicking the curve or the timeline emits ``sentence_requested`` with the nearest
sentence; clicking a bar emits ``chapter_requested``. Hovering shows a cursor line
and a note with the place and its chapter. :meth:`PlotPanel.update_plots` redraws
when chapters change.

Keeping the window's thread free (it must never stall for 100 ms):

* the data are prepared on the "plot" lane (:func:`explorer.ui.views.plot_data.prepare`:
  curve decimated to a min and max per pixel column, merged speaker turns), bursts of
  updates are coalesced into one, and stale results are dropped;
* matplotlib draws them on the "figure" lane (:func:`explorer.ui.views.plot_render.render`),
  a child process in the application, so the window's process never imports matplotlib
  (an import on one of its threads held the interpreter lock the window needed) and
  never spends its own thread on a draw. What comes back is a picture and where each
  plot is in it (:class:`explorer.ui.views.plot_geometry.FigureImage`);
* the window paints the picture, and Qt paints the words over it (titles, numbers,
  names: :mod:`explorer.ui.views.plot_labels`), the hover line, the note and the
  playhead. A resize draws again at the new size; until the new picture comes, the
  old one stays with its words, so they always agree.

``PlotPanel.draw_times`` keeps the child's last draws (ms) and ``apply_times`` the
window thread's CPU ms to show each (``python -m explorer.ui.views.plot_timing``).
"""
from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from explorer.ui.views.plot_geometry import AxesBox, FigureImage

# numpy and the data module are imported where used, not with the panel: the window builds
# the panel as a document opens, and numpy's 70-140 ms import there stalled it; by the time
# plots are asked for, a lane thread has imported numpy with the analysis' arrays.
if TYPE_CHECKING:
    import numpy as np

    from explorer.ui.views.plot_data import PlotData

log = logging.getLogger(__name__)

COALESCE_MS = 40  # updates closer than this (granularity slider, several edits) draw once
RESIZE_MS = 60  # a resize draws again once the size has been still this long

FIGURE_LANE = "figure"
PLACEHOLDER = "Plots appear when the analysis has finished."


def prepare_plot(doc, chapters, scores, token: int = 0, width_px: int = 0, *,  # noqa: ANN001
                 progress=None, cancel=None) -> PlotData:  # noqa: ANN001
    """The "plot" lane's task: the data to draw (numpy only)."""
    from explorer.ui.views.plot_data import prepare

    return prepare(doc, chapters, scores, token, width_px, cancel=cancel)


class _PictureSize:
    """The size of the picture shown, in device pixels, as the boundary drag reads it
    (``height()`` and ``devicePixelRatio()``: figure y = height - widget y * ratio)."""

    def __init__(self, host: "PlotHost") -> None:
        self._host = host

    def devicePixelRatio(self) -> float:  # noqa: N802
        return self._host.ratio

    def height(self) -> float:
        picture = self._host.picture
        return float(picture.height) if picture is not None else 0.0

    def width(self) -> float:
        picture = self._host.picture
        return float(picture.width) if picture is not None else 0.0


class PlotHost(QWidget):
    """The widget the plots live in (``PlotPanel.view``): it shows the last picture drawn
    (top-left, at its own size) and hands mouse events to the panel. It exists before
    anything is drawn, so event filters (the boundary drag) can be installed on it at once."""

    pressed = Signal(QPointF, int)  # logical position, Qt mouse button
    moved = Signal(QPointF)
    left_view = Signal()
    resized = Signal()

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(220, 240)
        self.picture: FigureImage | None = None
        self.ratio = 1.0
        self._qimage: QImage | None = None
        self._size = _PictureSize(self)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 420)

    @property
    def image(self) -> _PictureSize | None:
        """Device-pixel geometry of the picture shown (None until something is drawn)."""
        return self._size if self.picture is not None else None

    def show_picture(self, picture: FigureImage | None, ratio: float = 1.0) -> None:
        self.picture = picture
        self.ratio = ratio or 1.0
        if picture is None:
            self._qimage = None
        else:
            # a copy: the QImage must own its pixels, not borrow the bytes object's
            img = QImage(picture.rgba, picture.width, picture.height, picture.width * 4,
                         QImage.Format.Format_RGBA8888).copy()
            img.setDevicePixelRatio(self.ratio)
            self._qimage = img
        self.update()

    def figure_point(self, pos: QPointF) -> tuple[float, float]:
        """Figure pixels (device pixels, origin bottom-left, as the geometry counts) of a
        position in this widget."""
        picture = self.picture
        height = picture.height if picture is not None else self.height() * self.ratio
        return pos.x() * self.ratio, height - pos.y() * self.ratio

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white if self._qimage is not None else self.palette().base())
        if self._qimage is not None:
            painter.drawImage(QPoint(0, 0), self._qimage)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self.resized.emit()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        self.pressed.emit(event.position(), int(event.button().value))

    def mouseMoveEvent(self, event) -> None:  # noqa: ANN001, N802
        self.moved.emit(event.position())

    def leaveEvent(self, event) -> None:  # noqa: ANN001, N802
        super().leaveEvent(event)
        self.left_view.emit()


@dataclass
class PlotState:
    """What is on screen: the picture, where its plots are, and the data they show
    (click mapping, tests, drags)."""

    image: FigureImage
    xs: np.ndarray
    chapters: list
    data: PlotData

    @property
    def scores(self) -> AxesBox:
        return self.image.scores

    @property
    def lengths(self) -> AxesBox:
        return self.image.lengths

    @property
    def speakers(self) -> AxesBox | None:
        return self.image.speakers


class PlotPanel(QWidget):
    sentence_requested = Signal(int)
    chapter_requested = Signal(int)
    rendered = Signal()  # after each new picture is shown

    def __init__(self, workers=None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        from explorer.ui.views.plot_labels import PlotLabels

        self.workers = workers
        self.view = PlotHost()
        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._submit)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_MS)
        self._resize_timer.timeout.connect(self._on_resized)
        self._request: tuple | None = None
        self._last: tuple | None = None
        self._token = 0
        self._busy = False  # a preparation is running on the plot lane
        self._drawing = False  # a picture is being drawn on the figure lane
        self._draw_again = False  # and another was asked for meanwhile
        self._data: PlotData | None = None  # the newest prepared data (drawn, or being drawn)
        self.plot: PlotState | None = None
        self.draw_times: list[float] = []  # ms of the last draws, in the figure lane
        self.apply_times: list[float] = []  # CPU ms of the window's thread to show each
        self.labels = PlotLabels(self.view)
        self.labels.setGeometry(self.view.rect())
        self._hover = QFrame(self.view)
        self._hover.setStyleSheet("background: rgba(30, 30, 30, 170);")
        self._hover.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._hover.hide()
        # where a transcript's recording is: a black line on the curve (no chapter has that colour;
        # the hover line is thinner and grey)
        self._playhead = QFrame(self.view)
        self._playhead.setStyleSheet("background: rgba(10, 10, 10, 230);")
        self._playhead.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._playhead.hide()
        self._playhead_row = -1
        self._tip = QLabel(self.view)
        self._tip.setStyleSheet("background: rgba(255, 255, 225, 240); color: #222; border: 1px solid #999;"
                                " padding: 2px 4px;")
        self._tip.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._tip.hide()
        self.view.pressed.connect(self._on_pressed)
        self.view.moved.connect(self._on_moved)
        self.view.left_view.connect(self._hide_hover)
        self.view.resized.connect(self._on_view_resized)
        self.clear()

    # --- updates --------------------------------------------------------------------------------
    def clear(self) -> None:
        self._request = None
        self._last = None
        self._data = None
        self._token += 1
        self._timer.stop()
        self.plot = None
        self._hide_hover()
        self._playhead.hide()
        self.view.show_picture(None)
        self.labels.clear()
        self.placeholder.show()

    def update_plots(self, session) -> None:  # noqa: ANN001
        """Redraw from ``session`` (document, analysis scores, chapters); repeated calls coalesce."""
        doc = session.document if session is not None else None
        chapters = list(session.chapters) if session is not None else []
        if doc is None or not doc.sentences or not chapters:
            self.clear()
            return
        scores = getattr(session.analysis, "scores", None) if session.analysis is not None else None
        if scores is not None:
            import numpy as np  # loaded with the analysis' arrays

            scores = np.asarray(scores)
        self._ask(doc, chapters, scores)

    def _ask(self, doc, chapters: list, scores) -> None:  # noqa: ANN001
        self._last = (doc, chapters, scores)
        self._token += 1
        width = int(self._view_size()[0] * self._ratio())
        self._request = (doc, chapters, scores, self._token, width)
        if not self._timer.isActive():
            self._timer.start()

    def _submit(self) -> None:
        if self._request is None:
            return
        if self._busy:  # one preparation at a time: the newest request goes when it returns
            return
        request, self._request = self._request, None
        if self._inline():
            self._on_prepared(prepare_plot(*request))
            return
        self._busy = True
        handle = self.workers.submit("plot", prepare_plot, *request, name="plots", key=f"plot:{id(self)}")
        handle.finished.connect(self._on_prepared)
        handle.failed.connect(lambda exc: log.warning("plots could not be prepared: %s", exc))
        handle.done.connect(self._on_task_done)

    def _inline(self) -> bool:
        return self.workers is None or self.workers.closed

    def _on_task_done(self) -> None:
        self._busy = False
        self._submit()  # the newest request that came meanwhile, if any

    def _on_prepared(self, data: PlotData) -> None:
        if self._request is not None or data.token != self._token:
            return  # a newer request came meanwhile: only its drawing is worth the time
        self._data = data
        self._draw()

    # --- drawing (figure lane) -------------------------------------------------------------------
    def _view_size(self) -> tuple[int, int]:
        """The size the picture is drawn for: the view's, or before the panel is first shown
        (a widget never shown has Qt's default size), its size hint."""
        if self.view.testAttribute(Qt.WidgetAttribute.WA_WState_Created) and self.view.isVisible():
            return max(self.view.width(), 1), max(self.view.height(), 1)
        hint = self.view.sizeHint()
        return hint.width(), hint.height()

    def _ratio(self) -> float:
        return float(self.view.devicePixelRatioF()) or 1.0

    def _draw(self) -> None:
        """Ask for a picture of the newest data at the view's size (one at a time: asked
        again while one is drawn, the newest request goes when it returns)."""
        data = self._data
        if data is None:
            return
        if self._drawing:
            self._draw_again = True
            return
        w, h = self._view_size()
        ratio = self._ratio()
        names, timeline = self.labels.names_width(data, w)
        # the child needs no sentence positions (a 400-page manual has 9,000): only what is drawn
        import numpy as np  # loaded with the data

        request = (dataclasses.replace(data, xs=np.zeros(0)), int(w * ratio), int(h * ratio), ratio,
                   names, timeline, self.labels.name_row)
        if self._inline():
            from explorer.ui.views.plot_render import render

            self._on_drawn(render(*request))
            return
        from explorer.ui.views.plot_render import render

        self._drawing = True
        handle = self.workers.submit(FIGURE_LANE, render, *request, name="plots (draw)", key=f"figure:{id(self)}")
        handle.finished.connect(self._on_drawn)
        handle.failed.connect(self._on_draw_failed)
        handle.done.connect(self._on_draw_done)

    def _on_draw_failed(self, exc: BaseException) -> None:
        log.warning("plots could not be drawn: %s", exc)
        if self.plot is None:  # nothing shown yet: say why, rather than promise plots that do not come
            self.placeholder.setText(f"The plots could not be drawn: {exc}")

    def _on_draw_done(self) -> None:
        self._drawing = False
        if self._draw_again:
            self._draw_again = False
            self._draw()

    def _on_drawn(self, picture: FigureImage) -> None:
        data = self._data
        if data is None or picture.token != data.token or self._draw_again:
            return  # newer data or a new size came meanwhile: their picture follows
        c0 = time.thread_time()
        ratio = picture.ratio  # the screen's when it was asked for
        self.view.show_picture(picture, ratio)
        if abs(ratio - self._ratio()) > 1e-3:  # moved to a screen of another pixel ratio meanwhile
            self._resize_timer.start()
        self.plot = PlotState(picture, data.xs, list(data.chapters), data)
        self.placeholder.hide()
        self.placeholder.setText(PLACEHOLDER)
        self.labels.setGeometry(self.view.rect())
        self.labels.refresh(picture, data, ratio)
        self.labels.show()
        self.labels.raise_()
        self._place_playhead()
        self._hide_hover()
        self.draw_times.append(picture.draw_ms)
        self.apply_times.append((time.thread_time() - c0) * 1000.0)
        del self.draw_times[:-50], self.apply_times[:-50]
        log.debug("plots shown: drawn in %.1f ms, shown in %.1f ms of CPU", picture.draw_ms, self.apply_times[-1])
        self.rendered.emit()

    def _on_view_resized(self) -> None:
        self.labels.setGeometry(self.view.rect())
        if self._data is not None:
            self._resize_timer.start()

    def _on_resized(self) -> None:
        data = self._data
        if data is None:
            return
        if data.width_px and self.view.width() * self._ratio() > 1.3 * data.width_px and self._last is not None:
            self._ask(*self._last)  # much wider now: a finer curve, prepared off the window's thread
            return
        self._draw()

    # --- the recording's place -----------------------------------------------------------------
    @property
    def playhead_row(self) -> int:
        return self._playhead_row

    def set_playhead(self, sentence: int) -> None:
        """Mark on the score curve the sentence a transcript's recording is at (-1: none)."""
        self._playhead_row = sentence
        self._place_playhead()

    def _place_playhead(self) -> None:
        plot, row = self.plot, self._playhead_row
        if plot is None or not 0 <= row < len(plot.xs):
            self._playhead.hide()
            return
        box = plot.scores
        _left, top, _width, height = plot.image.widget_rect(box)
        x = box.x_to_px(float(plot.xs[row])) / plot.image.ratio
        self._playhead.setGeometry(int(x) - 1, int(top), 2, max(1, int(height)))
        self._playhead.show()
        self._playhead.raise_()
        self._hover.raise_()
        self._tip.raise_()

    # --- clicks and hover ----------------------------------------------------------------------
    def sentence_at_x(self, x: float) -> int:
        """The sentence nearest the plot position ``x`` (-1 before anything is drawn)."""
        from explorer.ui.views.plot_data import nearest_sentence

        return nearest_sentence(self.plot.xs, x) if self.plot is not None else -1

    def chapter_of_sentence(self, i: int) -> int:
        for ci, ch in enumerate(self.plot.chapters if self.plot is not None else []):
            if ch.start <= i < ch.end:
                return ci
        return -1

    def _hit(self, pos: QPointF) -> tuple[AxesBox | None, float, float]:
        """The plot under a widget position and the data point there (None: no plot)."""
        plot = self.plot
        if plot is None:
            return None, 0.0, 0.0
        fx, fy = self.view.figure_point(pos)
        for box in plot.image.axes():
            if box.contains(fx, fy):
                return box, box.px_to_x(fx), box.px_to_y(fy)
        return None, 0.0, 0.0

    def _on_pressed(self, pos: QPointF, button: int) -> None:
        if button != int(Qt.MouseButton.LeftButton.value):  # the context menu is Qt's
            return
        box, x, y = self._hit(pos)
        if box is None:
            return
        if box is self.plot.lengths:
            ci = int(round(y))
            if 0 <= ci < len(self.plot.chapters):
                self.chapter_requested.emit(ci)
            return
        i = self.sentence_at_x(x)
        if i >= 0:
            self.sentence_requested.emit(i)

    def _hide_hover(self) -> None:
        self._hover.hide()
        self._tip.hide()

    def _on_moved(self, posf: QPointF) -> None:
        box, x, y = self._hit(posf)
        plot = self.plot
        if box is None:
            self._hide_hover()
            return
        data = plot.data
        pos = posf.toPoint()
        if box is plot.lengths:
            ci = int(round(y))
            if not 0 <= ci < len(plot.chapters):
                self._hide_hover()
                return
            self._hover.hide()
            from explorer.ui.views.plot_data import length_text

            size = length_text(float(data.lengths[ci]), data.length_unit)
            self._tooltip(pos, f"{data.titles[ci]}\n{size} · click to go there")
            return
        i = self.sentence_at_x(x)
        ci = self.chapter_of_sentence(i)
        _left, top, _width, height = plot.image.widget_rect(box)
        self._hover.setGeometry(pos.x(), int(top), 1, max(1, int(height)))
        self._hover.show()
        self._hover.raise_()
        where = _where(data, x)
        title = data.titles[ci] if 0 <= ci < len(data.titles) else ""
        self._tooltip(pos, f"{where} · {title}\nclick to go there")

    def _tooltip(self, pos: QPoint, text: str) -> None:
        """A tooltip-like note inside the panel (a child label: no popup window to raise)."""
        tip = self._tip
        tip.setText(text)
        tip.adjustSize()
        x = pos.x() + 14 if pos.x() + 14 + tip.width() < self.view.width() else pos.x() - 8 - tip.width()
        y = pos.y() + 16 if pos.y() + 16 + tip.height() < self.view.height() else pos.y() - 8 - tip.height()
        tip.move(max(0, x), max(0, y))
        tip.show()
        tip.raise_()


def _where(data: PlotData, x: float) -> str:
    if data.unit == "page":  # page p spans [p + 1, p + 2): named as the chapter panel names it
        page = max(0, int(x) - 1)
        return f"p. {data.page_labels[page] if page < len(data.page_labels) else page + 1}"
    if data.unit == "minutes":
        seconds = max(0, int(round(x * 60)))
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
            f"{seconds // 60}:{seconds % 60:02d}"
    return f"sentence {max(0, int(round(x))) + 1}"
