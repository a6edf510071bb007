"""The name a document is shown by where several are listed together: its title, and where
documents share a title, their file names too.

One recording as an SRT, a VTT and a Zoom export, or a report as its Word source and its
PDF, are documents of one title: a library listing or a search's hits from them read
"Harbour Review" three times, with nothing to tell them apart.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path


def shown_titles(documents: Sequence[tuple[str, str]]) -> list[str]:
    """For ``(title, path)`` pairs, each document's title; titles that several share get
    their file names ("Harbour Review — review.docx"), and file names they share too, their
    folder's name. A document without a title is its file name."""
    titles = [title or Path(path).name for title, path in documents]
    paths = [Path(path) for _title, path in documents]
    taken = Counter(titles)
    names = Counter((t, p.name) for t, p in zip(titles, paths))
    out = []
    for t, p in zip(titles, paths):
        name = p.name
        if taken[t] < 2 or not name or name == t:
            out.append(t)
            continue
        if names[(t, name)] > 1 and p.parent.name:
            name = f"{p.parent.name}/{name}"
        # a title made from the file's name is just the name
        out.append(name if name.startswith(t) else f"{t} — {name}")
    return out


_TEXT_KINDS = {"docx": "Word document", "odt": "OpenDocument text", "rtf": "Rich Text document",
               "pptx": "PowerPoint deck", "odp": "OpenDocument presentation",
               "markdown": "Markdown", "html": "Web page", "plain": "Text"}


def kind_name(kind: str, fmt: str, timed: bool) -> str:
    """What a document is, in words: "PDF", "E-book", "Transcript", or for a text loaded
    as untimed cues (a Word report, a web page, notes) what it is ("Word document")."""
    if kind == "pdf":
        return "E-book" if fmt == "epub" else "PDF"
    return "Transcript" if timed else _TEXT_KINDS.get(fmt, "Transcript")


def row_titles(rows: Sequence[dict]) -> list[str]:
    """:func:`shown_titles` of library rows (dicts with "title" and "path")."""
    return shown_titles([(str(r.get("title") or ""), str(r.get("path") or "")) for r in rows])


def row_kind(row: dict) -> str:
    """:func:`kind_name` of a library row (a dict with "kind", "format" and "duration")."""
    return kind_name(str(row.get("kind") or ""), str(row.get("format") or ""), bool(row.get("duration")))


def hit_document_names(hits: Iterable) -> dict[str, str]:  # Iterable[search.Hit]
    """Document id -> the name its hits show, told apart from the other documents among ``hits``."""
    documents: dict[str, tuple[str, str]] = {}
    for hit in hits:
        documents.setdefault(hit.doc_id, (hit.doc_title or "", hit.path or ""))
    return dict(zip(documents, shown_titles(list(documents.values()))))
