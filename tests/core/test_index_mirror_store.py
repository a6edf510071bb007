"""The vector mirror follows its LanceDB table: incremental updates, a persisted layout, stale layouts refused."""
from __future__ import annotations

import numpy as np
import pytest

from explorer.core import index_mirror_store as ims
from explorer.core.index_mirror import VectorMirror

DIM = 32
MODEL = "test-model"


def _clustered(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(99).normal(size=(30, DIM)).astype(np.float32)
    x = centres[rng.integers(0, 30, n)] + 0.4 * rng.normal(size=(n, DIM)).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _batch(doc: str, vecs: np.ndarray, model: str = MODEL, kind: str = "pdf"):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    n = len(vecs)
    return pa.table({
        "id": pa.array([f"{doc}:{i}" for i in range(n)]),
        "doc_id": pa.array([doc] * n),
        "kind": pa.array([kind] * n),
        "model": pa.array([model] * n),
        "vector": pa.FixedSizeListArray.from_arrays(pa.array(vecs.ravel()), DIM),
    })


@pytest.fixture()
def table(tmp_path):  # type: ignore[no-untyped-def]
    import lancedb

    db = lancedb.connect(str(tmp_path / "lib.lance"))
    tbl = db.create_table("chunks", _batch("doc0", _clustered(200, 0)))
    for d in range(1, 12):
        tbl.add(_batch(f"doc{d}", _clustered(200, d)))
    return tbl


def _exact(tbl, q: np.ndarray, k: int = 10) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    data = tbl.to_lance().to_table(columns=["id", "doc_id", "model", "vector"]).to_pylist()
    data = [r for r in data if r["model"] == MODEL]
    scores = np.array([np.dot(r["vector"], q) for r in data])
    return [data[i]["id"] for i in np.argsort(-scores)[:k]]


def _ids(tbl, m: VectorMirror, q: np.ndarray, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    offsets, _ = m.search(q, 10, **kw)
    return tbl.to_lance().take([int(o) for o in offsets], columns=["id"]).column("id").to_pylist()


def _sync(tbl, previous=None):  # type: ignore[no-untyped-def]
    ds = tbl.to_lance()
    return ims.sync(ds, model_id=MODEL, dim=DIM, previous=previous, table_path=ds.uri, exact_limit=500)


def _queries(n: int = 12) -> np.ndarray:
    return _clustered(n, 1234)


def _recall(tbl, m) -> float:  # type: ignore[no-untyped-def]
    hits = []
    for q in _queries():
        got = _ids(tbl, m, q)
        hits.append(len(set(got) & set(_exact(tbl, q))) / 10)
    return float(np.mean(hits))


def test_a_reingested_and_a_removed_document_update_the_mirror_without_a_rebuild(table):
    m1 = _sync(table)
    assert m1.ivf and m1.n == 2400
    assert _recall(table, m1) >= 0.9
    # re-ingest doc1 with new vectors (update + insert + delete in one commit), remove doc2, add doc9
    new1 = _clustered(250, 101)
    table.merge_insert("id").when_matched_update_all().when_not_matched_insert_all() \
        .when_not_matched_by_source_delete("doc_id = 'doc1'").execute(_batch("doc1", new1))
    table.delete("doc_id = 'doc2'")
    table.add(_batch("doc9", _clustered(40, 9)))
    m2 = _sync(table, previous=m1)
    assert m2.layout is m1.layout  # no re-layout: the delta is small
    assert m2.n == 2400 - 200 - 200 + 250 + 40
    for q in _queries():
        got = _ids(table, m2, q)
        assert not any(i.startswith("doc2:") for i in got)
    assert _recall(table, m2) >= 0.9
    # the re-ingested document's new rows are found (filtered search scores them exactly)
    got = _ids(table, m2, new1[7], doc_id="doc1")
    assert got[0] == "doc1:7"
    assert _ids(table, m2, new1[7], doc_id="doc2") == []


def test_a_restart_maps_the_persisted_layout_and_catches_up(table):
    m1 = _sync(table)
    table.add(_batch("doc9", _clustered(50, 9)))
    m2 = _sync(table)  # no previous mirror: a new process
    assert isinstance(m2.layout.vectors, np.memmap)
    assert m2.layout.n == m1.layout.n and len(m2.delta) == 50
    assert _recall(table, m2) >= 0.9


def test_a_table_rebuilt_from_scratch_does_not_reuse_a_stale_layout(table, tmp_path):
    _sync(table)
    import lancedb

    db = lancedb.connect(str(tmp_path / "lib.lance"))
    fresh = _clustered(2400, 555)
    tbl = db.create_table("chunks", _batch("docX", fresh), mode="overwrite")
    m = _sync(tbl)
    assert _recall(tbl, m) >= 0.9
    got = _ids(tbl, m, fresh[5])
    assert got[0] == "docX:5"


def test_rows_of_another_model_are_left_out(table):
    table.add(_batch("old", _clustered(20, 77), model="other-model"))
    m = _sync(table)
    assert m.n == 2400
    for q in _queries(5):
        assert not any(i.startswith("old:") for i in _ids(table, m, q))


def test_a_compaction_moves_rows_without_a_re_layout_or_a_rebuild_after_restart(table):
    m1 = _sync(table)
    before = set(m1.layout.keys.tolist())
    table.optimize()  # compaction rewrites the small fragments: the rows move
    addrs = table.to_lance().to_table(columns=["id"], with_row_address=True).column("_rowaddr").to_numpy()
    assert len(set(addrs.tolist()) - before) >= 2000
    m2 = _sync(table, previous=m1)
    assert m2.layout is m1.layout and len(m2.delta) == 0 and m2.n == 2400
    assert _recall(table, m2) >= 0.9
    m3 = _sync(table)  # a restart finds the moved addresses persisted
    assert len(m3.delta) == 0 and not m3.dead.any()
    assert _recall(table, m3) >= 0.9


def test_many_new_rows_re_lay_out_keeping_the_centroids(table, monkeypatch):
    monkeypatch.setattr(ims, "DELTA_MIN", 100)
    m1 = _sync(table)
    for d in range(20, 24):
        table.add(_batch(f"doc{d}", _clustered(200, d)))
    m2 = _sync(table, previous=m1)
    assert m2.layout is not m1.layout and len(m2.delta) == 0 and m2.n == 3200
    assert np.array_equal(m2.layout.centroids, m1.layout.centroids)
    assert _recall(table, m2) >= 0.9
    assert _ids(table, m2, _clustered(200, 21)[3])[0] == "doc21:3"


def test_fetch_returns_the_rows_searched_after_deletions(table):
    table.delete("doc_id = 'doc3'")
    m = _sync(table)
    q = _clustered(200, 5)[11]
    offsets, _ = m.search(q, 5)
    rows = m.fetch(offsets, ["id", "doc_id"])
    assert rows[0]["id"] == "doc5:11"
    assert [r["id"] for r in rows] == _ids(table, m, q)[:5]
    assert m.fetch(np.zeros(0, np.int64), ["id"]) == []


class _PublicOnly:
    """A Lance dataset seen through its public API only (a pylance without ``_take_rows``)."""

    def __init__(self, ds) -> None:  # type: ignore[no-untyped-def]
        self._ds = ds

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        if name == "_take_rows":
            raise AttributeError(name)
        return getattr(self._ds, name)


def test_rows_are_read_by_address_without_the_private_take(table):
    from explorer.core.index_mirror import take_by_address

    table.delete("doc_id = 'doc3'")  # addresses with a gap, over several fragments
    ds = table.to_lance()
    addrs = ds.to_table(columns=["id"], with_row_address=True).column("_rowaddr").to_pylist()
    want = [addrs[-1], addrs[5], addrs[900], addrs[5]]
    fast = take_by_address(ds, want, ["id", "vector"]).to_pylist()
    public = take_by_address(_PublicOnly(ds), want, ["id", "vector"]).to_pylist()
    assert public == fast and [r["id"] for r in public] == ["doc11:199", "doc0:5", "doc5:100", "doc0:5"]
    assert take_by_address(_PublicOnly(ds), [], ["id"]).num_rows == 0
    with pytest.raises(KeyError):
        take_by_address(_PublicOnly(ds), [addrs[0], 3 << 32 | 150], ["id"])  # doc3's rows are deleted

    # the mirror follows its table through the public API alone: incremental sync, then search
    m1 = ims.sync(_PublicOnly(ds), model_id=MODEL, dim=DIM, table_path=ds.uri, exact_limit=500)
    table.add(_batch("doc9", _clustered(40, 9)))
    ds2 = table.to_lance()
    m2 = ims.sync(_PublicOnly(ds2), model_id=MODEL, dim=DIM, previous=m1, table_path=ds2.uri, exact_limit=500)
    assert m2.n == 2400 - 200 + 40
    assert [r["id"] for r in m2.fetch(m2.search(_clustered(40, 9)[3], 1)[0], ["id"])] == ["doc9:3"]
