"""Documents of one title are told apart where they are listed together: the library and a
search's hits name them by their files."""
from __future__ import annotations

from explorer.core.doc_names import hit_document_names, shown_titles
from explorer.core.model import Anchor, Hit


def test_documents_sharing_a_title_show_their_file_names():
    names = shown_titles([("Harbour Review", "/a/review.docx"), ("Harbour Review", "/a/review.pdf"),
                          ("Tides", "/a/tides.md"), ("", "/b/notes.txt"),
                          ("Minutes", "/2025/minutes.vtt"), ("Minutes", "/2026/minutes.vtt")])
    assert names == ["Harbour Review — review.docx", "Harbour Review — review.pdf", "Tides", "notes.txt",
                     "Minutes — 2025/minutes.vtt", "Minutes — 2026/minutes.vtt"]


def test_search_hits_from_two_documents_of_one_title_name_their_files():
    def hit(doc_id, path, title="Harbour Review"):
        return Hit(doc_id, title, "Tides", 0, 2, "text", "text", 1.0, Anchor(page=0), path=path)

    hits = [hit("a", "/r/review.docx"), hit("b", "/r/review.pdf"), hit("a", "/r/review.docx"),
            hit("c", "/r/tides.md", "Tide tables")]
    assert hit_document_names(hits) == {"a": "Harbour Review — review.docx", "b": "Harbour Review — review.pdf",
                                        "c": "Tide tables"}
    assert hit_document_names(hits[:1]) == {"a": "Harbour Review"}  # alone, a title is enough


def test_kind_names_say_what_a_text_document_is():
    from explorer.core.doc_names import kind_name

    assert [kind_name("pdf", "pdf", False), kind_name("pdf", "epub", False), kind_name("transcript", "srt", True),
            kind_name("transcript", "docx", False), kind_name("transcript", "docx", True)] == [
        "PDF", "E-book", "Transcript", "Word document", "Transcript"]  # an Otter .docx has times: a transcript
