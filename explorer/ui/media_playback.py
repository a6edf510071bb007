"""Listening to a transcript's recording beside its text (the Play menu and the player bar).

When a timed transcript opens, its recording is looked for beside it
(:func:`explorer.core.media.media_for`): ``talk.vtt`` plays ``talk.mp3``. The reader can
also choose one (Play > Choose Recording…), remembered for that transcript. Then:

* double-click (or Enter on) a row, or Play > Play from Here, plays from that row's time;
* the row being spoken is marked, and the view follows it while the reader keeps it in
  view (scrolling away to read elsewhere is not undone by the next sentence);
* a search hit or a Find match landed on, with the player paused, moves the player
  there, so Play starts at what was found.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMenu

from explorer.core.errors import StrataError
from explorer.core.file_versions import source_path
from explorer.core.media import (MEDIA_SUFFIXES, LineUp, LineUpIndex, MediaIndex, Timeline, find_transcript,
                                 media_for, timecode_offset)
from explorer.ui.views.media_bar import MediaBar, playback_unavailable

log = logging.getLogger(__name__)


class MediaPlayback(QObject):
    def __init__(self, window) -> None:  # noqa: ANN001 - MainWindow
        super().__init__(window)
        self.window = window
        self.session: Any = None
        self.timeline = Timeline([])
        self.bar = MediaBar()
        self.bar.hide()
        self.bar.play_handler = self.toggle
        self._fresh = False  # loaded and not yet played or moved: Play starts where the reader is
        window.centralWidget().layout().addWidget(self.bar)
        self._build_actions()
        # transcript time = rate * recording time + offset (a timecode start: offset 1:00:00)
        self.line_up = LineUp()
        self.bar.position_changed.connect(lambda seconds: self._on_position(self.line_up.to_transcript(seconds)))
        self.bar.duration_known.connect(self._on_duration_known)
        self.bar.failed.connect(self._on_failed)
        # play and pause change only the action's text: the remembered choices are read when they change
        self.bar.playing_changed.connect(
            lambda playing: self.play_pause_action.setText("&Pause" if playing else "&Play"))
        self.bar.has_video_changed.connect(self._on_has_video)
        self.video_dock: Any = None  # created for the first video: QtMultimediaWidgets loads only then
        window.session_changed.connect(self._on_session_changed)
        # a double-click plays where there is a recording, and says nothing where there is none
        window.transcript_view.sentence_activated.connect(lambda row: self.bar.loaded and self.play_from_row(row))
        window.hit_shown.connect(self._on_hit_shown)
        window.transcript_view.jumped.connect(self._on_jumped)
        self._update_actions()

    # --- actions -----------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: Optional[str] = None, checkable: bool = False) -> QAction:  # noqa: ANN001
        from explorer.ui.actions import make_action

        return make_action(self.window, text, lambda *_a: slot(), shortcut, self.menu, checkable=checkable)

    def _build_actions(self) -> None:
        w = self.window
        self.menu = QMenu("&Play", w)
        self.play_pause_action = self._action("&Play / Pause", self.toggle, "Ctrl+Space")
        self.play_here_action = self._action("Play from &Here", self.play_here, "Ctrl+Shift+Space")
        self.back_action = self._action("&Back 5 Seconds", lambda: self.bar.skip(-5.0), "Alt+Shift+Left")
        self.forward_action = self._action("&Forward 5 Seconds", lambda: self.bar.skip(5.0), "Alt+Shift+Right")
        self.full_screen_action = self._action("Video Full &Screen", self.toggle_video_full_screen, "F11")
        self.full_screen_action.setToolTip("The video fills the screen; Esc or a double-click brings it back")
        self.full_screen_action.setEnabled(False)
        self.menu.addSeparator()
        self.follow_action = self._action("F&ollow the Recording", self._on_follow_toggled, checkable=True)
        self.follow_action.setToolTip("Keep the sentence being spoken in view while it is in view")
        settings = getattr(w, "settings", None)
        follow = settings.value("media/follow", True) if settings is not None else True
        self.follow_action.setChecked(str(follow).lower() in ("true", "1"))
        # the reader's speed is kept: who listens at 1.5x does so for every recording
        speed = self.bar.speed.findData(float(settings.value("media/speed", 1.0))) if settings is not None else -1
        if speed >= 0:
            self.bar.speed.setCurrentIndex(speed)
        if settings is not None:
            self.bar.speed.currentIndexChanged.connect(
                lambda _i: settings.setValue("media/speed", float(self.bar.speed.currentData())))
        self.menu.addSeparator()
        self.line_up_action = self._action("&Line Up the Recording with This Row", self.line_up_here)
        self.line_up_action.setToolTip("The recording is now where the selected row begins: every row plays "
                                       "that much earlier or later (a recording trimmed at its start)")
        self.menu.addSeparator()
        self.choose_action = self._action("&Choose Recording…", self.ask_recording)
        self.forget_action = self._action("&Forget Chosen Recording and Line-up", self.forget_recording)
        from explorer.ui.actions import add_menu_before_help

        add_menu_before_help(w, self.menu)

    def _timed(self) -> bool:
        return self.session is not None and not self.session.is_pdf and bool(self.timeline)

    def _update_actions(self) -> None:
        timed, loaded = self._timed(), self.bar.loaded
        for act in (self.play_pause_action, self.back_action, self.forward_action, self.line_up_action):
            act.setEnabled(loaded)
        self.play_here_action.setEnabled(timed)  # without a recording, it says how to choose one
        self.choose_action.setEnabled(timed)
        chosen = timed and (bool(MediaIndex().get(self.session.path))
                            or LineUpIndex().line_up(self.session.path) is not None)
        self.forget_action.setEnabled(chosen)
        self.play_pause_action.setText("&Pause" if self.bar.playing else "&Play")

    def _on_follow_toggled(self) -> None:
        settings = getattr(self.window, "settings", None)
        if settings is not None:
            settings.setValue("media/follow", self.follow_action.isChecked())

    # --- the document ------------------------------------------------------------------------
    def _on_session_changed(self, session) -> None:  # noqa: ANN001 - DocumentSession or None
        previous = self.session
        self.session = session
        self.timeline = Timeline([s.anchor.start for s in session.document.sentences]
                                 if session is not None and not session.is_pdf else [])
        media = media_for(session.path) if self._timed() else None
        same = (media is not None and previous is not None and previous.path == session.path
                and self.bar.path == media)
        if same:  # the transcript was reloaded: the recording plays on where it was
            self._on_position(self.line_up.to_transcript(self.bar.position))
        else:
            self.line_up = self._lined_up() or LineUp()
            self.bar.unload()
            self._on_position(-1.0)  # no recording's place in this document (yet)
            if media is not None and self.bar.load(media):
                self.bar.show()
                self._fresh = True
            else:
                self.bar.hide()
        self._update_actions()

    # --- playing ------------------------------------------------------------------------------
    def toggle(self) -> None:
        """Play or pause. The first Play after opening starts at the row the reader is at
        (the place the document reopened at), not at the recording's start."""
        fresh, self._fresh = self._fresh, False
        row = self.window.transcript_view.top_row()
        if fresh and self.bar.loaded and not self.bar.playing and row > 0:
            self.play_from_row(row)
            return
        self.bar.toggle()

    def play_from_row(self, row: int) -> None:
        """Play from transcript row ``row`` (double-click, Enter, Play from Here)."""
        s = self.session
        if s is None or s.is_pdf or not (0 <= row < len(s.document.sentences)):
            return
        start = s.document.sentences[row].anchor.start
        if not self.bar.loaded:
            if self._timed():
                self._say_no_recording()
            return
        if start is None:
            self.window.message_bar.show_message("This sentence has no time in the transcript.", level="info",
                                                 details=False)
            return
        self._fresh = False
        self._on_position(start)
        self.bar.play_from(self.line_up.to_recording(start))

    def add_menu_actions(self, menu: QMenu, row: int) -> None:
        """"Play from here" in a transcript row's context menu (when it is timed)."""
        if self._timed() and 0 <= row < len(self.session.document.sentences):
            act = menu.addAction("Play from here")
            act.setShortcut(QKeySequence("Ctrl+Shift+Space"))
            act.triggered.connect(lambda _c=False, r=row: self.play_from_row(r))
            menu.addSeparator()

    def play_here(self) -> None:
        view = self.window.transcript_view
        row = view.picked_row()
        self.play_from_row(max(0, row if row >= 0 else view.top_row()))

    def _on_position(self, seconds: float) -> None:
        view = self.window.transcript_view
        model = view.transcript_model
        row = self.timeline.sentence_at(seconds)
        panel = getattr(self.window, "plot_panel", None)
        if panel is not None and panel.playhead_row != row:
            panel.set_playhead(row)
        before = model.playing
        if row == before:
            return
        model.set_playing(row)
        if row < 0 or not self.follow_action.isChecked() or not self.bar.playing:
            return
        # follow while the reader watches the recording's place: a reader who scrolled away
        # to read elsewhere is not pulled back by the next sentence
        if before < 0 or before in view.visible_rows():
            view.scrollTo(model.index(row), QAbstractItemView.ScrollHint.EnsureVisible)

    def _lined_up(self) -> Optional[LineUp]:
        return LineUpIndex().line_up(self.session.path) if self._timed() else None

    def line_up_here(self) -> None:
        """Play > Line Up the Recording with This Row: the recording's present position is
        where the selected (or current) row begins; remembered for this transcript."""
        row = self.window.transcript_view.picked_row()
        s = self.session
        start = s.document.sentences[row].anchor.start if self._timed() and 0 <= row < len(s.document.sentences) else None
        if start is None or not self.bar.loaded:
            self.window.message_bar.show_message("Select the row being heard, then line the recording up with it.",
                                                 level="info", details=False)
            return
        from explorer.ui.models.transcript_model import format_time

        earlier = self.line_up  # the remembered line-up, or one with no hand-set points
        self.line_up = earlier.with_point(start, self.bar.position)
        LineUpIndex().set_line_up(s.path, self.line_up)
        self._on_position(self.line_up.to_transcript(self.bar.position))
        self._update_actions()
        where = f"{format_time(self.bar.position)} of {self.bar.path.name} is {format_time(start)} of the transcript"
        undo = "(Play > Forget Chosen Recording and Line-up undoes it)"
        if len(self.line_up.points) == 2:
            (t1, _r1), (t2, _r2) = self.line_up.points
            pace = f"{abs(self.line_up.drift) * 100:.2f} % {'faster' if self.line_up.drift > 0 else 'slower'}"
            message = (f"Lined up at two rows ({format_time(min(t1, t2))} and {format_time(max(t1, t2))}): "
                       f"{where}, and the transcript's clock runs {pace} than the recording's, so every row "
                       f"plays where it is said {undo}.")
        elif len(earlier.points) == 2 and len(self.line_up.points) == 1:
            message = (f"Lined up: {where}. With the row lined up before, this recording would have to run at "
                       f"another speed than any real one, so only this row counts now {undo}.")
        else:
            # recording position = transcript time - offset: a positive offset plays each row earlier
            offset = self.line_up.offset
            shift = f"{abs(offset):.1f} s {'earlier' if offset > 0 else 'later'}"
            message = (f"Lined up: {where}, so every row plays {shift} in the recording than its time says. "
                       f"If the recording drifts later on, line it up again at a row far from this one {undo}.")
        self.window.message_bar.show_message(message, level="info", details=False)

    def _on_duration_known(self, duration: float) -> None:
        """A transcript numbered from a timecode start (its first line at 1:00:04 of a 20-minute
        recording) is played from that hour, and the reader is told. A line-up by hand wins."""
        if self._lined_up() is not None:
            return
        offset = timecode_offset(self.timeline.first, duration) if self._timed() else 0.0
        if offset == self.line_up.offset:
            return
        self.line_up = LineUp(offset)
        if offset:
            from explorer.ui.models.transcript_model import format_time

            self.window.message_bar.show_message(
                f"This transcript's times start at {format_time(self.timeline.first)}, after the end of "
                f"{self.bar.path.name if self.bar.path else 'the recording'}: they are read from "
                f"{format_time(offset)} (a timecode start), so each line plays where it is said.",
                level="info", details=False)

    def _on_has_video(self, has_video: bool) -> None:
        """A video recording shows its pictures in the Video panel (the speaker, the slides)."""
        if has_video and self.video_dock is None:
            from PySide6.QtMultimediaWidgets import QVideoWidget
            from PySide6.QtWidgets import QDockWidget

            dock = QDockWidget("Video", self.window)
            dock.setObjectName("videoDock")
            video = QVideoWidget()
            video.setMinimumSize(160, 90)
            video.setToolTip("Double-click for full screen (Esc leaves it)")
            self._video_keys = _FullScreenVideoKeys(self)
            video.installEventFilter(self._video_keys)
            dock.setWidget(video)
            self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.video_dock = dock
        if self.video_dock is None:
            return
        if has_video:
            self.bar.set_video_output(self._video)
            self.video_dock.show()
            self.video_dock.raise_()
        else:
            self.set_video_full_screen(False)
            self.video_dock.hide()
        self.full_screen_action.setEnabled(has_video)

    @property
    def _video(self) -> Any:
        """The Video panel's QVideoWidget (None before the first video)."""
        return self.video_dock.widget() if self.video_dock is not None else None

    def set_video_full_screen(self, on: bool) -> None:
        """The video fills the screen (on) or goes back into its panel."""
        video = self._video
        if video is None or video.isFullScreen() == on or (on and not self.bar.has_video):
            return
        video.setFullScreen(on)
        if not on:  # back in the panel: the window's shortcuts work again
            self.window.activateWindow()

    def toggle_video_full_screen(self) -> None:
        video = self._video
        if video is not None:
            self.set_video_full_screen(not video.isFullScreen())

    def _on_jumped(self, row: int) -> None:
        """The reader went to a row (a chapter, Go to Time, a Find match, the place the
        document reopened at): a paused recording goes there too, so Play plays it."""
        s = self.session
        if self._timed() and 0 <= row < len(s.document.sentences):
            self._seek_paused(s.document.sentences[row].anchor.start)

    def _on_hit_shown(self, hit) -> None:  # noqa: ANN001 - Hit
        self._seek_paused(hit.landing.start)  # the sentence the hit scrolled to, as its label says

    def _seek_paused(self, start: Optional[float]) -> None:
        """Move a paused recording to ``start`` (a playing one keeps playing where it is)."""
        if start is not None and self.bar.loaded and not self.bar.playing and self._timed():
            self._fresh = False
            self.bar.seek(self.line_up.to_recording(start))
            self._on_position(start)

    # --- choosing the recording -----------------------------------------------------------
    def open_recording(self, path: str) -> None:
        """A recording opened or dropped: its transcript opens with it (found by name beside
        it); with none there, it plays beside the open timed transcript, or the reader is told
        what Strata opens."""
        name = Path(path).name
        transcript = find_transcript(path)
        if transcript is not None:
            if media_for(str(transcript)) != Path(path):  # the one the reader chose, among several
                try:
                    MediaIndex().set(str(transcript), path)
                except StrataError as exc:
                    log.warning("%s", exc)
            if self.session is not None and source_path(self.session.path) == source_path(str(transcript)):
                self.use_recording(path)
            else:
                self.window.open_path(str(transcript))
            return
        if self._timed():
            if self.use_recording(path):
                self.window.message_bar.show_message(
                    f"{name} plays beside {Path(self.session.path).name} (Play > Forget Chosen Recording undoes it).",
                    level="info", details=False)
            return
        self.window.message_bar.show_message(
            f"{name} is a recording: Strata opens its transcript (a .vtt, .srt or Whisper .json file of the same "
            "name beside it) and plays it there, but none is in its folder.", level="warning", details=False)

    def ask_recording(self) -> None:
        if not self._timed():
            return
        patterns = " ".join(f"*{s}" for s in MEDIA_SUFFIXES)
        start = str(Path(self.session.path).parent)
        path, _ = QFileDialog.getOpenFileName(self.window, "Choose the recording of this transcript", start,
                                              f"Recordings ({patterns});;All files (*)")
        if path:
            self.use_recording(path)

    def use_recording(self, path: str) -> bool:
        """Play ``path`` beside the open transcript, and remember it for this transcript."""
        if not self._timed():
            return False
        if not Path(path).is_file():
            self.window.message_bar.show_message(f"{Path(path).name} is not there any more.", level="warning",
                                                 details=False)
            return False
        try:
            MediaIndex().set(self.session.path, path)
        except StrataError as exc:
            self.window.message_bar.show_message(f"{exc}; it plays until the document is closed.", level="warning",
                                                 details=False)
        if self.bar.path is not None and self.bar.path != Path(path):
            LineUpIndex().set_line_up(self.session.path, None)  # a line-up belongs to the recording it was made on
        self.bar.unload()
        self.line_up = self._lined_up() or LineUp()
        ok = self.bar.load(path)
        self.bar.setVisible(ok)
        self._fresh = ok
        self._update_actions()
        return ok

    def forget_recording(self) -> None:
        if not self._timed():
            return
        try:
            MediaIndex().set(self.session.path, "")
        except StrataError as exc:
            self.window.message_bar.show_message(str(exc), level="warning", details=False)
            return
        LineUpIndex().set_line_up(self.session.path, None)
        self.bar.unload()  # read again, with the found recording and its own timing
        self._on_session_changed(self.session)

    def _say_no_recording(self) -> None:
        why = playback_unavailable()
        if why:
            self.window.message_bar.show_message(f"No playback here: {why}.", level="info", details=False)
            return
        name = Path(self.session.path).name
        self.window.message_bar.show_message(f"No recording found beside {name}.", level="info", details=False,
                                             action=("Choose Recording…", self.ask_recording))

    def _on_failed(self, message: str) -> None:
        self.window.message_bar.show_message(message, level="warning", details=False)
        self.bar.unload()
        self.bar.hide()
        self._update_actions()


class _FullScreenVideoKeys(QObject):
    """The video panel's mouse and keys: a double-click toggles full screen. A full-screen
    video is a window of its own, where the main window's shortcuts do not reach, so it
    answers the keys a viewer reaches for: Esc (or F11) leaves, Space plays and pauses,
    Left and Right skip 5 seconds."""

    def __init__(self, playback: "MediaPlayback") -> None:
        super().__init__(playback.window)
        self.playback = playback

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        t = event.type()
        if t == QEvent.Type.MouseButtonDblClick:
            self.playback.toggle_video_full_screen()
            return True
        if t != QEvent.Type.KeyPress or not obj.isFullScreen():
            return False
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.playback.set_video_full_screen(False)
        elif key == Qt.Key.Key_Space:
            self.playback.toggle()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.playback.bar.skip(-5.0 if key == Qt.Key.Key_Left else 5.0)
        else:
            return False
        return True
