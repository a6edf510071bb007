"""Running headers and footers confirmed across pages.

A line in the top or bottom band of a page is a running header/footer when the
same normalised line (lower case, digits and roman numerals folded to ``#``, spaces
collapsed) appears in the same band on at least two other pages of a small sample
around it (up to six pages either side). Page numbers therefore repeat as ``#`` and
alternating odd/even headers still count.
The sample uses plain text extraction (milliseconds per page), so one page can be
confirmed without analysing the whole document. Lines set larger than the page's
body text are never running heads (repeated slide or frame titles are headings).

A band is 12 % of the page's height from its edge. A page whose text stops short
of its edge (a menu or a slide inside a decorative border, a wide margin) has its
footer a quarter of the page up: a group of at most three lines at the top or bottom
of the text, set apart from the rest by a clear gap and no taller than a band, counts
as in the band too, while within 30 % of the page from its edge (:func:`edge_zones`).
There, a line without a letter is not a running line: numbers repeat anywhere (the
top rows of a table, a listing's line numbers, a contents page's page numbers).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Sequence

from .layout_model import Line, RawBox, page_lines

log = logging.getLogger(__name__)

BAND = 0.12
EDGE = 0.30  # how far from the page's edge a separated group of lines may lie
GAP = 1.5  # the gap that sets such a group apart, in median line heights
GROUP_LINES = 3  # the most lines such a group may have
_LETTER = re.compile(r"[^\W\d_]")
WINDOW = 6
MIN_OTHER_PAGES = 2
_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"\b[ivxlcdm]+\b")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    t = _DIGITS.sub("#", text.lower())
    t = _ROMAN.sub("#", t)
    return _SPACE.sub(" ", t).strip()


BBox = tuple[float, float, float, float]
Zones = tuple[float, float]  # lines ending above the first or starting below the second are at an edge


def band_of(bbox: BBox, height: float, zones: Zones | None = None, text: str | None = None) -> str | None:
    """``"top"``, ``"bottom"`` or None: whether ``bbox`` lies in the top or bottom band of
    a page of ``height``, or (when its ``text`` has a letter) in a group of lines
    :func:`edge_zones` set apart at an edge."""
    top, bottom = zones if zones is not None and (text is None or _LETTER.search(text)) else (-1.0, height + 1.0)
    if bbox[3] <= height * BAND or bbox[3] <= top:
        return "top"
    if bbox[1] >= height * (1 - BAND) or bbox[1] >= bottom:
        return "bottom"
    return None


def edge_zones(bboxes: Sequence[BBox], height: float) -> Zones:
    """``(top, bottom)``: lines ending at or above ``top`` form the largest group at the top
    of the page's text that is set apart from the rest by ``GAP`` median line heights, no
    taller than a band and within ``EDGE`` of the page's top; ``bottom`` likewise for the
    foot. Without such a group, a limit no line reaches."""
    none = (-1.0, height + 1.0)
    if len(bboxes) < 2:
        return none
    boxes = sorted(bboxes, key=lambda b: b[1])
    y0 = [b[1] for b in boxes]
    heights = sorted(b[3] - b[1] for b in boxes)
    gap_needed = GAP * heights[len(heights) // 2]
    above = []  # above[k]: the bottom edge lowest on the page among the first k lines
    low = -1e18
    for b in boxes:
        above.append(low)
        low = max(low, b[3])
    top = none[0]
    for k in range(min(GROUP_LINES, len(boxes) - 1), 0, -1):  # the first k lines as the head group, largest first
        if above[k] <= height * EDGE and above[k] - y0[0] <= height * BAND and y0[k] - above[k] >= gap_needed:
            top = above[k] + 0.5
            break
    bottom = none[1]
    tail_low = max(b[3] for b in boxes)
    for k in range(max(1, len(boxes) - GROUP_LINES), len(boxes)):  # lines k.. as the foot group, largest first
        if y0[k] >= height * (1 - EDGE) and tail_low - y0[k] <= height * BAND and y0[k] - above[k] >= gap_needed:
            bottom = y0[k] - 0.5
            break
    return top, bottom


class FurnitureIndex:
    """Band-line signatures per page of one open ``pymupdf.Document`` (computed lazily)."""

    def __init__(self, pdf: Any) -> None:
        self._pdf = pdf
        self._keys: dict[int, set[tuple[str, str]]] = {}

    def keys(self, pno: int) -> set[tuple[str, str]]:
        if pno not in self._keys:
            keys: set[tuple[str, str]] = set()
            try:
                page = self._pdf[pno]
                h = page.rect.height
                for x0, y0, x1, y1, text, *_ in page.get_text("blocks"):  # whole blocks in a band
                    band = band_of((x0, y0, x1, y1), h)
                    if band is None:
                        continue
                    for ln in str(text).splitlines():
                        n = normalise(ln)
                        if n:
                            keys.add((band, n))
                lines = page_lines(page)  # the lines :func:`relabel` is given (3 ms a page)
                zones = edge_zones([ln.bbox for ln in lines], h)
                for ln in lines:  # and the lines of a group set apart at an edge of the text
                    grouped = ln.bbox[3] <= zones[0] or ln.bbox[1] >= zones[1]
                    band = band_of(ln.bbox, h, zones, ln.text) if grouped else None
                    n = normalise(ln.text) if band is not None else ""
                    if n:
                        keys.add((band, n))
            except Exception:
                log.exception("furniture sample failed on page %s", pno)
            self._keys[pno] = keys
        return self._keys[pno]

    @property
    def confirmable(self) -> bool:
        """Whether the document has enough pages to confirm running lines."""
        return len(self._pdf) >= 3

    def running(self, pno: int) -> set[tuple[str, str]]:
        """Signatures on page ``pno`` that repeat on enough other pages."""
        n = len(self._pdf)
        mine = self.keys(pno)
        if not mine or n < 3:
            return set()
        others = [p for p in range(max(0, pno - WINDOW), min(n, pno + WINDOW + 1)) if p != pno]
        counts = {k: 0 for k in mine}
        for p in others:
            for k in self.keys(p) & mine:
                counts[k] += 1
        need = MIN_OTHER_PAGES if len(others) >= 4 else 1
        return {k for k, c in counts.items() if c >= need}


def relabel(
    boxes: list[RawBox],
    lines: list[Line],
    running: set[tuple[str, str]],
    height: float,
    confirmable: bool = False,
) -> list[RawBox]:
    """Boxes whose lines are all running lines become page-header/page-footer.

    Running lines not covered by any box get a box of their own. When the document
    is long enough to confirm running lines (``confirmable``), a "page header" the
    model saw that does not repeat and is set larger than body text is a heading
    (a slide's frame title), not furniture.
    """
    body = _body_size(lines)
    zones = edge_zones([ln.bbox for ln in lines], height)
    if confirmable:
        boxes = [_unconfirmed_head(b, lines, running, height, body, zones) for b in boxes]
    if not running:
        return boxes
    run_lines = []
    for ln in lines:
        band = band_of(ln.bbox, height, zones, ln.text)
        # running heads are set no larger than body text; a big repeated line is a slide or frame title
        if band is not None and (band, normalise(ln.text)) in running and ln.size <= body * 1.15:
            run_lines.append((band, ln))
    if not run_lines:
        return boxes
    out = []
    covered: set[int] = set()
    for b in boxes:
        inside = [ln for ln in lines if _center_in(ln.bbox, b.bbox)]
        if inside and b.label not in ("picture", "table"):
            runs = [i for i, (_, rl) in enumerate(run_lines) if _center_in(rl.bbox, b.bbox)]
            covered.update(runs)
            if len(runs) == len(inside):
                band = run_lines[runs[0]][0]
                label = "page-header" if band == "top" else "page-footer"
                if b.label != label:
                    b = RawBox(label, b.bbox, b.cells, b.source + "+running")
        out.append(b)
    for i, (band, ln) in enumerate(run_lines):
        if i not in covered and not any(_center_in(ln.bbox, b.bbox) for b in out):
            out.append(RawBox("page-header" if band == "top" else "page-footer", ln.bbox, source="running"))
    return out


def _unconfirmed_head(
    b: RawBox, lines: list[Line], running: set[tuple[str, str]], height: float, body: float,
    zones: Zones | None = None,
) -> RawBox:
    if b.label != "page-header":
        return b
    inside = [ln for ln in lines if _center_in(ln.bbox, b.bbox)]
    if not inside or max(ln.size for ln in inside) <= body * 1.15:
        return b
    if any((band_of(ln.bbox, height, zones, ln.text), normalise(ln.text)) in running for ln in inside):
        return b
    return RawBox("section-header", b.bbox, b.cells, b.source + "+not-running")


def _body_size(lines: list[Line]) -> float:
    weights: dict[float, int] = {}
    for ln in lines:
        weights[round(ln.size, 1)] = weights.get(round(ln.size, 1), 0) + len(ln.text)
    return max(weights.items(), key=lambda kv: kv[1])[0] if weights else 10.0


def _center_in(inner: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> bool:
    cx = (inner[0] + inner[2]) / 2
    cy = (inner[1] + inner[3]) / 2
    return outer[0] - 1 <= cx <= outer[2] + 1 and outer[1] - 1 <= cy <= outer[3] + 1
