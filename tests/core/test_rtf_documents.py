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
