"""A PDF saved over while it is shown: the pages, layout and PDF export keep to the version
read, or refuse with a clear message; nothing of the new file is mixed into it."""
from __future__ import annotations

import pytest

from tests.ui.conftest import make_pdf


def _overwrite_in_place(path, other) -> None:  # noqa: ANN001
    """What a download or a 'Save' over the file does: the same inode, new bytes."""
    with open(path, "r+b") as fh:
        fh.truncate(0)
        fh.write(other.read_bytes())


@pytest.fixture
def versions(tmp_path):
    shown = make_pdf(tmp_path / "report.pdf", pages=6, chapters=3)
    newer = make_pdf(tmp_path / "newer.pdf", pages=2, chapters=1, with_outline=False)
    return shown, newer


def test_pages_render_from_the_version_read(versions):
    from explorer.core.render import PdfRenderer

    shown, newer = versions
    renderer = PdfRenderer(str(shown))
    try:
        before = renderer.render(4, 0.5).samples
        _overwrite_in_place(shown, newer)  # the new file has no page 5 at all
        assert renderer.page_count == 6
        assert renderer.render(4, 0.5).samples == before
        assert renderer.find_text(4, "on page 5")  # Find reads the version shown too
    finally:
        renderer.close()


def test_layout_and_export_refuse_a_rewritten_file(versions, tmp_path, monkeypatch):
    from explorer.core.errors import StrataError
    from explorer.core.exports import ExportError, export
    from explorer.core.layout import analyse_layout, is_cached
    from explorer.core.loaders import load_document
    from explorer.core.model import Chapter

    shown, newer = versions
    doc = load_document(shown)
    _overwrite_in_place(shown, newer)
    with pytest.raises(StrataError, match="changed on disk"):
        analyse_layout(str(shown), doc, pages=[0])
    assert not is_cached(doc.id, 0)  # no layout of the new pages filed under the old version
    out = tmp_path / "with-chapters.pdf"
    with pytest.raises(ExportError, match="changed on disk"):
        export(doc, [Chapter(0, len(doc.sentences), "All")], "pdf", out)
    assert not out.exists()
    # the new version, read as such, exports
    fresh = load_document(shown)
    export(fresh, [Chapter(0, len(fresh.sentences), "All")], "pdf", out)
    assert out.is_file()


def test_a_file_too_big_to_hold_is_checked_without_reading_it_whole(versions, monkeypatch):
    import explorer.core.paged as paged
    from explorer.core.errors import FileChanged
    from explorer.core.loaders import load_document

    monkeypatch.setattr(paged, "IN_MEMORY_MAX", 0)  # every file counts as big: opened by path
    shown, newer = versions
    doc = load_document(shown)
    with paged.open_paged(shown, doc.id) as pdf:  # the version read: opens
        assert pdf.page_count == 6
    _overwrite_in_place(shown, newer)
    with pytest.raises(FileChanged):
        paged.open_paged(shown, doc.id)


def test_a_checked_file_is_hashed_again_only_once_it_changed(versions, monkeypatch):
    """Live layout opens the file once per page: the check reads it once, not per page."""
    import explorer.core.store as store
    from explorer.core.errors import FileChanged
    from explorer.core.loaders import load_document
    from explorer.core.paged import open_paged

    shown, newer = versions
    doc = load_document(shown)
    hashed = []
    real = store.sha256_bytes
    monkeypatch.setattr(store, "sha256_bytes", lambda data: hashed.append(len(data)) or real(data))
    for _ in range(3):
        with open_paged(shown, doc.id) as pdf:
            assert pdf.page_count == 6
    assert len(hashed) == 1
    _overwrite_in_place(shown, newer)
    with pytest.raises(FileChanged):
        open_paged(shown, doc.id)
    assert len(hashed) == 2
