"""Plots of the analysis (a matplotlib ``Figure``, never pyplot).

* boundary score curve over the document with the chosen boundaries and their titles;
* chapter lengths (pages or minutes) as coloured bars;
* for transcripts, a speaker timeline.

The x axis is the document's own position: page (PDF) or minutes (transcript).
Clicking a curve or the timeline emits ``sentence_requested`` with the nearest
sentence; clicking a bar emits ``chapter_requested``. :meth:`PlotPanel.update_plots`
redraws when chapters change.

Why not ``FigureCanvasQTAgg``: it builds and draws the figure on the GUI thread, and
a 40-chapter plot of a 400-page PDF took 1-5 s there on a loaded machine, freezing
the window. Here each figure is built and drawn with matplotlib's Agg canvas on the
"plot" lane (one figure per thread, never shared while drawing) and the finished
image is shown; clicks are mapped back through the figure's own axes transforms.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from explorer.ui.colors import chapter_hex

log = logging.getLogger(__name__)

MAX_LABELS = 14  # more boundary titles or bar labels than this are unreadable (and slow to draw)


def sentence_positions(doc) -> np.ndarray:  # noqa: ANN001
    """x position of every sentence, non-decreasing: for a PDF the page number plus the
    sentence's rank among that page's sentences (so the curve never runs backwards
    when the reading order jumps between columns); for a transcript, minutes."""
    n = len(doc.sentences)
    xs = np.zeros(n, dtype=np.float64)
    if doc.kind == "pdf":
        pages = []
        last = 0
        for s in doc.sentences:
            if s.anchor.page is not None:
                last = max(last, s.anchor.page)
            pages.append(last)
        i = 0
        while i < n:
            j = i
            while j < n and pages[j] == pages[i]:
                j += 1
            count = j - i
            for k in range(i, j):
                xs[k] = pages[i] + 1 + (k - i) / count
            i = j
    elif not is_timed(doc):
        xs = np.arange(n, dtype=np.float64)
    else:
        last = 0.0
        for i, s in enumerate(doc.sentences):
            if s.anchor.start is not None:
                last = max(last, s.anchor.start / 60.0)
            xs[i] = last
    return xs


def is_timed(doc) -> bool:  # noqa: ANN001
    """Whether a transcript has times (plain-text transcripts may not)."""
    return any(s.anchor.start for s in doc.sentences[:200]) or any(s.anchor.start for s in doc.sentences[-50:])


def numbered(index: int, title: str) -> str:
    """"3. Title" unless the title already starts with its own number."""
    title = title.strip()
    return title if title[:1].isdigit() else f"{index + 1}. {title}"


def downsample(x: np.ndarray, y: np.ndarray, limit: int = 1500) -> tuple[np.ndarray, np.ndarray]:
    """At most ``limit`` points, keeping each bucket's maximum (peaks are what matter here)."""
    n = len(y)
    if n <= limit:
        return x, y
    edges = np.linspace(0, n, limit + 1).astype(int)
    idx = np.array([a + int(np.argmax(y[a:b])) for a, b in zip(edges[:-1], edges[1:]) if b > a])
    return x[idx], y[idx]


@dataclass
class RenderedPlot:
    """A drawn figure: RGBA pixels plus what is needed to map clicks back to the data."""

    figure: Any
    width: int
    height: int
    rgba: bytes
    xs: np.ndarray
    chapters: list
    ax_scores: Any = None
    ax_lengths: Any = None
    ax_speakers: Any = None
    token: int = 0


def build_figure(figure, doc, chapters, scores) -> dict:  # noqa: ANN001
    """Draw the plots of ``doc`` into ``figure`` (any thread, as long as it owns the figure)."""
    xs = sentence_positions(doc)
    timed = doc.kind == "pdf" or is_timed(doc)
    unit = "page" if doc.kind == "pdf" else ("minutes" if timed else "sentence")
    speakers = doc.speakers if doc.kind != "pdf" else []
    rows = 3 if len(speakers) > 1 else 2
    axes = figure.subplots(rows, 1, height_ratios=[3, 2, 1.2][:rows])
    ax = axes[0]
    scores = np.asarray(scores if scores is not None else [])
    if len(scores) and len(xs) > 1:
        gap_x = xs[1: len(scores) + 1]
        gx, gy = downsample(gap_x, scores[: len(gap_x)])
        ax.plot(gx, gy, color="#555555", linewidth=0.8)
    label_boundaries = len(chapters) <= MAX_LABELS
    for ci, ch in enumerate(chapters):
        if ch.start == 0 or ch.start >= len(xs):
            continue
        x = xs[ch.start]
        ax.axvline(x, color=chapter_hex(ci), linewidth=1.4)
        if label_boundaries:
            ax.text(x, 1.0, " " + numbered(ci, ch.title)[:30], rotation=90, va="top", ha="right", fontsize=6.5,
                    color=chapter_hex(ci), transform=ax.get_xaxis_transform(), clip_on=True)
    ax.set_ylabel("boundary score")
    ax.set_xlabel(unit)
    ax.set_xlim(xs[0] if len(xs) else 0, (xs[-1] if len(xs) else 0) + (1 if doc.kind == "pdf" else 0.1))
    ax.set_title("Where topics change", fontsize=9)
    out = {"xs": xs, "scores": ax, "lengths": axes[1], "speakers": None}
    ax = axes[1]
    lengths = []
    for ch in chapters:
        end = min(ch.end, len(xs)) - 1
        lengths.append(max(0.0, xs[end] - xs[ch.start]) + (1.0 if doc.kind == "pdf" else 0.0))
    idx = np.arange(len(chapters))
    ax.barh(idx, lengths, color=[chapter_hex(i) for i in idx])
    step = max(1, int(np.ceil(len(chapters) / MAX_LABELS)))
    shown = idx[::step]
    ax.set_yticks(shown, [numbered(int(i), chapters[int(i)].title)[:24] for i in shown], fontsize=6.5)
    ax.invert_yaxis()
    ax.set_xlabel("pages" if doc.kind == "pdf" else ("minutes" if timed else "sentences"))
    ax.set_title("Chapter lengths", fontsize=9)
    if rows == 3:
        ax = axes[2]
        spk_index = {sp: i for i, sp in enumerate(speakers)}
        bars: dict[int, list[tuple[float, float]]] = {}
        for si, sent in enumerate(doc.sentences):
            a = sent.anchor
            if a.speaker not in spk_index:
                continue
            if timed and a.start is not None and a.end is not None:
                bars.setdefault(spk_index[a.speaker], []).append((a.start / 60.0, max(0.01, (a.end - a.start) / 60.0)))
            elif not timed:
                bars.setdefault(spk_index[a.speaker], []).append((float(si), 1.0))
        for i, segs in bars.items():
            ax.broken_barh(segs, (i - 0.4, 0.8), color=chapter_hex(i * 3 + 1))
        ax.set_yticks(range(len(speakers)), [sp[:16] for sp in speakers], fontsize=6.5)
        ax.invert_yaxis()
        ax.set_xlabel(unit)
        ax.set_title("Who speaks when", fontsize=9)
        ax.set_xlim(out["scores"].get_xlim())
        out["speakers"] = ax
    figure.subplots_adjust(left=0.34, right=0.97, top=0.93, bottom=0.07, hspace=1.1 if rows == 3 else 0.75)
    return out


def render_plots(doc, chapters, scores, width: int, height: int, dpi: float, token: int = 0, *,  # noqa: ANN001
                 progress=None, cancel=None) -> RenderedPlot:  # noqa: ANN001
    """Build and draw the figure off the GUI thread ("plot" lane): Agg only, no Qt."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(max(1, width) / dpi, max(1, height) / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(figure)
    axes = build_figure(figure, doc, list(chapters), scores)
    if cancel is not None:
        cancel.check()
    canvas.draw()
    w, h = canvas.get_width_height()
    return RenderedPlot(figure, w, h, bytes(canvas.buffer_rgba()), axes["xs"], list(chapters),
                        axes["scores"], axes["lengths"], axes["speakers"], token)


class PlotImage(QWidget):
    """Shows a :class:`RenderedPlot` and reports clicks in figure pixels (origin bottom-left)."""

    clicked = Signal(float, float)
    resized = Signal()

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(300)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 420)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.image is not None:
            painter.drawImage(0, 0, self.image)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self.resized.emit()

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.image is None:
            return
        ratio = self.image.devicePixelRatio() or 1.0
        pos = event.position()
        self.clicked.emit(pos.x() * ratio, (self.image.height() / ratio - pos.y()) * ratio)


class _Event:
    """The parts of a matplotlib mouse event the click handler needs."""

    def __init__(self, inaxes, xdata, ydata) -> None:  # noqa: ANN001
        self.inaxes, self.xdata, self.ydata = inaxes, xdata, ydata


class PlotPanel(QWidget):
    sentence_requested = Signal(int)
    chapter_requested = Signal(int)
    rendered = Signal()

    def __init__(self, workers=None, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.workers = workers
        self.view = PlotImage()
        self.placeholder = QLabel("Plots appear when the analysis has finished.")
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.view, 1)
        self.view.clicked.connect(self._on_view_clicked)
        self.view.resized.connect(self._schedule)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._render)
        self._data: tuple | None = None
        self._token = 0
        self.plot: RenderedPlot | None = None
        self.clear()

    # the last drawn figure's parts (tests and click mapping)
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

    def clear(self) -> None:
        self._data = None
        self._token += 1
        self.plot = None
        self.view.set_image(None)
        self.placeholder.show()

    def update_plots(self, session) -> None:  # noqa: ANN001
        """Redraw from ``session`` (document, analysis scores, chapters), off the GUI thread."""
        doc = session.document if session is not None else None
        chapters = list(session.chapters) if session is not None else []
        if doc is None or not doc.sentences or not chapters:
            self.clear()
            return
        self.placeholder.hide()
        scores = getattr(session.analysis, "scores", None) if session.analysis is not None else None
        self._data = (doc, chapters, None if scores is None else np.asarray(scores))
        self._render()

    def _schedule(self) -> None:
        if self._data is not None:
            self._timer.start()

    def _render(self) -> None:
        if self._data is None:
            return
        self._token += 1
        ratio = self.devicePixelRatioF()
        w = max(200, int(self.view.width() * ratio))
        h = max(200, int(self.view.height() * ratio))
        args = (*self._data, w, h, 100.0 * ratio, self._token)
        if self.workers is None or self.workers.closed:
            self._on_rendered(render_plots(*args))
            return
        handle = self.workers.submit("plot", render_plots, *args, name="plots", key=f"plot:{id(self)}")
        handle.finished.connect(self._on_rendered)
        handle.failed.connect(lambda exc: log.warning("plots could not be drawn: %s", exc))

    def _on_rendered(self, plot: RenderedPlot) -> None:
        if plot.token != self._token or self._data is None:
            return  # a newer render is on its way
        self.plot = plot
        image = QImage(plot.rgba, plot.width, plot.height, QImage.Format.Format_RGBA8888).copy()
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self.view.set_image(image)
        self.rendered.emit()

    def sentence_at_x(self, x: float) -> int:
        xs = self.plot.xs if self.plot is not None else np.zeros(0)
        if not len(xs):
            return -1
        i = int(np.searchsorted(xs, x, side="left"))
        return max(0, min(len(xs) - 1, i))

    def _on_view_clicked(self, px: float, py: float) -> None:
        plot = self.plot
        if plot is None:
            return
        for ax in (plot.ax_scores, plot.ax_lengths, plot.ax_speakers):
            if ax is not None and ax.bbox.contains(px, py):
                x, y = ax.transData.inverted().transform((px, py))
                self._on_canvas_clicked(_Event(ax, float(x), float(y)))
                return

    def _on_canvas_clicked(self, event) -> None:  # noqa: ANN001 - a matplotlib-like mouse event
        if event.inaxes is None or event.xdata is None or self.plot is None:
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
