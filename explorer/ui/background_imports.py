"""Heavy modules the window needs a little after launch, imported on a background thread.

numpy takes 70-140 ms to import here. The window's own modules no longer import it at
launch (the first page came 0.85 s after start with it, 0.64 s without), but the chapter
overlay, the plots and every analysis result need it seconds later. Imported on the
window's thread then, it is a stall (430 ms under load, traced: the chapter overlay's
boxes 3 s after opening); imported on a daemon thread once the first document is open
(``MainWindow``), or at once when the app starts without one (``explorer.app``), the
interpreter hands the window its turn every few milliseconds meanwhile.
"""
from __future__ import annotations

import importlib
import logging
import os
import threading
from typing import Sequence

from explorer.ui.proclane import DEFAULT_NICE  # the background lanes' nice, for this thread too

log = logging.getLogger(__name__)

SOON = ("numpy",)


def import_in_background(names: Sequence[str] = SOON) -> threading.Thread:
    """Import ``names`` on a daemon thread (a module already imported costs nothing)."""

    def run() -> None:
        try:  # yield the CPU to the window's thread, as background lanes do (Linux: per thread)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DEFAULT_NICE)
        except (AttributeError, OSError):
            pass
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - whoever needs it will import it and see the error
                log.exception("background import of %s failed", name)

    thread = threading.Thread(target=run, name="background imports", daemon=True)
    thread.start()
    return thread
