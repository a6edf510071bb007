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
import shutil
from pathlib import Path
from typing import Any, Optional

from ..errors import LoadError, PasswordRequired, WrongPassword
from ..model import Document, Page, ReferenceChapter, Sentence
from ..progress import CancelToken, Progress, check, report
from ..sentences import split_spans
from ..store import sha256_bytes
from .pdf_text import _TEXT, TextAssembler

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
    if not shutil.which("tesseract"):
        return False
    try:
        import pymupdf

        return bool(pymupdf.get_tessdata())
    except Exception:
        return False


def _ocr_words(page: Any, flags: int) -> list[tuple]:
    """Words of an image-only page read by Tesseract through PyMuPDF (300 dpi, whole page)."""
    tp = page.get_textpage_ocr(flags=flags, dpi=300, full=True)
    return page.get_text("words", flags=flags, textpage=tp)


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


def _extract_words(doc: Any, ocr: bool, progress: Optional[Progress], cancel: Optional[CancelToken]):
    """One pass over the pages: (pages, words per page, warnings)."""
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
        label = page_label(label_rules, pno) if label_rules else ""
        did_ocr = False
        if not words:
            has_images = False
            try:
                has_images = bool(page.get_images(full=False))
            except Exception:
                pass
            if has_images:
                if use_ocr is None:
                    use_ocr = ocr and _ocr_available()
                if use_ocr:
                    try:
                        words = _ocr_words(page, flags)
                        did_ocr = True
                    except Exception as exc:
                        log.warning("OCR of page %d failed: %s", pno + 1, exc)
                        ocr_failed.append(pno)
                if not did_ocr:
                    no_text.append(pno)
        pages.append(Page(pno, rect.width, rect.height, label, has_text=bool(words), ocr=did_ocr))
        page_words.append(words)
        report(progress, (pno + 1) / n * 0.9, f"page {pno + 1} of {n}")
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
    pages, page_words, page_warnings = _extract_words(doc, ocr, progress, cancel)
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
    chapters = _reference_chapters(doc, sentences)
    title = _title(meta, asm, sentences, path, body_h)
    report(progress, 1.0, "loaded")
    if not sentences and not any(p.has_text for p in pages):
        log.info("%s: no text on any page", path)
    return Document(
        id=sha256_bytes(data),
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


def _title(meta: dict[str, str], asm: TextAssembler, sentences: list[Sentence], path: str, body_h: float) -> str:
    """Metadata title, else the tallest short line near the top of the first text page, else the file stem."""
    t = meta.get("title", "").strip()
    if t and len(t) >= 3 and not _JUNK_TITLES.match(t):
        return t
    best: Optional[tuple[float, int]] = None
    first_page = None
    head = sentences[:60]
    for k, s in enumerate(head):
        if first_page is None:
            first_page = s.anchor.page
        if s.anchor.page != first_page:
            break
        if not s.anchor.rects or len(s.anchor.rects) > 3 or not (3 <= len(s.text) <= 200):
            continue
        if any(r.height > r.width for r in s.anchor.rects):
            continue  # vertical margin text
        h = max(r.height for r in s.anchor.rects)
        if h >= body_h * 1.2 and (best is None or h > best[0] + 0.5):
            best = (h, k)
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
    return Path(path).stem


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


def _reference_chapters(doc: Any, sentences: list[Sentence]) -> list[ReferenceChapter]:
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
    by_page: dict[int, list[int]] = {}
    for s in sentences:
        by_page.setdefault(s.anchor.page if s.anchor.page is not None else -1, []).append(s.index)
    pages_with_text = sorted(by_page)
    heads: dict[int, str] = {}  # sentence index -> normalised opening, computed once
    out: list[ReferenceChapter] = []
    for level, title, pno, y in toc:
        page = pno if pno >= 0 else None
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
