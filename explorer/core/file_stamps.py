"""Is a library document's file still the version that was indexed?

A document's id is the sha256 of its file's bytes, so the only sure answer is to hash
the file again. Doing that for every file at every look at the library costs too much
for a large one, and file times alone mislead (a sync tool or ``touch`` changes them
and nothing else). So a file is hashed once per (size, mtime): ``file-stamps.json`` in
the data folder keeps ``{absolute path: [size, mtime_ns, sha256]}`` for the files hashed
before, and a file whose size and mtime still match is not read again. The memo is a
cache: losing it costs one more hash of each file, never a wrong answer about a file
whose size or time changed.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable, Optional

from . import store
from .errors import StrataError
from .progress import CancelToken, Progress, check, report

log = logging.getLogger(__name__)

STAMPS_NAME = "file-stamps.json"

# a library row's file states, beside "indexed"
MISSING = "missing"  # not where it was indexed
CHANGED = "changed"  # there, with other content than the version indexed
UNCHECKED = "unchecked"  # there, not hashed yet (size or time changed since the last hash)
# how the CLI and the library panel name those states
STATE_WORDS = {MISSING: "file missing", CHANGED: "changed on disk"}


class FileStamps:
    """The persistent memo of (size, mtime_ns) -> sha256 per absolute path."""

    def __init__(self, file: Optional[Path] = None) -> None:
        self.file = Path(file) if file is not None else store.data_dir() / STAMPS_NAME
        self._stamps: dict[str, tuple[int, int, str]] = {}
        self._dirty = False
        obj = store.read_json(self.file) if self.file.exists() else None
        if isinstance(obj, dict):
            for path, value in obj.items():
                try:
                    size, mtime, digest = value
                    self._stamps[str(path)] = (int(size), int(mtime), str(digest))
                except (TypeError, ValueError):
                    continue  # a damaged entry: that file is hashed again

    @staticmethod
    def _stat(path: str) -> Optional[os.stat_result]:
        try:
            return os.stat(path)
        except OSError:
            return None

    def known_id(self, path: str) -> Optional[str]:
        """The content id of ``path`` if its size and time match the last hash, else None
        (the file must be hashed: :meth:`content_id`); ``""`` for a file that is gone."""
        st = self._stat(path)
        if st is None:
            return ""
        memo = self._stamps.get(os.path.abspath(path))
        if memo and memo[:2] == (st.st_size, st.st_mtime_ns):
            return memo[2]
        return None

    def content_id(self, path: str) -> str:
        """The sha256 of ``path``'s bytes, hashed only when its size or time changed since the
        last time; ``""`` when the file cannot be read."""
        known = self.known_id(path)
        if known is not None:
            return known
        st = self._stat(path)
        try:
            digest = store.sha256_file(path)
        except OSError:
            return ""
        after = self._stat(path)
        # a file still being written changes under the hash: no stamp, it is hashed again next time
        if st is not None and after is not None and (after.st_size, after.st_mtime_ns) == (st.st_size, st.st_mtime_ns):
            self._stamps[os.path.abspath(path)] = (st.st_size, st.st_mtime_ns, digest)
            self._dirty = True
        return digest

    def save(self, keep: Optional[Iterable[str]] = None) -> None:
        """Write the memo (only the paths in ``keep``, when given, so files that left the
        library do not stay in it forever). A failed write loses nothing but the memo."""
        if keep is not None:
            wanted = {os.path.abspath(p) for p in keep}
            kept = {p: v for p, v in self._stamps.items() if p in wanted}
            self._dirty |= len(kept) != len(self._stamps)
            self._stamps = kept
        if not self._dirty:
            return
        try:
            store.atomic_write_json(self.file, {p: list(v) for p, v in sorted(self._stamps.items())})
            self._dirty = False
        except (OSError, StrataError) as exc:
            log.warning("file stamps not saved (%s): the library's files will be hashed again", exc)


def file_states(rows: list[dict], stamps: FileStamps, *, hash_files: bool,
                progress: Optional[Progress] = None, cancel: Optional[CancelToken] = None) -> dict[str, str]:
    """``{doc id: state}`` for library rows whose file is not the version indexed:
    :data:`MISSING`, :data:`CHANGED`, or (without ``hash_files``, for a file whose size or
    time moved since its last hash) :data:`UNCHECKED`. Rows without a path are skipped."""
    states: dict[str, str] = {}
    with_paths = [r for r in rows if r.get("path")]
    for i, row in enumerate(with_paths):
        check(cancel)
        path = str(row["path"])
        if not os.path.exists(path):
            states[row["id"]] = MISSING
            continue
        current = stamps.content_id(path) if hash_files else stamps.known_id(path)
        if current is None:
            states[row["id"]] = UNCHECKED
        elif current and current != row["id"]:
            states[row["id"]] = CHANGED
        if hash_files:
            report(progress, (i + 1) / len(with_paths), Path(path).name)
    return states
