"""Text copied out of a document, as an analyst pastes it into notes: a quote with its source.

:func:`quote` renders sentences ``[start, end)`` of a document (:func:`quote_rows`
any selection of them, ``[…]`` marking the gaps):

* a transcript as one line per speaker turn, each with its start time and speaker
  (``[12:04] Alice: So the budget moves to May. We agreed on that.``), the times as
  the window shows them;
* a PDF as paragraphs (a new one at a page or column break or a gap between lines),
  followed by where it comes from (``— Annual report, pp. 12–13``).

The window's Copy (transcript rows, the sentence or chapter under the mouse, a
chapter in the panel) and any script use the same function.
"""
from __future__ import annotations

from typing import Iterable, Optional

from .exports import format_clock
from .model import Document, Hit, Sentence


def clock(seconds: Optional[float]) -> str:
    """``m:ss`` or ``h:mm:ss``; empty for unknown times (the window's time format, the exports')."""
    return "" if seconds is None else format_clock(seconds)


def timed_line(anchor, text: str) -> str:  # noqa: ANN001 - an Anchor
    """``[12:04] Alice: text``, without the time or the speaker where the anchor has none."""
    stamp = f"[{clock(anchor.start)}] " if anchor.start is not None else ""
    who = f"{anchor.speaker}: " if anchor.speaker else ""
    return stamp + who + text


def _transcript(sentences: list[Sentence]) -> str:
    """A line per speaker turn; in text with neither times nor speakers (a Word report, a web
    page, notes), a line per paragraph."""
    lines: list[str] = []
    speaker: Optional[str] = None
    cue: tuple = ()
    for s in sentences:
        a = s.anchor
        untimed_paragraph = a.start is None and a.speaker is None and a.cues[:1] != cue
        cue = a.cues[:1]
        if lines and a.speaker == speaker and not untimed_paragraph:
            lines[-1] += " " + s.text
            continue
        speaker = a.speaker
        lines.append(timed_line(a, s.text))
    return "\n".join(lines)


def _pages(doc: Document, sentences: list[Sentence]) -> str:
    pages = [s.anchor.page for s in sentences if s.anchor.page is not None]
    pages += [p for s in sentences for p, _rect in s.anchor.page_rects]  # sentences over a page break
    if not pages:
        return ""
    first, last = doc.page_name(min(pages)), doc.page_name(max(pages))
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


def _starts_paragraph(prev: Sentence, cur: Sentence) -> bool:
    """A new page, a column to the right or above, or a gap of more than about half a line."""
    a, b = prev.anchor, cur.anchor
    if a.page != b.page or not a.rects or not b.rects:
        return True
    last, first = a.rects[-1], b.rects[0]
    line = max(1.0, last.y1 - last.y0)
    gap = first.y0 - last.y1
    return gap > 0.6 * line or gap < -2 * line


def _paragraphs(sentences: list[Sentence]) -> str:
    paragraphs: list[list[str]] = [[sentences[0].text]]
    for prev, cur in zip(sentences, sentences[1:]):
        if _starts_paragraph(prev, cur):
            paragraphs.append([])
        paragraphs[-1].append(cur.text)
    return "\n\n".join(" ".join(p) for p in paragraphs)


def source_line(doc: Document, sentences: list[Sentence]) -> str:
    """Where ``sentences`` come from: the document's title, and for a PDF their pages."""
    if doc.kind != "pdf":
        return doc.title or ""
    return ", ".join(x for x in (doc.title, _pages(doc, sentences)) if x)


def passage(doc: Document, sentences: list[Sentence]) -> str:
    """Consecutive ``sentences`` of ``doc`` as text: a transcript's speaker turns, one per line
    with time and speaker; a PDF's paragraphs, separated by blank lines."""
    if not sentences:
        return ""
    return _transcript(sentences) if doc.kind != "pdf" else _paragraphs(sentences)


def quote(doc: Document, start: int, end: int, *, source: bool = True) -> str:
    """Sentences ``[start, end)`` of ``doc`` as text to paste; ``source`` adds where they are from
    (PDFs: the document's title and pages; a transcript's lines carry their times)."""
    return quote_rows(doc, range(start, end), source=source)


def quote_rows(doc: Document, rows: Iterable[int], *, source: bool = True) -> str:
    """The quote of sentence indices ``rows``: one block per run of consecutive rows, ``[…]``
    between runs (a selection with gaps), the source once at the end."""
    runs: list[list[int]] = []
    for r in sorted({r for r in rows if 0 <= r < len(doc.sentences)}):
        if runs and runs[-1][-1] == r - 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    if not runs:
        return ""
    blocks = [passage(doc, [doc.sentences[i] for i in run]) for run in runs]
    gap = "\n[…]\n" if doc.kind != "pdf" else "\n\n[…]\n\n"
    text = gap.join(blocks)
    cite = source_line(doc, [doc.sentences[i] for run in runs for i in run]) if source else ""
    if not cite:
        return text
    return f"{text}\n— {cite}" if doc.kind != "pdf" else f"{text}\n\n— {cite}"


def quote_hit(hit: Hit) -> str:
    """A search hit as a quote with its source, from the hit alone (its document need not be
    open): ``“text” — Title, chapter, p. 12`` or ``[12:04] Alice: text — Title, chapter``."""
    text = " ".join(hit.text.split())
    where = [hit.doc_title, hit.chapter_title]
    if hit.section_title and hit.section_title != hit.chapter_title:
        where.append(hit.section_title)
    if hit.kind == "pdf":
        if hit.page_name:
            where.append(f"p. {hit.page_name}")
        body = f"“{text}”"
    else:
        body = timed_line(hit.anchor, text)
    cite = ", ".join(w for w in where if w)
    return f"{body}\n— {cite}" if cite else body


def quote_hits(hits: Iterable[Hit]) -> str:
    """Several hits, one quote each, separated by blank lines (a search's evidence, for notes)."""
    return "\n\n".join(quote_hit(h) for h in hits)
