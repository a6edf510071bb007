"""Globally optimal linear segmentation by dynamic programming over bounded windows.

The cost of a segment ``[a, b)`` is its weighted within-segment scatter

    C(a, b) = sum_i w_i |x_i|^2 - |sum_i w_i x_i|^2 / sum_i w_i

(the k-means objective restricted to contiguous segments). The optimal partition
minimises ``sum C + sum penalty[start]`` over segmentations whose segments are at most
``max_len`` units long, so time and memory are O(n * max_len), never O(n^2) for long
inputs. Costs are computed once (:class:`CostTable`) and reused by every penalty a
caller tries, which makes searching over penalties (granularity, choosing the
number of chapters) cheap.
"""
from __future__ import annotations

import numpy as np


class CostTable:
    """Segment costs ``C(a, b)`` for ``b - max_len <= a < b``, stored as ``cost[b, b - a - 1]``."""

    def __init__(self, vectors: np.ndarray, weights: np.ndarray | None = None, max_len: int | None = None) -> None:
        x = np.asarray(vectors, dtype=np.float64)
        n = x.shape[0]
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
        self.n = n
        self.max_len = n if max_len is None else max(1, min(int(max_len), n))
        wx = x * w[:, None]
        s = np.zeros((n + 1, x.shape[1]))
        np.cumsum(wx, axis=0, out=s[1:])
        q = np.zeros(n + 1)
        np.cumsum(w * np.einsum("ij,ij->i", x, x), out=q[1:])
        ww = np.zeros(n + 1)
        np.cumsum(w, out=ww[1:])
        self.total = float(q[n] - (s[n] @ s[n]) / max(ww[n], 1e-12))
        self.total_weight = float(ww[n])
        L = self.max_len
        cost = np.full((n + 1, L), np.inf)
        sq = np.einsum("ij,ij->i", s, s)
        block = 256
        for b0 in range(1, n + 1, block):  # one matrix product per block of segment ends
            b1 = min(n + 1, b0 + block)
            a0 = max(0, b0 - L)
            gram = s[a0:b1] @ s[b0:b1].T  # gram[a - a0, b - b0] = s[a] . s[b]
            for b in range(b0, b1):
                lo = max(0, b - L)
                a = np.arange(b - 1, lo - 1, -1)
                dots = gram[a - a0, b - b0]
                num = sq[b] + sq[a] - 2.0 * dots
                den = np.maximum(ww[b] - ww[a], 1e-12)
                cost[b, : b - lo] = np.maximum(q[b] - q[a] - num / den, 0.0)
        self.cost = cost

    def segment_cost(self, a: int, b: int) -> float:
        return float(self.cost[b, b - a - 1])


def solve(
    table: CostTable,
    penalty: np.ndarray,
    *,
    min_len: int = 1,
    lo: int = 0,
    hi: int | None = None,
) -> tuple[list[int], float]:
    """Optimal segment starts (excluding ``lo``) for units ``[lo, hi)``.

    ``penalty[a]`` is the price of starting a segment at unit ``a`` (``inf`` forbids
    it); the first segment starts at ``lo`` for free. Segments are at least
    ``min_len`` units long where the range allows it.
    """
    hi = table.n if hi is None else hi
    n = hi - lo
    if n <= 0:
        return [], 0.0
    L = table.max_len
    min_len = max(1, min(min_len, n))
    f = np.full(n + 1, np.inf)
    f[0] = 0.0
    back = np.zeros(n + 1, dtype=np.int64)
    pen = np.asarray(penalty, dtype=np.float64)
    for j in range(1, n + 1):
        b = lo + j
        start_lo = max(0, j - L)
        start_hi = j - min_len
        if start_hi < start_lo:
            if j == n:  # short tail: allow merging into one segment from the best start available
                start_hi = start_lo
            else:
                continue
        a_rel = np.arange(start_lo, start_hi + 1)
        a_abs = a_rel + lo
        cols = b - a_abs - 1
        extra = np.where(a_rel == 0, 0.0, pen[a_abs])
        cand = f[a_rel] + table.cost[b, cols] + extra
        k = int(np.argmin(cand))
        f[j] = cand[k]
        back[j] = a_rel[k]
    if not np.isfinite(f[n]):
        # Constraints unsatisfiable (e.g. forbidden everywhere within max_len): fall back to min_len 1.
        if min_len > 1:
            return solve(table, np.where(np.isfinite(pen), pen, 1e18), min_len=1, lo=lo, hi=hi)
        return [], float("inf")
    starts = []
    j = n
    while j > 0:
        a = int(back[j])
        if a > 0:
            starts.append(a + lo)
        j = a
    return sorted(starts), float(f[n])
