"""The recording a transcript was made from: finding it, remembering it, timing into it.

A transcript usually lies beside its recording: ``interview.vtt`` and ``interview.mp3``,
``talk.en.srt`` and ``talk.mp4``, Whisper's ``meeting.json`` and ``meeting.m4a``. The
recording is found by the transcript's name, dropping its last dotted parts one at a
time (``talk.en.srt`` looks for ``talk.en.*``, then ``talk.*``). A recording the analyst
chose by hand is remembered per transcript path in ``media.index`` in the data folder,
so it survives edits of the transcript (which change the document's id, not its path).
"""
from __future__ import annotations

import bisect
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from . import store
from .errors import StrataError
from .file_versions import PathIndex

log = logging.getLogger(__name__)

# audio first: where a talk has both, the audio is the lighter file to play
AUDIO_SUFFIXES = (".mp3", ".m4a", ".aac", ".wav", ".flac", ".ogg", ".oga", ".opus", ".wma", ".aiff", ".aif")
VIDEO_SUFFIXES = (".mp4", ".m4v", ".webm", ".mkv", ".mov", ".avi", ".mpg", ".mpeg", ".wmv")
MEDIA_SUFFIXES = AUDIO_SUFFIXES + VIDEO_SUFFIXES
INDEX_NAME = "media.index"  # JSON {transcript source path: recording path}


# the transcript formats a recording's transcript is looked for in, most specific first
TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".json", ".ttml", ".dfxp", ".sbv", ".ass", ".ssa", ".smi", ".sami", ".textgrid",
                       ".eaf", ".cha", ".tsv", ".csv", ".docx", ".txt", ".json3", ".xml", ".html", ".htm")
# parts of a name that mark a chapter list or a description, not a transcript ("talk.chapters.json")
_NOT_TRANSCRIPT_PARTS = {"chapters", "description", "youtube-description", "ffmetadata", "info"}


def _stems(name: str) -> list[str]:
    """``"talk.en.vtt"`` -> ``["talk.en", "talk"]`` (lower case)."""
    out, stem = [], name.lower()
    while "." in stem:
        stem = stem.rsplit(".", 1)[0]
        out.append(stem)
    return out


def is_media(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in MEDIA_SUFFIXES


def find_media(transcript: str | os.PathLike[str]) -> Optional[Path]:
    """The recording beside ``transcript`` (see the module's docstring), or None."""
    path = Path(transcript)
    try:
        siblings = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
    except OSError:
        return None
    for stem in _stems(path.name):
        for suffix in MEDIA_SUFFIXES:
            found = siblings.get(stem + suffix)
            if found is not None and found != path:
                return found
    return None


def find_transcript(media: str | os.PathLike[str]) -> Optional[Path]:
    """The transcript beside a recording (the reverse of :func:`find_media`): a file of a
    transcript format whose name, less its last dotted parts, is the recording's
    (``talk.mp3`` -> ``talk.vtt``, ``talk.en.srt``), chapter lists left out; None if none."""
    path = Path(media)
    try:
        siblings = sorted(p for p in path.parent.iterdir() if p.is_file())
    except OSError:
        return None
    wanted = set(_stems(path.name))
    best: Optional[tuple[int, int, str]] = None
    found: Optional[Path] = None
    for p in siblings:
        suffix = p.suffix.lower()
        if suffix not in TRANSCRIPT_SUFFIXES or p == path:
            continue
        parts = set(p.name.lower().split(".")[1:-1])
        if parts & _NOT_TRANSCRIPT_PARTS:
            continue
        stems = _stems(p.name)
        depth = next((i for i, st in enumerate(stems) if st in wanted), None)
        if depth is None:
            continue
        rank = (depth, TRANSCRIPT_SUFFIXES.index(suffix), p.name)  # the closest name, then the format
        if best is None or rank < best:
            best, found = rank, p
    return found


class MediaIndex(PathIndex):
    """Recordings chosen by hand, ``{transcript source path: recording path}`` in
    ``media.index`` (read and looked up as :class:`PathIndex` does)."""

    def __init__(self, file: Optional[Path] = None) -> None:
        file = Path(file) if file is not None else store.data_dir() / INDEX_NAME
        super().__init__(file.parent, file.name)

    def set(self, transcript: str, media: str) -> None:
        """Remember ``media`` for ``transcript`` ("" forgets it). Raises StrataError when it
        cannot be written (a full disk): the choice then holds only while the document is open."""
        try:
            self.put(transcript, os.path.abspath(media) if media else "")
        except OSError as exc:
            raise StrataError(f"the recording could not be remembered ({exc.strerror or exc})") from None


@dataclass(frozen=True)
class LineUp:
    """How a transcript's times map onto its recording: ``transcript = rate * recording + offset``.

    Lined up by hand at one row, only the offset is known (a recording trimmed or padded at
    its start). Lined up at a second row far enough from the first (:data:`MIN_SPAN`), the
    two points also give the rate: a recording that drifts from its transcript (re-encoded
    at 25 instead of 23.976 frames a second, a transcript made from a sped-up cut) then plays
    every row where it is said, not only the rows near the first point."""

    offset: float = 0.0
    rate: float = 1.0
    points: tuple[tuple[float, float], ...] = ()  # (transcript s, recording s) set by hand

    def to_transcript(self, recording: float) -> float:
        return self.rate * recording + self.offset

    def to_recording(self, transcript: float) -> float:
        return (transcript - self.offset) / self.rate

    @classmethod
    def through(cls, points: Sequence[tuple[float, float]]) -> "LineUp":
        """The line-up through one or two hand-set points (transcript s, recording s)."""
        points = tuple((float(t), float(r)) for t, r in points)[-2:]
        if len(points) == 2:
            (t1, r1), (t2, r2) = points
            rate = (t2 - t1) / (r2 - r1) if r2 != r1 else 0.0
            if MIN_RATE <= rate <= MAX_RATE:
                return cls(t1 - rate * r1, rate, points)
            points = points[1:]  # not a drift a recording has: the newer point alone
        if not points:
            return cls()
        t, r = points[0]
        return cls(t - r, 1.0, points)

    def with_point(self, transcript: float, recording: float) -> "LineUp":
        """This line-up lined up again at another row: a point within :data:`MIN_SPAN` of an
        earlier one replaces it (a correction); one farther away makes a second point."""
        kept = [p for p in self.points if abs(p[0] - transcript) >= MIN_SPAN][-1:]
        return LineUp.through([*kept, (transcript, recording)])

    @property
    def drift(self) -> float:
        """How much faster the transcript's clock runs than the recording's (0.001: 0.1 %)."""
        return self.rate - 1.0

    def encode(self) -> str:
        return ";".join(f"{t:.3f}@{r:.3f}" for t, r in self.points)

    @classmethod
    def decode(cls, value: str) -> Optional["LineUp"]:
        """From :meth:`encode`, or a plain number of seconds (an offset, as session 15 wrote it)."""
        value = (value or "").strip()
        if not value:
            return None
        try:
            if "@" not in value:
                return cls(float(value), 1.0, ((float(value), 0.0),))
            return cls.through([tuple(float(x) for x in part.split("@", 1)) for part in value.split(";")])
        except ValueError:
            return None


MIN_SPAN = 60.0  # seconds of transcript between two line-up points for them to fix a rate
MIN_RATE, MAX_RATE = 0.9, 1.1  # drift a real recording has (PAL speed-up is 4 %)


class LineUpIndex(PathIndex):
    """Recordings lined up by hand with their transcript, ``{transcript source path: points}``
    in ``media-lineup.index`` (see :class:`LineUp`)."""

    def __init__(self, file: Optional[Path] = None) -> None:
        file = Path(file) if file is not None else store.data_dir() / "media-lineup.index"
        super().__init__(file.parent, file.name)

    def line_up(self, transcript: str) -> Optional[LineUp]:
        """How ``transcript`` was lined up, or None when it never was."""
        return LineUp.decode(self.get(transcript) or "")

    def set_line_up(self, transcript: str, line_up: Optional[LineUp]) -> None:
        """Remember ``line_up`` (None forgets it); never raises (a failed write loses the line-up
        for the next time only)."""
        try:
            self.put(transcript, "" if line_up is None else line_up.encode())
        except (OSError, StrataError) as exc:
            log.warning("the line-up of %s could not be remembered: %s", Path(transcript).name, exc)


def media_for(transcript: str, index: Optional[MediaIndex] = None) -> Optional[Path]:
    """The recording to play beside ``transcript``: the one chosen by hand if it still
    exists, else the one found beside it."""
    chosen = (index or MediaIndex()).get(transcript)
    if chosen and Path(chosen).is_file():
        return Path(chosen)
    return find_media(transcript)


class Timeline:
    """Which sentence is being spoken at a time, for following a recording as it plays
    (built once per document; each look is a binary search)."""

    def __init__(self, starts: Sequence[Optional[float]]) -> None:
        timed = sorted((t, i) for i, t in enumerate(starts) if t is not None)
        self._times = [t for t, _ in timed]
        self._rows = [i for _, i in timed]

    def __bool__(self) -> bool:
        return bool(self._times)

    @property
    def first(self) -> Optional[float]:
        """When the first timed sentence starts (None without times)."""
        return self._times[0] if self._times else None

    def sentence_at(self, seconds: float) -> int:
        """The last sentence to start at or before ``seconds`` (untimed ones are never
        named); -1 before the first."""
        k = bisect.bisect_right(self._times, seconds + 1e-6) - 1
        return self._rows[k] if k >= 0 else -1


def timecode_offset(first_start: Optional[float], duration: float) -> float:
    """Whole hours to take off a transcript's times to play its recording: broadcast and
    editing exports (Premiere, Avid) number a programme from a timecode of 01:00:00:00, so
    a transcript that starts after its recording has ended is read from its hour. 0 when
    the times already fit the recording (or nothing is known)."""
    if first_start is None or duration <= 0 or first_start < 3600 or first_start <= duration:
        return 0.0
    offset = float(int(first_start // 3600) * 3600)
    return offset if first_start - offset <= duration else 0.0
