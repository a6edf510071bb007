"""Offline sweep of the boundary price over the shared segmentation sets.

    python bench/seg_sweep.py cache [--embed]   # per-dataset numpy caches of the sentence embeddings
    python bench/seg_sweep.py path              # per-document solution path over a grid of price multipliers
    python bench/seg_sweep.py report            # what choosing the number of chapters can (and cannot) buy

``cache`` reads vectors from the embedding SQLite cache (``default_embedder``), taking
for each folder the longest prefix of documents (by file name, as ``--limit N``
does) whose units are all cached; ``--embed`` computes the missing ones (slow on a
shared CPU). ``path`` replays :func:`segment_units` (same weights, smoothing, cue
priors, cost table and price) for every document at prices ``m * base_penalty``
with ``m = 1.6 ** (j / 4)``, and stores each segmentation. ``report`` prints, per
dataset: the method as shipped (m = 1), the best single multiplier for that set, the
price chosen per document to hit the *reference* number of chapters ("true K"),
the best fraction ``c`` of the reference count (price chosen per document to give
``c * K_ref`` chapters, ``c`` in 0.5..1.2 picked per set: a bound on what any
estimator of the number of chapters could reach), the per-document oracle (best of
the grid, judged on the reference itself: an optimistic bound, not a reachable
target), the no-boundary baseline, and a leave-one-dataset-out check of a single
global multiplier.
"""
from __future__ import annotations

import argparse
import os
import pickle
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEG = Path(os.environ.get("STRATA_SHARED_DIR", ROOT.parent / "shared")) / "data" / "segmentation"
GRID = np.array([1.6 ** (j / 4) for j in range(-16, 13)])
I0 = 16  # index of m = 1


def _out() -> Path:
    from explorer.core.store import cache_dir

    p = cache_dir() / "seg_sweep"
    p.mkdir(parents=True, exist_ok=True)
    return p


def cmd_cache(embed: bool) -> None:
    from explorer.core.embedding import EmbeddingCache, default_embedder
    from explorer.core.segmentation_eval import load_folder

    emb = default_embedder()
    cache = EmbeddingCache()
    for folder in sorted(p for p in SEG.iterdir() if p.is_dir()):
        rows = []
        for doc in load_folder(folder):
            if embed:
                vec = np.asarray(emb.encode(doc.units), dtype=np.float32)
            else:
                got = cache.get_many(emb.model_id, doc.units)
                if len(got) < len(doc.units):
                    break
                vec = np.stack([got[i] for i in range(len(doc.units))]).astype(np.float32)
            rows.append((doc.name, doc.units, doc.boundaries, vec))
        with open(_out() / f"{folder.name}.pkl", "wb") as fh:
            pickle.dump(rows, fh)
        print(f"{folder.name}: {len(rows)} documents cached", flush=True)


def doc_path(units: list[str], vectors: np.ndarray) -> list[list[int]]:
    """Chapter starts of :func:`segment_units` at every price multiplier of ``GRID``."""
    from explorer.core import segmentation as S
    from explorer.core.segmentation_dp import solve

    n = len(units)
    table, prior, lam0 = S.content_programme(units, vectors)
    min_len = S.shortest_chapter(n)
    return [solve(table, S.boundary_price(lam0 * m, prior, n), min_len=min_len)[0] for m in GRID]


def cmd_path() -> None:
    from explorer.core.seg_metrics import pk, windowdiff

    for f in sorted(_out().glob("*.pkl")):
        if f.name.endswith(".path.pkl"):
            continue
        with open(f, "rb") as fh:
            rows = pickle.load(fh)
        res = []
        for name, units, ref, vec in rows:
            n = len(units)
            paths = doc_path(units, vec)
            res.append({
                "name": name, "n": n, "ref": ref,
                "pk": np.array([pk(ref, b, n) for b in paths]),
                "wd": np.array([windowdiff(ref, b, n) for b in paths]),
                "K": np.array([len(b) + 1 for b in paths]),
                "none": (pk(ref, [], n), windowdiff(ref, [], n)),
            })
        with open(f.with_suffix(".path.pkl"), "wb") as fh:
            pickle.dump(res, fh)
        print(f"{f.stem}: {len(res)} paths", flush=True)


def cmd_report() -> None:
    sets = {}
    for f in sorted(_out().glob("*.path.pkl")):
        with open(f, "rb") as fh:
            rows = pickle.load(fh)
        if rows:
            sets[f.name[: -len(".path.pkl")]] = rows
    print(f"{'dataset':<20}{'docs':>5} {'shipped Pk/WD':>14} {'best m':>7} {'Pk':>5} {'true-K Pk/WD':>13}"
          f" {'best c':>6} {'Pk':>5} {'oracle':>7} {'none Pk':>8} {'LODO m':>7} {'Pk/WD':>11}")
    pk_all = {k: np.array([r["pk"] for r in v]) for k, v in sets.items()}
    wd_all = {k: np.array([r["wd"] for r in v]) for k, v in sets.items()}
    for name, rows in sets.items():
        P, W = pk_all[name], wd_all[name]
        K = np.array([r["K"] for r in rows])
        kt = np.array([len(r["ref"]) + 1 for r in rows])
        # nearest K to the reference count, ties broken towards the shipped price
        tie = 1e-3 * np.abs(np.arange(len(GRID)) - I0)
        tk = np.array([np.argmin(np.abs(K[i] - kt[i]) + tie) for i in range(len(rows))])
        scaled = {c: P[np.arange(len(rows)), [np.argmin(np.abs(K[i] - c * kt[i]) + tie) for i in range(len(rows))]].mean()
                  for c in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2)}
        c_best = min(scaled, key=scaled.get)
        g = int(P.mean(0).argmin())
        others = [k for k in sets if k != name]
        lodo = int(np.mean([pk_all[k].mean(0) for k in others], axis=0).argmin())
        idx = np.arange(len(rows))
        none = np.array([r["none"] for r in rows]).mean(0) * 100
        print(f"{name:<20}{len(rows):>5} {P[:, I0].mean()*100:>6.1f}/{W[:, I0].mean()*100:<6.1f} {GRID[g]:>7.2f} "
              f"{P[:, g].mean()*100:>5.1f} {P[idx, tk].mean()*100:>6.1f}/{W[idx, tk].mean()*100:<6.1f} "
              f"{c_best:>6.1f} {scaled[c_best]*100:>5.1f} {P.min(1).mean()*100:>7.1f} {none[0]:>8.1f} {GRID[lodo]:>7.2f} "
              f"{P[:, lodo].mean()*100:>5.1f}/{W[:, lodo].mean()*100:<5.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["cache", "path", "report"])
    ap.add_argument("--embed", action="store_true", help="embed documents missing from the cache (slow)")
    a = ap.parse_args()
    {"cache": lambda: cmd_cache(a.embed), "path": cmd_path, "report": cmd_report}[a.what]()


if __name__ == "__main__":
    main()
