"""A chapter's key sentence: the one that says most of what the chapter is about.

For a glance at a chapter (the chapter panel's tooltip) its first sentence is a poor
summary: a transcript chapter opens with "Okay, so." and a PDF chapter with its
heading. The key sentence is the sentence whose embedding is closest to the
chapter's centroid (weighted by how much text each sentence carries), among
sentences of at least :data:`MIN_WORDS` words that read as prose (not fillers only, not
a table row of figures) -- a
one-sentence extractive summary, computed from the vectors the analysis already has.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from .model import Document

MIN_WORDS = 6
MAX_SCAN = 2000  # sentences scored in a very long chapter (evenly spaced), to stay instant


def _reads_as_prose(text: str) -> bool:
    """Mostly words, not a table row of figures ("Natural Questions 79,168 58,880 8,757")."""
    tokens = text.split()
    return sum(any(ch.isalpha() for ch in t) for t in tokens) >= 0.8 * len(tokens)


def _usable(text: str) -> bool:
    """Long enough to say something, prose, and not fillers only."""
    from .titling_text import has_filler_only

    return len(text.split()) >= MIN_WORDS and _reads_as_prose(text) and not has_filler_only(text)


def key_sentence(doc: Document, embeddings: Optional[np.ndarray], start: int, end: int) -> Optional[int]:
    """Index of the key sentence of sentences ``[start, end)``, or ``None`` when there are no
    usable vectors or no sentence long enough."""
    found = key_sentences(doc, embeddings, start, end, 1)
    return found[0] if found else None


def key_sentences(doc: Document, embeddings: Optional[np.ndarray], start: int, end: int, count: int = 3,
                  diversity: float = 0.5) -> list[int]:
    """Up to ``count`` key sentences of ``[start, end)`` in document order: the first is
    :func:`key_sentence`'s, each next one the best trade of closeness to the centroid
    against likeness to those already taken (maximal marginal relevance, Carbonell and
    Goldstein 1998), so a summary does not say the same thing three times."""
    n = len(doc.sentences)
    if embeddings is None or len(embeddings) != n or not 0 <= start < end <= n or count < 1:
        return []
    rows = np.arange(start, end)
    if len(rows) > MAX_SCAN:
        rows = rows[np.linspace(0, len(rows) - 1, MAX_SCAN).astype(int)]
    lengths = np.array([len(doc.sentences[i].text.split()) for i in rows], dtype=np.float64)
    x = np.asarray(embeddings[rows], dtype=np.float64)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = x / np.where(norms > 0, norms, 1.0)
    centroid = (x * np.sqrt(lengths)[:, None]).sum(axis=0)
    if not np.any(centroid):
        return []
    scores = x @ (centroid / np.linalg.norm(centroid))
    ok = np.array([_usable(doc.sentences[i].text) for i in rows])
    if not ok.any():
        return []
    scores[~ok] = -np.inf
    taken = [int(np.argmax(scores))]
    while len(taken) < min(count, int(ok.sum())):
        likeness = (x @ x[taken].T).max(axis=1)
        mmr = (1.0 - diversity) * scores - diversity * likeness
        mmr[taken] = -np.inf
        taken.append(int(np.argmax(mmr)))
    return sorted(int(rows[k]) for k in taken)


def summary_sentences(doc: Document, embeddings: Optional[np.ndarray], start: int, end: int,
                      count: int = 3) -> list[int]:
    """:func:`key_sentences`, or where there are no usable vectors (an analysis that has not
    run), the chapter's first ``count`` sentences that read as prose."""
    found = key_sentences(doc, embeddings, start, end, count)
    if found or embeddings is not None and len(embeddings) == len(doc.sentences) and np.any(embeddings[start:end]):
        return found
    return [i for i in range(max(0, start), min(end, len(doc.sentences))) if _usable(doc.sentences[i].text)][:count]
