"""Transcripts kept as CSV or TSV tables (Sonix, Happy Scribe, Premiere Pro, Trint,
spreadsheets): times, speakers and text come from the named columns."""
from __future__ import annotations

import pytest

from explorer.core.loaders.transcripts import load_transcript


def _cues(doc):  # noqa: ANN001, ANN202
    return [(c.start, c.end, c.speaker, c.text) for c in doc.cues]


def test_csv_with_quoted_text_times_and_speakers():
    csv = (
        "Speaker,Start Time,End Time,Transcript\n"
        'Alice,00:00:01.000,00:00:04.000,"Welcome to the show, everyone."\n'
        "Bob,00:00:04.500,00:00:08.000,Thanks Alice. Today we talk about rivers.\n"
        'Alice,00:00:08.500,00:00:12.000,"She said ""rivers"" twice."\n'
    )
    doc = load_transcript("talk.csv", csv.encode())
    assert doc.format == "csv"
    assert _cues(doc) == [
        (1.0, 4.0, "Alice", "Welcome to the show, everyone."),
        (4.5, 8.0, "Bob", "Thanks Alice. Today we talk about rivers."),
        (8.5, 12.0, "Alice", 'She said "rivers" twice.'),
    ]
    assert doc.duration == 12.0
    assert [s.anchor.speaker for s in doc.sentences] == ["Alice", "Bob", "Bob", "Alice"]


def test_premiere_tsv_with_frame_timecodes_in_utf16():
    tsv = (
        "Speaker Name\tStart Time\tEnd Time\tText\n"
        "Host\t00;00;01;15\t00;00;03;00\tGood evening.\n"
        "Guest\t00;01;02;00\t00;01;05;15\tThank you for having me.\n"
    )
    doc = load_transcript("interview.txt", "\ufeff".encode("utf-16-le") + tsv.encode("utf-16-le"))
    assert doc.format == "tsv"
    assert _cues(doc) == [(1.5, 3.0, "Host", "Good evening."), (62.0, 65.5, "Guest", "Thank you for having me.")]


def test_milliseconds_durations_and_unquoted_commas_in_the_last_column():
    doc = load_transcript("a.csv", b"start_ms,end_ms,text\n0,2500,Hello there.\n2500,4000,Yes, and bye now.\n")
    assert _cues(doc) == [(0.0, 2.5, None, "Hello there."), (2.5, 4.0, None, "Yes, and bye now.")]
    doc = load_transcript("b.csv", b"Start,Duration,Text\n10,2.5,One.\n13,1,Two.\n")
    assert [(c.start, c.end) for c in doc.cues] == [(10.0, 12.5), (13.0, 14.0)]


def test_start_times_only_get_ends_and_name_prefixes_become_speakers():
    doc = load_transcript("c.csv", b"Timestamp,Text\n0:05,Ann: We begin.\n0:09,Bo: We end here.\n")
    assert [(c.start, c.speaker, c.text) for c in doc.cues] == [(5.0, "Ann", "We begin."), (9.0, "Bo", "We end here.")]
    assert 5.0 < doc.cues[0].end <= 9.0 and doc.cues[1].end > 9.0


def test_speaker_and_text_without_times_read_untimed():
    doc = load_transcript("minutes.csv", b"Participant;Utterance\nChair;Let us start.\nMember;Agreed.\n")
    assert doc.metadata["timed"] == "no"
    assert [(c.speaker, c.text) for c in doc.cues] == [("Chair", "Let us start."), ("Member", "Agreed.")]


def test_a_row_with_a_broken_time_keeps_its_text_in_place():
    doc = load_transcript("d.csv", b"Start,End,Text\n00:00:01,00:00:02,First.\nsoon,00:00:05,Second.\n"
                                   b"00:00:06,00:00:07,Third.\n")
    assert [(c.start, c.text) for c in doc.cues] == [(1.0, "First."), (2.0, "Second."), (6.0, "Third.")]
    assert any("could not be read" in w for w in doc.warnings)


@pytest.mark.parametrize("text", [
    b"Well, this is plain text, with commas, in its first line.\nAnd a second line.\n",
    b"Title,Start\nIntro,0:00\nMain part,1:30\n",  # a chapter list as a table: no text column
    b"0:00:00.000,0:00:02.500\nHello.\n\n0:00:02.500,0:00:04.000\nBye.\n",  # SBV
])
def test_other_files_with_commas_are_not_read_as_tables(text):
    from explorer.core.errors import LoadError

    try:
        doc = load_transcript("x.txt", text)
    except LoadError:
        return  # refused as something else (a chapter list) is fine too
    assert doc.format not in ("csv", "tsv")


def test_a_data_table_named_csv_is_refused_with_a_reason():
    from explorer.core.errors import UnsupportedFormat

    with pytest.raises(UnsupportedFormat, match="needs a text column"):
        load_transcript("prices.csv", b"item,price\nwidget,2.50\ngadget,3.75\n")
