"""Situated chunk embeddings: a short chunk embedded *in its context*.

A chunk alone is often ambiguous ("this method", "he", a table row). Two ways of
situating it are implemented and measured by ``strata-cli eval retrieval``:

* **prefix**: the text that is encoded is ``"<doc title> > <chapter title>: <chunk>"``.
  Titles only: pasting neighbouring sentences into the text makes the neighbour
  chunk look like the answer (``neighbours > 0`` reproduces that for measurement).
* **average**: the chunk's own vector plus weighted vectors of its context: the
  title line and the window of neighbouring chunks in the same chapter (the mean of
  their vectors), renormalised. This situates the vector without moving the chunk's
  words, so the top hit does not slide onto a neighbour, and it costs no extra
  encoding beyond one short title line per chapter.

* **speakers** (transcripts): the chunk is encoded as it reads in a transcript,
  ``"Grad A: … Professor B: …"``, with the speaker named at every change of turn.
  Who speaks is context the bare sentences lack ("what did the professor think of
  …"), and it is the chunk's own metadata, so no neighbouring words move in.

Both can be combined. The full-text side is situated too: BM25 reads the ``context``
column, the heading path followed by the chunk's words with their speakers.
The method and its parameters are stored in the index metadata (``Situate.name``);
changing them re-embeds.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional, Sequence

import numpy as np

from .embedding import Embedder
from .model import Chapter, Chunk, Document
from .progress import CancelToken, Progress


@dataclass(frozen=True)
class Situate:
    """How chunk vectors are situated. ``name`` is stored with the index."""

    name: str
    prefix: bool = False          # encode "doc > chapter: text"
    neighbours: int = 0           # previous sentences pasted into the encoded text (measured, not shipped)
    title_weight: float = 0.0     # weight of the title-line vector added to the chunk vector
    window_weight: float = 0.0    # weight of the mean vector of neighbouring chunks
    window: int = 1               # neighbouring chunks on each side (same chapter only)
    group_weight: float = 0.0     # weight of the mean vector of all chunks of the same section (or chapter)
    doc_title: bool = True        # include the document title in the context line
    speakers: bool = False        # transcripts: "Speaker: text" at every change of speaker in the encoded text

    def as_dict(self) -> dict:
        return asdict(self)


PRESETS: dict[str, Situate] = {
    "plain": Situate("plain"),
    "prefix": Situate("prefix", prefix=True),
    "prefix-neighbours": Situate("prefix-neighbours", prefix=True, neighbours=1),
    "title": Situate("title", title_weight=0.5),
    "average": Situate("average", title_weight=0.5, window_weight=0.5, window=1),
    "group": Situate("group", group_weight=0.5),
    "prefix+average": Situate("prefix+average", prefix=True, title_weight=0.3, window_weight=0.5, window=1),
    "speakers": Situate("speakers", speakers=True),
}
# Measured with ``strata-cli eval retrieval`` (see the module docstring): on QMSum the
# speaker-labelled chunk cut the top-5 failures of plain chunks by about a fifth, while
# title prefixes, title/window averaging and chapter centroids ("group") did not beat
# plain chunks with Strata's own chapter titles on either set.
DEFAULT = "speakers"


def preset(name: Optional[str]) -> Situate:
    """The named preset (``None`` -> the shipped default)."""
    return PRESETS[name or DEFAULT]


def context_line(doc: Document, chapter: Optional[Chapter], cfg: Situate, section: Optional[Chapter] = None) -> str:
    """The heading path of a chunk: document > chapter > section title (any may be empty)."""
    parts = []
    if cfg.doc_title and doc.title.strip():
        parts.append(" ".join(doc.title.split()))
    for c in (chapter, section):
        if c is not None and c.title.strip():
            parts.append(" ".join(c.title.split()))
    return " > ".join(parts)


def speaker_text(doc: Document, start: int, end: int) -> str:
    """Sentences ``[start, end)`` with the speaker's name before each change of speaker
    (the text unchanged when no sentence carries a speaker)."""
    parts: list[str] = []
    last: Optional[str] = None
    for s in doc.sentences[start:end]:
        who = s.anchor.speaker
        if s.text.strip():
            parts.append(f"{who}: {s.text}" if who and who != last else s.text)
            last = who or last
    return " ".join(parts)


def chunk_speakers(doc: Document, start: int, end: int) -> list[str]:
    """Distinct speakers of sentences ``[start, end)`` in order of first appearance."""
    out: list[str] = []
    for s in doc.sentences[start:end]:
        if s.anchor.speaker and s.anchor.speaker not in out:
            out.append(s.anchor.speaker)
    return out


def search_context(doc: Document, chunk: Chunk, heading: str) -> str:
    """What the full-text index reads for a chunk (the ``context`` column): its heading
    path, then its words as they read in the document, speakers named at each change
    of turn in a transcript, so that "what did the professor say about X" matches on
    both. BM25 runs on this one field: LanceDB's multi-field match let the
    bare-text field drown the context (QMSum hit@5 0.73 against 0.81 on this field)."""
    return " · ".join(p for p in (heading, speaker_text(doc, chunk.start, chunk.end) or chunk.text) if p)


def encoded_text(doc: Document, chunk: Chunk, context: str, cfg: Situate) -> str:
    """The exact string encoded for ``chunk`` under ``cfg``."""
    text = chunk.text
    if cfg.speakers and any(s.anchor.speaker for s in doc.sentences[chunk.start:chunk.end]):
        text = speaker_text(doc, chunk.start, chunk.end)
    if cfg.neighbours and chunk.start > 0:
        lo = max(0, chunk.start - cfg.neighbours)
        text = " ".join(s.text for s in doc.sentences[lo : chunk.start]) + " " + text
    if cfg.prefix and context:
        text = f"{context}: {text}"
    return text


def situate(
    doc: Document,
    chapters: Sequence[Chapter],
    chunks: Sequence[tuple[int, Chunk]],
    embedder: Embedder,
    cfg: Situate,
    *,
    sections: Sequence[Chapter] = (),
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> tuple[list[str], np.ndarray]:
    """Full-text contexts (:func:`search_context`) and unit vectors (float32, one row per
    chunk) for ``chunks``."""
    from .index_chunks import section_at

    secs = [section_at(sections, ch.start) if sections else None for _, ch in chunks]
    contexts = [context_line(doc, chapters[ci] if 0 <= ci < len(chapters) else None, cfg, sec)
                for (ci, _), sec in zip(chunks, secs)]
    texts = [encoded_text(doc, ch, ctx, cfg) for (ci, ch), ctx in zip(chunks, contexts)]
    stored = [search_context(doc, ch, ctx) for (_, ch), ctx in zip(chunks, contexts)]
    if not texts:
        return stored, np.zeros((0, embedder.dim), dtype=np.float32)
    base = np.asarray(embedder.encode(texts, progress=progress, cancel=cancel), dtype=np.float32)
    vectors = base.copy()
    if cfg.window_weight > 0 and cfg.window > 0:
        chapter_of = np.array([ci for ci, _ in chunks])
        n = len(chunks)
        for i in range(n):
            lo, hi = max(0, i - cfg.window), min(n, i + cfg.window + 1)
            idx = [j for j in range(lo, hi) if j != i and chapter_of[j] == chapter_of[i]]
            if idx:
                vectors[i] += cfg.window_weight * base[idx].mean(axis=0)
    if cfg.group_weight > 0:
        groups: dict[tuple, list[int]] = {}
        for i, ((ci, _), sec) in enumerate(zip(chunks, secs)):
            groups.setdefault((ci, sec.start if sec is not None else -1), []).append(i)
        for idx in groups.values():
            centre = base[idx].mean(axis=0)
            centre /= max(float(np.linalg.norm(centre)), 1e-9)
            vectors[idx] += cfg.group_weight * centre
    if cfg.title_weight > 0:
        unique = sorted({c for c in contexts if c})
        if unique:
            tv = np.asarray(embedder.encode(unique, cancel=cancel), dtype=np.float32)
            lookup = {c: tv[i] for i, c in enumerate(unique)}
            for i, c in enumerate(contexts):
                if c:
                    vectors[i] += cfg.title_weight * lookup[c]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return stored, (vectors / norms).astype(np.float32)
