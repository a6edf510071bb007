"""Korean, Chinese and Japanese text in the window's own widgets is drawn, not boxed, on a
machine with no font for it (PyMuPDF's Droid Sans Fallback is registered then)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Fonts, once found, stay in Qt's caches for the life of the process (removing the
# application fonts does not bring the boxes back), so each check runs in a fresh one.
_DRAW = r'''
import json, sys
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui import script_fonts

def drawn(font, text):
    image = QImage(320, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(4, 30, text)
    painter.end()
    return image

text = "보험약관상 재해보험금"
if not script_fonts._lacks_glyphs(text):
    print(json.dumps({"skip": True}))
    sys.exit()
boxes = drawn(QGuiApplication.font(), text)
latin = script_fonts.ensure_glyphs_for(["Latin only"])
first = script_fonts.ensure_glyphs_for(["Intro", text])  # None: fetched off this thread
family = script_fonts.wait_for_fetch()
cached = script_fonts._font_cache_file().is_file()
after = drawn(QFont(QGuiApplication.font()), text)
own = drawn(QFont(family, QGuiApplication.font().pointSize()), text) if family else None
print(json.dumps({"skip": False, "latin": latin, "first": first, "family": family, "changed": after != boxes,
                  "as_fallback": after == own, "cached": cached}))
'''

_DRAW_CACHED = r'''
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui import script_fonts
if not script_fonts._lacks_glyphs("보험약관"):
    print(json.dumps({"skip": True}))
    sys.exit()
family = script_fonts.ensure_glyphs_for(["보험약관상 재해보험금"])
print(json.dumps({"skip": False, "family": family, "pymupdf": "pymupdf" in sys.modules}))
'''

_OPEN = r'''
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui import script_fonts
if not script_fonts._lacks_glyphs("보험약관"):
    print(json.dumps({"skip": True}))
    sys.exit()
from explorer.ui.main_window import MainWindow
from explorer.ui.workers import Workers
workers = Workers()
window = MainWindow(workers, analyse=False)
opened = []
window.document_opened.connect(opened.append)
window.open_path(sys.argv[1])
import time
deadline = time.monotonic() + 60
while not opened and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({"skip": False, "opened": bool(opened), "family": script_fonts.wait_for_fetch()}))
workers.shutdown()
'''


def _run(script: str, tmp_path, *args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRATA_DATA_DIR": str(tmp_path / "data"),
           "STRATA_CACHE_DIR": str(tmp_path / "cache"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=180)
    assert proc.returncode == 0, proc.stderr[-1500:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    if out.pop("skip"):
        pytest.skip("this machine has a Korean font: the fallback is not needed")
    return out


def test_cjk_text_is_told_from_latin_accents_and_arabic():
    from explorer.ui.script_fonts import cjk_characters

    assert cjk_characters(["Intro", "코로나-19 관련 보험약관"]) == "코로나관련보험약"
    assert cjk_characters(["東京の会議"]) and cjk_characters(["中文"])
    assert cjk_characters(["Ça déménage — naïve", "مرحبا", "Привет", ""]) == ""


def test_korean_is_drawn_with_the_fallback_where_no_font_writes_it(tmp_path):
    out = _run(_DRAW, tmp_path)
    assert out["latin"] is None  # nothing to draw: nothing loaded
    assert out["first"] is None and out["family"] == "Droid Sans Fallback"  # fetched off the UI thread
    assert out["changed"] and out["as_fallback"]  # the interface font now finds the fallback's glyphs
    assert out["cached"]  # the next launch reads it from the cache folder, without PyMuPDF
    again = _run(_DRAW_CACHED, tmp_path)
    assert again == {"family": "Droid Sans Fallback", "pymupdf": False}


def test_a_system_cjk_font_is_preferred_to_the_fallback(qapp, monkeypatch):
    import explorer.ui.script_fonts as sf

    monkeypatch.setattr(sf, "_state", {})
    monkeypatch.setattr(sf, "_lacks_glyphs", lambda chars: False)  # the system draws them
    assert sf.ensure_glyphs_for(["한국어"]) is None


def test_opening_a_korean_transcript_registers_the_fallback(tmp_path):
    talk = tmp_path / "talk.vtt"
    talk.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n안녕하세요, 회의를 시작하겠습니다.\n", encoding="utf-8")
    out = _run(_OPEN, tmp_path, str(talk))
    assert out == {"opened": True, "family": "Droid Sans Fallback"}
