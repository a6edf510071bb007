"""Keeping the cache folder bounded.

Everything under :func:`store.cache_dir` can be recomputed (sentence embeddings,
layout pages, analysis results), but nothing removed it: every document ever
opened and every pipeline version ever run left its files, and the shared
sentence-embedding SQLite file only grew. :func:`prune_cache` removes

1. files of an older pipeline version (``<doc>-<stage>-v<k>-…`` with ``k`` no
   longer current: nothing will read them again) and abandoned temporary files;
2. then, while the cache is over its budget, the least recently used files, and
   at last the oldest rows of the embedding SQLite file.

Only files named by :func:`store.cache_key` in a stage's own folder are touched;
other folders (the exported ONNX model, benchmark caches) are not the cache's to
prune. Files used in the last hour are never removed (a running analysis may be
reading them). The user's corrections and search index live in the data folder,
never here.
"""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from . import store

log = logging.getLogger(__name__)

DEFAULT_BUDGET_MB = 2048
IN_USE_SECONDS = 3600.0
_CACHE_FILE = re.compile(r"^[0-9a-f]{8,64}-(?P<stage>[a-z]+)-v(?P<version>\d+)-[0-9a-f]+(?:\.\w+)?$")
_SQLITE = "embeddings.sqlite"
_once_lock = threading.Lock()
_pruned_once = False


@dataclass
class PruneReport:
    stale_removed: int = 0  # files of an older pipeline version or abandoned temporaries
    lru_removed: int = 0  # files removed to meet the budget
    rows_removed: int = 0  # embedding-cache rows removed to meet the budget
    bytes_before: int = 0
    bytes_after: int = 0


def cache_budget_bytes() -> int:
    """The cache budget: ``STRATA_CACHE_BUDGET_MB`` or :data:`DEFAULT_BUDGET_MB`."""
    try:
        mb = float(os.environ.get("STRATA_CACHE_BUDGET_MB", DEFAULT_BUDGET_MB))
    except ValueError:
        mb = DEFAULT_BUDGET_MB
    return int(max(mb, 0.0) * 1024 * 1024)


def _last_use(st: os.stat_result) -> float:
    return max(st.st_atime, st.st_mtime)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except OSError as exc:
        log.debug("cache file not removed: %s (%s)", path, exc)
        return False


def _sqlite_size(root: Path) -> int:
    return sum((root / (_SQLITE + s)).stat().st_size for s in ("", "-wal") if (root / (_SQLITE + s)).exists())


def _trim_sqlite(path: Path, excess: int) -> int:
    """Delete the oldest rows (by insertion order) worth about ``excess`` bytes; returns rows removed."""
    try:
        conn = sqlite3.connect(str(path), timeout=30)
        try:
            rows = conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
            if not rows:
                return 0
            per_row = max(path.stat().st_size / rows, 1.0)
            drop = min(rows, int(excess / per_row) + 1)
            conn.execute("DELETE FROM vectors WHERE rowid IN (SELECT rowid FROM vectors ORDER BY rowid LIMIT ?)", (drop,))
            conn.commit()
            conn.execute("VACUUM")
            return drop
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("embedding cache not trimmed: %s", exc)
        return 0


def prune_cache(budget_bytes: Optional[int] = None, *, root: Optional[Path] = None, now: Optional[float] = None) -> PruneReport:
    """Remove stale cache files, then least recently used ones, until the cache fits ``budget_bytes``."""
    root = Path(root) if root is not None else store.cache_dir()
    budget = cache_budget_bytes() if budget_bytes is None else int(budget_bytes)
    now = time.time() if now is None else now
    report = PruneReport()
    live: list[tuple[float, int, Path]] = []
    for stage, version in store.PIPELINE_VERSIONS.items():
        folder = root / stage
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            try:
                st = path.stat()
            except OSError:
                continue
            if not path.is_file():
                continue
            report.bytes_before += st.st_size
            recent = now - _last_use(st) < IN_USE_SECONDS
            if path.name.startswith(".") and path.name.endswith(".tmp"):  # an interrupted atomic write
                if not recent and _remove(path):
                    report.stale_removed += 1
                    continue
            m = _CACHE_FILE.match(path.name)
            if m is None or m["stage"] != stage:
                continue
            if int(m["version"]) != version and not recent:
                if _remove(path):
                    report.stale_removed += 1
                    continue
            live.append((_last_use(st), st.st_size, path))
    sqlite_bytes = _sqlite_size(root)
    report.bytes_before += sqlite_bytes
    total = sum(size for _, size, _ in live) + sqlite_bytes
    for used, size, path in sorted(live):
        if total <= budget:
            break
        if now - used < IN_USE_SECONDS:
            continue
        if _remove(path):
            report.lru_removed += 1
            total -= size
    if total > budget and sqlite_bytes:
        report.rows_removed = _trim_sqlite(root / _SQLITE, total - budget)
        total += _sqlite_size(root) - sqlite_bytes
    report.bytes_after = total
    if report.stale_removed or report.lru_removed or report.rows_removed:
        log.info("cache pruned: %s", report)
    return report


def prune_cache_once() -> None:
    """:func:`prune_cache` at most once per process, never raising (called after cache writes)."""
    global _pruned_once
    with _once_lock:
        if _pruned_once:
            return
        _pruned_once = True
    try:
        prune_cache()
    except Exception:  # noqa: BLE001 - pruning must never fail an analysis
        log.exception("cache pruning failed")
