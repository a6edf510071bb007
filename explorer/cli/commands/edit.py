"""``strata-cli edit PATH``: correct a document's chapters from scripts, like the window does.

One edit per call, with 0-based indices as printed by ``strata-cli chapters --format
json`` (chapter positions and sentence indices)::

    strata-cli edit report.pdf --split 120 [--title "Budget"]
    strata-cli edit report.pdf --merge 3            # chapter 3 with chapter 4
    strata-cli edit report.pdf --move 4 133         # chapter 4 now starts at sentence 133
    strata-cli edit report.pdf --rename 2 "Risk controls"
    strata-cli edit report.pdf --regenerate-title 2
    strata-cli edit report.pdf --reset [CHAPTER]    # whole document without CHAPTER
    strata-cli edit report.pdf --use-outline        # the outline's top level becomes the chapters
    strata-cli edit talk.vtt --import-chapters talk.chapters.json   # or .ffmetadata, chapters .vtt, ...
    strata-cli edit talk.vtt --rename-speaker SPEAKER_01 "Alice Moreau"

The current chapters are the automatic ones with the user's saved corrections on top
(the same :func:`explorer.core.pipeline.analyse` the window and ``chapters`` use).
The edit is applied with :func:`explorer.core.edits.apply`, saved atomically in the
document's corrections file, and, if the document is in the search library, only
the chunks of the changed chapters are re-indexed. The resulting chapters are printed.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any, Optional

log = logging.getLogger(__name__)


def _edit_from_args(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from ...core import edits as E

    if args.split is not None:
        return E.Split(args.split, args.title)
    if args.merge is not None:
        return E.Merge(args.merge)
    if args.move is not None:
        return E.MoveBoundary(args.move[0], args.move[1])
    if args.rename is not None:
        chapter, title = args.rename
        try:
            return E.Rename(int(chapter), title)
        except ValueError:
            raise E.EditError(f"--rename needs a chapter number first, not {chapter!r}") from None
    if args.regenerate_title is not None:
        return E.RegenerateTitle(args.regenerate_title)
    if args.reset is not None:
        return E.ResetToAutomatic(None if args.reset == "all" else _int(args.reset, "--reset"))
    raise E.EditError(
        "say which edit to make: --split, --merge, --move, --rename, --regenerate-title, --reset, "
        "--use-outline or --import-chapters"
    )


def _outline_edit(args: argparse.Namespace, doc, analysis):  # type: ignore[no-untyped-def]
    """``--use-outline`` / ``--import-chapters``: chapters from an outline (``None`` for other edits)."""
    from ...core.outline_chapters import left_out_message, place_chapter_file, read_chapter_file, use_outline

    if args.import_chapters is not None:
        name = Path(args.import_chapters).name
        entries = read_chapter_file(str(args.import_chapters), paged=doc.kind == "pdf")
        placed = place_chapter_file(doc, entries, name)
        if message := left_out_message(doc, placed, name):
            print(f"strata-cli: warning: {message}", file=sys.stderr)
        return use_outline(placed, name)
    if args.use_outline:
        outline = list(getattr(analysis, "outline", None) or doc.reference_chapters)
        if not outline:
            from ...core.edits import EditError

            raise EditError("this document has no outline (no bookmarks, headings or chapter file)")
        return use_outline(outline)
    return None


def _int(text: str, option: str) -> int:
    from ...core.edits import EditError

    try:
        return int(text)
    except ValueError:
        raise EditError(f"{option} takes a chapter number, not {text!r}") from None


def analyse_document(doc, granularity: int, *, corrected: bool = True):  # type: ignore[no-untyped-def]
    """The pipeline's analysis (automatic chapters, and the user's when ``corrected``)."""
    from ...core.errors import StrataError

    try:
        from ...core.pipeline import analyse
        from ...core import segmentation, titling  # noqa: F401 - fail early with a clear message
    except ImportError as exc:
        raise StrataError(f"chapter segmentation is not available in this installation ({exc})") from None
    return analyse(doc, granularity=granularity, apply_saved_corrections=corrected)


def make_titler(doc, analysis):  # type: ignore[no-untyped-def]
    """A ``titler(chapters, indices)`` for the chapters an edit reshaped (``None`` without titling)."""
    if getattr(analysis, "embeddings", None) is None:
        return None
    try:
        from ...core.embedding import default_embedder
        from ...core.pipeline import make_titler as pipeline_titler
    except ImportError:
        return None
    return pipeline_titler(doc, analysis.embeddings, default_embedder(), getattr(analysis, "blocks", None))


def library_holding(doc, library: Optional[str] = None):  # type: ignore[no-untyped-def]
    """The search library when ``doc`` is in it, else ``None`` (also without a search index)."""
    try:
        from ...core.index import Library
    except ImportError:
        log.info("no search index in this installation; nothing re-indexed")
        return None
    lib = Library(Path(library) if library else None)
    return lib if lib.has_document(doc.id) else None


def reindex(doc, chapters, library: Optional[str] = None) -> Optional[int]:  # type: ignore[no-untyped-def]
    """Re-index the changed chapters if ``doc`` is in the library; ``None`` when it is not."""
    lib = library_holding(doc, library)
    return None if lib is None else lib.update_chapters(doc, list(chapters))


def chapters_json(doc, chapters) -> str:  # type: ignore[no-untyped-def]
    """Same rows as the JSON export (chapters only, so ``index`` is the chapter number), plus ``pinned``."""
    from ...core.exports import to_json

    obj = json.loads(to_json(doc, chapters))
    for row, ch in zip(obj["chapters"], chapters):
        row["pinned"] = ch.pinned
    return json.dumps(obj, ensure_ascii=False, indent=2)


def chapters_text(doc, chapters) -> str:  # type: ignore[no-untyped-def]
    lines = []
    for i, c in enumerate(chapters):
        where = ""
        if c.start < len(doc.sentences):
            a = doc.sentences[c.start].anchor
            if a.page is not None:
                where = f"p. {a.page + 1}"
            elif a.start is not None:
                where = f"{a.start:.1f} s"
        marks = ("pinned " if c.pinned else "") + (c.title_source if c.title_source != "generated" else "")
        lines.append(
            f"{i:3d}  sentences {c.start}-{c.end - 1:<6} {where:>10}  {c.title or '(untitled)'}"
            + (f"  [{marks.strip()}]" if marks.strip() else "")
        )
    return "\n".join(lines)


def rename_speaker(args: argparse.Namespace) -> int:
    """``--rename-speaker LABEL NAME``: saved for the document, applied wherever it is read."""
    from ...core.loaders import load_document
    from ...core.speaker_names import rename_speaker as rename, save_names

    doc = load_document(args.path, password=args.password)
    current, new = args.rename_speaker
    renamed, names = rename(doc, current, new)
    save_names(doc.id, names, source=doc.path)
    print(f"speaker {current!r} is now {new!r}: saved", file=sys.stderr)
    lib = None if args.no_index else library_holding(doc, args.library)
    if lib is not None:  # its chunks are embedded with the speakers' names
        from ...core.chaptering import with_sections

        analysis = analyse_document(renamed, args.granularity)
        stats = lib.ingest(renamed, with_sections(analysis.chapters, analysis.sections, analysis.automatic), force=True,
                           sentence_embeddings=analysis.embeddings)
        print(f"re-indexed {stats.chunks} chunks with the new name", file=sys.stderr)
    print("\n".join(renamed.speakers))
    return 0


def run(args: argparse.Namespace) -> int:
    from ...core import edits as E
    from ...core.chaptering import with_sections
    from ...core.corrections import CorrectionsStore
    from ...core.loaders import load_document

    if args.rename_speaker is not None:
        return rename_speaker(args)

    outline_wanted = args.use_outline or args.import_chapters is not None
    edit = None if outline_wanted else _edit_from_args(args)
    doc = load_document(args.path, password=args.password)
    analysis = analyse_document(doc, args.granularity)
    if outline_wanted:
        edit = _outline_edit(args, doc, analysis)
    automatic: Any = analysis.automatic
    if isinstance(edit, (E.ResetToAutomatic, E.RegenerateTitle)) and analysis.corrected:
        automatic = analyse_document(doc, args.granularity, corrected=False).automatic
    store = CorrectionsStore()
    saved = store.load(doc.id)
    for warning in store.warnings:
        print(f"strata-cli: warning: {warning}", file=sys.stderr)
    titler = make_titler(doc, analysis)
    current = tuple(analysis.chapters)
    if saved is not None and not analysis.corrected:
        # saved on another sentence split of this file (an older Strata): re-anchor, never drop
        fitted = saved.fitted_to(doc)
        current = tuple(fitted.chapters_for(analysis.automatic, args.granularity, titler=titler))
    new, _inverse = E.apply(current, edit, automatic=automatic, titler=titler)
    history = list(saved.history) if saved is not None else []
    store.save(
        doc.id, new, automatic=analysis.automatic, granularity=args.granularity,
        history=[*history, edit], doc=doc,
    )
    said = E.describe(edit) if isinstance(edit, E.UseChapters) else edit  # its repr lists every start
    print(f"{said}: saved", file=sys.stderr)  # 0-based, as typed (describe() is 1-based, for menus)
    if not args.no_index:
        t0 = time.perf_counter()
        count = reindex(doc, with_sections(new, analysis.sections, analysis.automatic), args.library)
        if count is not None:
            print(f"re-indexed {count} chunks in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    print(chapters_json(doc, new) if args.format == "json" else chapters_text(doc, new))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "edit",
        help="move, split, merge, rename or reset chapters (saved as corrections)",
        description="Correct a document's chapters; indices are 0-based as in 'chapters --format json'.",
    )
    p.add_argument("path", help="the document (PDF or transcript)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--split", type=int, metavar="SENTENCE", help="start a new chapter at this sentence")
    g.add_argument("--merge", type=int, metavar="CHAPTER", help="merge this chapter with the next one")
    g.add_argument("--move", type=int, nargs=2, metavar=("CHAPTER", "SENTENCE"),
                   help="move a chapter's start")
    g.add_argument("--rename", nargs=2, metavar=("CHAPTER", "TITLE"), help="give a chapter your own title")
    g.add_argument("--regenerate-title", type=int, metavar="CHAPTER", help="go back to the automatic title")
    g.add_argument("--reset", nargs="?", const="all", metavar="CHAPTER",
                   help="automatic boundaries and titles again (inside CHAPTER, or everywhere)")
    g.add_argument("--rename-speaker", nargs=2, metavar=("SPEAKER", "NAME"),
                   help="show a transcript's speaker (e.g. SPEAKER_01) under a name; the same name twice merges")
    g.add_argument("--use-outline", action="store_true",
                   help="make the outline's top level (bookmarks, headings or chapter file) the chapters")
    g.add_argument("--import-chapters", metavar="FILE",
                   help="chapters from a chapter file (Podcasting 2.0 JSON, WebVTT chapters, ffmetadata, "
                        "YouTube description, MP3 ID3, ...) for a transcript with times")
    p.add_argument("--title", default=None, help="title of the chapter created by --split")
    p.add_argument("--granularity", type=int, default=0, help="segmentation granularity (default 0)")
    p.add_argument("--password", default=None, help="password of an encrypted PDF")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--no-index", action="store_true", help="do not update the search library")
    p.add_argument("--library", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)
