"""``strata-cli info PATH... [--json] [--password PW]``: what Strata reads in each file.

For every path: kind and format, pages (PDF) or duration (transcript), sentence
count, speakers, the outline or reference chapters (count and the first few
titles) and warnings. Exit 0 when every file loaded, 1 when any failed; each
failure is exactly one line ``PATH: message`` on stderr, never a traceback (an
unexpected exception is logged with its traceback only under ``--debug``).
``--json`` prints one list of objects on stdout, failed files included with
``"ok": false`` and their ``"error"``.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any, Optional

log = logging.getLogger(__name__)

FIRST_TITLES = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "info",
        help="show what Strata reads in PDFs and transcripts",
        description="Load each file and report its kind, pages or duration, sentences, speakers, "
        "outline or reference chapters and warnings. Exit 1 if any file failed to load.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="PDF or transcript files")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of text")
    parser.add_argument("--password", default=None, help="password for encrypted PDFs")
    parser.add_argument("--no-ocr", action="store_true", help="do not OCR image-only pages")
    parser.set_defaults(func=run)


def load_one(path: str, password: Optional[str] = None, ocr: bool = True) -> dict[str, Any]:
    """Load ``path`` and summarise it; never raises: failures come back as ``ok: False``."""
    from ...core.errors import StrataError
    from ...core.loaders import load_document

    try:
        doc = load_document(path, password=password, ocr=ocr)
    except StrataError as exc:
        chapters = _as_chapter_list(path, exc)
        if chapters:
            return _chapter_info(path, chapters)
        return {"path": path, "ok": False, "error": _one_line(str(exc)) or type(exc).__name__}
    except ImportError as exc:
        log.debug("loader missing for %s", path, exc_info=True)
        return {"path": path, "ok": False, "error": f"the loader for this kind of file is not available ({exc.name or exc})"}
    except MemoryError:
        return {"path": path, "ok": False, "error": "not enough memory to load this file"}
    except Exception as exc:  # a bug in a loader: one line for the user, the traceback in the log
        log.debug("unexpected error loading %s", path, exc_info=True)
        return {"path": path, "ok": False, "error": _one_line(f"unexpected error while loading ({type(exc).__name__}: {exc})")}
    from ...core.media import media_for
    from ...core.notes import NotesStore
    from ...core.speaker_names import LABELS_KEY

    chapters = doc.reference_chapters
    recording = media_for(path) if doc.has_times else None
    return {
        "path": path,
        "ok": True,
        "id": doc.id,
        "kind": doc.kind,
        "format": doc.format,
        "title": doc.title,
        "pages": doc.page_count if doc.kind == "pdf" else None,
        "duration": doc.duration,
        "sentences": len(doc.sentences),
        "cues": len(doc.cues) if doc.kind == "transcript" else None,
        "speakers": doc.speakers,
        "reference_chapters": len(chapters),
        "reference_chapter_titles": [c.title for c in chapters[:FIRST_TITLES]],
        "chapters_mapped": sum(1 for c in chapters if c.start_sentence is not None),
        "metadata": {k: v for k, v in doc.metadata.items() if k != LABELS_KEY},  # not the labels' bookkeeping
        "notes": len(NotesStore().load(doc)),
        "recording": str(recording) if recording is not None else None,  # played beside it in the window
        "warnings": list(doc.warnings),
    }


def _as_chapter_list(path: str, exc: Exception) -> list:
    """Chapters when ``path`` is a chapter file (WebVTT chapters, ffmetadata, chapters JSON,
    a YouTube description, ID3 chapters in an MP3) rather than a document; else []."""
    from ...core.errors import StrataError, UnsupportedFormat

    chapters = getattr(exc, "chapters", None)
    if chapters:
        return list(chapters)
    if not isinstance(exc, UnsupportedFormat):
        return []
    try:
        from ...core.loaders.transcripts.chapters import load_chapter_file

        return list(load_chapter_file(path))
    except (StrataError, ImportError):
        return []
    except Exception:  # a chapter parser bug must not hide the original message
        log.debug("chapter sniffing failed for %s", path, exc_info=True)
        return []


def _chapter_info(path: str, chapters: list) -> dict[str, Any]:
    return {
        "path": path,
        "ok": True,
        "id": None,
        "kind": "chapters",
        "format": "chapter list",
        "title": "",
        "pages": None,
        "duration": None,
        "sentences": 0,
        "cues": None,
        "speakers": [],
        "reference_chapters": len(chapters),
        "reference_chapter_titles": [c.title for c in chapters[:FIRST_TITLES]],
        "chapters_mapped": 0,
        "metadata": {},
        "notes": 0,
        "recording": None,
        "warnings": [],
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _duration(seconds: Optional[float]) -> str:
    if seconds is None:
        return "unknown duration"
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def format_text(info: dict[str, Any]) -> str:
    """The human-readable block for one loaded file."""
    lines = [info["path"]]
    if info["kind"] == "chapters":
        titles = "; ".join(info["reference_chapter_titles"]) + ("; ..." if info["reference_chapters"] > FIRST_TITLES else "")
        lines.append(f"  kind: chapter list (not a document), {info['reference_chapters']} chapters ({titles})")
        return "\n".join(lines)
    from ...core.loaders.transcripts import HEADINGS_SOURCE

    if info["kind"] == "transcript" and info["duration"] is None and not info["speakers"]:
        # a Word report, a web page, notes: text with no times and no speakers is no transcript
        lines.append(f"  kind: text document ({info['format']}), {info['sentences']} sentences")
    else:
        size = f"{info['pages']} pages" if info["kind"] == "pdf" else _duration(info["duration"])
        lines.append(f"  kind: {info['kind']} ({info['format']}), {size}, {info['sentences']} sentences")
    if info.get("title"):
        lines.append(f"  title: {info['title']}")
    if info["kind"] == "transcript":
        lines.append(f"  cues: {info['cues']}")
    speakers = info["speakers"]
    if speakers:
        shown = ", ".join(speakers[:8]) + (", ..." if len(speakers) > 8 else "")
        lines.append(f"  speakers: {len(speakers)} ({shown})")
    n = info["reference_chapters"]
    headings = (info.get("metadata") or {}).get("chapters_source") == HEADINGS_SOURCE
    label = "outline" if info["kind"] == "pdf" or headings else "reference chapters"
    if n:
        titles = "; ".join(info["reference_chapter_titles"]) + ("; ..." if n > FIRST_TITLES else "")
        lines.append(f"  {label}: {n} entries ({titles})")
    else:
        lines.append(f"  {label}: none")
    if info.get("notes"):
        lines.append(f"  notes: {info['notes']} (strata-cli notes lists them)")
    if info.get("recording"):
        lines.append(f"  recording: {info['recording']} (played beside the transcript in the window)")
    for w in info["warnings"]:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    results = [load_one(p, password=args.password, ocr=not args.no_ocr) for p in args.paths]
    failed = [r for r in results if not r["ok"]]
    if args.json:
        json.dump(results, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        blocks = [format_text(r) for r in results if r["ok"]]
        if blocks:
            print("\n\n".join(blocks))
    for r in failed:
        print(f"{r['path']}: {r['error']}", file=sys.stderr)
    return 1 if failed else 0
