"""Loader throughput: Strata's PDF loader against raw PyMuPDF word extraction.

Loads every PDF in ``../shared/data/pdfs`` (or ``--dir``) with
:func:`explorer.core.loaders.pdf.load_pdf` and, in the same process, runs plain
``page.get_text("words")`` over every page. The two are interleaved file by file
and repeated (``--repeat``, default 3); each side keeps its fastest run per file,
which removes most of the noise of a shared machine. Prints pages/s for both and
the ratio (Strata / raw; the target is >= 0.5). Exit 0 unless no PDF was found.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _raw(data: bytes) -> int:
    import pymupdf

    doc = pymupdf.open(stream=data, filetype="pdf")
    n = 0
    for page in doc:
        page.get_text("words")
        n += 1
    doc.close()
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(ROOT.parent / "shared" / "data" / "pdfs"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from explorer.core.loaders.pdf import load_pdf

    files = sorted(Path(args.dir).glob("*.pdf"))
    if not files:
        print(f"no PDFs found in {args.dir}")
        return 1
    datas = [(f, f.read_bytes()) for f in files]
    best_raw = {f: float("inf") for f, _ in datas}
    best_ours = {f: float("inf") for f, _ in datas}
    pages: dict[Path, int] = {}
    sentences: dict[Path, int] = {}
    for _ in range(max(1, args.repeat)):
        for f, data in datas:
            t = time.perf_counter()
            pages[f] = _raw(data)
            best_raw[f] = min(best_raw[f], time.perf_counter() - t)
            t = time.perf_counter()
            doc = load_pdf(str(f), data)
            best_ours[f] = min(best_ours[f], time.perf_counter() - t)
            sentences[f] = len(doc.sentences)
    total_pages = sum(pages.values())
    t_raw = sum(best_raw.values())
    t_ours = sum(best_ours.values())
    print(f"{'file':48s} {'pages':>5s} {'sents':>6s} {'raw p/s':>9s} {'strata p/s':>10s} {'ratio':>6s}")
    for f, _ in datas:
        r, o = best_raw[f], best_ours[f]
        print(f"{f.name[:48]:48s} {pages[f]:5d} {sentences[f]:6d} {pages[f] / r:9.0f} {pages[f] / o:10.0f} {r / o:6.2f}")
    print(
        f"\nPDF load, {len(files)} files, {total_pages} pages, best of {args.repeat}:\n"
        f"  raw page.get_text('words'): {total_pages / t_raw:8.0f} pages/s ({t_raw:.2f} s)\n"
        f"  Strata load_pdf:            {total_pages / t_ours:8.0f} pages/s ({t_ours:.2f} s)\n"
        f"  ratio Strata / raw:         {t_raw / t_ours:8.2f}  (target >= 0.5)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
