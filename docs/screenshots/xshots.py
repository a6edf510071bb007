"""What the screenshot scripts share: a fresh data folder, waiting in the event loop,
grabbing the X screen with ImageMagick's ``import``, and the real main window at 1440x900.

Import it before PySide6-using code of the scripts: it sets ``STRATA_DATA_DIR`` (a new
temporary folder, so nothing of the user's is touched) and ``HF_HUB_OFFLINE``.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STRATA_DATA_DIR", tempfile.mkdtemp(prefix="strata-shots-"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(cond, timeout: float = 300.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            return False
        wait(100)
    return True


def shot(name: str, settle_ms: int = 600, crop: str | None = None) -> Path:
    """Grab the X screen (or the ``WxH+X+Y`` ``crop`` of it) into ``OUT/name.png``."""
    wait(settle_ms)
    path = OUT / f"{name}.png"
    args = ["import", "-window", "root"] + (["-crop", crop, "+repage"] if crop else []) + [str(path)]
    subprocess.run(args, check=True)
    print("saved", path)
    return path


def main_window(app, **kwargs):  # noqa: ANN001, ANN201
    """``(workers, window)``: the real main window, themed, shown at 1440x900, with its
    settings in the fresh data folder."""
    from explorer.app import PROCESS_LANES
    from explorer.ui.main_window import MainWindow
    from explorer.ui.theme import apply_theme
    from explorer.ui.workers import Workers

    apply_theme(app)
    settings = QSettings(str(Path(os.environ["STRATA_DATA_DIR"]) / "ui.ini"), QSettings.Format.IniFormat)
    workers = Workers(process_lanes=PROCESS_LANES)  # as the application runs them (plots drawn in a child)
    win = MainWindow(workers, settings=settings, **kwargs)
    win.setGeometry(0, 0, 1440, 900)
    win.show()
    return workers, win
