"""``strata-cli library``: what is indexed (``--remove ID`` drops a document; ``--reembed``
re-embeds the documents another embedding model indexed, e.g. after ``STRATA_EMBEDDER=e5``)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from ...core.index import Library

    lib = Library(Path(args.library) if args.library else None)
    if args.remove:
        lib.remove(args.remove)
    if args.reembed:
        stale = lib.stale_documents(models_only=True)
        chunks = lib.reembed(models_only=True) if stale else 0
        print(f"re-embedded {len(stale)} documents ({chunks} chunks) with {lib.embedder.model_id}")
    docs = lib.documents()
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=1, default=str))
        return 0
    if not docs:
        print(f"the library at {lib.path} is empty")
        return 0
    for d in docs:
        size = f"{d['pages']} pages" if d.get("kind") == "pdf" and d.get("pages") else (
            f"{(d.get('duration') or 0) / 60:.0f} min" if d.get("duration") else f"{d.get('sentences', 0)} sentences")
        kind = "e-book" if d.get("format") == "epub" else d["kind"]
        print(f"{d['id'][:12]}  {d.get('title') or Path(d.get('path') or '').name}  [{kind}, {size}, "
              f"{d['chunks']} chunks, {d['model']}, {d['method']}, {d['indexed_at']}]")
    print(f"{len(docs)} documents, {sum(int(d['chunks']) for d in docs)} chunks in {lib.path}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("library", help="list indexed documents", description="List what is indexed.")
    p.add_argument("--json", action="store_true")
    p.add_argument("--remove", metavar="ID", default=None, help="remove a document (full id)")
    p.add_argument("--reembed", action="store_true",
                   help="re-embed the documents another embedding model indexed (after changing STRATA_EMBEDDER)")
    p.add_argument("--library", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)
