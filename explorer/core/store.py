"""User data and cache locations, cache keys and atomic writes.

* Data dir (``STRATA_DATA_DIR`` or the platform's user data dir): the LanceDB
  database and one edits file per document (keyed by content hash). Never deleted
  by Strata.
* Cache dir (``STRATA_CACHE_DIR``, else ``<STRATA_DATA_DIR>/cache`` when that is set,
  else the platform's user cache dir): derived results keyed by
  (content hash, stage, pipeline version); safe to delete at any time.

Every write of user data goes through :func:`atomic_write_bytes`: a temporary file
in the same folder, fsync, then ``os.replace``, so a crash leaves either the old
or the new file, never a torn one. A full disk raises :class:`StorageError` and
leaves the old file untouched.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Optional

from .errors import StorageError

log = logging.getLogger(__name__)

APP_DIR_NAME = "strata"

# Bump a stage's version whenever its output for the same input changes; cached
# results of older versions are then ignored.
PIPELINE_VERSIONS: dict[str, int] = {
    "load": 17,  # 8: PDF titles skip list items; larger-type capitals and capital lines end an open sentence; 9: appendix headings; 10: gibberish lines left out; 11: titles (cover brands, caseless scripts); 12: no control characters; 13: Markdown's text and headings; 14: web pages (HTML) as a browser shows them; 15: Word documents' paragraphs, tables and headings; 16: documents' code listings, notes, list numbers and nested Word text; plain-text headings and titles; Rich Text; 17: Rich Text notes and tables, plain-text run-in headings
    "layout": 6,  # 6: run-in headings (bold clause titles opening their paragraphs)
    "embed": 1,
    "segment": 10,
    "title": 6,
    "index": 14,  # 6: OCR words and tokenised transcripts read differently; 7-9: PDF sentences and titles (load 8-12); 10: Markdown (load 13); 11: web pages (load 14); 12: Word documents (load 15); 13: documents' listings, notes and numbers (load 16); 14: Rich Text notes and tables, run-in headings, chapter leads (load 17)
    "epub": 2,  # the PDF made from an e-book (paged.py); 2: with its links
    "ocr": 1,  # words Tesseract read on a scanned page (loaders/pdf_ocr.py)
}


def data_dir() -> Path:
    env = os.environ.get("STRATA_DATA_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    env = os.environ.get("STRATA_CACHE_DIR")
    if env:
        path = Path(env).expanduser()
    elif os.environ.get("STRATA_DATA_DIR"):
        path = Path(os.environ["STRATA_DATA_DIR"]).expanduser() / "cache"
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    if os.environ.get("STRATA_DATA_DIR"):
        path = Path(os.environ["STRATA_DATA_DIR"]).expanduser() / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def file_content_id(path: str | os.PathLike[str], *, progress: object = None, cancel: object = None) -> str:
    """The id a document read from ``path`` gets (the sha256 of its bytes), or "" when the
    file cannot be read; a worker-lane task (it takes ``progress`` and ``cancel``)."""
    try:
        return sha256_file(path)
    except OSError:
        return ""


def cache_key(doc_id: str, stage: str, *extra: object) -> str:
    """A file-name-safe key for (content hash, stage, stage version, extra parameters)."""
    version = PIPELINE_VERSIONS.get(stage, 0)
    tail = hashlib.sha1(repr(extra).encode()).hexdigest()[:12] if extra else "0"
    return f"{doc_id[:32]}-{stage}-v{version}-{tail}"


def cache_path(doc_id: str, stage: str, *extra: object, suffix: str = ".json") -> Path:
    sub = cache_dir() / stage
    sub.mkdir(parents=True, exist_ok=True)
    return sub / (cache_key(doc_id, stage, *extra) + suffix)


def touch(path: str | os.PathLike[str]) -> None:
    """Mark a cache file as just used (atime is unreliable under relatime), so that the
    cache pruner (:mod:`cache_prune`), which removes least recently used files first,
    keeps the documents the user works with."""
    try:
        os.utime(path)
    except OSError:
        pass


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once, at import: os.umask can only be read by setting it, which is not thread-safe.
_UMASK = _read_umask()


def user_file_mode() -> int:
    """The mode a new file of the user's gets (0o666 less the umask): for files written
    for the user, such as exports; the temp file of :func:`atomic_write_bytes` is 0o600."""
    return 0o666 & ~_UMASK


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, mode: Optional[int] = None) -> None:
    """Write ``data`` to ``path`` atomically (temp file + fsync + rename). ``mode``: the
    file's permissions (default: private to the user, 0o600, as ``mkstemp`` makes it)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StorageError(f"could not write {target}: {exc.strerror or exc}") from exc
    try:  # make the rename itself durable
        dfd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def atomic_write_json(path: str | os.PathLike[str], obj: Any) -> None:
    atomic_write_bytes(path, json.dumps(obj, ensure_ascii=False, indent=1).encode("utf-8"))


def read_json(path: str | os.PathLike[str]) -> Any | None:
    """Read JSON, returning ``None`` when the file is missing or unreadable (a cache miss)."""
    try:
        with open(path, "rb") as fh:
            return json.loads(fh.read().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable file %s: %s", path, exc)
        return None


def copy_aside(path: Path, why: str = "") -> Path:
    """Copy the user's file ``path`` (corrections, notes, speaker names that could not be
    read) into ``backup/`` beside it, under a new time-stamped name, before anything can
    overwrite it; returns the copy. Raises :class:`OSError` when the copy cannot be made."""
    import shutil
    from datetime import datetime, timezone

    folder = path.parent / "backup"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    base = f"{path.stem}-{stamp}" + (f"-{why}" if why else "")
    target, k = folder / f"{base}.json", 1
    while target.exists():
        k += 1
        target = folder / f"{base}-{k}.json"
    shutil.copy2(path, target)
    return target
