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


def find_sentences(folded: Sequence[str], query: str) -> list[int]:
    """Indices of the sentences (given folded) that contain ``query``, in document order."""
    q = fold(query)
    if not q:
        return []
    return [i for i, text in enumerate(folded) if q in text]
