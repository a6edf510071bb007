"""``strata-cli notes [QUERY] [--json | --markdown]``: the analyst's notes on every document.

Lists each note with its document, place and the passage it is on, filtered by QUERY
(case, accents and spacing ignored, over the note, its passage and the title), so notes
made in the window can be gathered into a report or another tool.
"""
from __future__ import annotations

import argparse
import json


def run(args: argparse.Namespace) -> int:
    from ...core.notes import all_notes, library_notes_markdown, notes_by_document

    notes = all_notes(query=args.query or "")
    if args.json:
        print(json.dumps([{"document": x.title, "path": x.path, "doc_id": x.doc_id, "place": x.place,
                           "start_sentence": x.note.start, "end_sentence": x.note.end - 1, "passage": x.passage,
                           "note": x.note.text, "created": x.note.created, "updated": x.note.updated}
                          for x in notes], ensure_ascii=False, indent=2))
        return 0
    if not notes:
        print("no notes" + (f" match {args.query!r}" if args.query else " yet (right-click a sentence in the window)"))
        return 0
    if args.markdown:
        print(library_notes_markdown(notes), end="")
        return 0
    for title, path, run in notes_by_document(notes):
        print(f"{title}  ({path})")
        for x in run:
            print(f"  {x.place:>8}  {x.note.text.splitlines()[0] if x.note.text else ''}")
            print(f"            on “{x.passage[:100]}{'…' if len(x.passage) > 100 else ''}”")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("notes", help="list the notes made on every document",
                              description="List the analyst's notes on every document, with their passages.")
    p.add_argument("query", nargs="?", default="", help="only notes whose text, passage or document contains this")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the notes as JSON")
    out.add_argument("--markdown", action="store_true", help="print the notes as Markdown, by document")
    p.set_defaults(func=run)
