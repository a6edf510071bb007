"""Noticing that the open document's file changed or went away on disk.

An analyst often keeps a transcript open while fixing it in an editor, or a PDF while a
newer copy is saved over it. :class:`DocumentFileWatcher` watches the one open file and
says so once per change, so the window can offer to reload it (corrections and notes
follow an edited file, see :mod:`explorer.core.file_versions`).

Editors save in several ways: in place (one or more writes), or to a temporary file
renamed over the original, which drops the path from ``QFileSystemWatcher``. The file's
folder is watched too, the path is added back when the file reappears, and every burst
of events is settled by a short timer before the file's size and modification time are
compared with those it had when watching began. Only ``stat`` runs on the GUI thread.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

log = logging.getLogger(__name__)

SETTLE_MS = 600  # an editor's save is a burst of events; a half-written file is not reported


def _signature(path: str) -> Optional[tuple[int, int]]:
    """(size, mtime in ns) of ``path``, or None when it is not a readable file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class DocumentFileWatcher(QObject):
    """Watches one file. ``changed(path)`` when its content was rewritten, ``removed(path)``
    when it is gone; each is emitted once until the file changes again (or comes back)."""

    changed = Signal(str)
    removed = Signal(str)

    def __init__(self, parent: Optional[QObject] = None, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_event)
        self._watcher.directoryChanged.connect(self._on_event)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self._settle)
        self.path = ""
        self._known: Optional[tuple[int, int]] = None  # the signature last reported (or at start)
        self._gone = False

    def watch(self, path: str) -> None:
        """Watch ``path`` from its present state on (any earlier file is forgotten)."""
        self.unwatch()
        if not path:
            return
        self.path = os.fspath(path)
        self._known = _signature(self.path)
        self._gone = self._known is None
        targets = [p for p in (self.path, str(Path(self.path).parent)) if os.path.exists(p)]
        if targets:
            failed = self._watcher.addPaths(targets)
            if failed:
                log.debug("cannot watch %s", failed)

    def unwatch(self) -> None:
        self._timer.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self.path = ""
        self._known = None
        self._gone = False

    def _on_event(self, _path: str) -> None:
        if self.path:
            self._timer.start()  # restarted by each event of a burst

    def _settle(self) -> None:
        if not self.path:
            return
        now = _signature(self.path)
        if now is None:
            if not self._gone:
                self._gone = True
                self.removed.emit(self.path)
            return
        if self.path not in self._watcher.files():
            self._watcher.addPath(self.path)  # replaced by a rename: watch the new file
        if self._gone or now != self._known:
            self._gone = False
            self._known = now
            self.changed.emit(self.path)
