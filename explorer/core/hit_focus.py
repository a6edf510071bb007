"""Where a search hit lands: the sentence of its passage that best matches the query.

A hit is a passage of several sentences (a chunk). The window scrolls to the sentence
that shares most words with the query, and the hit's label names that place (its time,
speaker or page), not the passage's first sentence, so that the list says where a click goes.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from .model import Document, Hit, Sentence
from .query_words import term_matcher


def best_sentence(sentences: Sequence[Sentence], rows: range, query: str, speaker: str = "") -> Optional[int]:
    """The sentence in ``rows`` holding the most of the query's words (the first on ties;
    stop words do not count, so "who has covid" lands on "covid", not on "who"). The
    passage's first sentence when none holds any (a match by meaning alone).
    ``speaker``: only that speaker's sentences compete, where they speak in ``rows``
    (the search was for what they said)."""
    if not len(rows):
        return None
    said = [i for i in rows if speaker and sentences[i].anchor.speaker == speaker]
    candidates = said or list(rows)
    matched = term_matcher(query)
    best, best_score = candidates[0], 0
    for i in candidates:
        score = len(matched(sentences[i].text))
        if score > best_score:
            best, best_score = i, score
    return best


def focus_hit(hit: Hit, document: Document, query: str, speaker: str = "") -> Hit:
    """``hit`` with the sentence it lands on in ``document`` (the document it came from)."""
    sents = document.sentences
    rows = range(max(0, hit.start), min(hit.end, len(sents)))
    focus = best_sentence(sents, rows, query, speaker)
    if focus is None:
        return hit
    anchor = sents[focus].anchor
    label = document.pages[anchor.page].label if anchor.page is not None and 0 <= anchor.page < document.page_count else ""
    return replace(hit, focus=focus, focus_anchor=anchor, focus_page_label=label)
