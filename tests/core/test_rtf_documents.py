"""Rich Text files: a document with its outline levels as chapters, a transcript service's
.rtf as its transcript, the text with its escapes decoded."""
from __future__ import annotations

from explorer.core.loaders import load_document

HEAD = rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}{\stylesheet{\s1\outlinelevel0 heading 1;}}"


def _write(path, body: bytes) -> None:
    path.write_bytes(HEAD + body + b"}")


def test_an_rtf_report_has_its_title_and_outline_levels_as_chapters(tmp_path):
    body = (rb"{\info{\title Harbour Review 2026}{\author A. Clerk}}"
            rb"\pard\plain\s1\outlinelevel0\b\fs32 Tides\par"
            rb"\pard\plain The harbour\rquote s tides rise twice a day. The caf\'e9 opens at dawn.\par"
            rb"\pard\plain\s2\outlinelevel1\b Tide tables\par"
            rb"\pard\plain Tables are published weekly\u8212?on Mondays.\par"
            rb"\pard\plain\s1\outlinelevel0\b Moorings\par"
            rb"\pard\plain A mooring holds a boat.\par")
    path = tmp_path / "review.rtf"
    _write(path, body)
    doc = load_document(path)
    assert (doc.format, doc.title) == ("rtf", "Harbour Review 2026")
    assert [s.text for s in doc.sentences] == [
        "Tides", "The harbour\u2019s tides rise twice a day.", "The caf\u00e9 opens at dawn.", "Tide tables",
        "Tables are published weekly\u2014on Mondays.", "Moorings", "A mooring holds a boat."]
    assert [(c.level, c.title) for c in doc.reference_chapters] == [(1, "Tides"), (2, "Tide tables"), (1, "Moorings")]


def test_an_rtf_transcript_loads_as_its_transcript(tmp_path):
    body = (rb"\pard Jane Doe (00:00:01):\par\pard Welcome to the harbour podcast.\par"
            rb"\pard John Roe (00:00:09):\par\pard Thanks for having me.\par")
    path = tmp_path / "episode.rtf"
    _write(path, body)
    doc = load_document(path)
    assert doc.format == "rtf" and doc.duration is not None
    assert [(s.anchor.speaker, s.anchor.start, s.text) for s in doc.sentences] == [
        ("Jane Doe", 1.0, "Welcome to the harbour podcast."), ("John Roe", 9.0, "Thanks for having me.")]


def test_an_rtf_contract_without_outline_levels_gets_its_numbered_headings(tmp_path):
    clause = rb"\pard The parties agree to the terms below, which bind them from the day of signing.\par"
    body = rb"\pard SERVICES AGREEMENT\par" + b"".join(
        rb"\pard ARTICLE %d - %s\par" % (n, name) + clause + clause for n, name in ((1, b"FEES"), (2, b"TERM")))
    path = tmp_path / "contract.rtf"
    _write(path, body)
    doc = load_document(path)
    assert doc.title == "SERVICES AGREEMENT"
    assert [c.title for c in doc.reference_chapters] == ["ARTICLE 1 - FEES", "ARTICLE 2 - TERM"]


WORD_BODY = (rb"\pard\plain\s1\outlinelevel0\b Parties\par"
             rb"\pard\plain The landlord lets the flat to the tenant.{\cs15\super\chftn}"
             rb"{\footnote\pard\plain\s16{\cs15\super\chftn} The landlord is Acme Ltd.\par}\par"
             rb"\trowd\trgaph108\cellx3000\cellx6000"
             rb"\pard\plain\intbl Item\cell Amount\cell\pard\plain\intbl\row"
             rb"\trowd\trgaph108\cellx3000\cellx6000"
             rb"\pard\plain\intbl Rent{\cs15\super\chftn}{\footnote\pard\plain{\cs15\super\chftn} Paid monthly.}\cell"
             rb"\pard\plain\intbl 900\par\pard\plain\intbl euros\cell\pard\plain\intbl\row"
             rb"\pard\plain The term is one year.{\cs15\super\chftn}"
             rb"{\*\footnote\ftnalt\pard\plain{\cs15\super\chftn} Renewable once.}\par")


def test_rtf_footnotes_follow_their_paragraph_and_a_table_row_is_one_paragraph(tmp_path):
    """striprtf drops footnotes (a destination it skips) and writes each table cell as a line
    ending in "|": the landlord's name and the endnote were lost, and "Rent" and "900" were
    paragraphs of their own. A file that sets \\uc0 gets no stray "?" from the marks."""
    for uc in (b"", rb"\uc0"):
        path = tmp_path / "lease.rtf"
        _write(path, uc + WORD_BODY)
        doc = load_document(path)
        assert [s.text for s in doc.sentences] == [
            "Parties", "The landlord lets the flat to the tenant.", "1 The landlord is Acme Ltd.", "Item | Amount",
            "Rent | 900 euros", "2 Paid monthly.", "The term is one year.", "1 Renewable once."]
        assert [c.title for c in doc.reference_chapters] == ["Parties"]
