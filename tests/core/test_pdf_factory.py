"""Helpers (not tests) that build small PDFs with PyMuPDF for the PDF loader tests; named test_pdf_* to sit in the PDF test area."""
from __future__ import annotations

from typing import Iterable, Optional

LOREM = (
    "The river carried the boats past the old mill. Farmers brought their grain to the town every week. "
    "Merchants kept careful records of every sale they made. "
)


def new_doc():
    import pymupdf

    return pymupdf.open()


def add_page(doc, width: float = 595, height: float = 842):
    return doc.new_page(width=width, height=height)


def textbox(page, rect: tuple[float, float, float, float], text: str, size: float = 10, font: str = "helv") -> None:
    """Wrap ``text`` into ``rect`` (raises if it does not fit, so tests never lose text silently)."""
    import pymupdf

    rc = page.insert_textbox(pymupdf.Rect(*rect), text, fontsize=size, fontname=font)
    if rc < 0:
        raise ValueError(f"text does not fit into {rect} ({rc})")


def line(page, x: float, y: float, text: str, size: float = 10, font: str = "helv") -> None:
    page.insert_text((x, y), text, fontsize=size, fontname=font)


def to_bytes(doc, **save_options) -> bytes:
    return doc.tobytes(**save_options)


def build(pages: Iterable[Iterable[tuple]], toc: Optional[list] = None, metadata: Optional[dict] = None) -> bytes:
    """``pages``: per page, items ("box", rect, text, size) or ("line", x, y, text, size)."""
    doc = new_doc()
    for items in pages:
        page = add_page(doc)
        for item in items:
            if item[0] == "box":
                textbox(page, item[1], item[2], *item[3:])
            else:
                line(page, item[1], item[2], item[3], *item[4:])
    if toc:
        doc.set_toc(toc)
    if metadata:
        doc.set_metadata(metadata)
    return to_bytes(doc)
