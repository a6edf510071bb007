"""The user's corrections of a document's chapters: what they are, and how they are kept.

Corrections are work product, so this module is careful:

* one JSON file per document *content hash* (``data_dir()/corrections/<doc_id>.json``),
  so a moved or renamed file keeps them;
* every write is atomic (:func:`store.atomic_write_bytes`: temp file, fsync,
  ``os.replace``): a crash or a kill leaves the old or the new file, never a torn one;
* saves are debounced (:meth:`CorrectionsStore.schedule_save`) and :meth:`flush`
  writes what is pending (call it on quit);
* a file that cannot be read (broken, or written by a newer Strata) is never
  deleted: a copy goes to ``corrections/backup/`` and a warning is reported.

Downstream stages do not replay edits; they use :class:`Corrections`, derived from
(automatic chapters, current chapters): ``pinned`` boundaries the segmentation must
keep, ``forbidden`` automatic boundaries the user removed, and ``user_titles`` by
start sentence. :func:`apply_corrections` puts them back on top of any new
automatic chapters (another granularity, model or pipeline version).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from . import store
from .edits import (
    Edit,
    Titler,
    chapter_from_dict,
    chapter_of,
    chapter_to_dict,
    edit_to_dict,
    reshape_chapter,
    validate,
)
from .errors import StrataError
from .file_versions import PathIndex, source_path
from .model import Chapter, Document

log = logging.getLogger(__name__)

SCHEMA = 1
HISTORY_LIMIT = 1000
# the share of an earlier version's boundaries that must be found again by their text
# before its corrections are carried over to the edited file
CARRY_OVER_SHARE = 0.5


@dataclass
class Corrections:
    """What the user changed, in terms that survive a re-segmentation."""

    pinned: set[int] = field(default_factory=set)
    forbidden: set[int] = field(default_factory=set)
    user_titles: dict[int, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.pinned or self.forbidden or self.user_titles)


def corrections_from(
    automatic: Sequence[Chapter], current: Sequence[Chapter], previous: Optional[Corrections] = None
) -> Corrections:
    """Derive the corrections that turn ``automatic`` into ``current``.

    ``pinned``: starts the user set (``Chapter.pinned``) or that the automatic
    chapters lack; ``forbidden``: automatic starts the user removed. ``previous``
    carries forbidden boundaries over when ``automatic`` was itself computed with
    them excluded (they are dropped once the user re-creates the boundary, or when
    ``current`` is exactly the automatic result, i.e. after a reset).
    """
    auto_starts = {c.start for c in automatic}
    cur_starts = {c.start for c in current}
    pinned = {c.start for c in current if c.start > 0 and (c.pinned or c.start not in auto_starts)}
    forbidden = auto_starts - cur_starts
    if previous is not None and tuple(automatic) != tuple(current):
        forbidden |= {b for b in previous.forbidden if b not in cur_starts}
    user_titles = {c.start: c.title for c in current if c.title_source == "user"}
    return Corrections(pinned, forbidden - {0}, user_titles)


def apply_corrections(
    auto_chapters: Sequence[Chapter], corrections: Corrections, *, titler: Optional[Titler] = None
) -> list[Chapter]:
    """Re-apply ``corrections`` on top of (new) automatic chapters of the same document.

    Boundaries: the automatic ones minus ``forbidden``, plus ``pinned``. A chapter
    equal to an automatic one keeps its automatic title; a user title is kept for a
    chapter that starts at the same sentence; any other chapter is left untitled
    (``""``, ``"generated"``) for ``titler(chapters, indices)`` or a later stage.
    """
    auto = tuple(auto_chapters)
    validate(auto)
    n = auto[-1].end
    by_start = {a.start: a for a in auto}
    pins = {p for p in corrections.pinned if 0 < p < n}
    bounds = ({a.start for a in auto} - corrections.forbidden) | pins | {0}
    cuts = sorted(bounds) + [n]
    out: list[Chapter] = []
    for s, t in zip(cuts, cuts[1:]):
        pinned = s in corrections.pinned
        a = by_start.get(s)
        if a is not None and a.end == t:
            c = replace(a, pinned=pinned)
        elif a is not None:
            c = reshape_chapter(a, s, t, pinned=pinned)
        else:
            c = Chapter(s, t, "", "generated", auto[chapter_of(auto, s)].level, pinned)
        if s in corrections.user_titles:
            c = replace(c, title=corrections.user_titles[s], title_source="user")
        out.append(c)
    todo = [i for i, c in enumerate(out) if not c.title]
    if titler is not None and todo:
        out = list(titler(tuple(out), todo))
    return out


def automatic_version(granularity: int = 0) -> str:
    """What produced the automatic chapters; when it changes, saved chapters are re-derived."""
    v = store.PIPELINE_VERSIONS
    return f"g{granularity}-segment{v.get('segment', 0)}-title{v.get('title', 0)}-embed{v.get('embed', 0)}"


@dataclass
class SavedCorrections:
    """The content of one corrections file."""

    doc_id: str
    chapters: list[Chapter]
    corrections: Corrections
    automatic_version: str = ""
    granularity: int = 0
    automatic: Optional[list[Chapter]] = None
    history: list[dict[str, Any]] = field(default_factory=list)
    updated: str = ""
    anchors: dict[int, dict[str, Any]] = field(default_factory=dict)
    path: str = ""  # the file they were made on, so an edited copy of it finds them
    carried_from: str = ""  # set when taken over from an earlier version of the file (its doc id)

    @property
    def sentences(self) -> int:
        """How many sentences the saved chapters cover (the split they were made on)."""
        return self.chapters[-1].end if self.chapters else 0

    def fitted_to(self, doc: Document, *, force: bool = False) -> "SavedCorrections":
        """These corrections on ``doc``'s sentences.

        Unchanged when the sentence count matches; otherwise (a new loader or sentence
        splitter split the same file differently) every boundary is re-anchored by its
        text (:mod:`corrections_remap`), and the automatic part is re-decided later
        (``chapters_for`` re-applies the corrections on the new automatic chapters).
        ``force``: re-anchor even when the count matches (another version of the file,
        where a sentence may have been added here and removed there).
        """
        n = len(doc.sentences)
        if (self.sentences == n and not force) or not self.chapters or n == 0:
            return self
        from .corrections_remap import anchors_for, remap_chapters, remap_index

        old_n = self.sentences
        chapters, mapping, approximate = remap_chapters(self.chapters, self.anchors, doc)
        corr = Corrections(
            {remap_index(p, mapping, self.anchors, doc, old_n) for p in self.corrections.pinned},
            {remap_index(f, mapping, self.anchors, doc, old_n) for f in self.corrections.forbidden},
            {mapping[k]: v for k, v in self.corrections.user_titles.items() if k in mapping},
        )
        corr.forbidden -= {c.start for c in chapters} | {0}
        corr.pinned -= {0}
        log.warning(
            "saved corrections of %s were made on %d sentences, the document now has %d: "
            "%d boundaries re-anchored by their text, %d by position",
            self.doc_id[:12], old_n, n, len(mapping) - 1 - approximate, approximate,
        )
        starts = {c.start for c in chapters} | corr.pinned | corr.forbidden
        return replace(
            self,
            chapters=chapters,
            corrections=corr,
            automatic_version="re-anchored",
            automatic=None,
            anchors=anchors_for(doc, starts),
        )

    def chapters_for(
        self, automatic: Sequence[Chapter], granularity: int = 0, *, titler: Optional[Titler] = None
    ) -> list[Chapter]:
        """The user's chapters on top of ``automatic`` (computed at ``granularity``).

        Same granularity and pipeline versions: exactly the saved chapters (with any
        empty title filled from an identical automatic chapter). Otherwise the
        automatic chapters with the corrections re-applied.
        """
        auto = list(automatic)
        same_doc = bool(self.chapters) and bool(auto) and self.chapters[-1].end == auto[-1].end
        if same_doc and self.automatic_version == automatic_version(granularity):
            titles = {(a.start, a.end): a for a in auto}
            out = []
            for c in self.chapters:
                a = titles.get((c.start, c.end))
                if not c.title and a is not None and a.title:
                    c = replace(c, title=a.title, title_source=a.title_source)
                out.append(c)
            todo = [i for i, c in enumerate(out) if not c.title]
            if titler is not None and todo:
                out = list(titler(tuple(out), todo))
            return out
        return apply_corrections(auto, self.corrections, titler=titler)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _payload(saved: SavedCorrections) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "doc_id": saved.doc_id,
        "updated": saved.updated,
        "automatic_version": saved.automatic_version,
        "granularity": saved.granularity,
        "chapters": [chapter_to_dict(c) for c in saved.chapters],
        "automatic": None if saved.automatic is None else [chapter_to_dict(c) for c in saved.automatic],
        "pinned": sorted(saved.corrections.pinned),
        "forbidden": sorted(saved.corrections.forbidden),
        "user_titles": {str(k): v for k, v in sorted(saved.corrections.user_titles.items())},
        "history": saved.history[-HISTORY_LIMIT:],
        "anchors": {str(k): v for k, v in sorted(saved.anchors.items())},
        "path": saved.path,
    }


def _parse(obj: Any, doc_id: str) -> SavedCorrections:
    """Raise ValueError/KeyError/TypeError for anything that is not a valid schema-1 file."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    chapters = [chapter_from_dict(d) for d in obj["chapters"]]
    validate(tuple(chapters))
    automatic = obj.get("automatic")
    auto = None if automatic is None else [chapter_from_dict(d) for d in automatic]
    if auto is not None:
        validate(tuple(auto), chapters[-1].end)
    corr = Corrections(
        {int(x) for x in obj.get("pinned", [])},
        {int(x) for x in obj.get("forbidden", [])},
        {int(k): str(v) for k, v in dict(obj.get("user_titles", {})).items()},
    )
    history = obj.get("history", [])
    if not isinstance(history, list):
        raise ValueError("history is not a list")
    return SavedCorrections(
        doc_id=str(obj.get("doc_id", doc_id)),
        chapters=chapters,
        corrections=corr,
        automatic_version=str(obj.get("automatic_version", "")),
        granularity=int(obj.get("granularity", 0)),
        automatic=auto,
        history=history,
        updated=str(obj.get("updated", "")),
        anchors={int(k): dict(v) for k, v in dict(obj.get("anchors") or {}).items()},
        path=str(obj.get("path") or ""),
    )


class CorrectionsStore:
    """Load and save corrections files; debounced saves usable from Qt or plain threads.

    ``schedule_save`` queues the latest state of a document and writes it ``delay``
    seconds after the last call (at most ``max_delay`` after the first pending one)
    on a timer thread; ``flush`` writes everything pending now and raises
    :class:`StorageError` if a write fails (the state stays pending). ``on_saved``
    is called with the doc id after each write, from the writing thread.
    """

    def __init__(
        self,
        root: Optional[Path] = None,
        *,
        delay: float = 0.5,
        max_delay: float = 5.0,
        on_saved: Optional[Callable[[str], None]] = None,
        on_warning: Optional[Callable[[str], None]] = None,
    ) -> None:
        self.root = Path(root) if root is not None else store.data_dir() / "corrections"
        self.paths = PathIndex(self.root)  # the latest corrected version of each file, for its edited copies
        self.delay = delay
        self.max_delay = max_delay
        self.on_saved = on_saved
        self.on_warning = on_warning
        self.warnings: list[str] = []
        self._lock = threading.Lock()
        self._io_lock = threading.RLock()
        self._pending: dict[str, SavedCorrections] = {}
        self._first_pending = 0.0
        self._timer: Optional[threading.Timer] = None
        self._known: dict[str, Optional[SavedCorrections]] = {}  # what is on disk, per document

    def path(self, doc_id: str) -> Path:
        return self.root / f"{doc_id}.json"

    # ------------------------------------------------------------------ load

    def load(self, doc_id: str, doc: Optional[Document] = None) -> Optional[SavedCorrections]:
        """The saved corrections (pending ones first), or ``None``. Never raises for a bad file.

        With ``doc``, they are fitted to its sentences (:meth:`SavedCorrections.fitted_to`).
        """
        saved = self._load(doc_id)
        return saved.fitted_to(doc) if saved is not None and doc is not None else saved

    def _load(self, doc_id: str) -> Optional[SavedCorrections]:
        with self._lock:
            if doc_id in self._pending:
                return self._pending[doc_id]
        path = self.path(doc_id)
        self._clean_temp_files(doc_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self._warn(
                f"the saved corrections at {path} cannot be read ({exc.strerror or exc}); "
                "they were left as they are"
            )
            return None
        try:
            obj = json.loads(raw.decode("utf-8"))
            schema = obj.get("schema") if isinstance(obj, dict) else None
            if isinstance(schema, int) and schema > SCHEMA:
                backup = self._backup(path, f"schema{schema}")
                self._warn(
                    "the saved corrections of this document were written by a newer Strata "
                    f"(schema {schema}); "
                    f"they are not used and a copy was kept at {backup}"
                )
                return None
            if schema != SCHEMA:
                raise ValueError(f"unknown schema {schema!r}")
            saved = _parse(obj, doc_id)
        except (ValueError, KeyError, TypeError, StrataError) as exc:
            backup = self._backup(path, "broken")
            self._warn(
                f"the saved corrections of this document are damaged ({exc}); "
                f"they are not used and a copy was kept at {backup}"
            )
            return None
        self._known[doc_id] = saved
        return saved

    def _backup(self, path: Path, why: str) -> Path:
        return store.copy_aside(path, why)

    def _clean_temp_files(self, doc_id: str, older_than: float = 60.0) -> None:
        """Remove temp files a killed writer left behind (never the real file)."""
        now = time.time()
        for tmp in self.root.glob(f".{doc_id}.json.*.tmp"):
            try:
                if now - tmp.stat().st_mtime > older_than:
                    tmp.unlink()
            except OSError:
                pass

    def _warn(self, message: str) -> None:
        log.warning("%s", message)
        self.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)

    # ------------------------------------------------------------------ save

    def make(
        self,
        doc_id: str,
        chapters: Sequence[Chapter],
        *,
        automatic: Optional[Sequence[Chapter]] = None,
        granularity: int = 0,
        history: Iterable[Edit | dict[str, Any]] = (),
        doc: Optional[Document] = None,
    ) -> SavedCorrections:
        """Build the record to save; derives :class:`Corrections` from (automatic, chapters).

        Give ``doc`` so that every boundary is anchored by its text (see
        :mod:`corrections_remap`); without it, anchors saved earlier for the same
        sentence split are kept.
        """
        chapters = list(chapters)
        validate(tuple(chapters))
        if doc_id not in self._known:  # forbidden boundaries saved earlier must carry over
            self._known.setdefault(doc_id, self.load(doc_id))
        earlier = self._known.get(doc_id)
        same_split = earlier is not None and earlier.sentences == chapters[-1].end
        previous = earlier.corrections if same_split and earlier is not None else None
        if automatic is not None:
            corr = corrections_from(automatic, chapters, previous)
        else:  # no automatic chapters at hand: every start the user pinned, every user title
            corr = Corrections(
                {c.start for c in chapters if c.pinned and c.start > 0},
                set(previous.forbidden) - {c.start for c in chapters} if previous else set(),
                {c.start: c.title for c in chapters if c.title_source == "user"},
            )
        hist = [h if isinstance(h, dict) else edit_to_dict(h) for h in history]
        wanted = {c.start for c in chapters} | corr.pinned | corr.forbidden
        if doc is not None and len(doc.sentences) == chapters[-1].end:
            from .corrections_remap import anchors_for

            anchors = anchors_for(doc, wanted)
        else:
            kept = earlier.anchors if same_split and earlier is not None else {}
            anchors = {k: v for k, v in kept.items() if k in wanted}
        return SavedCorrections(
            doc_id=doc_id,
            chapters=chapters,
            corrections=corr,
            automatic_version=automatic_version(granularity),
            granularity=granularity,
            automatic=None if automatic is None else list(automatic),
            history=hist[-HISTORY_LIMIT:],
            updated=_now(),
            anchors=anchors,
            path=source_path(doc.path) if doc is not None and doc.path else (earlier.path if earlier else ""),
        )

    def save(self, doc_id: str, chapters: Sequence[Chapter], **kw: Any) -> SavedCorrections:
        """Write now (atomically); raises :class:`StorageError` when the disk refuses."""
        saved = self.make(doc_id, chapters, **kw)
        with self._lock:
            self._pending.pop(doc_id, None)
        self._write(saved)
        self._notify(doc_id)
        return saved

    def _write(self, saved: SavedCorrections) -> None:
        with self._io_lock:
            data = json.dumps(_payload(saved), ensure_ascii=False, indent=1).encode("utf-8")
            earlier = self._known.get(saved.doc_id)
            path = self.path(saved.doc_id)
            if earlier is not None and earlier.sentences != saved.sentences and path.exists():
                # made on another sentence split: never replace those corrections without a copy
                backup = self._backup(path, f"split{earlier.sentences}")
                log.warning("corrections made on %d sentences kept at %s", earlier.sentences, backup)
            store.atomic_write_bytes(path, data)
            self._known[saved.doc_id] = saved
            self.paths.remember(saved.path, saved.doc_id)
        log.debug("saved corrections of %s (%d chapters)", saved.doc_id[:12], len(saved.chapters))

    # ------------------------------------------------------------------ earlier versions of a file

    def load_earlier_version(self, doc: Document) -> Optional[SavedCorrections]:
        """Corrections made on an earlier version of ``doc``'s file (same path, other content),
        re-anchored on ``doc`` by their text, or ``None``.

        Content hashes key corrections, so editing a transcript's typos would otherwise
        leave the user's chapters behind. They are carried over only when most of their
        boundaries are found again by their text (:data:`CARRY_OVER_SHARE`): a different
        document saved under the same name does not get them.
        """
        if not doc.path or not doc.sentences:
            return None
        old_id = self.paths.get(doc.path)
        if not old_id or old_id == doc.id:
            return None
        saved = self._load(old_id)
        if saved is None or not saved.chapters:
            return None
        from .corrections_remap import remap_chapters

        _chapters, mapping, approximate = remap_chapters(saved.chapters, saved.anchors, doc)
        boundaries = len(mapping) - 1
        if boundaries and (boundaries - approximate) / boundaries < CARRY_OVER_SHARE:
            log.info("corrections of an earlier %s not carried over: %d of %d boundaries found by their text",
                     doc.path, boundaries - approximate, boundaries)
            return None
        fitted = saved.fitted_to(doc, force=True)
        log.info("corrections of an earlier version of %s (%s) carried over", doc.path, old_id[:12])
        return replace(fitted, doc_id=doc.id, carried_from=old_id, automatic_version="re-anchored", automatic=None)

    def _notify(self, doc_id: str) -> None:
        if self.on_saved is not None:
            try:
                self.on_saved(doc_id)
            except Exception:  # a listener must not make a saved file look unsaved
                log.exception("on_saved callback failed")

    def schedule_save(self, doc_id: str, chapters: Sequence[Chapter], **kw: Any) -> None:
        """Queue the latest state; it is written after ``delay`` seconds of quiet (or on flush)."""
        saved = self.make(doc_id, chapters, **kw)
        with self._lock:
            now = time.monotonic()
            if not self._pending:
                self._first_pending = now
            self._pending[doc_id] = saved
            wait = max(0.0, min(self.delay, self._first_pending + self.max_delay - now))
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(wait, self._on_timer)
            self._timer.daemon = True
            self._timer.start()

    def has_pending(self, doc_id: Optional[str] = None) -> bool:
        with self._lock:
            return bool(self._pending) if doc_id is None else doc_id in self._pending

    def _on_timer(self) -> None:
        try:
            self.flush()
        except StrataError as exc:  # stays pending; flush on quit retries and reports
            self._warn(f"your corrections could not be saved yet: {exc}")

    def flush(self) -> int:
        """Write every pending state now; return how many files were written."""
        with self._io_lock:  # one flush at a time, so the newest state is written last
            with self._lock:
                pending = dict(self._pending)
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None
            written = 0
            for doc_id, saved in pending.items():
                self._write(saved)  # on failure the state stays pending
                written += 1
                with self._lock:
                    if self._pending.get(doc_id) is saved:
                        del self._pending[doc_id]
                self._notify(doc_id)
            return written

    def close(self) -> None:
        """Flush and stop the timer (call on quit)."""
        self.flush()
