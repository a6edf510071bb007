"""Background lanes: named single-thread executors with Qt task handles.

Why lanes and not a pool: PyMuPDF is not thread-safe and LanceDB wants one writer,
so every call of a kind goes through one thread ("pdf": every PyMuPDF call
including rendering; "compute": embedding, layout, segmentation, titles; "index":
the only LanceDB writer). Workers compute; only the GUI thread mutates state or
touches widgets.

A task is ``fn(*args, progress=..., cancel=...)``. :meth:`Workers.submit` returns a
:class:`TaskHandle` (a QObject living in the GUI thread) whose ``progress``,
``finished``, ``failed`` and ``cancelled`` signals are delivered in the GUI thread.
Cancellation is cooperative (:class:`~explorer.core.progress.CancelToken`); a
cancelled task is silent: once ``cancel()`` was called, neither ``finished`` nor
``failed`` is emitted, so a late answer never overwrites a fresh one. Submitting
with a ``key`` supersedes (cancels) the previous task with the same key: this is
how stale render requests and stale searches are dropped.
"""
from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, Signal, Slot

from explorer.core.progress import CancelToken, Cancelled

log = logging.getLogger(__name__)


def log_task_failure(task: str, lane: str, exc: BaseException, trace: str = "") -> None:
    """A failed task in the log: a :class:`~explorer.core.errors.StrataError` is the user's
    input refused with a clear message (a corrupt file, a chapter list opened as a
    document), said in one line; anything else is a bug, logged with its traceback."""
    from explorer.core.errors import StrataError

    if isinstance(exc, StrataError):
        log.warning("task %r on lane %s: %s", task, lane, exc)
    elif trace:
        log.error("task %r on lane %s failed in the worker process:\n%s", task, lane, trace)
    else:
        log.error("task %r on lane %s failed", task, lane, exc_info=exc)

# "search" is a fourth, read-only lane so that queries never wait behind a long
# analysis (compute) or ingest (index); "plot" prepares the plots' data and "figure"
# draws them with matplotlib (a child process in the application, so the window's
# process never imports matplotlib); "open" loads documents when it and "pdf" are
# process lanes (see explorer.ui.opener: in threads, PyMuPDF work stays on "pdf").
LANES: tuple[str, ...] = ("pdf", "compute", "index", "search", "plot", "figure", "open")
_PROGRESS_INTERVAL = 0.05  # seconds between progress signals (avoid flooding the event loop)


class TaskHandle(QObject):
    """One submitted task. Signals arrive in the GUI thread."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception (already logged with its traceback)
    cancelled = Signal()
    done = Signal()  # after finished, failed or cancelled: the job is over

    _result_ready = Signal(object)
    _error_ready = Signal(object)
    _progress_ready = Signal(float, str)
    _cancel_ready = Signal()

    _ids = itertools.count(1)

    def __init__(self, lane: str, name: str, key: Optional[str] = None, visible: bool = False) -> None:
        super().__init__()
        self.id = next(self._ids)
        self.lane = lane
        self.name = name
        self.key = key
        self.visible = visible
        self.token = CancelToken()
        self.state = "queued"  # queued, running, finished, failed, cancelled
        self.fraction = 0.0
        self.message = ""
        self._last_progress = 0.0
        self.on_cancel: Optional[Callable[[], None]] = None  # set by a process lane to wake its feeder
        self._result_ready.connect(self._on_result_ready)
        self._error_ready.connect(self._on_error_ready)
        self._progress_ready.connect(self._on_progress_ready)
        self._cancel_ready.connect(self._on_cancel_ready)

    # --- API used from the GUI thread -------------------------------------------
    def cancel(self) -> None:
        """Request cancellation; the handle emits ``cancelled`` when the worker lets go."""
        if self.state in ("finished", "failed", "cancelled"):
            return
        self.token.cancel()
        wake = self.on_cancel
        if wake is not None:
            wake()

    @property
    def is_done(self) -> bool:
        return self.state in ("finished", "failed", "cancelled")

    # --- called from the worker thread ------------------------------------------
    def _report(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last_progress >= _PROGRESS_INTERVAL or fraction >= 1.0:
            self._last_progress = now
            self._progress_ready.emit(float(fraction), str(message))

    # --- delivered in the GUI thread --------------------------------------------
    @Slot(object)
    def _on_result_ready(self, result: Any) -> None:
        if self.token.cancelled:
            self._on_cancel_ready()
            return
        self.state = "finished"
        self.fraction = 1.0
        self.finished.emit(result)
        self.done.emit()

    @Slot(object)
    def _on_error_ready(self, exc: BaseException) -> None:
        if self.token.cancelled:
            self._on_cancel_ready()
            return
        self.state = "failed"
        self.failed.emit(exc)
        self.done.emit()

    @Slot(float, str)
    def _on_progress_ready(self, fraction: float, message: str) -> None:
        if self.is_done or self.token.cancelled:
            return
        self.state = "running"
        self.fraction = fraction
        self.message = message
        self.progress.emit(fraction, message)

    @Slot()
    def _on_cancel_ready(self) -> None:
        if self.is_done:
            return
        self.state = "cancelled"
        self.cancelled.emit()
        self.done.emit()


class _Lane:
    """One named worker thread draining a FIFO of (handle, fn, args, kwargs)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.queue: "queue.PriorityQueue[tuple]" = queue.PriorityQueue()
        self._seq = itertools.count()
        self.current: Optional[TaskHandle] = None
        self.thread = threading.Thread(target=self._run, name=f"strata-{name}", daemon=True)
        self.thread.start()

    def put(self, item: Optional[tuple], priority: int = 0) -> None:
        """Queue ``item``; lower ``priority`` runs first, FIFO within a priority."""
        self.queue.put((priority, next(self._seq), item))

    def _run(self) -> None:
        while True:
            _priority, _seq, item = self.queue.get()
            if item is None:
                return
            handle, fn, args, kwargs = item
            if handle.token.cancelled:  # dropped before it started
                handle._cancel_ready.emit()
                continue
            self.current = handle
            try:
                result = fn(*args, progress=handle._report, cancel=handle.token, **kwargs)
            except Cancelled:
                handle._cancel_ready.emit()
            except BaseException as exc:  # noqa: BLE001 - task boundary: log and report
                if handle.token.cancelled:
                    handle._cancel_ready.emit()
                else:
                    log_task_failure(handle.name, self.name, exc)
                    handle._error_ready.emit(exc)
            else:
                handle._result_ready.emit(result)
            finally:
                self.current = None


class Workers(QObject):
    """The lanes of one application. Create once in the composition root."""

    task_submitted = Signal(object)  # TaskHandle

    def __init__(self, lanes: tuple[str, ...] = LANES, parent: Optional[QObject] = None,
                 process_lanes: tuple[str, ...] = ()) -> None:
        """``process_lanes``: lanes whose tasks run in a child process (see :mod:`explorer.ui.proclane`);
        their tasks must be module-level functions with picklable arguments and results."""
        super().__init__(parent)
        from explorer.ui.proclane import ProcessLane

        self._lanes = {name: (ProcessLane(name) if name in process_lanes else _Lane(name)) for name in lanes}
        self._keyed: dict[str, TaskHandle] = {}
        self._live: dict[int, TaskHandle] = {}
        self._closed = False

    def submit(
        self,
        lane: str,
        fn: Callable[..., Any],
        *args: Any,
        name: str = "",
        key: Optional[str] = None,
        visible: bool = False,
        priority: int = 0,
        **kwargs: Any,
    ) -> TaskHandle:
        """Queue ``fn(*args, progress=, cancel=, **kwargs)`` on ``lane``.

        ``key``: a previous unfinished task with the same key is cancelled (its
        result is dropped). ``visible``: the job is shown in the status bar.
        ``priority``: lower runs first among queued tasks of the lane (page renders
        use a negative priority so they never wait behind queued analysis work).
        """
        if self._closed:
            raise RuntimeError("workers are shut down")
        handle = TaskHandle(lane, name or getattr(fn, "__name__", "task"), key=key, visible=visible)
        if key is not None:
            old = self._keyed.get(key)
            if old is not None:
                old.cancel()
            self._keyed[key] = handle
        self._live[handle.id] = handle
        handle.done.connect(lambda h=handle: self._forget(h))
        self.task_submitted.emit(handle)
        self._lanes[lane].put((handle, fn, args, kwargs), priority)
        return handle

    def _forget(self, handle: TaskHandle) -> None:
        self._live.pop(handle.id, None)
        if handle.key is not None and self._keyed.get(handle.key) is handle:
            del self._keyed[handle.key]
        # Deleted here, by its own thread: otherwise the lane's thread, which keeps its last task
        # until the next arrives, could drop the last reference and destroy a QObject of the GUI
        # thread from another thread (a crash). Its Python attributes (state, token) stay readable.
        handle.deleteLater()

    def is_process_lane(self, lane: str) -> bool:
        """Whether ``lane`` runs its tasks in a child process (arguments must pickle)."""
        return type(self._lanes.get(lane)).__name__ == "ProcessLane"

    @property
    def closed(self) -> bool:
        """True after :meth:`shutdown`: nothing more can be submitted."""
        return self._closed

    def live_tasks(self) -> list[TaskHandle]:
        return list(self._live.values())

    def cancel_all(self) -> None:
        for handle in list(self._live.values()):
            handle.cancel()

    def busy(self) -> bool:
        return any(lane.current is not None or not lane.queue.empty() for lane in self._lanes.values())

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancel everything, stop the threads and wait for them (on quit). True if all stopped."""
        if self._closed:
            return True
        self._closed = True
        self.cancel_all()
        for lane in self._lanes.values():
            lane.put(None, priority=-1_000_000)
        deadline = time.monotonic() + timeout
        ok = True
        for lane in self._lanes.values():
            lane.thread.join(max(0.0, deadline - time.monotonic()))
            if lane.thread.is_alive():
                log.warning("lane %s still busy at shutdown", lane.name)
                ok = False
        return ok


class Generation:
    """A counter to drop stale results: take ``next()`` when asking, compare on arrival."""

    def __init__(self) -> None:
        self._value = 0

    def next(self) -> int:
        self._value += 1
        return self._value

    def is_current(self, value: int) -> bool:
        return value == self._value

    @property
    def value(self) -> int:
        return self._value
