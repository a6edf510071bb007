"""Layout of a long PDF on helper processes: the same blocks as in one process, pages a
helper could not do are done in-process, cancelling stops the helpers."""
from __future__ import annotations

import sys
import threading
import time

import pytest
from test_layout_fixtures import doc_for, make_pdf

from explorer.core import layout, layout_parallel
from explorer.core.layout import analyse_layout
from explorer.core.progress import Cancelled, CancelToken


def test_how_many_helpers():
    gb = 2**30
    assert layout_parallel.helper_count(10, cpus=8, available=16 * gb) == 0  # few pages: not worth it
    assert layout_parallel.helper_count(400, cpus=1, available=16 * gb) == 0
    assert layout_parallel.helper_count(400, cpus=2, available=16 * gb) == 2
    assert layout_parallel.helper_count(400, cpus=16, available=16 * gb) == 4
    assert layout_parallel.helper_count(400, cpus=16, available=int(2.5 * gb)) == 2  # what memory holds
    assert layout_parallel.helper_count(400, cpus=16, available=int(1.5 * gb)) == 0  # short of memory
    assert layout_parallel.available_memory() is None or layout_parallel.available_memory() > 0


def test_helpers_give_the_blocks_one_process_gives(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(layout, "helper_count", lambda n: 2)  # as on two cores, whatever this machine has
    pdf = make_pdf(tmp_path / "long.pdf", pages=18, furniture=True, headings=("1 Rivers", "1.1 Valleys"))
    doc = doc_for(pdf)
    computed_here = []
    real = layout.analyse_page

    def counting(*a, **k):
        computed_here.append(a[1])
        return real(*a, **k)

    monkeypatch.setattr(layout, "analyse_page", counting)
    marks = []
    on_helpers = analyse_layout(str(pdf), doc, progress=lambda f, m="": marks.append(f))
    assert computed_here == [], "every page came from the helpers through the cache"
    assert "layout helper exited" not in caplog.text  # they ended cleanly (an abort at exit was -6)
    assert marks and marks[-1] == pytest.approx(1.0)
    monkeypatch.setenv("STRATA_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.setattr(layout, "helper_count", lambda n: 0)
    in_process = analyse_layout(str(pdf), doc)
    assert len(computed_here) == 18
    assert on_helpers == in_process


def test_pages_a_helper_could_not_do_are_done_in_process(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "helper_count", lambda n: 2)
    pdf = make_pdf(tmp_path / "long.pdf", pages=16)
    doc = doc_for(pdf)
    monkeypatch.setattr(layout_parallel, "helper_command",
                        lambda *a: [sys.executable, "-c", "raise SystemExit('helper broke')"])
    blocks = analyse_layout(str(pdf), doc)
    assert sorted(blocks) == list(range(16)) and all(blocks[p] for p in blocks)


def test_cancelling_stops_the_helpers(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "helper_count", lambda n: 2)
    pdf = make_pdf(tmp_path / "long.pdf", pages=16)
    doc = doc_for(pdf)
    started = []

    def sleeper(*a):
        started.append(a)
        return [sys.executable, "-c", "import time; time.sleep(60)"]

    monkeypatch.setattr(layout_parallel, "helper_command", sleeper)
    popen = layout_parallel.subprocess.Popen
    procs = []
    monkeypatch.setattr(layout_parallel.subprocess, "Popen", lambda *a, **k: procs.append(popen(*a, **k)) or procs[-1])
    cancel = CancelToken()
    threading.Timer(0.5, cancel.cancel).start()
    t = time.monotonic()
    with pytest.raises(Cancelled):
        analyse_layout(str(pdf), doc, cancel=cancel)
    assert time.monotonic() - t < 10
    assert len(started) == 2 and procs and all(p.poll() is not None for p in procs)


def test_a_helper_stops_when_the_process_that_started_it_is_gone(tmp_path):
    """A lane child leaves with os._exit when the window quits: its helpers must not go on
    analysing pages nobody will read."""
    import subprocess

    pdf = make_pdf(tmp_path / "long.pdf", pages=120)
    env = {**layout_parallel.os.environ, layout_parallel.WATCH_PARENT_ENV: "1"}
    from explorer.core.store import sha256_file

    proc = subprocess.Popen(layout_parallel.helper_command(str(pdf), sha256_file(pdf), False, range(120)), stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    time.sleep(1.0)
    proc.stdin.close()  # what the starting process's death does to the pipe
    assert proc.wait(timeout=10) == 3


def test_helpers_that_cannot_start_leave_every_page_to_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "helper_count", lambda n: 2)
    pdf = make_pdf(tmp_path / "long.pdf", pages=16)
    doc = doc_for(pdf)
    monkeypatch.setattr(layout_parallel, "helper_command", lambda *a: [str(tmp_path / "no-such-program")])
    blocks = analyse_layout(str(pdf), doc)
    assert sorted(blocks) == list(range(16)) and all(blocks[p] for p in blocks)
