"""The plots' matplotlib figure: a few artists fed from a prepared :class:`PlotData`.

* boundary score curve over the document and a vertical line at each chapter start;
* chapter lengths as coloured bars;
* for transcripts with several speakers, who speaks when.

It is drawn in the "figure" lane's child process (:mod:`explorer.ui.views.plot_render`).
Why a draw is cheap: the data arrive decimated
(:mod:`explorer.ui.views.plot_data`), each plot is one or two artists (a line, a
line collection, a polygon collection), and the layout is fixed margins computed on
each resize -- never ``tight_layout``/constrained layout, which measure every text
on every draw. Text was most of a draw (180 ms of CPU for a 40-chapter figure on
this loaded machine, 40-55 ms with only the tick numbers), so matplotlib draws no
text at all: titles, tick numbers and chapter/speaker names are painted by Qt over
the canvas (:mod:`explorer.ui.views.plot_labels`), from the axes positions set here. Fixed room above each plot for its title is also what keeps titles from
overlapping the plot above when the panel is small.
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from explorer.ui.colors import chapter_hex
from explorer.ui.views.plot_data import PlotData

TICK_PT = 7.0  # room for the tick numbers (painted by Qt; matplotlib draws no text)
TITLE_ROOM_PT = 13.0  # room above each plot for its title (painted by Qt)
DENSE_BOUNDARY_PT = 6.0  # chapter lines closer than this on average are drawn as a rug
RUG_HEIGHT = 0.12  # the rug's ticks, as a fraction of the plot's height
BAND_COLOR = "#c8c8c8"  # a long document's score range per pixel column, behind its mean
# every speaker's turns in one neutral colour (the rows name them): speakers drawn in the
# chapters' colours read as chapters, the orange speaker as the orange chapter above
SPEAKER_COLOR = "#5f6b7a"


def _bars(values: np.ndarray) -> list[np.ndarray]:
    """One horizontal bar per value, row ``i`` centred on y = i."""
    return [np.array([[0, i - 0.4], [v, i - 0.4], [v, i + 0.4], [0, i + 0.4]]) for i, v in enumerate(values)]


def _spans(segments: np.ndarray, row: int) -> list[np.ndarray]:
    return [np.array([[s, row - 0.4], [s + w, row - 0.4], [s + w, row + 0.4], [s, row + 0.4]]) for s, w in segments]


class PlotFigure:
    """Owns the figure's axes and artists; :meth:`apply` shows new data, :meth:`layout` fits the size."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.data: PlotData | None = None
        self.ax_scores = None
        self.ax_lengths = None
        self.ax_speakers = None
        self._speaker_axes = None
        self._dynamic: list = []  # artists replaced on each apply
        self._left = 0.0
        self._timeline_left = 0.0
        self._name_row = 0.0
        self._bounds = None  # the chapter-start lines of the score plot
        self.dense_boundaries = False

    # --- structure ------------------------------------------------------------------------
    @classmethod
    def build(cls, dpi: float = 100.0) -> "PlotFigure":
        """A figure with its three axes (40-60 ms of CPU), built once per process."""
        pf = cls(Figure(dpi=dpi))
        pf._build_axes()
        return pf

    def _build_axes(self) -> None:
        self.figure.clear()
        self._dynamic = []
        self._bounds = None
        self.ax_scores = self.figure.add_axes((0.1, 0.6, 0.8, 0.3))
        self.ax_lengths = self.figure.add_axes((0.1, 0.3, 0.8, 0.2))
        self._speaker_axes = self.figure.add_axes((0.1, 0.05, 0.8, 0.1))
        self.ax_speakers = self._speaker_axes
        for ax in self.axes():
            # tick marks only: the numbers are painted by Qt (plot_labels), matplotlib draws no text
            ax.tick_params(labelsize=TICK_PT, length=2.5, pad=1.5, labelbottom=False, labelleft=False)
            ax.margins(x=0)
        self.ax_scores.yaxis.set_major_locator(MaxNLocator(3))
        self.ax_lengths.xaxis.set_major_locator(MaxNLocator(4, integer=True))
        self.ax_scores.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        for ax in self.axes()[1:]:
            ax.set_yticks([])  # names are painted by Qt beside the plot (plot_labels)
        self.ax_speakers.xaxis.set_major_locator(MaxNLocator(6, integer=True))

    def _show_speakers(self, show: bool) -> None:
        """The speaker timeline is in the figure only for transcripts with several speakers
        (taken out and put back, never rebuilt: building axes is the dear part)."""
        ax = self._speaker_axes
        if show and ax not in self.figure.axes:
            self.figure.add_axes(ax)
        elif not show and ax in self.figure.axes:
            self.figure.delaxes(ax)
        self.ax_speakers = ax if show else None

    def axes(self) -> list:
        return [ax for ax in (self.ax_scores, self.ax_lengths, self.ax_speakers) if ax is not None]

    def apply(self, data: PlotData) -> None:
        """Show ``data``: replace the curve, boundaries, bars and speaker turns (no drawing here)."""
        if self.ax_scores is None:
            self._build_axes()
        self._show_speakers(data.has_speakers)
        for artist in self._dynamic:
            artist.remove()
        self._dynamic = []
        self.data = data
        colors = [chapter_hex(i) for i in range(len(data.chapters))]
        ax = self.ax_scores
        if len(data.curve_x):
            # above the chapter lines: with a hundred chapters they would hide it
            banded = len(data.band_lo) == len(data.curve_x)
            if banded:
                band = ax.fill_between(data.curve_x, data.band_lo, data.band_hi, color=BAND_COLOR,
                                       linewidth=0, zorder=3)
                self._dynamic.append(band)
            (line,) = ax.plot(data.curve_x, data.curve_y, color="#444444", linewidth=1.0 if banded else 0.8,
                              zorder=4)
            self._dynamic.append(line)
            lo = float(np.min(data.band_lo if banded else data.curve_y))
            hi = float(np.max(data.band_hi if banded else data.curve_y))
            pad = max(1e-3, (hi - lo) * 0.08)
            ax.set_ylim(lo - pad, hi + pad)
        bounds = LineCollection([], colors=colors[1:], linewidths=1.4, transform=ax.get_xaxis_transform(), zorder=2)
        ax.add_collection(bounds, autolim=False)
        self._bounds = bounds
        self._dynamic.append(bounds)
        ax.set_xlim(*data.xlim)

        ax = self.ax_lengths
        bars = PolyCollection(_bars(data.lengths), facecolors=colors, edgecolors="none")
        ax.add_collection(bars, autolim=False)
        self._dynamic.append(bars)
        n = len(data.chapters)
        ax.set_xlim(0, max(1.0, float(np.max(data.lengths)) if n else 1.0) * 1.03)
        ax.set_ylim(n - 0.5, -0.5)  # first chapter on top

        if self.ax_speakers is not None:
            ax = self.ax_speakers
            for i, segments in enumerate(data.speaker_segments):
                coll = PolyCollection(_spans(segments, i), facecolors=SPEAKER_COLOR, edgecolors="none")
                ax.add_collection(coll, autolim=False)
                self._dynamic.append(coll)
            ax.set_xlim(*data.xlim)
            ax.set_ylim(len(data.speakers) - 0.5, -0.5)
        self.layout(self._left, self._timeline_left)

    # --- layout (on every resize: arithmetic only, no text measuring) ---------------------------
    def layout(self, left_px: float, timeline_left_px: float | None = None, name_row_px: float | None = None) -> None:
        """Place the axes: ``left_px`` (figure pixels) left of the chapter lengths for their names,
        ``timeline_left_px`` left of the score curve and the speaker timeline (they share their x
        axis, so they share their left edge), fixed room in points above each plot for its title
        and below it for the tick labels. The speaker timeline gets at least ``name_row_px`` a
        speaker, taken from the other plots (up to half of the room), so each row keeps its name:
        a row thinner than a name is drawn without one."""
        self._left = left_px
        self._timeline_left = left_px if timeline_left_px is None else timeline_left_px
        if name_row_px is not None:
            self._name_row = name_row_px
        data = self.data
        if data is None or self.ax_scores is None:
            return
        fig = self.figure
        W, H = fig.bbox.width, fig.bbox.height  # noqa: N806 - pixels
        if W < 10 or H < 10:
            return
        pt = fig.dpi / 72.0
        right = 10 * pt
        title_h, tick_h, gap, top, bottom = TITLE_ROOM_PT * pt, 12 * pt, 4 * pt, 1 * pt, 1 * pt
        rows = self.axes()
        # a few chapters' bars need less height than a dozen's: the curve gets the rest
        ratios = [3.0, min(2.0, 0.25 * len(data.chapters) + 0.5),
                  min(1.5, 0.35 * len(data.speakers) + 0.3)][: len(rows)]
        fixed = top + bottom + len(rows) * (title_h + tick_h) + (len(rows) - 1) * gap
        avail = max(len(rows) * 12 * pt, H - fixed)
        heights = [avail * r / sum(ratios) for r in ratios]
        if self.ax_speakers is not None and len(heights) == 3:
            short = min(len(data.speakers) * self._name_row, avail / 2) - heights[2]
            if short > 0:
                heights = [heights[0] - short * 0.6, heights[1] - short * 0.4, heights[2] + short]
        y = H - top
        for ax, h in zip(rows, heights):
            y -= title_h
            left = max(self._left if ax is self.ax_lengths else self._timeline_left, 24 * pt)
            ax.set_position((left / W, (y - h) / H, max(1.0, W - left - right) / W, h / H))
            y -= h + tick_h + gap
        self._fit_boundaries(self.ax_scores.get_position().width * W / pt)

    def _fit_boundaries(self, width_pt: float) -> None:
        """Chapter starts as full-height lines when they are sparse; when they are closer
        than ``DENSE_BOUNDARY_PT`` on average (a 400-page manual has a hundred chapters in a
        300-pixel plot), as a rug of short ticks along the bottom, so the curve they
        explain stays visible."""
        bounds, data = self._bounds, self.data
        if bounds is None or data is None:
            return
        xs = data.starts[1:]
        dense = len(xs) > 0 and width_pt / len(xs) < DENSE_BOUNDARY_PT
        top = RUG_HEIGHT if dense else 1.0
        bounds.set_segments([[(x, 0.0), (x, top)] for x in xs])
        bounds.set_linewidth(1.0 if dense else 1.4)
        self.dense_boundaries = dense

    def boundary_tops(self) -> list[float]:
        """Each chapter-start mark's top, as a share of the score plot's height (1: full lines)."""
        if self._bounds is None:
            return []
        return [float(seg[:, 1].max()) for seg in self._bounds.get_segments()]
