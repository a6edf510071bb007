"""Scanned PDFs: how fast image-only pages are read (OCR) while a document loads.

    python bench/ocr.py [--pages N] [--reference]

Builds an N-page scan (150 dpi images of the DPR paper's pages, from ../shared/data) and
loads it as the app does: pages rendered in order, one single-threaded Tesseract per core
reading them side by side (each run with an empty cache), then opens it a second time,
when the words of every page come from the cache. ``--reference`` also loads it the way session 10 ran Tesseract,
one page at a time with Tesseract's own OpenMP threads (slow: about 20 s a page here),
and prints the ratio. Both runs are in this process, one after the other.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("STRATA_SHARED_DIR", ROOT.parent / "shared")) / "data"


def make_scan(pages: int, out: Path) -> Path:
    import pymupdf

    src = pymupdf.open(SHARED / "pdfs" / "paper2col_dpr_arxiv2004.04906.pdf")
    scan = pymupdf.open()
    for i in range(min(pages, len(src))):
        page = scan.new_page(width=src[i].rect.width, height=src[i].rect.height)
        page.insert_image(page.rect, pixmap=src[i].get_pixmap(dpi=150))
    path = out / f"scan{pages}.pdf"
    scan.save(path)
    return path


def timed_load(path: Path) -> tuple[float, int]:
    """Load time with an empty cache (OCR words of a page are cached once read)."""
    from explorer.core.loaders import load_document

    with tempfile.TemporaryDirectory() as cache:
        os.environ["STRATA_CACHE_DIR"] = cache
        t = time.perf_counter()
        doc = load_document(path)
        return time.perf_counter() - t, sum(len(s.text.split()) for s in doc.sentences)


def timed_reopen(path: Path) -> float:
    """Load time when the pages were read before (the cache of OCR words is warm)."""
    from explorer.core.loaders import load_document

    with tempfile.TemporaryDirectory() as cache:
        os.environ["STRATA_CACHE_DIR"] = cache
        load_document(path)
        t = time.perf_counter()
        load_document(path)
        return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--reference", action="store_true", help="also time the session-10 way (slow)")
    args = ap.parse_args()
    from explorer.core.loaders import pdf_ocr

    if not pdf_ocr.tesseract_available():
        sys.exit("tesseract is not installed (apt-get install tesseract-ocr)")
    with tempfile.TemporaryDirectory() as tmp:
        path = make_scan(args.pages, Path(tmp))
        now, words = timed_load(path)
        print(f"{args.pages} scanned pages, {pdf_ocr.ocr_workers()} Tesseract at once, one thread each: "
              f"{now:.1f} s ({now / args.pages:.2f} s a page), {words} words")
        again = timed_reopen(path)
        print(f"reopened (OCR words cached): {again:.2f} s, {now / again:.0f}x faster than the first open")
        if args.reference:
            pdf_ocr.ocr_workers = lambda: 1  # type: ignore[assignment]
            pdf_ocr.TESSERACT_ENV.clear()
            ref, ref_words = timed_load(path)
            print(f"reference, one page at a time with Tesseract's own threads: {ref:.1f} s "
                  f"({ref / args.pages:.2f} s a page), {ref_words} words")
            print(f"speed-up: {ref / now:.1f}x")


if __name__ == "__main__":
    main()
