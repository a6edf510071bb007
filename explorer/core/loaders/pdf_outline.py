"""Page labels and the PDF outline as reference chapters.

:func:`page_label` computes a printed page label from the /PageLabels rules;
:func:`reference_chapters` walks the outline and maps every entry to the first
sentence at or after its destination (the heading itself when its text is found
on the destination page).
"""
from __future__ import annotations

import logging
import re
from typing import Any, Optional

from ..model import ReferenceChapter, Sentence

log = logging.getLogger(__name__)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def page_label(rules: list[dict], pno: int) -> str:
    """The printed label of page ``pno`` from the PDF's /PageLabels rules (sorted by startpage).

    Computed here once per page because ``page.get_label()`` re-reads every rule of
    the document on each call (quadratic on long books).
    """
    rule = None
    for r in rules:
        if r.get("startpage", 0) <= pno:
            rule = r
        else:
            break
    if rule is None:
        return ""
    n = int(rule.get("firstpagenum", 1) or 1) + pno - int(rule.get("startpage", 0))
    style = rule.get("style", "") or ""
    if style == "D":
        num = str(n)
    elif style in ("r", "R"):
        num = _roman(n)
        num = num.upper() if style == "R" else num
    elif style in ("a", "A") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        num = letter.upper() if style == "A" else letter
    else:
        num = ""
    return f"{rule.get('prefix', '') or ''}{num}"


_NON_ALNUM = re.compile(r"[\W_]+")
_LEADING_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*\.?|[A-Z]\.|[IVXLC]+\.)\s+")


def _norm(text: str) -> str:
    return _NON_ALNUM.sub("", text.lower())


def _outline(doc: Any) -> list[tuple[int, str, int, Optional[float]]]:
    """(level, title, 0-based page or -1, y or None) for every outline entry.

    Walks ``doc.outline`` rather than ``get_toc(simple=False)``: MuPDF resolves each
    destination in C (fast, y already in top-down page space), while ``get_toc``
    resolves every named destination of the file in Python (seconds on big books)
    and reports some points bottom-up.
    """
    out: list[tuple[int, str, int, Optional[float]]] = []
    root = doc.outline
    try:
        root.title  # PyMuPDF wraps a missing outline in an object whose attributes fail
    except AttributeError:
        return out
    stack = [(root, 1)]
    while stack:
        node, level = stack.pop()
        while node is not None:
            y = getattr(node, "y", None)
            y = float(y) if isinstance(y, (int, float)) and y == y and y > 0 else None
            page = node.page if isinstance(node.page, int) and not node.is_external else -1
            out.append((level, (node.title or "").strip(), page, y))
            if node.down is not None:
                stack.append((node.next, level))
                node, level = node.down, level + 1
                continue
            node = node.next
    return out


def reference_chapters(doc: Any, sentences: list[Sentence]) -> list[ReferenceChapter]:
    """Outline entries, each mapped to the first sentence at or after its destination.

    A sentence on the destination page whose text begins with the entry's title wins
    (it is the heading itself, whatever the column); otherwise the first sentence in
    reading order whose first line ends below the destination's y; otherwise the
    first sentence of a later page.
    """
    try:
        toc = _outline(doc)
    except Exception as exc:
        log.warning("outline could not be read: %s", exc)
        return []
    if not toc:
        return []
    return map_page_entries(sentences, [(level, title, pno if pno >= 0 else None, y) for level, title, pno, y in toc])


def map_page_entries(sentences: list[Sentence],
                     entries: list[tuple[int, str, Optional[int], Optional[float]]]) -> list[ReferenceChapter]:
    """``(level, title, 0-based page or None, y or None)`` entries, each mapped as
    :func:`reference_chapters` maps an outline entry (also for a table of contents the
    analyst imports)."""
    by_page: dict[int, list[int]] = {}
    for s in sentences:
        by_page.setdefault(s.anchor.page if s.anchor.page is not None else -1, []).append(s.index)
    pages_with_text = sorted(by_page)
    heads: dict[int, str] = {}  # sentence index -> normalised opening, computed once
    out: list[ReferenceChapter] = []
    for level, title, page, y in entries:
        start = _map_entry(title, page, y, sentences, by_page, pages_with_text, heads) if page is not None else None
        out.append(ReferenceChapter(title=title or "(untitled)", level=level, start_sentence=start, page=page, y=y))
    return out


def _map_entry(title, page, y, sentences, by_page, pages_with_text, heads: dict[int, str]) -> Optional[int]:
    candidates = by_page.get(page, [])
    key = _norm(title)[:40]
    bare = _norm(_LEADING_NUMBER.sub("", title))[:40]  # "2.1 Scope" also matches "2.1 (12-2022) Scope"
    if key:
        for i in candidates:
            if i not in heads:
                heads[i] = _norm(sentences[i].text[:150])
        limit = len(key) + 16
        matches = [i for i in candidates if heads[i].find(key, 0, limit + len(key)) != -1]
        if not matches and len(bare) >= 4:
            matches = [i for i in candidates if heads[i].find(bare, 0, limit + 30) != -1]
        if matches:
            if y is None:
                return matches[0]
            return min(matches, key=lambda i: abs(sentences[i].anchor.rects[0].y0 - y) if sentences[i].anchor.rects else 1e9)
    for i in candidates:
        rects = sentences[i].anchor.rects
        if y is None or not rects or rects[0].y1 >= y - 1:
            return i
    for p in pages_with_text:
        if p > page and by_page[p]:
            return by_page[p][0]
    return None
