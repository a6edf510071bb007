"""``strata-cli eval retrieval DIR``: hit@1/5/10 and MRR for text, plain, situated and hybrid,
and where the window lands on the top hit (the sentence it scrolls to: inside the answer?).

DIR is a folder in the COVID-QA or QMSum format of ``shared/data/retrieval``. The
index is built in ``--work DIR`` (default: a temporary folder), never in the user's
library; embeddings come from the shared cache, so a second run is fast.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from ...core.embedding import default_embedder
    from ...core.errors import StrataError
    from ...core.retrieval_eval import evaluate
    from .ingest import ProgressBar

    folder = Path(args.dir)
    if not (folder / "queries.jsonl").is_file() or not (folder / "docs.jsonl").is_file():
        raise StrataError(f"{folder} has no docs.jsonl and queries.jsonl")
    methods = ["plain", "situated"] + [m for m in (args.methods or "").split(",") if m]
    weights = [None] + [float(w) for w in (args.weights or "").split(",") if w]
    bar = None if args.json else ProgressBar(folder.name)
    result = evaluate(
        folder, limit=args.limit, embedder=default_embedder(args.backend), work_dir=Path(args.work) if args.work else None,
        methods=methods, scope=args.scope, weights=weights if len(weights) > 1 else (None,),
        chapter_source=args.chapters, progress=bar,
    )
    if len(weights) > 1:
        result["modes"]["hybrid"] = result["modes"].get("hybrid@auto", {})
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{folder.name}: {result['queries']} queries, {result['documents']} documents, chapters from "
          f"{result['chapters']}, scope {result['scope']}, model {result['model']}", file=sys.stdout)
    print(f"{'mode':22} {'hit@1':>6} {'hit@5':>6} {'hit@10':>6} {'mrr':>6}")
    plain5 = result["modes"]["plain"]["hit@5"]
    for mode, m in result["modes"].items():
        cut = (1 - m["hit@5"]) / (1 - plain5) if plain5 < 1 else 1.0
        print(f"{mode:22} {m['hit@1']:6.3f} {m['hit@5']:6.3f} {m['hit@10']:6.3f} {m['mrr']:6.3f}   "
              f"failures@5 (1 - hit@5) vs plain {100 * (cut - 1):+.0f}%")
    land = result.get("landing") or {}
    if land.get("hits_on_answer"):
        rules = ", ".join(f"{rule.replace('_', ' ')} {share:.3f}" for rule, share in land.items() if rule != "hits_on_answer")
        print(f"landing: of {land['hits_on_answer']} hybrid top hits holding the answer, the share whose landing "
              f"sentence lies inside it: {rules}")
    return 0


def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("retrieval", help="search quality on a retrieval set", description=__doc__.split("\n\n")[0])
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=None, help="first N queries (and the documents they need)")
    p.add_argument("--scope", choices=["doc", "corpus"], default="doc", help="search the query's document or everything")
    from ...core.index_situate import DEFAULT, PRESETS

    p.add_argument("--methods", default="", help="extra situating presets to measure, comma-separated "
                   f"({', '.join(PRESETS)}; 'situated' is {DEFAULT})")
    p.add_argument("--weights", default="", help="extra fixed hybrid vector weights to measure, comma-separated")
    p.add_argument("--chapters", choices=["auto", "strata", "windows"], default="auto")
    p.add_argument("--backend", choices=["st", "onnx", "e5", "hashing"], default=None)
    p.add_argument("--work", default=None, help="folder for the evaluation indexes (default: temporary)")
    p.set_defaults(func=run)
