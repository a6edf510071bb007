"""Plots of the analysis, embedded with matplotlib's ``FigureCanvasQTAgg`` (a ``Figure``, never pyplot).

* boundary score curve over the document with the chosen boundaries and their titles;
* chapter lengths as coloured bars;
* for transcripts, a speaker timeline.

Clicking the curve or the timeline emits ``sentence_requested`` with the nearest
sentence; clicking a bar emits ``chapter_requested`` (both from matplotlib's
``button_press_event``). Hovering shows a cursor line and a note with the place
and its chapter. :meth:`PlotPanel.update_plots` redraws when chapters change.

Keeping the GUI thread free (the window must never stall for 100 ms):

* matplotlib is imported on the "plot" lane (2-8 s on the loaded machine), and the
  figure with its axes is built there with the first data; the canvas is created
  only then. Until then :class:`PlotHost` (the widget other code sees as ``view``,
  so the boundary drag can filter its events from the start) shows a placeholder;
* the data are prepared on the "plot" lane (:func:`explorer.ui.views.plot_data.prepare`:
  curve decimated to a min and max per pixel column, merged speaker turns), bursts
  of updates are coalesced into one, and stale results are dropped;
* the GUI thread only swaps a few artists (:class:`explorer.ui.views.plot_figure.PlotFigure`)
  and asks for ``draw_idle``; the layout is fixed margins, recomputed on resize;
  matplotlib draws no text: titles, numbers and names are painted by Qt over the
  canvas (:mod:`explorer.ui.views.plot_labels`).

``PlotPanel.draw_times`` / ``draw_cpu_times`` keep the last draws' wall and CPU ms
(``python -m explorer.ui.views.plot_timing`` prints them for a document).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from explorer.ui.views.plot_data import PlotData, nearest_sentence, prepare

log = logging.getLogger(__name__)

COALESCE_MS = 40  # updates closer than this (granularity slider, several edits) draw once

_matplotlib_ready = False


def load_matplotlib() -> None:
    """Import the Qt canvas and draw a throwaway figure (fonts found and cached): on a
    worker thread, so the GUI thread never pays for it."""
    global _matplotlib_ready
    if _matplotlib_ready:
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: F401
    from matplotlib.figure import Figure

    import explorer.ui.views.plot_figure  # noqa: F401
    import explorer.ui.views.plot_labels  # noqa: F401 - a module import on the GUI thread stats files

    fig = Figure(figsize=(2, 1), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.2, 0.2, 0.7, 0.7))
    ax.set_title("warm up", fontsize=8.5)
    ax.text(0.5, 0.5, "warm up", rotation=90, fontsize=6.5)
    ax.tick_params(labelsize=7)
    fig.canvas.draw()
    _matplotlib_ready = True


def prepare_plot(doc, chapters, scores, token: int = 0, width_px: int = 0, with_figure: bool = False, *,  # noqa: ANN001
                 progress=None, cancel=None) -> PlotData:  # noqa: ANN001
    """The "plot" lane's task: make sure matplotlib is loaded, then prepare the data (and, before
    the panel has a canvas, the figure and its axes: see :meth:`PlotFigure.build`)."""
    load_matplotlib()
    data = prepare(doc, chapters, scores, token, width_px, cancel=cancel)
    if with_figure:
        from explorer.ui.views.plot_figure import PlotFigure

        data.prebuilt = PlotFigure.build()
    return data


class _CanvasImage:
    """The size of what is shown, in device pixels, as the boundary drag reads it
    (``height()`` and ``devicePixelRatio()``: figure y = height - widget y * ratio)."""

    def __init__(self, host: "PlotHost") -> None:
        self._host = host

    def devicePixelRatio(self) -> float:  # noqa: N802
        return float(self._host.canvas.device_pixel_ratio) if self._host.canvas is not None else 1.0

    def height(self) -> float:
        return self._host.height() * self.devicePixelRatio()

    def width(self) -> float:
        return self._host.width() * self.devicePixelRatio()


class PlotHost(QWidget):
    """The widget the plots live in (``PlotPanel.view``): it exists before matplotlib is
    loaded, so event filters (the boundary drag) can be installed on it at once. The
    canvas fills it and lets mouse events through to it; the host hands them on to the
    canvas, which turns them into matplotlib events."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.canvas = None
        self.setMouseTracking(True)
        self.setMinimumSize(220, 240)
        self._image = _CanvasImage(self)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 420)

    @property
    def image(self):  # noqa: ANN201
        """Device-pixel geometry of the drawn figure (None until something is drawn)."""
        canvas = self.canvas
        return self._image if canvas is not None and getattr(canvas, "renderer", None) is not None else None

    def set_canvas(self, canvas, layers: list[QWidget]) -> None:  # noqa: ANN001
        """Show ``canvas`` filling this widget, with ``layers`` (label painters) above it."""
        self.canvas = canvas
        self._layers = list(layers)
        canvas.setParent(self)
        canvas.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        for w in self._layers:
            w.setGeometry(self.rect())
            w.show()
            w.raise_()
        canvas.setGeometry(self.rect())
        canvas.lower()
        canvas.show()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        for w in getattr(self, "_layers", []):  # first: the canvas's resize lays the labels out
            w.setGeometry(self.rect())
        if self.canvas is not None:
            self.canvas.setGeometry(self.rect())

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        if self.canvas is None:
            painter = QPainter(self)
            painter.fillRect(self.rect(), self.palette().base())
            painter.end()

    # hand mouse events on to the canvas (same geometry, so the same coordinates)
    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.canvas is not None:
            self.canvas.mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.canvas is not None:
            self.canvas.mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.canvas is not None:
            self.canvas.mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.canvas is not None:
            self.canvas.mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: ANN001, N802
        super().leaveEvent(event)
        if self.canvas is not None:
            self.canvas.leaveEvent(event)


@dataclass
class PlotState:
    """What is on screen: the figure's axes and the data they show (click mapping, tests, drags)."""

    figure: Any
    xs: np.ndarray
    chapters: list
    ax_scores: Any = None
    ax_lengths: Any = None
    ax_speakers: Any = None
    data: PlotData | None = None


class PlotPanel(QWidget):
    sentence_requested = Signal(int)
    chapter_requested = Signal(int)
    rendered = Signal()  # after each draw of the canvas

    def __init__(self, workers=None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.workers = workers
        self.view = PlotHost()
        self.placeholder = QLabel("Plots appear when the analysis has finished.")
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._submit)
        self._request: tuple | None = None
        self._last: tuple | None = None
        self._token = 0
        self._busy = False  # a preparation is running on the plot lane
        self.canvas = None
        self.labels = None
        self.plot_figure = None
        self.plot: PlotState | None = None
        self.last_draw_ms = 0.0
        self.draw_times: list[float] = []  # wall-clock ms of the last draws (GUI thread)
        self.draw_cpu_times: list[float] = []  # CPU ms of the same draws (the machine's load aside)
        self._hover = QFrame(self.view)
        self._hover.setStyleSheet("background: rgba(30, 30, 30, 170);")
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
        self.clear()

    # --- the parts of the drawn figure (tests, click mapping, the boundary drag) ----------------
    @property
    def figure(self):  # noqa: ANN201
        return self.plot.figure if self.plot is not None else None

    @property
    def _ax_scores(self):  # noqa: ANN202
        return self.plot.ax_scores if self.plot is not None else None

    @property
    def _ax_lengths(self):  # noqa: ANN202
        return self.plot.ax_lengths if self.plot is not None else None

    @property
    def _chapters(self) -> list:
        return self.plot.chapters if self.plot is not None else []

    # --- updates --------------------------------------------------------------------------------
    def clear(self) -> None:
        self._request = None
        self._last = None
        self._token += 1
        self._timer.stop()
        self.plot = None
        self._hide_hover()
        self._playhead.hide()
        if self.canvas is not None:
            self.canvas.hide()
            self.labels.hide()
        self.placeholder.show()

    def update_plots(self, session) -> None:  # noqa: ANN001
        """Redraw from ``session`` (document, analysis scores, chapters); repeated calls coalesce."""
        doc = session.document if session is not None else None
        chapters = list(session.chapters) if session is not None else []
        if doc is None or not doc.sentences or not chapters:
            self.clear()
            return
        scores = getattr(session.analysis, "scores", None) if session.analysis is not None else None
        self._ask(doc, chapters, None if scores is None else np.asarray(scores))

    def _ask(self, doc, chapters: list, scores) -> None:  # noqa: ANN001
        self._last = (doc, chapters, scores)
        self._token += 1
        width = int(self.view.width() * self.view.devicePixelRatioF())
        self._request = (doc, chapters, scores, self._token, width, self.canvas is None)
        if not self._timer.isActive():
            self._timer.start()

    def _submit(self) -> None:
        if self._request is None:
            return
        if self._busy:  # one preparation at a time: the newest request goes when it returns
            return
        request, self._request = self._request, None
        if self.workers is None or self.workers.closed:
            self._apply(prepare_plot(*request))
            return
        self._busy = True
        handle = self.workers.submit("plot", prepare_plot, *request, name="plots", key=f"plot:{id(self)}")
        handle.finished.connect(self._on_prepared)
        handle.failed.connect(lambda exc: log.warning("plots could not be prepared: %s", exc))
        handle.done.connect(self._on_task_done)

    def _on_task_done(self) -> None:
        self._busy = False
        self._submit()  # the newest request that came meanwhile, if any

    def _on_prepared(self, data: PlotData) -> None:
        if self._request is not None or data.token != self._token:
            return  # a newer request came meanwhile: only its drawing is worth the time
        self._apply(data)

    def _ensure_canvas(self, prebuilt=None) -> None:  # noqa: ANN001
        if self.canvas is not None:
            return
        from explorer.ui.views.plot_figure import PlotFigure
        from explorer.ui.views.plot_labels import PlotLabels

        pf = prebuilt if prebuilt is not None else PlotFigure.build()
        canvas = _make_canvas(pf.figure, self)
        self.canvas = canvas
        self.plot_figure = pf
        self.labels = PlotLabels(self.view)
        self.view.set_canvas(canvas, [self.labels])
        self._hover.raise_()
        self._tip.raise_()
        canvas.mpl_connect("button_press_event", self._on_canvas_clicked)
        canvas.mpl_connect("motion_notify_event", self._on_hover)
        canvas.mpl_connect("figure_leave_event", lambda _e: self._hide_hover())
        canvas.mpl_connect("resize_event", lambda _e: self._relayout())

    def _apply(self, data: PlotData) -> None:
        """GUI thread: swap the artists and ask for one draw."""
        self._ensure_canvas(data.prebuilt)
        data.prebuilt = None
        pf = self.plot_figure
        pf.apply(data)
        self.plot = PlotState(pf.figure, data.xs, list(data.chapters), pf.ax_scores, pf.ax_lengths,
                              pf.ax_speakers, data)
        self.placeholder.hide()
        self.canvas.show()
        self.labels.show()
        self._relayout()
        self._hide_hover()
        self.canvas.draw_idle()

    def _relayout(self) -> None:
        """Fit the axes and the labels to the canvas's size (on resize and new data; no drawing)."""
        pf = self.plot_figure
        if pf is None or pf.data is None:
            return
        ratio = float(self.canvas.device_pixel_ratio) or 1.0
        names, timeline = self.labels.names_width(pf.data, self.view.width())
        pf.layout(names * ratio, timeline * ratio)
        self.labels.refresh(pf, ratio)
        self._place_playhead()
        if pf.data.width_px and self.canvas.figure.bbox.width > 1.3 * pf.data.width_px and self._last is not None:
            self._ask(*self._last)  # much wider now: a finer curve, prepared off the GUI thread

    def _on_drawn(self, ms: float, cpu_ms: float = 0.0) -> None:
        self.last_draw_ms = ms
        self.draw_times.append(ms)
        self.draw_cpu_times.append(cpu_ms)
        del self.draw_times[:-50], self.draw_cpu_times[:-50]
        log.debug("plots drawn in %.1f ms (%.1f ms of CPU)", ms, cpu_ms)
        self.rendered.emit()

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
        if plot is None or plot.ax_scores is None or not 0 <= row < len(plot.xs):
            self._playhead.hide()
            return
        ratio = float(self.canvas.device_pixel_ratio) or 1.0
        px = float(plot.ax_scores.transData.transform((float(plot.xs[row]), 0.0))[0])
        bbox = plot.ax_scores.bbox
        top = int(self.view.height() - bbox.y1 / ratio)
        self._playhead.setGeometry(int(px / ratio) - 1, top, 2, max(1, int((bbox.y1 - bbox.y0) / ratio)))
        self._playhead.show()
        self._playhead.raise_()
        self._hover.raise_()
        self._tip.raise_()

    # --- clicks and hover ----------------------------------------------------------------------
    def sentence_at_x(self, x: float) -> int:
        """The sentence nearest the plot position ``x`` (-1 before anything is drawn)."""
        return nearest_sentence(self.plot.xs, x) if self.plot is not None else -1

    def chapter_of_sentence(self, i: int) -> int:
        for ci, ch in enumerate(self._chapters):
            if ch.start <= i < ch.end:
                return ci
        return -1

    def _on_view_clicked(self, px: float, py: float) -> None:
        """A click at figure pixel ``(px, py)`` (origin bottom-left), as matplotlib reports it."""
        plot = self.plot
        if plot is None:
            return
        for ax in (plot.ax_scores, plot.ax_lengths, plot.ax_speakers):
            if ax is not None and ax.bbox.contains(px, py):
                x, y = ax.transData.inverted().transform((px, py))
                self._on_canvas_clicked(_Event(ax, float(x), float(y)))
                return

    def _on_canvas_clicked(self, event) -> None:  # noqa: ANN001 - a matplotlib MouseEvent
        if event.inaxes is None or event.xdata is None or self.plot is None:
            return
        button = getattr(event, "button", None)
        if button is not None and int(button) != 1:  # left button only (the context menu is Qt's)
            return
        if event.inaxes is self.plot.ax_lengths:
            if event.ydata is not None:
                ci = int(round(event.ydata))
                if 0 <= ci < len(self.plot.chapters):
                    self.chapter_requested.emit(ci)
            return
        i = self.sentence_at_x(float(event.xdata))
        if i >= 0:
            self.sentence_requested.emit(i)

    def _hide_hover(self) -> None:
        self._hover.hide()
        self._tip.hide()

    def _on_hover(self, event) -> None:  # noqa: ANN001 - a matplotlib MouseEvent
        plot = self.plot
        if plot is None or event.inaxes is None or event.xdata is None or plot.data is None:
            self._hide_hover()
            return
        data = plot.data
        ratio = float(self.canvas.device_pixel_ratio) or 1.0
        gui = getattr(event, "guiEvent", None)
        pos = gui.position().toPoint() if gui is not None and hasattr(gui, "position") else \
            QPoint(int(event.x / ratio), int(self.view.height() - event.y / ratio))
        if event.inaxes is plot.ax_lengths:
            ci = int(round(event.ydata))
            if not 0 <= ci < len(plot.chapters):
                self._hide_hover()
                return
            self._hover.hide()
            unit = data.length_unit
            value = data.lengths[ci]
            size = f"{int(value)} {unit}" if unit != "minutes" else f"{value:.1f} min"
            self._tooltip(pos, f"{data.titles[ci]}\n{size} · click to go there")
            return
        i = self.sentence_at_x(float(event.xdata))
        ci = self.chapter_of_sentence(i)
        bbox = event.inaxes.bbox
        h = self.view.height()
        self._hover.setGeometry(pos.x(), int(h - bbox.y1 / ratio), 1, max(1, int((bbox.y1 - bbox.y0) / ratio)))
        self._hover.show()
        self._hover.raise_()
        where = _where(data, float(event.xdata))
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


class _Event:
    """The parts of a matplotlib mouse event the click handler needs."""

    def __init__(self, inaxes, xdata, ydata) -> None:  # noqa: ANN001
        self.inaxes, self.xdata, self.ydata = inaxes, xdata, ydata


def _make_canvas(figure, panel: PlotPanel):  # noqa: ANN001, ANN202
    """A ``FigureCanvasQTAgg`` that times its draws (reported to ``panel``)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class TimedCanvas(FigureCanvasQTAgg):
        def draw(self) -> None:
            t0, c0 = time.perf_counter(), time.thread_time()
            super().draw()
            panel._on_drawn((time.perf_counter() - t0) * 1000.0, (time.thread_time() - c0) * 1000.0)

    return TimedCanvas(figure)
