"""Layout analysis on generated PDFs: classes, pictures, captions, furniture, sentences, cache."""

from __future__ import annotations

import pytest
from test_layout_fixtures import doc_for, make_pdf

from explorer.core import layout, store
from explorer.core.layout import analyse_layout, to_layout_class
from explorer.core.model import LAYOUT_CLASSES


@pytest.mark.parametrize(
    "name, expected",
    [
        ("section_header", "section-header"),
        ("Section-Header", "section-header"),
        ("list_item", "list-item"),
        ("page_header", "page-header"),
        ("page_footer", "page-footer"),
        ("code", "text"),
        ("checkbox_selected", "text"),
        ("key_value_region", "text"),
        ("form", "table"),
        ("document_index", "table"),
        ("figure", "picture"),
        ("chart", "picture"),
        ("title", "title"),
        ("formula", "formula"),
        ("footnote", "footnote"),
        ("caption", "caption"),
        ("", "text"),
        ("something new", "text"),
    ],
)
def test_class_names_map_onto_the_eleven_doclaynet_classes(name, expected):
    assert to_layout_class(name) == expected
    assert to_layout_class(name) in LAYOUT_CLASSES


def test_every_model_class_maps_to_itself():
    for c in LAYOUT_CLASSES:
        assert to_layout_class(c) == c


def test_drawn_figure_is_found_as_a_picture_with_its_caption_attached(tmp_path):
    pdf = make_pdf(tmp_path / "fig.pdf", figure=True)
    doc = doc_for(pdf)
    blocks = analyse_layout(str(pdf), doc, use_cache=False)[0]
    pics = [b for b in blocks if b.label == "picture"]
    assert pics, [(b.label, b.bbox) for b in blocks]
    from explorer.core.model import Rect

    frame = Rect(150, 0, 445, 0)  # x extent is known; y depends on the paragraph above
    pic = max(pics, key=lambda b: b.bbox.area)
    assert abs(pic.bbox.x0 - frame.x0) < 6 and abs(pic.bbox.x1 - frame.x1) < 6
    assert 200 < pic.bbox.height < 240
    caps = [b for b in blocks if b.label == "caption"]
    assert caps and caps[0].text.startswith("Figure 1")
    assert caps[0].order == pic.order + 1, "a caption is read right after its figure"
    # reading order is a permutation, and text blocks carry the sentences that start in them
    assert sorted(b.order for b in blocks) == list(range(len(blocks)))
    owned = sorted(i for b in blocks for i in b.sentences)
    assert owned == sorted(set(owned)) and len(owned) >= len(doc.sentences) - 1


def test_running_header_and_footer_are_confirmed_across_pages(tmp_path):
    pdf = make_pdf(tmp_path / "multi.pdf", pages=6, furniture=True)
    doc = doc_for(pdf)
    result = analyse_layout(str(pdf), doc, use_cache=False)
    assert sorted(result) == list(range(6))
    for pno, blocks in result.items():
        top = [b for b in blocks if b.bbox.y1 < 60]
        bottom = [b for b in blocks if b.bbox.y0 > 790]
        assert top and all(b.label == "page-header" for b in top), (pno, [(b.label, b.text) for b in top])
        assert bottom and all(b.label == "page-footer" for b in bottom), (
            pno,
            [(b.label, b.text) for b in bottom],
        )
        assert min(blocks, key=lambda b: b.order).label == "page-header"
        assert max(blocks, key=lambda b: b.order).label == "page-footer"


def test_furniture_relabels_repeated_band_lines_even_when_the_model_says_text(tmp_path):
    import pymupdf

    from explorer.core.layout_furniture import FurnitureIndex, relabel
    from explorer.core.layout_model import RawBox, page_lines

    pdf_path = make_pdf(tmp_path / "multi.pdf", pages=5, furniture=True)
    with pymupdf.open(pdf_path) as pdf:
        index = FurnitureIndex(pdf)
        running = index.running(2)
        assert ("top", "acme corporation - annual report #") in running
        assert ("bottom", "page # of #") in running
        page = pdf[2]
        lines = page_lines(page)
        head = next(l for l in lines if l.text.startswith("ACME"))
        body = next(l for l in lines if 100 < l.bbox[1] < 700)
        boxes = [RawBox("text", head.bbox), RawBox("text", body.bbox)]
        out = relabel(boxes, lines, running, page.rect.height)
        assert out[0].label == "page-header"
        assert out[1].label == "text"
        assert any(b.label == "page-footer" for b in out), "an uncovered running footer gets its own block"


def test_single_page_document_confirms_no_running_lines(tmp_path):
    import pymupdf

    from explorer.core.layout_furniture import FurnitureIndex

    pdf_path = make_pdf(tmp_path / "one.pdf", pages=1, furniture=True)
    with pymupdf.open(pdf_path) as pdf:
        assert FurnitureIndex(pdf).running(0) == set()


def test_cache_serves_a_reopen_and_is_invalidated_by_the_pipeline_version(tmp_path, monkeypatch):
    pdf = make_pdf(tmp_path / "c.pdf", pages=2)
    doc = doc_for(pdf)
    calls = []
    real = layout.analyse_page

    def counting(*a, **k):
        calls.append(a[1])
        return real(*a, **k)

    monkeypatch.setattr(layout, "analyse_page", counting)
    first = analyse_layout(str(pdf), doc)
    assert calls == [0, 1]
    again = analyse_layout(str(pdf), doc)
    assert calls == [0, 1], "second open must come from the cache"
    assert again == first
    monkeypatch.setitem(store.PIPELINE_VERSIONS, "layout", store.PIPELINE_VERSIONS["layout"] + 1)
    analyse_layout(str(pdf), doc, pages=[1])
    assert calls == [0, 1, 1], "a new layout pipeline version must recompute"


def test_fast_pass_is_cached_separately_and_replaced_by_the_full_result(tmp_path):
    pdf = make_pdf(tmp_path / "f.pdf", pages=1)
    doc = doc_for(pdf)
    fast = analyse_layout(str(pdf), doc, fast=True)[0]
    assert fast and all(b.label in LAYOUT_CLASSES for b in fast)
    assert layout.read_cached(doc.id, 0, fast=False) is None
    full = analyse_layout(str(pdf), doc)[0]
    # once the full result exists, a fast request is answered with it
    assert [b.bbox for b in analyse_layout(str(pdf), doc, fast=True)[0]] == [b.bbox for b in full]


def test_cancel_stops_between_pages(tmp_path):
    from explorer.core.progress import Cancelled, CancelToken

    pdf = make_pdf(tmp_path / "x.pdf", pages=3)
    doc = doc_for(pdf)
    token = CancelToken()
    seen = []

    def progress(fraction, message):
        seen.append(fraction)
        token.cancel()

    with pytest.raises(Cancelled):
        analyse_layout(str(pdf), doc, use_cache=False, progress=progress, cancel=token)
    assert len(seen) == 1


def test_fast_request_before_the_model_is_loaded_gets_an_uncached_heuristic(tmp_path, monkeypatch):
    from explorer.core import layout_model

    pdf = make_pdf(tmp_path / "h.pdf", pages=1, headings=("1 Introduction",))
    doc = doc_for(pdf)
    monkeypatch.setattr(layout_model, "is_warm", lambda: False)
    blocks = analyse_layout(str(pdf), doc, fast=True)[0]
    assert layout.is_provisional(blocks)
    assert {b.label for b in blocks} >= {"section-header", "text"}
    assert layout.read_cached(doc.id, 0, fast=True) is None, "a stop-gap must never be served from the cache"
    assert sorted(i for b in blocks for i in b.sentences) == list(range(len(doc.sentences)))


def test_image_only_page_with_ocr_text_gets_text_blocks_from_the_ocr_words(tmp_path):
    from dataclasses import replace

    import pymupdf

    from explorer.core.model import Anchor, Page, Rect, Sentence

    path = tmp_path / "scan.pdf"
    with pymupdf.open() as pdf:  # an image-only page: a grey raster, no text layer
        page = pdf.new_page(width=595, height=842)
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
        pix.set_rect(pix.irect, (220, 220, 220))
        page.insert_image(page.rect, pixmap=pix)
        pdf.save(path)
    doc = doc_for(path, with_sentences=False)
    words = [  # two OCR paragraphs, one in each column
        (0, (60, 100, 280, 112)),
        (0, (60, 114, 270, 126)),
        (1, (320, 100, 540, 112)),
        (1, (320, 114, 500, 126)),
    ]
    sentences = [
        Sentence(i, f"Sentence {i}.", Anchor(page=0, rects=(Rect(*r),))) for i, (_, r) in enumerate(words)
    ]
    doc = replace(doc, sentences=sentences, pages=[Page(0, 595, 842, has_text=False, ocr=True)])
    blocks = analyse_layout(str(path), doc, use_cache=False)[0]
    assert [b.label for b in blocks] == ["text", "text"]
    assert [b.sentences for b in blocks] == [(0, 1), (2, 3)], (
        "left column first, each paragraph owns its words"
    )
    assert all(b.source == "ocr" for b in blocks)
    no_ocr = replace(doc, sentences=[], pages=[Page(0, 595, 842, has_text=False, ocr=False)])
    assert analyse_layout(str(path), no_ocr, use_cache=False)[0] == [], "without OCR the page has no blocks"


def test_a_heading_that_opens_with_a_bullet_is_a_list_item(shared_data, tmp_path, monkeypatch):
    # the layout model calls a slide's large "• Bar" a section header
    from explorer.core.loaders import load_document

    monkeypatch.setenv("STRATA_CACHE_DIR", str(tmp_path / "cache"))
    path = shared_data / "pdfs" / "slides_odp_table_slide.pdf"
    blocks = analyse_layout(str(path), load_document(path), use_cache=False)
    items = [b for bl in blocks.values() for b in bl]
    assert any(b.text == "• Bar" and b.label == "list-item" for b in items)
    assert not any(b.label in ("title", "section-header") and b.text.lstrip()[:1] in "•●▪◦" for b in items)


def _bordered_pages(tmp_path, footer_y: float):
    """Four menu-like pages whose text stops well above the foot of the page (a drawn
    border), with the same two footer lines set apart under the text."""
    import pymupdf

    pdf = pymupdf.open()
    for i in range(4):
        page = pdf.new_page(width=612, height=792)
        page.draw_rect(pymupdf.Rect(30, 30, 582, 762), color=(0.5, 0.5, 0.5))
        page.insert_text((72, 120), f"Starters and Mains {i + 1}", fontsize=12)
        page.insert_textbox(pymupdf.Rect(72, 140, 540, 420), f"Dish number {i} with greens and a yogurt dressing. " * 6,
                            fontsize=11)
        page.insert_text((240, footer_y), "@NaturalKitchen", fontsize=10)
        page.insert_text((200, footer_y + 14), "Prices exclude a 10 % service charge", fontsize=10)
        page.insert_text((300, footer_y + 28), str(i + 1), fontsize=10)
    path = tmp_path / "menu.pdf"
    pdf.save(path)
    return path


def test_a_footer_set_apart_under_the_text_inside_a_border_is_running_furniture(tmp_path):
    # A PowerPoint menu sets its footer a quarter of the page up, inside a drawn border:
    # outside the 12 % band, so "@NaturalMgta" was read as body text and as a heading.
    import pymupdf

    from explorer.core.layout_furniture import FurnitureIndex, relabel
    from explorer.core.layout_model import RawBox, page_lines

    with pymupdf.open(_bordered_pages(tmp_path, footer_y=600)) as pdf:
        index = FurnitureIndex(pdf)
        running = index.running(1)
        assert ("bottom", "@naturalkitchen") in running
        assert ("bottom", "prices exclude a # % service charge") in running
        # the page number has no letter: numbers repeat anywhere, so only the band confirms them
        assert ("bottom", "#") not in running
        page = pdf[1]
        lines = page_lines(page)
        foot = [ln for ln in lines if ln.text.startswith(("@", "Prices"))]
        body = next(ln for ln in lines if ln.text.startswith("Dish"))
        boxes = [RawBox("text", body.bbox)] + [RawBox("section-header", ln.bbox) for ln in foot]
        out = relabel(boxes, lines, running, page.rect.height)
        assert [b.label for b in out[:3]] == ["text", "page-footer", "page-footer"]
    blocks = analyse_layout(str(tmp_path / "menu.pdf"), doc_for(tmp_path / "menu.pdf"), use_cache=False)
    assert all(b.label == "page-footer" for bs in blocks.values() for b in bs if b.text.startswith("@Natural"))


def test_text_in_the_middle_of_the_page_is_never_a_running_line(tmp_path):
    import pymupdf

    from explorer.core.layout_furniture import FurnitureIndex

    # the same lines, but halfway down the page: too far from its edge to be furniture
    with pymupdf.open(_bordered_pages(tmp_path, footer_y=480)) as pdf:
        assert not any(n.startswith(("@natural", "prices")) for _, n in FurnitureIndex(pdf).running(1))


def test_a_paragraphs_last_line_atop_the_next_column_is_not_a_heading(shared_data, tmp_path, monkeypatch):
    # the Korean report's left column ends mid-sentence; "이슈가 될 것으로 판단된다." ("...will be
    # an issue.") opens the right column alone, and the model called it a section header
    import pymupdf

    from explorer.core.layout import analyse_page

    path = shared_data / "pdfs" / "nonen_ko_insurance_report_4p.pdf"
    blocks = analyse_page(pymupdf.open(path), 0)
    heads = [b.text for b in blocks if b.label in ("title", "section-header")]
    assert "들어가며" in heads  # the real heading stays
    assert not any("판단된다" in t for t in heads)
    assert any(b.label == "text" and b.text.startswith("이슈가 될") for b in blocks)


def test_a_sentence_tail_is_told_from_headings_by_type_and_stop():
    from explorer.core.layout import _is_sentence_tail
    from explorer.core.layout_model import Line

    plain = [Line((0, 0, 200, 10), "", 10.0)]
    assert _is_sentence_tail("of the results we report.", plain, 10.0)
    assert not _is_sentence_tail("Questions?", plain, 10.0)  # a heading may ask
    assert not _is_sentence_tail("Chapter 3.", [Line((0, 0, 80, 14), "", 14.0)], 10.0)  # larger type
    assert not _is_sentence_tail("Related work.", [Line((0, 0, 80, 10), "", 10.0, bold=True)], 10.0)  # bold
    assert not _is_sentence_tail("1.", plain, 10.0) and not _is_sentence_tail("More to come...", plain, 10.0)
