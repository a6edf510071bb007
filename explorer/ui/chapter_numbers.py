"""How chapters are named where they are drawn (the page's boundary labels, the plots)."""
from __future__ import annotations

from typing import Sequence


def numbered_titles(titles: Sequence[str]) -> list[str]:
    """"3. Title" for each chapter, or the titles as they are when the document numbers its
    own chapters ("1 Introduction", ..., "8 Related Work"): a "10. References" after "8
    Related Work" reads as a missing chapter 9, and a "1. Dense Passage Retrieval" above
    "1 Introduction" as two chapters 1. An untitled chapter is "Chapter 3"."""
    titles = [(t or "").strip() for t in titles]
    own = any(t[:1].isdigit() for t in titles)
    out = []
    for i, t in enumerate(titles):
        if not t:
            out.append(f"Chapter {i + 1}")
        else:
            out.append(t if own else f"{i + 1}. {t}")
    return out
