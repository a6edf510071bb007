"""Running headers and footers confirmed across pages.

A line in the top or bottom band of a page (12 % of its height) is a running
header/footer when the same normalised line (lower case, digits and roman
numerals folded to ``#``, spaces collapsed) appears in the same band on at least
two other pages of a small sample around it (up to six pages either side). Page
numbers therefore repeat as ``#`` and alternating odd/even headers still count.
The sample uses plain text extraction (milliseconds per page), so one page can be
confirmed without analysing the whole document. Lines set larger than the page's
body text are never running heads (repeated slide or frame titles are headings).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from .layout_model import Line, RawBox

log = logging.getLogger(__name__)

BAND = 0.12
WINDOW = 6
MIN_OTHER_PAGES = 2
_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"\b[ivxlcdm]+\b")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    t = _DIGITS.sub("#", text.lower())
    t = _ROMAN.sub("#", t)
    return _SPACE.sub(" ", t).strip()


def band_of(bbox: tuple[float, float, float, float], height: float) -> str | None:
    if bbox[3] <= height * BAND:
        return "top"
    if bbox[1] >= height * (1 - BAND):
        return "bottom"
    return None


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
                for x0, y0, x1, y1, text, *_ in page.get_text("blocks"):
                    band = band_of((x0, y0, x1, y1), h)
                    if band is None:
                        continue
                    for ln in str(text).splitlines():
                        n = normalise(ln)
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
    if confirmable:
        boxes = [_unconfirmed_head(b, lines, running, height, body) for b in boxes]
    if not running:
        return boxes
    run_lines = []
    for ln in lines:
        band = band_of(ln.bbox, height)
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
    b: RawBox, lines: list[Line], running: set[tuple[str, str]], height: float, body: float
) -> RawBox:
    if b.label != "page-header":
        return b
    inside = [ln for ln in lines if _center_in(ln.bbox, b.bbox)]
    if not inside or max(ln.size for ln in inside) <= body * 1.15:
        return b
    if any((band_of(ln.bbox, height), normalise(ln.text)) in running for ln in inside):
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
