"""Importing a typed table of contents into a PDF: ``python bench/toc_import.py``.

For each PDF in ../shared/data/pdfs with two or more top-level bookmarks, writes those
bookmarks as a table of contents typed as text ("Title ...... 14", the page as the PDF
prints it), imports it as Chapter > Import Chapters from File… does
(:mod:`explorer.core.page_chapters`), and compares each chapter's first sentence with
the one the bookmark itself gives (which also knows the heading's height on the page).
Prints per PDF and overall how many starts are the same sentence and within 2.
"""
import tempfile
from pathlib import Path

import pymupdf

from explorer.core.loaders import load_document
from explorer.core.outline_chapters import place_chapter_file, read_chapter_file

root = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pdfs"
tot = exact = near = 0
for pdf in sorted(root.glob("*.pdf")):
    d = pymupdf.open(pdf)
    toc = [e for e in d.get_toc() if e[0] == 1 and e[2] >= 1]
    if len(toc) < 2:
        continue
    labels = [d[p - 1].get_label() or str(p) for _l, _t, p in toc]
    doc = load_document(pdf)
    refs = [r for r in doc.reference_chapters if r.level == 1]
    txt = "\n".join(f"{t} {'.' * 6} {lab}" for (_l, t, _p), lab in zip(toc, labels))
    f = Path(tempfile.mkdtemp()) / "contents.txt"; f.write_text(txt, encoding="utf-8")
    try:
        placed = place_chapter_file(doc, read_chapter_file(str(f), paged=True), f.name)
    except Exception as exc:
        print(pdf.name, "FAILED", exc); continue
    e = n = 0
    if len(refs) != len(placed):
        print("  count differs", len(refs), len(placed))
    for c, r in zip(placed, refs):
        want = r.start_sentence
        if want is None or c.start_sentence is None:
            continue
        tot += 1; e += c.start_sentence == want; n += abs(c.start_sentence - want) <= 2
    exact += e; near += n
    print(f"{pdf.name:45s} entries={len(toc):3d} exact={e} within2={n}")
print(f"all: {exact}/{tot} exact, {near}/{tot} within 2 sentences")
