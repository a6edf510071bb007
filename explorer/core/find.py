"""Find in document: the sentences containing a phrase, as a reader's Ctrl+F finds it.

Matching ignores case, accents and runs of white space ("resume" finds "Résumé",
"data  set" finds "data set"), so a query typed quickly still finds the text. Search by
meaning is :mod:`explorer.core.search`; this is the exact, in-order walk through one
document's occurrences.
"""
from __future__ import annotations

import unicodedata
from typing import Sequence

from .model import Document


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive form of ``text``."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def folded_sentences(doc: Document) -> list[str]:
    """:func:`fold` of every sentence (computed once per document by the caller)."""
    return [fold(s.text) for s in doc.sentences]


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`fold` of ``text`` and, for each folded character, the index of the character
    of ``text`` it came from (so a match in the folded text maps back to the original)."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for c in part.casefold():
                if c.isspace():
                    if out and out[-1] != " ":
                        out.append(" ")
                        origin.append(i)
                else:
                    out.append(c)
                    origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text``, as ``(start, end)`` character offsets of ``text``
    (matched as :func:`find_sentences` matches: case, accents and spacing ignored)."""
    q = fold(query)
    if not q:
        return []
    folded, origin = fold_with_offsets(text)
    spans, at = [], folded.find(q)
    while at >= 0:
        spans.append((origin[at], origin[at + len(q) - 1] + 1))
        at = folded.find(q, at + len(q))
    return spans


def find_sentences(folded: Sequence[str], query: str) -> list[int]:
    """Indices of the sentences (given folded) that contain ``query``, in document order."""
    q = fold(query)
    if not q:
        return []
    return [i for i, text in enumerate(folded) if q in text]


def passage_in(folded: Sequence[str], passage: str, near: int = 0) -> "range | None":
    """The sentences (given folded) that a passage of an older version of the document
    holds: the longest run of consecutive sentences found in ``passage`` (a search hit's
    text, indexed before the file was edited) one after the other, the one nearest
    sentence ``near`` among equals; None when no sentence of it is left. Sentences of
    under three words ("Yes.") say too little to place a passage by themselves."""
    text = fold(passage)
    if not text:
        return None
    best: "range | None" = None
    i, n = 0, len(folded)
    while i < n:
        j, at, strong = i, 0, 0
        while j < n and folded[j]:
            k = text.find(folded[j], at)
            if k < 0:
                break
            at = k + len(folded[j])
            strong += len(folded[j].split()) >= 3
            j += 1
        if strong and (best is None or j - i > len(best)
                       or (j - i == len(best) and abs(i - near) < abs(best.start - near))):
            best = range(i, j)
        i = j if strong else i + 1
    return best
