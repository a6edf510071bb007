"""PDF loader on PDFs generated with PyMuPDF: reading order, sentences, anchors, outline, labels."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_pdf_factory import LOREM, add_page, build, line, new_doc, textbox, to_bytes  # noqa: E402

from explorer.core.loaders.pdf import load_pdf  # noqa: E402
from explorer.core.progress import Cancelled, CancelToken  # noqa: E402
from explorer.core.store import sha256_bytes  # noqa: E402


def texts(doc):
    return [s.text for s in doc.sentences]


def find(doc, fragment):
    hits = [s for s in doc.sentences if fragment in s.text]
    assert hits, f"no sentence contains {fragment!r}: {texts(doc)}"
    return hits[0]


def test_two_columns_read_column_by_column_and_join_across_the_gutter():
    left = "Alpha starts the left column. " + LOREM * 3 + "The left column ends in the middle of a"
    right = "sentence that continues in the right column. " + LOREM * 2 + "Omega ends the right column."
    data = build([[("line", 50, 60, "A Study of Rivers", 20), ("box", (50, 90, 280, 800), left, 10),
                   ("box", (315, 90, 545, 800), right, 10)]])
    doc = load_pdf("rivers.pdf", data)
    t = texts(doc)
    assert t[0] == "A Study of Rivers"
    assert t[1] == "Alpha starts the left column."
    assert t[-1] == "Omega ends the right column."
    joined = find(doc, "ends in the middle of a")
    assert joined.text == "The left column ends in the middle of a sentence that continues in the right column."
    # its anchor has one rect in each column
    xs = sorted(r.x0 for r in joined.anchor.rects)
    assert xs[0] < 280 < xs[-1]
    # every left-column sentence comes before every right-column sentence
    first_right = next(i for i, s in enumerate(doc.sentences) if s.anchor.rects[0].x0 > 300)
    assert all(s.anchor.rects[0].x0 < 300 for s in doc.sentences[1:first_right])
    assert len(doc.sentences) == 1 + 1 + 9 + 1 + 6 + 1


def test_anchor_rects_cover_the_sentence_words():
    import pymupdf

    data = build([[("box", (72, 72, 500, 400), "First sentence here. " + LOREM + "Zebra crossing ahead.", 11)]])
    doc = load_pdf("a.pdf", data)
    s = find(doc, "Zebra crossing")
    page = pymupdf.open(stream=data, filetype="pdf")[0]
    (word_rect,) = page.search_for("Zebra")
    assert any(r.x0 <= word_rect.x0 + 0.5 and r.x1 >= word_rect.x1 - 0.5 and r.y0 <= word_rect.y1 and r.y1 >= word_rect.y0
               for r in s.anchor.rects)
    assert s.anchor.page == 0
    # the first sentence's rect must not reach the Zebra word
    assert all(r.x1 < word_rect.x0 or r.y1 < word_rect.y0 for r in doc.sentences[0].anchor.rects)


def test_headings_are_their_own_sentences():
    data = build([[("line", 72, 80, "1 Introduction", 16),
                   ("box", (72, 95, 520, 300), "Rivers shape valleys over time. They also carry sediment.", 10),
                   ("line", 72, 330, "2 Methods", 16),
                   ("box", (72, 345, 520, 500), "We measured flow at ten stations. Data were logged hourly.", 10)]])
    doc = load_pdf("h.pdf", data)
    assert texts(doc) == ["1 Introduction", "Rivers shape valleys over time.", "They also carry sediment.",
                          "2 Methods", "We measured flow at ten stations.", "Data were logged hourly."]


def test_abstract_after_unpunctuated_affiliations_is_its_own_heading():
    """A paper's "Abstract" (10.7 pt over 9.8 pt body) after its e-mail addresses was read as
    the end of the affiliations' sentence, so the abstract section had no heading."""
    data = build([[("line", 150, 72, "Rivers and Valleys", 16),
                   ("line", 150, 100, "Ana Silva, University of Porto", 10),
                   ("line", 150, 114, "ana@example.org bo@example.org", 10),
                   ("line", 150, 150, "Abstract", 10.5),
                   ("box", (72, 165, 520, 300), "Rivers shape valleys over time. They also carry sediment.", 10)]])
    doc = load_pdf("a.pdf", data)
    assert "Abstract" in texts(doc)
    assert not any("Abstract" in t and t != "Abstract" for t in texts(doc))


def test_hyphenation_across_lines():
    doc = new_doc()
    page = add_page(doc)
    line(page, 72, 100, "We gathered infor-", 11)
    line(page, 72, 114, "mation from many sources using a state-of-the-", 11)
    line(page, 72, 128, "art method and a long-", 11)
    line(page, 72, 142, "term plan. The long-term plan worked well for COVID-", 11)
    line(page, 72, 156, "19 patients.", 11)
    d = load_pdf("hy.pdf", to_bytes(doc))
    t = " ".join(texts(d))
    assert "gathered information from" in t
    assert "state-of-the-art method" in t
    assert "long-term plan." in t  # 'long-term' appears elsewhere: the hyphen is kept
    assert "COVID-19 patients" in t
    # the joined word keeps both halves' rectangles
    s = find(d, "information")
    first, second = s.anchor.rects[:2]
    assert first.y0 < 100 < second.y0 < 114  # baselines of the two lines are at 100 and 114
    assert first.x1 > 150  # "infor-" at the end of the first line is part of it


def test_bullets_abbreviations_and_decimals():
    doc = new_doc()
    page = add_page(doc)
    line(page, 72, 100, "Dr. Smith paid $3.50 for e.g. two maps in the U.S. Army museum. He left at 4 p.m. today.", 10)
    line(page, 72, 130, "The list has items:", 10)
    line(page, 80, 145, "- first item without a stop", 10)
    line(page, 80, 160, "- second item that wraps onto", 10)
    line(page, 90, 175, "another line", 10)
    line(page, 80, 190, "- third item.", 10)
    line(page, 72, 220, "Steps to follow:", 10)
    line(page, 80, 235, "1. Open the file", 10)
    line(page, 80, 250, "2. Read the text", 10)
    d = load_pdf("b.pdf", to_bytes(doc))
    assert texts(d) == [
        "Dr. Smith paid $3.50 for e.g. two maps in the U.S. Army museum.",
        "He left at 4 p.m. today.",
        "The list has items:",
        "- first item without a stop",
        "- second item that wraps onto another line",
        "- third item.",
        "Steps to follow:",
        "1. Open the file",
        "2. Read the text",
    ]


def test_outline_becomes_reference_chapters_mapped_to_sentences():
    import pymupdf

    body = "Some text about the topic. " * 5
    pages = [
        [("line", 72, 80, "Chapter One", 18), ("box", (72, 100, 520, 400), body, 10),
         ("line", 72, 450, "Section 1.1", 14), ("box", (72, 470, 520, 700), "Section text starts here. " + body, 10)],
        [("box", (72, 72, 520, 300), "More text for chapter one. " + body, 10),
         ("line", 72, 350, "Chapter Two", 18), ("box", (72, 370, 520, 600), "Second chapter text. " + body, 10)],
    ]
    goto = pymupdf.LINK_GOTO
    toc = [
        [1, "Chapter One", 1, {"kind": goto, "to": pymupdf.Point(72, 62), "page": 0}],
        [2, "Section 1.1", 1, {"kind": goto, "to": pymupdf.Point(72, 436), "page": 0}],
        [1, "Chapter Two", 2, {"kind": goto, "to": pymupdf.Point(72, 334), "page": 1}],
    ]
    doc = load_pdf("o.pdf", build(pages, toc=toc))
    chapters = doc.reference_chapters
    assert [(c.title, c.level, c.page) for c in chapters] == [("Chapter One", 1, 0), ("Section 1.1", 2, 0), ("Chapter Two", 1, 1)]
    assert [doc.sentences[c.start_sentence].text for c in chapters] == ["Chapter One", "Section 1.1", "Chapter Two"]
    assert chapters[1].y == pytest.approx(436, abs=1)


def test_outline_entry_without_matching_heading_maps_by_position():
    import pymupdf

    pages = [[("box", (72, 72, 520, 300), "Top text. " * 4, 10), ("box", (72, 400, 520, 600), "Lower text begins. More.", 10)]]
    toc = [[1, "Somewhere", 1, {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(72, 390), "page": 0}]]
    doc = load_pdf("o2.pdf", build(pages, toc=toc))
    (ch,) = doc.reference_chapters
    assert doc.sentences[ch.start_sentence].text == "Lower text begins."


def test_page_labels_sizes_metadata_and_id():
    doc = new_doc()
    for i in range(4):
        page = add_page(doc, 612, 792)
        line(page, 72, 100, f"Page body number {i}.", 10)
    doc.set_page_labels([{"startpage": 0, "prefix": "", "style": "r", "firstpagenum": 1},
                         {"startpage": 2, "prefix": "A-", "style": "D", "firstpagenum": 1}])
    doc.set_metadata({"title": "Labelled Book", "author": "Ann Author", "creationDate": "D:20200806120000Z"})
    data = to_bytes(doc)
    d = load_pdf("l.pdf", data)
    assert [p.label for p in d.pages] == ["i", "ii", "A-1", "A-2"]
    assert (d.pages[0].width, d.pages[0].height) == (612, 792)
    assert d.title == "Labelled Book"
    assert d.metadata["author"] == "Ann Author"
    assert d.metadata["creationDate"].startswith("2020-08-06")
    assert d.id == sha256_bytes(data) and d.kind == "pdf" and d.format == "pdf"


def test_title_falls_back_to_big_first_line_then_file_stem():
    d = load_pdf("/x/report.pdf", build([[("line", 72, 80, "Flood Report", 22), ("box", (72, 100, 520, 300), "Body. " * 3, 10)]]))
    assert d.title == "Flood Report"
    d = load_pdf("/x/plain-notes.pdf", build([[("box", (72, 100, 520, 300), "Just body text here. " * 3, 10)]]))
    assert d.title == "plain-notes"
    # a title in body-sized type (bold in the original) on its own first line
    d = load_pdf("/x/a.pdf", build([[("line", 72, 90, "River Survey Summary", 10), ("box", (72, 110, 520, 300), "Body. " * 3, 10)]]))
    assert d.title == "River Survey Summary"


def test_sentence_over_a_page_break_with_footnote_in_between():
    doc = new_doc()
    p1 = add_page(doc)
    textbox(p1, (72, 72, 520, 300), LOREM + "This sentence runs over the page", 10)
    line(p1, 72, 790, "1 A footnote at the bottom of the first page.", 7)
    p2 = add_page(doc)
    textbox(p2, (72, 72, 520, 300), "break and ends here. Next sentence.", 10)
    d = load_pdf("p.pdf", to_bytes(doc))
    s = find(d, "runs over the page")
    assert s.text == "This sentence runs over the page break and ends here."
    assert s.anchor.page == 0 and {p for p, _ in s.anchor.page_rects} == {0, 1}
    assert all(r.y0 < 300 for r in s.anchor.rects)  # rects keeps the first page's only
    t = texts(d)
    assert t.index(s.text) < t.index("1 A footnote at the bottom of the first page.")


def test_image_only_page_is_reported(monkeypatch):
    import pymupdf

    from explorer.core.loaders import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "_ocr_available", lambda: False)
    doc = new_doc()
    line(add_page(doc), 72, 100, "A page with text.", 10)
    img_page = add_page(doc)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), 0)
    pix.clear_with(200)
    img_page.insert_image(pymupdf.Rect(72, 72, 300, 300), pixmap=pix)
    d = load_pdf("scan.pdf", to_bytes(doc))
    assert [p.has_text for p in d.pages] == [True, False]
    assert d.warnings == ["page 2 has no text layer; install tesseract to read it (apt-get install tesseract-ocr)"]
    assert texts(d) == ["A page with text."]


def test_image_only_pdf_still_loads_with_zero_sentences(monkeypatch):
    import pymupdf

    from explorer.core.loaders import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "_ocr_available", lambda: False)
    doc = new_doc()
    for _ in range(3):
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), 0)
        add_page(doc).insert_image(pymupdf.Rect(0, 0, 100, 100), pixmap=pix)
    d = load_pdf("scans.pdf", to_bytes(doc))
    assert d.sentences == [] and len(d.pages) == 3
    assert d.warnings == ["pages 1-3 have no text layer; install tesseract to read them (apt-get install tesseract-ocr)"]


def test_progress_per_page_and_cancel():
    data = build([[("line", 72, 100, f"Page {i} text.", 10)] for i in range(5)])
    seen = []
    load_pdf("p.pdf", data, progress=lambda f, m: seen.append((f, m)))
    page_msgs = [m for _, m in seen if m.startswith("page ")]
    assert page_msgs == [f"page {i} of 5" for i in range(1, 6)]
    assert seen[-1][0] == 1.0
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        load_pdf("p.pdf", data, cancel=token)


def test_two_thousand_pages_load_in_seconds():
    import pymupdf

    doc = new_doc()
    for i in range(10):
        line(add_page(doc, 300, 300), 20, 40, f"Page {i + 1} says hello.", 9)
    while doc.page_count < 2000:  # doubling copies: quicker than drawing 2,000 pages
        bigger = new_doc()
        bigger.insert_pdf(doc)
        bigger.insert_pdf(doc)
        doc = bigger
    doc.delete_pages(range(2000, doc.page_count))
    data = to_bytes(doc)
    assert pymupdf.open(stream=data, filetype="pdf").page_count == 2000
    t = time.perf_counter()
    d = load_pdf("big.pdf", data)
    elapsed = time.perf_counter() - t
    assert len(d.pages) == 2000 and len(d.sentences) == 2000
    assert d.sentences[-1].anchor.page == 1999 and d.sentences[-1].text == "Page 10 says hello."
    assert elapsed < 15, f"2,000 pages took {elapsed:.1f} s"  # about 1 s on an idle core


def test_three_columns_in_reading_order():
    cols = [(40, 90, 200, 800), (215, 90, 375, 800), (390, 90, 550, 800)]
    texts_in = ["Column one starts. It ends in the middle of a", "sentence that ends in column two. Column two ends.",
                "Column three stands alone. Last words."]
    doc = load_pdf("three.pdf", build([[("box", c, t, 9) for c, t in zip(cols, texts_in)]]))
    assert texts(doc) == ["Column one starts.", "It ends in the middle of a sentence that ends in column two.",
                          "Column two ends.", "Column three stands alone.", "Last words."]


def test_running_header_and_page_number_do_not_split_a_sentence():
    doc = new_doc()
    for i, body in enumerate(["Intro text here. A sentence that crosses the", "page boundary ends here. Final."]):
        page = add_page(doc)
        line(page, 72, 30, "Journal of Examples", 8)
        textbox(page, (72, 72, 520, 400), body, 10)
        line(page, 290, 820, str(i + 1), 8)
    d = load_pdf("hdr.pdf", to_bytes(doc))
    t = texts(d)
    assert "A sentence that crosses the page boundary ends here." in t
    assert "1" not in t and "2" not in t
    assert t.count("Journal of Examples") == 2


def fake_ocr(monkeypatch, words: list[tuple]) -> list[int]:  # noqa: ANN001
    """OCR available, and reading ``words`` on any page sent to it; returns the pages sent."""
    from explorer.core.loaders import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "_ocr_available", lambda: True)
    calls: list[int] = []

    def job(page):  # noqa: ANN001, ANN202
        calls.append(page.number)
        return lambda cancel: list(words)

    monkeypatch.setattr(pdfmod, "_ocr_job", job)
    return calls


def test_ocr_path_marks_pages_and_reads_their_words(monkeypatch):
    """Without tesseract on the test machine, the OCR call itself is replaced; the rest is real."""
    import pymupdf

    from explorer.core.loaders import pdf as pdfmod

    calls = fake_ocr(monkeypatch, [(72, 90, 110, 102, "Scanned", 0, 0, 0), (112, 90, 140, 102, "words.", 0, 0, 1)])
    doc = new_doc()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), 0)
    add_page(doc).insert_image(pymupdf.Rect(0, 0, 100, 100), pixmap=pix)
    d = load_pdf("scan.pdf", to_bytes(doc))
    assert calls == [0]
    assert d.pages[0].ocr and d.pages[0].has_text
    assert texts(d) == ["Scanned words."] and d.warnings == []
    assert load_pdf("scan.pdf", to_bytes(doc), ocr=False).warnings == ["page 1 has no text layer; OCR is turned off"]

    def broken_ocr(page):
        def read(cancel):
            raise RuntimeError("tessdata missing")
        return read

    monkeypatch.setattr(pdfmod, "_ocr_job", broken_ocr)
    d = load_pdf("scan.pdf", to_bytes(doc))
    assert d.warnings == ["page 1 has no text layer; OCR could not read it"]


def test_a_scanned_page_is_read_by_tesseract_when_it_is_installed():
    """The real OCR path (PyMuPDF + Tesseract), on a page that is only an image of text."""
    import shutil

    import pymupdf

    from explorer.core.loaders import pdf as pdfmod

    if not shutil.which("tesseract") or not pdfmod._ocr_available():
        pytest.skip("tesseract is not installed (apt-get install tesseract-ocr)")
    src = new_doc()
    textbox(add_page(src), (72, 72, 520, 300), "The harvest festival starts on Monday. Volcanoes erupt lava.", 18)
    pix = src[0].get_pixmap(dpi=200)
    scan = new_doc()
    add_page(scan).insert_image(scan[0].rect, pixmap=pix)
    d = load_pdf("scan.pdf", to_bytes(scan))
    assert d.pages[0].ocr and d.warnings == []
    words = " ".join(texts(d)).lower()
    assert "harvest festival" in words and "volcanoes erupt lava" in words
    assert all(s.anchor.rects for s in d.sentences)  # OCR words keep their places on the page


def test_footer_first_in_the_stream_is_read_after_the_body_and_number_ticks_are_dropped():
    doc = new_doc()
    page = add_page(doc)
    line(page, 72, 800, "Copyright Example Corp. All rights reserved.", 8)  # written first, sits at the bottom
    for i, y in enumerate((300, 280, 260)):
        line(page, 60, y, f"0.{i * 2}", 7)  # axis ticks of a plot
    textbox(page, (72, 400, 520, 600), "The body comes first. It has two sentences.", 10)
    d = load_pdf("footer.pdf", to_bytes(doc))
    # ("Corp." is an abbreviation, so the footer stays one sentence)
    assert texts(d) == ["The body comes first.", "It has two sentences.", "Copyright Example Corp. All rights reserved."]


def test_line_numbered_transcript_reads_as_sentences():
    doc = new_doc()
    page = add_page(doc, 612, 792)
    for i in range(1, 6):
        line(page, 90, 100 + 26 * i, str(i), 11)  # margin line numbers, written first
    line(page, 220, 126, "The matter came on for oral", 11)
    line(page, 126, 152, "argument before the court at 1:01 p.m.", 11)
    line(page, 126, 178, "APPEARANCES:", 11)
    d = load_pdf("transcript.pdf", to_bytes(doc))
    assert texts(d) == ["The matter came on for oral argument before the court at 1:01 p.m.", "APPEARANCES:"]


def test_numbered_heading_at_the_foot_of_a_column_stays_in_reading_order():
    """A section number set apart from its title ("4" | "Related Work") near the bottom of
    a column is a heading, not a footer carrying a page number nor a sideways stamp: it
    is read before the paragraph under it and before the next column."""
    doc = new_doc()
    page = add_page(doc)
    textbox(page, (50, 90, 280, 700), "Rivers carry sediment to the sea. " + LOREM * 2, 10)
    line(page, 50, 740, "4", 12)
    line(page, 66, 740, "Related Work", 12)
    textbox(page, (50, 752, 280, 800), "Earlier surveys mapped the delta by boat.", 10)
    textbox(page, (315, 90, 545, 560), LOREM * 2 + "Floods were rare before the dam.", 10)
    line(page, 315, 590, "5", 12)
    line(page, 331, 590, "Conclusion", 12)
    textbox(page, (315, 602, 545, 700), "Deltas need their sediment back.", 10)
    t = texts(load_pdf("columns.pdf", to_bytes(doc)))
    heading = next(i for i, s in enumerate(t) if s.endswith("Related Work"))
    assert t[heading] == "4 Related Work"
    assert heading < t.index("Earlier surveys mapped the delta by boat.") < t.index("5 Conclusion")


def test_a_title_wrapped_over_two_lines_is_one_sentence():
    doc = new_doc()
    page = add_page(doc)
    line(page, 80, 110, "Sediment Budgets of Large Rivers and", 18)
    line(page, 150, 130, "Their Vanishing Deltas", 18)
    line(page, 80, 170, "1 Introduction", 12)
    textbox(page, (80, 185, 520, 400), "Deltas shrink when dams hold sediment back. " + LOREM, 10)
    t = texts(load_pdf("title.pdf", to_bytes(doc)))
    assert t[0] == "Sediment Budgets of Large Rivers and Their Vanishing Deltas"
    assert t[1] == "1 Introduction"
    assert t[2] == "Deltas shrink when dams hold sediment back."


def test_chinese_lines_join_without_spaces_and_split_at_full_stops():
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    para = "中诚信国际信用评级有限责任公司是一家专业的信用评级机构，为企业提供债券评级服务。" * 2
    page.insert_textbox(pymupdf.Rect(72, 72, 300, 300), para, fontname="china-s", fontsize=12)  # wraps mid-word
    page.insert_text((72, 400), "年份", fontname="china-s", fontsize=12)  # two table cells on one line
    page.insert_text((160, 400), "评级机构", fontname="china-s", fontsize=12)
    doc = load_pdf("zh.pdf", pdf.tobytes())
    one = "中诚信国际信用评级有限责任公司是一家专业的信用评级机构，为企业提供债券评级服务。"
    assert texts(doc) == [one, one, "年份 评级机构"]


@pytest.mark.parametrize("big_line, title", [
    ("ip yy(iti 2 When we was passing by the kitchen Vy ie He/ YES pg: <f.", "scan"),  # a smudge read as letters
    ("Optical character recognition", "Optical character recognition"),
])
def test_an_ocr_page_s_largest_line_is_the_title_only_if_it_reads_as_words(monkeypatch, big_line, title):
    import pymupdf

    words, x = [], 72.0
    for i, w in enumerate(big_line.split()):  # tall type at the top
        words.append((x, 60, x + 7 * len(w), 84, w, 0, 0, i))
        x += 7 * len(w) + 6
    body = "The river carried the boat past the town. It was late and the lamps were lit."
    for line in range(6):  # body text in smaller type, enough of it to set the body size
        x, y = 72.0, 120 + 14 * line
        for i, w in enumerate(body.split()):
            words.append((x, y, x + 6 * len(w), y + 11, w, 1, line, i))
            x += 6 * len(w) + 4
    fake_ocr(monkeypatch, words)
    doc = new_doc()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), 0)
    add_page(doc).insert_image(pymupdf.Rect(0, 0, 100, 100), pixmap=pix)
    assert load_pdf("scan.pdf", to_bytes(doc)).title == title


def test_scanned_pages_read_side_by_side_keep_their_own_words(monkeypatch):
    """OCR runs on worker threads and pages finish out of order; each page's words stay on
    that page, in page order, and a page whose OCR fails is named in the warning."""
    import random
    import threading

    import pymupdf

    from explorer.core.loaders import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "_ocr_available", lambda: True)
    monkeypatch.setattr(pdfmod, "ocr_workers", lambda: 3)
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]
    threads = set()

    def fake_job(page):
        pno = page.number  # read here, on the loading thread

        def read(cancel):
            threads.add(threading.get_ident())
            time.sleep(random.Random(pno).uniform(0.0, 0.05))
            if pno == 5:
                raise RuntimeError("unreadable")
            return [(72, 90, 140, 102, names[pno], 0, 0, 0), (142, 90, 190, 102, "page.", 0, 0, 1)]
        return read

    monkeypatch.setattr(pdfmod, "_ocr_job", fake_job)
    doc = new_doc()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), 0)
    for _ in names:
        add_page(doc).insert_image(pymupdf.Rect(0, 0, 100, 100), pixmap=pix)
    d = load_pdf("scan.pdf", to_bytes(doc))
    got = {s.anchor.page: s.text for s in d.sentences}
    assert got == {p: f"{n} page." for p, n in enumerate(names) if p != 5}
    assert [p.ocr for p in d.pages] == [p != 5 for p in range(len(names))]
    assert d.warnings == ["page 6 has no text layer; OCR could not read it"]
    assert threading.get_ident() not in threads and len(threads) > 1


def test_cancel_while_scanned_pages_are_read_stops_the_load(monkeypatch):
    import pymupdf

    from explorer.core.loaders import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "_ocr_available", lambda: True)
    token = CancelToken()

    def slow_job(page):
        def read(cancel):
            token.cancel()
            for _ in range(1000):
                time.sleep(0.01)
                cancel.check()
            return []
        return read

    monkeypatch.setattr(pdfmod, "_ocr_job", slow_job)
    doc = new_doc()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), 0)
    for _ in range(6):
        add_page(doc).insert_image(pymupdf.Rect(0, 0, 100, 100), pixmap=pix)
    started = time.perf_counter()
    with pytest.raises(Cancelled):
        load_pdf("scan.pdf", to_bytes(doc), cancel=token)
    assert time.perf_counter() - started < 5  # not the 10 s a page the jobs would take


def test_a_scanned_page_is_read_once_and_served_from_the_cache_when_reopened(monkeypatch):
    import pymupdf

    from explorer.core.loaders import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "_ocr_available", lambda: True)
    reads = []

    def job(page):
        pno = page.number
        reads.append(pno)
        return lambda cancel: [(72, 90, 140, 102, f"Page{pno}", 0, 0, 0), (142, 90, 190, 102, "words.", 0, 0, 1)]

    monkeypatch.setattr(pdfmod, "_ocr_job", job)
    doc = new_doc()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), 0)
    for _ in range(3):
        add_page(doc).insert_image(pymupdf.Rect(0, 0, 100, 100), pixmap=pix)
    data = to_bytes(doc)
    first = load_pdf("scan.pdf", data)
    again = load_pdf("scan.pdf", data)
    assert reads == [0, 1, 2]  # the second open read no page again
    assert texts(again) == texts(first) == ["Page0 words.", "Page1 words.", "Page2 words."]
    assert [p.ocr for p in again.pages] == [True, True, True]
    assert again.sentences[1].anchor.rects == first.sentences[1].anchor.rects


def test_a_list_item_is_never_the_title_though_its_bullet_stands_taller():
    # A menu exported from PowerPoint: the bullets' font is taller than the text's, which
    # made "• Focaccia con romero…" the document's title.
    doc = new_doc()
    page = add_page(doc)
    line(page, 72, 90, "Starters", 10)
    for i, dish in enumerate(["Focaccia with rosemary and olive oil.", "Focaccia with onion and thyme."]):
        line(page, 72, 120 + 24 * i, "\u2022", 16)
        line(page, 84, 120 + 24 * i, dish, 10)
    textbox(page, (72, 180, 520, 400), "Fresh greens with a yogurt dressing. " * 3, 10)
    d = load_pdf("/x/menu.pdf", to_bytes(doc))
    item = next(s for s in d.sentences if "Focaccia with rosemary" in s.text)
    assert item.text[0] in "\u2022\u00b7"  # the base-14 font draws the bullet as a middle dot
    assert d.title == "menu"


def test_a_heading_in_larger_type_atop_the_next_page_does_not_run_on_from_a_price():
    # A menu page ends "Chocolate cake 4$" (no full stop); the next opens with "PIZZAS" in
    # larger type. They were one sentence, "4$ PIZZAS", on the first page.
    doc = new_doc()
    p1 = add_page(doc)
    textbox(p1, (72, 72, 520, 300), "Desserts of the house are made daily. Chocolate cake 4$", 11)
    p2 = add_page(doc)
    line(p2, 72, 130, "PIZZAS", 16)  # one text block with the lines under it
    line(p2, 72, 146, "Long fermentation, at least 72 hours.", 11)
    line(p2, 72, 159, "Margherita with tomato.", 11)
    d = load_pdf("menu.pdf", to_bytes(doc))
    t = texts(d)
    assert "Chocolate cake 4$" in t and "PIZZAS" in t, t
    assert find(d, "PIZZAS").anchor.page == 1


def test_a_line_in_capitals_after_an_unfinished_line_is_a_heading_of_its_own():
    # "Command Code BMFOL Entity Display" + the table's "LINE POSITION DESCRIPTION AND
    # VALIDITY" were one sentence in the IRS manual
    title = "Exhibit 2.3.59-12 (01-16-2020) Command Code BMFOL Entity Display of the Master File"
    data = build([[("line", 72, 90, title, 11),
                   ("line", 72, 125, "LINE POSITION DESCRIPTION AND VALIDITY", 11),
                   ("box", (72, 150, 520, 300), "The entity was established on the master file. " * 2, 11)]])
    t = texts(load_pdf("irs.pdf", data))
    assert title in t and "LINE POSITION DESCRIPTION AND VALIDITY" in t, t
    # but a sentence still runs on over a line break into a capitalised name
    data = build([[("box", (72, 90, 520, 300), "The notice was sent to the Internal Revenue Service on time. " * 2, 11)]])
    assert texts(load_pdf("ok.pdf", data))[0] == "The notice was sent to the Internal Revenue Service on time."


def test_an_appendix_heading_after_a_table_is_its_own_sentence():
    # S2ORC: a table's last row "PDFAlto error 0.21M" leaves a sentence open, and the
    # appendix heading "C The paper clustering problem" ran on into it
    data = build([[("line", 72, 90, "Filter Number of PDFs", 11),
                   ("line", 72, 104, "PyPDF2 error 0.54M", 11),
                   ("line", 72, 118, "PDFAlto error 0.21M", 11),
                   ("line", 72, 160, "C The paper clustering problem", 11),
                   ("box", (72, 180, 520, 300), "In academic fields the notion of a paper is ambiguous. " * 2, 11)]])
    t = texts(load_pdf("s2orc.pdf", data))
    assert "C The paper clustering problem" in t, t
    # a code table's rows led by letters ("F Y N FTD coupon...", IRS) and the pronoun are not
    from explorer.core.loaders.pdf_blocks import _appendix_letter

    assert _appendix_letter(["B", "PDF", "filters"]) and _appendix_letter(["C", "The"])
    assert not _appendix_letter(["F", "Y", "N"]) and not _appendix_letter(["I", "Think"])
    assert not _appendix_letter(["C", "is"]) and not _appendix_letter(["Cat"])


GIBBERISH = ["]üìÜüéê •ìê °ê£ë†£ûÜüéê †ë ∞†¶£", "èÜ•ÜáÜ§ê †°ê£Ü•î†ü§", "Æ†£óèÆîèê §†¶£éê †ë êØ°ê£•î§ê"]


def test_lines_a_broken_font_turned_to_gibberish_are_left_out_with_a_warning():
    # the IBM redbook's "Highlights" box: a font without a usable character map
    rows = [("box", (72, 90, 520, 200), "The centre helps clients modernise their databases. " * 3, 11)]
    rows += [("line", 72, 240 + 16 * i, g, 11) for i, g in enumerate(GIBBERISH)]
    rows += [("box", (72, 320, 520, 420), "Experts in DB2 for i share their skills with your team. " * 2, 11)]
    d = load_pdf("redbook.pdf", build([rows]))
    t = texts(d)
    assert t[0].startswith("The centre helps") and any("Experts in DB2" in s for s in t)
    assert not any("†" in s or "Æ" in s for s in t), t
    assert d.warnings == ["page 1: 3 lines in a font without a usable character map came out as gibberish "
                          "and were left out"]


def test_a_page_of_nothing_but_gibberish_is_not_called_a_page_without_text(tmp_path):
    data = build([[("box", (72, 90, 520, 200), "A readable first page of plain words. " * 3, 11)],
                  [("line", 72, 90 + 16 * i, g, 11) for i, g in enumerate(GIBBERISH)]])
    d = load_pdf("redbook.pdf", data, ocr=False)
    assert all(s.anchor.page == 0 for s in d.sentences)
    assert len(d.warnings) == 1 and d.warnings[0].startswith("page 2: 3 lines in a font"), d.warnings


def test_text_in_latin_languages_and_formulas_is_not_gibberish():
    from explorer.core.loaders.pdf_garbled import is_garbled

    for line in GIBBERISH + ["pêó∞ †ü aTe êØ°ê£• é†ü§¶ó•îüí2 §ñîóó§", "§ìÜ£"]:
        assert is_garbled(line), line
    for line in ["Les élèves à l'école étaient déçus", "Þjóðhátíðardagurinn", "őrült ügyvéd és öt fiú",
                 "Tiếng Việt là ngôn ngữ chính thức", "Größenordnung über 30 °C", "∀x ∈ A, ∃y ≤ ∞",
                 "£12 £15 £20", "• •", "Äö", "Ça, où à", "Ærø", "På ø", "¿Qué pasó?", "¡Sí!"]:
        assert not is_garbled(line), line


def test_a_page_of_nothing_but_gibberish_is_read_by_ocr_when_it_can_be(monkeypatch):
    calls = fake_ocr(monkeypatch, [(72, 90, 130, 102, "Highlights", 0, 0, 0), (132, 90, 170, 102, "here.", 0, 0, 1)])
    data = build([[("box", (72, 90, 520, 200), "A readable first page of plain words. " * 3, 11)],
                  [("line", 72, 90 + 16 * i, g, 11) for i, g in enumerate(GIBBERISH)]])
    d = load_pdf("redbook.pdf", data)
    assert calls == [1] and d.pages[1].ocr  # the readable page is not sent to OCR
    assert texts(d)[-1] == "Highlights here." and d.warnings == []


def test_a_brand_in_huge_type_at_the_foot_of_a_cover_is_not_the_title():
    # the IBM redbook's cover: its title in 43 pt near the top, "Redpaper" in 70 pt at the foot
    data = build([[("line", 36, 110, "Row and Column Access Control", 28),
                   ("box", (36, 200, 560, 400), "This paper shows how to protect data in DB2 for i. " * 3, 11),
                   ("line", 320, 760, "Redpaper", 64)]])
    assert load_pdf("redp.pdf", data).title == "Row and Column Access Control"
    # with nothing larger above it, a large line low on the page is still the title
    data = build([[("box", (36, 100, 560, 400), "This paper shows how to protect data in DB2 for i. " * 3, 11),
                   ("line", 72, 560, "A Title Set Low", 30)]])
    assert load_pdf("low.pdf", data).title == "A Title Set Low"


def test_a_first_line_in_a_script_without_case_or_spaces_can_be_the_title():
    # "第七章企业资信状况" (Chapter 7: credit standing) heads a Chinese report in its body's size
    data = build([[("line", 72, 110, "第七章企业资信状况", 11, "china-s"),
                   ("box", (72, 140, 520, 400), "发行人历史信用评级情况良好。" * 6, 11, "china-s")]])
    assert load_pdf("zh.pdf", data).title == "第七章企业资信状况"


def test_control_characters_from_symbol_fonts_never_reach_the_text(shared_data):
    # the UN survey's check boxes come out of its symbol font as U+0084 (MuPDF Explored's
    # bullets as U+0088); PyMuPDF cannot write such a font, so the real file is read
    from explorer.core.loaders import load_document

    d = load_document(shared_data / "pdfs" / "report_un_legal_aid_annex_p208.pdf", ocr=False)
    t = texts(d)
    assert "Yes, at the national (federal) level" in t, t[:10]
    assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for s in t for ch in s)
