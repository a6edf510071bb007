"""``strata-cli chapters PATH [--format F] [--granularity G] [--no-layout] [-o OUT]``: automatic chapters."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    from ...core.exports import FORMATS

    p = subparsers.add_parser(
        "chapters",
        help="cut a document into titled chapters and export them",
        description="Load a PDF or transcript, find its chapters and titles, and print or write them in a chosen format.",
    )
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--format", "-f", choices=FORMATS, default="json", help="export format (default json)")
    p.add_argument("--granularity", "-g", type=int, default=0, help="coarser (<0) or finer (>0) than automatic")
    p.add_argument("--no-layout", action="store_true", help="do not run layout analysis on PDFs (text-only priors)")
    p.add_argument("--sections", action="store_true", help="include level-2 sections where the format allows")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="OUT", help="write here instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...core.chaptering import compute_chapters, layout_blocks
    from ...core.exports import export
    from ...core.loaders import load_document

    doc = load_document(args.path)
    blocks = None if args.no_layout else layout_blocks(doc)
    seg, chapters = compute_chapters(doc, granularity=args.granularity, blocks=blocks)
    sections = seg.sections if args.sections else ()
    text = export(doc, chapters, args.format, args.output, sections=sections)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
