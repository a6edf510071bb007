"""Layout speed on one PDF: first page (fast and full), whole document, cached reopen.

Usage: python bench/layout.py [PDF] [--page N] [--limit N]
       python bench/layout.py [PDF] --window   (QT_QPA_PLATFORM=offscreen works)

Prints wall and CPU seconds for: loading the models, the first page with the
text-only fast model, the same page with the full model, the whole document
(or its first ``--limit`` pages) in pages/s, and reopening it from the cache.
Uses a temporary cache folder, so every run starts cold.

``--window`` measures in the real reader window instead: the time from the first
page being shown (its pixmap rendered) to its layout overlay being on screen, for
a cold open and for a second open of the same file (served from the cache).
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
DEFAULT = ROOT.parent / "shared" / "data" / "pdfs" / "report_irs_irm_2.3.59_400p.pdf"


class Clock:
    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.w
        self.cpu = time.process_time() - self.c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", nargs="?", default=str(DEFAULT))
    ap.add_argument("--page", type=int, default=0, help="the page the user looks at first (0-based)")
    ap.add_argument(
        "--limit", type=int, default=None, help="analyse only the first N pages for the throughput"
    )
    ap.add_argument("--window", action="store_true", help="measure first overlay in the reader window")
    ap.add_argument(
        "--hook-preview",
        action="store_true",
        help="with --window: also start layout on the opener's preview (page 1 shown, text loading)",
    )
    args = ap.parse_args()
    if args.window:
        return window_bench(args.pdf, args.hook_preview)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    tmp = tempfile.mkdtemp(prefix="strata-bench-layout-")
    os.environ["STRATA_CACHE_DIR"] = tmp

    from explorer.core import store
    from explorer.core.layout import analyse_layout
    from explorer.core.model import Document, Page

    with Clock() as t_import:
        import pymupdf
    with pymupdf.open(args.pdf) as pdf:
        pages = [Page(i, p.rect.width, p.rect.height) for i, p in enumerate(pdf)]
    doc = Document(
        id=store.sha256_file(args.pdf),
        path=args.pdf,
        kind="pdf",
        format="pdf",
        title=Path(args.pdf).stem,
        sentences=[],
        pages=pages,
    )
    print(f"{Path(args.pdf).name}: {len(pages)} pages")
    print(f"import pymupdf (+ layout model activation): {t_import.wall:.2f} s wall, {t_import.cpu:.2f} s CPU")

    from explorer.core.layout_model import warm_up

    with Clock() as t_warm:
        warm_up(fast=True)
    print(f"load the fast model (done at document open, off screen): {t_warm.wall:.2f} s wall")

    with Clock() as t_fast:
        fast = analyse_layout(args.pdf, doc, [args.page], fast=True)
    print(
        f"first page, fast model: {t_fast.wall:.2f} s wall, {t_fast.cpu:.2f} s CPU, {len(fast[args.page])} blocks"
    )
    with Clock() as t_full:
        full = analyse_layout(args.pdf, doc, [args.page])
    print(
        f"first page, full model: {t_full.wall:.2f} s wall, {t_full.cpu:.2f} s CPU, {len(full[args.page])} blocks"
    )

    n = len(pages) if args.limit is None else min(args.limit, len(pages))
    with Clock() as t_doc:
        analyse_layout(args.pdf, doc, range(n))
    from explorer.core.layout_parallel import helper_count

    helpers = helper_count(n)
    where = f"on {helpers} helper processes; CPU below is this process's only" if helpers else "in this process"
    print(
        f"whole document ({n} pages, full model, {where}): {t_doc.wall:.1f} s wall, {t_doc.cpu:.1f} s CPU, "
        f"{n / t_doc.wall:.2f} pages/s wall, {t_doc.cpu / n:.2f} s CPU/page"
    )
    with Clock() as t_cache:
        again = analyse_layout(args.pdf, doc, range(n))
    print(
        f"cached reopen ({n} pages): {t_cache.wall:.2f} s wall ({1000 * t_cache.wall / n:.1f} ms/page), "
        f"{sum(len(v) for v in again.values())} blocks"
    )
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def window_bench(pdf: str, hook_preview: bool = False) -> int:
    """Open ``pdf`` twice in the reader window; print page-shown -> overlay-shown times."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    tmp = tempfile.mkdtemp(prefix="strata-bench-layout-window-")
    os.environ["STRATA_DATA_DIR"] = tmp
    os.environ.pop("STRATA_CACHE_DIR", None)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.core.layout import is_provisional
    from explorer.ui.main_window import MainWindow
    from explorer.ui.workers import Workers

    QApplication.instance() or QApplication([])
    workers = Workers()
    win = MainWindow(workers)
    win.resize(1100, 850)
    win.show()
    if hook_preview:
        win.opener.session_previewed.connect(lambda session: win.live_layout.set_document(session.document))
    for attempt in ("cold open", "second open (cache)"):
        marks: dict[str, float] = {}

        def on_rendered(page: int, marks: dict = marks) -> None:
            if page == 0 and "shown" not in marks:
                marks["shown"] = time.perf_counter()

        def on_overlay(page: int, marks: dict = marks) -> None:
            if page == 0 and "overlay" not in marks:
                marks["overlay"] = time.perf_counter()
            if page == 0 and "model" not in marks and not is_provisional(win.live_layout.overlays[0].blocks):
                marks["model"] = time.perf_counter()

        win.page_view.page_rendered.connect(on_rendered)
        win.live_layout.overlay_ready.connect(on_overlay)
        t0 = time.perf_counter()
        win.open_path(pdf)
        loop = QEventLoop()
        timer = QTimer()

        def tick(marks: dict = marks, loop: QEventLoop = loop, t0: float = t0) -> None:
            if ("model" in marks and "shown" in marks) or time.perf_counter() - t0 > 120:
                loop.quit()

        timer.timeout.connect(tick)
        timer.start(5)
        loop.exec()
        timer.stop()
        win.page_view.page_rendered.disconnect(on_rendered)
        win.live_layout.overlay_ready.disconnect(on_overlay)
        if "overlay" in marks and "shown" in marks:
            model = f"{marks['model'] - marks['shown']:+.2f} s" if "model" in marks else "not within 120 s"
            print(
                f"{attempt}: page 1 shown {marks['shown'] - t0:.2f} s after open; first overlay "
                f"{marks['overlay'] - marks['shown']:+.2f} s after the page was shown, model overlay {model}"
            )
        else:
            print(f"{attempt}: no overlay within 120 s ({marks})")
        workers.cancel_all()
    workers.shutdown(timeout=10)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
