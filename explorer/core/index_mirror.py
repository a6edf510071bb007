"""An in-memory mirror of the chunk vectors for fast vector search.

LanceDB's flat scan over 100k x 384 vectors took ~300 ms here, numpy ~40 ms; both
are too slow for search-as-you-type at a million chunks. The mirror keeps the
vectors in memory (float32: converting float16 cost more CPU per query than it saved) and:

* below ``EXACT_LIMIT`` rows scores every vector exactly (one matrix-vector product);
* above it builds an inverted-file index: spherical k-means centroids (about
  ``sqrt(n)`` lists, trained on a sample) with rows stored contiguously per list,
  probes the ``nprobe`` lists nearest to the query and scores their rows exactly. Real embeddings are
  clustered, so a few percent of the rows hold the true top 10 (recall@10 is
  measured by ``bench/search.py``).

A document filter always scores that document's rows exactly (they are few).
The mirror is tied to one table version and rebuilt when the table changes.
"""
from __future__ import annotations

import logging
import math
from typing import Optional, Sequence

import numpy as np

log = logging.getLogger(__name__)

EXACT_LIMIT = 50_000


def _kmeans(x: np.ndarray, k: int, iters: int = 8, seed: int = 0) -> np.ndarray:
    """Spherical k-means (dot product) on unit rows of ``x``; returns unit centroids."""
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), size=k, replace=False)].astype(np.float32)
    for _ in range(iters):
        assign = _assign(x, cent)
        sums = np.zeros_like(cent)
        np.add.at(sums, assign, x)
        counts = np.bincount(assign, minlength=k)
        empty = counts == 0
        if empty.any():  # re-seed empty lists with random rows
            sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        cent = (sums / norms).astype(np.float32)
    return cent


def _assign(x: np.ndarray, cent: np.ndarray, block: int = 65536) -> np.ndarray:
    out = np.empty(len(x), dtype=np.int32)
    for i in range(0, len(x), block):
        part = np.asarray(x[i : i + block], dtype=np.float32)
        out[i : i + block] = np.argmax(part @ cent.T, axis=1)
    return out


class VectorMirror:
    """Vectors of one table version, with row metadata for filters.

    ``rows`` maps mirror positions back to table offsets; ``doc_codes``/``kind_codes``
    index ``docs``/``kinds``.
    """

    def __init__(self, vectors: np.ndarray, doc_ids: Sequence[str], kinds: Sequence[str], *,
                 version: int = 0, exact_limit: int = EXACT_LIMIT, nlist: Optional[int] = None,
                 nprobe: Optional[int] = None) -> None:
        n = len(vectors)
        self.version = version
        self.n = n
        self.dim = vectors.shape[1] if n else 0
        self.docs, doc_codes = np.unique(np.asarray(doc_ids, dtype=object).astype(str), return_inverse=True) if n else (np.array([]), np.zeros(0, int))
        self.kinds, kind_codes = np.unique(np.asarray(kinds, dtype=object).astype(str), return_inverse=True) if n else (np.array([]), np.zeros(0, int))
        self.ivf = n > exact_limit
        order = np.arange(n)
        if self.ivf:
            k = nlist or max(16, int(math.sqrt(n)))
            sample = vectors[np.random.default_rng(1).choice(n, size=min(n, 32 * k), replace=False)]
            self.centroids = _kmeans(np.asarray(sample, dtype=np.float32), k)
            assign = _assign(vectors, self.centroids)
            order = np.argsort(assign, kind="stable")
            counts = np.bincount(assign, minlength=k)
            self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            # bench/search.py: 100k -> 31 of 316 lists (recall@10 0.965), 1M -> 32 of 1000 (0.979)
            self.nprobe = nprobe or min(32, max(8, k // 10))
            self.vectors = np.ascontiguousarray(vectors[order], dtype=np.float32)
        else:
            self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.rows = order.astype(np.int64)  # mirror position -> table offset
        self.doc_codes = np.asarray(doc_codes, dtype=np.int32)[order]
        self.kind_codes = np.asarray(kind_codes, dtype=np.int32)[order]
        self._doc_positions: dict[int, np.ndarray] = {}

    def _positions_of_doc(self, code: int) -> np.ndarray:
        pos = self._doc_positions.get(code)
        if pos is None:
            pos = np.flatnonzero(self.doc_codes == code)
            self._doc_positions[code] = pos
        return pos

    def search(self, query: np.ndarray, k: int = 10, *, doc_id: Optional[str] = None,
               kind: Optional[str] = None, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (table offsets, cosine scores), best first."""
        if self.n == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        q = np.asarray(query, dtype=np.float32).ravel()
        if doc_id is not None:
            hit = np.searchsorted(self.docs, doc_id)
            if hit >= len(self.docs) or self.docs[hit] != doc_id:
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            pos = self._positions_of_doc(int(hit))
            if kind is not None:
                pos = pos[self.kinds[self.kind_codes[pos]] == kind]
            return self._top(pos, self.vectors[pos].astype(np.float32) @ q, k)
        kind_code = None
        if kind is not None:
            m = np.flatnonzero(self.kinds == kind)
            if not len(m):
                return np.zeros(0, np.int64), np.zeros(0, np.float32)
            kind_code = int(m[0])
        if not self.ivf or exact:
            scores = self._dot_all(q)
            pos = np.arange(self.n)
            if kind_code is not None:
                keep = self.kind_codes == kind_code
                pos, scores = pos[keep], scores[keep]
            return self._top(pos, scores, k)
        cs = self.centroids @ q
        lists = np.argpartition(-cs, min(self.nprobe, len(cs) - 1))[: self.nprobe]
        # score each probed list on its contiguous slice (no gather copy)
        parts = [(self.offsets[c], self.offsets[c + 1]) for c in lists if self.offsets[c + 1] > self.offsets[c]]
        pos = np.concatenate([np.arange(a, b) for a, b in parts])
        scores = np.concatenate([self.vectors[a:b] @ q for a, b in parts])
        if kind_code is not None:
            keep = self.kind_codes[pos] == kind_code
            pos, scores = pos[keep], scores[keep]
        found = self._top(pos, scores, k)
        if len(found[0]) < k and kind_code is not None:  # a rare kind: fall back to exact
            return self.search(query, k, kind=kind, exact=True)
        return found

    def _dot_all(self, q: np.ndarray, block: int = 262144) -> np.ndarray:
        if self.vectors.dtype == np.float32:
            return self.vectors @ q
        out = np.empty(self.n, dtype=np.float32)
        for i in range(0, self.n, block):
            out[i : i + block] = self.vectors[i : i + block].astype(np.float32) @ q
        return out

    def _top(self, pos: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if len(pos) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if len(pos) > k:
            part = np.argpartition(-scores, k - 1)[:k]
        else:
            part = np.arange(len(pos))
        part = part[np.argsort(-scores[part], kind="stable")]
        return self.rows[pos[part]], scores[part].astype(np.float32)
