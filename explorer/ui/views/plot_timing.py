"""How long the plots panel holds the window's thread: ``python -m explorer.ui.views.plot_timing [FILE]``.

Analyses FILE (default: the 400-page IRS manual from ../shared/data; embeddings come
from the persistent cache when warm), shows the plots panel at a dock-like size with
the application's lanes ("plot" a thread, "figure" a child process), then measures
the first picture, pictures after chapter changes (merges, a granularity change)
and resizes: the child's draw time, the window thread's CPU time to show each
picture, and the wait from a change to its picture. It also says whether matplotlib
was imported into the window's process (it must not be). ``--save PNG`` writes what
was shown.

Targets (issue 6): showing a picture < 50 ms on the window's thread (it draws nothing).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "pdfs" / "report_irs_irm_2.3.59_400p.pdf"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--embedder", default=os.environ.get("STRATA_EMBEDDER", "onnx"), help="onnx or st (cached MiniLM) or hashing")
    ap.add_argument("--size", default="460x330", help="panel size in pixels, WxH (the window's Plots dock)")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--save", default="")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from explorer.core.embedding import default_embedder
    from explorer.core.loaders import load_document
    from explorer.core.model import Chapter
    from explorer.core.pipeline import analyse
    from explorer.ui.views.plot_panel import PlotPanel
    from explorer.ui.workers import Workers

    t0 = time.perf_counter()
    doc = load_document(args.file)
    analysis = analyse(doc, embedder=default_embedder(args.embedder))
    print(f"{Path(args.file).name}: {len(doc.sentences)} sentences, {len(analysis.chapters)} chapters "
          f"(loaded and analysed in {time.perf_counter() - t0:.1f} s)")

    class Session:  # what PlotPanel.update_plots reads
        def __init__(self, chapters):  # noqa: ANN001
            self.document, self.analysis, self.chapters = doc, analysis, chapters

    def wait_for_picture(panel, count: int, limit: float = 30.0) -> float:  # noqa: ANN001
        """Seconds until the panel shows its ``count``-th picture."""
        t = time.perf_counter()
        loop = QEventLoop()
        while len(panel.draw_times) < count and time.perf_counter() - t < limit:
            QTimer.singleShot(5, loop.quit)
            loop.exec()
        return time.perf_counter() - t

    workers = Workers(lanes=("plot", "figure"), process_lanes=("figure",))
    w, h = (int(v) for v in args.size.lower().split("x"))
    t0 = time.perf_counter()
    panel = PlotPanel(workers)  # starts the figure lane's child and its matplotlib import
    panel.resize(w, h)
    panel.show()
    panel.update_plots(Session(list(analysis.chapters)))
    wait_for_picture(panel, 1, limit=60.0)
    first = time.perf_counter() - t0
    waits = []
    chapters = list(analysis.chapters)
    for r in range(args.rounds):  # chapter changes: merge two neighbours, or restore
        if r % 2 == 0 and len(chapters) > 2:
            k = 1 + r % (len(chapters) - 2)
            edited = chapters[:k] + [Chapter(chapters[k].start, chapters[k + 1].end, "Merged")] + chapters[k + 2:]
        else:
            edited = chapters
        count = len(panel.draw_times) + 1
        panel.update_plots(Session(edited))
        waits.append(wait_for_picture(panel, count) * 1000)
    resize_waits = []
    for r in range(args.rounds // 2):  # resizes
        count = len(panel.draw_times) + 1
        panel.resize(w + (40 if r % 2 == 0 else 0), h + (30 if r % 2 == 0 else 0))
        resize_waits.append(wait_for_picture(panel, count) * 1000)
    if args.save:
        panel.view.grab().save(args.save)
        print("saved", args.save)
    print(f"first picture (child start, matplotlib import, data, draw): {first:.2f} s")
    draws, shows = panel.draw_times, panel.apply_times
    print(f"draws in the figure lane ({len(draws)}): first {draws[0]:.1f} ms, median "
          f"{statistics.median(draws[1:] or draws):.1f} ms, max {max(draws):.1f} ms")
    print(f"window thread CPU to show a picture: median {statistics.median(shows):.1f} ms, max {max(shows):.1f} ms")
    print(f"chapter change -> its picture: median {statistics.median(waits):.0f} ms, max {max(waits):.0f} ms")
    if resize_waits:
        print(f"resize -> its picture (includes the {panel._resize_timer.interval()} ms settle): "
              f"median {statistics.median(resize_waits):.0f} ms")
    print(f"matplotlib imported in the window's process: {'matplotlib' in sys.modules}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    panel.close()
    workers.shutdown()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
