"""Outline: the PDF's own outline when it has one, else one generated from headings."""

from __future__ import annotations

from test_layout_fixtures import doc_for, make_pdf

from explorer.core.layout import analyse_layout, document_outline
from explorer.core.layout_order import numbering_depth
from explorer.core.model import Block, Document, Rect, ReferenceChapter


def _doc(**kw) -> Document:
    return Document(id="x" * 64, path="x.pdf", kind="pdf", format="pdf", title="x", sentences=[], **kw)


def _head(page, order, text, level=None, label="section-header", sentences=()):
    return Block(
        page=page,
        bbox=Rect(72, 100 + 20 * order, 400, 115 + 20 * order),
        label=label,
        order=order,
        text=text,
        level=level,
        sentences=tuple(sentences),
    )


def test_numbering_depth():
    assert numbering_depth("1 Introduction") == 1
    assert numbering_depth("2.3 Method") == 2
    assert numbering_depth("2.3.1. Details of the method") == 3
    assert numbering_depth("Chapter 4 Results") == 1
    assert numbering_depth("Introduction") is None


def test_generated_outline_takes_levels_from_numbering():
    blocks = {
        0: [
            _head(0, 0, "A Study of Things", label="title", level=1, sentences=[0]),
            _head(0, 1, "Abstract", level=2, sentences=[1]),
            _head(0, 2, "1 Introduction", level=2, sentences=[3]),
            Block(0, Rect(72, 200, 500, 300), "text", 3, "Body.", sentences=(4, 5)),
        ],
        1: [
            _head(1, 0, "2 Method", level=2, sentences=[6]),
            _head(1, 1, "2.1 Data", level=3, sentences=[7]),
            _head(1, 2, "2.1.1 Cleaning", level=3, sentences=[9]),
            _head(1, 3, "3 Results", level=2, sentences=[12]),
            Block(1, Rect(500, 780, 520, 790), "page-footer", 4, "2"),
        ],
    }
    outline, generated = document_outline(_doc(), blocks)
    assert generated is True
    assert [(e.title, e.level) for e in outline] == [
        ("A Study of Things", 1),
        ("Abstract", 2),
        ("1 Introduction", 2),
        ("2 Method", 2),
        ("2.1 Data", 3),
        ("2.1.1 Cleaning", 4),
        ("3 Results", 2),
    ]
    assert [e.start_sentence for e in outline] == [0, 1, 3, 6, 7, 9, 12]
    assert all(e.page is not None and e.y is not None for e in outline)


def test_generated_outline_skips_running_titles_and_page_numbers():
    blocks = {
        p: [
            _head(p, 0, "Annual Report", level=1),
            _head(p, 1, f"{p + 1} Part {p + 1}", level=1),
            _head(p, 2, "42", level=1),
        ]
        for p in range(5)
    }
    outline, _ = document_outline(_doc(), blocks)
    assert [e.title for e in outline] == [f"{p + 1} Part {p + 1}" for p in range(5)]


def test_unnumbered_outline_uses_layout_levels_densely():
    blocks = {
        0: [_head(0, 0, "Overview", level=2), _head(0, 1, "Details", level=3), _head(0, 2, "More", level=3)]
    }
    outline, _ = document_outline(_doc(), blocks)
    assert [e.level for e in outline] == [1, 2, 2]


def test_pdf_outline_is_used_and_mapped_to_heading_blocks():
    blocks = {2: [_head(2, 0, "3 Results and discussion", sentences=[40, 41])]}
    refs = [
        ReferenceChapter("Results and Discussion", level=1, page=2),
        ReferenceChapter("Appendix", level=1, page=9, start_sentence=99),
    ]
    outline, generated = document_outline(_doc(reference_chapters=refs), blocks)
    assert generated is False
    assert outline[0].start_sentence == 40 and outline[0].y == blocks[2][0].bbox.y0
    assert outline[1].start_sentence == 99


def test_outline_from_a_generated_pdf_with_numbered_headings(tmp_path):
    pdf = make_pdf(tmp_path / "h.pdf", headings=("1 Introduction", "1.1 Background", "2 Method"))
    doc = doc_for(pdf)
    blocks = analyse_layout(str(pdf), doc, use_cache=False)
    outline, generated = document_outline(doc, blocks)
    assert generated
    titles = [(e.title, e.level) for e in outline]
    assert titles == [("1 Introduction", 1), ("1.1 Background", 2), ("2 Method", 1)], titles
    assert all(e.start_sentence is not None for e in outline)
    assert [e.start_sentence for e in outline] == sorted(e.start_sentence for e in outline)


def test_author_lines_and_margin_stamps_are_not_outline_entries():
    from explorer.core.layout_outline import generate_outline

    stamp = Block(0, Rect(10, 200, 30, 600), "section-header", 9, "arXiv:2004.04906v3 [cs.CL] 30 Sep 2020", sentences=(20,))
    blocks = {
        0: [
            _head(0, 0, "Dense Passage Retrieval", label="title", sentences=[0]),
            _head(0, 1, "Ann Lee, Bo Chen and Cy Diaz", label="title", sentences=[1]),
            _head(0, 2, "Abstract", sentences=[2]),
            _head(0, 3, "1 Introduction", sentences=[5]),
            stamp,
        ],
        1: [_head(1, 0, "2 Method", sentences=[9]), _head(1, 1, "3 Results", sentences=[14])],
    }
    outline = generate_outline(blocks)
    assert [e.title for e in outline] == ["Dense Passage Retrieval", "Abstract", "1 Introduction", "2 Method", "3 Results"]
    assert outline[0].level < min(e.level for e in outline[1:])  # the title heads the tree, the sections under it
