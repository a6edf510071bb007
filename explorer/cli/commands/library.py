"""``strata-cli library``: what is indexed, with the documents whose file was edited since it
was indexed ("changed on disk") or is gone ("file missing"). ``--update`` indexes the
edited files again; ``--remove ID`` drops a document; ``--reembed`` re-embeds the documents
another embedding model indexed, e.g. after ``STRATA_EMBEDDER=e5``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...core.doc_names import row_kind, row_titles
from ...core.file_stamps import CHANGED, MISSING, STATE_WORDS


def run(args: argparse.Namespace) -> int:
    from ...core.index import Library

    lib = Library(Path(args.library) if args.library else None)
    if args.remove:
        lib.remove(args.remove)
    if args.reembed:
        stale = lib.stale_documents(models_only=True)
        chunks = lib.reembed(models_only=True) if stale else 0
        print(f"re-embedded {len(stale)} documents ({chunks} chunks) with {lib.embedder.model_id}")
    docs = _with_file_states(lib)
    if args.remove_missing:
        gone = [d for d in docs if d["state"] == MISSING]
        for d in gone:
            lib.remove(d["id"])
        print(f"removed {len(gone)} document{'s' if len(gone) != 1 else ''} whose file is gone", file=sys.stderr)
        docs = [d for d in docs if d["state"] != MISSING]
    if args.update:
        changed = [str(d["path"]) for d in docs if d["state"] == CHANGED]
        if changed:
            from .ingest import run as ingest

            failed = ingest(argparse.Namespace(paths=changed, force=False, password=None, no_chapters=False,
                                               method=None, library=args.library))
            docs = _with_file_states(lib)
            if failed:
                return failed
        print(f"updated {len(changed)} edited document{'s' if len(changed) != 1 else ''}", file=sys.stderr)
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=1, default=str))
        return 0
    if not docs:
        print(f"the library at {lib.path} is empty")
        return 0
    for d, name in zip(docs, row_titles(docs)):
        size = f"{d['pages']} pages" if d.get("kind") == "pdf" and d.get("pages") else (
            f"{(d.get('duration') or 0) / 60:.0f} min" if d.get("duration") else f"{d.get('sentences', 0)} sentences")
        kind = row_kind(d).lower()
        state = f"  ({STATE_WORDS[d['state']]})" if d["state"] in STATE_WORDS else ""
        print(f"{d['id'][:12]}  {name}  [{kind}, {size}, "
              f"{d['chunks']} chunks, {d['model']}, {d['method']}, {d['indexed_at']}]{state}")
    print(f"{len(docs)} documents, {sum(int(d['chunks']) for d in docs)} chunks in {lib.path}")
    changed = sum(d["state"] == CHANGED for d in docs)
    if changed:
        print(f"{changed} changed on disk since indexed: `strata-cli library --update` indexes them again")
    return 0


def _with_file_states(lib) -> list[dict]:  # noqa: ANN001 - Library
    """The library's documents, each with ``state``: "changed", "missing" or ""."""
    from ...core.file_stamps import FileStamps, file_states

    docs = lib.documents()
    stamps = FileStamps()
    states = file_states(docs, stamps, hash_files=True)
    stamps.save(keep=[str(d["path"]) for d in docs if d.get("path")])
    for d in docs:
        d["state"] = states.get(d["id"], "")
    return docs


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("library", help="list indexed documents", description="List what is indexed.")
    p.add_argument("--json", action="store_true")
    p.add_argument("--remove", metavar="ID", default=None, help="remove a document (full id)")
    p.add_argument("--update", action="store_true", help="index again the files edited since they were indexed")
    p.add_argument("--remove-missing", action="store_true",
                   help="remove the documents whose file was moved or deleted (import them from where they are now)")
    p.add_argument("--reembed", action="store_true",
                   help="re-embed the documents another embedding model indexed (after changing STRATA_EMBEDDER)")
    p.add_argument("--library", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)
