"""Where a drawn plot figure put things: what the window needs of a figure drawn elsewhere.

The plots are drawn by matplotlib in a child process (:mod:`explorer.ui.views.plot_render`),
so the window never imports matplotlib and never holds its interpreter lock for a draw.
What comes back is a picture and this geometry: each plot's box in figure pixels (origin
bottom-left, as matplotlib counts) with its data limits and tick marks. Clicks, hover,
the playhead, the boundary drag and the words Qt paints over the picture
(:mod:`explorer.ui.views.plot_labels`) map between data and pixels with it. Every axis of
these plots is linear, so a box and its limits are the whole transform.

Plain data (no Qt, no matplotlib): it pickles between processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AxesBox:
    """One plot's rectangle in figure pixels and the data range it shows."""

    x0: float
    y0: float
    x1: float
    y1: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xticks: list[tuple[float, str]] = field(default_factory=list)  # (value, label) of the major ticks
    yticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def contains(self, px: float, py: float) -> bool:
        return self.x0 <= px <= self.x1 and self.y0 <= py <= self.y1

    def x_to_px(self, x: float) -> float:
        a, b = self.xlim
        return self.x0 + (x - a) / (b - a) * self.width if b != a else self.x0

    def y_to_px(self, y: float) -> float:
        a, b = self.ylim
        return self.y0 + (y - a) / (b - a) * self.height if b != a else self.y0

    def px_to_x(self, px: float) -> float:
        a, b = self.xlim
        return a + (px - self.x0) / self.width * (b - a) if self.width > 0 else a

    def px_to_y(self, py: float) -> float:
        a, b = self.ylim
        return a + (py - self.y0) / self.height * (b - a) if self.height > 0 else a


@dataclass
class FigureImage:
    """A drawn figure: RGBA pixels (``width`` x ``height`` device pixels, rows top first)
    and where each plot is in them. ``speakers`` is None when the figure has no timeline."""

    token: int
    width: int
    height: int
    rgba: bytes
    scores: AxesBox
    lengths: AxesBox
    speakers: AxesBox | None = None
    dense_boundaries: bool = False  # chapter starts drawn as a rug of short ticks (too many for lines)
    draw_ms: float = 0.0  # the child's time to draw it
    ratio: float = 1.0  # device pixels per logical pixel it was drawn for
    boundary_tops: list[float] = field(default_factory=list)  # each boundary mark's top, as a share of the plot

    def axes(self) -> list[AxesBox]:
        return [b for b in (self.scores, self.lengths, self.speakers) if b is not None]

    def widget_rect(self, box: AxesBox) -> tuple[float, float, float, float]:
        """``box`` in the logical pixels of the widget showing this picture at its top left
        (origin top-left): left, top, width, height."""
        r = self.ratio or 1.0
        return box.x0 / r, (self.height - box.y1) / r, box.width / r, box.height / r
