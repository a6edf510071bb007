"""Layout analysis: per page, blocks of the 11 DocLayNet classes in reading order.

Contract
--------
:func:`analyse_layout` returns ``{page index: [Block, ...]}`` with, per block, a
class from :data:`~explorer.core.model.LAYOUT_CLASSES`, a bbox in PDF points, a
reading-order index (``order`` 0..n-1 on its page), a heading level for titles
and section headers, the indices of the document's sentences whose first word
lies in the block, table cells when the model gives them, and the block's text.

Pipeline per page: PyMuPDF's layout model (:mod:`.layout_model`) -> pictures from
images and vector drawings (:mod:`.layout_pictures`) -> running headers and
footers confirmed across pages (:mod:`.layout_furniture`) -> captions attached
to pictures and tables -> reading order and heading levels (:mod:`.layout_order`).

Threading: the layout model is process-global and not thread-safe, so run this
on ONE worker lane (the UI's ``pdf`` lane). It opens its own ``pymupdf`` handle on
``pdf_path`` and never touches a document another thread uses.

Speed: about 0.4 s CPU per page (full) or 0.15 s (``fast=True``: the text-only
model shipped beside the default, for the page the user looks at first; replaced
when the full result arrives). While that model is still loading, or on a page
with more than ``FAST_MODEL_MAX_LINES`` lines, ``fast=True`` answers at once with a
font-size heuristic (:func:`is_provisional`; never cached). Results are cached per (document hash, page,
``store.PIPELINE_VERSIONS["layout"]``) as JSON, so a reopened document is served
from the cache without loading the model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from . import store
from .errors import StrataError
from .layout_model import Line, RawBox
from .layout_ocr import blocks_from_ocr  # image-only pages: blocks from the OCR words
from .model import LAYOUT_CLASSES, Block, Document, Rect, is_provisional
from .sentences import BULLET_GLYPHS
from .layout_parallel import helper_count, layout_on_helpers
from .pdf_passwords import has_password
from .progress import CancelToken, Progress, check, report, scaled

log = logging.getLogger(__name__)

# Entries written by another revision of this module's output are ignored (finer than
# store.PIPELINE_VERSIONS["layout"], which is what releases bump).
CACHE_REVISION = 5  # 5: a body-type "heading" ending in a full stop is text
FAST_MODEL_MAX_LINES = 400  # above this a fast request uses the font-size heuristic

_ALIASES = {
    "list": "list-item",
    "listitem": "list-item",
    "list-item": "list-item",
    "section": "section-header",
    "heading": "section-header",
    "header": "page-header",
    "footer": "page-footer",
    "figure": "picture",
    "image": "picture",
    "chart": "picture",
    "picture": "picture",
    "code": "text",
    "paragraph": "text",
    "reference": "text",
    "key-value-region": "text",
    "checkbox-selected": "text",
    "checkbox-unselected": "text",
    "form": "table",
    "document-index": "table",
    "equation": "formula",
}


def to_layout_class(name: str) -> str:
    """Map a model's or a dataset's class name onto one of the 11 DocLayNet classes (default ``text``)."""
    key = (name or "").strip().lower().replace("_", "-").replace(" ", "-")
    if key in LAYOUT_CLASSES:
        return key
    return _ALIASES.get(key, "text")


# --------------------------------------------------------------------------- cache


def _cache_file(doc_id: str, page: int, fast: bool):
    return (
        store.cache_path(doc_id, "layout", page, "fast") if fast else store.cache_path(doc_id, "layout", page)
    )


def _block_to_json(b: Block) -> dict:
    d = {
        "bbox": list(b.bbox.as_tuple()),
        "label": b.label,
        "order": b.order,
        "text": b.text,
        "source": b.source,
    }
    if b.level is not None:
        d["level"] = b.level
    if b.cells:
        d["cells"] = [list(c.as_tuple()) for c in b.cells]
    return d


def _block_from_json(page: int, d: dict) -> Block:
    return Block(
        page=page,
        bbox=Rect(*d["bbox"]),
        label=to_layout_class(d["label"]),
        order=int(d["order"]),
        text=d.get("text", ""),
        level=d.get("level"),
        cells=tuple(Rect(*c) for c in d.get("cells", ())),
        source=d.get("source", ""),
    )


def read_cached(doc_id: str, page: int, fast: bool = False) -> list[Block] | None:
    """Cached blocks of one page, or ``None`` (a fast request also accepts a full result)."""
    for variant in (False, True) if fast else (False,):
        path = _cache_file(doc_id, page, variant)
        data = store.read_json(path)
        if (
            isinstance(data, dict)
            and data.get("page") == page
            and data.get("revision") == CACHE_REVISION
            and isinstance(data.get("blocks"), list)
        ):
            try:
                blocks = [_block_from_json(page, d) for d in data["blocks"]]
                store.touch(path)
                return blocks
            except (KeyError, TypeError, ValueError) as exc:
                log.warning("ignoring malformed layout cache for page %s: %s", page, exc)
    return None


def is_cached(doc_id: str, page: int, fast: bool = False) -> bool:
    """Whether a page's layout is in the cache (a fast request also accepts a full result)."""
    return any(_cache_file(doc_id, page, variant).is_file() for variant in ((False, True) if fast else (False,)))


def _write_cache(doc_id: str, page: int, fast: bool, blocks: list[Block]) -> None:
    try:
        store.atomic_write_json(
            _cache_file(doc_id, page, fast),
            {
                "page": page,
                "fast": fast,
                "revision": CACHE_REVISION,
                "blocks": [_block_to_json(b) for b in blocks],
            },
        )
    except StrataError as exc:  # a full disk costs speed, not correctness
        log.warning("layout cache not written: %s", exc)


# --------------------------------------------------------------------------- one page


def _center_in(inner: tuple, outer: tuple, tol: float = 1.0) -> bool:
    cx = (inner[0] + inner[2]) / 2
    cy = (inner[1] + inner[3]) / 2
    return outer[0] - tol <= cx <= outer[2] + tol and outer[1] - tol <= cy <= outer[3] + tol


def _area(b: tuple) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _body_size(lines: Sequence[Line]) -> float:
    weights: dict[float, int] = {}
    for ln in lines:
        weights[round(ln.size, 1)] = weights.get(round(ln.size, 1), 0) + len(ln.text)
    return max(weights.items(), key=lambda kv: kv[1])[0] if weights else 10.0


_BULLET_LEAD = re.compile(rf"^\s*[{re.escape(BULLET_GLYPHS)}]\s")
_FULL_STOP_END = re.compile(r"[^.\s][.\u3002]\s*$")  # "...판단된다." or "...done.", not "1." nor "..."


def _is_sentence_tail(text: str, lines: Sequence[Line], body: float) -> bool:
    """Whether a "heading" is the last line of a paragraph carried over to the top of the
    next column: plain body type, not bold, two words or more, ending in a full stop.
    Headings end in a question mark ("Questions?") or nothing; a full stop after words
    in body type ends a sentence (the Korean report's "이슈가 될 것으로 판단된다.")."""
    return (bool(lines) and _FULL_STOP_END.search(text) is not None and len(text.split()) >= 2
            and not any(ln.bold for ln in lines) and max(ln.size for ln in lines) <= body * 1.05)


def analyse_page(pdf: Any, pno: int, *, fast: bool = False, furniture: Any = None) -> list[Block]:
    """Blocks of page ``pno`` of an open ``pymupdf.Document`` (no sentences, no cache)."""
    from .layout_furniture import relabel
    from .layout_model import heuristic_groups, is_warm, model_groups, page_lines
    from .layout_order import heading_level, reading_order
    from .layout_pictures import add_pictures, attach_captions, picture_labels
    from .layout_run_in import run_in_heads

    page = pdf[pno]
    w, h = page.rect.width, page.rect.height
    lines = page_lines(page)
    if fast and (len(lines) > FAST_MODEL_MAX_LINES or not is_warm()):
        # the model's cost grows with lines (seconds on a dense table), and loading it takes
        # seconds: a fast request then gets the font-size heuristic at once
        raw: list[RawBox] | None = None
    else:
        raw = model_groups(page, fast=fast) if lines else []
    heuristic = raw is None
    if raw is None:
        raw = heuristic_groups(lines, w, h)
    raw = [RawBox(to_layout_class(b.label), b.bbox, b.cells, b.source) for b in raw]
    raw = [b for b in raw if b.bbox[2] - b.bbox[0] > 1 and b.bbox[3] - b.bbox[1] > 1]
    if not heuristic:  # without the model's table box, table rules would pass for a figure
        raw = add_pictures(page, raw, lines)
        raw = picture_labels(raw, lines)
    if furniture is not None:
        raw = relabel(raw, lines, furniture.running(pno), h, confirmable=furniture.confirmable)
    members: list[list[Line]] = [[] for _ in raw]
    for ln in lines:
        best = None
        for i, b in enumerate(raw):
            if _center_in(ln.bbox, b.bbox) and (
                best is None
                or (raw[best].label == "picture" and b.label != "picture")
                or (b.label != "picture" and _area(b.bbox) < _area(raw[best].bbox))
            ):
                best = i
        if best is not None:
            members[best].append(ln)
    texts = [
        " ".join(ln.text for ln in sorted(m, key=lambda l: (round(l.bbox[1]), l.bbox[0]))) for m in members
    ]
    for head, text in run_in_heads(raw, members):  # a clause's bold title opening its paragraph
        raw.append(head)
        members.append([])
        texts.append(text)
    # A "heading" that opens with a bullet glyph is a list item (a slide's large "• Bar").
    raw = [RawBox("list-item", b.bbox, b.cells, b.source) if b.label in ("title", "section-header")
           and _BULLET_LEAD.match(texts[i]) else b for i, b in enumerate(raw)]
    body = _body_size(lines)
    raw = [RawBox("text", b.bbox, b.cells, b.source + "+sentence-tail") if b.label in ("title", "section-header")
           and _is_sentence_tail(texts[i], members[i], body) else b for i, b in enumerate(raw)]
    captions = attach_captions(raw, texts)
    rtl_chars = sum(len(ln.text) for ln in lines if ln.rtl)
    rtl = rtl_chars > 0.5 * max(1, sum(len(ln.text) for ln in lines))
    order = reading_order([(b.label, b.bbox) for b in raw], w, rtl=rtl, captions=captions)
    blocks = []
    for k, i in enumerate(order):
        b = raw[i]
        size = max((ln.size for ln in members[i]), default=body)
        blocks.append(
            Block(
                page=pno,
                bbox=Rect(*b.bbox),
                label=b.label,
                order=k,
                text=texts[i],
                level=heading_level(b.label, texts[i], size, body),
                cells=tuple(Rect(*c) for c in b.cells),
                source=b.source,
            )
        )
    return blocks


# --------------------------------------------------------------------------- sentences


def _with_sentences(blocks: list[Block], starts: list[tuple[int, tuple]]) -> list[Block]:
    """Attach to each block the sentences whose first word's centre lies in it."""
    if not starts:
        return blocks
    owned: dict[int, list[int]] = {}
    for idx, rect in starts:
        best = None
        for k, b in enumerate(blocks):
            if _center_in(rect, b.bbox.as_tuple(), tol=2.0) and (
                best is None or blocks[best].label == "picture" or b.bbox.area < blocks[best].bbox.area
            ):
                best = k
        if best is None:  # nearest block within a line height
            dists = [(_dist(rect, b.bbox.as_tuple()), k) for k, b in enumerate(blocks)]
            if dists:
                d, k = min(dists)
                if d <= 12:
                    best = k
        if best is not None:
            owned.setdefault(best, []).append(idx)
    from dataclasses import replace

    return [replace(b, sentences=tuple(owned.get(k, ()))) if k in owned else b for k, b in enumerate(blocks)]


def _dist(a: tuple, b: tuple) -> float:
    dx = max(b[0] - a[2], a[0] - b[2], 0.0)
    dy = max(b[1] - a[3], a[1] - b[3], 0.0)
    return (dx * dx + dy * dy) ** 0.5


def _sentence_starts(doc: Document) -> dict[int, list[tuple[int, tuple]]]:
    out: dict[int, list[tuple[int, tuple]]] = {}
    for s in doc.sentences:
        a = s.anchor
        if a.page is None or not a.rects:
            continue
        out.setdefault(a.page, []).append((s.index, a.rects[0].as_tuple()))
    return out


# --------------------------------------------------------------------------- public


def analyse_layout(
    pdf_path: str,
    doc: Document,
    pages: Sequence[int] | None = None,
    *,
    fast: bool = False,
    use_cache: bool = True,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> dict[int, list[Block]]:
    """Layout blocks of ``pages`` (default: all) of the PDF at ``pdf_path``.

    Run on one worker lane only (the model is not thread-safe). Checks ``cancel``
    between pages; results already computed are cached, so a cancelled run loses
    at most one page of work. Sixteen uncached pages or more are laid out on helper
    processes, one core each (:mod:`layout_parallel`), and read back from the cache.
    When every page is asked for, clause titles in the body's weight become headings
    (:func:`layout_run_in.plain_run_in_heads`: a question for the whole document, so
    neither cached per page nor answered for a few pages).
    """
    pdf = None
    furniture = None
    if not doc.id:  # a placeholder document (no content hash yet) must never share a cache entry
        use_cache = False
    try:
        if pages is None:
            if doc.pages:
                pages = range(len(doc.pages))
            else:
                pdf = _open(pdf_path, doc.id)
                pages = range(len(pdf))
        pages = list(pages)
        todo = [p for p in pages if not is_cached(doc.id, p, fast)] if use_cache else []
        helpers = helper_count(len(todo))
        if helpers and not has_password(pdf_path):
            # a long document: its pages go to helper processes, one core each, and are
            # read back from the cache below (pages a helper could not do are done here)
            try:
                layout_on_helpers(pdf_path, doc.id, todo, fast=fast, is_cached=lambda p: is_cached(doc.id, p, fast),
                                  progress=scaled(progress, 0.0, 0.95), cancel=cancel, helpers=helpers)
                progress = scaled(progress, 0.95, 1.0)
            except OSError as exc:  # no process could be started: this one does every page
                log.warning("layout helpers could not start, laying out in this process: %s", exc)
        starts = _sentence_starts(doc)
        result: dict[int, list[Block]] = {}
        for k, pno in enumerate(pages):
            check(cancel)
            blocks = read_cached(doc.id, pno, fast) if use_cache else None
            if blocks is None:
                if pdf is None:
                    pdf = _open(pdf_path, doc.id)
                if furniture is None:
                    from .layout_furniture import FurnitureIndex

                    furniture = FurnitureIndex(pdf)
                if not 0 <= pno < len(pdf):
                    raise StrataError(f"page {pno + 1} does not exist (the document has {len(pdf)} pages)")
                blocks = _analyse_and_cache(pdf, pno, doc.id, fast, furniture)
            if not blocks and _ocr_page(doc, pno):
                blocks = blocks_from_ocr(doc, pno)
            result[pno] = _with_sentences(blocks, starts.get(pno, []))
            report(progress, (k + 1) / len(pages), f"layout of page {pno + 1}")
        if doc.sentences and len(result) == len(doc.pages or result):
            from .layout_run_in import plain_run_in_heads

            result = plain_run_in_heads(doc, result)  # a question for all the pages at once
        return result
    finally:
        if pdf is not None:
            pdf.close()


def layout_pages_into_cache(pdf_path: str, doc_id: str, pages: Sequence[int], *, fast: bool = False,
                            cancel: CancelToken | None = None) -> None:
    """Analyse the uncached ``pages`` of the PDF and cache them (a helper process's whole job,
    :mod:`layout_parallel`)."""
    pdf = _open(pdf_path, doc_id)
    try:
        from .layout_furniture import FurnitureIndex

        furniture = FurnitureIndex(pdf)
        for pno in pages:
            check(cancel)
            if not is_cached(doc_id, pno, fast) and 0 <= pno < len(pdf):
                _analyse_and_cache(pdf, pno, doc_id, fast, furniture)
    finally:
        pdf.close()


def _analyse_and_cache(pdf: Any, pno: int, doc_id: str, fast: bool, furniture: Any) -> list[Block]:
    """One page's blocks, cached unless provisional (a heuristic stand-in for the model's)."""
    blocks = analyse_page(pdf, pno, fast=fast, furniture=furniture)
    if doc_id and not is_provisional(blocks):
        _write_cache(doc_id, pno, fast, blocks)
    return blocks


def _ocr_page(doc: Document, pno: int) -> bool:
    return 0 <= pno < len(doc.pages) and doc.pages[pno].ocr


def _open(path: str, doc_id: str = "") -> Any:
    """The PDF at ``path``, the version ``doc_id`` names (layout cached under that id must
    be of that version's pages)."""
    from .paged import open_paged

    try:
        pdf = open_paged(path, doc_id)
    except Exception as exc:
        raise StrataError(f"could not open {path} for layout analysis: {exc}") from exc
    if pdf.needs_pass:
        from .pdf_passwords import authenticate

        try:
            authenticate(pdf, path)  # with the password that opened it for reading
        except StrataError:
            pdf.close()
            raise StrataError("layout analysis cannot open this encrypted PDF (no password given)") from None
    return pdf


def document_outline(doc: Document, blocks: dict[int, list[Block]]):
    """See :func:`explorer.core.layout_outline.document_outline`."""
    from .layout_outline import document_outline as _impl

    return _impl(doc, blocks)


def warm_up(fast: bool = True) -> None:
    """Load the layout model(s) ahead of the first page (call on the layout lane)."""
    from .layout_model import warm_up as _w

    _w(fast)
