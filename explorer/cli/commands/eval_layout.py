"""``strata-cli eval layout DIR [--json] [--limit N]``: layout accuracy against reference boxes.

Scores Strata's layout pipeline and PyMuPDF's layout model alone in the same run:
per-class precision/recall/F1 at IoU 0.5, overall F1 (class-aware and
class-agnostic), picture recall, reading-order Kendall tau and pages per CPU second.
"""

from __future__ import annotations

import argparse
import json
import sys


def register_eval(eval_sub: argparse._SubParsersAction) -> None:
    p = eval_sub.add_parser(
        "layout", help="layout boxes, classes and reading order vs. a reference folder", description=__doc__
    )
    p.add_argument("dir", metavar="DIR", help="folder of reference JSON files (layout_gt/normalized schema)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N files")
    p.add_argument("--iou", type=float, default=0.5, help="IoU threshold for a match (default 0.5)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ...core.layout_eval import format_table, run

    def progress(fraction: float, message: str) -> None:
        if not args.json:
            print(f"\r[{fraction:4.0%}] {message[:60]:<60}", end="", file=sys.stderr, flush=True)

    result = run(args.dir, limit=args.limit, threshold=args.iou, progress=progress)
    scores = result.pop("_scores")
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(file=sys.stderr)
        print(f"{result['files']} files, IoU >= {args.iou}")
        print(format_table("Strata", scores["strata"]))
        print(format_table("PyMuPDF layout alone", scores["baseline"]))
    return 0
