"""A compact player for a transcript's recording: play/pause, ±5 s, position, speed.

Qt Multimedia (``pyside6-addons``) is imported only when a recording is loaded; where
it is missing or cannot load (no PulseAudio client library), :func:`playback_unavailable`
says why and the window offers no playback instead of failing.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QUrl, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from explorer.ui.models.transcript_model import format_time

log = logging.getLogger(__name__)

SKIP_SECONDS = 5.0
SPEEDS = (0.75, 1.0, 1.25, 1.5, 2.0)


def playback_unavailable() -> str:
    """Why recordings cannot be played here ("" when they can)."""
    try:
        import PySide6.QtMultimedia  # noqa: F401
    except ImportError as exc:
        if "libpulse" in str(exc):
            return "playing recordings needs the PulseAudio client library (apt-get install libpulse0)"
        return "playing recordings needs Qt Multimedia (pip install pyside6-addons)"
    return ""


def _clock(seconds: float) -> str:
    return format_time(max(0.0, seconds)) or "0:00"


class MediaBar(QWidget):
    """The player. ``position_changed`` gives the position in seconds as it plays or is
    moved; ``failed`` a message when the recording cannot be played."""

    position_changed = Signal(float)
    playing_changed = Signal(bool)
    has_video_changed = Signal(bool)  # the recording has pictures (a video): show them somewhere
    duration_known = Signal(float)  # seconds, once the recording is read
    failed = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaBar")
        self.player: Any = None
        self._audio: Any = None
        self.path: Optional[Path] = None
        self._dragging = False
        style = self.style()
        self.play_button = QToolButton()
        self.play_button.setToolTip("Play or pause the recording (Ctrl+Space)")
        self.play_handler: Optional[Callable[[], None]] = None  # what the play button does, else toggle
        self.play_button.clicked.connect(lambda: (self.play_handler or self.toggle)())
        self.back_button = QToolButton()
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.back_button.setToolTip(f"Back {SKIP_SECONDS:.0f} seconds")
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_SECONDS))
        self.forward_button = QToolButton()
        self.forward_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward))
        self.forward_button.setToolTip(f"Forward {SKIP_SECONDS:.0f} seconds")
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_SECONDS))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.sliderPressed.connect(self._on_slider_pressed)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.slider.sliderMoved.connect(lambda ms: self._show_time(ms / 1000.0))
        self.time_label = QLabel("0:00 / 0:00")
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip("Playback speed")
        self.speed.currentIndexChanged.connect(self._on_speed_changed)
        for button, name in ((self.play_button, "Play or pause"), (self.back_button, "Back 5 seconds"),
                             (self.forward_button, "Forward 5 seconds")):
            button.setAccessibleName(name)  # screen readers: the buttons are icons
        self.slider.setAccessibleName("Position in the recording")
        self.speed.setAccessibleName("Playback speed")
        self.name_label = QLabel()
        self.name_label.setStyleSheet("color: palette(mid);")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        for w in (self.back_button, self.play_button, self.forward_button):
            row.addWidget(w)
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_label)
        row.addWidget(self.speed)
        row.addWidget(self.name_label)
        self._show_playing(False)

    # --- loading -------------------------------------------------------------------------
    def load(self, path: str | Path) -> bool:
        """Load ``path`` (paused at its start); False, with ``failed`` emitted, when
        playback is unavailable here."""
        why = playback_unavailable()
        if why:
            self.failed.emit(why)
            return False
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        if self.player is None:
            self.player = QMediaPlayer(self)
            self._audio = QAudioOutput(self)
            self.player.setAudioOutput(self._audio)
            self.player.positionChanged.connect(self._on_position)
            self.player.durationChanged.connect(self._on_duration)
            self.player.playbackStateChanged.connect(self._on_state)
            self.player.errorOccurred.connect(self._on_error)
            self.player.hasVideoChanged.connect(self.has_video_changed)
        self.path = Path(path)
        self.player.setPlaybackRate(float(self.speed.currentData()))
        self.player.setSource(QUrl.fromLocalFile(str(self.path)))
        self.name_label.setText(self.path.name)
        self.name_label.setToolTip(str(self.path))
        return True

    def set_video_output(self, widget: Any) -> None:
        """Where a video's pictures are drawn (a ``QVideoWidget``)."""
        if self.player is not None:
            self.player.setVideoOutput(widget)

    @property
    def has_video(self) -> bool:
        return self.player is not None and self.player.hasVideo()

    def unload(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player.setSource(QUrl())
        self.path = None
        self.slider.setRange(0, 0)
        self.time_label.setText("0:00 / 0:00")
        self.name_label.clear()

    @property
    def loaded(self) -> bool:
        return self.player is not None and self.path is not None

    @property
    def playing(self) -> bool:
        if self.player is None:
            return False
        from PySide6.QtMultimedia import QMediaPlayer

        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    @property
    def position(self) -> float:
        return self.player.position() / 1000.0 if self.player is not None else 0.0

    # --- control ---------------------------------------------------------------------------
    def toggle(self) -> None:
        if not self.loaded:
            return
        if self.playing:
            self.player.pause()
        else:
            self.player.play()

    def pause(self) -> None:
        if self.playing:
            self.player.pause()

    def seek(self, seconds: float) -> None:
        if self.loaded:
            self.player.setPosition(int(max(0.0, seconds) * 1000))

    def play_from(self, seconds: float) -> None:
        if self.loaded:
            self.seek(seconds)
            self.player.play()

    def skip(self, seconds: float) -> None:
        if self.loaded:
            self.seek(self.position + seconds)

    # --- signals from the player and the slider ---------------------------------------------
    def _on_position(self, ms: int) -> None:
        if not self._dragging:
            self.slider.setValue(ms)
            self._show_time(ms / 1000.0)
        self.position_changed.emit(ms / 1000.0)

    def _on_duration(self, ms: int) -> None:
        self.slider.setRange(0, max(0, ms))
        self._show_time(self.position)
        if ms > 0:
            self.duration_known.emit(ms / 1000.0)

    def _show_time(self, seconds: float) -> None:
        total = self.player.duration() / 1000.0 if self.player is not None else 0.0
        self.time_label.setText(f"{_clock(seconds)} / {_clock(total)}")

    def _on_state(self, _state: Any) -> None:
        self._show_playing(self.playing)
        self.playing_changed.emit(self.playing)

    def _show_playing(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

    def _on_error(self, _error: Any, message: str) -> None:
        name = self.path.name if self.path is not None else "the recording"
        log.warning("playback of %s failed: %s", name, message)
        self.failed.emit(f"{name} cannot be played: {message or 'unknown format'}")

    def _on_slider_pressed(self) -> None:
        self._dragging = True

    def _on_slider_released(self) -> None:
        self._dragging = False
        self.seek(self.slider.value() / 1000.0)

    def _on_speed_changed(self, _index: int) -> None:
        if self.player is not None:
            self.player.setPlaybackRate(float(self.speed.currentData()))
