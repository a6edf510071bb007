"""``strata-cli search QUERY``: search the library by meaning and by words."""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path


def _plain(snippet: str) -> str:
    import html

    return html.unescape(re.sub(r"</?b>", "*", snippet))


def _where(hit) -> str:  # type: ignore[no-untyped-def]
    """Where the hit lands: its best sentence's time and speaker or page, as the window says."""
    a = hit.landing
    who = f", {a.speaker}" if a.speaker else ""
    if a.start is not None:
        from ...core.exports import format_clock

        return format_clock(a.start) + who
    if a.page is not None:
        return f"p. {hit.landing_page_name}"
    if hit.focus is not None:
        return f"sentence {hit.focus}{who}"
    return f"sentences {hit.start}-{hit.end - 1}{who}"


def run(args: argparse.Namespace) -> int:
    from ...core.doc_names import hit_document_names
    from ...core.embedding import encode_query
    from ...core.hit_focus import focus_hits_in_files
    from ...core.index import Library
    from ...core.search import as_dict, search

    lib = Library(Path(args.library) if args.library else None)
    vector = encode_query(lib.embedder, args.query) if args.query.strip() and args.mode != "text" else None
    hits = search(lib, args.query, k=args.k, mode=args.mode, doc_id=args.doc, kind=args.kind, adaptive=args.adaptive,
                  vector=vector)
    if not args.no_focus:
        hits = focus_hits_in_files(hits, args.query, vector, lib.embedder)
    if args.json:
        print(json.dumps([as_dict(h) for h in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("no results")
        return 0
    names = hit_document_names(hits)  # two documents of one title are told apart by their files
    for i, h in enumerate(hits, 1):
        chapter = "".join(f" > {t}" for t in (h.chapter_title, h.section_title) if t)
        print(f"{i:2d}. {names[h.doc_id]}{chapter} ({_where(h)}, score {h.score:.3f})")
        print(f"    {_plain(h.snippet)}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("search", help="search indexed documents", description="Search the library.")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    p.add_argument("--doc", default=None, metavar="ID", help="only this document (its id)")
    p.add_argument("--kind", choices=["pdf", "transcript"], default=None)
    p.add_argument("--mode", choices=["vector", "text", "hybrid"], default="hybrid")
    p.add_argument("--adaptive", action="store_true", help="stop where the scores drop sharply")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-focus", action="store_true",
                   help="do not read the hits' files to find the sentence each lands on (faster)")
    p.add_argument("--library", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)
