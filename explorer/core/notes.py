"""The analyst's notes on passages of a document: what they are and how they are kept.

A note is free text on a run of sentences ``[start, end)``. Notes are work product,
kept like the corrections: one JSON file per document content hash
(``data_dir()/notes/<doc_id>.json``), written atomically, a damaged file copied aside
rather than overwritten. Each note also records the text of its first and last
sentence (:func:`explorer.core.corrections_remap.anchors_for`), so a new loader that
splits the same file into other sentences moves the note with its text rather than
with its index.
"""
from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional, Sequence

from . import store
from .file_versions import PathIndex, source_path
from .model import Document

log = logging.getLogger(__name__)

SCHEMA = 1


@dataclass(frozen=True)
class Note:
    """A note on sentences ``[start, end)``."""

    id: str
    start: int
    end: int
    text: str
    created: str = ""
    updated: str = ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_note(start: int, end: int, text: str) -> Note:
    """A note with a fresh id and the current time."""
    now = _now()
    return Note(uuid.uuid4().hex[:12], int(start), int(max(end, start + 1)), str(text).strip(), now, now)


def edited(note: Note, text: str) -> Note:
    return replace(note, text=str(text).strip(), updated=_now())


class NotesStore:
    """Load and save a document's notes (``root``: the notes folder, for tests)."""

    def __init__(self, root: Optional[Path] = None) -> None:
        self.root = Path(root) if root is not None else store.data_dir() / "notes"
        self.paths = PathIndex(self.root)  # the latest version of each file with notes, for its edited copies
        self.carried_from = ""  # set by load() when the notes came from an earlier version of the file

    def path(self, doc_id: str) -> Path:
        return self.root / f"{doc_id}.json"

    def load(self, doc: Document) -> list[Note]:
        """``doc``'s notes in document order, fitted to its sentences; ``[]`` when there are none.
        Never raises: a damaged file is copied to ``notes/backup`` and reported in the log."""
        self.carried_from = ""
        path = self.path(doc.id)
        if not path.exists():
            return self._earlier_version(doc)
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(obj, dict) or obj.get("schema") != SCHEMA:
                raise ValueError(f"unknown schema {obj.get('schema') if isinstance(obj, dict) else None!r}")
            notes, anchors = _parse(obj)
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            backup = self._backup(path)
            log.warning("the notes of %s cannot be read (%s); a copy was kept at %s", doc.id[:12], exc, backup)
            return []
        n = len(doc.sentences)
        saved_n = int(obj.get("sentences", n) or n)
        if saved_n != n and n:
            notes = _refit(notes, anchors, doc, saved_n)
        return sorted((x for x in notes if 0 <= x.start < x.end <= n), key=lambda x: (x.start, x.end))

    def save(self, doc: Document, notes: Sequence[Note]) -> None:
        """Write ``notes`` atomically (raises :class:`~explorer.core.errors.StorageError` when the disk refuses)."""
        from .corrections_remap import anchors_for

        bounds = {x.start for x in notes} | {x.end - 1 for x in notes}
        anchors = anchors_for(doc, bounds)
        payload: dict[str, Any] = {
            "schema": SCHEMA,
            "doc_id": doc.id,
            "path": doc.path,
            "title": doc.title,
            "sentences": len(doc.sentences),
            "notes": [
                {"id": x.id, "start": x.start, "end": x.end, "text": x.text, "created": x.created,
                 "updated": x.updated, "anchor_start": anchors.get(x.start), "anchor_end": anchors.get(x.end - 1),
                 "place": place(doc, x.start), "passage": _passage(doc, x)}
                for x in sorted(notes, key=lambda x: (x.start, x.end))
            ],
        }
        data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
        store.atomic_write_bytes(self.path(doc.id), data)
        self.paths.remember(doc.path, doc.id)

    def _earlier_version(self, doc: Document) -> list[Note]:
        """Notes made on an earlier version of ``doc``'s file (same path, other content),
        each placed by the text of its first and last sentence. Taken only when at least
        half of them are found again, so another document saved under that name does not
        get them; the caller saves them as this version's (``carried_from`` names the old)."""
        from .corrections_remap import locate_all

        old_id = self.paths.get(doc.path)
        if not old_id or old_id == doc.id or not doc.sentences:
            return []
        try:
            obj = json.loads(self.path(old_id).read_text(encoding="utf-8"))
            rows = [d for d in obj.get("notes", []) if isinstance(d, dict)]
            notes, _anchors = _parse({"notes": rows})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):  # gone, or not a notes file
            return []
        starts = locate_all([d.get("anchor_start") for d in rows], doc)
        ends = locate_all([d.get("anchor_end") for d in rows], doc)
        moved = [replace(x, start=s, end=max(s, e if e is not None else s) + 1)
                 for x, s, e in zip(notes, starts, ends) if s is not None]
        if len(moved) * 2 < len(notes):
            log.info("notes of an earlier %s not carried over: %d of %d found by their text", doc.path, len(moved),
                     len(notes))
            return []
        self.carried_from = old_id
        return sorted(moved, key=lambda x: (x.start, x.end))

    def _backup(self, path: Path) -> Optional[Path]:
        try:
            return store.copy_aside(path)
        except OSError:
            return None


def _parse(obj: dict) -> tuple[list[Note], dict[int, dict]]:
    notes: list[Note] = []
    anchors: dict[int, dict] = {}
    for d in obj.get("notes", []):
        note = Note(str(d["id"]), int(d["start"]), int(d["end"]), str(d.get("text", "")),
                    str(d.get("created", "")), str(d.get("updated", "")))
        if note.end <= note.start:
            raise ValueError(f"note {note.id} covers no sentence")
        notes.append(note)
        for key, i in (("anchor_start", note.start), ("anchor_end", note.end - 1)):
            if isinstance(d.get(key), dict):
                anchors[i] = d[key]
    return notes, anchors


def _refit(notes: list[Note], anchors: dict[int, dict], doc: Document, saved_n: int) -> list[Note]:
    """Notes made on another sentence split of the same file, moved with their text."""
    from .corrections_remap import remap_index

    out = []
    for x in notes:
        start = remap_index(x.start, {}, anchors, doc, saved_n)
        last = remap_index(x.end - 1, {}, anchors, doc, saved_n)
        out.append(replace(x, start=start, end=max(start, last) + 1))
    log.warning("notes of %s were made on %d sentences, the document now has %d: moved by their text",
                doc.id[:12], saved_n, len(doc.sentences))
    return out


PASSAGE_CHARS = 300  # of the noted text kept beside each note, for lists that do not load the document


def place(doc: Document, index: int) -> str:
    """Where sentence ``index`` is, as the reader sees it ("p. iv", "12:04")."""
    if not 0 <= index < len(doc.sentences):
        return ""
    a = doc.sentences[index].anchor
    if a.page is not None:
        return f"p. {doc.page_name(a.page)}"
    from .exports import format_clock

    return format_clock(a.start) if a.start is not None else f"#{index + 1}"


def _passage(doc: Document, note: Note) -> str:
    text = " ".join(" ".join(s.text.split()) for s in doc.sentences[note.start:note.end])
    return text if len(text) <= PASSAGE_CHARS else text[:PASSAGE_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class LibraryNote:
    """A note as every document's notes are listed: with its document and passage."""

    doc_id: str
    path: str
    title: str
    note: Note
    place: str
    passage: str


_listed: dict[Path, tuple[tuple[int, int], str, str, list[tuple[LibraryNote, str]]]] = {}  # file -> parsed, by stat


def _library_file(file: Path) -> Optional[tuple[str, str, list[tuple[LibraryNote, str]]]]:
    """``(doc id, source path as the index keys it, [(note, its folded text for filtering)])`` of
    one notes file, parsed once per change of the file (a library's notes are listed on every
    keystroke of the filter: 500 documents' notes take ~0.9 s to parse, ~10 ms to list again)."""
    from .find import fold

    try:
        st = file.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        cached = _listed.get(file)
        if cached is not None and cached[0] == stamp:
            return cached[1], cached[2], cached[3]
        obj = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(obj, dict) or obj.get("schema") != SCHEMA:
            return None
        rows = [d for d in obj.get("notes", []) if isinstance(d, dict)]
        notes, _anchors = _parse({"notes": rows})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("notes file %s skipped: %s", file.name, exc)
        return None
    doc_id, path = str(obj.get("doc_id") or file.stem), str(obj.get("path") or "")
    title = str(obj.get("title") or (Path(path).stem if path else doc_id[:12]))
    items = []
    for row, note in zip(rows, notes):
        passage = str(row.get("passage") or (row.get("anchor_start") or {}).get("text") or "")
        items.append((LibraryNote(doc_id, path, title, note, str(row.get("place") or ""), passage),
                      fold(f"{note.text}\n{passage}\n{title}")))
    key = source_path(path) if path else ""
    _listed[file] = (stamp, doc_id, key, items)
    return doc_id, key, items


def all_notes(root: Optional[Path] = None, query: str = "") -> list[LibraryNote]:
    """Every document's notes (the latest version of each file only), by document then place;
    ``query`` keeps those whose note, passage or document title contains it (case, accents
    and spacing ignored, as Find in Document). Unreadable files are skipped and logged."""
    from .find import fold

    folder = Path(root) if root is not None else store.data_dir() / "notes"
    latest = PathIndex(folder).read()
    wanted = fold(query)
    out: list[LibraryNote] = []
    try:
        names = [e.name for e in os.scandir(folder) if e.name.endswith(".json")]
    except OSError:  # no notes yet
        names = []
    for name in names:
        file = folder / name
        parsed = _library_file(file)
        if parsed is None:
            continue
        doc_id, key, items = parsed
        newer = latest.get(key, "") if key else ""
        if newer and newer != doc_id and (folder / f"{newer}.json").exists():
            continue  # an earlier version of a file whose notes moved on with it
        out += [item for item, folded in items if not wanted or wanted in folded]
    return sorted(out, key=lambda x: (x.title.casefold(), x.path, x.note.start, x.note.end))


def notes_markdown(doc: Document, notes: Sequence[Note]) -> str:
    """All notes as Markdown: each passage quoted with its place, then the note."""
    from .quotes import quote

    lines = [f"# Notes on {doc.title}", ""]
    for x in notes:
        passage = quote(doc, x.start, x.end)
        lines += ["> " + ln if ln else ">" for ln in passage.splitlines()]
        lines += ["", x.text, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def list_notes_job(root: str, query: str = "", *, progress=None, cancel=None) -> list[LibraryNote]:  # noqa: ANN001
    """:func:`all_notes` as a worker's task (the window's "search" lane: a process keeps the
    parsed files between listings)."""
    return all_notes(Path(root), query)


def notes_by_document(notes: Sequence[LibraryNote]) -> list[tuple[str, str, list[LibraryNote]]]:
    """``(title, path, notes)`` per run of notes of one document, in the given order."""
    from itertools import groupby

    return [(title, path, list(run)) for (title, path), run in groupby(notes, key=lambda x: (x.title, x.path))]


def library_notes_markdown(notes: Sequence[LibraryNote]) -> str:
    """Every document's notes as Markdown: a heading per document, each passage quoted
    with its place, then the note (what ``strata-cli notes --markdown`` prints)."""
    lines: list[str] = []
    for title, _path, run in notes_by_document(notes):
        lines += [f"## {title}", ""]
        for x in run:
            lines += [f"> {x.passage} ({x.place})" if x.place else f"> {x.passage}", ""]
            lines += [x.note.text, ""]
    return "\n".join(lines).rstrip("\n") + "\n" if lines else ""
