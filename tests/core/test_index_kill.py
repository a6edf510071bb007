"""SIGKILL during ``strata-cli ingest`` leaves a library that opens, has no duplicates, and answers."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from explorer.core.embedding import HashingEmbedder
from explorer.core.index import CHUNKS, Library
from explorer.core.search import search
from explorer.core.store import data_dir

WORDS = "budget volcano orchestra harvest lantern compass glacier meadow harbour quartz".split()


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigkill_mid_ingest_then_ingest_again(tmp_path):
    files = []
    for f in range(12):
        lines = []
        for i in range(120):
            w = WORDS[(f + i // 30) % len(WORDS)]
            lines.append(f"Speaker{i % 3}: We talked about the {w} in file {f}, item {i}, at some length today.")
        p = tmp_path / f"talk{f:02d}.txt"
        p.write_text("\n".join(lines) + "\n")
        files.append(str(p))
    env = dict(os.environ, STRATA_EMBEDDER="hashing", PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "explorer.cli", "ingest", "--no-chapters", *files]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.time() + 120
    done = 0
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if "chunks from" in line:
            done += 1
            if done == 2:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    lib = Library(data_dir() / "library.lance", HashingEmbedder())
    ids = lib.table(CHUNKS).to_arrow().column("id").to_pylist()
    assert len(ids) == len(set(ids))
    docs = lib.documents()
    assert len(docs) == 12 and sum(d["chunks"] for d in docs) == len(ids)
    hits = search(lib, "glacier", mode="hybrid", k=5)
    assert hits and "glacier" in hits[0].text
