"""Transcripts from research tools (ELAN, Praat, CHAT) and styled subtitles (ASS/SSA, SAMI)
load with their times, speakers and clean text; a malformed one says why."""
from __future__ import annotations

import pytest

from explorer.core.errors import LoadError
from explorer.core.loaders import load_document

EAF = """<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2020-01-01T00:00:00" FORMAT="3.0" VERSION="3.0">
<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>
<TIME_ORDER>
<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="600"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="4160"/>
<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="8320"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="12000"/>
<TIME_SLOT TIME_SLOT_ID="ts5"/>
</TIME_ORDER>
<TIER LINGUISTIC_TYPE_REF="utt" PARTICIPANT="Interviewer" TIER_ID="A">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
<ANNOTATION_VALUE>How did the harvest go this year?</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">
<ANNOTATION_VALUE>And the prices?</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a9" TIME_SLOT_REF1="ts4" TIME_SLOT_REF2="ts5">
<ANNOTATION_VALUE>Unaligned.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
</TIER>
<TIER LINGUISTIC_TYPE_REF="utt" TIER_ID="Farmer">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3">
<ANNOTATION_VALUE>Better than last year, the rain came early.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
</TIER>
<TIER LINGUISTIC_TYPE_REF="translation" PARENT_REF="Farmer" TIER_ID="Farmer-en">
<ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a5" ANNOTATION_REF="a2">
<ANNOTATION_VALUE>A gloss that is not the transcript.</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
</TIER>
</ANNOTATION_DOCUMENT>
"""

TEXTGRID_SHORT = '''File type = "ooTextFile"
Object class = "TextGrid"

0
9
<exists>
2
"IntervalTier"
"Ann"
0
9
3
0
3
"So we start with the budget."
3
5
""
5
9
"It moves to ""May"" now."
"IntervalTier"
"phones"
0
9
1
0
9
"s o"
'''

ALIGNER_GRID = '''File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0
xmax = 2
tiers? <exists>
size = 2
item []:
    item [1]:
        class = "IntervalTier"
        name = "words"
        xmin = 0
        xmax = 2
        intervals: size = 3
        intervals [1]:
            xmin = 0
            xmax = 0.5
            text = "hello"
        intervals [2]:
            xmin = 0.5
            xmax = 0.9
            text = "sil"
        intervals [3]:
            xmin = 0.9
            xmax = 2
            text = "world"
    item [2]:
        class = "IntervalTier"
        name = "phones"
        xmin = 0
        xmax = 2
        intervals: size = 1
        intervals [1]:
            xmin = 0
            xmax = 2
            text = "HH AH L OW"
'''

CHAT = ("@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Ross Target_Child, FAT Brian Father\n"
        "@ID:\teng|MacWhinney|CHI|2;06.14|male|||Target_Child|||\n"
        "*FAT:\twhat did you do [/] do today ? \x15123_2456\x15\n"
        "%mor:\tpro:int|what v|do&PAST pro|you\n"
        "\tn|today ?\n"
        "*CHI:\t&-um I went to the park with &=laughs mommy +... \x152500_5000\x15\n"
        "*FAT:\tyou went to the <park> [//] playground (.) with\n"
        "\tmommy ? \x155100_7000\x15\n"
        "@End\n")

ASS = ("[Script Info]\nTitle: Board meeting\nScriptType: v4.00+\n\n[V4+ Styles]\n"
       "Format: Name, Fontname, Fontsize\nStyle: Default,Arial,20\n\n[Events]\n"
       "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
       "Dialogue: 0,0:00:00.60,0:00:04.16,Default,Alice,0,0,0,,Hello and welcome.\n"
       "Comment: 0,0:00:01.00,0:00:02.00,Default,Alice,0,0,0,,a note for the typesetter\n"
       "Dialogue: 0,0:00:04.16,0:00:08.32,Default,Bob,0,0,0,,{\\i1}Today{\\i0} we talk about water\\Nand the sea.\n"
       "Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100 0 100{\\p0}\n")

SAMI = ("<SAMI><HEAD><TITLE>Lecture</TITLE></HEAD><BODY>\n"
        "<SYNC Start=1000><P Class=KRCC>First we look at the river.\n"
        "<SYNC Start=4000><P Class=KRCC>Then at the sea.\n"
        "<SYNC Start=7000><P Class=KRCC>&nbsp;\n</BODY></SAMI>\n")


def _load(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return load_document(path)


def _lines(doc):
    return [(round(s.anchor.start, 2), s.anchor.speaker, s.text) for s in doc.sentences]


def test_elan_independent_tiers_are_speakers(tmp_path):
    doc = _load(tmp_path, "interview.eaf", EAF)
    assert doc.format == "eaf"
    assert _lines(doc) == [
        (0.6, "Interviewer", "How did the harvest go this year?"),
        (4.16, "Farmer", "Better than last year, the rain came early."),
        (8.32, "Interviewer", "And the prices?"),
    ]
    with pytest.raises(LoadError, match="not well-formed"):
        _load(tmp_path, "bad.eaf", EAF[:400])


def test_elan_declaration_naming_another_or_unknown_encoding(tmp_path):
    # Found by the fuzz test: encoding="TF-8" made expat raise LookupError.
    misnamed = _load(tmp_path, "typo.eaf", EAF.replace('encoding="UTF-8"', 'encoding="TF-8"', 1))
    assert [s.text for s in misnamed.sentences][0] == "How did the harvest go this year?"
    latin = tmp_path / "latin.eaf"
    latin.write_bytes(EAF.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"', 1)
                      .replace("prices?", "récolte?").encode("latin-1"))
    assert load_document(latin).sentences[-1].text == "And the récolte?"


def test_praat_textgrid_short_format_and_an_aligners_grid(tmp_path):
    doc = _load(tmp_path, "talk.TextGrid", TEXTGRID_SHORT)
    assert doc.format == "textgrid" and doc.duration == 9
    assert _lines(doc) == [(0.0, "Ann", "So we start with the budget."), (5.0, "Ann", 'It moves to "May" now.')]
    words = _load(tmp_path, "aligned.TextGrid", ALIGNER_GRID)
    assert " ".join(s.text for s in words.sentences).lower().startswith("hello world")
    assert all(s.anchor.speaker is None for s in words.sentences)
    with pytest.raises(LoadError, match="TextGrid could not be read"):
        _load(tmp_path, "broken.TextGrid", ALIGNER_GRID[:260])


def test_chat_transcript_reads_as_said_with_names_and_times(tmp_path):
    doc = _load(tmp_path, "ross.cha", CHAT)
    assert doc.format == "chat"
    assert [(c.start, c.end, c.speaker, c.text) for c in doc.cues] == [
        (0.123, 2.456, "Brian", "What did you do do today?"),
        (2.5, 5.0, "Ross", "Um I went to the park with mommy"),
        (5.1, 7.0, "Brian", "You went to the park playground with mommy?"),
    ]


def test_ass_and_sami_subtitles(tmp_path):
    doc = _load(tmp_path, "meeting.ass", ASS)
    assert doc.format == "ass" and doc.title == "Board meeting"
    assert [(c.start, c.speaker, c.text) for c in doc.cues] == [
        (0.6, "Alice", "Hello and welcome."),
        (4.16, "Bob", "Today we talk about water and the sea."),
    ]
    sami = _load(tmp_path, "lecture.smi", SAMI)
    assert sami.format == "sami"
    assert [(c.start, c.text) for c in sami.cues] == [(1.0, "First we look at the river."), (4.0, "Then at the sea.")]


def test_a_long_chat_file_with_a_time_bullet_on_every_line_is_text(tmp_path):
    """Each bullet is two NAK control bytes: a file of short lines has more than 2% of them."""
    lines = ["@UTF8", "@Begin", "@Participants:\tCHI Ross Target_Child, MOT Mary Mother"]
    lines += [f"*{'CHI' if i % 2 else 'MOT'}:\tball . \x15{i * 1000}_{i * 1000 + 900}\x15" for i in range(80)]
    doc = _load(tmp_path, "short.cha", "\n".join(lines + ["@End"]) + "\n")
    assert doc.format == "chat" and len(doc.cues) == 80 and doc.cues[-1].start == 79.0
    assert {c.speaker for c in doc.cues} == {"Ross", "Mary"}
