"""Finding a transcript's recording, remembering a chosen one, and timing into it."""
from __future__ import annotations

import pytest

from explorer.core.media import MediaIndex, Timeline, find_media, media_for


def _touch(folder, *names):  # noqa: ANN001, ANN202
    for n in names:
        (folder / n).write_bytes(b"x")


def test_the_recording_beside_a_transcript_is_found_by_name(tmp_path):
    _touch(tmp_path, "talk.vtt", "talk.mp3", "talk.mp4", "other.wav")
    assert find_media(tmp_path / "talk.vtt") == tmp_path / "talk.mp3"  # audio before video
    _touch(tmp_path, "lecture.en.srt", "lecture.MP4")  # language tag, upper-case suffix
    assert find_media(tmp_path / "lecture.en.srt") == tmp_path / "lecture.MP4"
    _touch(tmp_path, "meeting.whisper.json", "meeting.en.m4a", "meeting.opus")
    assert find_media(tmp_path / "meeting.whisper.json") == tmp_path / "meeting.opus"
    _touch(tmp_path, "notes.txt")
    assert find_media(tmp_path / "notes.txt") is None
    assert find_media(tmp_path / "gone" / "x.vtt") is None


def test_a_chosen_recording_is_remembered_for_the_transcript(tmp_path):
    _touch(tmp_path, "talk.vtt", "talk.mp3", "field-recording.wav")
    index = MediaIndex(tmp_path / "media.index")
    assert media_for(str(tmp_path / "talk.vtt"), index) == tmp_path / "talk.mp3"
    index.set(str(tmp_path / "talk.vtt"), str(tmp_path / "field-recording.wav"))
    assert media_for(str(tmp_path / "talk.vtt"), MediaIndex(tmp_path / "media.index")) == tmp_path / "field-recording.wav"
    (tmp_path / "field-recording.wav").unlink()  # chosen, then deleted: the one beside it again
    assert media_for(str(tmp_path / "talk.vtt"), index) == tmp_path / "talk.mp3"
    index.set(str(tmp_path / "talk.vtt"), "")
    assert index.get(str(tmp_path / "talk.vtt")) == ""


def test_the_sentence_spoken_at_a_time():
    timeline = Timeline([0.0, 2.5, None, 6.0, 6.0, 9.0])
    assert timeline.sentence_at(-1.0) == -1
    assert [timeline.sentence_at(t) for t in (0.0, 2.4, 2.5, 5.9, 6.0, 8.0, 60.0)] == [0, 0, 1, 1, 4, 4, 5]
    assert not Timeline([None, None])


def test_a_recording_finds_its_transcript(tmp_path):
    from explorer.core.media import find_transcript

    _touch(tmp_path, "talk.mp3", "talk.chapters.json", "talk.en.srt", "talk.vtt", "talk.txt", "other.vtt")
    assert find_transcript(tmp_path / "talk.mp3") == tmp_path / "talk.vtt"  # the closest name, then the format
    (tmp_path / "talk.vtt").unlink()
    assert find_transcript(tmp_path / "talk.mp3") == tmp_path / "talk.txt"
    (tmp_path / "talk.txt").unlink()
    assert find_transcript(tmp_path / "talk.mp3") == tmp_path / "talk.en.srt"  # never the chapter list
    _touch(tmp_path, "lone.wav")
    assert find_transcript(tmp_path / "lone.wav") is None


def test_a_transcript_numbered_from_a_timecode_hour_is_read_from_that_hour():
    from explorer.core.media import timecode_offset

    assert timecode_offset(3604.0, 1200.0) == 3600.0  # 01:00:04 in a 20-minute recording
    assert timecode_offset(36005.0, 600.0) == 36000.0  # a 10:00:00:00 start
    assert timecode_offset(3604.0, 7200.0) == 0.0  # a two-hour recording: the times fit as they are
    assert timecode_offset(12.0, 600.0) == 0.0 and timecode_offset(None, 600.0) == 0.0
    assert timecode_offset(3604.0, 0.0) == 0.0  # the length is not known yet
    assert timecode_offset(5400.0, 600.0) == 0.0  # 1:30:00 into a 10-minute recording: no whole-hour reading fits
    assert Timeline([None, 3604.0, 3610.0]).first == 3604.0


def test_a_line_up_is_remembered_per_transcript(tmp_path):
    from explorer.core.media import LineUp, LineUpIndex

    index = LineUpIndex(tmp_path / "lineup.index")
    talk = str(tmp_path / "talk.vtt")
    assert index.line_up(talk) is None
    index.set_line_up(talk, LineUp.through([(10.0, 12.5)]))
    assert LineUpIndex(tmp_path / "lineup.index").line_up(talk).offset == -2.5
    index.set_line_up(talk, None)
    assert index.line_up(talk) is None
    index.put(talk, "-2.5")  # as session 15 wrote a line-up: an offset alone
    assert index.line_up(talk).offset == -2.5 and index.line_up(talk).rate == 1.0



def test_a_line_up_at_two_rows_measures_the_drift():
    from explorer.core.media import MIN_SPAN, LineUp

    one = LineUp().with_point(30.0, 28.0)  # row at 0:30 heard at 0:28
    assert one.offset == 2.0 and one.rate == 1.0 and one.to_recording(90.0) == 88.0
    later = 28.0 + 600.0 / 1.05  # ten minutes of transcript later, 9:31.4 of recording later
    two = one.with_point(630.0, later)  # the transcript's clock runs 5 % fast
    assert two.rate == pytest.approx(1.05) and two.drift == pytest.approx(0.05)
    assert two.to_recording(30.0) == pytest.approx(28.0) and two.to_recording(630.0) == pytest.approx(later)
    assert two.to_transcript(two.to_recording(300.0)) == pytest.approx(300.0)
    again = two.with_point(640.0, later + 9.0)  # near the second point: a correction of it, not a third
    assert len(again.points) == 2 and again.points[0] == (30.0, 28.0)
    near = LineUp().with_point(30.0, 28.0).with_point(30.0 + MIN_SPAN / 2, 50.0)  # too close: replaces
    assert near.points == ((30.0 + MIN_SPAN / 2, 50.0),) and near.rate == 1.0
    odd = one.with_point(630.0, 100.0)  # a rate no recording has: the newer point alone
    assert odd.rate == 1.0 and odd.points == ((630.0, 100.0),)
    back = LineUp.decode(two.encode())  # kept to the millisecond
    assert back.rate == pytest.approx(two.rate, rel=1e-5) and back.offset == pytest.approx(two.offset, abs=1e-2)
    assert LineUp.decode("") is None and LineUp.decode("x@y") is None
