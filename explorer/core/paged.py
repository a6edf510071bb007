"""E-books (EPUB) read as paged documents, through a PDF made from them.

MuPDF lays an EPUB out into pages (400 x 600 points) and writes those pages as a PDF.
Strata makes that PDF once per book version, keeps it in the cache, and everything
that opens a paged document by its path (the loader, the page renderer, layout
analysis, the PDF-with-chapters export) opens :func:`paged_pdf_path` instead, so page
numbers, word rectangles and overlays agree everywhere; those that work on a document
already shown open it with :func:`open_paged`, which reads the version shown or none.
The book's own table of contents and metadata are carried over; the document keeps the
e-book's path and the hash of the e-book's bytes as its id, so corrections and the index
follow the book.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from .errors import FileChanged, LoadError

log = logging.getLogger(__name__)

_EPUB_MIMETYPE = b"mimetypeapplication/epub+zip"


def is_epub(head: bytes) -> bool:
    """Whether these first bytes are an EPUB: a ZIP whose first entry is the stored
    ``mimetype`` file, as the EPUB container format requires."""
    return head.startswith(b"PK\x03\x04") and _EPUB_MIMETYPE in head[:120]


def epub_to_pdf(data: bytes) -> bytes:
    """The EPUB ``data`` laid out into pages, as PDF bytes, with its outline, links and metadata."""
    import pymupdf

    try:
        book = pymupdf.open(stream=data, filetype="epub")
    except Exception as exc:  # noqa: BLE001 - MuPDF raises several types for broken books
        raise LoadError(f"this e-book cannot be read ({exc})") from None
    try:
        if book.needs_pass or book.is_encrypted:
            raise LoadError("this e-book is protected (DRM) and cannot be read")
        if book.page_count == 0:
            raise LoadError("this e-book has no pages")
        pdf = pymupdf.open("pdf", book.convert_to_pdf())
        from .pdf_links import copy_links

        copy_links(book, pdf)  # notes, cross-references and the book's own contents page stay clickable
        try:
            toc = [e for e in book.get_toc(simple=True) if 1 <= e[2] <= pdf.page_count]
            if toc:
                toc[0][0] = 1  # a valid outline starts at level 1
                pdf.set_toc(_levels_without_gaps(toc))
        except Exception as exc:  # noqa: BLE001 - a broken table of contents costs the outline only
            log.warning("the e-book's table of contents could not be carried over: %s", exc)
        meta = {k: v for k, v in (book.metadata or {}).items() if k in ("title", "author", "subject", "keywords") and v}
        if meta:
            pdf.set_metadata(meta)
        return pdf.tobytes(garbage=1, deflate=True)
    finally:
        book.close()


def _levels_without_gaps(toc: list[list]) -> list[list]:
    """PyMuPDF refuses an outline whose level rises by more than one at a step."""
    out, prev = [], 0
    for level, title, page in toc:
        level = max(1, min(int(level), prev + 1))
        out.append([level, title, page])
        prev = level
    return out


def _head(path: str | os.PathLike[str]) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(128)
    except OSError:
        return b""


def paged_pdf_path(path: str | os.PathLike[str], data: bytes | None = None) -> str:
    """The PDF to open for the paged document at ``path``: the path itself for a PDF, the
    cached PDF made from it for an EPUB (made now when missing; ``data``, the file's
    bytes, saves reading them again)."""
    if not is_epub(data[:128] if data is not None else _head(path)):
        return str(path)
    from .store import atomic_write_bytes, cache_path, sha256_bytes, touch

    if data is None:
        data = Path(path).read_bytes()
    # named like every cache file, so the cache pruner may remove it (it is made again)
    out = cache_path(sha256_bytes(data), "epub", suffix=".pdf")
    if out.is_file():
        touch(out)
    else:
        atomic_write_bytes(out, epub_to_pdf(data))
    return str(out)


# Files up to this size are opened from their bytes (held while open); larger ones by path.
IN_MEMORY_MAX = 256 * 1024 * 1024
# path -> (size, mtime in ns, doc id) of the file last found to hash to that id, so that
# live layout, which opens the file once per page, reads and hashes it only once
_verified: dict[str, tuple[int, int, str]] = {}


def open_paged(path: str | os.PathLike[str], doc_id: str = "") -> Any:
    """Open the paged document at ``path`` (a PDF, or the PDF made from an e-book) as a
    PyMuPDF document. With ``doc_id`` (the id of the document shown: the sha256 of the
    bytes it was read from), a file rewritten since raises :class:`FileChanged`, so pages,
    layout and exports never mix two versions. A PDF is opened from its bytes, so a file
    saved over it later is not read into the open document page by page."""
    import pymupdf

    from .store import sha256_bytes, sha256_file

    key = os.path.abspath(path)
    try:
        st = os.stat(path)
        if doc_id and _verified.get(key) == (st.st_size, st.st_mtime_ns, doc_id):
            return pymupdf.open(paged_pdf_path(path))  # checked before and untouched since
        big = st.st_size > IN_MEMORY_MAX
        data = None if big else Path(path).read_bytes()
        content_id = (sha256_file(path) if big else sha256_bytes(data or b"")) if doc_id else ""
    except OSError as exc:
        raise LoadError(f"the file cannot be read ({exc.strerror or exc}); was it moved or deleted?") from None
    if doc_id and content_id != doc_id:
        raise FileChanged(f"{Path(path).name} changed on disk since it was opened: reload it (File > Reload)")
    if doc_id:
        _verified[key] = (st.st_size, st.st_mtime_ns, doc_id)
    paged = paged_pdf_path(path) if data is None else paged_pdf_path(path, data)
    if data is None or paged != str(path):
        return pymupdf.open(paged)  # too big to hold, or an e-book's cached PDF (named by its hash)
    return pymupdf.open(stream=data, filetype="pdf")
