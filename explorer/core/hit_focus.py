"""Where a search hit lands: the sentence of its passage that best matches the query.

A hit is a passage of several sentences (a chunk). The window scrolls to the sentence
that shares most words with the query and, among those (or where no sentence shares a
word: a match by meaning alone), the one whose vector is closest to the query's. The
hit's label names that place (its time, speaker or page), not the passage's first
sentence, so that the list says where a click goes.

Measured on the shared retrieval sets (``strata-cli eval retrieval DIR``, its "landing"
line): of the hybrid top chunks that hold the answer, the landing sentence lies inside it
for 85.3 % of COVID-QA's (873) by words alone and 87.3 % with meaning after the words
(QMSum: 87.3 % / 89.1 % of 110); the chunk's first sentence, 27.5 % / 69.1 %.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Optional, Sequence

from .model import Document, Hit, Sentence
from .query_words import term_matcher

log = logging.getLogger(__name__)

SNIPPET_WORDS = 40  # the words a hit's snippet shows (search.snippet's default too)


def best_sentence(sentences: Sequence[Sentence], rows: range, query: str, speaker: str = "",
                  closeness: Optional[Sequence[float]] = None) -> Optional[int]:
    """The sentence in ``rows`` holding the most of the query's words (stop words do not
    count, so "who has covid" lands on "covid", not on "who"); among those, the one with
    the highest ``closeness`` (the query vector's cosine with each sentence of the
    document, where known), else the first.
    ``speaker``: only that speaker's sentences compete, where they speak in ``rows``
    (the search was for what they said)."""
    if not len(rows):
        return None
    said = [i for i in rows if speaker and sentences[i].anchor.speaker == speaker]
    candidates = said or list(rows)
    matched = term_matcher(query)

    def score(i: int) -> tuple[int, float]:
        near = float(closeness[i]) if closeness is not None and i < len(closeness) else 0.0
        return len(matched(sentences[i].text)), near

    return max(candidates, key=score)  # max keeps the first of equals


def query_closeness(sentence_vectors: Any, query_vector: Any) -> Optional[Any]:
    """The cosine of the query's vector with each sentence's (unit vectors), or None when
    either is missing or they come from different models."""
    if sentence_vectors is None or query_vector is None:
        return None
    import numpy as np

    vectors, query = np.asarray(sentence_vectors), np.asarray(query_vector, dtype=np.float32).ravel()
    if vectors.ndim != 2 or vectors.shape[1] != query.shape[0]:
        return None
    return vectors @ query


def focus_hit(hit: Hit, document: Document, query: str, speaker: str = "",
              closeness: Optional[Sequence[float]] = None) -> Hit:
    """``hit`` with the sentence it lands on in ``document`` (the document it came from);
    ``closeness`` as for :func:`best_sentence` (see :func:`query_closeness`)."""
    sents = document.sentences
    rows = range(max(0, hit.start), min(hit.end, len(sents)))
    focus = best_sentence(sents, rows, query, speaker, closeness)
    if focus is None:
        return hit
    anchor = sents[focus].anchor
    label = document.pages[anchor.page].label if anchor.page is not None and 0 <= anchor.page < document.page_count else ""
    shown = hit.snippet
    if "<b>" not in shown and focus > rows.start:
        # a match by meaning alone: the snippet (the passage's opening) is not what the hit
        # found; show the words from the sentence the click goes to
        shown = _words_from(sents[focus:rows.stop], SNIPPET_WORDS)
    return replace(hit, focus=focus, focus_anchor=anchor, focus_page_label=label, snippet=shown)


def _words_from(sentences: Sequence[Sentence], width: int) -> str:
    """The first ``width`` words of ``sentences`` (a passage's later part), HTML-escaped,
    with "…" where text was cut."""
    import html

    words = " ".join(s.text for s in sentences).split()
    return "… " + html.escape(" ".join(words[:width])) + (" …" if len(words) > width else "")


def focus_hits_in_files(hits: Sequence[Hit], query: str, query_vector: Any = None, embedder: Any = None) -> list[Hit]:
    """``hits`` focused on their documents read from disk (the command line has no open
    document): each file is read once, and trusted only where it still holds the passage's
    sentences where the index has them. Scanned pages are not read again (no OCR for a
    search), so their hits stay on their passages' start, as do those of a file that
    cannot be read. Sentence vectors are used where an analysis cached them (nothing is
    embedded here)."""
    from .errors import StrataError
    from .loaders import load_document

    docs: dict[str, Optional[Document]] = {}
    closeness: dict[str, Any] = {}
    out = []
    for hit in hits:
        if hit.path not in docs:
            try:
                doc = load_document(hit.path, ocr=False)
            except (StrataError, OSError, ValueError) as exc:
                log.info("hit not focused, %s unreadable: %s", hit.path, exc)
                doc = None
            docs[hit.path] = doc
            if doc is not None and embedder is not None and query_vector is not None:
                from .pipeline import cached_sentence_embeddings

                closeness[hit.path] = query_closeness(cached_sentence_embeddings(doc, embedder), query_vector)
        doc = docs[hit.path]
        focused = doc is not None and doc.id == hit.doc_id and _holds(doc, hit)
        out.append(focus_hit(hit, doc, query, closeness=closeness.get(hit.path)) if focused else hit)
    return out


def _holds(doc: Document, hit: Hit) -> bool:
    """Whether ``doc`` has the hit's first and last sentences where the index put them."""
    if not 0 <= hit.start < hit.end <= len(doc.sentences):
        return False
    return doc.sentences[hit.start].text in hit.text and doc.sentences[hit.end - 1].text in hit.text
