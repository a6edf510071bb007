"""Chapters drawn on PDF pages: a coloured band in the left margin (on two-column pages,
the right column's chapters in the right margin), a boundary line where a chapter starts
(across its column) and its title as a label; reference chapters (the outline)
optionally in grey near the right margin, for comparison.

Items are children of each page item in PDF points (see ``page_view``), so zoom
never recomputes them. Generated and reference overlays toggle independently.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Optional

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from explorer.core.model import Chapter, Document, ReferenceChapter
from explorer.ui.chapter_numbers import numbered_titles
from explorer.ui.colors import chapter_color

BAND_X = 6.0  # points from the page's left edge
BAND_W = 7.0
REF_GREY = QColor(110, 110, 110)


@dataclass
class _Span:
    chapter: int
    y0: float
    y1: float
    starts_here: bool
    start_y: Optional[float]
    side: int = 0  # 0: left margin (single column or left column); 1: right margin (right column)


_Row = tuple[int, int, float, float, float, float, float]  # sentence, page, x0, y0, x1, y1, page width
READ_SLICE = 2000  # sentences read per turn of the event loop (~12 ms)


def _box_rows(doc: Document, start: int, end: int) -> list[_Row]:
    """The first and last rectangle of sentences ``[start, end)``: they bound the sentence."""
    widths = {p.index: p.width for p in doc.pages}
    rows: list[_Row] = []
    sents = doc.sentences
    for si in range(start, min(end, len(sents))):
        a = sents[si].anchor
        if a.page_rects:
            pairs = (a.page_rects[0], a.page_rects[-1])
        elif a.rects and a.page is not None:
            pairs = ((a.page, a.rects[0]), (a.page, a.rects[-1]))
        else:
            continue
        for page, r in pairs:
            rows.append((si, page, r.x0, r.y0, r.x1, r.y1, widths.get(page) or 0.0))
    return rows


class SentenceBoxes:
    """The first and last rectangle of every PDF sentence, as arrays: what the bands need,
    extracted once per document so that a change of chapters costs array operations, not a
    Python loop over 10,000 sentences on the GUI thread. ``rows`` (from :func:`_box_rows`)
    when they were read beforehand, a slice at a time."""

    def __init__(self, doc: Document, rows: Optional[list[_Row]] = None) -> None:
        import numpy as np  # not at launch: 70-140 ms before the first page, needed seconds later

        self.doc = doc
        if rows is None:
            rows = _box_rows(doc, 0, len(doc.sentences))
        arr = np.array(rows, dtype=float).reshape(-1, 7)
        self.sentence = arr[:, 0].astype(np.int64)
        self.page = arr[:, 1].astype(np.int64)
        x0, self.y0, x1, self.y1, w = arr[:, 2], arr[:, 3], arr[:, 4], arr[:, 5], arr[:, 6]
        self.right = (w > 0) & (x0 >= 0.45 * w)  # starts in the right 55 %: the right margin's side
        left_whole = (w > 0) & (x1 <= 0.55 * w)
        pages = int(self.page.max()) + 1 if len(self.page) else 0
        n = np.bincount(self.page, minlength=pages)
        left = np.bincount(self.page, weights=left_whole, minlength=pages)
        right = np.bincount(self.page, weights=self.right, minlength=pages)
        self.two_column = (n >= 6) & (left >= 0.25 * n) & (right >= 0.25 * n)


def chapter_spans(doc: Document, chapters: list[Chapter],
                  boxes: Optional[SentenceBoxes] = None) -> dict[int, list[_Span]]:
    """Per page, the vertical extent of each chapter's sentences (from their rectangles); on a
    two-column page, one extent per column, so the bands beside each column do not overlap.

    A page is two-column when a quarter or more of its line boxes lie wholly in the left 55 %
    and a quarter or more wholly in the right 55 % (full-width lines lie in neither); on other
    pages every band is in the left margin. A chapter's boundary line is drawn where the first
    rectangle of its first sentence lies."""
    import numpy as np

    if boxes is None or boxes.doc is not doc:
        boxes = SentenceBoxes(doc)
    n_sent = len(doc.sentences)
    chapter_of = np.full(n_sent + 1, -1, dtype=np.int64)
    for ci, ch in enumerate(chapters):
        chapter_of[max(0, ch.start):max(0, min(ch.end, n_sent))] = ci
    ci = chapter_of[np.minimum(boxes.sentence, n_sent)]
    keep = ci >= 0
    if not keep.any():
        return {}
    page, ci = boxes.page[keep], ci[keep]
    y0, y1 = boxes.y0[keep], boxes.y1[keep]
    two = boxes.two_column[page]
    side = np.where(two, boxes.right[keep], False).astype(np.int64)
    key = (page * (len(chapters) + 1) + ci) * 2 + side
    keys, first, group = np.unique(key, return_index=True, return_inverse=True)
    lo = np.full(len(keys), np.inf)
    hi = np.full(len(keys), -np.inf)
    np.minimum.at(lo, group, y0)
    np.maximum.at(hi, group, y1)
    # each chapter's start: the first rectangle of its first sentence, if it has one
    sent = boxes.sentence[keep]
    starts = {}
    chapter_start = np.array([ch.start for ch in chapters], dtype=np.int64)
    for i in np.flatnonzero(sent == chapter_start[ci]):
        starts.setdefault(int(ci[i]), (int(page[i]), int(side[i]), float(y0[i])))
    out: dict[int, list[_Span]] = {}
    for g in range(len(keys)):  # keys are sorted: by page, then chapter, then side
        f = first[g]
        p, c, sd = int(page[f]), int(ci[f]), int(side[f])
        sp = starts.get(c)
        here = sp is not None and sp[0] == p and sp[1] == sd
        out.setdefault(p, []).append(_Span(c, float(lo[g]), float(hi[g]), here, sp[2] if here else None, sd))
    return out


class ChapterOverlay:
    """Owns the chapter items on a :class:`PageView`.

    :meth:`update` only computes where the bands go (cheap); items are created per page
    by :meth:`ensure_pages` for the pages near the viewport, so applying chapters to a
    2,000-page PDF never stalls the event loop.
    """

    def __init__(self, page_view) -> None:  # noqa: ANN001
        self.view = page_view
        self._items: list[QGraphicsItem] = []
        self._ref_items: list[QGraphicsItem] = []
        self._spans: dict[int, list[_Span]] = {}
        self._refs: dict[int, list[ReferenceChapter]] = {}
        self._chapters: list[Chapter] = []
        self._labels: list[str] = []
        self._built: set[int] = set()
        self._boxes: Optional[SentenceBoxes] = None
        self._reading: Optional[Document] = None  # the document whose boxes are being read
        self.visible = True
        self.reference_visible = False
        self._font = QFont()
        self._font.setPointSizeF(7.0)
        self._font.setBold(True)

    def clear(self) -> None:
        for item in self._items + self._ref_items:
            try:
                scene = item.scene()
                if scene is not None:
                    scene.removeItem(item)
            except RuntimeError:  # the page view already cleared its scene
                pass
        self._items.clear()
        self._ref_items.clear()
        self._built.clear()
        self._spans = {}
        self._refs = {}

    def prepare(self, doc: Document) -> None:
        """Read ``doc``'s sentence boxes while its analysis runs, not when chapters land: a
        slice of :data:`READ_SLICE` sentences per turn of the event loop (50 ms in one go
        for the 9,000 sentences of a 400-page manual)."""
        if doc.kind != "pdf" or self._reading is doc or (self._boxes is not None and self._boxes.doc is doc):
            return  # not a PDF, being read, or read
        self._reading = doc
        self._read_slice(doc, [], 0)

    def _read_slice(self, doc: Document, rows: list[_Row], start: int) -> None:
        # A method, not a closure that schedules itself: a nested function calling itself by
        # name is a reference cycle (function, cell, function) holding the document, which
        # gc_landing's freeze would keep in memory for good.
        if self._reading is not doc:  # another document, or chapters needed them at once
            return
        rows.extend(_box_rows(doc, start, start + READ_SLICE))
        if start + READ_SLICE < len(doc.sentences):
            QTimer.singleShot(0, partial(self._read_slice, doc, rows, start + READ_SLICE))
        else:
            self._boxes, self._reading = SentenceBoxes(doc, rows), None

    def _boxes_for(self, doc: Document) -> SentenceBoxes:
        if self._boxes is None or self._boxes.doc is not doc:
            self._boxes, self._reading = SentenceBoxes(doc), None
        return self._boxes

    def forget_document(self) -> None:
        self.clear()
        self._boxes = self._reading = None

    def items(self) -> list[QGraphicsItem]:
        return list(self._items)

    def update(self, doc: Document, chapters: list[Chapter], reference: list[ReferenceChapter] = ()) -> None:
        """New chapters: forget the old items, build the ones for the pages in view."""
        self.clear()
        if doc.kind != "pdf" or self.view.page_count == 0:
            return
        self._chapters = list(chapters)
        self._labels = numbered_titles([ch.title for ch in chapters])
        self._spans = chapter_spans(doc, chapters, self._boxes_for(doc))
        for ref in reference or ():
            if ref.page is not None and 0 <= ref.page < self.view.page_count:
                self._refs.setdefault(ref.page, []).append(ref)
        self.ensure_pages(self.view.visible_pages())

    def ensure_pages(self, pages) -> None:  # noqa: ANN001 - iterable of page indices
        """Create the items of ``pages`` (and their neighbours) that do not exist yet."""
        n = self.view.page_count
        wanted = set()
        for p in pages:
            wanted.update(range(max(0, p - 2), min(n, p + 3)))
        for page in sorted(wanted - self._built):
            self._built.add(page)
            self._build_page(page)

    def _build_page(self, page: int) -> None:
        item = self.view.page_item(page)
        width = item.rect().width()
        chapters = self._chapters
        new: list[QGraphicsItem] = []
        for span in self._spans.get(page, ()):
            color = chapter_color(span.chapter)
            band_x = BAND_X if span.side == 0 else width - BAND_X - BAND_W
            band = QGraphicsRectItem(band_x, span.y0, BAND_W, max(2.0, span.y1 - span.y0), item)
            band.setBrush(QBrush(chapter_color(span.chapter, 170)))
            band.setPen(QPen(Qt.PenStyle.NoPen))
            band.setZValue(5)
            band.setToolTip(chapters[span.chapter].title)
            new.append(band)
            if span.starts_here and span.start_y is not None:
                y = span.start_y - 3
                # across the page, or across the column the chapter starts in
                x0, x1 = (BAND_X, width - BAND_X) if span.side == 0 else (width / 2, width - BAND_X)
                if span.side == 0 and any(sp.side == 1 for sp in self._spans.get(page, ())):
                    x1 = width / 2
                line = QGraphicsLineItem(x0, y, x1, y, item)
                pen = QPen(color, 1.2)
                pen.setCosmetic(True)
                pen.setStyle(Qt.PenStyle.DashLine)
                line.setPen(pen)
                line.setZValue(6)
                label = QGraphicsSimpleTextItem(self._labels[span.chapter], item)
                label.setFont(self._font)
                label.setBrush(QBrush(color.darker(140)))
                br = label.boundingRect()
                x = max(x0, x1 - br.width())
                bg = QGraphicsRectItem(x - 2, y - br.height() - 1, br.width() + 4, br.height() + 1, item)
                bg.setBrush(QBrush(QColor(255, 255, 255, 225)))
                bg.setPen(QPen(color, 0))
                bg.setZValue(7)
                label.setPos(x, y - br.height() - 0.5)
                label.setZValue(8)
                new += [line, bg, label]
        for it in new:
            it.setVisible(self.visible)
        self._items += new
        refs: list[QGraphicsItem] = []
        for ref in self._refs.get(page, ()):
            y = ref.y if ref.y is not None else 10.0
            mark = QGraphicsRectItem(width - BAND_X - 2 * BAND_W - 2, y, BAND_W, 10, item)
            mark.setBrush(QBrush(REF_GREY))
            mark.setPen(QPen(Qt.PenStyle.NoPen))
            mark.setZValue(5)
            mark.setToolTip(f"Outline: {ref.title}")
            label = QGraphicsSimpleTextItem(ref.title[:60], item)
            label.setFont(self._font)
            label.setBrush(QBrush(REF_GREY.darker(130)))
            br = label.boundingRect()
            label.setPos(width - BAND_X - 2 * BAND_W - br.width() - 5, y)
            label.setZValue(8)
            refs += [mark, label]
        for it in refs:
            it.setVisible(self.reference_visible)
        self._ref_items += refs

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self._apply_visibility()

    def set_reference_visible(self, visible: bool) -> None:
        self.reference_visible = visible
        self._apply_visibility()

    def _apply_visibility(self) -> None:
        for item in self._items:
            item.setVisible(self.visible)
        for item in self._ref_items:
            item.setVisible(self.reference_visible)
