"""Which version (content hash) of a file last had the user's work saved on it.

The user's corrections and notes are keyed by the content hash of a document, so an
edited file (a typo fixed in a transcript) has a new id. ``paths.index`` beside them
maps each source path to the id its work was last saved under; the next version of
the file looks it up and carries the work over, re-anchored by text. The index is a
convenience: failing to read or write it loses nothing but that lookup.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from . import store
from .errors import StrataError

log = logging.getLogger(__name__)

INDEX_NAME = "paths.index"  # JSON, but not *.json: a folder's *.json are the per-document files


def source_path(path: str) -> str:
    """A file's path as the index keys it (absolute, symlinks resolved)."""
    try:
        return str(Path(path).resolve()) if path else ""
    except (OSError, RuntimeError):
        return str(path)


class PathIndex:
    """``{source path: doc id}`` in ``folder/paths.index`` (or ``folder/name``)."""

    def __init__(self, folder: Path, name: str = INDEX_NAME) -> None:
        self.file = Path(folder) / name

    def read(self) -> dict[str, str]:
        """The whole index, ``{source path: doc id}`` (paths as :func:`source_path` gives them)."""
        try:
            obj = json.loads(self.file.read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in obj.items()} if isinstance(obj, dict) else {}
        except (OSError, ValueError):
            return {}

    def get(self, path: str) -> str:
        """The doc id last remembered for ``path`` (``""`` when none)."""
        return self.read().get(source_path(path), "") if path else ""

    def put(self, path: str, value: str) -> None:
        """Set ``path``'s entry to ``value`` ("" removes it) and write the index at once.
        Raises OSError or StrataError when it cannot be written (a full disk)."""
        key = source_path(path)
        entries = self.read()
        if entries.get(key, "") == value:
            return
        if value:
            entries[key] = value
        else:
            entries.pop(key, None)
        store.atomic_write_bytes(self.file, json.dumps(entries, ensure_ascii=False, indent=0).encode("utf-8"))

    def remember(self, path: str, doc_id: str) -> None:
        """Record ``doc_id`` as the latest version of ``path`` (never raises)."""
        if not path:
            return
        try:
            self.put(path, doc_id)
        except (OSError, StrataError) as exc:
            log.warning("the index of %s could not be updated: %s", self.file.parent.name, exc)
