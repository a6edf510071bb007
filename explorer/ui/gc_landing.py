"""Big results from the lane processes are kept out of the cyclic garbage collector's scans.

A 400-page document arrives in the window's process as about 120,000 Python objects
(sentences, anchors, rectangles), its analysis with as many more. The collector's full
pass visits every tracked object and holds the interpreter lock while it does: with the
manual open, one pass took 117 ms on the window's thread (78 ms on a quiet machine), a
stall the reader sees. Those objects hold no reference cycles (a closed document is freed
by reference counting alone, which the tests check), so scanning them finds nothing.

While a big result is unpickled (:func:`landing`), automatic collection waits, so no full
pass runs half-way through; afterwards :func:`gc.freeze` moves every object alive into
the permanent generation, which later passes skip. Objects frozen are still freed by
reference counting when the last reference goes; only garbage in reference cycles among
them would never be collected, which is why small results (most of them) freeze nothing,
nor do results of a few big strings (a rendered page), which make few objects.
"""
from __future__ import annotations

import gc
import logging
import threading
from contextlib import contextmanager
from typing import Iterator

log = logging.getLogger(__name__)

BIG_RESULT_BYTES = 512 * 1024  # a result with this many bytes of pickled objects is frozen once loaded

_lock = threading.Lock()
_landing = 0  # results being unpickled now (reader threads of several lanes)
_was_enabled = True


@contextmanager
def landing(size: int) -> Iterator[None]:
    """Around the unpickling of a lane's result of ``size`` bytes: for a big one, no automatic
    collection meanwhile, and its objects frozen after (see the module docstring)."""
    global _landing, _was_enabled
    if size < BIG_RESULT_BYTES:
        yield
        return
    with _lock:
        if _landing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _landing += 1
    try:
        yield
    finally:
        with _lock:
            _landing -= 1
            if _landing == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()
                log.debug("a result of %d bytes in parts landed and was frozen", size)
