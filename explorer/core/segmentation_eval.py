"""Evaluation of automatic chapters against reference segmentations (Qt-free).

Folders follow ``../shared/data/segmentation``: one JSON per document with
``sentences`` (the units, used as given, never re-split), ``boundaries`` (indices of
units starting a segment, 0 excluded) and optional ``segment_titles``. The number
of segments is never given to the method. Baselines: no boundary, and an even
split with the true number of segments. A reference row, "known K", runs the same
method told the true number of segments (its price bisected to reach it): the gap
between it and the method is the cost of choosing the number of chapters, the gap
between it and zero the cost of placing them.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

import numpy as np

from .embedding import Embedder
from .progress import CancelToken, Progress, check, report
from .seg_metrics import boundary_f1, even_boundaries, pk, windowdiff

log = logging.getLogger(__name__)


@dataclass
class RefDoc:
    """One reference document: units, reference starts (0 excluded) and optional titles."""

    name: str
    units: list[str]
    boundaries: list[int]
    titles: list[str]
    times: Optional[list[float]] = None  # start time per unit, when known
    speakers: Optional[list[Optional[str]]] = None


def read_json_folder(folder: Path, limit: Optional[int] = None) -> Iterator[tuple[Path, dict]]:
    """``(path, data)`` for the first ``limit`` JSON files of ``folder`` by name; unreadable ones are skipped."""
    files = sorted(p for p in Path(folder).glob("*.json") if p.is_file())
    for p in files[:limit] if limit else files:
        try:
            yield p, json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("skipping %s: %s", p, exc)


def load_folder(folder: Path, limit: Optional[int] = None) -> list[RefDoc]:
    """Reference documents of a segmentation folder (first ``limit`` files by name)."""
    docs = []
    for p, data in read_json_folder(folder, limit):
        if "sentences" not in data or "boundaries" not in data:
            continue
        units = [str(s) for s in data["sentences"]]
        if not units:
            continue
        bounds = sorted({int(b) for b in data["boundaries"] if 0 < int(b) < len(units)})
        docs.append(RefDoc(p.stem, units, bounds, [str(t) for t in data.get("segment_titles") or []]))
    return docs


def _scores(ref: Sequence[int], hyp: Sequence[int], n: int) -> tuple[float, float, float]:
    return pk(ref, hyp, n), windowdiff(ref, hyp, n), boundary_f1(ref, hyp, n, tolerance=2)


def _mean(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    if not rows:
        return {"pk": float("nan"), "windowdiff": float("nan"), "f1": float("nan")}
    arr = np.array(rows)
    return {"pk": float(arr[:, 0].mean() * 100), "windowdiff": float(arr[:, 1].mean() * 100), "f1": float(arr[:, 2].mean())}


def evaluate_segmentation(
    folders: Iterable[Path],
    embedder: Embedder,
    *,
    limit: Optional[int] = None,
    granularity: int = 0,
    known_k: bool = False,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> dict:
    """Per-folder Pk / WindowDiff (percent) and boundary F1 (tolerance 2), with baselines
    (and the "known K" reference row when ``known_k``)."""
    from .segmentation import params_for, segment_units, segment_units_to_count

    params = params_for(embedder)  # MiniLM's defaults; e5's scatter scale under STRATA_EMBEDDER=e5
    out: dict[str, dict] = {}
    folders = list(folders)
    for fi, folder in enumerate(folders):
        docs = load_folder(Path(folder), limit)
        rows, none_rows, even_rows, known_rows = [], [], [], []
        chapters_found, chapters_true = [], []
        t0 = time.perf_counter()
        for di, doc in enumerate(docs):
            check(cancel)
            n = len(doc.units)
            vectors = embedder.encode(doc.units)
            seg = segment_units(doc.units, vectors, granularity=granularity, params=params)
            rows.append(_scores(doc.boundaries, seg.boundaries, n))
            none_rows.append(_scores(doc.boundaries, [], n))
            even_rows.append(_scores(doc.boundaries, even_boundaries(n, len(doc.boundaries) + 1), n))
            if known_k:
                told = segment_units_to_count(doc.units, vectors, len(doc.boundaries) + 1, params=params)
                known_rows.append(_scores(doc.boundaries, told, n))
            chapters_found.append(len(seg.boundaries) + 1)
            chapters_true.append(len(doc.boundaries) + 1)
            report(progress, (fi + (di + 1) / max(1, len(docs))) / len(folders), f"{Path(folder).name}: {di + 1}/{len(docs)}")
        entry = {"docs": len(docs), **_mean(rows)}
        entry["chapters_mean"] = float(np.mean(chapters_found)) if docs else 0.0
        entry["reference_chapters_mean"] = float(np.mean(chapters_true)) if docs else 0.0
        entry["seconds"] = round(time.perf_counter() - t0, 2)
        entry["baselines"] = {"none": _mean(none_rows), "even": _mean(even_rows)}
        if known_k:
            entry["baselines"]["known_k"] = _mean(known_rows)
        out[Path(folder).name] = entry
    return {"datasets": out}


def format_segmentation_table(result: dict) -> str:
    """A plain-text table of :func:`evaluate_segmentation` output."""
    lines = [
        f"{'dataset':<22}{'docs':>6}{'Pk':>7}{'WD':>7}{'F1':>6}{'K':>6}{'K_ref':>6}"
        f"  | {'none Pk':>8}{'WD':>6}  | {'even Pk':>8}{'WD':>6}{'F1':>6}"
        + ("  | known-K Pk    WD    F1" if any("known_k" in e["baselines"] for e in result["datasets"].values()) else "")
    ]
    for name, e in result["datasets"].items():
        b0, be = e["baselines"]["none"], e["baselines"]["even"]
        lines.append(
            f"{name:<22}{e['docs']:>6}{e['pk']:>7.1f}{e['windowdiff']:>7.1f}{e['f1']:>6.2f}"
            f"{e.get('chapters_mean', 0):>6.1f}{e.get('reference_chapters_mean', 0):>6.1f}"
            f"  | {b0['pk']:>8.1f}{b0['windowdiff']:>6.1f}  | {be['pk']:>8.1f}{be['windowdiff']:>6.1f}{be['f1']:>6.2f}"
            + (f"  | {bk['pk']:>10.1f}{bk['windowdiff']:>6.1f}{bk['f1']:>6.2f}" if (bk := e["baselines"].get("known_k")) else "")
        )
    return "\n".join(lines)
