"""Keep a :class:`VectorMirror` in step with a LanceDB chunks table, cheaply.

Building the inverted-file layout of a million chunks (reading 1.5 GB of vectors,
training centroids, assigning every row) takes tens of seconds on a laptop; a
search after each ingest, or after each start of the app, must not pay that. So:

* **Incremental**: rows are identified by their LanceDB row address, which stays
  put until the table is compacted. A new table version is read without its vectors
  (addresses, document, kind, model); the layout's rows still present are mapped to
  their new offsets, rows gone are marked dead, and only rows added since are read
  (:func:`index_mirror.take_by_address`) and scored exactly as a delta. Rows a compaction moved are
  recognised by their vector bytes and keep their place. A re-layout happens when
  the delta or the dead rows pass a fraction of the layout; it keeps the trained
  centroids (while the size stays within 2x) and the lists of the rows it had, so
  only new rows are compared with the centroids.
* **Persistent**: an IVF layout is written to the cache dir (``vector-mirror/<hash of
  the table path>/``: vectors grouped by list as a ``.npy`` file opened as a memory
  map, row addresses, offsets, centroids) with the table version and model it was
  built from, so a restart maps it in milliseconds and catches up with the delta.
  A few rows are compared with the table's own vectors before a layout is trusted
  (a table rebuilt from scratch reuses addresses).

Rows embedded with another model than the embedder's are left out (re-ingest them); rows of
the same model on another engine (torch, onnxruntime) are used (embedding.vector_space).
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Optional

import numpy as np

from . import store
from .embedding import vector_space
from .index_mirror import EXACT_LIMIT, Layout, VectorMirror, default_nlist, take_by_address

log = logging.getLogger(__name__)

FORMAT = 1
DELTA_MIN = 20_000  # rows scored exactly besides the layout before a re-layout ...
DELTA_FRACTION = 0.05  # ... or this fraction of the layout, whichever is larger (1M: 50k rows, ~3 ms a query)
DEAD_FRACTION = 0.2  # re-layout when this fraction of the layout's rows is gone
CHECK_ROWS = 8  # rows compared with the table before a layout is trusted
_lock = threading.Lock()


def cache_folder(table_path: str) -> Path:
    """Where the layout of the table at ``table_path`` is persisted."""
    key = hashlib.sha1(os.path.abspath(table_path).encode("utf-8")).hexdigest()[:16]
    return store.cache_dir() / "vector-mirror" / key


def sync(ds: Any, *, model_id: str, dim: int, previous: Optional[VectorMirror] = None,
         table_path: Optional[str] = None, exact_limit: int = EXACT_LIMIT) -> VectorMirror:
    """The mirror of LanceDB dataset ``ds`` (``table.to_lance()``) at its current version.

    ``previous`` (the mirror of an earlier version) and the layout persisted for
    ``table_path`` are reused when they still describe the table's rows.
    """
    with _lock:
        return _sync(ds, model_id=model_id, dim=dim, previous=previous, table_path=table_path, exact_limit=exact_limit)


def _sync(ds: Any, *, model_id: str, dim: int, previous: Optional[VectorMirror], table_path: Optional[str],
          exact_limit: int) -> VectorMirror:
    import pyarrow.compute as pc

    t0 = time.perf_counter()
    version = int(ds.version)
    if previous is not None and previous.version == version:
        return previous
    meta = ds.to_table(columns=["doc_id", "kind", "model"], with_row_address=True, scan_in_order=True)
    addrs = meta.column("_rowaddr").to_numpy().astype(np.uint64)
    table_dim = int(ds.schema.field("vector").type.list_size)
    space = vector_space(model_id)  # the same model on another engine: comparable vectors
    same = pc.or_(pc.equal(meta.column("model"), space), pc.starts_with(meta.column("model"), space + "/"))
    ok = np.asarray(same.to_numpy(zero_copy_only=False), bool) if table_dim == dim else np.zeros(len(addrs), bool)
    if len(addrs) and not ok.all():
        log.warning("%d chunks were embedded with another model; re-ingest them to search them by meaning",
                    int((~ok).sum()))
    docs, doc_codes = _dict_codes(meta.column("doc_id"))
    kinds, kind_codes = _dict_codes(meta.column("kind"))
    offsets = np.flatnonzero(ok).astype(np.int64)  # table offsets of usable rows ...
    usable = addrs[ok]  # ... and their addresses
    folder = cache_folder(table_path) if table_path else None

    layout = None
    how = "built"
    if previous is not None and previous.layout.n and previous.dim == dim and getattr(previous, "model_id", None) == model_id:
        layout, how = previous.layout, "updated"
    elif folder is not None:
        layout = _load(folder, model_id=model_id, dim=dim, version=version)
        how = "loaded"
    match = _match(layout, usable) if layout is not None else None
    if match is not None and not _agrees(ds, layout, match[0]):
        log.info("vector mirror layout no longer matches the table; rebuilding")
        match = None
    delta = None
    if match is not None:
        rows_idx, new = match
        if len(new):
            delta = _read_vectors(ds, usable[new], dim, full=len(new) > len(usable) // 2)
            if (rows_idx < 0).any():  # rows a compaction moved keep their place in the lists
                rows_idx, new, delta = _rehome(layout, rows_idx, usable, new, delta, folder=folder, version=version)
        dead = int((rows_idx < 0).sum())
        if len(new) > max(DELTA_MIN, DELTA_FRACTION * layout.n) or dead > DEAD_FRACTION * layout.n:
            layout = _relayout(layout, rows_idx, usable, new, delta, dim=dim, exact_limit=exact_limit, folder=folder,
                               model_id=model_id, version=version)
            match, how, delta = _match(layout, usable), "re-laid out", None
        else:
            match = (rows_idx, new)
    if match is None:
        vecs = _read_vectors(ds, usable, dim, full=True)
        layout = _new_layout(vecs, usable, dim=dim, exact_limit=exact_limit, folder=folder, model_id=model_id,
                             version=version)
        del vecs
        match, how, delta = _match(layout, usable), "built", None
    rows_idx, new = match
    main_off = np.where(rows_idx >= 0, offsets[np.maximum(rows_idx, 0)], -1)
    main_doc = np.where(rows_idx >= 0, doc_codes[offsets[np.maximum(rows_idx, 0)]], -1)
    main_kind = np.where(rows_idx >= 0, kind_codes[offsets[np.maximum(rows_idx, 0)]], -1)
    m = VectorMirror.assemble(layout, main_off, main_doc, main_kind, docs, kinds, delta=delta,
                              delta_rows=offsets[new], delta_doc_codes=doc_codes[offsets[new]],
                              delta_kind_codes=kind_codes[offsets[new]], version=version)
    m.model_id = model_id  # type: ignore[attr-defined]
    m.dataset, m.addresses = ds, addrs  # type: ignore[attr-defined] # for VectorMirror.fetch
    log.info("vector mirror %s: %d chunks (%d in lists, %d delta, %d gone) at version %d in %.2fs", how, m.n,
             layout.n - int(m.dead[: layout.n].sum()), len(new), int(m.dead[: layout.n].sum()), version,
             time.perf_counter() - t0)
    return m


def _dict_codes(column: Any) -> tuple[np.ndarray, np.ndarray]:
    enc = column.combine_chunks().dictionary_encode()
    return (np.asarray(enc.dictionary.to_pylist(), dtype=object),
            enc.indices.to_numpy(zero_copy_only=False).astype(np.int32))


def _match(layout: Layout, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each layout row, its index in ``usable`` (-1: gone); indices of ``usable`` rows not in the layout."""
    order = np.argsort(usable, kind="stable")
    sorted_addr = usable[order]
    pos = np.searchsorted(sorted_addr, layout.keys)
    pos_c = np.minimum(pos, max(len(sorted_addr) - 1, 0))
    found = (pos < len(sorted_addr)) & (sorted_addr[pos_c] == layout.keys) if len(sorted_addr) else np.zeros(layout.n, bool)
    rows_idx = np.where(found, order[pos_c] if len(order) else 0, -1).astype(np.int64)
    seen = np.zeros(len(usable), bool)
    seen[rows_idx[found]] = True
    return rows_idx, np.flatnonzero(~seen)


def _read_vectors(ds: Any, addrs: np.ndarray, dim: int, *, full: bool = False) -> np.ndarray:
    """Vectors of the rows at ``addrs`` (all usable rows in scan order when ``full``)."""
    if len(addrs) == 0:
        return np.zeros((0, dim), np.float32)
    if full:
        data = ds.to_table(columns=["vector"], with_row_address=True, scan_in_order=True)
        col_addr = data.column("_rowaddr").to_numpy()
        vec = data.column("vector").combine_chunks().values.to_numpy(zero_copy_only=False).reshape(-1, dim)
        if len(col_addr) == len(addrs) and np.array_equal(col_addr, addrs):
            return vec
        idx = np.argsort(col_addr)
        return np.ascontiguousarray(vec[idx[np.searchsorted(col_addr[idx], addrs)]])
    parts = []
    for i in range(0, len(addrs), 50_000):
        data = take_by_address(ds, addrs[i : i + 50_000], ["vector"])
        parts.append(data.column("vector").combine_chunks().values.to_numpy(zero_copy_only=False).reshape(-1, dim))
    return np.ascontiguousarray(np.concatenate(parts), np.float32)


def _agrees(ds: Any, layout: Layout, rows_idx: np.ndarray) -> bool:
    """Do a few of the layout's rows still present hold the table's vectors at their addresses?"""
    present = np.flatnonzero(rows_idx >= 0)
    if len(present) == 0:
        return True
    pick = np.sort(np.random.default_rng().choice(present, size=min(CHECK_ROWS, len(present)), replace=False))
    try:
        data = take_by_address(ds, layout.keys[pick], ["vector"])
    except Exception:  # noqa: BLE001 - an address the table no longer has
        return False
    if data.num_rows != len(pick):
        return False
    got = data.column("vector").combine_chunks().values.to_numpy(zero_copy_only=False).reshape(len(pick), -1)
    return got.shape[1] == layout.vectors.shape[1] and bool(np.allclose(got, layout.vectors[pick], atol=1e-6))


def _new_layout(vecs: np.ndarray, keys: np.ndarray, *, dim: int, exact_limit: int, folder: Optional[Path],
                model_id: str, version: int, centroids: Optional[np.ndarray] = None,
                assign: Optional[np.ndarray] = None) -> Layout:
    n = len(vecs)
    if n <= exact_limit or folder is None:
        return Layout.build(vecs, keys, ivf=n > exact_limit, centroids=centroids, assign=assign)
    t0 = time.perf_counter()
    tmp = folder / f"layout-{uuid.uuid4().hex[:12]}"
    tmp.mkdir(parents=True, exist_ok=True)
    out = np.lib.format.open_memmap(tmp / "vectors.npy", mode="w+", dtype=np.float32, shape=(n, dim))
    layout = Layout.build(vecs, keys, ivf=True, centroids=centroids, out=out, assign=assign)
    out.flush()
    del out
    np.save(tmp / "keys.npy", layout.keys)
    np.save(tmp / "offsets.npy", layout.offsets)
    np.save(tmp / "centroids.npy", layout.centroids)
    store.atomic_write_json(folder / "current.json", {"format": FORMAT, "dir": tmp.name, "model": model_id, "dim": dim,
                                                      "rows": n, "version": version})
    for old in folder.glob("layout-*"):  # readers keep their maps of removed files (POSIX)
        if old != tmp:
            shutil.rmtree(old, ignore_errors=True)
    log.info("vector mirror layout of %d rows persisted in %.1fs", n, time.perf_counter() - t0)
    loaded = _load(folder, model_id=model_id, dim=dim, version=version)
    return loaded if loaded is not None else layout


def _load(folder: Path, *, model_id: str, dim: int, version: int) -> Optional[Layout]:
    info = store.read_json(folder / "current.json")
    if not isinstance(info, dict) or info.get("format") != FORMAT or info.get("model") != model_id \
            or info.get("dim") != dim or int(info.get("version", 1 << 62)) > version:
        return None
    d = folder / str(info.get("dir"))
    try:
        vectors = np.load(d / "vectors.npy", mmap_mode="r")
        keys = np.load(d / "keys.npy")
        offsets = np.load(d / "offsets.npy")
        centroids = np.load(d / "centroids.npy")
    except (OSError, ValueError) as exc:
        log.info("vector mirror layout unreadable (%s); rebuilding", exc)
        return None
    if vectors.shape != (len(keys), dim) or offsets[-1] != len(keys) or centroids.shape[1:] != (dim,):
        return None
    return Layout(vectors, keys.astype(np.uint64), offsets.astype(np.int64), centroids.astype(np.float32))


def _relayout(layout: Layout, rows_idx: np.ndarray, usable: np.ndarray, new: np.ndarray, delta: Optional[np.ndarray], *,
              dim: int, exact_limit: int, folder: Optional[Path], model_id: str, version: int) -> Layout:
    """A fresh layout of the usable rows: kept rows from the old layout plus the delta."""
    n = len(usable)
    keep = np.flatnonzero(rows_idx >= 0)
    centroids = layout.centroids
    if centroids is not None and not (0.5 <= len(centroids) / default_nlist(max(n, 1)) <= 2):
        centroids = None  # the library grew or shrank a lot: retrain
    vecs = np.empty((len(keep) + len(new), dim), np.float32)
    for i in range(0, len(keep), 65536):
        part = keep[i : i + 65536]
        vecs[i : i + len(part)] = layout.vectors[part]
    if len(new):
        vecs[len(keep):] = delta
    keys = np.concatenate([layout.keys[keep], usable[new]])
    assign = None
    if centroids is not None and n > exact_limit:  # kept rows keep their lists: only new rows are assigned
        from .index_mirror import _assign

        assign = np.concatenate([layout.lists(keep), _assign(vecs[len(keep):], centroids)])
    return _new_layout(vecs, keys, dim=dim, exact_limit=exact_limit, folder=folder, model_id=model_id,
                       version=version, centroids=centroids if n > exact_limit else None, assign=assign)


def _vector_hash(v: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row's bytes (equal vectors, equal hashes)."""
    words = np.ascontiguousarray(v, np.float32).view(np.uint32).astype(np.uint64)
    mult = (np.random.default_rng(7).integers(1, 2**62, size=words.shape[1], dtype=np.uint64) | np.uint64(1))
    with np.errstate(over="ignore"):
        return (words * mult).sum(axis=1, dtype=np.uint64) ^ (words[:, ::2] * mult[::2][::-1]).sum(axis=1, dtype=np.uint64)


def _occurrence(h: np.ndarray) -> np.ndarray:
    """``h`` made unique by the rank of each value among its equals (duplicate vectors pair one to one)."""
    order = np.argsort(h, kind="stable")
    hs = h[order]
    start = np.r_[0, np.flatnonzero(hs[1:] != hs[:-1]) + 1] if len(hs) else np.zeros(0, np.int64)
    rank = np.arange(len(hs)) - np.repeat(start, np.diff(np.r_[start, len(hs)]))
    out = np.empty_like(h)
    with np.errstate(over="ignore"):
        out[order] = hs + rank.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return out


def _rehome(layout: Layout, rows_idx: np.ndarray, usable: np.ndarray, new: np.ndarray, delta: np.ndarray, *,
            folder: Optional[Path], version: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Give the layout's gone rows the addresses of new rows holding the very same vector.

    A compaction rewrites rows to new addresses without changing them (and a document
    re-ingested unchanged gets its old vectors back); matching vector bytes keeps them
    in their lists instead of a re-layout. The layout's keys are updated (and persisted).
    """
    dead = np.flatnonzero(rows_idx < 0)
    hd = np.concatenate([_vector_hash(layout.vectors[dead[i : i + 65536]]) for i in range(0, len(dead), 65536)])
    hn = _vector_hash(delta)
    hd, hn = _occurrence(hd), _occurrence(hn)
    order = np.argsort(hd)
    pos = np.minimum(np.searchsorted(hd[order], hn), len(hd) - 1)
    hit = hd[order][pos] == hn
    if not hit.any():
        return rows_idx, new, delta
    src = dead[order[pos[hit]]]  # layout rows ...
    dst = new[hit]  # ... and the usable rows they become
    same = np.all(np.asarray(layout.vectors[np.sort(src)], np.float32) == delta[hit][np.argsort(src)], axis=1)
    src, dst = src[np.argsort(src)][same], dst[np.argsort(src)][same]
    keys = layout.keys.copy()
    keys[src] = usable[dst]
    layout.keys = keys
    rows_idx = rows_idx.copy()
    rows_idx[src] = dst
    moved = np.zeros(len(new), bool)
    moved[np.searchsorted(new, dst)] = True
    if folder is not None and _is_persisted(layout, folder):
        info = store.read_json(folder / "current.json") or {}
        np.save(folder / str(info["dir"]) / "keys.tmp.npy", keys)
        os.replace(folder / str(info["dir"]) / "keys.tmp.npy", folder / str(info["dir"]) / "keys.npy")
        store.atomic_write_json(folder / "current.json", {**info, "version": version})
    log.info("vector mirror: %d rows moved by a compaction kept their lists", len(src))
    return rows_idx, new[~moved], delta[~moved]


def _is_persisted(layout: Layout, folder: Path) -> bool:
    """Is ``layout`` the one mapped from ``folder``'s current files?"""
    info = store.read_json(folder / "current.json")
    v = layout.vectors
    return isinstance(info, dict) and isinstance(v, np.memmap) and v.filename is not None \
        and Path(v.filename).parent.name == info.get("dir")
