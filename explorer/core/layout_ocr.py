"""Layout blocks of an image-only page whose text came from OCR at load time.

The PDF has no text layer for the layout model to read, so the blocks are made from the
OCR words (the sentences' line rectangles on the page): lines are grouped into
paragraphs, and headings are told from the rest by their size or, in the body's size,
by their shape (see :func:`heading_line`).
"""
from __future__ import annotations

import re
from typing import Sequence

from .layout_order import reading_order
from .model import Block, Document, Rect, Sentence

_OCR_SIZE_STEP = 1.25  # lines further apart in size than this are not one paragraph
_OCR_HEADING_RATIO = 1.3
_NUMBERING = re.compile(r"^(\d+(\.\d+)*\.?|[IVX]+\.)\s+(?=[A-Z])")
_HEADING_WORD = re.compile(r"[A-Za-z][\w'’&/-]*|\(?[A-Z]\w*\)?")
_ENDS_LIKE_TEXT = re.compile(r"[.,;:!?…\-–—]$")
_BULLET = re.compile(r"^[¢©•*·\-–]")


def heading_line(sentences: Sequence[Sentence], k: int) -> bool:
    """Whether sentence ``k`` of a scanned page reads as a heading set in the body's size
    (bold weight is not in the OCR): one line of at most eight words, after an optional
    section number ("3.1 Overview"), each word a word ("Recording a Sequence"), starting
    with a capital, with no comma and no closing punctuation, followed by a sentence that
    starts a new thought (a capital or a digit). Table rows, bylines with commas and
    fragments of broken lines ("From the table, we can") fail one of these."""
    s = sentences[k]
    text = _NUMBERING.sub("", s.text.strip())
    ws = text.split()
    if len(s.anchor.rects) != 1 or not 1 <= len(ws) <= 8 or not text[:1].isupper() or "," in text:
        return False
    if _ENDS_LIKE_TEXT.search(text) or _BULLET.match(text):
        return False
    if not all(_HEADING_WORD.fullmatch(w) for w in ws):
        return False
    following = sentences[k + 1].text.strip() if k + 1 < len(sentences) else ""
    return re.match(r"^[^\w]*[A-Z0-9]", following) is not None


def blocks_from_ocr(doc: Document, pno: int) -> list[Block]:
    """Blocks of an image-only page: a rectangle joins the previous block when it
    overlaps it horizontally, starts less than one line height below it and is set in
    about the same size. A block of at most three lines set at least 1.3 times larger
    than the page's body is a heading (OCR line boxes span their type, see
    ``loaders.pdf_ocr``), and so is a :func:`heading_line`, which stays a block of its
    own: the scan's own headings then name and cut its chapters as a PDF's do."""
    rects: list[tuple[tuple[float, float, float, float], int]] = []  # a line's box, its sentence
    for sent in doc.sentences:
        a = sent.anchor
        pairs = [r for p, r in a.page_rects if p == pno] or (list(a.rects) if a.page == pno else [])
        rects.extend((r.as_tuple(), sent.index) for r in pairs)
    if not rects:
        return []
    on_page = sorted({si for _, si in rects})
    headed = {si for si in on_page if heading_line(doc.sentences, si)}
    # x0, y0, x1, y1, line count, tallest line, smallest line, sentences, a heading line
    groups: list[list] = []
    for r, si in sorted(rects, key=lambda p: (p[0][1], p[0][0])):
        h = max(1.0, r[3] - r[1])
        for g in [] if si in headed else reversed(groups[-6:]):
            same_size = max(h, g[5]) < _OCR_SIZE_STEP * min(h, g[6])
            if (min(r[2], g[2]) - max(r[0], g[0]) > -h and r[1] - g[3] < h and r[3] > g[1] and same_size
                    and not g[8]):
                g[0], g[1], g[2], g[3] = min(g[0], r[0]), min(g[1], r[1]), max(g[2], r[2]), max(g[3], r[3])
                g[4] += 1
                g[5], g[6] = max(g[5], h), min(g[6], h)
                g[7].append(si)
                break
        else:
            groups.append([*r, 1, h, h, [si], si in headed])
    heights = sorted(r[3] - r[1] for r, _ in rects)
    body = heights[len(heights) // 2]
    texts = [" ".join(doc.sentences[si].text for si in dict.fromkeys(g[7])) for g in groups]

    def large_type(g: list, text: str) -> bool:
        # not a sideways margin stamp ("arXiv:2004.04906v3 [cs.CL]"), not a row of figures
        ws = text.split()
        return (g[4] <= 3 and g[6] >= _OCR_HEADING_RATIO * body and g[2] - g[0] >= g[5]
                and sum(any(c.isdigit() for c in w) for w in ws) * 3 < len(ws))

    boxes = [("section-header" if g[8] or large_type(g, t) else "text", (g[0], g[1], g[2], g[3]))
             for g, t in zip(groups, texts)]
    order = reading_order(boxes, doc.pages[pno].width)
    return [
        Block(page=pno, bbox=Rect(*boxes[i][1]), label=boxes[i][0], order=k, source="ocr", text=texts[i])
        for k, i in enumerate(order)
    ]


