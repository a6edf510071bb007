"""How long the plots panel holds the GUI thread: ``python -m explorer.ui.views.plot_timing [FILE]``.

Analyses FILE (default: the 400-page IRS manual from ../shared/data; embeddings come
from the persistent cache when warm), shows the plots panel at a dock-like size, then
times on the GUI thread: the first draw, redraws after chapter changes (merges, a
granularity change), resizes, and the artist swap before each draw. Prints each
figure in ms. ``--save PNG`` writes what was drawn.

Targets (issue 6, session 2): each draw < 50 ms on the GUI thread.
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
    from explorer.ui.views.plot_data import prepare
    from explorer.ui.views.plot_panel import PlotPanel, load_matplotlib

    t0 = time.perf_counter()
    doc = load_document(args.file)
    analysis = analyse(doc, embedder=default_embedder(args.embedder))
    print(f"{Path(args.file).name}: {len(doc.sentences)} sentences, {len(analysis.chapters)} chapters "
          f"(loaded and analysed in {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    load_matplotlib()
    print(f"matplotlib import + warm-up (plot lane, off the GUI thread): {(time.perf_counter() - t0) * 1000:.0f} ms")

    class Session:  # what PlotPanel.update_plots reads
        def __init__(self, chapters):  # noqa: ANN001
            self.document, self.analysis, self.chapters = doc, analysis, chapters

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    w, h = (int(v) for v in args.size.lower().split("x"))
    panel = PlotPanel(None)  # no workers: data are prepared inline here and timed separately
    panel.resize(w, h)
    panel.show()
    t0 = time.perf_counter()
    prepare(doc, analysis.chapters, analysis.scores)
    print(f"data preparation (plot lane): {(time.perf_counter() - t0) * 1000:.1f} ms")

    swaps: list[float] = []
    orig_apply = panel._apply

    def timed_apply(data):  # noqa: ANN001, ANN202
        t = time.thread_time()
        orig_apply(data)
        swaps.append((time.thread_time() - t) * 1000)

    panel._apply = timed_apply
    panel.update_plots(Session(list(analysis.chapters)))
    spin(400)
    first = panel.draw_times[:]
    chapters = list(analysis.chapters)
    for r in range(args.rounds):  # chapter changes: merge two neighbours, or restore
        if r % 2 == 0 and len(chapters) > 2:
            k = 1 + r % (len(chapters) - 2)
            edited = chapters[:k] + [Chapter(chapters[k].start, chapters[k + 1].end, "Merged")] + chapters[k + 2:]
        else:
            edited = chapters
        panel.update_plots(Session(edited))
        spin(250)
    for r in range(args.rounds // 2):  # resizes
        panel.resize(w + (40 if r % 2 == 0 else 0), h + (30 if r % 2 == 0 else 0))
        spin(200)
    if args.save:
        panel.view.grab().save(args.save)
        print("saved", args.save)
    times = panel.draw_times
    print(f"first draw: {first[0]:.1f} ms" if first else "first draw: none")
    later = times[len(first):]
    if later:
        print(f"redraws ({len(later)}): median {statistics.median(later):.1f} ms, max {max(later):.1f} ms")
    cpu = panel.draw_cpu_times
    if cpu:
        print(f"CPU of the GUI thread per draw: first {cpu[0]:.1f} ms, median {statistics.median(cpu):.1f} ms, "
              f"max {max(cpu):.1f} ms")
    if swaps:
        print(f"artist swap before a draw (CPU): median {statistics.median(swaps):.1f} ms, max {max(swaps):.1f} ms")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    panel.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
