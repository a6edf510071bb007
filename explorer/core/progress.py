"""Progress reporting and cooperative cancellation for core stages.

Core stages are plain synchronous functions ``f(x, *, progress=None, cancel=None)``.
They call ``progress(fraction, message)`` now and then and ``cancel.check()``
between pages or batches; the UI runs them on worker lanes and the CLI runs them
directly.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional

Progress = Callable[[float, str], None]


class Cancelled(Exception):
    """Raised by :meth:`CancelToken.check` once cancellation was requested. Silent in the UI."""


class CancelToken:
    """A thread-safe flag a worker polls; ``cancel()`` may be called from any thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def report(progress: Optional[Progress], fraction: float, message: str = "") -> None:
    """Call ``progress`` if given, clamping the fraction to [0, 1]."""
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), message)


def check(cancel: Optional[CancelToken]) -> None:
    """Raise :class:`Cancelled` if ``cancel`` was requested."""
    if cancel is not None:
        cancel.check()


def scaled(progress: Optional[Progress], start: float, end: float) -> Optional[Progress]:
    """A progress callback mapping [0, 1] of a sub-stage onto [start, end] of the whole."""
    if progress is None:
        return None

    def _sub(fraction: float, message: str = "") -> None:
        progress(start + (end - start) * min(1.0, max(0.0, fraction)), message)

    return _sub
