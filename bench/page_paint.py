"""Painting pages with and without Qt's GUI thread pool, on a quiet and on a busy machine.

Qt splits large fills and image scalings among the threads of a pool and the window's
thread waits for them. Strata turns the pool off (``explorer.app.set_qt_environment``):
while analysis and indexing keep the cores busy, those threads wait for a CPU and the
window waits with them. This bench shows why, in one invocation: for each configuration
a fresh process (the pool is chosen once per process) paints six page items, drawn the
way the page view draws them, scrolled to a new place before each paint, while ``busy``
processes (at the scheduling priority of the layout lane, nice 0) spin on the cores.

Printed per case: the paint's wall time (median, 90th percentile, worst), the window
thread's CPU time, the pool threads' CPU time per paint, and the ratio of the medians
(pool off / pool on).

Usage: ``QT_QPA_PLATFORM=offscreen python bench/page_paint.py [--rounds 100] [--busy 0 2 4]``
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from ui_responsiveness import _autogroup_nice, _comm, _thread_counters, spinning  # noqa: E402 - the same /proc readers and load

# (view zoom, render scale): the image drawn 1:1, as the page view asks for it; a page
# rendered at a rounded scale (the view rounds to 3 decimals); a zoomed-in page shown from
# a render that is near enough to keep
CASES = ((0.8, 0.8), (0.8, 0.801), (2.0, 1.9))


def _pool_threads_cpu_ms() -> float:
    """CPU time of Qt's pool threads in this process (Linux's /proc; 0 elsewhere)."""
    # Qt names its pool threads "Thread (pooled)"
    return sum(run for tid, (run, _wait, _faults) in _thread_counters().items() if "pooled" in _comm(tid)) / 1e6


def paint_in_this_process(zoom: float, render: float, busy: int, rounds: int) -> dict:
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    sys.path.insert(0, str(ROOT))
    from explorer.ui.views.page_view import PageItem

    app = QApplication.instance() or QApplication([])
    scene = QGraphicsScene()
    for i in range(6):
        page = PageItem(i, 612, 792)
        page.setPos(0, i * 800)
        image = QImage(int(612 * render), int(792 * render), QImage.Format.Format_RGB32)
        image.fill(QColor(250, 250, 250))
        painter = QPainter(image)
        painter.setPen(QColor(0, 0, 0))
        for y in range(0, image.height(), 14):
            painter.drawText(10, y, "The quick brown fox jumps over the lazy dog " * 4)
        painter.end()
        page.set_image(image, render)
        scene.addItem(page)
    view = QGraphicsView(scene)
    view.resize(1300, 900)
    view.scale(zoom, zoom)
    view.show()
    app.processEvents()
    with spinning(busy):
        time.sleep(0.5 if busy else 0.0)
        walls, cpus = [], []
        pool_before = _pool_threads_cpu_ms()
        for r in range(rounds):
            view.verticalScrollBar().setValue((r * 97) % 3000)
            wall, cpu = time.perf_counter(), time.thread_time()
            view.viewport().repaint()
            walls.append((time.perf_counter() - wall) * 1e3)
            cpus.append((time.thread_time() - cpu) * 1e3)
        pool = (_pool_threads_cpu_ms() - pool_before) / rounds
    walls.sort()
    return {"median": statistics.median(walls), "p90": walls[int(0.9 * (len(walls) - 1))], "max": walls[-1],
            "cpu": statistics.median(cpus), "pool": pool}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--busy", type=int, nargs="+", default=[0, 2, 4],
                        help="how many spinning processes share the cores, per run")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        zoom, render, busy, rounds = float(args.child[0]), float(args.child[1]), int(args.child[2]), int(args.child[3])
        print(json.dumps(paint_in_this_process(zoom, render, busy, rounds)))
        return 0
    print(f"page_paint: {args.rounds} paints a case, {os.cpu_count()} CPUs")
    weight = _autogroup_nice()
    if weight:
        print(f"  WARNING: this session's scheduling group runs at nice {weight} (/proc/self/autogroup): "
              "under --busy the paints compete at less than their usual weight")
    for busy in args.busy:
        for zoom, render in CASES:
            result = {}
            for pool in ("on", "off"):
                env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
                env.pop("QT_NO_GUI_THREADPOOL", None)
                if pool == "off":
                    env["QT_NO_GUI_THREADPOOL"] = "1"
                out = subprocess.run([sys.executable, __file__, "--child", str(zoom), str(render), str(busy),
                                      str(args.rounds)], capture_output=True, text=True, env=env, check=True).stdout
                result[pool] = json.loads(out.strip().splitlines()[-1])
            line = "; ".join(f"pool {pool}: {r['median']:.1f} / {r['p90']:.1f} / {r['max']:.1f} ms "
                             f"(window thread {r['cpu']:.1f} ms, pool threads {r['pool']:.1f} ms)"
                             for pool, r in result.items())
            print(f"busy {busy}, zoom {zoom}, rendered at {render}: paint median / p90 / worst: {line}; "
                  f"off/on median {result['off']['median'] / result['on']['median']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
