"""A copy of a transcript's MP3 recording with the chapters in its ID3 tag.

Podcast players (Apple Podcasts, Overcast, Pocket Casts, VLC...) show chapters written as
ID3v2 ``CHAP`` frames listed by a top-level ``CTOC`` frame (the ID3v2 Chapter Frame
Addendum). The copy keeps the recording's audio and its other tags (title, artist,
cover); only earlier chapter frames are replaced. Written with ``mutagen`` (the
well-kept library for audio tags) into a temporary file beside the output, then moved
into place, so a failed write leaves nothing half done.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional, Sequence

from .errors import StrataError
from .media import media_for
from .model import Document
from .progress import CancelToken, Progress, check, report
from .store import user_file_mode

log = logging.getLogger(__name__)


def mp3_recording(doc: Document) -> Optional[Path]:
    """The MP3 recording played beside a timed transcript (found or chosen), else None."""
    if not doc.path or not doc.has_times:
        return None
    found = media_for(doc.path)
    return found if found is not None and found.suffix.lower() == ".mp3" else None


def write_mp3_chapters(source: str | Path, chapters: Sequence[tuple[float, float, str]], out_path: str | Path, *,
                       progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> str:
    """Copy ``source`` to ``out_path`` with ``chapters`` ((start s, end s, title), in order)
    as ID3v2 chapter frames. Raises StrataError with a reason the user can act on."""
    from mutagen import MutagenError
    from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags, ID3NoHeaderError

    source, out = Path(source), Path(out_path)
    if out.resolve() == source.resolve():
        raise StrataError("choose another file name: the export would replace the recording itself")
    check(cancel)
    fd, tmp = tempfile.mkstemp(prefix=".strata-", suffix=".mp3", dir=out.parent)
    os.close(fd)
    try:
        try:
            shutil.copyfile(source, tmp)
        except OSError as exc:
            raise StrataError(f"the recording could not be copied ({exc.strerror or exc})") from None
        report(progress, 0.6, "copied the recording")
        check(cancel)
        try:
            tags = ID3(tmp)
        except ID3NoHeaderError:
            tags = ID3()  # a recording without tags gets one
        tags.delall("CHAP")
        tags.delall("CTOC")
        ids = [f"chp{i}" for i in range(len(chapters))]
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                      sub_frames=[TIT2(encoding=3, text=["Chapters"])]))
        for element_id, (start, end, title) in zip(ids, chapters):
            tags.add(CHAP(element_id=element_id, start_time=int(round(start * 1000)),
                          end_time=int(round(max(end, start) * 1000)), sub_frames=[TIT2(encoding=3, text=[title])]))
        try:
            tags.save(tmp)
        except (MutagenError, OSError) as exc:
            raise StrataError(f"the chapters could not be written into the recording ({exc})") from None
        os.chmod(tmp, user_file_mode())
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    report(progress, 1.0, "exported")
    return str(out)
