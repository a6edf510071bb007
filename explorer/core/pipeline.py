"""The analysis pipeline: load -> layout -> embed -> segment -> title (-> index).

One function, :func:`analyse`, used by the window (on the compute lane), the CLI and
the benchmarks, so that every front end sees the same chapters. Each stage is cached
by (content hash, stage, pipeline version), and the user's saved corrections are
applied on top of the automatic chapters, so a reopened document shows exactly what
the user left.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from . import store
from .embedding import Embedder, default_embedder
from .model import Block, Chapter, Document, ReferenceChapter
from .progress import CancelToken, Cancelled, Progress, check, report, scaled

log = logging.getLogger(__name__)


@dataclass
class Analysis:
    """Everything the window and the exports need about one document."""

    doc: Document
    embeddings: np.ndarray
    blocks: dict[int, list[Block]] = field(default_factory=dict)
    outline: list[ReferenceChapter] = field(default_factory=list)
    outline_generated: bool = False
    segmentation: Any = None  # segmentation.Segmentation (scores, boundaries, automatic chapters)
    automatic: list[Chapter] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    sections: list[Chapter] = field(default_factory=list)
    corrected: bool = False
    corrections_carried_from: str = ""  # doc id of the earlier version of the file they came from

    @property
    def scores(self) -> np.ndarray:
        if self.segmentation is None:
            return np.zeros(max(0, len(self.doc.sentences) - 1), dtype=np.float32)
        return np.asarray(self.segmentation.scores)


def _embeddings_path(doc: Document, embedder: Embedder):  # -> Path
    # keyed by the sentences too: a loader that reads the same file differently (same
    # count, new text) must not be served the old sentences' vectors
    texts = hashlib.sha1("\x1e".join(s.text for s in doc.sentences).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return store.cache_path(doc.id, "embed", embedder.model_id, texts, suffix=".npy")


def cached_sentence_embeddings(doc: Document, embedder: Embedder) -> Optional[np.ndarray]:
    """The sentence vectors of ``doc`` if an earlier analysis cached them, else None (nothing is computed)."""
    if not doc.sentences:
        return None
    path = _embeddings_path(doc, embedder)
    try:
        cached = np.load(path)
    except (OSError, ValueError):
        return None
    if cached.shape != (len(doc.sentences), embedder.dim):
        return None
    store.touch(path)
    return cached.astype(np.float32)


def sentence_embeddings(
    doc: Document,
    embedder: Optional[Embedder] = None,
    *,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> np.ndarray:
    """Unit vectors for every sentence of ``doc``, computed once and cached per (doc, model).

    Shared by segmentation, titling and the search index so that a document is
    embedded once.
    """
    embedder = embedder or default_embedder()
    n = len(doc.sentences)
    if n == 0:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    cached = cached_sentence_embeddings(doc, embedder)
    if cached is not None:
        report(progress, 1.0, "embeddings from cache")
        return cached
    path = _embeddings_path(doc, embedder)
    vectors = embedder.encode([s.text for s in doc.sentences], progress=progress, cancel=cancel)
    try:
        import io

        buf = io.BytesIO()
        np.save(buf, vectors.astype(np.float16 if n > 50_000 else np.float32))
        store.atomic_write_bytes(path, buf.getvalue())
    except store.StorageError as exc:  # a full cache disk must not fail the analysis
        log.warning("embeddings not cached: %s", exc)
    from .cache_prune import prune_cache_once

    prune_cache_once()  # a new document's cache just grew: keep the folder within its budget
    return vectors


def analyse(
    doc: Document,
    *,
    granularity: int = 0,
    layout: bool = True,
    embedder: Optional[Embedder] = None,
    apply_saved_corrections: bool = True,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> Analysis:
    """Run the analysis of ``doc``; cheap when every stage is cached.

    PDF layout (when ``layout``) runs on its own document handle, so call this on one
    worker lane only (the layout model is process-global and not thread-safe).
    """
    embedder = embedder or default_embedder()
    blocks: dict[int, list[Block]] = {}
    outline: list[ReferenceChapter] = list(doc.reference_chapters)
    outline_generated = False
    if doc.kind == "pdf" and layout and doc.pages:
        from .layout import analyse_layout, document_outline

        try:
            blocks = analyse_layout(doc.path, doc, progress=scaled(progress, 0.0, 0.45), cancel=cancel)
            outline, outline_generated = document_outline(doc, blocks)
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - layout is a prior for chapters, not a requirement
            log.warning("layout analysis failed for %s, chapters use the text only: %s", doc.path, exc)
            blocks = {}
    check(cancel)
    vectors = sentence_embeddings(doc, embedder, progress=scaled(progress, 0.45, 0.85), cancel=cancel)
    check(cancel)
    result = Analysis(doc=doc, embeddings=vectors, blocks=blocks, outline=outline, outline_generated=outline_generated)
    if not doc.sentences:
        report(progress, 1.0, "nothing to segment")
        return result

    corrections = None
    saved = None
    if apply_saved_corrections:
        saved = load_saved_corrections(doc)
        corrections = saved.corrections if saved is not None else None

    from .chaptering import compute_chapters, fit_sections

    pinned = sorted(corrections.pinned) if corrections else ()
    forbidden = sorted(corrections.forbidden) if corrections else ()
    segmentation, automatic = compute_chapters(
        doc,
        granularity=granularity,
        blocks=blocks or None,
        embedder=embedder,
        embeddings=vectors,
        pinned=pinned,
        forbidden=forbidden,
        progress=scaled(progress, 0.85, 0.98),
        cancel=cancel,
    )
    result.segmentation = segmentation
    result.automatic = list(automatic)
    result.sections = list(getattr(segmentation, "sections", []) or [])
    result.chapters = list(automatic)
    if saved is not None:
        titler = make_titler(doc, vectors, embedder, blocks)
        result.chapters = list(saved.chapters_for(automatic, granularity, titler=titler))
        result.sections = fit_sections(result.sections, result.chapters, automatic)
        result.corrected = True
        result.corrections_carried_from = saved.carried_from
    report(progress, 1.0, "analysis done")
    return result


def make_titler(doc: Document, embeddings: np.ndarray, embedder: Embedder, blocks: Optional[dict[int, list[Block]]]):
    """A ``titler(chapters, indices) -> chapters`` that titles only the given chapters
    (those whose range an edit changed), leaving every other title as it is."""

    def titler(chapters, indices):  # type: ignore[no-untyped-def]
        from .titling import title_chapters

        titled = title_chapters(doc, list(chapters), embeddings, embedder, blocks=blocks or None)
        wanted = set(indices)
        return tuple(t if i in wanted else c for i, (c, t) in enumerate(zip(chapters, titled)))

    return titler


def load_saved_corrections(doc: Document):  # -> corrections.SavedCorrections | None
    """The user's saved corrections for ``doc`` (by content hash), fitted to its sentences;
    else those of an earlier version of the same file, re-anchored by their text.

    When a newer loader splits the same file into a different number of sentences,
    the saved boundaries are re-anchored by their text rather than dropped: the
    user's corrections are work product and must never be lost.
    """
    from .corrections import CorrectionsStore

    store = CorrectionsStore()
    saved = store.load(doc.id, doc=doc)
    if saved is None:  # an edited file: its corrections are under the earlier version's hash
        saved = store.load_earlier_version(doc)
    if saved is None:
        return None
    n = len(doc.sentences)
    chapters = getattr(saved, "chapters", None) or []
    if chapters and (chapters[0].start != 0 or chapters[-1].end != n):
        log.warning("saved corrections for %s could not be fitted to this document's %d sentences; kept on disk, not applied",
                    doc.id[:12], n)
        return None
    return saved
