"""Reading order of a page's blocks and heading levels.

Order: page headers first, page footers last. The rest (footnotes included:
a footnote at the foot of the left column is read before the right column) is cut into horizontal bands at blocks that span a column
gutter (titles, wide figures, tables); inside a band blocks are read column by
column, top to bottom. Columns come from gaps between the centres of narrow text
blocks (as PyMuPDF's own sorter does). Right-to-left pages (mostly Arabic,
Hebrew or Persian text) read columns and same-row blocks from the right.
A caption is read right after the picture or table it belongs to (as an
attachment of the float, whether printed above or below it).

Heading levels: numbering depth ("2.3.1" -> 3) when a heading is numbered, else
font size relative to the page's body text.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

Box = tuple[float, float, float, float]

_TEXT = {"text", "list-item"}
_NUM = re.compile(r"^\s*(?:(?:chapter|section|part|annex|appendix)\s+)?((?:\d+|[A-Z])(?:\.\d+)*)\.?(?:\s|$)", re.IGNORECASE)


def columns(boxes: Sequence[tuple[str, Box]], width: float) -> list[float]:
    """Column boundaries [0, b1, ..., width] from the x-centres of narrow text blocks."""
    cands = [b for l, b in boxes if l in _TEXT]
    narrow = [b for b in cands if b[2] - b[0] < width * 0.6]
    src = narrow if len(narrow) >= 4 else []
    xs = sorted((b[0] + b[2]) / 2 for b in src)
    if len(xs) < 4:
        return [0.0, width]
    gaps = [(xs[i] - xs[i - 1], (xs[i] + xs[i - 1]) / 2) for i in range(1, len(xs)) if xs[i] - xs[i - 1] > width * 0.12]
    gaps.sort(reverse=True)
    mids = sorted(m for _, m in gaps[:3])
    bounds = [0.0] + mids + [width]
    min_count = max(2, int(len(xs) * 0.1))
    valid = []
    for i in range(1, len(bounds) - 1):
        left = sum(1 for x in xs if bounds[i - 1] <= x < bounds[i])
        right = sum(1 for x in xs if bounds[i] <= x < bounds[i + 1])
        if left >= min_count and right >= min_count:
            valid.append(bounds[i])
    # move each gutter into the white space between the columns; drop it if text crosses it
    gutters = []
    edges = [0.0] + valid + [width]
    for k in range(1, len(edges) - 1):
        left = [b for b in src if edges[k - 1] <= (b[0] + b[2]) / 2 < edges[k]]
        right = [b for b in src if edges[k] <= (b[0] + b[2]) / 2 < edges[k + 1]]
        lx, rx = max(b[2] for b in left), min(b[0] for b in right)
        if lx <= rx + 6:
            gutters.append((lx + rx) / 2)
    valid = gutters
    return [0.0] + valid + [width]


def reading_order(
    boxes: Sequence[tuple[str, Box]], width: float, rtl: bool = False, captions: Optional[dict[int, int]] = None
) -> list[int]:
    """Indices of ``boxes`` (label, bbox) in reading order."""
    n = len(boxes)
    heads = [i for i in range(n) if boxes[i][0] == "page-header"]
    foots = [i for i in range(n) if boxes[i][0] == "page-footer"]
    captions = dict(captions or {})
    body = [i for i in range(n) if boxes[i][0] not in ("page-header", "page-footer") and i not in captions]
    bounds = columns(boxes, width)
    gutters = bounds[1:-1]

    def col(b: Box) -> int:
        cx = b[0] + 1 if not rtl else b[2] - 1
        for k in range(len(bounds) - 1):
            if bounds[k] <= cx < bounds[k + 1]:
                return k
        return len(bounds) - 2

    def wide(b: Box) -> bool:
        return any(b[0] < g - 4 and b[2] > g + 4 for g in gutters)

    def xkey(b: Box) -> float:
        return -b[2] if rtl else b[0]

    def ckey(c: int) -> int:
        return -c if rtl else c

    def alone(i: int) -> bool:
        # nothing beside it: no other block shares its rows without sharing its columns
        b = boxes[i][1]
        for j in body:
            if j == i:
                continue
            o = boxes[j][1]
            vov = min(b[3], o[3]) - max(b[1], o[1])
            hov = min(b[2], o[2]) - max(b[0], o[0])
            if vov > 0.2 * min(b[3] - b[1], o[3] - o[1]) and hov <= 0:
                return False
        return True

    spanning = sorted((i for i in body if wide(boxes[i][1]) and alone(i)),
                      key=lambda i: (boxes[i][1][1], xkey(boxes[i][1])))
    rest = [i for i in body if i not in set(spanning)]
    order: list[int] = []
    prev_y = -1e9
    for s in spanning + [None]:
        y = boxes[s][1][1] if s is not None else 1e9
        band = [i for i in rest if prev_y <= _cy(boxes[i][1]) < y] if s is not None else [i for i in rest if _cy(boxes[i][1]) >= prev_y]
        band.sort(key=lambda i: (ckey(col(boxes[i][1])), round(boxes[i][1][1] / 6), xkey(boxes[i][1])))
        order.extend(band)
        rest = [i for i in rest if i not in set(band)]
        if s is not None:
            order.append(s)
            prev_y = _cy(boxes[s][1])
    order.extend(rest)
    heads.sort(key=lambda i: (round(boxes[i][1][1] / 6), xkey(boxes[i][1])))
    foots.sort(key=lambda i: (round(boxes[i][1][1] / 6), xkey(boxes[i][1])))
    order = heads + order + foots
    for cap, target in sorted(captions.items(), key=lambda kv: boxes[kv[0]][1][1]):
        if cap in order:
            order.remove(cap)
        if target not in order:
            order.append(cap)
            continue
        # a caption is read right after its picture or table, wherever it is printed
        order.insert(order.index(target) + 1, cap)
    return order


def _cy(b: Box) -> float:
    return (b[1] + b[3]) / 2


def numbering_depth(text: str) -> Optional[int]:
    """1 for "3 Intro" or "A. Scope", 3 for "2.3.1 Details"; None when not numbered."""
    m = _NUM.match(text or "")
    if not m:
        return None
    token = m.group(1)
    if token.isalpha() and len(text.split()) > 12:
        return None
    return min(6, token.count(".") + 1)


def heading_level(label: str, text: str, size: float, body_size: float) -> Optional[int]:
    if label == "title":
        return 1
    if label != "section-header":
        return None
    depth = numbering_depth(text)
    if depth is not None:
        return depth
    ratio = size / body_size if body_size else 1.0
    if ratio >= 1.6:
        return 1
    if ratio >= 1.25:
        return 2
    return 3
