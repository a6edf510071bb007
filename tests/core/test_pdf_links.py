"""Links on PDF pages: jumps (explicit and named destinations) and web addresses; an e-book's
links survive its conversion to pages."""
from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

from explorer.core.pdf_links import page_links
from explorer.core.render import PdfRenderer
from test_epub import make_epub

SHARED = Path(os.environ.get("STRATA_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")) / "data"


def test_jumps_and_web_links_are_read_and_launch_actions_left_out(tmp_path):
    d = pymupdf.open()
    for i in range(4):
        d.new_page(width=400, height=600).insert_text((50, 80), f"Page {i + 1}: see section four", fontsize=12)
    d[0].insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(50, 68, 250, 84), "page": 3,
                      "to": pymupdf.Point(0, 300)})
    d[0].insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(50, 100, 250, 116), "uri": "https://example.org/x"})
    d[0].insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(50, 120, 250, 126), "uri": "javascript:alert(1)"})
    d[0].insert_link({"kind": pymupdf.LINK_LAUNCH, "from": pymupdf.Rect(50, 130, 250, 146), "file": "/bin/sh"})
    path = tmp_path / "links.pdf"
    d.save(path)
    page = PdfRenderer(str(path)).render(0, 1.0)
    assert [(ln.page, ln.y, ln.uri) for ln in page.links] == [(3, 300.0, ""), (None, None, "https://example.org/x")]
    assert page.links[0].rect.y0 == 68.0


@pytest.mark.skipif(not (SHARED / "pdfs").is_dir(), reason="../shared/data is not present")
def test_a_citation_jumps_to_its_reference_entry():
    """The DPR paper's LaTeX links are named destinations, given from the bottom of the page."""
    doc = pymupdf.open(SHARED / "pdfs" / "paper2col_dpr_arxiv2004.04906.pdf")
    link = next(ln for ln in page_links(doc[1]) if ln.page == 9 and ln.y is not None and ln.y < 200)
    target = doc[9].search_for("Bromley")[0]
    assert abs(link.y - target.y0) < 15


def test_an_ebook_keeps_its_links_as_pages(tmp_path):
    from explorer.core.loaders import load_document

    path = make_epub(tmp_path / "book.epub", links=True)
    doc = load_document(path)
    ledger = next(c for c in doc.reference_chapters if c.title == "The Ledger")
    links = PdfRenderer(str(path)).render(0, 1.0).links
    assert any(ln.page == ledger.page for ln in links)
    assert any(ln.uri == "https://example.org/town" for ln in links) and len(links) == 2  # no stale copies
