"""OCR of image-only pages: what Tesseract reads in a drawing is not text, and every word of
a line is as tall as the line's type."""

from __future__ import annotations

import random
import re
import shutil

import pytest

from explorer.core.loaders.pdf_ocr import kept_words, parse_hocr

HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
 <div class='ocr_page' title='bbox 0 0 1000 1000'>
  <div class='ocr_carea'><p class='ocr_par' title="bbox 100 100 300 200">
   <span class='ocr_line' title="bbox 100 100 300 140; baseline 0 -10; x_size 40; x_descenders 10; x_ascenders 10">
    <span class='ocrx_word' title='bbox 100 105 150 130; x_wconf 30'>Wali</span>
    <span class='ocrx_word' title='bbox 160 100 300 140; x_wconf 20'>MIyUffI</span>
   </span>
   <span class='ocr_line' title="bbox 100 150 130 160; baseline 0 0; x_size 20; x_descenders 5; x_ascenders 5">
    <span class='ocrx_word' title='bbox 100 150 130 160; x_wconf 55'>Mii</span>
   </span>
  </p></div>
  <div class='ocr_carea'><p class='ocr_par' title="bbox 400 100 900 200">
   <span class='ocr_line' title="bbox 400 100 900 140; baseline 0 -10; x_size 40; x_descenders 10; x_ascenders 10">
    <span class='ocrx_word' title='bbox 400 110 410 120; x_wconf 40'>¢</span>
    <span class='ocrx_word' title='bbox 420 100 520 130; x_wconf 96'>Each</span>
    <span class='ocrx_word' title='bbox 530 110 600 130; x_wconf 95'>one</span>
    <span class='ocrx_word' title='bbox 610 100 800 140; x_wconf 12'>existing</span>
    <span class='ocrx_word' title='bbox 810 100 900 130; x_wconf 97'>track</span>
   </span>
  </p></div>
 </div></body></html>"""


def test_a_drawing_read_as_letters_is_dropped_and_a_sure_line_keeps_its_unsure_words():
    words = kept_words(parse_hocr(HOCR))
    # the drawing's lines are gone; the bullet read as "¢" is gone; "existing" (unsure) stays
    assert [w[1] for w in words] == ["Each", "one", "existing", "track"]
    assert {w[2] for w in words} == {0} and [w[4] for w in words] == [0, 1, 2, 3]


def test_every_word_of_a_line_spans_the_line_type_not_its_own_glyphs():
    words = kept_words(parse_hocr(HOCR))
    # baseline at 140 - 10 = 130; text from 130 - (40 - 10) = 100 down to 130 + 10 = 140
    assert {(w[0][1], w[0][3]) for w in words} == {(100.0, 140.0)}


def test_a_scanned_book_page_reads_without_its_illustration(shared_data):
    """The Huck Finn page (OCRmyPDF's test scan) has a drawing beside the text. MuPDF's OCR
    read the drawing as words ("MIyUffI", "ifLP?i", "ieais yaya") inside the sentences."""
    from explorer.core.loaders import load_document

    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    doc = load_document(shared_data / "pdfs" / "scan_huckfinn_c02-22.pdf")
    text = " ".join(s.text for s in doc.sentences)
    assert doc.pages[0].ocr and doc.warnings == []
    assert "We scrouched down and laid still." in text and "Who dah" in text
    assert not re.findall(r"\b\w*[a-z][A-Z]\w*", text)  # no "MIyUffI", "WiUf", "CSpy"
    assert len(text.split()) < 230  # the printed page has about 205 words
    assert doc.title == "scan_huckfinn_c02-22"  # no line of the drawing becomes the title


def test_ocr_that_outlasts_many_cancel_checks_still_finishes(monkeypatch):
    """The first version fed the image through stdin; once a cancel check interrupted the
    write, Tesseract waited for the rest of its input forever (seen in the window under load)."""
    import threading

    import pymupdf

    from explorer.core.loaders import pdf_ocr
    from explorer.core.progress import CancelToken

    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    monkeypatch.setattr(pdf_ocr, "_POLL_S", 0.0005)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(72, 72, 520, 300), "Volcanoes erupt lava.", fontsize=18)
    scan = pymupdf.open()
    scan.new_page().insert_image(scan[0].rect, pixmap=page.get_pixmap(dpi=200))
    # a band of grain that does not compress: the rendered page is megabytes, more than a pipe holds
    grain = pymupdf.Pixmap(pymupdf.csRGB, 600, 100, random.Random(1).randbytes(600 * 100 * 3), False)
    scan[0].insert_image(pymupdf.Rect(0, 742, 612, 792), pixmap=grain)
    got: list = []
    worker = threading.Thread(target=lambda: got.append(pdf_ocr.prepare_ocr(scan[0])(CancelToken())), daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "OCR never finished"
    assert "Volcanoes" in [w[4] for w in got[0]]


def test_cancel_stops_a_running_ocr_and_leaves_no_tesseract(monkeypatch):
    import subprocess

    import pymupdf

    from explorer.core.loaders import pdf_ocr
    from explorer.core.progress import CancelToken, Cancelled

    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def recording_popen(*a, **kw):
        started.append(real_popen(*a, **kw))
        return started[-1]

    monkeypatch.setattr(pdf_ocr.subprocess, "Popen", recording_popen)
    scan = pymupdf.open()
    grain = pymupdf.Pixmap(pymupdf.csRGB, 600, 800, random.Random(2).randbytes(600 * 800 * 3), False)
    scan.new_page().insert_image(scan[0].rect, pixmap=grain)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        pdf_ocr.prepare_ocr(scan[0])(token)
    assert len(started) == 1 and started[0].poll() is not None  # killed, not left running


def test_a_scans_large_type_is_a_heading_that_names_its_chapter(tmp_path):
    """On an image-only page the layout model has no text to read; lines set well above the
    body's size are headings, so a scanned report's own headings title its chapters."""
    import pymupdf

    from explorer.core.chaptering import compute_chapters, layout_blocks
    from explorer.core.loaders import load_document

    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    src = pymupdf.open()
    page = src.new_page()
    page.insert_text((72, 90), "Harbour Renewal Plan", fontsize=24)
    body = ("The old harbour walls need repair before the winter storms arrive. Engineers measured the cracks in "
            "the stone and found water inside. The council will pay for new concrete and steel anchors. Work starts "
            "in spring and ends before the fishing season.")
    page.insert_textbox(pymupdf.Rect(72, 120, 520, 400), body, fontsize=11)
    scan = pymupdf.open()
    scan.new_page().insert_image(scan[0].rect, pixmap=page.get_pixmap(dpi=200))
    scan.save(tmp_path / "scan.pdf")
    doc = load_document(tmp_path / "scan.pdf")
    blocks = layout_blocks(doc)
    headers = [b for b in blocks[0] if b.label == "section-header"]
    assert [b.text for b in headers] == ["Harbour Renewal Plan"]
    assert any(b.label == "text" and "harbour walls" in b.text for b in blocks[0])
    _, chapters = compute_chapters(doc, blocks=blocks)
    assert chapters[0].title == "Harbour Renewal Plan" and chapters[0].title_source == "heading"


def test_body_size_heading_lines_of_a_scan_are_told_from_text():
    from explorer.core.layout_ocr import heading_line
    from explorer.core.model import Anchor, Rect, Sentence

    def s(i, text, lines=1):
        return Sentence(i, text, Anchor(page=0, rects=tuple(Rect(72, 100 + 14 * k, 300, 110 + 14 * k)
                                                              for k in range(lines))))

    texts = ["Recording a Sequence", "To record a sequence, press RECORD.", "3.1 Overview", "We train it.",
             "From the table, we can", "see the gain.", "Random 7 x 47.0 64.3 778", "Next row.",
             "• Optional remote control", "Another item.", "A heading that wraps", "Body."]
    sents = [s(i, t, 2 if t == "A heading that wraps" else 1) for i, t in enumerate(texts)]
    assert [t for k, t in enumerate(texts) if heading_line(sents, k)] == ["Recording a Sequence", "3.1 Overview"]


def test_a_scans_numbered_headings_in_body_type_cut_its_chapters(tmp_path):
    """Scanned papers set "1 Introduction" in bold body type: OCR has no weight, so the
    line's shape makes it a heading, and the chapters follow the paper's sections."""
    import pymupdf

    from explorer.core.chaptering import compute_chapters, layout_blocks
    from explorer.core.loaders import load_document

    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    topics = {"1 Harbour Walls": "The harbour walls crack in winter storms and the stone lets water in.",
              "2 Orchard Trees": "The orchard trees bloom in spring and the bees carry pollen between them.",
              "3 Railway Engines": "The railway engines burn coal and the drivers oil every wheel by hand."}
    src = pymupdf.open()
    page = src.new_page()
    y = 72
    for heading, sentence in topics.items():
        page.insert_text((72, y), heading, fontsize=11, fontname="hebo")
        page.insert_textbox(pymupdf.Rect(72, y + 8, 520, y + 160), " ".join([sentence] * 4), fontsize=11)
        y += 190
    scan = pymupdf.open()
    scan.new_page().insert_image(scan[0].rect, pixmap=page.get_pixmap(dpi=200))
    scan.save(tmp_path / "paper.pdf")
    doc = load_document(tmp_path / "paper.pdf")
    blocks = layout_blocks(doc)
    assert [b.text for b in blocks[0] if b.label == "section-header"] == list(topics)
    seg, chapters = compute_chapters(doc, blocks=blocks)
    titled = [c.title for c in chapters] + [c.title for c in seg.sections]
    assert all(h in titled for h in topics), titled
