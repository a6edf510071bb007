"""First search in a fresh window: how long the analyst waits for the first results.

The real MainWindow (lanes as the application runs them) opens a PDF into an empty
library and waits until it is indexed; then the first query is typed and timed until
its results are shown, then a second query as the warm reference. The ratio of the
two is the cost of the first search. A 10 ms heartbeat records the longest stall of
the event loop meanwhile (loading the model must not freeze the window).

Usage: ``python bench/first_search.py [--pdf PATH] [--idle S]``: ``--idle`` waits S
seconds after indexing before the first query (a reader looking at the page).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PDF = ROOT / "resources" / "sample.pdf"
QUERIES = ("how are the results measured", "what does the introduction say about the method")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    ap.add_argument("--idle", type=float, default=0.0)
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="strata-bench-")
    for kind in ("DATA", "CONFIG", "CACHE", "STATE"):
        os.environ[f"XDG_{kind}_HOME"] = os.path.join(tmp, kind.lower())
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from explorer.app import PROCESS_LANES
    from explorer.ui.main_window import MainWindow
    from explorer.ui.workers import Workers

    workers = Workers(process_lanes=PROCESS_LANES)
    win = MainWindow(workers, settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat))
    win.resize(1300, 900)
    win.show()
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]
    worst = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed()
        worst[0] = max(worst[0], (now - last[0]) / 1e6 - 10)
        last[0] = now

    beat = QTimer()
    beat.timeout.connect(tick)

    def wait_until(cond, timeout: float) -> bool:  # noqa: ANN001
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                return False
            app.processEvents()
            time.sleep(0.002)
        return True

    try:
        t0 = time.perf_counter()
        win.open_path(str(args.pdf))
        if not wait_until(lambda: win.session is not None and win.session.indexed, args.timeout):
            sys.exit("the document was not indexed in time")
        print(f"{args.pdf.name}: opened and indexed in {time.perf_counter() - t0:.1f} s")
        wait_until(lambda: False, args.idle)
        panel = win.search_panel
        beat.start(10)
        times = []
        for q in QUERIES:
            worst[0] = 0.0
            last[0] = clock.nsecsElapsed()
            before = panel.generation
            t = time.perf_counter()
            panel.query_edit.setText(q)
            panel.run_now()
            ok = wait_until(lambda: panel.generation > before and panel.model.generation >= panel.generation
                            and panel.model.rowCount() > 0, args.timeout)
            times.append(time.perf_counter() - t)
            print(f"query {len(times)}: {times[-1]:.2f} s to results ({'ok' if ok else 'TIMED OUT'}), "
                  f"longest event-loop stall {worst[0]:.0f} ms")
        print(f"first / second query: {times[0] / max(times[1], 1e-3):.1f}x")
    finally:
        beat.stop()
        win.close()
        workers.shutdown(timeout=20)


if __name__ == "__main__":
    main()
