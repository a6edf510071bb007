"""Access to PyMuPDF's layout model and to a page's text lines.

The layout model that ships with PyMuPDF 2.0 (``pymupdf-layout``, a graph network
over the page's text lines plus image features) is loaded once per process and is
**not thread-safe**: predictions are serialised here (one at a time, a fast
request for the page on screen ahead of queued background pages), and each caller
uses its own ``pymupdf.Document`` handle. Run layout on one worker lane.

Two variants:

* full: the model ``import pymupdf.layout`` activates (text + image features,
  ~0.4 s CPU per page);
* fast: the text-only ``rf`` model shipped beside it (~0.15 s CPU per page), without
  table-cell extraction (seconds on a dense table), used
  for the first page the user looks at and replaced by the full result later.

When the package is missing, :func:`model_groups` returns ``None`` and the caller
falls back to a font-size heuristic.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

from .loaders.pdf_arabic import fix_dict_lam_alef

log = logging.getLogger(__name__)

_lock = threading.Lock()  # model loading
_turn = threading.Condition()  # one prediction at a time; fast (on-screen) requests go first
_busy = False
_fast_waiting = 0
_fast_model: Any = None
_full_ok: bool | None = None


@dataclass
class Line:
    """One text line of the page: bbox, text, largest font size, bold, writing direction;
    ``lead``: the bbox and text of the bold words opening a line that goes on in another
    weight (a run-in heading: "4. Fees and Payment." before its clause), else None."""

    bbox: tuple[float, float, float, float]
    text: str
    size: float
    bold: bool = False
    rtl: bool = False
    lead: Optional[tuple[tuple[float, float, float, float], str]] = None


@dataclass
class RawBox:
    """A box from the model (or a heuristic) before post-processing."""

    label: str
    bbox: tuple[float, float, float, float]
    cells: list[tuple[float, float, float, float]] = field(default_factory=list)
    source: str = "model"


_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def page_lines(page: Any) -> list[Line]:
    """The page's horizontal-ish text lines with their largest font size."""
    out: list[Line] = []
    try:
        data = page.get_text("dict", flags=0)
    except Exception:  # a broken content stream must not stop layout
        log.exception("text extraction failed on page %s", getattr(page, "number", "?"))
        return out
    data = fix_dict_lam_alef(page, data, 0)  # outside the guard: our own errors must not read as "no text"
    for block in data.get("blocks", ()):
        if block.get("type") != 0:
            continue
        for line in block.get("lines", ()):
            spans = [s for s in line.get("spans", ()) if s.get("text", "").strip()]
            if not spans:
                continue
            text = "".join(s["text"] for s in line["spans"]).strip()
            size = max(float(s.get("size", 0.0)) for s in spans)
            weights = [bool((int(s.get("flags", 0)) & 16) or "bold" in str(s.get("font", "")).lower()) for s in spans]
            lead = None
            k = weights.index(False) if False in weights else len(weights)
            if 0 < k < len(weights):
                boxes = [s["bbox"] for s in spans[:k]]
                lead = ((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                         max(b[3] for b in boxes)), "".join(s["text"] for s in spans[:k]).strip())
            out.append(Line(tuple(line["bbox"]), text, size, all(weights), bool(_RTL.search(text)), lead))
    return out


def model_available() -> bool:
    """Whether PyMuPDF's layout model can be used (imports it on first call)."""
    global _full_ok
    if _full_ok is None:
        try:
            import pymupdf
            import pymupdf.layout

            _full_ok = callable(getattr(pymupdf, "_get_layout", None))
        except Exception as exc:  # noqa: BLE001 - ImportError or a broken ONNX runtime
            log.warning("PyMuPDF layout model unavailable (%s); using a font-size heuristic", exc)
            _full_ok = False
    return _full_ok


def _get_fast_model() -> Any:
    global _fast_model
    if _fast_model is None:
        from pymupdf.layout import DocumentLayoutAnalyzer

        # the text-only model needs neither the image-feature network nor a table-cell model:
        # a missing image model path skips loading it (half the load time, same predictions)
        _fast_model = DocumentLayoutAnalyzer.get_model(
            feature_set_name="rf",
            n_workers=1,
            imf_model_path="/nonexistent/strata-no-image-features.onnx",
            table_grid_model_ver="V1",
        )
        inner = getattr(_fast_model, "_model", None)
        if inner is not None and hasattr(inner, "table_grid_extractor"):
            inner.table_grid_extractor = None  # cells cost seconds on dense tables; the full pass brings them
    return _fast_model


def is_warm() -> bool:
    """Whether the fast model is loaded (a fast request then never waits for a model load)."""
    return _fast_model is not None and bool(_full_ok)


def warm_up(fast: bool = True) -> None:
    """Load the model(s) now (about 1 s each) so the first page is not kept waiting."""
    if model_available():
        with _lock:
            if fast:
                _get_fast_model()


def model_groups(page: Any, fast: bool = False) -> list[RawBox] | None:
    """Boxes from PyMuPDF's layout model, in the model's reading order, or ``None``."""
    if not model_available():
        return None
    import pymupdf

    _acquire(fast)
    try:
        if fast:
            with _lock:
                model = _get_fast_model()
            groups = model.predict(page, return_raw=True)
        else:
            groups = pymupdf._get_layout(page, return_raw=True)
    except Exception:
        log.exception("layout model failed on page %s", page.number)
        return None
    finally:
        _release()
    out: list[RawBox] = []
    for g in groups or ():
        x0, y0, x1, y1 = (float(v) for v in g["group_bbox"][:4])
        cells = _cells(g) if g.get("class_name") == "table" else []
        out.append(RawBox(str(g.get("class_name", "text")), (x0, y0, x1, y1), cells))
    return out


def _acquire(fast: bool) -> None:
    """Wait for the model. A fast request (the page on screen) overtakes queued full ones,
    so a background pass over a long document never keeps the first overlay waiting."""
    global _busy, _fast_waiting
    with _turn:
        if fast:
            _fast_waiting += 1
        try:
            while _busy or (not fast and _fast_waiting > 0):
                _turn.wait()
            _busy = True
        finally:
            if fast:
                _fast_waiting -= 1


def _release() -> None:
    global _busy
    with _turn:
        _busy = False
        _turn.notify_all()


def _cells(group: dict) -> list[tuple[float, float, float, float]]:
    """Table cells as rectangles: the union of the text boxes in each (row, col) slot."""
    boxes = group.get("bboxes") or []
    slots: dict[tuple[int, int], list[float]] = {}
    for c in group.get("table_cells") or ():
        try:
            b = boxes[c.bbox_idx]
            key = (int(c.row_start), int(c.col_start))
        except (AttributeError, IndexError, TypeError):
            continue
        r = slots.get(key)
        slots[key] = (
            [float(b[0]), float(b[1]), float(b[2]), float(b[3])]
            if r is None
            else [min(r[0], b[0]), min(r[1], b[1]), max(r[2], b[2]), max(r[3], b[3])]
        )
    return [tuple(v) for _, v in sorted(slots.items())]  # type: ignore[misc]


def heuristic_groups(lines: list[Line], width: float, height: float) -> list[RawBox]:
    """A cheap stand-in when the model is missing: paragraphs by line gaps, class by font size."""
    if not lines:
        return []
    sizes = sorted(round(l.size, 1) for l in lines)
    body = sizes[len(sizes) // 2]
    lines = sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0]))
    groups: list[list[Line]] = []
    for l in lines:
        g = groups[-1] if groups else None
        if g is not None:
            last = g[-1]
            gap = l.bbox[1] - last.bbox[3]
            same_col = min(l.bbox[2], last.bbox[2]) - max(l.bbox[0], last.bbox[0]) > 0
            if same_col and gap < 0.8 * max(l.size, 1.0) and abs(l.size - last.size) < 1.0:
                g.append(l)
                continue
        groups.append([l])
    out = []
    for g in groups:
        x0 = min(l.bbox[0] for l in g)
        y0 = min(l.bbox[1] for l in g)
        x1 = max(l.bbox[2] for l in g)
        y1 = max(l.bbox[3] for l in g)
        size = max(l.size for l in g)
        text = " ".join(l.text for l in g)
        if y1 < height * 0.07:
            label = "page-header"
        elif y0 > height * 0.93:
            label = "page-footer"
        elif size > body * 1.15 and len(g) <= 3 and len(text) < 150:
            label = "section-header"
        elif re.match(r"^\s*([\u2022\u25cf\u25aa\-\*\u2013]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s", text):
            label = "list-item"
        else:
            label = "text"
        out.append(RawBox(label, (x0, y0, x1, y1), source="heuristic"))
    return out
