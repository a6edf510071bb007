"""Plots of the analysis (matplotlib ``Figure`` + ``FigureCanvasQTAgg``, never pyplot).

* boundary score curve over the document with the chosen boundaries and their titles;
* chapter lengths (pages or minutes) as coloured bars;
* for transcripts, a speaker timeline.

The x axis is the document's own position: page (PDF) or minutes (transcript).
Clicking a curve or the timeline emits ``sentence_requested`` with the nearest
sentence; clicking a bar emits ``chapter_requested``. :meth:`update_plots` redraws
when chapters change.
"""
from __future__ import annotations

import logging
from bisect import bisect_left
from typing import Optional

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.ui.colors import chapter_hex

log = logging.getLogger(__name__)


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


class PlotPanel(QWidget):
    sentence_requested = Signal(int)
    chapter_requested = Signal(int)

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5, 6), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(300)
        self.placeholder = QLabel("Plots appear when the analysis has finished.")
        self.placeholder.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.canvas, 1)
        self.canvas.mpl_connect("button_press_event", self._on_canvas_clicked)
        self._doc = None
        self._xs = np.zeros(0)
        self._ax_scores = self._ax_lengths = self._ax_speakers = None
        self.clear()

    def clear(self) -> None:
        self.figure.clear()
        self._doc = None
        self._ax_scores = self._ax_lengths = self._ax_speakers = None
        self.canvas.draw_idle()
        self.placeholder.show()

    def update_plots(self, session) -> None:  # noqa: ANN001
        """Redraw from ``session`` (document, analysis scores, chapters)."""
        doc = session.document if session is not None else None
        chapters = list(session.chapters) if session is not None else []
        if doc is None or not doc.sentences or not chapters:
            self.clear()
            return
        self.placeholder.hide()
        self._doc = doc
        self._xs = xs = sentence_positions(doc)
        timed = doc.kind == "pdf" or is_timed(doc)
        unit = "page" if doc.kind == "pdf" else ("minutes" if timed else "sentence")
        speakers = doc.speakers if doc.kind != "pdf" else []
        rows = 3 if len(speakers) > 1 else 2
        self.figure.clear()
        axes = self.figure.subplots(rows, 1, height_ratios=[3, 2, 1.2][:rows])
        ax = axes[0]
        scores = np.asarray(getattr(session.analysis, "scores", np.zeros(0)) if session.analysis is not None else [])
        if len(scores) and len(xs) > 1:
            gap_x = xs[1: len(scores) + 1]
            gx, gy = downsample(gap_x, scores[: len(gap_x)])
            ax.plot(gx, gy, color="#555555", linewidth=0.8)
        for ci, ch in enumerate(chapters):
            if ch.start == 0 or ch.start >= len(xs):
                continue
            x = xs[ch.start]
            ax.axvline(x, color=chapter_hex(ci), linewidth=1.4)
            ax.text(x, 1.0, " " + numbered(ci, ch.title)[:30], rotation=90, va="top", ha="right", fontsize=6.5,
                    color=chapter_hex(ci), transform=ax.get_xaxis_transform(), clip_on=True)
        ax.set_ylabel("boundary score")
        ax.set_xlabel(unit)
        ax.set_xlim(xs[0] if len(xs) else 0, xs[-1] + (1 if doc.kind == "pdf" else 0.1))
        ax.set_title("Where topics change", fontsize=9)
        self._ax_scores = ax
        # chapter lengths
        ax = axes[1]
        lengths = []
        for ch in chapters:
            end = min(ch.end, len(xs)) - 1
            lengths.append(max(0.0, xs[end] - xs[ch.start]) + (1.0 if doc.kind == "pdf" else 0.0))
        idx = np.arange(len(chapters))
        ax.barh(idx, lengths, color=[chapter_hex(i) for i in idx])
        ax.set_yticks(idx, [numbered(i, c.title)[:26] for i, c in enumerate(chapters)], fontsize=6.5)
        ax.invert_yaxis()
        ax.set_xlabel("pages" if doc.kind == "pdf" else ("minutes" if timed else "sentences"))
        ax.set_title("Chapter lengths", fontsize=9)
        self._ax_lengths = ax
        if rows == 3:
            ax = axes[2]
            spk_index = {s: i for i, s in enumerate(speakers)}
            bars: dict[int, list[tuple[float, float]]] = {}
            for si, s in enumerate(doc.sentences):
                a = s.anchor
                if a.speaker not in spk_index:
                    continue
                if timed and a.start is not None and a.end is not None:
                    bars.setdefault(spk_index[a.speaker], []).append((a.start / 60.0, max(0.01, (a.end - a.start) / 60.0)))
                elif not timed:
                    bars.setdefault(spk_index[a.speaker], []).append((float(si), 1.0))
            for i, segs in bars.items():
                ax.broken_barh(segs, (i - 0.4, 0.8), color=chapter_hex(i * 3 + 1))
            ax.set_yticks(range(len(speakers)), [s[:16] for s in speakers], fontsize=6.5)
            ax.invert_yaxis()
            ax.set_xlabel(unit)
            ax.set_title("Who speaks when", fontsize=9)
            ax.set_xlim(self._ax_scores.get_xlim())
            self._ax_speakers = ax
        else:
            self._ax_speakers = None
        self._chapters = chapters
        self.canvas.draw_idle()

    def sentence_at_x(self, x: float) -> int:
        if not len(self._xs):
            return -1
        i = bisect_left(self._xs.tolist(), x)
        return max(0, min(len(self._xs) - 1, i))

    def _on_canvas_clicked(self, event) -> None:  # noqa: ANN001 - matplotlib MouseEvent
        if event.inaxes is None or event.xdata is None or self._doc is None:
            return
        if event.inaxes is self._ax_lengths:
            if event.ydata is not None:
                ci = int(round(event.ydata))
                if 0 <= ci < len(self._chapters):
                    self.chapter_requested.emit(ci)
            return
        i = self.sentence_at_x(float(event.xdata))
        if i >= 0:
            self.sentence_requested.emit(i)
