"""Ingest throughput against raw encoding with the same backend, in the same run.

    HF_HUB_OFFLINE=1 nice -n 10 .venv/bin/python bench/ingest.py [--backend st|onnx] [--docs 6] [--rounds 2] [--encode-sentences]

Documents: the first ``--docs`` COVID-QA papers (real long text). For each round,
``raw`` encodes every sentence of those documents with the backend (no cache), and
``ingest`` runs :meth:`Library.ingest` on them (chunking, situating, encoding the
chunks and title lines, LanceDB writes, full-text index) into a fresh folder with
the same backend (no cache). Throughput is sentences per second of wall time and
per CPU-second of this process (the machine is shared, so CPU time is the steadier
figure); the best round of each is kept. The target is ingest >= 0.9x raw.

Ingest is given the sentence vectors of the raw round, as the app and ``strata-cli
ingest`` give it the vectors the analysis computed for segmentation (the shipped
situating mixes them into paper chunks); ``--encode-sentences`` makes it encode them
again, which doubles its encoding work.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("STRATA_SHARED_DIR", ROOT.parent / "shared")) / "data"


def inner_embedder(backend: str):  # type: ignore[no-untyped-def]
    if backend == "onnx":
        from explorer.core.embedding_onnx import OnnxEmbedder

        return OnnxEmbedder()
    from explorer.core.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["st", "onnx"], default="st")
    ap.add_argument("--docs", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--method", default=None, help="situating preset (default: shipped)")
    ap.add_argument("--encode-sentences", action="store_true",
                    help="ingest encodes the sentences itself; by default it receives the sentence vectors of the raw "
                         "round, as the app and 'strata-cli ingest' pass the pipeline's (computed for segmentation)")
    ap.add_argument("--compare", type=int, default=0, metavar="N",
                    help="also report the cosine of the backend's vectors to the float sentence-transformers ones on N sentences")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("LANCE_LOG", "error")
    from explorer.core.index import Library
    from explorer.core.retrieval_eval import load_set

    data = load_set(SHARED / "retrieval/covidqa")
    docs = list(data.docs.values())[: args.docs]
    n = sum(len(d.sentences) for d in docs)
    emb = inner_embedder(args.backend)
    emb.encode(["warm up the model"])
    best = {"raw": (0.0, 0.0), "ingest": (0.0, 0.0)}
    sentence_vectors: dict[str, object] = {}
    chunks = 0
    for r in range(args.rounds):
        for what in ("raw", "ingest"):
            w, c = time.perf_counter(), time.process_time()
            if what == "raw":
                for d in docs:
                    sentence_vectors[d.id] = emb.encode([s.text for s in d.sentences])
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    lib = Library(Path(tmp) / "lib.lance", emb, situate=args.method)
                    given = {} if args.encode_sentences else sentence_vectors
                    chunks = sum(lib.ingest(d, sentence_embeddings=given.get(d.id)).chunks for d in docs)
            wall, cpu = time.perf_counter() - w, time.process_time() - c
            rate = (n / wall, n / cpu)
            best[what] = (max(best[what][0], rate[0]), max(best[what][1], rate[1]))
            print(f"round {r + 1} {what:6}: {n} sentences in {wall:6.1f}s wall, {cpu:6.1f}s CPU "
                  f"-> {rate[0]:6.1f}/s, {rate[1]:6.1f}/CPU-s", flush=True)
    raw, ing = best["raw"], best["ingest"]
    print(f"\nbackend {emb.model_id}, method {Library(Path(tempfile.gettempdir()) / 'unused', emb, situate=args.method).situate.name}, "
          f"{len(docs)} papers, {n} sentences, {chunks} chunks"
          f"{', ingest encodes the sentences too' if args.encode_sentences else ', sentence vectors given to ingest as in the app'}")
    print(f"raw encode : {raw[0]:7.1f} sentences/s  {raw[1]:7.1f} sentences/CPU-s")
    print(f"ingest     : {ing[0]:7.1f} sentences/s  {ing[1]:7.1f} sentences/CPU-s")
    print(f"ratio      : {ing[0] / raw[0]:.2f}x wall, {ing[1] / raw[1]:.2f}x CPU (target >= 0.9x)")
    if args.compare and args.backend != "st":
        import numpy as np

        texts = [s.text for d in docs for s in d.sentences][: args.compare]
        ref = inner_embedder("st").encode(texts)
        cos = (emb.encode(texts) * ref).sum(axis=1)
        print(f"cosine to float sentence-transformers on {len(texts)} sentences: mean {float(np.mean(cos)):.4f}, "
              f"min {float(np.min(cos)):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
