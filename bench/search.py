"""Vector search latency and recall at 100k and 1M chunks, all systems in one run.

    HF_HUB_OFFLINE=1 nice -n 10 .venv/bin/python bench/search.py [--sizes 100000,1000000] [--queries 200]

Vectors are *clustered like real ones*: real MiniLM embeddings of sentences of the
shared COVID-QA papers (``--base`` of them, from the embedding cache after the first
run), tiled to the target size with small Gaussian noise; queries are the embedded
COVID-QA questions. Uniform random vectors would be product quantisation's worst
case and say little about real libraries.

Systems, per size:
* ``numpy``: brute force float32 ``X @ q`` + argpartition (the exact reference);
* ``lancedb-flat``: ``table.search(q)`` without an index (exact);
* ``lancedb-ann``: a LanceDB index (``--ann-type``, IVF_PQ by default: sqrt(n)
  partitions, 48 sub-vectors), ``nprobes`` and ``refine_factor`` swept for recall;
* ``strata``: what ``explorer.core.search`` uses: the mirror built by
  :func:`index_mirror_store.sync` from the LanceDB table itself (exact below 50k
  rows, IVF above, layout persisted), timed after a "restart" (the persisted layout
  mapped) and an incremental update (one document re-ingested, one removed), so
  the recall reference skips the removed rows; ``strata-full`` adds fetching the 10
  result rows from LanceDB (``vector_rows`` minus encoding the query text).
Prints p50/p95 wall latency (ms), the median CPU time per query of this process (all
its threads; steadier than wall time on a shared machine) and recall@10 against
numpy; the mirror's build, restart and update times; resident memory after the
mirror (anonymous and file-backed); the index size per 1,000 chunks for the bench
table and for a real library (text, anchors, full-text index).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("STRATA_SHARED_DIR", ROOT.parent / "shared")) / "data"


def base_vectors(n_base: int, n_queries: int) -> tuple[np.ndarray, np.ndarray]:
    from explorer.core.embedding import default_embedder
    from explorer.core.sentences import split_sentences

    emb = default_embedder()
    texts: list[str] = []
    queries: list[str] = []
    with open(SHARED / "retrieval/covidqa/docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            texts.extend(split_sentences(json.loads(line)["text"]))
            if len(texts) >= n_base:
                break
    with open(SHARED / "retrieval/covidqa/queries.jsonl", encoding="utf-8") as fh:
        queries = [json.loads(line)["query"] for line in fh][:n_queries]
    return emb.encode(texts[:n_base]), emb.encode(queries)


def tile(base: np.ndarray, n: int, sigma: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for i in range(0, n, 100_000):
        m = min(n, i + 100_000) - i
        part = base[(np.arange(i, i + m)) % len(base)] + rng.normal(0, sigma / np.sqrt(base.shape[1]), (m, base.shape[1])).astype(np.float32)
        out[i : i + m] = part / np.linalg.norm(part, axis=1, keepdims=True)
    return out


CPU_MS: list[float] = []  # CPU ms per query of the last timed() call (steadier than wall time on a shared machine)


def timed(fn, queries, repeat_cap: int | None = None) -> tuple[list[np.ndarray], np.ndarray]:
    res, times = [], []
    CPU_MS.clear()
    for q in queries[:repeat_cap] if repeat_cap else queries:
        t, c = time.perf_counter(), time.process_time()
        res.append(fn(q))
        times.append(1000 * (time.perf_counter() - t))
        CPU_MS.append(1000 * (time.process_time() - c))
    return res, np.array(times)


def cpu50() -> float:
    return float(np.percentile(CPU_MS, 50)) if CPU_MS else float("nan")


def recall(got: list[np.ndarray], exact: list[np.ndarray]) -> float:
    return float(np.mean([len(set(map(int, g[:10])) & set(map(int, e[:10]))) / 10 for g, e in zip(got, exact)]))


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_size(n: int, base: np.ndarray, queries: np.ndarray, args: argparse.Namespace, work: Path) -> dict:
    import lancedb
    import pyarrow as pa

    out: dict = {"n": n}
    x = tile(base, n, args.sigma)
    dim = x.shape[1]

    def numpy_exact(q):  # noqa: ANN001
        s = x @ q
        top = np.argpartition(-s, 10)[:10]
        return top[np.argsort(-s[top])]

    exact, t = timed(numpy_exact, queries)
    out["numpy"] = {"p50": float(np.percentile(t, 50)), "p95": float(np.percentile(t, 95)), "cpu_p50": cpu50(), "recall@10": 1.0}

    path = work / f"bench-{n}.lance"
    db = lancedb.connect(str(path))
    ids = np.arange(n)
    t0 = time.perf_counter()
    tbl = None
    for i in range(0, n, 200_000):
        j = min(n, i + 200_000)
        batch = pa.table({
            "id": pa.array(ids[i:j].astype(str)),
            "doc_id": pa.array(np.char.add("d", (ids[i:j] // 200).astype(str))),
            "kind": pa.array(["pdf"] * (j - i)),
            "model": pa.array(["hashing-%d" % dim] * (j - i)),
            "start": pa.array(ids[i:j].astype(np.int32)),
            "end": pa.array((ids[i:j] + 1).astype(np.int32)),
            "text": pa.array(["x"] * (j - i)),
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(x[i:j].ravel()), dim),
        })
        if tbl is None:
            tbl = db.create_table("chunks", batch)
        else:
            tbl.add(batch)
    out["lance_write_s"] = time.perf_counter() - t0
    out["bench_table_bytes_per_1000"] = dir_size(path) / n * 1000
    m, exact = strata_mirror(tbl, n, dim, x, queries, exact, out)  # the table changed: d2's rows are gone

    flat_res, t = timed(lambda q: np.array([int(r["id"]) for r in tbl.search(q).metric("cosine").limit(10).select(["id", "_distance"]).to_list()]),
                        queries, repeat_cap=args.flat_queries)
    out["lancedb-flat"] = {"p50": float(np.percentile(t, 50)), "p95": float(np.percentile(t, 95)), "cpu_p50": cpu50(),
                           "recall@10": recall(flat_res, exact[: len(flat_res)]), "queries": len(flat_res)}

    t0 = time.perf_counter()
    if args.skip_ann:
        out["lancedb-ann"] = {"p50": float("nan"), "p95": float("nan"), "cpu_p50": float("nan"), "skipped": True}
        out["lancedb_index_s"] = float("nan")
        return _finish(out, m, tbl, queries, path)
    parts = max(16, int(np.sqrt(n)))
    extra = {"num_sub_vectors": 48} if args.ann_type.endswith("PQ") else {}
    tbl.create_index(metric="cosine", num_partitions=parts, index_type=args.ann_type, max_iterations=10, sample_rate=64,
                     **extra)
    out["lancedb_index_s"] = time.perf_counter() - t0
    best = None
    for nprobes, refine in ((20, 10), (40, 20), (80, 30)):
        got, t = timed(lambda q: np.array([int(r["id"]) for r in tbl.search(q).metric("cosine").nprobes(nprobes)
                                           .refine_factor(refine).limit(10).select(["id", "_distance"]).to_list()]), queries)
        row = {"p50": float(np.percentile(t, 50)), "p95": float(np.percentile(t, 95)), "cpu_p50": cpu50(), "recall@10": recall(got, exact),
               "nprobes": nprobes, "refine_factor": refine, "index": args.ann_type}
        out.setdefault("lancedb-ann-sweep", []).append(row)
        if best is None or (row["recall@10"] >= 0.95 and (best["recall@10"] < 0.95 or row["p50"] < best["p50"])):
            best = row
        if row["recall@10"] >= 0.95:
            break
    out["lancedb-ann"] = best

    return _finish(out, m, tbl, queries, path)


def rss() -> dict:
    """Resident memory of this process (MB): anonymous (heap) and file-backed (memory maps, e.g. the mirror)."""
    info = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, val = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            info[key] = int(val.split()[0]) / 1024
    return info


def strata_mirror(tbl, n: int, dim: int, x: np.ndarray, queries: np.ndarray, exact: list, out: dict):  # noqa: ANN001
    """The app's mirror path (:func:`index_mirror_store.sync` over the LanceDB table): cold build,
    a restart (persisted layout mapped), an incremental update after a document is
    re-ingested and one removed, then query latency with an nprobe sweep."""
    from explorer.core import index_mirror_store as ims

    model = "hashing-%d" % dim
    ds = tbl.to_lance()
    c, t0 = time.process_time(), time.perf_counter()
    m = ims.sync(ds, model_id=model, dim=dim, table_path=ds.uri)
    out["strata_build_s"], out["strata_build_cpu_s"] = time.perf_counter() - t0, time.process_time() - c
    c, t0 = time.process_time(), time.perf_counter()
    m = ims.sync(ds, model_id=model, dim=dim, table_path=ds.uri)  # a new process: maps the persisted layout
    out["strata_restart_s"], out["strata_restart_cpu_s"] = time.perf_counter() - t0, time.process_time() - c
    # re-ingest one document (its 200 rows replaced), remove another: a new table version
    import pyarrow as pa

    doc_rows = tbl.to_lance().to_table(filter="doc_id = 'd1'").to_pylist()
    tbl.merge_insert("id").when_matched_update_all().when_not_matched_insert_all() \
        .when_not_matched_by_source_delete("doc_id = 'd1'").execute(pa.Table.from_pylist(doc_rows, schema=tbl.schema))
    tbl.delete("doc_id = 'd2'")
    ds = tbl.to_lance()
    c, t0 = time.process_time(), time.perf_counter()
    m = ims.sync(ds, model_id=model, dim=dim, previous=m, table_path=ds.uri)
    out["strata_update_s"], out["strata_update_cpu_s"] = time.perf_counter() - t0, time.process_time() - c
    out["rss_mb"] = rss()
    out["app_process"] = app_process(ds.uri, model, dim, queries)
    # offsets moved: the exact reference is by id, which here is the original row number
    ids = np.asarray(ds.to_table(columns=["id"], scan_in_order=True).column("id").to_pylist(), dtype=np.int64)
    exact_now = [_exact_without(x, q, slice(400, 600)) for q in queries]  # d2 (rows 400-599) is gone
    default_nprobe = int(m.nprobe) if m.ivf else 0
    for nprobe in ([default_nprobe] + [p for p in (8, 16, 24, 48) if p != default_nprobe]) if m.ivf else [0]:
        if m.ivf:
            m.nprobe = nprobe
        got, t = timed(lambda q: ids[m.search(q, 10)[0]], queries)
        row = {"p50": float(np.percentile(t, 50)), "p95": float(np.percentile(t, 95)), "cpu_p50": cpu50(),
               "recall@10": recall(got, exact_now), "mode": "ivf" if m.ivf else "exact",
               "nlist": int(len(m.centroids)) if m.ivf else 0, "nprobe": nprobe}
        out.setdefault("strata-sweep", []).append(row)
        if nprobe == default_nprobe:
            out["strata"] = row
    m.nprobe = default_nprobe
    return m, exact_now


APP_PROBE = """
import json, sys, time, numpy as np
sys.path.insert(0, {root!r})
import lance
from explorer.core import index_mirror_store as ims
t0 = time.perf_counter()
ds = lance.dataset({uri!r})
m = ims.sync(ds, model_id={model!r}, dim={dim}, table_path=ds.uri)
load = time.perf_counter() - t0
wall, cpu = [], []
for q in np.load({qpath!r}):
    w, c = time.perf_counter(), time.process_time()
    m.fetch(m.search(q, 10)[0], ["id", "doc_id", "start", "end", "text"])
    wall.append(1000 * (time.perf_counter() - w)); cpu.append(1000 * (time.process_time() - c))
st = dict(l.split(":", 1) for l in open("/proc/self/status").read().splitlines() if ":" in l)
mb = lambda k: int(st[k].split()[0]) / 1024
print(json.dumps({{"load_s": load, "p50": float(np.percentile(wall, 50)), "p95": float(np.percentile(wall, 95)),
                  "cpu_p50": float(np.percentile(cpu, 50)), "rss_mb": mb("VmRSS"), "anon_mb": mb("RssAnon"),
                  "file_mb": mb("RssFile"), "peak_mb": mb("VmHWM")}}))
"""


def app_process(uri: str, model: str, dim: int, queries: np.ndarray) -> dict:
    """A fresh process as the app after a restart: open the table, map the persisted
    mirror, answer the queries (search + fetch); its own memory and latency."""
    import subprocess

    qpath = os.path.join(os.environ.get("STRATA_CACHE_DIR", tempfile.gettempdir()), "queries.npy")
    np.save(qpath, queries)
    code = APP_PROBE.format(root=str(ROOT), uri=uri, model=model, dim=dim, qpath=qpath)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    try:
        return json.loads(res.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"error": res.stderr[-500:]}


def _exact_without(x: np.ndarray, q: np.ndarray, gone: slice) -> np.ndarray:
    """The exact top 10 of the rows left after a removal."""
    s = x @ q
    s[gone] = -np.inf
    top = np.argpartition(-s, 10)[:10]
    return top[np.argsort(-s[top])]


def _finish(out: dict, m, tbl, queries, path: Path) -> dict:  # noqa: ANN001
    """The whole vector query Strata runs (minus encoding the query): mirror + row fetch."""

    def full(q):  # noqa: ANN001 - mirror search, then fetch the result rows like search.vector_rows
        offsets, _ = m.search(q, 10)
        return m.fetch(offsets, ["id", "doc_id", "start", "end", "text"])

    _, t = timed(full, queries)
    out["strata-full"] = {"p50": float(np.percentile(t, 50)), "p95": float(np.percentile(t, 95)), "cpu_p50": cpu50()}
    shutil.rmtree(path, ignore_errors=True)
    return out


def real_library_size() -> dict | None:
    """Bytes per 1,000 chunks of a real library (text, anchors, vectors, full-text index)."""
    from explorer.core.embedding import default_embedder
    from explorer.core.index import Library
    from explorer.core.retrieval_eval import load_set

    data = load_set(SHARED / "retrieval/covidqa", limit=60)
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "lib.lance", default_embedder())
        for doc in data.docs.values():
            lib.ingest(doc)
        lib.optimize()
        tbl = lib.table("chunks")
        tbl.optimize(cleanup_older_than=__import__("datetime").timedelta(0))
        n = lib.chunk_count()
        return {"chunks": n, "bytes_per_1000": dir_size(Path(tmp) / "lib.lance") / n * 1000}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--flat-queries", type=int, default=20, help="LanceDB flat is slow: fewer queries")
    ap.add_argument("--base", type=int, default=8000, help="real embeddings to tile")
    ap.add_argument("--sigma", type=float, default=0.3, help="noise norm relative to the unit vectors")
    ap.add_argument("--no-real-size", action="store_true")
    ap.add_argument("--skip-ann", action="store_true", help="skip the LanceDB IVF_PQ build (slow at 1M on 2 shared cores)")
    ap.add_argument("--ann-type", default="IVF_PQ", choices=["IVF_PQ", "IVF_SQ", "IVF_HNSW_SQ", "IVF_FLAT"],
                    help="LanceDB index type for lancedb-ann (with refine_factor re-ranking)")
    ap.add_argument("--json", default=None, help="also write the results here")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("LANCE_LOG", "error")
    t0 = time.perf_counter()
    base, queries = base_vectors(args.base, args.queries)
    work = tempfile.mkdtemp(prefix="strata-bench-")
    os.environ["STRATA_CACHE_DIR"] = work  # the persisted mirror layouts go to the bench's folder
    print(f"base: {len(base)} real sentence embeddings, {len(queries)} query embeddings ({time.perf_counter() - t0:.0f}s)", flush=True)
    results = {"sigma": args.sigma, "base": len(base), "queries": len(queries), "sizes": []}
    try:
        tmp = work
        for n in [int(s) for s in args.sizes.split(",") if s]:
            r = run_size(n, base, queries, args, Path(tmp))
            results["sizes"].append(r)
            print(f"\n== {n:,} chunks x {base.shape[1]} ==")
            for row in r.get("strata-sweep", [])[1:]:
                print(f"  strata nprobe {row['nprobe']:3d}: p50 {row['p50']:7.2f} ms  p95 {row['p95']:7.2f} ms  "
                      f"cpu p50 {row['cpu_p50']:6.2f} ms  recall@10 {row['recall@10']:.3f}")
            for key in ("numpy", "lancedb-flat", "lancedb-ann", "strata", "strata-full"):
                v = r[key]
                extra = {k: v[k] for k in v if k not in ("p50", "p95", "recall@10", "cpu_p50")}
                print(f"{key:14} p50 {v['p50']:8.2f} ms  p95 {v['p95']:8.2f} ms  cpu p50 {v['cpu_p50']:7.2f} ms  "
                      f"recall@10 {v.get('recall@10', float('nan')):.3f}  {extra}")
            print(f"build: strata mirror {r['strata_build_s']:.1f}s ({r['strata_build_cpu_s']:.1f}s CPU, persisted), "
                  f"restart {r['strata_restart_s']:.2f}s ({r['strata_restart_cpu_s']:.2f}s CPU), "
                  f"update after re-ingest+removal {r['strata_update_s']:.2f}s ({r['strata_update_cpu_s']:.2f}s CPU); "
                  f"lance write {r['lance_write_s']:.1f}s, {args.ann_type} {r['lancedb_index_s']:.1f}s; "
                  f"bench table {r['bench_table_bytes_per_1000'] / 1e6:.2f} MB per 1,000 chunks", flush=True)
            app = r.get("app_process", {})
            if "rss_mb" in app:
                print(f"app process after a restart: mirror ready in {app['load_s']:.2f}s, search+fetch p50 {app['p50']:.2f} ms "
                      f"p95 {app['p95']:.2f} ms cpu p50 {app['cpu_p50']:.2f} ms; RSS {app['rss_mb']:.0f} MB (anonymous "
                      f"{app['anon_mb']:.0f} MB, file-backed {app['file_mb']:.0f} MB), peak {app['peak_mb']:.0f} MB", flush=True)
            else:
                print(f"app process: {app}")
            mem = r["rss_mb"]
            print(f"memory after the mirror: RSS {mem.get('VmRSS', 0):.0f} MB (anonymous {mem.get('RssAnon', 0):.0f} MB, "
                  f"file-backed {mem.get('RssFile', 0):.0f} MB; the bench's own copy of the vectors is "
                  f"{r['n'] * 384 * 4 / 2**20:.0f} MB of that), peak {mem.get('VmHWM', 0):.0f} MB", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.environ.pop("STRATA_CACHE_DIR", None)
    if not args.no_real_size:
        size = real_library_size()
        results["real_library"] = size
        print(f"\nreal library (COVID-QA papers): {size['chunks']} chunks, {size['bytes_per_1000'] / 1e6:.2f} MB per 1,000 chunks")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
