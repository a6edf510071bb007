"""Copy text out of the document as a quote with its source (:func:`explorer.core.quotes.quote`).

Where the user copies:

* the transcript: select rows (click, Shift/Ctrl+click), Ctrl+C or the context menu;
* a PDF page: Ctrl+C copies the selected layout block (the overlay's own), else
  whichever came last of the sentence clicked and the search hit or Find match shown;
  the context menu copies the sentence under the mouse;
* both, and the chapter panel: "Copy chapter text";
* the chapter panel: "Copy outline" and "Copy summary" (the Markdown exports of the
  chapters as the user left them, for a report or an e-mail).

What was copied is said in the status bar for a few seconds.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QGuiApplication

from explorer.core.quotes import quote_rows

STATUS_MS = 4000


def copy_rows(window, doc, rows: Iterable[int], what: str = "") -> int:  # noqa: ANN001
    """Put the quote of ``rows`` on the clipboard; returns how many sentences it holds."""
    rows = [r for r in rows if 0 <= r < len(doc.sentences)]
    text = quote_rows(doc, rows)
    if not text:
        return 0
    QGuiApplication.clipboard().setText(text)
    n = len(set(rows))
    window.statusBar().showMessage(f"Copied {what or (f'{n} sentences' if n != 1 else 'a sentence')}", STATUS_MS)
    return n


def copy_chapter(window, session, ci: int) -> int:  # noqa: ANN001
    """Copy chapter ``ci``'s text (as the user left the chapters)."""
    if session is None or not (0 <= ci < len(session.chapters)):
        return 0
    ch = session.chapters[ci]
    title = ch.title or f"chapter {ci + 1}"
    return copy_rows(window, session.document, range(ch.start, ch.end), f"“{title}” ({ch.end - ch.start} sentences)")


def copy_chapters_as(window, session, fmt: str) -> bool:  # noqa: ANN001
    """Copy the chapters as the Markdown export ``fmt`` ("markdown": the outline with pages or
    times; "summary": each chapter's key sentences)."""
    from explorer.core.sections import fit_sections
    from explorer.core.exports import export_text

    if session is None or not session.chapters:
        return False
    chapters = list(session.chapters)
    vectors = getattr(session.analysis, "embeddings", None)
    sections = fit_sections(session.sections, chapters, session.automatic_chapters)
    text = export_text(session.document, chapters, fmt, sections, embeddings=vectors)
    QGuiApplication.clipboard().setText(text)
    what = "the outline" if fmt == "markdown" else "the summary"
    window.statusBar().showMessage(f"Copied {what} of {len(chapters)} chapters as Markdown", STATUS_MS)
    return True
