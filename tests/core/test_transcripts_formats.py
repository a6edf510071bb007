"""Each transcript format on small files written in tmp_path: what a reader would see."""

from __future__ import annotations

import json

import pytest

from explorer.core.loaders import load_document
from explorer.core.loaders.transcripts import load_transcript


def _load(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load_document(path)


def _texts(doc):
    return [s.text for s in doc.sentences]


def test_webvtt_voice_tags_entities_and_sentences_across_cues(tmp_path):
    doc = _load(
        tmp_path,
        "a.vtt",
        (
            "WEBVTT\nKind: captions\n\nNOTE a comment\nthat spans lines\n\n"
            "00:00:01.000 --> 00:00:03.000\n<v Sarah>Welcome to Q&amp;A, where you\n\n"
            "00:00:03.000 --> 00:00:05.000 align:start\n<v Sarah>learn things. Really &lt;useful&gt; things.\n\n"
            "00:00:05.500 --> 00:00:07.000\n<v.loud Gillian>Hi there.\n"
        ),
    )
    assert doc.format == "webvtt"
    assert _texts(doc) == ["Welcome to Q&A, where you learn things.", "Really <useful> things.", "Hi there."]
    first = doc.sentences[0].anchor
    assert (first.start, first.cues, first.speaker) == (1.0, (0, 1), "Sarah")
    assert 3.0 < first.end < 5.0  # ends inside the second cue
    assert doc.sentences[2].anchor.speaker == "Gillian"
    assert doc.speakers == ["Sarah", "Gillian"]
    assert doc.metadata["kind"] == "captions"


def test_teams_vtt_closed_voice_spans_and_guid_ids(tmp_path):
    doc = _load(
        tmp_path,
        "teams.vtt",
        (
            "WEBVTT\n\n3f1c2a9e-5b7d-4e21-9c8a-0d6b2f4e1a77/10-0\n00:00:00.000 --> 00:00:02.000\n"
            "<v Ann Lee>Morning all.</v>\n\n3f1c2a9e-5b7d-4e21-9c8a-0d6b2f4e1a77/11-0\n"
            "00:00:02.000 --> 00:00:04.000\n<v Bo Chen>Hi Ann.</v>\n"
        ),
    )
    assert [(c.speaker, c.text) for c in doc.cues] == [("Ann Lee", "Morning all."), ("Bo Chen", "Hi Ann.")]
    assert "3f1c2a9e" not in " ".join(_texts(doc))


def test_zoom_vtt_and_srt_speaker_prefix_carried_forward(tmp_path):
    zoom = _load(
        tmp_path,
        "z.vtt",
        (
            "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nAnn Lee: We start now.\n\n"
            "2\n00:00:02.000 --> 00:00:04.000\nBo: Fine.\n\n3\n00:00:04.000 --> 00:00:06.000\nAnn Lee: Good.\n"
        ),
    )
    assert [c.speaker for c in zoom.cues] == ["Ann Lee", "Bo", "Ann Lee"]
    assert zoom.cues[0].text == "We start now."
    srt = _load(
        tmp_path,
        "s.srt",
        (
            "1\n00:00:00,000 --> 00:00:02,000\nTravis: When you first get\nstarted, it is hard.\n\n"
            "2\n00:00:02,000 --> 00:00:04,000\nReally hard.\n\n"
            "3\n00:00:04,000 --> 00:00:06,000\nSarah: True.\n\n"
            "4\n00:00:06,000 --> 00:00:08,000\nVery true.\n\n"
            "5\n00:00:08,000 --> 00:00:09,000\nTravis: Bye.\n"
        ),
    )
    assert srt.format == "srt"
    assert [c.speaker for c in srt.cues] == ["Travis", "Travis", "Sarah", "Sarah", "Travis"]
    assert srt.sentences[0].text == "When you first get started, it is hard."


def test_lone_colon_prefix_is_not_a_speaker(tmp_path):
    doc = _load(
        tmp_path,
        "n.srt",
        (
            "1\n00:00:00,000 --> 00:00:02,000\nRemember: this is important.\n\n"
            "2\n00:00:02,000 --> 00:00:04,000\nAnd this too.\n\n3\n00:00:04,000 --> 00:00:05,000\nSo listen.\n"
        ),
    )
    assert doc.speakers == [] and doc.cues[0].text == "Remember: this is important."


def test_srt_with_formatting_tags_and_missing_blank_lines(tmp_path):
    doc = _load(
        tmp_path,
        "t.srt",
        (
            "1\n00:00:01,000 --> 00:00:02,000\n<i>Hello</i> {\\an8}there.\n"
            '2\n00:00:02,500 --> 00:00:03,000\n<font color="red">Bye.</font>\n'
        ),
    )
    assert [c.text for c in doc.cues] == ["Hello there.", "Bye."]


YOUTUBE_AUTO = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.000 align:start position:0%
 
so<00:00:00.400><c> today</c><00:00:00.800><c> we</c><00:00:01.200><c> talk</c>

00:00:02.000 --> 00:00:02.010 align:start position:0%
so today we talk
 

00:00:02.010 --> 00:00:04.000 align:start position:0%
so today we talk
about<00:00:02.500><c> rolling</c><00:00:03.000><c> captions</c>

00:00:04.000 --> 00:00:04.010 align:start position:0%
about rolling captions
 

00:00:04.010 --> 00:00:06.000 align:start position:0%
about rolling captions
and<00:00:04.600><c> why</c><00:00:05.200><c> they</c><00:00:05.600><c> repeat</c>
"""


def test_youtube_auto_captions_rolling_duplicates_removed(tmp_path):
    doc = _load(tmp_path, "auto.en.vtt", YOUTUBE_AUTO)
    assert [c.text for c in doc.cues] == ["so today we talk", "about rolling captions", "and why they repeat"]
    assert " ".join(_texts(doc)) == "so today we talk about rolling captions and why they repeat"
    assert doc.metadata.get("rolling_captions")
    assert doc.title == "auto"


def test_rolling_captions_without_word_times(tmp_path):
    cues = [
        "one two",
        "one two\nthree four",
        "three four\nfive six",
        "five six\nseven eight",
        "seven eight\nnine",
    ]
    body = "".join(f"{k + 1}\n00:00:0{k},000 --> 00:00:0{k + 1},000\n{t}\n\n" for k, t in enumerate(cues))
    doc = _load(tmp_path, "r.srt", body)
    assert " ".join(c.text for c in doc.cues) == "one two three four five six seven eight nine"


def test_long_unpunctuated_word_run_splits_at_the_longest_pause(tmp_path):
    words = []
    t = 0.0
    for k in range(50):
        if k == 22:
            t += 1.5 - 0.05  # one clear breath (below the run-break pause but the longest)
        if k == 37:
            t += 0.6
        words.append({"word": f"w{k}", "start": round(t, 3), "end": round(t + 0.3, 3), "speaker": "A"})
        t += 0.35
    data = {
        "segments": [
            {
                "start": 0.0,
                "end": t,
                "text": " ".join(w["word"] for w in words),
                "speaker": "A",
                "words": words,
            }
        ],
        "word_segments": words,
    }
    doc = _load(tmp_path, "x.json", json.dumps(data))
    assert doc.format == "whisperx-json"
    lengths = [len(s.text.split()) for s in doc.sentences]
    assert sum(lengths) == 50 and max(lengths) <= 30
    assert doc.sentences[1].text.startswith("w22")
    for s in doc.sentences:  # word-accurate times
        first = int(s.text.split()[0][1:])
        assert s.anchor.start == pytest.approx(words[first]["start"])


def test_unpunctuated_chinese_captions_make_sentences_of_a_few_captions(tmp_path):
    # Each caption is one space-free run: counted as one word, 30 of them made one "sentence".
    from explorer.core.language import count_words

    lines = ["今天我们来讨论天气预报", "明天可能会下雨", "气温也会降低", "大家出门记得带伞",
             "接下来我们聊聊足球比赛", "昨天的比赛非常精彩", "主队最后一分钟进球", "球迷们都很高兴"] * 15
    def stamp(s: int) -> str:
        return f"00:{s // 60:02d}:{s % 60:02d}"

    # captions 2.5 s long, 0.5 s apart: no pause long enough to end a sentence
    srt = "\n".join(f"{i + 1}\n{stamp(3 * i)},000 --> {stamp(3 * i + 2)},500\n{t}\n" for i, t in enumerate(lines))
    doc = _load(tmp_path, "zh.srt", srt)
    assert count_words("今天我们来讨论天气预报") == 7 and count_words("two words") == 2
    assert len(doc.sentences) >= 40  # 120 captions, about 8 words each, at most 30 words a sentence
    assert all(len(s.anchor.cues) <= 5 and count_words(s.text) <= 30 for s in doc.sentences)


def test_whisperx_words_without_times_borrow_neighbours(tmp_path):
    data = {
        "segments": [
            {
                "start": 1.0,
                "end": 4.0,
                "text": " It costs 20 dollars.",
                "speaker": "SPEAKER_00",
                "words": [
                    {"word": "It", "start": 1.0, "end": 1.2, "score": 0.9},
                    {"word": "costs", "start": 1.3, "end": 1.8, "score": 0.9},
                    {"word": "20"},
                    {"word": "dollars.", "start": 2.5, "end": 3.9, "score": 0.8},
                ],
            },
            {"start": 5.0, "end": 6.0, "text": " Yes.", "words": []},
        ]
    }
    doc = _load(tmp_path, "x.json", json.dumps(data))
    assert _texts(doc) == ["It costs 20 dollars.", "Yes."]
    assert doc.sentences[0].anchor.end == pytest.approx(3.9)
    assert doc.speakers == ["SPEAKER_00"] and doc.sentences[1].anchor.speaker == "SPEAKER_00"


def test_whisper_and_whisper_cpp_json(tmp_path):
    w = _load(
        tmp_path,
        "w.json",
        json.dumps(
            {
                "text": " Hi. Bye.",
                "language": "en",
                "segments": [
                    {"id": 0, "seek": 0, "start": 0.0, "end": 1.0, "text": " Hi.", "tokens": [1]},
                    {"id": 1, "seek": 0, "start": 1.0, "end": 2.0, "text": " Bye.", "tokens": [2]},
                ],
            }
        ),
    )
    assert (w.format, _texts(w), w.metadata["language"]) == ("whisper-json", ["Hi.", "Bye."], "en")
    cpp = _load(
        tmp_path,
        "c.json",
        json.dumps(
            {
                "result": {"language": "en"},
                "transcription": [
                    {
                        "timestamps": {"from": "00:00:00,000", "to": "00:00:02,500"},
                        "offsets": {"from": 0, "to": 2500},
                        "text": " First part.",
                    },
                    {"timestamps": {"from": "00:00:02,500", "to": "00:00:04,000"}, "text": " Second part."},
                ],
            }
        ),
    )
    assert cpp.format == "whisper.cpp-json"
    assert [(c.start, c.end) for c in cpp.cues] == [(0.0, 2.5), (2.5, 4.0)]


def test_youtube_json3_auto_caption_word_segments(tmp_path):
    data = {
        "wireMagic": "pb3",
        "events": [
            {"tStartMs": 0, "dDurationMs": 9000, "id": 1},
            {
                "tStartMs": 1000,
                "dDurationMs": 3000,
                "segs": [
                    {"utf8": "hello"},
                    {"utf8": " world", "tOffsetMs": 800},
                    {"utf8": " again", "tOffsetMs": 1600},
                ],
            },
            {"tStartMs": 3990, "dDurationMs": 10, "aAppend": 1, "segs": [{"utf8": "\n"}]},
            {"tStartMs": 4000, "dDurationMs": 2000, "segs": [{"utf8": "it&#39;s me"}]},
        ],
    }
    doc = _load(tmp_path, "v.json3", json.dumps(data))
    assert doc.format == "youtube-json3"
    assert [c.text for c in doc.cues] == ["hello world again", "it's me"]
    assert doc.sentences[0].anchor.start == 1.0


def test_timedtext_srv1_and_srv3(tmp_path):
    srv1 = _load(
        tmp_path,
        "a.xml",
        '<?xml version="1.0" encoding="utf-8" ?><transcript>'
        '<text start="0.5" dur="2">Tom &amp;amp; Jerry&#39;s show.</text><text start="2.5" dur="1.5">Next.</text>'
        "</transcript>",
    )
    assert [c.text for c in srv1.cues] == ["Tom & Jerry's show.", "Next."]
    assert srv1.duration == pytest.approx(4.0)
    srv3 = _load(
        tmp_path,
        "b.xml",
        '<timedtext format="3"><body><p t="1000" d="2000"><s>one</s><s t="500"> two</s>'
        '</p><p t="3000" d="1000">three</p></body></timedtext>',
    )
    assert [c.text for c in srv3.cues] == ["one two", "three"]
    assert srv3.cues[0].start == 1.0


def test_podcast_json_speaker_only_on_changes_and_word_segments(tmp_path):
    doc = _load(
        tmp_path,
        "p.json",
        json.dumps(
            {
                "version": "1.0.0",
                "segments": [
                    {"speaker": "Darth", "startTime": 0.5, "endTime": 0.75, "body": "I"},
                    {"startTime": 1, "endTime": 1.25, "body": "am"},
                    {"startTime": 1.5, "endTime": 2.0, "body": "father."},
                    {"speaker": "Luke", "startTime": 2.75, "endTime": 3.0, "body": "No."},
                ],
            }
        ),
    )
    assert _texts(doc) == ["I am father.", "No."]
    assert [s.anchor.speaker for s in doc.sentences] == ["Darth", "Luke"]
    assert doc.sentences[0].anchor.cues == (0, 1, 2)


def test_podcast_html(tmp_path):
    doc = _load(
        tmp_path,
        "t.html",
        "<cite>Kevin:</cite>\n<time>0:00</time>\n<p>\n  We have an update.\n</p>\n"
        "<cite>Alban :</cite>\n<time>0:09</time>\n<p>You&#39;re triggering Tom.</p>\n",
    )
    assert doc.format == "podcast-html"
    assert [(c.speaker, c.start, c.text) for c in doc.cues] == [
        ("Kevin", 0.0, "We have an update."),
        ("Alban", 9.0, "You're triggering Tom."),
    ]


@pytest.mark.parametrize(
    "fmt,body",
    [
        ("otter", "Ann Lee  0:00\nHello there. How are you?\n\nBo  0:05\nFine.\n\nAnn Lee  1:02:03\nGood.\n"),
        (
            "rev",
            "Ann Lee (00:00:00):\nHello there. How are you?\n\nBo (00:00:05):\nFine.\n\nAnn Lee (01:02:03):\nGood.\n",
        ),
        (
            "bracket",
            "[00:00:00] Ann Lee: Hello there. How are you?\n[00:00:05] Bo: Fine.\n[01:02:03] Ann Lee: Good.\n",
        ),
    ],
)
def test_text_exports_with_times_and_speakers(tmp_path, fmt, body):
    doc = _load(tmp_path, f"x.{fmt}.txt", body)
    assert doc.format == fmt
    assert [(c.speaker, c.start) for c in doc.cues] == [("Ann Lee", 0.0), ("Bo", 5.0), ("Ann Lee", 3723.0)]
    assert _texts(doc) == ["Hello there.", "How are you?", "Fine.", "Good."]
    assert doc.sentences[1].anchor.start > 0.0 and doc.sentences[1].anchor.end <= 5.0


def test_speaker_text_and_plain_have_no_times(tmp_path):
    meeting = _load(
        tmp_path,
        "m.txt",
        "Project Manager: Okay , fine . Shall we start ?\nMarketing: Yes .\n"
        "continued line\nProject Manager: Good .\n",
    )
    assert meeting.format == "speaker-text"
    assert meeting.speakers == ["Project Manager", "Marketing"]
    assert meeting.cues[1].text == "Yes. continued line"
    assert meeting.duration is None and all(s.anchor.start is None for s in meeting.sentences)
    plain = _load(tmp_path, "p.txt", "First paragraph. Two sentences.\n\nSecond one.\n")
    assert plain.format == "plain" and len(plain.cues) == 2 and _texts(plain)[-1] == "Second one."


def test_docx_otter_export(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Weekly sync", level=1)
    for name, ts, text in [("Ann Lee", "0:00", "Hello. Welcome."), ("Bo", "0:07", "Thanks.")]:
        document.add_paragraph().add_run(f"{name}  {ts}").bold = True
        document.add_paragraph(text)
    path = tmp_path / "sync.docx"
    document.save(path)
    doc = load_document(path)
    assert (doc.format, doc.title, doc.metadata["layout"]) == ("docx", "Weekly sync", "otter")
    assert [(c.speaker, c.start, c.text) for c in doc.cues] == [
        ("Ann Lee", 0.0, "Hello. Welcome."),
        ("Bo", 7.0, "Thanks."),
    ]


def test_ytdlp_markdown_dump_with_front_matter_chapters(tmp_path):
    chapters = [{"start_time": 0.0, "title": "Intro", "end_time": 5.0}, {"start_time": 5.0, "title": "Main"}]
    body = (
        '---\nvideo_id: abc\ntitle: "A talk"\nchapters_json: '
        + json.dumps(chapters)
        + "\n---\n\n## Transcript\n\n"
        "- [00:01] Welcome to the talk.\n- [00:05] Now the main part.\n- [00:09] The end.\n"
    )
    doc = _load(tmp_path, "talk.md", body)
    assert (doc.format, doc.title, len(doc.cues)) == ("bracket", "A talk", 3)
    assert [(c.title, c.start_sentence) for c in doc.reference_chapters] == [("Intro", 0), ("Main", 1)]


def test_normalized_cues_json_with_chapters(tmp_path):
    data = {
        "title": "T",
        "cues": [
            {"start": 0, "end": 2, "speaker": "A", "text": "One."},
            {"start": 2, "end": 4, "speaker": "B", "text": "Two."},
        ],
        "chapters": [{"start": 0.0, "title": "All"}, {"start": 2.0, "title": "Rest"}],
    }
    doc = _load(tmp_path, "n.json", json.dumps(data))
    assert doc.format == "cues-json" and doc.speakers == ["A", "B"]
    assert [c.start_sentence for c in doc.reference_chapters] == [0, 1]


def test_sniffing_ignores_the_extension(tmp_path):
    doc = _load(tmp_path, "really_srt.txt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n")
    assert doc.format == "srt"
    doc = load_transcript("whatever.pdf", b"WEBVTT\n\n00:01.000 --> 00:02.000\nShort timestamps.\n")
    assert doc.format == "webvtt" and doc.cues[0].start == 1.0


def test_progress_is_reported(tmp_path):
    seen = []
    load_transcript(
        "a.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", progress=lambda f, m: seen.append(f)
    )
    assert seen[0] == 0.0 and seen[-1] == 1.0


def test_long_transcript_loads_in_linear_time():
    """A three-hour, 12,000-cue caption file loads in seconds, not minutes."""
    import time

    parts = []
    for k in range(12000):
        t = k
        parts.append(
            f"{k + 1}\n{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d},000 --> "
            f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d},900\nWord after word number {k}"
            f"{'.' if k % 4 == 3 else ''}\n\n"
        )
    start = time.perf_counter()
    doc = load_transcript("long.srt", "".join(parts).encode())
    assert len(doc.cues) == 12000 and len(doc.sentences) == 3000
    assert time.perf_counter() - start < 10.0


def test_webvtt_cue_with_two_voices_is_split():
    doc = load_transcript(
        "d.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Ann>Are you there?</v>\n<v Bo>Yes, I am.</v>\n"
    )
    assert [(c.speaker, c.text) for c in doc.cues] == [("Ann", "Are you there?"), ("Bo", "Yes, I am.")]
    assert doc.cues[0].start == 0.0 and doc.cues[1].end == 4.0 and 0 < doc.cues[1].start < 4.0


def test_rolling_captions_keep_real_repetitions():
    body = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n\nno<00:00:00.500><c> no</c>\n\n"
        "00:00:01.000 --> 00:00:01.010\nno no\n\n"
        "00:00:01.010 --> 00:00:02.000\nno no\nno<00:00:01.500><c> no</c>\n"
    )
    doc = load_transcript("a.vtt", body.encode())
    assert [c.text for c in doc.cues] == ["no no", "no no"]


def test_sbv_youtube_studio_export():
    doc = load_transcript(
        "a.sbv", b"0:00:00.000,0:00:02.500\nHello there.\n\n0:00:02.500,0:00:04.000\nBye now.\n"
    )
    assert doc.format == "sbv"
    assert [(c.start, c.end, c.text) for c in doc.cues] == [
        (0.0, 2.5, "Hello there."),
        (2.5, 4.0, "Bye now."),
    ]


def test_ttml_dfxp_with_ticks_frames_and_agents():
    ttml = (
        '<?xml version="1.0"?><tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"'
        ' xmlns:ttm="http://www.w3.org/ns/ttml#metadata" ttp:tickRate="10000000" ttp:frameRate="25">'
        '<head><metadata><ttm:title>Harbour &amp; tides</ttm:title>'
        '<ttm:agent xml:id="a1" type="person"><ttm:name type="full">Ann Lee</ttm:name></ttm:agent>'
        "</metadata></head><body><div>"
        '<p begin="10000000t" end="25000000t" ttm:agent="a1">Hello<br/>world.</p>'
        '<p begin="00:00:03:00" dur="1.5s">Second &amp; last.</p>'
        '<p begin="bogus" end="00:00:09.000">Skipped.</p>'
        "</div></body></tt>"
    )
    doc = load_transcript("a.xml", ttml.encode())
    assert (doc.format, doc.title) == ("ttml", "Harbour & tides")  # the head's title, not the file name
    assert [(c.start, c.end, c.text, c.speaker) for c in doc.cues] == [
        (1.0, 2.5, "Hello world.", "Ann Lee"),
        (3.0, 4.5, "Second & last.", None),
    ]
    assert doc.warnings == ["1 cue with a malformed timestamp was skipped"]


def test_teams_docx_with_speaker_on_its_own_line(tmp_path):
    import docx

    document = docx.Document()
    for k, (who, text) in enumerate(
        [("Lee, Ann", "Morning."), ("Chen, Bo", "Hi Ann."), ("Lee, Ann", "Let us start.")]
    ):
        document.add_paragraph(f"0:0:{k * 4}.0 --> 0:0:{k * 4 + 3}.500")
        document.add_paragraph(who)
        document.add_paragraph(text)
        document.add_paragraph("")
    path = tmp_path / "meeting.docx"
    document.save(path)
    doc = load_document(path)
    assert (doc.format, doc.metadata["layout"]) == ("docx", "srt")
    assert [(c.speaker, c.start, c.text) for c in doc.cues] == [
        ("Lee, Ann", 0.0, "Morning."),
        ("Chen, Bo", 4.0, "Hi Ann."),
        ("Lee, Ann", 8.0, "Let us start."),
    ]


def test_zoom_lowercase_display_names():
    body = "WEBVTT\n\n" + "".join(
        f"{k + 1}\n00:00:0{k}.000 --> 00:00:0{k + 1}.000\n{who}: {text}\n\n"
        for k, (who, text) in enumerate(
            [("jane doe", "Hi."), ("bo", "Hello."), ("jane doe", "Start?"), ("bo", "Yes.")]
        )
    )
    doc = load_transcript("z.vtt", body.encode())
    assert doc.speakers == ["jane doe", "bo"] and doc.cues[0].text == "Hi."


def test_ytdlp_info_json_with_embedded_subtitles_attaches_its_chapters():
    vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nWelcome.\n\n00:01:00.000 --> 00:01:05.000\nPart two.\n"
    info = {
        "id": "abc",
        "title": "A video",
        "extractor": "youtube",
        "webpage_url": "https://www.youtube.com/watch?v=abc",
        "chapters": [{"start_time": 0.0, "title": "Intro"}, {"start_time": 60.0, "title": "Two"}],
        "requested_subtitles": {"en": {"ext": "vtt", "data": vtt}},
    }
    from explorer.core.loaders.transcripts import sniff_chapter_file

    assert sniff_chapter_file(json.dumps(info).encode()) is None  # routed as a transcript, not a chapter list
    doc = load_transcript("abc.info.json", json.dumps(info).encode())
    assert (doc.format, doc.title, doc.metadata["container"]) == ("webvtt", "A video", "yt-dlp info.json")
    assert [(c.title, c.start_sentence) for c in doc.reference_chapters] == [("Intro", 0), ("Two", 1)]


def test_unpunctuated_caption_lines_split_at_line_ends():
    lines = [" ".join(f"w{k}_{j}" for j in range(8)) for k in range(12)]  # 12 lines of 8 words, no pauses
    body = "".join(
        f"{k + 1}\n00:00:{k * 2:02d},000 --> 00:00:{k * 2 + 2:02d},000\n{t}\n\n" for k, t in enumerate(lines)
    )
    doc = load_transcript("u.srt", body.encode())
    assert all(len(s.text.split()) <= 30 for s in doc.sentences)
    assert all(len(s.text.split()) % 8 == 0 for s in doc.sentences)  # whole caption lines
    assert all(s.anchor.start == int(s.anchor.start) for s in doc.sentences)  # exact line times


def test_plain_paragraphs_and_headings_are_never_merged():
    doc = load_transcript(
        "p.txt", b"Introduction\n\nwelcome everyone to the show\n\nPart two\n\nmore text here.\n"
    )
    assert _texts(doc) == ["Introduction", "welcome everyone to the show", "Part two", "more text here."]


def test_whisperx_segment_without_speaker_uses_its_words():
    data = {
        "segments": [
            {"start": 0.0, "end": 1.0, "text": "Hi.", "speaker": "SPEAKER_00", "words": []},
            {
                "start": 1.0,
                "end": 2.0,
                "text": "Yo.",
                "words": [{"word": "Yo.", "start": 1.0, "end": 1.5, "score": 0.9, "speaker": "SPEAKER_01"}],
            },
        ],
        "word_segments": [],
    }
    doc = load_transcript("x.json", json.dumps(data).encode())
    assert [c.speaker for c in doc.cues] == ["SPEAKER_00", "SPEAKER_01"]


def test_corpus_annotations_are_not_text(tmp_path):
    """AMI/QMSum markup such as {disfmarker} or {vocalsound} never reaches the reader or the chapters."""
    from explorer.core.loaders import load_document

    path = tmp_path / "meeting.txt"
    path.write_text("Alice: So we {disfmarker} we need a plan .\nBob: {vocalsound}\nBob: Right , the plan .\n"
                    "Alice: Okay {gap} good .\n", encoding="utf-8")
    doc = load_document(path)
    assert [c.text for c in doc.cues] == ["So we we need a plan.", "Right, the plan.", "Okay good."]
    assert not any("{" in s.text for s in doc.sentences)


def test_tokenised_punctuation_reads_as_written(tmp_path):
    """Corpus transcripts put a space before every mark ("Okay , fine ."); the reader shows
    "Okay, fine." while a decimal such as ".5" keeps its space."""
    from explorer.core.loaders import load_document

    path = tmp_path / "meeting.txt"
    path.write_text("Alice: Okay , that's fine . Am I up there ?\nBob: It costs .5 euros , right ?\n",
                    encoding="utf-8")
    doc = load_document(path)
    assert [c.text for c in doc.cues] == ["Okay, that's fine. Am I up there?", "It costs .5 euros, right?"]
    assert [s.text for s in doc.sentences] == ["Okay, that's fine.", "Am I up there?", "It costs .5 euros, right?"]
