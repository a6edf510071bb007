"""A writer SIGKILLed at random moments never leaves a corrections file that fails to load."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from explorer.core.corrections import CorrectionsStore
from explorer.core.model import Chapter

ROOT = Path(__file__).resolve().parents[2]
DOC = "cd" * 32

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from explorer.core import edits as E
    from explorer.core.corrections import CorrectionsStore
    from explorer.core.model import Chapter

    store = CorrectionsStore(Path(sys.argv[1]))
    doc, version = sys.argv[2], int(sys.argv[3])
    base = tuple(Chapter(i * 50, (i + 1) * 50, f"chapter {i}", "generated") for i in range(150))
    print("ready", flush=True)
    while True:
        version += 1
        state, _ = E.apply(base, E.Rename(0, f"v{version}"))
        # a history of varying length makes the file size change between versions
        store.save(doc, state, automatic=base, history=[E.Split(k * 7 + 1) for k in range(version % 200)])
        print(f"saved {version}", flush=True)
    """
)


def _version(store: CorrectionsStore) -> int:
    saved = store.load(DOC)
    assert saved is not None, store.warnings
    assert not store.warnings, store.warnings
    assert len(saved.chapters) == 150 and saved.chapters[-1].end == 7500
    return int(saved.chapters[0].title[1:])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_saving_always_leaves_the_old_or_the_new_file(tmp_path):
    root = tmp_path / "corrections"
    store = CorrectionsStore(root)
    base = tuple(Chapter(i * 50, (i + 1) * 50, f"chapter {i}", "generated") for i in range(150))
    store.save(DOC, (Chapter(0, 50, "v0", "user"),) + base[1:], automatic=base)
    rng = random.Random(7)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    version = 0
    kills_mid_run = 0
    for _ in range(50):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), DOC, str(version)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout.readline().strip() == "ready"
        # Wait for a few completed saves (so the kill lands mid-run however slow the
        # machine is), then kill at a random moment of the next ones.
        early = [child.stdout.readline() for _ in range(rng.randint(1, 3))]
        time.sleep(rng.uniform(0.0, 0.03))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=20)
        assert child.returncode == -signal.SIGKILL
        lines = early + out.splitlines()
        done = [int(line.split()[1]) for line in lines if line.startswith("saved ")]
        last_done = done[-1] if done else version
        loaded = _version(CorrectionsStore(root))
        # the file holds the last completed save or the one in flight, nothing else
        assert loaded in (last_done, last_done + 1), (loaded, last_done)
        kills_mid_run += bool(done)
        version = loaded
    assert version >= 50 and kills_mid_run == 50  # every kill landed while saves were going on
