"""Chapters for a paged document (a PDF, an e-book) from a file the analyst has.

A book scanned without bookmarks, or a report whose outline is wrong, often comes with
its table of contents elsewhere: typed or pasted from the contents page, from the
publisher's site, or exported by Strata from a colleague's copy. Read here:

* **a table of contents as text**: one entry per line, its page last ("2.1 Scope .... 14",
  "Chapter 3: Results 45", "Preface xi"); the numbering gives the level;
* **Strata's JSON export** (``strata-cli chapters --format json``): the very sentences
  when it was made from the same file, else its pages;
* **an outline as JSON**: PyMuPDF's ``[[level, title, page], ...]`` (pages from 1) or a
  list of ``{"title", "page", "level"?}``.

Page numbers are read as the document prints them (its page labels, "xi" or "14"), else
as page numbers from 1. A contents page counts printed pages, which often start after
the front matter: when the document has no labels, the offset that puts most titles on
their page is found from the text (:func:`_best_offset`).
"""
from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from .errors import EmptyDocument, LoadError, StrataError, UnsupportedFormat
from .model import Document, ReferenceChapter

log = logging.getLogger(__name__)

MAX_OFFSET = 60  # front-matter pages before the printed page 1 that the offset search considers

_ROMAN = r"[ivxlc]{1,7}"
_CANONICAL_ROMAN = re.compile(r"^c?(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)  # 1-100: front matter
_TOC_LINE = re.compile(
    rf"^\s*(?P<title>\S.*?\S)\s*(?:[.·…_\-–—]{{2,}}\s*|\s{{2,}}|\t+|\s+)(?P<page>\d{{1,4}}|{_ROMAN})\s*$",
    re.IGNORECASE,
)
_NUMBERED_NOUN = re.compile(r"(?:^|\s)(chapter|part|section|appendix|book|volume|kapitel|chapitre|teil)$", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?P<num>\d+(?:\.\d+)*)\.?\s+\S")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@dataclass(frozen=True)
class PageEntry:
    """One entry of a chapter file for a paged document, before it meets the document:
    its page as printed (``label``) or as an index (``page``, from 0), or its sentence
    when the file was Strata's export of this very document (``doc_id``, ``sentences``)."""

    title: str
    level: int = 1
    label: Optional[str] = None
    page: Optional[int] = None
    start_sentence: Optional[int] = None
    doc_id: str = ""
    sentences: int = 0


def _roman(token: str) -> Optional[int]:
    """The value of a roman page number up to 100 ("xi": 11); None for a word ("civil")."""
    if not _CANONICAL_ROMAN.match(token):
        return None
    values = [_ROMAN_VALUES.get(ch) for ch in token.lower()]
    if not values or None in values:
        return None
    total = 0
    for a, b in zip(values, values[1:] + [0]):
        total += -a if a < b else a
    return total if total > 0 else None


def entries_from_text(text: str) -> list[PageEntry]:
    """The entries of a table of contents typed or pasted as text (page last on each line)."""
    out: list[PageEntry] = []
    for line in text.splitlines():
        m = _TOC_LINE.match(line)
        if not m:
            continue
        title = " ".join(m.group("title").split()).rstrip(" .·…_-–—")
        label = m.group("page")
        if not any(ch.isalpha() for ch in title) or (not label.isdigit() and _roman(label) is None):
            continue
        if _NUMBERED_NOUN.search(title):
            continue  # "Chapter 3" or "Part II" alone: the number is the chapter's, not a page
        num = _NUMBERING.match(title)
        level = num.group("num").count(".") + 1 if num else 1
        out.append(PageEntry(title=title[:300], level=min(level, 6), label=label))
    return out


def entries_from_json(obj: Any) -> list[PageEntry]:
    """Strata's JSON export, PyMuPDF's TOC list, or a list of ``{"title", "page"}``."""
    if isinstance(obj, dict) and isinstance(obj.get("chapters"), list):
        meta = obj.get("document") if isinstance(obj.get("document"), dict) else {}
        out = []
        for c in obj["chapters"]:
            if not isinstance(c, dict) or not isinstance(c.get("title"), str):
                continue
            page = c.get("start_page")
            sentence = c.get("start_sentence")
            out.append(PageEntry(
                title=c["title"][:300], level=int(c.get("level") or 1),
                page=page if isinstance(page, int) and page >= 0 else None,
                label=str(c["page"]) if c.get("page") is not None and not isinstance(page, int) else None,
                start_sentence=sentence if isinstance(sentence, int) and sentence >= 0 else None,
                doc_id=str(meta.get("id") or ""), sentences=int(meta.get("sentences") or 0)))
        return out
    out = []
    for item in obj if isinstance(obj, list) else []:
        if isinstance(item, list) and len(item) >= 3 and isinstance(item[1], str) and isinstance(item[2], int):
            out.append(PageEntry(title=item[1][:300], level=int(item[0]) if isinstance(item[0], int) else 1,
                                 page=item[2] - 1 if item[2] >= 1 else None))
        elif isinstance(item, dict) and isinstance(item.get("title"), str) and item.get("page") is not None:
            out.append(PageEntry(title=item["title"][:300], level=int(item.get("level") or 1),
                                 label=str(item["page"])))
    return out


def load_page_chapter_file(path: str | os.PathLike[str], data: Optional[bytes] = None) -> list[PageEntry]:
    """Read a chapter file for a paged document. Raises :class:`UnsupportedFormat` when it is
    none of the forms above and :class:`EmptyDocument` when it lists no entry."""
    from .loaders import read_file
    from .loaders.transcripts.decode import decode_text

    if data is None:
        data = read_file(os.fsdecode(path))
    text, _ = decode_text(data)
    head = text.lstrip()
    if head[:1] in "{[":
        try:
            entries = entries_from_json(json.loads(head))
        except (ValueError, RecursionError, TypeError) as exc:
            raise LoadError(f"the chapter file is not valid JSON ({exc})") from None
    else:
        entries = entries_from_text(text)
    if not entries:
        raise (EmptyDocument("the chapter file lists no chapters") if head[:1] in "{[" else
               UnsupportedFormat("this file is no table of contents Strata can read: "
                                 "one entry per line with its page last (\"2.1 Scope .... 14\")"))
    return entries


def _label_index(doc: Document) -> dict[str, int]:
    labels: dict[str, int] = {}
    for p in doc.pages:
        if p.label:
            labels.setdefault(p.label.strip().casefold(), p.index)
    return labels


def _has_labels(doc: Document) -> bool:
    return any(p.label and p.label != str(p.index + 1) for p in doc.pages)


def _printed_number(label: str) -> Optional[int]:
    return int(label) if label.isdigit() else None


def _best_offset(doc: Document, entries: Sequence[PageEntry]) -> int:
    """Pages of front matter before the printed page 1: the offset that puts the most
    entries' titles at the start of a sentence on their page (0 when none does better)."""
    from .loaders.pdf_outline import _LEADING_NUMBER, _norm

    heads: dict[int, list[str]] = {}
    for s in doc.sentences:
        if s.anchor.page is not None:
            heads.setdefault(s.anchor.page, []).append(_norm(s.text[:150]))
    keys = [(n, _norm(_LEADING_NUMBER.sub("", e.title))[:30]) for e in entries
            if e.label and (n := _printed_number(e.label)) is not None]
    keys = [(n, k) for n, k in keys if len(k) >= 4]

    def found(offset: int) -> int:
        return sum(any(k in h for h in heads.get(n - 1 + offset, [])) for n, k in keys)

    best, best_found = 0, found(0)
    for offset in range(1, min(MAX_OFFSET, max(0, len(doc.pages) - 1)) + 1):
        f = found(offset)
        if f > best_found:
            best, best_found = offset, f
    return best


def place_page_chapters(doc: Document, entries: Sequence[PageEntry], name: str) -> list[ReferenceChapter]:
    """``entries`` mapped onto ``doc``'s sentences (a heading on the page whose text is the
    title wins, else the page's first sentence). Raises :class:`StrataError` for a
    document without pages, or when no entry lands on one of its pages."""
    from .loaders.pdf_outline import map_page_entries

    if doc.kind != "pdf" or not doc.pages:
        raise StrataError(f"{name} gives chapter pages, and this document has no pages to place them by")
    same = [e for e in entries if e.start_sentence is not None and e.doc_id == doc.id
            and e.sentences == len(doc.sentences)]
    if same and len(same) == len(entries):  # Strata's export of this very document: its sentences
        return [ReferenceChapter(title=e.title, level=e.level, start_sentence=e.start_sentence,
                                 page=doc.sentences[e.start_sentence].anchor.page)
                for e in entries if e.start_sentence < len(doc.sentences)]  # type: ignore[operator]
    labels = _label_index(doc) if _has_labels(doc) else {}
    offset = 0 if labels else _best_offset(doc, entries)
    n = len(doc.pages)
    rows: list[tuple[int, str, Optional[int], Optional[float]]] = []
    for e in entries:
        page = e.page
        if page is None and e.label:
            key = e.label.strip().casefold()
            if key in labels:
                page = labels[key]
            elif (number := _printed_number(key)) is not None:
                page = number - 1 + offset
            elif not labels and (number := _roman(key)) is not None:
                page = number - 1  # front matter in roman numerals, counted from the first page
        rows.append((e.level, e.title, page if page is not None and 0 <= page < n else None, None))
    placed = map_page_entries(doc.sentences, rows)
    if all(c.start_sentence is None for c in placed):
        raise StrataError(f"no chapter of {name} falls on a page of this document ({n} pages): "
                          "is it the table of contents of another one?")
    if offset:
        log.info("%s: printed page 1 taken as page %d of the file", name, offset + 1)
    return placed
