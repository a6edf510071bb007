"""Scoring layout predictions against reference boxes (Qt-free, no PyMuPDF at import).

Reference folder schema (``layout_gt/normalized``): one JSON per source document with
``pdf`` (path relative to the data root, i.e. the folder above the reference folder's
parent, or to the reference folder itself), and ``pages`` of ``{page_no (1-based),
width, height, items: [{label, bbox [x0,y0,x1,y1] in PDF points, order}]}``.

Matching is greedy by IoU (highest first) at ``iou >= 0.5``, one-to-one, per page:
class-aware (labels must agree) for per-class and overall F1, class-agnostic for
the box-only F1 and for reading order. Reading order is Kendall's tau between the
reference order and the predicted order of the class-agnostic matches, pooled over
pages (concordant minus discordant pairs over all pairs), so pages with many blocks
weigh more, as they do for a reader.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import LAYOUT_CLASSES

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
# A predicted or reference item: (label, bbox, order)
Item = tuple[str, Box, int | None]


@dataclass
class RefPage:
    pdf: Path
    page: int  # 0-based
    width: float
    height: float
    items: list[Item]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    per_class: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in LAYOUT_CLASSES})
    agnostic: Counts = field(default_factory=Counts)
    concordant: int = 0
    discordant: int = 0
    pages: int = 0
    seconds: float = 0.0

    def overall(self) -> Counts:
        total = Counts()
        for c in self.per_class.values():
            total.add(c)
        return total

    @property
    def tau(self) -> float:
        n = self.concordant + self.discordant
        return (self.concordant - self.discordant) / n if n else 0.0

    def as_dict(self) -> dict:
        return {
            "overall_f1": round(self.overall().f1, 4),
            "class_agnostic_f1": round(self.agnostic.f1, 4),
            "picture_recall": round(self.per_class["picture"].recall, 4),
            "reading_order_tau": round(self.tau, 4),
            "per_class": {
                c: {
                    "precision": round(k.precision, 4),
                    "recall": round(k.recall, 4),
                    "f1": round(k.f1, 4),
                    "support": k.tp + k.fn,
                    "predicted": k.tp + k.fp,
                }
                for c, k in self.per_class.items()
            },
            "pages": self.pages,
            "pages_per_s": round(self.pages / self.seconds, 3) if self.seconds else None,
        }


def iou(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def match(
    ref: Sequence[Item], pred: Sequence[Item], threshold: float = 0.5, class_aware: bool = True
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by IoU; returns (ref index, pred index) pairs."""
    cands = []
    for i, (rl, rb, _) in enumerate(ref):
        for j, (pl, pb, _) in enumerate(pred):
            if class_aware and rl != pl:
                continue
            v = iou(rb, pb)
            if v >= threshold:
                cands.append((v, i, j))
    cands.sort(reverse=True)
    used_r: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i in used_r or j in used_p:
            continue
        used_r.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def score_page(score: Score, ref: Sequence[Item], pred: Sequence[Item], threshold: float = 0.5) -> None:
    """Add one page's counts to ``score``."""
    score.pages += 1
    for cls in LAYOUT_CLASSES:
        r = [it for it in ref if it[0] == cls]
        p = [it for it in pred if it[0] == cls]
        m = match(r, p, threshold, class_aware=True)
        score.per_class[cls].add(Counts(len(m), len(p) - len(m), len(r) - len(m)))
    m = match(ref, pred, threshold, class_aware=False)
    score.agnostic.add(Counts(len(m), len(pred) - len(m), len(ref) - len(m)))
    pairs = [(ref[i][2], pred[j][2]) for i, j in m if ref[i][2] is not None and pred[j][2] is not None]
    for a in range(len(pairs)):
        for b in range(a + 1, len(pairs)):
            dr = pairs[a][0] - pairs[b][0]
            dp = pairs[a][1] - pairs[b][1]
            if dr * dp > 0:
                score.concordant += 1
            elif dr * dp < 0:
                score.discordant += 1


def load_reference(folder: str | Path, limit: int | None = None) -> list[RefPage]:
    """Read every ``*.json`` of a reference folder (sorted by name; first ``limit`` files)."""
    from .errors import StrataError

    folder = Path(folder)
    if not folder.is_dir():
        raise StrataError(f"{folder} is not a folder of layout reference files")
    files = sorted(folder.glob("*.json"))
    if limit is not None:
        files = files[:limit]
    if not files:
        raise StrataError(f"{folder} holds no layout reference files (*.json)")
    out: list[RefPage] = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        pdf = _resolve_pdf(folder, data["pdf"])
        if pdf is None:
            log.warning("%s: PDF %s not found, skipped", f.name, data["pdf"])
            continue
        for p in data["pages"]:
            items = [(it["label"], tuple(float(v) for v in it["bbox"]), it.get("order")) for it in p["items"]]
            items = [it for it in items if it[0] in LAYOUT_CLASSES]
            out.append(RefPage(pdf, int(p["page_no"]) - 1, float(p["width"]), float(p["height"]), items))  # type: ignore[arg-type]
    return out


def _resolve_pdf(folder: Path, rel: str) -> Path | None:
    for base in (folder, folder.parent, folder.parent.parent, folder.parent.parent.parent):
        cand = (base / rel).resolve()
        if cand.is_file():
            return cand
    return None


Predictor = Callable[[Path, list[int]], dict[int, list[Item]]]


def evaluate(
    refs: Sequence[RefPage],
    predictors: dict[str, Predictor],
    threshold: float = 0.5,
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, Score]:
    """Run every predictor on the reference pages (grouped per PDF) and score them."""
    by_pdf: dict[Path, list[RefPage]] = {}
    for r in refs:
        by_pdf.setdefault(r.pdf, []).append(r)
    scores = {name: Score() for name in predictors}
    for k, (pdf, pages) in enumerate(by_pdf.items()):
        if progress:
            progress(k / max(1, len(by_pdf)), pdf.name)
        for name, predict in predictors.items():
            t0 = time.process_time()
            pred = predict(pdf, [p.page for p in pages])
            scores[name].seconds += time.process_time() - t0
            for p in pages:
                score_page(scores[name], p.items, pred.get(p.page, []), threshold)
    return scores


def format_table(name: str, score: Score) -> str:
    d = score.as_dict()
    lines = [
        f"{name}: pages={d['pages']} pages/s(cpu)={d['pages_per_s']}",
        (
            f"  overall F1 (class-aware) {d['overall_f1']:.3f}  class-agnostic F1 {d['class_agnostic_f1']:.3f}  "
            f"picture recall {d['picture_recall']:.3f}  reading-order tau {d['reading_order_tau']:.3f}"
        ),
        f"  {'class':<15}{'P':>7}{'R':>7}{'F1':>7}{'ref':>6}{'pred':>6}",
    ]
    for c, v in d["per_class"].items():
        if v["support"] or v["predicted"]:
            lines.append(
                f"  {c:<15}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{v['support']:>6}{v['predicted']:>6}"
            )
    return "\n".join(lines)


def iter_items(blocks: Iterable) -> list[Item]:
    """Blocks (model.Block) as scoring items."""
    return [(b.label, b.bbox.as_tuple(), b.order) for b in blocks]


def strata_predictor(fast: bool = False) -> Predictor:
    """Strata's full layout pipeline (no cache), as a predictor."""

    def predict(pdf_path: Path, pages: list[int]) -> dict[int, list[Item]]:
        import pymupdf

        from .layout import analyse_page
        from .layout_furniture import FurnitureIndex

        out: dict[int, list[Item]] = {}
        with pymupdf.open(pdf_path) as pdf:
            furniture = FurnitureIndex(pdf)
            for p in pages:
                out[p] = iter_items(analyse_page(pdf, p, fast=fast, furniture=furniture))
        return out

    return predict


def baseline_predictor() -> Predictor:
    """PyMuPDF's layout model alone (its own boxes, classes and order)."""

    def predict(pdf_path: Path, pages: list[int]) -> dict[int, list[Item]]:
        import pymupdf

        from .layout import to_layout_class
        from .layout_model import model_groups

        out: dict[int, list[Item]] = {}
        with pymupdf.open(pdf_path) as pdf:
            for p in pages:
                groups = model_groups(pdf[p]) or []
                out[p] = [(to_layout_class(g.label), g.bbox, k) for k, g in enumerate(groups)]
        return out

    return predict


def run(
    folder: str | Path,
    limit: int | None = None,
    threshold: float = 0.5,
    progress: Callable[[float, str], None] | None = None,
) -> dict:
    """Evaluate Strata and PyMuPDF alone on a reference folder; the ``--json`` object."""
    refs = load_reference(folder, limit)
    scores = evaluate(
        refs, {"strata": strata_predictor(), "baseline": baseline_predictor()}, threshold, progress
    )
    out = scores["strata"].as_dict()
    out["baseline"] = scores["baseline"].as_dict()
    out["iou_threshold"] = threshold
    out["files"] = len({r.pdf for r in refs})
    out["_scores"] = scores
    return out
