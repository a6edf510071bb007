"""Copied text reads as a quote with its source: times and speakers, paragraphs and pages."""
from __future__ import annotations

from explorer.core.model import Anchor, Document, Page, Rect, Sentence
from explorer.core.quotes import clock, quote, quote_hit, quote_hits, quote_rows


def _talk():
    said = [("Ann", 5.0, "We start with the budget."), ("Ann", 9.0, "It moves to May."),
            ("Bob", 3725.0, "Agreed."), ("Ann", 3730.0, "Then the hiring plan."), (None, 3740.0, "Applause.")]
    sents = [Sentence(i, t, Anchor(start=s, end=s + 3, speaker=w)) for i, (w, s, t) in enumerate(said)]
    return Document(id="t", path="t.vtt", kind="transcript", format="webvtt", title="Board meeting", sentences=sents)


def test_a_transcript_quote_has_one_line_per_turn_with_time_and_speaker():
    doc = _talk()
    assert quote(doc, 0, 4) == (
        "[0:05] Ann: We start with the budget. It moves to May.\n"
        "[1:02:05] Bob: Agreed.\n"
        "[1:02:10] Ann: Then the hiring plan.\n"
        "— Board meeting"
    )
    assert quote(doc, 4, 5, source=False) == "[1:02:20] Applause."
    # a selection with a gap says so, and names the source once
    assert quote_rows(doc, [3, 0]) == "[0:05] Ann: We start with the budget.\n[…]\n[1:02:10] Ann: Then the hiring plan.\n— Board meeting"
    assert quote_rows(doc, [99]) == "" and clock(None) == "" and clock(61.9) == "1:01"


def test_a_pdf_quote_keeps_paragraphs_and_cites_printed_pages():
    def s(i, page, y, text):
        return Sentence(i, text, Anchor(page=page, rects=(Rect(50, y, 400, y + 12),)))

    sents = [s(0, 0, 100, "First line of a paragraph."), s(1, 0, 113, "Same paragraph."),
             s(2, 0, 150, "A new paragraph after a gap."), s(3, 1, 60, "On the next page.")]
    pages = [Page(0, 600, 800, "iv"), Page(1, 600, 800, "v")]
    doc = Document(id="p", path="p.pdf", kind="pdf", format="pdf", title="Annual report", sentences=sents, pages=pages)
    assert quote(doc, 0, 4) == (
        "First line of a paragraph. Same paragraph.\n\nA new paragraph after a gap.\n\nOn the next page.\n\n"
        "— Annual report, pp. iv–v"
    )
    assert quote(doc, 1, 2) == "Same paragraph.\n\n— Annual report, p. iv"


def test_a_search_hit_quotes_itself_with_its_source():
    from explorer.core.model import Hit

    pdf_hit = Hit("d", "Annual report", "Risks", 3, 5, "Costs  rose\nsharply.", "", 0.9,
                  Anchor(page=11), "pdf", section_title="Energy", page_label="12")
    assert quote_hit(pdf_hit) == "“Costs rose sharply.”\n— Annual report, Risks, Energy, p. 12"
    talk_hit = Hit("t", "Board meeting", "Budget", 0, 2, "It moves to May.", "", 0.8,
                   Anchor(start=3725.0, end=3730.0, speaker="Ann"), "transcript")
    assert quote_hit(talk_hit) == "[1:02:05] Ann: It moves to May.\n— Board meeting, Budget"
    assert quote_hits([pdf_hit, talk_hit]).count("\n\n") == 1
