"""``strata-cli eval segmentation DIR... [--json] [--limit N] [--granularity G] [--known-k]``.

Scores automatic chapters against reference folders (format of
``../shared/data/segmentation``): Pk, WindowDiff (percent, k = half the mean
reference segment length per document, macro-averaged) and boundary F1 within 2
units, beside the "no boundary" and "even split with the true K" baselines. The
number of chapters is not given to the method.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "segmentation",
        help="Pk / WindowDiff / boundary F1 of automatic chapters against reference folders",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dirs", nargs="+", type=Path, metavar="DIR", help="folders of reference JSON documents")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents of each folder by name")
    p.add_argument("--granularity", type=int, default=0, help="coarser (<0) or finer (>0) than automatic")
    p.add_argument("--known-k", action="store_true",
                   help="also run the method told the true number of segments (a reference row, not the method)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...core.embedding import default_embedder
    from ...core.errors import StrataError
    from ...core.segmentation_eval import evaluate_segmentation, format_segmentation_table

    for d in args.dirs:
        if not d.is_dir():
            raise StrataError(f"{d} is not a folder of reference documents.")
    result = evaluate_segmentation(args.dirs, default_embedder(), limit=args.limit, granularity=args.granularity,
                                   known_k=args.known_k)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print(format_segmentation_table(result))
    return 0
