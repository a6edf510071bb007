"""The launcher's smoke flags, as `make dist` and bench/ui_responsiveness.py run them: the
real program in a fresh process, its lanes in child processes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRATA_EMBEDDER": "hashing",
           "STRATA_DATA_DIR": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_exit_after_index_analyses_and_indexes_then_quits(tmp_path):
    proc = _run([str(ROOT / "resources" / "sample.pdf"), "--exit-after-index"], tmp_path)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("indexed ")), "")
    assert proc.returncode == 0 and line, proc.stdout[-500:] + proc.stderr[-1500:]
    assert int(line.split()[2]) >= 2  # the sample has chapters
    assert line.split()[3:] == ["plots", "2"]  # drawn by the figure lane's child: score curve, chapter lengths
    assert (tmp_path / "data" / "library.lance").is_dir()  # written where it was told, not in the user's library


def test_exit_after_index_fails_on_a_bad_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 this is not a PDF")
    proc = _run([str(bad), "--exit-after-index"], tmp_path)
    assert proc.returncode == 1 and any(ln.startswith("failed ") for ln in proc.stdout.splitlines()), proc.stdout
