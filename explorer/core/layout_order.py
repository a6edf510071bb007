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
from collections.abc import Sequence

Box = tuple[float, float, float, float]

_TEXT = {"text", "list-item"}
_NUM = re.compile(
    r"^\s*(?:(?:chapter|section|part|annex|appendix)\s+)?((?:\d+|[A-Z])(?:\.\d+)*)\.?(?:\s|$)", re.IGNORECASE
)


_CONTENT = {"text", "list-item", "footnote", "caption", "formula"}


def _gaps(spans: list[tuple[float, float]], min_gap: float) -> list[float]:
    """Midpoints of the empty gaps (wider than ``min_gap``) in a 1-D projection."""
    spans = sorted(spans)
    out = []
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach > min_gap:
            out.append((reach + a) / 2)
        reach = max(reach, b)
    return out


def _vertical_parts(idx: list[int], boxes: Sequence[tuple[str, Box]], rtl: bool) -> list[list[int]] | None:
    """Columns of ``idx`` split at vertical gutters, when every column holds real content."""
    bb = {i: boxes[i][1] for i in idx}
    xs = _gaps([(bb[i][0], bb[i][2]) for i in idx], 6.0)
    if not xs:
        return None
    parts: list[list[int]] = [[] for _ in range(len(xs) + 1)]
    for i in idx:
        cx = (bb[i][0] + bb[i][2]) / 2
        parts[sum(1 for g in xs if cx > g)].append(i)
    height = max(bb[i][3] for i in idx) - min(bb[i][1] for i in idx)

    def substantial(part: list[int]) -> bool:
        return any(
            boxes[i][0] in _CONTENT
            or (boxes[i][0] in ("picture", "table") and bb[i][3] - bb[i][1] > 0.3 * height)
            for i in part
        )

    if not all(substantial(p) for p in parts):
        return None
    return parts[::-1] if rtl else parts


def _xy_cut(idx: list[int], boxes: Sequence[tuple[str, Box]], rtl: bool, depth: int = 0) -> list[int]:
    """Columns when the whole set splits into columns; otherwise peel off the top band (up to
    the first horizontal white space across the set) and look again at the rest, so a title
    or a header row above two columns does not cut the columns into rows."""
    out: list[int] = []
    rest = list(idx)
    while rest:
        if len(rest) == 1 or depth > 30:
            out.extend(_by_lines(rest, {i: boxes[i][1] for i in rest}, rtl))
            break
        parts = _vertical_parts(rest, boxes, rtl)
        if parts is not None:
            out.extend(j for p in parts for j in _xy_cut(p, boxes, rtl, depth + 1))
            break
        ys = _gaps([(boxes[i][1][1], boxes[i][1][3]) for i in rest], 0.5)
        if not ys:
            out.extend(_by_lines(rest, {i: boxes[i][1] for i in rest}, rtl))
            break
        top = [i for i in rest if _cy(boxes[i][1]) < ys[0]]
        rest = [i for i in rest if _cy(boxes[i][1]) >= ys[0]]
        out.extend(_xy_cut(top, boxes, rtl, depth + 1) if top else [])
    return out


def _by_lines(idx: list[int], bb: dict[int, Box], rtl: bool) -> list[int]:
    """What no cut separates: by line (top, in steps of 6 pt), then by x."""
    return sorted(idx, key=lambda i: (round(bb[i][1] / 6), -bb[i][2] if rtl else bb[i][0]))


def reading_order(
    boxes: Sequence[tuple[str, Box]], width: float, rtl: bool = False, captions: dict[int, int] | None = None
) -> list[int]:
    """Indices of ``boxes`` (label, bbox) in reading order."""
    n = len(boxes)
    captions = dict(captions or {})
    heads = [i for i in range(n) if boxes[i][0] == "page-header"]
    foots = [i for i in range(n) if boxes[i][0] == "page-footer"]
    body = [i for i in range(n) if boxes[i][0] not in ("page-header", "page-footer") and i not in captions]

    def xkey(b: Box) -> float:
        return -b[2] if rtl else b[0]

    order = _xy_cut(body, boxes, rtl)
    heads.sort(key=lambda i: (round(boxes[i][1][1] / 6), xkey(boxes[i][1])))
    foots.sort(key=lambda i: (round(boxes[i][1][1] / 6), xkey(boxes[i][1])))
    order = heads + order + foots
    for cap, target in sorted(captions.items(), key=lambda kv: boxes[kv[0]][1][1]):
        if target not in order:
            order.append(cap)
            continue
        # a caption is read right after its picture or table, wherever it is printed
        order.insert(order.index(target) + 1, cap)
    return order


def _cy(b: Box) -> float:
    return (b[1] + b[3]) / 2


def numbering_depth(text: str) -> int | None:
    """1 for "3 Intro" or "A. Scope", 3 for "2.3.1 Details"; None when not numbered."""
    m = _NUM.match(text or "")
    if not m:
        return None
    token = m.group(1)
    if token.isalpha() and len(text.split()) > 12:
        return None
    return min(6, token.count(".") + 1)


def heading_level(label: str, text: str, size: float, body_size: float) -> int | None:
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
