"""``strata-cli chapters PATH [--format F] [--granularity G] [--no-layout] [--password PW] [-o OUT]``: chapters with the user's corrections."""
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
    p.add_argument("--password", default=None, help="password of an encrypted PDF")
    p.add_argument("--no-notes", action="store_true",
                   help="leave the analyst's notes out of the JSON and text formats")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="OUT", help="write here instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Chapters as the window shows them: the pipeline's, with the user's saved corrections."""
    from ...core.exports import export
    from ...core.loaders import load_document
    from ...core.notes import NotesStore
    from ...core.pipeline import analyse

    doc = load_document(args.path, password=args.password)
    analysis = analyse(doc, granularity=args.granularity, layout=not args.no_layout)
    sections = analysis.sections if args.sections else ()
    notes = () if args.no_notes else NotesStore().load(doc)
    text = export(doc, analysis.chapters, args.format, args.output, sections=sections, password=args.password,
                  notes=notes, embeddings=analysis.embeddings)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
