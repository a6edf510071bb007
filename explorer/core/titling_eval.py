"""Evaluation of generated chapter titles against human titles, given the reference boundaries.

Sources: segmentation folders with ``segment_titles`` (units = ``sentences``) and
normalized transcript folders (``cues`` + ``chapters`` with start times; units =
cues, a chapter starts at the first cue at or after its time). Scores per chapter:
ROUGE-L F1 and the cosine of the two titles' MiniLM embeddings, averaged over all
chapters (micro), beside a first-sentence baseline and a plain-keyphrase baseline.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

from .embedding import Embedder
from .progress import CancelToken, check
from .seg_metrics import rouge_l
from .segmentation_eval import read_json_folder

log = logging.getLogger(__name__)

METHODS = ("full", "first_sentence", "keyphrase")


@dataclass
class TitledDoc:
    name: str
    title: str
    units: list[str]
    spans: list[tuple[int, int]]
    titles: list[str]
    spoken: bool


def _from_segmentation(name: str, data: dict) -> Optional[TitledDoc]:
    units = [str(s) for s in data.get("sentences") or []]
    titles = [str(t) for t in data.get("segment_titles") or []]
    bounds = sorted({int(b) for b in data.get("boundaries") or [] if 0 < int(b) < len(units)})
    if not units or len(titles) != len(bounds) + 1:
        return None
    edges = [0, *bounds, len(units)]
    spoken = data.get("unit") == "utterance"
    return TitledDoc(name, str(data.get("title") or ""), units, list(zip(edges, edges[1:])), titles, spoken)


def _from_transcript(name: str, data: dict) -> Optional[TitledDoc]:
    cues = data.get("cues") or []
    chapters = data.get("chapters") or []
    units = [str(c.get("text", "")) for c in cues]
    if not units or not chapters:
        return None
    starts = [float(c.get("start", 0.0)) for c in cues]
    edges, titles = [], []
    for ch in sorted(chapters, key=lambda c: float(c.get("start", 0.0))):
        t = float(ch.get("start", 0.0))
        idx = next((i for i, s in enumerate(starts) if s >= t - 1e-6), None)
        if idx is None:
            continue
        if edges and idx <= edges[-1]:
            continue
        if not edges:
            idx = 0
        edges.append(idx)
        titles.append(str(ch.get("title", "")))
    if not edges:
        return None
    edges.append(len(units))
    return TitledDoc(name, str(data.get("title") or ""), units, list(zip(edges, edges[1:])), titles, True)


def load_titled(folder: Path, limit: Optional[int] = None) -> list[TitledDoc]:
    out = []
    for p, data in read_json_folder(folder, limit):
        doc = _from_segmentation(p.stem, data) if "sentences" in data else _from_transcript(p.stem, data)
        if doc is not None:
            out.append(doc)
    return out


def dataset_name(folder: Path) -> str:
    folder = Path(folder)
    return f"{folder.parent.name}/{folder.name}" if folder.name in ("normalized", "original") else folder.name


def evaluate_titles(
    folders: Iterable[Path],
    embedder: Embedder,
    *,
    limit: Optional[int] = None,
    cancel: Optional[CancelToken] = None,
    examples: int = 0,
) -> dict:
    """Aggregate and per-dataset ROUGE-L / cosine for the product and the two baselines."""
    from .titling import title_units

    per_ds: dict[str, dict[str, list[tuple[float, float]]]] = {}
    samples: list[dict] = []
    folders = list(folders)
    per_folder = -(-examples // max(1, len(folders)))
    for folder in folders:
        quota = len(samples) + per_folder
        name = dataset_name(folder)
        rows: dict[str, list[tuple[float, float]]] = {m: [] for m in METHODS}
        for doc in load_titled(Path(folder), limit):
            check(cancel)
            vectors = embedder.encode(doc.units)
            refs = embedder.encode(doc.titles)
            for m in METHODS:
                got = title_units(doc.units, doc.spans, vectors, embedder, doc_title=doc.title, spoken=doc.spoken, method=m)
                gvec = embedder.encode(got)
                for i, (g, r) in enumerate(zip(got, doc.titles)):
                    rows[m].append((rouge_l(g, r), float(np.dot(gvec[i], refs[i]))))
                    if m == "full" and len(samples) < min(examples, quota) and i % 3 == 1:
                        samples.append({"dataset": name, "doc": doc.name, "generated": g, "human": r})
        per_ds[name] = rows

    def agg(rows: list[tuple[float, float]]) -> dict[str, float]:
        if not rows:
            return {"rougeL": float("nan"), "cosine": float("nan")}
        a = np.array(rows)
        return {"rougeL": round(float(a[:, 0].mean()), 4), "cosine": round(float(a[:, 1].mean()), 4)}

    all_rows = {m: [r for ds in per_ds.values() for r in ds[m]] for m in METHODS}
    out = {
        **agg(all_rows["full"]),
        "chapters": len(all_rows["full"]),
        "baselines": {"first_sentence": agg(all_rows["first_sentence"]), "keyphrase": agg(all_rows["keyphrase"])},
        "datasets": {
            name: {
                **agg(rows["full"]),
                "chapters": len(rows["full"]),
                "baselines": {"first_sentence": agg(rows["first_sentence"]), "keyphrase": agg(rows["keyphrase"])},
            }
            for name, rows in per_ds.items()
        },
    }
    if examples:
        out["examples"] = samples
    return out


def format_titles_table(result: dict) -> str:
    lines = [f"{'dataset':<34}{'chapters':>9}{'ROUGE-L':>9}{'cosine':>8}  | {'first R-L':>9}{'cos':>6}  | {'keyph R-L':>9}{'cos':>6}"]

    def row(name: str, e: dict) -> str:
        f, k = e["baselines"]["first_sentence"], e["baselines"]["keyphrase"]
        return (f"{name:<34}{e['chapters']:>9}{e['rougeL']:>9.3f}{e['cosine']:>8.3f}  | {f['rougeL']:>9.3f}{f['cosine']:>6.3f}"
                f"  | {k['rougeL']:>9.3f}{k['cosine']:>6.3f}")

    for name, e in result["datasets"].items():
        lines.append(row(name, e))
    lines.append(row("ALL", result))
    for ex in result.get("examples", []):
        lines.append(f"  [{ex['dataset']}] generated: {ex['generated']!r}  human: {ex['human']!r}")
    return "\n".join(lines)
