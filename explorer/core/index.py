"""The search library: situated chunks of every ingested document in LanceDB.

Layout (in ``<data dir>/library.lance``):

* ``documents``: one row per document (id = SHA-256 of the file, title, path, kind,
  pages/duration, chunk count, model, situating method, pipeline version, chapter
  signature, indexed_at);
* ``chunks``: one row per chunk (id, doc id, kind, chapter start/end/title, sentence
  range, pages, line rectangles or times, speaker, text, context, vector, model,
  method, pipeline version), with a native BM25 full-text index on ``text`` and
  ``context``.

Writes are atomic per document: all chunk rows of a document are replaced by one
``merge_insert`` (insert new, update same, delete the document's rows not in the new
set) which commits one table version, so a crash leaves either the old rows or the
new ones, never both; the ``documents`` row is written last, so a document counts as
indexed only once its chunks are in. One writer at a time holds a file lock; readers
never take it (LanceDB readers see committed versions).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

import numpy as np

from . import store
from .embedding import Embedder
from .errors import IndexError_
from .file_lock import exclusive_lock
from .index_chunks import chunk_anchor, make_chunks, normalise_chapters, normalise_sections
from .index_situate import Situate, preset, situate
from .model import Chapter, Chunk, Document
from .progress import CancelToken, Progress, check, report, scaled

log = logging.getLogger(__name__)

CHUNKS = "chunks"
DOCUMENTS = "documents"
FTS_COLUMNS = ["text", "context"]


def pipeline_version() -> int:
    return store.PIPELINE_VERSIONS.get("index", 1)


@dataclass
class IngestStats:
    doc_id: str
    sentences: int = 0
    chunks: int = 0
    seconds: float = 0.0
    skipped: bool = False
    model: str = ""
    method: str = ""


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def chapter_key(ch: Chapter, sections: Sequence[Chapter] = ()) -> str:
    """Identity of a chapter for incremental updates: its range, title and the sections in it."""
    inner = [(s.start, s.end, s.title) for s in sections if ch.start <= s.start < ch.end]
    h = hashlib.sha1(repr((ch.title, inner)).encode("utf-8")).hexdigest()[:10]
    return f"{ch.start}-{ch.end}-{h}"


def page_labels(doc: Document) -> list[str]:
    """The printed page labels of a PDF whose labels are not just its page numbers, else []."""
    labels = [doc.page_name(i) for i in range(doc.page_count)]
    return labels if any(lab != str(i + 1) for i, lab in enumerate(labels)) else []


def _signature(chapters: Sequence[Chapter], sections: Sequence[Chapter], labels: Sequence[str] = ()) -> str:
    """The document row's description of what was indexed: chapters, sections, their keys and
    (for hits to cite pages as the document prints them) the page labels."""
    out: dict = {"chapters": [[c.start, c.end, c.title] for c in chapters],
                 "sections": [[c.start, c.end, c.title] for c in sections],
                 "keys": [chapter_key(c, sections) for c in chapters]}
    if labels:
        out["page_labels"] = list(labels)
    return json.dumps(out, ensure_ascii=False)


def _same_chapters(stored: Optional[str], chapters: Sequence[Chapter], sections: Sequence[Chapter]) -> bool:
    """Whether a stored signature has these chapters and sections (page labels aside: they change no chunk)."""
    try:
        old = json.loads(stored or "")
    except ValueError:
        return False
    old.pop("page_labels", None)
    return json.dumps(old, ensure_ascii=False) == _signature(chapters, sections)


def _schema(dim: int):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    chunks = pa.schema([
        pa.field("id", pa.string()),
        pa.field("doc_id", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("chapter_key", pa.string()),
        pa.field("chapter_start", pa.int32()),
        pa.field("chapter_end", pa.int32()),
        pa.field("chapter_title", pa.string()),
        pa.field("start", pa.int32()),
        pa.field("end", pa.int32()),
        pa.field("pages", pa.list_(pa.int32())),
        pa.field("rects", pa.list_(pa.list_(pa.float32()))),
        pa.field("t_start", pa.float64()),
        pa.field("t_end", pa.float64()),
        pa.field("speaker", pa.string()),
        pa.field("text", pa.string()),
        pa.field("context", pa.string()),
        pa.field("vector", pa.list_(pa.float32(), dim)),
        pa.field("model", pa.string()),
        pa.field("method", pa.string()),
        pa.field("pipeline", pa.int32()),
    ])
    documents = pa.schema([
        pa.field("id", pa.string()),
        pa.field("title", pa.string()),
        pa.field("path", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("format", pa.string()),
        pa.field("pages", pa.int32()),
        pa.field("duration", pa.float64()),
        pa.field("sentences", pa.int32()),
        pa.field("chunks", pa.int32()),
        pa.field("model", pa.string()),
        pa.field("method", pa.string()),
        pa.field("settings", pa.string()),
        pa.field("pipeline", pa.int32()),
        pa.field("chapters", pa.string()),
        pa.field("indexed_at", pa.string()),
    ])
    return chunks, documents


class Library:
    """The user's searchable library (or any folder given as ``path``, e.g. in evaluations).

    ``situate`` names the situating preset (see :mod:`index_situate`); it is stored
    with every document so a later change of method or model re-embeds on ingest.
    """

    def __init__(self, path: Optional[Path] = None, embedder: Optional[Embedder] = None, *, situate: Optional[str] = None) -> None:
        self.path = Path(path) if path is not None else store.data_dir() / "library.lance"
        self._embedder = embedder
        self.situate: Situate = preset(situate)
        self._db: Any = None
        self._tables: dict[str, Any] = {}
        self._mirror: Any = None

    # -- plumbing -------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from .embedding import default_embedder

            self._embedder = default_embedder()
        return self._embedder

    def _connect(self):  # type: ignore[no-untyped-def]
        if self._db is None:
            import lancedb

            os.environ.setdefault("LANCE_LOG", "error")
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                self._db = lancedb.connect(str(self.path), read_consistency_interval=_dt.timedelta(seconds=0))
            except Exception as exc:  # noqa: BLE001 - lancedb raises many kinds
                raise IndexError_(f"the search index at {self.path} could not be opened ({exc})") from exc
        return self._db

    def table(self, name: str, *, create: bool = False):  # type: ignore[no-untyped-def]
        """The LanceDB table ``name`` or ``None`` when it does not exist (unless ``create``)."""
        if name in self._tables:
            return self._tables[name]
        db = self._connect()
        try:
            tbl = db.open_table(name)
        except (FileNotFoundError, ValueError):
            if not create:
                return None
            chunks, documents = _schema(self.embedder.dim)
            tbl = db.create_table(name, schema=chunks if name == CHUNKS else documents, exist_ok=True)
        self._tables[name] = tbl
        return tbl

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer at a time across processes."""
        with exclusive_lock(self.path / ".writer.lock"):
            yield

    # -- reading --------------------------------------------------------------------
    def _doc_rows(self, where: Optional[str] = None) -> list[dict]:
        tbl = self.table(DOCUMENTS)
        if tbl is None:
            return []
        rows = tbl.to_arrow().to_pylist()  # one small row per document
        if where is None:
            return rows
        return [r for r in rows if r["id"] == where]

    def documents(self) -> list[dict]:
        """What is indexed: id, title, path, kind, pages, duration, chunks, model, method, indexed_at."""
        rows = self._doc_rows()
        for r in rows:
            r.pop("chapters", None)
            r.pop("settings", None)
        return sorted(rows, key=lambda r: (r.get("title") or "").lower())

    def document(self, doc_id: str) -> Optional[dict]:
        rows = self._doc_rows(doc_id)
        return rows[0] if rows else None

    def has_document(self, doc_id: str) -> bool:
        return self.document(doc_id) is not None

    def chunk_count(self) -> int:
        tbl = self.table(CHUNKS)
        return 0 if tbl is None else tbl.count_rows()

    # -- writing --------------------------------------------------------------------
    def _rows(self, doc: Document, chapters: Sequence[Chapter], chunks: Sequence[tuple[int, Chunk]],
              contexts: Sequence[str], vectors: np.ndarray, sections: Sequence[Chapter] = ()) -> list[dict]:
        rows = []
        model, method, pipe = self.embedder.model_id, self.situate.name, pipeline_version()
        for (ci, ch), ctx, vec in zip(chunks, contexts, vectors):
            chap = chapters[ci]
            key = chapter_key(chap, sections)
            anchor = chunk_anchor(doc, ch.start, ch.end)
            rows.append({
                "id": f"{doc.id[:24]}:{key}:{ch.start}-{ch.end}",
                "doc_id": doc.id,
                "kind": doc.kind,
                "chapter_key": key,
                "chapter_start": chap.start,
                "chapter_end": chap.end,
                "chapter_title": chap.title,
                "start": ch.start,
                "end": ch.end,
                "pages": list(anchor.pages),
                "rects": [list(r) for r in anchor.rects],
                "t_start": anchor.start,
                "t_end": anchor.end,
                "speaker": anchor.speaker or "",
                "text": ch.text,
                "context": ctx,
                "vector": vec.astype(np.float32).tolist(),
                "model": model,
                "method": method,
                "pipeline": pipe,
            })
        return rows

    def _doc_row(self, doc: Document, chapters: Sequence[Chapter], n_chunks: int, sections: Sequence[Chapter] = ()) -> dict:
        return {
            "id": doc.id,
            "title": doc.title,
            "path": os.path.abspath(doc.path) if doc.path else "",  # opened again from any folder
            "kind": doc.kind,
            "format": doc.format,
            "pages": len(doc.pages),
            "duration": doc.duration,
            "sentences": len(doc.sentences),
            "chunks": n_chunks,
            "model": self.embedder.model_id,
            "method": self.situate.name,
            "settings": json.dumps(self.situate.as_dict(), sort_keys=True),
            "pipeline": pipeline_version(),
            "chapters": _signature(chapters, sections, page_labels(doc)),
            "indexed_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }

    def indexed_unchanged(self, path: str, stamps: Any = None) -> Optional[dict]:
        """The library's row for the file at ``path`` when the version on disk is the one
        indexed, with this model, method and pipeline version; else None. A folder imported
        again skips such files without loading them (the file is hashed at most once per size
        and time: :class:`explorer.core.file_stamps.FileStamps`). Their chapters are the ones
        indexed: the window re-indexes a document whose chapters changed when it opens it."""
        from .file_stamps import FileStamps

        doc_id = (stamps or FileStamps()).content_id(path)
        row = self.document(doc_id) if doc_id else None
        if not row or (row.get("model"), row.get("settings"), row.get("pipeline")) != (
                self.embedder.model_id, json.dumps(self.situate.as_dict(), sort_keys=True), pipeline_version()):
            return None
        return row

    def _is_current(self, row: Optional[dict], chapters: Sequence[Chapter], sections: Sequence[Chapter] = ()) -> bool:
        return bool(
            row
            and row.get("model") == self.embedder.model_id
            and row.get("settings") == json.dumps(self.situate.as_dict(), sort_keys=True)
            and row.get("pipeline") == pipeline_version()
            and _same_chapters(row.get("chapters"), chapters, sections)
        )

    def ingest(
        self,
        doc: Document,
        chapters: Optional[list[Chapter]] = None,
        *,
        sentence_embeddings: Optional[np.ndarray] = None,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
        force: bool = False,
    ) -> IngestStats:
        """Index ``doc`` (idempotent by ``doc.id``): its rows are replaced in one commit.

        Nothing is re-embedded when the document is already indexed with the same
        model, situating method, pipeline version and chapters (unless ``force``).
        ``sentence_embeddings`` (the pipeline's, one row per sentence) feed the
        situating presets that mix in each chunk's sentence vectors, so the sentences
        are not encoded a second time.
        """
        t0 = time.perf_counter()
        chaps = normalise_chapters(doc, chapters)
        secs = normalise_sections(doc, chapters, chaps)
        stats = IngestStats(doc.id, len(doc.sentences), model=self.embedder.model_id, method=self.situate.name)
        row = self.document(doc.id)
        if not force and self._is_current(row, chaps, secs):
            stats.skipped = True
            stats.chunks = int(row["chunks"])  # type: ignore[index]
            fresh = self._doc_row(doc, chaps, stats.chunks, secs)
            if row.get("chapters") != fresh["chapters"]:  # type: ignore[union-attr]
                with self._write_lock():  # indexed before page labels were kept: the row only
                    self._upsert_document(fresh)
            self._drop_older_versions(doc)
            report(progress, 1.0, "already indexed")
            return stats
        tbl = self.table(CHUNKS)
        if tbl is not None and self._table_dim(tbl) != self.embedder.dim:
            self.reembed(cancel=cancel)  # a model with another vector size: rewrite the table first
        chunks = make_chunks(doc, chaps, secs)
        contexts, vectors = situate(doc, chaps, chunks, self.embedder, self.situate, sections=secs,
                                    sentence_vectors=sentence_embeddings, progress=scaled(progress, 0.0, 0.95),
                                    cancel=cancel)
        check(cancel)
        rows = self._rows(doc, chaps, chunks, contexts, vectors, secs)
        with self._write_lock():
            self._replace_rows(f"doc_id = {_sql_str(doc.id)}", rows)
            self._upsert_document(self._doc_row(doc, chaps, len(rows), secs))
            self._maintain()
        self._drop_older_versions(doc)
        stats.chunks = len(rows)
        stats.seconds = time.perf_counter() - t0
        report(progress, 1.0, f"indexed {len(rows)} chunks")
        return stats

    def update_chapters(
        self,
        doc: Document,
        chapters: list[Chapter],
        *,
        progress: Optional[Progress] = None,
        cancel: Optional[CancelToken] = None,
    ) -> int:
        """After a user edit: re-embed only chunks of chapters whose range or title changed.

        Returns the number of chunks (re)written. Falls back to a full ingest when the
        document is not indexed yet or was indexed with another model or method.
        """
        row = self.document(doc.id)
        chaps = normalise_chapters(doc, chapters)
        secs = normalise_sections(doc, chapters, chaps)
        if row is None or row.get("model") != self.embedder.model_id or row.get("settings") != json.dumps(
            self.situate.as_dict(), sort_keys=True
        ) or row.get("pipeline") != pipeline_version():
            return self.ingest(doc, chapters, progress=progress, cancel=cancel, force=True).chunks
        try:
            old = set(json.loads(row["chapters"]).get("keys", []))
        except (ValueError, AttributeError, TypeError):
            old = set()
        keys = [chapter_key(c, secs) for c in chaps]
        keep = [k for k in keys if k in old]
        changed = {i for i, k in enumerate(keys) if k not in old}
        all_chunks = make_chunks(doc, chaps, secs)
        todo = [(ci, ch) for ci, ch in all_chunks if ci in changed]
        contexts, vectors = situate(doc, chaps, todo, self.embedder, self.situate, sections=secs,
                                    progress=scaled(progress, 0.0, 0.95), cancel=cancel)
        check(cancel)
        rows = self._rows(doc, chaps, todo, contexts, vectors, secs)
        where = f"doc_id = {_sql_str(doc.id)}"
        if keep:
            where += " AND chapter_key NOT IN (" + ", ".join(_sql_str(k) for k in keep) + ")"
        with self._write_lock():
            self._replace_rows(where, rows)
            self._upsert_document(self._doc_row(doc, chaps, len(all_chunks), secs))
        report(progress, 1.0, f"re-indexed {len(rows)} chunks")
        return len(rows)

    def _drop_older_versions(self, doc: Document) -> None:
        """The library holds one version of a file: once ``doc`` is indexed, the versions
        indexed before the file was edited (same path, another content hash) go, so a
        search does not find each passage twice, once in text that is no longer there."""
        if not doc.path:
            return
        from .file_versions import source_path

        here = source_path(doc.path)
        # a path stored relative (indexed before paths were made absolute) names no file for sure
        older = [r["id"] for r in self._doc_rows()
                 if r["id"] != doc.id and os.path.isabs(str(r.get("path") or ""))
                 and source_path(str(r["path"])) == here]
        for doc_id in older:
            log.info("%s was edited: its older version %s leaves the library", doc.path, doc_id[:12])
            self.remove(doc_id)

    def remove(self, doc_id: str) -> None:
        """Remove a document and all its chunks (the document row first, so it vanishes at once)."""
        with self._write_lock():
            for name in (DOCUMENTS, CHUNKS):
                tbl = self.table(name)
                if tbl is not None:
                    tbl.delete(f"{'id' if name == DOCUMENTS else 'doc_id'} = {_sql_str(doc_id)}")

    def stale_documents(self, *, models_only: bool = False) -> list[str]:
        """Ids of documents indexed with another model, method or pipeline version
        (``models_only``: with another embedding model)."""
        if models_only:
            return [r["id"] for r in self._doc_rows() if r.get("model") != self.embedder.model_id]
        settings = json.dumps(self.situate.as_dict(), sort_keys=True)
        return [r["id"] for r in self._doc_rows()
                if (r.get("model"), r.get("settings"), r.get("pipeline")) != (self.embedder.model_id, settings, pipeline_version())]

    def reembed(self, *, models_only: bool = False, progress: Optional[Progress] = None,
                cancel: Optional[CancelToken] = None) -> int:
        """Re-embed every stale document from its stored chunk text (a model or method change;
        ``models_only``: only documents embedded with another model, as after the user
        chose another one in Settings).

        The stored rows keep text, chapter ranges and titles, so the source files are
        not needed. Returns the number of chunks re-embedded.
        """
        from .model import Anchor, Sentence

        stale = self.stale_documents(models_only=models_only)
        tbl = self.table(CHUNKS)
        rebuild = tbl is not None and self._table_dim(tbl) != self.embedder.dim
        if rebuild:  # another vector size: every row is re-embedded and the table rewritten at once
            stale = [r["id"] for r in self._doc_rows()]
        total = 0
        rewritten: list[dict] = []
        for i, doc_id in enumerate(stale):
            check(cancel)
            row = self.document(doc_id) or {}
            data = self._chunk_rows(doc_id)
            data.sort(key=lambda r: r["start"])
            n = max([r["end"] for r in data] + [0])
            # A stand-in document: sentence texts are not stored, chunk texts are.
            doc = Document(doc_id, row.get("path") or "", row.get("kind") or "pdf", row.get("format") or "",
                           row.get("title") or "", [Sentence(j, "", Anchor()) for j in range(n)])
            sig = json.loads(row.get("chapters") or "{}")
            chaps = [Chapter(a, b, t) for a, b, t in sig.get("chapters", [])]
            secs = [Chapter(a, b, t, level=2) for a, b, t in sig.get("sections", [])]
            index = {(c.start, c.end): k for k, c in enumerate(chaps)}
            found = [index.get((r["chapter_start"], r["chapter_end"])) for r in data]
            stored = [_stored_parts(doc, None if ci is None else chaps[ci], secs, r, self.situate)
                      for r, ci in zip(data, found)]
            chunks = [(ci or 0, Chunk(doc_id, 0, r["start"], r["end"], words))
                      for r, ci, (_, words) in zip(data, found, stored)]
            keyphrases = [""] * len(chaps)
            for ci, (kw, _) in zip(found, stored):
                if ci is not None:
                    keyphrases[ci] = keyphrases[ci] or kw
            contexts, vectors = situate(doc, chaps, chunks, self.embedder, self.situate, sections=secs,
                                        keyphrases=keyphrases, cancel=cancel,
                                        progress=scaled(progress, i / len(stale), (i + 1) / len(stale)))
            for r, ctx, vec in zip(data, contexts, vectors):
                r.update(context=ctx, vector=vec.tolist(), model=self.embedder.model_id, method=self.situate.name,
                         pipeline=pipeline_version())
            row.update(model=self.embedder.model_id, method=self.situate.name, pipeline=pipeline_version(),
                       settings=json.dumps(self.situate.as_dict(), sort_keys=True))
            if rebuild:
                rewritten.extend(data)
            else:
                with self._write_lock():
                    self._replace_rows(f"doc_id = {_sql_str(doc_id)}", data)
                    self._upsert_document(row)
            total += len(data)
            report(progress, (i + 1) / max(1, len(stale)), f"re-embedded {i + 1} of {len(stale)} documents")
        if rebuild:
            import pyarrow as pa

            schema = _schema(self.embedder.dim)[0]
            with self._write_lock():
                new = self._connect().create_table(CHUNKS, pa.Table.from_pylist(rewritten, schema=schema), mode="overwrite")
                self._tables[CHUNKS] = new
                self._mirror = None
                for doc_id in stale:
                    row = self.document(doc_id) or {}
                    row.update(model=self.embedder.model_id, method=self.situate.name, pipeline=pipeline_version(),
                               settings=json.dumps(self.situate.as_dict(), sort_keys=True))
                    self._upsert_document(row)
                self._maintain()
        return total

    def _chunk_rows(self, doc_id: str) -> list[dict]:
        tbl = self.table(CHUNKS)
        if tbl is None:
            return []
        return tbl.to_lance().to_table(filter=f"doc_id = {_sql_str(doc_id)}").to_pylist()

    @staticmethod
    def _table_dim(tbl) -> int:  # type: ignore[no-untyped-def]
        return int(tbl.schema.field("vector").type.list_size)

    def _replace_rows(self, where: str, rows: list[dict]) -> None:
        """Insert/update ``rows`` and delete rows matching ``where`` not among them, in one commit."""
        tbl = self.table(CHUNKS, create=True)
        if not rows:
            tbl.delete(where)
            return
        import pyarrow as pa

        data = pa.Table.from_pylist(rows, schema=tbl.schema)
        (
            tbl.merge_insert("id")
            .when_matched_update_all()
            .when_not_matched_insert_all()
            .when_not_matched_by_source_delete(where)
            .execute(data)
        )

    def _upsert_document(self, row: dict) -> None:
        import pyarrow as pa

        tbl = self.table(DOCUMENTS, create=True)
        data = pa.Table.from_pylist([row], schema=tbl.schema)
        tbl.merge_insert("id").when_matched_update_all().when_not_matched_insert_all().execute(data)

    def _maintain(self) -> None:
        """Create the full-text index once; fold new rows into it now and then."""
        tbl = self.table(CHUNKS)
        if tbl is None:
            return
        try:
            indices = {tuple(i.columns): i for i in tbl.list_indices()}
            fts = [i for cols, i in indices.items() if i.index_type == "FTS"]
            if not fts:
                from lancedb.index import FTS

                for col in FTS_COLUMNS:
                    tbl.create_index(col, config=FTS(), replace=True)  # new API: first argument is the column
            else:
                stats = tbl.index_stats(fts[0].name) if hasattr(tbl, "index_stats") else None
                unindexed = getattr(stats, "num_unindexed_rows", 0) if stats else 0
                if unindexed > 5000:
                    tbl.optimize()
        except Exception as exc:  # noqa: BLE001 - an index failure must not lose the rows
            log.warning("full-text index not updated: %s", exc)

    def optimize(self) -> None:
        """Fold all rows into the indexes and compact (used after bulk ingests)."""
        with self._write_lock():
            tbl = self.table(CHUNKS)
            if tbl is not None:
                self._maintain()
                tbl.optimize()


def _stored_parts(doc: Document, chapter: Optional[Chapter], sections: Sequence[Chapter], row: dict,
                  cfg: Situate) -> tuple[str, str]:
    """``(chapter keyphrases, words)`` of a stored chunk as they were indexed, recovered
    from its ``context`` column (heading path, keyphrases, words with their speakers)
    because the stand-in document of :meth:`Library.reembed` has no sentences. The
    words fall back to the bare text when the heading no longer matches."""
    from .index_chunks import section_at
    from .index_situate import context_line, split_context

    text = row.get("text") or ""
    section = section_at(sections, int(row.get("start") or 0)) if sections else None
    keyphrases, body = split_context(row.get("context") or "", context_line(doc, chapter, cfg, section))
    # Only speaker names may have been added: the chunk's words must all be there, in order.
    words = iter(body.split())
    return keyphrases or "", body if body and all(w in words for w in text.split()) else text
