"""VectorMirror over a layout with gone rows and a delta: filters and exactness a user would notice."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.core.index_mirror import Layout, VectorMirror, one_blas_thread


def _unit(n: int, dim: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _mirror():  # type: ignore[no-untyped-def]
    """600 layout rows (IVF, rows 0-99 gone) + 50 delta rows; table offset = 1000 + position."""
    x = _unit(600, 16, 0)
    layout = Layout.build(x, np.arange(600, dtype=np.uint64), ivf=True, nlist=12)
    pos = layout.keys.astype(np.int64)  # original row of each layout position
    rows = np.where(pos < 100, -1, 1000 + pos)
    docs = np.where(pos % 2 == 0, 0, 1).astype(np.int32)
    kinds = np.where(pos % 3 == 0, 1, 0).astype(np.int32)
    delta = _unit(50, 16, 1)
    m = VectorMirror.assemble(layout, rows, docs, kinds, ["even", "odd"], ["pdf", "transcript"], delta=delta,
                              delta_rows=np.arange(2000, 2050), delta_doc_codes=np.ones(50, np.int32),
                              delta_kind_codes=np.zeros(50, np.int32), nprobe=12)
    return m, x, delta


def test_gone_rows_are_never_returned_and_new_rows_are_found():
    m, x, delta = _mirror()
    assert m.n == 550
    for q in x[:100]:  # queries equal to gone rows
        got, _ = m.search(q, 10)
        assert not np.isin(got, 1000 + np.arange(100)).any()
    got, scores = m.search(delta[7], 3)
    assert got[0] == 2007 and abs(scores[0] - 1.0) < 1e-5


def test_all_lists_probed_is_exact_search_over_live_rows():
    m, x, delta = _mirror()
    live = np.vstack([x[100:], delta])
    offsets = np.concatenate([1000 + np.arange(100, 600), 2000 + np.arange(50)])
    for q in _unit(5, 16, 9):
        got, _ = m.search(q, 10)
        assert list(got) == list(offsets[np.argsort(-(live @ q))[:10]])


def test_document_and_kind_filters():
    m, x, delta = _mirror()
    q = _unit(1, 16, 5)[0]
    got, _ = m.search(q, 20, doc_id="even")
    assert len(got) == 20 and all(o < 2000 and (o - 1000) % 2 == 0 and o >= 1100 for o in got)
    got, _ = m.search(q, 400, doc_id="odd")
    assert sum(o >= 2000 for o in got) == 50  # the delta's rows belong to "odd"
    got, _ = m.search(q, 5, kind="transcript")
    assert all((o - 1000) % 3 == 0 for o in got)
    assert m.search(q, 5, doc_id="missing")[0].size == 0 and m.search(q, 5, kind="video")[0].size == 0


def test_a_query_limits_numpy_blas_only_while_it_runs():
    threadpool_info = pytest.importorskip("threadpoolctl").threadpool_info

    before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    with one_blas_thread():
        inside = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    assert min(inside) == 1
    assert [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"] == before
