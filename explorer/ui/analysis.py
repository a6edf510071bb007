"""Background analysis and indexing of open documents and imported folders.

After a document loads, :class:`AnalysisController` runs the pipeline
(:func:`explorer.core.pipeline.analyse`: layout, embeddings, segmentation, titles)
on the "compute" lane, hands the result to the session on the GUI thread, then
indexes the document on the "index" lane (the only LanceDB writer). Chapter edits
re-index only what changed. :class:`FolderImport` imports every file of a folder
as ONE job on the "index" lane (load, analyse, ingest each file in turn), with one
progress bar and one cancel for all; the open document keeps the "pdf" lane for
rendering meanwhile. (PyMuPDF calls there run beside the pdf lane's, as the
pipeline's layout stage does on the compute lane; PyMuPDF holds the GIL in its
calls, so they do not interleave.)
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.core.progress import Cancelled, scaled

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".pdf", ".epub", ".vtt", ".srt", ".json", ".json3", ".txt", ".xml", ".html", ".htm", ".md",
                      ".markdown", ".docx", ".odt", ".rtf", ".pptx", ".odp", ".sbv", ".ttml", ".dfxp", ".eaf",
                      ".textgrid", ".cha", ".ass", ".ssa", ".smi", ".sami", ".csv", ".tsv"}

_libraries: dict[str, Any] = {}


def lane_library(lane: str) -> Any:
    """One :class:`explorer.core.index.Library` per lane, created on that lane (heavy imports stay off the GUI)."""
    from explorer.core import store
    from explorer.core.index import Library

    path = str(store.data_dir() / "library.lance")
    key = f"{lane}:{path}"
    lib = _libraries.get(key)
    if lib is None:
        lib = _libraries[key] = Library()
    return lib


def reset_libraries() -> None:
    """Forget cached Library objects (tests switch the data folder between cases)."""
    _libraries.clear()


@dataclass(frozen=True)
class DocRef:
    """What a child process needs to load a document itself: sending the path is cheap,
    pickling a 400-page Document in the window's process would hold the interpreter
    lock for a noticeable time (and again to unpickle its copy)."""

    path: str
    doc_id: str
    password: Optional[str] = None
    sentences: int = 0
    variant: str = ""  # what the window applied on top of the file (speaker names): a new variant loads again


_loaded: dict[str, Any] = {}


def resolve(doc):  # noqa: ANN001, ANN201
    """A Document from a Document or a :class:`DocRef` (loaded once per process, checked by hash)."""
    if not isinstance(doc, DocRef):
        return doc
    key = f"{doc.doc_id}:{doc.variant}"
    cached = _loaded.get(key)
    if cached is not None:
        return cached
    from explorer.core.loaders import load_document

    loaded = load_document(doc.path, password=doc.password)
    if loaded.id != doc.doc_id or (doc.sentences and len(loaded.sentences) != doc.sentences):
        raise RuntimeError(f"{Path(doc.path).name} changed on disk since it was opened; reopen it")
    _loaded.clear()  # keep one document per process
    _loaded[key] = loaded
    return loaded


def analyse_document(doc, granularity: int, layout: bool, *, progress=None, cancel=None):  # noqa: ANN001
    """compute lane: the pipeline's :class:`Analysis` for ``doc`` (a Document or a DocRef).

    For a DocRef the result travels back without the document (the window has it)."""
    from explorer.core.pipeline import analyse

    result = analyse(resolve(doc), granularity=granularity, layout=layout, progress=progress, cancel=cancel)
    if isinstance(doc, DocRef):
        result.doc = None
    return result


def indexed_chapters(session) -> list:  # noqa: ANN001
    """The session's chapters and their sections, as the search index takes them."""
    from explorer.core.chaptering import with_sections

    return with_sections(session.chapters, session.sections, session.automatic_chapters)


def ingest_document(doc, chapters, embeddings, force=False, *, progress=None, cancel=None):  # noqa: ANN001
    """index lane: add or refresh ``doc`` (a Document or a DocRef) in the library (``force``:
    re-embed even when its chapters are unchanged, e.g. after the speakers were renamed)."""
    return lane_library("index").ingest(resolve(doc), chapters, sentence_embeddings=embeddings, progress=progress,
                                        cancel=cancel, force=force)


def update_chapters(doc, chapters, *, progress=None, cancel=None):  # noqa: ANN001
    """index lane: re-index the chunks of changed chapters."""
    doc = resolve(doc)
    lib = lane_library("index")
    if not lib.has_document(doc.id):
        return lib.ingest(doc, chapters, progress=progress, cancel=cancel)
    return lib.update_chapters(doc, chapters, progress=progress, cancel=cancel)


def library_documents(*, progress=None, cancel=None) -> list[dict]:  # noqa: ANN001
    """index lane: what is in the library, each row with its file's ``state`` (checked here,
    off the GUI thread: a network folder can be slow): "missing" (no longer where it was
    indexed), "changed" (edited since it was indexed), "unchecked" (its size or time moved
    since it was last hashed: :func:`check_library_files` tells), or "" (the version indexed).
    Only stats are taken here; files are hashed by :func:`check_library_files`."""
    from explorer.core.file_stamps import FileStamps, file_states

    rows = lane_library("index").documents()
    states = file_states(rows, FileStamps(), hash_files=False, cancel=cancel)
    for row in rows:
        row["state"] = states.get(row["id"], "")
    return rows


def check_library_files(doc_ids: list[str], *, progress=None, cancel=None) -> dict[str, str]:  # noqa: ANN001
    """index lane: hash the files of ``doc_ids`` whose size or time moved since their last
    hash; returns ``{doc id: state}`` for those edited since they were indexed ("changed")
    or gone. The hashes are remembered, so the next look at the library only takes stats."""
    from explorer.core.file_stamps import FileStamps, file_states

    rows = lane_library("index").documents()
    stamps = FileStamps()
    wanted = set(doc_ids)
    try:
        return file_states([r for r in rows if r["id"] in wanted], stamps, hash_files=True,
                           progress=progress, cancel=cancel)
    finally:
        stamps.save(keep=[str(r["path"]) for r in rows if r.get("path")])


def documents_of_other_models(*, progress=None, cancel=None) -> int:  # noqa: ANN001
    """index lane: how many documents another embedding model indexed (the user chose a
    new model in Settings); vector search cannot see them until they are re-embedded."""
    return len(lane_library("index").stale_documents(models_only=True))


def reembed_other_models(*, progress=None, cancel=None) -> int:  # noqa: ANN001
    """index lane: re-embed those documents from their stored chunk text (no source file
    needed); returns the number of chunks."""
    return lane_library("index").reembed(models_only=True, progress=progress, cancel=cancel)


def remove_document(doc_id: str, *, progress=None, cancel=None) -> None:  # noqa: ANN001
    lane_library("index").remove(doc_id)


def search_library(query: str, mode: str, doc_id: Optional[str], k: int = 30, *, with_query_vector: bool = False,
                   progress=None, cancel=None):  # noqa: ANN001
    """search lane (read-only, so queries never wait behind a long ingest). With
    ``with_query_vector``: ``(hits, the query's vector)``, for the window to land each hit
    on its sentence closest in meaning (:mod:`explorer.core.hit_focus`)."""
    from explorer.core.search import search

    if cancel is not None:
        cancel.check()
    lib = lane_library("search")
    if not with_query_vector:
        return search(lib, query, k=k, mode=mode, doc_id=doc_id)
    from explorer.core.embedding import encode_query

    vector = encode_query(lib.embedder, query) if query.strip() else None
    return search(lib, query, k=k, mode=mode, doc_id=doc_id, vector=vector), vector


def warm_search(*, progress=None, cancel=None) -> None:  # noqa: ANN001
    """search lane: import the search stack, load the embedding model and map the vectors
    before the first query, which would otherwise wait for them (about 10 s on 2 cores)."""
    from explorer.core.embedding import encode_query
    from explorer.core.search import mirror

    lib = lane_library("search")
    encode_query(lib.embedder, "warm up")
    mirror(lib)


class AnalysisController(QObject):
    """Analyse then index one session at a time; failures go to ``failed`` (one sentence)."""

    analysis_finished = Signal(object)  # session
    indexing_finished = Signal(object)  # session
    library_changed = Signal()
    failed = Signal(str)

    def __init__(self, workers, parent: Optional[QObject] = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.workers = workers
        self.granularity = 0
        self.layout = True
        self.index_enabled = True
        self._handles: list = []

    def cancel(self) -> None:
        for h in self._handles:
            h.cancel()
        self._handles = []

    def start(self, session) -> None:  # noqa: ANN001
        """Analyse ``session``'s document (cancelling the previous analysis)."""
        self.cancel()
        doc = session.document
        if not doc.sentences:
            return
        session.analysis_state = "running"
        session.analysis_started.emit()
        name = Path(doc.path).name
        h = self.workers.submit("compute", analyse_document, self._ref("compute", session), self.granularity,
                                self.layout,
                                name=f"Analysing {name}", key="analyse", visible=True)
        h.finished.connect(lambda analysis: self._on_analysis_finished(session, analysis))
        h.failed.connect(lambda exc: self._on_analysis_failed(session, exc))
        h.cancelled.connect(lambda: self._on_analysis_cancelled(session))
        self._handles = [h]

    def _ref(self, lane: str, session):  # noqa: ANN001, ANN202
        """The session's Document for a thread lane, a :class:`DocRef` for a process lane."""
        doc = session.document
        if self.workers.is_process_lane(lane):
            return DocRef(doc.path, doc.id, getattr(session, "password", None), len(doc.sentences),
                          doc.metadata.get("speaker_names", ""))
        return doc

    def _on_analysis_finished(self, session, analysis) -> None:  # noqa: ANN001
        if analysis.doc is None:  # computed in a child process from the same file
            analysis.doc = session.document
        if session.document is not analysis.doc and session.document.id != analysis.doc.id:
            return
        session.set_analysis(analysis)
        self.analysis_finished.emit(session)
        if self.index_enabled:
            # at the next turn of the event loop: the chapters landing above are the window's
            # work of this one (submitting adds a row to the jobs bar)
            QTimer.singleShot(0, self, lambda: self.workers.closed or self.index(session))

    def _on_analysis_failed(self, session, exc: BaseException) -> None:  # noqa: ANN001
        session.analysis_state = "failed"
        if isinstance(exc, ImportError):
            message = "Analysis is not available in this build (a pipeline module is missing); see the log."
        else:
            message = f"Analysis of {Path(session.path).name} failed: {exc}"
        session.analysis_failed.emit(message)
        self.failed.emit(message)

    def _on_analysis_cancelled(self, session) -> None:  # noqa: ANN001
        session.analysis_state = "cancelled"
        session.analysis_failed.emit("")

    def index(self, session, force: bool = False) -> None:  # noqa: ANN001
        doc = session.document
        analysis = session.analysis
        embeddings = getattr(analysis, "embeddings", None)
        if self.workers.is_process_lane("index"):
            embeddings = None  # the child reads them from the cache if it needs them
        h = self.workers.submit("index", ingest_document, self._ref("index", session), indexed_chapters(session),
                                embeddings, force, name=f"Indexing {Path(doc.path).name}", key=f"index:{doc.id}",
                                visible=True)
        h.finished.connect(lambda _stats: self._on_index_finished(session))
        h.failed.connect(lambda exc: self.failed.emit(f"Indexing {Path(doc.path).name} failed: {exc}"))
        self._handles.append(h)

    def reindex_chapters(self, session) -> None:  # noqa: ANN001
        """After an edit: refresh the changed chapters' chunks (debounced by the key)."""
        if not self.index_enabled or not session.chapters:
            return
        doc = session.document
        h = self.workers.submit("index", update_chapters, self._ref("index", session), indexed_chapters(session),
                                name=f"Re-indexing {Path(doc.path).name}", key=f"index:{doc.id}", visible=True)
        h.finished.connect(lambda _n: self._on_index_finished(session))
        h.failed.connect(lambda exc: self.failed.emit(f"Re-indexing failed: {exc}"))

    def _on_index_finished(self, session) -> None:  # noqa: ANN001
        session.indexed = True
        self.indexing_finished.emit(session)
        self.library_changed.emit()


def find_documents(folder: str | os.PathLike[str]) -> list[Path]:
    """Files under ``folder`` (recursively) whose suffix Strata may read, sorted."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED_SUFFIXES:
                out.append(Path(root) / f)
    return out


def import_file(path: str, granularity: int, *, progress=None, cancel=None):  # noqa: ANN001
    """compute lane: load, analyse and ingest one file (used by folder import)."""
    from explorer.core.loaders import load_document

    doc = load_document(path, progress=scaled(progress, 0.0, 0.2), cancel=cancel)
    analysis = None
    chapters = None
    embeddings = None
    try:
        analysis = analyse_document(doc, granularity, True, progress=scaled(progress, 0.2, 0.8), cancel=cancel)
        from explorer.core.chaptering import with_sections

        chapters, embeddings = with_sections(analysis.chapters, analysis.sections, analysis.automatic), analysis.embeddings
    except ImportError as exc:
        log.warning("analysis unavailable for %s: %s", path, exc)
    return doc, chapters, embeddings


def import_files(files: list[str], granularity: int, *, progress=None, cancel=None) -> tuple[int, list]:  # noqa: ANN001
    """index lane: load, analyse and ingest each file in turn. Per-file failures are
    collected, not fatal. Returns (imported count, [(path, message)])."""
    from explorer.core.errors import StrataError

    from explorer.core.file_stamps import FileStamps

    imported = 0
    failures: list[tuple[str, str]] = []
    total = len(files)
    library = lane_library("index")
    stamps = FileStamps()
    for i, path in enumerate(files):
        if cancel is not None:
            cancel.check()
        if progress is not None:
            progress(i / max(1, total), f"{i + 1}/{total} {Path(path).name}")
        try:
            if library.indexed_unchanged(os.path.abspath(path), stamps) is not None:
                imported += 1  # in the library as it is on disk: not loaded again
                continue
            doc, chapters, embeddings = import_file(path, granularity, cancel=cancel)
            library.ingest(doc, chapters, sentence_embeddings=embeddings, cancel=cancel)
            imported += 1
        except Cancelled:
            raise
        except StrataError as exc:
            failures.append((path, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the import
            log.warning("import of %s failed", path, exc_info=True)
            failures.append((path, f"{type(exc).__name__}: {exc}"))
    stamps.save(keep=[str(r["path"]) for r in library.documents() if r.get("path")])
    return imported, failures


class FolderImport(QObject):
    """Import every supported file under a folder (or a list of files and folders, as dropped
    on the window) as one cancellable job on the index lane."""

    finished = Signal(int, list)  # imported count, [(path, message)] failures

    def __init__(self, workers, folder: "str | list[str]", granularity: int = 0,  # noqa: ANN001
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.workers = workers
        if isinstance(folder, (list, tuple)):  # dropped files: each file as given, folders searched
            found: list[str] = []
            for p in folder:
                found += [str(q) for q in find_documents(p)] if Path(p).is_dir() else [str(p)]
            self.files = list(dict.fromkeys(found))
            self._name = f"{len(self.files)} files"
        else:
            self.files = [str(p) for p in find_documents(folder)]
            self._name = Path(folder).name
        self.granularity = granularity
        self.failures: list[tuple[str, str]] = []
        self.imported = 0
        self.handle = None

    def start(self) -> None:
        """One visible job drives the import (its cancel stops every remaining file)."""
        self.handle = self.workers.submit("index", import_files, self.files, self.granularity,
                                          name=f"Importing {self._name}", visible=True)
        self.handle.finished.connect(self._on_handle_finished)
        self.handle.cancelled.connect(lambda: self.finished.emit(self.imported, self.failures))
        self.handle.failed.connect(lambda exc: self.finished.emit(self.imported, self.failures + [("", str(exc))]))

    def _on_handle_finished(self, result: tuple) -> None:
        self.imported, self.failures = result[0], list(result[1])
        self.finished.emit(self.imported, self.failures)
