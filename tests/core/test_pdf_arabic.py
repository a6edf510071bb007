"""Lam-alef ligatures that MuPDF extracts in reverse are put back in reading order."""
from __future__ import annotations

from explorer.core.loaders.pdf_arabic import _span_text


def _chars(spec: list[tuple[str, float, float]]) -> list[dict]:
    return [{"c": c, "bbox": (x0, 72.5, x1, 87.5)} for c, x0, x1 in spec]


def test_a_zero_width_alef_at_the_edge_of_the_next_lam_is_a_reversed_ligature():
    # As MuPDF reads "الإنتاجية" from a Word PDF: alef, then the ligature لإ as a
    # zero-width إ at the glyph's right edge followed by ل with the glyph's width.
    chars = _chars([("ا", 485.7, 488.7), ("إ", 485.8, 485.8), ("ل", 479.2, 485.8), ("ن", 475.5, 479.2),
                    ("ت", 471.8, 475.5), ("ا", 468.6, 471.8), ("ج", 461.6, 468.7), ("ي", 458.0, 461.7),
                    ("ة", 454.0, 458.0)])
    assert _span_text(chars) == ("اإلنتاجية", "الإنتاجية")


def test_an_article_written_as_two_letters_is_left_alone():
    # "الكتاب": the article's alef has its own width; no ligature, nothing to swap.
    chars = _chars([("ا", 500.0, 503.0), ("ل", 496.0, 500.0), ("ك", 490.0, 496.0), ("ت", 486.0, 490.0),
                    ("ا", 483.0, 486.0), ("ب", 478.0, 483.0)])
    assert _span_text(chars) == ("الكتاب", "الكتاب")


def test_arabic_and_persian_pdfs_read_with_their_lam_alef(shared_data):
    from explorer.core.layout_model import page_lines
    from explorer.core.loaders import load_document

    arabic = shared_data / "pdfs" / "nonen_ar_right_to_left_01.pdf"
    text = " ".join(s.text for s in load_document(arabic).sentences)
    assert "الإنتاجية" in text and "خلال" in text and "المشكلات" in text
    assert "اإلنتاجية" not in text and "خالل" not in text
    persian = " ".join(s.text for s in load_document(shared_data / "pdfs" / "nonen_fa_right_to_left_03.pdf").sentences)
    assert "کالای" in persian and "کاالی" not in persian

    import pymupdf

    with pymupdf.open(str(arabic)) as pdf:
        first = " ".join(line.text for line in page_lines(pdf[0]))
    assert "الإنتاجية" in first  # layout blocks (and so headings and titles) read the same
