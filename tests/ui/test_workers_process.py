"""Process lanes keep the window's process free: background children run in their own
session at a lower priority, bound methods of picklable objects travel, and the pdf
lane renders pages of a PDF in its child (the window only receives the pixels)."""
from __future__ import annotations

import os

import pytest


def child_identity(*, progress, cancel):
    return os.getpid(), os.getsid(0), os.nice(0)


@pytest.mark.skipif(not hasattr(os, "getsid"), reason="POSIX sessions")
def test_background_child_runs_in_its_own_session_at_lower_priority(qtbot):
    from explorer.ui.workers import Workers

    workers = Workers(lanes=("compute", "pdf"), process_lanes=("compute", "pdf"))
    try:
        answers = {}
        for lane in ("compute", "pdf"):
            h = workers.submit(lane, child_identity)
            with qtbot.waitSignal(h.finished, timeout=60000) as blocker:
                pass
            answers[lane] = blocker.args[0]
        pid, sid, nice = answers["compute"]
        assert pid != os.getpid() and sid != os.getsid(0), "a busy child must not share the window's session"
        assert nice > os.nice(0), "analysis yields the CPU to the window"
        assert answers["pdf"][2] == os.nice(0), "page renders keep the window's priority"
    finally:
        workers.shutdown(timeout=30)


def test_pdf_lane_in_a_child_opens_and_renders_through_a_handle(qtbot, tmp_path):
    import pymupdf

    from explorer.ui.opener import DocumentOpener
    from explorer.ui.proc_pdf import RemotePdf
    from explorer.ui.workers import Workers

    path = tmp_path / "two.pdf"
    pdf = pymupdf.open()
    for text in ("First page of the test.", "Second page of the test."):
        pdf.new_page(width=300, height=400).insert_text((40, 60), text, fontsize=14)
    pdf.save(path)
    workers = Workers(process_lanes=("pdf", "open"))
    try:
        opener = DocumentOpener(workers)
        with qtbot.waitSignal(opener.session_opened, timeout=90000) as blocker:
            opener.open(str(path))
        session = blocker.args[0]
        assert isinstance(session.renderer, RemotePdf), "the renderer stays in the child"
        assert session.first_render is not None and session.first_render.index == 0
        assert len(session.document.pages) == 2 and session.document.sentences
        h = workers.submit("pdf", session.renderer.render, 1, 1.0)
        with qtbot.waitSignal(h.finished, timeout=60000) as blocker:
            pass
        page = blocker.args[0]
        assert (page.index, page.width, page.height) == (1, 300, 400)
        assert len(set(page.samples[: page.stride * 80])) > 1, "the text was drawn"
        h = workers.submit("pdf", session.renderer.close)
        with qtbot.waitSignal(h.finished, timeout=30000):
            pass
    finally:
        workers.shutdown(timeout=30)


class _TwoArgError(ValueError):
    def __init__(self, message, extra):  # pickles, but does not unpickle: __init__ wants two arguments
        super().__init__(message)
        self.extra = extra


def raise_two_arg_error(*, progress, cancel):
    raise _TwoArgError("the file is a chapter list", [1, 2])


def test_an_error_that_does_not_unpickle_still_fails_its_task(qtbot):
    """A worker's exception must come back to the window, or its task would never end
    (the window would wait for ever on, e.g., an opened chapter list)."""
    from explorer.core.loaders.transcripts.sniff import ChapterFileNotTranscript
    from explorer.ui.proc_child import portable_error
    from explorer.ui.workers import Workers

    simple = portable_error(_TwoArgError("m", 1))
    assert type(simple) is ValueError and str(simple) == "m"
    kept = portable_error(ChapterFileNotTranscript("a chapter list", []))  # crosses whole, with its chapters
    assert type(kept) is ChapterFileNotTranscript and kept.chapters == []
    workers = Workers(lanes=("compute",), process_lanes=("compute",))
    try:
        h = workers.submit("compute", raise_two_arg_error)
        with qtbot.waitSignal(h.failed, timeout=60000) as blocker:
            pass
        assert isinstance(blocker.args[0], ValueError) and "chapter list" in str(blocker.args[0])
    finally:
        workers.shutdown(timeout=30)


def slow_result(*, progress, cancel):
    import time

    time.sleep(0.5)
    return list(range(1000))


def test_a_child_whose_window_quit_mid_task_exits_quietly():
    # --exit-after-first-page, or quitting while a lane works: the child's answer met a
    # closed pipe and it printed two BrokenPipeError tracebacks on its way out
    import pickle
    import struct
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # a session of its own, as proclane starts children: the child lowers its session's
    # scheduling weight, which would otherwise be the test run's (and its shell's)
    child = subprocess.Popen([sys.executable, "-m", "explorer.ui.proc_child"], cwd=root, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                             env={**os.environ, "PYTHONPATH": str(root)})
    msg = pickle.dumps(("run", 1, "tests.ui.test_workers_process", "slow_result", (), {}))
    child.stdin.write(struct.pack("!I", len(msg)) + msg)
    child.stdin.flush()
    child.stdout.close()  # the window stops reading before the answer (its stdin stays open)
    child.wait(timeout=60)
    err = child.stderr.read()
    child.stdin.close()
    assert child.returncode == 0 and b"Traceback" not in err, err.decode(errors="replace")[-800:]
