"""Loader throughput: Strata's PDF loader against raw PyMuPDF word extraction.

Loads every PDF in ``../shared/data/pdfs`` (or ``--dir``) with
:func:`explorer.core.loaders.pdf.load_pdf` and, in the same process, runs plain
``page.get_text("words")`` over every page of the same bytes. The two are
interleaved file by file and repeated (``--repeat``, default 3); each side keeps
its fastest run per file. Both CPU time (``time.process_time``) and wall time are
measured: on a shared, overloaded machine wall time is mostly time spent waiting
for a core, so the CPU-time ratio is the figure to compare; on an idle machine the
two agree. Prints pages/s for both sides and the ratio Strata / raw (target >= 0.5).
Exit 0 unless no PDF was found.
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


def _timed(fn, *args):
    c, w = time.process_time(), time.perf_counter()
    result = fn(*args)
    return result, time.process_time() - c, time.perf_counter() - w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(ROOT.parent / "shared" / "data" / "pdfs"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args(argv)

    from explorer.core.loaders.pdf import load_pdf

    files = sorted(Path(args.dir).glob("*.pdf"))
    if not files:
        print(f"no PDFs found in {args.dir}")
        return 1
    datas = [(f, f.read_bytes()) for f in files]
    inf = float("inf")
    best = {side: {f: [inf, inf] for f, _ in datas} for side in ("raw", "strata")}
    pages: dict[Path, int] = {}
    sentences: dict[Path, int] = {}
    for _ in range(max(1, args.repeat)):
        for f, data in datas:
            pages[f], cpu, wall = _timed(_raw, data)
            b = best["raw"][f]
            b[0], b[1] = min(b[0], cpu), min(b[1], wall)
            doc, cpu, wall = _timed(load_pdf, str(f), data)
            sentences[f] = len(doc.sentences)
            b = best["strata"][f]
            b[0], b[1] = min(b[0], cpu), min(b[1], wall)
    total_pages = sum(pages.values())
    if not args.quiet:
        print(f"{'file':48s} {'pages':>5s} {'sents':>6s} {'raw p/s':>9s} {'strata p/s':>10s} {'ratio':>6s}  (CPU time)")
        for f, _ in datas:
            r, o = best["raw"][f][0], best["strata"][f][0]
            r, o = max(r, 1e-6), max(o, 1e-6)
            print(f"{f.name[:48]:48s} {pages[f]:5d} {sentences[f]:6d} {pages[f] / r:9.0f} {pages[f] / o:10.0f} {r / o:6.2f}")
    print(f"\nPDF load, {len(files)} files, {total_pages} pages, best of {args.repeat} per file:")
    for k, label in ((0, "CPU time"), (1, "wall time")):
        t_raw = sum(v[k] for v in best["raw"].values())
        t_ours = sum(v[k] for v in best["strata"].values())
        print(
            f"  {label:9s}: raw page.get_text('words') {total_pages / t_raw:6.0f} pages/s ({t_raw:.2f} s), "
            f"Strata load_pdf {total_pages / t_ours:6.0f} pages/s ({t_ours:.2f} s), ratio {t_raw / t_ours:.2f}"
        )
    print("  target: ratio >= 0.5")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
