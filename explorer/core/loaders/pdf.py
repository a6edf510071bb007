"""Load a PDF into a :class:`~explorer.core.model.Document` with PyMuPDF.

Contract: :func:`load_pdf` returns pages (size in points, printed label, text layer,
OCR flag), sentences in reading order anchored to the rectangles of their words
(one rect per line, in PDF points), metadata, a title, reference chapters from the
outline (each mapped to the first sentence at or after its destination) and
warnings a user should see (pages without a text layer, a repaired file). It raises
:class:`PasswordRequired` / :class:`WrongPassword` for encrypted files and
:class:`LoadError` with one sentence for anything it cannot read.

Speed: one ``page.get_text("words")`` pass per page and no per-word objects beyond
the tuples PyMuPDF returns; the text assembly and the anchors live in
:mod:`.pdf_text`. PyMuPDF is imported inside the functions (it is not thread-safe
and the UI runs it on its own lane).
"""
from __future__ import annotations

import gc
import logging
import re
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import LoadError, PasswordRequired, WrongPassword
from ..model import Document, Page, Sentence
from ..progress import CancelToken, Cancelled, Progress, check, report
from ..sentences import BULLET_GLYPHS, split_spans
from ..store import sha256_bytes
from .pdf_arabic import fix_lam_alef
from .pdf_garbled import drop_garbled
from .pdf_ocr import cache_words, cached_words, ocr_workers, prepare_ocr, tesseract_available
from .pdf_outline import page_label, reference_chapters
from .pdf_blocks import _TEXT, caseless
from .pdf_text import TextAssembler

log = logging.getLogger(__name__)

_TESSERACT_HINT = "install tesseract to read it (apt-get install tesseract-ocr)"
_JUNK_TITLES = re.compile(
    r"^(untitled.*|none|null|title|document\d*|slide \d+|microsoft (word|powerpoint) - .*|powerpoint presentation"
    r"|presentaci[oó]n de powerpoint|.*\.(docx?|odt|odp|pdf|dvi|tex|indd|pptx?|exe|rtf|txt|qxd|p65))$",
    re.I,
)
_HAS_WORD = re.compile(r"[^\W\d_]")  # a letter: number-only fragments (plot ticks, table cells) are not sentences


def _words_flags() -> int:
    import pymupdf

    # Ligatures are expanded by MuPDF itself; whitespace is kept as PyMuPDF's word mode does.
    return pymupdf.TEXTFLAGS_WORDS & ~pymupdf.TEXT_PRESERVE_LIGATURES


def open_pdf(data: bytes, password: Optional[str] = None) -> Any:
    """Open and (if needed) unlock a PDF from bytes, or raise a clear :class:`LoadError`."""
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # pymupdf.FileDataError, RuntimeError, ValueError ...
        log.debug("pymupdf.open failed: %s", exc)
        raise LoadError("this PDF is damaged or is not a PDF; it cannot be opened") from None
    if doc.needs_pass:
        if not password:
            doc.close()
            raise PasswordRequired("this PDF is encrypted: give its password (--password)")
        if not doc.authenticate(password):
            doc.close()
            raise WrongPassword("the password does not open this PDF")
    try:
        count = doc.page_count
    except Exception:
        count = 0
    if count <= 0:
        doc.close()
        raise LoadError("this PDF is damaged and has no readable pages")
    return doc


def _ocr_available() -> bool:
    return tesseract_available()


def _ocr_job(page: Any) -> Callable[[Optional[CancelToken]], list[tuple]]:
    """Render an image-only page for OCR now; the returned call reads its words on a worker
    thread (``pdf_ocr``)."""
    return prepare_ocr(page)


def _has_images(page: Any) -> bool:
    try:
        return bool(page.get_images(full=False))
    except Exception:
        return False


def _page_ranges(pages: list[int]) -> str:
    """[2, 3, 4, 8] -> '3-5, 9' (1-based for people)."""
    out: list[str] = []
    start = prev = None
    for p in pages + [None]:  # type: ignore[list-item]
        if p is not None and prev is not None and p == prev + 1:
            prev = p
            continue
        if start is not None:
            out.append(f"{start + 1}" if start == prev else f"{start + 1}-{prev + 1}")
        start = prev = p
    return ", ".join(out)


def _pdf_date(value: str) -> str:
    """'D:20200806120000Z' -> '2020-08-06T12:00:00' (unparseable values are kept)."""
    m = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", value)
    if not m:
        return value
    y, mo, d, h, mi, s = (g or "" for g in m.groups())
    out = y + (f"-{mo}" if mo else "") + (f"-{d}" if d else "")
    if h:
        out += f"T{h}:{mi or '00'}:{s or '00'}"
    return out


def _metadata(doc: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key, value in (doc.metadata or {}).items():
        if not value or not isinstance(value, str):
            continue
        value = value.strip()
        if not value or value.lower() == "none":
            continue
        if key in ("creationDate", "modDate"):
            value = _pdf_date(value)
        meta[key] = value
    return meta


def load_pdf(
    path: str,
    data: bytes,
    *,
    password: Optional[str] = None,
    ocr: bool = True,
    progress: Optional[Progress] = None,
    cancel: Optional[CancelToken] = None,
) -> Document:
    """Load the PDF ``data`` (read from ``path``); see the module docstring for the contract."""
    doc = open_pdf(data, password)
    if password:
        from ..pdf_passwords import remember

        remember(path, password)  # layout and the outline export open the file again by path
    # The loader allocates hundreds of thousands of small tuples and lists that all
    # live until it returns; the cyclic GC would rescan them again and again (about
    # a third of the load time) while finding nothing to free.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(doc, path, data, ocr=ocr, progress=progress, cancel=cancel)
    finally:
        if gc_was_enabled:
            gc.enable()
        doc.close()


def _extract_words(doc: Any, ocr: bool, progress: Optional[Progress], cancel: Optional[CancelToken],
                   doc_id: str = ""):
    """One pass over the pages: (pages, words per page, warnings). ``doc_id`` (the file's
    hash) keys the cache of OCR words; without it nothing is cached."""
    flags = _words_flags()
    n = doc.page_count
    try:
        label_rules = sorted(doc.get_page_labels(), key=lambda r: r.get("startpage", 0))
    except Exception:
        label_rules = []
    use_ocr = None  # decided on the first image-only page
    pages: list[Page] = []
    page_words: list[list[tuple]] = []
    no_text: list[int] = []
    ocr_failed: list[int] = []
    broken: list[int] = []
    garbled: dict[int, int] = {}  # page: lines whose font gave back no real characters
    # Image-only pages are rendered here, in order, and read by Tesseract on worker threads,
    # a few pages ahead at most (each waiting page holds its image in memory).
    reading: deque[tuple[int, Future]] = deque()
    workers: Optional[ThreadPoolExecutor] = None

    def collect_one() -> None:
        pno, job = reading.popleft()
        try:
            words = job.result()
        except Cancelled:
            raise
        except Exception as exc:
            log.warning("OCR of page %d failed: %s", pno + 1, exc)
            ocr_failed.append(pno)
            no_text.append(pno)
            return
        pages[pno] = replace(pages[pno], has_text=bool(words), ocr=True)
        page_words[pno] = words
        if doc_id:
            cache_words(doc_id, pno, words)

    try:
        for pno in range(n):
            check(cancel)
            try:
                page = doc.load_page(pno)
                rect = page.rect
                words = page.get_text("words", flags=flags)
            except Exception as exc:
                log.warning("page %d could not be read: %s", pno + 1, exc)
                broken.append(pno)
                pages.append(Page(pno, 0.0, 0.0, "", has_text=False))
                page_words.append([])
                continue
            words = fix_lam_alef(page, words, flags)  # guards its own character read
            words, lost = drop_garbled(words)
            if lost:
                garbled[pno] = lost
            label = page_label(label_rules, pno) if label_rules else ""
            pages.append(Page(pno, rect.width, rect.height, label, has_text=bool(words)))
            page_words.append(words)
            # a page whose every line came out garbled is read as a picture of its text
            if not words and (pno in garbled or _has_images(page)):
                if use_ocr is None:
                    use_ocr = ocr and _ocr_available()
                known = cached_words(doc_id, pno) if use_ocr and doc_id else None
                if not use_ocr:
                    if pno not in garbled:  # it has a text layer: its own warning says what became of it
                        no_text.append(pno)
                elif known is not None:
                    pages[pno] = replace(pages[pno], has_text=bool(known), ocr=True)
                    page_words[pno] = known
                else:
                    try:
                        job = _ocr_job(page)
                    except Exception as exc:
                        log.warning("page %d could not be rendered for OCR: %s", pno + 1, exc)
                        ocr_failed.append(pno)
                        no_text.append(pno)
                    else:
                        if workers is None:
                            workers = ThreadPoolExecutor(max_workers=ocr_workers(), thread_name_prefix="ocr")
                        reading.append((pno, workers.submit(job, cancel)))
                        while len(reading) > 2 * ocr_workers():
                            collect_one()
            report(progress, (pno + 1 - len(reading)) / n * 0.9, f"page {pno + 1} of {n}")
        while reading:
            collect_one()
            report(progress, (n - len(reading)) / n * 0.9, f"reading scanned pages: {len(reading)} left")
    finally:
        if workers is not None:
            workers.shutdown(wait=True, cancel_futures=True)
    no_text.sort()
    warnings: list[str] = []
    if no_text:
        if not ocr:
            hint = "OCR is turned off"
        elif use_ocr is False and not ocr_failed:
            hint = _TESSERACT_HINT
        else:
            hint = "OCR could not read it"
        if len(no_text) == 1:
            warnings.append(f"page {no_text[0] + 1} has no text layer; {hint}")
        else:
            warnings.append(f"pages {_page_ranges(no_text)} have no text layer; {hint.replace('read it', 'read them')}")
    unread = sorted(p for p in garbled if not pages[p].ocr)  # OCR read the others again
    if unread:
        lines = sum(garbled[p] for p in unread)
        where = f"page {unread[0] + 1}" if len(unread) == 1 else f"pages {_page_ranges(unread)}"
        many = lines > 1
        warnings.append(f"{where}: {lines} line{'s' if many else ''} in a font without a usable character map "
                        f"came out as gibberish and {'were' if many else 'was'} left out")
    if broken:
        warnings.append(f"page{'s' if len(broken) > 1 else ''} {_page_ranges(broken)} could not be read (damaged)")
    return pages, page_words, warnings


def _body_height(page_words: list[list[tuple]]) -> float:
    """Median word height: the body text size, used to tell headings and footnotes apart."""
    total = sum(map(len, page_words))
    step = max(1, total // 5000)
    sample: list[float] = []
    for words in page_words:
        sample.extend([w[3] - w[1] for w in words[::step]])
    if not sample:
        return 0.0
    sample.sort()
    return sample[len(sample) // 2]


def _vocabulary(page_words: list[list[tuple]]) -> set[str]:
    """Every word of the document as printed, used to keep real hyphens at line ends."""
    vocab: set[str] = set()
    for words in page_words:
        vocab.update(map(_TEXT, words))
    return vocab


def _load(doc: Any, path: str, data: bytes, *, ocr: bool, progress, cancel) -> Document:
    warnings: list[str] = []
    doc_id = sha256_bytes(data)
    pages, page_words, page_warnings = _extract_words(doc, ocr, progress, cancel, doc_id)
    if getattr(doc, "is_repaired", False):  # MuPDF may only notice while reading pages
        warnings.append("the file is damaged and was repaired; some content may be missing")
    warnings.extend(page_warnings)

    asm = TextAssembler()
    asm.vocab = _vocabulary(page_words)
    body_h = _body_height(page_words)
    n = len(pages)
    for page, words in zip(pages, page_words):
        if words:
            asm.add_page(page.index, words, page.width, page.height, body_h)
        if page.index % 64 == 63:
            check(cancel)
            report(progress, 0.9 + 0.05 * (page.index + 1) / n, "sentences")
    check(cancel)
    text = asm.finish()
    sentences: list[Sentence] = []
    for a, b in split_spans(text):
        if not _HAS_WORD.search(text, a, b):
            continue
        anchor = asm.anchor(a, b)
        if anchor is None:
            continue
        s = text[a:b]
        if "\n" in s:
            s = " ".join(s.split())
        sentences.append(Sentence(len(sentences), s, anchor))
    report(progress, 0.97, "outline")
    meta = _metadata(doc)
    chapters = reference_chapters(doc, sentences)
    title = _title(meta, sentences, path, body_h, pages)
    report(progress, 1.0, "loaded")
    if not sentences and not any(p.has_text for p in pages):
        log.info("%s: no text on any page", path)
    return Document(
        id=doc_id,
        path=str(path),
        kind="pdf",
        format="pdf",
        title=title,
        sentences=sentences,
        pages=pages,
        reference_chapters=chapters,
        metadata=meta,
        warnings=warnings,
        size_bytes=len(data),
    )


def _title(meta: dict[str, str], sentences: list[Sentence], path: str, body_h: float, pages: list[Page]) -> str:
    """Metadata title, else the tallest short line near the top of the first text page, else the
    file stem. On a page read by OCR, a line that does not read as words is not a title."""
    title = _layout_title(meta, sentences, path, body_h, pages)
    first = next((s.anchor.page for s in sentences[:1]), None)
    if first is not None and first < len(pages) and pages[first].ocr and not _reads_as_words(title):
        return Path(path).stem  # "ip yy(iti 2 When we was passing by the kitchen Vy ie He/ YES pg: <f"
    return title


def _reads_as_words(text: str) -> bool:
    """At most 12 words, at least 80% of them plain words (letters, an inner apostrophe or hyphen)."""
    ws = text.split()
    plain = sum(1 for w in ws if re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[.,:;!?]?", w))
    return 0 < len(ws) <= 12 and plain >= 0.8 * len(ws)


def _layout_title(meta: dict[str, str], sentences: list[Sentence], path: str, body_h: float,
                  pages: list[Page]) -> str:
    t = meta.get("title", "").strip()
    if t and len(t) >= 3 and not _JUNK_TITLES.match(t):
        return t
    best: Optional[tuple[float, int]] = None
    low: Optional[tuple[float, int]] = None  # the same, in the lower 40 % of the page
    first_page = None
    head = sentences[:60]
    page_h = 0.0
    for k, s in enumerate(head):
        if first_page is None:
            first_page = s.anchor.page
            page_h = pages[first_page].height if first_page is not None and first_page < len(pages) else 0.0
        if s.anchor.page != first_page:
            break
        if not s.anchor.rects or len(s.anchor.rects) > 3 or not (3 <= len(s.text) <= 200):
            continue
        if any(r.height > r.width for r in s.anchor.rects):
            continue  # vertical margin text
        if s.text[0] in BULLET_GLYPHS:
            continue  # a list item: its bullet's font often stands taller than the text
        h = max(r.height for r in s.anchor.rects)
        if h >= body_h * 1.2:
            # A series name or publisher's brand at the foot of a cover ("Redpaper" in 70 pt
            # under "Row and Column Access Control Support in IBM DB2 for i") is not the
            # title; it is taken only when nothing above it stands out.
            lower = bool(page_h) and s.anchor.rects[0].y0 > page_h * 0.6
            if lower:
                if low is None or h > low[0] + 0.5:
                    low = (h, k)
            elif best is None or h > best[0] + 0.5:
                best = (h, k)
    best = best or low
    if best:
        # a title set on two or three lines comes out as consecutive "sentences" of one size
        h, k = best
        parts = [head[k].text]
        last = head[k].anchor.rects[-1]
        for s in head[k + 1 : k + 3]:
            r = s.anchor.rects
            if s.anchor.page != first_page or not r or len(r) > 2 or s.text.endswith("."):
                break
            if abs(min(x.height for x in r) - h) > 0.6 or abs(max(x.height for x in r) - h) > 0.6:
                break
            if r[0].y0 - last.y1 > h or sum(len(p) for p in parts) > 160:
                break
            parts.append(s.text)
            last = r[-1]
        return " ".join(parts)
    # no larger type: a short first line set apart like a heading (bold titles look like body text)
    for s in head[:3]:
        if s.anchor.page != first_page or not s.anchor.rects:
            break
        if page_h and s.anchor.rects[0].y0 < page_h * 0.08:
            continue  # a running header
        words = s.text.split()
        # scripts without case (Arabic, Chinese...) have no capital to look for, and
        # Chinese and Japanese no spaces to count words by
        lead = s.text[0]
        short = (2 <= len(words) <= 12) or (len(words) == 1 and caseless(lead) and 2 <= len(s.text) <= 40)
        if short and s.text[-1] not in ".,;:!?。" and (lead.isupper() or caseless(lead)) and len(s.anchor.rects) == 1:
            return s.text
        break
    return Path(path).stem
