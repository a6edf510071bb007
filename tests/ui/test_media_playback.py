"""Playing a transcript's recording beside its text (Qt Multimedia, no audio device needed)."""
from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import write_vtt


def _wav(path: Path, seconds: float = 8.0) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"".join(struct.pack("<h", int(3000 * math.sin(i / 3))) for i in range(int(8000 * seconds))))
    return path


def open_doc(qtbot, window, path):  # noqa: ANN001, ANN201 - reading only: no analysis
    with qtbot.waitSignal(window.document_opened, timeout=30000) as blocker:
        window.open_path(str(path))
    return blocker.args[0]


@pytest.fixture(autouse=True)
def _needs_playback():
    from explorer.ui.views.media_bar import playback_unavailable

    why = playback_unavailable()
    if why:
        pytest.skip(why)


def _long_talk(tmp_path: Path) -> Path:
    """30 one-second rows, each wrapping over lines (more than a window shows), and their recording."""
    texts = [f"<v Ann>Paragraph {i} about the harbour, its ships, its market and its long history of storms, "
             f"told slowly so that the line wraps more than once in the window." for i in range(30)]
    _wav(tmp_path / "long.wav", seconds=32)
    return write_vtt(tmp_path / "long.vtt", texts, step=1)


TEXTS = ["<v Ann>The harbour opened in spring.", "<v Bob>Ships came from the north.",
         "<v Ann>The fish market grew.", "<v Bob>Then the storm took the pier."]


def test_a_recording_beside_the_transcript_plays_from_a_row_and_marks_it(qtbot, window, tmp_path):
    talk = write_vtt(tmp_path / "harbour.vtt", TEXTS, step=2)
    _wav(tmp_path / "harbour.wav")
    open_doc(qtbot, window, talk)
    media = window.media
    assert media.bar.isVisible() and media.bar.name_label.text() == "harbour.wav"
    qtbot.waitUntil(lambda: media.bar.slider.maximum() >= 7900, timeout=10000)  # duration known
    model = window.transcript_view.transcript_model
    window.transcript_view.sentence_activated.emit(2)  # a double-click on the third row
    qtbot.waitUntil(lambda: media.bar.playing, timeout=5000)
    assert media.bar.position >= 3.9  # row 2 starts at 4 s
    qtbot.waitUntil(lambda: model.playing == 3, timeout=6000)  # the recording moves on to row 3 at 6 s
    window.transcript_view.setFocus()
    qtbot.keyClick(window.transcript_view, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)  # Play > Pause
    qtbot.waitUntil(lambda: not media.bar.playing, timeout=5000)
    assert media.play_pause_action.text() == "&Play"


@pytest.mark.qt_log_ignore("Could not open media")  # Qt's own warning for the broken file, expected here
def test_a_chosen_recording_is_remembered_and_a_bad_one_is_said(qtbot, workers, tmp_path):
    from explorer.ui.main_window import MainWindow

    talk = write_vtt(tmp_path / "interview.vtt", TEXTS, step=2)
    win = MainWindow(workers, analyse=False)
    qtbot.addWidget(win)
    win.show()
    open_doc(qtbot, win, talk)
    assert not win.media.bar.isVisible()
    win.media.play_here()  # nothing beside it: the reader is told how to choose one
    assert "No recording found beside interview.vtt" in win.message_bar.text
    assert win.message_bar.action_text == "Choose Recording…"
    elsewhere = tmp_path / "audio"
    elsewhere.mkdir()
    assert win.media.use_recording(str(_wav(elsewhere / "take-2.wav")))
    assert win.media.bar.isVisible() and win.media.forget_action.isEnabled()
    win.close_document()
    assert not win.media.bar.isVisible()
    open_doc(qtbot, win, talk)  # opened again: the chosen recording is back
    assert win.media.bar.isVisible() and win.media.bar.name_label.text() == "take-2.wav"

    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"this is not audio" * 100)
    win.media.use_recording(str(broken))
    qtbot.waitUntil(lambda: "cannot be played" in win.message_bar.text, timeout=10000)
    assert not win.media.bar.isVisible()
    win.close()


def test_a_search_hit_moves_the_paused_recording_to_it(qtbot, window, tmp_path):
    from explorer.core.model import Anchor, Hit

    talk = write_vtt(tmp_path / "harbour.vtt", TEXTS, step=2)
    _wav(tmp_path / "harbour.wav")
    open_doc(qtbot, window, talk)
    qtbot.waitUntil(lambda: window.media.bar.slider.maximum() > 0, timeout=10000)
    hit = Hit(doc_id=window.session.doc_id, doc_title="", chapter_title="", start=3, end=4, text=TEXTS[3],
              snippet="", score=1.0, anchor=Anchor(start=6.0, end=8.0), kind="transcript", path=str(talk))
    window.hit_shown.emit(hit)
    qtbot.waitUntil(lambda: abs(window.media.bar.position - 6.0) < 0.3, timeout=5000)
    assert not window.media.bar.playing


def test_the_view_follows_the_recording_until_the_reader_scrolls_away(qtbot, window, tmp_path):
    open_doc(qtbot, window, _long_talk(tmp_path))
    view = window.transcript_view
    qtbot.waitUntil(lambda: window.media.bar.slider.maximum() > 0, timeout=10000)
    visible = view.visible_rows()
    assert 3 < len(visible) < 25
    last = visible[-1]
    window.media.play_from_row(last)  # the last row in view: the next ones are below it
    qtbot.waitUntil(lambda: view.transcript_model.playing >= last + 2, timeout=8000)
    assert view.transcript_model.playing in view.visible_rows()  # followed
    view.scroll_to_sentence(0)  # the reader goes back to read the start
    playing = view.transcript_model.playing
    qtbot.waitUntil(lambda: view.transcript_model.playing >= playing + 2, timeout=8000)
    assert view.top_row() == 0  # not pulled back
    window.media.bar.pause()


def test_opening_a_recording_opens_its_transcript_with_it(qtbot, window, tmp_path):
    talk = write_vtt(tmp_path / "harbour.vtt", TEXTS, step=2)
    recording = _wav(tmp_path / "harbour.wav")
    with qtbot.waitSignal(window.document_opened, timeout=30000):
        window.open_path(str(recording))
    assert window.session.path == str(talk)
    assert window.media.bar.isVisible() and window.media.bar.name_label.text() == "harbour.wav"
    lone = _wav(tmp_path / "other-talk.wav")
    window.open_path(str(lone))  # no transcript of its own: it plays beside the open one, and says so
    assert window.media.bar.name_label.text() == "other-talk.wav"
    assert "other-talk.wav plays beside harbour.vtt" in window.message_bar.text
    window.close_document()
    window.open_path(str(lone))
    assert "none is in its folder" in window.message_bar.text and window.session is None


def test_the_first_play_starts_where_the_reader_is(qtbot, window, tmp_path):
    open_doc(qtbot, window, _long_talk(tmp_path))
    qtbot.waitUntil(lambda: window.media.bar.slider.maximum() > 0, timeout=10000)
    window.transcript_view.scroll_to_sentence(12)  # where the document reopened, or the reader scrolled to
    qtbot.waitUntil(lambda: window.transcript_view.top_row() == 12, timeout=3000)
    window.media.bar.play_button.click()
    qtbot.waitUntil(lambda: window.media.bar.playing, timeout=5000)
    assert window.media.bar.position >= 11.9
    window.media.bar.play_button.click()  # pause, then play again: on from where it paused
    qtbot.waitUntil(lambda: not window.media.bar.playing, timeout=5000)
    paused = window.media.bar.position
    window.transcript_view.verticalScrollBar().setValue(0)  # the reader scrolls back to the start to look
    window.media.bar.play_button.click()
    qtbot.waitUntil(lambda: window.media.bar.playing, timeout=5000)
    assert window.media.bar.position >= paused - 0.1
    window.media.bar.pause()


def _video(qtbot, path: Path, frames: int = 40) -> Path:
    """A small MPEG-4 video written by Qt Multimedia itself (4 s at 10 frames a second)."""
    from PySide6.QtCore import QSize, QUrl
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtMultimedia import QMediaCaptureSession, QMediaFormat, QMediaRecorder, QVideoFrame, QVideoFrameInput

    session, source, recorder = QMediaCaptureSession(), QVideoFrameInput(), QMediaRecorder()
    session.setVideoFrameInput(source)
    session.setRecorder(recorder)
    fmt = QMediaFormat(QMediaFormat.FileFormat.MPEG4)
    fmt.setVideoCodec(QMediaFormat.VideoCodec.MPEG4)
    recorder.setMediaFormat(fmt)
    recorder.setVideoResolution(QSize(64, 48))
    recorder.setVideoFrameRate(10)
    recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
    sent = [0]

    def push() -> None:
        if sent[0] >= frames:
            recorder.stop()
            return
        image = QImage(64, 48, QImage.Format.Format_RGB32)
        image.fill(QColor(5 * sent[0], 90, 200))
        frame = QVideoFrame(image)
        frame.setStartTime(sent[0] * 100_000)
        frame.setEndTime((sent[0] + 1) * 100_000)
        if source.sendVideoFrame(frame):
            sent[0] += 1

    source.readyToSendVideoFrame.connect(push)
    recorder.record()
    push()
    qtbot.waitUntil(lambda: recorder.recorderState() == QMediaRecorder.RecorderState.StoppedState and sent[0] >= frames,
                    timeout=20000)
    if not path.is_file() or path.stat().st_size == 0:
        pytest.skip("Qt Multimedia cannot write a video here")
    return path


@pytest.mark.qt_log_ignore("No HW decoder found", "No RHI backend", "Invalid frameRate",
                         "This plugin does not support")  # (offscreen: a full-screen video is a window)
def test_a_video_recording_shows_its_pictures_in_the_video_panel(qtbot, window, tmp_path):
    talk = write_vtt(tmp_path / "lecture.vtt", TEXTS, step=1)
    _video(qtbot, tmp_path / "lecture.mp4")
    open_doc(qtbot, window, talk)
    media = window.media
    qtbot.waitUntil(lambda: media.video_dock is not None and media.video_dock.isVisible(), timeout=10000)
    assert media.bar.name_label.text() == "lecture.mp4" and media.bar.has_video
    media.play_from_row(1)
    qtbot.waitUntil(lambda: media.bar.position >= 1.5, timeout=5000)
    media.bar.pause()
    # full screen: a double-click or F11; there, Space plays and pauses, Right skips, Esc leaves
    video = media.video_dock.widget()
    assert media.full_screen_action.isEnabled()
    QTest.mouseDClick(video, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(video.isFullScreen, timeout=3000)
    at = media.bar.position
    QTest.keyClick(video, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: media.bar.position >= min(at + 4.5, 3.5), timeout=3000)  # (the video is 4 s)
    QTest.keyClick(video, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not video.isFullScreen(), timeout=3000)
    media.full_screen_action.trigger()
    qtbot.waitUntil(video.isFullScreen, timeout=3000)
    window.close_document()  # the recording goes: so does the full-screen video
    qtbot.waitUntil(lambda: not media.video_dock.isVisible() and not video.isFullScreen(), timeout=5000)
    assert not media.full_screen_action.isEnabled()


def test_the_playback_speed_is_kept_for_the_next_run(qtbot, workers, tmp_path):
    from PySide6.QtCore import QSettings

    from explorer.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(workers, settings=settings, analyse=False)
    qtbot.addWidget(win)
    win.media.bar.speed.setCurrentIndex(win.media.bar.speed.findData(1.5))
    win.close()
    again = MainWindow(workers, settings=settings, analyse=False)
    qtbot.addWidget(again)
    assert again.media.bar.speed.currentData() == 1.5
    talk = write_vtt(tmp_path / "harbour.vtt", TEXTS, step=2)
    _wav(tmp_path / "harbour.wav")
    again.show()
    open_doc(qtbot, again, talk)
    assert again.media.bar.player.playbackRate() == 1.5
    again.close()


def test_the_recordings_place_is_marked_on_the_score_curve(qtbot, explorer, tmp_path):
    from tests.ui.conftest import open_doc as open_and_analyse

    texts = [f"<v Ann>Sentence {i} about the harbour and its ships." for i in range(12)]
    talk = write_vtt(tmp_path / "harbour.vtt", texts, step=1)
    _wav(tmp_path / "harbour.wav", seconds=14)
    open_and_analyse(qtbot, explorer, talk)
    # (the panel is built in a turn of its own after the document opens)
    qtbot.waitUntil(lambda: getattr(explorer.plot_panel, "plot", None) is not None, timeout=20000)
    panel = explorer.plot_panel
    assert not panel._playhead.isVisible()  # nothing played yet
    qtbot.waitUntil(lambda: explorer.media.bar.slider.maximum() > 0, timeout=10000)
    explorer.media.play_from_row(6)
    qtbot.waitUntil(lambda: panel.playhead_row >= 6 and panel._playhead.isVisible(), timeout=5000)
    explorer.media.bar.pause()
    row = panel.playhead_row
    x = panel.plot.scores.x_to_px(float(panel.plot.xs[row])) / panel.view.ratio
    assert abs(panel._playhead.geometry().center().x() - x) <= 2
    explorer.close_document()
    assert not panel._playhead.isVisible() and panel.playhead_row == -1


def test_going_to_a_place_takes_the_paused_recording_there(qtbot, window, tmp_path):
    texts = [f"<v Ann>Sentence {i} about the harbour and its ships." for i in range(12)]
    talk = write_vtt(tmp_path / "harbour.vtt", texts, step=1)
    _wav(tmp_path / "harbour.wav", seconds=14)
    open_doc(qtbot, window, talk)
    qtbot.waitUntil(lambda: window.media.bar.slider.maximum() > 0, timeout=10000)
    assert window.go_to_text("0:08")  # Go > Go to Time…
    qtbot.waitUntil(lambda: abs(window.media.bar.position - 8.0) < 0.3, timeout=5000)
    assert window.transcript_view.transcript_model.playing == 8 and not window.media.bar.playing
    window.media.toggle()  # Play: from there
    qtbot.waitUntil(lambda: window.media.bar.playing, timeout=5000)
    assert window.media.bar.position >= 7.9
    window.go_to_text("0:02")  # while playing, going elsewhere does not stop or move it
    assert window.media.bar.playing and window.media.bar.position >= 7.9
    window.media.bar.pause()


def test_a_transcript_with_a_timecode_start_plays_each_line_where_it_is_said(qtbot, window, tmp_path):
    """An editing tool's export numbers the programme from 01:00:00:00; its recording starts at 0."""
    cues = "\n".join(f"01:00:{2 * i:02d}.000 --> 01:00:{2 * i + 1:02d}.500\n{text}\n" for i, text in enumerate(TEXTS))
    talk = tmp_path / "programme.vtt"
    talk.write_text("WEBVTT\n\n" + cues, encoding="utf-8")
    _wav(tmp_path / "programme.wav", seconds=10)
    open_doc(qtbot, window, talk)
    qtbot.waitUntil(lambda: window.media.line_up.offset == 3600.0, timeout=10000)
    assert "read from 1:00:00" in window.message_bar.text
    window.media.play_from_row(2)  # said at 01:00:04: 4 s into the recording
    qtbot.waitUntil(lambda: window.media.bar.playing, timeout=5000)
    assert 3.9 <= window.media.bar.position < 6.0
    qtbot.waitUntil(lambda: window.transcript_view.transcript_model.playing == 3, timeout=5000)
    window.media.bar.pause()


def test_a_recording_trimmed_at_its_start_is_lined_up_by_hand_and_stays_so(qtbot, workers, tmp_path):
    """The recording starts 3 s into the talk the transcript times: the reader hears row 3
    begin, lines the recording up with it, and every row then plays where it is said."""
    from PySide6.QtCore import QItemSelectionModel

    from explorer.ui.main_window import MainWindow

    talk = write_vtt(tmp_path / "trimmed.vtt", TEXTS + ["<v Ann>The end of the story."], step=2)
    _wav(tmp_path / "trimmed.wav", seconds=12)
    win = MainWindow(workers, analyse=False)
    qtbot.addWidget(win)
    win.show()
    open_doc(qtbot, win, talk)
    media = win.media
    qtbot.waitUntil(lambda: media.bar.slider.maximum() > 0, timeout=10000)
    assert not media.forget_action.isEnabled()
    media.bar.seek(3.0)  # where row 3 (said at 6 s) begins in this recording
    qtbot.waitUntil(lambda: abs(media.bar.position - 3.0) < 0.2, timeout=5000)
    view = win.transcript_view
    view.selectionModel().select(view.transcript_model.index(3), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    media.line_up_action.trigger()
    assert media.line_up.offset == pytest.approx(3.0, abs=0.2)
    assert "Lined up" in win.message_bar.text and "s earlier in the recording" in win.message_bar.text
    media.play_from_row(4)  # said at 8 s in the transcript: 5 s into this recording
    qtbot.waitUntil(lambda: media.bar.playing, timeout=5000)
    assert 4.7 <= media.bar.position < 6.5
    media.bar.pause()
    win.close_document()
    open_doc(qtbot, win, talk)  # opened again: still lined up
    qtbot.waitUntil(lambda: media.bar.slider.maximum() > 0, timeout=10000)
    assert media.line_up.offset == pytest.approx(3.0, abs=0.2) and media.forget_action.isEnabled()
    media.forget_action.trigger()
    qtbot.waitUntil(lambda: media.bar.slider.maximum() > 0, timeout=10000)
    assert media.line_up.offset == 0.0
    win.close()


def test_a_drifting_recording_lined_up_at_two_rows_plays_every_row_where_it_is_said(qtbot, workers, tmp_path):
    """A recording whose clock runs 5 % slower than its transcript's (re-encoded at another
    frame rate): lined up at two rows far apart, the rows between play where they are said."""
    from PySide6.QtCore import QItemSelectionModel

    from explorer.ui.main_window import MainWindow

    talk = write_vtt(tmp_path / "drift.vtt", [f"<v Ann>Part {i} of the long story." for i in range(4)], step=30)
    _wav(tmp_path / "drift.wav", seconds=90)
    win = MainWindow(workers, analyse=False)
    qtbot.addWidget(win)
    win.show()
    open_doc(qtbot, win, talk)
    media, view = win.media, win.transcript_view
    qtbot.waitUntil(lambda: media.bar.slider.maximum() > 0, timeout=10000)

    def line_up(row: int, at: float) -> None:
        media.bar.seek(at)
        qtbot.waitUntil(lambda: abs(media.bar.position - at) < 0.1, timeout=5000)
        view.selectionModel().select(view.transcript_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        media.line_up_action.trigger()

    line_up(1, 30 / 1.05)  # row 1, said at 0:30, is at 0:28.6 of the recording
    assert len(media.line_up.points) == 1 and "line it up again at a row far from this one" in win.message_bar.text
    line_up(3, 90 / 1.05)  # row 3, said at 1:30, is at 1:25.7
    assert media.line_up.rate == pytest.approx(1.05, abs=0.01)
    assert "runs 5.0" in win.message_bar.text and "faster" in win.message_bar.text
    media.play_from_row(2)  # said at 1:00: at 0:57.1 of the recording (one offset alone would say 0:58.6)
    qtbot.waitUntil(lambda: media.bar.playing, timeout=5000)
    assert 56.9 <= media.bar.position < 57.9
    media.bar.pause()
    win.close_document()
    open_doc(qtbot, win, talk)  # both points are remembered
    qtbot.waitUntil(lambda: media.bar.slider.maximum() > 0, timeout=10000)
    assert media.line_up.rate == pytest.approx(1.05, abs=0.01)
    win.close()
