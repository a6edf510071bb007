"""Chapters for a PDF from a file the analyst has: a table of contents as text (pages as
printed, front matter found), Strata's own JSON export, an outline as JSON."""
from __future__ import annotations

import json

import pymupdf
import pytest

from explorer.cli import main
from explorer.core.errors import StrataError, UnsupportedFormat
from explorer.core.loaders import load_document
from explorer.core.outline_chapters import place_chapter_file, read_chapter_file
from explorer.core.page_chapters import entries_from_text
from tests.core.test_edits_cli import fake_pipeline  # noqa: F401 - fixture

TITLES = ["Introduction", "Rivers and their valleys", "Harbours of the north", "Money and trade"]


def _book(path, front_matter=2, labels=False):
    """A book: ``front_matter`` unnumbered pages, then a chapter every two pages (printed page
    1 is the first chapter's), no outline."""
    doc = pymupdf.open()
    for i in range(front_matter):
        doc.new_page(width=400, height=600).insert_text((50, 80), f"Front matter page {i + 1} of the book.")
    for c, title in enumerate(TITLES):
        page = doc.new_page(width=400, height=600)
        page.insert_text((50, 80), f"{c + 1} {title}", fontsize=16)
        page.insert_text((50, 120), f"This chapter is about {title.lower()} in some detail and at length.")
        doc.new_page(width=400, height=600).insert_text(
            (50, 80), f"More about {title.lower()} follows on this page with care.")
    if labels:
        doc.set_page_labels([{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
                             {"startpage": front_matter, "prefix": "", "style": "D", "firstpagenum": 1}])
    doc.save(path)
    return path


TOC = "Contents\n" + "\n".join(f"{c + 1} {t} {'.' * 8} {2 * c + 1}" for c, t in enumerate(TITLES)) + "\n"


def _starts(doc, placed):
    return [(c.title, doc.sentences[c.start_sentence].anchor.page) for c in placed]


@pytest.mark.parametrize("labels", [True, False])
def test_a_typed_table_of_contents_lands_on_the_printed_pages(tmp_path, labels):
    doc = load_document(_book(tmp_path / "book.pdf", labels=labels))
    toc = tmp_path / "contents.txt"
    toc.write_text(TOC, encoding="utf-8")
    placed = place_chapter_file(doc, read_chapter_file(str(toc), paged=True), "contents.txt")
    # printed page 1 is the file's third page: by its labels, or found from the titles' text
    assert _starts(doc, placed) == [(f"{c + 1} {t}", 2 + 2 * c) for c, t in enumerate(TITLES)]
    assert all(doc.sentences[c.start_sentence].text.startswith(c.title) for c in placed)


def test_strata_json_export_gives_the_sentences_of_the_same_file_and_the_pages_of_another(tmp_path, capsys):
    book = _book(tmp_path / "book.pdf")
    doc = load_document(book)
    starts = [i for i, s in enumerate(doc.sentences) if s.text[:1].isdigit()]
    export = {"document": {"id": doc.id, "sentences": len(doc.sentences)},
              "chapters": [{"title": f"Part {k}", "start_sentence": i, "start_page": doc.sentences[i].anchor.page,
                            "level": 1} for k, i in enumerate(starts[::2])]}
    path = tmp_path / "book.chapters.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    placed = place_chapter_file(doc, read_chapter_file(str(path), paged=True), path.name)
    assert [c.start_sentence for c in placed] == starts[::2]
    other = _book(tmp_path / "reprint.pdf", front_matter=2)  # another file: by page (and title)
    redo = load_document(other)
    export["document"]["id"] = "another"  # as if exported from a colleague's copy
    path.write_text(json.dumps(export), encoding="utf-8")
    placed = place_chapter_file(redo, read_chapter_file(str(path), paged=True), path.name)
    assert [redo.sentences[c.start_sentence].anchor.page for c in placed] == [2, 6]
    # and PyMuPDF's outline list, pages from 1
    path.write_text(json.dumps([[1, "Rivers", 5], [1, "Money", 9]]), encoding="utf-8")
    placed = place_chapter_file(doc, read_chapter_file(str(path), paged=True), path.name)
    assert [doc.sentences[c.start_sentence].anchor.page for c in placed] == [4, 8]


def test_bad_tables_of_contents_say_why(tmp_path):
    doc = load_document(_book(tmp_path / "book.pdf"))
    prose = tmp_path / "notes.txt"
    prose.write_text("Nothing here is a table of contents.\nJust civil words.\n", encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="page last"):
        read_chapter_file(str(prose), paged=True)
    far = tmp_path / "other.txt"
    far.write_text("1 Elsewhere .... 400\n2 Further .... 512\n", encoding="utf-8")
    with pytest.raises(StrataError, match="no chapter of other.txt falls on a page"):
        place_chapter_file(doc, read_chapter_file(str(far), paged=True), far.name)


def test_table_of_contents_lines():
    entries = entries_from_text("Preface ...... xi\n1 Introduction 1\n1.1 Background     3\n2 Methods\t15\n"
                                "Chapter 3: Results 45\nThe civil\nAppendix A . . . . 120\nChapter 4\nPart II\n")
    assert [(e.title, e.level, e.label) for e in entries] == [
        ("Preface", 1, "xi"), ("1 Introduction", 1, "1"), ("1.1 Background", 2, "3"), ("2 Methods", 1, "15"),
        ("Chapter 3: Results", 1, "45"), ("Appendix A", 1, "120")]


def test_cli_imports_a_table_of_contents_into_a_pdf(tmp_path, capsys, fake_pipeline):  # noqa: F811
    book = _book(tmp_path / "book.pdf", labels=True)
    toc = tmp_path / "contents.txt"
    toc.write_text(TOC + "5 Epilogue .... 90\n", encoding="utf-8")
    assert main(["edit", str(book), "--import-chapters", str(toc), "--format", "json", "--no-index"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)["chapters"]
    front, *chapters = rows  # the front matter stays a chapter of its own: chapters cover the document
    assert front["start_page"] == 0 and [(r["title"], r["start_page"], r["title_source"]) for r in chapters] == [
        (f"{c + 1} {t}", 2 + 2 * c, "user") for c, t in enumerate(TITLES)]
    assert "1 of the 5 chapters in contents.txt fall on no page of this document" in captured.err
