"""Drawing the plots: matplotlib (Agg) turns a :class:`PlotData` into a picture and its geometry.

This is the "figure" lane's task, and the figure lane is a child process in the
application (:data:`explorer.app.PROCESS_LANES`): the window's process never imports
matplotlib nor draws with it. Both used to stall the window. Importing matplotlib
takes 1-8 s of Python on a thread of the window's process, and that thread held the
interpreter lock the window's thread needed (126 ms stalls when a long analysis
landed). An Agg draw of the figure was 20-60 ms of the window's own thread. Now the
window only paints the finished picture and Qt's words over it.

One figure per process is kept between calls: building its axes is the costly
part, and each call only swaps the artists (:class:`PlotFigure.apply`), fits the
size and draws.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from explorer.ui.views.plot_geometry import AxesBox, FigureImage

if TYPE_CHECKING:  # plot_data imports numpy: the window imports this module for warm_up at launch
    from explorer.ui.views.plot_data import PlotData

log = logging.getLogger(__name__)

_figure = None  # this process's PlotFigure and its Agg canvas, built on first use


def warm_up(*, progress=None, cancel=None) -> None:  # noqa: ANN001
    """Import matplotlib and build the figure before the first plot is asked for."""
    _ensure_figure()


def _ensure_figure():  # noqa: ANN202
    global _figure
    if _figure is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from explorer.ui.views.plot_figure import PlotFigure

        pf = PlotFigure.build()
        FigureCanvasAgg(pf.figure)
        _figure = pf
    return _figure


def _ticks(axis, limits) -> list[tuple[float, str]]:  # noqa: ANN001
    """The major ticks of a matplotlib ``axis`` inside ``limits``, with their labels."""
    lo, hi = sorted(limits)
    locs = [float(v) for v in axis.get_majorticklocs() if lo - 1e-9 <= v <= hi + 1e-9]
    return list(zip(locs, axis.get_major_formatter().format_ticks(locs) if locs else []))


def _box(ax, with_yticks: bool = False) -> AxesBox:  # noqa: ANN001
    b = ax.bbox
    xlim, ylim = tuple(float(v) for v in ax.get_xlim()), tuple(float(v) for v in ax.get_ylim())
    return AxesBox(float(b.x0), float(b.y0), float(b.x1), float(b.y1), xlim, ylim,
                   _ticks(ax.xaxis, xlim), _ticks(ax.yaxis, ylim) if with_yticks else [])


def render(data: PlotData, width: int, height: int, ratio: float = 1.0, left: float = 0.0,
           timeline_left: float = 0.0, name_row: float = 0.0, *, progress=None,
           cancel=None) -> FigureImage:  # noqa: ANN001
    """Draw ``data`` as a ``width`` x ``height`` picture (device pixels; ``ratio`` device
    pixels per logical pixel). ``left`` and ``timeline_left`` (logical pixels) leave room
    left of the chapter lengths and of the curve for the names Qt paints there;
    ``name_row`` (logical pixels) is the height of one of those names."""
    t0 = time.perf_counter()
    pf = _ensure_figure()
    fig = pf.figure
    dpi = 100.0 * (ratio or 1.0)
    fig.set_dpi(dpi)
    fig.set_size_inches(max(1, width) / dpi, max(1, height) / dpi, forward=False)
    pf.apply(data)
    pf.layout(left * ratio, timeline_left * ratio, name_row * ratio)
    if cancel is not None:
        cancel.check()
    fig.canvas.draw()
    buf = fig.canvas.buffer_rgba()
    h, w = buf.shape[0], buf.shape[1]
    image = FigureImage(
        token=data.token, width=int(w), height=int(h), rgba=bytes(buf),
        scores=_box(pf.ax_scores, with_yticks=True), lengths=_box(pf.ax_lengths),
        speakers=_box(pf.ax_speakers) if pf.ax_speakers is not None else None,
        dense_boundaries=pf.dense_boundaries, boundary_tops=pf.boundary_tops(), ratio=ratio or 1.0)
    image.draw_ms = (time.perf_counter() - t0) * 1000.0
    log.debug("plots drawn in %.1f ms (%d x %d)", image.draw_ms, w, h)
    return image
