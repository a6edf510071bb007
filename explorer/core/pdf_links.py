"""Links on PDF pages: where a click on "see Section 4", a contents entry or a citation goes.

:func:`page_links` reads a PyMuPDF page's links into plain records the window can use
without PyMuPDF (they travel from the pdf lane's child process with the page image):
a jump inside the document (page, and the y of the target when the link gives one) or
a web address. Links to other files and launch actions are left out: opening another
program from a click in a document is not what a reader expects.
:func:`copy_links` carries the links of a laid-out e-book over to its PDF: MuPDF's
conversion keeps them, but sends every jump to the first page.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Optional

from .model import Rect

log = logging.getLogger(__name__)

WEB_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


@dataclass(frozen=True, slots=True)
class PageLink:
    """A clickable area in PDF points; ``page`` (0-based) and ``y`` for a jump, ``uri`` for a web link."""

    rect: Rect
    page: Optional[int] = None
    y: Optional[float] = None
    uri: str = ""


def page_links(page: Any) -> tuple[PageLink, ...]:
    """The usable links of a PyMuPDF page (never raises: a broken link table gives none)."""
    import pymupdf

    try:
        raw = page.get_links()
        count = page.parent.page_count
    except Exception as exc:  # noqa: BLE001 - MuPDF raises several types on damaged annotations
        log.debug("links of page %s unreadable: %s", getattr(page, "number", "?"), exc)
        return ()
    out: list[PageLink] = []
    for link in raw:
        r = link.get("from")
        if r is None or r.is_empty:
            continue
        rect = Rect(float(r.x0), float(r.y0), float(r.x1), float(r.y1))
        kind = link.get("kind")
        target = link.get("page", -1)
        if kind in (pymupdf.LINK_GOTO, pymupdf.LINK_NAMED) and isinstance(target, int) and 0 <= target < count:
            out.append(PageLink(rect, target, _target_y(page.parent, kind, target, link.get("to"))))
        elif kind == pymupdf.LINK_URI and str(link.get("uri", "")).lower().startswith(WEB_SCHEMES):
            out.append(PageLink(rect, uri=str(link["uri"])))
    return tuple(out)


def _target_y(doc: Any, kind: int, target: int, to: Any) -> Optional[float]:
    """The y (points from the top) a jump lands on, or None for the top of the page.

    PyMuPDF gives an explicit jump's point in its own top-down coordinates, but a named
    destination's (LaTeX's ``cite.*``, ``section.*``) as the PDF has it, from the bottom
    of the page: that one goes through the target page's transformation matrix."""
    import pymupdf

    if to is None:
        return None
    try:
        point = pymupdf.Point(to)
        if kind == pymupdf.LINK_NAMED:
            point = point * doc[target].transformation_matrix
        y = float(point.y)
    except Exception:  # noqa: BLE001 - an odd destination still jumps to its page
        return None
    return y if y > 0 else None


def copy_links(source: Any, pdf: Any) -> int:
    """Replace the links of ``pdf`` by the jumps and web links of ``source`` (a laid-out
    document, e.g. an EPUB), page for page; returns how many were copied."""
    import pymupdf

    copied = 0
    for i in range(min(source.page_count, pdf.page_count)):
        page = pdf[i]
        for stale in page.get_links():  # MuPDF's conversion keeps the links but aims every jump at page 1
            page.delete_link(stale)
        for link in source[i].get_links():
            if link.get("kind") not in (pymupdf.LINK_GOTO, pymupdf.LINK_URI):
                continue
            if link.get("kind") == pymupdf.LINK_GOTO and not 0 <= link.get("page", -1) < pdf.page_count:
                continue
            try:
                page.insert_link(link)
                copied += 1
            except Exception as exc:  # noqa: BLE001 - one bad link costs that link only
                log.debug("link on page %d not copied: %s", i + 1, exc)
    return copied
