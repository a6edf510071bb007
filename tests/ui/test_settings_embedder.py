"""Which embedding engine a start-up takes from Settings, across the change of default."""
from __future__ import annotations

from PySide6.QtCore import QSettings

from explorer.app import apply_startup_settings


import pytest


@pytest.fixture(autouse=True)
def _no_engine_in_env(monkeypatch):  # noqa: ANN001
    """apply_startup_settings writes os.environ: restore it after each test, whatever it held."""
    monkeypatch.setenv("STRATA_EMBEDDER", "restored-after-the-test")
    monkeypatch.delenv("STRATA_EMBEDDER")


def _settings(tmp_path, **values) -> QSettings:  # noqa: ANN001, ANN003
    s = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    for key, value in values.items():
        s.setValue(key.replace("__", "/"), value)
    return s


def test_an_st_saved_when_it_was_the_default_takes_the_new_default(tmp_path):
    """Settings once saved "st" on every OK, as the default shown: not a choice."""
    apply_startup_settings(_settings(tmp_path, analysis__embedder="st"))
    import os

    assert "STRATA_EMBEDDER" not in os.environ  # the default engine (onnx)


def test_a_choice_made_in_todays_settings_is_kept(qtbot, tmp_path):
    import os

    from explorer.ui.dialogs import SettingsDialog

    settings = _settings(tmp_path, analysis__embedder="st")
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    assert dlg.embedder.currentData() == "onnx"  # shown as the default, as it will run
    dlg.embedder.setCurrentIndex(dlg.embedder.findData("st"))
    dlg.accept()
    apply_startup_settings(settings)
    assert os.environ.get("STRATA_EMBEDDER") == "st"


def test_the_environment_wins(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("STRATA_EMBEDDER", "hashing")
    apply_startup_settings(_settings(tmp_path, analysis__embedder="e5", analysis__embedder_default="onnx"))
    assert os.environ["STRATA_EMBEDDER"] == "hashing"


def test_ocr_languages_chosen_in_settings_reach_tesseract(qtbot, tmp_path, monkeypatch):
    """A German scan needs Tesseract's German data: the languages typed in Settings are
    passed to it at the next start, limited to the installed ones."""
    import os

    from explorer.core.loaders import pdf_ocr
    from explorer.ui.dialogs import SettingsDialog

    monkeypatch.setenv("STRATA_OCR_LANGUAGES", "restored-after-the-test")
    monkeypatch.delenv("STRATA_OCR_LANGUAGES")
    monkeypatch.setattr(pdf_ocr, "installed_languages", lambda: ("deu", "eng", "fra"))
    settings = _settings(tmp_path)
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    assert "deu, eng, fra" in dlg.ocr_languages.toolTip()
    dlg.ocr_languages.setText("deu, eng , klingon")
    dlg.accept()
    apply_startup_settings(settings)
    assert os.environ.get("STRATA_OCR_LANGUAGES") == "deu+eng+klingon"
    assert pdf_ocr.ocr_languages() == "deu+eng"  # what is not installed is left out (and logged)

    seen = []

    class FakeProc:
        returncode = 0

        def __init__(self, cmd, **kw):  # noqa: ANN001, ANN003
            seen.append(cmd)

        def communicate(self, timeout=None):  # noqa: ANN001
            return b"", b""

        def poll(self):
            return 0

    monkeypatch.setattr(pdf_ocr.subprocess, "Popen", FakeProc)
    pdf_ocr._run_tesseract(b"png", None)
    assert seen[0][seen[0].index("-l") + 1] == "deu+eng"
