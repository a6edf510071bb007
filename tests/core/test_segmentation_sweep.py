"""The offline price sweep (bench/seg_sweep.py) must replay the shipped method exactly.

If ``segment_units`` changes (weights, smoothing, priors, price) and the sweep does
not follow, every figure the sweep prints about choosing the number of chapters
would describe a different method; this test catches that.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from explorer.core.segmentation import GRANULARITY_STEP, segment_units

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "seg_sweep.py"


def _sweep():
    spec = importlib.util.spec_from_file_location("seg_sweep", _BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _doc(seed: int = 1):
    rng = np.random.default_rng(seed)
    vecs, texts = [], []
    for k, m in enumerate([14, 9, 20, 11]):
        c = rng.normal(size=32)
        v = c / np.linalg.norm(c) + 1.1 * rng.normal(size=(m, 32)) / np.sqrt(32)
        vecs.append(v / np.linalg.norm(v, axis=1, keepdims=True))
        texts += [("So next let's talk about it " if i == 0 and k == 2 else "") + f"plain words in sentence {i} here"
                  for i in range(m)]
    return texts, np.concatenate(vecs)


def test_sweep_path_matches_segment_units_at_every_granularity():
    sweep = _sweep()
    texts, x = _doc()
    paths = sweep.doc_path(texts, x)
    # granularity g is the price multiplier GRANULARITY_STEP ** -g, i.e. grid index I0 - 4 g
    assert abs(sweep.GRID[sweep.I0] - 1.0) < 1e-12
    for g in (-2, -1, 0, 1, 2):
        j = sweep.I0 - 4 * g
        assert abs(sweep.GRID[j] - GRANULARITY_STEP ** (-g)) < 1e-9
        assert paths[j] == segment_units(texts, x, granularity=g).boundaries
    counts = [len(p) for p in paths]
    assert counts == sorted(counts, reverse=True)  # dearer boundaries never give more chapters
