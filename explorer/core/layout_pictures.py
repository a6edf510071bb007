"""Pictures the layout model misses, and captions attached to pictures and tables.

The model classifies text lines, so a figure without text is invisible to it.
Pictures are recovered from two page sources:

* raster images (``page.get_image_info``), skipping slivers, full-page
  backgrounds and images mostly covered by text;
* clusters of vector drawings (``page.cluster_drawings``) built only from paths
  that do not overlap text, list, heading or table boxes (so table rules, text
  backgrounds and underlines never form a "figure"), kept when large enough.

Candidates overlapping a model picture are merged into it; overlapping pictures
are merged with each other. A text block just above or below a picture or table
that starts like a caption ("Figure 3", "Table 2", "Fig.", localised variants)
is relabelled ``caption`` and attached to it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from .layout_model import Line, RawBox

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]

_TEXTUAL = {
    "text",
    "list-item",
    "section-header",
    "title",
    "table",
    "footnote",
    "caption",
    "formula",
    "page-header",
    "page-footer",
}
CAPTION_RE = re.compile(
    r"^\s*(fig(ure|\.)?|table|tab\.|chart|plate|image|illustration|exhibit|listing|diagram|graph|"
    r"abbildung|abb\.|tabelle|tableau|figura|tabla|cuadro|图|表|그림|표|شكل|الشكل|جدول|الجدول|تصویر|شکل|جدول)"
    r"\s*[\dIVXivx][\w.\-]*\s*[:.\-\u2013\u2014|]?\s*(?P<next>\S?)",
    re.IGNORECASE,
)


def looks_like_caption(text: str) -> bool:
    """ "Figure 3: ..." or "Table 2-2 Comparison" but not "Table 2-2 shows ..." (body text)."""
    m = CAPTION_RE.match(text or "")
    if not m or len(text) > 400:
        return False
    nxt = m.group("next")
    return not (nxt and nxt.islower())


MAX_DRAWINGS = 4000


def area(b: Box) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def inter(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def clip(b: Box, w: float, h: float) -> Box:
    return (max(0.0, b[0]), max(0.0, b[1]), min(w, b[2]), min(h, b[3]))


def image_boxes(page: Any, boxes: list[RawBox], lines: list[Line] = ()) -> list[Box]:  # type: ignore[assignment]
    """Raster images worth calling pictures."""
    w, h = page.rect.width, page.rect.height
    page_area = w * h
    out: list[Box] = []
    try:
        infos = page.get_image_info()
    except Exception:
        log.exception("image info failed on page %s", page.number)
        return out
    texty = [b.bbox for b in boxes if b.label in _TEXTUAL and b.label != "table"]
    lines = lines or []
    for info in infos:
        r = clip(tuple(float(v) for v in info["bbox"]), w, h)  # type: ignore[arg-type]
        if r[2] - r[0] < 8 or r[3] - r[1] < 8 or area(r) < page_area * 0.0008:
            continue
        if area(r) >= page_area * 0.9:
            continue
        covered = sum(inter(r, t) for t in texty)
        if covered > 0.5 * area(r) or _text_cover(r, list(lines)) > 0.3:
            continue
        if _banner(r, list(lines)):
            continue
        out.append(r)
    return out


def _text_cover(r: Box, lines: list[Line]) -> float:
    return sum(inter(r, ln.bbox) for ln in lines) / max(area(r), 1.0)


def drawing_boxes(page: Any, boxes: list[RawBox], lines: list[Line] = ()) -> list[Box]:  # type: ignore[assignment]
    """Clusters of vector paths that do not belong to text or tables."""
    w, h = page.rect.width, page.rect.height
    page_area = w * h
    try:
        drawings = page.get_drawings()
    except Exception:
        log.exception("drawings failed on page %s", page.number)
        return []
    if not drawings:
        return []
    if len(drawings) > MAX_DRAWINGS:
        drawings = sorted(drawings, key=lambda d: -abs(d["rect"]))[:MAX_DRAWINGS]
    blockers = [b.bbox for b in boxes if b.label in _TEXTUAL]
    kept = []
    for d in drawings:
        r = clip(tuple(d["rect"]), w, h)  # type: ignore[arg-type]
        if r[2] < r[0] or r[3] < r[1]:
            continue
        a = max(area(r), 1.0)
        if a >= page_area * 0.9:
            continue
        thin = (r[2] - r[0]) < 2 or (r[3] - r[1]) < 2
        big_fill = d.get("fill") is not None and not thin
        if any(
            inter(r, bb) > (0.05 if big_fill else 0.3) * min(a, area(bb)) or _inside(r, bb) for bb in blockers
        ):
            continue
        kept.append(d)
    if not kept:
        return []
    # stroked frames around figures are pictures by themselves; what lies inside joins them
    frames = []
    for d in sorted(kept, key=lambda d: -abs(d["rect"])):
        r = tuple(d["rect"])
        if (
            d.get("fill") is None
            and r[2] - r[0] > 60
            and r[3] - r[1] > 60
            and not any(_inside(r, f) for f in frames)
            and _text_cover(r, list(lines)) <= 0.25
            and _closed(d)
            and not any(_inside(bb, r, 2.0) and area(bb) > 0.03 * area(r) for bb in blockers)
            and sum(1 for o in kept if o is not d and _center_inside(tuple(o["rect"]), r)) >= 2
        ):
            frames.append(clip(r, w, h))  # type: ignore[arg-type]
    if frames:
        kept = [d for d in kept if not any(_center_inside(tuple(d["rect"]), f) for f in frames)]
    out: list[Box] = list(frames)
    if not kept:
        return out
    try:
        clusters = page.cluster_drawings(drawings=kept, x_tolerance=6, y_tolerance=6)
    except Exception:
        log.exception("cluster_drawings failed on page %s", page.number)
        return out
    for c in clusters:
        r = clip((c.x0, c.y0, c.x1, c.y1), w, h)
        members = [d for d in kept if _center_inside(tuple(d["rect"]), r)]
        items = sum(len(d.get("items", ())) for d in members)
        small_logo = (
            max(r[2] - r[0], r[3] - r[1]) >= 30 and min(r[2] - r[0], r[3] - r[1]) >= 10 and items >= 8
        )
        if not small_logo and (r[2] - r[0] < 24 or r[3] - r[1] < 24 or area(r) < page_area * 0.004):
            continue
        if area(r) >= page_area * 0.85:
            continue
        if _banner(r, lines):
            continue
        if _text_cover(r, lines) > 0.25:
            continue  # a shaded text panel or a slide background
        if any(_inside(bb, r, 2.0) and area(bb) > 0.03 * area(r) for bb in blockers):
            continue  # encloses paragraphs: a background or a panel, not a figure
        if items < 3:
            continue  # a lone line or curve (a rule, a decorative stroke)
        out.append(r)
    return out


def _banner(r: Box, lines: list[Line]) -> bool:
    """A low, wide strip with text on it: a bar behind a heading or a footer, decoration."""
    bw, bh = r[2] - r[0], r[3] - r[1]
    return bh < 40 and bw > 4 * bh and any(inter(r, ln.bbox) > 0 for ln in lines)


def _closed(d: dict) -> bool:
    items = d.get("items", ())
    return bool(d.get("closePath")) or any(it[0] in ("re", "qu") for it in items) or len(items) >= 4


def _center_inside(a: Box, b: Box) -> bool:
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3]


def _inside(a: Box, b: Box, tol: float = 1.0) -> bool:
    return a[0] >= b[0] - tol and a[1] >= b[1] - tol and a[2] <= b[2] + tol and a[3] <= b[3] + tol


def add_pictures(page: Any, boxes: list[RawBox], lines: list[Line]) -> list[RawBox]:
    """``boxes`` plus recovered pictures, with overlapping pictures merged."""
    cands = [(b, "images") for b in image_boxes(page, boxes, lines)] + [
        (b, "drawings") for b in drawing_boxes(page, boxes, lines)
    ]
    boxes = _text_only_pictures_are_text(page, boxes, lines)
    if not cands:
        return boxes
    out = list(boxes)
    for cand, source in sorted(cands, key=lambda c: -area(c[0])):
        # a candidate that is mostly a table or already a picture adds nothing
        if any(b.label == "table" and inter(cand, b.bbox) > 0.5 * area(cand) for b in out):
            continue
        merged = False
        for i, b in enumerate(out):
            if b.label != "picture":
                continue
            ov = inter(cand, b.bbox)
            if ov > 0.3 * min(area(cand), area(b.bbox)):
                # mostly inside: absorbed (images often overhang a figure's frame with transparent margins)
                grown = b.bbox if _absorbed(cand, b.bbox, ov) else union(cand, b.bbox)
                out[i] = RawBox(
                    "picture", grown, source=b.source if b.source != "model" else "model+" + source
                )
                merged = True
                break
        if merged:
            continue
        out.append(RawBox("picture", cand, source=source))
    return _merge_pictures(out)


def picture_labels(boxes: list[RawBox], lines: list[Line]) -> list[RawBox]:
    """Text lines inside a picture that no other box holds, one ``text`` block per line.

    Labels in a figure ("Nut case", axis titles) stay readable, selectable and
    searchable as their own blocks, as document converters such as docling keep them.
    """
    pics = [b.bbox for b in boxes if b.label == "picture"]
    if not pics:
        return boxes
    others = [b.bbox for b in boxes if b.label != "picture"]
    out = list(boxes)
    for ln in lines:
        cx, cy = (ln.bbox[0] + ln.bbox[2]) / 2, (ln.bbox[1] + ln.bbox[3]) / 2
        if not any(p[0] <= cx <= p[2] and p[1] <= cy <= p[3] for p in pics):
            continue
        if any(o[0] <= cx <= o[2] and o[1] <= cy <= o[3] for o in others):
            continue
        out.append(RawBox("text", ln.bbox, source="picture-label"))
    return out


def _text_only_pictures_are_text(page: Any, boxes: list[RawBox], lines: list[Line]) -> list[RawBox]:
    """A model "picture" that is mostly text lines with no image or path under it is text."""
    if not any(b.label == "picture" for b in boxes):
        return boxes
    try:
        graphics = [tuple(i["bbox"]) for i in page.get_image_info()] + [
            tuple(d["rect"]) for d in page.get_drawings()
        ]
    except Exception:  # noqa: BLE001 - a broken content stream: keep the model's view
        return boxes
    out = []
    for b in boxes:
        if (
            b.label == "picture"
            and _text_cover(b.bbox, lines) > 0.4
            and not any(
                inter(b.bbox, g) > 0.05 * area(b.bbox)
                for g in graphics
                if area(g) < 0.5 * page.rect.width * page.rect.height
            )
        ):
            b = RawBox("text", b.bbox, b.cells, b.source + "+text-only")
        out.append(b)
    return out


def _absorbed(small: Box, big: Box, ov: float) -> bool:
    """Whether ``small`` is a piece of ``big`` that must not grow it (overhangs, stray strokes)."""
    return ov >= 0.6 * area(small) or (ov >= 0.3 * area(small) and area(small) < 0.15 * area(big))


def _merge_pictures(boxes: list[RawBox]) -> list[RawBox]:
    changed = True
    boxes = list(boxes)
    while changed:
        changed = False
        pics = [i for i, b in enumerate(boxes) if b.label == "picture"]
        for ai in range(len(pics)):
            for bi in range(ai + 1, len(pics)):
                a, b = boxes[pics[ai]], boxes[pics[bi]]
                ov = inter(a.bbox, b.bbox)
                if ov > 0.3 * min(area(a.bbox), area(b.bbox)):
                    small, big = (a, b) if area(a.bbox) < area(b.bbox) else (b, a)
                    grown = big.bbox if _absorbed(small.bbox, big.bbox, ov) else union(a.bbox, b.bbox)
                    boxes[pics[ai]] = RawBox("picture", grown, source=big.source)
                    del boxes[pics[bi]]
                    changed = True
                    break
            if changed:
                break
    return boxes


def attach_captions(boxes: list[RawBox], texts: list[str]) -> dict[int, int]:
    """Relabel caption-like text next to a picture or table; return {caption index: target index}.

    ``texts[i]`` is the text of ``boxes[i]``. A caption is attached to the nearest
    picture or table it overlaps horizontally within 36 pt vertically.
    """
    targets = [i for i, b in enumerate(boxes) if b.label in ("picture", "table")]
    for i, b in enumerate(boxes):  # "Table 3-2 lists the ..." is body text that mentions a table
        if b.label == "caption" and CAPTION_RE.match(texts[i] or "") and not looks_like_caption(texts[i]):
            boxes[i] = RawBox("text", b.bbox, b.cells, b.source + "+not-caption")
    links: dict[int, int] = {}
    for i in sorted(range(len(boxes)), key=lambda k: boxes[k].label != "caption"):
        b = boxes[i]
        if b.label not in ("caption", "text", "section-header"):
            continue
        if b.label != "caption" and not looks_like_caption(texts[i]):
            continue
        best: tuple[float, int] | None = None
        for t in targets:
            tb = boxes[t].bbox
            hov = min(b.bbox[2], tb[2]) - max(b.bbox[0], tb[0])
            if hov <= 0.3 * min(b.bbox[2] - b.bbox[0], tb[2] - tb[0]):
                continue
            gap = max(b.bbox[1] - tb[3], tb[1] - b.bbox[3])
            if gap > 36:
                continue
            if best is None or gap < best[0]:
                best = (gap, t)
        if best is not None:
            if any(t == best[1] for t in links.values()):
                continue  # one caption per float: the model's own first, then the nearest
            links[i] = best[1]
            if b.label != "caption":
                boxes[i] = RawBox("caption", b.bbox, b.cells, b.source + "+caption")
    return links
