"""Open any supported file as a :class:`~explorer.core.model.Document`.

The format is sniffed from the content, never from the extension: ``%PDF`` (within
the first KiB, as PDF readers allow) goes to the PDF loader, an EPUB to the PDF loader
through the PDF made from it (:mod:`..paged`), everything else to the
transcript sniffer, which raises :class:`UnsupportedFormat` for what it does not
recognise (images, archives, binary junk).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from ..errors import EmptyDocument, LoadError, UnsupportedFormat
from ..model import Document
from ..progress import CancelToken, Progress

# Magic numbers of common files people drop by mistake, for a precise message.
_KNOWN_BINARY = {
    b"\xff\xd8\xff": "a JPEG image",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"ID3": "an MP3 audio file",
    b"RIFF": "a RIFF (WAV/AVI) file",
    b"\x7fELF": "a program (ELF binary)",
    # the compound file of Office 97-2003 (.doc, .xls, .ppt), and of every Office file saved with a password
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an Office file in the old binary format (.doc, .ppt, .xls) or one "
                                           "saved with a password",
}
# ZIP-based office files other than Word's, by a part name or mimetype near the start
_OFFICE_ZIPS = {
    b"xl/": "an Excel workbook (.xlsx)",
}
# what the reader can do about a file that is none of Strata's kinds
_ADVICE = {
    "an Office file in the old binary format (.doc, .ppt, .xls) or one saved with a password":
        "save it as .docx without a password, or as PDF, and open that",
}


def sniff_kind(data: bytes) -> str:
    """'pdf', 'epub', 'docx', 'odt', 'odp', 'pptx', 'rtf', 'text' or a description of a known binary type."""
    from ..paged import is_epub
    from .transcripts.odp import is_odp
    from .transcripts.odt import is_odt

    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if is_epub(head):
        return "epub"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    if head.startswith(b"PK\x03\x04") and b"ppt/" in data[:65536]:
        return "pptx"
    if is_odt(head):
        return "odt"
    if is_odp(head):
        return "odp"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        for marker, what in _OFFICE_ZIPS.items():
            if marker in data[:65536]:
                return what
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            return what
    return "text"


def read_file(path: str | os.PathLike[str]) -> bytes:
    p = Path(path)
    try:
        if p.is_dir():
            raise LoadError("is a folder, not a file")
        data = p.read_bytes()
    except FileNotFoundError:
        raise LoadError("file not found") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror or exc})") from None
    if not data:
        raise EmptyDocument("the file is empty (0 bytes)")
    return data


def load_document(
    path: str | os.PathLike[str],
    *,
    password: Optional[str] = None,
    ocr: bool = True,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> Document:
    """Load a PDF or a transcript. Raises a :class:`LoadError` subclass with a clear message."""
    data = read_file(path)
    kind = sniff_kind(data)
    if kind == "pdf":
        from .pdf import load_pdf

        return load_pdf(str(path), data, password=password, ocr=ocr, progress=progress, cancel=cancel)
    if kind == "epub":
        return _load_epub(str(path), data, ocr=ocr, progress=progress, cancel=cancel)
    if kind in ("docx", "odt", "odp", "pptx", "rtf", "text"):
        from ..speaker_names import apply_names, names_for
        from .transcripts import load_transcript

        doc = load_transcript(str(path), data, progress=progress, cancel=cancel)
        return apply_names(doc, names_for(doc))  # the analyst's names for diarised labels
    advice = _ADVICE.get(kind)
    raise UnsupportedFormat(f"this is {kind}, not a PDF, an e-book, a document or a transcript"
                            + (f": {advice}" if advice else ""))


def _load_epub(path: str, data: bytes, **kw) -> Document:  # noqa: ANN003 - load_pdf's options
    """An EPUB, read as the PDF made from it (``paged``); the document keeps the book's
    path, its format and the hash of its bytes as its id."""
    from dataclasses import replace

    from ..errors import StorageError
    from ..paged import paged_pdf_path
    from ..store import sha256_bytes
    from .pdf import load_pdf

    try:
        pdf_path = paged_pdf_path(path, data)
    except StorageError as exc:
        raise LoadError(f"no room to lay out this e-book in the cache folder ({exc})") from None
    doc = load_pdf(path, Path(pdf_path).read_bytes(), **kw)
    return replace(doc, id=sha256_bytes(data), format="epub", size_bytes=len(data))
