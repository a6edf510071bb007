"""What showing one page's layout boxes costs the window's thread.

As the layout of the pages being read arrives, the window puts a box per block on each
page (:class:`explorer.ui.views.layout_overlay.LayoutOverlay`). This times that on a
scene of 40 pages, for a page of ``--blocks`` blocks (a dense manual page has ~90):

* ``overlay``: the overlay as the window builds it (off the scene, put on its page in one
  step; order badges only when the reading order is shown);
* ``reference``: the same boxes added to the page one by one while it is in the scene,
  with an order badge each, visibility set three times (how overlays were built before
  6a079c7), in the same process.

Each includes the event processing that follows (the scene's index and the view). With
``--in-view`` the page is scrolled into view first, so that processing paints the boxes.

Prints the median CPU ms of each and their ratio. Usage:
``QT_QPA_PLATFORM=offscreen python bench/layout_overlay.py [--blocks 88] [--rounds 20] [--in-view]``
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--blocks", type=int, default=88)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--in-view", action="store_true", help="scroll each page into view before its boxes arrive")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene, QGraphicsView

    app = QApplication.instance() or QApplication([])
    from explorer.core.layout import Block
    from explorer.core.model import Rect
    from explorer.ui.views.layout_overlay import LAYOUT_CLASSES, BlockItem, LayoutOverlay, OrderBadge

    scene = QGraphicsScene()
    view = QGraphicsView(scene)
    view.resize(900, 800)
    view.show()
    # Pages placed by position with their rectangle at the origin, as the page view does: a
    # page's children are in its local coordinates. (Before, pages were rectangles drawn at
    # y = 800 i from a common origin, so every page's boxes fell on the first page, in view,
    # and each round painted the boxes of all the rounds before it.)
    pages = []
    for i in range(2 * args.rounds + 2):
        page = QGraphicsRectItem(0, 0, 612, 792)
        page.setPos(0, 800 * i)
        pages.append(page)
    scene.setSceneRect(QRectF(0, 0, 612, 800 * len(pages)))  # fixed, as the page view sets it
    for p in pages:
        scene.addItem(p)
    app.processEvents()
    blocks = [Block(0, Rect(50 + (i % 2) * 260, 30 + (i // 2) * 16, 300 + (i % 2) * 260, 44 + (i // 2) * 16),
                    "text" if i % 5 else "section-header", i, text=f"Words of block {i}, here and there")
              for i in range(args.blocks)]

    def built() -> None:
        overlay = LayoutOverlay(blocks, parent=pages.pop())
        overlay.set_visible_classes(LAYOUT_CLASSES)
        overlay.set_show_order(False)
        overlay.setVisible(True)

    def reference() -> None:  # boxes and badges added one by one to a page in the scene
        overlay = LayoutOverlay([], parent=pages.pop())
        pairs = [(BlockItem(b, overlay), OrderBadge(b, overlay)) for b in blocks]
        for _ in range(3):  # visibility applied on building, on the classes and on the order setting
            for item, badge in pairs:
                item.setVisible(True)
                badge.setVisible(False)

    times: dict[str, list[float]] = {"overlay": [], "reference": []}
    for _ in range(args.rounds):
        for name, fn in (("overlay", built), ("reference", reference)):
            if args.in_view:  # the boxes arrive on the page being read: they are painted too
                view.centerOn(pages[-1])
                app.processEvents()
            t = time.thread_time()
            fn()
            app.processEvents()
            times[name].append((time.thread_time() - t) * 1e3)
    new, ref = statistics.median(times["overlay"]), statistics.median(times["reference"])
    where = "in view" if args.in_view else "out of view"
    print(f"layout boxes of a page of {args.blocks} blocks ({where}), median of {args.rounds} (CPU ms of the window's thread): "
          f"overlay {new:.1f}, reference {ref:.1f}, ratio {new / ref:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
