"""An encrypted PDF opened with its password gets everything a plain one gets: layout,
chapters from its headings, and an outline export that stays encrypted."""
from __future__ import annotations

import pymupdf
import pytest

from explorer.core.errors import StrataError
from tests.ui.conftest import make_pdf


@pytest.fixture
def pdfs(tmp_path):
    plain = make_pdf(tmp_path / "plain.pdf", pages=6, chapters=3, with_outline=False)
    locked = tmp_path / "locked.pdf"
    with pymupdf.open(plain) as doc:
        doc.save(str(locked), encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner-pw")
    return plain, locked


def test_layout_and_chapters_of_an_encrypted_pdf_match_the_plain_one(pdfs, monkeypatch):
    from explorer.core.layout import analyse_layout
    from explorer.core.loaders import load_document
    from explorer.core.pipeline import analyse

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    plain, locked = pdfs
    from dataclasses import replace

    from explorer.core.store import sha256_file

    stand_in = replace(load_document(plain), id=sha256_file(locked))  # the locked file's pages, as its version
    with pytest.raises(StrataError, match="cannot open this encrypted PDF"):
        analyse_layout(str(locked), stand_in, use_cache=False)  # no password known yet
    doc = load_document(locked, password="secret")
    blocks = analyse_layout(str(locked), doc, use_cache=False)
    assert sum(b.label == "section-header" for page in blocks.values() for b in page) == 3
    got = analyse(doc)
    want = analyse(load_document(plain))
    assert [(c.start, c.title) for c in got.chapters] == [(c.start, c.title) for c in want.chapters]
    assert len(got.chapters) == 3


def test_the_outline_export_of_an_encrypted_pdf_stays_encrypted(pdfs, tmp_path):
    from explorer.core.exports import export
    from explorer.core.loaders import load_document
    from explorer.core.model import Chapter

    _plain, locked = pdfs
    doc = load_document(locked, password="secret")
    out = tmp_path / "locked.chapters.pdf"
    export(doc, [Chapter(0, len(doc.sentences), "All of it")], "pdf", out, password="secret")
    with pymupdf.open(out) as copy:
        assert copy.needs_pass and not copy.authenticate("guess")
        assert copy.authenticate("secret")
        assert copy.get_toc() == [[1, "All of it", 1]]
