"""One holder at a time across processes: an exclusive lock on a file (``flock``;
``msvcrt`` on Windows), released when the context ends or the process dies."""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def exclusive_lock(lock_path: Path) -> Iterator[None]:
    """Wait until no other process holds ``lock_path``, then hold it for the block."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_path, "a+b")
    try:
        if os.name == "nt":  # pragma: no cover
            import msvcrt

            while True:
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    time.sleep(0.1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        fh.close()  # closing releases the lock
