"""Responsiveness of the window: launch -> first page, and event-loop stalls while a
long PDF is opened, rendered, analysed and indexed in the window.

1. Launch to first page: ``python main.py PDF --exit-after-first-page`` in a fresh
   process, timed from spawn until page 1 is drawn (median of ``--launches`` runs).
2. Ingest in the window: the real MainWindow opens the PDF (default: the 400-page IRS
   manual from ../shared/data) while a 10 ms QTimer heartbeat records the gaps between
   its ticks; the page view is scrolled a page every 250 ms, as a reader would. The
   run ends when analysis and indexing have finished (or failed). The longest gap
   minus the 10 ms period is the longest stall of the event loop.

Targets (issue 6): longest stall < 100 ms; launch to first page < 2 s.

Diagnosis printed with the figures: for each gap > 50 ms, the GUI thread's own CPU
time during it and the time it waited, runnable, for a CPU (Linux schedstat): a
stall made of that wait is other processes' load, not the window's work.
``--slow-handlers`` lists the handlers the event loop ran for more than 30 ms on the
GUI thread (the profile hook slows that thread, so stalls read higher with it).
``--trace-stalls FILE`` also samples every thread's Python stack while the loop is
late (it can only sample when no C call holds the interpreter lock; ``py-spy
record --gil`` shows those).
Usage: ``python bench/ui_responsiveness.py [--pdf PATH] [--embedder st|hashing] [--launches 3] [--busy N]``
``--busy N`` runs the ingest beside N processes spinning on the cores (a busy machine);
``--qt-gui-thread-pool`` leaves Qt's GUI thread pool on in the window, for reference
(``explorer.app.set_qt_environment`` turns it off); ``--pyside-source-check`` keeps
PySide6's own per-import check (``explorer.ui.pyside_imports``), for reference.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PDF = ROOT.parent / "shared" / "data" / "pdfs" / "report_irs_irm_2.3.59_400p.pdf"
HEARTBEAT_MS = 10


def launch_to_first_page(pdf: Path, runs: int, env: dict) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.time()
        proc = subprocess.run([sys.executable, str(ROOT / "main.py"), str(pdf), "--exit-after-first-page"],
                              capture_output=True, text=True, env=env, timeout=120)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("first-page ")), None)
        if line is None:
            print(f"  launch failed: {proc.stdout[-300:]} {proc.stderr[-500:]}")
            continue
        times.append(float(line.split()[1]) - t0)
    return times


@contextlib.contextmanager
def spinning(count: int) -> Iterator[None]:
    """``count`` processes spinning on the cores meanwhile: a machine busy with other work."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for proc in spinners:
            proc.kill()
            proc.wait()


def _schedstat(tid: int | str) -> tuple[int, int]:
    """(ns on a CPU, ns runnable but waiting for one) of thread ``tid`` of this process
    (Linux schedstat); raises OSError or ValueError where there is none."""
    with open(f"/proc/self/task/{tid}/schedstat", "rb") as fh:
        run, wait = (int(v) for v in fh.read().split()[:2])
    return run, wait


def _runqueue_wait() -> float:
    """Seconds the calling thread has spent runnable but waiting for a CPU (Linux
    schedstat; 0 elsewhere): a stall made of this is other processes' load, not ours."""
    try:
        return _schedstat(threading.get_native_id())[1] / 1e9
    except (OSError, ValueError):
        return 0.0


def _thread_counters() -> dict[int, tuple[int, int, int]]:
    """Per thread of this process: (ns on a CPU, ns waiting for one, major page faults),
    from Linux's /proc."""
    out: dict[int, tuple[int, int, int]] = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            run, wait = _schedstat(tid)
            with open(f"/proc/self/task/{tid}/stat", "rb") as fh:
                majflt = int(fh.read().rsplit(b")", 1)[1].split()[9])
        except (OSError, ValueError, IndexError):
            continue
        out[int(tid)] = (run, wait, majflt)
    return out


# x86-64 numbers of the system calls a blocked window thread is likely to be in
_SYSCALLS = {0: "read", 1: "write", 3: "close", 7: "poll", 9: "mmap", 11: "munmap", 12: "brk",
             16: "ioctl", 23: "select", 25: "mremap", 28: "madvise", 35: "nanosleep", 74: "fsync",
             75: "fdatasync", 82: "rename", 202: "futex", 232: "epoll_wait", 257: "openat",
             270: "pselect6", 271: "ppoll", 281: "epoll_pwait"}


def _kernel_state(tid: int) -> str:
    """Where the kernel has thread ``tid`` of this process: its state, the system call it
    is in (if any) and the kernel function it sleeps in: a thread blocked outside the
    interpreter shows here (futex: waiting for a lock, such as the interpreter's)."""
    try:
        with open(f"/proc/self/task/{tid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0].decode()
        with open(f"/proc/self/task/{tid}/syscall", "rb") as fh:
            call = fh.read().split()
        with open(f"/proc/self/task/{tid}/wchan", "rb") as fh:
            wchan = fh.read().decode() or "-"
    except (OSError, IndexError):
        return "?"
    if call and call[0].lstrip(b"-").isdigit():
        number = int(call[0])
        name = _SYSCALLS.get(number, f"syscall {number}")
    else:
        name = call[0].decode() if call else "?"
    return f"{state} in {name} ({wchan})"


def _comm(tid: int) -> str:
    try:
        with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as fh:
            return f"{fh.read().strip()} ({tid})"
    except OSError:
        return str(tid)


class _StallTracer:
    """Diagnosis only: a watchdog thread samples every thread's Python stack while the
    heartbeat is late (> 60 ms), so each long gap is written with what ran meanwhile."""

    def __init__(self, path: str) -> None:
        import threading

        self._out = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._last = time.monotonic()
        self._samples: list[str] = []
        self._snaps: list[tuple[float, dict[int, tuple[int, int, int]]]] = []  # (when, _thread_counters())
        self._stop = threading.Event()
        self._main = threading.main_thread().ident
        self._thread = threading.Thread(target=self._watch, name="stall-tracer", daemon=True)
        self._thread.start()

    def beat(self) -> None:
        self._last = time.monotonic()

    def gap(self, at: float, gap_ms: float, cpu_ms: float, queued_ms: float) -> None:
        samples, self._samples = self._samples, []
        self._out.write(f"=== gap {gap_ms:.0f} ms ending at {at:.2f} s, GUI-thread CPU {cpu_ms:.0f} ms, "
                        f"waiting for a CPU {queued_ms:.0f} ms, "
                        f"{len(samples)} samples\n")
        # What ran meanwhile, from the kernel's counters, which a thread holding the
        # interpreter lock (no Python stack can be sampled then) does not hide: each thread's
        # time on a CPU since the last snapshot before the gap, and the window thread's
        # page faults that waited for the disk.
        start = time.monotonic() - gap_ms / 1e3
        before = next((snap for when, snap in reversed(self._snaps) if when <= start), None)
        if before is not None:
            after = _thread_counters()
            names = {t.native_id: t.name for t in threading.enumerate()}
            ran = sorted(((after[t][0] - before[t][0]) / 1e6, t) for t in after if t in before)
            busy = ", ".join(f"{names.get(t) or _comm(t)} {ms:.0f} ms" for ms, t in reversed(ran) if ms >= 2)
            # a thread that holds the interpreter lock while it waits for a CPU stalls the window too
            queued = sorted(((after[t][1] - before[t][1]) / 1e6, t) for t in after if t in before)
            waiting = ", ".join(f"{names.get(t) or _comm(t)} {ms:.0f} ms" for ms, t in reversed(queued) if ms >= 5)
            main = threading.main_thread().native_id
            faults = after.get(main, (0, 0, 0))[2] - before.get(main, (0, 0, 0))[2]
            self._out.write(f"  on a CPU meanwhile: {busy or 'no thread of this process'}; "
                            f"waiting for a CPU: {waiting or 'none'}; window thread's major page faults: {faults}\n")
        for s in samples:
            self._out.write(s)
        self._out.flush()

    def _watch(self) -> None:
        import sys
        import threading
        import traceback

        names = {}
        main_tid = threading.main_thread().native_id
        while not self._stop.wait(0.02):
            late = time.monotonic() - self._last
            if late < 0.03:
                self._snaps.append((time.monotonic(), _thread_counters()))
                del self._snaps[:-10]
            if late < 0.06:
                if self._samples and late < 0.03:
                    self._samples = self._samples[-40:]
                continue
            names.update({t.ident: t.name for t in threading.enumerate()})
            lines = [f"  -- sample at +{late * 1e3:.0f} ms; window thread {_kernel_state(main_tid)}\n"]
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)
                top = stack[-1]
                if top.name in ("wait", "get", "_wait_for_tstate_lock", "select", "readinto") and ident != self._main:
                    continue
                where = " <- ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in reversed(stack[-7:]))
                lines.append(f"    {names.get(ident, ident)}: {where}\n")
            self._samples.append("".join(lines))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._out.close()


class _SlowHandlers:
    """Diagnosis: every handler the event loop calls on the GUI thread (a Python function
    entered from Qt) that runs longer than ``limit`` seconds, with when and how long. A
    stall with the GUI thread's own CPU in it is one of these; one without is a lock."""

    def __init__(self, limit: float = 0.03) -> None:
        self.limit = limit
        self.loop_frame = None
        self.slow: list[tuple[float, float, str]] = []  # at s, ms, where
        self._open: dict[int, float] = {}
        self.t0 = time.perf_counter()

    def __call__(self, frame, event, _arg) -> None:  # noqa: ANN001
        if frame.f_back is not self.loop_frame or self.loop_frame is None:
            return
        if event == "call":
            self._open[id(frame)] = time.perf_counter()
        elif event == "return":
            start = self._open.pop(id(frame), None)
            if start is not None and time.perf_counter() - start > self.limit:
                code = frame.f_code
                self.slow.append((start - self.t0, (time.perf_counter() - start) * 1e3,
                                  f"{os.path.relpath(code.co_filename, ROOT)}:{code.co_firstlineno} {code.co_qualname}"))


def ingest_in_window(pdf: Path, timeout: float, trace_stalls: str = "", slow_handlers: bool = False,
                     pyside_source_check: bool = False) -> dict:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from explorer.ui.pyside_imports import lighten_pyside_import_check

    if not pyside_source_check:
        lighten_pyside_import_check()  # as explorer.app.main does
    from explorer.ui.main_window import MainWindow
    from explorer.ui.workers import Workers

    from explorer.app import PROCESS_LANES

    workers = Workers(process_lanes=PROCESS_LANES)  # as the application runs them
    win = MainWindow(workers)
    win.resize(1300, 900)
    win.show()
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    cpu_last = [time.thread_time()]
    queued_last = [_runqueue_wait()]
    # (at s, gap ms, GUI-thread CPU ms during it, ms it waited for a CPU: other processes' load)
    long_gaps: list[tuple[float, float, float, float]] = []
    tracer = _StallTracer(trace_stalls) if trace_stalls else None

    def tick() -> None:
        now = clock.nsecsElapsed()
        cpu = time.thread_time()
        queued = _runqueue_wait()
        gap = (now - last[0]) / 1e6
        gaps.append(gap)
        if gap - HEARTBEAT_MS > 50:
            entry = (time.perf_counter() - t0, gap - HEARTBEAT_MS, (cpu - cpu_last[0]) * 1e3,
                     (queued - queued_last[0]) * 1e3)
            long_gaps.append(entry)
            if tracer is not None:
                tracer.gap(*entry)
        last[0] = now
        cpu_last[0] = cpu
        queued_last[0] = queued
        if tracer is not None:
            tracer.beat()

    heartbeat = QTimer()
    heartbeat.setTimerType(heartbeat.timerType().PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(tick)
    marks: dict[str, float] = {}
    t0 = time.perf_counter()
    state = {"session": None, "done": False}

    def on_opened(session) -> None:  # noqa: ANN001
        marks["loaded"] = time.perf_counter() - t0
        state["session"] = session
        session.analysis_finished.connect(lambda _a: marks.setdefault("analysed", time.perf_counter() - t0))
        def on_failed(message: str) -> None:
            marks.setdefault("analysis failed", time.perf_counter() - t0)
            state.update(done=True, error=message or "cancelled")

        session.analysis_failed.connect(on_failed)

    def on_indexed(_session) -> None:  # noqa: ANN001
        marks["indexed"] = time.perf_counter() - t0
        state["done"] = True

    def on_rendered(index: int) -> None:
        if index == 0:
            marks.setdefault("first page", time.perf_counter() - t0)

    win.document_opened.connect(on_opened)
    win.analysis.indexing_finished.connect(on_indexed)
    win.page_view.page_rendered.connect(on_rendered)
    scroller = QTimer()
    scroller.setInterval(250)
    scroller.timeout.connect(lambda: win.page_view.verticalScrollBar().setValue(
        win.page_view.verticalScrollBar().value() + win.page_view.viewport().height()))
    heartbeat.start()
    scroller.start()
    gc_pauses: list[tuple[float, float, int, str]] = []  # at s, ms, generation, thread
    gc_started: dict[int, float] = {}

    def on_gc(phase: str, info: dict) -> None:
        ident = threading.get_ident()
        if phase == "start":
            gc_started[ident] = time.perf_counter()
        elif ident in gc_started:
            start = gc_started.pop(ident)
            ms = (time.perf_counter() - start) * 1e3
            if ms > 20:
                gc_pauses.append((start - t0, ms, info.get("generation", -1), threading.current_thread().name))

    gc.callbacks.append(on_gc)
    slow = _SlowHandlers() if slow_handlers else None
    if slow is not None:
        slow.t0 = t0
        slow.loop_frame = sys._getframe()
        sys.setprofile(slow)
    win.open_path(str(pdf))
    deadline = time.monotonic() + timeout
    while not state["done"] and time.monotonic() < deadline:
        loop = QEventLoop()
        QTimer.singleShot(100, loop.quit)
        loop.exec()
    sys.setprofile(None)
    gc.callbacks.remove(on_gc)
    heartbeat.stop()
    scroller.stop()
    if tracer is not None:
        tracer.close()
    session = state["session"]
    result = {
        "marks": marks,
        "stall_max": max(gaps) - HEARTBEAT_MS if gaps else float("nan"),
        "stall_p99": (sorted(gaps)[int(0.99 * (len(gaps) - 1))] - HEARTBEAT_MS) if gaps else float("nan"),
        "stalls_over_100": sum(1 for g in gaps if g - HEARTBEAT_MS > 100),
        "ticks": len(gaps),
        "long_gaps": long_gaps,
        "gui_cpu": time.thread_time(),
        "pages": session.document.page_count if session else 0,
        "sentences": len(session.document.sentences) if session else 0,
        "chapters": len(session.chapters) if session else 0,
        "finished": state["done"] and "error" not in state,
        "error": state.get("error", ""),
        "slow_handlers": slow.slow if slow is not None else [],
        "gc_pauses": gc_pauses,
    }
    win.close()
    workers.shutdown(timeout=30)
    return result


def _autogroup_nice() -> int:
    """The nice value of this session's scheduling group (Linux autogroup; 0 elsewhere). A
    process that lowers its own group's weight without a session of its own (a test that ran
    a lane child in place, session 20) leaves every later run in that terminal skewed."""
    try:
        with open("/proc/self/autogroup", encoding="ascii") as fh:
            return int(fh.read().split("nice")[-1])
    except (OSError, ValueError):
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--embedder", default=os.environ.get("STRATA_EMBEDDER", "onnx"),
                        help="onnx (default), st or hashing")
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds to wait for analysis and indexing")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--trace-stalls", default="", metavar="FILE",
                        help="diagnosis: dump every thread's stack to FILE when the loop stalls > 80 ms")
    parser.add_argument("--busy", type=int, default=0,
                        help="processes spinning on the cores during the ingest (a machine busy with other work)")
    parser.add_argument("--qt-gui-thread-pool", action="store_true",
                        help="reference: leave Qt's GUI thread pool on in the window (explorer.app turns it off)")
    parser.add_argument("--pyside-source-check", action="store_true",
                        help="reference: keep PySide6's own per-import check in the window (explorer.app lightens it)")
    parser.add_argument("--slow-handlers", action="store_true",
                        help="diagnosis: list the GUI thread's handlers that ran > 30 ms (slows the thread)")
    args = parser.parse_args()
    if not args.pdf.is_file():
        print(f"ui_responsiveness: {args.pdf} not found (needs ../shared/data); skipped")
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["STRATA_EMBEDDER"] = args.embedder
    if not args.qt_gui_thread_pool:
        from explorer.app import set_qt_environment

        set_qt_environment()  # as explorer.app.main does (the launches run main.py itself)
    data = tempfile.mkdtemp(prefix="strata-bench-ui-")
    os.environ["STRATA_DATA_DIR"] = data  # a fresh library: a real first ingest
    env = dict(os.environ)
    print(f"ui_responsiveness: {args.pdf.name}, embedder={args.embedder}, data={data}")
    weight = _autogroup_nice()
    if weight:
        print(f"  WARNING: this session's scheduling group runs at nice {weight} (/proc/self/autogroup): "
              "the window competes with the lanes at less than its usual weight and stalls read long; "
              "`echo 0 > /proc/self/autogroup` (or a fresh terminal) restores it")
    times = launch_to_first_page(args.pdf, args.launches, env)
    if times:
        print(f"launch -> first page: median {statistics.median(times):.2f} s over {len(times)} runs "
              f"(min {min(times):.2f}, max {max(times):.2f}); target < 2 s: "
              f"{'PASS' if statistics.median(times) < 2 else 'FAIL'}")
    if args.skip_ingest:
        return 0
    with spinning(args.busy):
        r = ingest_in_window(args.pdf, args.timeout, args.trace_stalls, args.slow_handlers, args.pyside_source_check)
    marks = ", ".join(f"{k} {v:.1f} s" for k, v in r["marks"].items())
    print(f"ingest in the window{f' beside {args.busy} spinning processes' if args.busy else ''}: {r['pages']} pages, {r['sentences']} sentences, {r['chapters']} chapters; {marks}")
    if r["error"]:
        print(f"  analysis error: {r['error']}")
    print(f"event loop: longest stall {r['stall_max']:.0f} ms, p99 {r['stall_p99']:.0f} ms, "
          f"{r['stalls_over_100']} stalls > 100 ms over {r['ticks']} ticks; target < 100 ms: "
          f"{'PASS' if r['stall_max'] < 100 else 'FAIL'}")
    if r["long_gaps"]:
        worst = sorted(r["long_gaps"], key=lambda g: -g[1])[:12]
        print(f"  {len(r['long_gaps'])} gaps > 50 ms; the longest (at s: stall ms / GUI-thread CPU ms / "
              "ms waiting for a CPU): " + ", ".join(
                  f"{at:.1f}: {gap:.0f}/{cpu:.0f}/{q:.0f}" for at, gap, cpu, q in worst))
        own = [gap - q for _at, gap, _cpu, q in r["long_gaps"]]
        print(f"  longest stall less its wait for a CPU (other processes' load): {max(own):.0f} ms")
    print(f"  GUI-thread CPU over the run: {r['gui_cpu']:.1f} s")
    pauses = r["gc_pauses"]
    print(f"  garbage collections > 20 ms (they hold the interpreter lock): {len(pauses)}" + (
        "; " + ", ".join(f"{at:.1f} s: {ms:.0f} ms gen {gen} on {name}"
                         for at, ms, gen, name in sorted(pauses, key=lambda p: -p[1])[:8]) if pauses else ""))
    for at, ms, where in sorted(r["slow_handlers"], key=lambda h: -h[1])[:15]:
        print(f"  slow handler at {at:.1f} s: {ms:.0f} ms {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
