"""Segmentation and title metrics: Pk, WindowDiff, boundary F1 and ROUGE-L.

Conventions (shared with ``../shared/data/segmentation``): a segmentation of ``n``
units is given by its *boundaries*, the indices of the units that start a segment,
0 excluded. Unit ``i`` and unit ``i + k`` are in the same segment unless some
boundary ``b`` satisfies ``i < b <= i + k``.

* Pk (Beeferman et al. 1999) and WindowDiff (Pevzner and Hearst 2002) slide a probe
  of width ``k`` over the ``n - k`` positions; lower is better, reported here as a
  fraction in [0, 1] (the CLI prints percentages). ``k`` defaults to half the mean
  reference segment length, rounded half up, at least 1.
* Boundary F1 matches hypothesis to reference boundaries one to one within a
  tolerance (in units), closest pairs first.
* ROUGE-L F1 is the longest-common-subsequence F-measure over lower-cased word
  tokens (no stemming, no stop-word removal).
"""
from __future__ import annotations

import math
import re
from typing import Iterable, Sequence

import numpy as np

__all__ = [
    "default_k",
    "pk",
    "windowdiff",
    "boundary_f1",
    "boundary_prf",
    "rouge_l",
    "tokens",
    "even_boundaries",
]


def _clean(boundaries: Iterable[int], n: int) -> list[int]:
    return sorted({int(b) for b in boundaries if 0 < int(b) < n})


def default_k(reference: Sequence[int], n: int) -> int:
    """Half the mean reference segment length, rounded half up, at least 1."""
    segments = len(_clean(reference, n)) + 1
    return max(1, int(math.floor(n / segments / 2.0 + 0.5)))


def _cumulative(boundaries: Sequence[int], n: int) -> np.ndarray:
    """c[i] = number of boundaries b with b <= i (so boundaries in (i, j] = c[j] - c[i])."""
    marks = np.zeros(n, dtype=np.int64)
    for b in _clean(boundaries, n):
        marks[b] = 1
    return np.cumsum(marks)


def _window_counts(
    reference: Sequence[int], hypothesis: Sequence[int], n: int, k: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Boundaries inside each probe window ``(i, i + k]`` for reference and hypothesis."""
    k = default_k(reference, n) if k is None else max(1, int(k))
    k = min(k, n - 1)
    cr, ch = _cumulative(reference, n), _cumulative(hypothesis, n)
    i = np.arange(0, n - k)
    return cr[i + k] - cr[i], ch[i + k] - ch[i]


def pk(reference: Sequence[int], hypothesis: Sequence[int], n: int, k: int | None = None) -> float:
    """Probability that a probe of width ``k`` disagrees on "same segment or not"."""
    if n <= 1:
        return 0.0
    in_ref, in_hyp = _window_counts(reference, hypothesis, n, k)
    return float(np.mean((in_ref == 0) != (in_hyp == 0)))


def windowdiff(reference: Sequence[int], hypothesis: Sequence[int], n: int, k: int | None = None) -> float:
    """Fraction of windows of width ``k`` whose boundary counts differ."""
    if n <= 1:
        return 0.0
    in_ref, in_hyp = _window_counts(reference, hypothesis, n, k)
    return float(np.mean(in_ref != in_hyp))


def boundary_prf(
    reference: Sequence[int], hypothesis: Sequence[int], n: int | None = None, tolerance: int = 2
) -> tuple[float, float, float]:
    """Precision, recall and F1 of boundaries matched one to one within ``tolerance`` units.

    Both empty counts as perfect (1, 1, 1); exactly one empty gives 0 for F1.
    """
    ref = sorted(set(int(b) for b in reference)) if n is None else _clean(reference, n)
    hyp = sorted(set(int(b) for b in hypothesis)) if n is None else _clean(hypothesis, n)
    if not ref and not hyp:
        return 1.0, 1.0, 1.0
    if not ref or not hyp:
        return (0.0 if hyp else 1.0), (0.0 if ref else 1.0), 0.0
    pairs = sorted(
        (abs(r - h), ri, hi) for ri, r in enumerate(ref) for hi, h in enumerate(hyp) if abs(r - h) <= tolerance
    )
    used_r: set[int] = set()
    used_h: set[int] = set()
    for _, ri, hi in pairs:
        if ri not in used_r and hi not in used_h:
            used_r.add(ri)
            used_h.add(hi)
    matched = len(used_r)
    p = matched / len(hyp)
    r = matched / len(ref)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def boundary_f1(reference: Sequence[int], hypothesis: Sequence[int], n: int | None = None, tolerance: int = 2) -> float:
    """F1 of :func:`boundary_prf`."""
    return boundary_prf(reference, hypothesis, n, tolerance)[2]


def even_boundaries(n: int, segments: int) -> list[int]:
    """Boundaries splitting ``n`` units into ``segments`` pieces of (nearly) equal length."""
    segments = max(1, min(int(segments), n))
    return sorted({int(round(i * n / segments)) for i in range(1, segments)} - {0, n})


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits)."""
    return _TOKEN.findall(text.lower())


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 between two strings (0 when either has no tokens)."""
    c, r = tokens(candidate), tokens(reference)
    lcs = _lcs(c, r)
    if lcs == 0:
        return 0.0
    p, rec = lcs / len(c), lcs / len(r)
    return 2 * p * rec / (p + rec)
