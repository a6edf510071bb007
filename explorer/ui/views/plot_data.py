"""What the plots panel draws, prepared off the GUI thread (numpy only: no Qt widget, no matplotlib).

:func:`prepare` turns a document, its chapters and the boundary scores into a
:class:`PlotData` of small arrays: the score curve, or for a long document its
envelope (mean, minimum and maximum per pixel column, so peaks survive without a
barcode of noise), the boundary
positions, chapter lengths, label priorities and, for transcripts, each speaker's
turns merged at the plot's resolution. The "figure" lane then only hands these arrays
to a few matplotlib artists (:mod:`explorer.ui.views.plot_render`), so a draw costs
the same for a 4-page sample and a 400-page manual.

The x axis is the document's own position: page (PDF, page ``p`` spans
``[p+1, p+2)`` and its sentences are spread evenly in it), minutes (timed
transcript) or sentence number (untimed transcript).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from explorer.ui.chapter_numbers import numbered_titles

MAX_POINTS = 2000  # points of the decimated score curve (a wide panel is ~1000 px)
SPEAKER_RESOLUTION = 1500  # speaker turns closer than 1/1500 of the x range merge into one bar


@dataclass
class PlotData:
    """Everything one drawing of the plots needs (built on the "plot" lane)."""

    token: int
    unit: str  # x axis: "page", "minutes" or "sentence"
    length_unit: str  # chapter lengths: "pages", "minutes" or "sentences"
    xs: np.ndarray  # x of every sentence, non-decreasing (maps clicks back to sentences)
    curve_x: np.ndarray
    curve_y: np.ndarray
    xlim: tuple[float, float]
    chapters: list
    titles: list[str]  # "3. Title" per chapter
    starts: np.ndarray  # x of each chapter's first sentence
    lengths: np.ndarray  # chapter lengths in ``length_unit``
    label_order: np.ndarray  # chapter indices, most deserving of a label first (longest chapters)
    speakers: list[str] = field(default_factory=list)
    speaker_segments: list[np.ndarray] = field(default_factory=list)  # per speaker: (n, 2) start, width
    # a long document's curve is an envelope: ``curve_y`` is then each column's mean score
    # and these its minimum and maximum (empty when the curve is every score)
    band_lo: np.ndarray = field(default_factory=lambda: np.zeros(0))
    band_hi: np.ndarray = field(default_factory=lambda: np.zeros(0))
    page_labels: list[str] = field(default_factory=list)  # PDF: each page as printed ("iv"), else its number
    width_px: int = 0  # the width the curve was decimated for (0: MAX_POINTS)

    @property
    def has_speakers(self) -> bool:
        return len(self.speakers) > 1


def sentence_positions(doc) -> np.ndarray:  # noqa: ANN001
    """x position of every sentence, non-decreasing: for a PDF the page number plus the
    sentence's rank among that page's sentences (so the curve never runs backwards
    when the reading order jumps between columns); for a transcript, minutes."""
    n = len(doc.sentences)
    if n == 0:
        return np.zeros(0)
    if doc.kind == "pdf":
        pages = np.array([-1 if s.anchor.page is None else s.anchor.page for s in doc.sentences], dtype=np.int64)
        pages = np.maximum.accumulate(np.maximum(pages, 0))
        change = np.flatnonzero(np.diff(pages)) + 1
        first = np.concatenate([[0], change])  # first sentence of each run of one page
        counts = np.diff(np.concatenate([first, [n]]))
        run = np.repeat(np.arange(len(first)), counts)
        rank = np.arange(n) - first[run]
        return pages + 1 + rank / counts[run]
    if not doc.has_times:
        return np.arange(n, dtype=np.float64)
    starts = np.array([0.0 if s.anchor.start is None else s.anchor.start for s in doc.sentences], dtype=np.float64)
    return np.maximum.accumulate(starts / 60.0)


def _document_span(doc, xs: np.ndarray) -> tuple[float, float]:  # noqa: ANN001
    """Where the document begins and ends on the x axis of :func:`sentence_positions`:
    a PDF from the top of its first page to the foot of its last (page p spans
    [p + 1, p + 2)), a recording from its first turn to the end of its last, plain
    text from its first sentence to one past its last."""
    if not len(xs):
        return 0.0, 1.0
    if doc.kind == "pdf":
        return 1.0, max(float(doc.page_count), float(np.floor(xs[-1]))) + 1.0
    if doc.has_times:
        end = doc.sentences[-1].anchor.end
        return float(xs[0]), max(float(xs[-1]), end / 60.0 if end is not None else 0.0)
    return 0.0, float(len(xs))


def length_text(value: float, unit: str) -> str:
    """A chapter's length for its bar's tooltip: "0.7 pages", "12 pages", "3.5 min", "40 sentences"."""
    if unit == "minutes":
        return f"{value:.1f} min"
    if unit == "pages":
        return f"{value:.1f} pages" if value < 9.95 else f"{value:.0f} pages"
    return f"{int(round(value))} {unit}"


def envelope(x: np.ndarray, y: np.ndarray, limit: int = MAX_POINTS) -> tuple[np.ndarray, ...]:
    """``(x, mean, low, high)`` of ``y`` in at most ``limit // 4`` columns of consecutive
    points (``limit`` is two points per pixel: a column is two pixels wide), or
    ``(x, y, [], [])`` when there are at most ``limit`` points. Drawn as one line the
    scores of a long document are a solid block of noise; each column's mean as a line
    over a band from its minimum to its maximum shows both the trend and every peak."""
    n = len(y)
    if n <= limit:
        return x, y, np.zeros(0), np.zeros(0)
    edges = np.unique(np.linspace(0, n, max(1, limit // 4) + 1).astype(np.int64)[:-1])
    counts = np.diff(np.append(edges, n))
    mean = np.add.reduceat(y, edges) / counts
    return (np.add.reduceat(x, edges) / counts, mean,
            np.minimum.reduceat(y, edges), np.maximum.reduceat(y, edges))


def merge_segments(starts: np.ndarray, widths: np.ndarray, gap: float) -> np.ndarray:
    """(n, 2) start, width of the union of intervals, joining those less than ``gap`` apart."""
    if not len(starts):
        return np.zeros((0, 2))
    order = np.argsort(starts, kind="stable")
    s = starts[order]
    e = s + widths[order]
    reach = np.maximum.accumulate(e)
    new = np.concatenate([[True], s[1:] > reach[:-1] + gap])
    heads = np.flatnonzero(new)
    group_start = s[heads]
    group_end = np.maximum.reduceat(e, heads)
    return np.column_stack([group_start, group_end - group_start])


def _speaker_segments(doc, xs: np.ndarray, timed: bool, resolution: float) -> tuple[list[str], list[np.ndarray]]:  # noqa: ANN001
    speakers = list(doc.speakers) if doc.kind != "pdf" else []
    if len(speakers) < 2:
        return speakers, []
    index = {sp: i for i, sp in enumerate(speakers)}
    who = np.array([index.get(s.anchor.speaker, -1) for s in doc.sentences], dtype=np.int64)
    if timed:
        start = np.array([np.nan if s.anchor.start is None else s.anchor.start for s in doc.sentences]) / 60.0
        end = np.array([np.nan if s.anchor.end is None else s.anchor.end for s in doc.sentences]) / 60.0
        width = np.maximum(end - start, 0.01)
        ok = ~np.isnan(start) & ~np.isnan(width)
    else:
        start, width = xs.copy(), np.ones(len(xs))
        ok = np.ones(len(xs), dtype=bool)
    segments = []
    for i in range(len(speakers)):
        m = ok & (who == i)
        segments.append(merge_segments(start[m], width[m], resolution))
    return speakers, segments


def prepare(doc, chapters, scores, token: int = 0, width_px: int = 0, *, progress=None,  # noqa: ANN001
            cancel=None) -> PlotData:  # noqa: ANN001
    """Build the :class:`PlotData` of ``doc`` (any thread; reads the document, never changes it).

    ``width_px``: the plot's width in pixels, when known: a curve with more than two scores
    per pixel column becomes an :func:`envelope` of one column per two pixels, since a line
    denser than that is unreadable and rasterising it is the largest part of a draw
    (10 ms for 1,800 points, 5 for 800)."""
    chapters = list(chapters)
    xs = sentence_positions(doc)
    pdf = doc.kind == "pdf"
    timed = pdf or doc.has_times
    unit = "page" if pdf else ("minutes" if timed else "sentence")
    n = len(xs)
    # The axis spans the whole document, as the chapter bars below do: a one-page PDF
    # ends at the foot of page 1, not a page further on, and a recording at the end of
    # its last turn, not where that turn begins.
    x0, x1 = _document_span(doc, xs)
    if x1 <= x0:
        x1 = x0 + 1.0
    scores = np.asarray(scores if scores is not None else [], dtype=np.float64)
    if len(scores) and n > 1:
        gap_x = xs[1: len(scores) + 1]  # score i is the gap before sentence i + 1
        limit = min(MAX_POINTS, max(400, 2 * int(width_px))) if width_px > 0 else MAX_POINTS
        curve_x, curve_y, band_lo, band_hi = envelope(gap_x, scores[: len(gap_x)], limit)
    else:
        curve_x = curve_y = band_lo = band_hi = np.zeros(0)
    if cancel is not None:
        cancel.check()
    first = np.array([xs[min(c.start, n - 1)] if n else 0.0 for c in chapters], dtype=np.float64)
    # A chapter runs to where the next one starts (the document's end for the last), so
    # the bars compare how much each holds: three dishes and one, on the same menu page,
    # are not both "1 page" (the chapter panel counts the pages a chapter touches).
    ends = np.array([xs[c.end] if c.end < n else x1 for c in chapters], dtype=np.float64)
    lengths = np.maximum(ends - first, 0.0)
    titles = numbered_titles([c.title for c in chapters])
    label_order = np.argsort(-np.array([c.end - c.start for c in chapters]), kind="stable") if chapters else np.zeros(0, int)
    speakers, segments = _speaker_segments(doc, xs, timed, (x1 - x0) / SPEAKER_RESOLUTION)
    return PlotData(token=token, unit=unit, length_unit="pages" if pdf else ("minutes" if timed else "sentences"),
                    xs=xs, curve_x=curve_x, curve_y=curve_y, xlim=(x0, x1), chapters=chapters, titles=titles,
                    starts=first, lengths=lengths, label_order=label_order, speakers=speakers,
                    speaker_segments=segments, band_lo=band_lo, band_hi=band_hi, width_px=int(width_px),
                    page_labels=[doc.page_name(i) for i in range(doc.page_count)] if pdf else [])


def nearest_sentence(xs: np.ndarray, x: float) -> int:
    """The sentence whose position is nearest ``x`` (-1 when there is none)."""
    n = len(xs)
    if not n:
        return -1
    i = int(np.searchsorted(xs, x, side="left"))
    if i >= n:
        return n - 1
    if i > 0 and abs(x - xs[i - 1]) <= abs(xs[i] - x):
        # equal x values (a transcript's untimed lines): the first of the run
        j = i - 1
        while j > 0 and xs[j - 1] == xs[j]:
            j -= 1
        return j
    return i
