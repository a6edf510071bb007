"""How the words channel of segmentation was chosen: DCM prior, weight and price, checked
leave-one-dataset-out over the seven shared segmentation sets.

    python bench/seg_sweep.py cache                       # once: the sets' cached sentence vectors
    python bench/seg_lexical_sweep.py [--limit N] [--configs 0.5:1.5,1.0:1.5,0.5:0:...]

For every document and every ``theta:weight`` configuration (weight 0 = embeddings only)
it replays the shipped programme (:func:`segmentation.content_programme`: weights,
smoothing, cue priors, cost table) with the words channel set that way, and solves it at
prices ``m * alpha_shipped_base`` for ``m`` on a grid. Then, per configuration:

* ``in-sample``: the single ``m`` with the lowest Pk averaged over the sets (each set
  weighs the same), and every set's Pk / WindowDiff at that ``m``;
* ``held out``: for each set, ``m`` fitted on the other six, then that set's Pk / WD at
  it (``*`` marks a set that beats "no boundary" on both).

The shipped constants are theta 0.5, weight 1.5 and the ``alpha`` that makes ``m = 1``.
Figures at the time of writing (full folders): in-sample and held out agree,
choi 5.6, clinical 31.7, lectures 31.2, podcasts 38.8, qmsum 34.5, tinyrec 34.1,
wiki 33.0, every set beating "no boundary".
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GRID = np.array([1.6 ** (j / 8) for j in range(-8, 9)])


def _sets(limit: int | None) -> dict[str, list]:
    from explorer.core.store import cache_dir

    folder = cache_dir() / "seg_sweep"
    out = {}
    for f in sorted(folder.glob("*.pkl")):
        if f.name.endswith(".path.pkl"):
            continue
        with open(f, "rb") as fh:
            rows = pickle.load(fh)
        if rows:
            out[f.stem] = rows[:limit] if limit else rows
    if not out:
        raise SystemExit(f"no cached sets in {folder}: run `python bench/seg_sweep.py cache` first")
    return out


def _pk_grid(rows: list, theta: float, weight: float) -> np.ndarray:
    """(documents, grid, 2): Pk and WindowDiff of every document at every price multiplier."""
    from explorer.core import segmentation as S
    from explorer.core.seg_metrics import pk, windowdiff
    from explorer.core.segmentation_dp import solve

    params = dataclasses.replace(S.PARAMS, lexical_theta=theta, lexical_weight=weight)
    out = np.zeros((len(rows), len(GRID), 2))
    for i, (_, units, ref, vec) in enumerate(rows):
        n = len(units)
        table, prior, lam0 = S.content_programme(units, np.asarray(vec, dtype=np.float64), params)
        for j, m in enumerate(GRID):
            starts = solve(table, S.boundary_price(lam0 * m, prior, n, params), min_len=S.shortest_chapter(n))[0]
            out[i, j] = (pk(ref, starts, n), windowdiff(ref, starts, n))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    ap.add_argument("--configs", default="0.5:1.5,0.5:1.0,0.5:2.0,1.0:1.5,0.5:0",
                    help="comma-separated theta:weight pairs (weight 0: embeddings only)")
    a = ap.parse_args()
    from explorer.core.seg_metrics import pk, windowdiff

    sets = _sets(a.limit)
    none = {s: np.mean([[pk(r[2], [], len(r[1])), windowdiff(r[2], [], len(r[1]))] for r in rows], 0)
            for s, rows in sets.items()}
    for conf in a.configs.split(","):
        theta, weight = (float(v) for v in conf.split(":"))
        per_set = {s: _pk_grid(rows, theta, weight).mean(0) for s, rows in sets.items()}  # (grid, 2)
        names = list(per_set)

        def best_m(fit_on: list[str]) -> int:
            return int(np.argmin(np.mean([per_set[s][:, 0] for s in fit_on], 0)))

        j = best_m(names)
        print(f"theta {theta} weight {weight}: in-sample m = {GRID[j]:.2f}: " + "  ".join(
            f"{s} {100 * per_set[s][j, 0]:.1f}/{100 * per_set[s][j, 1]:.1f}" for s in names), flush=True)
        cells = []
        for s in names:
            k = best_m([o for o in names if o != s])
            p, w = per_set[s][k]
            mark = "*" if p < none[s][0] and w < none[s][1] else " "
            cells.append(f"{s} {100 * p:.1f}/{100 * w:.1f}{mark}(m {GRID[k]:.2f})")
        print("  held out: " + "  ".join(cells), flush=True)
    print("no boundary: " + "  ".join(f"{s} {100 * v[0]:.1f}" for s, v in none.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
