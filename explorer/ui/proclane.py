"""A lane whose tasks run in a child Python process instead of a thread.

Why: worker threads share the interpreter lock with the GUI thread, and the analysis
(layout model, embeddings, segmentation) is long Python work; on a loaded machine the
GUI thread then waited hundreds of milliseconds for the lock, many times per minute.
A child process has its own interpreter, so the window only receives the results.

Same interface as a thread lane (``put``, ``current``, ``queue``, ``thread``): one
thread in this process feeds the child one task at a time, forwards its progress,
result or error to the task's :class:`~explorer.ui.workers.TaskHandle`, and sends a
cancel message when the handle's token is cancelled. Tasks must be module-level
functions with picklable arguments and results, or bound methods of picklable
objects (the object travels with the arguments, e.g.
:class:`explorer.ui.proc_pdf.RemotePdf`). A child that dies is restarted for
the next task; the task it was running fails with a clear message.
"""
from __future__ import annotations

import inspect
import itertools
import logging
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from typing import Optional

from explorer.ui.gc_landing import landing
from explorer.ui.pickle_parts import parts_size, unpack

log = logging.getLogger(__name__)

# How much lower than the window's the child's scheduling priority is (its nice increment, and
# its session group's where the kernel groups by session): analysis and indexing yield the CPU
# on a busy machine. Pages, the document and the layout of the page in view are what the reader
# waits for, so those lanes keep the window's priority (and the plots' pictures, drawn
# in tens of milliseconds as chapters are edited). What keeps the window's own thread
# responsive is the child's separate session (see _start_child).
LANE_NICE = {"pdf": 0, "open": 0, "layout": 0, "figure": 0}
DEFAULT_NICE = 5
_PIPE_SIZE = 1 << 20  # bytes (Linux's default ceiling for an unprivileged pipe)
_SAFETY_POLL = 2.0  # seconds; a cancel normally wakes the feeder at once (TaskHandle.on_cancel)


def _widen_pipe(stream) -> None:  # noqa: ANN001
    """Let the child's answers (a rendered page is megabytes) arrive in few reads: each read
    takes the interpreter lock back from the window's thread (Linux; a no-op elsewhere)."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_SIZE)
    except (ImportError, OSError, ValueError):
        pass


CHILD_FLAG = "--strata-lane-child"


def child_command() -> list[str]:
    """How to start a lane's child: ``python -m explorer.ui.proc_child``, or in a frozen
    build (PyInstaller: no ``-m``) the application itself with :data:`CHILD_FLAG`, which
    ``main.py`` hands to :func:`explorer.ui.proc_child.main`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", "explorer.ui.proc_child"]


class ProcessLane:
    def __init__(self, name: str) -> None:
        self.name = name
        self.queue: "queue.PriorityQueue[tuple]" = queue.PriorityQueue()
        self._seq = itertools.count()
        self._ids = itertools.count(1)
        self.current = None
        self._proc: Optional[subprocess.Popen] = None
        self._inbox: "queue.Queue[tuple]" = queue.Queue()
        self.thread = threading.Thread(target=self._run, name=f"strata-{name}", daemon=True)
        self.thread.start()

    def put(self, item: Optional[tuple], priority: int = 0) -> None:
        self.queue.put((priority, next(self._seq), item))

    # --- child process -------------------------------------------------------------
    def _start_child(self) -> subprocess.Popen:
        env = dict(os.environ)
        # the child sees the modules this process sees (a source checkout, test folders)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        paths = [root] + [p for p in sys.path if p and os.path.isdir(p)]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
        env.setdefault("STRATA_BACKGROUND_NICE", str(LANE_NICE.get(self.name, DEFAULT_NICE)))
        # A session of its own: where the kernel groups processes by session for scheduling
        # (autogroup), a busy child in the window's session delayed every wake-up of the
        # window's thread by up to 150 ms; in its own session it competes as a separate group.
        # (The child still ends with the window: it exits when its stdin closes.)
        proc = subprocess.Popen(child_command(), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env=env, start_new_session=True)
        _widen_pipe(proc.stdout)
        self._inbox = queue.Queue()
        threading.Thread(target=self._read_child, args=(proc, self._inbox), name=f"strata-{self.name}-reader",
                         daemon=True).start()
        log.info("lane %s: child process %d started", self.name, proc.pid)
        return proc

    @staticmethod
    def _read_child(proc: subprocess.Popen, inbox: "queue.Queue[tuple]") -> None:
        stream = proc.stdout
        while True:
            head = stream.read(4)
            if len(head) < 4:
                inbox.put(("eof",))
                return
            (n,) = struct.unpack("!I", head)
            try:
                msg = pickle.loads(stream.read(n))
                if msg[0] == "done":  # big results come in parts: load them without holding the lock long
                    with landing(parts_size(msg[2])):  # and keep their objects out of the collector's scans
                        msg = (msg[0], msg[1], unpack(msg[2]))
                inbox.put(msg)
            except Exception as exc:  # noqa: BLE001 - a message that does not unpickle here
                inbox.put(("error", None, RuntimeError(f"a message from the worker process was unreadable: {exc}"), ""))

    def _send(self, msg: tuple) -> None:
        data = pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.write(struct.pack("!I", len(data)) + data)
        self._proc.stdin.flush()

    # --- feeding loop --------------------------------------------------------------
    def _run(self) -> None:
        while True:
            _priority, _seq, item = self.queue.get()
            if item is None:
                self._stop_child()
                return
            handle, fn, args, kwargs = item
            if handle.token.cancelled:
                handle._cancel_ready.emit()
                continue
            self.current = handle
            try:
                self._run_one(handle, fn, args, kwargs)
            finally:
                self.current = None

    def _run_one(self, handle, fn, args, kwargs) -> None:  # noqa: ANN001
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._start_child()
        task_id = next(self._ids)
        if inspect.ismethod(fn):  # a bound method: send its object as the first argument
            owner = type(fn.__self__)
            target = (owner.__module__, f"{owner.__qualname__}.{fn.__name__}", (fn.__self__, *args))
        else:
            target = (fn.__module__, fn.__qualname__, args)
        try:
            self._send(("run", task_id, *target, kwargs))
        except Exception as exc:  # noqa: BLE001 - arguments that do not pickle, or a dead child
            log.error("task %r could not be sent to lane %s", handle.name, self.name, exc_info=exc)
            handle._error_ready.emit(exc)
            return
        cancel_sent = False
        inbox = self._inbox
        # Wait for the child's messages without polling: a cancel wakes this thread. Every wake-up
        # takes the interpreter lock the window's thread needs, so idle waiting must not wake.
        handle.on_cancel = lambda: inbox.put(("wake",))
        while True:
            if handle.token.cancelled and not cancel_sent:
                cancel_sent = True
                try:
                    self._send(("cancel", task_id))
                except OSError:
                    pass
            try:
                msg = inbox.get(timeout=_SAFETY_POLL)
            except queue.Empty:
                continue
            kind = msg[0]
            if kind == "progress" and msg[1] == task_id:
                handle._report(msg[2], msg[3])
            elif kind == "done" and msg[1] == task_id:
                handle._result_ready.emit(msg[2])
                return
            elif kind == "cancelled" and msg[1] == task_id:
                handle._cancel_ready.emit()
                return
            elif kind == "error" and msg[1] in (task_id, None):
                if handle.token.cancelled:
                    handle._cancel_ready.emit()
                else:
                    from explorer.ui.workers import log_task_failure

                    log_task_failure(handle.name, self.name, msg[2], msg[3])
                    handle._error_ready.emit(msg[2])
                return
            elif kind == "eof":
                self._proc = None
                if handle.token.cancelled:
                    handle._cancel_ready.emit()
                else:
                    handle._error_ready.emit(RuntimeError("the worker process stopped unexpectedly; see the log"))
                return

    def _stop_child(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            self._send_to(proc, ("quit",))
            proc.stdin.close()  # EOF ends the child even while it is busy
        except OSError:
            pass
        try:
            proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            proc.kill()

    @staticmethod
    def _send_to(proc: subprocess.Popen, msg: tuple) -> None:
        data = pickle.dumps(msg)
        proc.stdin.write(struct.pack("!I", len(data)) + data)
        proc.stdin.flush()
