"""Memory kept by documents the reader switched away from, in the real window.

The window freezes the objects alive after a big lane result lands
(:mod:`explorer.ui.gc_landing`), so the collector's full passes skip them. That is only
safe if a closed document is freed by reference counting: cyclic garbage frozen while
alive is never collected. This opens two PDFs in turn, ``--opens`` times, in a
MainWindow with its process lanes (every result frozen, not only big ones, to expose
every cycle), waits for each analysis and index, searches it and renames a chapter,
and prints after each open: the Document objects alive (the open one, and its first
page's preview while it loads),
the objects frozen, the resident memory of the window's process and of its lane
processes, and the window's open file descriptors.

At the end it unfreezes and runs the collector: the objects it finds unreachable are
what the frozen cycles would have kept for good (0 is the target), by type.

Usage: ``QT_QPA_PLATFORM=offscreen python bench/document_switch_memory.py [--opens 6] [PDF PDF]``
(default: two PDFs of ../shared/data/pdfs).
"""
from __future__ import annotations

import argparse
import gc
import math
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PDFS = ROOT.parent / "shared" / "data" / "pdfs"
DEFAULT = [PDFS / "manual_pymupdf_docs_v1.8.pdf", PDFS / "paper2col_longeval_eacl2023.pdf"]


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of process ``pid`` (this one by default), NaN where there is none."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def children_rss_mb() -> float:
    """Resident memory of the lane processes (children of this one)."""
    me, total = str(os.getpid()), 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                if f.read().rsplit(")", 1)[1].split()[1] != me:
                    continue
            mb = rss_mb(pid)
        except (OSError, IndexError):
            continue
        if not math.isnan(mb):  # a process that has just exited has no resident memory line
            total += mb
    return total


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--opens", type=int, default=6)
    args = ap.parse_args()
    if len(args.pdfs) != 2 or not all(p.exists() for p in args.pdfs):
        print(f"needs two PDFs (default: {', '.join(map(str, DEFAULT))})")
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("STRATA_DATA_DIR", tempfile.mkdtemp(prefix="strata-bench-switch-"))
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from explorer.app import PROCESS_LANES
    from explorer.ui import gc_landing
    from explorer.ui.main_window import MainWindow
    from explorer.ui.workers import Workers

    gc_landing.BIG_RESULT_BYTES = 1  # freeze after every result: any cycle shows
    workers = Workers(process_lanes=PROCESS_LANES)
    win = MainWindow(workers)
    win.resize(1300, 900)
    win.show()

    def spin(cond, timeout: float) -> None:  # noqa: ANN001
        end = time.monotonic() + timeout
        while not cond() and time.monotonic() < end:
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)
            loop.exec()

    state: dict[str, bool] = {}

    def on_opened(session) -> None:  # noqa: ANN001
        session.analysis_finished.connect(lambda _a: state.__setitem__("analysed", True))

    win.document_opened.connect(on_opened)
    win.analysis.indexing_finished.connect(lambda _s: state.__setitem__("indexed", True))
    try:
        for k in range(args.opens):
            state.clear()
            win.open_path(str(args.pdfs[k % 2]))
            spin(lambda: state.get("analysed") and state.get("indexed"), 600)
            # what a reader does with it: a search, and a chapter renamed then undone
            shown: list[int] = []
            win.search_panel.results_shown.connect(shown.append)
            win.search_panel.query_edit.setText("how the document begins")
            win.search_panel.run_now()
            spin(lambda s=shown: bool(s), 60)
            win.search_panel.results_shown.disconnect(shown.append)
            win.chapter_editing.rename(0, f"Renamed {k}")
            win.session.undo_stack.undo()
            spin(lambda: False, 1.5)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.unfreeze()  # frozen objects are not listed; what is alive is frozen again below
            documents = sum(1 for o in gc.get_objects() if type(o).__name__ == "Document")
            gc.freeze()
            print(f"open {k + 1} ({args.pdfs[k % 2].name}): documents alive {documents}, "
                  f"frozen objects {gc.get_freeze_count()}, "
                  f"resident {rss_mb():.0f} MB (lane processes {children_rss_mb():.0f} MB), open files {open_files()}", flush=True)
        gc.collect()
        gc.unfreeze()
        gc.set_debug(gc.DEBUG_SAVEALL)
        found = gc.collect()
        kinds = Counter(f"function {o.__module__}.{o.__qualname__}" if type(o).__name__ == "function"
                        else type(o).__qualname__ for o in gc.garbage)
        gc.set_debug(0)
        gc.garbage.clear()
        print(f"after {args.opens} opens, objects only the collector could free (kept for good while frozen): "
              f"{found}; target 0")
        for name, count in kinds.most_common(12):
            print(f"  {count:6d} {name}")
    finally:
        workers.cancel_all()
        app.processEvents()
    return 0 if found == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
