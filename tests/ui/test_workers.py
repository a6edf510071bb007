"""Worker lanes: results in the GUI thread, cancel is silent, stale results are dropped."""
from __future__ import annotations

import threading
import time

import pytest

from explorer.core.errors import LoadError


def test_result_progress_and_thread(qtbot, workers):
    seen = {}

    def job(x, *, progress, cancel):
        seen["thread"] = threading.current_thread().name
        progress(1.0, "done")
        return x * 2

    handle = workers.submit("compute", job, 21, name="double")
    with qtbot.waitSignal(handle.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [42]
    assert seen["thread"] == "strata-compute"
    assert handle.state == "finished"


def test_failure_is_reported_not_raised(qtbot, workers):
    def job(*, progress, cancel):
        raise LoadError("the file is empty (0 bytes)")

    handle = workers.submit("pdf", job)
    with qtbot.waitSignal(handle.failed, timeout=5000) as blocker:
        pass
    assert str(blocker.args[0]) == "the file is empty (0 bytes)"


def test_cancel_is_silent_and_cooperative(qtbot, workers):
    started = threading.Event()

    def job(*, progress, cancel):
        started.set()
        for _ in range(500):
            cancel.check()
            time.sleep(0.01)
        return "late"

    handle = workers.submit("compute", job)
    finished = []
    handle.finished.connect(finished.append)
    assert started.wait(5)
    with qtbot.waitSignal(handle.cancelled, timeout=5000):
        handle.cancel()
    assert finished == []


def test_same_key_supersedes_stale_request(qtbot, workers):
    gate = threading.Event()

    def slow(value, *, progress, cancel):
        gate.wait(5)
        return value

    results = []
    first = workers.submit("pdf", slow, "old", key="render:1")
    first.finished.connect(results.append)
    second = workers.submit("pdf", slow, "new", key="render:1")
    second.finished.connect(results.append)
    gate.set()
    qtbot.waitUntil(lambda: second.is_done, timeout=5000)
    qtbot.wait(50)
    assert results == ["new"]
    assert first.state == "cancelled"


def test_shutdown_cancels_and_joins(workers):
    def forever(*, progress, cancel):
        while True:
            cancel.check()
            time.sleep(0.01)

    workers.submit("index", forever)
    time.sleep(0.05)
    assert workers.shutdown(timeout=5)
    with pytest.raises(RuntimeError):
        workers.submit("index", forever)


# --- process lanes: module-level tasks the child process can import --------------------
def square_with_progress(x, *, progress, cancel):
    for i in range(3):
        progress(i / 3, f"step {i}")
        time.sleep(0.06)
    return x * x


def fail_clearly(*, progress, cancel):
    raise LoadError("page 3 has no text layer")


def wait_for_cancel(*, progress, cancel):
    for _ in range(1000):
        cancel.check()
        time.sleep(0.01)
    return "too late"


def die(*, progress, cancel):
    import os

    os._exit(3)


def test_process_lane_runs_tasks_in_a_child(qtbot):
    from explorer.ui.workers import Workers

    workers = Workers(lanes=("compute",), process_lanes=("compute",))
    try:
        h = workers.submit("compute", square_with_progress, 7)
        steps = []
        h.progress.connect(lambda f, m: steps.append(m))
        with qtbot.waitSignal(h.finished, timeout=60000) as blocker:
            pass
        assert blocker.args == [49]
        assert steps  # progress crossed the process boundary
        h = workers.submit("compute", fail_clearly)
        with qtbot.waitSignal(h.failed, timeout=30000) as blocker:
            pass
        assert isinstance(blocker.args[0], LoadError) and "no text layer" in str(blocker.args[0])
        h = workers.submit("compute", wait_for_cancel)
        qtbot.wait(300)
        with qtbot.waitSignal(h.cancelled, timeout=30000):
            h.cancel()
        h = workers.submit("compute", die)
        with qtbot.waitSignal(h.failed, timeout=30000) as blocker:
            pass
        assert "stopped unexpectedly" in str(blocker.args[0])
        h = workers.submit("compute", square_with_progress, 3)  # a new child takes over
        with qtbot.waitSignal(h.finished, timeout=60000) as blocker:
            pass
        assert blocker.args == [9]
    finally:
        assert workers.shutdown(timeout=10)


def test_a_frozen_build_starts_lane_children_through_its_own_entry_point(qtbot, monkeypatch):
    """A PyInstaller build has no ``python -m``: the lane starts the program itself with
    ``--strata-lane-child`` and main.py hands over to the child loop before any Qt import."""
    import sys
    from pathlib import Path

    from explorer.ui import proclane
    from explorer.ui.workers import Workers

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert proclane.child_command() == [sys.executable, proclane.CHILD_FLAG]
    main_py = str(Path(__file__).resolve().parents[2] / "main.py")
    monkeypatch.setattr(proclane, "child_command", lambda: [sys.executable, main_py, proclane.CHILD_FLAG])
    workers = Workers(lanes=("compute",), process_lanes=("compute",))
    try:
        h = workers.submit("compute", square_with_progress, 6)
        with qtbot.waitSignal(h.finished, timeout=60000) as blocker:
            pass
        assert blocker.args == [36]
    finally:
        workers.shutdown(timeout=10)


def test_a_refused_input_is_one_log_line_and_a_bug_keeps_its_traceback(caplog):
    import logging

    from explorer.core.errors import LoadError
    from explorer.ui.workers import log_task_failure

    with caplog.at_level(logging.INFO, logger="explorer.ui.workers"):
        log_task_failure("Opening x.json", "open", LoadError("this is a chapter list, not a transcript"))
        try:
            raise KeyError("boom")
        except KeyError as exc:
            log_task_failure("Analysing", "compute", exc)
    refused, bug = caplog.records
    assert refused.levelname == "WARNING" and refused.exc_info is None and "chapter list" in refused.getMessage()
    assert bug.levelname == "ERROR" and bug.exc_info is not None
