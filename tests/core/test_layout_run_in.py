"""A contract's clause titles set in bold at the start of their paragraphs ("4. Fees and
Payment. The Buyer pays...") are headings: the clauses are the outline and the chapters."""
from __future__ import annotations

import pytest

CLAUSES = {
    "Definitions": "words meanings agreement party services",
    "Term of Agreement": "years renewal date commencement",
    "Fees and Payment": "invoice days amount euros",
    "Confidentiality": "secret disclosure information protection",
    "Limitation of Liability": "damages loss cap",
    "Governing Law": "laws courts England jurisdiction",
}


def _contract(path, bold: bool = True) -> None:
    import random

    import pymupdf

    rnd = random.Random(1)
    html = "<h1>MASTER SERVICES AGREEMENT</h1><p>This Agreement is made between Acme Ltd and Beta plc.</p>"
    html += "<p><b>Note:</b> the schedules form part of this Agreement and are read with it.</p>"
    html += "<p><b>\u201cSupplier\u201d</b> means Acme Ltd and any company it controls from time to time.</p>"
    html += "".join(f"<p>{k}. Check the {w} every morning. Write down what you find there.</p>"
                    for k, w in enumerate(["tide table", "mooring lines"], 1))  # numbered steps: no headings
    for k, (clause, words) in enumerate(CLAUSES.items(), 1):
        ws = words.split()
        body = " ".join(f"The {rnd.choice(ws)} of the {rnd.choice(ws)} is set by the {rnd.choice(ws)} "
                        "under this clause." for _ in range(8))
        opening = f"<b>{k}. {clause}.</b>" if bold else f"{k}. {clause}."
        html += f"<p>{opening} {body}</p>"
    story = pymupdf.Story(html=html, user_css="body{font-family:serif;font-size:11pt} p{margin-bottom:8pt}")
    writer = pymupdf.DocumentWriter(str(path))
    more = 1
    while more:
        device = writer.begin_page(pymupdf.paper_rect("a4"))
        more, _ = story.place(pymupdf.paper_rect("a4") + (72, 72, -72, -72))
        story.draw(device)
        writer.end_page()
    writer.close()


@pytest.fixture(scope="module")
def contract(tmp_path_factory):
    from explorer.core.chaptering import layout_blocks
    from explorer.core.loaders import load_document

    path = tmp_path_factory.mktemp("runin") / "contract.pdf"
    _contract(path)
    doc = load_document(path)
    return doc, layout_blocks(doc)


def test_bold_clause_titles_opening_paragraphs_are_section_headers(contract):
    doc, blocks = contract
    heads = [b for page in blocks.values() for b in page if b.label == "section-header"]
    titles = [f"{k}. {c}." for k, c in enumerate(CLAUSES, 1)]
    assert [b.text for b in heads if b.text[0].isdigit()] == titles
    # each is its own sentence, owned by the heading's box; the clause's text stays in its paragraph
    for b in heads:
        if b.text[0].isdigit():
            assert [doc.sentences[s].text for s in b.sentences] == [b.text]
    # a bold label ("Note:") and a defined term in bold are no headings
    assert not any(b.text.startswith(("Note", "\u201cSupplier")) for b in heads)


def test_the_clauses_are_the_chapters_named_by_their_titles(contract):
    from explorer.core.chaptering import compute_chapters
    from explorer.core.embedding import HashingEmbedder

    doc, blocks = contract
    seg, chapters = compute_chapters(doc, blocks=blocks, embedder=HashingEmbedder())
    named = [c.title for c in [*chapters, *seg.sections] if c.title_source == "heading"]
    # titled as the clauses are, without the stop that runs the heading into its text
    assert all(f"{k}. {c}" in named for k, c in enumerate(CLAUSES, 1)), named


def test_a_run_in_headings_stop_is_not_part_of_its_title():
    from explorer.core.heading_text import heading_title_text

    assert [heading_title_text(t) for t in ("6. Governing Law.", "Notices:", "Acme Inc.", "U.S.", "Part IV.",
                                           "What is it?", "Wait...")] == [
        "6. Governing Law", "Notices", "Acme Inc.", "U.S.", "Part IV.", "What is it?", "Wait..."]


def test_clause_titles_in_the_body_weight_are_headings_where_the_document_has_several(tmp_path):
    """"12. Governing Law. This Agreement..." set in the body's weight: a numbered title
    ending at its first full stop, opening its paragraph, in a document with three or more."""
    from explorer.core.chaptering import compute_chapters, layout_blocks
    from explorer.core.embedding import HashingEmbedder
    from explorer.core.loaders import load_document

    path = tmp_path / "plain.pdf"
    _contract(path, bold=False)
    doc = load_document(path)
    blocks = layout_blocks(doc)
    heads = [b.text for page in blocks.values() for b in page if b.label == "section-header"]
    assert [t for t in heads if t[0].isdigit()] == [f"{k}. {c}." for k, c in enumerate(CLAUSES, 1)]
    seg, chapters = compute_chapters(doc, blocks=blocks, embedder=HashingEmbedder())
    named = [c.title for c in [*chapters, *seg.sections] if c.title_source == "heading"]
    assert all(f"{k}. {c}" in named for k, c in enumerate(CLAUSES, 1)), named
    assert not any("Check the" in t for t in named)

