"""``strata-cli eval titles DIR... [--json] [--limit N] [--examples N]``.

Scores generated chapter titles against human ones, given the reference
boundaries: ROUGE-L F1 and embedding cosine, beside a first-sentence baseline and
a plain-keyphrase baseline. DIR is a segmentation folder with ``segment_titles`` or
a normalized transcript folder with ``chapters``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "titles",
        help="ROUGE-L / cosine of generated chapter titles against human titles",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("dirs", nargs="+", type=Path, metavar="DIR", help="folders with reference titles")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents of each folder by name")
    p.add_argument("--examples", type=int, default=0, metavar="N", help="also show N generated titles beside human ones")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...core.embedding import default_embedder
    from ...core.errors import StrataError
    from ...core.titling_eval import evaluate_titles, format_titles_table

    for d in args.dirs:
        if not d.is_dir():
            raise StrataError(f"{d} is not a folder of titled reference documents.")
    result = evaluate_titles(args.dirs, default_embedder(), limit=args.limit, examples=args.examples)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print(format_titles_table(result))
    return 0
