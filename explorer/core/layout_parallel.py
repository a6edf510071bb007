"""Layout of a long PDF on helper processes, one core each.

The layout model (pymupdf-layout on onnxruntime) runs a page at a time, and splits a
page poorly over cores: on the IRS manual's pages, two threads take 0.29 s of CPU per
page against 0.20 s on one, for 1.36x the speed. Two processes on one core each, every
other page, do 60 pages in 7.4 s against 10.5 s in one process with two threads (1.42x).
The model is process-global and not thread-safe, so the helpers are processes: each
analyses its share of the pages into the layout cache, and :func:`layout.analyse_layout`
then reads them from there as it reads any cached page. A page a helper could not do is
left uncached, and the caller computes it itself; an encrypted PDF (its password lives
only in the opening process) is not handed out.

Helpers start as ``python -m explorer.core.layout_parallel PDF DOC_ID full|fast PAGES``,
or in a frozen build as the application with :data:`HELPER_FLAG` (see ``main.py``).
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence

from .child_env import child_env
from .progress import CancelToken, Progress, check, report

log = logging.getLogger(__name__)

HELPER_FLAG = "--strata-layout-helper"
# Set for helpers started by :func:`layout_on_helpers`: they read their stdin, a pipe from
# the process that started them, and exit at its end. That process may leave without
# stopping them (a lane child ends with ``os._exit`` when the window quits, or is killed),
# and nobody wants their pages then.
WATCH_PARENT_ENV = "STRATA_LAYOUT_HELPER_OF"
# Below this many pages to analyse, starting helpers (about a second each: PyMuPDF and the
# model load) costs more than it saves.
MIN_PAGES = 16
POLL_SECONDS = 0.25


# Each helper holds its own layout model: 430 MB at its peak on the IRS manual. Helpers
# are only started while this much memory per helper, and a reserve, is available.
HELPER_MEMORY = 600 * 2**20
MEMORY_RESERVE = 1024 * 2**20


def available_memory() -> int | None:
    """Bytes of memory available now, where the system says (Linux); else ``None``."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def helper_count(pages: int, cpus: int | None = None, available: int | None = None) -> int:
    """How many helpers for ``pages`` uncached pages: one per core, 2 to 4, as many as the
    available memory holds; none for few pages, on one core or short of memory."""
    if cpus is None:
        cpus = os.cpu_count() or 1
    if pages < MIN_PAGES or cpus < 2:
        return 0
    n = min(4, cpus)
    if available is None:
        available = available_memory()
    if available is not None:
        n = min(n, max(0, (available - MEMORY_RESERVE) // HELPER_MEMORY))
    return n if n >= 2 else 0


def helper_command(pdf_path: str, doc_id: str, fast: bool, pages: Sequence[int]) -> list[str]:
    base = [sys.executable, HELPER_FLAG] if getattr(sys, "frozen", False) else \
        [sys.executable, "-m", "explorer.core.layout_parallel"]
    return base + [str(pdf_path), doc_id, "fast" if fast else "full", ",".join(str(p) for p in pages)]


def layout_on_helpers(
    pdf_path: str,
    doc_id: str,
    pages: Sequence[int],
    *,
    fast: bool,
    is_cached: Callable[[int], bool],
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    helpers: int | None = None,
) -> int:
    """Analyse ``pages`` into the layout cache on helper processes and wait for them.

    Returns how many of ``pages`` are cached afterwards. Cancelling stops the helpers.
    Reports progress as pages land in the cache."""
    n = helper_count(len(pages)) if helpers is None else helpers
    if n <= 0 or not pages:
        return 0
    shares = [list(pages[i::n]) for i in range(n)]
    env = child_env(**{WATCH_PARENT_ENV: str(os.getpid())})
    procs: list[tuple[subprocess.Popen, object]] = []
    try:
        for share in shares:
            err = tempfile.TemporaryFile()
            proc = subprocess.Popen(helper_command(pdf_path, doc_id, fast, share), stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
            procs.append((proc, err))
        remaining = list(pages)
        while True:
            check(cancel)
            remaining = [p for p in remaining if not is_cached(p)]
            report(progress, 1.0 - len(remaining) / len(pages), f"layout: {len(pages) - len(remaining)} of {len(pages)} pages")
            if all(proc.poll() is not None for proc, _ in procs):
                break
            time.sleep(POLL_SECONDS)
        for proc, err in procs:
            if proc.returncode != 0:
                err.seek(0)
                tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
                log.warning("layout helper exited with %s: %s", proc.returncode, " / ".join(tail))
        return sum(1 for p in pages if is_cached(p))
    finally:
        for proc, err in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdin is not None:
                proc.stdin.close()
            err.close()


def _exit_with_parent() -> None:
    """Exit as soon as the pipe from the starting process ends (see :data:`WATCH_PARENT_ENV`)."""
    import threading

    def watch() -> None:
        # The raw descriptor, not sys.stdin: a daemon thread blocked in the buffered reader
        # holds its lock, and the interpreter aborts at exit when it cannot take it.
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        os._exit(3)  # the main thread is inside the layout model: no clean-up to wait for

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _one_core_sessions() -> None:
    """Every onnxruntime session of this process on one thread: helpers share the cores."""
    import onnxruntime as ort

    init = ort.InferenceSession.__init__

    def one_thread(self, path_or_bytes, sess_options=None, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        options = sess_options or ort.SessionOptions()
        options.intra_op_num_threads = 1
        init(self, path_or_bytes, options, *args, **kwargs)

    ort.InferenceSession.__init__ = one_thread


def main(argv: Sequence[str] | None = None) -> int:
    """A helper: analyse the given pages of a PDF into the layout cache."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [HELPER_FLAG]:
        args = args[1:]
    if len(args) != 4:
        print("usage: python -m explorer.core.layout_parallel PDF DOC_ID full|fast PAGES", file=sys.stderr)
        return 2
    pdf_path, doc_id, kind, page_list = args
    pages = [int(p) for p in page_list.split(",") if p]
    if os.environ.get(WATCH_PARENT_ENV):
        _exit_with_parent()
    _one_core_sessions()
    from .layout import layout_pages_into_cache

    layout_pages_into_cache(pdf_path, doc_id, pages, fast=kind == "fast")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
