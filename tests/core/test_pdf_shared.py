"""PDF loader on the shared corpus: sentence counts against counts made by hand.

The reference counts were made by reading each page's text and counting every
prose sentence, heading, caption, footnote sentence and running header or footer
line as one unit (page numbers excluded); a sentence belongs to the page where it
starts. The loader must stay within 10% of them.
"""
from __future__ import annotations

import pytest

from explorer.core.loaders import load_document

MANUAL = [
    # (file, page index or None for the whole document, hand count)
    ("synthetic_picture_classification.pdf", None, 36),  # docling sample, 2 pages, figures and captions
    ("paper2col_dpr_arxiv2004.04906.pdf", 1, 32),  # two-column paper page with footnotes and a formula
    ("legal_federal_register_2020-17221.pdf", 1, 46),  # three-column Federal Register page, 9 footnotes
]


@pytest.mark.parametrize("name, page, expected", MANUAL)
def test_sentence_count_close_to_a_hand_count(shared_data, name, page, expected):
    doc = load_document(shared_data / "pdfs" / name)
    got = len(doc.sentences) if page is None else sum(1 for s in doc.sentences if s.anchor.page == page)
    assert abs(got - expected) <= 0.1 * expected, f"{name}: {got} sentences, counted {expected} by hand"


def test_three_column_sentence_runs_over_the_column_break(shared_data):
    doc = load_document(shared_data / "pdfs" / "legal_federal_register_2020-17221.pdf")
    texts = [s.text for s in doc.sentences]
    # "...airspeed disagree alert, and" | next column | "altitude disagree alert,5 and may affect..."
    joined = [t for t in texts if t.startswith("These effects include stall warning activation")]
    assert joined and joined[0].endswith("continued safe flight and landing.")
    # footnotes of the page are not glued into the body text
    assert any(t.startswith("9 An AOA disagree alert") for t in texts)


def test_two_column_paper_keeps_footnotes_out_of_sentences(shared_data):
    doc = load_document(shared_data / "pdfs" / "paper2col_s2orc_acl2020.pdf")
    texts = [s.text for s in doc.sentences]
    assert any(t.startswith("Digital archives like arXiv,2 PubMed Central,3") for t in texts)
    assert "1 Introduction" in texts
    assert doc.title == "S2ORC: The Semantic Scholar Open Research Corpus"


def test_korean_lines_run_on_and_chinese_headings_stay_apart(shared_data):
    # Hangul and Han have no lower case: a full line without final punctuation runs on
    ko = [s.text for s in load_document(shared_data / "pdfs" / "nonen_ko_insurance_report_4p.pdf").sentences]
    assert any(t.startswith("증-19(COVID-19") and t.endswith("158명으로 나타났다.") for t in ko), ko[:5]
    # ... while a short line without it is a heading, not the start of a paragraph
    zh = [s.text for s in load_document(shared_data / "pdfs" / "nonen_zh_tables.pdf").sentences]
    assert "第七章企业资信状况" in zh and "一、发行人历史信用评级情况" in zh
