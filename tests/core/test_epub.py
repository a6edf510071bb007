"""E-books (EPUB) open as paged documents: pages, the book's table of contents, chapters,
layout and rendering, all from one PDF made from the book."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

WORDS = ["River", "Harbour", "Ledger", "Engine"]


def make_epub(path: Path, chapters: int = 4, paragraphs: int = 30, links: bool = False) -> Path:
    """A minimal EPUB 3: mimetype first and stored, container, package, nav, one XHTML per chapter."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml",
                   '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                   '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                   "</rootfiles></container>")
        items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>' for i in range(chapters))
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(chapters))
        z.writestr("OEBPS/content.opf",
                   '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
                   '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>'
                   "<dc:title>A Town Book</dc:title><dc:creator>Ann Writer</dc:creator><dc:language>en</dc:language>"
                   '</metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
                   f'properties="nav"/>{items}</manifest><spine>{spine}</spine></package>')
        nav = "".join(f'<li><a href="c{i}.xhtml">The {WORDS[i % 4]}</a></li>' for i in range(chapters))
        z.writestr("OEBPS/nav.xhtml",
                   '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
                   f'<body><nav epub:type="toc"><ol>{nav}</ol></nav></body></html>')
        for i in range(chapters):
            w = WORDS[i % 4].lower()
            body = "".join(f"<p>The {w} in paragraph {j} shaped the town, and the {w} keepers wrote about it.</p>"
                           for j in range(paragraphs))
            if links and i == 0:  # a cross-reference to the third chapter and a web address
                body = ('<p>See <a href="c2.xhtml">the ledger chapter</a> or <a href="https://example.org/town">'
                        "the town site</a>.</p>") + body
            z.writestr(f"OEBPS/c{i}.xhtml",
                       '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head>'
                       f"<body><h1>The {WORDS[i % 4]}</h1>{body}</body></html>")
    return path


def test_an_epub_opens_with_pages_its_contents_and_a_stable_id(tmp_path):
    from explorer.core.loaders import load_document
    from explorer.core.store import sha256_bytes

    path = make_epub(tmp_path / "book.epub")
    doc = load_document(path)
    again = load_document(path)
    assert doc.kind == "pdf" and doc.format == "epub" and doc.path == str(path)
    assert doc.title == "A Town Book"
    assert doc.id == sha256_bytes(path.read_bytes()) == again.id  # corrections and the index follow the book
    assert len(doc.pages) > 4
    assert [c.title for c in doc.reference_chapters] == ["The River", "The Harbour", "The Ledger", "The Engine"]
    starts = [doc.sentences[c.start_sentence].text for c in doc.reference_chapters]
    assert starts == ["The River", "The Harbour", "The Ledger", "The Engine"]
    assert all(s.anchor.rects for s in doc.sentences)


def test_an_epub_is_rendered_laid_out_and_exported_from_the_same_pages(tmp_path):
    import pymupdf

    from explorer.core.chaptering import layout_blocks
    from explorer.core.exports import write_pdf_toc
    from explorer.core.loaders import load_document
    from explorer.core.render import PdfRenderer

    path = make_epub(tmp_path / "book.epub")
    doc = load_document(path)
    renderer = PdfRenderer(str(path))
    assert renderer.page_count == len(doc.pages)
    renderer.close()
    blocks = layout_blocks(doc)
    assert blocks and any(b.label in ("title", "section-header") for b in blocks[0])
    out = write_pdf_toc(str(path), [[1, "The River", 1], [1, "The Harbour", 2]], tmp_path / "book.pdf")
    with pymupdf.open(out) as pdf:
        assert pdf.page_count == len(doc.pages) and [e[1] for e in pdf.get_toc()] == ["The River", "The Harbour"]


def test_a_broken_epub_gets_one_clear_message(tmp_path):
    from explorer.core.errors import LoadError
    from explorer.core.loaders import load_document

    path = tmp_path / "broken.epub"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/epub+zip" + b"\x00" * 40)
    with pytest.raises(LoadError) as err:
        load_document(path)
    assert "e-book" in str(err.value)
