"""numpy stays out of the window's launch (70-140 ms before the first page) and is imported
on a background thread once a document is open."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_LAUNCH = r'''
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui.main_window import MainWindow
from explorer.ui.views import plot_panel, plot_render
from explorer.ui.workers import Workers
workers = Workers(lanes=("plot",))
window = MainWindow(workers)
window.show()
app.processEvents()
print(json.dumps({"numpy": "numpy" in sys.modules}))
workers.shutdown()
'''


def test_the_window_and_its_panels_are_built_without_numpy(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRATA_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _LAUNCH], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"numpy": False}


def test_background_imports_load_modules_off_the_calling_thread():
    from explorer.ui.background_imports import import_in_background

    sys.modules.pop("colorsys", None)
    thread = import_in_background(("colorsys", "no_such_module_for_strata"))
    thread.join(30)
    assert not thread.is_alive() and "colorsys" in sys.modules  # a failing name does not stop the rest


def test_the_window_starts_them_once_its_first_document_is_open(qtbot, tmp_path, monkeypatch):
    # the window, not the launcher, starts them: the bench and anything else that builds a
    # MainWindow got numpy's import on the window's thread (430 ms, traced) 3 s after opening
    import explorer.ui.background_imports as bg

    started = []
    monkeypatch.setattr(bg, "import_in_background", lambda *a, **k: started.append(1))
    from explorer.ui.main_window import MainWindow
    from explorer.ui.workers import Workers

    talk = tmp_path / "talk.vtt"
    talk.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello and welcome.\n", encoding="utf-8")
    workers = Workers()
    window = MainWindow(workers, analyse=False)
    qtbot.addWidget(window)
    try:
        for path in (ROOT / "resources" / "sample.pdf", talk):
            with qtbot.waitSignal(window.document_opened, timeout=60000):
                window.open_path(str(path))
        assert started == [1]
    finally:
        workers.shutdown(timeout=10)
