"""``strata-cli ingest PATH...``: load, chapter and index documents into the library.

A file whose content is already indexed (with this model and method) is skipped without
being loaded (``--force`` indexes it again). Each other file is loaded (:func:`load_document`), given Strata's chapters
(the pipeline's chapters with the user's corrections, as the window indexes them, else the
outline or fixed windows) and indexed; a document already indexed with the same
model, method and chapters is skipped. Progress goes to stderr; a file that fails
prints one line and the others go on (exit status 1 if any failed).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)


class ProgressBar:
    """A one-line text progress bar on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, label: str, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.label = label
        self.stream = stream if stream is not None else sys.stderr  # the one in use now, not at import
        self.tty = self.stream.isatty()
        self._last = -1.0

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.tty and fraction - self._last < 0.25 and fraction < 1.0:
            return
        self._last = fraction
        width = 24
        filled = int(round(width * fraction))
        line = f"{self.label[:40]:40} [{'#' * filled}{'.' * (width - filled)}] {fraction * 100:5.1f}% {message[:40]}"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        self.stream.flush()

    def done(self, message: str) -> None:
        self.stream.write(("\r" if self.tty else "") + f"{self.label[:40]:40} {message}\x1b[K\n" if self.tty else f"{self.label[:40]:40} {message}\n")
        self.stream.flush()


def _analysis(doc, embedder):  # type: ignore[no-untyped-def]
    """The window's analysis (layout, chapters, sections, the user's corrections), or None.

    Going through :func:`explorer.core.pipeline.analyse` makes the CLI index the very
    chapters the window shows and ``strata-cli edit`` changes, so a later edit
    re-indexes only the chapters it touched.
    """
    from ...core.pipeline import analyse

    try:
        return analyse(doc, embedder=embedder)
    except Exception as exc:  # noqa: BLE001 - chapters are an improvement, not a requirement
        log.warning("chapters not computed for %s: %s", doc.path, exc)
        return None


def expand(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and not q.name.startswith(".")))
        else:
            out.append(p)
    return out


def run(args: argparse.Namespace) -> int:
    from ...core.errors import StrataError
    from ...core.chaptering import with_sections
    from ...core.index import Library
    from ...core.loaders import load_document
    from ...core.progress import scaled

    from ...core.file_stamps import FileStamps

    lib = Library(Path(args.library) if args.library else None, situate=args.method)
    stamps = FileStamps()
    failed = 0
    for path in expand(args.paths):
        bar = ProgressBar(path.name)
        t0 = time.perf_counter()
        if not args.force and lib.indexed_unchanged(os.path.abspath(path), stamps) is not None:
            bar.done(f"already indexed, file unchanged ({time.perf_counter() - t0:.1f}s)")
            continue
        try:
            doc = load_document(path, password=args.password, progress=scaled(bar, 0.0, 0.2))
            analysis = None if args.no_chapters else _analysis(doc, lib.embedder)
            bar(0.3, "chapters")
            chapters = (with_sections(analysis.chapters, analysis.sections, analysis.automatic)
                        if analysis is not None and analysis.chapters else None)
            vectors = analysis.embeddings if analysis is not None else None
            stats = lib.ingest(doc, chapters, sentence_embeddings=vectors, progress=scaled(bar, 0.3, 1.0), force=args.force)
        except StrataError as exc:
            failed += 1
            print(f"{path}: {exc}", file=sys.stderr)
            continue
        what = "already indexed" if stats.skipped else f"{stats.chunks} chunks from {stats.sentences} sentences"
        bar.done(f"{what} ({time.perf_counter() - t0:.1f}s)")
    stamps.save(keep=[str(d["path"]) for d in lib.documents() if d.get("path")])
    return 1 if failed else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ingest", help="index documents for search", description=__doc__.split("\n\n")[1])
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--force", action="store_true",
                   help="load, chapter and re-embed even files already indexed and unchanged")
    p.add_argument("--password", default=None, help="password of the encrypted PDFs among PATH (others ignore it)")
    p.add_argument("--no-chapters", action="store_true", help="skip segmentation (outline or fixed windows)")
    p.add_argument("--method", default=None, help="situating preset (default: the shipped one)")
    p.add_argument("--library", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=run)
