"""The words of a search query that count when marking and placing matches
(numpy-free: the window uses it to say where a hit lands)."""
from __future__ import annotations

import re
from typing import Callable

STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the this to was were what which who "
    "why how when where with did does do can about into than then there their they we you he she i".split()
)
_WORD = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    """The query's words that carry its meaning: no stop words, no single letters."""
    return [w for w in _WORD.findall(query.lower()) if w not in STOPWORDS and len(w) > 1]


def term_matcher(query: str) -> Callable[[str], set[int]]:
    """A function from a piece of text to the indices of the query's terms it contains.
    A term of 4 letters or more also matches words that share its first five letters
    ("rivers" finds "river", "riverbank")."""
    terms = query_terms(query)
    stems = [t[:5] if len(t) > 5 else t for t in terms]

    def matched(text: str) -> set[int]:
        return {j for p in _WORD.findall(text.lower()) for j, (t, s) in enumerate(zip(terms, stems))
                if p == t or (len(s) >= 4 and p.startswith(s))}

    return matched
