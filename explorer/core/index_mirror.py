"""An in-memory mirror of the chunk vectors for fast vector search.

LanceDB's flat scan over 100k x 384 vectors took ~300 ms here, numpy ~40 ms; both
are too slow for search-as-you-type at a million chunks. The mirror keeps the
vectors as float32 (float16 conversion cost more CPU per query than it saved) in a
:class:`Layout`, and:

* below ``EXACT_LIMIT`` rows scores every vector exactly (one matrix-vector product);
* above it uses an inverted-file index: spherical k-means centroids (about
  ``sqrt(n)`` lists, trained on a sample) with rows stored contiguously per list;
  a query scores the ``nprobe`` lists nearest to it exactly, one matrix-vector
  product per list, with no gather copy. Real embeddings are clustered, so a few
  percent of the rows hold the true top 10 (recall@10 is measured by
  ``bench/search.py``).

A table version differs from the one a layout was built for only by the rows of
the documents ingested or removed since. Instead of rebuilding, the mirror marks
the layout's rows that are gone as dead and scores the rows added since (the
*delta*) exactly; :mod:`index_mirror_store` decides when a re-layout pays and
persists layouts so a restart does not retrain. A document filter always scores
that document's rows exactly (they are few).
"""
from __future__ import annotations

import contextlib
import logging
import math
import os
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np

log = logging.getLogger(__name__)

EXACT_LIMIT = 50_000
MAX_PROBE = 32  # bench/search.py: 100k -> 31 of 316 lists (recall@10 0.976, 1.5 ms), 1M -> 32 of 1000 (0.979, 5.5 ms)


def default_nlist(n: int) -> int:
    return max(16, int(math.sqrt(n)))


def default_nprobe(nlist: int) -> int:
    return min(MAX_PROBE, max(8, nlist // 10))


def take_by_address(ds: Any, addresses: Sequence[int], columns: Sequence[str]) -> Any:
    """The rows of a Lance dataset at the given row addresses, in that order (a ``pyarrow.Table``).

    Uses the dataset's ``_take_rows`` (1 ms for 10 rows of a 100k table), which is not
    public API; where a pylance release lacks it, a scan filtered on ``_rowaddr``
    (public, slower) gives the same rows. An address the dataset no longer holds
    raises ``KeyError``.
    """
    addrs = [int(a) for a in addresses]
    take = getattr(ds, "_take_rows", None)
    if take is not None:
        return take(addrs, columns=list(columns))
    import pyarrow as pa

    if not addrs:
        return ds.schema.empty_table().select(list(columns))
    found = ds.to_table(columns=list(columns), filter=f"_rowaddr IN ({', '.join(map(str, sorted(set(addrs))))})",
                        with_row_address=True)
    where = {a: i for i, a in enumerate(found.column("_rowaddr").to_pylist())}
    missing = [a for a in addrs if a not in where]
    if missing:
        raise KeyError(f"row addresses not in the dataset: {missing[:5]}")
    return found.select(list(columns)).take(pa.array([where[a] for a in addrs], type=pa.int64()))


_blas: Any = None


def one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread.

    A query is a few dozen matrix-vector products of ~1,000 rows: OpenBLAS splits each
    over its threads, which then spin waiting for each other. On a shared 2-core
    machine that cost 8x the CPU time of one thread (bench/search.py at 1M: ~85 ms
    against ~10 ms per query). Only numpy's own BLAS is limited (not torch's), and only
    while the query runs; without ``threadpoolctl`` nothing is limited.
    """
    global _blas
    if _blas is None:
        try:
            from threadpoolctl import ThreadpoolController

            ctl = ThreadpoolController()
            here = os.path.dirname(os.path.dirname(np.__file__))
            mine = [lib for lib in ctl.lib_controllers if lib.user_api == "blas" and lib.filepath.startswith(here)
                    and "numpy" in lib.filepath]
            _blas = ctl.select(filepath=[lib.filepath for lib in mine]) if mine else ctl.select(user_api="blas")
        except Exception:  # noqa: BLE001 - optional: threadpoolctl missing or unsupported
            _blas = False
    if _blas is False:
        return contextlib.nullcontext()
    return _blas.limit(limits=1)


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


def _assign(x: np.ndarray, cent: np.ndarray, block: int = 32768) -> np.ndarray:
    out = np.empty(len(x), dtype=np.int32)
    for i in range(0, len(x), block):
        part = np.asarray(x[i : i + block], dtype=np.float32)
        out[i : i + block] = np.argmax(part @ cent.T, axis=1)
    return out


@dataclass
class Layout:
    """Vectors grouped by inverted list; the part of a mirror worth persisting.

    ``vectors[offsets[c]:offsets[c + 1]]`` are the rows of list ``c`` (one list, no
    centroids, when flat); ``keys`` identify each row across table versions (LanceDB
    row addresses in the app, positions in benchmarks). ``vectors`` may be a
    read-only memory map.
    """

    vectors: np.ndarray
    keys: np.ndarray
    offsets: np.ndarray
    centroids: Optional[np.ndarray] = None

    @property
    def n(self) -> int:
        return len(self.keys)

    @property
    def ivf(self) -> bool:
        return self.centroids is not None

    def lists(self, positions: np.ndarray) -> np.ndarray:
        """The list of each layout row at ``positions``."""
        return (np.searchsorted(self.offsets, positions, side="right") - 1).astype(np.int32)

    @classmethod
    def build(cls, vectors: np.ndarray, keys: np.ndarray, *, ivf: bool, nlist: Optional[int] = None,
              centroids: Optional[np.ndarray] = None, out: Optional[np.ndarray] = None,
              assign: Optional[np.ndarray] = None) -> "Layout":
        """Group ``vectors`` by nearest centroid (trained here unless given).

        ``assign`` gives the list of each row when already known (a re-layout keeps
        the lists of the rows it had: only new rows are compared with the centroids).
        ``out``, when given, receives the grouped vectors (e.g. a memory map being
        written to the cache) so a million rows are not held twice.
        """
        n = len(vectors)
        keys = np.asarray(keys, dtype=np.uint64)
        if not ivf or n == 0:
            if out is not None:
                out[:] = vectors
                vectors = out
            return cls(np.ascontiguousarray(vectors, dtype=np.float32), keys, np.array([0, n], np.int64), None)
        if centroids is None:
            k = min(nlist or default_nlist(n), n)
            sample = vectors[np.sort(np.random.default_rng(1).choice(n, size=min(n, 32 * k), replace=False))]
            centroids = _kmeans(np.asarray(sample, dtype=np.float32), k)
        if assign is None or len(assign) != n:
            assign = _assign(vectors, centroids)
        order = np.argsort(assign, kind="stable")
        counts = np.bincount(assign, minlength=len(centroids))
        dest = out if out is not None else np.empty((n, vectors.shape[1]), np.float32)
        for i in range(0, n, 65536):  # gather in blocks: no second full-size temporary
            dest[i : i + 65536] = vectors[order[i : i + 65536]]
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(dest, keys[order], offsets, np.asarray(centroids, np.float32))


class VectorMirror:
    """Vectors of one table version, with row metadata for filters.

    Built from raw arrays (``VectorMirror(vectors, doc_ids, kinds)``: keys are the
    positions, as in tests and benchmarks) or assembled by :mod:`index_mirror_store`
    from a layout, the table offset of each of its rows (-1: gone) and a delta.
    :meth:`search` returns table offsets.
    """

    def __init__(self, vectors: np.ndarray, doc_ids: Sequence[str], kinds: Sequence[str], *,
                 version: int = 0, exact_limit: int = EXACT_LIMIT, nlist: Optional[int] = None,
                 nprobe: Optional[int] = None) -> None:
        n = len(vectors)
        layout = Layout.build(np.asarray(vectors, np.float32).reshape(n, -1), np.arange(n, dtype=np.uint64),
                              ivf=n > exact_limit, nlist=nlist)
        docs, doc_codes = _codes(doc_ids)
        kinds_, kind_codes = _codes(kinds)
        order = layout.keys.astype(np.int64)
        self._assemble(layout, order, doc_codes[order], kind_codes[order], docs, kinds_, version=version, nprobe=nprobe)

    @classmethod
    def assemble(cls, layout: Layout, rows: np.ndarray, doc_codes: np.ndarray, kind_codes: np.ndarray,
                 docs: Sequence[str], kinds: Sequence[str], *, delta: Optional[np.ndarray] = None,
                 delta_rows: Optional[np.ndarray] = None, delta_doc_codes: Optional[np.ndarray] = None,
                 delta_kind_codes: Optional[np.ndarray] = None, version: int = 0,
                 nprobe: Optional[int] = None) -> "VectorMirror":
        """A mirror over ``layout`` (``rows[i]`` = table offset of layout row ``i``, -1 when gone)
        plus ``delta`` rows scored exactly."""
        m = cls.__new__(cls)
        m._assemble(layout, rows, doc_codes, kind_codes, np.asarray(docs, dtype=object), np.asarray(kinds, dtype=object),
                    delta=delta, delta_rows=delta_rows, delta_doc_codes=delta_doc_codes,
                    delta_kind_codes=delta_kind_codes, version=version, nprobe=nprobe)
        return m

    def _assemble(self, layout: Layout, rows: np.ndarray, doc_codes: np.ndarray, kind_codes: np.ndarray,
                  docs: np.ndarray, kinds: np.ndarray, *, delta: Optional[np.ndarray] = None,
                  delta_rows: Optional[np.ndarray] = None, delta_doc_codes: Optional[np.ndarray] = None,
                  delta_kind_codes: Optional[np.ndarray] = None, version: int = 0, nprobe: Optional[int] = None) -> None:
        self.layout = layout
        self.version = version
        self.dim = layout.vectors.shape[1] if layout.vectors.ndim == 2 else 0
        # rows of the layout (dead ones flagged) then the delta's, as one position space
        dim = self.dim or (delta.shape[1] if delta is not None and delta.ndim == 2 else 0)
        self.delta = np.zeros((0, dim), np.float32) if delta is None else np.ascontiguousarray(delta, np.float32)
        empty = np.zeros(0, np.int64)
        self.rows = np.concatenate([np.asarray(rows, np.int64), empty if delta_rows is None else np.asarray(delta_rows, np.int64)])
        self.doc_codes = np.concatenate([np.asarray(doc_codes, np.int32), np.asarray(empty if delta_doc_codes is None else delta_doc_codes, np.int32)])
        self.kind_codes = np.concatenate([np.asarray(kind_codes, np.int32), np.asarray(empty if delta_kind_codes is None else delta_kind_codes, np.int32)])
        self.dead = self.rows < 0
        self.any_dead = bool(self.dead[: layout.n].any())
        self.docs, self.kinds = docs, kinds
        self._doc_index = {str(d): i for i, d in enumerate(docs)}
        self.n = int(len(self.rows) - int(self.dead.sum()))
        self.ivf = layout.ivf
        self.centroids = layout.centroids
        self.offsets = layout.offsets
        self.nprobe = nprobe or (default_nprobe(len(layout.centroids)) if layout.ivf else 0)
        self._doc_positions: dict[int, np.ndarray] = {}

    def fetch(self, offsets: np.ndarray, columns: Sequence[str]) -> list[dict]:
        """The table rows at ``offsets`` (as returned by :meth:`search`), from the table
        version this mirror describes, by row address.

        LanceDB's ``take`` by offset scans the deletion files of every fragment (each
        re-ingest or removal leaves some): 11 ms CPU for 10 rows of a 100k table with
        one deletion, against 1 ms by address. Mirrors built from raw arrays have no
        table (``RuntimeError``).
        """
        ds, addresses = getattr(self, "dataset", None), getattr(self, "addresses", None)
        if ds is None or addresses is None:
            raise RuntimeError("this mirror was not built from a table")
        if not len(offsets):
            return []
        return take_by_address(ds, addresses[np.asarray(offsets, np.int64)], columns).to_pylist()

    # -- scoring ------------------------------------------------------------------------
    def _vectors_at(self, pos: np.ndarray) -> np.ndarray:
        main = pos < self.layout.n
        if main.all():
            return np.asarray(self.layout.vectors[pos], np.float32)
        out = np.empty((len(pos), self.dim or self.delta.shape[1]), np.float32)
        out[main] = self.layout.vectors[pos[main]]
        out[~main] = self.delta[pos[~main] - self.layout.n]
        return out

    def _positions_of_doc(self, code: int) -> np.ndarray:
        pos = self._doc_positions.get(code)
        if pos is None:
            pos = np.flatnonzero((self.doc_codes == code) & ~self.dead)
            self._doc_positions[code] = pos
        return pos

    def search(self, query: np.ndarray, k: int = 10, *, doc_id: Optional[str] = None,
               kind: Optional[str] = None, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (table offsets, cosine scores), best first."""
        with one_blas_thread():
            return self._search(query, k, doc_id=doc_id, kind=kind, exact=exact)

    def _search(self, query: np.ndarray, k: int, *, doc_id: Optional[str], kind: Optional[str],
                exact: bool) -> tuple[np.ndarray, np.ndarray]:
        none = (np.zeros(0, np.int64), np.zeros(0, np.float32))
        if self.n == 0:
            return none
        q = np.asarray(query, dtype=np.float32).ravel()
        kind_code = None
        if kind is not None:
            m = np.flatnonzero(self.kinds == kind)
            if not len(m):
                return none
            kind_code = int(m[0])
        if doc_id is not None:
            code = self._doc_index.get(str(doc_id))
            if code is None:
                return none
            pos = self._positions_of_doc(code)
            if kind_code is not None:
                pos = pos[self.kind_codes[pos] == kind_code]
            return self._top(pos, self._vectors_at(pos) @ q, k)
        nl = self.layout.n
        if not self.ivf or exact:
            pos_parts = [np.arange(nl)]
            score_parts = [self._dot_main(q)]
        else:
            cs = self.centroids @ q
            lists = np.argpartition(-cs, min(self.nprobe, len(cs) - 1))[: self.nprobe]
            bounds = [(int(self.offsets[c]), int(self.offsets[c + 1])) for c in lists]
            bounds = [(a, b) for a, b in bounds if b > a]
            pos_parts = [np.arange(a, b) for a, b in bounds]
            vecs = self.layout.vectors
            score_parts = [vecs[a:b] @ q for a, b in bounds]  # contiguous slices: no gather copy
        if len(self.delta):
            pos_parts.append(np.arange(nl, nl + len(self.delta)))
            score_parts.append(self.delta @ q)
        pos = np.concatenate(pos_parts) if pos_parts else np.zeros(0, np.int64)
        scores = np.concatenate(score_parts) if score_parts else np.zeros(0, np.float32)
        if kind_code is not None or self.any_dead:
            keep = ~self.dead[pos]
            if kind_code is not None:
                keep &= self.kind_codes[pos] == kind_code
            pos, scores = pos[keep], scores[keep]
        found = self._top(pos, scores, k)
        if len(found[0]) < k and self.ivf and not exact and (kind_code is not None or self.any_dead):
            return self._search(query, k, doc_id=None, kind=kind, exact=True)  # a rare kind or many gone rows: exact
        return found

    def _dot_main(self, q: np.ndarray, block: int = 262144) -> np.ndarray:
        v = self.layout.vectors
        if isinstance(v, np.memmap) or len(v) > block:
            out = np.empty(len(v), dtype=np.float32)
            for i in range(0, len(v), block):
                out[i : i + block] = v[i : i + block] @ q
            return out
        return v @ q

    def _top(self, pos: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if len(pos) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        if len(pos) > k:
            part = np.argpartition(-scores, k - 1)[:k]
        else:
            part = np.arange(len(pos))
        part = part[np.argsort(-scores[part], kind="stable")]
        return self.rows[pos[part]], scores[part].astype(np.float32)


def _codes(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    if len(values) == 0:
        return np.array([], dtype=object), np.zeros(0, np.int32)
    uniq, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
    return uniq.astype(object), codes.astype(np.int32)
